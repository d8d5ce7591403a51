"""The forum websocket's limits, through the real ASGI consumer: silent sockets, floods, repeated hellos,
oversized frames and numbers past 64 bits."""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser

from spcp import cli
from spcp.forum import consumers, hub, services
from tests.forum.test_live import Socket, _next, _run, _socket

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def frozen(monkeypatch):
    """A clock that moves only when the test says, so the buckets refill only when the test says."""
    now = [1000.0]
    monkeypatch.setattr(consumers.ForumConsumer, "clock", staticmethod(lambda: now[0]))
    return now


async def _close_code(ws, timeout=5):
    while True:
        output = await ws.receive_output(timeout=timeout)
        if output["type"] == "websocket.close":
            return output["code"]
        assert output["type"] == "websocket.send", output


def test_a_socket_that_never_says_hello_is_closed_with_4408(room, monkeypatch):
    monkeypatch.setattr(consumers.ForumConsumer, "hello_seconds", 0.05)

    async def scenario():
        ws = await _socket(room.forum.join_code)
        assert await _close_code(ws) == consumers.SILENT == 4408

    _run(scenario)


def test_a_socket_that_said_hello_is_not_closed_for_silence(room, monkeypatch):
    monkeypatch.setattr(consumers.ForumConsumer, "hello_seconds", 0.05)
    person = room.join(room.police)

    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_to(json.dumps({"type": "hello", "seq": 0, "token": person.token}))
        await _next(ws, "snapshot")
        for _ in range(5):  # well past the deadline on any machine: each round trip goes through the database
            await ws.send_to(json.dumps({"type": "hello", "seq": 0, "token": person.token}))
            await _next(ws, "snapshot")
            await ws.send_to(json.dumps({"type": "ping"}))
            await _next(ws, "pong")
        await ws.disconnect()

    monkeypatch.setattr(consumers, "HELLO_BURST", 100)
    _run(scenario)


def test_a_hello_that_arrived_in_time_is_answered_even_when_admitting_it_takes_longer(room, monkeypatch):
    # A reconnect storm: every socket says hello at once and admission queues behind the database.
    monkeypatch.setattr(consumers.ForumConsumer, "hello_seconds", 0.05)
    person = room.join(room.police)
    admit = consumers._admit

    async def slow_admit(forum, user, token):
        await asyncio.sleep(0.5)  # ten deadlines: the deadline timer fires while this hello is being admitted
        return await admit(forum, user, token)

    monkeypatch.setattr(consumers, "_admit", slow_admit)

    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_to(json.dumps({"type": "hello", "seq": 0, "token": person.token}))
        output = await ws.receive_output(timeout=10)
        assert output["type"] == "websocket.send" and json.loads(output["text"])["type"] == "snapshot"
        await ws.disconnect()

    _run(scenario)


def test_repeated_hellos_get_a_few_snapshots_then_the_socket_is_closed_with_4429(room, frozen):
    person = room.join(room.police)

    async def scenario():
        ws = await _socket(room.forum.join_code)
        hello = json.dumps({"type": "hello", "seq": 0, "token": person.token})
        for _ in range(consumers.HELLO_BURST):
            await ws.send_to(hello)
            await _next(ws, "snapshot")
        await ws.send_to(hello)
        assert await _close_code(ws) == consumers.TOO_MANY == 4429

    _run(scenario)


def test_a_hello_is_allowed_again_once_time_has_passed(room, frozen):
    person = room.join(room.police)

    async def scenario():
        ws = await _socket(room.forum.join_code)
        hello = json.dumps({"type": "hello", "seq": 0, "token": person.token})
        for _ in range(consumers.HELLO_BURST):
            await ws.send_to(hello)
            await _next(ws, "snapshot")
        frozen[0] += consumers.HELLO_EVERY
        await ws.send_to(hello)
        assert (await _next(ws, "snapshot"))["state"]["forum"]["code"] == room.forum.join_code
        await ws.disconnect()

    _run(scenario)


def test_a_flood_of_pings_is_cut_off_with_4429(room, frozen):
    async def scenario():
        ws = await _socket(room.forum.join_code)
        for _ in range(consumers.MESSAGE_BURST):
            await ws.send_to('{"type":"ping"}')
            await _next(ws, "pong")
        await ws.send_to('{"type":"ping"}')
        assert await _close_code(ws) == 4429

    _run(scenario)


def test_a_frame_larger_than_the_protocol_needs_is_closed_with_1009(room):
    async def scenario():
        ws = await _socket(room.forum.join_code)
        big = json.dumps({"type": "ping", "pad": "x" * hub.MAX_MESSAGE_BYTES})
        await ws.send_to(big)
        assert await _close_code(ws) == consumers.TOO_BIG == 1009

    _run(scenario)


def test_a_binary_frame_is_closed_with_1003(room):
    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_input({"type": "websocket.receive", "bytes": b'{"type":"ping"}'})
        assert await _close_code(ws) == 1003

    _run(scenario)


def test_a_malformed_code_is_closed_with_4404_without_a_query(room, django_assert_num_queries):
    async def scenario():
        ws = Socket("/ws/forum/AB%00CD/", AnonymousUser())
        connected, _ = await ws.connect()
        assert connected
        assert await _close_code(ws) == 4404

    with django_assert_num_queries(0):
        _run(scenario)


def test_numbers_past_64_bits_are_refused_in_an_ack_and_the_socket_stays_open(room):
    actor = room.forum.program.conciliator
    room.fill({s.pk: 1 for s in room.all_sectors})
    table = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    issue = services.statement_add(breakout=table, kind="issue", text="one", language="en")
    services.voting_open(forum=room.forum, actor=actor)
    person = room.join(room.police, language="ko")

    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_to(json.dumps({"type": "hello", "seq": 2**64, "token": person.token}))
        await _next(ws, "snapshot")  # a sequence number no database holds starts afresh
        vote = {"type": "dots", "id": str(uuid.uuid4()), "revision": 2**63, "dots": {str(issue.pk): 1}}
        await ws.send_to(json.dumps(vote))
        ack = await _next(ws, "ack")
        assert ack["id"] == vote["id"] and not ack["ok"] and ack["status"] == 422
        assert ack["error"]["errors"]["revision"] == ["숫자가 너무 큽니다."]
        answer = {"type": "respond", "id": str(uuid.uuid4()), "solution": 2**70, "revision": 1, "value": 1}
        await ws.send_to(json.dumps(answer))
        assert list((await _next(ws, "ack"))["error"]["errors"]) == ["solution"]
        await ws.send_to('{"type":"ping"}')
        await _next(ws, "pong")  # still open
        await ws.disconnect()

    _run(scenario)


def test_a_token_with_a_nul_byte_is_refused_like_any_unknown_token(room):
    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_to(json.dumps({"type": "hello", "seq": 0, "token": "abc\x00def"}))
        assert await _close_code(ws) == 4403

    _run(scenario)


def test_serve_caps_websocket_frames_at_the_protocols_limit(monkeypatch):
    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    cli.serve("127.0.0.1", 8000, 1)
    assert calls[0]["ws_max_size"] == hub.MAX_MESSAGE_BYTES
