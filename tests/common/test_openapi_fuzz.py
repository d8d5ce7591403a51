"""Schemathesis over the published OpenAPI schema (/api/openapi.json): anonymous, as a phone and as staff, with
valid and invalid input, and never a server error. Seeded (derandomized) and bounded, so a run is the same
every time and takes seconds; the integrator runs it on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from spcp.forum import services as forum_services
from spcp.forum.models import Forum
from spcp.planning.models import Sector, Side
from spcp.programs.models import Phase as ProgramPhase

pytestmark = pytest.mark.django_db

EXAMPLES = 3  # per operation, role and mode
CSRF = "wsinputsfuzzcsrfsecret0123456789"  # a 32-character secret: Django accepts it unmasked, cookie and header


@pytest.fixture
def api_schema(db):
    """The schema as published, served by the WSGI app that then answers each case, in the test's transaction
    (as Django's test client does, the request signals must not close the test's connection)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def setting(program, role_users, client):
    """A program on its forum day with one phone joined, and a signed-in conciliator."""
    program.phase = ProgramPhase.FORUM
    program.save(update_fields=["phase"])
    forum = Forum.objects.get(program=program)
    police = Sector.objects.get(program=program, kind=Side.LAW_ENFORCEMENT)
    (ticket,) = forum_services.tickets_issue(forum=forum, sector=police, count=1, actor=None)
    phone = forum_services.participant_join(
        forum=forum, join_token=uuid.uuid4(), ticket=ticket, language="en", display_name=""
    ).participant
    client.force_login(role_users["conciliator"])
    return {"program": program, "forum": forum, "phone": phone, "session": client.cookies["sessionid"].value}


def _roles(setting: dict[str, Any]) -> dict[str, dict[str, Any]]:
    known = {"program_id": setting["program"].pk, "code": setting["forum"].join_code}
    return {
        "anonymous": {"headers": {}, "cookies": {}, "known": {}},
        "phone": {"headers": {"X-Participant-Token": setting["phone"].token}, "cookies": {}, "known": known},
        "staff": {
            "headers": {"X-CSRFToken": CSRF},
            "cookies": {"sessionid": setting["session"], "csrftoken": CSRF},
            "known": known,
        },
    }


def _fuzz(operation: Any, mode: GenerationMode, who: dict[str, Any], failures: list[str]) -> None:
    """Call one operation with EXAMPLES generated cases; collect each server error."""

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        # Half the time aim at the real program and forum, so the input reaches the services.
        for name, value in who["known"].items():
            if name in (case.path_parameters or {}) and hash(repr(case.body)) % 2 == 0:
                case.path_parameters[name] = value
        response = case.call(headers=who["headers"], cookies=who["cookies"])
        try:
            case.validate_response(response, checks=[not_a_server_error])
        except Exception as exc:  # noqa: BLE001 - collected, reported together by the test
            failures.append(f"{case.method} {case.formatted_path} {mode.value}: {exc}")

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid (an operation without parameters or body)
        assert mode is GenerationMode.NEGATIVE


@pytest.mark.parametrize("role", ["anonymous", "phone", "staff"])
def test_no_operation_answers_a_server_error(api_schema, setting, role):
    who = _roles(setting)[role]
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 40  # the whole published API, not a slice of it
    failures: list[str] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, who, failures)
    assert failures == []
