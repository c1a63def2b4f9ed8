"""Errors as JSON: ``{"error": {"status": 404, "message": "..."}}`` with the right HTTP status.

What the store or Python say when something fails on the server's side (the store's path, SQLite's
text, a traceback) goes to the server's log, never into a response.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import StoreBusyError, StoreError
from ..store.event_query import QueryError

log = logging.getLogger("nestor.web")
STORE_UNAVAILABLE = "the store cannot be read just now; try again, or see the server's log"
STORE_BUSY = "another nestor process (an ingest or a merge) is writing the store; try again when it is done"
INTERNAL = "internal error; see the server's log"


class ApiError(Exception):
    """An error the client should see: status and a message saying what to do."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def quoted(value: str, most: int = 40) -> str:
    """``value`` as a message quotes it, cut to ``most`` characters."""
    return repr(value if len(value) <= most else value[:most] + "...")


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"status": status, "message": message}}, status_code=status, headers=headers
    )


_DEFAULT_MESSAGES = {
    404: "not found; the API is under /api (see /api/openapi.json), the dashboard at /",
    405: "method not allowed on this path",
}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
        where = ".".join(loc) or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "bad request: " + "; ".join(parts)


def install(app: FastAPI) -> None:
    """Registers the handlers that turn every error into the JSON shape above."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(QueryError)
    async def _query(_: Request, exc: QueryError) -> JSONResponse:
        return error_response(400, f"bad filter: {exc}")

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(400, _validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail: Any = exc.detail
        message = _DEFAULT_MESSAGES.get(exc.status_code, str(detail))
        if isinstance(detail, str) and detail not in ("Not Found", "Method Not Allowed"):
            message = detail
        return error_response(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(StoreBusyError)  # one writer at a time: the lock of another process
    async def _busy(request: Request, exc: StoreBusyError) -> JSONResponse:
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        return error_response(503, STORE_BUSY, {"Retry-After": "30"})

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return error_response(503, STORE_UNAVAILABLE)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette raises the exception again once this response is sent: the server logs the traceback
        log.error("unexpected %s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc)
        return error_response(500, INTERNAL)
