"""The ASGI application: :func:`create_app` wires the read-only store, the API, the dashboard, the
query-string check, the Host allow-list and the security headers together."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI

from .. import __version__
from ..chronicle import Chronicle
from ..ingest_run import Coder
from ..settings import Settings, load_settings
from . import api_docs, api_documents, api_events, api_ingest, api_merge, api_meta, api_places, errors, pages
from .params import check_query
from .security import DEFAULT_HOSTS, AllowedHosts, HostAllowList, SecurityHeaders
from .state import ServerState

DESCRIPTION = """Read the events nestor coded from news reports (PLOVER records), the reports themselves with
every coded sentence marked, counts, the actor network and, once reports are merged, stories, event
clusters, discrepancies, claims and entities. Errors are JSON: `{"error": {"status", "message"}}`; a query
parameter an endpoint does not list is an error (400), not ignored.
`POST /api/ingest` exists only on a server started with a token."""


def _lifespan(state: ServerState) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.reader.close()
        if state.chronicle is not None:
            state.chronicle.close()

    return lifespan


def create_app(
    db_path: str,
    token: str | None = None,
    code: Coder | None = None,
    *,
    settings: Settings | None = None,
    allowed_hosts: Iterable[str] | None = None,
) -> FastAPI:
    """The app over the store at ``db_path``, read-only; with ``token``, ``POST /api/ingest`` accepts
    reports from requests that carry it. ``code`` replaces the coder of that endpoint (tests).
    ``settings`` are the resolved settings the endpoint codes and merges with (its ``db`` is
    ``db_path``; reports are coded in the server's process); by default the defaults and ``NESTOR_*``.

    ``allowed_hosts`` are the Host header values answered (``name``, ``name:port`` or ``name:*``; see
    :func:`~nestor.web.security.allowed_hosts_for` for a server's address); others get a 400. By default:
    the loopback names on any port and Starlette's test client."""
    if token is not None and not token.strip():
        raise ValueError("the token must not be empty")
    hosts = AllowedHosts.parse(DEFAULT_HOSTS if allowed_hosts is None else allowed_hosts)
    if token is not None and not Path(db_path).exists():
        from ..store import Store

        # the ingest endpoint may write: a new store is made now (readers bring an old one up to date)
        Store.open(db_path).close()
    resolved = (settings or load_settings()).with_overrides(db=str(db_path), workers=1)
    chronicle = Chronicle(config=resolved, code=code)
    state = ServerState(db_path=str(db_path), reader=chronicle.readers, token=token, chronicle=chronicle)
    app = FastAPI(
        title="nestor",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive docs load their scripts from a CDN: /api/docs is our own page
        redoc_url=None,
        lifespan=_lifespan(state),
        dependencies=[Depends(check_query)],
    )
    app.state.nestor = state
    errors.install(app)
    for router in (api_events.router, api_documents.router, api_merge.router, api_meta.router):
        app.include_router(router)
    app.include_router(api_places.router)
    app.include_router(api_ingest.router_for(state))
    api_docs.install(app)
    pages.install(app)
    app.add_middleware(HostAllowList, allowed=hosts)  # inside SecurityHeaders: its 400s get the headers too
    app.add_middleware(SecurityHeaders)
    return app
