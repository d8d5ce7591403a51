"""What the action plan contributes to the lifecycle: the edit feature and the gate into the council phase."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spcp.programs import phases
from spcp.programs.models import Phase, Program

EDIT_FEATURE = "actionplan.edit"
EDIT_PHASES = (Phase.ACTION_PLAN, Phase.COUNCIL)


def plan_published(program: Program) -> list[str | Promise]:
    """The council works from the published plan, so it must have been published once."""
    from spcp.actionplan.models import Plan

    if Plan.objects.filter(program=program, published_version__isnull=False).exists():
        return []
    return [_("Publish the action plan.")]


def register() -> None:
    """Called from ActionPlanConfig.ready (registration is idempotent)."""
    phases.declare_feature(EDIT_FEATURE, EDIT_PHASES)
    phases.register_gate(
        Phase.COUNCIL,
        "actionplan_published",
        plan_published,
        fix=lambda program: reverse("actionplan:overview", kwargs={"program_id": program.pk}),
    )


def plan_editable(program: Program) -> bool:
    return phases.feature_enabled(program, EDIT_FEATURE)


def edit_locked_reason(program: Program) -> str:
    """Why the action plan is read-only for this program's phase."""
    return gettext(
        "The action plan can be changed only in the action plan and SPCP council phases. "
        "This program is in the “%(phase)s” phase, so these pages are read-only."
    ) % {"phase": program.get_phase_display()}
