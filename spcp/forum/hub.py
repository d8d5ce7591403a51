"""Per-process fan-out of a forum's live messages to the websockets this process holds.

A Channels group_send to 1,000 sockets costs about 280 ms of CPU on the in-memory layer (one layer message
per socket). Instead each process subscribes to a forum's group once (one channel per process and forum),
and writes each message, serialised once, straight to its own sockets. A reconnect storm therefore never
touches the channel layer: a socket joining or leaving is a set operation here.

The same room runs a ticker that pushes live tallies (dots, responses, head-count) at most every
TICK_SECONDS, and only when they changed: votes are never broadcast one by one. The tally is computed only
after a change: services send `tally.dirty` to the forum's group once per committing transaction (and every
event marks it too), and the support for solutions, the costly part, only when answers, solutions or
participants changed. A room that heard nothing recomputes every SAFETY_SECONDS anyway, in case a layer
message was lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from channels.layers import get_channel_layer

from spcp.common import metrics
from spcp.common.db import database_thread
from spcp.common.live import group_name, per_loop

log = logging.getLogger(__name__)

TICK_SECONDS = 0.3
SAFETY_SECONDS = 10.0
# The largest message a screen may send: a phone's whole dot allocation is well under 2 KB. `spcp serve` gives
# it to uvicorn (ws_max_size), so a larger frame is refused before it is read, and the consumer checks again.
MAX_MESSAGE_BYTES = 8 * 1024
IDLE_SECONDS = 30.0  # keep an empty room subscribed a while, so a reconnect storm does not resubscribe


class Socket(Protocol):
    async def write(self, frame: dict[str, Any]) -> None: ...


def _is_phone(socket: Socket) -> bool:
    """A participant's phone (the consumer holds its participant), not a staff screen or the projector."""
    return getattr(socket, "participant", None) is not None


TallyReader = Callable[[int, dict[str, Any] | None], dict[str, Any] | None]


def _tally_json(data: dict[str, Any] | None) -> str | None:
    return None if data is None else json.dumps({"type": "tally", **data}, separators=(",", ":"), ensure_ascii=False)


def _for_phones(data: dict[str, Any]) -> dict[str, Any]:
    from spcp.forum.selectors import for_phones  # imported late, as in _read_tally

    return for_phones(data) or data


def _read_tally(forum_id: int, previous: dict[str, Any] | None) -> dict[str, Any] | None:
    from spcp.forum.selectors import live_tally  # imported late: the hub module must load without Django apps

    return live_tally(forum_id=forum_id, previous=previous)


