"""The council JSON API (mounted at /api/programs). Access is checked before the body is read, so a caller
without access gets the same 404 whatever they send."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from spcp.accounts.models import User
from spcp.common.api import ErrorOut, body_schema, error_payload, parse_body, staff_auth
from spcp.council import phases, selectors, services
from spcp.council.schemas import (
    CouncilProgressItemOut,
    CouncilProgressStepOut,
    MeetingOut,
    MemberOut,
    ProgressOut,
    UpdateIn,
    UpdateOut,
)

router = Router(tags=["council"], auth=staff_auth)


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # staff_auth lets only signed-in users through
    return request.user


@router.get("/{program_id}/council/members", response={200: list[MemberOut], 404: ErrorOut})
def member_list(request: HttpRequest, program_id: int):
    program = selectors.access_council(request.user, program_id)
    with_contacts = request.user.has_perm("council.view_contacts", program)
    return [
        MemberOut(
            id=m.pk,
            name=m.name,
            kind=m.kind,
            role=m.role,
            sector=str(m.sector) if m.sector else None,
            organization=m.organisation,
            active=m.active,
            term_start=m.term_start,
            term_end=m.term_end,
            email=m.email if with_contacts else None,
            phone=m.phone if with_contacts else None,
        )
        for m in selectors.member_list(program=program)
    ]


@router.get("/{program_id}/council/meetings", response={200: list[MeetingOut], 404: ErrorOut})
def meeting_list(request: HttpRequest, program_id: int):
    program = selectors.access_council(request.user, program_id)
    return [
        MeetingOut(
            id=m.pk,
            title=m.title,
            starts_at=m.starts_at,
            ends_at=m.ends_at,
            location=m.location,
            online_url=m.online_url,
            status=m.status,
            sequence=m.sequence,
            uid=m.uid,
        )
        for m in selectors.meeting_list(program=program)
    ]


@router.get("/{program_id}/council/progress", response={200: ProgressOut, 404: ErrorOut})
def progress(request: HttpRequest, program_id: int):
    program = selectors.access_council(request.user, program_id)
    view = selectors.progress_get(program=program, today=timezone.now().date())
    return ProgressOut(
        plan_id=view.plan.pk if view.plan else None,
        percent=view.percent,
        items=[
            CouncilProgressItemOut(
                id=row.item.pk,
                title=row.item.title,
                language=row.item.language,
                weight=row.item.weight,
                percent=row.progress.percent,
                overdue=row.progress.overdue,
                steps=[
                    CouncilProgressStepOut(
                        id=s.pk,
                        description=s.description,
                        language=s.language,
                        due_date=s.due_date,
                        status=s.status,
                        percent=s.percent,
                        weight=s.weight,
                        overdue=s.pk in view.overdue_step_ids,
                    )
                    for s in row.steps
                ],
            )
            for row in view.rows
        ],
    )


@router.post(
    "/{program_id}/council/steps/{plan_step_id}/updates",
    response={200: UpdateOut, 201: UpdateOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    openapi_extra=body_schema(UpdateIn),
)
def update_create(request: HttpRequest, program_id: int, plan_step_id: int):
    step = selectors.access_step(request.user, program_id, plan_step_id, perm="council.report_progress")
    program = step.item.plan.program
    if not phases.council_editable(program):
        return Status(409, ErrorOut(detail=phases.locked_reason(program)))
    payload = parse_body(UpdateIn, request)
    try:
        update, created = services.progress_report(actor=_actor(request), step=step, **payload.dict())
    except services.CouncilLocked as exc:
        return Status(409, ErrorOut(detail=str(exc)))
    except ValidationError as exc:
        return Status(422, ErrorOut(**error_payload(exc)))
    step.refresh_from_db(fields=["status", "percent"])
    out = UpdateOut(
        id=update.pk,
        step_id=step.pk,
        date=update.date,
        status=update.status,
        percent=update.percent,
        note=update.note,
        language=update.language,
        evidence_url=update.evidence_url,
        step_status=step.status,
        step_percent=step.percent,
    )
    return Status(201 if created else 200, out)
