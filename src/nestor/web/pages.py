"""The dashboard: fixed HTML shells (no templating, nothing from the store in the markup) and the static
scripts and styles they load. Data comes from the API and is put into the page as text by our scripts."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

HERE = Path(__file__).resolve().parent
PAGES_DIR = HERE / "pages"
STATIC_DIR = HERE / "static"
PAGES: dict[str, str] = {
    "timeline": "timeline.html",
    "map": "map.html",
    "network": "network.html",
    "events": "events.html",
    "stories": "stories.html",
}


def _page_route(router: APIRouter, name: str, filename: str) -> None:
    path = PAGES_DIR / filename

    @router.get(f"/{name}", include_in_schema=False, name=f"page_{name}")
    def page() -> FileResponse:
        return FileResponse(
            path, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"}
        )


def install(app: FastAPI) -> None:
    router = APIRouter()

    @router.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/timeline", status_code=307)

    for name, filename in PAGES.items():
        _page_route(router, name, filename)
    app.include_router(router)
    # StaticFiles refuses paths that leave its folder (``..``, encoded or not) and does not follow links
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
