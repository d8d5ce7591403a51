"""The requests API: anyone may submit a request; CRS staff list, accept and decline them."""

from __future__ import annotations

import json
from typing import Any, TypeVar

import pydantic
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from spcp.common.api import ErrorOut, Pagination, check_json, staff_auth
from spcp.common.ratelimit import rate_limited
from spcp.intake import selectors, services
from spcp.intake.models import ProgramRequest
from spcp.intake.schemas import (
    AcceptIn,
    DeclineIn,
    DetailOut,
    ErrorsOut,
    RequestIn,
    RequestOut,
    SubmittedOut,
    office_out,
    region_out,
)
from spcp.intake.views import signed_in

router = Router(tags=["requests"], auth=staff_auth)
S = TypeVar("S", bound=Schema)


# The models' field names (British spelling, kept in the database) -> the API's (US English).
API_FIELD_NAMES = {"organisation": "organization", "organisation_role": "organization_role"}


def errors_out(exc: ValidationError) -> ErrorsOut:
    """A service's ValidationError in the same shape as the schema errors of config/api.py."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    errors = {API_FIELD_NAMES.get(name, name): messages for name, messages in errors.items()}
    return ErrorsOut(detail=_("Please correct the errors below."), errors=errors)


def submitted_out(program_request: ProgramRequest) -> SubmittedOut:
    return SubmittedOut(
        status=program_request.status,
        public_token=program_request.public_token,
        confirmation_url=reverse("intake:submitted", kwargs={"token": program_request.public_token}),
        region=region_out(program_request),
        office=office_out(program_request),
    )


@router.post("", response={200: SubmittedOut, 201: SubmittedOut, 422: ErrorsOut, 429: DetailOut}, auth=None)
def request_submit(request: HttpRequest, payload: RequestIn) -> Any:
    """Ask CRS for a program. 201 with the office that will call back; 200 for a retry with the same client_token."""
    if rate_limited(request, "intake"):
        message = _("Too many requests have come from your connection in the past hour. Please try again later.")
        return Status(429, DetailOut(detail=message))
    data = payload.dict()
    data["organisation"], data["organisation_role"] = data.pop("organization"), data.pop("organization_role")
    try:
        result = services.request_submit(
            **{k: v for k, v in data.items() if k not in ("state", "program_type")},
            state=selectors.state_by_code(payload.state),
            program_type=selectors.program_type_by_code(payload.program_type),
            language=translation.get_language(),
        )
    except ValidationError as exc:
        return Status(422, errors_out(exc))
    return Status((201 if result.created else 200), submitted_out(result.request))


@router.get("", response={200: list[RequestOut], 404: ErrorOut})
@paginate(Pagination)
def request_list(request: HttpRequest, status: str = selectors.STATUS_ALL) -> Any:
    """Requests in the caller's triage queue (all for CRS administrators, the region's for regional staff)."""
    if not request.user.has_perm("intake.list_requests"):
        raise Http404
    return selectors.request_list(user=request.user, status=status)


@router.get("/{request_id}", response={200: RequestOut, 404: ErrorOut})
def request_get(request: HttpRequest, request_id: int) -> Any:
    return selectors.access_request(request.user, request_id)


def _body_schema(schema: type[Schema]) -> dict[str, Any]:
    return {"requestBody": {"content": {"application/json": {"schema": schema.model_json_schema()}}}}


def parse_body(request: HttpRequest, schema: type[S]) -> S:
    """Read an optional JSON body after the access check, so a forbidden caller gets 404 whatever it sends.

    Anything but a JSON object reads as no fields at all (the service then says what is missing).
    """
    data: object = {}
    if request.content_type == "application/json" and request.body:
        try:
            data = json.loads(request.body)
        except ValueError:
            data = {}
    check_json(data)
    try:
        return schema.model_validate(data if isinstance(data, dict) else {})
    except pydantic.ValidationError as exc:
        raise NinjaValidationError([dict(error) for error in exc.errors()]) from exc


@router.post(
    "/{request_id}/accept",
    response={200: RequestOut, 404: ErrorOut, 409: DetailOut, 422: ErrorsOut},
    openapi_extra=_body_schema(AcceptIn),
)
def request_accept(request: HttpRequest, request_id: int) -> Any:
    """Accept a new request: creates its program (intake phase) with the chosen conciliator."""
    program_request = selectors.access_request(request.user, request_id, perm="intake.decide_request")
    payload = parse_body(request, AcceptIn)
    conciliator = (
        selectors.conciliator_choices(region=program_request.region).filter(pk=payload.conciliator).first()
        if payload.conciliator is not None
        else None
    )
    try:
        program_request = services.request_accept(
            actor=signed_in(request),
            request=program_request,
            conciliator=conciliator,
            title=payload.title.strip() or program_request.default_program_title(),
        )
    except services.RequestAlreadyDecided as exc:
        return Status(409, DetailOut(detail=exc.message))
    except ValidationError as exc:
        return Status(422, errors_out(exc))
    return Status(200, program_request)


@router.post(
    "/{request_id}/decline",
    response={200: RequestOut, 404: ErrorOut, 409: DetailOut, 422: ErrorsOut},
    openapi_extra=_body_schema(DeclineIn),
)
def request_decline(request: HttpRequest, request_id: int) -> Any:
    """Decline a new request; the reason is required."""
    program_request = selectors.access_request(request.user, request_id, perm="intake.decide_request")
    payload = parse_body(request, DeclineIn)
    try:
        program_request = services.request_decline(
            actor=signed_in(request), request=program_request, reason=payload.reason
        )
    except services.RequestAlreadyDecided as exc:
        return Status(409, DetailOut(detail=exc.message))
    except ValidationError as exc:
        return Status(422, errors_out(exc))
    return Status(200, program_request)
