"""Writes to programs. Each service is atomic, validates, and writes its audit entry."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from spcp.accounts.models import User
from spcp.programs import phases
from spcp.programs.models import AuditEntry, Program, ProgramMembership
from spcp.programs.time_zones import forget_time_zone


class PhaseGateError(ValidationError):
    """Raised when a program may not move on; .missing lists what is left to do."""

    def __init__(self, missing: list[str]):
        super().__init__(missing)
        self.missing = missing


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def audit_record(
    *,
    actor: User | None,
    program: Program | None,
    action: str,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    public: bool = False,
) -> AuditEntry:
    """Append one entry to the audit log (call inside the service's transaction).

    With no actor the entry is the system's (e.g. set-up hooks), or the public's when `public` is set.
    """
    signed_in = actor is not None and actor.is_authenticated
    return AuditEntry.objects.create(
        program=program,
        actor=actor if signed_in else None,
        actor_label=actor.get_username() if actor is not None and signed_in else ("public" if public else "system"),
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        changes={k: [_jsonable(a), _jsonable(b)] for k, (a, b) in (changes or {}).items()},
    )


def apply_changes(instance: models.Model, fields: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set fields on `instance` and return {field: (old, new)} for those that really changed."""
    changed: dict[str, tuple[Any, Any]] = {}
    for name, new in fields.items():
        old = getattr(instance, name)
        if old != new:
            setattr(instance, name, new)
            changed[name] = (old, new)
    return changed


@transaction.atomic
def program_create(*, actor: User | None, **fields: Any) -> Program:
    """Create a program in the intake phase, routed to its state's region and office."""
    state = fields["state"]
    fields.setdefault("region", state.region)
    fields.setdefault("office", state.office)
    fields.setdefault("time_zone", state.time_zone)
    program = Program(**fields)
    program.full_clean()
    program.save()
    phases.run_setup_hooks(program)
    audit_record(actor=actor, program=program, action="program.created", target=program)
    return program


@transaction.atomic
def program_update(*, actor: User, program: Program, **fields: Any) -> Program:
    """Change a program's details; the audit entry lists each field's old and new value."""
    changed = apply_changes(program, fields)
    if changed:
        program.full_clean()
        program.save()
        if "time_zone" in changed:
            forget_time_zone(program.pk)
        audit_record(actor=actor, program=program, action="program.updated", target=program, changes=changed)
    return program


@transaction.atomic
def program_advance(*, actor: User, program: Program) -> Program:
    """Move a program into its next phase if every gate of that phase is satisfied."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    target = phases.next_phase(program.phase)
    if target is None:
        raise PhaseGateError([_("The program is already in its last phase.")])
    missing = phases.missing_for(program, target)
    if missing:
        raise PhaseGateError(missing)
    old = program.phase
    program.phase = target
    program.save(update_fields=["phase", "updated_at"])
    audit_record(
        actor=actor, program=program, action="program.advanced", target=program, changes={"phase": (old, target)}
    )
    return program


@transaction.atomic
def membership_add(*, actor: User, program: Program, user: User, role: str) -> ProgramMembership:
    """Give a volunteer account access to a program (idempotent)."""
    membership, created = ProgramMembership.objects.get_or_create(program=program, user=user, role=role)
    if created:
        audit_record(actor=actor, program=program, action="membership.added", target=membership)
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: ProgramMembership) -> None:
    audit_record(actor=actor, program=membership.program, action="membership.removed", target=membership)
    membership.delete()
