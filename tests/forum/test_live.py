"""The forum's websocket through the real ASGI consumer and channel layer."""

from __future__ import annotations

import json
import uuid

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from django.contrib.auth.models import AnonymousUser

from spcp.forum import hub, selectors, services
from spcp.forum.routing import websocket_urlpatterns

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

app = URLRouter(websocket_urlpatterns)


class Socket(ApplicationCommunicator):
    """A websocket client speaking ASGI to the consumer (channels.testing would need daphne installed)."""

    def __init__(self, path: str, user) -> None:
        scope = {
            "type": "websocket",
            "path": path,
            "headers": [],
            "query_string": b"",
            "subprotocols": [],
            "user": user,
        }
        super().__init__(app, scope)

    async def connect(self, timeout: float = 3) -> tuple[bool, int | None]:
        await self.send_input({"type": "websocket.connect"})
        response = await self.receive_output(timeout)
        return response["type"] == "websocket.accept", response.get("code")

    async def send_to(self, text_data: str) -> None:
        await self.send_input({"type": "websocket.receive", "text": text_data})

    async def receive_from(self, timeout: float = 3) -> str:
        response = await self.receive_output(timeout)
        assert response["type"] == "websocket.send", response
        return response["text"]

    async def disconnect(self) -> None:
        await self.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.wait(1)


async def _socket(code, user=None):
    communicator = Socket(f"/ws/forum/{code}/", user or AnonymousUser())
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def _next(communicator, kind, timeout=3):
    while True:
        message = json.loads(await communicator.receive_from(timeout=timeout))
        if message["type"] == kind:
            return message


def _run(scenario):
    async def wrapped():
        try:
            await scenario()
        finally:
            await hub.hub().close_all()

    async_to_sync(wrapped)()


def test_a_screen_without_a_token_or_staff_session_is_refused(room):
    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_to(text_data=json.dumps({"type": "hello", "seq": 0, "token": "forged"}))
        output = await ws.receive_output(timeout=3)
        assert output == {"type": "websocket.close", "code": 4403}

    _run(scenario)


def test_an_unknown_code_is_accepted_then_closed_with_4404(room):
    async def scenario():
        ws = Socket("/ws/forum/NOPE99/", AnonymousUser())
        connected, _ = await ws.connect()
        assert connected  # closed after accept: before it, a browser sees only an HTTP 403
        assert await ws.receive_output(timeout=3) == {"type": "websocket.close", "code": 4404}

    _run(scenario)


def test_a_phone_gets_the_snapshot_then_each_change_in_sequence(room):
    person = room.join(room.police)
    actor = room.forum.program.conciliator

    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_to(text_data=json.dumps({"type": "hello", "seq": 0, "token": person.token}))
        snapshot = (await _next(ws, "snapshot"))["state"]
        assert snapshot["forum"]["code"] == room.forum.join_code and snapshot["forum"]["segment"] is None
        opening = await database_sync_to_async(room.forum.segments.get)(kind="opening")
        await database_sync_to_async(services.segment_start)(forum=room.forum, segment=opening, actor=actor)
        seen = [(await _next(ws, "event"))["event"] for _ in range(2)]
        assert [e["seq"] for e in seen] == [snapshot["seq"] + 1, snapshot["seq"] + 2]
        assert seen[-1]["coll"] == "forum" and seen[-1]["data"]["segment"] == "opening"
        await ws.send_to(text_data=json.dumps({"type": "ping"}))
        assert (await _next(ws, "pong"))["type"] == "pong"
        await ws.disconnect()

    _run(scenario)


def test_a_reconnecting_screen_gets_only_what_it_missed(room):
    person = room.join(room.police)

    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_to(text_data=json.dumps({"type": "hello", "seq": 0, "token": person.token}))
        seq = (await _next(ws, "snapshot"))["state"]["seq"]
        await ws.disconnect()
        await database_sync_to_async(services.ground_rule_add)(
            forum=room.forum, text="Be brief", language="en", client_token=uuid.uuid4()
        )
        again = await _socket(room.forum.join_code)
        await again.send_to(text_data=json.dumps({"type": "hello", "seq": seq, "token": person.token}))
        missed = (await _next(again, "events"))["events"]
        assert [(e["seq"], e["coll"], e["data"]["text"]) for e in missed] == [(seq + 1, "rules", "Be brief")]
        await again.disconnect()

    _run(scenario)


