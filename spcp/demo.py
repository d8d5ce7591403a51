"""`spcp demo`: a realistic program — a mid-size city after a critical incident — with its planning group,
seven sectors, about 90 invitees, 8 facilitators in training and tasks in progress, in English and Korean.

The people, city and incident are invented. Idempotent: a second run finds the demo program and stops;
--reset deletes it (and the demo accounts) and loads it anew.
"""

from __future__ import annotations

import datetime
import random
import time
from typing import TextIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import hotp, totp
from django_otp.plugins.otp_static.models import StaticToken

from spcp import demo_forum, demo_outcomes
from spcp.accounts import selectors as account_selectors
from spcp.accounts import services as account_services
from spcp.accounts.models import CRS_STAFF_ROLES, Role, User
from spcp.demo_sectors import sector_create_args
from spcp.intake.models import ProgramRequest
from spcp.intake.services import request_submit
from spcp.offices.models import Region, State
from spcp.planning.models import ChecklistKey, MemberRole, Rsvp, Sector, Side, Task, TaskStatus
from spcp.planning.services import invitation_create, meeting_create, member_add, sector_create, task_update
from spcp.programs import services as program_services
from spcp.programs.models import Concern, Language, MembershipRole, Program, ProgramType, Trigger
from spcp.training.models import Module
from spcp.training.services import attendance_record, facilitator_add, session_create

DEMO_TITLE = "Riverton SPCP"
PASSWORD = "spcp-demo-2026"
DEMO_REQUEST_EMAILS = ["awhitehorse@example.org", "tgreene@example.org"]

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
            "recorded by bystanders, residents of the East Side organized vigils and the police chief and "
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
        Program.objects.filter(title__in=[DEMO_TITLE, demo_forum.FORUM_TITLE, demo_outcomes.OUTCOME_TITLE]).delete()
        ProgramRequest.objects.filter(email__in=DEMO_REQUEST_EMAILS).delete()
        User.objects.filter(username__in=[a[0] for a in ACCOUNTS]).delete()
    existing = Program.objects.filter(title=DEMO_TITLE).first()
    if existing is None:
        with transaction.atomic():
            users = {a[0]: _account(*a) for a in ACCOUNTS}
            program = _program(users["conciliator"])
            program = program_services.program_advance(actor=users["conciliator"], program=program)
            program = fill_phases(program, users)
            _requests()
        existing = program
    demo_forum.load(users={a[0]: _account(*a) for a in ACCOUNTS})
    demo_outcomes.load(users={a[0]: _account(*a) for a in ACCOUNTS})
    out.write(
        "\nDemo loaded: “Riverton SPCP” (Riverton, TX — a critical incident; Southwest region).\n"
        f"Open {settings.SPCP_SITE_URL}/en/ (Korean: {settings.SPCP_SITE_URL}/ko/)\n"
        "Also loaded: “Lakeside SPCP”, on its forum day at the dot vote (84 people checked in; to join from a\n"
        "phone, use one of the unused tickets on its Forum → Check-in → Check-in tickets page),\n"
        "and “Bayview SPCP”, a year after its forum: a published plan about half done, a council that meets\n"
        "monthly, and the outcome survey at baseline, 3 and 12 months.\n"
        f"Sign in with any of these; the password is {PASSWORD}\n"
    )
    for username, first, last, role, region in ACCOUNTS:
        out.write(f"  {username:<15} {first} {last} — {Role(role).label}{f' ({region})' if region else ''}\n")
    out.write(
        "CRS staff also give a code from an authenticator app (two-step sign-in). The demo staff are already\n"
        "set up: add the key below to any authenticator app (or print the current code with\n"
        "`spcp demo --code USERNAME`), or use one of the recovery codes (each works once).\n"
    )
    for username, _first, _last, role, _region in ACCOUNTS:
        if role in CRS_STAFF_ROLES:
            secret, codes = _two_factor(User.objects.get(username=username))
            out.write(f"  {username:<15} key {secret}\n  {'':<15} recovery codes {' '.join(codes)}\n")
    return existing


