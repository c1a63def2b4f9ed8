"""The API against hostile or careless requests: bounds on paging, limits on filters, unknown parameters,
oversized and deeply nested ingest bodies, foreign Host headers (DNS rebinding) and NUL characters."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from nestor.errors import StoreError
from nestor.store import Store
from nestor.store.event_query import EventQuery, count_events
from nestor.web import api_ingest
from nestor.web.app import create_app
from nestor.web.db import ReadStore
from test_web_support import synthetic_store

TOKEN = "hardening-token"
JSON = "application/json"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    # server errors come back as responses (a 500), not as exceptions raised in the test
    with TestClient(create_app(str(synthetic_store())), raise_server_exceptions=False) as c:
        yield c


def error_of(response: Any, status: int) -> str:
    """The JSON error message of a response that must have ``status``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(JSON)
    error = response.json()["error"]
    assert error["status"] == status
    return str(error["message"])


def assert_no_leak(text: str) -> None:
    lowered = text.lower()
    assert str(synthetic_store()) not in text and "/tmp" not in text
    for word in ("sqlite", "like or glob", "expression tree", "too many", "select "):
        assert word not in lowered, text


# -- (a) paging bounds ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/events", "/api/documents", "/api/clusters"])
@pytest.mark.parametrize("offset", [2**63, 2**64, 10**30])
def test_an_offset_beyond_the_range_is_a_json_400(client: TestClient, path: str, offset: int) -> None:
    message = error_of(client.get(path, params={"offset": offset}), 400)
    assert "offset" in message


def test_the_largest_offset_is_an_empty_page(client: TestClient) -> None:
    body = client.get("/api/events", params={"offset": 2**63 - 1}).json()
    assert body["events"] == [] and body["total"] == 5 and body["next_offset"] is None


def test_the_library_bounds_offset_and_limit() -> None:
    from nestor.store.event_query import QueryError

    with pytest.raises(QueryError, match="offset"):
        EventQuery(offset=2**63)
    with pytest.raises(QueryError, match="limit"):
        EventQuery(limit=2**63)


# -- (b) filter limits and store errors -----------------------------------------------------------------


def test_a_long_search_text_is_a_400_that_names_no_path(client: TestClient) -> None:
    response = client.get("/api/events", params={"q": "a" * 65_000})
    message = error_of(response, 400)
    assert "q" in message and "500" in message
    assert_no_leak(response.text)
    assert client.get("/api/events", params={"q": "r" * 500}).json()["total"] == 0


@pytest.mark.parametrize("path", ["/api/events", "/api/counts", "/api/network", "/api/locations"])
def test_too_many_values_of_a_filter_are_a_400(client: TestClient, path: str) -> None:
    repeated = client.get(path, params={"country": ["KAZ"] * 1000})
    assert "country" in error_of(repeated, 400)
    assert_no_leak(repeated.text)
    commas = client.get(path, params={"actor": ",".join(["x"] * 101)})
    assert "actor" in error_of(commas, 400)
    assert client.get(path, params={"country": ",".join(["KAZ"] * 100)}).status_code == 200


