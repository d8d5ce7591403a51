"""The forum's websocket: one per screen, receive-only apart from hello and ping.

Protocol (documented in docs/events.md):
  client → {"type": "hello", "seq": <last seq seen or 0>, "token": <participant token, phones only>}
  server → {"type": "snapshot", "state": {...}}  or  {"type": "events", "events": [...]}
  server → {"type": "event", "event": {...}} as changes commit;  {"type": "tally", ...} a few times a second
  client → {"type": "ping"}  server → {"type": "pong"}
A screen that sees a gap in sequence numbers sends hello again with its last seq.

Phones may also vote over the socket they hold (cheaper than an HTTP request each), with the same
semantics as the HTTP API (api.cast_dots, api.record_response):
  client → {"type": "dots", "id": <client token>, "revision": n, "dots": {...}}
  client → {"type": "respond", "id": <uuid>, "solution": <id>, "revision": n, "value": 1 | -1 | 0}
  server → {"type": "ack", "id": ..., "ok": true, "result": {...}}
           {"type": "ack", "id": ..., "ok": false, "status": 403 | 409 | 422, "error": {"detail", "errors"}}
"""

from __future__ import annotations

import json
from typing import Any

import pydantic
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from spcp.common.api import error_payload
from spcp.common.api_errors import validation_payload
from spcp.forum import api, selectors
from spcp.forum import hub as hub_module
from spcp.forum.models import Forum, Participant
from spcp.forum.schemas import DotsIn, ForumResponseIn

DENIED = 4403
UNKNOWN = 4404


def _dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=False)


@database_sync_to_async
def _forum(code: str) -> Forum | None:
    return Forum.objects.select_related("program").filter(join_code=code.upper()).first()


@database_sync_to_async
def _admit(forum: Forum, user: Any, token: str | None) -> tuple[bool, Participant | None]:
    """Whether this screen may watch the room, and the participant it votes as (phones only)."""
    participant = selectors.participant_for_code(code=forum.join_code, token=token) if token else None
    if participant is not None:
        return True, participant
    staff = bool(user is not None and user.is_authenticated and user.has_perm("forum.view_forum", forum.program))
    return staff, None


def _ack(message_id: object, ok: bool, **fields: Any) -> str:
    return _dumps({"type": "ack", "id": message_id, "ok": ok, **fields})


@database_sync_to_async
def _submit(participant: Participant, message: dict[str, Any]) -> str:
    """Run a vote sent over the socket through the same code as the HTTP API; answer with an ack."""
    message_id = message.get("id")
    # Read afresh: the phone may have changed its language, and the forum its voting rules, since hello.
    participant = (
        selectors.participant_for_code(code=participant.forum.join_code, token=participant.token) or participant
    )
    with translation.override(participant.language):
        try:
            if message["type"] == "dots":
                payload = DotsIn.model_validate(
                    {"client_token": message_id, "revision": message.get("revision"), "dots": message.get("dots")}
                )
                result = api.cast_dots(participant.forum, participant, payload).model_dump()
            else:
                answer = ForumResponseIn.model_validate(
                    {"revision": message.get("revision"), "value": message.get("value")}
                )
                solution = message.get("solution")
                if not isinstance(solution, int):
                    raise ValidationError({"value": _("That solution is not on the list. Reload the page.")})
                result = api.record_response(participant.forum, participant, solution, answer).model_dump()
        except pydantic.ValidationError as exc:
            errors = [dict(e) for e in exc.errors(include_url=False)]
            return _ack(message_id, False, status=422, error=validation_payload(errors))
        except ValidationError as exc:
            return _ack(message_id, False, status=api.error_status(exc), error=error_payload(exc))
    return _ack(message_id, True, result=result)


@database_sync_to_async
def _catch_up(forum: Forum, seq: int) -> tuple[int, list[Any] | None]:
    current = Forum.objects.values_list("seq", flat=True).get(pk=forum.pk)
    return current, selectors.events_since(forum=forum, seq=seq)


@database_sync_to_async
def _snapshot(forum: Forum) -> tuple[int, str]:
    state = selectors.snapshot_get(forum=forum)
    return state["seq"], _dumps({"type": "snapshot", "state": state})


class ForumConsumer(AsyncWebsocketConsumer):
    forum: Forum | None = None
    room: hub_module.Room | None = None
    participant: Participant | None = None

    async def connect(self) -> None:
        self.forum = await _forum(self.scope["url_route"]["kwargs"]["code"])
        self.ready = False
        self.pending: list[str] = []
        if self.forum is None:
            await self.close(code=UNKNOWN)
            return
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.room is not None and self.forum is not None:
            await hub_module.hub().leave(self.forum.pk, self)
            self.room = None

    async def push(self, text: str) -> None:
        """Called by the room for every live message; held back until this screen has its snapshot."""
        if self.ready:
            await self.send(text_data=text)
        else:
            self.pending.append(text)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            message = json.loads(text_data or "{}")
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        if message.get("type") == "ping":
            await self.send(text_data='{"type":"pong"}')
        elif message.get("type") == "hello":
            await self.hello(message)
        elif message.get("type") in ("dots", "respond"):
            if self.participant is None:
                await self.send(
                    text_data=_ack(message.get("id"), False, status=403, error={"detail": "", "errors": {}})
                )
            else:
                await self.send(text_data=await _submit(self.participant, message))

    async def hello(self, message: dict[str, Any]) -> None:
        assert self.forum is not None
        if self.room is None:
            token = message.get("token")
            allowed, self.participant = await _admit(
                self.forum, self.scope.get("user"), token if isinstance(token, str) else None
            )
            if not allowed:
                await self.close(code=DENIED)
                return
            self.room = await hub_module.hub().join(self.forum.pk, self)
        self.ready = False
        seq = message.get("seq")
        seq = seq if isinstance(seq, int) and seq >= 0 else 0
        current, found = await _catch_up(self.forum, seq) if seq else (0, None)
        if found is not None:
            await self.send(text_data=_dumps({"type": "events", "events": found}))
        else:
            forum = self.forum
            text = await self.room.snapshot(
                current if seq else await database_sync_to_async(_current_seq)(forum.pk), lambda: _snapshot(forum)
            )
            await self.send(text_data=text)
        tally = self.room.last_tally or await self.room.tally_text()
        if tally:
            await self.send(text_data=tally)
        self.ready = True
        pending, self.pending = self.pending, []
        for text in pending:
            await self.send(text_data=text)


def _current_seq(forum_id: int) -> int:
    return Forum.objects.values_list("seq", flat=True).get(pk=forum_id)
