"""Reads of the action plan: the plan tree, versions, the public view, and access_* fetches (404 for missing
and forbidden alike)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.db.models.fields.json import KT
from django.http import Http404
from django.utils.translation import gettext

from spcp.accounts.models import User
from spcp.actionplan import phases
from spcp.actionplan.models import ActionItem, ActionStep, Plan, PlanIssue, PlanStatus, PlanStrength, PlanVersion
from spcp.programs.models import Program
from spcp.programs.selectors import access_program

AnyUser = User | AnonymousUser
VIEW = "actionplan.view_plan"
CHANGE = "actionplan.change_plan"


@dataclass
class IssueNode:
    issue: PlanIssue
    items: list[ActionItem] = field(default_factory=list)


@dataclass
class PlanTree:
    """The whole live plan: strengths, issues in order with their items (steps prefetched), unassigned items."""

    plan: Plan
    strengths: list[PlanStrength]
    issues: list[IssueNode]
    unassigned: list[ActionItem]

    @property
    def item_count(self) -> int:
        return sum(len(node.items) for node in self.issues) + len(self.unassigned)


def plan_get(*, program: Program) -> Plan | None:
    """The program's action plan, or None before it has been drafted."""
    return Plan.objects.filter(program=program).select_related("program").first()


def _steps() -> Prefetch[str]:
    return Prefetch("steps", queryset=ActionStep.objects.order_by("order", "id"))


def plan_items(*, plan: Plan) -> list[ActionItem]:
    """Every action item of the plan with its issue and steps (two queries)."""
    return list(
        ActionItem.objects.filter(plan=plan)
        .select_related("issue")
        .prefetch_related(_steps())
        .order_by("issue__order", "issue_id", "order", "id")
    )


def plan_issues(*, plan: Plan) -> list[PlanIssue]:
    return list(PlanIssue.objects.filter(plan=plan).order_by("order", "id"))


def plan_tree(*, plan: Plan) -> PlanTree:
    """The plan as a tree, in four queries whatever its size."""
    issues = plan_issues(plan=plan)
    by_issue: dict[int | None, list[ActionItem]] = defaultdict(list)
    for item in ActionItem.objects.filter(plan=plan).prefetch_related(_steps()).order_by("order", "id"):
        by_issue[item.issue_id].append(item)
    nodes = []
    for issue in issues:
        for item in by_issue[issue.pk]:
            item.issue = issue
        nodes.append(IssueNode(issue=issue, items=by_issue[issue.pk]))
    return PlanTree(
        plan=plan,
        strengths=list(PlanStrength.objects.filter(plan=plan).order_by("order", "id")),
        issues=nodes,
        unassigned=by_issue[None],
    )


def locked_reason(program: Program, plan: Plan | None) -> str:
    """Why the plan's content cannot be changed right now; empty when it can."""
    if not phases.plan_editable(program):
        return phases.edit_locked_reason(program)
    if plan is not None and plan.status == PlanStatus.APPROVED:
        return gettext("This plan is approved, so its content is locked. Return it to draft to change it.")
    if plan is not None and plan.status == PlanStatus.PUBLISHED:
        return gettext(
            "This plan is published, so its content is locked. Return it to draft to change it; the public "
            "keeps seeing the published version until you publish again."
        )
    return ""


def version_list(*, plan: Plan) -> list[PlanVersion]:
    return list(PlanVersion.objects.filter(plan=plan).select_related("author").defer("snapshot").order_by("-number"))


def version_get(*, plan: Plan, number: int) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan, number=number).first()


def public_plan_get(plan_id: int) -> Plan | None:
    """The plan only if it has been published (the public never sees an unpublished plan)."""
    return Plan.objects.select_related("program__state").filter(pk=plan_id, published_version__isnull=False).first()


def public_plan_list() -> list[Plan]:
    """Published plans, newest first, with their program's city and state, and the title and language as
    published (`published_title`, `published_language`): later draft edits stay private until published."""
    published = PlanVersion.objects.filter(plan=OuterRef("pk"), number=OuterRef("published_version"))
    return list(
        Plan.objects.filter(published_version__isnull=False)
        .filter(Exists(published))  # a plan whose published version is missing is not shown at all
        .select_related("program__state")
        .annotate(
            published_title=Subquery(published.annotate(t=KT("snapshot__title")).values("t")[:1]),
            published_language=Subquery(published.annotate(t=KT("snapshot__language")).values("t")[:1]),
        )
        .order_by("-published_at", "-id")
    )


def published_snapshot(plan: Plan) -> dict[str, object] | None:
    """The full snapshot of the plan's last published version (staff only: it still holds personal details)."""
    if plan.published_version is None:
        return None
    version = version_get(plan=plan, number=plan.published_version)
    return version.snapshot if version is not None else None


def access_plan_program(user: AnyUser, program_id: int, perm: str = VIEW) -> Program:
    return access_program(user, program_id, perm=perm)


def access_plan(user: AnyUser, program_id: int, perm: str = VIEW) -> Plan:
    """The program's plan if `user` has `perm` on the program; 404 when either is missing or forbidden."""
    program = access_program(user, program_id, perm=perm)
    plan = Plan.objects.filter(program=program).first()
    if plan is None:
        raise Http404
    plan.program = program
    return plan


def access_plan_issue(user: AnyUser, program_id: int, plan_issue_id: int, perm: str = VIEW) -> PlanIssue:
    plan = access_plan(user, program_id, perm=perm)
    issue = PlanIssue.objects.filter(plan=plan, pk=plan_issue_id).first()
    if issue is None:
        raise Http404
    issue.plan = plan
    return issue


def access_plan_item(user: AnyUser, program_id: int, plan_item_id: int, perm: str = VIEW) -> ActionItem:
    plan = access_plan(user, program_id, perm=perm)
    item = ActionItem.objects.filter(plan=plan, pk=plan_item_id).select_related("issue").first()
    if item is None:
        raise Http404
    item.plan = plan
    return item


def access_plan_step(user: AnyUser, program_id: int, plan_step_id: int, perm: str = VIEW) -> ActionStep:
    plan = access_plan(user, program_id, perm=perm)
    step = ActionStep.objects.filter(item__plan=plan, pk=plan_step_id).select_related("item__issue").first()
    if step is None:
        raise Http404
    step.item.plan = plan
    return step
