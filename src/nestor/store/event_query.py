"""Finding events in the store: :class:`EventQuery` (filters, order, paging) and :func:`select_events`.

Filters combine with AND; a filter given several values (``types=("PROTEST", "ASSAULT")``) matches any of
them. Dates: an event known only to the month or year matches ``since``/``until`` when that period
overlaps the range (``2022-01`` is inside ``since="2022-01-15"``); ``since``/``until`` themselves may be a
year, a month or a day (``until="2022"`` runs to 2022-12-31). Events without a date match no date filter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import NestorError
from .rows import date_bounds
from .sqlite import Store

REALIS = ("actual", "planned", "possible", "negated")
ROLES = ("actor", "recipient", "claimant")
SORTS: dict[str, str] = {
    "date": "e.date_start IS NULL, e.date_start, e.date_end, e.document_id, e.sequence, e.id",
    "type": "e.event_type IS NULL, e.event_type, e.date_start IS NULL, e.date_start, e.document_id, "
    "e.sequence, e.id",
    "document": "e.document_id, e.sequence, e.sent_start, e.id",
}
_DAY_OR_LESS = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_OFFSET = 2**63 - 1  # SQLite's largest integer: the bound of LIMIT and OFFSET


class QueryError(NestorError):
    """A filter has a value no event can have (an unknown type, a malformed date ...)."""


def plover_types() -> frozenset[str]:
    from ..coding.ontology import get_ontology

    return frozenset(get_ontology().types)


def _upper_all(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip().upper() for v in values if v.strip())


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Which events, in what order. Values are normalised and checked on construction (QueryError)."""

    country: tuple[str, ...] = ()  # ISO alpha-3 (or PLOVER non-state code) of an actor or recipient
    role: str | None = None  # restricts ``country`` to actor, recipient or claimant
    actor: tuple[str, ...] = ()  # actor code or identifier text
    recipient: tuple[str, ...] = ()  # recipient code or identifier text
    types: tuple[str, ...] = ()  # PLOVER event types, any case
    quad: tuple[int, ...] = ()
    realis: tuple[str, ...] = ()
    attributed: bool | None = None
    since: str | None = None
    until: str | None = None
    documents: tuple[str, ...] = ()
    text: str | None = None  # words in the sentence (SQL LIKE, case-insensitive for ASCII)
    stories: tuple[str, ...] = ()  # events of the reports in these stories (merge step)
    clusters: tuple[str, ...] = ()  # events in these event clusters (merge step)
    limit: int | None = None
    offset: int = 0
    sort: str = "date"
    descending: bool = False
    _bounds: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "country", _upper_all(self.country))
        set_(self, "types", _upper_all(self.types))
        set_(self, "realis", tuple(r.strip().lower() for r in self.realis))
        if self.role is not None and self.role not in ROLES:
            raise QueryError(f"role must be one of {', '.join(ROLES)}; got {self.role!r}")
        if self.role is not None and not self.country:
            raise QueryError("a role applies to --country; give a country too")
        for r in self.realis:
            if r not in REALIS:
                raise QueryError(f"realis must be one of {', '.join(REALIS)}; got {r!r}")
        for q in self.quad:
            if q not in (1, 2, 3, 4):
                raise QueryError(f"quad code must be 1, 2, 3 or 4; got {q!r}")
        if self.types:
            known = plover_types()
            unknown = [t for t in self.types if t not in known]
            if unknown:
                raise QueryError(
                    f"unknown event type {unknown[0]!r}; PLOVER types are {', '.join(sorted(known))}"
                )
        if self.sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}; got {self.sort!r}")
        if self.limit is not None and not 0 <= self.limit <= MAX_OFFSET:
            raise QueryError(f"limit must be between 0 and {MAX_OFFSET}; got {self.limit}")
        if not 0 <= self.offset <= MAX_OFFSET:
            raise QueryError(f"offset must be between 0 and {MAX_OFFSET}; got {self.offset}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is None:
                continue
            start, end = date_bounds(value) if _DAY_OR_LESS.match(value) else (None, None)
            if start is None or end is None:
                raise QueryError(f"{name} must be a date: YYYY, YYYY-MM or YYYY-MM-DD; got {value!r}")
            self._bounds[name] = start if name == "since" else end

    def where(self) -> tuple[list[str], list[Any]]:
        """The WHERE clauses (over ``events e``) and their parameters."""
        clauses: list[str] = []
        params: list[Any] = []

        def entity(roles: Sequence[str], values: Sequence[str], by_name: bool) -> None:
            # an uncorrelated IN (...) list: one pass over the entity index, not one lookup per event
            match = "ee.code = upper(?)" + (" OR ee.identifier_text = ? COLLATE NOCASE" if by_name else "")
            clauses.append(
                "e.id IN (SELECT ee.event_id FROM event_entities ee WHERE "
                f"ee.role IN ({', '.join('?' for _ in roles)}) "
                f"AND ({' OR '.join(f'({match})' for _ in values)}))"
            )
            params.extend(roles)
            for v in values:
                params.extend([v, v] if by_name else [v])

        if self.country:
            entity([self.role] if self.role else ["actor", "recipient"], self.country, by_name=False)
        if self.actor:
            entity(["actor"], self.actor, by_name=True)
        if self.recipient:
            entity(["recipient"], self.recipient, by_name=True)
        if self.types:
            # any type of the record's list, through the event_types index
            marks = ", ".join("?" for _ in self.types)
            clauses.append(f"e.id IN (SELECT event_id FROM event_types WHERE type IN ({marks}))")
            params.extend(self.types)
        if self.quad:
            clauses.append(f"e.quad_code IN ({', '.join('?' for _ in self.quad)})")
            params.extend(self.quad)
        if self.realis:
            clauses.append(f"e.realis IN ({', '.join('?' for _ in self.realis)})")
            params.extend(self.realis)
        if self.attributed is not None:
            clauses.append("e.attributed = ?")
            params.append(int(self.attributed))
        if "since" in self._bounds:
            clauses.append("e.date_end >= ?")
            params.append(self._bounds["since"])
        if "until" in self._bounds:
            clauses.append("e.date_start <= ?")
            params.append(self._bounds["until"])
        if self.documents:
            clauses.append(f"e.document_id IN ({', '.join('?' for _ in self.documents)})")
            params.extend(self.documents)
        if self.stories:
            clauses.append(
                "e.document_id IN (SELECT document_id FROM story_documents WHERE story_id IN "
                f"({', '.join('?' for _ in self.stories)}))"
            )
            params.extend(self.stories)
        if self.clusters:
            clauses.append(
                "e.id IN (SELECT event_id FROM cluster_members WHERE cluster_id IN "
                f"({', '.join('?' for _ in self.clusters)}))"
            )
            params.extend(self.clusters)
        if self.text:
            clause, param = _text_match(self.text)
            clauses.append(clause)
            params.append(param)
        return clauses, params

    def sql(self, columns: str = "e.record", joins: str = "") -> tuple[str, list[Any]]:
        clauses, params = self.where()
        sql = f"SELECT {columns} FROM events e{joins}"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        order = SORTS[self.sort]
        if self.descending:
            order = ", ".join(_flip(part.strip()) for part in order.split(","))
        sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
        return sql, [*params, -1 if self.limit is None else self.limit, self.offset]

    def count_sql(self) -> tuple[str, list[Any]]:
        clauses, params = self.where()
        sql = "SELECT count(*) AS n FROM events e"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return sql, params


def _text_match(text: str) -> tuple[str, str]:
    """The clause finding ``text`` in the sentence, ASCII case-insensitively, and its parameter.

    SQLite's LIKE reads its pattern only up to a NUL, so ``%<NUL>%`` would be ``%`` and match every
    sentence; a text with a NUL is therefore looked for with ``instr``, which reads the whole value and
    takes the NUL as the character it is."""
    if "\x00" in text:
        return "instr(lower(e.text), lower(?)) > 0", text
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "e.text LIKE ? ESCAPE '\\'", f"%{escaped}%"


def _flip(term: str) -> str:
    # "x IS NULL" keeps undated events last either way
    return term if term.endswith("IS NULL") else f"{term} DESC"


CLUSTER_FIELDS = ("event_cluster", "reports", "sources", "independent_sources")
_CLUSTER_JOIN = (
    " LEFT JOIN cluster_members cm ON cm.event_id = e.id LEFT JOIN event_clusters c ON c.id = cm.cluster_id"
)


def select_events(store: Store, query: EventQuery | None = None) -> Iterator[dict[str, Any]]:
    """The matching event records (the output-contract dicts as stored), with the cross-report fields
    ``event_cluster``, ``reports``, ``sources`` and ``independent_sources`` once the merge step has run."""
    sql, params = (query or EventQuery()).sql(
        "e.record, c.id AS event_cluster, c.reports, c.sources, c.independent_sources", _CLUSTER_JOIN
    )
    for row in store.query(sql, params):
        record = json.loads(row["record"])
        if row["event_cluster"] is not None:
            record.update({k: row[k] for k in CLUSTER_FIELDS})
        yield record


def count_events(store: Store, query: EventQuery | None = None) -> int:
    """How many events match, ignoring limit and offset."""
    sql, params = (query or EventQuery()).count_sql()
    return int(next(store.query(sql, params))["n"])


# -- aggregates (the web's and the library's) -------------------------------------------------------

COUNT_KEYS: dict[str, str] = {
    "day": "e.date",
    "month": "substr(e.date_start, 1, 7)",
    "type": "e.event_type",
    "quad": "e.quad_code",
    "realis": "e.realis",
    "attributed": "e.attributed",
    "country": "c.code",
}
NETWORK_KEYS = {"name": "coalesce({t}.identifier_text, {t}.code)", "country": "{t}.code"}


def _where_sql(query: EventQuery) -> tuple[str, list[Any]]:
    clauses, params = query.where()
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count_by(store: Store, query: EventQuery, keys: Sequence[str]) -> list[dict[str, Any]]:
    """Matching events counted by ``keys`` (of :data:`COUNT_KEYS`), one row per group, in key order."""
    bad = [k for k in keys if k not in COUNT_KEYS]
    if not keys or bad:
        raise QueryError(f"by takes {', '.join(COUNT_KEYS)}; got {','.join(keys)!r}")
    if len(set(keys)) != len(keys):
        raise QueryError("a key is repeated in by")
    where, params = _where_sql(query)
    join = ""
    if "country" in keys:
        join = " JOIN event_entities c ON c.event_id = e.id AND c.role IN ('actor', 'recipient')"
    cols = ", ".join(f"{COUNT_KEYS[k]} AS {k}" for k in keys)
    group = ", ".join(str(i + 1) for i in range(len(keys)))
    sql = (
        f"SELECT {cols}, count(DISTINCT e.id) AS events FROM events e{join}{where} "
        f"GROUP BY {group} ORDER BY {group}"
    )
    return list(store.query(sql, params))


def network(store: Store, query: EventQuery, by: str = "name", top: int = 60) -> dict[str, Any]:
    """Who acts on whom: the ``top`` heaviest actor -> recipient edges (by name or country code) of the
    matching events, and their nodes."""
    if by not in NETWORK_KEYS:
        raise QueryError(f"by must be name or country; got {by!r}")
    where, params = _where_sql(query)
    src, dst = NETWORK_KEYS[by].format(t="a"), NETWORK_KEYS[by].format(t="r")
    sql = (
        f"SELECT {src} AS source, {dst} AS target, count(DISTINCT e.id) AS events, "
        "avg(e.event_scale) AS mean_scale, max(a.code) AS source_code, max(r.code) AS target_code "
        "FROM events e "
        "JOIN event_entities a ON a.event_id = e.id AND a.role = 'actor' "
        "JOIN event_entities r ON r.event_id = e.id AND r.role = 'recipient'"
        f"{where} GROUP BY 1, 2 HAVING source IS NOT NULL AND target IS NOT NULL "
        "ORDER BY events DESC, source, target LIMIT ?"
    )
    edges = list(store.query(sql, [*params, top]))
    nodes: dict[str, dict[str, Any]] = {}
    for edge in edges:
        edge["mean_scale"] = None if edge["mean_scale"] is None else round(edge["mean_scale"], 3)
        for end in ("source", "target"):
            node = nodes.setdefault(edge[end], {"id": edge[end], "code": edge[f"{end}_code"], "events": 0})
            node["events"] += edge["events"]
    return {"by": by, "nodes": list(nodes.values()), "edges": edges}


def locations(store: Store, query: EventQuery) -> list[dict[str, Any]]:
    """The places of the matching events with their counts by quad class (for a map)."""
    where, params = _where_sql(query)
    loc = "json_extract(e.record, '$.event_loc.{}')"
    sql = (
        f"SELECT {loc.format('name')} AS name, {loc.format('country_code')} AS country_code, "
        f"{loc.format('lat')} AS lat, {loc.format('lon')} AS lon, count(*) AS events, "
        "sum(e.quad_code = 1) AS q1, sum(e.quad_code = 2) AS q2, sum(e.quad_code = 3) AS q3, "
        f"sum(e.quad_code = 4) AS q4 FROM events e{where} GROUP BY 1, 2, 3, 4 "
        "HAVING lat IS NOT NULL AND lon IS NOT NULL ORDER BY events DESC, name"
    )
    return list(store.query(sql, params))


def store_summary(store: Store) -> dict[str, Any]:
    """How many documents and events the store holds, their date range, and whether it was merged."""
    row = next(
        store.query(
            "SELECT (SELECT count(*) FROM documents) AS documents, "
            "(SELECT count(*) FROM events) AS events, "
            "(SELECT min(date_start) FROM events) AS first_date, "
            "(SELECT max(date_end) FROM events) AS last_date"
        )
    )
    merged = next(
        store.query("SELECT 1 AS y FROM sqlite_master WHERE type = 'table' AND name = 'stories'"), None
    )
    row["merged"] = merged is not None and bool(next(store.query("SELECT count(*) AS n FROM stories"))["n"])
    return row


def document_count(store: Store) -> int:
    return int(next(store.query("SELECT count(*) AS n FROM documents"))["n"])


def event_document(store: Store, event_id: str) -> str | None:
    """The id of the document event ``event_id`` was coded from (None: no such event)."""
    row = next(store.query("SELECT document_id FROM events WHERE id = ?", (event_id,)), None)
    return None if row is None else str(row["document_id"])


# a record with its cluster's figures (as select_events gives it), composed by SQLite's JSON functions
_RECORD_WITH_CLUSTER = (
    "CASE WHEN c.id IS NULL THEN e.record ELSE json_set(e.record, '$.event_cluster', c.id, "
    "'$.reports', c.reports, '$.sources', c.sources, '$.independent_sources', c.independent_sources) END"
)


def page_of_records(store: Store, query: EventQuery) -> list[str]:
    """The page's records as JSON text, as :func:`select_events` gives them, in two steps: the page's row
    ids first (the sort then carries only the sort keys, not every matching record's JSON), then their
    records with their cluster's figures."""
    sql, params = query.sql(columns="e.rowid AS rid")
    rowids = [r["rid"] for r in store.query(sql, params)]
    if not rowids:
        return []
    marks = ", ".join("?" for _ in rowids)
    found = {
        r["rid"]: r["record"]
        for r in store.query(
            f"SELECT e.rowid AS rid, {_RECORD_WITH_CLUSTER} AS record FROM events e "
            "LEFT JOIN cluster_members cm ON cm.event_id = e.id "
            "LEFT JOIN event_clusters c ON c.id = cm.cluster_id "
            f"WHERE e.rowid IN ({marks})",
            rowids,
        )
    }
    return [found[r] for r in rowids if r in found]
