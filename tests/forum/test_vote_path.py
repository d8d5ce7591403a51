"""The vote path at load: one implementation of a phone's votes, group commit, tallies driven by changes.

Guards of cost without timing: statements per vote and per batch, queries per tally, one tally computation
per change. The races (a vote queued while voting closes, a batch that fails to commit) are played in a fixed
order by driving the writer by hand.
"""

from __future__ import annotations

import asyncio
import json
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from spcp.common.live import keep_raw_send
from spcp.forum import commands, hub, selectors, services, writer
from spcp.forum.models import Dot, DotBallot, Statement
from spcp.forum.schemas import DotsIn, ForumResponseIn
from tests.forum.test_live import Socket, _next


def _open_vote(room, per_sector=2):
    room.fill({s.pk: per_sector for s in room.all_sectors})
    actor = room.forum.program.conciliator
    table = services.breakouts_build_first(forum=room.forum, actor=actor).tables[0]
    issues = [
        services.statement_add(breakout=table, kind="issue", text=t, language="en", client_token=uuid.uuid4())
        for t in ("A", "B", "C")
    ]
    services.voting_open(forum=room.forum, actor=actor)
    room.forum.refresh_from_db()
    return issues


def _dots(participant, dots, revision, token=None) -> commands.Command:
    payload = DotsIn(client_token=token or uuid.uuid4(), revision=revision, dots=dots)
    return commands.Command(participant=participant, kind="dots", dots=payload)


def _held(participant):
    """The participant as a socket holds it after hello (read once, with its forum)."""
    return selectors.participant_for_code(code=participant.forum.join_code, token=participant.token)


@pytest.mark.django_db
def test_a_batch_of_votes_costs_the_same_statements_as_one_vote(room):
    a, b, _c = _open_vote(room, per_sector=3)
    people = [_held(p) for p in room.people]
    commands.run_batch([_dots(people[0], {a.pk: 1}, 1)])  # the first vote reads the ballot's issues, once
    with CaptureQueriesContext(connection) as one:
        [outcome] = commands.run_batch([_dots(people[1], {a.pk: 1}, 1)])
    assert outcome.ok
    with CaptureQueriesContext(connection) as many:
        outcomes = commands.run_batch([_dots(p, {a.pk: 1, b.pk: 1}, 1) for p in people[2:]])
    assert all(o.ok and o.result["applied"] for o in outcomes) and len(outcomes) == 10
    # The transaction (2), refresh (2), forum flags (1), ballots read, created and read again (3), updated (1),
    # dots replaced (2).
    assert len(one) <= 11
    assert len(many) == len(one)
    with CaptureQueriesContext(connection) as again:  # a second vote: the ballots exist
        commands.run_batch([_dots(p, {b.pk: 1}, 2) for p in people])
    assert len(again) <= len(one) - 2
    assert selectors.dot_tally(forum=room.forum) == {b.pk: 12}


@pytest.mark.django_db
def test_a_retried_or_older_vote_in_a_batch_neither_duplicates_nor_loses(room):
    a, b, c = _open_vote(room)
    first, second = _held(room.people[0]), _held(room.people[1])
    token = uuid.uuid4()
    outcomes = commands.run_batch(
        [
            _dots(first, {a.pk: 2}, 5, token),
            _dots(first, {a.pk: 2}, 5, token),  # the same vote again (a resend)
            _dots(second, {b.pk: 1}, 7),
            _dots(first, {c.pk: 3}, 4),  # an older revision, reordered behind the newer one
        ]
    )
    assert [o.result["applied"] for o in outcomes] == [True, False, True, False]
    assert outcomes[3].result["dots"] == {a.pk: 2} and outcomes[3].result["revision"] == 5
    [resent] = commands.run_batch([_dots(first, {a.pk: 2}, 5, token)])  # and once more, in a later batch
    assert resent.ok and resent.result == {"dots": {a.pk: 2}, "revision": 5, "applied": False, "remaining": 1}
    assert selectors.dot_tally(forum=room.forum) == {a.pk: 2, b.pk: 1}
    assert DotBallot.objects.filter(forum=room.forum).count() == 2


@pytest.mark.django_db
def test_a_refused_vote_in_a_batch_leaves_the_others_standing(room):
    a, b, _c = _open_vote(room)
    good, greedy, korean = _held(room.people[0]), _held(room.people[1]), _held(room.people[2])
    services.participant_update(participant=room.people[2], language="ko", display_name="")
    outcomes = commands.run_batch([_dots(good, {a.pk: 1}, 1), _dots(greedy, {a.pk: 9}, 1), _dots(korean, {b.pk: 9}, 1)])
    assert outcomes[0].ok
    assert outcomes[1].status == 422 and "dots" in outcomes[1].error["errors"]
    # The socket held the participant from before the change of language: the refusal is in the new one.
    assert outcomes[2].status == 422 and korean.language == "ko"
    assert outcomes[2].error["errors"]["dots"] != outcomes[1].error["errors"]["dots"]
    assert selectors.dot_tally(forum=room.forum) == {a.pk: 1}


