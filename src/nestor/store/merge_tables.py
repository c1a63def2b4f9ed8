"""The merge step's tables, read and written by name: what the merge algorithms (:mod:`nestor.merge`) take
and give back as plain rows.

Every function here runs inside the merge's one transaction (:func:`merge_transaction`): writes go through
the store's connection, whose errors the transaction turns into one StoreError after rolling everything
back. Id lists travel as one JSON array (``json_each``), never as SQL text; each statement is a constant.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from ..errors import StoreError
from .sqlite import Store

Row = dict[str, Any]


def _ids(values: Iterable[str]) -> str:
    """An id list as the JSON array ``json_each`` reads (sorted: the order never matters to a query)."""
    return json.dumps(sorted(values))


# ------------------------------------------------------------------------------------------ the transaction
@contextmanager
def merge_transaction(store: Store) -> Iterator[None]:
    """The merge's write transaction; a failed write (a full disk) rolls it all back and is told as a
    StoreError. Only what SQLite has not rolled back itself (it may, on a full disk) is rolled back here,
    so the error told is the write's, not the rollback's."""
    conn = store.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write to store {store.path}: {exc}") from exc
    try:
        yield
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        _rollback(conn)
        raise StoreError(
            f"cannot merge store {store.path}: {exc}; nothing of this merge was written: "
            "run `nestor merge` again once that is fixed"
        ) from exc
    except BaseException:
        _rollback(conn)
        raise


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with suppress(sqlite3.Error):  # the write's error is the one to tell, not the rollback's
            conn.execute("ROLLBACK")


# ---------------------------------------------------------------------------------------------- reports
def unmerged_documents(store: Store) -> list[Row]:
    """The reports without a story (not merged yet), oldest first: id, text, title, publication, published."""
    return list(
        store.query(
            "SELECT id, text, title, publication, published FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM story_documents s WHERE s.document_id = d.id) ORDER BY published, id"
        )
    )


def mentions_of(store: Store, doc_ids: Sequence[str]) -> Iterator[Row]:
    """Every mention of the given reports, by report and position."""
    return store.query(
        "SELECT * FROM mentions WHERE document_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY document_id, position",
        (json.dumps(list(doc_ids)),),
    )


# ---------------------------------------------------------------------------------------------- entities
def entities(store: Store) -> Iterator[Row]:
    return store.query("SELECT * FROM entities")


def entity_aliases(store: Store) -> Iterator[Row]:
    return store.query("SELECT entity_id, alias, evidence FROM entity_aliases")


def person_aliases(store: Store) -> Iterator[Row]:
    """alias, entity_id of every person entity's alias."""
    return store.query(
        "SELECT a.alias, a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
        "WHERE e.type = 'PERSON'"
    )


def save_entity(
    store: Store,
    entity: tuple[str, str, str, str | None, str | None],
    aliases: Iterable[tuple[str, int, str]],
) -> None:
    """Adds or updates an entity (id, name, type, code, sector) with its aliases (alias, new documents,
    evidence): an alias's documents are added to what it had; the entity's mentions are their sum."""
    conn = store.conn
    conn.execute(
        "INSERT INTO entities (id, name, type, code, sector, mentions) VALUES (?, ?, ?, ?, ?, 0) "
        "ON CONFLICT(id) DO UPDATE SET code = excluded.code, sector = excluded.sector",
        entity,
    )
    eid = entity[0]
    for alias, documents, evidence in aliases:
        conn.execute(
            "INSERT INTO entity_aliases (entity_id, alias, documents, evidence) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(entity_id, alias) DO UPDATE SET documents = documents + excluded.documents",
            (eid, alias, documents, evidence),
        )
    conn.execute(
        "UPDATE entities SET mentions = (SELECT coalesce(sum(documents), 0) FROM entity_aliases "
        "WHERE entity_id = ?) WHERE id = ?",
        (eid, eid),
    )


# ---------------------------------------------------------------------------------------------- sources
_DERIVATIONS = (
    "SELECT d.id, d.text, d.publication, d.published, s.outlet, s.derived_from, s.derivation, "
    "s.evidence, s.root FROM documents d JOIN document_sources s ON s.document_id = d.id"
)
_DERIVATIONS_IN_DAYS = (
    _DERIVATIONS + " WHERE d.published IS NULL OR substr(d.published, 1, 10) BETWEEN ? AND ?"
)


def derivations(store: Store, days: tuple[str, str] | None) -> Iterator[Row]:
    """The merged reports with their derivation, those published within ``days`` (first, last) or
    undated; all of them when ``days`` is None."""
    if days is None:
        return store.query(_DERIVATIONS)
    return store.query(_DERIVATIONS_IN_DAYS, days)


