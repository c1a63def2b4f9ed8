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
import weakref
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


class _Holder:
    """A thread's store, kept in the thread-local: when the thread ends its holder goes, and a
    finalizer closes the connection and forgets it (short-lived threads leave no connection behind)."""

    __slots__ = ("store", "__weakref__")

    def __init__(self, store: Store) -> None:
        self.store = store


class ReadStore:
    """Per-thread read-only :class:`~nestor.store.Store` objects over one file; a thread's connection
    is closed when the thread ends (and all of them by :meth:`close`)."""

    def __init__(self, path: str, wait: float = 0.0, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = str(path)
        self._local = threading.local()
        self._all: dict[int, Store] = {}  # id(store) -> store, the connections open now
        self._lock = threading.Lock()
        # a clear error for what is not a store (and an old store brought up to date, as a writer)
        self._keep(Store.open(self.path, read_only=True, wait=wait, on_wait=on_wait))

    def _keep(self, store: Store) -> Store:
        holder = _Holder(store)
        self._local.holder = holder
        with self._lock:
            self._all[id(store)] = store
        weakref.finalize(holder, _forget, weakref.ref(self), store)
        return store

    def get(self) -> Store:
        """This thread's store (opened on first use)."""
        holder: _Holder | None = getattr(self._local, "holder", None)
        if holder is None:
            return self._keep(Store(connect_read_only(self.path), self.path))
        return holder.store

    def open_connections(self) -> int:
        """How many connections are open (one per live thread that read)."""
        with self._lock:
            return len(self._all)

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
            for store in self._all.values():
                store.conn.close()
            self._all.clear()
        self._local = threading.local()


def _forget(owner: weakref.ref[ReadStore], store: Store) -> None:
    """Closes the connection of a thread that ended (its holder was freed). When the ReadStore itself
    was dropped, its stores close when the last reader of them lets go (a listing still being read)."""
    readers = owner()
    if readers is None:
        return
    with readers._lock:
        readers._all.pop(id(store), None)
    try:
        store.conn.close()
    except sqlite3.Error:  # pragma: no cover - already closed
        pass
