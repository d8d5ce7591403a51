"""Who holds a ballot: check-in tickets (one at the desk, a sheet of badges, one per invitation), the open-room
setting, the ballots-against-people alarm, and voiding a ballot. Thin: fetch with access_*, call one service,
render.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from spcp.accounts.models import User
from spcp.forum import phases, selectors, services
from spcp.forum.forms import OpenRoomForm, TicketsForm, VoidForm
from spcp.forum.models import Forum, Ticket
from spcp.forum.views.run import CHECK_IN, RUN, VIEW, _context, _inline_qr, _lock, _status
from spcp.planning.models import Sector
from spcp.planning.selectors import invitation_list

# How often the run page's ballots-against-people panel refreshes (htmx polling).
SUMMARY_SECONDS = 10


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view here is login_required
    return request.user


def ticket_link(request: HttpRequest, forum: Forum, ticket: Ticket) -> str:
    """The address a ticket's QR code carries: the short link with the ticket filled in."""
    path = reverse("join_short", kwargs={"code": forum.join_code})
    return request.build_absolute_uri(f"{path}?k={ticket.code}")


def _sectors(forum: Forum) -> Any:
    return Sector.objects.filter(program_id=forum.program_id).order_by("order", "pk")


def _tickets_page(
    request: HttpRequest, forum: Forum, *, form: TicketsForm | None = None, refused: bool = False
) -> HttpResponse:
    form = form or TicketsForm(sectors=_sectors(forum))
    ids = request.GET.get("batch", "")
    batch: list[dict[str, Any]] = []
    if ids:
        wanted = [int(part) for part in ids.split(",") if part.isdigit()][:500]
        for ticket in selectors.ticket_list(forum=forum, ids=wanted):
            link = ticket_link(request, forum, ticket)
            label = _("QR code of check-in ticket %(code)s") % {"code": ticket.display_code}
            batch.append({"ticket": ticket, "link": link, "qr": _inline_qr(link, label)})
    tickets = selectors.ticket_list(forum=forum)
    context = _context(
        request,
        forum,
        "checkin",
        write=CHECK_IN,
        form=form,
        batch=batch,
        tickets=tickets,
        unused=sum(1 for t in tickets if t.participant_id is None),
        summary=selectors.checkin_summary(forum=forum),
        refused=refused,
    )
    _lock(context, form)
    return render(request, "forum/tickets.html", context, status=_status(refused, forms=[form]))


@login_required
def tickets(request: HttpRequest, program_id: int) -> HttpResponse:
    """GET: the tickets issued so far (and a printable sheet of the last batch); POST: issue tickets."""
    forum = selectors.access_forum(request.user, program_id, perm=CHECK_IN)
    if request.method != "POST":
        return _tickets_page(request, forum)
    if not phases.forum_running(forum.program):
        return _tickets_page(request, forum, refused=True)
    if request.POST.get("action") == "invitations":
        issued = services.tickets_issue_for_invitations(
            forum=forum, invitations=list(invitation_list(program=forum.program)), actor=_actor(request)
        )
    else:
        form = TicketsForm(request.POST, sectors=_sectors(forum))
        if not form.is_valid():
            return _tickets_page(request, forum, form=form)
        try:
            issued = services.tickets_issue(
                forum=forum, sector=form.cleaned_data["sector"], count=form.cleaned_data["count"], actor=_actor(request)
            )
        except ValidationError as exc:
            form.apply_service_errors(exc)
            return _tickets_page(request, forum, form=form)
    messages.success(
        request,
        ngettext(
            "%(count)d ticket issued. Print it or show it to the person.",
            "%(count)d tickets issued. Print the sheet below.",
            len(issued),
        )
        % {"count": len(issued)},
    )
    url = reverse("forum:tickets", kwargs={"program_id": forum.program_id})
    batch = ",".join(str(t.pk) for t in issued)
    return redirect(f"{url}?batch={batch}#batch" if batch else url)


def _ballots_page(
    request: HttpRequest,
    forum: Forum,
    *,
    room_form: OpenRoomForm | None = None,
    refused: bool = False,
    status: int | None = None,
) -> HttpResponse:
    room_form = room_form or OpenRoomForm(initial={"open_room": forum.open_room, "door_count": forum.door_count})
    context = _context(
        request,
        forum,
        "checkin",
        room_form=room_form,
        participants=selectors.participant_list(forum=forum),
        summary=selectors.checkin_summary(forum=forum),
        refused=refused,
    )
    _lock(context, room_form)
    return render(request, "forum/ballots.html", context, status=status or _status(refused, forms=[room_form]))


@login_required
def ballots(request: HttpRequest, program_id: int) -> HttpResponse:
    """GET: every ballot with how it got in, and the open-room setting; POST: change the setting (staff)."""
    forum = selectors.access_forum(request.user, program_id, perm=VIEW if request.method == "GET" else RUN)
    if request.method != "POST":
        return _ballots_page(request, forum)
    if not phases.forum_running(forum.program):
        return _ballots_page(request, forum, refused=True)
    form = OpenRoomForm(request.POST)
    if not form.is_valid():
        return _ballots_page(request, forum, room_form=form)
    try:
        services.forum_join_mode_set(forum=forum, actor=_actor(request), **form.cleaned_data)
    except ValidationError as exc:
        form.apply_service_errors(exc)
        return _ballots_page(request, forum, room_form=form)
    if forum.open_room:
        messages.success(request, _("The room is open: phones join with the room code alone, one ballot per phone."))
    else:
        messages.success(request, _("Phones need a check-in ticket to join."))
    return redirect("forum:ballots", program_id=forum.program_id)


@login_required
def ballot_void(request: HttpRequest, program_id: int, participant_id: int) -> HttpResponse:
    """Void one ballot (program staff), with the reason kept in the audit log."""
    forum = selectors.access_forum(request.user, program_id, perm=RUN)
    participant = forum.participants.filter(pk=participant_id).select_related("sector").first()
    if participant is None:
        raise Http404
    form = VoidForm(request.POST if request.method == "POST" else None)
    refused = request.method == "POST" and not phases.forum_running(forum.program)
    if request.method == "POST" and not refused and form.is_valid():
        try:
            services.participant_void(participant=participant, actor=_actor(request), **form.cleaned_data)
        except ValidationError as exc:
            form.apply_service_errors(exc)
        else:
            messages.success(
                request, _("Ballot #%(number)d is voided: the tallies no longer count it.") % {"number": participant.pk}
            )
            return redirect("forum:ballots", program_id=forum.program_id)
    context = _context(request, forum, "checkin", form=form, participant=participant, refused=refused)
    _lock(context, form)
    if participant.voided:
        form.lock()
    return render(request, "forum/ballot_void.html", context, status=_status(refused, forms=[form]))


@login_required
@require_GET
def summary(request: HttpRequest, program_id: int) -> HttpResponse:
    """The ballots-against-people panel (the run and check-in pages poll it)."""
    forum = selectors.access_forum(request.user, program_id, perm=VIEW)
    context = {"program": forum.program, "forum": forum, "summary": selectors.checkin_summary(forum=forum)}
    context["summary_seconds"] = SUMMARY_SECONDS
    # htmx swaps the panel alone; opened directly, the same panel comes as a whole page.
    template = "forum/_checkin_summary.html" if getattr(request, "htmx", False) else "forum/checkin_summary.html"
    return render(request, template, context)