def test_staff_with_access_may_watch_and_tallies_are_pushed_without_a_message_per_vote(room, role_users):
    actor = room.forum.program.conciliator
    room.fill({s.pk: 2 for s in room.all_sectors})
    table = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    issue = services.statement_add(breakout=table, kind="issue", text="one", language="en")
    services.voting_open(forum=room.forum, actor=actor)

    async def scenario():
        ws = await _socket(room.forum.join_code, user=role_users["conciliator"])
        await ws.send_to(text_data=json.dumps({"type": "hello", "seq": 0}))
        await _next(ws, "snapshot")
        for person in room.people:
            await database_sync_to_async(services.dots_cast)(
                forum=room.forum, participant=person, dots={issue.pk: 1}, revision=1, client_token=uuid.uuid4()
            )
        total = len(room.people)
        tallies = []
        while not tallies or tallies[-1]["dots"].get(str(issue.pk)) != total:
            tallies.append(await _next(ws, "tally", timeout=5))
        assert len(tallies) < total  # batched, not one push per vote
        assert tallies[-1]["voters"] == total
        await ws.disconnect()

    _run(scenario)


def test_an_outsider_session_is_refused(room, role_users):
    async def scenario():
        ws = await _socket(room.forum.join_code, user=role_users["outsider"])
        await ws.send_to(text_data=json.dumps({"type": "hello", "seq": 0}))
        assert (await ws.receive_output(timeout=3))["code"] == 4403

    _run(scenario)


def test_a_phone_votes_over_its_socket_with_the_http_apis_rules(room, role_users):
    actor = room.forum.program.conciliator
    room.fill({s.pk: 2 for s in room.all_sectors})
    table = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    a = services.statement_add(breakout=table, kind="issue", text="one", language="en")
    b = services.statement_add(breakout=table, kind="issue", text="two", language="en")
    services.voting_open(forum=room.forum, actor=actor)
    korean = room.join(room.police, language="ko")

    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_to(text_data=json.dumps({"type": "hello", "seq": 0, "token": korean.token}))
        await _next(ws, "snapshot")
        vote = {"type": "dots", "id": str(uuid.uuid4()), "revision": 5, "dots": {str(a.pk): 2, str(b.pk): 1}}
        await ws.send_to(text_data=json.dumps(vote))
        ack = await _next(ws, "ack")
        assert ack["ok"] and ack["id"] == vote["id"]
        assert ack["result"] == {"dots": {str(a.pk): 2, str(b.pk): 1}, "revision": 5, "applied": True, "remaining": 0}
        await ws.send_to(text_data=json.dumps(vote))  # a retry changes nothing
        assert (await _next(ws, "ack"))["result"]["applied"] is False
        too_many = {**vote, "id": str(uuid.uuid4()), "revision": 6, "dots": {str(a.pk): 4}}
        await ws.send_to(text_data=json.dumps(too_many))
        refused = await _next(ws, "ack")
        assert not refused["ok"] and refused["status"] == 422
        assert "dots" not in refused["error"]["errors"]["dots"][0]  # in Korean
        await ws.send_to(text_data=json.dumps({"type": "dots", "id": "x", "revision": "soon", "dots": {}}))
        malformed = await _next(ws, "ack")
        assert malformed["status"] == 422 and set(malformed["error"]["errors"]) >= {"client_token", "revision"}
        await ws.disconnect()

        staff = await _socket(room.forum.join_code, user=role_users["conciliator"])
        await staff.send_to(text_data=json.dumps({"type": "hello", "seq": 0}))
        await _next(staff, "snapshot")
        await staff.send_to(text_data=json.dumps({**vote, "id": str(uuid.uuid4())}))
        assert (await _next(staff, "ack"))["status"] == 403  # staff watch; only phones vote
        await staff.disconnect()

    _run(scenario)
    assert selectors.dot_tally(forum=room.forum) == {a.pk: 2, b.pk: 1}
