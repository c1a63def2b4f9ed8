"""Cross-report routes: stories, event clusters, discrepancies, claims, entities and document sources.

They read through ``nestor.merge.views`` and answer empty lists on a store that has not been merged.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from ..export_schema import tidy_merged
from ..store.event_query import MAX_OFFSET
from .errors import ApiError
from .jsonresp import json_response
from .state import ServerState, get_state
from .stories import call_view

router = APIRouter(prefix="/api", tags=["merged reports"])
State = Annotated[ServerState, Depends(get_state)]


def _stories(state: ServerState) -> list[dict[str, Any]]:
    value = state.cached(("stories",), lambda: call_view(state, "stories", "stories", []))
    assert isinstance(value, list)
    return value


def _clusters(state: ServerState, **kwargs: Any) -> list[dict[str, Any]]:
    """Event clusters as the library gives them (outlets named, never the merge's internal ids)."""
    return [tidy_merged(c) for c in call_view(state, "clusters", "event_clusters", [], **kwargs)]


@router.get("/stories", summary="Stories: reports about the same happening, grouped")
def list_stories(state: State) -> JSONResponse:
    return json_response({"stories": _stories(state)})


@router.get("/stories/{story_id:path}", summary="One story with its event clusters, disagreements and claims")
def get_story(story_id: str, state: State) -> JSONResponse:
    story = next((s for s in _stories(state) if s.get("id") == story_id), None)
    if story is None:
        raise ApiError(404, f"no story {story_id!r}")
    documents = set(story.get("documents") or [])
    claims = call_view(state, "claims", "claims", [], story=story_id)
    sources = call_view(state, "document_sources", "document_sources", {})
    return json_response(
        {
            "story": story,
            "clusters": _clusters(state, story=story_id),
            "discrepancies": call_view(state, "discrepancies", "discrepancies", [], story=story_id),
            "figures": call_view(state, "figures", "discrepancies", [], story=story_id),
            "claims": claims,
            "sources": {d: sources[d] for d in sorted(documents) if d in sources},
        }
    )


@router.get("/clusters", summary="Event clusters: one real event as every report told it")
def list_clusters(
    state: State,
    story: str | None = None,
    limit: Annotated[int, Query(ge=0, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> JSONResponse:
    clusters = _clusters(state, story=story, limit=limit, offset=offset)
    return json_response({"offset": offset, "limit": limit, "clusters": clusters})


@router.get("/discrepancies", summary="Where reports disagree (numbers, dates, lists, roles)")
def list_discrepancies(state: State, story: str | None = None) -> JSONResponse:
    return json_response(
        {"discrepancies": call_view(state, "discrepancies", "discrepancies", [], story=story)}
    )


@router.get("/claims", summary="Statements: a named source's, or the outlet's own unsourced ones")
def list_claims(
    state: State,
    unsourced: Annotated[bool | None, Query(description="true: only unsourced claims")] = None,
) -> JSONResponse:
    return json_response({"claims": call_view(state, "claims", "claims", [], unsourced=unsourced)})


@router.get("/entities", summary="People, organisations and places across reports, with their aliases")
def list_entities(
    state: State,
    type: Annotated[str | None, Query(description="PERSON, ORG or PLACE")] = None,
) -> JSONResponse:
    if type is not None and type.upper() not in ("PERSON", "ORG", "PLACE"):
        raise ApiError(400, f"bad filter: type must be PERSON, ORG or PLACE; got {type!r}")
    kind = None if type is None else type.upper()
    return json_response({"entities": call_view(state, "entities", "entities", [], type_=kind)})


@router.get("/sources", summary="Where each report's text comes from (outlet, derived from, root)")
def list_sources(state: State) -> JSONResponse:
    return json_response({"sources": call_view(state, "document_sources", "document_sources", {})})
