"""Tasks on the planning checklist: the group's own, and the seeded ones (which keep their title)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.planning.models import ChecklistKey, PlanningMember, Sector, Task, TaskCategory, TaskStatus
from spcp.planning.services._common import _check_same_program, _clean_text, _ensure_editable, _raise
from spcp.programs.models import Program
from spcp.programs.services import apply_changes, audit_record

TASK_TITLE_MAX = 200  # Task.title


def _task_errors(
    program: Program,
    *,
    title: str,
    category: str,
    owner: PlanningMember | None,
    status: str,
    sector: Sector | None,
    seeded: bool,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not seeded and not title:
        errors["title"] = _("Enter what needs doing.")
    elif len(title) > TASK_TITLE_MAX:
        errors["title"] = _("This text is too long.")
    if category not in TaskCategory.values:
        errors["category"] = _("Choose one of the listed options.")
    if status not in TaskStatus.values:
        errors["status"] = _("Choose one of the listed options.")
    _check_same_program(errors, "owner", program, owner)
    _check_same_program(errors, "sector", program, sector)
    return errors


@transaction.atomic
def task_create(
    *,
    actor: User,
    program: Program,
    title: str,
    category: str = TaskCategory.OTHER,
    owner: PlanningMember | None = None,
    due_date: datetime.date | None = None,
    status: str = TaskStatus.TODO,
    notes: str = "",
    sector: Sector | None = None,
) -> Task:
    """Add a task of the group's own to the checklist."""
    _ensure_editable(program)
    title = _clean_text(title)
    _raise(
        _task_errors(program, title=title, category=category, owner=owner, status=status, sector=sector, seeded=False)
    )
    task = Task(
        program=program,
        title=title,
        category=category,
        owner=owner,
        due_date=due_date,
        status=status,
        notes=notes.strip(),
        sector=sector,
    )
    task.full_clean()
    task.save()
    audit_record(actor=actor, program=program, action="planning.task_created", target=task)
    return task


TASK_FIELDS = {"title", "category", "owner", "due_date", "status", "notes", "sector"}


@transaction.atomic
def task_update(*, actor: User, task: Task, **fields: Any) -> Task:
    """Change a task (its owner, due date, status, notes...); a seeded task keeps its title and sector."""
    program = task.program
    _ensure_editable(program)
    unknown = set(fields) - TASK_FIELDS
    if unknown:
        raise TypeError(f"task_update() got unexpected fields {sorted(unknown)}")
    errors: dict[str, str] = {}
    if task.is_seeded and fields.get("title"):
        errors["title"] = _("A task from the standard checklist keeps its title.")
    if task.key == ChecklistKey.INVITATIONS and "sector" in fields and fields["sector"] != task.sector:
        errors["sector"] = _("An invitations task stays with its sector.")
    _raise(errors)
    if task.is_seeded:
        fields.pop("title", None)
    if "title" in fields:
        fields["title"] = _clean_text(fields["title"])
    if "notes" in fields:
        fields["notes"] = (fields["notes"] or "").strip()
    merged = {f: fields.get(f, getattr(task, f)) for f in ("title", "category", "owner", "status", "sector")}
    _raise(_task_errors(program, seeded=task.is_seeded, **merged))
    changed = apply_changes(task, fields)
    if changed:
        task.full_clean()
        task.save()
        audit_record(actor=actor, program=program, action="planning.task_updated", target=task, changes=changed)
    return task
