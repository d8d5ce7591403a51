"""Set up a forum in the middle of its live day for bench/forum_load.py: 7 sectors, 40 issues, voting open.

Run in its own process with the benchmark's environment (SPCP_DATA_DIR, SPCP_DATABASE_URL, …) after
`spcp setup` has migrated the database. It goes through the same services the screens use, except that it
moves the program's phase directly (the benchmark is about the forum day, not the gates before it), and
prints one JSON line: the join code, the sector ids, the issue ids and the codes of the check-in tickets
(argument: how many; the desk issues them for the sectors in turn, and each phone joins with one).
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ISSUES = 40
SECTORS = [
    "Faith and clergy",
    "Youth",
    "New Americans (immigrants and refugees)",
    "Korean American community / 한인 사회",
    "Social services",
    "Business and neighborhood associations",
]  # plus law enforcement, created with every program: 7 sectors


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

    from django.db import transaction
    from django.utils import timezone

    from spcp.accounts.models import Role, User
    from spcp.forum import services as forum_services
    from spcp.forum.models import Breakout, StatementKind
    from spcp.offices.models import State
    from spcp.planning.models import Sector
    from spcp.planning.services import sector_create
    from spcp.programs import services as program_services
    from spcp.programs.models import Language, Phase, Program, ProgramType, Trigger

    with transaction.atomic():
        state = State.objects.select_related("region", "office").get(code="TX")
        conciliator = User.objects.create(
            username="bench-conciliator", role=Role.CONCILIATOR, region=state.region, email="bench@example.org"
        )
        program = program_services.program_create(
            actor=conciliator,
            title="Load benchmark SPCP",
            program_type=ProgramType.objects.get(code="spcp"),
            city="Benchmark",
            state=state,
            trigger=Trigger.PROACTIVE,
            languages=[Language.ENGLISH, Language.KOREAN],
            conciliator=conciliator,
            expected_participants=1000,
            forum_date=timezone.localdate() + datetime.timedelta(days=1),
        )
        Program.objects.filter(pk=program.pk).update(phase=Phase.PLANNING)
        program.refresh_from_db()
        for name in SECTORS:
            sector_create(actor=conciliator, program=program, name=name)
        Program.objects.filter(pk=program.pk).update(phase=Phase.FORUM)
        program.refresh_from_db()

        forum = program.forum
        table = Breakout.objects.create(forum=forum, round=1, number=1)
        issues = [
            forum_services.statement_add(
                breakout=table,
                kind=StatementKind.ISSUE,
                text=f"Benchmark issue {n}: officers and residents rarely meet outside emergencies.",
                language="en",
                author_user=conciliator,
            )
            for n in range(1, ISSUES + 1)
        ]
        forum.refresh_from_db()
        # The room is in its opening segment: the reconnect storm's probe event is a ground rule a phone
        # proposes, which phones may do only then (since 36b57d3; before, the storm's POST /rules got 409).
        opening = forum.segments.get(kind="opening")
        forum_services.segment_start(forum=forum, segment=opening, actor=conciliator)
        forum_services.voting_open(forum=forum, actor=conciliator)
        sector_rows = list(Sector.objects.filter(program=program).order_by("pk"))
        wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 0
        tickets = []
        for n in range(len(sector_rows)):
            count = wanted // len(sector_rows) + (1 if n < wanted % len(sector_rows) else 0)
            while count > 0:  # at most 500 tickets per request, as at the desk
                batch = min(count, 500)
                tickets += forum_services.tickets_issue(
                    forum=forum, sector=sector_rows[n], count=batch, actor=conciliator
                )
                count -= batch

    sectors = list(Sector.objects.filter(program=program).order_by("pk").values_list("pk", flat=True))
    print(
        json.dumps(
            {
                "code": forum.join_code,
                "program_id": program.pk,
                "sectors": sectors,
                "issues": [s.pk for s in issues],
                "tickets": [t.code for t in tickets],
                "dots_per_participant": forum.dots_per_participant,
            }
        )
    )


if __name__ == "__main__":
    main()
