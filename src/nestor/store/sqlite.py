"""The SQLite store: the one place that writes nestor's data.

One :class:`Store` is the only writer of a store file: it holds the store's writer lock
(:mod:`nestor.store.lock`) from before the schema is created or migrated until it closes, so a second
writer, in any process, waits or is refused. Each document is written with all its event records and its
log line in one transaction, so a run killed at any point leaves whole documents only, and running the
same input again changes nothing. Readers (``Store.open(path, read_only=True)``) take no lock and open the
file read-only: they never create a store, nor change a file that is not one.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from ..errors import StoreError
from ..models import Document, EventRecord, NameMention, StatementClaim
from .lock import WriterLock
from .rows import claim_row, document_row, entity_rows, event_row, mention_row
from .schema import MIGRATIONS, SCHEMA_VERSION

DocumentState = Literal["new", "same", "changed"]
# what became of one input: skipped = read but deliberately not stored (an id already read in the run)
Status = Literal["stored", "unchanged", "replaced", "skipped", "failed"]
STATUSES: tuple[str, ...] = ("stored", "unchanged", "replaced", "skipped", "failed")

MEMORY = ":memory:"
_LOG_BUFFER = 500  # log lines held before they are written on their own
# rows that belong to one document's text: rewritten with it when its text changes
DOCUMENT_MERGE_TABLES = ("mentions", "claims", "story_documents", "document_sources", "document_vectors")
_VERSION = "schema_version"  # the table that makes a database a nestor store
_OTHER_FILE = "choose another file with --db"
_CREATE_VERSION = f"CREATE TABLE {_VERSION} (version INTEGER NOT NULL); INSERT INTO {_VERSION} VALUES (0);"
# what to do about a failed write, by SQLite's error name (prefix)
_WRITE_HINTS = (
    ("SQLITE_FULL", "; free some disk space, then try again"),
    ("SQLITE_READONLY", "; make the file and its folder writable, or pass --db with another file"),
    ("SQLITE_BUSY", "; another program is using the store: try again when it has finished"),
)


def now() -> str:
    """The current time, UTC, to the second: ``2026-11-05T09:30:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _insert(table: str, row: dict[str, Any], verb: str = "INSERT") -> tuple[str, list[Any]]:
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    return f"{verb} INTO {table} ({cols}) VALUES ({marks})", list(row.values())


def _log_line(
    run_id: int | None,
    status: Status,
    source: str | None,
    line: int | None,
    document_id: str | None,
    error_code: str | None = None,
    message: str | None = None,
) -> tuple[Any, ...]:
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    return (run_id, now(), source, line, document_id, status, error_code, message)


def _hint(exc: sqlite3.Error) -> str:
    name = getattr(exc, "sqlite_errorname", "") or ""
    return next((hint for prefix, hint in _WRITE_HINTS if name.startswith(prefix)), "")


def write_error(path: str, exc: sqlite3.Error, what: str = "") -> StoreError:
    """The StoreError for a failed write: SQLite's own reason (never a follow-up error) and what to do."""
    return StoreError(f"cannot write {what}to store {path}: {exc}{_hint(exc)}")


# -- the file, before SQLite opens it -----------------------------------------------------------------


def _check_path(path: str, must_exist: bool) -> None:
    """Refuses a folder, and (``must_exist``) a missing file, before anything is opened or created."""
    if Path(path).is_dir():
        raise StoreError(f"{path} is a folder, not a store; pass --db with a file path")
    if must_exist and not Path(path).exists():
        raise StoreError(f"no store at {path}; run `nestor ingest` first (or pass --db)")


def _check_writable(path: str, create: bool) -> None:
    """What a writer needs of an existing file (checked under the writer lock): bytes, and write access."""
    _check_path(path, must_exist=not create)
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        return  # a new store
    if size == 0 and not create:
        raise StoreError(_empty(path))
    if size == 0:
        raise StoreError(
            f"{path} is an empty file, not a nestor store; delete it to start a new store there, or pass "
            "--db with another path"
        )
    # os.access, not a trial open: closing a descriptor of the file would drop the POSIX locks that
    # SQLite connections of this process (a server's readers) hold on it
    if not os.access(path, os.W_OK):
        raise StoreError(
            f"cannot write to store {path}: the file is read-only ({_why_read_only(path)}); make it "
            f"writable (chmod u+w {path}), or pass --db with another file"
        )


