"""The demo's third program: "Harbor City SPCP", a year after its forum day.

The day ran to the end (priorities voted, solutions with action steps, the room's responses, council
sign-ups); the action plan was drafted from it, edited, approved and published with a public progress page;
the council has met monthly since, with minutes, attendance and decisions, and the plan is about half done
with some steps overdue; the outcome survey ran at baseline, 3 and 12 months, and the feedback survey after
the day. Invented people and places.

`finish_forum_day` is also what the end-to-end tests use to start "from a finished forum".
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass

from spcp.accounts.models import User
from spcp.forum import services as forum_services
from spcp.forum.models import Breakout, Forum, Participant, SegmentKind, Statement
from spcp.planning.models import Sector, Side
from spcp.programs.models import Program

DAY_SECTORS = [
    ("Faith communities", "en"),
    ("Youth and schools", "en"),
    ("Korean American community / 한인 사회", "ko"),
    ("Latino community", "es"),
    ("Neighborhood associations", "en"),
]

DAY_STRENGTHS = [
    ("en", "Officers and pastors already run a summer safety walk together."),
    ("ko", "경찰서에 한국어를 하는 경찰관이 두 명 있습니다."),
    ("es", "La biblioteca ofrece un espacio neutral para reuniones."),
]

# (sector index or -1 for law enforcement; language; text)
DAY_ISSUES = [
    (-1, "en", "Officers rarely get to talk with residents outside of calls."),
    (0, "en", "People do not know how to file a complaint or what happens to it."),
    (1, "en", "Young people feel they are stopped because of how they look."),
    (2, "ko", "통역이 없어서 어르신들이 신고를 하지 못합니다."),
    (3, "es", "Las familias inmigrantes temen llamar a la policía."),
    (4, "en", "Slow response to calls on the east side."),
    (1, "en", "Stops are not explained to the people stopped."),
]

# For the issue at each index of DAY_ISSUES: the mixed table's solution and its action steps (text, who, by when).
DAY_SOLUTIONS = {
    1: (
        "en",
        "Publish a plain-language complaint guide in five languages and report outcomes every quarter.",
        [
            ("Write the complaint guide with the council", "Police department and the council", "3 months"),
            ("Translate it into Korean, Spanish, Vietnamese and Chinese", "City language access office", "5 months"),
            ("Publish quarterly complaint outcomes", "Police department", "every quarter"),
        ],
    ),
    0: (
        "en",
        "Monthly coffee with a cop in each district, rotating host organisations.",
        [
            ("Set the schedule with district captains", "Police department", "1 month"),
            ("Recruit host organisations in every district", "Neighborhood associations", "2 months"),
        ],
    ),
    3: (
        "ko",
        "한국어 통역 핫라인을 만들고 경찰관에게 통역 서비스 이용 교육을 한다.",
        [
            ("Contract a 24-hour interpreter line", "City purchasing office", "4 months"),
            ("Train patrol officers on using the interpreter line", "Police training unit", "6 months"),
        ],
    ),
    2: (
        "en",
        "Officers explain every stop using a short script and hand out a card with the reason and how to comment.",
        [
            (
                "Draft the stop card and script with youth representatives",
                "Police department and youth council",
                "2 months",
            ),
            ("Train all patrol officers on the script", "Police training unit", "6 months"),
        ],
    ),
    4: (
        "es",
        "La policía y las organizaciones de inmigrantes explican en reuniones públicas"
        " que llamar a la policía no conduce a una deportación.",
        [
            (
                "Hold four public meetings with immigrant organisations",
                "Police department and Latino community groups",
                "6 months",
            ),
        ],
    ),
}


@dataclass(frozen=True)
class FinishedDay:
    forum: Forum
    participants: list[Participant]
    priorities: list[Statement]


def finish_forum_day(
    *, program: Program, actor: User, people_per_sector: int = 8, seed: int = 2025, volunteers: int = 8
) -> FinishedDay:
    """Run a whole forum day for `program` (which must be in the forum phase) through the forum's services:
    check-in, breakout 1, dot voting, breakout 2 with solutions and steps, responses, council sign-up, end."""
    rng = random.Random(seed)
    police = Sector.objects.get(program=program, kind=Side.LAW_ENFORCEMENT)
    sectors = [
        Sector.objects.get_or_create(program=program, name=name, defaults={"kind": Side.COMMUNITY, "order": i})[0]
        for i, (name, _lang) in enumerate(DAY_SECTORS, start=2)
    ]
    languages = {police.pk: "en", **{s.pk: lang for s, (_n, lang) in zip(sectors, DAY_SECTORS, strict=True)}}
    room = forum_services.forum_setup(program=program)
    people: list[Participant] = []
    for sector in [police, *sectors]:
        for i in range(people_per_sector):
            language = languages[sector.pk] if i % 2 == 0 else "en"
            joined = forum_services.participant_join(
                forum=room, join_token=uuid.uuid4(), sector=sector, language=language
            )
            people.append(joined.participant)
    segments = {s.kind: s for s in room.segments.all()}

    def start(kind: str) -> None:
        forum_services.segment_start(forum=room, segment=segments[kind], actor=actor)
        room.refresh_from_db()

    for kind in (SegmentKind.OPENING, SegmentKind.GROUND_RULES, SegmentKind.BREAKOUT_1):
        start(kind)
    tables = forum_services.breakouts_build_first(forum=room, actor=actor).tables
    by_sector = {s.pk: t for t in reversed(tables) for s in t.sectors.all()}
    for language, text in DAY_STRENGTHS:
        forum_services.statement_add(breakout=rng.choice(tables), kind="strength", text=text, language=language)
    issues = []
    for where, language, text in DAY_ISSUES:
        sector = police if where < 0 else sectors[where]
        issues.append(
            forum_services.statement_add(breakout=by_sector[sector.pk], kind="issue", text=text, language=language)
        )
    # "Young people feel they are stopped…" and "Stops are not explained…" were merged across the room.
    forum_services.merge_confirm(statements=[issues[2], issues[6]], actor=actor)
    start(SegmentKind.REPORT_OUT_1)
    start(SegmentKind.DOT_VOTING)
    forum_services.voting_open(forum=room, actor=actor)
    room.refresh_from_db()
    open_issues = issues[:6]
    weights = [4, 9, 8, 6, 5, 2]
    for person in people:
        picks = rng.choices(open_issues, weights=weights, k=room.dots_per_participant)
        dots: dict[int, int] = {}
        for pick in picks:
            dots[pick.pk] = dots.get(pick.pk, 0) + 1
        forum_services.dots_cast(forum=room, participant=person, dots=dots, revision=1, client_token=uuid.uuid4())
    priorities = forum_services.voting_close(forum=room, actor=actor)
    room.refresh_from_db()
    start(SegmentKind.BREAKOUT_2)
    forum_services.breakouts_build_second(forum=room, actor=actor, groups=len(priorities), seed=seed)
    second = list(Breakout.objects.filter(forum=room, round=2).order_by("number"))
    solutions = []
    index = {issue.pk: i for i, issue in enumerate(issues)}
    for table, issue in zip(second, priorities, strict=False):
        if index[issue.pk] not in DAY_SOLUTIONS:
            continue
        language, text, steps = DAY_SOLUTIONS[index[issue.pk]]
        forum_services.breakout_issues_set(breakout=table, issues=[issue], actor=actor)
        solution = forum_services.solution_add(
            breakout=table, issue=issue, text=text, language=language, author_user=actor
        )
        solutions.append(solution)
        for step_text, who, by_when in steps:
            forum_services.step_add(solution=solution, text=step_text, language="en", who=who, by_when=by_when)
    start(SegmentKind.REPORT_OUT_2)
    forum_services.responses_set_open(forum=room, is_open=True, actor=actor)
    room.refresh_from_db()
    for person in people:
        for solution in solutions:
            value = rng.choices([1, -1, 0], weights=[7, 1, 2])[0]
            forum_services.response_record(participant=person, solution=solution, value=value, revision=1)
    forum_services.responses_set_open(forum=room, is_open=False, actor=actor)
    start(SegmentKind.COUNCIL)
    forum_services.council_signup_set_open(forum=room, is_open=True, actor=actor)
    room.refresh_from_db()
    names = [
        "Grace Kim",
        "Daniel Ruiz",
        "Pastor James Whitaker",
        "Sgt. Maria Lopez",
        "Aaliyah Brooks",
        "Minh Tran",
        "Robert Chen",
        "Elena Vasquez",
        "Tom Becker",
        "Sun-hee Park",
    ]
    chosen_sectors: set[int] = set()
    for person, name in zip(people[:: people_per_sector // 2 or 1], names[:volunteers], strict=False):
        volunteer = forum_services.council_volunteer(
            participant=person, name=name, contact=f"{name.split()[-1].lower()}@example.org", show_name=True
        )
        if person.sector_id not in chosen_sectors:
            forum_services.representative_set(volunteer=volunteer, chosen=True, actor=actor)
            chosen_sectors.add(person.sector_id)
    forum_services.council_signup_set_open(forum=room, is_open=False, actor=actor)
    room.refresh_from_db()
    forum_services.day_end(forum=room, actor=actor)
    room.refresh_from_db()
    return FinishedDay(forum=room, participants=people, priorities=priorities)
