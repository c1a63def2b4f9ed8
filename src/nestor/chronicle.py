"""``nestor.Chronicle``: a store of coded news reports, as a Python object.

    >>> from nestor import Chronicle
    >>> chronicle = Chronicle("demo.db")
    >>> chronicle.ingest("samples/kazakhstan-2022")          # read, code, store, merge
    >>> chronicle.events(country="Kazakhstan", type="PROTEST").to_pandas()

Everything the ``nestor`` command and the web app do goes through this class: ingesting (read, code,
store, then merge: written once, here), merging, and every listing. Listings return
:class:`~nestor.results.Results` (iterate them, or ``.to_pandas()`` / ``.to_arrow()``); their filters
are those of :mod:`nestor.filters`, named as on the command line.

A Chronicle opens nothing until it is used. Readings go through a read-only connection per thread;
``ingest`` and ``merge`` open the store as its one writer for the time they run (waiting up to ``wait``
seconds for another writer). ``Chronicle(":memory:")`` keeps one store in memory for its lifetime.
"""

from __future__ import annotations

import itertools
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import IO, TYPE_CHECKING, Any

from .errors import InputError, ParseError
from .export_schema import tidy_merged
from .filters import event_query
from .ingest_run import Coder as CodeFunction
from .ingest_run import IngestReport, ingest_items, run_ingest
from .models import Document
from .results import Results
from .settings import MergeSettings, Settings, load_settings
from .store import Store
from .store.event_query import EventQuery, count_events, select_events
from .store.readers import ReadStore

if TYPE_CHECKING:
    from .merge.run import MergeReport

MEMORY = ":memory:"
ENTITY_TYPES = ("PERSON", "ORG", "PLACE")
ACTOR_TYPES = ("PERSON", "ORG")
Config = Settings | str | os.PathLike[str] | Mapping[str, Any] | None


def resolve_config(config: Config, db: str | os.PathLike[str] | None = None) -> Settings:
    """Settings from a :class:`Settings`, a TOML settings file, a mapping of setting values or None
    (the defaults), with ``db`` set when given. The library reads no ``NESTOR_*`` environment variable:
    the command line resolves those and passes its Settings."""
    if isinstance(config, Settings):
        settings = config
    elif isinstance(config, (str, os.PathLike)):
        settings = load_settings(config, env={})
    else:
        settings = load_settings(env={}, origin="the config mapping", **dict(config or {}))
    return settings if db is None else settings.with_overrides(db=str(db))


@dataclass(slots=True)
class IngestResult:
    """What :meth:`Chronicle.ingest` did: the run's counts and, when it merged, the merge's."""

    report: IngestReport
    merge: MergeReport | None = None

    @property
    def ok(self) -> bool:
        return self.report.ok

    def as_dict(self) -> dict[str, Any]:
        return {**self.report.as_dict(), "merge": self.merge.as_dict() if self.merge else None}

    def summary(self) -> str:
        return self.report.summary()


