"""Program requests for tests, made through the real service."""

from __future__ import annotations

import datetime
from typing import Any

from spcp.intake import services
from spcp.intake.models import OrganisationRole, ProgramRequest
from spcp.offices.models import State
from spcp.programs.models import Concern, ProgramType, Trigger


def request_fields(state_code: str = "TX", **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "requester_name": "Maria Lopez",
        "organisation": "Springfield Police Department",
        "organisation_role": OrganisationRole.LAW_ENFORCEMENT,
        "email": "maria@springfield.example",
        "phone": "409-555-0142",
        "city": "Springfield",
        "state": State.objects.select_related("region", "office").get(code=state_code),
        "trigger": Trigger.PROACTIVE,
        "concerns": [Concern.RACE],
        "program_type": ProgramType.objects.get(code="spcp"),
    }
    fields.update(overrides)
    return fields


def program_request(state_code: str = "TX", **overrides: Any) -> ProgramRequest:
    return services.request_submit(**request_fields(state_code, **overrides)).request


def critical(state_code: str = "TX", **overrides: Any) -> ProgramRequest:
    return program_request(
        state_code,
        trigger=Trigger.CRITICAL_INCIDENT,
        incident_date=datetime.date.today() - datetime.timedelta(days=3),
        incident_description="A racially charged arrest downtown.",
        **overrides,
    )
