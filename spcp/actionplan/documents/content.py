"""What the documents say, read once from the plan's rows into plain frozen data.

The PDF, the DOCX and the CSV all render this same content, so they cannot disagree. People's text (strengths,
issues, solutions, steps) is kept as written with its language; the document's own labels come from
`labels()`, called inside `translation.override(lang)` by each renderer.

Names rule: `responsible_email` is never read into the content; `responsible_person` only when the caller
says so (`include_names=True`, which views allow only for program staff and the CLI never sets).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from spcp import analysis
from spcp.actionplan.models import ActionItem, ActionStep, Plan, PlanIssue, StepStatus, shown_text


@dataclass(frozen=True)
class Text:
    """Text somebody wrote, in the language they wrote it in."""

    text: str
    language: str


@dataclass(frozen=True)
class GroupSupport:
    """One constituency's answers to a solution on the day (groups under five people come pooled)."""

    key: str  # "law_enforcement", "community" or "small_groups"
    members: int
    agree: int
    disagree: int
    passed: int


@dataclass(frozen=True)
class Solution:
    number: str
    title: Text
    agree: int
    disagree: int
    passed: int
    bridging: float | None
    groups: tuple[GroupSupport, ...]

    @property
    def has_support(self) -> bool:
        return bool(self.agree or self.disagree or self.passed)


@dataclass(frozen=True)
class Issue:
    number: int
    text: Text
    dots: int
    sources: tuple[Text, ...]
    solutions: tuple[Solution, ...]


@dataclass(frozen=True)
class Step:
    number: str
    description: Text
    responsible_party: str
    responsible_person: str  # "" unless names are included
    partners: str
    start_date: datetime.date | None
    due_date: datetime.date | None
    resources: str
    measure: str
    day_timing: str
    status: str  # a StepStatus value
    percent: int


@dataclass(frozen=True)
class Item:
    number: str
    title: Text
    weight: int
    percent: int
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class IssueItems:
    """The action plan's items under one priority issue (issue None: items not tied to an issue)."""

    issue: Issue | None
    items: tuple[Item, ...]


@dataclass(frozen=True)
class PlanContent:
    program_title: str
    program_city: str
    forum_date: datetime.date | None
    slug: str
    title: Text
    introduction: Text | None
    status: str  # a PlanStatus value
    version: int
    published_version: int | None
    generated_on: datetime.date
    include_names: bool
    strengths: tuple[Text, ...]
    issues: tuple[Issue, ...]
    sections: tuple[IssueItems, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)


@dataclass(frozen=True)
class StepRow:
    """One CSV line: a step with its item and issue (an item without steps gives one line with empty step)."""

    issue: Issue | None
    item: Item
    step: Step | None


@dataclass(frozen=True)
class Compared:
    """A solution where the two constituencies agree or differ: each side's agree answers out of its answers."""

    solution: Solution
    police: analysis.SideAnswers
    community: analysis.SideAnswers
    gap: float  # percentage points


@dataclass(frozen=True)
class Agreement:
    agree: tuple[Compared, ...]
    differ: tuple[Compared, ...]
    too_few: int  # solutions with responses that one side answered too little, or was pooled, to compare


def _side(solution: Solution, key: str) -> analysis.SideAnswers | None:
    group = next((g for g in solution.groups if g.key == key), None)
    return None if group is None else analysis.SideAnswers(group.agree, group.agree + group.disagree + group.passed)


def agreement(content: PlanContent) -> Agreement:
    """Where law enforcement and the community agreed on the day, and where they differed most
    (`analysis.common_ground` on the constituency lines the day reported, so the small-number rule holds)."""
    solutions = [s for issue in content.issues for s in issue.solutions if s.has_support]
    ground = analysis.common_ground(
        analysis.ItemSides(key=i, police=_side(s, "law_enforcement"), community=_side(s, "community"))
        for i, s in enumerate(solutions)
    )

    def rows(found: tuple[analysis.Comparison, ...]) -> tuple[Compared, ...]:
        return tuple(Compared(solutions[c.key], c.police, c.community, c.gap) for c in found)

    return Agreement(agree=rows(ground.agree), differ=rows(ground.differ), too_few=ground.too_few)


def document_slug(plan: Plan) -> str:
    """An ASCII-safe folder/file stem for the plan's program, e.g. `12-lakeside`."""
    stem = slugify(plan.program.city) or slugify(plan.program.title) or "program"
    return f"{plan.program_id}-{stem}"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _text(text: str, language: str, translations: object, reader: str | None) -> Text:
    """What someone wrote, in the document's language where the plan has a version in it, else as written."""
    if reader is None:
        return Text(text, language)
    shown = shown_text(text, language, translations, reader)
    return Text(shown.text, shown.language)