def save_derivations(store: Store, rows: Iterable[tuple[Any, ...]]) -> None:
    """(document_id, outlet, derived_from, derivation, evidence, root) rows, replacing a report's old one."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO document_sources (document_id, outlet, derived_from, derivation, "
        "evidence, root) VALUES (?, ?, ?, ?, ?, ?)",
        list(rows),
    )


def copies_of(store: Store, document_id: str) -> set[str]:
    """The reports derived from ``document_id``."""
    return {
        r["document_id"]
        for r in store.query(
            "SELECT document_id FROM document_sources WHERE derived_from = ?", (document_id,)
        )
    }


def set_root_of_copies(store: Store, document_id: str, root: str | None) -> None:
    """The copies of ``document_id`` count as derived from ``root``."""
    store.conn.execute("UPDATE document_sources SET root = ? WHERE derived_from = ?", (root, document_id))


def clusters_of_documents(store: Store, doc_ids: Collection[str]) -> set[str]:
    """The event clusters of these reports' records."""
    return {
        r["cluster_id"]
        for r in store.query(
            "SELECT DISTINCT m.cluster_id FROM cluster_members m JOIN events e ON e.id = m.event_id "
            "WHERE e.document_id IN (SELECT value FROM json_each(?))",
            (_ids(doc_ids),),
        )
    }


# ---------------------------------------------------------------------------------------------- stories
def mention_names(store: Store, doc_ids: Sequence[str]) -> Iterator[Row]:
    """document_id, type, name of the given reports' mentions."""
    return store.query(
        "SELECT document_id, type, name FROM mentions WHERE document_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(doc_ids)),),
    )


_NAME_DAYS = (
    "SELECT m.type, m.name, substr(d.published, 1, 10) AS day, count(DISTINCT m.document_id) AS n "
    "FROM mentions m JOIN documents d ON d.id = m.document_id "
    "WHERE m.name IN (SELECT value FROM json_each(?))"
)
_BY_NAME_DAY = " GROUP BY m.type, m.name, day"
_IN_PUBLISHED = " AND d.published >= ? AND d.published < ?"
_DOCUMENT_HEADS = (
    "SELECT substr(published, 1, 10) AS day, title, substr(text, 1, ?) AS head FROM documents d WHERE 1"
)


def name_days(store: Store, names: Collection[str], published: tuple[str, str] | None) -> Iterator[Row]:
    """type, name, day, n: the reports of each day that name any of ``names``, published within
    ``published`` (from, before) or on any day when it is None."""
    if published is None:
        return store.query(_NAME_DAYS + _BY_NAME_DAY, (_ids(names),))
    return store.query(_NAME_DAYS + _IN_PUBLISHED + _BY_NAME_DAY, (_ids(names), *published))


def document_heads(store: Store, head_chars: int, published: tuple[str, str] | None) -> Iterator[Row]:
    """day, title, head (the first ``head_chars`` characters) of the reports published within
    ``published`` (from, before), or of all of them when it is None."""
    if published is None:
        return store.query(_DOCUMENT_HEADS, (head_chars,))
    return store.query(_DOCUMENT_HEADS + _IN_PUBLISHED, (head_chars, *published))


def stories_in(store: Store, days: tuple[str, str] | None) -> Iterator[Row]:
    """The stories that reach into ``days`` (first, last), or are undated; all of them when it is None."""
    if days is None:
        return store.query("SELECT * FROM stories")
    return store.query(
        "SELECT * FROM stories WHERE last_date IS NULL OR (last_date >= ? AND first_date <= ?)", days
    )


def story_mention_names(store: Store, story_ids: Sequence[str]) -> Iterator[Row]:
    """story_id, document_id, type, name of every mention in the given stories' reports."""
    return store.query(
        "SELECT sd.story_id, sd.document_id, m.type, m.name FROM mentions m JOIN story_documents sd "
        "ON sd.document_id = m.document_id WHERE sd.story_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(story_ids)),),
    )


def story_document_heads(store: Store, story_ids: Sequence[str], head_chars: int) -> Iterator[Row]:
    """story_id, document_id, title, head (the first ``head_chars`` characters) of the stories' reports."""
    return store.query(
        "SELECT sd.story_id, sd.document_id, d.title, substr(d.text, 1, ?) AS head "
        "FROM story_documents sd JOIN documents d ON d.id = sd.document_id "
        "WHERE sd.story_id IN (SELECT value FROM json_each(?))",
        (head_chars, json.dumps(list(story_ids))),
    )


