"""Every program starts with its law-enforcement sector and the planning checklist."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.utils import translation
from django.utils.translation import gettext

from spcp.planning import services
from spcp.planning.models import PROGRAM_CHECKLIST, ChecklistKey, Sector, Side, Task, TaskCategory, TaskStatus
from spcp.programs.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_new_program_gets_exactly_one_law_enforcement_sector(program):
    sectors = list(Sector.objects.filter(program=program))
    assert [(s.kind, s.name) for s in sectors] == [(Side.LAW_ENFORCEMENT, "Law enforcement")]


def test_law_enforcement_sector_name_is_shown_translated_not_stored(program):
    sector = Sector.objects.get(program=program)
    with translation.override("ko"):
        assert sector.display_name == gettext("Law enforcement")
        assert str(sector) == sector.display_name
    assert sector.name == "Law enforcement"


def test_new_program_gets_the_checklist_and_an_invitations_task_for_law_enforcement(program):
    tasks = list(Task.objects.filter(program=program).select_related("sector"))
    keys = [t.key for t in tasks]
    assert set(keys) == {key for key, _ in PROGRAM_CHECKLIST} | {ChecklistKey.INVITATIONS}
    assert len(tasks) == len(PROGRAM_CHECKLIST) + 1
    assert all(t.status == TaskStatus.TODO and t.title == "" for t in tasks)
    invitations = next(t for t in tasks if t.key == ChecklistKey.INVITATIONS)
    assert invitations.sector.kind == Side.LAW_ENFORCEMENT
    assert invitations.category == TaskCategory.OUTREACH
    assert invitations.display_title == "Invitations: Law enforcement"


def test_seeded_titles_come_from_their_key(program):
    venue = Task.objects.get(program=program, key=ChecklistKey.VENUE)
    assert venue.display_title == "Book an accessible venue"
    with translation.override("ko"):
        assert venue.display_title == str(ChecklistKey.VENUE.label)


def test_a_new_sector_gets_its_own_invitations_task(program):
    program.phase = "planning"
    program.save()
    sector = services.sector_create(actor=program.conciliator, program=program, name="Faith and clergy")
    task = Task.objects.get(program=program, sector=sector)
    assert task.key == ChecklistKey.INVITATIONS
    assert task.display_title == "Invitations: Faith communities"


def test_seeding_twice_adds_nothing(program):
    before = Task.objects.filter(program=program).count()
    services.planning_seed(program=program)
    assert Task.objects.filter(program=program).count() == before
    assert Sector.objects.filter(program=program).count() == 1
    assert AuditEntry.objects.filter(program=program, action="planning.seeded").count() == 1


def test_database_refuses_a_second_law_enforcement_sector(program):
    with pytest.raises(IntegrityError):
        Sector.objects.create(program=program, name="Sheriff", kind=Side.LAW_ENFORCEMENT)


def test_each_program_is_seeded_separately(program, other_program):
    assert Sector.objects.filter(kind=Side.LAW_ENFORCEMENT).count() == 2
    assert Task.objects.filter(program=other_program).count() == len(PROGRAM_CHECKLIST) + 1


def test_seeding_is_recorded_in_the_audit_log():
    program = factories.program(state="TX")
    assert AuditEntry.objects.filter(program=program, action="planning.seeded").exists()
