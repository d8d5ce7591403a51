from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

import pytest
from django.utils import timezone

from spcp.programs.models import Phase, Program
from spcp.training import services
from spcp.training.models import Facilitator, Module, TrainingSession


def set_phase(program: Program, phase: Phase) -> Program:
    Program.objects.filter(pk=program.pk).update(phase=phase)
    program.refresh_from_db()
    return program


@pytest.fixture
def training(program) -> Program:
    """The conftest program, moved into the facilitator-training phase (training.edit enabled)."""
    return set_phase(program, Phase.TRAINING)


@pytest.fixture
def actor(training):
    return training.conciliator


@pytest.fixture
def modules(training) -> list[Module]:
    """The seeded modules, in order."""
    return list(Module.objects.filter(program=training).order_by("order", "id"))


@pytest.fixture
def add_facilitator(training, actor) -> Callable[..., Facilitator]:
    def _add(name: str, **fields) -> Facilitator:
        return services.facilitator_add(actor=actor, program=training, name=name, **fields)

    return _add


@pytest.fixture
def add_session(training, actor) -> Callable[..., TrainingSession]:
    def _add(modules: Sequence[Module], attendees: Sequence[Facilitator] = (), **fields) -> TrainingSession:
        fields.setdefault("starts_at", timezone.now() - datetime.timedelta(days=1))
        fields.setdefault("duration_minutes", 180)
        session = services.session_create(actor=actor, program=training, modules=modules, **fields)
        if attendees:
            services.attendance_record(actor=actor, session=session, facilitators=attendees)
        return session

    return _add
