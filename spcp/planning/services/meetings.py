"""Planning-group meetings: time, place, agenda, notes and attendance."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.planning.models import Meeting, PlanningMember
from spcp.planning.services._common import _clean_text, _ensure_editable, _raise
from spcp.programs.models import Program
from spcp.programs.services import apply_changes, audit_record


def _meeting_errors(
    program: Program, *, starts_at: datetime.datetime | None, attendees: Iterable[PlanningMember]
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if starts_at is None:
        errors["starts_at"] = _("Enter the meeting's date and time.")
    if any(a.program_id != program.pk for a in attendees):
        errors["attendees"] = _("Choose one of the listed options.")
    return errors


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    program: Program,
    starts_at: datetime.datetime,
    location: str = "",
    agenda: str = "",
    notes: str = "",
    attendees: Iterable[PlanningMember] = (),
) -> Meeting:
    """Schedule (or record) a planning-group meeting."""
    _ensure_editable(program)
    attendees = list(attendees)
    _raise(_meeting_errors(program, starts_at=starts_at, attendees=attendees))
    meeting = Meeting(
        program=program, starts_at=starts_at, location=_clean_text(location), agenda=agenda.strip(), notes=notes.strip()
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendees.set(attendees)
    audit_record(
        actor=actor,
        program=program,
        action="planning.meeting_created",
        target=meeting,
        changes={"attendees": ([], sorted(a.name for a in attendees))} if attendees else None,
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, actor: User, meeting: Meeting, attendees: Iterable[PlanningMember] | None = None, **fields: Any
) -> Meeting:
    """Change a meeting's time, place, agenda, notes or attendance."""
    program = meeting.program
    _ensure_editable(program)
    unknown = set(fields) - {"starts_at", "location", "agenda", "notes"}
    if unknown:
        raise TypeError(f"meeting_update() got unexpected fields {sorted(unknown)}")
    for text in ("location", "agenda", "notes"):
        if text in fields:
            fields[text] = (fields[text] or "").strip()
    new_attendees = list(attendees) if attendees is not None else None
    _raise(
        _meeting_errors(program, starts_at=fields.get("starts_at", meeting.starts_at), attendees=new_attendees or [])
    )
    changed = apply_changes(meeting, fields)
    if new_attendees is not None:
        old_names = sorted(a.name for a in meeting.attendees.all())
        new_names = sorted(a.name for a in new_attendees)
        if {a.pk for a in meeting.attendees.all()} != {a.pk for a in new_attendees}:
            meeting.attendees.set(new_attendees)
            changed["attendees"] = (old_names, new_names)
    if changed:
        meeting.full_clean()
        meeting.save()
        audit_record(actor=actor, program=program, action="planning.meeting_updated", target=meeting, changes=changed)
    return meeting
