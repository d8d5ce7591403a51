"""Facilitator training pages: readiness overview, facilitators, sessions and attendance, modules. Thin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spcp.accounts.models import User
from spcp.common.forms import ServiceForm, posted, save_form
from spcp.programs.models import Program
from spcp.training import phases, selectors, services
from spcp.training.forms import AttendanceForm, FacilitatorForm, ModuleForm, SessionForm

MANAGE = "training.manage_training"


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view here is login_required
    return request.user


def _context(request: HttpRequest, program: Program, **extra: Any) -> dict[str, Any]:
    user = request.user
    can_manage = user.has_perm(MANAGE, program)
    editable = can_manage and phases.training_editable(program)
    return {
        "program": program,
        "can_manage": can_manage,
        "editable": editable,
        "locked_reason": phases.edit_locked_reason(program) if can_manage and not editable else "",
        **extra,
    }


def _submit(
    request: HttpRequest,
    program: Program,
    form: ServiceForm,
    save: Callable[[], object],
    renamed: dict[str, str] | None = None,
) -> int | None:
    editable = phases.training_editable(program)
    return save_form(request, form, save, editable=editable, locked=(services.TrainingLocked,), renamed=renamed)


def _form_page(
    request: HttpRequest, program: Program, form: ServiceForm, status: int, template: str, **extra: Any
) -> HttpResponse:
    context = _context(request, program, form=form, refused=status == 409, **extra)
    if not context["editable"]:
        form.lock()  # read-only: show the saved values, no validation errors
    return render(request, template, context, status=status)


@login_required
def overview(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_training(request.user, program_id)
    readiness = selectors.readiness_get(program=program)
    more_needed = phases.more_needed_message(readiness.more_needed) if readiness.more_needed else ""
    context = _context(request, program, readiness=readiness, more_needed=more_needed)
    return render(request, "training/overview.html", context)


@login_required
def facilitator_list(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_training(request.user, program_id)
    readiness = selectors.readiness_get(program=program)
    context = _context(
        request,
        program,
        readiness=readiness,
        can_view_contacts=request.user.has_perm("training.view_contacts", program),
    )
    return render(request, "training/facilitator_list.html", context)


@login_required
def facilitator_detail(request: HttpRequest, program_id: int, facilitator_id: int) -> HttpResponse:
    facilitator = selectors.access_facilitator(request.user, program_id, facilitator_id)
    program = facilitator.program
    context = _context(
        request,
        program,
        facilitator=facilitator,
        readiness=selectors.readiness_get(program=program).for_facilitator(facilitator),
        sessions=selectors.facilitator_sessions(facilitator=facilitator),
    )
    return render(request, "training/facilitator_detail.html", context)


@login_required
def facilitator_add(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_training(request.user, program_id, perm=MANAGE)
    form = FacilitatorForm(posted(request))
    status = _submit(
        request,
        program,
        form,
        lambda: services.facilitator_add(actor=_actor(request), program=program, **form.service_kwargs()),
        renamed={"user": "account"},
    )
    if status is None:
        messages.success(request, _("Facilitator added."))
        return redirect("training:facilitators", program_id=program.pk)
    return _form_page(request, program, form, status, "training/facilitator_form.html", heading=_("Add a facilitator"))


@login_required
def facilitator_edit(request: HttpRequest, program_id: int, facilitator_id: int) -> HttpResponse:
    facilitator = selectors.access_facilitator(
        request.user, program_id, facilitator_id, perm="training.manage_facilitator"
    )
    program = facilitator.program
    heading = _("Edit facilitator: %(name)s") % {"name": facilitator.name}
    form = FacilitatorForm(posted(request), initial=FacilitatorForm.initial_for(facilitator))
    status = _submit(
        request,
        program,
        form,
        lambda: services.facilitator_update(actor=_actor(request), facilitator=facilitator, **form.service_kwargs()),
        renamed={"user": "account"},
    )
    if status is None:
        messages.success(request, _("Facilitator details saved."))
        return redirect("training:facilitator", program_id=program.pk, facilitator_id=facilitator.pk)
    return _form_page(request, program, form, status, "training/facilitator_form.html", heading=heading)


@login_required
def session_list(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_training(request.user, program_id)
    context = _context(request, program, sessions=selectors.session_list(program=program))
    return render(request, "training/session_list.html", context)


@login_required
def session_add(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_training(request.user, program_id, perm=MANAGE)
    form = SessionForm(posted(request), program=program)
    status = _submit(
        request,
        program,
        form,
        lambda: services.session_create(actor=_actor(request), program=program, **form.service_kwargs()),
    )
    if status is None:
        messages.success(request, _("Training session scheduled."))
        return redirect("training:sessions", program_id=program.pk)
    return _form_page(
        request,
        program,
        form,
        status,
        "training/session_form.html",
        heading=_("Schedule a training session"),
    )


@login_required
def session_edit(request: HttpRequest, program_id: int, session_id: int) -> HttpResponse:
    session = selectors.access_session(request.user, program_id, session_id, perm=MANAGE)
    program = session.program
    form = SessionForm(posted(request), program=program, initial=SessionForm.initial_for(session))
    status = _submit(
        request,
        program,
        form,
        lambda: services.session_update(actor=_actor(request), session=session, **form.service_kwargs()),
    )
    if status is None:
        messages.success(request, _("Training session saved."))
        return redirect("training:sessions", program_id=program.pk)
    return _form_page(
        request,
        program,
        form,
        status,
        "training/session_form.html",
        session=session,
        heading=_("Edit training session"),
    )


@login_required
def session_attendance(request: HttpRequest, program_id: int, session_id: int) -> HttpResponse:
    session = selectors.access_session(request.user, program_id, session_id, perm=MANAGE)
    program = session.program
    form = AttendanceForm(
        posted(request), program=program, initial={"facilitators": sorted(selectors.attendee_ids(session=session))}
    )
    status = _submit(
        request,
        program,
        form,
        lambda: services.attendance_record(
            actor=_actor(request), session=session, facilitators=form.cleaned_data["facilitators"]
        ),
    )
    if status is None:
        count = len(form.cleaned_data["facilitators"])
        messages.success(
            request,
            ngettext(
                "Attendance saved: %(count)d facilitator attended.",
                "Attendance saved: %(count)d facilitators attended.",
                count,
            )
            % {"count": count},
        )
        return redirect("training:sessions", program_id=program.pk)
    return _form_page(
        request,
        program,
        form,
        status,
        "training/attendance.html",
        session=session,
        modules=list(session.modules.order_by("order", "id")),
    )


@login_required
def module_list(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_training(request.user, program_id)
    context = _context(request, program, modules=selectors.module_list(program=program))
    return render(request, "training/module_list.html", context)


@login_required
def module_add(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_training(request.user, program_id, perm=MANAGE)
    form = ModuleForm(posted(request))
    status = _submit(
        request,
        program,
        form,
        lambda: services.module_create(actor=_actor(request), program=program, **form.service_kwargs()),
    )
    if status is None:
        messages.success(request, _("Training module added."))
        return redirect("training:modules", program_id=program.pk)
    return _form_page(request, program, form, status, "training/module_form.html", heading=_("Add a training module"))


@login_required
def module_edit(request: HttpRequest, program_id: int, module_id: int) -> HttpResponse:
    module = selectors.access_module(request.user, program_id, module_id, perm=MANAGE)
    program = module.program
    heading = _("Edit training module: %(title)s") % {"title": module.display_title}
    form = ModuleForm(posted(request), module=module, initial=ModuleForm.initial_for(module))
    status = _submit(
        request,
        program,
        form,
        lambda: services.module_update(actor=_actor(request), module=module, **form.service_kwargs()),
    )
    if status is None:
        messages.success(request, _("Training module saved."))
        return redirect("training:modules", program_id=program.pk)
    return _form_page(
        request,
        program,
        form,
        status,
        "training/module_form.html",
        module=module,
        heading=heading,
    )
