"""Set up a forum ready for voting in the database the environment names, and print its facts as JSON.

Run by tests/forum/test_processes.py as a separate process (the app servers it starts share that database).
"""

from __future__ import annotations

import json
import os
import sys
import uuid


def main(mode: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from spcp.accounts.models import Role, User
    from spcp.forum import services
    from spcp.forum.models import Breakout
    from spcp.offices.models import State
    from spcp.planning.models import Sector, Side
    from spcp.programs.models import Phase, Program, ProgramType, Trigger
    from spcp.programs.services import program_create

    state = State.objects.select_related("region", "office").get(code="TX")
    conciliator = User.objects.create_user("live-conciliator", role=Role.CONCILIATOR, region=state.region)
    program = program_create(
        actor=None,
        title="Live SPCP",
        program_type=ProgramType.objects.get(code="spcp"),
        city="Riverton",
        state=state,
        trigger=Trigger.PROACTIVE,
        conciliator=conciliator,
    )
    Program.objects.filter(pk=program.pk).update(phase=Phase.FORUM)
    program.refresh_from_db()
    for order, name in enumerate(["Faith", "Youth", "Business"], start=2):
        Sector.objects.create(program=program, name=name, kind=Side.COMMUNITY, order=order)
    forum = services.forum_setup(program=program)
    if mode in ("day", "translate"):
        _day(program, conciliator, extra_sectors=["Youth"] if mode == "translate" else [])
        from spcp.evaluation.models import Survey

        # The after-the-day feedback survey, open, so the closing screen links to it.
        survey = Survey.objects.create(program=program, kind="feedback", wave="after_day", is_open=True)
        sectors = list(Sector.objects.filter(program=program).values_list("pk", flat=True))
        facts = {"code": forum.join_code, "program_id": program.pk, "sectors": sectors, "survey": survey.code}
        json.dump(facts, sys.stdout)
        return
    table = Breakout.objects.create(forum=forum, round=1, number=1)
    issues = [
        services.statement_add(
            breakout=table, kind="issue", text=f"Issue {i}", language="en", client_token=uuid.uuid4()
        )
        for i in range(1, 7)
    ]
    services.voting_open(forum=forum, actor=conciliator)
    # The test ends with a phone proposing a ground rule (one more event for every screen): phones propose
    # rules only while the room sets them, so that segment is the current one here.
    rules = forum.segments.get(kind="ground_rules")
    services.segment_start(forum=forum, segment=rules, actor=conciliator)
    sector_rows = list(Sector.objects.filter(program=program))
    # The check-in desk's tickets, one per phone the test will join (sectors in turn).
    tickets = [
        services.tickets_issue(forum=forum, sector=sector_rows[i % len(sector_rows)], count=1, actor=conciliator)[0]
        for i in range(TICKETS)
    ]
    facts = {
        "code": forum.join_code,
        "issues": [s.pk for s in issues],
        "sectors": [s.pk for s in sector_rows],
        "tickets": [t.code for t in tickets],
    }
    json.dump(facts, sys.stdout)


PASSWORD = "live-pass-2026"
TICKETS = 200


def _day(program, conciliator, extra_sectors: list[str]) -> None:
    """Accounts for the browser journey: the conciliator and a facilitator linked to a ready facilitator."""
    from spcp.accounts.models import Role, User
    from spcp.programs.models import MembershipRole
    from spcp.programs.services import membership_add
    from spcp.training.services import facilitator_add

    conciliator.set_password(PASSWORD)
    conciliator.save()
    volunteer = User.objects.create_user("live-facilitator", password=PASSWORD, role=Role.FACILITATOR)
    membership_add(actor=conciliator, program=program, user=volunteer, role=MembershipRole.FACILITATOR)
    facilitator_add(actor=conciliator, program=program, name="Hye-jin Lee", languages=["en", "ko"], user=volunteer)
    facilitator_add(actor=conciliator, program=program, name="Luis Ortega", languages=["en", "es"])
    # People already checked in (by staff, without phones): enough for a police table and a faith table.
    from spcp.forum import services
    from spcp.forum.models import Forum
    from spcp.planning.models import Sector

    forum = Forum.objects.get(program=program)
    named = ["Law enforcement", "Faith", *extra_sectors]
    for sector in Sector.objects.filter(program=program, name__in=named) | Sector.objects.filter(
        program=program, kind="law_enforcement"
    ):
        for ticket in services.tickets_issue(forum=forum, sector=sector, count=6, actor=None):
            services.participant_join(forum=forum, join_token=uuid.uuid4(), ticket=ticket, language="en")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "voting")