@pytest.mark.django_db
def test_a_ballot_voided_after_hello_is_refused_without_reading_the_participant_per_vote(room):
    a, _b, _c = _open_vote(room)
    held = _held(room.people[0])
    services.participant_void(participant=room.people[0], actor=room.forum.program.conciliator, reason="twice")
    [outcome] = commands.run_batch([_dots(held, {a.pk: 1}, 1)])
    assert outcome.status == 409 and "voided" in outcome.error["detail"]
    assert selectors.dot_tally(forum=room.forum) == {}


@pytest.mark.django_db
def test_answers_go_through_the_same_batch(room):
    a, _b, _c = _open_vote(room)
    actor = room.forum.program.conciliator
    commands.run_batch([_dots(_held(room.people[1]), {a.pk: 1}, 1)])
    services.voting_close(forum=room.forum, actor=actor)
    room.forum.refresh_from_db()
    table = services.breakouts_build_second(forum=room.forum, actor=actor, groups=1, seed=1).tables[0]
    solution = services.solution_add(breakout=table, issue=table.issues.first(), text="Walks", language="en")
    services.responses_set_open(forum=room.forum, is_open=True, actor=actor)
    held = _held(room.people[0])
    answer = commands.Command(
        participant=held, kind="respond", answer=ForumResponseIn(revision=3, value=1), solution_id=solution.pk
    )
    unknown = commands.Command(
        participant=held, kind="respond", answer=ForumResponseIn(revision=4, value=1), solution_id=solution.pk + 99
    )
    outcomes = commands.run_batch([answer, unknown, answer])
    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[0].result["applied"] and not outcomes[2].result["applied"]
    assert outcomes[1].status == 422
    assert selectors.solution_results(forum=room.forum)[0].agree == 1


def _run(scenario):
    async def wrapped():
        try:
            await scenario()
        finally:
            await hub.hub().close_all()

    async_to_sync(wrapped)()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_votes_queued_when_voting_closes_are_refused_and_never_acknowledged_as_counted(room):
    a, b, _c = _open_vote(room)
    early, late = _held(room.people[0]), _held(room.people[1])
    actor = room.forum.program.conciliator

    async def scenario():
        queue = writer.Writer(delay=0)
        counted = asyncio.ensure_future(queue.submit(_dots(early, {a.pk: 2}, 1)))
        await asyncio.sleep(0)
        await queue.flush()  # committed before the close: in the closing tally
        assert (await counted).ok
        waiting = asyncio.ensure_future(queue.submit(_dots(late, {b.pk: 3}, 1)))
        await asyncio.sleep(0)
        assert len(queue.queue) == 1
        await writer.database_thread(services.voting_close)(forum=room.forum, actor=actor)
        await queue.flush()
        refused = await waiting
        assert not refused.ok and refused.status == 409
        await queue.stop()

    _run(scenario)
    assert Statement.objects.get(pk=a.pk).final_dots == 2
    assert Statement.objects.get(pk=b.pk).final_dots == 0
    assert selectors.dot_tally(forum=room.forum) == {a.pk: 2}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_batch_that_fails_to_commit_is_written_vote_by_vote_and_the_failing_vote_gets_no_ack(room):
    a, _b, _c = _open_vote(room)
    people = [_held(p) for p in room.people[:3]]
    poisoned = people[1]

    def run(batch):
        with transaction.atomic():
            outcomes = commands.run_batch(batch)
            if any(c.participant.pk == poisoned.pk for c in batch):
                raise RuntimeError("the commit failed")  # rolls back everything the batch wrote
        return outcomes

    async def scenario():
        queue = writer.Writer(run=run, delay=0)
        futures = [asyncio.ensure_future(queue.submit(_dots(p, {a.pk: 1}, 1))) for p in people]
        await asyncio.sleep(0)
        await queue.flush()
        results = await asyncio.gather(*futures, return_exceptions=True)
        assert results[0].ok and results[2].ok
        assert isinstance(results[1], writer.WriteFailed)
        assert queue.batches == 2  # the two good votes, each alone after the batch failed

    _run(scenario)
    assert selectors.dot_tally(forum=room.forum) == {a.pk: 2}
    assert not Dot.objects.filter(ballot__participant=poisoned).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_votes_sent_together_are_committed_in_one_transaction_and_each_acknowledged(room):
    a, _b, _c = _open_vote(room)
    people = [_held(p) for p in room.people]

    async def scenario():
        queue = writer.Writer(delay=0.001)
        outcomes = await asyncio.gather(*(queue.submit(_dots(p, {a.pk: 1}, 1)) for p in people))
        assert all(o.ok for o in outcomes)
        assert queue.batches == 1

    _run(scenario)
    assert selectors.dot_tally(forum=room.forum) == {a.pk: len(people)}


# --- tallies ------------------------------------------------------------------------------------------------


class _Reader:
    """A tally reader that records what it was asked (no database)."""

    def __init__(self) -> None:
        self.calls: list[dict | None] = []

    def __call__(self, forum_id: int, previous: dict | None) -> dict:
        self.calls.append(previous)
        return {"participants": len(self.calls), "solutions": {"1": {}}}