def _solution(item: ActionItem, number: str, reader: str | None) -> Solution:
    support = item.support if isinstance(item.support, dict) else {}
    bridging = support.get("bridging")
    groups = tuple(
        GroupSupport(
            key=str(g.get("key", "")),
            members=_int(g.get("members")),
            agree=_int(g.get("agree")),
            disagree=_int(g.get("disagree")),
            passed=_int(g.get("passed")),
        )
        for g in support.get("constituencies", [])
        if isinstance(g, dict)
    )
    return Solution(
        number=number,
        title=_text(item.title, item.language, item.translations, reader),
        agree=_int(support.get("agree")),
        disagree=_int(support.get("disagree")),
        passed=_int(support.get("pass")),
        bridging=float(bridging) if isinstance(bridging, int | float) else None,
        groups=groups,
    )


def _step(step: ActionStep, number: str, include_names: bool, reader: str | None) -> Step:
    return Step(
        number=number,
        description=_text(step.description, step.language, step.translations, reader),
        responsible_party=step.responsible_party,
        responsible_person=step.responsible_person if include_names else "",
        partners=step.partners,
        start_date=step.start_date,
        due_date=step.due_date,
        resources=step.resources,
        measure=step.measure,
        day_timing=step.day_timing,
        status=step.status,
        percent=step.percent,
    )


def _rollup(steps: list[ActionStep]) -> int:
    """An item's percent complete: its steps' percents weighted by step weight (dropped steps left out)."""
    counted = [s for s in steps if s.status != StepStatus.DROPPED]
    total = sum(s.weight for s in counted)
    if not total:
        return 0
    return round(sum(s.percent * s.weight for s in counted) / total)


def plan_content(plan: Plan, *, include_names: bool = False, language: str | None = None) -> PlanContent:
    """Read the plan, its strengths, issues, items and steps (four queries) into frozen content; with `language`,
    issues, solutions and steps in that language where the plan has a version in it (else as written)."""
    program = plan.program
    strengths = tuple(Text(s.text, s.language) for s in plan.strengths.all())
    issue_rows = list(plan.issues.all())
    items = list(
        ActionItem.objects.filter(plan=plan).prefetch_related(Prefetch("steps", queryset=ActionStep.objects.all()))
    )
    by_issue: dict[int | None, list[ActionItem]] = {}
    for item in items:
        by_issue.setdefault(item.issue_id, []).append(item)

    def issue_of(row: PlanIssue, number: int) -> Issue:
        sources = tuple(
            Text(str(s.get("text", "")), str(s.get("language", row.language)))
            for s in (row.sources if isinstance(row.sources, list) else [])
            if isinstance(s, dict) and s.get("text")
        )
        solutions = tuple(
            _solution(item, f"{number}.{i}", language) for i, item in enumerate(by_issue.get(row.pk, []), start=1)
        )
        text = _text(row.text, row.language, row.translations, language)
        return Issue(number=number, text=text, dots=row.dots, sources=sources, solutions=solutions)

    issues = tuple(issue_of(row, n) for n, row in enumerate(issue_rows, start=1))

    def items_of(issue: Issue | None, rows: list[ActionItem], prefix: str) -> IssueItems:
        built = []
        for i, item in enumerate(rows, start=1):
            number = f"{prefix}{i}"
            steps = list(item.steps.all())
            built.append(
                Item(
                    number=number,
                    title=_text(item.title, item.language, item.translations, language),
                    weight=item.weight,
                    percent=_rollup(steps),
                    steps=tuple(
                        _step(s, f"{number}.{j}", include_names, language) for j, s in enumerate(steps, start=1)
                    ),
                )
            )
        return IssueItems(issue=issue, items=tuple(built))

    sections = [
        items_of(issue, by_issue.get(row.pk, []), f"{issue.number}.")
        for issue, row in zip(issues, issue_rows, strict=True)
    ]
    loose = by_issue.get(None, [])
    if loose:
        sections.append(items_of(None, loose, "0."))
    return PlanContent(
        program_title=program.title,
        program_city=program.city,
        forum_date=program.forum_date,
        slug=document_slug(plan),
        title=Text(plan.title, plan.language),
        introduction=Text(plan.introduction, plan.language) if plan.introduction.strip() else None,
        status=plan.status,
        version=plan.version,
        published_version=plan.published_version,
        generated_on=timezone.localdate(),
        include_names=include_names,
        strengths=strengths,
        issues=issues,
        sections=tuple(sections),
    )


