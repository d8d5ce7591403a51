from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router, Status

from spcp.accounts.http import AuthedRequest
from spcp.common.api import ErrorOut, staff_auth
from spcp.programs import phases, selectors, services
from spcp.programs.models import Program
from spcp.programs.schemas import GateRefusedOut, ProgramOut

router = Router(tags=["programs"], auth=staff_auth)


def program_out(program: Program) -> ProgramOut:
    upcoming = phases.next_phase(program.phase)
    return ProgramOut(
        id=program.pk,
        title=program.title,
        program_type=program.program_type.code,
        city=program.city,
        state=program.state_id,
        region=program.region.code,
        phase=program.phase,
        phase_label=str(program.get_phase_display()),
        conciliator=program.conciliator.get_username() if program.conciliator else None,
        forum_date=program.forum_date,
        expected_participants=program.expected_participants,
        expected_groups=program.expected_groups,
        next_phase=upcoming.value if upcoming else None,
        missing_for_next_phase=phases.missing_for(program, upcoming) if upcoming else [],
    )


@router.get("", response=list[ProgramOut])
def program_list(request: AuthedRequest):
    return [program_out(p) for p in selectors.program_list(user=request.user)]


@router.get("/{program_id}", response={200: ProgramOut, 404: ErrorOut})
def program_get(request: AuthedRequest, program_id: int):
    return program_out(selectors.access_program(request.user, program_id))


@router.post("/{program_id}/advance", response={200: ProgramOut, 404: ErrorOut, 409: GateRefusedOut})
def program_advance(request: AuthedRequest, program_id: int):
    program = selectors.access_program(request.user, program_id, perm="programs.advance_program")
    try:
        program = services.program_advance(actor=request.user, program=program)
    except services.PhaseGateError as exc:
        return Status(409, GateRefusedOut(detail=_("The program cannot move on yet."), missing=exc.missing))
    return Status(200, program_out(program))
