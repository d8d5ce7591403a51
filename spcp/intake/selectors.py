"""Reads of program requests, scoped by who is asking. access_* answer the same 404 for missing and forbidden."""

from __future__ import annotations

import hmac
import re
import uuid

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from spcp.accounts.models import Role, User
from spcp.intake.models import CASE_PREFIX, ProgramRequest, RequestStatus
from spcp.offices.models import Office, Region, State
from spcp.offices.selectors import headquarters, state_list
from spcp.programs.models import AuditEntry, ProgramType, Trigger

STATUS_ALL = "all"


def _base() -> QuerySet[ProgramRequest]:
    return ProgramRequest.objects.select_related("state", "region", "office", "program_type")


def request_list(*, user: User | AnonymousUser, status: str = STATUS_ALL) -> QuerySet[ProgramRequest]:
    """The triage queue: every request (admin) or the region's (regional staff); none for anyone else.

    New critical incidents come first, then everything newest first.
    """
    if not isinstance(user, User) or not user.has_perm("intake.list_requests"):
        return ProgramRequest.objects.none()
    qs = _base().select_related("decided_by", "program")
    if not user.is_crs_admin:
        if user.region_id is None:
            return ProgramRequest.objects.none()
        qs = qs.filter(region_id=user.region_id)
    if status in RequestStatus.values:
        qs = qs.filter(status=status)
    urgent_first = Case(
        When(status=RequestStatus.NEW, trigger=Trigger.CRITICAL_INCIDENT, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return qs.order_by(urgent_first, "-created_at", "-id")


def access_request(user: User | AnonymousUser, request_id: int, perm: str = "intake.view_request") -> ProgramRequest:
    """The request if `user` has `perm` on it; Http404 otherwise, so its existence is not revealed."""
    program_request = _base().select_related("decided_by", "program").filter(pk=request_id).first()
    if program_request is None or not user.has_perm(perm, program_request):
        raise Http404
    return program_request


def request_by_token(token: uuid.UUID) -> ProgramRequest:
    """The request behind a requester's confirmation link (anyone holding the random token may see it)."""
    program_request = _base().filter(public_token=token).first()
    if program_request is None:
        raise Http404
    return program_request


CASE_NUMBER = re.compile(rf"^\s*{CASE_PREFIX}-?(\d{{4}})-?0*(\d{{1,12}})\s*$", re.IGNORECASE)


def request_by_case(*, case_number: str, email: str) -> ProgramRequest | None:
    """The request with this case number and email, or None: one answer for a wrong number and a wrong email,
    and the addresses are compared in constant time (a dummy compare when no request has the number)."""
    match = CASE_NUMBER.match(case_number or "")
    found = None
    if match is not None:
        year, number = int(match.group(1)), int(match.group(2))
        found = _base().filter(pk=number, created_at__year=year).first()
    stored = found.email if found is not None else "nobody@invalid.example"
    same = hmac.compare_digest(stored.strip().lower().encode(), (email or "").strip().lower().encode())
    return found if found is not None and same else None


def office_contact(*, program_request: ProgramRequest) -> Office | None:
    """Where the requester can reach CRS before the call: the office's own line, or headquarters when the
    office shares headquarters' (then the page names headquarters, not the office, as its owner)."""
    office = program_request.office
    hq = headquarters()
    if hq is None or office.pk == hq.pk:
        return None
    if (office.phone, office.email) == (hq.phone, hq.email) or not (office.phone or office.email):
        return hq
    return None


def request_history(*, program_request: ProgramRequest) -> QuerySet[AuditEntry]:
    """The audit entries about this request (submitted, accepted or declined), oldest first."""
    return (
        AuditEntry.objects.filter(target_type=ProgramRequest._meta.label_lower, target_id=str(program_request.pk))
        .select_related("actor")
        .order_by("created_at", "id")
    )


def conciliator_choices(*, region: Region) -> QuerySet[User]:
    """The staff who may run a program of `region`: its active conciliators and regional directors."""
    return User.objects.filter(
        role__in=[Role.CONCILIATOR, Role.REGIONAL_DIRECTOR], region=region, is_active=True
    ).order_by("last_name", "first_name", "username")


def state_options() -> list[State]:
    """States and territories sorted by their name in the current language, for a select list."""
    return sorted(state_list(), key=lambda s: s.localized_name())


def state_by_code(code: str) -> State | None:
    return state_list().filter(code=(code or "").strip().upper()).first()


def program_type_list() -> QuerySet[ProgramType]:
    return ProgramType.objects.order_by("order")


def program_type_by_code(code: str) -> ProgramType | None:
    return ProgramType.objects.filter(code=(code or "").strip()).first()
