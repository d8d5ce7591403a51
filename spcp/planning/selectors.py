"""Reads of the planning records, and the access helpers (404 for missing and forbidden alike)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, F, Model, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from spcp.accounts.models import User
from spcp.common.names import NAME_LANGUAGES, languages_in_use, missing_languages
from spcp.planning.catalog import LAW_ENFORCEMENT_KEY, STANDARD_SECTORS, StandardSector
from spcp.planning.models import (
    Invitation,
    Meeting,
    MemberRole,
    PlanningMember,
    Rsvp,
    Sector,
    Side,
    Task,
    TaskStatus,
)
from spcp.programs.models import Language, Program
from spcp.programs.selectors import access_program

M = TypeVar("M", bound=Model)

VIEW_PERM = "planning.view_planning"
WORK_PERM = "planning.work_on_planning"
CHANGE_PERM = "planning.change_planning"
LINK_ACCOUNT_PERM = "planning.link_account"


class PlanningLocked(Exception):
    """The program's phase does not allow changes to the planning records."""

    def __init__(self, program: Program):
        super().__init__(program.pk)
        self.program = program


def access_planning(user: User | AnonymousUser, program_id: int, *, change: bool = False) -> Program:
    """The program if `user` may see (or, with change=True, work on) its planning; Http404 otherwise.

    A user who may work on planning but asks while the phase keeps it read-only gets PlanningLocked, so
    pages and the API can say why instead of hiding the program.
    """
    program = access_program(user, program_id, perm=VIEW_PERM)
    if change:
        if not user.has_perm(WORK_PERM, program):
            raise Http404
        if not user.has_perm(CHANGE_PERM, program):
            raise PlanningLocked(program)
    return program


def _get_or_404(qs: QuerySet[M], pk: int) -> M:
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


# --- sectors ---------------------------------------------------------------------------------------------


def sector_list(*, program: Program) -> QuerySet[Sector]:
    return Sector.objects.filter(program=program).annotate(
        member_count=Count("members", distinct=True), invitation_count=Count("invitations", distinct=True)
    )


def sector_choices(*, program: Program) -> QuerySet[Sector]:
    return Sector.objects.filter(program=program)


def sector_get(*, program: Program, sector_id: int, custom_only: bool = False) -> Sector:
    """A sector of this program; with custom_only, only a custom one (the others are named by the catalogue)."""
    qs = Sector.objects.filter(program=program).select_related("program")
    if custom_only:
        qs = qs.filter(kind=Side.COMMUNITY, key="")
    return _get_or_404(qs, sector_id)


def sector_names_by_id(ids: list[str]) -> dict[str, str]:
    """For the audit log: sectors' names in the active language."""
    return {str(s.pk): s.display_name for s in Sector.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()])}


def task_titles_by_id(ids: list[str]) -> dict[str, str]:
    """For the audit log: tasks' titles in the active language (seeded ones are translated from their key)."""
    tasks = Task.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).select_related("sector")
    return {str(t.pk): t.display_title for t in tasks}


def sector_languages(*, program: Program, sector: Sector | None = None) -> list[str]:
    """The languages a custom sector needs a name in: English and the program's participant languages (and
    any language the sector already has a name in, so editing never hides one)."""
    wanted = set(languages_in_use(program.languages)) | set(sector.names if sector is not None else ())
    return [code for code in NAME_LANGUAGES if code in wanted]


def sector_suggestions(*, program: Program) -> list[StandardSector]:
    """The standard sectors (besides law enforcement) this program does not have yet, in catalogue order."""
    taken = set(Sector.objects.filter(program=program).values_list("key", flat=True))
    return [s for s in STANDARD_SECTORS if s.key != LAW_ENFORCEMENT_KEY and s.key not in taken]


@dataclass(frozen=True)
class SectorNameGap:
    sector: Sector
    languages: list[str]  # codes of the participant languages in use it has no name in

    @property
    def language_names(self) -> str:
        labels = dict(settings.LANGUAGES)
        return ", ".join(str(labels[code]) for code in self.languages)


def title_gaps(*, program: Program) -> str:
    """The participant languages in use the forum's title has no translation in, named (a planning warning)."""
    labels = dict(settings.LANGUAGES)
    missing = missing_languages(program.all_titles, languages_in_use(program.languages))
    return ", ".join(str(labels[code]) for code in missing)


def sector_name_gaps(*, program: Program) -> list[SectorNameGap]:
    """Custom sectors without a name in some participant language in use (a planning warning)."""
    languages = languages_in_use(program.languages)
    gaps = []
    for sector in Sector.objects.filter(program=program, key="", kind=Side.COMMUNITY):
        missing = missing_languages(sector.names or {}, languages)
        if missing:
            gaps.append(SectorNameGap(sector, missing))
    return gaps


