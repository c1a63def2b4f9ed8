"""The store as the server reads it: :class:`~nestor.store.readers.ReadStore`, one read-only SQLite
connection per thread (the API's handlers run on a thread pool)."""

from __future__ import annotations

from ..store.readers import ReadStore, connect_read_only

__all__ = ["ReadStore", "connect_read_only"]
