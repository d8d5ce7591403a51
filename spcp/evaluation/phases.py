"""When each survey wave may be created: declared features, read by the rules and the pages."""

from __future__ import annotations

from django.utils.translation import gettext

from spcp.evaluation.models import Wave
from spcp.programs import phases
from spcp.programs.models import Phase, Program

BASELINE_FEATURE = "evaluation.baseline_survey"
FEEDBACK_FEATURE = "evaluation.feedback_survey"
FOLLOW_UP_FEATURE = "evaluation.follow_up_surveys"

FEATURE_FOR_WAVE: dict[str, str] = {
    Wave.BASELINE: BASELINE_FEATURE,
    Wave.AFTER_DAY: FEEDBACK_FEATURE,
    Wave.THREE_MONTHS: FOLLOW_UP_FEATURE,
    Wave.TWELVE_MONTHS: FOLLOW_UP_FEATURE,
}


def register() -> None:
    """Called from EvaluationConfig.ready (idempotent)."""
    phases.declare_feature(BASELINE_FEATURE, phases.phases_from(Phase.PLANNING))
    phases.declare_feature(FEEDBACK_FEATURE, phases.phases_from(Phase.FORUM))
    phases.declare_feature(FOLLOW_UP_FEATURE, phases.phases_from(Phase.ACTION_PLAN))


def wave_enabled(program: Program, wave: str) -> bool:
    feature = FEATURE_FOR_WAVE.get(wave)
    return feature is not None and phases.feature_enabled(program, feature)


def enabled_waves(program: Program) -> list[str]:
    return [wave for wave in FEATURE_FOR_WAVE if wave_enabled(program, wave)]


def wave_locked_reason(program: Program) -> str:
    """Why no survey can be created for this program yet."""
    return gettext(
        "Surveys open in stages: the baseline survey from the planning group phase, the feedback survey from "
        "the forum phase, and the 3- and 12-month surveys from the action plan phase. This program is in the "
        "“%(phase)s” phase."
    ) % {"phase": program.get_phase_display()}
