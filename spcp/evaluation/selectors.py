"""Reads for evaluation: access_* fetches (404 for missing and forbidden alike), results, and the portfolio."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from spcp.accounts.models import User
from spcp.actionplan.models import ActionStep, StepStatus
from spcp.analysis.surveys import (
    TOP_BOX,
    Answer,
    Score,
    ShareCell,
    Tally,
    WaveMeans,
    WaveShares,
    distribution,
    means_by_wave,
    scale_score,
    shares_by_wave,
    shares_from_tallies,
    top_box_share,
)
from spcp.evaluation.instruments import (
    FEEDBACK,
    LEGITIMACY_CODES,
    LEGITIMACY_SCALES,
    OUTCOME,
    OUTCOME_WITH_LEGITIMACY,
    Item,
    MultiItemScale,
)
from spcp.evaluation.models import WAVE_ORDER, Constituency, Survey, SurveyAnswer, SurveyKind, SurveyResponse
from spcp.offices.models import Region
from spcp.programs.models import Phase, Program
from spcp.programs.selectors import access_program

AnyUser = User | AnonymousUser
CONSTITUENCIES: tuple[str, ...] = (Constituency.COMMUNITY, Constituency.LAW_ENFORCEMENT)
OUTCOME_WAVE_ORDER: tuple[str, ...] = tuple(w for w in WAVE_ORDER if w != "after_day")
HEADLINE_ITEMS: tuple[str, ...] = ("trust_police", "partnership", "tension")


# --- access -----------------------------------------------------------------------------------------------


def access_evaluation(user: AnyUser, program_id: int, perm: str = "evaluation.view_results") -> Program:
    return access_program(user, program_id, perm=perm)


def access_survey(user: AnyUser, program_id: int, survey_id: int, perm: str = "evaluation.manage_survey") -> Survey:
    program = access_program(user, program_id, perm=perm)
    survey = Survey.objects.filter(program=program, pk=survey_id).annotate(response_count=Count("responses")).first()
    if survey is None:
        raise Http404
    survey.program = program
    return survey


def survey_by_code(code: str) -> Survey:
    """The survey behind a phone link, open or closed (the page says which); Http404 for an unknown code."""
    survey = Survey.objects.select_related("program").filter(code=code.strip().upper()).first()
    if survey is None:
        raise Http404
    return survey


def survey_list(*, program: Program) -> QuerySet[Survey]:
    return Survey.objects.filter(program=program).annotate(response_count=Count("responses"))


def response_get(*, survey: Survey, client_token: UUID) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(survey=survey, client_token=client_token).first()


# --- results ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutcomeItemResult:
    item: Item
    waves: list[WaveShares]


@dataclass(frozen=True)
class FeedbackItemResult:
    item: Item
    counts: tuple[int, ...]  # answers 1 … 5; all zero when suppressed
    share: ShareCell

    @property
    def suppressed(self) -> bool:
        return self.share.suppressed


@dataclass(frozen=True)
class Comment:
    survey: Survey
    text: str
    language: str
    contact: str = ""  # only on surveys that let respondents leave one


@dataclass(frozen=True)
class ScaleResult:
    """A multi-item scale's mean score (1–5) per wave, by constituency and overall, with n."""

    scale: MultiItemScale
    waves: list[WaveMeans]


@dataclass(frozen=True)
class ProgramResults:
    program: Program
    surveys: list[Survey]
    outcome_waves: list[str]
    outcome: list[OutcomeItemResult]
    feedback: list[FeedbackItemResult]
    feedback_n: int
    comments: list[Comment] = field(default_factory=list)
    scales: list[ScaleResult] = field(default_factory=list)  # only when some outcome wave asked them


