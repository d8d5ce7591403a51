"""Helpers for the evaluation tests: surveys in a given phase, and responses made through the service."""

from __future__ import annotations

import uuid

import pytest

from spcp.evaluation import services
from spcp.evaluation.instruments import survey_instrument
from spcp.evaluation.models import Survey, Wave
from spcp.programs.models import Phase, Program


def set_phase(program: Program, phase: str) -> None:
    Program.objects.filter(pk=program.pk).update(phase=phase)
    program.phase = phase


def make_survey(
    program: Program,
    wave: str = Wave.BASELINE,
    *,
    is_open: bool = True,
    phase: str | None = None,
    legitimacy: bool = False,
) -> Survey:
    """A survey created through the service (switching the program's phase if asked), opened if asked."""
    if phase is not None:
        set_phase(program, phase)
    elif program.phase == Phase.INTAKE:
        set_phase(program, Phase.COUNCIL)
    survey, _ = services.survey_create(actor=program.conciliator, program=program, wave=wave, legitimacy=legitimacy)
    if is_open:
        services.survey_set_open(actor=program.conciliator, survey=survey, is_open=True)
    return survey


def answer(
    survey: Survey, role: str = "resident", value: int = 4, comment: str = "", language: str = "en", **values: int
):
    """One response with every item answered `value` (override single items by keyword)."""
    items = {item.code: values.get(item.code, value) for item in survey_instrument(survey).items}
    response, _ = services.response_submit(
        survey=survey,
        client_token=uuid.uuid4(),
        language=language,
        role=role,
        answers=items,
        comment=comment,
    )
    return response


@pytest.fixture
def baseline(program):
    return make_survey(program, Wave.BASELINE)
