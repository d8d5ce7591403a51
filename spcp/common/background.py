"""One daemon worker thread per process and purpose, fed after commit: work a request must not wait for.

Daemon threads: a process that exits (a management command, a restart) does not wait for them, so whatever they
do must be safe to lose and be found again later (the forum's vectors and machine translations are). A setting
(False in the test settings) keeps the thread from starting, so no thread writes to a test database behind a
test's back; tests call the work function directly instead.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings
from django.db import close_old_connections

log = logging.getLogger(__name__)

T = TypeVar("T")


class Worker(Generic[T]):
    def __init__(self, name: str, handle: Callable[[T], None], *, enabled_setting: str) -> None:
        self.name = name
        self._handle = handle
        self._setting = enabled_setting
        self._queue: queue.SimpleQueue[T] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, item: T) -> None:
        """Queue `item` for the worker thread (started on first use); nothing when the setting is off."""
        if not getattr(settings, self._setting, True):
            return
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name=self.name, daemon=True)
                self._thread.start()
        self._queue.put(item)

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            try:
                self._handle(item)
            except Exception:  # one failed item never stops the worker; its owner finds the work again later
                log.exception("%s: %r failed", self.name, item)
            finally:
                close_old_connections()
