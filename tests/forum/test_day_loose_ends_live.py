"""The forum day's loose ends over the real websocket (issue 11 item 3): a phone hears the vote open when the
segment starts, hears the closing screen (with the feedback survey) when the day ends, and is never sent the room's
totals while staff keep them back until the reveal."""

from __future__ import annotations

import json
import uuid

import pytest
from channels.db import database_sync_to_async
from django.test import Client

from spcp.evaluation.models import Survey
from spcp.forum import selectors, services
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


def _until_tally_with(ws, key, timeout=10):
    """The next tally that carries `key` (the room's voters, once the vote below is counted)."""

    async def wait():
        while True:
            tally = await _next(ws, "tally", timeout=timeout)
            if key in tally:
                return tally

    return wait()


def test_hidden_totals_never_reach_the_phones_while_the_projector_and_staff_get_them(room, role_users):
    actor = room.forum.program.conciliator
    person = room.join(room.police)
    other = room.join(room.police)
    table = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    issue = services.statement_add(breakout=table, kind="issue", text="Stops", language="en")
    services.forum_settings_update(
        forum=room.forum, actor=actor, dots=3, allow_stacking=True, top_k=5, hide_totals=True
    )
    services.voting_open(forum=room.forum, actor=actor)
    services.dots_cast(forum=room.forum, participant=other, dots={issue.pk: 2}, revision=1, client_token=uuid.uuid4())

    async def scenario():
        phone = await _socket(room.forum.join_code)
        await phone.send_to(text_data=json.dumps({"type": "hello", "seq": 0, "token": person.token}))
        await _next(phone, "snapshot")
        staff = await _socket(room.forum.join_code, user=role_users["conciliator"])
        await staff.send_to(text_data=json.dumps({"type": "hello", "seq": 0}))
        await _next(staff, "snapshot")
        # Staff (and the projector, a staff screen) see the totals; the phone's tallies carry none.
        assert (await _until_tally_with(staff, "voters"))["dots"] == {str(issue.pk): 2}
        vote = {"type": "dots", "id": str(uuid.uuid4()), "revision": 1, "dots": {str(issue.pk): 1}}
        await phone.send_to(text_data=json.dumps(vote))
        ack = await _next(phone, "ack")
        assert ack["ok"] and ack["result"]["dots"] == {str(issue.pk): 1}  # its own dots, always
        assert (await _until_tally_with(staff, "voters"))["dots"] == {str(issue.pk): 3}
        phone_tally = await _next(phone, "tally")
        assert phone_tally["totals_hidden"] is True and "dots" not in phone_tally and "voters" not in phone_tally
        # The reveal: once voting closes, the phones get the totals too.
        await database_sync_to_async(services.voting_close)(forum=room.forum, actor=actor)
        assert (await _until_tally_with(phone, "dots"))["dots"] == {str(issue.pk): 3}
        await phone.disconnect()
        await staff.disconnect()

    _run(scenario)


def test_hidden_totals_are_kept_off_the_phones_http_fallback_too(room):
    actor = room.forum.program.conciliator
    person = room.join(room.police)
    table = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    issue = services.statement_add(breakout=table, kind="issue", text="Stops", language="en")
    room.forum.hide_totals = True
    room.forum.save(update_fields=["hide_totals"])
    services.voting_open(forum=room.forum, actor=actor)
    services.dots_cast(forum=room.forum, participant=person, dots={issue.pk: 2}, revision=1, client_token=uuid.uuid4())
    phone = Client(HTTP_X_PARTICIPANT_TOKEN=person.token)
    code = room.forum.join_code
    state = phone.get(f"/api/forum/{code}/state")
    assert state.status_code == 200, state.content
    assert state.json()["tally"] == {"participants": 1, "totals_hidden": True}
    assert phone.get(f"/api/forum/{code}/results").json()["dots"] == {}
    assert selectors.live_tally(forum_id=room.forum.pk)["dots"] == {str(issue.pk): 2}  # staff's figures
    services.voting_close(forum=room.forum, actor=actor)
    assert phone.get(f"/api/forum/{code}/state").json()["tally"]["dots"] == {str(issue.pk): 2}
    assert phone.get(f"/api/forum/{code}/results").json()["dots"] == {str(issue.pk): 2}
