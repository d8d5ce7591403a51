"""The planning gates: what blocks facilitator training and the forum, named for the user, then lifted."""

from __future__ import annotations

import pytest

from spcp.planning import services
from spcp.planning.models import ChecklistKey, MemberRole, Rsvp, Task, TaskStatus
from spcp.planning.phases import forum_ready, planning_group_ready
from spcp.programs import phases as core_phases
from spcp.programs import services as program_services
from spcp.programs.models import Phase
from tests.planning.conftest import confirm_everyone, finish_checklist, set_phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def only_planning_gates(monkeypatch):
    """Other apps' gates (training readiness, the core's date and venue) are their tests' business."""
    monkeypatch.setattr(core_phases, "_GATES", [g for g in core_phases._GATES if g.name.startswith("planning")])


def test_training_gate_names_everything_missing(planning_program):
    assert planning_group_ready(planning_program) == [
        "Add at least one law-enforcement member to the planning group.",
        "Add at least one community member to the planning group.",
        "Name a co-chair of the planning group.",
        "Add at least one community sector besides law enforcement.",
    ]


def test_advancing_to_training_is_refused_with_the_missing_items_then_allowed(
    planning_program, conciliator, le_sector, youth, only_planning_gates
):
    services.member_add(actor=conciliator, program=planning_program, name="Officer Kim", sector=le_sector)
    with pytest.raises(program_services.PhaseGateError) as exc:
        program_services.program_advance(actor=conciliator, program=planning_program)
    assert exc.value.missing == [
        "Add at least one community member to the planning group.",
        "Name a co-chair of the planning group.",
    ]
    services.member_add(
        actor=conciliator, program=planning_program, name="Rev. Ana", sector=youth, role=MemberRole.CO_CHAIR
    )
    assert program_services.program_advance(actor=conciliator, program=planning_program).phase == Phase.TRAINING


def test_crs_staff_do_not_count_as_either_side(planning_program, conciliator, youth):
    services.member_add(
        actor=conciliator, program=planning_program, name="CRS", role=MemberRole.CRS_STAFF, side="law_enforcement"
    )
    assert "Add at least one law-enforcement member to the planning group." in planning_group_ready(planning_program)


def test_forum_gate_names_a_few_open_tasks_and_counts_them(ready_group):
    missing = forum_ready(ready_group)
    open_count = Task.objects.filter(program=ready_group).count()
    assert missing[0] == (
        f"Finish the {open_count} open checklist tasks, including: "
        "Set the forum date; Book an accessible venue; Arrange interpreters."
    )
    assert missing[1] == "No one has said yes yet in these 2 sectors: Law enforcement; Youth."


def test_forum_gate_names_every_open_task_when_there_are_few(ready_group, conciliator):
    finish_checklist(ready_group, conciliator)
    venue = Task.objects.get(program=ready_group, key=ChecklistKey.VENUE)
    services.task_update(actor=conciliator, task=venue, status=TaskStatus.IN_PROGRESS)
    confirm_everyone(ready_group, conciliator)
    assert forum_ready(ready_group) == ["Finish the open checklist task: Book an accessible venue."]


def test_forum_gate_wants_a_yes_in_every_sector_not_just_invitations(ready_group, conciliator, youth, le_sector):
    finish_checklist(ready_group, conciliator)
    services.invitation_create(actor=conciliator, program=ready_group, name="A", sector=le_sector, rsvp=Rsvp.YES)
    services.invitation_create(actor=conciliator, program=ready_group, name="B", sector=youth, rsvp=Rsvp.MAYBE)
    assert forum_ready(ready_group) == ["No one has said yes yet in this sector: Youth."]


def test_advancing_to_the_forum_is_refused_then_allowed(ready_group, conciliator, only_planning_gates):
    program = set_phase(ready_group, Phase.TRAINING)
    with pytest.raises(program_services.PhaseGateError) as exc:
        program_services.program_advance(actor=conciliator, program=program)
    assert len(exc.value.missing) == 2
    finish_checklist(program, conciliator)
    confirm_everyone(program, conciliator)
    assert program_services.program_advance(actor=conciliator, program=program).phase == Phase.FORUM


def test_gate_refusal_is_shown_on_the_program_page(planning_program, login):
    response = login(planning_program.conciliator).get(f"/en/programs/{planning_program.pk}/")
    assert "Name a co-chair of the planning group." in response.content.decode()


def test_gate_refusal_comes_back_from_the_advance_api(planning_program, login, only_planning_gates):
    response = login(planning_program.conciliator).post(f"/api/programs/{planning_program.pk}/advance")
    assert response.status_code == 409
    assert "Add at least one community sector besides law enforcement." in response.json()["missing"]


def test_editing_is_enabled_only_in_planning_training_and_forum(program):
    enabled = {p for p in Phase if core_phases.feature_enabled(set_phase(program, p), "planning.edit")}
    assert enabled == {Phase.PLANNING, Phase.TRAINING, Phase.FORUM}
