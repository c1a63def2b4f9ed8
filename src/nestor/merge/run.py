"""The merge step: after the per-document work, link what reports say across reports.

``merge_store`` works on what is new since the last merge (reports without a story, events without a
cluster) and on the neighbourhood they touch (stories, clusters and entities within the date windows);
nothing else is recomputed. Running it twice changes nothing the second time.

The whole merge is one write transaction. Each stage finds its work by what earlier merges wrote (a report
without a story is new, an event without a cluster is new) and adds to counts (the documents of an
alias), so a stage half-applied, or applied without the stages after it, would be taken for done or
counted twice by the next merge. One transaction makes a killed or failed merge leave the store as it
was, and the next merge does the same work an uninterrupted one would. Readers (WAL) go on reading the
last merged state meanwhile; the write lock is held for the merge's length (seconds, about a minute for
100,000 event records), which only another writer would notice, and the store has one writer.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import StoreError
from ..settings import Settings
from ..store import Store
from . import clusters as cl
from . import discrepancies as disc
from . import embedding, entities, registry, sources, stories
from .days import day_of, widen
from .events import event_item, merged_record, plan_rules

# the points of a merge, in order, where ``checkpoint_hook`` is called: after each part's writes, after the
# commit and after the statistics; the crash tests kill or fail the merge there
CHECKPOINTS = (
    "registry", "entities", "sources", "stories", "clusters", "links", "discrepancies", "commit", "optimize"
)  # fmt: skip
checkpoint_hook: Callable[[str], None] | None = None


def _checkpoint(name: str) -> None:
    if checkpoint_hook is not None:
        checkpoint_hook(name)


@dataclass(slots=True)
class MergeReport:
    documents: int = 0
    stories_new: int = 0
    stories_touched: int = 0
    events: int = 0
    clusters_touched: int = 0
    entities: int = 0
    discrepancies: int = 0
    actors: int = 0  # registry actors whose code changed
    codes_from_registry: int = 0  # event actors and recipients the registry gave a code (or took it back)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def summary(self) -> str:
        return (
            f"merged {self.documents} new reports into {self.stories_touched} stories "
            f"({self.stories_new} new), {self.events} events into {self.clusters_touched} clusters; "
            f"{self.discrepancies} discrepancies"
        )

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


def merge_store(
    store: Store, settings: Settings, progress: Callable[[str], None] | None = None
) -> MergeReport:
    """Merges what is new in ``store``, in one transaction; ``progress`` is told each stage as it starts."""
    report = MergeReport()
    say = progress or (lambda _msg: None)
    clock = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.stages[name] = round(now - clock, 3)
        clock = now

    overrides = registry.load_overrides(settings.actor_overrides)
    with _one_transaction(store) as conn:
        say("merge: actor registry")
        learned = registry.update(store, conn, overrides)
        report.actors, report.codes_from_registry = learned.actors, learned.filled
        _checkpoint("registry")
        stage("registry")
        touched_stories, rederived = _merge_reports(store, conn, settings, report, say)
        stage("reports")
        say("merge: event clusters")
        refresh = learned.refresh | _clusters_of_documents(store, rederived)
        touched_stories |= _merge_events(store, conn, settings, report, refresh)
        stage("event_clusters")
        say("merge: discrepancies")
        report.discrepancies = _discrepancies(store, conn, touched_stories)
        _checkpoint("discrepancies")
    _checkpoint("commit")
    if report.documents or report.events:
        store.optimize()  # fresh statistics for the readers (the API's filters lean on them)
    _checkpoint("optimize")
    stage("discrepancies")
    return report


@contextmanager
def _one_transaction(store: Store) -> Iterator[sqlite3.Connection]:
    """The merge's write transaction; a failed write (a full disk) rolls it all back and is told as a
    StoreError. Only what SQLite has not rolled back itself (it may, on a full disk) is rolled back here,
    so the error told is the write's, not the rollback's."""
    conn = store.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write to store {store.path}: {exc}") from exc
    try:
        yield conn
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


def _merge_reports(
    store: Store,
    conn: sqlite3.Connection,
    settings: Settings,
    report: MergeReport,
    say: Callable[[str], None],
) -> tuple[set[str], set[str]]:
    """Entities, sources and stories of the reports without a story; returns the stories they touch and
    the earlier reports whose derivation the new ones revised."""
    new_docs = list(
        store.query(
            "SELECT id, text, title, publication, published FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM story_documents s WHERE s.document_id = d.id) ORDER BY published, id"
        )
    )
    report.documents = len(new_docs)
    if not new_docs:
        return set(), set()
    say(f"merge: {len(new_docs)} new reports: sources, entities, stories")
    linker = _link_entities(store, conn, [d["id"] for d in new_docs])
    report.entities = sum(1 for e in linker.entities if e.changed)
    _checkpoint("entities")
    rederived = _derive_sources(store, conn, new_docs, settings)
    _checkpoint("sources")
    touched, report.stories_new = _assign_stories(store, conn, new_docs, linker, settings)
    report.stories_touched = len(touched)
    _checkpoint("stories")
    return touched, rederived


def _merge_events(
    store: Store, conn: sqlite3.Connection, settings: Settings, report: MergeReport, refresh: set[str]
) -> set[str]:
    """Clusters (and plan links) of the events without a cluster, and the merged records of the clusters in
    ``refresh`` (a member's record changed); returns the stories of changed clusters."""
    changed_clusters, report.events = _cluster_events(store, conn, settings, refresh)
    report.clusters_touched = len(changed_clusters)
    return {
        row["story_id"]
        for row in store.query(
            "SELECT DISTINCT story_id FROM event_clusters WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(changed_clusters)),),
        )
        if row["story_id"]
    }


# ---------------------------------------------------------------------------------------------- entities
def _link_entities(store: Store, conn: sqlite3.Connection, doc_ids: list[str]) -> entities.EntityLinker:
    known: dict[str, entities.EntityState] = {}
    for row in store.query("SELECT * FROM entities"):
        known[row["id"]] = entities.EntityState(
            row["id"], row["type"], row["name"], row["code"], row["sector"]
        )
    for row in store.query("SELECT entity_id, alias, evidence FROM entity_aliases"):
        e = known.get(row["entity_id"])
        if e is not None:
            e.aliases[row["alias"]] = row["evidence"] or ""
    linker = entities.EntityLinker(list(known.values()))
    groups: dict[tuple[str, str], entities.NameGroup] = {}
    for m in store.query(
        "SELECT * FROM mentions WHERE document_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY document_id, position",
        (json.dumps(doc_ids),),
    ):
        g = groups.setdefault((m["type"], m["name"]), entities.NameGroup(m["type"], m["name"]))
        if m["code"]:
            g.codes.append(m["code"])
        if m["sector"]:
            g.sectors.append(m["sector"])
        g.texts.setdefault(m["text"], set()).add(m["document_id"])
        if m["office"]:
            g.offices.setdefault(m["office"], set()).add(m["document_id"])
    linker.link(groups.values())
    for e in linker.entities:
        if not e.changed:
            continue
        conn.execute(
            "INSERT INTO entities (id, name, type, code, sector, mentions) VALUES (?, ?, ?, ?, ?, 0) "
            "ON CONFLICT(id) DO UPDATE SET code = excluded.code, sector = excluded.sector",
            (e.id, e.name, e.type, e.code, e.sector),
        )
        for alias, evidence in e.aliases.items():
            docs = e.alias_docs.get(alias, set())
            # an addition: the new reports were never counted (they are new, and the merge that counts
            # them is one transaction)
            conn.execute(
                "INSERT INTO entity_aliases (entity_id, alias, documents, evidence) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(entity_id, alias) DO UPDATE SET documents = documents + excluded.documents",
                (e.id, alias, len(docs), evidence),
            )
        conn.execute(
            "UPDATE entities SET mentions = (SELECT coalesce(sum(documents), 0) FROM entity_aliases "
            "WHERE entity_id = ?) WHERE id = ?",
            (e.id, e.id),
        )
    return linker


def _spellings(linker: entities.EntityLinker, type_: str, name: str) -> set[str]:
    """A name and every alias of the entity it belongs to."""
    e = linker.by_alias.get((type_, entities.fold(name)))
    return {name, *(e.aliases if e is not None else ())}


def entity_key(linker: entities.EntityLinker, type_: str, name: str) -> str:
    e = linker.by_alias.get((type_, entities.fold(name)))
    return e.id if e is not None else f"{type_}:{entities.fold(name)}"


# ---------------------------------------------------------------------------------------------- sources
def _derive_sources(
    store: Store, conn: sqlite3.Connection, new_docs: list[dict[str, Any]], settings: Settings
) -> set[str]:
    """Derivations of the new reports, and of earlier ones the new reports show to be derived (returned)."""
    days = [d for d in (day_of(x["published"]) for x in new_docs) if d is not None]
    params: list[Any] = []
    sql = (
        "SELECT d.id, d.text, d.publication, d.published, s.outlet, s.derived_from, s.derivation, "
        "s.evidence, s.root FROM documents d JOIN document_sources s ON s.document_id = d.id"
    )
    if days:
        sql += " WHERE d.published IS NULL OR substr(d.published, 1, 10) BETWEEN ? AND ?"
        params = list(widen(min(days), max(days), settings.story_window_days))
    earlier = {
        r["id"]: (
            sources.SourceDoc(r["id"], r["text"], r["publication"], r["published"]),
            sources.Derivation(
                r["id"], r["outlet"], r["derived_from"], r["derivation"], r["evidence"], r["root"]
            ),
        )
        for r in store.query(sql, params)
    }
    new = [sources.SourceDoc(d["id"], d["text"], d["publication"], d["published"]) for d in new_docs]
    derived = sources.derive(new, earlier, settings.near_duplicate, settings.story_window_days)
    conn.executemany(
        "INSERT OR REPLACE INTO document_sources (document_id, outlet, derived_from, derivation, "
        "evidence, root) VALUES (?, ?, ?, ?, ?, ?)",
        [(d.document_id, d.outlet, d.derived_from, d.kind, d.evidence, d.root) for d in derived],
    )
    new_ids = {d.id for d in new}
    revised = {d.document_id: d.root for d in derived if d.document_id not in new_ids}
    followers: set[str] = set()
    for doc_id, root in sorted(revised.items()):
        # the copies of a report now known to be derived count as what it derives from
        followers |= {
            r["document_id"]
            for r in store.query("SELECT document_id FROM document_sources WHERE derived_from = ?", (doc_id,))
        }
        conn.execute("UPDATE document_sources SET root = ? WHERE derived_from = ?", (root, doc_id))
    return set(revised) | followers


def _clusters_of_documents(store: Store, doc_ids: set[str]) -> set[str]:
    """The event clusters of these reports' records (their merged records count sources again)."""
    if not doc_ids:
        return set()
    return {
        r["cluster_id"]
        for r in store.query(
            "SELECT DISTINCT m.cluster_id FROM cluster_members m JOIN events e ON e.id = m.event_id "
            "WHERE e.document_id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(doc_ids)),),
        )
    }


# ---------------------------------------------------------------------------------------------- stories
def _assign_stories(
    store: Store,
    conn: sqlite3.Connection,
    new_docs: list[dict[str, Any]],
    linker: entities.EntityLinker,
    settings: Settings,
) -> tuple[set[str], int]:
    vectors = embedding.embed([f"{d['title'] or ''}\n{d['text']}" for d in new_docs])
    names: dict[str, Counter[str]] = defaultdict(Counter)
    raw_names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    doc_ids = [d["id"] for d in new_docs]
    for m in store.query(
        "SELECT document_id, type, name FROM mentions WHERE document_id IN (SELECT value FROM json_each(?))",
        (json.dumps(doc_ids),),
    ):
        names[m["document_id"]][entity_key(linker, m["type"], m["name"])] += 1
        raw_names[m["document_id"]].add((m["type"], m["name"]))
    for d in new_docs:
        names[d["id"]].update(stories.text_names(d["title"], d["text"]))
    docs = [
        stories.StoryDoc(d["id"], day_of(d["published"]), vectors[i], names[d["id"]], d["title"])
        for i, d in enumerate(new_docs)
    ]
    spellings = {a for d in new_docs for n in raw_names[d["id"]] for a in _spellings(linker, *n)}
    frequency = _local_frequency(store, linker, spellings, docs, settings.story_window_days)
    existing = _load_stories(store, docs, linker, settings)
    before = {s.id for s in existing}
    placed = stories.assign(
        docs, existing, frequency.weight, settings.story_threshold, settings.story_window_days
    )
    changed = [s for s in existing if s.changed]
    for s in changed:
        conn.execute(
            "INSERT INTO stories (id, label, first_date, last_date, size, centroid) "
            "VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET label = excluded.label, first_date = excluded.first_date, "
            "last_date = excluded.last_date, size = excluded.size, centroid = excluded.centroid",
            (
                s.id,
                s.label,
                s.first.isoformat() if s.first else None,
                s.last.isoformat() if s.last else None,
                s.size,
                embedding.to_blob(s.vsum),
            ),
        )
    conn.executemany(
        "INSERT OR REPLACE INTO story_documents (document_id, story_id, score) VALUES (?, ?, ?)", placed
    )
    conn.executemany(
        "INSERT OR REPLACE INTO document_vectors (document_id, vector) VALUES (?, ?)",
        [(d.id, embedding.to_blob(d.vector)) for d in docs],
    )
    return {s.id for s in changed}, len({s.id for s in changed} - before)


def _local_frequency(
    store: Store,
    linker: entities.EntityLinker,
    spellings: set[str],
    docs: list[stories.StoryDoc],
    window: int,
) -> stories.LocalFrequency:
    """Reports per day, and reports per day that use each of the new reports' names (in every spelling),
    over the days within the window of a new report (all days when one is undated)."""
    days = [d.day for d in docs if d.day is not None]
    where, params = "", []
    if days and len(days) == len(docs):
        lo, hi = widen(min(days), max(days), window)
        where, params = " AND d.published >= ? AND d.published < ?", [lo, hi + "~"]
    name_days: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for r in store.query(
        "SELECT m.type, m.name, substr(d.published, 1, 10) AS day, count(DISTINCT m.document_id) AS n "
        "FROM mentions m JOIN documents d ON d.id = m.document_id "
        f"WHERE m.name IN (SELECT value FROM json_each(?)){where} GROUP BY m.type, m.name, day",
        [json.dumps(sorted(spellings)), *params],
    ):
        name_days[entity_key(linker, r["type"], r["name"])][day_of(r["day"]) or date.min] += r["n"]
    # the words of the reports of those days (names the coder does not resolve: see stories.text_names)
    wanted = {k for d in docs for k in d.names if k.startswith("w:")}
    day_docs: dict[date, int] = defaultdict(int)
    for r in store.query(
        f"SELECT substr(published, 1, 10) AS day, title, substr(text, 1, {stories.HEAD_CHARS}) AS head "
        "FROM documents d WHERE 1" + where,
        params,
    ):
        day = day_of(r["day"]) or date.min
        day_docs[day] += 1
        for key in stories.text_names(r["title"], r["head"]).keys() & wanted:
            name_days[key][day] += 1
    return stories.LocalFrequency(name_days, day_docs, window)


def _load_stories(
    store: Store, docs: list[stories.StoryDoc], linker: entities.EntityLinker, settings: Settings
) -> list[stories.Story]:
    days = [d.day for d in docs if d.day is not None]
    sql, params = "SELECT * FROM stories", []
    if days and len(days) == len(docs):
        sql += " WHERE last_date IS NULL OR (last_date >= ? AND first_date <= ?)"
        params = list(widen(min(days), max(days), settings.story_window_days))
    out: dict[str, stories.Story] = {}
    for r in store.query(sql, params):
        out[r["id"]] = stories.Story(
            r["id"],
            embedding.from_blob(r["centroid"]).copy(),
            first=day_of(r["first_date"]),
            last=day_of(r["last_date"]),
            size=r["size"],
            label=r["label"],
        )
    if out:
        # a story's names count the reports that use each (as stories.Story.add does)
        used: set[tuple[str, str, str]] = set()
        for m in store.query(
            "SELECT sd.story_id, sd.document_id, m.type, m.name FROM mentions m JOIN story_documents sd "
            "ON sd.document_id = m.document_id WHERE sd.story_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(out)),),
        ):
            used.add((m["story_id"], m["document_id"], entity_key(linker, m["type"], m["name"])))
        for r in store.query(
            f"SELECT sd.story_id, sd.document_id, d.title, substr(d.text, 1, {stories.HEAD_CHARS}) AS head "
            "FROM story_documents sd JOIN documents d ON d.id = sd.document_id "
            "WHERE sd.story_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(out)),),
        ):
            used.update(
                (r["story_id"], r["document_id"], k) for k in stories.text_names(r["title"], r["head"])
            )
        for story_id, _, key in used:
            out[story_id].names[key] += 1
    return list(out.values())


# ---------------------------------------------------------------------------------------------- clusters
_EVENT_SQL = (
    "SELECT e.id, e.document_id, e.record, e.realis, e.event_type, e.date_start, e.date_end, "
    "(SELECT substr(published, 1, 10) FROM documents WHERE id = e.document_id) AS doc_day, "
    "s.root, sd.story_id FROM events e LEFT JOIN document_sources s ON s.document_id = e.document_id "
    "LEFT JOIN story_documents sd ON sd.document_id = e.document_id"
)


def _cluster_events(
    store: Store, conn: sqlite3.Connection, settings: Settings, refresh: set[str]
) -> tuple[set[str], int]:
    aliases = _alias_index(store)
    new_rows = list(
        store.query(
            _EVENT_SQL + " WHERE NOT EXISTS (SELECT 1 FROM cluster_members c WHERE c.event_id = e.id)"
        )
    )
    emptied = {
        r["id"]
        for r in store.query(
            "SELECT id FROM event_clusters c WHERE NOT EXISTS "
            "(SELECT 1 FROM cluster_members m WHERE m.cluster_id = c.id)"
        )
    }
    # clusters that lost members (a report replaced) keep their id but need their figures again
    shrunk = {
        r["id"]
        for r in store.query(
            "SELECT c.id FROM event_clusters c WHERE json_array_length(c.record, '$.members') != "
            "(SELECT count(*) FROM cluster_members m WHERE m.cluster_id = c.id)"
        )
    } - emptied
    if not new_rows and not emptied and not shrunk and not refresh:
        return set(), 0
    items = [event_item(r, aliases) for r in new_rows]
    window = settings.event_window_days
    open_clusters = _open_clusters(store, items, aliases, window)
    changed = cl.assign(items, open_clusters, window)
    touched = {c.id for c in changed} | shrunk | (refresh - emptied)
    members = _cluster_members(store, touched, items)
    conn.executemany("DELETE FROM event_clusters WHERE id = ?", [(c,) for c in emptied])
    for cid in sorted(touched):
        rows = members.get(cid, [])
        if not rows:
            conn.execute("DELETE FROM event_clusters WHERE id = ?", (cid,))
            continue
        rec = merged_record(cid, rows)
        conn.execute(
            # an upsert, not INSERT OR REPLACE: replacing the row would cascade to its members
            "INSERT INTO event_clusters (id, story_id, event_type, date, date_start, "
            "date_end, realis, reports, sources, independent_sources, record) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "story_id = excluded.story_id, event_type = excluded.event_type, date = excluded.date, "
            "date_start = excluded.date_start, date_end = excluded.date_end, realis = excluded.realis, "
            "reports = excluded.reports, sources = excluded.sources, "
            "independent_sources = excluded.independent_sources, record = excluded.record",
            (
                cid,
                rows[0]["story_id"],
                rows[0]["event_type"],
                rec.get("date"),
                min((r["date_start"] for r in rows if r["date_start"]), default=None),
                max((r["date_end"] for r in rows if r["date_end"]), default=None),
                rows[0]["realis"],
                rec["reports"],
                rec["sources"],
                rec["independent_sources"],
                json.dumps(rec, ensure_ascii=False),
            ),
        )
    conn.executemany(
        "INSERT OR REPLACE INTO cluster_members (event_id, cluster_id, score) VALUES (?, ?, NULL)",
        [(i.id, i.cluster) for i in items],
    )
    _checkpoint("clusters")
    _relink(store, conn, touched, aliases, settings)
    _checkpoint("links")
    return touched, len(items)


def _alias_index(store: Store) -> dict[str, str]:
    """folded person alias -> entity id (persons only: they decide "same named actor")."""
    out: dict[str, str] = {}
    for r in store.query(
        "SELECT a.alias, a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
        "WHERE e.type = 'PERSON'"
    ):
        out.setdefault(entities.fold(r["alias"]), r["entity_id"])
    return out


def _open_clusters(
    store: Store, items: list[cl.EventItem], aliases: dict[str, str], window: int
) -> list[cl.Cluster]:
    """Stored clusters that new items may join: same types, dates within the window."""
    if not items:
        return []
    types = sorted({i.etype for i in items})
    starts = [i.start for i in items if i.start is not None]
    where = "e.event_type IN (SELECT value FROM json_each(?))"
    params: list[Any] = [json.dumps(types)]
    if starts and len(starts) == len(items):
        where += (
            " AND (e.date_end IS NULL OR e.date_end >= ?) AND (e.date_start IS NULL OR e.date_start <= ?)"
        )
        ends = [i.end or i.start for i in items]
        params += widen(min(starts), max(e for e in ends if e), window)
    return _stored_clusters(store, where, params, aliases)


def _stored_clusters(
    store: Store, where: str, params: list[Any], aliases: dict[str, str]
) -> list[cl.Cluster]:
    """The stored clusters of the events matching ``where`` (over ``events e``), members in date order;
    loading them does not count as a change."""
    sql = _EVENT_SQL.replace("SELECT e.id,", "SELECT cm.cluster_id, e.id,", 1) + (
        " JOIN cluster_members cm ON cm.event_id = e.id"
    )
    if where:
        sql += " WHERE " + where
    by_cluster: dict[str, cl.Cluster] = {}
    for r in store.query(sql + " ORDER BY e.date_start, e.id", params):
        c = by_cluster.setdefault(r["cluster_id"], cl.Cluster(r["cluster_id"]))
        c.add(event_item(r, aliases))
        c.changed = False
    return list(by_cluster.values())


def _cluster_members(
    store: Store, cluster_ids: set[str], new_items: list[cl.EventItem]
) -> dict[str, list[dict[str, Any]]]:
    """Every member row (with its report's source and story) of the given clusters, new ones included."""
    new_of = {i.id: i.cluster for i in new_items}
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    sql = (
        _EVENT_SQL.replace(
            "SELECT e.id,",
            "SELECT cm.cluster_id, d.publication, d.published, EXISTS (SELECT 1 FROM claims k "
            "WHERE k.document_id = e.document_id AND k.sequence = e.sequence AND k.sourced = 0) "
            "AS unsourced, e.id,",
            1,
        )
        + " JOIN documents d ON d.id = e.document_id LEFT JOIN cluster_members cm ON cm.event_id = e.id "
        "WHERE cm.cluster_id IN (SELECT value FROM json_each(?)) OR e.id IN (SELECT value FROM json_each(?))"
    )
    for r in store.query(sql, (json.dumps(sorted(cluster_ids)), json.dumps(sorted(new_of)))):
        cid = new_of.get(r["id"]) or r["cluster_id"]
        if cid in cluster_ids:
            out[cid].append(r)
    for rows in out.values():
        rows.sort(key=lambda r: (r["published"] or "", r["document_id"], r["id"]))
    return out


def _relink(
    store: Store, conn: sqlite3.Connection, touched: set[str], aliases: dict[str, str], settings: Settings
) -> None:
    """Recomputes plan -> execution links among the clusters near the touched ones."""
    if not touched:
        return
    rows = list(
        store.query(
            "SELECT min(date_start) AS lo, max(date_end) AS hi FROM event_clusters "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(touched)),),
        )
    )
    lo, hi = (day_of(rows[0]["lo"]), day_of(rows[0]["hi"])) if rows else (None, None)
    where, params = "", []
    if lo is not None and hi is not None:
        where = "e.date_end >= ? AND e.date_start <= ?"
        params = list(widen(lo, hi, settings.plan_horizon_days))
    nearby = _stored_clusters(store, where, params, aliases)
    found = cl.links(nearby, plan_rules(), settings.plan_horizon_days)
    ids = json.dumps(sorted(c.id for c in nearby))
    conn.execute(
        "DELETE FROM cluster_links WHERE cluster_id IN (SELECT value FROM json_each(?)) "
        "OR other_id IN (SELECT value FROM json_each(?))",
        (ids, ids),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO cluster_links (cluster_id, other_id, relation) VALUES (?, ?, ?)", found
    )