def sector_find(*, program: Program, sector_id: int | None) -> Sector | None:
    return Sector.objects.filter(program=program, pk=sector_id).first() if sector_id else None


# --- members ---------------------------------------------------------------------------------------------


def account_find(*, identifier: str) -> User | None:
    """The active account with this exact username, or else this email address (case-insensitive)."""
    accounts = User.objects.filter(is_active=True)
    return (
        accounts.filter(username=identifier).first()
        or accounts.filter(email__iexact=identifier).exclude(email="").order_by("pk").first()
    )


def member_list(*, program: Program) -> QuerySet[PlanningMember]:
    return PlanningMember.objects.filter(program=program).select_related("sector", "user")


def member_choices(*, program: Program) -> QuerySet[PlanningMember]:
    return PlanningMember.objects.filter(program=program)


def member_find(*, program: Program, member_id: int | None) -> PlanningMember | None:
    return PlanningMember.objects.filter(program=program, pk=member_id).first() if member_id else None


def member_get(*, program: Program, member_id: int) -> PlanningMember:
    return _get_or_404(member_list(program=program).select_related("program"), member_id)


@dataclass(frozen=True)
class GroupComposition:
    total: int
    law_enforcement: int
    community: int
    co_chairs: int
    crs_staff: int


def group_composition(*, program: Program) -> GroupComposition:
    """How many members the group has on each side (CRS staff represent neither) and how many co-chairs."""
    not_staff = ~Q(role=MemberRole.CRS_STAFF)
    counts = PlanningMember.objects.filter(program=program).aggregate(
        total=Count("pk"),
        law_enforcement=Count("pk", filter=not_staff & Q(side=Side.LAW_ENFORCEMENT)),
        community=Count("pk", filter=not_staff & Q(side=Side.COMMUNITY)),
        co_chairs=Count("pk", filter=Q(role=MemberRole.CO_CHAIR)),
        crs_staff=Count("pk", filter=Q(role=MemberRole.CRS_STAFF)),
    )
    return GroupComposition(**counts)


def community_sector_count(*, program: Program) -> int:
    return Sector.objects.filter(program=program, kind=Side.COMMUNITY).count()


# --- tasks -----------------------------------------------------------------------------------------------


def task_list(*, program: Program, status: str | None = None) -> QuerySet[Task]:
    qs = Task.objects.filter(program=program).select_related("owner", "sector")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by(F("due_date").asc(nulls_last=True), "pk")


def task_get(*, program: Program, task_id: int) -> Task:
    return _get_or_404(task_list(program=program).select_related("program"), task_id)


@dataclass(frozen=True)
class TaskGroup:
    status: TaskStatus
    tasks: list[Task]


def tasks_by_status(*, program: Program) -> list[TaskGroup]:
    """The checklist grouped as to do, in progress, done (one query)."""
    grouped: dict[str, list[Task]] = {s.value: [] for s in TaskStatus}
    for task in task_list(program=program):
        grouped[task.status].append(task)
    return [TaskGroup(TaskStatus(s), tasks) for s, tasks in grouped.items()]


@dataclass(frozen=True)
class ChecklistProgress:
    total: int
    done: int
    in_progress: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def open(self) -> int:
        return self.total - self.done


def checklist_progress(*, program: Program) -> ChecklistProgress:
    counts = Task.objects.filter(program=program).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=TaskStatus.DONE)),
        in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS)),
    )
    return ChecklistProgress(**counts)


def open_tasks(*, program: Program) -> list[Task]:
    return list(task_list(program=program).exclude(status=TaskStatus.DONE))


# --- meetings --------------------------------------------------------------------------------------------


def meeting_list(*, program: Program) -> QuerySet[Meeting]:
    return Meeting.objects.filter(program=program).prefetch_related(
        Prefetch("attendees", queryset=PlanningMember.objects.order_by("name"))
    )


def meetings_split(*, program: Program) -> tuple[list[Meeting], list[Meeting]]:
    """Upcoming meetings (soonest first) and past meetings (latest first)."""
    now = timezone.now()
    meetings = list(meeting_list(program=program))
    upcoming = sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at)
    past = [m for m in meetings if m.starts_at < now]
    return upcoming, past


def meeting_get(*, program: Program, meeting_id: int) -> Meeting:
    return _get_or_404(meeting_list(program=program).select_related("program"), meeting_id)


def next_meeting(*, program: Program) -> Meeting | None:
    return Meeting.objects.filter(program=program, starts_at__gte=timezone.now()).order_by("starts_at").first()


# --- invitations -----------------------------------------------------------------------------------------