def save_story(store: Store, row: tuple[Any, ...]) -> None:
    """(id, label, first_date, last_date, size, centroid), added or updated."""
    store.conn.execute(
        "INSERT INTO stories (id, label, first_date, last_date, size, centroid) "
        "VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET label = excluded.label, first_date = excluded.first_date, "
        "last_date = excluded.last_date, size = excluded.size, centroid = excluded.centroid",
        row,
    )


def save_story_documents(store: Store, placed: Iterable[tuple[str, str, float]]) -> None:
    """(document_id, story_id, score) rows."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO story_documents (document_id, story_id, score) VALUES (?, ?, ?)", list(placed)
    )


def save_document_vectors(store: Store, rows: Iterable[tuple[str, bytes]]) -> None:
    """(document_id, vector) rows."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO document_vectors (document_id, vector) VALUES (?, ?)", list(rows)
    )


def stories_of_clusters(store: Store, cluster_ids: Collection[str]) -> set[str]:
    """The stories of the given clusters."""
    return {
        row["story_id"]
        for row in store.query(
            "SELECT DISTINCT story_id FROM event_clusters WHERE id IN (SELECT value FROM json_each(?))",
            (_ids(cluster_ids),),
        )
        if row["story_id"]
    }


# ---------------------------------------------------------------------------------------------- clusters
# an event with its report's day, its report's root source and story
_EVENT_COLUMNS = (
    "e.id, e.document_id, e.record, e.realis, e.event_type, e.date_start, e.date_end, "
    "(SELECT substr(published, 1, 10) FROM documents WHERE id = e.document_id) AS doc_day, "
    "s.root, sd.story_id FROM events e LEFT JOIN document_sources s ON s.document_id = e.document_id "
    "LEFT JOIN story_documents sd ON sd.document_id = e.document_id"
)
_UNCLUSTERED = (
    "SELECT " + _EVENT_COLUMNS + " WHERE NOT EXISTS (SELECT 1 FROM cluster_members c WHERE c.event_id = e.id)"
)
_CLUSTERED = "SELECT cm.cluster_id, " + _EVENT_COLUMNS + " JOIN cluster_members cm ON cm.event_id = e.id"
_BY_DATE = " ORDER BY e.date_start, e.id"
_OF_TYPES = " WHERE e.event_type IN (SELECT value FROM json_each(?))"
_NEAR = " AND (e.date_end IS NULL OR e.date_end >= ?) AND (e.date_start IS NULL OR e.date_start <= ?)"
_WITHIN = " WHERE e.date_end >= ? AND e.date_start <= ?"
_MEMBERS = (
    "SELECT cm.cluster_id, d.publication, d.published, EXISTS (SELECT 1 FROM claims k "
    "WHERE k.document_id = e.document_id AND k.sequence = e.sequence AND k.sourced = 0) AS unsourced, "
    + _EVENT_COLUMNS
    + " JOIN documents d ON d.id = e.document_id LEFT JOIN cluster_members cm ON cm.event_id = e.id "
    "WHERE cm.cluster_id IN (SELECT value FROM json_each(?)) OR e.id IN (SELECT value FROM json_each(?))"
)


def unclustered_events(store: Store) -> list[Row]:
    """The events without a cluster (new since the last merge), as :func:`clustered_events` gives them."""
    return list(store.query(_UNCLUSTERED))


def emptied_clusters(store: Store) -> set[str]:
    """Clusters left without members (their reports replaced)."""
    return {
        r["id"]
        for r in store.query(
            "SELECT id FROM event_clusters c WHERE NOT EXISTS "
            "(SELECT 1 FROM cluster_members m WHERE m.cluster_id = c.id)"
        )
    }


def shrunk_clusters(store: Store) -> set[str]:
    """Clusters whose merged record counts other members than they have."""
    return {
        r["id"]
        for r in store.query(
            "SELECT c.id FROM event_clusters c WHERE json_array_length(c.record, '$.members') != "
            "(SELECT count(*) FROM cluster_members m WHERE m.cluster_id = c.id)"
        )
    }


def clustered_events_of_types(
    store: Store, types: Collection[str], dates: tuple[str, str] | None
) -> Iterator[Row]:
    """Clustered events (cluster_id first) of the given types whose dates may fall within ``dates``
    (first, last; undated ends count), by date; of any date when it is None."""
    if dates is None:
        return store.query(_CLUSTERED + _OF_TYPES + _BY_DATE, (_ids(types),))
    return store.query(_CLUSTERED + _OF_TYPES + _NEAR + _BY_DATE, (_ids(types), *dates))


