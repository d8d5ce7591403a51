"""The action plan JSON API (session auth), mounted at /api/programs. Thin: access, one service or selector, out.

Errors: 404 when the program, plan or step is missing or not the caller's (checked before the body is read);
409 when the phase or the plan's status keeps the plan read-only; 422 with field-by-field messages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from spcp.accounts.models import User
from spcp.actionplan import selectors, services
from spcp.actionplan.schemas import PlanOut, PlanStepIn, PlanStepOut, StepPatch
from spcp.common.api import ErrorOut, body_schema, parse_body, staff_auth

router = Router(tags=["actionplan"], auth=staff_auth)

CHANGE = selectors.CHANGE
WRITE_RESPONSES: dict[int, Any] = {404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # staff_auth lets only signed-in users through
    return request.user


def _invalid(exc: ValidationError) -> Status[ErrorOut]:
    if hasattr(exc, "error_dict"):
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        fields = {"__all__": [str(m) for m in exc.messages]}
    return Status(422, ErrorOut(detail=_("Please correct the errors below."), errors=fields))


@router.get(
    "/{program_id}/plan",
    response={200: PlanOut, 404: ErrorOut},
    summary="The action plan with its issues, items and steps",
)
def plan_get(request: HttpRequest, program_id: int) -> PlanOut:
    plan = selectors.access_plan(request.user, program_id)
    tree = selectors.plan_tree(plan=plan)
    return PlanOut.of(
        plan,
        tree.strengths,
        [(node.issue, node.items) for node in tree.issues],
        tree.unassigned,
        with_email=request.user.has_perm(CHANGE, plan.program),
    )


@router.post(
    "/{program_id}/plan/items/{plan_item_id}/steps",
    response={200: PlanStepOut, 201: PlanStepOut, **WRITE_RESPONSES},
    openapi_extra=body_schema(PlanStepIn),
    summary="Add an action step (a retry with the same client_token adds nothing)",
)
def step_add(request: HttpRequest, program_id: int, plan_item_id: int) -> Any:
    item = selectors.access_plan_item(request.user, program_id, plan_item_id, perm=CHANGE)
    payload = parse_body(PlanStepIn, request)
    try:
        step, created = services.step_add(actor=_actor(request), item=item, **payload.dict())
    except services.PlanLocked as exc:
        return Status(409, ErrorOut(detail=str(exc)))
    except ValidationError as exc:
        return _invalid(exc)
    return Status(201 if created else 200, PlanStepOut.of(step, with_email=True))


@router.patch(
    "/{program_id}/plan/steps/{plan_step_id}",
    response={200: PlanStepOut, **WRITE_RESPONSES},
    openapi_extra=body_schema(StepPatch),
    summary="Change an action step's dates or responsible party",
)
def step_patch(request: HttpRequest, program_id: int, plan_step_id: int) -> Any:
    step = selectors.access_plan_step(request.user, program_id, plan_step_id, perm=CHANGE)
    payload = parse_body(StepPatch, request)
    fields = payload.dict(exclude_unset=True)
    for required in ("responsible_party",):
        if required in fields and fields[required] is None:
            fields.pop(required)
    try:
        step = services.step_update(actor=_actor(request), step=step, **fields)
    except services.PlanLocked as exc:
        return Status(409, ErrorOut(detail=str(exc)))
    except ValidationError as exc:
        return _invalid(exc)
    return Status(200, PlanStepOut.of(step, with_email=True))