def test_a_store_error_is_logged_not_shown(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(str(synthetic_store()))
    secret = "cannot read store /srv/private/nestor.db: no such table: events"

    @app.get("/api/broken")
    def broken() -> None:
        raise StoreError(secret)

    with TestClient(app) as c, caplog.at_level(logging.ERROR):
        response = c.get("/api/broken")
    message = error_of(response, 503)
    assert "/srv/private" not in response.text and "no such table" not in response.text and message
    assert secret in caplog.text


def test_an_unexpected_error_is_a_json_500_without_details(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(str(synthetic_store()))

    @app.get("/api/crash")
    def crash() -> None:
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    with TestClient(app, raise_server_exceptions=False) as c, caplog.at_level(logging.ERROR):
        response = c.get("/api/crash")
    error_of(response, 500)
    assert "SQLite" not in response.text
    assert "OverflowError" in caplog.text


# -- (c) unknown parameters -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "known"),
    [
        ("/api/events", "offset"),
        ("/api/events/s1:0", None),
        ("/api/counts", "by"),
        ("/api/network", "top"),
        ("/api/locations", "country"),
        ("/api/documents", "limit, offset"),
        ("/api/documents/s1", None),
        ("/api/stories", None),
        ("/api/stories/x", None),
        ("/api/clusters", "story, limit, offset"),
        ("/api/discrepancies", "story"),
        ("/api/claims", "unsourced"),
        ("/api/entities", "type"),
        ("/api/sources", None),
        ("/api/summary", None),
        ("/api/geo/countries", None),
    ],
)
def test_an_unknown_parameter_is_a_400_everywhere(client: TestClient, path: str, known: str | None) -> None:
    message = error_of(client.get(path, params={"bogus": "1"}), 400)
    assert "unknown parameter 'bogus'" in message
    if known is None:
        assert "takes no parameters" in message
    else:
        assert known in message


def test_the_ingest_endpoint_refuses_unknown_parameters(tmp_path: Path) -> None:
    with TestClient(create_app(str(tmp_path / "w.db"), token=TOKEN)) as c:
        response = c.post("/api/ingest?dry_run=1", json=[], headers={"Authorization": f"Bearer {TOKEN}"})
    assert "unknown parameter 'dry_run'" in error_of(response, 400)


def test_pages_keep_their_filters_in_the_query_string(client: TestClient) -> None:
    # the dashboard keeps its filters in the page's URL (shareable links): pages are not checked
    assert client.get("/events", params={"country": "KAZ", "anything": "1"}).status_code == 200


# -- (d) the ingest body is read up to the limit only ---------------------------------------------------


def call_asgi(app: FastAPI, headers: list[tuple[bytes, bytes]], chunks: list[bytes]) -> tuple[int, int]:
    """POSTs ``chunks`` to /api/ingest straight through ASGI; (status, how many chunks the app read)."""
    pulled = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        if pulled >= len(chunks):
            return {"type": "http.disconnect"}
        pulled += 1
        return {"type": "http.request", "body": chunks[pulled - 1], "more_body": pulled < len(chunks)}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/ingest",
        "raw_path": b"/api/ingest",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"authorization", f"Bearer {TOKEN}".encode()),
            (b"content-type", b"application/json"),
            *headers,
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    return status, pulled


def test_the_body_limit_stops_reading_early(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_ingest, "MAX_BODY", 1000)
    app = create_app(str(tmp_path / "w.db"), token=TOKEN)
    status, pulled = call_asgi(app, [], [b" " * 100] * 300)  # 30,000 bytes, no Content-Length
    assert status == 413 and pulled <= 12
    status, pulled = call_asgi(app, [(b"content-length", b"300000000")], [b"[]"])
    assert status == 413 and pulled == 0


def test_an_oversized_body_is_a_json_413(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api_ingest, "MAX_BODY", 1000)
    with TestClient(create_app(str(tmp_path / "w.db"), token=TOKEN)) as c:
        response = c.post(
            "/api/ingest",
            content=b"[" + b" " * 2000 + b"]",
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": JSON},
        )
    assert "1,000 bytes" in error_of(response, 413)


# -- (e) deeply nested JSON -----------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [100_000, 1_000_000])
def test_deeply_nested_json_is_a_400(tmp_path: Path, depth: int) -> None:
    with TestClient(create_app(str(tmp_path / "w.db"), token=TOKEN), raise_server_exceptions=False) as c:
        response = c.post(
            "/api/ingest",
            content=b"[" * depth + b"]" * depth,
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": JSON},
        )
    assert "nested" in error_of(response, 400)


# -- (f) the Host header --------------------------------------------------------------------------------


def test_the_allow_list_of_a_loopback_server() -> None:
    from nestor.web.security import allowed_hosts_for

    hosts = allowed_hosts_for("127.0.0.1", 8000)
    app = create_app(str(synthetic_store()), allowed_hosts=hosts)
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "LOCALHOST:8000"):
            assert c.get("/api/summary", headers={"Host": host}).status_code == 200, host
        for host in (
            "evil.example",
            "evil.example:8000",
            "127.0.0.1:9999",
            "127.0.0.1.evil.example:8000",
            "localhost:8000@evil.example",
            "",
        ):
            response = c.get("/api/summary", headers={"Host": host})
            assert "Host" in error_of(response, 400), host
            assert response.headers["x-frame-options"] == "DENY"
        assert c.get("/timeline", headers={"Host": "evil.example:8000"}).status_code == 400


