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
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..settings import MergeSettings, Settings
from ..store import Store
from ..store import merge_tables as tables
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
    store: Store, settings: MergeSettings | Settings, progress: Callable[[str], None] | None = None
) -> MergeReport:
    """Merges what is new in ``store``, in one transaction; ``progress`` is told each stage as it starts.
    ``settings``: the merge's part of the settings (or all of them)."""
    if isinstance(settings, Settings):
        settings = MergeSettings.of(settings)
    report = MergeReport()
    say = progress or (lambda _msg: None)
    clock = time.perf_counter()

    def stage(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.stages[name] = round(now - clock, 3)
        clock = now

    overrides = registry.load_overrides(settings.actor_overrides)
    with tables.merge_transaction(store):
        say("merge: actor registry")
        learned = registry.update(store, overrides)
        report.actors, report.codes_from_registry = learned.actors, learned.filled
        _checkpoint("registry")
        stage("registry")
        touched_stories, rederived = _merge_reports(store, settings, report, say)
        stage("reports")
        say("merge: event clusters")
        refresh = learned.refresh | _clusters_of_documents(store, rederived)
        touched_stories |= _merge_events(store, settings, report, refresh)
        stage("event_clusters")
        say("merge: discrepancies")
        report.discrepancies = _discrepancies(store, touched_stories)
        _checkpoint("discrepancies")
    _checkpoint("commit")
    if report.documents or report.events:
        store.optimize()  # fresh statistics for the readers (the API's filters lean on them)
    _checkpoint("optimize")
    stage("discrepancies")
    return report


def _merge_reports(
    store: Store,
    settings: MergeSettings,
    report: MergeReport,
    say: Callable[[str], None],
) -> tuple[set[str], set[str]]:
    """Entities, sources and stories of the reports without a story; returns the stories they touch and
    the earlier reports whose derivation the new ones revised."""
    new_docs = tables.unmerged_documents(store)
    report.documents = len(new_docs)
    if not new_docs:
        return set(), set()
    say(f"merge: {len(new_docs)} new reports: sources, entities, stories")
    linker = _link_entities(store, [d["id"] for d in new_docs])
    report.entities = sum(1 for e in linker.entities if e.changed)
    _checkpoint("entities")
    rederived = _derive_sources(store, new_docs, settings)
    _checkpoint("sources")
    touched, report.stories_new = _assign_stories(store, new_docs, linker, settings)
    report.stories_touched = len(touched)
    _checkpoint("stories")
    return touched, rederived


def _merge_events(store: Store, settings: MergeSettings, report: MergeReport, refresh: set[str]) -> set[str]:
    """Clusters (and plan links) of the events without a cluster, and the merged records of the clusters in
    ``refresh`` (a member's record changed); returns the stories of changed clusters."""
    changed_clusters, report.events = _cluster_events(store, settings, refresh)
    report.clusters_touched = len(changed_clusters)
    return tables.stories_of_clusters(store, changed_clusters)


# ---------------------------------------------------------------------------------------------- entities
def _link_entities(store: Store, doc_ids: list[str]) -> entities.EntityLinker:
    known: dict[str, entities.EntityState] = {}
    for row in tables.entities(store):
        known[row["id"]] = entities.EntityState(
            row["id"], row["type"], row["name"], row["code"], row["sector"]
        )
    for row in tables.entity_aliases(store):
        e = known.get(row["entity_id"])
        if e is not None:
            e.aliases[row["alias"]] = row["evidence"] or ""
    linker = entities.EntityLinker(list(known.values()))
    groups: dict[tuple[str, str], entities.NameGroup] = {}
    for m in tables.mentions_of(store, doc_ids):
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
        # an alias's documents are an addition: the new reports were never counted (they are new, and
        # the merge that counts them is one transaction)
        tables.save_entity(
            store,
            (e.id, e.name, e.type, e.code, e.sector),
            [(alias, len(e.alias_docs.get(alias, set())), ev) for alias, ev in e.aliases.items()],
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
def _derive_sources(store: Store, new_docs: list[dict[str, Any]], settings: MergeSettings) -> set[str]:
    """Derivations of the new reports, and of earlier ones the new reports show to be derived (returned)."""
    days = [d for d in (day_of(x["published"]) for x in new_docs) if d is not None]
    window = widen(min(days), max(days), settings.story_window_days) if days else None
    earlier = {
        r["id"]: (
            sources.SourceDoc(r["id"], r["text"], r["publication"], r["published"]),
            sources.Derivation(
                r["id"], r["outlet"], r["derived_from"], r["derivation"], r["evidence"], r["root"]
            ),
        )
        for r in tables.derivations(store, window)
    }
    new = [sources.SourceDoc(d["id"], d["text"], d["publication"], d["published"]) for d in new_docs]
    derived = sources.derive(new, earlier, settings.near_duplicate, settings.story_window_days)
    tables.save_derivations(
        store, [(d.document_id, d.outlet, d.derived_from, d.kind, d.evidence, d.root) for d in derived]
    )
    new_ids = {d.id for d in new}
    revised = {d.document_id: d.root for d in derived if d.document_id not in new_ids}
    followers: set[str] = set()
    for doc_id, root in sorted(revised.items()):
        # the copies of a report now known to be derived count as what it derives from
        followers |= tables.copies_of(store, doc_id)
        tables.set_root_of_copies(store, doc_id, root)
    return set(revised) | followers


def _clusters_of_documents(store: Store, doc_ids: set[str]) -> set[str]:
    """The event clusters of these reports' records (their merged records count sources again)."""
    if not doc_ids:
        return set()
    return tables.clusters_of_documents(store, doc_ids)


# ---------------------------------------------------------------------------------------------- stories
def _assign_stories(
    store: Store,
    new_docs: list[dict[str, Any]],
    linker: entities.EntityLinker,
    settings: MergeSettings,
) -> tuple[set[str], int]:
    vectors = embedding.embed([f"{d['title'] or ''}\n{d['text']}" for d in new_docs])
    names: dict[str, Counter[str]] = defaultdict(Counter)
    raw_names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    doc_ids = [d["id"] for d in new_docs]
    for m in tables.mention_names(store, doc_ids):
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
        tables.save_story(
            store,
            (
                s.id,
                s.label,
                s.first.isoformat() if s.first else None,
                s.last.isoformat() if s.last else None,
                s.size,
                embedding.to_blob(s.vsum),
            ),
        )
    tables.save_story_documents(store, placed)
    tables.save_document_vectors(store, [(d.id, embedding.to_blob(d.vector)) for d in docs])
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
    published: tuple[str, str] | None = None
    if days and len(days) == len(docs):
        lo, hi = widen(min(days), max(days), window)
        published = (lo, hi + "~")
    name_days: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for r in tables.name_days(store, spellings, published):
        name_days[entity_key(linker, r["type"], r["name"])][day_of(r["day"]) or date.min] += r["n"]
    # the words of the reports of those days (names the coder does not resolve: see stories.text_names)
    wanted = {k for d in docs for k in d.names if k.startswith("w:")}
    day_docs: dict[date, int] = defaultdict(int)
    for r in tables.document_heads(store, stories.HEAD_CHARS, published):
        day = day_of(r["day"]) or date.min
        day_docs[day] += 1
        for key in stories.text_names(r["title"], r["head"]).keys() & wanted:
            name_days[key][day] += 1
    return stories.LocalFrequency(name_days, day_docs, window)


def _load_stories(
    store: Store, docs: list[stories.StoryDoc], linker: entities.EntityLinker, settings: MergeSettings
) -> list[stories.Story]:
    days = [d.day for d in docs if d.day is not None]
    window = None
    if days and len(days) == len(docs):
        window = widen(min(days), max(days), settings.story_window_days)
    out: dict[str, stories.Story] = {}
    for r in tables.stories_in(store, window):
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
        for m in tables.story_mention_names(store, list(out)):
            used.add((m["story_id"], m["document_id"], entity_key(linker, m["type"], m["name"])))
        for r in tables.story_document_heads(store, list(out), stories.HEAD_CHARS):
            used.update(
                (r["story_id"], r["document_id"], k) for k in stories.text_names(r["title"], r["head"])
            )
        for story_id, _, key in used:
            out[story_id].names[key] += 1
    return list(out.values())


# ---------------------------------------------------------------------------------------------- clusters
def _cluster_events(store: Store, settings: MergeSettings, refresh: set[str]) -> tuple[set[str], int]:
    aliases = _alias_index(store)
    new_rows = tables.unclustered_events(store)
    emptied = tables.emptied_clusters(store)
    # clusters that lost members (a report replaced) keep their id but need their figures again
    shrunk = tables.shrunk_clusters(store) - emptied
    if not new_rows and not emptied and not shrunk and not refresh:
        return set(), 0
    items = [event_item(r, aliases) for r in new_rows]
    window = settings.event_window_days
    open_clusters = _open_clusters(store, items, aliases, window)
    changed = cl.assign(items, open_clusters, window)
    touched = {c.id for c in changed} | shrunk | (refresh - emptied)
    members = _cluster_members(store, touched, items)
    tables.delete_clusters(store, emptied)
    for cid in sorted(touched):
        rows = members.get(cid, [])
        if not rows:
            tables.delete_clusters(store, [cid])
            continue
        rec = merged_record(cid, rows)
        tables.save_cluster(
            store,
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
    tables.save_cluster_members(store, [(i.id, i.cluster) for i in items])
    _checkpoint("clusters")
    _relink(store, touched, aliases, settings)
    _checkpoint("links")
    return touched, len(items)


def _alias_index(store: Store) -> dict[str, str]:
    """folded person alias -> entity id (persons only: they decide "same named actor")."""
    out: dict[str, str] = {}
    for r in tables.person_aliases(store):
        out.setdefault(entities.fold(r["alias"]), r["entity_id"])
    return out


def _open_clusters(
    store: Store, items: list[cl.EventItem], aliases: dict[str, str], window: int
) -> list[cl.Cluster]:
    """Stored clusters that new items may join: same types, dates within the window."""
    if not items:
        return []
    types = {i.etype for i in items}
    starts = [i.start for i in items if i.start is not None]
    dates = None
    if starts and len(starts) == len(items):
        ends = [i.end or i.start for i in items]
        dates = widen(min(starts), max(e for e in ends if e), window)
    return _stored_clusters(tables.clustered_events_of_types(store, types, dates), aliases)


def _stored_clusters(rows: Iterable[dict[str, Any]], aliases: dict[str, str]) -> list[cl.Cluster]:
    """The stored clusters of clustered event rows (in date order); loading them does not count as a
    change."""
    by_cluster: dict[str, cl.Cluster] = {}
    for r in rows:
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
    for r in tables.cluster_member_rows(store, cluster_ids, new_of):
        cid = new_of.get(r["id"]) or r["cluster_id"]
        if cid in cluster_ids:
            out[cid].append(r)
    for rows in out.values():
        rows.sort(key=lambda r: (r["published"] or "", r["document_id"], r["id"]))
    return out


def _relink(store: Store, touched: set[str], aliases: dict[str, str], settings: MergeSettings) -> None:
    """Recomputes plan -> execution links among the clusters near the touched ones."""
    if not touched:
        return
    first, last = tables.cluster_span(store, touched)
    lo, hi = day_of(first), day_of(last)
    dates = widen(lo, hi, settings.plan_horizon_days) if lo is not None and hi is not None else None
    nearby = _stored_clusters(tables.clustered_events_within(store, dates), aliases)
    found = cl.links(nearby, plan_rules(), settings.plan_horizon_days)
    tables.replace_links(store, [c.id for c in nearby], found)


# ---------------------------------------------------------------------------------------------- discrepancies
def _discrepancies(store: Store, story_ids: set[str]) -> int:
    if not story_ids:
        return 0
    # the stories of the same days: one event two stories tell has its figures compared across them
    lo, hi = tables.story_span(store, story_ids)
    if lo and hi:
        story_ids = story_ids | tables.stories_overlapping(store, lo, hi)
    found = disc.find(store, sorted(story_ids))
    tables.replace_discrepancies(
        store,
        story_ids,
        [(d["id"], d["story"], d.get("event_cluster"), d["kind"], d["what"], json.dumps(d)) for d in found],
    )
    return len(found)
