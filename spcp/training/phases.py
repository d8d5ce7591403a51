"""What facilitator training contributes to the lifecycle: the forum gate, the edit feature, the seeded modules."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

from spcp.programs import phases
from spcp.programs.models import Phase, Program
from spcp.training.selectors import readiness_get

EDIT_FEATURE = "training.edit"
EDIT_PHASES = (Phase.PLANNING, Phase.TRAINING, Phase.FORUM)


def enough_ready_facilitators(program: Program) -> list[str | Promise]:
    """Entering the forum needs one ready facilitator per expected breakout group."""
    more = readiness_get(program=program).more_needed
    return [more_needed_message(more)] if more else []


def more_needed_message(more: int) -> str:
    return ngettext(
        "Train %(count)d more facilitator: the forum needs one ready facilitator for each breakout group.",
        "Train %(count)d more facilitators: the forum needs one ready facilitator for each breakout group.",
        more,
    ) % {"count": more}


def seed_modules(program: Program) -> None:
    from spcp.training.services import modules_seed  # services imports this module

    modules_seed(program=program)


def register() -> None:
    """Called from TrainingConfig.ready (registration is idempotent)."""
    phases.register_gate(
        Phase.FORUM,
        "training_ready_facilitators",
        enough_ready_facilitators,
        fix=lambda program: reverse("training:facilitators", kwargs={"program_id": program.pk}),
    )
    phases.declare_feature(EDIT_FEATURE, EDIT_PHASES)
    phases.on_program_created(seed_modules)


def edit_locked_reason(program: Program) -> str:
    """Why training records are read-only for this program right now."""
    return gettext(
        "Training records can be changed only in the planning group, facilitator training and forum phases. "
        "This program is in the “%(phase)s” phase, so these pages are read-only."
    ) % {"phase": program.get_phase_display()}


def training_editable(program: Program) -> bool:
    return phases.feature_enabled(program, EDIT_FEATURE)
