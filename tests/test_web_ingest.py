"""``POST /api/ingest``: only on a server started with a token, and only for requests that carry it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import FakeCoder
from nestor.models import CodedDocument, Document
from nestor.settings import Settings
from nestor.web.app import create_app

TOKEN = "s3cret-token"
REPORT = {
    "id": "api-1",
    "text": "Thousands of protesters rallied in Almaty on Tuesday. Police arrested 40 people.",
    "published": "2022-01-05",
    "publication": "Test Wire",
}


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(str(tmp_path / "new.db"), token=TOKEN))


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Basic abc"}, 401),
        ({"Authorization": "Bearer "}, 401),
        ({"Authorization": "Bearer wrong"}, 403),
        ({"Authorization": TOKEN}, 401),
    ],
)
def test_the_token_is_required(client: TestClient, headers: dict[str, str], status: int) -> None:
    response = client.post("/api/ingest", json=[REPORT], headers=headers)
    assert response.status_code == status
    assert response.json()["error"]["status"] == status
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert client.get("/api/events").json()["total"] == 0


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"reports": 3}', b"[1, 2]"])
def test_bad_bodies_are_400(client: TestClient, body: bytes) -> None:
    response = client.post(
        "/api/ingest",
        content=body,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400 and response.json()["error"]["message"]


@pytest.mark.slow
def test_reports_are_coded_and_stored(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = client.post(
        "/api/ingest", json={"reports": [REPORT, {"id": "empty", "text": "  "}]}, headers=auth
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] == 1 and body["failed"] == 1 and body["events"] >= 1
    assert body["errors"][0]["code"] == "empty"
    events = client.get("/api/events", params={"document": "api-1"}).json()
    assert events["total"] == body["events"]
    assert {e["cite_info"]["publication"] for e in events["events"]} == {"Test Wire"}
    again = client.post("/api/ingest", json=[REPORT], headers=auth).json()
    assert again["unchanged"] == 1 and again["stored"] == 0
    assert "/api/ingest" in client.get("/api/openapi.json").json()["paths"]
    assert client.get("/api/summary").json()["read_only"] is False


def test_an_empty_token_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="token"):
        create_app(str(tmp_path / "x.db"), token=" ")


def test_the_ingest_endpoint_codes_with_the_servers_settings(tmp_path: Path) -> None:
    """The settings the server was started with (a settings file, flags) reach the ingest endpoint:
    here a document limit of 60 characters refuses the longer report, and the coder is handed the same
    settings (its model name), not the defaults."""
    seen: list[Settings] = []
    fake = FakeCoder()

    def code(docs: Iterable[Document], settings: Settings) -> Iterator[CodedDocument]:
        seen.append(settings)
        return fake(docs, settings)

    settings = Settings(max_doc_chars=60, model="my_model", story_threshold=0.9)
    app = create_app(str(tmp_path / "s.db"), token=TOKEN, code=code, settings=settings)
    short = {"id": "short", "text": "Thousands protest in Almaty."}
    with TestClient(app) as client:
        body = client.post(
            "/api/ingest", json=[REPORT, short], headers={"Authorization": f"Bearer {TOKEN}"}
        ).json()
    assert body["failed"] == 1 and body["stored"] == 1
    assert body["errors"][0]["code"] == "oversize" and "max_doc_chars (60)" in body["errors"][0]["message"]
    assert seen and seen[0].model == "my_model" and seen[0].story_threshold == 0.9
    assert seen[0].db == str(tmp_path / "s.db") and seen[0].workers == 1
    assert fake.coded == ["short"]
