"""Readiness: who has covered every required module, the forum gate, and language coverage."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from spcp.programs import phases as program_phases
from spcp.programs import services as program_services
from spcp.programs.models import Language, Phase
from spcp.training import services
from spcp.training.models import Module, ModuleKey
from spcp.training.selectors import readiness_get
from tests import factories
from tests.training.conftest import set_phase

pytestmark = pytest.mark.django_db


def test_every_new_program_gets_the_six_standard_modules_all_required(program):
    modules = list(Module.objects.filter(program=program).order_by("order"))
    assert [m.key for m in modules] == ModuleKey.values
    assert all(m.required for m in modules)
    assert all(m.title == "" for m in modules)


def test_seeded_module_titles_are_shown_in_the_reader_language(program):
    module = Module.objects.get(program=program, key=ModuleKey.GROUND_RULES)
    assert module.display_title == "Ground rules and confidentiality"
    assert module.display_description  # a standard description stands in for a blank one
    with translation.override("ko"):
        assert module.display_title == str(ModuleKey.GROUND_RULES.label)


def test_seeding_twice_adds_nothing(program):
    services.modules_seed(program=program)
    assert Module.objects.filter(program=program).count() == len(ModuleKey.values)


def test_facilitator_without_attendance_is_missing_every_required_module(training, modules, add_facilitator):
    add_facilitator("Ana")
    row = readiness_get(program=training).facilitators[0]
    assert not row.ready
    assert row.completed == []
    assert row.missing == modules


def test_partial_attendance_leaves_the_uncovered_modules_missing(training, modules, add_facilitator, add_session):
    ana = add_facilitator("Ana")
    add_session(modules[:4], attendees=[ana])
    row = readiness_get(program=training).facilitators[0]
    assert not row.ready
    assert row.completed == modules[:4]
    assert row.missing == modules[4:]
    assert row.sessions_attended == 1


def test_attending_sessions_that_together_cover_every_required_module_makes_ready(
    training, modules, add_facilitator, add_session
):
    ana = add_facilitator("Ana")
    add_session(modules[:3], attendees=[ana])
    add_session(modules[3:], attendees=[ana])
    readiness = readiness_get(program=training)
    assert readiness.facilitators[0].ready
    assert readiness.ready_count == 1


def test_a_session_someone_else_attended_does_not_count(training, modules, add_facilitator, add_session):
    ana = add_facilitator("Ana")
    add_facilitator("Ben")
    add_session(modules, attendees=[ana])
    by_name = {r.facilitator.name: r for r in readiness_get(program=training).facilitators}
    assert by_name["Ana"].ready
    assert not by_name["Ben"].ready


def test_optional_modules_do_not_count_towards_readiness(training, modules, actor, add_facilitator, add_session):
    optional = services.module_create(actor=actor, program=training, title="Working with interpreters", required=False)
    ana = add_facilitator("Ana")
    add_session(modules, attendees=[ana])
    row = readiness_get(program=training).facilitators[0]
    assert row.ready
    assert optional not in row.completed + row.missing


def test_a_newly_required_module_makes_ready_facilitators_unready(
    training, modules, actor, add_facilitator, add_session
):
    ana = add_facilitator("Ana")
    add_session(modules, attendees=[ana])
    assert readiness_get(program=training).ready_count == 1

    new = services.module_create(actor=actor, program=training, title="Trauma-informed facilitation", required=True)

    row = readiness_get(program=training).facilitators[0]
    assert not row.ready
    assert row.missing == [new]


def test_making_an_optional_module_required_takes_effect_at_once(
    training, modules, actor, add_facilitator, add_session
):
    optional = services.module_create(actor=actor, program=training, title="Interpreters", required=False)
    add_session(modules, attendees=[add_facilitator("Ana")])
    services.module_update(actor=actor, module=optional, title="Interpreters", description="", required=True, order=99)
    assert readiness_get(program=training).ready_count == 0


def test_totals_needed_is_one_per_group_and_recommended_two(training):
    training.expected_groups = 4
    readiness = readiness_get(program=training)
    assert (readiness.needed, readiness.recommended, readiness.more_needed) == (4, 8, 4)


@pytest.fixture
def only_core_and_training_forum_gates(monkeypatch):
    """Other phase apps' gates on entering the forum are not this app's concern."""
    kept = [
        gate
        for gate in program_phases._GATES
        if gate.entering != Phase.FORUM or gate.name in ("date_and_venue", "training_ready_facilitators")
    ]
    monkeypatch.setattr(program_phases, "_GATES", kept)


@pytest.mark.usefixtures("only_core_and_training_forum_gates")
def test_forum_gate_refuses_until_enough_facilitators_are_ready_then_allows(
    training, modules, add_facilitator, add_session
):
    training.expected_groups = 2
    training.forum_date = training.created_at.date()
    training.venue = "Community Center"
    training.save()
    ana = add_facilitator("Ana")
    add_session(modules, attendees=[ana])

    with pytest.raises(program_services.PhaseGateError) as refused:
        program_services.program_advance(actor=training.conciliator, program=training)
    assert refused.value.missing == [
        "Train 1 more facilitator: the forum needs one ready facilitator for each breakout group."
    ]

    add_session(modules, attendees=[add_facilitator("Ben")])
    advanced = program_services.program_advance(actor=training.conciliator, program=training)
    assert advanced.phase == Phase.FORUM


def test_forum_gate_message_counts_the_facilitators_still_needed(training):
    training.expected_groups = 3
    assert "Train 3 more facilitators: the forum needs one ready facilitator for each breakout group." in (
        program_phases.missing_for(training, Phase.FORUM)
    )


def test_language_coverage_counts_only_ready_facilitators(training, modules, add_facilitator, add_session):
    training.languages = [Language.SPANISH, Language.VIETNAMESE, Language.KOREAN]
    training.save()
    ready_speaker = add_facilitator("Ana", languages=[Language.SPANISH, Language.ENGLISH])
    add_facilitator("Bao", languages=[Language.VIETNAMESE])  # not trained yet
    add_session(modules, attendees=[ready_speaker])

    readiness = readiness_get(program=training)
    assert [lang.code for lang in readiness.languages_covered] == [Language.SPANISH]
    assert [lang.code for lang in readiness.languages_missing] == [Language.VIETNAMESE, Language.KOREAN]
    assert readiness.languages_covered[0].ready_speakers == [ready_speaker]


def test_readiness_takes_three_queries_however_many_facilitators(
    training, modules, add_facilitator, add_session, django_assert_num_queries
):
    people = [add_facilitator(f"Volunteer {i}") for i in range(8)]
    add_session(modules[:3], attendees=people)
    add_session(modules[3:], attendees=people[:4])
    with django_assert_num_queries(3):
        readiness = readiness_get(program=training)
        assert readiness.ready_count == 4


def test_other_programs_attendance_never_counts(training, modules, add_facilitator, add_session):
    other = set_phase(factories.program(state="NY"), Phase.TRAINING)
    other_modules = list(Module.objects.filter(program=other))
    ana = add_facilitator("Ana")
    with pytest.raises(ValidationError) as exc:
        add_session(other_modules, attendees=[ana])
    assert exc.value.message_dict == {"modules": ["Choose modules of this program."]}
    assert readiness_get(program=training).ready_count == 0
