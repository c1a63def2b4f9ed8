"""The SQLite store: documents, their event records, and the log of every ingest run.

``Store.open(path)`` (or ``":memory:"``) is the one writer, holding the store's writer lock
(:mod:`nestor.store.lock`) until it closes; ``Store.open(path, read_only=True)`` a reader, which takes no
lock and writes nothing. See :mod:`nestor.store.sqlite`.

The store owns its tables: every statement on them is here, each in a function with a name, taking and
giving plain rows. :mod:`.merge_tables` and :mod:`.actor_tables` hold what the merge step reads and
writes (inside its one transaction, :func:`.merge_tables.merge_transaction`); :mod:`.story_rows` what it
compares within stories; :mod:`.merge_reads` and :mod:`.report_rows` what the CLI, the web and the
library read back; :mod:`.event_query` finds events by the filters.
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
