"""The demo's second program: "Lakeside SPCP" on its forum day, at the dot vote.

84 people have checked in on their phones in five languages, the first breakout's same-sector tables have
recorded strengths and issues (some in Korean, Spanish, Vietnamese and Chinese), two duplicates from
different tables were merged, and most of the room has placed its dots. Invented people and places.
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.db import transaction
from django.utils import timezone

from spcp.accounts.models import User
from spcp.demo_sectors import sector_fields
from spcp.forum import services as forum
from spcp.forum.models import Forum, Participant, SegmentKind
from spcp.offices.models import State
from spcp.planning.models import Sector, Side
from spcp.programs import services as program_services
from spcp.programs.models import Concern, Language, MembershipRole, Phase, Program, ProgramType, Trigger
from spcp.training.services import facilitator_add

FORUM_TITLE = "Lakeside SPCP"

SECTORS = [
    ("Faith and clergy", 12),
    ("Youth", 14),
    ("New Americans (immigrants and refugees)", 13),
    ("Korean American community / 한인 사회", 12),
    ("Social services", 9),
    ("Business and neighborhood associations", 10),
]
POLICE = 14
LANGUAGES = ["en"] * 10 + ["ko"] * 3 + ["es"] * 3 + ["vi"] * 2 + ["zh-hans"] * 2

STRENGTHS = [
    ("en", "Officers coach the youth basketball league every summer."),
    ("ko", "한인회와 경찰서가 매년 안전 교육을 함께 합니다."),
    ("en", "The chief meets faith leaders every quarter."),
    ("es", "Hay oficiales que hablan español en el turno de noche."),
]
POLICE_TABLE = -1
ISSUES: list[tuple[int, str, str]] = [
    # (table's sector index, or POLICE_TABLE; language; text)
    (POLICE_TABLE, "en", "Officers feel the community only hears about them after a bad incident."),
    (POLICE_TABLE, "en", "Calls for service are rising while staffing is down."),
    (0, "en", "People are afraid to call the police about hate incidents at places of worship."),
    (0, "en", "Officers do not explain why they stop people."),
    (1, "en", "Young people are stopped and searched walking home from school."),
    (1, "en", "Police never explain the reason for a stop."),
    (2, "es", "Los inmigrantes temen que llamar a la policía lleve a una deportación."),
    (2, "vi", "Không có thông dịch viên khi cảnh sát đến nhà."),
    (3, "ko", "경찰이 검문 이유를 설명하지 않는다."),
    (3, "ko", "통역이 없어서 한인 어르신들이 신고를 못 한다."),
    (4, "en", "Mental health calls are answered with force instead of care."),
    (5, "zh-hans", "商店被盗后警察很久才来。"),
    (5, "en", "Slow response times to 911 calls on the East Side."),
]


def load(*, users: dict[str, User]) -> Program:
    """Create the forum-day demo program (idempotent: an existing one is returned)."""
    existing = Program.objects.filter(title=FORUM_TITLE).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        return _build(users)


def _build(users: dict[str, User]) -> Program:
    rng = random.Random(84)
    conciliator = users["conciliator"]
    program = program_services.program_create(
        actor=conciliator,
        title=FORUM_TITLE,
        program_type=ProgramType.objects.get(code="spcp"),
        city="Lakeside",
        state=State.objects.select_related("region", "office").get(code="TX"),
        trigger=Trigger.PROACTIVE,
        concerns=[Concern.RACE, Concern.NATIONAL_ORIGIN],
        languages=[Language.ENGLISH, Language.KOREAN, Language.SPANISH, Language.VIETNAMESE, Language.CHINESE],
        conciliator=conciliator,
        expected_participants=84,
        expected_groups=7,
        forum_date=timezone.localdate(),
        venue="Lakeside Civic Center",
    )
    program_services.membership_add(
        actor=conciliator, program=program, user=users["facilitator"], role=MembershipRole.FACILITATOR
    )
    # The planning and training of this program happened off-screen (Riverton shows them); it is on its day.
    Program.objects.filter(pk=program.pk).update(phase=Phase.FORUM)
    program.refresh_from_db()
    police = Sector.objects.get(program=program, kind=Side.LAW_ENFORCEMENT)
    sectors = [
        Sector.objects.create(program=program, kind=Side.COMMUNITY, order=i, **sector_fields(name))
        for i, (name, _size) in enumerate(SECTORS, start=2)
    ]
    for name, langs in [
        ("Luis Ortega", ["en", "es"]),
        ("Hye-jin Lee", ["en", "ko"]),
        ("Thanh Nguyen", ["en", "vi"]),
        ("Wei Chen", ["en", "zh"]),
        ("Rosa Santos", ["en", "es"]),
        ("Samuel Okafor", ["en"]),
        ("Keisha Davis", ["en"]),
    ]:
        facilitator_add(
            actor=conciliator,
            program=program,
            name=name,
            languages=langs,
            user=users["facilitator"] if name == "Luis Ortega" else None,
        )
    room = Forum.objects.get(program=program)
    people: list[Participant] = []
    # Check-in: the desk hands each person a one-time ticket for their sector; their phone joins with it.
    for sector, size in [(police, POLICE), *zip(sectors, (s for _n, s in SECTORS), strict=True)]:
        for ticket in forum.tickets_issue(forum=room, sector=sector, count=size, actor=conciliator):
            language = "en" if sector is police else rng.choice(LANGUAGES)
            people.append(
                forum.participant_join(
                    forum=room, join_token=uuid.uuid4(), ticket=ticket, language=language
                ).participant
            )
    # Tickets printed for people who have not arrived yet (badges at the desk).
    forum.tickets_issue(forum=room, sector=sectors[0], count=4, actor=conciliator)
    segments = {s.kind: s for s in room.segments.all()}
    for kind in (SegmentKind.OPENING, SegmentKind.GROUND_RULES):
        forum.segment_start(forum=room, segment=segments[kind], actor=conciliator)
    forum.ground_rule_add(
        forum=room, text="Put phones face down during report-outs.", language="en", participant=people[20]
    )
    for kind in (SegmentKind.BREAKOUT_1, SegmentKind.REPORT_OUT_1):
        forum.segment_start(forum=room, segment=segments[kind], actor=conciliator)
    # Back-date the morning as it ran: each segment took its planned length, one after the other, and the
    # last one runs until dot voting starts now.
    started = list(room.segments.filter(started_at__isnull=False).order_by("order"))
    clock = timezone.now() - datetime.timedelta(minutes=sum(s.planned_minutes for s in started))
    for segment in started:
        segment.started_at = clock
        clock += datetime.timedelta(minutes=segment.planned_minutes)
        segment.ended_at = None if segment is started[-1] else clock
        segment.save(update_fields=["started_at", "ended_at", "updated_at"])
    tables = forum.breakouts_build_first(forum=room, actor=conciliator).tables
    by_sector = {s.pk: t for t in reversed(tables) for s in t.sectors.all()}
    for language, text in STRENGTHS:
        forum.statement_add(breakout=rng.choice(tables), kind="strength", text=text, language=language)
    issues = []
    for where, language, text in ISSUES:
        sector = police if where == POLICE_TABLE else sectors[where]
        issues.append(forum.statement_add(breakout=by_sector[sector.pk], kind="issue", text=text, language=language))
    # "Officers do not explain…" (faith table) and "Police never explain…" (youth table) are one issue.
    forum.merge_confirm(statements=[issues[3], issues[5]], actor=conciliator)
    forum.segment_start(forum=room, segment=segments[SegmentKind.DOT_VOTING], actor=conciliator)
    room.refresh_from_db()
    forum.voting_open(forum=room, actor=conciliator)
    room.refresh_from_db()
    open_issues = [i for i in issues if i.pk != issues[5].pk]
    weights = [5, 2, 6, 9, 7, 1, 8, 3, 2, 6, 8, 2, 5]
    weights = [w for i, w in enumerate(weights) if i != 5]
    for person in people[:68]:
        picks = rng.choices(open_issues, weights=weights, k=3)
        dots: dict[int, int] = {}
        for pick in picks:
            dots[pick.pk] = dots.get(pick.pk, 0) + 1
        forum.dots_cast(forum=room, participant=person, dots=dots, revision=1, client_token=uuid.uuid4())
    return program
