"""Reads of facilitator training: lists, readiness, and access_* fetches (404 for missing and forbidden alike)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from spcp.accounts.models import CRS_STAFF_ROLES, User
from spcp.programs.models import Language, Program
from spcp.programs.selectors import access_program
from spcp.training.models import Attendance, Facilitator, Module, TrainingSession

AnyUser = User | AnonymousUser

# Two facilitators per breakout group is the recommended ratio (one leads, one co-facilitates or relieves).
RECOMMENDED_PER_GROUP = 2


@dataclass(frozen=True)
class FacilitatorReadiness:
    facilitator: Facilitator
    completed: list[Module]
    missing: list[Module]
    sessions_attended: int

    @property
    def ready(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class LanguageCoverage:
    code: str
    label: str
    ready_speakers: list[Facilitator]

    @property
    def covered(self) -> bool:
        return bool(self.ready_speakers)


@dataclass(frozen=True)
class ProgramReadiness:
    program: Program
    modules: list[Module]
    facilitators: list[FacilitatorReadiness]
    languages: list[LanguageCoverage]

    @property
    def required_modules(self) -> list[Module]:
        return [m for m in self.modules if m.required]

    @property
    def ready_count(self) -> int:
        return sum(1 for f in self.facilitators if f.ready)

    @property
    def needed(self) -> int:
        return self.program.expected_groups

    @property
    def recommended(self) -> int:
        return self.program.expected_groups * RECOMMENDED_PER_GROUP

    @property
    def more_needed(self) -> int:
        return max(0, self.needed - self.ready_count)

    @property
    def languages_covered(self) -> list[LanguageCoverage]:
        return [lang for lang in self.languages if lang.covered]

    @property
    def languages_missing(self) -> list[LanguageCoverage]:
        return [lang for lang in self.languages if not lang.covered]

    def for_facilitator(self, facilitator: Facilitator) -> FacilitatorReadiness:
        return next(f for f in self.facilitators if f.facilitator.pk == facilitator.pk)


def module_list(*, program: Program) -> QuerySet[Module]:
    return Module.objects.filter(program=program).annotate(session_count=Count("sessions")).order_by("order", "id")


def facilitator_list(*, program: Program) -> QuerySet[Facilitator]:
    return Facilitator.objects.filter(program=program).select_related("user").order_by(Lower("name"), "id")


def session_list(*, program: Program) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(program=program)
        .annotate(attendee_count=Count("attendances", distinct=True))
        .prefetch_related(Prefetch("modules", queryset=Module.objects.order_by("order", "id")))
        .order_by("starts_at", "id")
    )


def attendee_ids(*, session: TrainingSession) -> set[int]:
    return set(session.attendances.values_list("facilitator_id", flat=True))


def facilitator_sessions(*, facilitator: Facilitator) -> QuerySet[TrainingSession]:
    """The sessions a facilitator attended, with the modules each covered."""
    return (
        TrainingSession.objects.filter(attendances__facilitator=facilitator)
        .prefetch_related(Prefetch("modules", queryset=Module.objects.order_by("order", "id")))
        .order_by("starts_at", "id")
    )


def facilitators_by_ids(*, program: Program, ids: Iterable[int]) -> tuple[list[Facilitator], list[int]]:
    """The program's facilitators with these ids, and the ids that match none of them."""
    wanted = list(dict.fromkeys(ids))
    found = {f.pk: f for f in Facilitator.objects.filter(program=program, pk__in=wanted)}
    return [found[i] for i in wanted if i in found], [i for i in wanted if i not in found]


def account_find(identifier: str) -> User | None:
    """An active volunteer account by username or email (CRS staff are never linked as facilitators)."""
    identifier = identifier.strip()
    if not identifier:
        return None
    matches = list(
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False)
        .exclude(role__in=CRS_STAFF_ROLES)
        .filter(Q(username__iexact=identifier) | Q(email__iexact=identifier))[:2]
    )
    return matches[0] if len(matches) == 1 else None


def readiness_get(*, program: Program) -> ProgramReadiness:
    """Each facilitator's completed and missing required modules, and the program's totals (three queries)."""
    modules = list(Module.objects.filter(program=program).order_by("order", "id"))
    required = [m for m in modules if m.required]
    facilitators = list(facilitator_list(program=program))

    covered: dict[int, set[int]] = defaultdict(set)
    sessions: dict[int, set[int]] = defaultdict(set)
    rows = Attendance.objects.filter(session__program=program).values_list(
        "facilitator_id", "session_id", "session__modules"
    )
    for facilitator_id, session_id, module_id in rows:
        sessions[facilitator_id].add(session_id)
        if module_id is not None:
            covered[facilitator_id].add(module_id)

    per_facilitator = [
        FacilitatorReadiness(
            facilitator=f,
            completed=[m for m in required if m.pk in covered[f.pk]],
            missing=[m for m in required if m.pk not in covered[f.pk]],
            sessions_attended=len(sessions[f.pk]),
        )
        for f in facilitators
    ]
    labels = dict(Language.choices)
    ready = [r.facilitator for r in per_facilitator if r.ready]
    languages = [
        LanguageCoverage(
            code=code, label=str(labels[code]), ready_speakers=[f for f in ready if code in (f.languages or [])]
        )
        for code in dict.fromkeys(program.languages or [])
        if code in labels
    ]
    return ProgramReadiness(program=program, modules=modules, facilitators=per_facilitator, languages=languages)


def access_training(user: AnyUser, program_id: int, perm: str = "training.view_training") -> Program:
    return access_program(user, program_id, perm=perm)


def access_facilitator(
    user: AnyUser, program_id: int, facilitator_id: int, perm: str = "training.view_facilitator"
) -> Facilitator:
    """The facilitator if `user` has `perm` on it (staff, planning members, or the facilitator themselves)."""
    program = access_program(user, program_id, perm="training.view_training")
    facilitator = Facilitator.objects.filter(program=program, pk=facilitator_id).select_related("user").first()
    if facilitator is None:
        raise Http404
    facilitator.program = program
    if not user.has_perm(perm, facilitator):
        raise Http404
    return facilitator


def access_session(
    user: AnyUser, program_id: int, session_id: int, perm: str = "training.view_training"
) -> TrainingSession:
    program = access_program(user, program_id, perm=perm)
    session = TrainingSession.objects.filter(program=program, pk=session_id).first()
    if session is None:
        raise Http404
    session.program = program
    return session


def access_module(user: AnyUser, program_id: int, module_id: int, perm: str = "training.view_training") -> Module:
    program = access_program(user, program_id, perm=perm)
    module = Module.objects.filter(program=program, pk=module_id).first()
    if module is None:
        raise Http404
    module.program = program
    return module
