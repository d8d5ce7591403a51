"""Readable labels for audit actions; each app registers the actions its services write.

The log stores what happened as data (action codes, field names, raw values, the item as it read then); the
page renders it in the reader's language: action labels, the fields' verbose names, choice labels for coded
values, and, for items whose names are translated (sectors, agenda segments, seeded tasks), the item's
current name, loaded in one query per such kind through a loader its app registers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spcp.accounts.signals import account_audited
from spcp.programs.models import AuditEntry

_LABELS: dict[str, Promise] = {}
# target_type ("forum.segment") -> loads {target_id: name in the active language} for many ids at once.
TargetLoader = Callable[[list[str]], dict[str, str]]
_TARGET_LOADERS: dict[str, TargetLoader] = {}


def register_actions(labels: dict[str, Promise]) -> None:
    _LABELS.update(labels)


def action_label(action: str) -> str:
    label = _LABELS.get(action)
    return str(label) if label is not None else action


def register_target_loader(target_type: str, loader: TargetLoader) -> None:
    _TARGET_LOADERS[target_type] = loader


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    label: str
    target: str
    changes: list[Change]


def _model(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    try:
        field = model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _value(field: models.Field[Any, Any] | None, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field is not None and field.choices:
        choices = {str(key): label for key, label in field.flatchoices}
        if isinstance(value, list):
            return ", ".join(str(choices.get(str(v), v)) for v in value)
        return str(choices.get(str(value), value))
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _changes(entry: AuditEntry) -> list[Change]:
    model = _model(entry.target_type) if entry.target_type else None
    rows = []
    for name, pair in (entry.changes or {}).items():
        field = _field(model, name)
        label = capfirst(str(field.verbose_name)) if field is not None else name.replace("_", " ").capitalize()
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        rows.append(Change(label, _value(field, old), _value(field, new)))
    return rows


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    """The entries as the reader should see them, in the active language (see the module docstring)."""
    entries = list(entries)
    ids: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        if entry.target_type in _TARGET_LOADERS and entry.target_id:
            ids[entry.target_type].append(entry.target_id)
    names = {kind: _TARGET_LOADERS[kind](sorted(set(pks))) for kind, pks in ids.items()}
    return [
        AuditRow(
            entry=entry,
            label=action_label(entry.action),
            target=names.get(entry.target_type, {}).get(entry.target_id, entry.target_repr),
            changes=_changes(entry),
        )
        for entry in entries
    ]


register_actions(
    {
        "program.created": _("Program created"),
        "program.updated": _("Program details changed"),
        "program.advanced": _("Program moved to the next phase"),
        "membership.added": _("Member given access"),
        "membership.removed": _("Member's access removed"),
    }
)


register_actions(
    {
        "accounts.two_factor_enrolled": _("Two-step sign-in set up"),
        "accounts.two_factor_reset": _("Two-step sign-in reset"),
        "accounts.recovery_codes_regenerated": _("New recovery codes made"),
        "accounts.recovery_code_used": _("Recovery code used to sign in"),
    }
)


def _record_account_change(sender: object, *, actor: Any, user: Any, action: str, **kwargs: Any) -> None:
    # Account services (a layer below) announce their changes; the entry joins their transaction.
    from spcp.programs.services import audit_record

    audit_record(actor=actor, program=None, action=action, target=user)


account_audited.connect(_record_account_change, dispatch_uid="spcp.programs.audit.account")
