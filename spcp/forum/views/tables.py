"""The facilitators' table pages, the results, the council and the fidelity logs. Thin: fetch with access_*,
call one service or selector, render.

A table page is a facilitator's tablet: its lists refresh every few seconds with htmx (the same URL answers an
HX-Request with the list part only), so what phones add appears there; everything also works without
JavaScript. Outside the forum phase the pages are read-only and a POST answers 409 with the reason.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spcp import analysis
from spcp.accounts.models import User
from spcp.analysis import OpinionGroups
from spcp.common.context_processors import LANGUAGE_NAMES
from spcp.common.names import pick_name
from spcp.forum import phases, selectors, services
from spcp.forum.forms_tables import (
    ConfirmForm,
    FidelityForm,
    MergeForm,
    RepresentativeForm,
    SignupForm,
    SolutionEditForm,
    SolutionForm,
    StatementEditForm,
    StatementForm,
    StatementSplitForm,
    StepForm,
    TableForm,
)
from spcp.forum.models import Breakout, FidelityLog, Forum, Solution, Statement, StatementKind
from spcp.programs.models import Program
from spcp.training.models import Facilitator

VIEW = "forum.view_forum"
FACILITATE = "forum.facilitate"
RUN = "forum.run_forum"
VIEW_VOLUNTEERS = "forum.view_volunteers"
EXPORT_RESPONSES = "forum.export_responses"
FILE_FIDELITY = "forum.file_fidelity"
VIEW_FIDELITY = "forum.view_fidelity"
# domain.md: facilitators fill in the fidelity log within 24 hours of the forum.
FIDELITY_DUE = datetime.timedelta(hours=24)
# How often a facilitator's tablet refreshes the table's lists (htmx polling).
LIVE_SECONDS = 5

T = TypeVar("T")


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view here is login_required
    return request.user


def _posting(request: HttpRequest) -> bool:
    return request.method not in ("GET", "HEAD")


def _find(items: Iterable[T], pk: int) -> T:
    """The item with primary key `pk` among those a selector returned (so another table's is a 404)."""
    for item in items:
        if getattr(item, "pk", None) == pk:
            return item
    raise Http404


def locked_reason(program: Program) -> str:
    """Why the forum's pages are read-only for this program right now (the run-of-show pages say the same)."""
    return _(
        "The forum can be run only while the program is in the forum phase. This program is in the "
        "“%(phase)s” phase, so this page is read-only."
    ) % {"phase": program.get_phase_display()}


def _closed(exc: ValidationError) -> bool:
    """Whether a service refused because of the moment of the day (answered 409), not because of the input."""
    if hasattr(exc, "error_dict"):
        return any(e.code == "closed" for errors in exc.error_dict.values() for e in errors)
    return any(e.code == "closed" for e in exc.error_list)


def _write(form: TableForm, write: Callable[[], object]) -> int | None:
    """Run the service when the form is valid: None when saved, else the status to re-render the page with."""
    if not form.is_valid():
        return 400
    try:
        write()
    except ValidationError as exc:
        form.apply_service_errors(exc)
        return 409 if _closed(exc) else 400
    return None


def _error_summary(*forms: TableForm | None) -> list[dict[str, str]]:
    """Every error of the bound forms, each with the id of its field for the summary's links."""
    items: list[dict[str, str]] = []
    for form in forms:
        if form is None or not form.is_bound or not form.errors:
            continue
        for name, errors in form.errors.items():
            anchor = ""
            if name != NON_FIELD_ERRORS and name in form.fields and not form.fields[name].widget.is_hidden:
                bound = form[name]
                anchor = bound.id_for_label or f"{bound.auto_id}_0"  # a radio group: its first option
            items.extend({"anchor": anchor, "message": str(message)} for message in errors)
    return items


def _common(request: HttpRequest, forum: Forum, current: str = "", **extra: Any) -> dict[str, Any]:
    program = forum.program
    running = phases.forum_running(program)
    return {
        "program": program,
        "forum": forum,
        "current": current,
        "running": running,
        "locked_reason": "" if running else locked_reason(program),
        "refused": False,
        "language_names": LANGUAGE_NAMES,
        **extra,
    }


def _your_tables(request: HttpRequest, forum: Forum, tables: Sequence[Breakout]) -> list[Breakout]:
    """The tables of the facilitator record(s) linked to this account."""
    mine = {f.pk for f in selectors.facilitators_for(request.user, forum=forum)}
    if not mine:
        return []
    return [t for t in tables if any(f.pk in mine for f in t.facilitators.all())]


# --- a table --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssueGroup:
    """A priority issue a mixed table works on, with the solutions the table has written for it."""

    issue: Statement
    solutions: list[Solution]
    assigned: bool


def _issue_groups(issues: Sequence[Statement], solutions: Sequence[Solution]) -> list[IssueGroup]:
    by_issue: dict[int, list[Solution]] = defaultdict(list)
    for solution in solutions:
        by_issue[solution.issue_id].append(solution)
    groups = [IssueGroup(i, by_issue.pop(i.pk, []), True) for i in sorted(issues, key=lambda s: s.priority_rank or 0)]
    # Solutions to an issue the table no longer holds stay visible under that issue.
    groups += [IssueGroup(found[0].issue, found, False) for found in by_issue.values()]
    return groups


@dataclass
class TableData:
    breakout: Breakout
    statements: list[Statement]
    solutions: list[Solution]
    issues: list[Statement]

    @property
    def strengths(self) -> list[Statement]:
        return [s for s in self.statements if s.kind == StatementKind.STRENGTH]

    @property
    def issue_statements(self) -> list[Statement]:
        return [s for s in self.statements if s.kind == StatementKind.ISSUE]


def _table_data(breakout: Breakout, issues: Sequence[Statement] | None = None) -> TableData:
    first = breakout.round == 1
    return TableData(
        breakout=breakout,
        statements=selectors.table_statements(breakout=breakout) if first else [],
        solutions=[] if first else selectors.table_solutions(breakout=breakout),
        issues=list(issues if issues is not None else ([] if first else breakout.issues.all())),
    )


def _live_context(request: HttpRequest, data: TableData) -> dict[str, Any]:
    forum = data.breakout.forum
    program = forum.program
    running = phases.forum_running(program)
    can_facilitate = request.user.has_perm(FACILITATE, program)
    return {
        "program": program,
        "breakout": data.breakout,
        "data": data,
        "seq": forum.seq,
        "statement_lists": [
            ("strengths", _("Strengths: what is working well"), data.strengths),
            ("issues", _("Issues: what undermines trust"), data.issue_statements),
        ],
        "empty_text": {"strengths": _("No strengths yet."), "issues": _("No issues yet.")},
        "groups": _issue_groups(data.issues, data.solutions),
        "language_names": LANGUAGE_NAMES,
        "can_edit_statements": can_facilitate and running and not _voting_started(forum),
        "can_edit_solutions": can_facilitate and running,
        "live_seconds": LIVE_SECONDS,
    }


def _voting_started(forum: Forum) -> bool:
    # statement_add refuses changes once dot voting opens; the page hides its forms from then on.
    return forum.voting_open or forum.voting_closed_at is not None


def _table_page(
    request: HttpRequest,
    breakout: Breakout,
    *,
    status: int = 200,
    data: TableData | None = None,
    forms: dict[str, TableForm] | None = None,
    merge_form: MergeForm | None = None,
) -> HttpResponse:
    forum = breakout.forum
    tables = selectors.breakout_list(forum=forum)
    here = _find(tables, breakout.pk)  # with its sectors, facilitators and issues prefetched
    here.forum = forum
    data = data or _table_data(here, issues=list(here.issues.all()))
    forms = forms if forms is not None else _table_forms(data)
    context = _common(
        request,
        forum,
        **_live_context(request, data),
        tables=[t for t in tables if t.round == here.round],
        your_tables=_your_tables(request, forum, tables),
        size=selectors.breakout_sizes(forum=forum).get(here.pk, 0),
        facilitators=list(here.facilitators.all()),
        sectors=list(here.sectors.all()),
        statement_form=forms.get("statement"),
        solution_form=forms.get("solution"),
        step_form=forms.get("step"),
        merge_form=merge_form,
        merging=merge_form is not None,
        merge_selected=merge_form.ticked() if merge_form else set(),
        merge_keep=merge_form.kept() if merge_form else "",
        voting_started=_voting_started(forum),
        refused=status == 409,
        error_summary=_error_summary(*forms.values(), merge_form),
    )
    context["breakout"] = here
    return render(request, "forum/table.html", context, status=status)


def _table_forms(data: TableData, action: str = "", post: Any = None) -> dict[str, TableForm]:
    def bound(name: str) -> Any:
        return post if action == name else None

    if data.breakout.round == 1:
        return {"statement": StatementForm(bound("statement"))}
    return {
        "solution": SolutionForm(bound("solution"), issues=data.issues),
        "step": StepForm(bound("step"), solutions=data.solutions),
    }


def _table_url(breakout: Breakout) -> str:
    return reverse("forum:table", kwargs={"program_id": breakout.forum.program_id, "breakout_id": breakout.pk})


@login_required
def table(request: HttpRequest, program_id: int, breakout_id: int) -> HttpResponse:
    posting = _posting(request)
    breakout = selectors.access_breakout(request.user, program_id, breakout_id, perm=FACILITATE if posting else VIEW)
    if not posting:
        if getattr(request, "htmx", False):
            if request.GET.get("seq") == str(breakout.forum.seq):
                return HttpResponse(status=204)  # nothing in the room changed: htmx keeps the lists as they are
            return render(request, "forum/_table_live.html", _live_context(request, _table_data(breakout)))
        return _table_page(request, breakout)
    if not phases.forum_running(breakout.forum.program):
        return _table_page(request, breakout, status=409)
    data = _table_data(breakout)
    action = request.POST.get("action", "")
    forms = _table_forms(data, action, request.POST)
    form = forms.get(action)
    if form is None:
        return _table_page(request, breakout, status=400, data=data, forms=forms)
    actor = _actor(request)

    def add_statement() -> Statement:
        cd = form.cleaned_data
        return services.statement_add(
            breakout=breakout,
            kind=cd["kind"],
            text=cd["text"],
            language=cd["language"],
            client_token=cd["client_token"],
            author_user=actor,
        )

    def add_solution() -> Solution:
        cd = form.cleaned_data
        return services.solution_add(
            breakout=breakout,
            issue=cd["issue"],
            text=cd["text"],
            language=cd["language"],
            client_token=cd["client_token"],
            author_user=actor,
        )

    def add_step() -> object:
        cd = form.cleaned_data
        return services.step_add(
            solution=cd["solution"],
            text=cd["text"],
            language=cd["language"],
            who=cd["who"],
            by_when=cd["by_when"],
            client_token=cd["client_token"],
        )

    writes = {"statement": add_statement, "solution": add_solution, "step": add_step}
    status = _write(form, writes[action])
    if status is not None:
        return _table_page(request, breakout, status=status, data=data, forms=forms)
    if action == "statement":
        kind = form.cleaned_data["kind"]
        messages.success(request, _("Strength added.") if kind == StatementKind.STRENGTH else _("Issue added."))
    elif action == "solution":
        messages.success(request, _("Solution added."))
    else:
        messages.success(request, _("Action step added."))
    return redirect(_table_url(breakout))


@login_required
def table_merge(request: HttpRequest, program_id: int, breakout_id: int) -> HttpResponse:
    """Merge statements that say the same thing at one first-breakout table."""
    breakout = selectors.access_breakout(request.user, program_id, breakout_id, perm=FACILITATE)
    if breakout.round != 1:
        raise Http404
    data = _table_data(breakout)
    posting = _posting(request)
    form = MergeForm(request.POST if posting else None, statements=data.statements)
    if not posting:
        return _table_page(request, breakout, data=data, merge_form=form)
    if not phases.forum_running(breakout.forum.program):
        return _table_page(request, breakout, status=409, data=data, merge_form=MergeForm(statements=data.statements))
    status = _write(
        form,
        lambda: services.statement_merge(
            target=form.cleaned_data["target"], sources=form.cleaned_data["sources"], actor=_actor(request)
        ),
    )
    if status is not None:
        return _table_page(request, breakout, status=status, data=data, merge_form=form)
    count = len(form.cleaned_data["sources"])
    messages.success(
        request,
        ngettext(
            "%(count)d statement merged into the one you kept.",
            "%(count)d statements merged into the one you kept.",
            count,
        )
        % {"count": count},
    )
    return redirect(_table_url(breakout))


@login_required
def statement_edit(request: HttpRequest, program_id: int, breakout_id: int, statement_id: int) -> HttpResponse:
    """Reword a statement, move it between strengths and issues, split it, or remove it."""
    breakout = selectors.access_breakout(request.user, program_id, breakout_id, perm=FACILITATE)
    statement = _find(selectors.table_statements(breakout=breakout), statement_id)
    statement.breakout = breakout
    posting = _posting(request)
    action = request.POST.get("action", "") if posting else ""
    post = request.POST if posting else None
    edit_form = StatementEditForm(post if action == "edit" else None, initial=StatementEditForm.initial_for(statement))
    split_form = StatementSplitForm(post if action == "split" else None, initial={"parts": statement.text})
    for field in (edit_form.fields["text"], split_form.fields["parts"]):
        field.widget.attrs["lang"] = statement.language  # the wording stays in the language it was written in
    remove_form = ConfirmForm(post if action == "remove" else None)
    forum = breakout.forum
    status: int | None = 200
    if posting:
        if not phases.forum_running(forum.program):
            status = 409
        else:
            actor = _actor(request)
            writes: dict[str, tuple[TableForm, Callable[[], object]]] = {
                "edit": (
                    edit_form,
                    lambda: services.statement_edit(
                        statement=statement,
                        text=edit_form.cleaned_data["text"],
                        kind=edit_form.cleaned_data["kind"],
                        actor=actor,
                    ),
                ),
                "split": (
                    split_form,
                    lambda: services.statement_split(
                        statement=statement, texts=split_form.cleaned_data["parts"], actor=actor
                    ),
                ),
                "remove": (remove_form, lambda: services.statement_remove(statement=statement, actor=actor)),
            }
            if action not in writes:
                status = 400
            else:
                form, write = writes[action]
                status = _write(form, write)
        if status is None:
            if action == "split":
                count = len(split_form.cleaned_data["parts"])
                message = ngettext(
                    "Statement split into %(count)d statement.", "Statement split into %(count)d statements.", count
                ) % {"count": count}
            else:
                message = _("Statement saved.") if action == "edit" else _("Statement removed.")
            messages.success(request, message)
            return redirect(_table_url(breakout))
    editable = request.user.has_perm(FACILITATE, forum.program) and phases.forum_running(forum.program)
    context = _common(
        request,
        forum,
        breakout=breakout,
        statement=statement,
        sources=list(statement.sources.all()),
        edit_form=edit_form,
        split_form=split_form,
        remove_form=remove_form,
        editable=editable and not _voting_started(forum),
        voting_started=_voting_started(forum),
        refused=status == 409,
        error_summary=_error_summary(edit_form, split_form, remove_form),
    )
    return render(request, "forum/statement_form.html", context, status=status)


@login_required
def solution_edit(request: HttpRequest, program_id: int, breakout_id: int, solution_id: int) -> HttpResponse:
    """Reword or remove a solution, and add its action steps."""
    breakout = selectors.access_breakout(request.user, program_id, breakout_id, perm=FACILITATE)
    solution = _find(selectors.table_solutions(breakout=breakout), solution_id)
    solution.breakout = breakout
    posting = _posting(request)
    action = request.POST.get("action", "") if posting else ""
    post = request.POST if posting else None
    edit_form = SolutionEditForm(post if action == "edit" else None, initial={"text": solution.text})
    edit_form.fields["text"].widget.attrs["lang"] = solution.language
    step_form = StepForm(post if action == "step" else None, solutions=[solution], fixed=True)
    remove_form = ConfirmForm(post if action == "remove" else None)
    forum = breakout.forum
    status: int | None = 200
    if posting:
        if not phases.forum_running(forum.program):
            status = 409
        else:
            actor = _actor(request)

            def add_step() -> object:
                cd = step_form.cleaned_data
                return services.step_add(
                    solution=solution,
                    text=cd["text"],
                    language=cd["language"],
                    who=cd["who"],
                    by_when=cd["by_when"],
                    client_token=cd["client_token"],
                )

            writes: dict[str, tuple[TableForm, Callable[[], object]]] = {
                "edit": (
                    edit_form,
                    lambda: services.solution_edit(solution=solution, text=edit_form.cleaned_data["text"], actor=actor),
                ),
                "step": (step_form, add_step),
                "remove": (remove_form, lambda: services.solution_remove(solution=solution, actor=actor)),
            }
            if action not in writes:
                status = 400
            else:
                form, write = writes[action]
                status = _write(form, write)
        if status is None:
            messages.success(
                request,
                {"edit": _("Solution saved."), "step": _("Action step added."), "remove": _("Solution removed.")}[
                    action
                ],
            )
            if action == "step":
                return redirect(
                    reverse(
                        "forum:solution_edit",
                        kwargs={"program_id": forum.program_id, "breakout_id": breakout.pk, "solution_id": solution.pk},
                    )
                )
            return redirect(_table_url(breakout))
    context = _common(
        request,
        forum,
        breakout=breakout,
        solution=solution,
        steps=list(solution.steps.all()),
        edit_form=edit_form,
        step_form=step_form,
        remove_form=remove_form,
        editable=request.user.has_perm(FACILITATE, forum.program) and phases.forum_running(forum.program),
        refused=status == 409,
        error_summary=_error_summary(edit_form, step_form, remove_form),
    )
    return render(request, "forum/solution_form.html", context, status=status)


# --- results --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One group's support for a solution, named for the page."""

    label: str
    members: int
    agree: int
    disagree: int
    passed: int
    pooled: bool

    @property
    def answered(self) -> int:
        return self.agree + self.disagree + self.passed


@dataclass(frozen=True)
class SolutionRow:
    id: int
    text: str
    lang: str
    table: int | None
    steps: list[dict[str, Any]]
    agree: int
    disagree: int
    passed: int
    bridging: float | None  # None: not enough answers from each side yet
    constituencies: list[Line]
    sectors: list[Line]
    tr: dict[str, Any] = dataclasses.field(default_factory=dict)  # translations by language (events.translations_data)

    @property
    def answered(self) -> int:
        return self.agree + self.disagree + self.passed

    @property
    def bridging_percent(self) -> int:
        return round(self.bridging * 100) if self.bridging is not None else 0


@dataclass(frozen=True)
class PriorityRow:
    id: int
    rank: int
    text: str
    lang: str
    dots: int
    table: int | None
    sources: list[dict[str, Any]]
    solutions: list[SolutionRow]
    tr: dict[str, Any] = dataclasses.field(default_factory=dict)


def _line_label(key: str, sector_names: dict[str, str]) -> str:
    if key == "law_enforcement":
        return _("Law enforcement")
    if key == "community":
        return _("Community")
    if key == "small_groups":
        return _("Smaller groups, pooled")
    return sector_names.get(key, key)


def _sector_label(data: dict[str, Any]) -> str:
    """A snapshot sector's name in the reader's language, else another one it has, marked as untranslated."""
    shown = pick_name(data.get("names") or {})
    if not shown.text:
        return data["name"] or _("Law enforcement")
    return shown.text if shown.translated else _("%(name)s (not yet translated)") % {"name": shown.text}


def _lines(lines: Iterable[selectors.GroupLine], sector_names: dict[str, str]) -> list[Line]:
    return [
        Line(_line_label(g.key, sector_names), g.members, g.agree, g.disagree, g.passed, g.key == "small_groups")
        for g in lines
    ]


@dataclass(frozen=True)
class Compared:
    """A solution where the two constituencies agree or differ, with each side's agree count, n and share."""

    solution: SolutionRow
    police: analysis.SideAnswers
    community: analysis.SideAnswers
    gap: float


def _compared(ground: analysis.CommonGround, solutions: list[SolutionRow]) -> dict[str, list[Compared]]:
    by_id = {s.id: s for s in solutions}
    return {
        name: [Compared(by_id[c.key], c.police, c.community, c.gap) for c in found if c.key in by_id]
        for name, found in (("agree", ground.agree), ("differ", ground.differ))
    }


def _results(
    forum: Forum,
) -> tuple[list[PriorityRow], list[dict[str, Any]], list[SolutionRow], analysis.CommonGround]:
    """Priority issues with their solutions and support, the strengths, and where the two constituencies agree
    and differ, from the room's snapshot."""
    snapshot = selectors.snapshot_get(forum=forum)
    table_number = {int(k): b["number"] for k, b in snapshot["breakouts"].items()}
    sector_names = {f"sector:{k}": _sector_label(s) for k, s in snapshot["sectors"].items()}
    results = selectors.solution_results(forum=forum)
    support = {r.solution_id: r for r in results}
    by_issue: dict[int, list[SolutionRow]] = defaultdict(list)
    for key, s in sorted(snapshot["solutions"].items(), key=lambda item: int(item[0])):
        result = support.get(int(key))
        row = SolutionRow(
            id=int(key),
            text=s["text"],
            lang=s["lang"],
            table=table_number.get(s["breakout"]),
            steps=s["steps"],
            agree=result.agree if result else 0,
            disagree=result.disagree if result else 0,
            passed=result.passed if result else 0,
            bridging=result.bridging if result else None,
            constituencies=_lines(result.constituencies, sector_names) if result else [],
            sectors=_lines(result.sectors, sector_names) if result else [],
            tr=s.get("tr", {}),
        )
        by_issue[s["issue"]].append(row)
    statements = sorted(snapshot["statements"].values(), key=lambda s: s["id"])
    priorities = [
        PriorityRow(
            id=s["id"],
            rank=s["rank"],
            text=s["text"],
            lang=s["lang"],
            dots=s["dots"] or 0,
            table=table_number.get(s["breakout"]),
            sources=[{**src, "table": table_number.get(src["breakout"])} for src in s["sources"]],
            solutions=by_issue.get(s["id"], []),
            tr=s.get("tr", {}),
        )
        for s in sorted((s for s in statements if s["rank"]), key=lambda s: s["rank"])
    ]
    strengths = [
        {**s, "table": table_number.get(s["breakout"])} for s in statements if s["kind"] == StatementKind.STRENGTH
    ]
    strengths.sort(key=lambda s: (s["table"] or 0, s["id"]))
    solutions = [row for p in priorities for row in p.solutions]
    return priorities, strengths, solutions, selectors.common_ground_of(results)


@login_required
def results(request: HttpRequest, program_id: int) -> HttpResponse:
    forum = selectors.access_forum(request.user, program_id, perm=VIEW)
    priorities, strengths, solutions, ground = _results(forum)
    groups = selectors.opinion_groups_get(forum=forum) if request.GET.get("groups") == "1" else None
    tables = selectors.breakout_list(forum=forum)
    context = _common(
        request,
        forum,
        "results",
        priorities=priorities,
        strengths=strengths,
        solutions=solutions,
        voting_closed=forum.voting_closed_at is not None,
        opinion_groups=groups,
        group_sizes=_group_sizes(groups) if groups is not None else [],
        your_tables=_your_tables(request, forum, tables),
        min_group=selectors.MIN_GROUP_SIZE,
        compared=_compared(ground, solutions),
        ground=ground,
        agree_at=analysis.agreement.AGREE_AT,
        min_gap=analysis.agreement.MIN_GAP,
        can_export=request.user.has_perm(EXPORT_RESPONSES, forum.program),
    )
    return render(request, "forum/results.html", context)


@login_required
@require_POST
def responses_export(request: HttpRequest, program_id: int) -> HttpResponse:
    """The responses round in Pol.is's CSV format, as a zip: a deliberate, audited act of program staff."""
    forum = selectors.access_forum(request.user, program_id, perm=EXPORT_RESPONSES)
    archive = services.responses_export(forum=forum, actor=_actor(request))
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{forum.program_id}-responses-polis.zip"'
    response["Cache-Control"] = "no-store"
    return response


def _group_sizes(groups: OpinionGroups) -> list[int]:
    """How many people each opinion group holds (never who), largest first."""
    counts = Counter(int(label) for label in groups.labels if int(label) >= 0)
    return sorted(counts.values(), reverse=True)


# --- council --------------------------------------------------------------------------------------------


@login_required
def council(request: HttpRequest, program_id: int) -> HttpResponse:
    """Council volunteers by sector; staff choose representatives and open or close the sign-up."""
    posting = _posting(request)
    forum = selectors.access_forum(request.user, program_id, perm=RUN if posting else VIEW)
    volunteers = selectors.council_volunteers(forum=forum)
    action = request.POST.get("action", "") if posting else ""
    rep_form = RepresentativeForm(request.POST if action == "representative" else None)
    signup_form = SignupForm(request.POST if action == "signup" else None)
    status: int | None = 200
    if posting:
        if not phases.forum_running(forum.program):
            status = 409
        elif action == "signup":
            status = _write(
                signup_form,
                lambda: services.council_signup_set_open(
                    forum=forum, is_open=signup_form.cleaned_data["open"], actor=_actor(request)
                ),
            )
            if status is None:
                is_open = signup_form.cleaned_data["open"]
                messages.success(
                    request,
                    _("Council sign-up is open on participants’ phones.")
                    if is_open
                    else _("Council sign-up is closed."),
                )
        elif action == "representative" and rep_form.is_valid():
            volunteer = _find(volunteers, rep_form.cleaned_data["volunteer"])
            chosen = rep_form.cleaned_data["chosen"]
            status = _write(
                rep_form,
                lambda: services.representative_set(volunteer=volunteer, chosen=chosen, actor=_actor(request)),
            )
            if status is None:
                messages.success(
                    request,
                    (
                        _("%(name)s is now a council representative.")
                        if chosen
                        else _("%(name)s is no longer a council representative.")
                    )
                    % {"name": volunteer.name},
                )
        else:
            status = 400
        if status is None:
            return redirect("forum:council", program_id=forum.program_id)
    program = forum.program
    can_view_contacts = request.user.has_perm(VIEW_VOLUNTEERS, program)
    by_sector: dict[int, list[Any]] = defaultdict(list)
    for v in volunteers:
        by_sector[v.participant.sector_id].append(v)
    sectors = [(s, by_sector.get(s.pk, [])) for s in selectors.sector_list(forum=forum)]
    context = _common(
        request,
        forum,
        "council",
        sectors=sectors,
        volunteer_count=len(volunteers),
        chosen_count=sum(1 for v in volunteers if v.representative),
        can_view_contacts=can_view_contacts,
        can_run=request.user.has_perm(RUN, program),
        refused=status == 409,
        error_summary=_error_summary(rep_form, signup_form),
    )
    return render(request, "forum/council.html", context, status=status or 200)


# --- fidelity logs --------------------------------------------------------------------------------------


def _day_end(forum: Forum) -> datetime.datetime | None:
    """When the day's last segment ended (None while it has not).

    A read the forum's selectors do not offer yet (a candidate for selectors.py).
    """
    last = forum.segments.order_by("-order").only("ended_at").first()
    return last.ended_at if last is not None else None


@dataclass(frozen=True)
class FidelityRow:
    facilitator: Facilitator
    log: FidelityLog | None
    late: bool
    can_open: bool


@login_required
def fidelity_list(request: HttpRequest, program_id: int) -> HttpResponse:
    """Every facilitator with whether their log is filed, when, and whether it came late."""
    forum = selectors.access_forum(request.user, program_id, perm=VIEW_FIDELITY)
    program = forum.program
    is_staff = request.user.has_perm(RUN, program)
    logs = {log.facilitator_id: log for log in selectors.fidelity_logs(forum=forum)}
    day_end = _day_end(forum)
    due = day_end + FIDELITY_DUE if day_end is not None else None
    rows = [
        FidelityRow(
            facilitator=f,
            log=logs.get(f.pk),
            late=bool(due and f.pk in logs and logs[f.pk].created_at > due),
            can_open=is_staff or (f.user_id is not None and f.user_id == request.user.pk),
        )
        for f in selectors.facilitator_list(forum=forum)
    ]
    context = _common(
        request,
        forum,
        "fidelity",
        locked_reason="",
        rows=rows,
        is_staff=is_staff,
        due=due,
        overdue=bool(due and timezone.now() > due),
        filed_count=sum(1 for r in rows if r.log),
        can_file=request.user.has_perm(FILE_FIDELITY, program),
    )
    return render(request, "forum/fidelity_list.html", context)


@login_required
def fidelity_edit(request: HttpRequest, program_id: int, facilitator_id: int) -> HttpResponse:
    """A facilitator files (or corrects) their own log; program staff may file or correct anyone's.

    Seen with forum.view_fidelity; saved only with forum.file_fidelity (the forum and action-plan phases):
    at other times the page shows the log read-only and a POST answers 409.
    """
    forum = selectors.access_forum(request.user, program_id, perm=VIEW_FIDELITY)
    program = forum.program
    facilitator = _find(selectors.facilitator_list(forum=forum), facilitator_id)
    is_staff = request.user.has_perm(RUN, program)
    if not is_staff and (facilitator.user_id is None or facilitator.user_id != request.user.pk):
        raise Http404  # another facilitator's log: the same answer as a missing one
    log = next(
        (entry for entry in selectors.fidelity_logs(forum=forum) if entry.facilitator_id == facilitator.pk), None
    )
    editable = request.user.has_perm(FILE_FIDELITY, program)
    posting = _posting(request)
    form = FidelityForm(request.POST if posting else None, initial=FidelityForm.initial_for(log))
    status: int | None = 200
    if posting:
        if not editable:
            status = 409
        else:
            status = _write(
                form,
                lambda: services.fidelity_log_submit(
                    forum=forum, facilitator=facilitator, data=form.cleaned_data, actor=_actor(request)
                ),
            )
            if status is None:
                messages.success(request, _("Fidelity log saved.") if log else _("Fidelity log filed. Thank you."))
                return redirect("forum:fidelity", program_id=program.pk)
    if not editable:
        form.lock()
    context = _common(
        request,
        forum,
        "fidelity",
        facilitator=facilitator,
        log=log,
        form=form,
        editable=editable,
        refused=status == 409,
        locked_reason="" if editable else _("Fidelity logs can be filed during the forum and the action-plan phase."),
        error_summary=_error_summary(form),
    )
    return render(request, "forum/fidelity_form.html", context, status=status or 200)
