"""Planning pages. Thin: fetch with access_planning, call one service or selector, render.

Pages work without JavaScript; with htmx, a task's status and an invitation's RSVP change in place.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from spcp.accounts.http import AuthedRequest
from spcp.planning import phases, selectors, services
from spcp.planning.forms import (
    InvitationFilterForm,
    InvitationForm,
    InvitationImportConfirmForm,
    InvitationImportForm,
    MeetingForm,
    MemberForm,
    PlanningForm,
    RsvpForm,
    SectorForm,
    SectorNamesForm,
    TaskForm,
    TaskStatusForm,
)
from spcp.planning.models import Rsvp, TaskStatus
from spcp.planning.selectors import CHANGE_PERM, LINK_ACCOUNT_PERM, WORK_PERM, PlanningLocked
from spcp.programs.models import Program

# A planning view takes (request, program, **url kwargs); the decorator turns program_id into the program.
PlanningView = Callable[..., HttpResponse]


def planning_view(*, change: bool = False) -> Callable[[PlanningView], PlanningView]:
    """Fetch the program (404 if the user may not see it, or may not work on planning when `change`) and
    answer with the read-only explanation when the phase does not allow changes."""

    def decorator(view: PlanningView) -> PlanningView:
        @login_required
        @functools.wraps(view)
        def wrapper(request: AuthedRequest, program_id: int, **kwargs: Any) -> HttpResponse:
            try:
                program = selectors.access_planning(request.user, program_id, change=change)
                return view(request, program, **kwargs)
            except PlanningLocked as exc:
                return _locked(request, exc.program)

        return wrapper

    return decorator


def _locked(request: AuthedRequest, program: Program) -> HttpResponse:
    context = _context(request, program, section="", here=_("Read-only"))
    status = 200 if request.method in ("GET", "HEAD") else 409
    return render(request, "planning/locked.html", context, status=status)


def _context(request: AuthedRequest, program: Program, *, section: str, here: str = "", **extra: Any) -> dict[str, Any]:
    user = request.user
    can_change = user.has_perm(CHANGE_PERM, program)
    return {
        "program": program,
        "section": section,
        "here": here,
        "can_change": can_change,
        "locked_reason": phases.locked_reason(program) if not can_change and user.has_perm(WORK_PERM, program) else "",
        **extra,
    }


def _form_page(
    request: AuthedRequest, program: Program, form: PlanningForm, *, section: str, heading: str, **extra: Any
) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    context = _context(request, program, section=section, here=heading, form=form, heading=heading, **extra)
    return render(request, "planning/form.html", context, status=status)


def _save(form: PlanningForm, write: Callable[[], object]) -> bool:
    """Run the service; its validation errors go onto the form. True when saved."""
    try:
        write()
    except ValidationError as exc:
        form.add_service_errors(exc)
        return False
    return True


def _htmx(request: AuthedRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _back(request: AuthedRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


# --- overview and coverage -------------------------------------------------------------------------------


@planning_view()
def overview(request: AuthedRequest, program: Program) -> HttpResponse:
    coverage = selectors.coverage_get(program=program)
    context = _context(
        request,
        program,
        section="overview",
        progress=selectors.checklist_progress(program=program),
        group=selectors.group_composition(program=program),
        rsvp=selectors.rsvp_counts(program=program),
        coverage=coverage,
        next_meeting=selectors.next_meeting(program=program),
        training_missing=phases.planning_group_ready(program),
        forum_missing=phases.forum_ready(program),
    )
    return render(request, "planning/overview.html", context)


@planning_view()
def coverage(request: AuthedRequest, program: Program) -> HttpResponse:
    here = pgettext("sector coverage", "Coverage")
    context = _context(
        request, program, section="coverage", here=here, coverage=selectors.coverage_get(program=program)
    )
    return render(request, "planning/coverage.html", context)


# --- members ---------------------------------------------------------------------------------------------


@planning_view()
def members(request: AuthedRequest, program: Program) -> HttpResponse:
    context = _context(
        request,
        program,
        section="members",
        here=_("Members"),
        members=selectors.member_list(program=program),
        group=selectors.group_composition(program=program),
    )
    return render(request, "planning/members.html", context)


@planning_view(change=True)
def member_add(request: AuthedRequest, program: Program) -> HttpResponse:
    form = MemberForm(
        request.POST or None, program=program, can_link_account=request.user.has_perm(LINK_ACCOUNT_PERM, program)
    )
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.member_add(actor=request.user, program=program, **form.service_fields())):
            messages.success(request, _("Member added to the planning group."))
            return redirect("planning:members", program_id=program.pk)
    return _form_page(request, program, form, section="members", heading=_("Add a member"))


@planning_view(change=True)
def member_edit(request: AuthedRequest, program: Program, planning_member_id: int) -> HttpResponse:
    member = selectors.member_get(program=program, member_id=planning_member_id)
    form = MemberForm(
        request.POST or None,
        initial=MemberForm.initial_for(member),
        program=program,
        can_link_account=request.user.has_perm(LINK_ACCOUNT_PERM, program),
    )
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.member_update(actor=request.user, member=member, **form.service_fields())):
            messages.success(request, _("Member details saved."))
            return redirect("planning:members", program_id=program.pk)
    return _form_page(request, program, form, section="members", heading=_("Edit member"), subject=member.name)


# --- sectors ---------------------------------------------------------------------------------------------


def _sectors_page(request: AuthedRequest, program: Program, form: SectorForm) -> HttpResponse:
    context = _context(
        request,
        program,
        section="sectors",
        here=_("Sectors"),
        sectors=list(selectors.sector_list(program=program)),
        form=form,
        suggestions=selectors.sector_suggestions(program=program),
        name_gaps=selectors.sector_name_gaps(program=program),
        title_gaps=selectors.title_gaps(program=program),
    )
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "planning/sectors.html", context, status=status)


@planning_view()
def sectors(request: AuthedRequest, program: Program) -> HttpResponse:
    return _sectors_page(request, program, SectorForm(languages=selectors.sector_languages(program=program)))


@planning_view(change=True)
def sector_add(request: AuthedRequest, program: Program) -> HttpResponse:
    form = SectorForm(request.POST or None, languages=selectors.sector_languages(program=program))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        create = functools.partial(
            services.sector_create,
            actor=request.user,
            program=program,
            key=data["key"],
            name=data["name"],
            names=form.other_names(),
        )
        if _save(form, create):
            messages.success(request, _("Sector added, with a task for its invitations."))
            return redirect("planning:sectors", program_id=program.pk)
    return _sectors_page(request, program, form)


@planning_view(change=True)
def sector_edit(request: AuthedRequest, program: Program, planning_sector_id: int) -> HttpResponse:
    sector = selectors.sector_get(program=program, sector_id=planning_sector_id, custom_only=True)
    form = SectorNamesForm(
        request.POST or None,
        initial=SectorNamesForm.initial_for(sector.all_names),
        languages=selectors.sector_languages(program=program, sector=sector),
    )
    if request.method == "POST" and form.is_valid():
        update = functools.partial(
            services.sector_update,
            actor=request.user,
            sector=sector,
            name=form.cleaned_data["name"],
            names=form.other_names(),
        )
        if _save(form, update):
            messages.success(request, _("Sector renamed."))
            return redirect("planning:sectors", program_id=program.pk)
    heading = _("Rename sector")
    return _form_page(request, program, form, section="sectors", heading=heading, subject=sector.display_name)


# --- tasks -----------------------------------------------------------------------------------------------


def _task_context(request: AuthedRequest, program: Program) -> dict[str, Any]:
    return _context(
        request,
        program,
        section="tasks",
        here=_("Tasks"),
        groups=selectors.tasks_by_status(program=program),
        progress=selectors.checklist_progress(program=program),
        status_choices=TaskStatus.choices,
    )


@planning_view()
def tasks(request: AuthedRequest, program: Program) -> HttpResponse:
    return render(request, "planning/tasks.html", _task_context(request, program))


@planning_view(change=True)
def task_add(request: AuthedRequest, program: Program) -> HttpResponse:
    form = TaskForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.task_create(actor=request.user, program=program, **form.service_fields())):
            messages.success(request, _("Task added to the checklist."))
            return redirect("planning:tasks", program_id=program.pk)
    return _form_page(request, program, form, section="tasks", heading=_("Add a task"))


@planning_view(change=True)
def task_edit(request: AuthedRequest, program: Program, task_id: int) -> HttpResponse:
    task = selectors.task_get(program=program, task_id=task_id)
    form = TaskForm(request.POST or None, initial=TaskForm.initial_for(task), program=program, task=task)
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.task_update(actor=request.user, task=task, **form.service_fields())):
            messages.success(request, _("Task saved."))
            return redirect("planning:tasks", program_id=program.pk)
    return _form_page(request, program, form, section="tasks", heading=_("Edit task"), subject=task.display_title)


@require_POST
@planning_view(change=True)
def task_status(request: AuthedRequest, program: Program, task_id: int) -> HttpResponse:
    task = selectors.task_get(program=program, task_id=task_id)
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        services.task_update(actor=request.user, task=task, status=form.cleaned_data["status"])
        status = task.get_status_display()
        notice = _("Status of %(task)s: %(status)s.") % {"task": task.display_title, "status": status}
    else:
        notice = _("Choose a status for the task.")
    if _htmx(request):
        context = {**_task_context(request, program), "notice": notice}
        return render(request, "planning/_task_groups.html", context, status=200 if form.is_valid() else 400)
    (messages.success if form.is_valid() else messages.error)(request, notice)
    return redirect("planning:tasks", program_id=program.pk)


# --- meetings --------------------------------------------------------------------------------------------


@planning_view()
def meetings(request: AuthedRequest, program: Program) -> HttpResponse:
    upcoming, past = selectors.meetings_split(program=program)
    context = _context(request, program, section="meetings", here=_("Meetings"), upcoming=upcoming, past=past)
    return render(request, "planning/meetings.html", context)


@planning_view()
def meeting_detail(request: AuthedRequest, program: Program, planning_meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(program=program, meeting_id=planning_meeting_id)
    context = _context(request, program, section="meetings", here=_("Meeting"), meeting=meeting)
    return render(request, "planning/meeting.html", context)


@planning_view(change=True)
def meeting_add(request: AuthedRequest, program: Program) -> HttpResponse:
    form = MeetingForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.meeting_create(actor=request.user, program=program, **form.service_fields())):
            messages.success(request, _("Meeting saved."))
            return redirect("planning:meetings", program_id=program.pk)
    return _form_page(request, program, form, section="meetings", heading=_("Add a meeting"))


@planning_view(change=True)
def meeting_edit(request: AuthedRequest, program: Program, planning_meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(program=program, meeting_id=planning_meeting_id)
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting), program=program)
    if request.method == "POST" and form.is_valid():
        if _save(form, lambda: services.meeting_update(actor=request.user, meeting=meeting, **form.service_fields())):
            messages.success(request, _("Meeting saved."))
            return redirect("planning:meeting", program_id=program.pk, planning_meeting_id=meeting.pk)
    return _form_page(request, program, form, section="meetings", heading=_("Edit meeting"))


# --- invitations -----------------------------------------------------------------------------------------


@planning_view()
def invitations(request: AuthedRequest, program: Program) -> HttpResponse:
    filter_form = InvitationFilterForm(request.GET, program=program)
    filters = filter_form.filters()
    context = _context(
        request,
        program,
        section="invitations",
        here=_("Invitations"),
        filter_form=filter_form,
        filtered=any(filters.values()),
        invitations=selectors.invitation_list(program=program, **filters),
        rsvp=selectors.rsvp_counts(program=program),
        rsvp_choices=Rsvp.choices,
        here_url=request.get_full_path(),
    )
    return render(request, "planning/invitations.html", context)


@planning_view(change=True)
def invitation_add(request: AuthedRequest, program: Program) -> HttpResponse:
    form = InvitationForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        if _save(
            form, lambda: services.invitation_create(actor=request.user, program=program, **form.service_fields())
        ):
            messages.success(request, _("Invitation added."))
            if "add_another" in request.POST:
                return redirect("planning:invitation_add", program_id=program.pk)
            return redirect("planning:invitations", program_id=program.pk)
    return _form_page(request, program, form, section="invitations", heading=_("Add an invitation"), add_another=True)


@planning_view(change=True)
def invitation_import(request: AuthedRequest, program: Program) -> HttpResponse:
    """Upload a CSV, see each row checked (nothing saved), then confirm to add the new people."""
    upload = InvitationImportForm(request.POST or None, request.FILES or None) if "file" in request.FILES else None
    confirm = InvitationImportConfirmForm(request.POST) if request.method == "POST" and upload is None else None
    check, data, status = None, b"", 200
    if upload is not None and upload.is_valid():
        data = upload.cleaned_data["file"].read(services.MAX_IMPORT_BYTES + 1)
        check = services.invitations_import_check(program=program, data=data)
        status = 200 if check.importable else 400
    elif confirm is not None:
        data = (confirm.file_bytes() or b"") if confirm.is_valid() else b""
        try:
            done = services.invitations_import(actor=request.user, program=program, data=data)
        except ValidationError as exc:
            check = services.invitations_import_check(program=program, data=data)
            if not check.file_errors and not check.invalid:
                check = services.ImportCheck(rows=check.rows, file_errors=list(exc.messages))
            status = 400
        else:
            count = done.new
            messages.success(
                request,
                ngettext(
                    "%(count)d person added to the invitation list.",
                    "%(count)d people added to the invitation list.",
                    count,
                )
                % {"count": count},
            )
            return redirect("planning:invitations", program_id=program.pk)
    elif request.method == "POST":
        upload = InvitationImportForm(request.POST, request.FILES)
        upload.is_valid()
        status = 400
    context = _context(
        request,
        program,
        section="invitations",
        here=_("Import invitations"),
        form=upload if upload is not None else InvitationImportForm(),
        check=check,
        confirm=InvitationImportConfirmForm(initial={"payload": base64.b64encode(data).decode("ascii")})
        if check is not None and check.importable
        else None,
        statuses=services.RowStatus,
    )
    return render(request, "planning/invitation_import.html", context, status=status)


@planning_view(change=True)
def invitation_edit(request: AuthedRequest, program: Program, invitation_id: int) -> HttpResponse:
    invitation = selectors.invitation_get(program=program, invitation_id=invitation_id)
    form = InvitationForm(request.POST or None, initial=InvitationForm.initial_for(invitation), program=program)
    if request.method == "POST" and form.is_valid():
        if _save(
            form,
            lambda: services.invitation_update(actor=request.user, invitation=invitation, **form.service_fields()),
        ):
            messages.success(request, _("Invitation saved."))
            return redirect("planning:invitations", program_id=program.pk)
    return _form_page(
        request, program, form, section="invitations", heading=_("Edit invitation"), subject=invitation.name
    )


@require_POST
@planning_view(change=True)
def invitation_rsvp(request: AuthedRequest, program: Program, invitation_id: int) -> HttpResponse:
    invitation = selectors.invitation_get(program=program, invitation_id=invitation_id)
    form = RsvpForm(request.POST)
    back = _back(request, reverse("planning:invitations", kwargs={"program_id": program.pk}))
    if not form.is_valid():
        if _htmx(request):
            return HttpResponse(_("Choose an answer."), status=422)
        messages.error(request, _("Choose an answer."))
        return redirect(back)
    services.invitation_rsvp(actor=request.user, invitation=invitation, rsvp=form.cleaned_data["rsvp"])
    notice = _("RSVP for %(name)s: %(answer)s.") % {"name": invitation.name, "answer": invitation.get_rsvp_display()}
    if _htmx(request):
        context = _context(
            request,
            program,
            section="invitations",
            invitation=invitation,
            rsvp_choices=Rsvp.choices,
            here_url=back,
            notice=notice,
        )
        return render(request, "planning/_invitation_row.html", context)
    messages.success(request, notice)
    return redirect(back)
