"""Readable labels for the audit entries council services write."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spcp.programs.audit import register_actions

ACTIONS: dict[str, Promise] = {
    "council.member_added": _("Council member added"),
    "council.member_updated": _("Council member details changed"),
    "council.members_imported": _("Council members imported from the forum"),
    "council.meeting_scheduled": _("Council meeting scheduled"),
    "council.meeting_updated": _("Council meeting changed"),
    "council.meeting_cancelled": _("Council meeting cancelled"),
    "council.invitations_sent": _("Council meeting invitations sent"),
    "council.agenda_built": _("Council meeting agenda built from the plan"),
    "council.agenda_changed": _("Council meeting agenda changed"),
    "council.minutes_recorded": _("Council meeting minutes recorded"),
    "council.decision_added": _("Council decision recorded"),
    "council.progress_reported": _("Progress reported on an action step"),
    "council.handed_over": _("Council handed over to its officers"),
    "council.taken_back": _("Council taken back by program staff"),
}

register_actions(ACTIONS)
