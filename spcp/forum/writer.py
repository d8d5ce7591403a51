"""Group commit: the votes phones send over their sockets, written a batch per transaction.

A vote alone costs a transaction and half a dozen statements on the one database thread of a process (about
5 ms of CPU at 300 votes/s, so the thread was the bottleneck). The writer queues the votes the sockets of
this process send, and every few milliseconds applies all that are waiting in one transaction
(`commands.run_batch`: the same few statements for 1 or 200 ballots). Each socket is answered only after
that transaction has committed; if it fails, each vote is tried again alone, and a vote whose own
transaction fails gets no answer at all (its socket closes, and the phone resends it by HTTP: the revision
makes that a retry). Closing the vote takes the forum row's lock exclusively and a batch takes it shared
(PostgreSQL; SQLite has one writer at a time), so a ballot is either in the closing tally or refused.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from collections.abc import Callable, Sequence

from spcp.common import metrics
from spcp.common.db import database_thread
from spcp.common.live import per_loop
from spcp.forum import commands

log = logging.getLogger(__name__)

DELAY_SECONDS = 0.002  # how long a batch waits for more votes after the first
MAX_BATCH = 500

Runner = Callable[[Sequence[commands.Command]], list[commands.Outcome]]


class Writer:
    """This process's queue of socket votes and the task that commits them in batches."""

    def __init__(self, run: Runner = commands.run_batch, delay: float = DELAY_SECONDS) -> None:
        self._run = database_thread(run)
        self.delay = delay
        self.queue: list[tuple[commands.Command, asyncio.Future[commands.Outcome]]] = []
        self.batches = 0  # committed batches (for tests and the benchmark)
        self._task: asyncio.Task[None] | None = None

    async def submit(self, command: commands.Command) -> commands.Outcome:
        """Queue a vote; returns its outcome once the batch holding it has committed (raises if it could not)."""
        future: asyncio.Future[commands.Outcome] = asyncio.get_running_loop().create_future()
        self.queue.append((command, future))
        if self._task is None:
            self._task = asyncio.create_task(self._loop())
        started, accepted = time.perf_counter(), False
        try:
            outcome = await future
            accepted = outcome.ok
            return outcome
        finally:
            metrics.vote_done(command.kind, accepted=accepted, seconds=time.perf_counter() - started)

    async def _loop(self) -> None:
        # Runs while there are votes to write, so an idle process (or a test's event loop) has no task left.
        try:
            while self.queue:
                if self.delay:
                    await asyncio.sleep(self.delay)
                await self.flush()
        finally:
            self._task = None

    async def flush(self) -> None:
        """Commit everything queued now, in batches of at most MAX_BATCH, and answer each vote."""
        while self.queue:
            batch, self.queue = self.queue[:MAX_BATCH], self.queue[MAX_BATCH:]
            await self._commit(batch)

    async def _commit(self, batch: list[tuple[commands.Command, asyncio.Future[commands.Outcome]]]) -> None:
        try:
            outcomes = await self._run([command for command, _future in batch])
        except Exception:
            if len(batch) == 1:
                command, future = batch[0]
                if not future.done():
                    future.set_exception(_failed())
                log.exception("a vote could not be written")
                return
            log.warning("a batch of %d votes failed; writing each alone", len(batch), exc_info=True)
            for item in batch:
                await self._commit([item])
            return
        self.batches += 1
        for (_command, future), outcome in zip(batch, outcomes, strict=True):
            if not future.done():  # the socket may have gone meanwhile
                future.set_result(outcome)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None
        for _command, future in self.queue:
            future.cancel()
        self.queue.clear()


class WriteFailed(Exception):
    """The vote's transaction did not commit: it must not be acknowledged."""


def _failed() -> WriteFailed:
    return WriteFailed("the vote could not be written")


_WRITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Writer] = weakref.WeakKeyDictionary()


def writer() -> Writer:
    """This event loop's writer."""
    return per_loop(_WRITERS, Writer)