def test_the_allow_list_of_a_named_server() -> None:
    from nestor.web.security import allowed_hosts_for

    assert set(allowed_hosts_for("192.0.2.7", 8080)) == {"192.0.2.7:8080"}
    assert set(allowed_hosts_for("nestor.lan", 80)) == {"nestor.lan:80", "nestor.lan"}
    assert "[::1]:9000" in allowed_hosts_for("::1", 9000)
    app = create_app(str(synthetic_store()), allowed_hosts=allowed_hosts_for("192.0.2.7", 8080))
    with TestClient(app, base_url="http://192.0.2.7:8080") as c:
        assert c.get("/api/summary").status_code == 200
        assert c.get("/api/summary", headers={"Host": "localhost:8080"}).status_code == 400


def test_the_default_allow_list_is_loopback_and_the_test_client() -> None:
    with TestClient(create_app(str(synthetic_store()))) as c:
        assert c.get("/api/summary").status_code == 200  # Host: testserver
        assert c.get("/api/summary", headers={"Host": "localhost:5555"}).status_code == 200
        assert c.get("/api/summary", headers={"Host": "rebind.attacker.example"}).status_code == 400
    with TestClient(create_app(str(synthetic_store()), allowed_hosts=["nestor.lan:80"])) as c:
        assert c.get("/api/summary").status_code == 400
        assert c.get("/api/summary", headers={"Host": "nestor.lan:80"}).status_code == 200


@pytest.mark.parametrize("hosts", [[], ["nestor.lan:http"], ["a:80:*"], ["::1:8000"], [""]])
def test_a_bad_allow_list_is_refused(hosts: list[str]) -> None:
    with pytest.raises(ValueError, match="host"):
        create_app(str(synthetic_store()), allowed_hosts=hosts)


def test_a_server_on_all_addresses_answers_to_the_loopback_names() -> None:
    from nestor.web.security import AllowedHosts, allowed_hosts_for

    assert set(allowed_hosts_for("0.0.0.0", 8000)) == {"localhost:8000", "127.0.0.1:8000", "[::1]:8000"}
    allowed = AllowedHosts.parse(["localhost:*", "[::1]:8000"])
    assert allowed.allows("localhost") and allowed.allows("localhost:1") and allowed.allows("[::1]:08000")
    for host in ("localhost:*", "localhost:", "localhost:123456", "[::1]", "[::1]x", "::1:8000", "[::1"):
        assert not allowed.allows(host), host


# -- NUL in the search text -----------------------------------------------------------------------------


@pytest.mark.parametrize("params", [{"q": "\x00"}, {"q": "rallied\x00"}, {"document": "s1\x00"}])
def test_a_nul_in_a_parameter_is_a_400(client: TestClient, params: dict[str, str]) -> None:
    assert "NUL" in error_of(client.get("/api/events", params=params), 400)


def test_a_nul_is_never_a_wildcard_in_the_library(memory_store: Store, make_record: Any) -> None:
    from conftest import doc

    plain, odd = doc("p", "Protesters rallied in Almaty."), doc("n", "Protesters\x00rallied in Oral.")
    memory_store.write_document(plain, [make_record(plain, 0)])
    memory_store.write_document(odd, [make_record(odd, 0)])
    assert count_events(memory_store, EventQuery(text="protesters")) == 2
    assert count_events(memory_store, EventQuery(text="\x00")) == 1
    assert count_events(memory_store, EventQuery(text="PROTESTERS\x00R")) == 1
    assert count_events(memory_store, EventQuery(text="rallied\x00")) == 0
    reader = ReadStore(str(synthetic_store()))
    try:
        assert count_events(reader.get(), EventQuery(text="\x00")) == 0
    finally:
        reader.close()
