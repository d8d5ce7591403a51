"""The forum's websocket: one per screen, receive-only apart from hello and ping.

Protocol (documented in docs/events.md):
  client → {"type": "hello", "seq": <last seq seen or 0>, "token": <participant token, phones only>}
  server → {"type": "snapshot", "state": {...}}  or  {"type": "events", "events": [...]}
  server → {"type": "event", "event": {...}} as changes commit;  {"type": "tally", ...} a few times a second
  client → {"type": "ping"}  server → {"type": "pong"}
A screen that sees a gap in sequence numbers sends hello again with its last seq.

Limits (each closes the socket with its own code, listed in docs/events.md): a socket must say hello within
HELLO_SECONDS (4408); a socket may send MESSAGE_BURST messages at once and MESSAGE_RATE a second after that,
and hello (which costs a ~40 KB snapshot) HELLO_BURST times and once every HELLO_EVERY seconds after that
(4429); a message is at most hub.MAX_MESSAGE_BYTES (1009; uvicorn refuses larger frames before they are
read), and text only (1003). A phone pings every 25 s and has one vote in flight at a time, so it never
comes near these.

Phones may also vote over the socket they hold (cheaper than an HTTP request each), with the same
semantics as the HTTP API (both run forum.commands); the process's writer commits them in batches and each is
answered only once committed (forum.writer):
  client → {"type": "dots", "id": <client token>, "revision": n, "dots": {...}}
  client → {"type": "respond", "id": <uuid>, "solution": <id>, "revision": n, "value": 1 | -1 | 0}
  server → {"type": "ack", "id": ..., "ok": true, "result": {...}}
           {"type": "ack", "id": ..., "ok": false, "status": 403 | 409 | 422, "error": {"detail", "errors"}}
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils import translation

from spcp.common import inputs
from spcp.common.api_errors import validation_payload
from spcp.common.db import database_thread
from spcp.common.live import RAW_SEND
from spcp.forum import commands, selectors
from spcp.forum import hub as hub_module
from spcp.forum import writer as writer_module
from spcp.forum.models import Forum, Participant

DENIED = 4403
UNKNOWN = 4404
SILENT = 4408  # no hello in time
TOO_MANY = 4429
UNSUPPORTED = 1003  # binary frames
TOO_BIG = 1009

HELLO_SECONDS = 10.0
MESSAGE_BURST = 30
MESSAGE_RATE = 3.0  # messages a second, once the burst is spent
HELLO_BURST = 5
HELLO_EVERY = 5.0  # seconds per hello, once the burst is spent
_CODE = re.compile(r"[A-Za-z0-9]{1,12}")  # the shape of a join code: anything else is unknown without a query
_TOKEN_MAX = 100


@dataclass
class Bucket:
    """A token bucket: `capacity` at once, refilled at `rate` a second (clock injectable for tests)."""

    capacity: float
    rate: float
    clock: Callable[[], float] = time.monotonic
    tokens: float = field(init=False)
    stamp: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = self.capacity
        self.stamp = self.clock()

    def take(self) -> bool:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def _dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False)


@database_thread
def _forum(code: str) -> Forum | None:
    return Forum.objects.select_related("program").filter(join_code=code.upper()).first()


@database_thread
def _admit(forum: Forum, user: Any, token: str | None) -> tuple[bool, Participant | None]:
    """Whether this screen may watch the room, and the participant it votes as (phones only)."""
    participant = selectors.participant_for_code(code=forum.join_code, token=token) if token else None
    if participant is not None:
        return True, participant
    staff = bool(user is not None and user.is_authenticated and user.has_perm("forum.view_forum", forum.program))
    return staff, None


def _ack(message_id: object, ok: bool, **fields: Any) -> str:
    return _dumps({"type": "ack", "id": message_id, "ok": ok, **fields})


async def _submit(participant: Participant, message: dict[str, Any]) -> str:
    """Run a vote sent over the socket through the same code as the HTTP API; answer once it has committed."""
    command = commands.parse(participant, message)
    if isinstance(command, commands.Outcome):
        outcome = command
    else:
        outcome = await writer_module.writer().submit(command)
    if outcome.ok:
        return _ack(message.get("id"), True, result=outcome.result)
    return _ack(message.get("id"), False, status=outcome.status, error=outcome.error)


@database_thread
def _refuse(participant: Participant, message_id: object, errors: list[dict[str, Any]]) -> str:
    with translation.override(participant.language):
        return _ack(
            message_id if isinstance(message_id, str | int) and not inputs.json_errors(message_id) else None,
            False,
            status=422,
            error=validation_payload(errors),
        )


@database_thread
def _catch_up(forum: Forum, seq: int) -> tuple[int, list[Any] | None]:
    current = Forum.objects.values_list("seq", flat=True).get(pk=forum.pk)
    return current, selectors.events_since(forum=forum, seq=seq)


@database_thread
def _snapshot(forum: Forum) -> tuple[int, str]:
    state = selectors.snapshot_get(forum=forum)
    return state["seq"], _dumps({"type": "snapshot", "state": state})


class ForumConsumer(AsyncWebsocketConsumer):
    forum: Forum | None = None
    room: hub_module.Room | None = None
    participant: Participant | None = None
    clock: Callable[[], float] = staticmethod(time.monotonic)
    hello_seconds = HELLO_SECONDS

    async def connect(self) -> None:
        self.ready = False
        self.closed = False
        self.greeted = False
        self.pending: list[str] = []
        self.messages = Bucket(MESSAGE_BURST, MESSAGE_RATE, self.clock)
        self.hellos = Bucket(HELLO_BURST, 1 / HELLO_EVERY, self.clock)
        self.silence: asyncio.Task[None] | None = None
        code = self.scope["url_route"]["kwargs"]["code"]
        self.forum = await _forum(code) if _CODE.fullmatch(code) else None
        # Accept first, then close with a code: a refusal before accept reaches the browser as HTTP 403,
        # which it cannot tell from any other failure (docs/events.md promises 4404).
        await self.accept()
        if self.forum is None:
            await self.shut(UNKNOWN)
            return
        self.silence = asyncio.create_task(self._close_if_silent())

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes the database thread's connections before every message (a hop to that thread, and
        # with CONN_MAX_AGE 0 a new connection for the next query): this consumer's database work runs through
        # common.db, which keeps the thread's connection and checks it instead.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def _close_if_silent(self) -> None:
        # Counted to the hello's arrival, not to its answer: in a reconnect storm admitting every socket can take
        # longer than the deadline, and a socket that did say hello must not be closed for it.
        await asyncio.sleep(self.hello_seconds)
        if not self.greeted:
            await self.shut(SILENT)

    async def shut(self, code: int) -> None:
        """Close once with `code`, and ignore whatever the client still sends before it notices."""
        if not self.closed:
            self.closed = True
            await self.close(code=code)

    async def disconnect(self, code: int) -> None:
        self.closed = True
        if self.silence is not None and self.silence is not asyncio.current_task():
            self.silence.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.silence
        if self.room is not None and self.forum is not None:
            await hub_module.hub().leave(self.forum.pk, self)
            self.room = None

    async def write(self, frame: dict[str, Any]) -> None:
        """Called by the room for every live message (a `websocket.send` shared by all its sockets), straight to
        the server's send; held back until this screen has its snapshot."""
        if self.ready:
            await self.scope.get(RAW_SEND, self.base_send)(frame)
        else:
            self.pending.append(frame["text"])

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.closed:
            return
        if text_data is None:
            await self.shut(UNSUPPORTED)
            return
        if len(text_data) > hub_module.MAX_MESSAGE_BYTES or len(text_data.encode()) > hub_module.MAX_MESSAGE_BYTES:
            await self.shut(TOO_BIG)
            return
        if not self.messages.take():
            await self.shut(TOO_MANY)
            return
        try:
            message = json.loads(text_data or "{}")
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        kind = message.get("type")
        if kind == "ping":
            await self.send(text_data='{"type":"pong"}')
        elif kind == "hello":
            if not self.hellos.take():
                await self.shut(TOO_MANY)
                return
            self.greeted = True
            await self.hello(message)
        elif kind in ("dots", "respond"):
            if self.participant is None:
                await self.send(
                    text_data=_ack(message.get("id"), False, status=403, error={"detail": "", "errors": {}})
                )
            elif errors := inputs.json_errors(message):
                # The same refusal as a JSON body's (common.api.InputParser), before anything reads the numbers.
                await self.send(text_data=await _refuse(self.participant, message.get("id"), errors))
            else:
                await self.send(text_data=await _submit(self.participant, message))

    async def hello(self, message: dict[str, Any]) -> None:
        assert self.forum is not None
        if self.room is None:
            token = message.get("token")
            valid = isinstance(token, str) and len(token) <= _TOKEN_MAX and inputs.forbidden_character(token) is None
            allowed, self.participant = await _admit(
                self.forum, self.scope.get("user"), token if valid and isinstance(token, str) else None
            )
            if not allowed:
                await self.shut(DENIED)
                return
            self.room = await hub_module.hub().join(self.forum.pk, self)
        self.ready = False
        seq = message.get("seq")
        # Anything but a sequence number the database can hold starts afresh, with a snapshot.
        seq = seq if isinstance(seq, int) and not isinstance(seq, bool) and 0 <= seq <= inputs.INT64_MAX else 0
        current, found = await _catch_up(self.forum, seq) if seq else (0, None)
        if found is not None:
            await self.send(text_data=_dumps({"type": "events", "events": found}))
        else:
            forum = self.forum
            text = await self.room.snapshot(
                current if seq else await database_thread(_current_seq)(forum.pk), lambda: _snapshot(forum)
            )
            await self.send(text_data=text)
        tally = await self.room.tally_for(phone=self.participant is not None)
        if tally:
            await self.send(text_data=tally)
        self.ready = True
        pending, self.pending = self.pending, []
        for text in pending:
            await self.send(text_data=text)


def _current_seq(forum_id: int) -> int:
    return Forum.objects.values_list("seq", flat=True).get(pk=forum_id)
