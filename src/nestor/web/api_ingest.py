"""``POST /api/ingest``: code and store reports sent as JSON — only on a server started with a token.

On a read-only server (no token) the route answers 405 and is left out of the OpenAPI document. The write
goes through :class:`~nestor.store.Store` (the one writer), one request at a time. The body is read only
up to :data:`MAX_BODY` bytes: a larger ``Content-Length`` is refused before reading, and a body sent
without one is refused as soon as it passes the limit.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ..errors import InputError
from ..ingest.records import make_document
from ..ingest_run import Coder, ingest_items
from ..merge import merge_store
from ..models import Document
from ..settings import load_settings
from ..store import Store
from .errors import ApiError
from .jsonresp import json_response
from .security import check_token
from .state import ServerState, get_state

MAX_BODY = 50_000_000
REPORT = {
    "type": "object",
    "required": ["text"],
    "properties": {
        k: {"type": "string"} for k in ("id", "text", "title", "url", "published", "publication", "language")
    },
}
EXAMPLE = [{"id": "r1", "text": "Protesters gathered in Almaty on Tuesday.", "published": "2022-01-05"}]


def _too_large() -> ApiError:
    return ApiError(413, f"the request is over {MAX_BODY:,} bytes; send fewer reports at a time")


async def read_body(request: Request) -> bytes:
    """The request's body, read chunk by chunk up to :data:`MAX_BODY` bytes (ApiError 413 beyond)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        digits = declared.strip()
        if not (digits.isascii() and digits.isdigit()):
            raise ApiError(400, "the Content-Length header must be a whole number of bytes")
        if len(digits) > 18 or int(digits) > MAX_BODY:
            raise _too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise _too_large()
        chunks.append(chunk)
    return b"".join(chunks)


def parse_body(raw: bytes) -> Any:
    """The JSON of the body (ApiError 400 when it is not JSON, or nested too deeply to read)."""
    try:
        return json.loads(raw)
    except RecursionError:
        raise ApiError(400, "the body is nested too deeply; send a list of flat report objects") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ApiError(400, f"the body is not JSON: {exc}") from None


def _items(payload: Any) -> list[Document | InputError]:
    reports = payload.get("reports") if isinstance(payload, dict) and "reports" in payload else payload
    if isinstance(reports, dict):
        reports = [reports]
    if not isinstance(reports, list) or not reports:
        raise ApiError(400, "send a JSON list of reports (objects with 'text'), or {\"reports\": [...]}")
    settings = load_settings()
    out: list[Document | InputError] = []
    for i, report in enumerate(reports, 1):
        if not isinstance(report, dict):
            raise ApiError(400, f"report {i} is not a JSON object")
        out.append(make_document(report, settings, source="api", line=i, label=f"report {i}: "))
    return out


def run(db_path: str, items: list[Document | InputError], code: Coder | None) -> dict[str, Any]:
    settings = load_settings(db=db_path, workers=1)
    errors: list[dict[str, Any]] = []
    with Store.open(db_path) as store:
        report = ingest_items(
            items,
            settings,
            store,
            code=code,
            args={"paths": ["api"], "model": settings.model, "workers": 1},
            on_error=lambda e: errors.append({"line": e.line, "code": e.code, "message": e.message}),
            on_warning=lambda e: errors.append({"line": e.line, "code": e.code, "message": e.message}),
        )
        merged = merge_store(store, settings)  # the new reports join stories, clusters and entities
    return {**report.as_dict(), "merge": merged.as_dict(), "errors": errors}


def router_for(state: ServerState, code: Coder | None = None) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["ingest"])
    if state.token is None:

        @router.api_route("/ingest", methods=["POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
        def read_only() -> JSONResponse:
            raise ApiError(
                405,
                "this server is read-only; start it with --token (or NESTOR_TOKEN) to accept reports",
                {"Allow": "GET, HEAD"},
            )

        return router
    token = state.token

    @router.post(
        "/ingest",
        summary="Code and store reports (needs 'Authorization: Bearer TOKEN')",
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"type": "array", "items": REPORT}, "example": EXAMPLE}
                },
            }
        },
    )
    async def ingest(
        request: Request,
        st: Annotated[ServerState, Depends(get_state)],
        authorization: Annotated[str | None, Header()] = None,
    ) -> JSONResponse:
        check_token(authorization, token)
        items = _items(parse_body(await read_body(request)))

        def locked() -> dict[str, Any]:
            with st.ingest_lock:
                return run(st.db_path, items, code)

        return json_response(await run_in_threadpool(locked))

    return router
