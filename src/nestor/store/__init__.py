"""The SQLite store: documents, their event records, and the log of every ingest run.

``Store.open(path)`` (or ``":memory:"``) is the one writer, holding the store's writer lock
(:mod:`nestor.store.lock`) until it closes; ``Store.open(path, read_only=True)`` a reader, which takes no
lock and writes nothing. See :mod:`nestor.store.sqlite`.
"""

from .lock import WriterLock
from .rows import date_bounds
from .schema import MIGRATIONS, SCHEMA_VERSION, Migration
from .sqlite import STATUSES, DocumentState, Status, Store, connect_read_only, read_only_uri

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STATUSES",
    "DocumentState",
    "Migration",
    "Status",
    "Store",
    "WriterLock",
    "connect_read_only",
    "date_bounds",
    "read_only_uri",
]