def _scale_results(program: Program, waves: list[str]) -> list[ScaleResult]:
    """Each legitimacy scale's mean score by wave and constituency, over respondents who answered all its items."""
    rows = SurveyAnswer.objects.filter(
        response__survey__program=program, response__survey__legitimacy=True, item__in=LEGITIMACY_CODES
    ).values_list("response_id", "item", "value", "response__survey__wave", "response__constituency")
    by_response: dict[int, dict[str, int]] = defaultdict(dict)
    who: dict[int, tuple[str, str]] = {}
    for response_id, code, value, wave, constituency in rows:
        by_response[response_id][code] = value
        who[response_id] = (wave, constituency)
    results = []
    for scale in LEGITIMACY_SCALES:
        codes = [item.code for item in scale.items]
        scores = []
        for response_id, answers in by_response.items():
            score = scale_score([answers[c] for c in codes if c in answers], items=len(codes))
            if score is not None:
                scores.append(Score(wave=who[response_id][0], constituency=who[response_id][1], value=score))
        results.append(ScaleResult(scale=scale, waves=means_by_wave(scores, waves, CONSTITUENCIES)))
    return results


def results_get(*, program: Program, with_comments: bool) -> ProgramResults:
    """Every item's results for the program: outcome shares by wave and constituency, feedback distributions."""
    surveys = list(survey_list(program=program))
    rows = SurveyAnswer.objects.filter(response__survey__program=program).values_list(
        "item", "value", "response__survey__kind", "response__survey__wave", "response__constituency"
    )
    outcome_answers: dict[str, list[Answer]] = defaultdict(list)
    feedback_values: dict[str, list[int]] = defaultdict(list)
    for code, value, kind, wave, constituency in rows:
        if kind == SurveyKind.OUTCOME:
            outcome_answers[code].append(Answer(wave=wave, constituency=constituency, value=value))
        else:
            feedback_values[code].append(value)
    present = {s.wave for s in surveys if s.kind == SurveyKind.OUTCOME}
    waves = [w for w in OUTCOME_WAVE_ORDER if w in present]
    scale_waves = [
        w
        for w in OUTCOME_WAVE_ORDER
        if any(s.wave == w and s.legitimacy for s in surveys if s.kind == SurveyKind.OUTCOME)
    ]
    items = OUTCOME_WITH_LEGITIMACY.items if scale_waves else OUTCOME.items
    outcome = [
        OutcomeItemResult(
            item=item,
            waves=shares_by_wave(
                outcome_answers[item.code], scale_waves if item.code in LEGITIMACY_CODES else waves, CONSTITUENCIES
            ),
        )
        for item in items
    ]
    feedback = []
    for item in FEEDBACK.items:
        values = feedback_values[item.code]
        share = top_box_share(values)
        counts = (0, 0, 0, 0, 0) if share.suppressed else distribution(values)
        feedback.append(FeedbackItemResult(item=item, counts=counts, share=share))
    feedback_n = next((s.response_count for s in surveys if s.kind == SurveyKind.FEEDBACK), 0)  # type: ignore[attr-defined]
    comments: list[Comment] = []
    if with_comments:
        by_id = {s.pk: s for s in surveys}
        comments = [
            Comment(survey=by_id[survey_id], text=text, language=language, contact=contact)
            for survey_id, text, language, contact in SurveyResponse.objects.filter(survey__program=program)
            .exclude(comment="", contact="")
            .order_by("survey__created_at", "id")
            .values_list("survey_id", "comment", "language", "contact")
        ]
    return ProgramResults(
        program=program,
        surveys=surveys,
        outcome_waves=waves,
        outcome=outcome,
        feedback=feedback,
        feedback_n=feedback_n,
        comments=comments,
        scales=_scale_results(program, scale_waves) if scale_waves else [],
    )


# --- portfolio --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramRow:
    program: Program
    plan_status: str  # a PlanStatus value, or "" when there is no plan yet
    plan_status_label: str
    overdue_steps: int
    latest_wave: str  # the latest outcome wave with answers, or ""
    latest: dict[str, ShareCell]  # headline item code → overall top-box share in the latest wave


@dataclass(frozen=True)
class Portfolio:
    regions: list[Region]  # the regions the user may filter by (one for regional staff)
    region: Region | None  # the chosen filter, if any
    rows: list[ProgramRow]
    by_region: list[tuple[str, int]]
    by_type: list[tuple[str, int]]
    by_trigger: list[tuple[str, int]]
    by_phase: list[tuple[str, int]]
    trust_trend: list[WaveShares]
    trend_waves: list[str]


def access_portfolio(user: AnyUser) -> None:
    """Raise PermissionDenied unless `user` may see the portfolio (there is no object to hide, so 403)."""
    if not user.has_perm("evaluation.view_portfolio"):
        raise PermissionDenied


