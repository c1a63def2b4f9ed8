"""The SQLite store: the one place that writes nestor's data.

One :class:`Store` is the only writer of a store file. Each document is written with all its event
records and its log line in one transaction, so a run killed at any point leaves whole documents only,
and running the same input again changes nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from ..errors import StoreError
from ..models import Document, EventRecord, NameMention, StatementClaim
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


class Store:
    """A nestor store in one SQLite file (or in memory: ``Store.open(":memory:")``)."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self._pending_log: list[tuple[Any, ...]] = []

    # -- opening -------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        """Opens (and, with ``create``, creates) the store at ``path`` and brings its schema up to date.

        Raises StoreError, saying what to do, when the file is missing (``create=False``), cannot be
        opened, is not a nestor store, or was written by a newer nestor.
        """
        path = str(path)
        if path != MEMORY and not create and not Path(path).exists():
            raise StoreError(f"no store at {path}; run `nestor ingest` first (or pass --db)")
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open store {path}: {exc}; check that its folder exists and is writable"
            ) from exc
        store = cls(conn, path)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            if path != MEMORY:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            store._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{path} is not a nestor store ({exc}); choose another file with --db") from exc
        except StoreError:
            conn.close()
            raise
        return store

    def _migrate(self) -> None:
        version = self.schema_version
        if version is None:
            (tables,) = self.conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()
            if tables:
                raise StoreError(
                    f"{self.path} is an SQLite database but not a nestor store; choose another file with --db"
                )
            self.conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            self.conn.execute("INSERT INTO schema_version (version) VALUES (0)")
            version = 0
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer nestor (schema {version}, this one knows up to "
                f"{SCHEMA_VERSION}); upgrade nestor"
            )
        for migration in MIGRATIONS[version:]:
            script = (
                f"BEGIN IMMEDIATE;\n{migration.sql}\n"
                f"UPDATE schema_version SET version = {migration.version};\nCOMMIT;"
            )
            try:
                self.conn.executescript(script)
            except sqlite3.Error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

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
        self.flush()
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE ... COMMIT); rolled back on any exception."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from exc
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.execute("ROLLBACK")
            raise StoreError(f"cannot write to store {self.path}: {exc}") from exc

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
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write document {document.id!r} to {self.path}: {exc}") from exc
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
            "sector, office) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        """Writes the buffered log lines."""
        if self._pending_log:
            with self.transaction() as conn:
                self._insert_log(conn, self._pending_log)
            self._pending_log.clear()

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
