from __future__ import annotations

import datetime

from ninja import Schema


class ProgramOut(Schema):
    id: int
    title: str
    program_type: str
    city: str
    state: str
    region: str
    phase: str
    phase_label: str
    conciliator: str | None
    forum_date: datetime.date | None
    expected_participants: int
    expected_groups: int
    next_phase: str | None
    missing_for_next_phase: list[str]


class GateRefusedOut(Schema):
    detail: str
    missing: list[str]
