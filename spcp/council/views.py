"""SPCP council pages: members, meetings (agenda, minutes, decisions, .ics), progress, public page, feed. Thin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spcp.accounts.models import User
from spcp.common.charts import Series, bar_chart, line_chart
from spcp.common.forms import ServiceForm, posted, save_form
from spcp.council import ics, phases, selectors, services
from spcp.council.forms import (
    AgendaItemForm,
    DecisionForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    ProgressForm,
)
from spcp.council.models import MeetingStatus
from spcp.programs.models import Program

VIEW = "council.view_council"
MANAGE = "council.manage_council"
HAND_OVER = "council.hand_over_council"
REPORT = "council.report_progress"


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every staff view here is login_required
    return request.user


def _context(request: HttpRequest, program: Program, **extra: Any) -> dict[str, Any]:
    user = request.user
    can_manage = user.has_perm(MANAGE, program)
    editable = can_manage and phases.council_editable(program)
    return {
        "program": program,
        "can_manage": can_manage,
        "can_hand_over": user.has_perm(HAND_OVER, program),
        "editable": editable,
        "can_view_contacts": user.has_perm("council.view_contacts", program),
        "can_view_minutes": user.has_perm("council.view_minutes", program),
        "locked_reason": phases.locked_reason(program) if can_manage and not editable else "",
        **extra,
    }


def _submit(request: HttpRequest, program: Program, form: ServiceForm, save: Callable[[], object]) -> int | None:
    editable = phases.council_editable(program)
    return save_form(
        request, form, save, editable=editable, locked=(services.CouncilLocked,), renamed={"user": "account"}
    )


def _form_page(
    request: HttpRequest, program: Program, form: ServiceForm, status: int, template: str, **extra: Any
) -> HttpResponse:
    context = _context(request, program, form=form, refused=status == 409, **extra)
    if not context["editable"]:
        form.lock()
    return render(request, template, context, status=status)


def _refuse_locked(request: HttpRequest, program: Program) -> HttpResponse | None:
    """A POST to an action while the council is read-only: 409 with the reason on the council's home."""
    if phases.council_editable(program):
        return None
    return render(
        request,
        "council/locked.html",
        _context(request, program, refused=True, locked_reason=phases.locked_reason(program)),
        status=409,
    )


# ---- members ------------------------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_council(request.user, program_id)
    members = list(selectors.member_list(program=program))
    context = _context(
        request,
        program,
        members=members,
        meetings=list(selectors.meeting_list(program=program)[:3]),
        handover=selectors.handover_get(program=program),
    )
    return render(request, "council/overview.html", context)


@login_required
def handover(request: HttpRequest, program_id: int) -> HttpResponse:
    """Staff hand the council to its officers (or take it back); GET explains what changes and for whom."""
    program = selectors.access_council(request.user, program_id, perm=HAND_OVER)
    if request.method == "POST":
        refused = _refuse_locked(request, program)
        if refused:
            return refused
        try:
            if request.POST.get("action") == "take_back":
                services.council_take_back(actor=_actor(request), program=program)
                messages.success(request, _("Program staff run the council again."))
            else:
                services.council_hand_over(actor=_actor(request), program=program)
                messages.success(request, _("The council is handed over: its chair and secretary run it from now on."))
            return redirect("council:overview", program_id=program.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(str(m) for m in exc.messages))
    context = _context(
        request,
        program,
        handover=selectors.handover_get(program=program),
        officers=selectors.officers_with_accounts(program=program),
    )
    return render(request, "council/handover.html", context)


