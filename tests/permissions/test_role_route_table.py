"""Every route × every role, against the tables in docs/roles/*.md.

A route the app serves but the tables do not list fails here, and so does a row for a route that no longer
exists: the permission table is the documentation, and this keeps it true.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.permissions.routes import ROLE_COLUMNS, api_routes, load_table, page_routes

TABLE = load_table()
FIXTURE_FOR_COLUMN = {
    "anonymous": None,
    "admin": "admin",
    "regional director": "regional_director",
    "conciliator": "conciliator",
    "other region": "other_conciliator",
    "planning member": "planning_member",
    "facilitator": "facilitator",
    "council member": "council_member",
    "outsider": "outsider",
}


def test_every_route_is_in_the_table(db):
    listed = {route for (_, route) in TABLE}
    missing_pages = sorted(page_routes() - listed)
    missing_api = sorted(f"{m} {r}" for (m, r) in api_routes() if (m, r) not in TABLE)
    assert not missing_pages and not missing_api, (
        f"Routes missing from docs/roles/*.md — pages: {missing_pages}; API: {missing_api}"
    )


def test_every_table_row_is_a_real_route(db):
    real = page_routes() | {r for (_, r) in api_routes()}
    stale = sorted(f"{m} {r}" for (m, r) in TABLE if r not in real)
    assert not stale, f"docs/roles/*.md lists routes that do not exist: {stale}"


def _object_kwargs(program, role_users) -> dict[str, object]:
    kwargs: dict[str, object] = {"program_id": program.pk}
    for module_path in sorted(Path(__file__).parent.glob("objects_*.py")):
        module = importlib.import_module(f"tests.permissions.{module_path.stem}")
        kwargs.update(module.make(program, role_users))
    return kwargs


def _outcome(response) -> str:
    code = response.status_code
    if code in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        return "login" if "/login/" in location else "ok"
    if code == 401:
        return "login"
    if code in (403, 404):
        return str(code)
    if 200 <= code < 300 or code in (400, 409, 422):
        return "ok"
    return f"unexpected {code}"


@pytest.mark.parametrize(("method", "route"), sorted(TABLE), ids=[f"{m} {r}" for m, r in sorted(TABLE)])
def test_route_allows_and_refuses_each_role_as_documented(method, route, client, program, other_program, role_users):
    row = TABLE[(method, route)]
    kwargs = _object_kwargs(program, role_users)
    missing = [name for name in re.findall(r"{(\w+)}", route) if name not in kwargs]
    assert not missing, f"no object provided for {missing}: add it to a tests/permissions/objects_*.py"
    path = re.sub(r"{(\w+)}", lambda m: str(kwargs[m.group(1)]), route)
    is_api = route.startswith("/api/") or route in ("/healthz", "/readyz", "/metrics")
    # the QR code's short link and the members' calendar feeds carry no language
    unprefixed = is_api or route.startswith(("/j/", "/calendar/"))
    url = path if unprefixed else f"/en{path}"

    mismatches = []
    for column in ROLE_COLUMNS:
        client.logout()
        key = FIXTURE_FOR_COLUMN[column]
        if key is not None:
            client.force_login(role_users[key])
        if is_api and method != "GET":
            # An anonymous caller sends no CSRF token: enforce the check the test client skips, as docs/roles.md
            # promises 401 (not the CSRF 403) to a real client that is not signed in.
            caller = Client(enforce_csrf_checks=True) if key is None else client
            response = caller.generic(method, url, data=json.dumps({}), content_type="application/json")
        else:
            response = client.generic(method, url)
        got = _outcome(response)
        if got != row.expected[column]:
            mismatches.append(f"{column}: expected {row.expected[column]}, got {got} ({response.status_code})")
    assert not mismatches, f"{method} {url} ({row.source}):\n" + "\n".join(mismatches)