class Room:
    """One forum's sockets in this process, its layer subscription and its tally ticker."""

    def __init__(self, forum_id: int, tally_reader: TallyReader = _read_tally) -> None:
        self.forum_id = forum_id
        self.sockets: set[Socket] = set()
        self.last_tally: str | None = None
        self.last_phone_tally: str | None = None  # the same without the totals staff keep off the phones
        self.computations = 0  # tallies computed (one per change at most, checked by the tests)
        self.dirty = True
        self.responses_dirty = True
        self._last_data: dict[str, Any] | None = None
        self._computed_at = 0.0
        self._tally_lock = asyncio.Lock()
        self._read = database_thread(metrics.timed_tally(tally_reader))
        self._tasks: list[asyncio.Task[None]] = []
        self._channel: str | None = None
        self._idle_handle: asyncio.TimerHandle | None = None
        self._snapshot_lock = asyncio.Lock()
        self._snapshot: tuple[int, str] | None = None
        self._text: str | None = None
        self._phone_text: str | None = None

    @property
    def group(self) -> str:
        return group_name("forum", self.forum_id)

    async def start(self) -> None:
        layer = get_channel_layer()
        if layer is not None:
            self._channel = await layer.new_channel()
            await layer.group_add(self.group, self._channel)
            self._tasks.append(asyncio.create_task(self._listen(layer, self._channel)))
        self._tasks.append(asyncio.create_task(self._tick()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        layer = get_channel_layer()
        if layer is not None and self._channel is not None:
            with contextlib.suppress(Exception):
                await layer.group_discard(self.group, self._channel)

    async def broadcast(self, text: str, phone_text: str | None = None) -> None:
        """Write one pre-serialised message to every socket here (a failing socket never stops the rest);
        phones get `phone_text` instead when it is given.

        The ASGI message is built once and handed to each socket's server `send` as it is (servers only read it).
        """
        frame = {"type": "websocket.send", "text": text}
        phone_frame = frame if phone_text is None else {"type": "websocket.send", "text": phone_text}
        for socket in list(self.sockets):
            try:
                await socket.write(phone_frame if _is_phone(socket) else frame)
            except Exception:  # a socket closing mid-send; its disconnect handler removes it
                log.debug("push to a closing socket failed", exc_info=True)

    async def _listen(self, layer: Any, channel: str) -> None:
        while True:
            try:
                message = await layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # e.g. Redis restarting: screens catch up by sequence number when it is back
                log.exception("forum %s: channel layer receive failed", self.forum_id)
                metrics.layer_error("receive")
                await asyncio.sleep(1)
                continue
            if message.get("type") == "tally.dirty":
                self.mark_dirty(responses=bool(message.get("responses")))
                continue
            text = message.get("text")
            if isinstance(text, str):
                self.mark_dirty(responses=True)  # an event: voting opened, a solution added, a ballot voided…
                await self.broadcast(text)

    def mark_dirty(self, *, responses: bool = False) -> None:
        """Something behind the tally changed: recompute at the next tick (`responses`: the support too)."""
        self.dirty = True
        self.responses_dirty = self.responses_dirty or responses

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(TICK_SECONDS)
            if not self.sockets:
                continue
            try:
                await self.push_tally()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("forum %s: tally failed", self.forum_id)

    async def tally_text(self) -> str | None:
        """The tally message as it stands: computed again only if something changed since the last one."""
        async with self._tally_lock:
            loop = asyncio.get_running_loop()
            if self.dirty or loop.time() - self._computed_at > SAFETY_SECONDS:
                # Cleared before reading: a change committed while the read runs marks the room dirty again.
                self.dirty, responses = False, self.responses_dirty
                self.responses_dirty = False
                self._computed_at = loop.time()
                self.computations += 1
                try:
                    data = await self._read(self.forum_id, None if responses else self._last_data)
                except BaseException:
                    self.mark_dirty(responses=responses)
                    raise
                self._last_data = data
                self._text = _tally_json(data)
                self._phone_text = _tally_json(_for_phones(data)) if data and data.get("totals_hidden") else None
            return self._text

    async def tally_for(self, *, phone: bool) -> str | None:
        """The tally a screen joining now gets: the one the room last pushed, else the one as it stands."""
        if self.last_tally is None:
            full = await self.tally_text()
            return (self._phone_text or full) if phone else full
        return (self.last_phone_tally or self.last_tally) if phone else self.last_tally

    async def push_tally(self) -> None:
        text = await self.tally_text()
        if text is not None and text != self.last_tally:
            self.last_tally, self.last_phone_tally = text, self._phone_text
            await self.broadcast(text, self._phone_text)

    async def snapshot(self, seq: int, build: Callable[[], Awaitable[tuple[int, str]]]) -> str:
        """The snapshot message at `seq`, built once per sequence number however many screens ask at once."""
        async with self._snapshot_lock:
            if self._snapshot is None or self._snapshot[0] != seq:
                self._snapshot = await build()
            return self._snapshot[1]

    def schedule_idle_stop(self, hub: Hub) -> None:
        loop = asyncio.get_running_loop()
        if self._idle_handle is not None:
            self._idle_handle.cancel()
        self._idle_handle = loop.call_later(IDLE_SECONDS, lambda: asyncio.ensure_future(hub.close_if_idle(self)))

    def cancel_idle_stop(self) -> None:
        if self._idle_handle is not None:
            self._idle_handle.cancel()
            self._idle_handle = None


class Hub:
    """All rooms of one process (one event loop)."""

    def __init__(self) -> None:
        self.rooms: dict[int, Room] = {}
        self._lock = asyncio.Lock()

    async def join(self, forum_id: int, socket: Socket) -> Room:
        async with self._lock:
            room = self.rooms.get(forum_id)
            if room is None:
                room = Room(forum_id)
                await room.start()
                self.rooms[forum_id] = room
        room.cancel_idle_stop()
        room.sockets.add(socket)
        metrics.socket_joined()
        return room

    async def leave(self, forum_id: int, socket: Socket) -> None:
        metrics.socket_left()  # every socket that joined leaves once (the consumer's disconnect)
        room = self.rooms.get(forum_id)
        if room is None:
            return
        room.sockets.discard(socket)
        if not room.sockets:
            room.schedule_idle_stop(self)

    async def close_if_idle(self, room: Room) -> None:
        async with self._lock:
            if room.sockets or self.rooms.get(room.forum_id) is not room:
                return
            del self.rooms[room.forum_id]
        await room.stop()

    async def close_all(self) -> None:
        rooms, self.rooms = list(self.rooms.values()), {}
        for room in rooms:
            room.cancel_idle_stop()
            await room.stop()


_HUBS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def hub() -> Hub:
    """This event loop's hub."""
    return per_loop(_HUBS, Hub)