@login_required
def member_add(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_council(request.user, program_id, perm=MANAGE)
    form = MemberForm(posted(request), program=program)
    status = _submit(
        request,
        program,
        form,
        lambda: services.member_add(actor=_actor(request), program=program, **form.service_kwargs()),
    )
    if status is None:
        messages.success(request, _("Council member added."))
        return redirect("council:overview", program_id=program.pk)
    return _form_page(request, program, form, status, "council/member_form.html", heading=_("Add a council member"))


@login_required
def member_edit(request: HttpRequest, program_id: int, council_member_id: int) -> HttpResponse:
    member = selectors.access_member(request.user, program_id, council_member_id)
    program = member.program
    form = MemberForm(posted(request), program=program, initial=MemberForm.initial_for(member))
    status = _submit(
        request,
        program,
        form,
        lambda: services.member_update(actor=_actor(request), member=member, **form.service_kwargs()),
    )
    if status is None:
        messages.success(request, _("Council member saved."))
        return redirect("council:overview", program_id=program.pk)
    heading = _("Edit council member: %(name)s") % {"name": member.name}
    return _form_page(request, program, form, status, "council/member_form.html", heading=heading)


@login_required
@require_POST
def members_import(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_council(request.user, program_id, perm=MANAGE)
    refused = _refuse_locked(request, program)
    if refused:
        return refused
    created = services.members_import(actor=_actor(request), program=program)
    messages.success(
        request,
        ngettext(
            "%(count)d council member imported from the forum.",
            "%(count)d council members imported from the forum.",
            len(created),
        )
        % {"count": len(created)},
    )
    return redirect("council:overview", program_id=program.pk)


# ---- meetings -----------------------------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_council(request.user, program_id)
    seat = selectors.member_for_user(program=program, user=request.user)
    feed_url = (
        request.build_absolute_uri(reverse("calendar:feed", kwargs={"feed_token": seat.feed_token})) if seat else ""
    )
    context = _context(request, program, meetings=list(selectors.meeting_list(program=program)), feed_url=feed_url)
    return render(request, "council/meeting_list.html", context)


@login_required
def meeting_add(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_council(request.user, program_id, perm=MANAGE)
    form = MeetingForm(posted(request))
    saved: list[Any] = []
    status = _submit(
        request,
        program,
        form,
        lambda: saved.append(services.meeting_schedule(actor=_actor(request), program=program, **form.cleaned_data)),
    )
    if status is None:
        messages.success(request, _("Council meeting scheduled."))
        return redirect("council:meeting", program_id=program.pk, council_meeting_id=saved[0].pk)
    return _form_page(
        request, program, form, status, "council/meeting_form.html", heading=_("Schedule a council meeting")
    )


@login_required
def meeting_edit(request: HttpRequest, program_id: int, council_meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, program_id, council_meeting_id, perm=MANAGE)
    program = meeting.program
    form = MeetingForm(posted(request), initial=MeetingForm.initial_for(meeting))
    status = _submit(
        request,
        program,
        form,
        lambda: services.meeting_update(actor=_actor(request), meeting=meeting, **form.cleaned_data),
    )
    if status is None:
        messages.success(request, _("Council meeting saved."))
        return redirect("council:meeting", program_id=program.pk, council_meeting_id=meeting.pk)
    heading = _("Edit council meeting: %(title)s") % {"title": meeting.title}
    return _form_page(request, program, form, status, "council/meeting_form.html", heading=heading, meeting=meeting)


@login_required
def meeting_detail(request: HttpRequest, program_id: int, council_meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, program_id, council_meeting_id)
    program = meeting.program
    context = _context(
        request,
        program,
        meeting=meeting,
        agenda=selectors.agenda_items(meeting=meeting),
        decisions=selectors.decisions(meeting=meeting),
        agenda_form=AgendaItemForm(),
        decision_form=DecisionForm(program=program),
    )
    if context["can_view_minutes"]:
        context["attendance"] = selectors.attendance_rows(meeting=meeting)
    return render(request, "council/meeting_detail.html", context)


def _meeting_action(
    request: HttpRequest, program_id: int, council_meeting_id: int, act: Callable[[Any], str]
) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, program_id, council_meeting_id, perm=MANAGE)
    refused = _refuse_locked(request, meeting.program)
    if refused:
        return refused
    try:
        messages.success(request, act(meeting))
    except ValidationError as exc:
        messages.error(request, " ".join(str(m) for m in exc.messages))
    return redirect("council:meeting", program_id=meeting.program.pk, council_meeting_id=meeting.pk)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, program_id: int, council_meeting_id: int) -> HttpResponse:
    def act(meeting: Any) -> str:
        services.meeting_cancel(actor=_actor(request), meeting=meeting)
        return _("Council meeting cancelled.")

    return _meeting_action(request, program_id, council_meeting_id, act)


@login_required
@require_POST
def meeting_invite(request: HttpRequest, program_id: int, council_meeting_id: int) -> HttpResponse:
    def act(meeting: Any) -> str:
        sent = services.meeting_invite(actor=_actor(request), meeting=meeting)
        return ngettext("Invitation emailed to %(count)d member.", "Invitation emailed to %(count)d members.", sent) % {
            "count": sent
        }

    return _meeting_action(request, program_id, council_meeting_id, act)


@login_required
@require_POST
def agenda_build(request: HttpRequest, program_id: int, council_meeting_id: int) -> HttpResponse:
    def act(meeting: Any) -> str:
        added = services.meeting_agenda_build(actor=_actor(request), meeting=meeting)
        return ngettext(
            "%(count)d item added to the agenda from the action plan.",
            "%(count)d items added to the agenda from the action plan.",
            len(added),
        ) % {"count": len(added)}

    return _meeting_action(request, program_id, council_meeting_id, act)


@login_required
@require_POST
def agenda_add(request: HttpRequest, program_id: int, council_meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, program_id, council_meeting_id, perm=MANAGE)
    program = meeting.program
    form = AgendaItemForm(request.POST)
    status = _submit(
        request,
        program,
        form,
        lambda: services.agenda_item_add(actor=_actor(request), meeting=meeting, title=form.cleaned_data["title"]),
    )
    if status is None:
        messages.success(request, _("Agenda item added."))
        return redirect("council:meeting", program_id=program.pk, council_meeting_id=meeting.pk)
    if status == 409:
        return _refuse_locked(request, program) or redirect(
            "council:meeting", program_id=program.pk, council_meeting_id=meeting.pk
        )
    context = _context(
        request,
        program,
        meeting=meeting,
        agenda=selectors.agenda_items(meeting=meeting),
        decisions=selectors.decisions(meeting=meeting),
        agenda_form=form,
        decision_form=DecisionForm(program=program),
        attendance=selectors.attendance_rows(meeting=meeting),
    )
    return render(request, "council/meeting_detail.html", context)


@login_required
@require_POST
def agenda_item_change(
    request: HttpRequest, program_id: int, council_meeting_id: int, council_agenda_item_id: int
) -> HttpResponse:
    item = selectors.access_agenda_item(
        request.user, program_id, council_meeting_id, council_agenda_item_id, perm=MANAGE
    )
    meeting = item.meeting
    refused = _refuse_locked(request, meeting.program)
    if refused:
        return refused
    action = request.POST.get("action", "")
    if action == "remove":
        services.agenda_item_remove(actor=_actor(request), item=item)
        messages.success(request, _("Agenda item removed."))
    elif action in ("up", "down"):
        services.agenda_item_move(actor=_actor(request), item=item, up=action == "up")
        messages.success(request, _("Agenda reordered."))
    return redirect("council:meeting", program_id=meeting.program.pk, council_meeting_id=meeting.pk)


@login_required
def meeting_minutes(request: HttpRequest, program_id: int, council_meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, program_id, council_meeting_id, perm=MANAGE)
    program = meeting.program
    present = [mid for mid, here in selectors.attendance_map(meeting=meeting).items() if here]
    initial = {
        "minutes": meeting.minutes,
        "minutes_language": meeting.minutes_language,
        "present": present,
        "held": meeting.status == MeetingStatus.HELD,
    }
    form = MinutesForm(posted(request), program=program, initial=initial)
    status = _submit(
        request,
        program,
        form,
        lambda: services.meeting_minutes_record(actor=_actor(request), meeting=meeting, **form.cleaned_data),
    )
    if status is None:
        messages.success(request, _("Minutes and attendance saved."))
        return redirect("council:meeting", program_id=program.pk, council_meeting_id=meeting.pk)
    heading = _("Minutes and attendance: %(title)s") % {"title": meeting.title}
    return _form_page(request, program, form, status, "council/minutes_form.html", heading=heading, meeting=meeting)


@login_required
@require_POST
def decision_add(request: HttpRequest, program_id: int, council_meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, program_id, council_meeting_id, perm=MANAGE)
    program = meeting.program
    form = DecisionForm(request.POST, program=program)
    status = _submit(
        request,
        program,
        form,
        lambda: services.decision_add(actor=_actor(request), meeting=meeting, **form.cleaned_data),
    )
    if status is None:
        messages.success(request, _("Decision recorded."))
        return redirect("council:meeting", program_id=program.pk, council_meeting_id=meeting.pk)
    if status == 409:
        return _refuse_locked(request, program) or redirect(
            "council:meeting", program_id=program.pk, council_meeting_id=meeting.pk
        )
    context = _context(
        request,
        program,
        meeting=meeting,
        agenda=selectors.agenda_items(meeting=meeting),
        decisions=selectors.decisions(meeting=meeting),
        agenda_form=AgendaItemForm(),
        decision_form=form,
        attendance=selectors.attendance_rows(meeting=meeting),
    )
    return render(request, "council/meeting_detail.html", context)


@login_required
def meeting_ics(request: HttpRequest, program_id: int, council_meeting_id: int) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, program_id, council_meeting_id)
    response = HttpResponse(ics.meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="council-meeting-{meeting.pk}.ics"'
    return response


def calendar_feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """A member's calendar feed: no sign-in (calendar apps cannot), the token is the secret."""
    member = selectors.member_by_feed_token(feed_token)
    body = ics.feed_ics(selectors.feed_meetings(program=member.program), name=member.program.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


# ---- progress -----------------------------------------------------------------------------------------------


@login_required
def progress(request: HttpRequest, program_id: int) -> HttpResponse:
    program = selectors.access_council(request.user, program_id)
    view = selectors.progress_get(program=program, today=timezone.now().date())
    return render(request, "council/progress.html", _context(request, program, view=view))


@login_required
def step_detail(request: HttpRequest, program_id: int, plan_step_id: int) -> HttpResponse:
    step = selectors.access_step(request.user, program_id, plan_step_id)
    program = step.item.plan.program
    may_report = request.user.has_perm(REPORT, program)
    if request.method == "POST" and not may_report:
        raise Http404
    initial = ProgressForm.fresh_initial(step.status, step.percent, request.LANGUAGE_CODE)
    form = ProgressForm(posted(request), initial=initial)
    status = 200
    if request.method == "POST":
        status = (
            _submit(
                request,
                program,
                form,
                lambda: services.progress_report(actor=_actor(request), step=step, **form.cleaned_data),
            )
            or 0
        )
        if status == 0:
            messages.success(request, _("Progress update saved."))
            return redirect("council:step", program_id=program.pk, plan_step_id=step.pk)
    editable = may_report and phases.council_editable(program)
    if not editable:
        form.lock()
    context = _context(
        request,
        program,
        step=step,
        form=form,
        updates=selectors.step_updates(step=step),
        may_report=may_report,
        report_editable=editable,
        refused=status == 409,
        report_locked_reason=phases.locked_reason(program) if may_report and not editable else "",
        overdue=selectors.step_overdue(step=step, today=timezone.now().date()),
    )
    return render(request, "council/step_detail.html", context, status=status)


def public_progress(request: HttpRequest, progress_plan_id: int) -> HttpResponse:
    """The public progress page of a published plan that opted in. No personal data."""
    data = selectors.public_progress_get(plan_id=progress_plan_id, today=timezone.now().date())
    items_chart = None
    if data.items:
        items_chart = bar_chart(
            _("Progress of each action item"),
            categories=[_("Item %(number)s") % {"number": n} for n in range(1, len(data.items) + 1)],
            series=[Series(_("Percent complete"), values=tuple(i.percent for i in data.items))],
            chart_id="items-progress",
            category_label=_("Action item"),
        )
    series_chart = None
    if data.series:
        series_chart = line_chart(
            _("Progress of the whole plan over time"),
            x_labels=[p.date.isoformat() for p in data.series],
            series=[Series(_("Plan progress"), values=tuple(p.percent for p in data.series))],
            chart_id="plan-progress",
            category_label=_("Date"),
        )
    context = {
        "data": data,
        "items_chart": items_chart,
        "series_chart": series_chart,
        "public_languages": settings.LANGUAGES,
    }
    return render(request, "council/public_progress.html", context)
