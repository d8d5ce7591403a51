"""Reads of the council: members, meetings, the plan's progress, and access_* fetches (404 for missing and
forbidden alike)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from spcp.accounts.models import User
from spcp.actionplan.models import ActionItem, ActionStep, Plan, PlanVersion, StepStatus
from spcp.analysis import progress as analysis
from spcp.council.models import (
    AgendaItem,
    Attendance,
    CouncilMember,
    CouncilRole,
    Decision,
    Handover,
    Meeting,
    MeetingStatus,
    ProgressUpdate,
)
from spcp.programs.models import Program
from spcp.programs.selectors import access_program

AnyUser = User | AnonymousUser
# Emails are written in the site's languages (a language code elsewhere falls back to the program's or English).
EMAIL_LANGUAGES = {code for code, _name in settings.LANGUAGES}
CLOSED_STATUSES = (StepStatus.DONE, StepStatus.DROPPED)


# ---- access -------------------------------------------------------------------------------------------------


def access_council(user: AnyUser, program_id: int, perm: str = "council.view_council") -> Program:
    return access_program(user, program_id, perm=perm)


def access_member(
    user: AnyUser, program_id: int, council_member_id: int, perm: str = "council.manage_council"
) -> CouncilMember:
    program = access_program(user, program_id, perm=perm)
    member = CouncilMember.objects.filter(program=program, pk=council_member_id).select_related("sector").first()
    if member is None:
        raise Http404
    member.program = program
    return member


def access_meeting(
    user: AnyUser, program_id: int, council_meeting_id: int, perm: str = "council.view_council"
) -> Meeting:
    program = access_program(user, program_id, perm=perm)
    meeting = Meeting.objects.filter(program=program, pk=council_meeting_id).first()
    if meeting is None:
        raise Http404
    meeting.program = program
    return meeting


def access_agenda_item(
    user: AnyUser, program_id: int, council_meeting_id: int, agenda_item_id: int, perm: str
) -> AgendaItem:
    meeting = access_meeting(user, program_id, council_meeting_id, perm=perm)
    item = AgendaItem.objects.filter(meeting=meeting, pk=agenda_item_id).first()
    if item is None:
        raise Http404
    item.meeting = meeting
    return item


def access_step(user: AnyUser, program_id: int, plan_step_id: int, perm: str = "council.view_council") -> ActionStep:
    """An action step of the program's plan, if `user` has `perm` on the program."""
    program = access_program(user, program_id, perm=perm)
    step = (
        ActionStep.objects.filter(item__plan__program=program, pk=plan_step_id)
        .select_related("item", "item__plan")
        .first()
    )
    if step is None:
        raise Http404
    step.item.plan.program = program
    return step


def member_by_feed_token(token: str) -> CouncilMember:
    """The active member whose calendar feed this secret opens; 404 for any other string."""
    member = (
        CouncilMember.objects.filter(feed_token=token, active=True).select_related("program").first() if token else None
    )
    if member is None:
        raise Http404
    return member


# ---- members ------------------------------------------------------------------------------------------------


def member_list(*, program: Program) -> QuerySet[CouncilMember]:
    return CouncilMember.objects.filter(program=program).select_related("sector", "user").order_by("-active", "name")


def active_members(*, program: Program) -> list[CouncilMember]:
    return list(CouncilMember.objects.filter(program=program, active=True).order_by("name", "id"))


def member_for_user(*, program: Program, user: AnyUser) -> CouncilMember | None:
    """The user's own active seat on this program's council (for their calendar feed link)."""
    if not user.is_authenticated:
        return None
    return CouncilMember.objects.filter(program=program, user_id=user.pk, active=True).first()


def active_chair(*, program: Program, exclude_id: int | None = None) -> CouncilMember | None:
    qs = CouncilMember.objects.filter(program=program, role="chair", active=True)
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    return qs.first()


