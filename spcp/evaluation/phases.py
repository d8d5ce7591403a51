"""When each survey wave may be created: declared features, read by the rules and the pages."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from spcp.evaluation.models import Survey, SurveyKind, Wave
from spcp.forum import phases as forum_phases
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
    forum_phases.register_feedback_survey(open_feedback_code)
    phases.register_warning(Phase.FORUM, "evaluation_baseline", baseline_missing, fix=_surveys_url)


def open_feedback_code(program: Program) -> str | None:
    """The code of the program's after-the-day feedback survey while it accepts responses."""
    return (
        Survey.objects.filter(program=program, kind=SurveyKind.FEEDBACK, wave=Wave.AFTER_DAY, is_open=True)
        .values_list("code", flat=True)
        .first()
    )


def baseline_missing(program: Program) -> list[str | Promise]:
    """Without a baseline wave before the day there is nothing to compare the 3- and 12-month answers with."""
    if Survey.objects.filter(program=program, kind=SurveyKind.OUTCOME, wave=Wave.BASELINE).exists():
        return []
    return [
        gettext_lazy(
            "No baseline survey yet: create and open it before the forum, or the 3- and 12-month surveys have "
            "nothing to be compared with."
        )
    ]


def _surveys_url(program: Program) -> str:
    return reverse("evaluation:survey_add", kwargs={"program_id": program.pk})


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
