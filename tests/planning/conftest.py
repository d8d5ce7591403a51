from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from spcp.planning import services
from spcp.planning.models import MemberRole, Rsvp, Sector, Side, TaskStatus
from spcp.programs.models import Phase, Program


def set_phase(program: Program, phase: Phase) -> Program:
    Program.objects.filter(pk=program.pk).update(phase=phase)
    program.refresh_from_db()
    return program


@pytest.fixture
def planning_program(program):
    """The conftest program, moved into the planning-group phase (where planning can be edited)."""
    return set_phase(program, Phase.PLANNING)


@pytest.fixture
def conciliator(planning_program):
    return planning_program.conciliator


@pytest.fixture
def le_sector(planning_program) -> Sector:
    return Sector.objects.get(program=planning_program, kind=Side.LAW_ENFORCEMENT)


@pytest.fixture
def youth(planning_program, conciliator) -> Sector:
    return services.sector_create(actor=conciliator, program=planning_program, name="Youth")


@pytest.fixture
def ready_group(planning_program, conciliator, le_sector, youth):
    """A planning group that meets the training gate: a police co-chair and a youth member."""
    services.member_add(
        actor=conciliator, program=planning_program, name="Chief Dana Ortiz", sector=le_sector, role=MemberRole.CO_CHAIR
    )
    services.member_add(actor=conciliator, program=planning_program, name="Jordan Blake", sector=youth)
    return planning_program


def finish_checklist(program: Program, actor) -> None:
    for task in program.planning_tasks.all():
        services.task_update(actor=actor, task=task, status=TaskStatus.DONE)


def confirm_everyone(program: Program, actor) -> None:
    """One invitee per sector, each of whom says yes."""
    for n, sector in enumerate(program.sectors.all()):
        services.invitation_create(actor=actor, program=program, name=f"Guest {n}", sector=sector, rsvp=Rsvp.YES)


@pytest.fixture
def soon():
    return timezone.now() + datetime.timedelta(days=3)