def step_rows(content: PlanContent) -> list[StepRow]:
    rows: list[StepRow] = []
    for section in content.sections:
        for item in section.items:
            if not item.steps:
                rows.append(StepRow(issue=section.issue, item=item, step=None))
            rows.extend(StepRow(issue=section.issue, item=item, step=step) for step in item.steps)
    return rows


def group_label(key: str) -> str:
    labels = {
        "law_enforcement": _("Law enforcement"),
        "community": _("Community"),
        "small_groups": _("Smaller groups, pooled"),
    }
    return labels.get(key, key)


def labels() -> dict[str, str]:
    """The documents' own words in the active language (call inside translation.override)."""
    return {
        "report_title": _("Report of the forum day"),
        "plan_title": _("Action plan"),
        "items_title": _("Action items and steps"),
        "forum_date": _("Forum date"),
        "generated_on": _("Generated on"),
        "plan_status": _("Plan status"),
        "version": pgettext("document", "Version"),
        "introduction": _("Introduction"),
        "strengths": _("Strengths"),
        "strengths_intro": _("What participants said already works in their community."),
        "issues": _("Priority issues"),
        "issues_intro": _("The issues the room chose by dot voting, with the statements merged into each."),
        "issue": _("Priority issue"),
        "dots": _("Dots"),
        "merged": _("Statements merged into this issue"),
        "solutions": _("Solutions"),
        "solutions_intro": _(
            "The solutions developed for each issue, with how each constituency responded and the bridging "
            "score (high only when law enforcement and community both agree)."
        ),
        "solution": _("Solution"),
        "group": _("Group"),
        "members": _("Members"),
        "agree": pgettext("response", "Agree"),
        "disagree": pgettext("response", "Disagree"),
        "pass": pgettext("response", "Pass"),
        "all": _("Everyone"),
        "bridging": _("Bridging score"),
        "no_support": _("No responses were recorded for this solution."),
        "bridging_pending": _("Too few answers from law enforcement or the community for a bridging score."),
        "none": _("None recorded."),
        "support_caption": _("Responses to the solution, by constituency"),
        "agree_heading": _("Where law enforcement and the community agree"),
        "agree_intro": _(
            "Solutions that at least %(share)s%% of law enforcement and at least %(share)s%% of the community "
            "agreed with (a pass counts as an answer, not as agreement). A solution is compared only when each "
            "side gave at least %(size)s answers and is shown on its own."
        )
        % {"share": analysis.agreement.AGREE_AT, "size": analysis.agreement.MIN_ANSWERS},
        "agree_none": _("No solution has reached that agreement on both sides."),
        "differ_heading": _("Where they differ most"),
        "differ_intro": _(
            "The solutions with the largest gaps between the two sides’ agreement, at least %(points)s "
            "percentage points, largest first."
        )
        % {"points": analysis.agreement.MIN_GAP},
        "differ_none": _("No solution showed a gap that large between the two sides."),
        "police_agree": _("Law enforcement agree"),
        "community_agree": _("Community agree"),
        "gap": _("Gap (percentage points)"),
        "agree_caption": _("Solutions both sides agree with: agree answers out of all answers (n)"),
        "differ_caption": _("Solutions the two sides answered most differently: agree answers out of all answers (n)"),
        "items": _("Action items"),
        "item": _("Action item"),
        "steps": _("Action steps"),
        "step": _("Action step"),
        "weight": _("Weight"),
        "progress": _("Progress"),
        "responsible": _("Responsible party"),
        "person": _("Responsible person"),
        "partners": _("Partners"),
        "start": _("Start date"),
        "due": _("Due date"),
        "resources": _("Resources"),
        "measure": _("Measure of success"),
        "timing": _("Timing proposed on the day"),
        "status": _("Status"),
        "percent": _("Percent complete"),
        "no_steps": _("No action steps yet."),
        "no_items": _("No action items yet."),
        "other_items": _("Items not tied to a priority issue"),
        "names_note": _("Named roles are included at a conciliator's request."),
        "privacy_note": _(
            "This document names no participant: responsible parties are agencies, organizations or roles."
        ),
        "language_of_text": _(
            "Text written by participants is shown in this document's language where the plan has a version in "
            "it, and otherwise as written, marked with its language."
        ),
        "steps_caption": _("Who does what by when"),
        "issue_number": _("Priority issue number"),
        "item_number": _("Action item number"),
        "step_number": _("Action step number"),
        "text_language": _("Language of the text"),
        "issue_heading": _("Priority issue %(number)s:"),
        "item_heading": _("Action item %(number)s:"),
    }
