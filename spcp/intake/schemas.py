from __future__ import annotations

import datetime
import uuid

from ninja import Field, Schema

from spcp.common.api import Int64
from spcp.intake.models import OrganisationRole, ProgramRequest
from spcp.offices import schemas as offices_schemas
from spcp.offices.schemas import OfficeOut, RegionOut
from spcp.programs.models import Concern, Language, Trigger


class RequestIn(Schema):
    requester_name: str = Field(max_length=200)
    organization: str = Field(max_length=200)
    organization_role: OrganisationRole
    email: str = Field(max_length=254)
    phone: str = Field(max_length=40, description="With the area code.")
    city: str = Field(max_length=100)
    state: str = Field(
        max_length=2, description="Two-letter code of a state, DC or territory (see /api/offices/table)."
    )
    trigger: Trigger
    incident_date: datetime.date | None = Field(None, description="Required for a critical incident.")
    incident_description: str = Field("", max_length=5000, description="Required for a critical incident.")
    concerns: list[Concern] = Field(description="At least one.")
    languages: list[Language] = []
    program_type: str = Field("spcp", max_length=30, description="Code of the program type.")
    message: str = Field("", max_length=5000)
    client_token: uuid.UUID | None = Field(
        None, description="Send a new random UUID with each request; a retry with the same one returns the first."
    )


class SubmittedOut(Schema):
    status: str
    public_token: uuid.UUID
    confirmation_url: str
    region: RegionOut
    office: OfficeOut


class RequestOut(Schema):
    id: int
    status: str
    status_label: str
    created_at: datetime.datetime
    requester_name: str
    organization: str
    organization_role: str
    email: str
    phone: str
    city: str
    state: str
    region: RegionOut
    office: OfficeOut
    trigger: str
    trigger_label: str
    incident_date: datetime.date | None
    incident_description: str
    concerns: list[str]
    languages: list[str]
    program_type: str
    message: str
    submitted_language: str
    decline_reason: str
    decided_by: str | None
    decided_at: datetime.datetime | None
    program_id: int | None

    @staticmethod
    def resolve_organization(obj: ProgramRequest) -> str:
        return obj.organisation

    @staticmethod
    def resolve_organization_role(obj: ProgramRequest) -> str:
        return obj.organisation_role

    @staticmethod
    def resolve_status_label(obj: ProgramRequest) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_trigger_label(obj: ProgramRequest) -> str:
        return str(obj.get_trigger_display())

    @staticmethod
    def resolve_state(obj: ProgramRequest) -> str:
        return obj.state_id

    @staticmethod
    def resolve_region(obj: ProgramRequest) -> RegionOut:
        return region_out(obj)

    @staticmethod
    def resolve_office(obj: ProgramRequest) -> OfficeOut:
        return office_out(obj)

    @staticmethod
    def resolve_program_type(obj: ProgramRequest) -> str:
        return obj.program_type.code

    @staticmethod
    def resolve_decided_by(obj: ProgramRequest) -> str | None:
        return obj.decided_by.get_username() if obj.decided_by else None


def region_out(program_request: ProgramRequest) -> RegionOut:
    return offices_schemas.region_out(program_request.region)


def office_out(program_request: ProgramRequest) -> OfficeOut:
    return offices_schemas.office_out(program_request.office)


class AcceptIn(Schema):
    # Optional in the schema so that access is checked (404) before the input (422).
    conciliator: Int64 | None = Field(None, description="Id of an active conciliator or regional director.")
    title: str = Field(
        "", max_length=200, description="Defaults to the city and the program type, e.g. “Galveston SPCP”."
    )


class DeclineIn(Schema):
    reason: str = Field("", max_length=2000)


class DetailOut(Schema):
    detail: str


class ErrorsOut(Schema):
    detail: str
    errors: dict[str, list[str]]
