"""``POST /api/ingest``: code and store reports sent as JSON — only on a server started with a token.

On a read-only server (no token) the route answers 405 and is left out of the OpenAPI document. The
reports are ingested and merged by the server's :class:`~nestor.Chronicle`, with the settings the server
was started with, one request at a time. The body is read only up to the ``max_request_bytes`` setting
(at most :data:`MAX_BODY`) bytes: a larger ``Content-Length`` is refused before reading, and a body sent
without one is refused as soon as it passes the limit.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ..chronicle import Chronicle
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


def _too_large(most: int) -> ApiError:
    return ApiError(413, f"the request is over {most:,} bytes; send fewer reports at a time")


async def read_body(request: Request, most: int | None = None) -> bytes:
    """The request's body, read chunk by chunk up to ``most`` bytes (at most :data:`MAX_BODY`;
    ApiError 413 beyond)."""
    most = MAX_BODY if most is None else min(most, MAX_BODY)
    declared = request.headers.get("content-length")
    if declared is not None:
        digits = declared.strip()
        if not (digits.isascii() and digits.isdigit()):
            raise ApiError(400, "the Content-Length header must be a whole number of bytes")
        if len(digits) > 18 or int(digits) > most:
            raise _too_large(most)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > most:
            raise _too_large(most)
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


def _reports(payload: Any) -> list[dict[str, Any]]:
    reports = payload.get("reports") if isinstance(payload, dict) and "reports" in payload else payload
    if isinstance(reports, dict):
        reports = [reports]
    if not isinstance(reports, list) or not reports:
        raise ApiError(400, "send a JSON list of reports (objects with 'text'), or {\"reports\": [...]}")
    for i, report in enumerate(reports, 1):
        if not isinstance(report, dict):
            raise ApiError(400, f"report {i} is not a JSON object")
    return reports


def run(chronicle: Chronicle, reports: list[dict[str, Any]]) -> dict[str, Any]:
    """Ingests ``reports`` (then merges) with the chronicle's settings: the server's, resolved."""
    errors: list[dict[str, Any]] = []
    result = chronicle.ingest(
        reports,
        name="api",
        label="report",
        on_error=lambda e: errors.append({"line": e.line, "code": e.code, "message": e.message}),
        on_warning=lambda e: errors.append({"line": e.line, "code": e.code, "message": e.message}),
    )
    return {**result.as_dict(), "errors": errors}


def router_for(state: ServerState) -> APIRouter:
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
        chronicle = st.chronicle
        assert chronicle is not None
        raw = await read_body(request, chronicle.settings.max_request_bytes)
        reports = _reports(parse_body(raw))

        def locked() -> dict[str, Any]:
            with st.ingest_lock:
                return run(chronicle, reports)

        return json_response(await run_in_threadpool(locked))

    return router