class Chronicle:
    """The events of the reports in one store, and how to add to them (see the module's help).

    A Chronicle over a file may be used from several threads: each thread reads through its own
    read-only connection, closed when the thread ends. ``Chronicle(":memory:")`` keeps its store in one
    SQLite connection, which only the thread that first used it may use (another thread gets
    ``sqlite3.ProgrammingError``): use a file to share a store between threads."""

    def __init__(
        self,
        db: str | os.PathLike[str] | None = None,
        config: Config = None,
        *,
        code: CodeFunction | None = None,
        wait: float = 0.0,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = resolve_config(config, db)
        self.db = self.settings.db
        self._code = code  # replaces nestor's coder (tests, or a coder of your own)
        self.wait = wait
        self.on_wait = on_wait
        self._readers: ReadStore | None = None
        self._memory: Store | None = None
        self._lock = threading.Lock()

    # -- opening -----------------------------------------------------------------------------------

    def __enter__(self) -> Chronicle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes the connections this object opened (it opens them again when used)."""
        with self._lock:
            if self._readers is not None:
                self._readers.close()
                self._readers = None
            if self._memory is not None:
                self._memory.close()
                self._memory = None

    def __repr__(self) -> str:
        return f"Chronicle({self.db!r})"

    @property
    def readers(self) -> ReadStore:
        """The per-thread read-only stores (opened on first use: StoreError when there is no store)."""
        with self._lock:
            if self._readers is None:
                self._readers = ReadStore(self.db, wait=self.wait, on_wait=self.on_wait)
            return self._readers

    def reader(self) -> Store:
        """This thread's read-only store."""
        if self.db == MEMORY:
            return self._memory_store()
        return self.readers.get()

    def _memory_store(self) -> Store:
        with self._lock:
            if self._memory is None:
                self._memory = Store.open(MEMORY)
            return self._memory

    @contextmanager
    def writer(self, create: bool = True) -> Iterator[Store]:
        """The store opened for writing (its writer lock held) for the time of the ``with`` block."""
        if self.db == MEMORY:
            yield self._memory_store()
            return
        store = Store.open(self.db, create=create, wait=self.wait, on_wait=self.on_wait)
        try:
            yield store
        finally:
            store.close()

    # -- writing -------------------------------------------------------------------------------------

    def ingest(
        self,
        source: str
        | os.PathLike[str]
        | Sequence[str | os.PathLike[str]]
        | Iterable[Mapping[str, Any] | Document],
        *,
        merge: bool = True,
        progress: Callable[[IngestReport], None] | bool | None = None,
        on_error: Callable[[InputError], None] | None = None,
        on_warning: Callable[[InputError], None] | None = None,
        on_merge: Callable[[str], None] | None = None,
        stdin: IO[bytes] | None = None,
        name: str = "records",
        label: str = "record",
    ) -> IngestResult:
        """Reads, codes and stores reports, then (``merge``) links them with the store's stories, events
        and entities.

        ``source`` is a path (a file or folder of JSONL, JSON, CSV/TSV, text or HTML files, ``"-"`` for
        ``stdin``), a list of paths, or an iterable of records: dicts with ``text`` and optionally
        ``id``, ``title``, ``url``, ``published``, ``publication``, ``language`` (or :class:`Document`
        objects). A record that cannot be used is reported to ``on_error`` as ``NAME:N: label N: why``
        and logged; the others are stored. ``progress`` is called with the running counts
        (:class:`~nestor.ingest_run.IngestReport`: ``total``, ``percent``, ``eta`` when the inputs can be
        counted); ``progress=True`` writes them on stderr (a line every few seconds in a notebook).
        ``on_merge`` is told each merge stage as it starts.
        """
        if isinstance(source, (Mapping, Document)):
            source = [source]  # one record
        line = None
        if progress is True:
            from .progress import for_stream

            line = for_stream(sys.stderr, True)
            progress = line
        elif progress is False:
            progress = None
        try:
            return self._ingest(source, merge, progress, on_error, on_warning, on_merge, stdin, name, label)
        finally:
            if line is not None:
                line.clear()

    def _ingest(
        self,
        source: Any,
        merge: bool,
        progress: Callable[[IngestReport], None] | None,
        on_error: Callable[[InputError], None] | None,
        on_warning: Callable[[InputError], None] | None,
        on_merge: Callable[[str], None] | None,
        stdin: IO[bytes] | None,
        name: str,
        label: str,
    ) -> IngestResult:
        paths = _paths(source)
        total: int | None = None
        if paths is None:
            total = len(source) if isinstance(source, Sized) else None
            source = _peeked(source)
            if source is None and self.db != MEMORY and not os.path.exists(self.db):
                return IngestResult(IngestReport(read=0, total=0))  # nothing to store: no store made
        with self.writer() as store:
            if paths is not None:
                report = run_ingest(
                    paths,
                    self.settings,
                    store,
                    progress=progress,
                    on_error=on_error,
                    on_warning=on_warning,
                    stdin=stdin,
                    code=self._code,
                )
            else:
                items = self._documents(source or (), name, label)
                args = {"paths": [name], "model": self.settings.model, "workers": self.settings.workers}
                report = ingest_items(
                    items,
                    self.settings,
                    store,
                    progress=progress,
                    on_error=on_error,
                    on_warning=on_warning,
                    code=self._code,
                    args=args,
                    total=total,
                )
            merged = self._merge(store, on_merge) if merge else None
        return IngestResult(report, merged)

    def _documents(
        self, records: Iterable[Mapping[str, Any] | Document], name: str, label: str
    ) -> Iterator[Document | InputError]:
        from .ingest.records import make_document

        for i, record in enumerate(records, 1):
            if isinstance(record, Document):
                yield record
            elif isinstance(record, Mapping):
                yield make_document(record, self.settings, source=name, line=i, label=f"{label} {i}: ")
            else:
                yield ParseError(f"{label} {i} is not an object with a 'text' field", name, i)

    def merge(self, progress: Callable[[str], None] | None = None) -> MergeReport:
        """Links the reports not merged yet: stories, sources, entities, event clusters, discrepancies."""
        with self.writer(create=False) as store:
            return self._merge(store, progress)

    def _merge(self, store: Store, progress: Callable[[str], None] | None) -> MergeReport:
        from .merge import merge_store

        return merge_store(store, MergeSettings.of(self.settings), progress=progress)  # the merge's part

    # -- events --------------------------------------------------------------------------------------

    def events(self, *, merged: bool = False, min_sources: int = 1, **filters: Any) -> Results:
        """The events matching every filter (:data:`nestor.filters.EVENT_FILTERS`: ``country``,
        ``type``, ``actor``, ``since`` … and ``sort``, ``desc``, ``limit``, ``offset``).

        ``merged=True`` gives one record per real event (event cluster) instead, with every report that
        tells it: the clusters of the matching events with at least ``min_sources`` independent sources
        (``limit``/``offset`` then page the clusters, ``sort``/``desc`` order them by their first
        matching event in that order). No matching event, no cluster."""
        if not merged:
            query = _query(filters)
            return Results("events", lambda: select_events(self.reader(), query))
        query = _query(filters)
        limit, offset = query.limit, query.offset
        query = replace(query, limit=None, offset=0)

        def clusters() -> list[dict[str, Any]]:
            from .merge import views

            store = self.reader()
            wanted = [r["event_cluster"] for r in select_events(store, query) if r.get("event_cluster")]
            ids = list(dict.fromkeys(wanted))  # in the query's order (sort, desc)
            if not ids:  # an empty list would read as "no filter" below: every cluster
                return []
            rank = {cid: i for i, cid in enumerate(ids)}
            records = views.clusters(store, ids=ids, min_sources=min_sources)
            records.sort(key=lambda r: rank.get(r.get("event_cluster") or "", len(rank)))
            end = None if limit is None else offset + limit
            return [tidy_merged(r) for r in records[offset:end]]

        return Results("events", clusters)

    def count(self, **filters: Any) -> int:
        """How many events match the filters (``limit`` and ``offset`` aside)."""
        filters.pop("limit", None)
        filters.pop("offset", None)
        query = _query(filters)
        if query.limit is not None or query.offset:
            query = replace(query, limit=None, offset=0)
        return count_events(self.reader(), query)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event record (with its cluster's figures once merged), or None."""
        from .store.event_query import event_document

        store = self.reader()
        document = event_document(store, event_id)
        if document is None:
            return None
        query = EventQuery(documents=(document,))
        return next((r for r in select_events(store, query) if r["id"] == event_id), None)

    def page_json(self, **filters: Any) -> list[str]:
        """The matching records as JSON text, as stored (for a server that splices them into its
        answer without decoding them)."""
        from .store.event_query import page_of_records

        return page_of_records(self.reader(), _query(filters))

    def counts(self, by: str | Sequence[str] = "day", **filters: Any) -> Results:
        """Matching events counted by ``by``: day, month, type, quad, realis, attributed, country (one or
        several, ``"type,country"``)."""
        from .store.event_query import count_by

        keys = [k.strip() for k in by.split(",") if k.strip()] if isinstance(by, str) else list(by)
        query = _query(filters)
        return Results("counts", lambda: count_by(self.reader(), query, keys))

    def network(self, by: str = "name", top: int = 60, **filters: Any) -> dict[str, Any]:
        """Who acts on whom among the matching events: nodes and the ``top`` heaviest edges."""
        from .store.event_query import network

        return network(self.reader(), _query(filters), by, top)

    def locations(self, **filters: Any) -> Results:
        """The places of the matching events, with counts by quad class."""
        from .store.event_query import locations

        query = _query(filters)
        return Results("locations", lambda: locations(self.reader(), query))

    def summary(self) -> dict[str, Any]:
        """Documents, events, first and last date, and whether the store was merged."""
        from .store.event_query import store_summary

        return store_summary(self.reader())

    # -- documents and the log ----------------------------------------------------------------------

    def documents(self, limit: int | None = None, offset: int = 0, sources: bool = True) -> Results:
        """The documents (without their text) with their events and, once merged (and ``sources``),
        what they derive from."""

        def rows() -> Iterator[dict[str, Any]]:
            from .merge import views

            store = self.reader()
            if not sources:
                yield from store.documents(limit, offset)
                return
            derivation = views.document_sources(store)
            for row in store.documents(limit, offset):
                d = derivation.get(row["id"]) or {}
                yield {
                    **row,
                    "derived_from": d.get("derived_from"),
                    "derivation": d.get("derivation"),
                    "evidence": d.get("evidence"),
                    "independent_source": d.get("root"),
                }

        return Results("documents", rows)

    def document_count(self) -> int:
        from .store.event_query import document_count

        return document_count(self.reader())

    def document(self, document_id: str) -> dict[str, Any] | None:
        """One document with its text (None when the store has none by that id)."""
        return self.reader().get_document(document_id)

    def log(self, failed: bool = False, run: int | str | None = None, limit: int | None = None) -> Results:
        """The ingest log, oldest first: ``failed`` only what was not stored; ``run`` a run id or "last"."""

        def rows() -> Iterator[dict[str, Any]]:
            store = self.reader()
            run_id = self._run_id(store, run)
            for row in store.log_entries(failed_only=failed, run_id=run_id, limit=limit):
                source = row["source"]
                where = (
                    f"{source}:{row['line']}" if source is not None and row["line"] is not None else source
                )
                error = ": ".join(p for p in (row["error_code"], row["message"]) if p) or None
                yield {**row, "where": where, "error": error}

        return Results("log", rows)

    @staticmethod
    def _run_id(store: Store, run: int | str | None) -> int | None:
        if run is None or isinstance(run, int):
            return run
        if run == "last":
            runs = list(store.runs())
            return runs[-1]["id"] if runs else -1
        from .store.event_query import QueryError

        try:
            return int(run)
        except ValueError:
            raise QueryError(f"run must be a run number or 'last'; got {run!r}") from None

    # -- cross-report views (after merging) ---------------------------------------------------------

    def stories(self, limit: int | None = None, offset: int = 0) -> Results:
        """Stories: groups of reports about the same crisis, with their outlets and dates."""
        return self._view("stories", "stories", limit, offset)

    def clusters(
        self, story: str | None = None, min_sources: int = 1, limit: int | None = None, offset: int = 0
    ) -> Results:
        """Event clusters: one record per real event, with every report that tells it."""
        return self._view(
            "clusters", "clusters", story=story, min_sources=min_sources, limit=limit, offset=offset
        )

    def discrepancies(self, story: str | None = None) -> Results:
        """Where reports of the same event or statement disagree: numbers, dates, lists."""
        return self._view("discrepancies", "discrepancies", story)

    def claims(
        self, unsourced: bool | None = None, story: str | None = None, document: str | None = None
    ) -> Results:
        """Claims: named sources' statements and the outlets' own unsourced ones (``unsourced=True``)."""
        return self._view("claims", "claims", unsourced=unsourced, story=story, document=document)

    def entities(self, type: str | None = None, limit: int | None = None, offset: int = 0) -> Results:
        """Canonical persons, organisations and places with their aliases and evidence (``type``:
        PERSON, ORG or PLACE, any case; QueryError for another)."""
        return self._view("entities", "entities", _kind(type, ENTITY_TYPES), limit, offset)

    def actors(
        self,
        type: str | None = None,
        name: str | None = None,
        code: Sequence[str] = (),
        limit: int | None = None,
        offset: int = 0,
    ) -> Results:
        """The actor registry: persons and organisations with their code, sector, office and dates
        (``type``: PERSON or ORG, any case)."""
        kind = _kind(type, ACTOR_TYPES)
        return self._view("actors", "actors", kind, name, tuple(code), limit, offset)

    def actor_evidence(self, name: str, type: str | None = None) -> Results:
        """What each report said about the actor ``name``, with dates and disagreements."""
        return self._view("actor_evidence", "actor_evidence", name, _kind(type, ACTOR_TYPES))

    def document_sources(self) -> dict[str, dict[str, Any]]:
        """Where each report's text comes from (outlet, derived from, root), by document id."""
        from .merge import views

        return views.document_sources(self.reader())

    def _view(self, kind: str, view: str, *args: Any, **kwargs: Any) -> Results:
        def rows() -> list[dict[str, Any]]:
            from .merge import views

            result: list[dict[str, Any]] = getattr(views, view)(self.reader(), *args, **kwargs)
            return [tidy_merged(r) for r in result] if view == "clusters" else result

        return Results(kind, rows)


def _query(filters: dict[str, Any]) -> EventQuery:
    """The EventQuery of filter values, or the one given as ``query=`` (a server's, already checked)."""
    query = filters.pop("query", None)
    if query is None:
        return event_query(filters)
    if filters:
        raise TypeError("give either query= or filters, not both")
    assert isinstance(query, EventQuery)
    return query


def _kind(value: str | None, allowed: tuple[str, ...]) -> str | None:
    """An entity type filter in capitals; QueryError for one no entity has."""
    if value is None or value == "":
        return None
    kind = str(value).strip().upper()
    if kind not in allowed:
        from .store.event_query import QueryError

        raise QueryError(f"type must be one of {', '.join(allowed)}; got {value!r}")
    return kind


def _peeked(records: Iterable[Any]) -> Iterable[Any] | None:
    """``records`` as an iterable again after looking at its first item; None when it has none."""
    iterator = iter(records)
    for first in iterator:
        return itertools.chain([first], iterator)
    return None


def _paths(source: Any) -> list[str] | None:
    """The paths ``source`` names, or None when it is records."""
    if isinstance(source, (str, os.PathLike)):
        return [os.fspath(source)]
    if (
        isinstance(source, (list, tuple))
        and source
        and all(isinstance(s, (str, os.PathLike)) for s in source)
    ):
        return [os.fspath(s) for s in source]
    return None


__all__ = ["Chronicle", "IngestResult", "resolve_config"]
