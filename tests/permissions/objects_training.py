"""One of each training object inside the route walker's program. The program is in intake, where training
services refuse to write, so the phase is switched to training for the writes and then put back."""

from __future__ import annotations

from django.utils import timezone

from spcp.programs.models import Phase, Program
from spcp.training import services
from spcp.training.models import Module


def make(program, role_users) -> dict[str, int]:
    """URL kwargs for the training routes. The facilitator is linked to the `facilitator` account (its own record)."""
    phase = program.phase
    Program.objects.filter(pk=program.pk).update(phase=Phase.TRAINING)
    program.phase = Phase.TRAINING
    try:
        actor = program.conciliator
        facilitator = services.facilitator_add(
            actor=actor, program=program, name="Walker Facilitator", user=role_users["facilitator"]
        )
        module = services.module_create(actor=actor, program=program, title="Walker module", required=False)
        session = services.session_create(
            actor=actor,
            program=program,
            starts_at=timezone.now(),
            duration_minutes=120,
            modules=list(Module.objects.filter(program=program)),
        )
        services.attendance_record(actor=actor, session=session, facilitators=[facilitator])
    finally:
        Program.objects.filter(pk=program.pk).update(phase=phase)
        program.phase = phase
    return {"facilitator_id": facilitator.pk, "session_id": session.pk, "module_id": module.pk}