def invitation_list(*, program: Program, sector_id: int | None = None, rsvp: str | None = None) -> QuerySet[Invitation]:
    qs = Invitation.objects.filter(program=program).select_related("sector")
    if sector_id:
        qs = qs.filter(sector_id=sector_id)
    if rsvp:
        qs = qs.filter(rsvp=rsvp)
    return qs


def invitation_get(*, program: Program, invitation_id: int) -> Invitation:
    return _get_or_404(invitation_list(program=program).select_related("program"), invitation_id)


def rsvp_counts(*, program: Program) -> dict[str, int]:
    """Invitations by answer, plus "total"."""
    counts = {r.value: 0 for r in Rsvp}
    for row in Invitation.objects.filter(program=program).values("rsvp").annotate(n=Count("pk")).order_by():
        counts[row["rsvp"]] = row["n"]
    counts["total"] = sum(counts.values())
    return counts


# --- coverage --------------------------------------------------------------------------------------------


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


@dataclass
class SectorCoverage:
    sector: Sector
    invited: int = 0
    yes: int = 0
    no: int = 0
    maybe: int = 0
    pending: int = 0

    @property
    def nobody_invited(self) -> bool:
        return self.invited == 0

    @property
    def nobody_confirmed(self) -> bool:
        return self.yes == 0

    @property
    def flagged(self) -> bool:
        return self.nobody_invited or self.nobody_confirmed


@dataclass(frozen=True)
class Balance:
    """How many law-enforcement and community people, and their shares (percent, rounded)."""

    law_enforcement: int
    community: int

    @property
    def total(self) -> int:
        return self.law_enforcement + self.community

    @property
    def law_enforcement_percent(self) -> int:
        return _percent(self.law_enforcement, self.total)

    @property
    def community_percent(self) -> int:
        return _percent(self.community, self.total)


@dataclass(frozen=True)
class LanguageNeed:
    code: str
    label: str
    expected: int  # invited and not declined
    confirmed: int  # said yes


@dataclass
class Coverage:
    sectors: list[SectorCoverage]
    invited: Balance
    confirmed: Balance
    languages: list[LanguageNeed]
    accessibility: list[Invitation] = field(default_factory=list)

    @property
    def flagged_sectors(self) -> list[SectorCoverage]:
        return [s for s in self.sectors if s.flagged]

    @property
    def totals(self) -> dict[str, int]:
        return {key: sum(getattr(s, key) for s in self.sectors) for key in ("invited", "yes", "no", "maybe", "pending")}


def coverage_get(*, program: Program) -> Coverage:
    """Who is invited and who said yes, per sector and per side; the languages and needs to prepare for."""
    sectors = list(Sector.objects.filter(program=program))
    rows = {s.pk: SectorCoverage(sector=s) for s in sectors}
    by_sector = Invitation.objects.filter(program=program).values("sector_id", "rsvp").annotate(n=Count("pk"))
    for row in by_sector.order_by():
        entry = rows[row["sector_id"]]
        setattr(entry, row["rsvp"], getattr(entry, row["rsvp"]) + row["n"])
        entry.invited += row["n"]

    invited: Counter[str] = Counter()
    confirmed: Counter[str] = Counter()
    for entry in rows.values():
        invited[entry.sector.kind] += entry.invited
        confirmed[entry.sector.kind] += entry.yes

    labels = dict(Language.choices)
    language_rows = (
        Invitation.objects.filter(program=program)
        .exclude(language="")
        .exclude(rsvp=Rsvp.NO)
        .values("language")
        .annotate(expected=Count("pk"), confirmed=Count("pk", filter=Q(rsvp=Rsvp.YES)))
        .order_by("-expected", "language")
    )
    languages = [
        LanguageNeed(r["language"], str(labels.get(r["language"], r["language"])), r["expected"], r["confirmed"])
        for r in language_rows
    ]
    accessibility = list(
        Invitation.objects.filter(program=program)
        .exclude(accessibility_needs="")
        .exclude(rsvp=Rsvp.NO)
        .select_related("sector")
        .order_by("sector__order", "name")
    )
    return Coverage(
        sectors=[rows[s.pk] for s in sectors],
        invited=Balance(invited[Side.LAW_ENFORCEMENT], invited[Side.COMMUNITY]),
        confirmed=Balance(confirmed[Side.LAW_ENFORCEMENT], confirmed[Side.COMMUNITY]),
        languages=languages,
        accessibility=accessibility,
    )


def sectors_without_yes(*, program: Program) -> list[Sector]:
    return list(
        Sector.objects.filter(program=program)
        .annotate(yes=Count("invitations", filter=Q(invitations__rsvp=Rsvp.YES)))
        .filter(yes=0)
    )