def clustered_events_within(store: Store, dates: tuple[str, str] | None) -> Iterator[Row]:
    """Clustered events (cluster_id first) dated within ``dates`` (first, last), by date; all clustered
    events when it is None."""
    if dates is None:
        return store.query(_CLUSTERED + _BY_DATE)
    return store.query(_CLUSTERED + _WITHIN + _BY_DATE, dates)


def cluster_member_rows(
    store: Store, cluster_ids: Collection[str], event_ids: Collection[str]
) -> Iterator[Row]:
    """The member events of the given clusters and the given events, each with its report's
    publication, published, whether its sentence is an unsourced claim, and its cluster (None when new)."""
    return store.query(_MEMBERS, (_ids(cluster_ids), _ids(event_ids)))


def delete_clusters(store: Store, cluster_ids: Iterable[str]) -> None:
    store.conn.executemany("DELETE FROM event_clusters WHERE id = ?", [(c,) for c in cluster_ids])


def save_cluster(store: Store, row: tuple[Any, ...]) -> None:
    """(id, story_id, event_type, date, date_start, date_end, realis, reports, sources,
    independent_sources, record), added or updated."""
    store.conn.execute(
        # an upsert, not INSERT OR REPLACE: replacing the row would cascade to its members
        "INSERT INTO event_clusters (id, story_id, event_type, date, date_start, "
        "date_end, realis, reports, sources, independent_sources, record) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "story_id = excluded.story_id, event_type = excluded.event_type, date = excluded.date, "
        "date_start = excluded.date_start, date_end = excluded.date_end, realis = excluded.realis, "
        "reports = excluded.reports, sources = excluded.sources, "
        "independent_sources = excluded.independent_sources, record = excluded.record",
        row,
    )


def save_cluster_members(store: Store, members: Iterable[tuple[str, str]]) -> None:
    """(event_id, cluster_id) rows."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO cluster_members (event_id, cluster_id, score) VALUES (?, ?, NULL)",
        list(members),
    )


def cluster_span(store: Store, cluster_ids: Collection[str]) -> tuple[str | None, str | None]:
    """The first start and last end date of the given clusters."""
    rows = list(
        store.query(
            "SELECT min(date_start) AS lo, max(date_end) AS hi FROM event_clusters "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (_ids(cluster_ids),),
        )
    )
    return (rows[0]["lo"], rows[0]["hi"]) if rows else (None, None)


def replace_links(store: Store, cluster_ids: Collection[str], links: Iterable[tuple[str, str, str]]) -> None:
    """The links from or to the given clusters become ``links`` (cluster_id, other_id, relation)."""
    ids = _ids(cluster_ids)
    store.conn.execute(
        "DELETE FROM cluster_links WHERE cluster_id IN (SELECT value FROM json_each(?)) "
        "OR other_id IN (SELECT value FROM json_each(?))",
        (ids, ids),
    )
    store.conn.executemany(
        "INSERT OR IGNORE INTO cluster_links (cluster_id, other_id, relation) VALUES (?, ?, ?)", list(links)
    )


# ---------------------------------------------------------------------------------------------- discrepancies
def story_span(store: Store, story_ids: Collection[str]) -> tuple[str | None, str | None]:
    """The first and last date of the given stories."""
    span = next(
        store.query(
            "SELECT min(first_date) AS lo, max(last_date) AS hi FROM stories "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (_ids(story_ids),),
        )
    )
    return span["lo"], span["hi"]


def stories_overlapping(store: Store, first: str, last: str) -> set[str]:
    return {
        r["id"]
        for r in store.query("SELECT id FROM stories WHERE last_date >= ? AND first_date <= ?", (first, last))
    }


def replace_discrepancies(store: Store, story_ids: Collection[str], rows: Iterable[tuple[Any, ...]]) -> None:
    """The discrepancies of the given stories (and the figure ones shared with them) become ``rows``
    (id, story_id, cluster_id, kind, what, record)."""
    ids = _ids(story_ids)
    store.conn.execute(
        "DELETE FROM discrepancies WHERE story_id IN (SELECT value FROM json_each(?)) OR (kind = 'number' "
        "AND EXISTS (SELECT 1 FROM json_each(record, '$.stories') j WHERE j.value IN "
        "(SELECT value FROM json_each(?))))",
        (ids, ids),
    )
    store.conn.executemany(
        "INSERT OR REPLACE INTO discrepancies (id, story_id, cluster_id, kind, what, record) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        list(rows),
    )
