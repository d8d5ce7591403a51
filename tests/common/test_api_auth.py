"""The API's refusals are the ones docs/roles.md and /api/openapi.json promise, as a real client meets them
(Django's test client skips the CSRF check unless told to enforce it, so these tests enforce it)."""

from __future__ import annotations

import json
import re

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory

from spcp.forum import services as forum_services
from spcp.programs.models import Phase
from tests.permissions.routes import api_routes

SIGN_IN = "Sign in, or check in to the forum, to do this."
SIGN_IN_KO = "로그인하거나 포럼에 체크인한 다음 이용하십시오."
CSRF = "The page's security token is missing or out of date: reload the page and try again."


def _openapi(client: Client) -> dict:
    return client.get("/api/openapi.json").json()


def _staff_writes() -> list[tuple[str, str]]:
    """Every write of the staff API (session auth), from the live OpenAPI document."""
    from config.api import api

    document = api.get_openapi_schema()
    schemes = document["components"]["securitySchemes"]
    return sorted(
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method != "get"
        and any(schemes[name]["in"] == "cookie" for req in operation.get("security", []) for name in req)
    )


def _url(path: str, program_id: int) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(program_id) if m.group(1) == "program_id" else "1", path)


def test_the_staff_writes_are_found():
    writes = _staff_writes()
    assert ("POST", "/api/programs/{program_id}/advance") in writes
    assert ("PUT", "/api/programs/{program_id}/training/sessions/{session_id}/attendance") in writes
    assert len(writes) >= 16 and {m for m, _ in api_routes()} >= {m for m, _ in writes}


@pytest.mark.parametrize(("method", "path"), _staff_writes(), ids=[f"{m} {p}" for m, p in _staff_writes()])
def test_an_anonymous_staff_api_write_is_told_to_sign_in_not_about_csrf(method, path, program):
    client = Client(enforce_csrf_checks=True)
    response = client.generic(method, _url(path, program.pk), json.dumps({}), content_type="application/json")
    assert response.status_code == 401
    assert response.json() == {"detail": SIGN_IN}


def test_the_sign_in_refusal_speaks_the_callers_language(program):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/api/programs/{program.pk}/advance", headers={"Accept-Language": "ko"})
    assert response.status_code == 401 and response.json()["detail"] == SIGN_IN_KO


def test_a_signed_in_write_without_the_csrf_token_is_refused_with_the_reason(program):
    client = Client(enforce_csrf_checks=True)
    client.force_login(program.conciliator)
    response = client.post(f"/api/programs/{program.pk}/advance")
    assert response.status_code == 403 and response.json() == {"detail": CSRF}
    assert program.__class__.objects.get(pk=program.pk).phase == program.phase


def test_a_signed_in_write_with_the_csrf_token_goes_through(program):
    client = Client(enforce_csrf_checks=True)
    client.force_login(program.conciliator)
    token = get_token(RequestFactory().get("/"))
    client.cookies["csrftoken"] = token
    response = client.post(f"/api/programs/{program.pk}/advance", headers={"X-CSRFToken": token})
    assert response.status_code == 200 and response.json()["phase"] != program.phase


def test_a_signed_in_read_needs_no_csrf_token(program):
    client = Client(enforce_csrf_checks=True)
    client.force_login(program.conciliator)
    assert client.get(f"/api/programs/{program.pk}").json()["id"] == program.pk


def test_the_phone_api_without_a_token_answers_the_documented_401(client, program):
    program.phase = Phase.FORUM
    program.save(update_fields=["phase"])
    forum = forum_services.forum_setup(program=program)
    url = f"/api/forum/{forum.join_code}/me"
    response = client.get(url)
    assert response.status_code == 401 and response.json() == {"detail": SIGN_IN}
    documented = _openapi(client)["paths"]["/api/forum/{code}/me"]["get"]["responses"]
    assert documented["401"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}


def test_every_authenticated_operation_documents_401_and_every_session_write_documents_403(client):
    document = _openapi(client)
    schemes = document["components"]["securitySchemes"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            names = [name for requirement in operation.get("security", []) for name in requirement]
            responses = operation["responses"]
            assert ("401" in responses) == bool(names), f"{method} {path}"
            if method != "get" and any(schemes[n]["in"] == "cookie" for n in names):
                assert "403" in responses, f"{method} {path}"


def test_a_forbidden_and_a_missing_program_get_the_same_404_in_the_callers_language(program, role_users):
    client = Client()
    client.force_login(role_users["other_conciliator"])
    forbidden = client.get(f"/api/programs/{program.pk}", headers={"Accept-Language": "ko"})
    missing = client.get(f"/api/programs/{program.pk + 1000}", headers={"Accept-Language": "ko"})
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json() == {"detail": "찾을 수 없습니다."}