def imported_volunteer_ids(*, program: Program) -> set[int]:
    ids = CouncilMember.objects.filter(program=program, source_volunteer_id__isnull=False).values_list(
        "source_volunteer_id", flat=True
    )
    return {i for i in ids if i is not None}


# ---- meetings -----------------------------------------------------------------------------------------------


def meeting_list(*, program: Program) -> QuerySet[Meeting]:
    return Meeting.objects.filter(program=program).order_by("-starts_at", "-id")


def feed_meetings(*, program: Program) -> QuerySet[Meeting]:
    return Meeting.objects.filter(program=program).exclude(status=MeetingStatus.CANCELLED).order_by("starts_at")


def agenda_items(*, meeting: Meeting) -> list[AgendaItem]:
    return list(
        AgendaItem.objects.filter(meeting=meeting).select_related("step", "action_item").order_by("order", "id")
    )


def decisions(*, meeting: Meeting) -> list[Decision]:
    return list(Decision.objects.filter(meeting=meeting).select_related("action_item").order_by("order", "id"))


def attendance_map(*, meeting: Meeting) -> dict[int, bool]:
    return dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "present"))


def attendance_rows(*, meeting: Meeting) -> list[Attendance]:
    return list(Attendance.objects.filter(meeting=meeting).select_related("member").order_by("member__name"))


def next_meeting_after(*, meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(
            program_id=meeting.program_id, status=MeetingStatus.SCHEDULED, starts_at__gt=meeting.starts_at
        )
        .order_by("starts_at")
        .first()
    )


def previous_held_meeting(*, meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(
            program_id=meeting.program_id, status=MeetingStatus.HELD, starts_at__lt=meeting.starts_at
        )
        .order_by("-starts_at")
        .first()
    )


# ---- the plan and its progress ------------------------------------------------------------------------------


def plan_for(*, program: Program) -> Plan | None:
    return Plan.objects.filter(program=program).first()


def plan_items(*, plan: Plan) -> list[ActionItem]:
    """The plan's items with their steps (two queries)."""
    return list(
        ActionItem.objects.filter(plan=plan)
        .select_related("issue")
        .prefetch_related(Prefetch("steps", queryset=ActionStep.objects.order_by("order", "id")))
        .order_by("order", "id")
    )


def plan_steps(*, plan: Plan) -> QuerySet[ActionStep]:
    return ActionStep.objects.filter(item__plan=plan).select_related("item").order_by("item__order", "order", "id")


def step_progress(step: ActionStep) -> analysis.StepProgress:
    return analysis.StepProgress(
        step_id=step.pk,
        item_id=step.item_id,
        weight=step.weight,
        percent=step.percent,
        status=step.status,
        due=step.due_date,
    )


def step_overdue(*, step: ActionStep, today: date) -> bool:
    return analysis.is_overdue(step_progress(step), today)


@dataclass(frozen=True)
class ItemRow:
    item: ActionItem
    steps: list[ActionStep]
    progress: analysis.ItemProgress


@dataclass(frozen=True)
class ProgressView:
    plan: Plan | None
    rows: list[ItemRow]
    percent: float | None
    overdue_step_ids: frozenset[int]


def progress_get(*, program: Program, today: date) -> ProgressView:
    """The plan's items with their steps and roll-up, and which steps are overdue (three queries)."""
    plan = plan_for(program=program)
    if plan is None:
        return ProgressView(plan=None, rows=[], percent=None, overdue_step_ids=frozenset())
    items = plan_items(plan=plan)
    steps = [s for item in items for s in item.steps.all()]
    rolled = analysis.plan_progress([(i.pk, i.weight) for i in items], [step_progress(s) for s in steps], today)
    rows = [ItemRow(item=i, steps=list(i.steps.all()), progress=p) for i, p in zip(items, rolled.items, strict=True)]
    overdue = frozenset(sid for p in rolled.items for sid in p.overdue_step_ids)
    return ProgressView(plan=plan, rows=rows, percent=rolled.percent, overdue_step_ids=overdue)


