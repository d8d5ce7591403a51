"""Readable labels for the audit entries action plan services write."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spcp.programs.audit import register_actions

ACTIONS: dict[str, Promise] = {
    "actionplan.drafted": _("Action plan drafted from the forum"),
    "actionplan.plan_updated": _("Action plan details changed"),
    "actionplan.issue_updated": _("Priority issue changed"),
    "actionplan.issue_moved": _("Priority issues reordered"),
    "actionplan.item_added": _("Action item added"),
    "actionplan.item_updated": _("Action item changed"),
    "actionplan.item_removed": _("Action item removed"),
    "actionplan.step_added": _("Action step added"),
    "actionplan.step_updated": _("Action step changed"),
    "actionplan.step_removed": _("Action step removed"),
    "actionplan.approved": _("Action plan approved"),
    "actionplan.reopened": _("Action plan returned to draft"),
    "actionplan.published": _("Action plan published"),
    "actionplan.public_progress_set": _("Public progress page switched on or off"),
}

register_actions(ACTIONS)
