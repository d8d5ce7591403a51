"""The live room's Prometheus metrics, counted by a real websocket vote through the consumer and read back
from /metrics as a scraper reads them."""

from __future__ import annotations

import json
import uuid

import pytest
from prometheus_client import REGISTRY

from spcp.forum import services
from tests.forum.test_live import _next, _run, _socket

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def voting(room):
    """An issue open for dot voting, and a phone in the room to vote for it."""
    actor = room.forum.program.conciliator
    room.fill({s.pk: 1 for s in room.all_sectors})
    table = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    issue = services.statement_add(breakout=table, kind="issue", text="one", language="en")
    services.voting_open(forum=room.forum, actor=actor)
    return issue, room.join(room.police)


def test_a_websocket_vote_is_counted_timed_and_shown_to_the_scraper(room, voting, client, settings):
    settings.SPCP_METRICS_TOKEN = "scrape-secret-0123456789"
    issue, phone = voting
    before = {
        "accepted": _value("spcp_forum_votes_total", kind="dots", outcome="accepted"),
        "refused": _value("spcp_forum_votes_total", kind="dots", outcome="refused"),
        "timed": _value("spcp_forum_vote_seconds_count", kind="dots"),
        "tallies": _value("spcp_forum_tally_seconds_count"),
        "sockets": _value("spcp_forum_sockets"),
    }
    during: dict[str, float] = {}

    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_to(text_data=json.dumps({"type": "hello", "seq": 0, "token": phone.token}))
        await _next(ws, "snapshot")
        during["sockets"] = _value("spcp_forum_sockets")
        vote = {"type": "dots", "id": str(uuid.uuid4()), "revision": 1, "dots": {str(issue.pk): 2}}
        await ws.send_to(text_data=json.dumps(vote))
        assert (await _next(ws, "ack"))["ok"]
        too_many = {**vote, "id": str(uuid.uuid4()), "revision": 2, "dots": {str(issue.pk): 99}}
        await ws.send_to(text_data=json.dumps(too_many))
        assert not (await _next(ws, "ack"))["ok"]
        await ws.disconnect()

    _run(scenario)

    assert during["sockets"] == before["sockets"] + 1
    assert _value("spcp_forum_sockets") == before["sockets"]  # the socket left
    assert _value("spcp_forum_votes_total", kind="dots", outcome="accepted") == before["accepted"] + 1
    assert _value("spcp_forum_votes_total", kind="dots", outcome="refused") == before["refused"] + 1
    assert _value("spcp_forum_vote_seconds_count", kind="dots") == before["timed"] + 2
    assert _value("spcp_forum_tally_seconds_count") > before["tallies"]  # the tally sent after the snapshot

    page = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-secret-0123456789")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/plain")
    accepted = before["accepted"] + 1
    assert f'spcp_forum_votes_total{{kind="dots",outcome="accepted"}} {accepted}' in page.content.decode()
    # No label names a room, a forum or a person.
    assert room.forum.join_code not in page.content.decode() and phone.token not in page.content.decode()


def test_a_vote_over_http_is_counted_as_well(room, voting, client):
    issue, phone = voting
    before = _value("spcp_forum_votes_total", kind="dots", outcome="accepted")
    response = client.put(
        f"/api/forum/{room.forum.join_code}/dots",
        data=json.dumps({"client_token": str(uuid.uuid4()), "revision": 1, "dots": {str(issue.pk): 1}}),
        content_type="application/json",
        HTTP_X_PARTICIPANT_TOKEN=phone.token,
    )
    assert response.status_code == 200, response.content
    assert _value("spcp_forum_votes_total", kind="dots", outcome="accepted") == before + 1
