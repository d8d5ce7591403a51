"""A small plan built with the ORM for the document tests: one issue, one solution, two steps that name a
person and an email (which the documents must leave out unless names are included; the email always)."""

from __future__ import annotations

import datetime

from spcp.actionplan.models import ActionItem, ActionStep, Plan, PlanIssue, PlanStrength

PERSON = "Dana Whitfield"
EMAIL = "dana.whitfield@example.org"
KOREAN_PERSON = "김민지"
KOREAN_EMAIL = "minji.kim@example.org"


def make_plan(program, title: str = "Springfield action plan") -> Plan:
    plan, _created = Plan.objects.get_or_create(program=program, defaults={"title": title, "language": "en"})
    PlanStrength.objects.create(plan=plan, order=1, text="Neighbours know each other", language="en")
    PlanStrength.objects.create(plan=plan, order=2, text="교회 지도자들의 협력", language="ko")
    issue = PlanIssue.objects.create(
        plan=plan,
        order=1,
        text="Distrust after traffic stops",
        language="en",
        dots=14,
        sources=[
            {"text": "Stops feel arbitrary", "language": "en", "table": 1},
            {"text": "교통 단속이 불공정하다", "language": "ko", "table": 2},
        ],
    )
    item = ActionItem.objects.create(
        plan=plan,
        issue=issue,
        order=1,
        title="Monthly community walks with officers",
        language="en",
        weight=2,
        support={
            "agree": 21,
            "disagree": 3,
            "pass": 2,
            "bridging": 0.61,
            "constituencies": [
                {"key": "law_enforcement", "members": 8, "agree": 7, "disagree": 1, "passed": 0},
                {"key": "community", "members": 18, "agree": 14, "disagree": 2, "passed": 2},
            ],
        },
    )
    ActionStep.objects.create(
        item=item,
        order=1,
        description="Set the walk schedule",
        language="en",
        responsible_party="Police community liaison office",
        responsible_person=PERSON,
        responsible_email=EMAIL,
        partners="Neighbourhood association",
        start_date=datetime.date(2026, 1, 10),
        due_date=datetime.date(2026, 2, 28),
        resources="Two officers a month",
        measure="Twelve walks a year",
        status="in_progress",
        percent=50,
    )
    ActionStep.objects.create(
        item=item,
        order=2,
        description="한국어 통역 자원봉사자 모집",
        language="ko",
        responsible_party="한인 커뮤니티 센터",
        responsible_person=KOREAN_PERSON,
        responsible_email=KOREAN_EMAIL,
        due_date=datetime.date(2026, 3, 31),
        status="not_started",
    )
    return plan
