"""Writes to program requests. Each service is atomic, validates before writing, and writes its audit entry."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from spcp.accounts.models import Role, User
from spcp.intake.models import ProgramRequest, RequestStatus
from spcp.intake.notifications import request_confirmation_send, request_received_notify
from spcp.offices.models import State
from spcp.programs.models import ProgramType, Trigger
from spcp.programs.services import audit_record, program_create

AUDIT_ACTIONS: dict[str, Promise] = {
    "request.submitted": gettext_lazy("Program request received"),
    "request.accepted": gettext_lazy("Program request accepted"),
    "request.declined": gettext_lazy("Program request declined"),
}


class RequestAlreadyDecided(Exception):
    """Raised when staff try to accept or decline a request that has already been decided."""

    def __init__(self, program_request: ProgramRequest):
        self.program_request = program_request
        if program_request.status == RequestStatus.ACCEPTED:
            message = _("This request has already been accepted.")
        else:
            message = _("This request has already been declined.")
        super().__init__(message)
        self.message = message


class SubmitResult(NamedTuple):
    request: ProgramRequest
    created: bool


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values))


def _form_language(code: str | None) -> str:
    try:
        return translation.get_supported_language_variant(code or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def _existing(client_token: uuid.UUID) -> ProgramRequest | None:
    return (
        ProgramRequest.objects.select_related("state", "region", "office", "program_type")
        .filter(client_token=client_token)
        .first()
    )


@transaction.atomic
def request_submit(
    *,
    requester_name: str,
    organisation: str,
    organisation_role: str,
    email: str,
    phone: str,
    city: str,
    state: State | None,
    trigger: str,
    concerns: Sequence[str],
    program_type: ProgramType | None,
    languages: Sequence[str] = (),
    incident_date: datetime.date | None = None,
    incident_description: str = "",
    message: str = "",
    language: str | None = None,
    client_token: uuid.UUID | None = None,
    notify_staff: bool = True,
) -> SubmitResult:
    """Record a public request, routed at once to its state's region and office.

    A retry with the same client_token returns the first request and creates nothing (created=False).
    Incident details are kept only for a critical incident. After commit the region's staff are emailed, and
    the requester gets their case number in the form's language, unless notify_staff is off (the demo,
    imports of requests received elsewhere).
    """
    if client_token is not None and (first := _existing(client_token)) is not None:
        return SubmitResult(first, False)

    errors: dict[str, list[str]] = {}
    if state is None:
        errors["state"] = [_("Choose a state or territory from the list.")]
    if program_type is None:
        errors["program_type"] = [_("Choose a program from the list.")]
    critical = trigger == Trigger.CRITICAL_INCIDENT
    program_request = ProgramRequest(
        requester_name=(requester_name or "").strip(),
        organisation=(organisation or "").strip(),
        organisation_role=organisation_role,
        email=(email or "").strip(),
        phone=(phone or "").strip(),
        city=(city or "").strip(),
        trigger=trigger,
        incident_date=incident_date if critical else None,
        incident_description=(incident_description or "").strip() if critical else "",
        concerns=_unique(concerns),
        languages=_unique(languages),
        message=(message or "").strip(),
        submitted_language=_form_language(language),
        client_token=client_token,
    )
    if state is not None:
        program_request.state = state
        program_request.region = state.region
        program_request.office = state.office
    if program_type is not None:
        program_request.program_type = program_type
    try:
        # client_token uniqueness is left to the database (see the IntegrityError below).
        program_request.full_clean(exclude=[*errors, "region", "office", "client_token"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic():
            program_request.save()
    except IntegrityError:
        # A concurrent retry with the same token got there first: answer with its request.
        if client_token is None or (first := _existing(client_token)) is None:
            raise
        return SubmitResult(first, False)
    audit_record(actor=None, program=None, action="request.submitted", target=program_request, public=True)
    if notify_staff:
        # After commit, and robust: a mail server that is down never loses the request itself.
        transaction.on_commit(lambda: request_received_notify(program_request=program_request), robust=True)
        transaction.on_commit(lambda: request_confirmation_send(program_request=program_request), robust=True)
    return SubmitResult(program_request, True)


def _is_eligible_conciliator(user: User | None, program_request: ProgramRequest) -> bool:
    return bool(
        user is not None
        and user.is_active
        and user.role in (Role.CONCILIATOR, Role.REGIONAL_DIRECTOR)
        and user.region_id == program_request.region_id
    )


def _claim(program_request: ProgramRequest, status: RequestStatus, actor: User, **fields: object) -> None:
    """Mark a new request decided; the conditional update makes a second decision fail even without row locks."""
    now = timezone.now()
    decided_by = actor if actor.is_authenticated else None
    claimed = ProgramRequest.objects.filter(pk=program_request.pk, status=RequestStatus.NEW).update(
        status=status, decided_by=decided_by, decided_at=now, updated_at=now, **fields
    )
    if not claimed:
        program_request.refresh_from_db(fields=["status"])
        raise RequestAlreadyDecided(program_request)
    program_request.status = status
    program_request.decided_by = decided_by
    program_request.decided_at = now
    program_request.updated_at = now
    for name, value in fields.items():
        setattr(program_request, name, value)


@transaction.atomic
def request_accept(*, actor: User, request: ProgramRequest, conciliator: User | None, title: str) -> ProgramRequest:
    """Accept a new request: create its Program (intake phase) from the request, with its conciliator, and link it."""
    if request.is_decided:
        raise RequestAlreadyDecided(request)
    title = (title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Enter a title for the program.")]
    if not _is_eligible_conciliator(conciliator, request):
        errors["conciliator"] = [_("Choose an active conciliator or regional director of this request's region.")]
    if errors:
        raise ValidationError(errors)

    _claim(request, RequestStatus.ACCEPTED, actor)
    program = program_create(
        actor=actor,
        title=title,
        program_type=request.program_type,
        city=request.city,
        state=request.state,
        region=request.region,
        office=request.office,
        trigger=request.trigger,
        incident_date=request.incident_date,
        incident_description=request.incident_description,
        concerns=list(request.concerns),
        languages=list(request.languages),
        conciliator=conciliator,
    )
    ProgramRequest.objects.filter(pk=request.pk).update(program=program)
    request.program = program
    audit_record(
        actor=actor,
        program=program,
        action="request.accepted",
        target=request,
        changes={"status": (RequestStatus.NEW.value, RequestStatus.ACCEPTED.value)},
    )
    return request


@transaction.atomic
def request_decline(*, actor: User, request: ProgramRequest, reason: str) -> ProgramRequest:
    """Decline a new request; the reason is required and kept for the record."""
    if request.is_decided:
        raise RequestAlreadyDecided(request)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for declining this request.")]})
    limit = ProgramRequest._meta.get_field("decline_reason").max_length or 2000
    if len(reason) > limit:
        message = ngettext(
            "Keep the reason under %(limit)s character.", "Keep the reason under %(limit)s characters.", limit
        )
        raise ValidationError({"reason": [message % {"limit": limit}]})
    _claim(request, RequestStatus.DECLINED, actor, decline_reason=reason)
    audit_record(
        actor=actor,
        program=None,
        action="request.declined",
        target=request,
        changes={"status": (RequestStatus.NEW.value, RequestStatus.DECLINED.value)},
    )
    return request
