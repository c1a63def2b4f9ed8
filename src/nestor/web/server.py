"""``nestor serve``: runs the app with uvicorn on one host and port until interrupted."""

from __future__ import annotations

import uvicorn

from ..settings import Settings
from .app import create_app
from .security import allowed_hosts_for


def serve(
    db_path: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    settings: Settings | None = None,
) -> None:
    """Serves the store at ``db_path`` (read-only unless ``token``) and blocks; prints the URL first.
    Only requests for this host and port (and the loopback names on a loopback address) are answered.
    ``settings`` (the command line's, resolved) are those the ingest endpoint codes and merges with."""
    app = create_app(db_path, token=token, settings=settings, allowed_hosts=allowed_hosts_for(host, port))
    shown = f"[{host}]" if ":" in host else host
    mode = "accepting reports at POST /api/ingest with the token" if token else "read-only"
    print(f"nestor: serving {db_path} ({mode}) at http://{shown}:{port}/  (Ctrl-C stops)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
