"""Helpers shared by the planning services: the editability backstop and validation of text and fields."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from spcp.planning.models import ChecklistKey, Sector, Task, TaskCategory
from spcp.planning.phases import EDIT_FEATURE
from spcp.planning.selectors import PlanningLocked
from spcp.programs import phases
from spcp.programs.models import Program


def _ensure_editable(program: Program) -> None:
    if not phases.feature_enabled(program, EDIT_FEATURE):
        raise PlanningLocked(program)


def _clean_text(value: str | None) -> str:
    return (value or "").strip()


def _check_email(errors: dict[str, str], email: str) -> None:
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")


def _check_same_program(errors: dict[str, str], field: str, program: Program, obj: Any) -> None:
    if obj is not None and obj.program_id != program.pk:
        errors[field] = _("Choose one of the listed options.")


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})


def _invitations_task_create(sector: Sector) -> Task:
    return Task.objects.create(
        program=sector.program, key=ChecklistKey.INVITATIONS, category=TaskCategory.OUTREACH, sector=sector
    )
