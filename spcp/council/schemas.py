from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema


class MemberOut(Schema):
    id: int
    name: str
    kind: str
    role: str
    sector: str | None
    organization: str
    active: bool
    term_start: date | None
    term_end: date | None
    # Contact details only for council members and program staff; null for everyone else.
    email: str | None = None
    phone: str | None = None


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    online_url: str
    status: str
    sequence: int
    uid: uuid.UUID


class CouncilProgressStepOut(Schema):
    id: int
    description: str
    language: str
    due_date: date | None
    status: str
    percent: int
    weight: int
    overdue: bool


class CouncilProgressItemOut(Schema):
    id: int
    title: str
    language: str
    weight: int
    percent: float | None
    overdue: bool
    steps: list[CouncilProgressStepOut]


class ProgressOut(Schema):
    plan_id: int | None
    percent: float | None
    items: list[CouncilProgressItemOut]


StepStatusIn = Literal["not_started", "in_progress", "done", "blocked", "dropped"]


class UpdateIn(Schema):
    client_token: uuid.UUID
    date: date
    status: StepStatusIn
    percent: int = Field(ge=0, le=100)
    note: str = Field("", max_length=2000)
    language: str = Field("", max_length=10)
    evidence_url: str = Field("", max_length=200)


class UpdateOut(Schema):
    id: int
    step_id: int
    date: date
    status: str
    percent: int
    note: str
    language: str
    evidence_url: str
    step_status: str
    step_percent: int
