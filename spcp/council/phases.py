"""What the council contributes to the lifecycle: the `council.manage` feature, enabled in the council phase."""

from __future__ import annotations

from django.utils.translation import gettext

from spcp.programs import phases
from spcp.programs.models import Phase, Program

MANAGE_FEATURE = "council.manage"
MANAGE_PHASES = (Phase.COUNCIL,)


def register() -> None:
    """Called from CouncilConfig.ready (registration is idempotent)."""
    phases.declare_feature(MANAGE_FEATURE, MANAGE_PHASES)


def council_editable(program: Program) -> bool:
    return phases.feature_enabled(program, MANAGE_FEATURE)


def locked_reason(program: Program) -> str:
    """Why the council's records are read-only for this program right now."""
    return gettext(
        "The council's records can be changed only in the SPCP council phase. "
        "This program is in the “%(phase)s” phase, so these pages are read-only."
    ) % {"phase": program.get_phase_display()}