def _why_read_only(path: str) -> str:
    try:
        media = bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        media = False
    return "Read-only file system" if media else "Permission denied"


def _check_readable(path: str) -> None:
    _check_path(path, must_exist=True)
    if os.path.getsize(path) == 0:
        raise StoreError(_empty(path))


def _empty(path: str) -> str:
    return f"{path} is empty, not a nestor store; pass --db with a store `nestor ingest` wrote"


def read_only_uri(path: str, folder_writable: bool | None = None) -> str:
    """The URI that opens ``path`` read-only (``mode=ro``).

    Reading a WAL-mode store needs its ``-shm`` index beside it, which SQLite cannot create where the
    folder is not writable (read-only media, another user's folder). There the file is opened
    ``immutable=1``, as datasette does, which needs no index: SQLite then assumes that nobody changes
    the file while it is open, so this is done only when no WAL file holds changes not yet in the store.
    ``folder_writable`` defaults to what ``os.access`` says.
    """
    file = Path(path).resolve()
    if folder_writable is None:
        folder_writable = os.access(file.parent, os.W_OK)
    uri = f"file:{quote(str(file))}?mode=ro"
    if not folder_writable and not _pending_wal(file):
        uri += "&immutable=1"
    return uri


def _pending_wal(file: Path) -> bool:
    try:
        return os.path.getsize(f"{file}-wal") > 0
    except OSError:
        return False


def connect_read_only(path: str) -> sqlite3.Connection:
    """A connection that cannot write (``mode=ro`` and ``query_only``), usable from any thread."""
    try:
        conn = sqlite3.connect(
            read_only_uri(path), uri=True, isolation_level=None, timeout=30.0, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA query_only = ON")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open store {path} read-only: {exc}") from exc
    return conn


def _tidy_wal(path: str) -> None:
    """Removes the ``-wal`` and ``-shm`` files a read-only connection leaves beside a store, by letting
    SQLite do it: a plain connection that reads and closes removes them when it is the store's last one,
    and changes nothing when another process still has the store open."""
    if not os.path.exists(f"{path}-wal"):
        return
    with suppress(sqlite3.Error):
        conn = sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?mode=rw", uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()


