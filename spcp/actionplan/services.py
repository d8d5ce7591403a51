"""Writes to the action plan. Each service is atomic, validates first, saves a numbered version of the whole
plan (content edits), and writes its audit entry with the old and new values."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from spcp.accounts.models import User
from spcp.actionplan import phases, selectors
from spcp.actionplan.models import (
    PLAN_LANGUAGES,
    ActionItem,
    ActionStep,
    Plan,
    PlanIssue,
    PlanStatus,
    PlanStrength,
    PlanVersion,
)
from spcp.actionplan.snapshots import snapshot_of
from spcp.forum import selectors as forum
from spcp.forum.models import StatementKind
from spcp.forum.translation_queue import confirmed_translations
from spcp.programs.models import Language, Program
from spcp.programs.services import apply_changes, audit_record

ORDER_STEP = 10
MAX_WEIGHT = 100
TEXT_MAX = 800

# Version summaries are stored in English and translated when shown (so each reader sees their language).
DRAFTED = gettext_noop("Drafted from the forum")
PLAN_CHANGED = gettext_noop("Plan details changed")
ISSUE_CHANGED = gettext_noop("Priority issue changed")
ISSUES_REORDERED = gettext_noop("Priority issues reordered")
ITEM_ADDED = gettext_noop("Action item added")
ITEM_CHANGED = gettext_noop("Action item changed")
ITEM_REMOVED = gettext_noop("Action item removed")
STEP_ADDED = gettext_noop("Action step added")
STEP_CHANGED = gettext_noop("Action step changed")
STEP_REMOVED = gettext_noop("Action step removed")


class PlanLocked(Exception):
    """The plan cannot be changed now: the phase keeps it read-only, or it is approved or published."""

    def __init__(self, program: Program, reason: str):
        self.program = program
        super().__init__(reason)


def _ensure_phase(program: Program) -> None:
    if not phases.plan_editable(program):
        raise PlanLocked(program, phases.edit_locked_reason(program))


def _ensure_editable(plan: Plan) -> None:
    reason = selectors.locked_reason(plan.program, plan)
    if reason:
        raise PlanLocked(plan.program, reason)


def _author_label(actor: User | None) -> str:
    if actor is None:
        return ""
    return (actor.get_full_name() or actor.get_username())[:150]


def _save_version(plan: Plan, actor: User | None, summary: str) -> PlanVersion:
    """Bump the plan's version and store the snapshot; the (plan, number) constraint refuses a racing twin."""
    current = Plan.objects.select_for_update().values_list("version", flat=True).get(pk=plan.pk)
    number = current + 1
    Plan.objects.filter(pk=plan.pk).update(version=number, updated_at=timezone.now())
    plan.version = number
    return PlanVersion.objects.create(
        plan=plan,
        number=number,
        author=actor,
        author_label=_author_label(actor),
        summary=summary,
        snapshot=snapshot_of(selectors.plan_tree(plan=plan)),
    )


def _audit(
    actor: User | None, plan: Plan, action: str, target: Any, changes: dict[str, tuple[Any, Any]] | None = None
) -> None:
    audit_record(actor=actor, program=plan.program, action=action, target=target, changes=changes)


