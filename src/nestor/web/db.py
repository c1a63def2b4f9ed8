"""The store as the server reads it: opened read-only, one SQLite connection per thread.

SQLite connections are not shared between threads, and the API's handlers run on a thread pool, so each
thread opens its own read-only connection (``file:...?mode=ro`` plus ``PRAGMA query_only``) on first use.
:meth:`ReadStore.fingerprint` changes whenever another process writes the file (the database or its WAL),
which is what cached totals are keyed on.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from urllib.parse import quote

from ..errors import StoreError
from ..store import Store


def connect_read_only(path: str) -> sqlite3.Connection:
    """A connection that cannot write: the file is opened with ``mode=ro`` and queries are ``query_only``."""
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30.0, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open store {path} read-only: {exc}") from exc
    return conn


class ReadStore:
    """Per-thread read-only :class:`~nestor.store.Store` objects over one file."""

    def __init__(self, path: str) -> None:
        if not Path(path).is_file():
            raise StoreError(f"no store at {path}; run `nestor ingest` first (or pass --db)")
        self.path = str(path)
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        store = self.get()
        if store.schema_version is None:
            raise StoreError(f"{path} is not a nestor store; choose another file with --db")

    def get(self) -> Store:
        """This thread's store (opened on first use)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store(connect_read_only(self.path), self.path)
            self._local.store = store
            with self._lock:
                self._all.append(store)
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
