"""Publishing live messages to every app process after the writing transaction commits."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from spcp.common import metrics

log = logging.getLogger(__name__)
_PENDING: set[asyncio.Task[None]] = set()  # keeps scheduled sends alive until they finish


def group_name(kind: str, key: int | str) -> str:
    return f"{kind}.{key}"


def publish_now(group: str, message: dict[str, Any]) -> None:
    """Send `message` to every process listening on `group` (a failed send is logged, never raised)."""
    layer = get_channel_layer()
    if layer is None:
        return
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    payload = {"type": "live.message", "text": text}
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
