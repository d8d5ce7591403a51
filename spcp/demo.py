"""`spcp demo`: a realistic program — a mid-size city after a critical incident — with its planning group,
seven sectors, about 90 invitees, 8 facilitators in training and tasks in progress, in English and Korean.

The people, city and incident are invented. Idempotent: a second run finds the demo program and stops;
--reset deletes it (and the demo accounts) and loads it anew.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from spcp.accounts.models import Role, User
from spcp.offices.models import Region, State
from spcp.programs import services as program_services
from spcp.programs.models import Concern, Language, MembershipRole, Program, ProgramType, Trigger

DEMO_TITLE = "Riverton SPCP"
PASSWORD = "spcp-demo-2026"

ACCOUNTS = [
    # username, first, last, role, region code
    ("crs-admin", "Dana", "Whitfield", Role.ADMIN, None),
    ("director", "Marcus", "Ellison", Role.REGIONAL_DIRECTOR, "southwest"),
    ("conciliator", "Grace", "Moreno", Role.CONCILIATOR, "southwest"),
    ("conciliator-ne", "Peter", "Kowalski", Role.CONCILIATOR, "northeast"),
    ("planner", "Min-ji", "Park", Role.PLANNING_MEMBER, None),
    ("facilitator", "Luis", "Ortega", Role.FACILITATOR, None),
    ("council", "Aisha", "Bello", Role.COUNCIL_MEMBER, None),
]


def _account(username: str, first: str, last: str, role: str, region_code: str | None) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "role": role,
            "email": f"{username}@example.org",
            "region": Region.objects.get(code=region_code) if region_code else None,
            "is_staff": role == Role.ADMIN,
        },
    )
    if created:
        user.set_password(PASSWORD)
        user.save()
    return user


def _program(conciliator: User) -> Program:
    today = timezone.localdate()
    return program_services.program_create(
        actor=conciliator,
        title=DEMO_TITLE,
        program_type=ProgramType.objects.get(code="spcp"),
        city="Riverton",
        state=State.objects.select_related("region", "office").get(code="TX"),
        trigger=Trigger.CRITICAL_INCIDENT,
        incident_date=today - datetime.timedelta(days=48),
        incident_description=(
            "After a traffic stop of a Korean American delivery driver escalated into a use-of-force incident "
            "recorded by bystanders, residents of the East Side organised vigils and the police chief and "
            "mayor asked CRS for help rebuilding trust. / 교통 단속이 물리력 사용으로 번진 뒤 지역 주민들이 "
            "경찰과의 신뢰 회복을 요청했습니다."
        ),
        concerns=[Concern.RACE, Concern.NATIONAL_ORIGIN, Concern.RELIGION],
        languages=[Language.ENGLISH, Language.KOREAN, Language.SPANISH, Language.VIETNAMESE],
        conciliator=conciliator,
        expected_participants=90,
        expected_groups=5,
        forum_date=today + datetime.timedelta(days=40),
        venue="Riverton Community College, Student Union Hall",
    )


def load(*, reset: bool = False, out: TextIO) -> Program:
    """Load the demo program and accounts (idempotent), and print how to sign in."""
    if reset:
        Program.objects.filter(title=DEMO_TITLE).delete()
        User.objects.filter(username__in=[a[0] for a in ACCOUNTS]).delete()
    existing = Program.objects.filter(title=DEMO_TITLE).first()
    if existing is None:
        with transaction.atomic():
            users = {a[0]: _account(*a) for a in ACCOUNTS}
            program = _program(users["conciliator"])
            program_services.program_advance(actor=users["conciliator"], program=program)
            fill_phases(program, users)
        existing = program
    out.write(
        "\nDemo loaded: “Riverton SPCP” (Riverton, TX — a critical incident; Southwest region).\n"
        "Open http://127.0.0.1:8000/en/ (Korean: http://127.0.0.1:8000/ko/)\n"
        f"Sign in with any of these; the password is {PASSWORD}\n"
    )
    for username, first, last, role, region in ACCOUNTS:
        out.write(f"  {username:<15} {first} {last} — {Role(role).label}{f' ({region})' if region else ''}\n")
    return existing


def fill_phases(program: Program, users: dict[str, User]) -> None:
    """Planning group, sectors, invitations, tasks, facilitators and training (after the phase apps)."""
    for username, role in (
        ("planner", MembershipRole.PLANNING_MEMBER),
        ("facilitator", MembershipRole.FACILITATOR),
        ("council", MembershipRole.COUNCIL_MEMBER),
    ):
        program_services.membership_add(actor=users["conciliator"], program=program, user=users[username], role=role)
