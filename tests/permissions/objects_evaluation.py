"""One open baseline survey inside the route walker's program. The program is in intake, where no survey
wave is enabled yet, so the phase is switched to planning for the writes and then put back."""

from __future__ import annotations

from spcp.evaluation import services
from spcp.evaluation.models import Wave
from spcp.programs.models import Phase, Program


def make(program, role_users) -> dict[str, object]:
    """URL kwargs for the evaluation routes: the survey's id (staff pages) and code (phone pages)."""
    phase = program.phase
    Program.objects.filter(pk=program.pk).update(phase=Phase.PLANNING)
    program.phase = Phase.PLANNING
    try:
        survey, _ = services.survey_create(actor=program.conciliator, program=program, wave=Wave.BASELINE)
        services.survey_set_open(actor=program.conciliator, survey=survey, is_open=True)
    finally:
        Program.objects.filter(pk=program.pk).update(phase=phase)
        program.phase = phase
    return {"survey_id": survey.pk, "survey_code": survey.code}
