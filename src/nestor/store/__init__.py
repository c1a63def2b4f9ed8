"""The SQLite store: documents, their event records, and the log of every ingest run.

``Store.open(path)`` (or ``":memory:"``) is the one writer; see :mod:`nestor.store.sqlite`.
"""

from .rows import date_bounds
from .schema import MIGRATIONS, SCHEMA_VERSION, Migration
from .sqlite import STATUSES, DocumentState, Status, Store

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "STATUSES",
    "DocumentState",
    "Migration",
    "Status",
    "Store",
    "date_bounds",
]
