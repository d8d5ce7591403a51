"""Readable labels for the audit entries training services write."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spcp.programs.audit import register_actions

ACTIONS: dict[str, Promise] = {
    "training.facilitator_added": _("Facilitator added"),
    "training.facilitator_updated": _("Facilitator details changed"),
    "training.session_created": _("Training session scheduled"),
    "training.session_updated": _("Training session changed"),
    "training.attendance_recorded": _("Training attendance recorded"),
    "training.module_created": _("Training module added"),
    "training.module_updated": _("Training module changed"),
}

register_actions(ACTIONS)
