"""Sectors of the planning group: adding and renaming community sectors."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.planning.models import LAW_ENFORCEMENT_NAME, Sector, Side
from spcp.planning.services._common import _clean_text, _ensure_editable, _invitations_task_create, _raise
from spcp.programs.models import Program
from spcp.programs.services import apply_changes, audit_record

SECTOR_NAME_MAX = 100  # Sector.name


def _check_sector_name(errors: dict[str, str], program: Program, name: str, exclude_pk: int | None = None) -> None:
    if not name:
        errors["name"] = _("Enter the sector's name.")
        return
    if len(name) > SECTOR_NAME_MAX:
        errors["name"] = _("This text is too long.")
        return
    reserved = {LAW_ENFORCEMENT_NAME.casefold(), _("Law enforcement").casefold()}
    if name.casefold() in reserved:
        errors["name"] = _("Law enforcement is already a sector of every program.")
        return
    clash = Sector.objects.filter(program=program, name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        errors["name"] = _("This program already has a sector with this name.")


@transaction.atomic
def sector_create(*, actor: User, program: Program, name: str) -> Sector:
    """Add a community sector to the program, with its "Invitations" checklist task."""
    _ensure_editable(program)
    name = _clean_text(name)
    errors: dict[str, str] = {}
    _check_sector_name(errors, program, name)
    _raise(errors)
    order = (Sector.objects.filter(program=program).aggregate(top=Max("order"))["top"] or 0) + 1
    sector = Sector(program=program, name=name, kind=Side.COMMUNITY, order=order)
    sector.full_clean()
    sector.save()
    _invitations_task_create(sector)
    audit_record(actor=actor, program=program, action="planning.sector_created", target=sector)
    return sector


@transaction.atomic
def sector_update(*, actor: User, sector: Sector, name: str) -> Sector:
    """Rename a community sector (the law-enforcement sector's name is fixed and shown translated)."""
    _ensure_editable(sector.program)
    name = _clean_text(name)
    errors: dict[str, str] = {}
    if sector.is_law_enforcement:
        errors["name"] = _("The law-enforcement sector cannot be renamed.")
    else:
        _check_sector_name(errors, sector.program, name, exclude_pk=sector.pk)
    _raise(errors)
    changed = apply_changes(sector, {"name": name})
    if changed:
        sector.full_clean()
        sector.save()
        audit_record(
            actor=actor, program=sector.program, action="planning.sector_updated", target=sector, changes=changed
        )
    return sector
