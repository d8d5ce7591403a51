"""Writes to the planning group's records. Each service is atomic, validates first, and writes its audit entry.

Public services refuse to write unless the program's phase enables `planning.edit` (views and the API check
the same rule first, so users see why; this is the backstop). Seeding on program creation is the exception.

The services are split by topic (seed, sectors, members, tasks, meetings, invitations); every public name is
re-exported here, so callers keep writing `services.task_update(...)`.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from spcp.planning.services.invitation_import import (
    MAX_IMPORT_BYTES,
    ImportCheck,
    RowStatus,
    invitations_import,
    invitations_import_check,
)
from spcp.planning.services.invitations import (
    INVITATION_FIELDS,
    invitation_create,
    invitation_rsvp,
    invitation_update,
)
from spcp.planning.services.meetings import meeting_create, meeting_update
from spcp.planning.services.members import MEMBER_FIELDS, member_add, member_side_message, member_update
from spcp.planning.services.sectors import SECTOR_NAME_MAX, sector_create, sector_update
from spcp.planning.services.seed import on_program_created, planning_seed
from spcp.planning.services.tasks import TASK_FIELDS, TASK_TITLE_MAX, task_create, task_update

__all__ = [
    "AUDIT_LABELS",
    "INVITATION_FIELDS",
    "MAX_IMPORT_BYTES",
    "ImportCheck",
    "RowStatus",
    "invitations_import",
    "invitations_import_check",
    "MEMBER_FIELDS",
    "SECTOR_NAME_MAX",
    "TASK_FIELDS",
    "TASK_TITLE_MAX",
    "invitation_create",
    "invitation_rsvp",
    "invitation_update",
    "meeting_create",
    "meeting_update",
    "member_add",
    "member_side_message",
    "member_update",
    "on_program_created",
    "planning_seed",
    "sector_create",
    "sector_update",
    "task_create",
    "task_update",
]

AUDIT_LABELS: dict[str, Promise] = {
    "planning.seeded": gettext_lazy("Planning checklist and law-enforcement sector set up"),
    "planning.sector_created": gettext_lazy("Sector added"),
    "planning.sector_updated": gettext_lazy("Sector renamed"),
    "planning.member_added": gettext_lazy("Planning-group member added"),
    "planning.member_updated": gettext_lazy("Planning-group member changed"),
    "planning.task_created": gettext_lazy("Task added"),
    "planning.task_updated": gettext_lazy("Task changed"),
    "planning.meeting_created": gettext_lazy("Planning meeting added"),
    "planning.meeting_updated": gettext_lazy("Planning meeting changed"),
    "planning.invitation_created": gettext_lazy("Invitation added"),
    "planning.invitations_imported": gettext_lazy("Invitations imported from a CSV file"),
    "planning.invitation_updated": gettext_lazy("Invitation changed"),
    "planning.invitation_rsvp": gettext_lazy("RSVP recorded"),
}
