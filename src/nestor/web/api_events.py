"""Event routes: the filtered, paged list; one event; counts by day/type/quad/country; the actor network;
event locations for the map."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from ..chronicle import Chronicle
from ..store.event_query import COUNT_KEYS, NETWORK_KEYS, EventQuery
from .errors import ApiError
from .filters import documented_filters, documented_paging, event_query
from .jsonresp import json_response
from .state import ServerState, get_state

router = APIRouter(prefix="/api", tags=["events"])


def _chronicle(state: ServerState) -> Chronicle:
    assert state.chronicle is not None
    return state.chronicle


def _query(request: Request, paged: bool) -> EventQuery:
    return event_query(request.query_params, paged=paged)


@router.get(
    "/events",
    dependencies=[Depends(documented_filters), Depends(documented_paging)],
    summary="Events matching the filters, one page at a time",
)
def list_events(request: Request, state: Annotated[ServerState, Depends(get_state)]) -> Response:
    query = _query(request, paged=True)
    chronicle = _chronicle(state)
    events = chronicle.page_json(query=query)
    where = dataclasses.replace(query, limit=None, offset=0, sort="date", descending=False)
    total = state.cached(("count", where), lambda: chronicle.count(query=where))
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


@router.get("/events/{event_id:path}", summary="One event record")
def get_event(event_id: str, state: Annotated[ServerState, Depends(get_state)]) -> JSONResponse:
    record = _chronicle(state).event(event_id)
    if record is None:
        raise ApiError(404, f"no event {event_id!r}")
    return json_response(record)


# -- aggregates ------------------------------------------------------------------------------------


@router.get("/counts", dependencies=[Depends(documented_filters)], summary="Event counts grouped by keys")
def counts(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    by: Annotated[
        str, Query(description="comma-separated keys: day, month, type, quad, realis, attributed, country")
    ] = "day",
) -> JSONResponse:
    keys = [k.strip() for k in by.split(",") if k.strip()]
    bad = [k for k in keys if k not in COUNT_KEYS]
    if not keys or bad:
        raise ApiError(400, f"bad filter: by takes {', '.join(COUNT_KEYS)}; got {by!r}")
    if len(set(keys)) != len(keys):
        raise ApiError(400, "bad filter: a key is repeated in by")
    query = _query(request, paged=False)
    chronicle = _chronicle(state)
    rows = state.cached(("counts", by, query), lambda: chronicle.counts(keys, query=query).to_list())
    return json_response({"by": keys, "counts": rows})


@router.get("/network", dependencies=[Depends(documented_filters)], summary="Who acts on whom")
def network(
    request: Request,
    state: Annotated[ServerState, Depends(get_state)],
    by: Annotated[str, Query(description="name (actor/recipient name) or country (its code)")] = "name",
    top: Annotated[int, Query(ge=1, le=500, description="the heaviest edges to keep")] = 60,
) -> JSONResponse:
    if by not in NETWORK_KEYS:
        raise ApiError(400, f"bad filter: by must be name or country; got {by!r}")
    query = _query(request, paged=False)
    return json_response(_chronicle(state).network(by, top, query=query))


@router.get("/locations", dependencies=[Depends(documented_filters)], summary="Event places, for the map")
def locations(request: Request, state: Annotated[ServerState, Depends(get_state)]) -> JSONResponse:
    query = _query(request, paged=False)
    chronicle = _chronicle(state)
    rows = state.cached(("locations", query), lambda: chronicle.locations(query=query).to_list())
    return json_response({"locations": rows})
