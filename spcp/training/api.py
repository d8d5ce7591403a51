"""The training JSON API (mounted at /api/programs). Access is checked before the body is read, so a caller
without access gets the same 404 whatever they send."""

from __future__ import annotations

from typing import Any, TypeVar

import pydantic
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Router, Status
from ninja.errors import ValidationError as NinjaValidationError

from spcp.accounts.models import User
from spcp.common.api import ErrorOut, staff_auth
from spcp.training import phases, selectors, services
from spcp.training.models import Facilitator, Module
from spcp.training.schemas import (
    AttendanceIn,
    AttendanceOut,
    FacilitatorIn,
    FacilitatorOut,
    FacilitatorReadinessOut,
    LanguageCoverageOut,
    ModuleRefOut,
    ReadinessOut,
)

router = Router(tags=["training"], auth=staff_auth)

MANAGE = "training.manage_training"
S = TypeVar("S", bound=pydantic.BaseModel)


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # staff_auth lets only signed-in users through
    return request.user


def _body(schema: type[S]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema.model_json_schema()}}}}


def _parse(schema: type[S], request: HttpRequest) -> S:
    """Validate the JSON body; errors become the API's usual field-by-field 422."""
    try:
        return schema.model_validate_json(request.body or b"{}")
    except pydantic.ValidationError as exc:
        raise NinjaValidationError([dict(e) for e in exc.errors(include_url=False)]) from None


def _errors(exc: ValidationError, renamed: dict[str, str]) -> ErrorOut:
    if hasattr(exc, "error_dict"):
        fields = {renamed.get(k, k): [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        fields = {"__all__": [str(m) for m in exc.messages]}
    return ErrorOut(detail=_("Please correct the errors below."), errors=fields)


def _module_ref(module: Module) -> ModuleRefOut:
    return ModuleRefOut(id=module.pk, title=module.display_title, required=module.required)


def _facilitator_out(facilitator: Facilitator, ready: bool, with_contacts: bool) -> FacilitatorOut:
    return FacilitatorOut(
        id=facilitator.pk,
        name=facilitator.name,
        organization=facilitator.organisation,
        languages=list(facilitator.languages),
        ready=ready,
        email=facilitator.email if with_contacts else None,
        phone=facilitator.phone if with_contacts else None,
        account=(facilitator.user.get_username() if facilitator.user else "") if with_contacts else None,
    )


@router.get("/{program_id}/training/readiness", response={200: ReadinessOut, 404: ErrorOut})
def readiness(request: HttpRequest, program_id: int):
    program = selectors.access_training(request.user, program_id)
    r = selectors.readiness_get(program=program)
    return ReadinessOut(
        program_id=program.pk,
        ready_count=r.ready_count,
        needed=r.needed,
        recommended=r.recommended,
        more_needed=r.more_needed,
        required_modules=[_module_ref(m) for m in r.required_modules],
        facilitators=[
            FacilitatorReadinessOut(
                id=f.facilitator.pk,
                name=f.facilitator.name,
                ready=f.ready,
                languages=list(f.facilitator.languages),
                completed=[_module_ref(m) for m in f.completed],
                missing=[_module_ref(m) for m in f.missing],
                sessions_attended=f.sessions_attended,
            )
            for f in r.facilitators
        ],
        languages=[
            LanguageCoverageOut(
                code=lang.code, label=lang.label, covered=lang.covered, ready_speakers=len(lang.ready_speakers)
            )
            for lang in r.languages
        ],
        languages_covered=[lang.code for lang in r.languages_covered],
        languages_missing=[lang.code for lang in r.languages_missing],
    )


@router.get("/{program_id}/training/facilitators", response={200: list[FacilitatorOut], 404: ErrorOut})
def facilitator_list(request: HttpRequest, program_id: int):
    program = selectors.access_training(request.user, program_id)
    with_contacts = request.user.has_perm("training.view_contacts", program)
    return [
        _facilitator_out(f.facilitator, f.ready, with_contacts)
        for f in selectors.readiness_get(program=program).facilitators
    ]


@router.post(
    "/{program_id}/training/facilitators",
    response={201: FacilitatorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    openapi_extra=_body(FacilitatorIn),
)
def facilitator_add(request: HttpRequest, program_id: int):
    program = selectors.access_training(request.user, program_id, perm=MANAGE)
    if not phases.training_editable(program):
        return Status(409, ErrorOut(detail=phases.edit_locked_reason(program)))
    payload = _parse(FacilitatorIn, request)
    user = None
    if payload.account.strip():
        user = selectors.account_find(payload.account)
        if user is None:
            return Status(
                422,
                ErrorOut(
                    detail=_("Please correct the errors below."),
                    errors={"account": [_("No volunteer account has this username or email.")]},
                ),
            )
    try:
        facilitator = services.facilitator_add(
            actor=_actor(request),
            program=program,
            name=payload.name,
            email=payload.email,
            phone=payload.phone,
            organisation=payload.organization,
            languages=payload.languages,
            user=user,
            notes=payload.notes,
        )
    except services.TrainingLocked as exc:
        return Status(409, ErrorOut(detail=str(exc)))
    except ValidationError as exc:
        return Status(422, _errors(exc, {"user": "account", "organisation": "organization"}))
    ready = selectors.readiness_get(program=program).for_facilitator(facilitator).ready
    return Status(201, _facilitator_out(facilitator, ready, with_contacts=True))


@router.put(
    "/{program_id}/training/sessions/{session_id}/attendance",
    response={200: AttendanceOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    openapi_extra=_body(AttendanceIn),
)
def attendance_put(request: HttpRequest, program_id: int, session_id: int):
    session = selectors.access_session(request.user, program_id, session_id, perm=MANAGE)
    if not phases.training_editable(session.program):
        return Status(409, ErrorOut(detail=phases.edit_locked_reason(session.program)))
    payload = _parse(AttendanceIn, request)
    facilitators, unknown = selectors.facilitators_by_ids(program=session.program, ids=payload.facilitator_ids)
    if unknown:
        message = ngettext(
            "No facilitator of this program has the id %(ids)s.",
            "No facilitator of this program has the ids %(ids)s.",
            len(unknown),
        ) % {"ids": ", ".join(map(str, unknown))}
        return Status(
            422, ErrorOut(detail=_("Please correct the errors below."), errors={"facilitator_ids": [message]})
        )
    try:
        attendees = services.attendance_record(actor=_actor(request), session=session, facilitators=facilitators)
    except services.TrainingLocked as exc:
        return Status(409, ErrorOut(detail=str(exc)))
    except ValidationError as exc:
        return Status(422, _errors(exc, {"facilitators": "facilitator_ids"}))
    return Status(200, AttendanceOut(session_id=session.pk, facilitator_ids=sorted(f.pk for f in attendees)))
