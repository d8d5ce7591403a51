"""The council after the hand-over, route by route, against the second table in docs/roles/council.md.

The walker's own program is in intake (every council change answers 409 there); this one is in the SPCP council
phase and handed over, so the officers' rights and the staff's read-only access are walked for real.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from spcp.council import services
from spcp.council.models import AgendaItem, CouncilRole, Handover, Meeting
from spcp.programs.models import Phase, Program
from tests import factories
from tests.council.conftest import make_item, make_member, make_plan, make_step
from tests.permissions.routes import OUTCOMES, ROOT

COLUMNS = ["admin", "conciliator", "other region", "council officer", "council member", "planning member"]
FIXTURE = {
    "admin": "admin",
    "conciliator": "conciliator",
    "other region": "other_conciliator",
    "council member": "council_member",
    "planning member": "planning_member",
}


def _rows() -> list[tuple[str, str, dict[str, str]]]:
    rows = []
    for line in (ROOT / "docs" / "roles" / "council.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[:3] == ["council", "method", "route"]:
            assert cells[3:] == COLUMNS, f"the hand-over table's columns changed: {cells[3:]}"
        if cells[0] != "handed over":
            continue
        assert len(cells) == 3 + len(COLUMNS), f"wrong number of columns in {line!r}"
        expected = dict(zip(COLUMNS, cells[3:], strict=True))
        assert set(expected.values()) <= OUTCOMES, line
        rows.append((cells[1], cells[2], expected))
    return rows


ROWS = _rows()


def test_the_handed_over_table_lists_every_council_page_route():
    from tests.permissions.routes import load_table

    council_pages = {r for (_m, r) in load_table() if r.startswith("/programs/{program_id}/council/")}
    listed = {r for (_m, r, _e) in ROWS}
    assert council_pages - listed == set(), "add these council routes to the hand-over table"


@pytest.fixture
def handed_over(program, role_users):
    Program.objects.filter(pk=program.pk).update(phase=Phase.COUNCIL)
    program.refresh_from_db()
    secretary = factories.member(program, "council_member", username="secretary")
    make_member(program, name="Sam Secretary", role=CouncilRole.SECRETARY, user=secretary)
    ordinary = make_member(program, name="Walker Councillor", user=role_users["council_member"])
    services.council_hand_over(actor=role_users["conciliator"], program=program)
    start = timezone.now() - timedelta(days=2)
    meeting = Meeting.objects.create(
        program=program, title="Walker meeting", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    agenda_item = AgendaItem.objects.create(meeting=meeting, title="Walker agenda item", reason="other")
    step = make_step(make_item(make_plan(program)))
    return {
        "users": {**role_users, "council_officer": secretary},
        "kwargs": {
            "program_id": program.pk,
            "council_member_id": ordinary.pk,
            "council_meeting_id": meeting.pk,
            "council_agenda_item_id": agenda_item.pk,
            "plan_step_id": step.pk,
        },
    }


def _outcome(response) -> str:
    code = response.status_code
    if code in (301, 302, 303):
        return "login" if "/login/" in response.headers.get("Location", "") else "ok"
    if code in (403, 404):
        return str(code)
    return "ok" if 200 <= code < 300 or code in (400, 409, 422) else f"unexpected {code}"


@pytest.mark.parametrize(("method", "route", "expected"), ROWS, ids=[f"{m} {r}" for m, r, _e in ROWS])
def test_handed_over_council_allows_and_refuses_each_role_as_documented(client, handed_over, method, route, expected):
    path = "/en" + re.sub(r"{(\w+)}", lambda m: str(handed_over["kwargs"][m.group(1)]), route)
    mismatches = []
    for column in COLUMNS:
        client.force_login(handed_over["users"][FIXTURE.get(column, column.replace(" ", "_"))])
        got = _outcome(client.generic(method, path))
        if got != expected[column]:
            mismatches.append(f"{column}: expected {expected[column]}, got {got}")
    assert not mismatches, f"{method} {path}:\n" + "\n".join(mismatches)
    # Walking the table never takes the council back or hands it over twice.
    assert Handover.objects.filter(program_id=handed_over["kwargs"]["program_id"]).count() == 1
