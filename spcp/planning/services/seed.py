"""Seeding a new program's planning group: the law-enforcement sector and the standard checklist."""

from __future__ import annotations

from django.db import transaction

from spcp.planning.catalog import LAW_ENFORCEMENT_KEY
from spcp.planning.models import LAW_ENFORCEMENT_NAME, PROGRAM_CHECKLIST, ChecklistKey, Sector, Side, Task
from spcp.planning.services._common import _invitations_task_create
from spcp.programs.models import Program
from spcp.programs.services import audit_record


@transaction.atomic
def planning_seed(*, program: Program) -> None:
    """Give a new program its law-enforcement sector and the checklist (idempotent; runs on program creation)."""
    created = False
    sector = Sector.objects.filter(program=program, kind=Side.LAW_ENFORCEMENT).first()
    if sector is None:
        sector = Sector.objects.create(
            program=program, name=LAW_ENFORCEMENT_NAME, key=LAW_ENFORCEMENT_KEY, kind=Side.LAW_ENFORCEMENT, order=0
        )
        created = True
    existing = set(Task.objects.filter(program=program).exclude(key="").values_list("key", flat=True))
    missing = [
        Task(program=program, key=key, category=category) for key, category in PROGRAM_CHECKLIST if key not in existing
    ]
    if missing:
        Task.objects.bulk_create(missing)
        created = True
    if not Task.objects.filter(program=program, key=ChecklistKey.INVITATIONS, sector=sector).exists():
        _invitations_task_create(sector)
        created = True
    if created:
        audit_record(actor=None, program=program, action="planning.seeded", target=program)


def on_program_created(program: Program) -> None:
    planning_seed(program=program)
