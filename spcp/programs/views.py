"""Program pages: the staff dashboard, a program's overview with its phase steps, details, audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spcp.accounts.http import AuthedRequest
from spcp.programs import phases, selectors, services
from spcp.programs.audit import action_label, audit_rows
from spcp.programs.forms import ProgramDetailsForm


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    programs = selectors.program_list(user=request.user)
    return render(request, "programs/dashboard.html", {"programs": programs})


@login_required
def program_detail(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program(request.user, program_id)
    upcoming = phases.next_phase(program.phase)
    items = phases.gate_items(program, upcoming) if upcoming else []
    context = {
        "program": program,
        "steps": selectors.phase_status(program),
        "next_phase": upcoming,
        "missing": [item for item in items if item.blocking],
        "warnings": [item for item in items if not item.blocking],
        "can_advance": request.user.has_perm("programs.advance_program", program),
        "can_change": request.user.has_perm("programs.change_program", program),
        "can_audit": request.user.has_perm("programs.view_audit", program),
        "recent_audit": [
            (entry, action_label(entry.action)) for entry in selectors.audit_list(program=program, limit=5)
        ]
        if request.user.has_perm("programs.view_audit", program)
        else [],
    }
    return render(request, "programs/detail.html", context)


@login_required
def program_edit(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program(request.user, program_id, perm="programs.change_program")
    form = ProgramDetailsForm(request.POST or None, instance=selectors.access_program(request.user, program_id))
    if request.method == "POST" and form.is_valid():
        services.program_update(
            actor=request.user,
            program=program,
            title_names=form.title_names(),
            **{f: form.cleaned_data[f] for f in form.Meta.fields},
        )
        messages.success(request, _("Program details saved."))
        return redirect("programs:detail", program_id=program.pk)
    return render(request, "programs/edit.html", {"program": program, "form": form})


@login_required
@require_POST
def program_advance(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program(request.user, program_id, perm="programs.advance_program")
    try:
        program = services.program_advance(actor=request.user, program=program)
    except services.PhaseGateError as exc:
        for item in exc.missing:
            messages.error(request, item)
    else:
        messages.success(
            request, _("The program is now in the %(phase)s phase.") % {"phase": program.get_phase_display()}
        )
    return redirect("programs:detail", program_id=program.pk)


@login_required
def program_audit(request: AuthedRequest, program_id: int) -> HttpResponse:
    program = selectors.access_program(request.user, program_id, perm="programs.view_audit")
    entries = audit_rows(selectors.audit_list(program=program, limit=500))
    return render(request, "programs/audit.html", {"program": program, "entries": entries})
