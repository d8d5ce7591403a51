"""Readable labels for audit actions; each app registers the actions its services write."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, Promise] = {}


def register_actions(labels: dict[str, Promise]) -> None:
    _LABELS.update(labels)


def action_label(action: str) -> str:
    label = _LABELS.get(action)
    return str(label) if label is not None else action


register_actions(
    {
        "program.created": _("Program created"),
        "program.updated": _("Program details changed"),
        "program.advanced": _("Program moved to the next phase"),
        "membership.added": _("Member given access"),
        "membership.removed": _("Member's access removed"),
    }
)
