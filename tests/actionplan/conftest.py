"""A finished forum built with the forum's real services, and clients for the action plan pages."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import translation

from spcp.actionplan import services
from spcp.actionplan.models import Plan
from spcp.forum import services as forum_services
from spcp.forum.models import Forum, Solution, Statement
from spcp.planning.models import Sector, Side
from spcp.programs.models import Phase

PARTICIPANT_NAME = "Parveen Participant"
VOLUNTEER_NAME = "Valentina Volunteer"
VOLUNTEER_CONTACT = "valentina@example.org"


@dataclass
class Day:
    forum: Forum
    priorities: list[Statement]
    merged_source: Statement
    strength: Statement
    solution: Solution


def finish_forum(program, *, with_solutions: bool = True) -> Day:
    """Run a small forum day: 20 people, issues (two merged), a strength, dot voting, one solution with a step
    and everyone's response; then move the program into the action plan phase."""
    actor = program.conciliator
    program.phase = Phase.FORUM
    program.save(update_fields=["phase"])
    forum = forum_services.forum_setup(program=program)
    police = Sector.objects.get(program=program, kind=Side.LAW_ENFORCEMENT)
    sectors = [police] + [
        Sector.objects.create(program=program, name=name, kind=Side.COMMUNITY, order=i)
        for i, name in enumerate(["Faith", "Youth", "New Americans"], start=2)
    ]
    people = []
    for sector in sectors:
        for n in range(5):
            (ticket,) = forum_services.tickets_issue(forum=forum, sector=sector, count=1, actor=actor)
            result = forum_services.participant_join(
                forum=forum,
                join_token=uuid.uuid4(),
                ticket=ticket,
                language="en",
                display_name=PARTICIPANT_NAME if not people else f"Person {sector.pk}-{n}",
            )
            people.append(result.participant)
    tables = forum_services.breakouts_build_first(forum=forum, actor=actor).tables

    def add(table, kind, text, language="en"):
        return forum_services.statement_add(
            breakout=table, kind=kind, text=text, language=language, client_token=uuid.uuid4(), author=people[0]
        )

    traffic = add(tables[0], "issue", "Traffic stops feel arbitrary")
    traffic_2 = add(tables[1], "issue", "교통 단속이 불공정하다", "ko")
    youth = add(tables[0], "issue", "Nothing for young people after school")
    add(tables[1], "issue", "Street lights are broken")
    strength = add(tables[1], "strength", "Faith leaders already meet monthly")
    target = forum_services.merge_confirm(statements=[traffic, traffic_2], actor=actor)
    forum_services.forum_settings_update(forum=forum, actor=actor, dots=3, allow_stacking=True, top_k=2)
    forum_services.voting_open(forum=forum, actor=actor)
    forum.refresh_from_db()
    forum_services.dots_cast(
        forum=forum, participant=people[0], dots={target.pk: 3}, revision=1, client_token=uuid.uuid4()
    )
    forum_services.dots_cast(
        forum=forum, participant=people[1], dots={youth.pk: 2, target.pk: 1}, revision=1, client_token=uuid.uuid4()
    )
    priorities = forum_services.voting_close(forum=forum, actor=actor)
    forum.refresh_from_db()
    solution = None
    if with_solutions:
        second = forum_services.breakouts_build_second(forum=forum, actor=actor, groups=2, seed=3).tables
        issue = second[0].issues.first()
        solution = forum_services.solution_add(
            breakout=second[0], issue=issue, text="Monthly listening sessions", language="en", author=people[0]
        )
        forum_services.step_add(
            solution=solution, text="Book the library hall", language="en", who="Library", by_when="By March"
        )
        forum_services.step_add(solution=solution, text="Invite the chief", language="en", who="Pastor Kim")
        forum_services.responses_set_open(forum=forum, is_open=True, actor=actor)
        forum.refresh_from_db()
        for person in people:
            value = 1 if person.sector_id != police.pk or person.pk % 2 else -1
            forum_services.response_record(participant=person, solution=solution, value=value, revision=1)
        forum_services.council_signup_set_open(forum=forum, is_open=True, actor=actor)
        forum.refresh_from_db()
        forum_services.council_volunteer(
            participant=people[2], name=VOLUNTEER_NAME, contact=VOLUNTEER_CONTACT, show_name=True
        )
    program.phase = Phase.ACTION_PLAN
    program.save(update_fields=["phase"])
    return Day(forum=forum, priorities=priorities, merged_source=traffic_2, strength=strength, solution=solution)


@pytest.fixture
def day(program) -> Day:
    return finish_forum(program)


@pytest.fixture
def plan(day, program) -> Plan:
    plan, _created = services.plan_draft_from_forum(actor=program.conciliator, program=program)
    return plan


@pytest.fixture
def empty_plan(program) -> Plan:
    """A plan drafted from a forum that never ran (no priorities, solutions or strengths)."""
    program.phase = Phase.ACTION_PLAN
    program.save(update_fields=["phase"])
    plan, _created = services.plan_draft_from_forum(actor=program.conciliator, program=program)
    return plan


def url(name: str, program, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"actionplan:{name}", kwargs={"program_id": program.pk, **kwargs})


def public_url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(f"plans:{name}", kwargs=kwargs)


def add_step(plan, *, actor=None, **fields):
    item = plan.items.first()
    item.plan = plan
    defaults = {
        "description": "Hold the first session",
        "language": "en",
        "responsible_party": "Police department",
        "responsible_person": "Dana Whitfield",
        "responsible_email": "dana@example.org",
        "start_date": datetime.date(2027, 1, 10),
        "due_date": datetime.date(2027, 3, 1),
    }
    defaults.update(fields)
    step, _created = services.step_add(actor=actor or plan.program.conciliator, item=item, **defaults)
    return step


@pytest.fixture
def staff(client, program):
    client.force_login(program.conciliator)
    return client
