"""``GET /api/places``: the place mentions of the stored reports, resolved in context."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from ..resolve.place_report import place_mentions
from ..store.event_query import MAX_OFFSET
from .jsonresp import json_response
from .state import ServerState, get_state

router = APIRouter(prefix="/api", tags=["places"])


@router.get("/places", summary="Place mentions of the reports: GeoNames id, admin1, country, point")
def list_places(
    state: Annotated[ServerState, Depends(get_state)],
    document: Annotated[list[str] | None, Query()] = None,
    limit: Annotated[int, Query(ge=0, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> JSONResponse:
    """Every place name of up to ``limit`` documents (from ``offset``, in id order; or the ``document``
    ids given), with its GeoNames id (or unit code), feature class, admin1, country, point and
    ``geo_precision`` (continent, country, admin1, admin2 or place)."""
    assert state.chronicle is not None
    chronicle = state.chronicle
    rows = list(
        place_mentions(chronicle.reader(), tuple(document or ()), limit, offset, chronicle.settings.cache)
    )
    return json_response({"offset": offset, "limit": limit, "places": rows})
