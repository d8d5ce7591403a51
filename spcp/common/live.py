"""Publishing live messages to every app process after the writing transaction commits."""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from spcp.common import metrics

log = logging.getLogger(__name__)
_PENDING: set[asyncio.Task[None]] = set()  # keeps scheduled sends alive until they finish


T = TypeVar("T")


def per_loop(store: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, T], make: Callable[[], T]) -> T:
    """The running event loop's own instance from `store` (tests run several loops; a server one per process)."""
    loop = asyncio.get_running_loop()
    found = store.get(loop)
    if found is None:
        found = store[loop] = make()
    return found


ASGIApp = Callable[[dict[str, Any], Any, Any], Awaitable[None]]
RAW_SEND = "spcp.raw_send"


def keep_raw_send(app: ASGIApp) -> ASGIApp:
    """Put the server's own `send` in the websocket's scope, under RAW_SEND, before any middleware wraps it.

    The live room's fan-out writes each pre-built frame straight to it: Channels' session middleware wraps
    every send to add cookies to HTTP responses, which a websocket frame never carries, and at 1,000 sockets a
    broadcast that wrapper and the consumer's own send cost twice what the server's writing does
    (bench/hub_broadcast.py).
    """

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await app({**scope, RAW_SEND: send}, receive, send)

    return wrapped


def group_name(kind: str, key: int | str) -> str:
    return f"{kind}.{key}"


def publish_now(group: str, message: dict[str, Any]) -> None:
    """Send `message` to every process listening on `group` (a failed send is logged, never raised)."""
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    signal_now(group, {"type": "live.message", "text": text})


def signal_now(group: str, payload: dict[str, Any]) -> None:
    """Send a layer message (not for screens: for the processes' rooms) to `group`; failures are logged."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        loop = None
    try:
        if loop is not None:  # called from code running on an event loop's own thread: schedule, don't block it
            task = loop.create_task(layer.group_send(group, payload))
            _PENDING.add(task)
            task.add_done_callback(_PENDING.discard)
            return
        async_to_sync(layer.group_send)(group, payload)
    except Exception:  # a reconnecting client catches up from the database, so a lost push is not lost data
        log.exception("live publish to %s failed", group)
        metrics.layer_error("send")


def publish_on_commit(group: str, message: dict[str, Any]) -> None:
    """Publish once the current transaction commits (at once outside a transaction); never for a rollback."""
    transaction.on_commit(lambda: publish_now(group, message))
