"""Publishing live messages to every app process after the writing transaction commits."""

from __future__ import annotations

import json
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)


def group_name(kind: str, key: int | str) -> str:
    return f"{kind}.{key}"


def publish_now(group: str, message: dict[str, Any]) -> None:
    """Send `message` to every process listening on `group` (a failed send is logged, never raised)."""
    layer = get_channel_layer()
    if layer is None:
        return
    text = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    try:
        async_to_sync(layer.group_send)(group, {"type": "live.message", "text": text})
    except Exception:  # a reconnecting client catches up from the database, so a lost push is not lost data
        log.exception("live publish to %s failed", group)


def publish_on_commit(group: str, message: dict[str, Any]) -> None:
    """Publish once the current transaction commits (at once outside a transaction); never for a rollback."""
    transaction.on_commit(lambda: publish_now(group, message))
