"""Council test helpers: a program in the council phase, and action plans built with the ORM."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spcp.actionplan.models import ActionItem, ActionStep, Plan, PlanVersion
from spcp.council.models import CouncilMember, Meeting
from spcp.forum.models import CouncilVolunteer, Forum, Participant
from spcp.forum.services import forum_setup
from spcp.planning.models import Sector
from spcp.programs.models import Phase, Program


def set_phase(program: Program, phase: str) -> Program:
    Program.objects.filter(pk=program.pk).update(phase=phase)
    program.phase = phase
    return program


@pytest.fixture
def council_program(program, role_users):
    """The shared `program`, moved to the council phase (role_users are its members)."""
    return set_phase(program, Phase.COUNCIL)


def make_plan(program: Program, **fields: Any) -> Plan:
    fields.setdefault("title", "Springfield action plan")
    return Plan.objects.create(program=program, **fields)


def make_item(plan: Plan, title: str = "Joint youth programme", weight: int = 1, order: int = 0) -> ActionItem:
    return ActionItem.objects.create(plan=plan, title=title, language="en", weight=weight, order=order)


def make_step(item: ActionItem, description: str = "Hold a listening session", **fields: Any) -> ActionStep:
    fields.setdefault("language", "en")
    fields.setdefault("responsible_party", "City council")
    return ActionStep.objects.create(item=item, description=description, **fields)


def publish(plan: Plan) -> Plan:
    """Mark the plan published with a snapshot of its items and steps (as the action-plan app saves it)."""
    number = plan.version + 1
    snapshot = {
        "title": plan.title,
        "items": [
            {
                "id": item.pk,
                "title": item.title,
                "language": item.language,
                "weight": item.weight,
                "steps": [
                    {"id": s.pk, "description": s.description, "language": s.language}
                    for s in item.steps.order_by("order", "id")
                ],
            }
            for item in plan.items.order_by("order", "id")
        ],
    }
    PlanVersion.objects.create(plan=plan, number=number, summary="Published", snapshot=snapshot)
    plan.version = number
    plan.published_version = number
    plan.save()
    return plan


def make_member(program: Program, name: str = "Ana Reyes", **fields: Any) -> CouncilMember:
    return CouncilMember.objects.create(program=program, name=name, **fields)


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def local_at(day: date, hour: int = 18) -> datetime:
    """A time as typed on the program's pages: the test program is in Texas, on Central time."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("America/Chicago"))


def make_meeting(program: Program, day: date, **fields: Any) -> Meeting:
    fields.setdefault("title", "Council meeting")
    return Meeting.objects.create(program=program, starts_at=at(day), ends_at=at(day) + timedelta(hours=2), **fields)


def make_volunteer(forum: Forum, name: str, contact: str, representative: bool = False) -> CouncilVolunteer:
    sector = Sector.objects.filter(program=forum.program).first()
    participant = Participant.objects.create(forum=forum, join_token=uuid.uuid4(), sector=sector, language="en")
    return CouncilVolunteer.objects.create(
        forum=forum, participant=participant, name=name, contact=contact, representative=representative
    )


def make_forum(program: Program) -> Forum:
    phase = program.phase
    set_phase(program, Phase.FORUM)
    try:
        return forum_setup(program=program)
    finally:
        set_phase(program, phase)