# ---------------------------------------------------------------------------------------------- discrepancies
def _discrepancies(store: Store, conn: sqlite3.Connection, story_ids: set[str]) -> int:
    if not story_ids:
        return 0
    # the stories of the same days: one event two stories tell has its figures compared across them
    span = next(
        store.query(
            "SELECT min(first_date) AS lo, max(last_date) AS hi FROM stories "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(story_ids)),),
        )
    )
    if span["lo"] and span["hi"]:
        story_ids = story_ids | {
            r["id"]
            for r in store.query(
                "SELECT id FROM stories WHERE last_date >= ? AND first_date <= ?", (span["lo"], span["hi"])
            )
        }
    ids = json.dumps(sorted(story_ids))
    found = disc.find(store, sorted(story_ids))
    conn.execute(
        "DELETE FROM discrepancies WHERE story_id IN (SELECT value FROM json_each(?)) OR (kind = 'number' "
        "AND EXISTS (SELECT 1 FROM json_each(record, '$.stories') j WHERE j.value IN "
        "(SELECT value FROM json_each(?))))",
        (ids, ids),
    )
    conn.executemany(
        "INSERT OR REPLACE INTO discrepancies (id, story_id, cluster_id, kind, what, record) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(d["id"], d["story"], d.get("event_cluster"), d["kind"], d["what"], json.dumps(d)) for d in found],
    )
    return len(found)
