"""Event routes: the filtered, paged list; one event; counts by day/type/quad/country; the actor network;
event locations for the map."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from ..query import MAX_OFFSET, EventQuery, count_events, select_events
from .errors import ApiError
from .filters import event_query
from .jsonresp import json_response
from .state import ServerState, get_state
from .stories import story_document_ids

router = APIRouter(prefix="/api", tags=["events"])

Multi = Annotated[list[str] | None, Query(description="one or more values (repeat, or separate with commas)")]


def documented_filters(
    since: Annotated[str | None, Query(description="first day (YYYY, YYYY-MM or YYYY-MM-DD)")] = None,
    until: Annotated[str | None, Query(description="last day (YYYY, YYYY-MM or YYYY-MM-DD)")] = None,
    day: Annotated[str | None, Query(description="one day: since = until = day")] = None,
    country: Annotated[
        list[str] | None, Query(description="ISO alpha-3 (or PLOVER code) of an actor or recipient")
    ] = None,
    role: Annotated[
        str | None, Query(description="restricts country to actor, recipient or claimant")
    ] = None,
    actor: Annotated[list[str] | None, Query(description="actor code or name")] = None,
    recipient: Annotated[list[str] | None, Query(description="recipient code or name")] = None,
    type: Annotated[list[str] | None, Query(description="PLOVER event type (PROTEST, ASSAULT ...)")] = None,
    quad: Annotated[list[str] | None, Query(description="quad class 1-4")] = None,
    realis: Annotated[list[str] | None, Query(description="actual, planned, possible, negated")] = None,
    attribution: Annotated[
        str | None, Query(description="own (the outlet's own voice) or attributed (a named claimant's)")
    ] = None,
    story: Multi = None,
    cluster: Multi = None,
    document: Annotated[list[str] | None, Query(description="document id")] = None,
    q: Annotated[str | None, Query(description="words in the sentence")] = None,
) -> None:
    """Documents the filter parameters in the OpenAPI schema; :func:`event_query` reads them."""


def documented_paging(
    limit: Annotated[int, Query(ge=0, le=1000, description="events per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    sort: Annotated[str, Query(description="date, type or document")] = "date",
    order: Annotated[str, Query(description="asc or desc")] = "asc",
) -> None:
    """Documents the paging parameters in the OpenAPI schema."""


def _query(request: Request, state: ServerState, paged: bool) -> EventQuery:
    return event_query(
        request.query_params, story_documents=lambda ids: story_document_ids(state, ids), paged=paged
    )


@router.get(
    "/events",
    dependencies=[Depends(documented_filters), Depends(documented_paging)],
    summary="Events matching the filters, one page at a time",
)
def list_events(request: Request, state: Annotated[ServerState, Depends(get_state)]) -> Response:
    query = _query(request, state, paged=True)
    store = state.reader.get()
    events = page_of_events(state, query)
    where = dataclasses.replace(query, limit=None, offset=0, sort="date", descending=False)
    total = state.cached(("count", where), lambda: count_events(store, where))
    assert isinstance(total, int)
    end = query.offset + len(events)
    head = json.dumps(
        {
            "total": total,
            "offset": query.offset,
            "limit": query.limit,
            "next_offset": end if end < total else None,
        },
        separators=(",", ":"),
    )
    # the records are spliced in as stored (JSON text): no decoding and re-encoding of every record
    body = head[:-1] + ',"events":[' + ",".join(events) + "]}"
    return Response(body.encode("utf-8"), media_type="application/json")


# a record with its cluster's figures (as select_events gives it), composed by SQLite's JSON functions
_RECORD_WITH_CLUSTER = (
    "CASE WHEN c.id IS NULL THEN e.record ELSE json_set(e.record, '$.event_cluster', c.id, "
    "'$.reports', c.reports, '$.sources', c.sources, '$.independent_sources', c.independent_sources) END"
)


def page_of_events(state: ServerState, query: EventQuery) -> list[str]:
    """The page's records as JSON text, as :func:`select_events` gives them, in two steps: the page's row
    ids first (the sort then carries only the sort keys, not every matching record's JSON), then their
    records with their cluster's figures."""
    store = state.reader.get()
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


@router.get("/events/{event_id:path}", summary="One event record")
def get_event(event_id: str, state: Annotated[ServerState, Depends(get_state)]) -> JSONResponse:
    store = state.reader.get()
    row = next(store.query("SELECT document_id FROM events WHERE id = ?", (event_id,)), None)
    if row is None:
        raise ApiError(404, f"no event {event_id!r}")
    records = [
        r for r in select_events(store, EventQuery(documents=(row["document_id"],))) if r["id"] == event_id
    ]
    if not records:
        raise ApiError(404, f"no event {event_id!r}")
    return json_response(records[0])


# -- aggregates ------------------------------------------------------------------------------------

GROUPS: dict[str, str] = {
    "day": "e.date",
    "month": "substr(e.date_start, 1, 7)",
    "type": "e.event_type",
    "quad": "e.quad_code",
    "realis": "e.realis",
    "attributed": "e.attributed",
    "country": "c.code",
}


def _where(query: EventQuery) -> tuple[str, list[Any]]:
    clauses, params = query.where()
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


@router.get("/counts", dependencies=[Depends(documented_filters)], summary="Event counts grouped by keys")
def counts(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    by: Annotated[
        str, Query(description="comma-separated keys: day, month, type, quad, realis, attributed, country")
    ] = "day",
) -> JSONResponse:
    keys = [k.strip() for k in by.split(",") if k.strip()]
    bad = [k for k in keys if k not in GROUPS]
    if not keys or bad:
        raise ApiError(400, f"bad filter: by takes {', '.join(GROUPS)}; got {by!r}")
    if len(set(keys)) != len(keys):
        raise ApiError(400, "bad filter: a key is repeated in by")
    query = _query(request, state, paged=False)
    where, params = _where(query)
    join = ""
    if "country" in keys:
        join = " JOIN event_entities c ON c.event_id = e.id AND c.role IN ('actor', 'recipient')"
    cols = ", ".join(f"{GROUPS[k]} AS {k}" for k in keys)
    group = ", ".join(str(i + 1) for i in range(len(keys)))
    sql = (
        f"SELECT {cols}, count(DISTINCT e.id) AS events FROM events e{join}{where} "
        f"GROUP BY {group} ORDER BY {group}"
    )
    rows = state.cached(("counts", by, query), lambda: list(state.reader.get().query(sql, params)))
    return json_response({"by": keys, "counts": rows})


_NODE_KEYS = {"name": "coalesce({t}.identifier_text, {t}.code)", "country": "{t}.code"}


@router.get("/network", dependencies=[Depends(documented_filters)], summary="Who acts on whom")
def network(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    by: Annotated[str, Query(description="name (actor/recipient name) or country (its code)")] = "name",
    top: Annotated[int, Query(ge=1, le=500, description="the heaviest edges to keep")] = 60,
) -> JSONResponse:
    if by not in _NODE_KEYS:
        raise ApiError(400, f"bad filter: by must be name or country; got {by!r}")
    query = _query(request, state, paged=False)
    where, params = _where(query)
    src, dst = _NODE_KEYS[by].format(t="a"), _NODE_KEYS[by].format(t="r")
    sql = (
        f"SELECT {src} AS source, {dst} AS target, count(DISTINCT e.id) AS events, "
        "avg(e.event_scale) AS mean_scale, max(a.code) AS source_code, max(r.code) AS target_code "
        "FROM events e "
        "JOIN event_entities a ON a.event_id = e.id AND a.role = 'actor' "
        "JOIN event_entities r ON r.event_id = e.id AND r.role = 'recipient'"
        f"{where} GROUP BY 1, 2 HAVING source IS NOT NULL AND target IS NOT NULL "
        "ORDER BY events DESC, source, target LIMIT ?"
    )
    edges = list(state.reader.get().query(sql, [*params, top]))
    nodes: dict[str, dict[str, Any]] = {}
    for edge in edges:
        edge["mean_scale"] = None if edge["mean_scale"] is None else round(edge["mean_scale"], 3)
        for end in ("source", "target"):
            node = nodes.setdefault(edge[end], {"id": edge[end], "code": edge[f"{end}_code"], "events": 0})
            node["events"] += edge["events"]
    return json_response({"by": by, "nodes": list(nodes.values()), "edges": edges})


@router.get("/locations", dependencies=[Depends(documented_filters)], summary="Event places, for the map")
def locations(request: Request, state: Annotated[ServerState, Depends(get_state)]) -> JSONResponse:
    query = _query(request, state, paged=False)
    where, params = _where(query)
    loc = "json_extract(e.record, '$.event_loc.{}')"
    sql = (
        f"SELECT {loc.format('name')} AS name, {loc.format('country_code')} AS country_code, "
        f"{loc.format('lat')} AS lat, {loc.format('lon')} AS lon, count(*) AS events, "
        "sum(e.quad_code = 1) AS q1, sum(e.quad_code = 2) AS q2, sum(e.quad_code = 3) AS q3, "
        f"sum(e.quad_code = 4) AS q4 FROM events e{where} GROUP BY 1, 2, 3, 4 "
        "HAVING lat IS NOT NULL AND lon IS NOT NULL ORDER BY events DESC, name"
    )
    rows = state.cached(("locations", query), lambda: list(state.reader.get().query(sql, params)))
    return json_response({"locations": rows})
