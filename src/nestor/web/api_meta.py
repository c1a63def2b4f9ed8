"""Small routes: what the store holds, the country shapes of the map, and the server's mode."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from .geo import countries
from .jsonresp import json_response
from .state import ServerState, get_state

router = APIRouter(prefix="/api", tags=["store"])


@router.get("/summary", summary="What the store holds, and whether this server accepts reports")
def summary(state: Annotated[ServerState, Depends(get_state)]) -> JSONResponse:
    def compute() -> dict[str, object]:
        assert state.chronicle is not None
        return state.chronicle.summary()

    return json_response({**state.cached(("summary",), compute), "read_only": state.read_only})  # type: ignore[dict-item]


@router.get("/geo/countries", summary="World country outlines for the map (SVG path data)")
def geo_countries() -> JSONResponse:
    return json_response(countries(), headers={"Cache-Control": "public, max-age=86400"})
