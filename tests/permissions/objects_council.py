"""One of each council object for the route walker. The walker's program is in intake, where council services
refuse to write, so the objects are made with the ORM. The public progress page needs a published plan that
opted in; it belongs to a separate program so the walker's own plan (shared with the action-plan routes) is
left as the action-plan objects made it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from spcp.actionplan.models import ActionItem, ActionStep, Plan
from spcp.council.models import AgendaItem, CouncilMember, Meeting
from tests import factories


def make(program, role_users) -> dict[str, object]:
    member = CouncilMember.objects.create(
        program=program,
        name="Walker Councillor",
        email="walker.councillor@example.org",
        user=role_users["council_member"],
    )
    start = timezone.now() + timedelta(days=7)
    meeting = Meeting.objects.create(
        program=program, title="Walker meeting", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    agenda_item = AgendaItem.objects.create(meeting=meeting, title="Walker agenda item", reason="other")
    # The action-plan objects already made the walker program's plan and a step (both apps use plan_step_id):
    # reuse that step so the two tables agree on it; make one only when there is none.
    step = ActionStep.objects.filter(item__plan__program=program).order_by("id").first()
    if step is None:
        plan, _ = Plan.objects.get_or_create(program=program, defaults={"title": "Walker plan"})
        item = ActionItem.objects.create(plan=plan, title="Walker council item", language="en")
        step = ActionStep.objects.create(
            item=item, description="Walker council step", language="en", responsible_party="City"
        )

    public_program = factories.program(state="TX", title="Walker public progress")
    public_plan = Plan.objects.create(
        program=public_program, title="Walker public plan", published_version=1, public_progress=True
    )
    return {
        "council_member_id": member.pk,
        "council_meeting_id": meeting.pk,
        "council_agenda_item_id": agenda_item.pk,
        "plan_step_id": step.pk,
        "progress_plan_id": public_plan.pk,
        "feed_token": member.feed_token,
    }
