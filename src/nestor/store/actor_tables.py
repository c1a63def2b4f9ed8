"""The actor registry's tables (``actors``, ``actor_evidence``, ``event_actor_keys``, ``actor_backlog``),
read and written by name for :mod:`nestor.merge.registry`, which takes and gives plain rows.

The writes run inside the merge's one transaction (:func:`nestor.store.merge_tables.merge_transaction`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .sqlite import Store

Row = dict[str, Any]

ACTOR_COLUMNS = (
    "id", "type", "name", "code", "sector", "office", "code_documents", "first_seen", "last_seen",
    "documents", "source",
)  # fmt: skip
EVIDENCE_COLUMNS = (
    "actor_id", "document_id", "name", "text", "start", "end", "code", "sector", "office", "published",
)  # fmt: skip
_ACTORS = "SELECT " + ", ".join(ACTOR_COLUMNS) + " FROM actors WHERE id IN (SELECT value FROM json_each(?))"
_UPSERT = (
    "INSERT INTO actors (" + ", ".join(ACTOR_COLUMNS) + ") VALUES (" + ", ".join("?" * len(ACTOR_COLUMNS))
    + ") ON CONFLICT(id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in ACTOR_COLUMNS[1:])
)  # fmt: skip
_CODED = "SELECT type, name, code, source FROM actors WHERE code IS NOT NULL OR source = 'override'"
_EVENTS_TO_FILL = (
    "SELECT e.id, e.record, cm.cluster_id FROM events e "
    "LEFT JOIN cluster_members cm ON cm.event_id = e.id "
    "WHERE cm.event_id IS NULL OR e.document_id IN (SELECT document_id FROM actor_backlog) "
    "ORDER BY e.id"
)
_EVENTS_NAMING = (
    "SELECT e.id, e.record, cm.cluster_id FROM events e "
    "JOIN cluster_members cm ON cm.event_id = e.id WHERE e.id IN (SELECT event_id "
    "FROM event_actor_keys WHERE key IN (SELECT value FROM json_each(?))) ORDER BY e.id"
)


def _ids(values: Iterable[str]) -> str:
    return json.dumps(sorted(values))


# ---------------------------------------------------------------------------------------------- learning
def documents_to_learn(store: Store) -> list[str]:
    """The reports not merged yet (without a story) and those of the backlog, by id."""
    return [
        r["id"]
        for r in store.query(
            "SELECT id FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM story_documents s WHERE s.document_id = d.id) "
            "UNION SELECT document_id FROM actor_backlog ORDER BY 1"
        )
    ]


def forget_evidence_of(store: Store, doc_ids: Sequence[str]) -> set[str]:
    """Takes away the evidence of the given reports; returns the actors it was about."""
    ids = json.dumps(list(doc_ids))
    actors = {
        r["actor_id"]
        for r in store.query(
            "SELECT DISTINCT actor_id FROM actor_evidence "
            "WHERE document_id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
    }
    store.conn.execute(
        "DELETE FROM actor_evidence WHERE document_id IN (SELECT value FROM json_each(?))", (ids,)
    )
    return actors


def actor_mentions(store: Store, doc_ids: Sequence[str]) -> Iterator[Row]:
    """The person and organisation mentions of the given reports, with their report's date, in order."""
    return store.query(
        "SELECT m.document_id, m.position, m.start, m.end, m.text, m.type, m.name, m.code, m.sector, "
        "m.office, d.published FROM mentions m JOIN documents d ON d.id = m.document_id "
        "WHERE m.document_id IN (SELECT value FROM json_each(?)) AND m.type IN ('PERSON', 'ORG') "
        "ORDER BY m.document_id, m.position",
        (json.dumps(list(doc_ids)),),
    )


def add_evidence(
    store: Store, actors: Iterable[tuple[str, str, str]], evidence: Iterable[Sequence[Any]]
) -> None:
    """Adds the actors (id, type, name) not known yet and the evidence rows (``EVIDENCE_COLUMNS``)."""
    store.conn.executemany("INSERT OR IGNORE INTO actors (id, type, name) VALUES (?, ?, ?)", list(actors))
    store.conn.executemany(
        "INSERT INTO actor_evidence (actor_id, document_id, name, text, start, end, code, sector, "
        "office, published) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [tuple(e) for e in evidence],
    )


def override_actors(store: Store) -> set[str]:
    """The actors an override set."""
    return {r["id"] for r in store.query("SELECT id FROM actors WHERE source = 'override'")}


def actors_by_id(store: Store, ids: Collection[str]) -> Iterator[Row]:
    """The given actors' rows (``ACTOR_COLUMNS``)."""
    return store.query(_ACTORS, (_ids(ids),))


def evidence_of_actors(store: Store, ids: Collection[str]) -> Iterator[Row]:
    """Every evidence row of the given actors, by actor and report."""
    return store.query(
        "SELECT * FROM actor_evidence WHERE actor_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY actor_id, document_id",
        (_ids(ids),),
    )


def delete_actor(store: Store, actor_id: str) -> None:
    store.conn.execute("DELETE FROM actors WHERE id = ?", (actor_id,))


def save_actor(store: Store, values: Sequence[Any]) -> None:
    """An actor row (``ACTOR_COLUMNS``), added or updated."""
    store.conn.execute(_UPSERT, tuple(values))


def set_disagreement(store: Store, actor_id: str, document_id: str, note: str | None) -> None:
    store.conn.execute(
        "UPDATE actor_evidence SET disagrees = ? WHERE actor_id = ? AND document_id = ?",
        (note, actor_id, document_id),
    )


def clear_backlog(store: Store) -> None:
    store.conn.execute("DELETE FROM actor_backlog")


# ---------------------------------------------------------------------------------------------- use
def coded_actors(store: Store) -> list[Row]:
    """type, name, code, source of the actors that have a code or an override."""
    return list(store.query(_CODED))


def read_coded_actors(db: str | Path) -> list[Row] | None:
    """:func:`coded_actors` of the store at ``db``, read without writing (nor taking the writer lock);
    None where there is no store, it has no registry yet, or it cannot be read now (being written or
    migrated)."""
    path = Path(db)
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        conn.row_factory = sqlite3.Row
        has = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'actors'").fetchone()
        if not has:
            return None
        return [dict(r) for r in conn.execute(_CODED)]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def events_to_fill(store: Store) -> list[Row]:
    """id, record, cluster_id of the events not clustered yet and those of the backlog's reports."""
    return list(store.query(_EVENTS_TO_FILL))


def clustered_events_naming(store: Store, keys: Collection[str]) -> Iterator[Row]:
    """id, record, cluster_id of the clustered events that name an actor by any of ``keys``."""
    return store.query(_EVENTS_NAMING, (_ids(keys),))


def save_filled_record(
    store: Store, event_id: str, record: str, codes: Iterable[tuple[str, int, str | None]]
) -> None:
    """An event's record (JSON text) with the codes the registry gave its entities (role, position, code)."""
    store.conn.execute("UPDATE events SET record = ? WHERE id = ?", (record, event_id))
    store.conn.executemany(
        "UPDATE event_entities SET code = ? WHERE event_id = ? AND role = ? AND position = ?",
        [(code, event_id, role, i) for role, i, code in codes],
    )


def save_actor_keys(store: Store, rows: Iterable[tuple[str, str, int, str]]) -> None:
    """(event_id, role, position, key) rows: the names whose code the registry decides."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO event_actor_keys (event_id, role, position, key) VALUES (?, ?, ?, ?)",
        list(rows),
    )
