from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema

from spcp.common.api import Int64


class ModuleRefOut(Schema):
    id: int
    title: str
    required: bool


class FacilitatorReadinessOut(Schema):
    id: int
    name: str
    ready: bool
    languages: list[str]
    completed: list[ModuleRefOut]
    missing: list[ModuleRefOut]
    sessions_attended: int


class LanguageCoverageOut(Schema):
    code: str
    label: str
    covered: bool
    ready_speakers: int


class ReadinessOut(Schema):
    program_id: int
    ready_count: int
    needed: int
    recommended: int
    more_needed: int
    required_modules: list[ModuleRefOut]
    facilitators: list[FacilitatorReadinessOut]
    languages: list[LanguageCoverageOut]
    languages_covered: list[str]
    languages_missing: list[str]


class FacilitatorIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=40)
    organization: str = Field("", max_length=200)
    languages: list[Annotated[str, Field(max_length=10)]] = Field(default_factory=list, max_length=20)
    account: str = Field("", max_length=254, description="Username or email of a volunteer account to link (optional).")
    notes: str = Field("", max_length=5000)


class FacilitatorOut(Schema):
    id: int
    name: str
    organization: str
    languages: list[str]
    ready: bool
    email: str | None = Field(None, description="Only for CRS staff and planning-group members.")
    phone: str | None = Field(None, description="Only for CRS staff and planning-group members.")
    account: str | None = Field(None, description="Only for CRS staff and planning-group members.")


class AttendanceIn(Schema):
    facilitator_ids: list[Int64]


class AttendanceOut(Schema):
    session_id: int
    facilitator_ids: list[int]
