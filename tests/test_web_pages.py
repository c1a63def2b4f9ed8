"""The dashboard in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright), served by
uvicorn on loopback over the seed store: each page loads, a filter or a click changes what is shown, no
request leaves the server, nothing from the reports runs as script, and a screenshot is saved."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_web_support import HOSTILE_ID, seed_store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium)"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    import uvicorn

    from nestor.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(str(seed_store())), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Watch:
    """What a page did: requests it made, console errors, dialogs (an alert from injected script)."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    watch = Watch()
    pg.on("request", lambda r: watch.requests.append(r.url))
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    pg.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(15000)
    yield pg, watch
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def wait_until(check: Any, timeout: float = 15.0) -> None:
    """Polls ``check()`` from Python (Playwright's string predicates use eval, which our CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the page")
        time.sleep(0.05)


def settle(pg: Any, watch: Watch, base_url: str, shot: Path) -> None:
    """Common checks after a page has done its work, and the screenshot."""
    pg.wait_for_load_state("networkidle")
    pg.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert all(u.startswith(base_url) for u in watch.requests), [
        u for u in watch.requests if not u.startswith(base_url)
    ]
    assert watch.errors == [] and watch.dialogs == []
    assert pg.evaluate("typeof window.__xss") == "undefined"


def test_timeline_click_a_day(page: tuple[Any, Watch], base_url: str, shots: Path) -> None:
    pg, watch = page
    pg.goto(base_url + "/timeline")
    pg.wait_for_selector("svg.timeline g.day rect.bar")
    days = pg.locator("g.day[data-events]:not([data-events='0'])")
    assert days.count() >= 3
    day = days.nth(0).get_attribute("data-day")
    total = int(days.nth(0).get_attribute("data-events") or 0)
    days.nth(0).click()
    pg.wait_for_selector("#day-events table.events tbody tr")
    assert pg.locator("#status").inner_text().endswith(f"events on {day}")
    dates = pg.locator("#day-events td.c-date").all_inner_texts()
    assert len(dates) >= total and all(day.startswith(d) for d in dates)  # the day, or its month or year
    assert f"day={day}" in pg.url
    assert pg.locator("g.day.selected").get_attribute("data-day") == day
    settle(pg, watch, base_url, shots / "timeline.png")


def test_events_filter_and_sentence_in_report(page: tuple[Any, Watch], base_url: str, shots: Path) -> None:
    pg, watch = page
    pg.goto(base_url + "/events")
    pg.wait_for_selector("table.events tbody tr")
    all_rows = pg.locator("table.events tbody tr").count()
    pg.fill("#f-type", "PROTEST")
    pg.click("#filters button[type=submit]")
    wait_until(lambda: "of" in pg.locator("#status").inner_text())
    wait_until(lambda: all("PROTEST" in t for t in pg.locator("td.c-type").all_inner_texts()))
    types = pg.locator("td.c-type").all_inner_texts()
    assert types and len(types) < all_rows and all("PROTEST" in t for t in types)
    assert "type=PROTEST" in pg.url
    row = pg.locator("table.events tbody tr").nth(0)
    sentence = row.locator("td.c-text").inner_text()
    row.click()
    mark = pg.wait_for_selector("#report mark.current")
    assert mark.inner_text().strip() == sentence.strip()
    assert pg.locator("#report mark").count() >= 1
    settle(pg, watch, base_url, shots / "events.png")


def test_hostile_report_is_shown_as_text(page: tuple[Any, Watch], base_url: str, shots: Path) -> None:
    pg, watch = page
    from urllib.parse import quote

    pg.goto(base_url + "/events?q=" + quote("<script>"))
    pg.wait_for_selector("table.events tbody tr")
    cells = pg.locator("td.c-text").all_inner_texts()
    assert any("<script>window.__xss = 1</script>" in c for c in cells)
    pg.goto(base_url + "/events?document=" + quote(HOSTILE_ID))
    pg.wait_for_selector("table.events tbody tr")
    assert "Police <img src=x onerror" in pg.locator("td.c-actor").all_inner_texts()[1]
    assert "said by Ministry <b><i>unclosed" in pg.locator("td.c-voice").all_inner_texts()[1]
    pg.locator("table.events tbody tr").nth(1).click()
    pg.wait_for_selector("#report mark.current")
    assert "<b><i>unclosed <a href='javascript:" in pg.locator("#report .report-text").inner_text()
    assert pg.locator("#report h3").inner_text() == 'Unrest <img src=x onerror="window.__xss = 2"> in Almaty'
    assert pg.locator("#report img, #report script, #report a, td img, td script").count() == 0
    settle(pg, watch, base_url, shots / "hostile.png")


def test_map_places_and_country_filter(page: tuple[Any, Watch], base_url: str, shots: Path) -> None:
    pg, watch = page
    pg.goto(base_url + "/map")
    pg.wait_for_selector("svg.worldmap circle.place")
    assert pg.locator("path.country").count() > 200
    assert pg.locator("path.country.has-events[data-code='KAZ']").count() == 1
    place = pg.locator("circle.place").nth(0)
    name = place.get_attribute("data-name")
    place.dispatch_event("click")
    title = pg.wait_for_selector("#place-title")
    assert title.inner_text().startswith(f"{name} — ")
    assert all(p == name for p in pg.locator("#place-events td.c-place").all_inner_texts())
    pg.locator("path.country[data-code='KAZ']").dispatch_event("click")
    pg.wait_for_selector("path.country.selected[data-code='KAZ']")
    assert "country=KAZ" in pg.url
    settle(pg, watch, base_url, shots / "map.png")


def test_network_click_an_actor(page: tuple[Any, Watch], base_url: str, shots: Path) -> None:
    pg, watch = page
    pg.goto(base_url + "/network")
    pg.wait_for_selector("svg.network g.node")
    assert pg.locator("path.edge").count() >= 1
    node = pg.locator("g.node").nth(0)
    name = node.get_attribute("data-id")
    node.dispatch_event("click")
    title = pg.wait_for_selector("#node-title")
    assert title.inner_text().startswith(f"{name} as actor — ")
    assert pg.locator("#node-events tbody tr").count() >= 1
    pg.select_option("#by", "country")
    pg.wait_for_selector("g.node[data-id='KAZ']")
    settle(pg, watch, base_url, shots / "network.png")


def test_story_view(page: tuple[Any, Watch], base_url: str, shots: Path) -> None:
    pg, watch = page
    pg.goto(base_url + "/stories")
    pg.wait_for_selector("#story-title")
    assert pg.locator("#story-list li").count() >= 1
    pg.wait_for_selector("section.cluster .member")
    assert pg.locator("section.cluster .badge").count() == pg.locator("section.cluster").count()
    shown = pg.locator("#story-list li.selected").get_attribute("data-id")
    figures = pg.request.get(f"{base_url}/api/stories/{shown}").json()["figures"]
    if figures:  # the figures table: one row per figure the API gives, disputed ones marked
        assert pg.locator("div.figures tbody tr").count() == len(figures)
        assert pg.locator("div.figures tr.disputed").count() == sum(1 for f in figures if f.get("disputed"))
    else:
        assert pg.get_by_text("the reports give no figures").count() == 1
    last = pg.locator("#story-list li").last
    last.click()
    wanted = last.get_attribute("data-id")
    wait_until(lambda: pg.locator("#story-list li.selected").get_attribute("data-id") == wanted)
    settle(pg, watch, base_url, shots / "stories.png")


def test_root_redirects_and_csp_is_sent(page: tuple[Any, Watch], base_url: str) -> None:
    pg, _ = page
    response = pg.goto(base_url + "/")
    assert pg.url.endswith("/timeline")
    assert "script-src 'self'" in response.headers["content-security-policy"]
