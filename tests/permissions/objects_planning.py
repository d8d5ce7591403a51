"""One of each planning object inside the route walker's program (created directly: the program is still in
intake, where the planning services refuse to write)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from spcp.planning.models import Invitation, Meeting, PlanningMember, Sector, Side, Task


def make(program, role_users) -> dict[str, int]:
    sector = Sector.objects.create(program=program, name="Youth", kind=Side.COMMUNITY, order=1)
    member = PlanningMember.objects.create(program=program, name="Ana Ruiz", sector=sector, side=Side.COMMUNITY)
    task = Task.objects.create(program=program, title="Print name badges", owner=member)
    meeting = Meeting.objects.create(
        program=program, starts_at=timezone.now() + datetime.timedelta(days=7), location="City hall"
    )
    meeting.attendees.add(member)
    invitation = Invitation.objects.create(program=program, name="Sam Lee", sector=sector, email="sam@example.org")
    return {
        "planning_sector_id": sector.pk,
        "planning_member_id": member.pk,
        "task_id": task.pk,
        "planning_meeting_id": meeting.pk,
        "invitation_id": invitation.pk,
    }
