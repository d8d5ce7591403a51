"""The demo's third program: "Harbor City SPCP", a year after its forum day.

The day ran to the end (priorities voted, solutions with action steps, the room's responses, council
sign-ups); the action plan was drafted from it, edited, approved and published with a public progress page;
the council has met monthly since, with minutes, attendance and decisions, and the plan is about half done
with some steps overdue; the outcome survey ran at baseline, 3 and 12 months, and the feedback survey after
the day. Invented people and places.

`finish_forum_day` is also what the end-to-end tests use to start "from a finished forum".
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from spcp.accounts.models import User
from spcp.actionplan import selectors as plan_selectors
from spcp.actionplan import services as plan_services
from spcp.actionplan.models import Plan
from spcp.council import services as council_services
from spcp.council.models import CouncilRole, MemberKind
from spcp.demo_sectors import sector_fields
from spcp.evaluation import services as evaluation_services
from spcp.evaluation.models import RespondentRole, Wave, YearsBand
from spcp.forum import services as forum_services
from spcp.forum.models import Breakout, Forum, Participant, SegmentKind, Statement
from spcp.offices.models import State
from spcp.planning.models import Sector, Side
from spcp.programs import services as program_services
from spcp.programs.models import Concern, Language, MembershipRole, Phase, Program, ProgramType, Trigger

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
        "Monthly coffee with a cop in each district, rotating host organizations.",
        [
            ("Set the schedule with district captains", "Police department", "1 month"),
            ("Recruit host organizations in every district", "Neighborhood associations", "2 months"),
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
                "Hold four public meetings with immigrant organizations",
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
        Sector.objects.get_or_create(
            program=program,
            name=sector_fields(name)["name"],
            defaults={"kind": Side.COMMUNITY, "order": i, **sector_fields(name)},
        )[0]
        for i, (name, _lang) in enumerate(DAY_SECTORS, start=2)
    ]
    languages = {police.pk: "en", **{s.pk: lang for s, (_n, lang) in zip(sectors, DAY_SECTORS, strict=True)}}
    room = forum_services.forum_setup(program=program)
    people: list[Participant] = []
    for sector in [police, *sectors]:
        for i in range(people_per_sector):
            language = languages[sector.pk] if i % 2 == 0 else "en"
            (ticket,) = forum_services.tickets_issue(forum=room, sector=sector, count=1, actor=actor)
            joined = forum_services.participant_join(
                forum=room, join_token=uuid.uuid4(), ticket=ticket, language=language
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


# --- A year later ----------------------------------------------------------------------------------------

OUTCOME_TITLE = "Bayview SPCP"
FORUM_DAYS_AGO = 380

# (share answering 4–5) for trust in police, partnership quality and level of tension, by wave and
# constituency; shaped like CRS's Erie case study (trust good/very good 7.4% → about 30%).
SHARES = {
    "baseline": {"community": (0.08, 0.07, 0.63), "law_enforcement": (0.45, 0.30, 0.55)},
    "three_months": {"community": (0.18, 0.21, 0.56), "law_enforcement": (0.55, 0.42, 0.50)},
    "twelve_months": {"community": (0.31, 0.38, 0.46), "law_enforcement": (0.62, 0.55, 0.40)},
}
# The council's first meetings are run by the conciliator; then its chair and secretary take over.
HANDOVER_AFTER_MEETING = 3
RESPONDENTS = {"baseline": 64, "three_months": 42, "twelve_months": 51}
RESPONSE_LANGUAGES = ["en"] * 6 + ["ko"] * 2 + ["es"] * 2 + ["vi"]
# Comments fit their wave: before the forum people name the problems; after it, what changed; after the day,
# the day itself.
COMMENTS: dict[str, dict[str, str]] = {
    Wave.BASELINE: {
        "en": "Nobody tells us why people get stopped, so every stop feels like a threat.",
        "ko": "경찰서에 한국어 통역이 없어서 부모님이 신고를 못 하세요.",
        "es": "Los agentes nunca explican por qué paran a alguien.",
    },
    Wave.THREE_MONTHS: {
        "en": "The coffee meetings made it easier to talk to officers.",
        "ko": "통역 전화가 생겨서 부모님이 신고하기 쉬워졌어요.",
        "es": "Todavía falta que expliquen las paradas.",
    },
    Wave.TWELVE_MONTHS: {
        "en": "Officers now hand out the stop card and explain it; it is not perfect yet, but it is better.",
        "ko": "경찰관들이 이제 검문 이유를 설명해 줘요. 아직 완벽하진 않지만 나아졌어요.",
        "es": "Ahora explican las paradas, aunque no siempre.",
    },
    Wave.AFTER_DAY: {
        "en": "For once the police listened to us at the same table.",
        "ko": "통역이 있어서 제 생각을 말할 수 있었어요.",
        "es": "Me sentí escuchada en mi mesa.",
    },
}

# For each action step, in plan order: (start, due) as days after the forum, and the status and percent it
# has reached today. About half the plan is done; two steps are overdue; one is still to start.
STEP_TIMELINE = [
    (7, 90, "done", 100),
    (60, 150, "done", 100),
    (90, 360, "in_progress", 60),
    (7, 30, "done", 100),
    (30, 60, "done", 100),
    (30, 120, "done", 100),
    (90, 180, "in_progress", 50),
    (14, 60, "done", 100),
    (60, 330, "in_progress", 40),
    (200, 450, "not_started", 0),
    (120, 420, "in_progress", 25),
    (150, 500, "not_started", 0),
]

MINUTES = [
    "Reviewed the plan; the chair asked each lead for a start date.",
    "The complaint guide draft was read aloud; members asked for larger print.",
    "Coffee with a cop started in two districts; turnout about 25 people each.",
    "The Korean interpreter line contract was signed; training to follow.",
    "Youth representatives tested the stop card wording with students.",
]


def load(*, users: dict[str, User]) -> Program:
    """Create the year-after demo program (idempotent: an existing one is returned)."""
    existing = Program.objects.filter(title=OUTCOME_TITLE).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        return _build(users)


def _build(users: dict[str, User]) -> Program:
    rng = random.Random(2025)
    conciliator = users["conciliator"]
    today = timezone.localdate()
    forum_day = today - datetime.timedelta(days=FORUM_DAYS_AGO)
    program = program_services.program_create(
        actor=conciliator,
        title=OUTCOME_TITLE,
        program_type=ProgramType.objects.get(code="spcp"),
        city="Bayview",
        state=State.objects.select_related("region", "office").get(code="TX"),
        trigger=Trigger.CRITICAL_INCIDENT,
        incident_date=forum_day - datetime.timedelta(days=75),
        incident_description="A traffic stop of a Korean American grandfather escalated; video spread online.",
        concerns=[Concern.RACE, Concern.NATIONAL_ORIGIN],
        languages=[Language.ENGLISH, Language.KOREAN, Language.SPANISH, Language.VIETNAMESE],
        conciliator=conciliator,
        expected_participants=48,
        expected_groups=6,
        forum_date=forum_day,
        venue="Bayview Public Library",
    )
    program_services.membership_add(
        actor=conciliator, program=program, user=users["council"], role=MembershipRole.COUNCIL_MEMBER
    )
    program_services.membership_add(
        actor=conciliator, program=program, user=users["planner"], role=MembershipRole.PLANNING_MEMBER
    )
    # Planning and training happened off-screen (Riverton shows them): the program goes straight to its day.
    Program.objects.filter(pk=program.pk).update(phase=Phase.FORUM)
    program.refresh_from_db()
    _survey(program, conciliator, Wave.BASELINE, rng)
    finish_forum_day(program=program, actor=conciliator, people_per_sector=8)
    _feedback(program, conciliator, rng)
    program = program_services.program_advance(actor=conciliator, program=program)
    plan = _plan(program, conciliator, forum_day)
    program = program_services.program_advance(actor=conciliator, program=program)
    _survey(program, conciliator, Wave.THREE_MONTHS, rng)
    _council(program, conciliator, users, plan, forum_day, today, rng)
    _survey(program, conciliator, Wave.TWELVE_MONTHS, rng)
    return program


def _plan(program: Program, actor: User, forum_day: datetime.date) -> Plan:
    plan, _created = plan_services.plan_draft_from_forum(actor=actor, program=program)
    plan_services.plan_update(
        actor=actor,
        plan=plan,
        title="Bayview SPCP action plan",
        introduction=(
            "Forty-eight residents and officers met at the Bayview Public Library and chose five priority "
            "issues. This plan turns the solutions they wrote into steps with owners and dates."
        ),
        language="en",
    )
    items = plan_selectors.plan_items(plan=plan)
    first = items[0]
    plan_services.step_add(
        actor=actor,
        item=first,
        description="Report complaint outcomes to the council each quarter",
        language="en",
        responsible_party="Police department, Office of Professional Standards",
        responsible_person="Lt. Dana Ortiz",
        responsible_email="standards@bayview.example.org",
    )
    plan_services.step_add(
        actor=actor,
        item=items[-1],
        description="Evaluate the meetings with a short survey of attendees",
        language="en",
        responsible_party="SPCP council",
    )
    steps = [step for item in plan_selectors.plan_items(plan=plan) for step in item.steps.all()]
    for step, (start, due, _status, _percent) in zip(steps, STEP_TIMELINE, strict=False):
        plan_services.step_update(
            actor=actor,
            step=step,
            start_date=forum_day + datetime.timedelta(days=start),
            due_date=forum_day + datetime.timedelta(days=due),
            responsible_email=step.responsible_email or "council@bayview.example.org",
            measure=step.measure or "Done when the council has seen it and minuted it.",
        )
    plan_services.plan_approve(actor=actor, plan=plan)
    plan_services.plan_publish(actor=actor, plan=plan)
    plan_services.plan_public_progress_set(actor=actor, plan=plan, enabled=True)
    return plan


def _council(
    program: Program,
    actor: User,
    users: dict[str, User],
    plan: Plan,
    forum_day: datetime.date,
    today: datetime.date,
    rng: random.Random,
) -> None:
    members = council_services.members_import(actor=actor, program=program)
    term: dict[str, Any] = {
        "term_start": forum_day + datetime.timedelta(days=20),
        "term_end": forum_day + datetime.timedelta(days=750),
    }
    chair = members[0]
    council_services.member_update(actor=actor, member=chair, role=CouncilRole.CHAIR, **term)
    members.append(
        council_services.member_add(
            actor=actor,
            program=program,
            user=users["council"],
            name="Aisha Bello",
            email="aisha.bello@example.org",
            organisation="Bayview Neighborhood Alliance",
            kind=MemberKind.OTHER,
            role=CouncilRole.SECRETARY,
            **term,
        )
    )
    members.append(
        council_services.member_add(
            actor=actor,
            program=program,
            name="Lt. Dana Ortiz",
            email="standards@bayview.example.org",
            organisation="Bayview Police Department",
            kind=MemberKind.LIAISON,
            **term,
        )
    )
    steps = [step for item in plan_selectors.plan_items(plan=plan) for step in item.steps.all()]
    for step, (start, due, status, percent) in zip(steps, STEP_TIMELINE, strict=False):
        if status == "not_started":
            continue
        first = forum_day + datetime.timedelta(days=start + 20)
        last = min(today - datetime.timedelta(days=3), forum_day + datetime.timedelta(days=due))
        halfway = first + (last - first) / 2 if last > first else first
        reports = [(first, "in_progress", max(10, percent // 3)), (halfway, "in_progress", max(20, percent * 2 // 3))]
        reports.append((max(last, halfway), status, percent))
        for date, report_status, report_percent in reports:
            council_services.progress_report(
                actor=actor,
                step=step,
                date=min(date, today),
                status=report_status,
                percent=report_percent,
                note="Reported at the council meeting." if report_status != "done" else "Finished and minuted.",
                language="en",
            )
    month = datetime.timedelta(days=30)
    when = forum_day + month
    number = 0
    runner = actor  # the conciliator runs the first meetings, then hands the council to its officers
    while when < today:
        number += 1
        if number == HANDOVER_AFTER_MEETING + 1:
            council_services.council_hand_over(actor=actor, program=program)
            runner = users["council"]  # the secretary
        starts = datetime.datetime.combine(when, datetime.time(23, 30), tzinfo=datetime.UTC)
        meeting = council_services.meeting_schedule(
            actor=runner,
            program=program,
            title=f"Council meeting {number}",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1, minutes=30),
            location="Bayview Public Library, Room B",
        )
        present = [m for m in members if rng.random() < 0.8]
        council_services.meeting_minutes_record(
            actor=runner,
            meeting=meeting,
            minutes=MINUTES[(number - 1) % len(MINUTES)],
            minutes_language="en",
            present=present,
            held=True,
        )
        if number % 3 == 0:
            council_services.decision_add(
                actor=runner,
                meeting=meeting,
                text="Ask the chief to report on the stop card at the next public meeting.",
                language="en",
                action_item=rng.choice(plan_selectors.plan_items(plan=plan)),
            )
        when += month
    upcoming = datetime.datetime.combine(
        today + datetime.timedelta(days=14), datetime.time(23, 30), tzinfo=datetime.UTC
    )
    meeting = council_services.meeting_schedule(
        actor=runner,
        program=program,
        title=f"Council meeting {number + 1}",
        starts_at=upcoming,
        ends_at=upcoming + datetime.timedelta(hours=1, minutes=30),
        location="Bayview Public Library, Room B",
    )
    council_services.meeting_agenda_build(actor=runner, meeting=meeting)


def _answers(shares: tuple[float, float, float], rng: random.Random) -> dict[str, int]:
    def answer(share: float) -> int:
        return rng.choice([4, 5]) if rng.random() < share else rng.choice([1, 2, 3])

    trust, partnership, tension = shares
    return {
        "trust_police": answer(trust),
        "partnership": answer(partnership),
        "tension": answer(tension),
        "police_understand": answer((trust + partnership) / 2),
        "community_understand": answer(partnership),
    }


def _survey(program: Program, actor: User, wave: str, rng: random.Random) -> None:
    survey, _created = evaluation_services.survey_create(actor=actor, program=program, wave=wave)
    evaluation_services.survey_set_open(actor=actor, survey=survey, is_open=True)
    for i in range(RESPONDENTS[wave]):
        officer = i % 4 == 0
        language = "en" if officer else rng.choice(RESPONSE_LANGUAGES)
        evaluation_services.response_submit(
            survey=survey,
            client_token=uuid.uuid4(),
            language=language,
            role=RespondentRole.OFFICER
            if officer
            else rng.choice([RespondentRole.RESIDENT, RespondentRole.COMMUNITY_LEADER]),
            answers=_answers(SHARES[wave]["law_enforcement" if officer else "community"], rng),
            years=rng.choice(YearsBand.values),
            helped_plan=rng.random() < 0.15,
            comment=COMMENTS[wave].get(language, "") if i % 9 == 0 else "",
        )
    evaluation_services.survey_set_open(actor=actor, survey=survey, is_open=False)


def _feedback(program: Program, actor: User, rng: random.Random) -> None:
    survey, _created = evaluation_services.survey_create(actor=actor, program=program, wave=Wave.AFTER_DAY)
    evaluation_services.survey_set_open(actor=actor, survey=survey, is_open=True)
    for i in range(37):
        language = rng.choice(RESPONSE_LANGUAGES)
        evaluation_services.response_submit(
            survey=survey,
            client_token=uuid.uuid4(),
            language=language,
            role=RespondentRole.OFFICER if i % 4 == 0 else RespondentRole.RESIDENT,
            answers={
                item: rng.choices([5, 4, 3, 2], weights=[5, 4, 2, 1])[0]
                for item in ("felt_heard", "facilitator_helped", "solutions_realistic", "take_part_again", "overall")
            },
            comment=COMMENTS[Wave.AFTER_DAY].get(language, "") if i % 7 == 0 else "",
        )
    evaluation_services.survey_set_open(actor=actor, survey=survey, is_open=False)
