"""Training writes: validation before saving, audit entries, account linking, and the phases that allow edits."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from spcp.programs.audit import action_label
from spcp.programs.models import AuditEntry, Language, MembershipRole, Phase, ProgramMembership
from spcp.training import services
from spcp.training.models import Attendance, Facilitator, Module, TrainingSession
from tests import factories
from tests.training.conftest import set_phase

pytestmark = pytest.mark.django_db


def actions(program) -> list[str]:
    return list(
        AuditEntry.objects.filter(program=program, action__startswith="training.").values_list("action", flat=True)
    )


def test_facilitator_add_saves_normalised_details_and_writes_an_audit_entry(training, actor):
    facilitator = services.facilitator_add(
        actor=actor,
        program=training,
        name="  Ana Reyes ",
        email="Ana@Example.org",
        phone="(512) 555-0100 ext 4",
        organisation="Casa Hogar",
        languages=[Language.SPANISH, Language.ENGLISH, Language.SPANISH],
    )
    facilitator.refresh_from_db()
    assert (facilitator.name, facilitator.email) == ("Ana Reyes", "ana@example.org")
    assert facilitator.languages == [Language.ENGLISH, Language.SPANISH]
    entry = AuditEntry.objects.get(program=training, action="training.facilitator_added")
    assert entry.actor == actor and entry.target_repr == "Ana Reyes"
    assert action_label(entry.action) == "Facilitator added"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "Ana", "email": "not-an-email"}, "email"),
        ({"name": "Ana", "phone": "call me maybe"}, "phone"),
        ({"name": "Ana", "languages": ["klingon"]}, "languages"),
        ({"name": "A" * 201}, "name"),
    ],
)
def test_invalid_facilitator_is_refused_field_by_field_and_nothing_is_saved(training, actor, fields, field):
    with pytest.raises(ValidationError) as refused:
        services.facilitator_add(actor=actor, program=training, **fields)
    assert field in refused.value.message_dict
    assert not Facilitator.objects.exists()
    assert actions(training) == []


def test_two_facilitators_may_not_share_an_email_in_one_program(training, actor):
    services.facilitator_add(actor=actor, program=training, name="Ana", email="ana@example.org")
    with pytest.raises(ValidationError) as refused:
        services.facilitator_add(actor=actor, program=training, name="Ana R.", email="ANA@example.org")
    assert "email" in refused.value.message_dict
    assert Facilitator.objects.count() == 1


def test_database_refuses_a_duplicate_attendance_row(training, actor, add_facilitator, add_session):
    ana = add_facilitator("Ana")
    session = add_session([], attendees=[ana])
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(session=session, facilitator=ana)


def test_linking_an_account_makes_it_a_facilitator_member(training, actor):
    volunteer = factories.user(role="facilitator", region=None, username="vol")
    services.facilitator_add(actor=actor, program=training, name="Vol", user=volunteer)
    assert ProgramMembership.objects.filter(program=training, user=volunteer, role=MembershipRole.FACILITATOR).exists()
    assert volunteer.has_perm("training.view_training", training)
    assert "membership.added" in AuditEntry.objects.filter(program=training).values_list("action", flat=True)


def test_unlinking_an_account_takes_its_facilitator_access_away(training, actor):
    volunteer = factories.user(role="facilitator", region=None, username="vol")
    facilitator = services.facilitator_add(actor=actor, program=training, name="Vol", user=volunteer)
    services.facilitator_update(
        actor=actor,
        facilitator=facilitator,
        name="Vol",
        email="",
        phone="",
        organisation="",
        languages=[],
        user=None,
        notes="",
    )
    assert not ProgramMembership.objects.filter(program=training, user=volunteer).exists()


def test_crs_staff_accounts_are_not_linked_as_facilitators(training, actor):
    with pytest.raises(ValidationError) as refused:
        services.facilitator_add(actor=actor, program=training, name="Staff", user=actor)
    assert "user" in refused.value.message_dict


def test_facilitator_update_records_old_and_new_values(training, actor, add_facilitator):
    ana = add_facilitator("Ana", organisation="Casa Hogar")
    services.facilitator_update(
        actor=actor,
        facilitator=ana,
        name="Ana",
        email="",
        phone="",
        organisation="Faith Alliance",
        languages=[Language.SPANISH],
        user=None,
        notes="",
    )
    entry = AuditEntry.objects.get(action="training.facilitator_updated")
    assert entry.changes == {"organisation": ["Casa Hogar", "Faith Alliance"], "languages": [[], ["es"]]}


def test_saving_unchanged_details_writes_no_audit_entry(training, actor, add_facilitator):
    ana = add_facilitator("Ana")
    services.facilitator_update(
        actor=actor, facilitator=ana, name="Ana", email="", phone="", organisation="", languages=[], user=None, notes=""
    )
    assert actions(training) == ["training.facilitator_added"]


def test_session_create_records_modules_and_audits(training, actor, modules):
    session = services.session_create(
        actor=actor,
        program=training,
        starts_at=timezone.now(),
        duration_minutes=240,
        location="Library",
        trainer="CRS",
        modules=modules[:2],
    )
    assert list(session.modules.order_by("order")) == modules[:2]
    entry = AuditEntry.objects.get(action="training.session_created")
    assert entry.changes["modules"][1] == [m.display_title for m in modules[:2]]


@pytest.mark.parametrize("minutes", [0, 24 * 60 + 1])
def test_session_length_must_be_within_a_day(training, actor, minutes):
    with pytest.raises(ValidationError) as refused:
        services.session_create(actor=actor, program=training, starts_at=timezone.now(), duration_minutes=minutes)
    assert "duration_minutes" in refused.value.message_dict
    assert not TrainingSession.objects.exists()


def test_session_update_replaces_modules_and_audits_the_change(training, actor, modules, add_session):
    session = add_session(modules[:1])
    services.session_update(
        actor=actor,
        session=session,
        starts_at=session.starts_at,
        duration_minutes=session.duration_minutes,
        location="",
        trainer="",
        modules=modules[1:3],
        notes="",
    )
    assert set(session.modules.all()) == set(modules[1:3])
    entry = AuditEntry.objects.get(action="training.session_updated")
    assert entry.changes == {
        "modules": [[modules[0].display_title], [modules[1].display_title, modules[2].display_title]]
    }


def test_attendance_record_sets_the_full_list_and_is_idempotent(training, actor, add_facilitator, add_session):
    ana, ben, cy = add_facilitator("Ana"), add_facilitator("Ben"), add_facilitator("Cy")
    session = add_session([])
    services.attendance_record(actor=actor, session=session, facilitators=[ana, ben])
    services.attendance_record(actor=actor, session=session, facilitators=[ben, cy])
    services.attendance_record(actor=actor, session=session, facilitators=[ben, cy])

    assert set(session.attendances.values_list("facilitator__name", flat=True)) == {"Ben", "Cy"}
    entries = AuditEntry.objects.filter(action="training.attendance_recorded").order_by("id")
    assert [e.changes["attendees"] for e in entries] == [[[], ["Ana", "Ben"]], [["Ana", "Ben"], ["Ben", "Cy"]]]


def test_attendance_refuses_another_programs_facilitator(training, actor, add_session):
    other = set_phase(factories.program(state="NY"), Phase.TRAINING)
    stranger = services.facilitator_add(actor=actor, program=other, name="Stranger")
    session = add_session([])
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(actor=actor, session=session, facilitators=[stranger])
    assert exc.value.message_dict == {"facilitators": ["Choose facilitators of this program."]}
    assert not Attendance.objects.exists()


def test_module_create_goes_last_and_audits(training, actor, modules):
    module = services.module_create(actor=actor, program=training, title="Interpreters", required=False)
    assert module.order > modules[-1].order
    assert actions(training) == ["training.module_created"]


def test_module_titles_are_unique_in_a_program_whatever_the_case(training, actor):
    services.module_create(actor=actor, program=training, title="Interpreters")
    with pytest.raises(ValidationError) as refused:
        services.module_create(actor=actor, program=training, title="INTERPRETERS")
    assert "title" in refused.value.message_dict


def test_a_custom_module_needs_a_title(training, actor):
    with pytest.raises(ValidationError) as refused:
        services.module_create(actor=actor, program=training, title="  ")
    assert "title" in refused.value.message_dict
    assert not Module.objects.filter(program=training, key="").exists()


def test_a_standard_module_keeps_its_translated_title(training, actor, modules):
    with pytest.raises(ValidationError) as refused:
        services.module_update(actor=actor, module=modules[0], title="Renamed", description="", required=True, order=1)
    assert "title" in refused.value.message_dict


def test_module_update_audits_what_changed(training, actor, modules):
    services.module_update(actor=actor, module=modules[-1], title="", description="", required=False, order=60)
    entry = AuditEntry.objects.get(action="training.module_updated")
    assert entry.changes == {"required": [True, False]}


@pytest.mark.parametrize("phase", [Phase.INTAKE, Phase.ACTION_PLAN, Phase.COUNCIL])
def test_every_write_is_refused_outside_the_planning_training_and_forum_phases(
    training, actor, modules, add_facilitator, add_session, phase
):
    ana = add_facilitator("Ana")
    session = add_session(modules[:1])
    set_phase(training, phase)
    session.program = training
    ana.program = training
    modules[0].program = training
    writes = [
        lambda: services.facilitator_add(actor=actor, program=training, name="Ben"),
        lambda: services.facilitator_update(
            actor=actor,
            facilitator=ana,
            name="A",
            email="",
            phone="",
            organisation="",
            languages=[],
            user=None,
            notes="",
        ),
        lambda: services.session_create(actor=actor, program=training, starts_at=timezone.now(), duration_minutes=60),
        lambda: services.session_update(
            actor=actor,
            session=session,
            starts_at=session.starts_at + datetime.timedelta(hours=1),
            duration_minutes=60,
            location="",
            trainer="",
            modules=[],
            notes="",
        ),
        lambda: services.attendance_record(actor=actor, session=session, facilitators=[ana]),
        lambda: services.module_create(actor=actor, program=training, title="New"),
        lambda: services.module_update(
            actor=actor, module=modules[0], title="", description="x", required=False, order=1
        ),
    ]
    before = AuditEntry.objects.count()
    for write in writes:
        with pytest.raises(services.TrainingLocked):
            write()
    assert AuditEntry.objects.count() == before
    assert Facilitator.objects.count() == 1


@pytest.mark.parametrize("phase", [Phase.PLANNING, Phase.TRAINING, Phase.FORUM])
def test_writes_are_allowed_in_planning_training_and_forum(training, actor, phase):
    set_phase(training, phase)
    assert services.facilitator_add(actor=actor, program=training, name=f"Ana {phase}").pk