def _store_version(conn: sqlite3.Connection, path: str) -> int | None:
    """The schema version of the store open as ``conn`` (None: a database without tables), reading only.

    Raises StoreError when the file is not an SQLite database, is another application's, or was written
    by a newer nestor.
    """
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        row = conn.execute("SELECT version FROM schema_version").fetchone() if _VERSION in tables else None
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorname", "") == "SQLITE_NOTADB":
            raise StoreError(f"{path} is not a nestor store ({exc}); choose another file with --db") from exc
        raise StoreError(f"cannot read store {path}: {exc}") from exc
    if row is None:
        if tables - {_VERSION}:
            raise StoreError(f"{path} is an SQLite database but not a nestor store; {_OTHER_FILE}")
        return 0 if tables else None  # a lone, empty version table: a creation cut short
    version = int(row[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer nestor (schema {version}, this one knows up to "
            f"{SCHEMA_VERSION}); upgrade nestor"
        )
    return version


class Store:
    """A nestor store in one SQLite file (or in memory: ``Store.open(":memory:")``).

    A writer holds the store's :class:`~nestor.store.lock.WriterLock` until :meth:`close`; a reader
    (``read_only=True``) holds no lock and cannot write.
    """

    def __init__(self, conn: sqlite3.Connection, path: str, lock: WriterLock | None = None) -> None:
        self.conn = conn
        self.path = path
        self._pending_log: list[tuple[Any, ...]] = []
        self._lock = lock
        self._tidy = False  # a reader that may let SQLite remove the -wal and -shm files it made

    # -- opening -------------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = True,
        read_only: bool = False,
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> Store:
        """Opens the store at ``path`` for writing (creating it with ``create``) or, with ``read_only``,
        for reading, and brings its schema up to date.

        A writer first takes the store's writer lock, waiting up to ``wait`` seconds for another writer
        (``on_wait`` is told once that it waits), then checks the file, and only then creates or
        migrates the schema. A reader takes no lock, never creates a store, and writes nothing, except to
        bring a store of an older nestor up to date (as a writer, under the lock).

        Raises StoreError, saying what to do, when the file is missing (``create=False``, readers), empty,
        cannot be opened or written, is not a nestor store, or was written by a newer nestor; and
        StoreBusyError when another writer holds the store past ``wait``.
        """
        path = str(path)
        if path == MEMORY:
            return cls._writer(path, None)
        if read_only:
            return cls._reader(path, wait, on_wait)
        _check_path(path, must_exist=not create)  # before the lock: a plain mistake creates nothing
        lock = WriterLock.acquire(path, wait, on_wait)
        try:
            _check_writable(path, create)
        except BaseException:
            lock.release()
            raise
        return cls._writer(path, lock)

    @classmethod
    def _writer(cls, path: str, lock: WriterLock | None) -> Store:
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            if lock is not None:
                lock.release()
            raise StoreError(
                f"cannot open store {path}: {exc}; check that its folder exists and is writable"
            ) from exc
        store = cls(conn, path, lock)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            version = _store_version(conn, path)  # reads only: another application's file stays as it is
            if path != MEMORY:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            store._migrate(version)
        except sqlite3.Error as exc:
            store._shut()
            raise write_error(path, exc) from exc
        except BaseException:
            store._shut()
            raise
        return store

    @classmethod
    def _reader(cls, path: str, wait: float, on_wait: Callable[[str], None] | None) -> Store:
        _check_readable(path)
        conn = connect_read_only(path)
        try:
            version = _store_version(conn, path)
        except BaseException:
            conn.close()
            raise
        if version is None:
            conn.close()
            raise StoreError(_empty(path))
        if version < SCHEMA_VERSION:
            conn.close()
            cls._upgrade(path, version, wait, on_wait)
            conn = connect_read_only(path)
        store = cls(conn, path)
        store._tidy = os.access(path, os.W_OK) and os.access(Path(path).resolve().parent, os.W_OK)
        return store

    @classmethod
    def _upgrade(cls, path: str, version: int, wait: float, on_wait: Callable[[str], None] | None) -> None:
        """Brings a store of an older nestor up to date, as a writer, for a reader."""
        try:
            cls.open(path, create=False, wait=wait, on_wait=on_wait).close()
        except StoreError as exc:
            raise type(exc)(
                f"{path} was written by an older nestor (schema {version}) and must be brought up to date "
                f"(schema {SCHEMA_VERSION}) before it can be read, which failed: {exc}"
            ) from exc

    def _migrate(self, version: int | None) -> None:
        if version is None:  # a new store; version 0 until the first migration is committed
            self._script(_CREATE_VERSION)
            version = 0
        for migration in MIGRATIONS[version:]:
            self._script(f"{migration.sql}\nUPDATE {_VERSION} SET version = {migration.version};")

    def _script(self, sql: str) -> None:
        """Runs ``sql`` in one write transaction."""
        try:
            self.conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nCOMMIT;")
        except sqlite3.Error as exc:
            self._rollback()
            raise write_error(self.path, exc) from exc

    @property
    def schema_version(self) -> int | None:
        try:
            row = self.conn.execute("SELECT version FROM schema_version").fetchone()
        except sqlite3.OperationalError:
            return None
        return None if row is None else int(row[0])

    def optimize(self) -> None:
        """Refreshes the query planner's statistics where they are stale (``PRAGMA optimize``), after a
        batch of writes; cheap when little changed."""
        try:
            self.conn.execute("PRAGMA analysis_limit = 1000")
            self.conn.execute("PRAGMA optimize")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot optimise store {self.path}: {exc}") from exc

    def close(self) -> None:
        """Writes the buffered log lines, closes the connection and releases the writer lock (in that
        order, so that SQLite's last checkpoint happens under the lock)."""
        try:
            self.flush()
        finally:
            self._shut()

    def _shut(self) -> None:
        self.conn.close()
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()
        if self._tidy:
            self._tidy = False
            _tidy_wal(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT), rolled back on any exception.

        An SQLite error (of a statement inside or of the commit) becomes a StoreError carrying SQLite's
        own reason: after some errors (a full disk) SQLite has already rolled the transaction back, and
        a second ROLLBACK would only report that no transaction is active.
        """
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise write_error(self.path, exc) from exc
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise write_error(self.path, exc) from exc
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        """Rolls back what is still open; an error doing so must not hide the error that led here."""
        if self.conn.in_transaction:
            with suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")

    # -- writing -------------------------------------------------------------------------------------

    def has_document(self, document_id: str, content_hash: str) -> DocumentState:
        """``"new"`` when the store lacks the id, ``"same"`` when it holds this text, else ``"changed"``."""
        row = self.conn.execute("SELECT content_hash FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            return "new"
        return "same" if row[0] == content_hash else "changed"

    def write_document(
        self,
        document: Document,
        records: Sequence[EventRecord],
        run_id: int | None = None,
        mentions: Sequence[NameMention] = (),
        claims: Sequence[StatementClaim] = (),
    ) -> Status:
        """Writes a document with all its event records, name mentions and claims (and its log line) in
        one transaction.

        Returns ``"stored"`` for a new document, ``"replaced"`` when the store held different text under
        its id (the old events are deleted first), ``"unchanged"`` when it held the same text (nothing is
        written but the log line).
        """
        content_hash = document.content_hash
        dicts = [r.to_dict() for r in records]
        try:
            with self.transaction() as conn:
                state = self.has_document(document.id, content_hash)
                if state == "same":
                    status: Status = "unchanged"
                else:
                    status = "stored" if state == "new" else "replaced"
                    self._write(conn, document, dicts)
                    self._write_facts(conn, document.id, mentions, claims)
                line = _log_line(run_id, status, document.source, document.line, document.id)
                self._insert_log(conn, [*self._pending_log, line])
        except StoreError as exc:
            cause = exc.__cause__
            if not isinstance(cause, sqlite3.Error):
                raise
            raise write_error(self.path, cause, f"document {document.id!r} ") from cause
        self._pending_log.clear()
        return status

    def _write(self, conn: sqlite3.Connection, document: Document, records: list[dict[str, Any]]) -> None:
        row = document_row(document, now())
        cols = [c for c in row if c != "id"]
        sql, params = _insert("documents", row)
        conn.execute(
            sql + " ON CONFLICT(id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in cols), params
        )
        conn.execute("DELETE FROM events WHERE document_id = ?", (document.id,))  # cascades to entities
        for record in records:
            # an id the coder gave another document's event moves here: its entities go with the row
            conn.execute("DELETE FROM event_entities WHERE event_id = ?", (record["id"],))
            conn.execute(*_insert("events", event_row(record, document.id), "INSERT OR REPLACE"))
            for entity in entity_rows(record):
                conn.execute(*_insert("event_entities", entity, "INSERT OR REPLACE"))
            conn.executemany(
                "INSERT OR REPLACE INTO event_types (event_id, position, type) VALUES (?, ?, ?)",
                [(record["id"], i, str(t).upper()) for i, t in enumerate(record.get("event") or [])],
            )

    @staticmethod
    def _write_facts(
        conn: sqlite3.Connection,
        document_id: str,
        mentions: Sequence[NameMention],
        claims: Sequence[StatementClaim],
    ) -> None:
        """The document's mentions and claims; what the merge step derived from its old text goes."""
        for table in DOCUMENT_MERGE_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))
        conn.executemany(
            "INSERT INTO mentions (document_id, position, sequence, start, end, text, type, name, code, "
            "sector, office, geonameid, geo_precision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(document_id, i, *mention_row(m)) for i, m in enumerate(mentions)],
        )
        conn.executemany(
            "INSERT OR REPLACE INTO claims (id, document_id, sequence, start, end, text, claim, cue, "
            "sourced, claimant) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [claim_row(c, document_id) for c in claims],
        )

    def log(
        self,
        run_id: int | None,
        status: Status,
        source: str | None = None,
        line: int | None = None,
        document_id: str | None = None,
        error_code: str | None = None,
        message: str | None = None,
    ) -> None:
        """Adds a line to the ingest log. Lines are buffered and written with the next document (or every
        few hundred lines, or on :meth:`flush`); losing the buffer to a crash loses log lines only."""
        self._pending_log.append(_log_line(run_id, status, source, line, document_id, error_code, message))
        if len(self._pending_log) >= _LOG_BUFFER:
            self.flush()

    def flush(self) -> None:
        """Writes the buffered log lines. Lines that cannot be written (a full disk) are dropped, so
        that closing the store after the error does not fail on them again."""
        lines, self._pending_log = self._pending_log, []
        if lines:
            with self.transaction() as conn:
                self._insert_log(conn, lines)

    @staticmethod
    def _insert_log(conn: sqlite3.Connection, lines: list[tuple[Any, ...]]) -> None:
        conn.executemany(
            "INSERT INTO ingest_log (run_id, ts, source, line, document_id, status, error_code, message) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            lines,
        )

    def start_run(self, args: dict[str, Any] | None = None) -> int:
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO runs (started, args) VALUES (?, ?)",
                (now(), json.dumps(args or {}, ensure_ascii=False)),
            )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def finish_run(self, run_id: int, counts: dict[str, Any]) -> None:
        self.flush()
        with self.transaction() as conn:
            conn.execute(
                "UPDATE runs SET finished = ?, counts = ? WHERE id = ?", (now(), json.dumps(counts), run_id)
            )

    # -- reading -------------------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Rows of a read-only query as dicts."""
        try:
            for row in self.conn.execute(sql, params):
                yield dict(row)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read store {self.path}: {exc}") from exc

    def get_document(self, document_id: str) -> dict[str, Any] | None:
        return next(self.query("SELECT * FROM documents WHERE id = ?", (document_id,)), None)

    def documents(self, limit: int | None = None, offset: int = 0) -> Iterator[dict[str, Any]]:
        """Documents (without their text) with the number of events coded from each, by id."""
        return self.query(
            "SELECT d.id, d.publication, d.published, d.title, d.url, d.language, d.source, d.ingested_at, "
            "(SELECT count(*) FROM events e WHERE e.document_id = d.id) AS events "
            "FROM documents d ORDER BY d.id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )

    def log_entries(
        self, failed_only: bool = False, run_id: int | None = None, limit: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """Ingest log lines, oldest first; ``failed_only``: the inputs that were not stored (failed or
        skipped)."""
        where, params = [], []
        if failed_only:
            where.append("status IN ('failed', 'skipped')")
        if run_id is not None:
            where.append("run_id = ?")
            params.append(run_id)
        sql = "SELECT id, run_id, ts, source, line, document_id, status, error_code, message FROM ingest_log"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id LIMIT ?"
        return self.query(sql, [*params, -1 if limit is None else limit])

    def runs(self) -> Iterator[dict[str, Any]]:
        for row in self.query("SELECT * FROM runs ORDER BY id"):
            row["args"] = json.loads(row["args"]) if row["args"] else None
            row["counts"] = json.loads(row["counts"]) if row["counts"] else None
            yield row

    def counts(self) -> dict[str, int]:
        tables = ("documents", "events", "event_entities", "ingest_log", "runs")
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    def dump(self, times: bool = False) -> dict[str, list[dict[str, Any]]]:
        """Documents, events and entities in a stable order, for comparing two stores. ``times=False``
        leaves out ``ingested_at``, which differs between otherwise identical stores."""
        docs = list(self.query("SELECT * FROM documents ORDER BY id"))
        if not times:
            for d in docs:
                d.pop("ingested_at")
        return {
            "documents": docs,
            "events": list(self.query("SELECT * FROM events ORDER BY id")),
            "event_entities": list(
                self.query("SELECT * FROM event_entities ORDER BY event_id, role, position")
            ),
        }
