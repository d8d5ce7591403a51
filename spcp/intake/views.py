"""Request pages: the public request form and its confirmation; staff triage, a request's page, accept, decline."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spcp.accounts.models import User
from spcp.common.ratelimit import rate_limited
from spcp.intake import selectors, services
from spcp.intake.forms import AcceptForm, DeclineForm, ProgramRequestForm, StatusLookupForm, TriageFilterForm
from spcp.intake.models import ProgramRequest
from spcp.offices.selectors import headquarters
from spcp.programs.audit import action_label

TRIAGE_PAGE_SIZE = 50


def signed_in(request: HttpRequest) -> User:
    """The signed-in staff account (login_required has already sent anonymous visitors to sign in)."""
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def request_new(request: HttpRequest) -> HttpResponse:
    form = ProgramRequestForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST":
        if rate_limited(request, "intake"):
            context.update(rate_limited=True, headquarters=headquarters())
            return render(request, "intake/request_form.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.request_submit(
                    requester_name=data["requester_name"],
                    organisation=data["organisation"],
                    organisation_role=data["organisation_role"],
                    email=data["email"],
                    phone=data["phone"],
                    city=data["city"],
                    state=data["state"],
                    trigger=data["trigger"],
                    incident_date=data["incident_date"],
                    incident_description=data["incident_description"],
                    concerns=data["concerns"],
                    languages=data["languages"],
                    program_type=data["program_type"],
                    message=data["message"],
                    language=translation.get_language(),
                    client_token=data["client_token"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return redirect("intake:submitted", token=result.request.public_token)
    return render(request, "intake/request_form.html", context)


def request_submitted(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    program_request = selectors.request_by_token(token)
    hq_contact = selectors.office_contact(program_request=program_request)
    return render(request, "intake/submitted.html", {"program_request": program_request, "hq_contact": hq_contact})


# Status look-ups per client and hour: enough for typos, too few to try case numbers against an address.
STATUS_LOOKUPS_PER_HOUR = 10


def request_status(request: HttpRequest) -> HttpResponse:
    """A requester's status page: case number and email (POSTed, so neither lands in a log), no account."""
    form = StatusLookupForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    status = 200
    if request.method == "POST":
        if rate_limited(request, "intake-status", limit=STATUS_LOOKUPS_PER_HOUR):
            context["rate_limited"] = True
            status = 429
        elif form.is_valid():
            found = selectors.request_by_case(
                case_number=form.cleaned_data["case_number"], email=form.cleaned_data["email"]
            )
            if found is None:
                context["not_found"] = True
            else:
                context.update(program_request=found, hq_contact=selectors.office_contact(program_request=found))
    return render(request, "intake/status.html", context, status=status)


@login_required
def triage(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("intake.list_requests"):
        raise Http404
    filters = TriageFilterForm(request.GET or None)
    status = filters.status_value()
    page = Paginator(selectors.request_list(user=request.user, status=status), TRIAGE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "intake/triage.html", {"filters": filters, "status": status, "page": page})


def _render_detail(
    request: HttpRequest,
    program_request: ProgramRequest,
    accept_form: AcceptForm | None = None,
    decline_form: DeclineForm | None = None,
) -> HttpResponse:
    can_decide = not program_request.is_decided and request.user.has_perm("intake.decide_request", program_request)
    context = {
        "program_request": program_request,
        "can_decide": can_decide,
        "accept_form": (accept_form or AcceptForm(program_request=program_request, user=request.user))
        if can_decide
        else None,
        "decline_form": (decline_form or DeclineForm()) if can_decide else None,
        "history": [
            (entry, action_label(entry.action)) for entry in selectors.request_history(program_request=program_request)
        ],
    }
    return render(request, "intake/detail.html", context)


@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    return _render_detail(request, selectors.access_request(request.user, request_id))


@login_required
@require_POST
def request_accept(request: HttpRequest, request_id: int) -> HttpResponse:
    program_request = selectors.access_request(request.user, request_id, perm="intake.decide_request")
    form = AcceptForm(request.POST, program_request=program_request)
    try:
        if program_request.is_decided:
            raise services.RequestAlreadyDecided(program_request)
        if form.is_valid():
            accepted = services.request_accept(
                actor=signed_in(request),
                request=program_request,
                conciliator=form.cleaned_data["conciliator"],
                title=form.cleaned_data["title"],
            )
            messages.success(request, _("Request accepted. Its program has been created in the intake phase."))
            return redirect("programs:detail", program_id=accepted.program_id)
    except services.RequestAlreadyDecided as exc:
        messages.error(request, exc.message)
        return redirect("intake:detail", request_id=program_request.pk)
    except ValidationError as exc:
        form.add_service_errors(exc)
    return _render_detail(request, program_request, accept_form=form)


@login_required
@require_POST
def request_decline(request: HttpRequest, request_id: int) -> HttpResponse:
    program_request = selectors.access_request(request.user, request_id, perm="intake.decide_request")
    form = DeclineForm(request.POST)
    try:
        if program_request.is_decided:
            raise services.RequestAlreadyDecided(program_request)
        if form.is_valid():
            services.request_decline(
                actor=signed_in(request), request=program_request, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Request declined. The reason has been recorded."))
            return redirect("intake:detail", request_id=program_request.pk)
    except services.RequestAlreadyDecided as exc:
        messages.error(request, exc.message)
        return redirect("intake:detail", request_id=program_request.pk)
    except ValidationError as exc:
        form.add_service_errors(exc)
    return _render_detail(request, program_request, decline_form=form)
