"""Document routes: the list, and one report with every coded sentence marked."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse

from ..chronicle import Chronicle
from ..store.event_query import MAX_OFFSET, EventQuery
from .errors import ApiError
from .jsonresp import json_response
from .marking import segments
from .state import ServerState, get_state

router = APIRouter(prefix="/api", tags=["documents"])


def _chronicle(state: ServerState) -> Chronicle:
    assert state.chronicle is not None
    return state.chronicle


@router.get("/documents", summary="Documents (without their text), with their number of events")
def list_documents(
    state: Annotated[ServerState, Depends(get_state)],
    limit: Annotated[int, Query(ge=0, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> JSONResponse:
    chronicle = _chronicle(state)
    docs = chronicle.documents(limit=limit, offset=offset, sources=False).to_list()
    total = state.cached(("documents",), chronicle.document_count)
    return json_response({"total": total, "offset": offset, "limit": limit, "documents": docs})


@router.get(
    "/documents/{document_id:path}", summary="One report: its text, its events, the coded sentences marked"
)
def get_document(document_id: str, state: Annotated[ServerState, Depends(get_state)]) -> JSONResponse:
    chronicle = _chronicle(state)
    doc = chronicle.document(document_id)
    if doc is None:
        raise ApiError(404, f"no document {document_id!r}")
    events = chronicle.events(query=EventQuery(documents=(document_id,), sort="document")).to_list()
    spans = [
        (e["id"], (e.get("text_info") or {}).get("start"), (e.get("text_info") or {}).get("end"))
        for e in events
    ]
    body = {k: doc[k] for k in ("id", "title", "url", "published", "publication", "language", "source")}
    body["text"] = doc["text"]
    body["segments"] = segments(doc["text"], spans)
    body["events"] = events
    return json_response(body)
