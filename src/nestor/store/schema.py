"""The store's tables, as an ordered list of migrations.

``MIGRATIONS[i]`` takes a store from version ``i`` to ``i + 1``; the version a store is at lives in the
one-row ``schema_version`` table. A later change appends a migration (never edits a shipped one), so
every existing store is brought forward by the same steps a new one goes through.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int  # the version the store is at after this migration
    description: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "documents, events, event entities, runs and the ingest log",
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY NOT NULL,
            text TEXT NOT NULL,
            title TEXT,
            url TEXT,
            published TEXT,
            publication TEXT,
            language TEXT,
            source TEXT,
            content_hash TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );

        CREATE TABLE events (
            id TEXT PRIMARY KEY NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            sequence INTEGER,
            sent_start INTEGER,
            sent_end INTEGER,
            date TEXT,
            date_precision TEXT,
            date_start TEXT,        -- first day ``date`` can mean (YYYY-MM-DD), for range filters
            date_end TEXT,          -- last day ``date`` can mean
            event_type TEXT,        -- the first (best) of the record's ``event`` list
            quad_code INTEGER,
            event_scale REAL,
            realis TEXT,
            attributed INTEGER NOT NULL DEFAULT 0 CHECK (attributed IN (0, 1)),
            text TEXT,              -- the sentence, for text search
            record TEXT NOT NULL,   -- the full output-contract JSON (EventRecord.to_dict())
            coded_date TEXT
        );
        CREATE INDEX events_document ON events(document_id, sequence);
        CREATE INDEX events_date ON events(date_start, date_end);
        CREATE INDEX events_type ON events(event_type);

        CREATE TABLE event_entities (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('actor', 'recipient', 'claimant')),
            position INTEGER NOT NULL,
            code TEXT,
            sector TEXT,
            identifier_text TEXT,
            PRIMARY KEY (event_id, role, position)
        );
        CREATE INDEX event_entities_code ON event_entities(code, role);

        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            args TEXT,              -- JSON
            counts TEXT             -- JSON
        );

        CREATE TABLE ingest_log (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES runs(id),
            ts TEXT NOT NULL,
            source TEXT,
            line INTEGER,
            document_id TEXT,
            status TEXT NOT NULL CHECK (status IN ('stored', 'unchanged', 'replaced', 'skipped', 'failed')),
            error_code TEXT,
            message TEXT
        );
        CREATE INDEX ingest_log_run ON ingest_log(run_id, status);
        CREATE INDEX ingest_log_document ON ingest_log(document_id);
        """,
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
