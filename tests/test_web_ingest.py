"""``POST /api/ingest``: only on a server started with a token, and only for requests that carry it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

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
