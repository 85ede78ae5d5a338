"""A store lent to a long-running reader (``khabar serve``) without keeping other processes out of a DuckDB file.

DuckDB lets one process write a file or many read it. A server holding the file for its whole life would lock out
every ``khabar ingest``; opening it for every request is correct but slow (each open starts with a cold cache: about
3× fewer requests per second). So :class:`SharedStore` keeps one read-only connection while requests keep coming and
lets go of the file:

- when no request came for :attr:`IDLE` seconds (an ingest waiting for the file gets it at once);
- after :attr:`MAX_AGE` seconds of continuous use, pausing :attr:`GRACE` seconds before opening again, long enough
  for a process retrying to open the file (``khabar ingest`` retries every 0.1 s) to get it first.

While a writer holds the file, a request waits up to :attr:`WAIT` seconds and then raises
:class:`~khabar.store.db.StoreBusy`. Data is never stale: nobody can write while the reader holds the file, and a
reopened connection sees everything committed. PostgreSQL and ``:memory:`` keep one connection for good.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from khabar.store.core import Store, open_store
from khabar.store.db import is_postgres_url


class SharedStore:
    """One store for many threads (calls are serialized: a DuckDB connection is not thread-safe)."""

    IDLE = 0.5
    MAX_AGE = 5.0
    GRACE = 0.25
    WAIT = 2.0

    def __init__(self, db: str, *, create: bool = False) -> None:
        """Open ``db`` once now, so a bad path fails at start-up; ``create`` may create and migrate a new store
        (otherwise the store must exist and is only read)."""
        self.db = db
        self._lock = threading.Lock()
        self._lending = db != ":memory:" and not is_postgres_url(db)  # a file other processes may want
        self._store: Store | None = open_store(db, read_only=not create and db != ":memory:", wait=self.WAIT)
        self._opened = time.monotonic()
        self._timer: threading.Timer | None = None
        if self._lending:
            self._release()

    @contextmanager
    def use(self, write: bool = False) -> Iterator[Store]:
        """The store for one call; ``write=True`` opens a DuckDB file for writing just for this call."""
        with self._lock:
            if not self._lending:
                assert self._store is not None
                yield self._store
                return
            if write:
                self._release()
                with open_store(self.db, wait=self.WAIT) as writer:
                    yield writer
                return
            if self._store is not None and time.monotonic() - self._opened > self.MAX_AGE:
                self._release()
                time.sleep(self.GRACE)  # a process waiting for the file takes it now
            if self._store is None:
                self._store = open_store(self.db, read_only=True, wait=self.WAIT)
                self._opened = time.monotonic()
            try:
                yield self._store
            finally:
                self._schedule_release()

    @contextmanager
    def released(self) -> Iterator[None]:
        """Nothing open in this process while inside (another connection with other settings, such as the SQL page's,
        can open the file); calls wait meanwhile and the next one opens again."""
        with self._lock:
            if self._lending:
                self._release()
            yield

    def _schedule_release(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(self.IDLE, self._release_if_idle)
        self._timer.daemon = True
        self._timer.start()

    def _release_if_idle(self) -> None:
        if self._lock.acquire(blocking=False):  # a call in progress schedules its own release
            try:
                self._release()
            finally:
                self._lock.release()

    def _release(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @property
    def holding(self) -> bool:
        """Is the file held open right now (for tests and diagnostics)?"""
        return self._store is not None

    def close(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._release()

