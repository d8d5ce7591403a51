"""One of each action plan object inside the route walker's program. The program is in intake, where the plan
is read-only, so the objects are made with the phase switched to the action plan and then put back. The plan is
published (so the public page shows it) and then returned to draft."""

from __future__ import annotations

import datetime
import uuid

from spcp.actionplan import selectors, services
from spcp.programs.models import Phase, Program


def make(program, role_users) -> dict[str, int]:
    phase = program.phase
    Program.objects.filter(pk=program.pk).update(phase=Phase.ACTION_PLAN)
    program.phase = Phase.ACTION_PLAN
    try:
        actor = program.conciliator
        plan = selectors.plan_get(program=program)
        if plan is None:
            plan, _created = services.plan_draft_from_forum(actor=actor, program=program)
        plan.program = program
        issue = plan.issues.first()
        if issue is None:
            issue = plan.issues.create(text="Walker priority issue", language="en", dots=4, order=10)
        item, _new = services.item_add(
            actor=actor, plan=plan, issue=issue, title="Walker action item", language="en", client_token=uuid.uuid4()
        )
        step, _new = services.step_add(
            actor=actor,
            item=item,
            description="Walker action step",
            language="en",
            responsible_party="Police department",
            responsible_person="Walker Person",
            responsible_email="walker@example.org",
            start_date=datetime.date(2027, 1, 1),
            due_date=datetime.date(2027, 3, 1),
            client_token=uuid.uuid4(),
        )
        services.plan_approve(actor=actor, plan=plan)
        services.plan_publish(actor=actor, plan=plan)
        services.plan_reopen(actor=actor, plan=plan)
    finally:
        Program.objects.filter(pk=program.pk).update(phase=phase)
        program.phase = phase
    return {"plan_id": plan.pk, "plan_issue_id": issue.pk, "plan_item_id": item.pk, "plan_step_id": step.pk}
