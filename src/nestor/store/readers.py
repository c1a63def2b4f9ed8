"""Reading a store from several threads: one read-only SQLite connection per thread.

SQLite connections are not shared between threads (the web API's handlers run on a thread pool, a
notebook may read from a worker thread), so each thread opens its own read-only connection
(``file:...?mode=ro`` plus ``PRAGMA query_only``; on read-only media ``immutable=1``, see
:func:`nestor.store.read_only_uri`) on first use. The first is opened by
:meth:`Store.open(read_only=True) <nestor.store.Store.open>`, which refuses what is not a nestor store
without writing to it. :meth:`ReadStore.fingerprint` changes whenever another process writes the file
(the database or its WAL), which is what cached totals are keyed on.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable

from ..errors import StoreError
from .sqlite import Store
from .sqlite import connect_read_only as _connect

__all__ = ["ReadStore", "connect_read_only"]


def connect_read_only(path: str) -> sqlite3.Connection:
    """A connection that cannot write, checked to open: ``mode=ro`` (or ``immutable``) and ``query_only``."""
    conn = _connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"cannot open store {path} read-only: {exc}") from exc
    return conn


class ReadStore:
    """Per-thread read-only :class:`~nestor.store.Store` objects over one file."""

    def __init__(self, path: str, wait: float = 0.0, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        # a clear error for what is not a store (and an old store brought up to date, as a writer)
        self._keep(Store.open(self.path, read_only=True, wait=wait, on_wait=on_wait))

    def _keep(self, store: Store) -> Store:
        self._local.store = store
        with self._lock:
            self._all.append(store)
        return store

    def get(self) -> Store:
        """This thread's store (opened on first use)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._keep(Store(connect_read_only(self.path), self.path))
        return store

    def has_table(self, name: str) -> bool:
        row = (
            self.get()
            .conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
            .fetchone()
        )
        return row is not None

    def fingerprint(self) -> tuple[int, ...]:
        """Changes when the file is written (by an ingest in another process, or our own write endpoint)."""
        out: list[int] = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.path + suffix)
            except OSError:
                out.extend((0, 0))
            else:
                out.extend((st.st_mtime_ns, st.st_size))
        return tuple(out)

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                store.conn.close()
            self._all.clear()
        self._local = threading.local()
