"""The forum day's loose ends over the real websocket (issue 11 item 3): a phone hears the vote open when the
segment starts, and hears the closing screen (with the feedback survey) when the day ends."""

from __future__ import annotations

import json
import uuid

import pytest
from channels.db import database_sync_to_async

from spcp.evaluation.models import Survey
from spcp.forum import services
from tests.forum.test_live import _next, _run, _socket

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


async def _forum_event(ws, key, value):
    """The next forum event that sets `key` to `value` (other events in between are skipped)."""
    while True:
        event = (await _next(ws, "event", timeout=10))["event"]
        if event["coll"] == "forum" and event["data"].get(key) == value:
            return event["data"]


def test_starting_dot_voting_opens_the_vote_on_the_phones(room):
    person = room.join(room.police)
    actor = room.forum.program.conciliator
    table = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    services.statement_add(breakout=table, kind="issue", text="Stops", language="en", client_token=uuid.uuid4())

    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_to(text_data=json.dumps({"type": "hello", "seq": 0, "token": person.token}))
        snapshot = (await _next(ws, "snapshot"))["state"]
        assert snapshot["forum"]["voting_open"] is False
        voting = await database_sync_to_async(room.forum.segments.get)(kind="dot_voting")
        await database_sync_to_async(services.segment_start)(forum=room.forum, segment=voting, actor=actor)
        data = await _forum_event(ws, "voting_open", True)
        assert data["segment"] == "dot_voting"
        await ws.disconnect()

    _run(scenario)


def test_ending_the_day_sends_every_phone_the_closing_screen_with_the_feedback_survey(room):
    person = room.join(room.police)
    actor = room.forum.program.conciliator
    survey = Survey.objects.create(program=room.forum.program, kind="feedback", wave="after_day", is_open=True)
    last = room.forum.segments.order_by("-order").first()
    services.segment_start(forum=room.forum, segment=last, actor=actor)
    services.council_signup_set_open(forum=room.forum, is_open=True, actor=actor)

    async def scenario():
        ws = await _socket(room.forum.join_code)
        await ws.send_to(text_data=json.dumps({"type": "hello", "seq": 0, "token": person.token}))
        snapshot = (await _next(ws, "snapshot"))["state"]
        assert snapshot["forum"]["day_over"] is False and snapshot["forum"]["council_open"] is True
        await database_sync_to_async(services.day_end)(forum=room.forum, actor=actor)
        data = await _forum_event(ws, "day_over", True)
        assert data["feedback"] == survey.code
        assert data["council_open"] is False and data["responses_open"] is False and data["voting_open"] is False
        await ws.disconnect()

    _run(scenario)