def current_code(username: str) -> str:
    """The code a demo staff account's authenticator app shows now (demo accounts only: their keys are printed
    anyway); for trying the demo without an app."""
    if username not in {a[0] for a in ACCOUNTS}:
        raise SystemExit(f"{username} is not a demo account")
    device = account_selectors.totp_device_get(user=User.objects.get(username=username))
    if device is None:
        raise SystemExit(f"{username} has no two-step sign-in: run `spcp demo` first")
    step = max(int(time.time()) // device.step, device.last_t + 1)  # each step's code is accepted once
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def _two_factor(user: User) -> tuple[str, list[str]]:
    """Enrol a demo staff account as a person would (a code from the new key confirms it), once; return the
    key as an authenticator app takes it and the recovery codes not yet used."""
    device = account_selectors.totp_device_get(user=user)
    if device is None:
        device = account_services.totp_device_start(user=user)
        account_services.totp_device_confirm(device=device, code=f"{totp(device.bin_key):06d}")
    codes = StaticToken.objects.filter(device__user=user).order_by("pk").values_list("token", flat=True)
    return account_selectors.totp_secret(device), list(codes)


# Seven sectors, as in Erie; law enforcement is created with every program. Standard sectors are stored by
# key; the two custom ones are named in every participant language (spcp.demo_sectors).
SECTORS = [
    "Faith and clergy",
    "Youth",
    "New Americans (immigrants and refugees)",
    "Korean American community / 한인 사회",
    "Social services",
    "Business and neighborhood associations",
]

FIRST = [
    "James",
    "Maria",
    "Wei",
    "Thanh",
    "Aaliyah",
    "Carlos",
    "Fatima",
    "Daniel",
    "Linh",
    "Rosa",
    "Samuel",
    "Keisha",
    "Ahmed",
    "Emily",
    "Jorge",
    "Priya",
    "Michael",
    "Ana",
    "Tyrone",
    "Hye-jin",
]
LAST = [
    "Johnson",
    "Garcia",
    "Chen",
    "Nguyen",
    "Williams",
    "Hernandez",
    "Ali",
    "Brown",
    "Tran",
    "Lopez",
    "Okafor",
    "Davis",
    "Haddad",
    "Miller",
    "Ramirez",
    "Patel",
    "Wilson",
    "Santos",
    "Jackson",
    "Lee",
]
KOREAN_NAMES = [
    "김민수",
    "이서연",
    "박지훈",
    "최은영",
    "정우진",
    "강수빈",
    "조현우",
    "윤하은",
    "장동건",
    "임지아",
    "한승호",
    "오유진",
]
ORGS = {
    "Law enforcement": [
        "Riverton Police Department",
        "Riverton County Sheriff's Office",
        "Riverton Police Officers Association",
    ],
    "Faith and clergy": [
        "First Baptist Church",
        "Islamic Center of Riverton",
        "St. Anne Catholic Parish",
        "Riverton Korean Presbyterian Church / 리버턴 한인 장로교회",
    ],
    "Youth": ["Riverton High School Student Council", "Boys & Girls Club", "East Side Youth Soccer League"],
    "New Americans (immigrants and refugees)": [
        "Refugee Resettlement Services",
        "Vietnamese Mutual Aid Association",
        "Casa Latina",
    ],
    "Korean American community / 한인 사회": [
        "Riverton Korean American Association / 리버턴 한인회",
        "Korean Senior Center / 한인 노인회",
        "Korean Parents Network / 한인 학부모회",
    ],
    "Social services": ["Riverton Community Health Center", "Family Crisis Center", "Legal Aid of Central Texas"],
    "Business and neighborhood associations": [
        "East Side Neighborhood Association",
        "Riverton Chamber of Commerce",
        "Asian Business Alliance",
    ],
}
INVITEES_PER_SECTOR = {"Law enforcement": 16, "Korean American community / 한인 사회": 14}
DEFAULT_INVITEES = 12  # 16 + 14 + 5 × 12 = 90 invitees


def _invitees(program: Program, conciliator: User, sectors: dict[str, Sector], rng: random.Random) -> None:
    rsvps = [Rsvp.YES] * 6 + [Rsvp.PENDING] * 3 + [Rsvp.MAYBE, Rsvp.NO]
    # Outreach to youth started late: nobody there has said yes yet, so the coverage view flags it.
    youth_rsvps = [Rsvp.PENDING, Rsvp.PENDING, Rsvp.MAYBE]
    serial = 0
    for sector_name, sector in sectors.items():
        for n in range(INVITEES_PER_SECTOR.get(sector_name, DEFAULT_INVITEES)):
            serial += 1
            korean = sector_name.startswith("Korean") and n % 3 != 2
            name = KOREAN_NAMES[n % len(KOREAN_NAMES)] if korean else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            language = ""
            if korean:
                language = Language.KOREAN
            elif sector_name.startswith("New Americans"):
                language = rng.choice([Language.SPANISH, Language.VIETNAMESE, Language.ARABIC, ""])
            needs = ""
            if serial % 17 == 0:
                needs = "Wheelchair access; seating near the front"
            elif serial % 23 == 0:
                needs = "ASL interpreter"
            elif korean and n == 4:
                needs = "큰 글씨 자료 / large-print materials"
            invitation_create(
                actor=conciliator,
                program=program,
                name=name,
                sector=sector,
                organisation=rng.choice(ORGS[sector_name]),
                email=f"invitee{serial}@example.org",
                language=language,
                accessibility_needs=needs,
                rsvp=(youth_rsvps if sector_name == "Youth" else rsvps)[
                    (serial * 7) % len(rsvps) % (3 if sector_name == "Youth" else len(rsvps))
                ],
            )


def _planning(program: Program, users: dict[str, User], rng: random.Random) -> dict[str, Sector]:
    conciliator = users["conciliator"]
    sectors = {"Law enforcement": Sector.objects.get(program=program, kind=Side.LAW_ENFORCEMENT)}
    for name in SECTORS:
        sectors[name] = sector_create(actor=conciliator, program=program, **sector_create_args(name))
    le, korean = sectors["Law enforcement"], sectors["Korean American community / 한인 사회"]
    captain = member_add(
        actor=conciliator,
        program=program,
        name="Capt. Robert Hayes",
        role=MemberRole.CO_CHAIR,
        sector=le,
        organisation="Riverton Police Department",
        email="rhayes@example.org",
    )
    chair = member_add(
        actor=conciliator,
        program=program,
        name="Min-ji Park / 박민지",
        role=MemberRole.CO_CHAIR,
        sector=korean,
        organisation="Riverton Korean American Association / 리버턴 한인회",
        email="planner@example.org",
        user=users["planner"],
    )
    members = [captain, chair]
    for name, sector_name, org in [
        ("Sgt. Alicia Romero", "Law enforcement", "Riverton Police Department"),
        ("Rev. Samuel Okafor", "Faith and clergy", "First Baptist Church"),
        ("Imam Ahmed Haddad", "Faith and clergy", "Islamic Center of Riverton"),
        ("Thanh Nguyen", "New Americans (immigrants and refugees)", "Vietnamese Mutual Aid Association"),
        ("Keisha Davis", "Youth", "Boys & Girls Club"),
        ("Rosa Santos", "Social services", "Legal Aid of Central Texas"),
    ]:
        members.append(
            member_add(actor=conciliator, program=program, name=name, sector=sectors[sector_name], organisation=org)
        )
    member_add(
        actor=conciliator,
        program=program,
        name="Grace Moreno",
        role=MemberRole.CRS_STAFF,
        organisation="CRS Southwest Region",
        user=conciliator,
    )

    today = timezone.localdate()
    progress: dict[str, tuple[str, str]] = {
        ChecklistKey.FORUM_DATE: (
            TaskStatus.DONE,
            "Saturday chosen so that shift officers and working parents can come.",
        ),
        ChecklistKey.VENUE: (
            TaskStatus.DONE,
            "Student Union Hall: step-free entrance, hearing loop, seven breakout rooms.",
        ),
        ChecklistKey.INTERPRETERS: (
            TaskStatus.IN_PROGRESS,
            "한국어 통역사 2명 확정, 스페인어와 베트남어 통역사 섭외 중.",
        ),
        ChecklistKey.ACCESSIBILITY: (TaskStatus.IN_PROGRESS, "ASL interpreters requested for the plenary."),
        ChecklistKey.FOOD: (TaskStatus.TODO, ""),
        ChecklistKey.MATERIALS: (TaskStatus.TODO, "Ground rules poster and facilitator guides in four languages."),
        ChecklistKey.PRESS_POLICY: (
            TaskStatus.IN_PROGRESS,
            "Draft: no press in breakouts; joint statement after the day.",
        ),
    }
    for n, task in enumerate(Task.objects.filter(program=program).order_by("pk")):
        status, notes = progress.get(task.key, (rng.choice([TaskStatus.DONE, TaskStatus.IN_PROGRESS]), ""))
        task_update(
            actor=conciliator,
            task=task,
            status=status,
            notes=notes,
            owner=members[n % len(members)],
            due_date=today + datetime.timedelta(days=7 + 3 * n),
        )

    for weeks_ago, notes, agenda in [
        (
            5,
            "Agreed the sectors and who reaches out to each. The chief will open the forum.",
            "Introductions; why SPCP; sectors",
        ),
        (
            3,
            "기획 그룹이 초대 명단을 검토했습니다. 한인 사회 초대는 한인회가 맡기로 했습니다.",
            "Invitation list; interpreters; venue visit",
        ),
        (
            1,
            "Venue confirmed. Press policy drafted; the group wants no cameras in breakouts.",
            "Press policy; facilitators; agenda of the day",
        ),
    ]:
        meeting_create(
            actor=conciliator,
            program=program,
            starts_at=timezone.now() - datetime.timedelta(weeks=weeks_ago),
            location="Riverton City Hall, Room 204",
            agenda=agenda,
            notes=notes,
            attendees=members[: 5 + weeks_ago % 3],
        )
    _invitees(program, conciliator, sectors, rng)
    return sectors


FACILITATORS = [
    ("Luis Ortega", "Casa Latina", [Language.ENGLISH, Language.SPANISH]),
    ("Jisoo Kim / 김지수", "Korean Parents Network", [Language.ENGLISH, Language.KOREAN]),
    ("Danielle Brooks", "Family Crisis Center", [Language.ENGLISH]),
    ("Hoa Tran", "Vietnamese Mutual Aid Association", [Language.ENGLISH, Language.VIETNAMESE]),
    ("Omar Haddad", "Islamic Center of Riverton", [Language.ENGLISH, Language.ARABIC]),
    ("Patricia Lee", "Riverton Community College", [Language.ENGLISH, Language.KOREAN]),
    ("Marcus Webb", "Boys & Girls Club", [Language.ENGLISH, Language.ASL]),
    ("Elena Ruiz", "Legal Aid of Central Texas", [Language.ENGLISH, Language.SPANISH]),
]


def _training(program: Program, users: dict[str, User]) -> None:
    conciliator = users["conciliator"]
    facilitators = [
        facilitator_add(
            actor=conciliator,
            program=program,
            name=name,
            organisation=org,
            languages=langs,
            email=f"facilitator{n}@example.org",
            user=users["facilitator"] if n == 0 else None,
        )
        for n, (name, org, langs) in enumerate(FACILITATORS)
    ]
    modules = list(Module.objects.filter(program=program).order_by("order"))
    day1, day2 = modules[:3], modules[3:]
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    first = session_create(
        actor=conciliator,
        program=program,
        starts_at=now - datetime.timedelta(days=12, hours=4),
        duration_minutes=240,
        location="Riverton Public Library, Community Room",
        trainer="Grace Moreno (CRS)",
        modules=day1,
    )
    second = session_create(
        actor=conciliator,
        program=program,
        starts_at=now - datetime.timedelta(days=5, hours=4),
        duration_minutes=240,
        location="Riverton Public Library, Community Room",
        trainer="Grace Moreno (CRS)",
        modules=day2,
    )
    attendance_record(actor=conciliator, session=first, facilitators=facilitators)
    # Four came to both days and are ready; the other four still need the second day.
    attendance_record(actor=conciliator, session=second, facilitators=facilitators[:4])
    session_create(
        actor=conciliator,
        program=program,
        starts_at=now + datetime.timedelta(days=6),
        duration_minutes=240,
        location="Riverton Public Library, Community Room",
        trainer="Grace Moreno (CRS)",
        modules=day2,
        notes="Make-up session for those who missed day two.",
    )


def _requests() -> None:
    """Two new requests waiting in the Southwest triage queue."""
    today = timezone.localdate()
    request_submit(
        requester_name="Angela Whitehorse",
        organisation="City of Lawton",
        organisation_role="local_government",
        email="awhitehorse@example.org",
        phone="580-555-0117",
        city="Lawton",
        state=State.objects.get(code="OK"),
        trigger=Trigger.PROACTIVE,
        concerns=[Concern.RACE, Concern.NATIONAL_ORIGIN],
        program_type=ProgramType.objects.get(code="spcp"),
        languages=[Language.SPANISH],
        message="The new police chief wants to start a standing dialogue with the East Lawton neighborhoods.",
        language="en",
        notify_staff=False,  # the demo's people are invented: nobody is emailed
    )
    request_submit(
        requester_name="Rev. Thomas Greene",
        organisation="Greater Fifth Ward Ministerial Alliance",
        organisation_role="community_organisation",
        email="tgreene@example.org",
        phone="713-555-0190",
        city="Houston",
        state=State.objects.get(code="TX"),
        trigger=Trigger.CRITICAL_INCIDENT,
        incident_date=today - datetime.timedelta(days=3),
        incident_description="A fatal police shooting of a young man during a mental-health call; protests since.",
        concerns=[Concern.RACE, Concern.DISABILITY],
        program_type=ProgramType.objects.get(code="spcp"),
        language="en",
        notify_staff=False,  # the demo's people are invented: nobody is emailed
    )


def fill_phases(program: Program, users: dict[str, User]) -> Program:
    """Planning group, sectors, ~90 invitations, tasks in progress, 8 facilitators part-way through training."""
    rng = random.Random(2026)  # the same demo every time
    conciliator = users["conciliator"]
    # A program in training has no council yet: the council user sits on Bayview's only.
    program_services.membership_add(
        actor=conciliator, program=program, user=users["facilitator"], role=MembershipRole.FACILITATOR
    )
    _planning(program, users, rng)
    program = program_services.program_advance(actor=conciliator, program=program)  # planning → training
    _training(program, users)
    return program
