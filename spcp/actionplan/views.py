"""Action plan pages: the plan, its edit forms, versions and diff, approval and publication; the public pages.
Thin: access, one service or selector, render."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spcp.accounts.models import User
from spcp.actionplan import phases, selectors, services, snapshots
from spcp.actionplan.forms import DiffForm, IssueForm, ItemForm, PlanForm, StepForm
from spcp.actionplan.models import Plan, PlanStatus
from spcp.actionplan.selectors import CHANGE
from spcp.actionplan.services import PlanLocked
from spcp.common.forms import ServiceForm, posted, save_form
from spcp.programs.models import Language, Program

APPROVE = "actionplan.approve_plan"
PUBLISH = "actionplan.publish_plan"


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every staff view here is login_required
    return request.user


def _context(request: HttpRequest, program: Program, plan: Plan | None, **extra: Any) -> dict[str, Any]:
    user = request.user
    can_change = user.has_perm(CHANGE, program)
    reason = selectors.locked_reason(program, plan)
    return {
        "program": program,
        "plan": plan,
        "can_change": can_change,
        "can_approve": user.has_perm(APPROVE, program),
        "editable": can_change and not reason,
        "locked_reason": reason if can_change else "",
        "language_labels": dict(Language.choices),
        **extra,
    }


def _submit(request: HttpRequest, form: ServiceForm, save: Callable[[], object]) -> int | None:
    return save_form(request, form, save, locked=(PlanLocked,))


def _form_page(
    request: HttpRequest, plan: Plan, form: ServiceForm, status: int, heading: str, **extra: Any
) -> HttpResponse:
    context = _context(request, plan.program, plan, form=form, refused=status == 409, heading=heading, **extra)
    if not context["editable"]:
        form.lock()  # read-only: show the saved values, no validation errors
    return render(request, "actionplan/form.html", context, status=status)


def _refused(request: HttpRequest, program: Program, plan: Plan | None) -> HttpResponse:
    """A change the phase or the plan's status does not allow: the plan page with the reason, and 409."""
    return _overview(request, program, plan, refused=True, status=409)


def _overview(
    request: HttpRequest, program: Program, plan: Plan | None, *, refused: bool = False, status: int = 200
) -> HttpResponse:
    tree = selectors.plan_tree(plan=plan) if plan is not None else None
    context = _context(request, program, plan, tree=tree, refused=refused)
    return render(request, "actionplan/overview.html", context, status=status)


