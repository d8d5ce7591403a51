"""Sectors of the planning group: adding standard sectors by key, and custom sectors named per language."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.common.names import NAME_LANGUAGES, clean_names, reader_language
from spcp.planning.catalog import BY_KEY, LAW_ENFORCEMENT_KEY, match_standard
from spcp.planning.models import Sector, Side
from spcp.planning.services._common import _ensure_editable, _invitations_task_create, _raise
from spcp.programs.models import Program
from spcp.programs.services import apply_changes, audit_record

SECTOR_NAME_MAX = 100  # Sector.name and each of Sector.names


def _typed_names(name: str, names: Mapping[str, str] | None) -> dict[str, str]:
    """The names given per language; `name` alone is in the language of the page it was typed on."""
    given = dict(names or {})
    if name.strip():
        given.setdefault(reader_language(), name)
    return clean_names(given)


def _check_custom_names(
    errors: dict[str, str], program: Program, names: dict[str, str], exclude_pk: int | None
) -> None:
    if not names:
        errors["name"] = _("Enter the sector's name.")
        return
    if any(len(text) > SECTOR_NAME_MAX for text in names.values()):
        errors["name"] = _("This text is too long.")
        return
    wanted = {text.casefold() for text in names.values()}
    others = Sector.objects.filter(program=program, key="").exclude(kind=Side.LAW_ENFORCEMENT)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    for other in others:
        if wanted & {text.casefold() for text in (other.name, *other.all_names.values())}:
            errors["name"] = _("This program already has a sector with this name.")
            return


def _check_standard(errors: dict[str, str], program: Program, key: str, field: str) -> None:
    if key == LAW_ENFORCEMENT_KEY:
        errors[field] = _("Law enforcement is already a sector of every program.")
    elif key not in BY_KEY:
        errors[field] = _("Choose one of the listed options.")
    elif Sector.objects.filter(program=program, key=key).exists():
        errors[field] = _("This program already has the sector “%(sector)s”.") % {"sector": BY_KEY[key].name().text}


@transaction.atomic
def sector_create(
    *, actor: User, program: Program, key: str = "", name: str = "", names: Mapping[str, str] | None = None
) -> Sector:
    """Add a community sector with its "Invitations" checklist task.

    A standard sector is chosen by `key`; a typed name that is a standard sector's name in any language (or a
    former name of one) adds that standard sector, so its key is stored and it can be added only once. Other
    names make a custom sector, named per language (`name` alone counts as the active language's).
    """
    _ensure_editable(program)
    errors: dict[str, str] = {}
    typed = _typed_names(name, names)
    if key:
        _check_standard(errors, program, key, "key")
    else:
        key = next((k for k in (match_standard(text) for text in typed.values()) if k), "")
        if key:
            _check_standard(errors, program, key, "name")
        else:
            _check_custom_names(errors, program, typed, exclude_pk=None)
    _raise(errors)
    order = (Sector.objects.filter(program=program).aggregate(top=Max("order"))["top"] or 0) + 1
    if key:
        sector = Sector(program=program, key=key, name=BY_KEY[key].names["en"], kind=Side.COMMUNITY, order=order)
    else:
        first = typed.get(reader_language()) or next(iter(typed.values()))
        sector = Sector(program=program, name=first, names=typed, kind=Side.COMMUNITY, order=order)
    sector.full_clean()
    sector.save()
    _invitations_task_create(sector)
    audit_record(actor=actor, program=program, action="planning.sector_created", target=sector)
    return sector


@transaction.atomic
def sector_update(*, actor: User, sector: Sector, name: str = "", names: Mapping[str, str] | None = None) -> Sector:
    """Rename a custom sector, per language; languages not given keep their names (give "" to clear one).

    Law enforcement and the standard sectors are named by the catalogue in every language and cannot be renamed.
    """
    _ensure_editable(sector.program)
    errors: dict[str, str] = {}
    merged = {**(sector.names or {}), **(names or {})}
    if name.strip():
        merged[reader_language()] = name
    typed = clean_names(merged)
    if sector.is_law_enforcement:
        errors["name"] = _("The law-enforcement sector cannot be renamed.")
    elif sector.key:
        errors["name"] = _("A standard sector is named in every language already and cannot be renamed.")
    else:
        standard = next((k for k in (match_standard(text) for text in typed.values()) if k), "")
        if standard:
            errors["name"] = _("This is the name of the standard sector “%(sector)s”. Add that sector instead.") % {
                "sector": BY_KEY[standard].name().text
            }
        else:
            _check_custom_names(errors, sector.program, typed, exclude_pk=sector.pk)
    _raise(errors)
    # `name` keeps the text the sector was first typed with while that is still one of its names.
    if sector.name not in typed.values():
        name = typed.get(reader_language()) or next(typed[code] for code in NAME_LANGUAGES if code in typed)
    else:
        name = sector.name
    changed = apply_changes(sector, {"name": name, "names": typed})
    if changed:
        sector.full_clean()
        sector.save()
        audit_record(
            actor=actor, program=sector.program, action="planning.sector_updated", target=sector, changes=changed
        )
    return sector
