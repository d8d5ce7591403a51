from __future__ import annotations

import json
import uuid

import pytest

from spcp.forum import services
from spcp.forum.models import Participant

pytestmark = pytest.mark.django_db


def _json(client, method, url, body=None, token=None, **headers):
    if token:
        headers["HTTP_X_PARTICIPANT_TOKEN"] = token
    return getattr(client, method)(
        url, data=json.dumps(body) if body is not None else None, content_type="application/json", **headers
    )


def _join(client, room, sector=None, language="en", join_token=None):
    """Join the way a phone does: with the one-time ticket the check-in desk handed out for the sector."""
    (ticket,) = services.tickets_issue(forum=room.forum, sector=sector or room.police, count=1, actor=None)
    body = {"join_token": str(join_token or uuid.uuid4()), "ticket": ticket.display_code, "language": language}
    return _json(client, "post", f"/api/forum/{room.forum.join_code}/join", body)


def test_a_phone_joins_without_an_account_and_a_retry_is_the_same_participant(client, room):
    token = uuid.uuid4()
    (ticket,) = services.tickets_issue(forum=room.forum, sector=room.police, count=1, actor=None)
    body = {"join_token": str(token), "ticket": ticket.code.lower(), "language": "en"}
    first = _json(client, "post", f"/api/forum/{room.forum.join_code}/join", body)
    again = _json(client, "post", f"/api/forum/{room.forum.join_code}/join", body)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["token"] == again.json()["token"]
    assert Participant.objects.count() == 1


def test_the_join_code_is_case_insensitive_and_an_unknown_code_is_404(client, room):
    assert client.get(f"/api/forum/{room.forum.join_code.lower()}").json()["code"] == room.forum.join_code
    assert client.get("/api/forum/NOPE99").status_code == 404


def test_join_errors_come_back_field_by_field_in_the_chosen_language(client, room, other_program):
    from spcp.planning.models import Sector

    foreign = Sector.objects.filter(program=other_program).first()
    room.forum.open_room = True
    room.forum.save(update_fields=["open_room"])
    body = {"join_token": str(uuid.uuid4()), "sector_id": foreign.pk, "language": "ko"}
    response = _json(client, "post", f"/api/forum/{room.forum.join_code}/join", body)
    assert response.status_code == 422
    message = response.json()["errors"]["sector_id"][0]
    assert message != "Choose your sector from the list." and message  # Korean


def test_a_malformed_body_is_a_422_listing_the_fields(client, room):
    response = _json(client, "post", f"/api/forum/{room.forum.join_code}/join", {"language": "xx"})
    assert response.status_code == 422
    assert {"join_token", "language"} <= set(response.json()["errors"])


def test_the_phone_api_needs_the_participants_token(client, room):
    code = room.forum.join_code
    assert client.get(f"/api/forum/{code}/me").status_code == 401
    assert _json(client, "get", f"/api/forum/{code}/me", token="forged").status_code == 403


def test_a_token_from_another_forum_is_refused(client, room, other_program):
    other = services.forum_setup(program=other_program)
    token = _join(client, room).json()["token"]
    assert _json(client, "get", f"/api/forum/{other.join_code}/me", token=token).status_code == 403


def _voting(room):
    actor = room.forum.program.conciliator
    room.fill({s.pk: 2 for s in room.all_sectors})
    table = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    issues = [
        services.statement_add(breakout=table, kind="issue", text=t, language="en") for t in ("one", "two", "three")
    ]
    services.voting_open(forum=room.forum, actor=actor)
    return issues


def test_dots_over_http_retry_is_idempotent_and_overspending_is_explained_in_korean(client, room):
    a, b, c = _voting(room)
    joined = _join(client, room, language="ko").json()
    token, code = joined["token"], room.forum.join_code
    body = {"client_token": str(uuid.uuid4()), "revision": 100, "dots": {str(a.pk): 2, str(b.pk): 1}}
    first = _json(client, "put", f"/api/forum/{code}/dots", body, token=token)
    retry = _json(client, "put", f"/api/forum/{code}/dots", body, token=token)
    assert first.json() == {"dots": {str(a.pk): 2, str(b.pk): 1}, "revision": 100, "applied": True, "remaining": 0}
    assert retry.json()["applied"] is False and retry.json()["dots"] == first.json()["dots"]
    too_many = {"client_token": str(uuid.uuid4()), "revision": 101, "dots": {str(a.pk): 3, str(c.pk): 1}}
    refused = _json(client, "put", f"/api/forum/{code}/dots", too_many, token=token)
    assert refused.status_code == 422
    assert "3" in refused.json()["errors"]["dots"][0] and "dots" not in refused.json()["errors"]["dots"][0]
    me = _json(client, "get", f"/api/forum/{code}/me", token=token).json()
    assert me["dots"] == {str(a.pk): 2, str(b.pk): 1} and me["revision"] == 100


def test_voting_closed_is_a_409(client, room):
    a, *_ = _voting(room)
    services.voting_close(forum=room.forum, actor=room.forum.program.conciliator)
    token = _join(client, room).json()["token"]
    body = {"client_token": str(uuid.uuid4()), "revision": 1, "dots": {str(a.pk): 1}}
    assert _json(client, "put", f"/api/forum/{room.forum.join_code}/dots", body, token=token).status_code == 409


def test_polling_fallback_returns_a_snapshot_then_only_later_events(client, room):
    token = _join(client, room).json()["token"]
    code = room.forum.join_code
    first = _json(client, "get", f"/api/forum/{code}/state", token=token).json()
    seq = first["snapshot"]["seq"]
    services.ground_rule_add(forum=room.forum, text="Be brief", language="en", client_token=uuid.uuid4())
    later = _json(client, "get", f"/api/forum/{code}/state?since={seq}", token=token).json()
    assert later["snapshot"] is None
    assert [e["coll"] for e in later["events"]] == ["rules"]
    assert later["events"][0]["seq"] == seq + 1


def test_a_phone_adds_an_issue_at_its_own_table(client, room):
    actor = room.forum.program.conciliator
    joined = _join(client, room, language="es").json()
    services.breakouts_build_first(forum=room.forum, actor=actor)
    body = {"client_token": str(uuid.uuid4()), "kind": "issue", "text": "Falta de confianza", "language": "es"}
    url = f"/api/forum/{room.forum.join_code}/statements"
    first = _json(client, "post", url, body, token=joined["token"])
    again = _json(client, "post", url, body, token=joined["token"])
    assert first.status_code == 200 and first.json() == again.json()


def test_staff_control_api_is_for_program_staff_only(client, room, role_users, login):
    url = f"/api/programs/{room.forum.program_id}/forum"
    assert login(role_users["outsider"]).get(url).status_code == 404
    control = login(role_users["conciliator"]).get(url).json()
    assert control["code"] == room.forum.join_code and len(control["segments"]) == 8
    segment = control["segments"][0]["id"]
    started = client.post(f"{url}/segments/{segment}/start")
    assert started.status_code == 200 and started.json()["current"] == "opening"
    login(role_users["facilitator"])
    assert client.post(f"{url}/segments/{segment}/start").status_code == 404


def test_openapi_lists_every_phone_endpoint(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "join",
        "me",
        "state",
        "rules",
        "statements",
        "dots",
        "solutions",
        "responses/{solution_id}",
        "council",
        "results",
    ):
        assert f"/api/forum/{{code}}/{path}" in paths
