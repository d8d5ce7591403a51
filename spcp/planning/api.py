"""The planning JSON API (session auth), mounted at /api/programs. Thin: access, one service or selector, out.

Errors: 404 when the program or object is missing or not the caller's to see; 409 when the phase keeps the
planning records read-only; 422 with field-by-field messages for bad input.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from spcp.accounts.http import AuthedRequest
from spcp.common.api import ErrorOut, Int64, StaffSessionAuth
from spcp.planning import phases, selectors, services
from spcp.planning.models import Rsvp, TaskStatus
from spcp.planning.schemas import (
    CoverageOut,
    InvitationIn,
    InvitationOut,
    RsvpIn,
    TaskIn,
    TaskOut,
    TaskPatch,
    ValidationErrorOut,
)
from spcp.planning.selectors import PlanningLocked
from spcp.programs.models import Program


class PlanningAuth(StaffSessionAuth):
    """Session auth (as the other staff routers' staff_auth) that also answers 404 to a signed-in caller who may not
    see, or with change=True work on, this program's planning: checked before the input is validated, so a
    stranger gets the same 404 whatever they send."""

    def __init__(self, *, change: bool = False):
        super().__init__(csrf=True)
        self.change = change

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        match = request.resolver_match
        try:
            program_id = int(match.kwargs["program_id"]) if match else 0
        except (KeyError, TypeError, ValueError):
            raise Http404 from None
        try:
            selectors.access_planning(user, program_id, change=self.change)
        except PlanningLocked:
            pass  # the endpoint answers 409 with the reason
        return user


view_auth = PlanningAuth()
change_auth = PlanningAuth(change=True)
router = Router(tags=["planning"], auth=view_auth)

WRITE_RESPONSES: dict[int, Any] = {404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut}
# Service argument -> API field, where they differ.
API_FIELD_NAMES = {"owner": "owner_id", "sector": "sector_id", "organisation": "organization"}


def _invalid(errors: dict[str, list[str]]) -> Status[ValidationErrorOut]:
    return Status(422, ValidationErrorOut(detail=_("Please correct the errors below."), errors=errors))


def _service_errors(exc: ValidationError) -> Status[ValidationErrorOut]:
    return _invalid({API_FIELD_NAMES.get(f, f): [str(m) for m in msgs] for f, msgs in exc.message_dict.items()})


def _locked(program: Program) -> Status[ErrorOut]:
    return Status(409, ErrorOut(detail=phases.locked_reason(program)))


def _resolve(program: Program, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Turn owner_id / sector_id into this program's objects; an id from elsewhere is an error on that field."""
    errors: dict[str, list[str]] = {}
    if "owner_id" in data:
        owner_id = data.pop("owner_id")
        data["owner"] = selectors.member_find(program=program, member_id=owner_id)
        if owner_id and data["owner"] is None:
            errors["owner_id"] = [_("Choose one of the listed options.")]
    if "sector_id" in data:
        sector_id = data.pop("sector_id")
        data["sector"] = selectors.sector_find(program=program, sector_id=sector_id)
        if sector_id and data["sector"] is None:
            errors["sector_id"] = [_("Choose one of the listed options.")]
    return data, errors


@router.get("/{program_id}/planning/coverage", response={200: CoverageOut, 404: ErrorOut})
def coverage_get(request: AuthedRequest, program_id: int):
    program = selectors.access_planning(request.user, program_id)
    return CoverageOut.of(selectors.coverage_get(program=program))


class TaskFilter(Schema):
    status: TaskStatus | None = None


@router.get("/{program_id}/planning/tasks", response={200: list[TaskOut], 404: ErrorOut})
def task_list(request: AuthedRequest, program_id: int, filters: Query[TaskFilter]):
    program = selectors.access_planning(request.user, program_id)
    return [TaskOut.of(t) for t in selectors.task_list(program=program, status=filters.status)]


@router.post("/{program_id}/planning/tasks", response={201: TaskOut, **WRITE_RESPONSES}, auth=change_auth)
def task_create(request: AuthedRequest, program_id: int, payload: TaskIn):
    try:
        program = selectors.access_planning(request.user, program_id, change=True)
        data, errors = _resolve(program, payload.dict())
        if errors:
            return _invalid(errors)
        task = services.task_create(actor=request.user, program=program, **data)
    except PlanningLocked as exc:
        return _locked(exc.program)
    except ValidationError as exc:
        return _service_errors(exc)
    return Status(201, TaskOut.of(task))


@router.patch("/{program_id}/planning/tasks/{task_id}", response={200: TaskOut, **WRITE_RESPONSES}, auth=change_auth)
def task_update(request: AuthedRequest, program_id: int, task_id: int, payload: TaskPatch):
    try:
        program = selectors.access_planning(request.user, program_id, change=True)
        task = selectors.task_get(program=program, task_id=task_id)
        fields = payload.dict(exclude_unset=True)
        for required in ("title", "category", "status", "notes"):
            if required in fields and fields[required] is None:
                fields.pop(required)
        data, errors = _resolve(program, fields)
        if errors:
            return _invalid(errors)
        task = services.task_update(actor=request.user, task=task, **data)
    except PlanningLocked as exc:
        return _locked(exc.program)
    except ValidationError as exc:
        return _service_errors(exc)
    return Status(200, TaskOut.of(task))


class InvitationFilter(Schema):
    sector_id: Int64 | None = None
    rsvp: Rsvp | None = None


@router.get("/{program_id}/planning/invitations", response={200: list[InvitationOut], 404: ErrorOut})
def invitation_list(request: AuthedRequest, program_id: int, filters: Query[InvitationFilter]):
    program = selectors.access_planning(request.user, program_id)
    invitations = selectors.invitation_list(program=program, sector_id=filters.sector_id, rsvp=filters.rsvp)
    return [InvitationOut.of(i) for i in invitations]


@router.post("/{program_id}/planning/invitations", response={201: InvitationOut, **WRITE_RESPONSES}, auth=change_auth)
def invitation_create(request: AuthedRequest, program_id: int, payload: InvitationIn):
    try:
        program = selectors.access_planning(request.user, program_id, change=True)
        data, errors = _resolve(program, payload.dict())
        if errors:
            return _invalid(errors)
        data["language"] = data["language"] or ""
        data["organisation"] = data.pop("organization")
        invitation = services.invitation_create(actor=request.user, program=program, **data)
    except PlanningLocked as exc:
        return _locked(exc.program)
    except ValidationError as exc:
        return _service_errors(exc)
    return Status(201, InvitationOut.of(invitation))


@router.post(
    "/{program_id}/planning/invitations/{invitation_id}/rsvp",
    response={200: InvitationOut, **WRITE_RESPONSES},
    auth=change_auth,
)
def invitation_rsvp(request: AuthedRequest, program_id: int, invitation_id: int, payload: RsvpIn):
    try:
        program = selectors.access_planning(request.user, program_id, change=True)
        invitation = selectors.invitation_get(program=program, invitation_id=invitation_id)
        invitation = services.invitation_rsvp(actor=request.user, invitation=invitation, rsvp=payload.rsvp)
    except PlanningLocked as exc:
        return _locked(exc.program)
    except ValidationError as exc:
        return _service_errors(exc)
    return Status(200, InvitationOut.of(invitation))
