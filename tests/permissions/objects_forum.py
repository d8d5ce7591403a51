"""One of each forum object inside the route walker's program. The program is in intake, where the forum
refuses to run, so objects are made with the phase switched to the forum and then put back."""

from __future__ import annotations

import uuid

from spcp.forum import services
from spcp.forum.models import Breakout, Solution
from spcp.planning.models import Sector, Side
from spcp.programs.models import Phase, Program


def make(program, role_users) -> dict[str, object]:
    phase = program.phase
    Program.objects.filter(pk=program.pk).update(phase=Phase.FORUM)
    program.phase = Phase.FORUM
    try:
        forum = services.forum_setup(program=program)
        police = Sector.objects.get(program=program, kind=Side.LAW_ENFORCEMENT)
        (ticket,) = services.tickets_issue(forum=forum, sector=police, count=1, actor=None)
        joined = services.participant_join(forum=forum, join_token=uuid.uuid4(), ticket=ticket, language="en")
        table = Breakout.objects.create(forum=forum, round=1, number=1)
        issue = services.statement_add(breakout=table, kind="issue", text="Walker issue", language="en")
        issue.priority_rank = 1
        issue.save(update_fields=["priority_rank"])
        solution = Solution.objects.create(
            forum=forum, breakout=table, issue=issue, text="Walker solution", language="en"
        )
        rule = forum.ground_rules.first()
        segment = forum.segments.first()
    finally:
        Program.objects.filter(pk=program.pk).update(phase=phase)
        program.phase = phase
    return {
        "code": forum.join_code,
        "segment_id": segment.pk,
        "rule_id": rule.pk,
        "round": 1,
        "state": "open",
        "breakout_id": table.pk,
        "statement_id": issue.pk,
        "solution_id": solution.pk,
        "participant_id": joined.participant.pk,
    }
