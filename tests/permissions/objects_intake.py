"""One of each intake object for the route walker: a new request routed to `program`'s region."""

from __future__ import annotations

from spcp.intake import services
from spcp.intake.models import OrganisationRole
from spcp.programs.models import Concern, Trigger


def make(program, role_users) -> dict[str, int]:
    """URL kwargs for the intake routes: a new request in `program`'s state and the token of its confirmation page.

    `token` is a UUID (as text), for /requests/submitted/{token}/.
    """
    result = services.request_submit(
        requester_name="Walker Requester",
        organisation="Springfield Police Department",
        organisation_role=OrganisationRole.LAW_ENFORCEMENT,
        email="walker@springfield.example",
        phone="409-555-0142",
        city=program.city,
        state=program.state,
        trigger=Trigger.PROACTIVE,
        concerns=[Concern.RACE],
        program_type=program.program_type,
    )
    return {"request_id": result.request.pk, "token": str(result.request.public_token)}  # type: ignore[dict-item]