def step_updates(*, step: ActionStep) -> list[ProgressUpdate]:
    return list(ProgressUpdate.objects.filter(step=step).select_related("author").order_by("-date", "-id"))


def latest_update(*, step: ActionStep) -> ProgressUpdate | None:
    return ProgressUpdate.objects.filter(step=step).order_by("-date", "-id").first()


def update_by_token(*, step: ActionStep, client_token: Any) -> ProgressUpdate | None:
    return ProgressUpdate.objects.filter(step=step, client_token=client_token).first()


def steps_changed_since(*, plan: Plan, since: Any) -> set[int]:
    """Steps edited, or with a progress update recorded, since `since` (a datetime)."""
    edited = set(ActionStep.objects.filter(item__plan=plan, updated_at__gt=since).values_list("id", flat=True))
    reported = set(
        ProgressUpdate.objects.filter(step__item__plan=plan, created_at__gt=since).values_list("step_id", flat=True)
    )
    return edited | reported


def open_steps_with_due_date(*, program: Program | None = None) -> QuerySet[ActionStep]:
    qs = ActionStep.objects.filter(due_date__isnull=False).exclude(status__in=CLOSED_STATUSES)
    if program is not None:
        qs = qs.filter(item__plan__program=program)
    return qs.select_related("item", "item__plan", "item__plan__program", "item__plan__program__conciliator").order_by(
        "due_date", "id"
    )


# ---- the public page ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicStep:
    step_id: int
    description: str
    language: str
    status: str
    status_label: str
    percent: int


@dataclass(frozen=True)
class PublicItem:
    item_id: int
    title: str
    language: str
    percent: float | None
    steps: list[PublicStep]


@dataclass(frozen=True)
class PublicProgress:
    plan: Plan
    title: str
    language: str
    percent: float | None
    items: list[PublicItem]
    series: list[analysis.SeriesPoint]


def _snapshot_items(node: Any) -> Iterator[dict[str, Any]]:
    """Every item in a version snapshot: a dict that carries a list of steps (wherever the snapshot nests it)."""
    if isinstance(node, dict):
        if isinstance(node.get("steps"), list) and "id" in node:
            yield node
            return
        for value in node.values():
            yield from _snapshot_items(value)
    elif isinstance(node, list):
        for value in node:
            yield from _snapshot_items(value)


