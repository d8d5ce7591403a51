"""Database work from async code (the live room's consumers), on connections kept open between calls.

Channels' `database_sync_to_async` closes the thread's connections around every call when CONN_MAX_AGE is 0
(Django's default, and right for the HTTP requests, whose threads come and go under ASGI): for the sockets'
database thread that was a new connection for each vote and tally, 9 % of the server's CPU under load. The
sockets' calls all run on one thread (`thread_sensitive`), so its connection is kept, and checked instead:
closed after a database error that left it unusable, when a transaction was left open (never, but then
it must not leak into the next call), and after KEEP_SECONDS so a restarted server is noticed.
"""

from __future__ import annotations

import functools
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

P = ParamSpec("P")
R = TypeVar("R")

KEEP_SECONDS = 300.0
# Per connection handler: (id of its open DB-API connection, when that was first seen).
_OPENED: weakref.WeakKeyDictionary[BaseDatabaseWrapper, tuple[int, float]] = weakref.WeakKeyDictionary()


def check_connections() -> None:
    """Keep this thread's open connections unless unusable, left in a transaction or older than KEEP_SECONDS."""
    now = time.monotonic()
    for conn in connections.all(initialized_only=True):
        if conn.connection is None:
            continue
        seen = _OPENED.get(conn)
        if seen is None or seen[0] != id(conn.connection):
            seen = _OPENED[conn] = (id(conn.connection), now)
        stale = now - seen[1] > KEEP_SECONDS
        broken = conn.errors_occurred and not conn.is_usable()
        left_open = conn.get_autocommit() != conn.settings_dict["AUTOCOMMIT"]
        if stale or broken or left_open:
            _OPENED.pop(conn, None)
            conn.close()
        else:
            conn.errors_occurred = False


def database_thread(func: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """Run `func` on the sockets' database thread, on a kept connection (see the module's docstring)."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        check_connections()
        try:
            return func(*args, **kwargs)
        finally:
            check_connections()

    return sync_to_async(run, thread_sensitive=True)
