"""Readable labels for audit actions; each app registers the actions its services write."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spcp.accounts.signals import account_audited

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