def portfolio_regions(user: User) -> list[Region]:
    if user.has_perm("evaluation.view_all_regions"):
        return list(Region.objects.all())
    if user.region_id is None:
        return []
    return list(Region.objects.filter(pk=user.region_id))


def _counts(labels: list[str]) -> list[tuple[str, int]]:
    return sorted(Counter(labels).items(), key=lambda pair: (-pair[1], pair[0]))


def portfolio_get(*, user: User, region_code: str = "", today: date | None = None) -> Portfolio:
    """The programs the user may oversee (a regional director's or conciliator's region; every region for
    administrators, optionally filtered), with counts, plan progress and survey headline shares. No personal
    data: no names, no contacts, no comments."""
    today = today or timezone.localdate()
    regions = portfolio_regions(user)
    allowed = {r.pk: r for r in regions}
    region = next((r for r in regions if r.code == region_code), None) if region_code else None
    programs_qs = (
        Program.objects.filter(region_id__in=list(allowed))
        .select_related("region", "program_type", "state", "action_plan")
        .order_by("region__order", "title")
    )
    if region is not None:
        programs_qs = programs_qs.filter(region=region)
    programs = list(programs_qs)
    ids = [p.pk for p in programs]
    overdue = dict(
        ActionStep.objects.filter(item__plan__program_id__in=ids, due_date__lt=today)
        .exclude(status__in=[StepStatus.DONE, StepStatus.DROPPED])
        .values("item__plan__program_id")
        .annotate(n=Count("id"))
        .values_list("item__plan__program_id", "n")
    )
    # Counted in the database: one row per program × item × wave × constituency, not one per answer.
    tallies: dict[tuple[int, str], list[Tally]] = defaultdict(list)
    trend: list[Tally] = []
    waves_seen: set[str] = set()
    counted = (
        SurveyAnswer.objects.filter(
            response__survey__program_id__in=ids, response__survey__kind=SurveyKind.OUTCOME, item__in=HEADLINE_ITEMS
        )
        .values("response__survey__program_id", "item", "response__survey__wave", "response__constituency")
        .annotate(n=Count("id"), top=Count("id", filter=Q(value__in=TOP_BOX)))
        .values_list(
            "response__survey__program_id", "item", "response__survey__wave", "response__constituency", "n", "top"
        )
    )
    for program_id, item, wave, constituency, n, top in counted:
        tally = Tally(wave=wave, constituency=constituency, n=n, top=top)
        tallies[(program_id, item)].append(tally)
        waves_seen.add(wave)
        if item == "trust_police":
            trend.append(tally)
    rows = []
    for program in programs:
        latest_wave = ""
        latest: dict[str, ShareCell] = {}
        for item in HEADLINE_ITEMS:
            per_wave = shares_from_tallies(tallies[(program.pk, item)], OUTCOME_WAVE_ORDER, CONSTITUENCIES)
            with_answers = [w for w in per_wave if not w.overall.empty]
            if item == HEADLINE_ITEMS[0]:
                latest_wave = with_answers[-1].wave if with_answers else ""
            chosen = next((w for w in per_wave if w.wave == latest_wave), None)
            latest[item] = chosen.overall if chosen else top_box_share([])
        plan = getattr(program, "action_plan", None)
        rows.append(
            ProgramRow(
                program=program,
                plan_status=plan.status if plan else "",
                plan_status_label=str(plan.get_status_display()) if plan else "",
                overdue_steps=overdue.get(program.pk, 0),
                latest_wave=latest_wave,
                latest=latest,
            )
        )
    trend_waves = [w for w in OUTCOME_WAVE_ORDER if w in waves_seen]
    return Portfolio(
        regions=regions,
        region=region,
        rows=rows,
        by_region=_counts([p.region.localized_name() for p in programs]),
        by_type=_counts([p.program_type.localized_name() for p in programs]),
        by_trigger=_counts([str(p.get_trigger_display()) for p in programs]),
        by_phase=[
            (str(label), n) for value, label in Phase.choices if (n := sum(1 for p in programs if p.phase == value))
        ],
        trust_trend=shares_from_tallies(trend, trend_waves, CONSTITUENCIES),
        trend_waves=trend_waves,
    )