def _clean_text(errors: dict[str, str], field: str, value: str, *, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("This field is required.")
    elif len(value) > limit:
        errors[field] = _("Keep it under %(max)d characters.") % {"max": limit}
    return value


def _check_language(errors: dict[str, str], language: str) -> None:
    if language not in Language.values:
        errors["language"] = _("Choose a language from the list.")


def _clean_translations(
    errors: dict[str, str], translations: dict[str, str] | None, language: str, current: Any
) -> dict[str, str]:
    """The staff-language versions beside a text written in `language` (none given: the current ones kept)."""
    if translations is None:
        return dict(current) if isinstance(current, dict) else {}
    clean: dict[str, str] = {}
    for code, value in translations.items():
        text = (value or "").strip()
        if code not in PLAN_LANGUAGES or code == language or not text:
            continue
        if len(text) > TEXT_MAX:
            errors[f"version_{code}"] = _("Keep it under %(max)d characters.") % {"max": TEXT_MAX}
        clean[code] = text
    return clean


def _check_weight(errors: dict[str, str], weight: int) -> None:
    if not 1 <= weight <= MAX_WEIGHT:
        errors["weight"] = _("Enter a whole number from 1 to %(max)d.") % {"max": MAX_WEIGHT}


def _next_order(rows: Iterable[int | None]) -> int:
    return max((r or 0 for r in rows), default=0) + ORDER_STEP


# --- drafting -----------------------------------------------------------------------------------------------


def _support(result: forum.SolutionResult | None) -> dict[str, Any]:
    """The day's support, as shown on the day: totals, bridging score and the pooled constituency lines."""
    if result is None:
        return {}
    return {
        "agree": result.agree,
        "disagree": result.disagree,
        "pass": result.passed,
        "bridging": None if result.bridging is None else round(result.bridging, 4),  # None: too few answers
        "constituencies": [asdict(line) for line in result.constituencies],
    }


@transaction.atomic
def plan_draft_from_forum(*, actor: User, program: Program) -> tuple[Plan, bool]:
    """Draft the plan from the forum's priorities, solutions, steps and strengths; (plan, False) if one exists.

    Reads the forum only through its selectors. The support copied onto each item is the day's already-pooled
    per-constituency lines, never anything about a single person.
    """
    existing = selectors.plan_get(program=program)
    if existing is not None:
        return existing, False
    _ensure_phase(program)
    try:
        with transaction.atomic():
            plan = Plan.objects.create(program=program, title=program.title[:200], language="en")
    except IntegrityError:  # drafted at the same moment by someone else
        found = selectors.plan_get(program=program)
        assert found is not None
        return found, False
    plan.program = program
    day = forum.forum_get(program=program)
    if day is not None:
        _copy_forum(plan, day)
    Plan.objects.filter(pk=plan.pk).update(forum_generated_at=timezone.now())
    _save_version(plan, actor, DRAFTED)
    _audit(actor, plan, "actionplan.drafted", plan)
    return plan, True


def _copy_forum(plan: Plan, day: Any) -> None:
    tables = forum.breakout_list(forum=day)
    table_number = {t.pk: t.number for t in tables}
    strengths = [
        s for table in tables for s in forum.table_statements(breakout=table) if s.kind == StatementKind.STRENGTH
    ]
    PlanStrength.objects.bulk_create(
        PlanStrength(plan=plan, order=n * ORDER_STEP, text=s.text, language=s.language, source_statement_id=s.pk)
        for n, s in enumerate(strengths, start=1)
    )
    tally = forum.dot_tally(forum=day)
    versions = {kind: confirmed_translations(forum=day, kind=kind) for kind in ("statement", "solution", "step")}
    issues: dict[int, PlanIssue] = {}
    for n, statement in enumerate(forum.priority_list(forum=day), start=1):
        sources = [
            {"text": s.text, "language": s.language, "table": table_number.get(s.breakout_id)}
            for s in forum.statement_sources(statement)
        ]
        dots = statement.final_dots if statement.final_dots is not None else tally.get(statement.pk, 0)
        issues[statement.pk] = PlanIssue.objects.create(
            plan=plan,
            order=n * ORDER_STEP,
            text=statement.text,
            language=statement.language,
            dots=dots,
            sources=sources,
            source_statement_id=statement.pk,
            translations=_plan_versions(versions["statement"].get(statement.pk)),
        )
    results = {r.solution_id: r for r in forum.solution_results(forum=day)}
    order = 0
    for table in tables:
        for solution in forum.table_solutions(breakout=table):
            order += ORDER_STEP
            item = ActionItem.objects.create(
                plan=plan,
                issue=issues.get(solution.issue_id),
                order=order,
                title=solution.text,
                language=solution.language,
                support=_support(results.get(solution.pk)),
                source_solution_id=solution.pk,
                translations=_plan_versions(versions["solution"].get(solution.pk)),
            )
            ActionStep.objects.bulk_create(
                ActionStep(
                    item=item,
                    order=n * ORDER_STEP,
                    description=step.text,
                    language=step.language,
                    responsible_party=step.who[:200],
                    day_timing=step.by_when[:100],
                    source_step_id=step.pk,
                    translations=_plan_versions(versions["step"].get(step.pk)),
                )
                for n, step in enumerate(sorted(solution.steps.all(), key=lambda s: s.pk), start=1)
            )


def _plan_versions(found: dict[str, str] | None) -> dict[str, str]:
    """The day's confirmed translations the plan keeps: its staff languages (English and Korean)."""
    return {code: text for code, text in (found or {}).items() if code in PLAN_LANGUAGES}


# --- editing ------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_update(*, actor: User, plan: Plan, title: str, introduction: str, language: str) -> Plan:
    """Change the plan's title, introduction and the language they are written in."""
    _ensure_editable(plan)
    errors: dict[str, str] = {}
    title = _clean_text(errors, "title", title, limit=200)
    introduction = _clean_text(errors, "introduction", introduction, limit=5000, required=False)
    _check_language(errors, language)
    if errors:
        raise ValidationError(errors)
    changes = apply_changes(plan, {"title": title, "introduction": introduction, "language": language})
    if changes:
        plan.save(update_fields=[*changes, "updated_at"])
        _save_version(plan, actor, PLAN_CHANGED)
        _audit(actor, plan, "actionplan.plan_updated", plan, changes)
    return plan


@transaction.atomic
def issue_update(
    *, actor: User, issue: PlanIssue, text: str, language: str, translations: dict[str, str] | None = None
) -> PlanIssue:
    """Reword a priority issue or its English and Korean versions (its dots and merged statements stay as they
    were on the day)."""
    plan = issue.plan
    _ensure_editable(plan)
    errors: dict[str, str] = {}
    text = _clean_text(errors, "text", text, limit=TEXT_MAX)
    _check_language(errors, language)
    versions = _clean_translations(errors, translations, language, issue.translations)
    if errors:
        raise ValidationError(errors)
    changes = apply_changes(issue, {"text": text, "language": language, "translations": versions})
    if changes:
        issue.save(update_fields=[*changes, "updated_at"])
        _save_version(plan, actor, ISSUE_CHANGED)
        _audit(actor, plan, "actionplan.issue_updated", issue, changes)
    return issue


@transaction.atomic
def issue_move(*, actor: User, issue: PlanIssue, up: bool) -> PlanIssue:
    """Move a priority issue one place up or down (a no-op at either end)."""
    plan = issue.plan
    _ensure_editable(plan)
    issues = selectors.plan_issues(plan=plan)
    index = next(i for i, other in enumerate(issues) if other.pk == issue.pk)
    target = index - 1 if up else index + 1
    if not 0 <= target < len(issues):
        return issue
    before = [i.pk for i in issues]
    issues[index], issues[target] = issues[target], issues[index]
    for n, row in enumerate(issues, start=1):
        row.order = n * ORDER_STEP
    PlanIssue.objects.bulk_update(issues, ["order"])
    issue.order = (target + 1) * ORDER_STEP
    _save_version(plan, actor, ISSUES_REORDERED)
    _audit(actor, plan, "actionplan.issue_moved", issue, {"order": (before, [i.pk for i in issues])})
    return issue


def _check_issue(errors: dict[str, str], plan: Plan, issue: PlanIssue | None) -> None:
    if issue is not None and issue.plan_id != plan.pk:
        errors["issue"] = _("Choose one of this plan's priority issues.")


@transaction.atomic
def item_add(
    *,
    actor: User,
    plan: Plan,
    issue: PlanIssue | None,
    title: str,
    language: str,
    weight: int = 1,
    client_token: uuid.UUID | None = None,
    translations: dict[str, str] | None = None,
) -> tuple[ActionItem, bool]:
    """Add an action item under an issue; a retry with the same client_token returns the first item."""
    if client_token is not None:
        found = ActionItem.objects.filter(plan=plan, client_token=client_token).first()
        if found is not None:
            return found, False
    _ensure_editable(plan)
    errors: dict[str, str] = {}
    title = _clean_text(errors, "title", title, limit=TEXT_MAX)
    _check_language(errors, language)
    _check_weight(errors, weight)
    _check_issue(errors, plan, issue)
    versions = _clean_translations(errors, translations, language, {})
    if errors:
        raise ValidationError(errors)
    order = _next_order(ActionItem.objects.filter(plan=plan, issue=issue).values_list("order", flat=True))
    item = ActionItem.objects.create(
        plan=plan,
        issue=issue,
        order=order,
        title=title,
        language=language,
        translations=versions,
        weight=weight,
        client_token=client_token,
    )
    _save_version(plan, actor, ITEM_ADDED)
    _audit(actor, plan, "actionplan.item_added", item, {"title": (None, title), "weight": (None, weight)})
    return item, True


@transaction.atomic
def item_update(
    *,
    actor: User,
    item: ActionItem,
    issue: PlanIssue | None,
    title: str,
    language: str,
    weight: int,
    translations: dict[str, str] | None = None,
) -> ActionItem:
    """Reword an action item, change its weight, or move it under another issue (it goes last there)."""
    plan = item.plan
    _ensure_editable(plan)
    errors: dict[str, str] = {}
    title = _clean_text(errors, "title", title, limit=TEXT_MAX)
    _check_language(errors, language)
    _check_weight(errors, weight)
    _check_issue(errors, plan, issue)
    versions = _clean_translations(errors, translations, language, item.translations)
    if errors:
        raise ValidationError(errors)
    old_issue = item.issue
    fields: dict[str, Any] = {"title": title, "language": language, "weight": weight, "translations": versions}
    if (issue.pk if issue else None) != item.issue_id:
        fields["issue"] = issue
        fields["order"] = _next_order(ActionItem.objects.filter(plan=plan, issue=issue).values_list("order", flat=True))
    changes = apply_changes(item, fields)
    if changes:
        item.save(update_fields=[*changes, "updated_at"])
        if "issue" in changes:
            changes["issue"] = (str(old_issue) if old_issue else None, str(issue) if issue else None)
        _save_version(plan, actor, ITEM_CHANGED)
        _audit(actor, plan, "actionplan.item_updated", item, changes)
    return item


@transaction.atomic
def item_remove(*, actor: User, item: ActionItem) -> None:
    """Remove an action item and its steps (earlier versions keep them)."""
    plan = item.plan
    _ensure_editable(plan)
    _audit(actor, plan, "actionplan.item_removed", item, {"title": (item.title, None)})
    item.delete()
    _save_version(plan, actor, ITEM_REMOVED)


def _clean_step(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate a step's fields (those given); raise ValidationError with a message per field."""
    errors: dict[str, str] = {}
    clean = dict(fields)
    for name, limit, required in (
        ("description", TEXT_MAX, True),
        ("responsible_party", 200, True),
        ("responsible_person", 150, False),
        ("partners", 300, False),
        ("resources", TEXT_MAX, False),
        ("measure", TEXT_MAX, False),
    ):
        if name in clean:
            clean[name] = _clean_text(errors, name, clean[name] or "", limit=limit, required=required)
    if "responsible_email" in clean:
        clean["responsible_email"] = (clean["responsible_email"] or "").strip()
        if clean["responsible_email"]:
            try:
                validate_email(clean["responsible_email"])
            except ValidationError:
                errors["responsible_email"] = _("Enter a valid email address.")
    if "language" in clean:
        _check_language(errors, clean["language"])
    if "weight" in clean:
        _check_weight(errors, clean["weight"])
    if "translations" in clean:
        clean["translations"] = _clean_translations(errors, clean["translations"], clean.get("language", ""), {})
    start: datetime.date | None = clean.get("start_date")
    due: datetime.date | None = clean.get("due_date")
    if start is not None and due is not None and due < start:
        errors["due_date"] = _("The due date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def step_add(
    *,
    actor: User,
    item: ActionItem,
    description: str,
    language: str,
    responsible_party: str,
    responsible_person: str = "",
    responsible_email: str = "",
    partners: str = "",
    start_date: datetime.date | None = None,
    due_date: datetime.date | None = None,
    resources: str = "",
    measure: str = "",
    weight: int = 1,
    client_token: uuid.UUID | None = None,
    translations: dict[str, str] | None = None,
) -> tuple[ActionStep, bool]:
    """Add an action step to an item; a retry with the same client_token returns the first step."""
    plan = item.plan
    if client_token is not None:
        found = ActionStep.objects.filter(item__plan=plan, client_token=client_token).first()
        if found is not None:
            return found, False
    _ensure_editable(plan)
    fields = _clean_step(
        {
            "description": description,
            "language": language,
            "responsible_party": responsible_party,
            "responsible_person": responsible_person,
            "responsible_email": responsible_email,
            "partners": partners,
            "start_date": start_date,
            "due_date": due_date,
            "resources": resources,
            "measure": measure,
            "weight": weight,
            "translations": translations or {},
        }
    )
    order = (ActionStep.objects.filter(item=item).aggregate(m=Max("order"))["m"] or 0) + ORDER_STEP
    try:
        with transaction.atomic():
            step = ActionStep.objects.create(item=item, order=order, client_token=client_token, **fields)
    except IntegrityError:
        if client_token is None:
            raise
        return ActionStep.objects.get(client_token=client_token), False
    _save_version(plan, actor, STEP_ADDED)
    _audit(actor, plan, "actionplan.step_added", step, {k: (None, v) for k, v in fields.items() if v})
    return step, True


STEP_EDITABLE = (
    "description",
    "language",
    "responsible_party",
    "responsible_person",
    "responsible_email",
    "partners",
    "start_date",
    "due_date",
    "resources",
    "measure",
    "weight",
    "translations",
)


@transaction.atomic
def step_update(*, actor: User, step: ActionStep, **fields: Any) -> ActionStep:
    """Change any of a step's fields (those given); due must not be before start."""
    plan = step.item.plan
    _ensure_editable(plan)
    unknown = set(fields) - set(STEP_EDITABLE)
    if unknown:
        raise TypeError(f"step_update() got unexpected fields {sorted(unknown)}")
    merged = {"start_date": step.start_date, "due_date": step.due_date, "language": step.language, **fields}
    clean = _clean_step(merged)
    clean = {k: v for k, v in clean.items() if k in fields}
    changes = apply_changes(step, clean)
    if changes:
        step.save(update_fields=[*changes, "updated_at"])
        _save_version(plan, actor, STEP_CHANGED)
        _audit(actor, plan, "actionplan.step_updated", step, changes)
    return step


@transaction.atomic
def step_remove(*, actor: User, step: ActionStep) -> None:
    """Remove an action step (earlier versions keep it)."""
    plan = step.item.plan
    _ensure_editable(plan)
    _audit(actor, plan, "actionplan.step_removed", step, {"description": (step.description, None)})
    step.delete()
    _save_version(plan, actor, STEP_REMOVED)


# --- approval and publication -------------------------------------------------------------------------------


def _set_status(actor: User, plan: Plan, status: str, action: str, **fields: Any) -> Plan:
    changes = apply_changes(plan, {"status": status, **fields})
    plan.save(update_fields=[*changes, "updated_at"])
    _audit(actor, plan, action, plan, {k: v for k, v in changes.items() if k in ("status", "published_version")})
    return plan


@transaction.atomic
def plan_approve(*, actor: User, plan: Plan) -> Plan:
    """Approve the draft: its content is locked until someone returns it to draft."""
    plan.refresh_from_db()  # the caller's copy may predate edits made since (the version, the status)
    _ensure_phase(plan.program)
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft can be approved."))
    return _set_status(
        actor, plan, PlanStatus.APPROVED, "actionplan.approved", approved_at=timezone.now(), approved_by=actor
    )


@transaction.atomic
def plan_reopen(*, actor: User, plan: Plan) -> Plan:
    """Return an approved or published plan to draft; the public keeps the last published version."""
    plan.refresh_from_db()  # the caller's copy may predate edits made since (the version, the status)
    _ensure_phase(plan.program)
    if plan.status == PlanStatus.DRAFT:
        raise ValidationError(_("The plan is already a draft."))
    return _set_status(actor, plan, PlanStatus.DRAFT, "actionplan.reopened", approved_at=None, approved_by=None)


@transaction.atomic
def plan_publish(*, actor: User, plan: Plan) -> Plan:
    """Publish the approved plan: the public pages show this version's snapshot from now on."""
    plan.refresh_from_db()  # the caller's copy may predate edits made since (the version, the status)
    _ensure_phase(plan.program)
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Approve the plan before publishing it."))
    return _set_status(
        actor,
        plan,
        PlanStatus.PUBLISHED,
        "actionplan.published",
        published_version=plan.version,
        published_at=timezone.now(),
        published_by=actor,
    )


@transaction.atomic
def plan_public_progress_set(*, actor: User, plan: Plan, enabled: bool) -> Plan:
    """Switch the opt-in public progress page for this plan on or off."""
    _ensure_phase(plan.program)
    changes = apply_changes(plan, {"public_progress": enabled})
    if changes:
        plan.save(update_fields=["public_progress", "updated_at"])
        _audit(actor, plan, "actionplan.public_progress_set", plan, changes)
    return plan