def public_progress_get(*, plan_id: int, today: date) -> PublicProgress:
    """A published plan's progress for the public page: the published snapshot's items and steps joined to the
    live status and percent. 404 unless the plan is published and its progress is public. No personal data."""
    plan = Plan.objects.filter(pk=plan_id, public_progress=True, published_version__isnull=False).first()
    if plan is None:
        raise Http404
    version = PlanVersion.objects.filter(plan=plan, number=plan.published_version or 0).first()
    snapshot: Any = version.snapshot if version is not None else {}
    live = {s.pk: s for s in ActionStep.objects.filter(item__plan=plan)}
    live_items = {i.pk: i for i in ActionItem.objects.filter(plan=plan)}
    raw_items = list(_snapshot_items(snapshot))
    if not raw_items:  # a snapshot without items: fall back to the live plan's structure
        raw_items = [
            {
                "id": i.pk,
                "title": i.title,
                "language": i.language,
                "weight": i.weight,
                "steps": [
                    {"id": s.pk} for s in sorted(live.values(), key=lambda s: (s.order, s.pk)) if s.item_id == i.pk
                ],
            }
            for i in sorted(live_items.values(), key=lambda i: (i.order, i.pk))
        ]
    labels = dict(StepStatus.choices)
    item_pairs: list[tuple[int, int]] = []
    progress_steps: list[analysis.StepProgress] = []
    built: list[tuple[dict[str, Any], list[PublicStep]]] = []
    for raw in raw_items:
        item_id = int(raw["id"])
        live_item = live_items.get(item_id)
        weight = live_item.weight if live_item is not None else int(raw.get("weight") or 1)
        item_pairs.append((item_id, weight))
        steps: list[PublicStep] = []
        for raw_step in raw["steps"]:
            if not isinstance(raw_step, dict) or "id" not in raw_step:
                continue
            step = live.get(int(raw_step["id"]))
            if step is None:
                continue
            progress_steps.append(
                analysis.StepProgress(step.pk, item_id, step.weight, step.percent, step.status, step.due_date)
            )
            steps.append(
                PublicStep(
                    step_id=step.pk,
                    description=str(raw_step.get("description") or step.description),
                    language=str(raw_step.get("language") or step.language),
                    status=step.status,
                    status_label=str(labels.get(step.status, step.status)),
                    percent=step.percent,
                )
            )
        built.append((raw, steps))
    rolled = analysis.plan_progress(item_pairs, progress_steps, today)
    items = [
        PublicItem(
            item_id=p.item_id,
            title=str(raw.get("title") or (live_items[p.item_id].title if p.item_id in live_items else "")),
            language=str(raw.get("language") or plan.language),
            percent=p.percent,
            steps=steps,
        )
        for (raw, steps), p in zip(built, rolled.items, strict=True)
    ]
    updates = [
        analysis.Update(step_id=u.step_id, date=u.date, order=u.pk, percent=u.percent, status=u.status)
        for u in ProgressUpdate.objects.filter(step_id__in=[s.step_id for s in progress_steps]).only(
            "id", "step_id", "date", "percent", "status"
        )
    ]
    series = analysis.progress_series(item_pairs, progress_steps, updates)
    title = plan.title
    if isinstance(snapshot, dict) and snapshot.get("title"):
        title = str(snapshot["title"])
    return PublicProgress(
        plan=plan, title=title, language=plan.language, percent=rolled.percent, items=items, series=series
    )


def steps_for_agenda(*, plan: Plan, before: date) -> QuerySet[ActionStep]:
    """Open steps due before `before`."""
    return (
        ActionStep.objects.filter(item__plan=plan, due_date__isnull=False, due_date__lt=before)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("item")
        .order_by("due_date", "id")
    )


def members_with_email(*, program: Program) -> list[CouncilMember]:
    return list(CouncilMember.objects.filter(program=program, active=True).filter(~Q(email="")).order_by("name", "id"))


def handover_get(*, program: Program) -> Handover | None:
    return Handover.objects.filter(program=program).select_related("handed_over_by").first()


def officers_with_accounts(*, program: Program) -> list[CouncilMember]:
    """The active chair and secretaries who can sign in: the people who run a handed-over council."""
    return list(
        CouncilMember.objects.filter(
            program=program, active=True, user__isnull=False, role__in=(CouncilRole.CHAIR, CouncilRole.SECRETARY)
        ).order_by("role", "name")
    )


def program_language(*, program: Program) -> str:
    """A program's emails default to its first language when the site speaks it, otherwise English."""
    first = (program.languages or ["en"])[0]
    return first if first in EMAIL_LANGUAGES else "en"


def member_language(*, member: CouncilMember) -> str:
    """The language a council member reads emails in: theirs if set, their account's, else the program's."""
    for choice in (member.language, member.user.preferred_language if member.user_id and member.user else ""):
        if choice in EMAIL_LANGUAGES:
            return choice
    return program_language(program=member.program)


def email_language(*, program: Program, email: str) -> str:
    """The language for an email to `email` about `program`: a council seat's or a staff account's with that
    address (seats first: they belong to this program), else the program's."""
    seat = CouncilMember.objects.filter(program=program, email__iexact=email).select_related("user", "program").first()
    if seat is not None:
        return member_language(member=seat)
    account = User.objects.filter(email__iexact=email, is_active=True).order_by("id").first()
    if account is not None and account.preferred_language in EMAIL_LANGUAGES:
        return account.preferred_language
    return program_language(program=program)