def test_the_tally_is_computed_once_per_change_and_the_support_only_when_answers_changed():
    reader = _Reader()

    async def scenario():
        room = hub.Room(1, tally_reader=reader)
        first = await room.tally_text()
        assert await room.tally_text() == first and room.computations == 1  # nothing changed: nothing computed
        room.mark_dirty()
        room.mark_dirty()
        await room.tally_text()
        await room.tally_text()
        assert room.computations == 2
        room.mark_dirty(responses=True)
        await room.tally_text()
        assert room.computations == 3

    asyncio.run(scenario())
    # First and after an answer: from scratch (None); after a dot vote: the last tally's support reused.
    assert reader.calls[0] is None and reader.calls[2] is None
    assert reader.calls[1] == {"participants": 1, "solutions": {"1": {}}}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_committed_vote_marks_every_room_of_its_forum_dirty_once_per_transaction(room):
    a, b, _c = _open_vote(room)
    people = [_held(p) for p in room.people[:4]]

    async def scenario():
        watcher = await hub.hub().join(room.forum.pk, _Screen())
        await watcher.tally_text()
        assert not watcher.dirty and watcher.computations == 1
        await writer.database_thread(commands.run_batch)([_dots(p, {a.pk: 1}, 1) for p in people])
        await _until(lambda: watcher.dirty)
        assert not watcher.responses_dirty  # dots only: the support for solutions is not computed again
        text = await watcher.tally_text()
        assert f'"{a.pk}":4' in text and watcher.computations == 2
        await writer.database_thread(commands.run_batch)([_dots(people[0], {b.pk: 1}, 1)])  # a retry: no change
        await writer.database_thread(commands.run_batch)([_dots(people[0], {b.pk: 1}, 2)])
        await _until(lambda: watcher.dirty)
        await watcher.tally_text()
        assert watcher.computations == 3

    _run(scenario)


class _Screen:
    async def write(self, frame: dict) -> None:
        pass


async def _until(condition, deadline: float = 180.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline
    while not condition():
        assert loop.time() < end, "the room never heard of the change"
        await asyncio.sleep(0.01)


@pytest.mark.django_db
def test_a_tally_reads_the_dots_once_and_reuses_the_support_when_no_answer_changed(room):
    _open_vote(room)
    with CaptureQueriesContext(connection) as fresh:
        data = selectors.live_tally(forum_id=room.forum.pk)
    dot_sums = [q["sql"] for q in fresh.captured_queries if "SUM" in q["sql"] and "forum_dot" in q["sql"]]
    assert len(dot_sums) == 1
    with CaptureQueriesContext(connection) as reused:
        again = selectors.live_tally(forum_id=room.forum.pk, previous={**data, "solutions": {"9": {}}})
    assert again["solutions"] == {"9": {}} and again["dots"] == data["dots"]
    assert len(reused) <= 4  # the forum, the head-count, the dots and the voters
    assert not any("forum_response" in q["sql"] or "forum_solution" in q["sql"] for q in reused.captured_queries)


# --- through the socket -------------------------------------------------------------------------------------


class _RawSendSocket(Socket):
    """A websocket client of the app wrapped as config/asgi.py wraps it (the server's send kept in the scope)."""

    def __init__(self, path: str, user) -> None:
        super().__init__(path, user)
        self.application = keep_raw_send(self.application)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_phone_voided_after_hello_is_refused_on_its_open_socket_and_tallies_reach_it(room):
    a, _b, _c = _open_vote(room)
    phone, other = room.people[0], room.people[1]
    actor = room.forum.program.conciliator

    async def scenario():
        ws = _RawSendSocket(f"/ws/forum/{room.forum.join_code}/", AnonymousUser())
        assert (await ws.connect())[0]
        await ws.send_to(json.dumps({"type": "hello", "seq": 0, "token": phone.token}))
        await _next(ws, "snapshot")
        vote = {"type": "dots", "id": str(uuid.uuid4()), "revision": 1, "dots": {str(a.pk): 1}}
        await ws.send_to(json.dumps(vote))
        assert (await _next(ws, "ack"))["ok"]
        await database_sync_to_async(services.dots_cast)(
            forum=room.forum, participant=other, dots={a.pk: 2}, revision=1, client_token=uuid.uuid4()
        )
        while (await _next(ws, "tally", timeout=10))["dots"].get(str(a.pk)) != 3:
            pass  # the tally, written to the server's own send, shows both votes
        await database_sync_to_async(services.participant_void)(participant=phone, actor=actor, reason="two phones")
        await ws.send_to(json.dumps({**vote, "id": str(uuid.uuid4()), "revision": 2}))
        refused = await _next(ws, "ack")
        assert not refused["ok"] and refused["status"] == 409
        await ws.disconnect()

    _run(scenario)
    assert selectors.dot_tally(forum=room.forum) == {a.pk: 2}  # the voided ballot's dot left the tally