@login_required
def overview(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_plan_program(request.user, program_id)
    return _overview(request, program, selectors.plan_get(program=program))


@login_required
@require_POST
def draft(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_plan_program(request.user, program_id, perm=CHANGE)
    try:
        plan, created = services.plan_draft_from_forum(actor=_actor(request), program=program)
    except PlanLocked:
        return _refused(request, program, selectors.plan_get(program=program))
    if created:
        messages.success(request, _("The action plan was drafted from the forum."))
    else:
        messages.info(request, _("This program already has an action plan, so nothing new was drafted."))
    return redirect("actionplan:overview", program_id=program.pk)


@login_required
def plan_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    plan = selectors.access_plan(request.user, program_id, perm=CHANGE)
    form = PlanForm(
        posted(request), program=plan.program, current_language=plan.language, initial=PlanForm.initial_for(plan)
    )
    status = _submit(request, form, lambda: services.plan_update(actor=_actor(request), plan=plan, **form.cleaned_data))
    if status is None:
        messages.success(request, _("Plan details saved."))
        return redirect("actionplan:overview", program_id=plan.program.pk)
    return _form_page(request, plan, form, status, _("Edit the plan's title and introduction"))


@login_required
def issue_edit(request: HttpRequest, program_id: int, plan_issue_id: int) -> HttpResponse:
    issue = selectors.access_plan_issue(request.user, program_id, plan_issue_id, perm=CHANGE)
    plan = issue.plan
    form = IssueForm(
        posted(request), program=plan.program, current_language=issue.language, initial=IssueForm.initial_for(issue)
    )
    status = _submit(
        request, form, lambda: services.issue_update(actor=_actor(request), issue=issue, **form.service_kwargs())
    )
    if status is None:
        messages.success(request, _("Priority issue saved."))
        return redirect("actionplan:overview", program_id=plan.program.pk)
    return _form_page(request, plan, form, status, _("Edit a priority issue"), issue=issue)


@login_required
@require_POST
def issue_move(request: HttpRequest, program_id: int, plan_issue_id: int) -> HttpResponse:
    issue = selectors.access_plan_issue(request.user, program_id, plan_issue_id, perm=CHANGE)
    try:
        services.issue_move(actor=_actor(request), issue=issue, up=request.POST.get("direction") == "up")
    except PlanLocked:
        return _refused(request, issue.plan.program, issue.plan)
    messages.success(request, _("Priority issues reordered."))
    return redirect("actionplan:overview", program_id=issue.plan.program.pk)


@login_required
def item_add(request: HttpRequest, program_id: int) -> HttpResponse:
    plan = selectors.access_plan(request.user, program_id, perm=CHANGE)
    initial: dict[str, Any] = {"client_token": uuid.uuid4()}
    if request.GET.get("issue", "").isdigit():
        initial["issue"] = int(request.GET["issue"])
    form = ItemForm(posted(request), plan=plan, initial=initial)
    status = _submit(
        request,
        form,
        lambda: services.item_add(
            actor=_actor(request), plan=plan, client_token=form.cleaned_data["client_token"], **form.service_kwargs()
        ),
    )
    if status is None:
        messages.success(request, _("Action item added."))
        return redirect("actionplan:overview", program_id=plan.program.pk)
    return _form_page(request, plan, form, status, _("Add an action item"))


@login_required
def item_edit(request: HttpRequest, program_id: int, plan_item_id: int) -> HttpResponse:
    item = selectors.access_plan_item(request.user, program_id, plan_item_id, perm=CHANGE)
    plan = item.plan
    form = ItemForm(posted(request), plan=plan, current_language=item.language, initial=ItemForm.initial_for(item))
    status = _submit(
        request, form, lambda: services.item_update(actor=_actor(request), item=item, **form.service_kwargs())
    )
    if status is None:
        messages.success(request, _("Action item saved."))
        return redirect("actionplan:overview", program_id=plan.program.pk)
    return _form_page(request, plan, form, status, _("Edit an action item"), item=item)


@login_required
def item_remove(request: HttpRequest, program_id: int, plan_item_id: int) -> HttpResponse:
    item = selectors.access_plan_item(request.user, program_id, plan_item_id, perm=CHANGE)
    plan = item.plan
    if request.method == "POST":
        try:
            services.item_remove(actor=_actor(request), item=item)
        except PlanLocked:
            return _refused(request, plan.program, plan)
        messages.success(request, _("Action item removed."))
        return redirect("actionplan:overview", program_id=plan.program.pk)
    context = _context(request, plan.program, plan, heading=_("Remove an action item"), text=item.title)
    context["text_language"] = item.language
    context["warning"] = _("The item and all its action steps will be removed. Earlier versions keep them.")
    return render(request, "actionplan/remove.html", context)


@login_required
def step_add(request: HttpRequest, program_id: int, plan_item_id: int) -> HttpResponse:
    item = selectors.access_plan_item(request.user, program_id, plan_item_id, perm=CHANGE)
    plan = item.plan
    form = StepForm(posted(request), program=plan.program, initial={"client_token": uuid.uuid4()})
    status = _submit(
        request,
        form,
        lambda: services.step_add(
            actor=_actor(request), item=item, client_token=form.cleaned_data["client_token"], **form.service_kwargs()
        ),
    )
    if status is None:
        messages.success(request, _("Action step added."))
        return redirect("actionplan:overview", program_id=plan.program.pk)
    return _form_page(request, plan, form, status, _("Add an action step"), item=item)


@login_required
def step_edit(request: HttpRequest, program_id: int, plan_step_id: int) -> HttpResponse:
    step = selectors.access_plan_step(request.user, program_id, plan_step_id, perm=CHANGE)
    plan = step.item.plan
    form = StepForm(
        posted(request), program=plan.program, current_language=step.language, initial=StepForm.initial_for(step)
    )
    status = _submit(
        request, form, lambda: services.step_update(actor=_actor(request), step=step, **form.service_kwargs())
    )
    if status is None:
        messages.success(request, _("Action step saved."))
        return redirect("actionplan:overview", program_id=plan.program.pk)
    return _form_page(request, plan, form, status, _("Edit an action step"), item=step.item)


@login_required
def step_remove(request: HttpRequest, program_id: int, plan_step_id: int) -> HttpResponse:
    step = selectors.access_plan_step(request.user, program_id, plan_step_id, perm=CHANGE)
    plan = step.item.plan
    if request.method == "POST":
        try:
            services.step_remove(actor=_actor(request), step=step)
        except PlanLocked:
            return _refused(request, plan.program, plan)
        messages.success(request, _("Action step removed."))
        return redirect("actionplan:overview", program_id=plan.program.pk)
    context = _context(request, plan.program, plan, heading=_("Remove an action step"), text=step.description)
    context["text_language"] = step.language
    context["warning"] = _("The step will be removed. Earlier versions keep it.")
    return render(request, "actionplan/remove.html", context)


@login_required
def versions(request: HttpRequest, program_id: int) -> HttpResponse:
    plan = selectors.access_plan(request.user, program_id)
    context = _context(request, plan.program, plan, versions=selectors.version_list(plan=plan))
    return render(request, "actionplan/versions.html", context)


@login_required
def diff(request: HttpRequest, program_id: int) -> HttpResponse:
    plan = selectors.access_plan(request.user, program_id)
    version_rows = selectors.version_list(plan=plan)
    numbers = [v.number for v in version_rows]
    default = {"a": numbers[1] if len(numbers) > 1 else plan.version, "b": plan.version}
    form = DiffForm(request.GET or None, versions=version_rows, initial=default)
    a, b = default["a"], default["b"]
    if request.GET and form.is_valid():
        a, b = form.cleaned_data["a"], form.cleaned_data["b"]
    older, newer = selectors.version_get(plan=plan, number=a), selectors.version_get(plan=plan, number=b)
    rows = snapshots.snapshot_diff(older.snapshot, newer.snapshot) if older and newer else []
    context = _context(request, plan.program, plan, form=form, rows=rows, a=a, b=b, compared=bool(older and newer))
    return render(request, "actionplan/diff.html", context)


def _status_change(
    request: HttpRequest, program_id: int, perm: str, change: Callable[[User, Plan], object], done: str
) -> HttpResponse:
    plan = selectors.access_plan(request.user, program_id, perm=perm)
    try:
        change(_actor(request), plan)
    except PlanLocked:
        return _refused(request, plan.program, plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("actionplan:overview", program_id=plan.program.pk)
    messages.success(request, done)
    return redirect("actionplan:overview", program_id=plan.program.pk)


@login_required
@require_POST
def approve(request: HttpRequest, program_id: int) -> HttpResponse:
    return _status_change(
        request,
        program_id,
        APPROVE,
        lambda actor, plan: services.plan_approve(actor=actor, plan=plan),
        _("The plan is approved and its content is locked."),
    )


@login_required
@require_POST
def reopen(request: HttpRequest, program_id: int) -> HttpResponse:
    return _status_change(
        request,
        program_id,
        APPROVE,
        lambda actor, plan: services.plan_reopen(actor=actor, plan=plan),
        _("The plan is a draft again and can be edited."),
    )


@login_required
def publish(request: HttpRequest, program_id: int) -> HttpResponse:
    if request.method == "POST":
        return _status_change(
            request,
            program_id,
            PUBLISH,
            lambda actor, plan: services.plan_publish(actor=actor, plan=plan),
            _("The plan is published. Anyone can now read it on the public plans page."),
        )
    plan = selectors.access_plan(request.user, program_id, perm=PUBLISH)
    context = _context(
        request,
        plan.program,
        plan,
        ready=plan.status == PlanStatus.APPROVED,
        phase_open=phases.plan_editable(plan.program),
        phase_reason=phases.edit_locked_reason(plan.program),
    )
    return render(request, "actionplan/publish.html", context)


@login_required
@require_POST
def public_progress(request: HttpRequest, program_id: int) -> HttpResponse:
    enabled = request.POST.get("enabled") == "1"
    return _status_change(
        request,
        program_id,
        PUBLISH,
        lambda actor, plan: services.plan_public_progress_set(actor=actor, plan=plan, enabled=enabled),
        _("The public progress page is switched on.") if enabled else _("The public progress page is switched off."),
    )


# --- public pages -------------------------------------------------------------------------------------------


def _public_languages(request: HttpRequest) -> None:
    request.page_languages = [code for code, _name in settings.LANGUAGES]  # type: ignore[attr-defined]


def public_list(request: HttpRequest) -> HttpResponse:
    _public_languages(request)
    return render(request, "actionplan/public_list.html", {"plans": selectors.public_plan_list()})


def public_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    _public_languages(request)
    plan = selectors.public_plan_get(plan_id)
    snapshot = selectors.published_snapshot(plan) if plan is not None else None
    if plan is None or snapshot is None:
        raise Http404
    context = {"plan": plan, "view": snapshots.public_view(snapshot), "language_labels": dict(Language.choices)}
    return render(request, "actionplan/public_detail.html", context)
