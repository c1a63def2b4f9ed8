"""The REST API, through Starlette's in-process client, on real SQLite stores."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from nestor.errors import StoreError
from nestor.web.app import create_app
from nestor.web.db import connect_read_only
from nestor.web.marking import segments
from nestor.web.security import CSP
from test_web_support import HOSTILE_ID, XSS_SCRIPT, build_synthetic, synthetic_store


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(str(synthetic_store()))) as c:
        yield c


def ids(body: dict) -> list[str]:
    return [e["id"] for e in body["events"]]


def test_events_list_pages_and_totals(client: TestClient) -> None:
    body = client.get("/api/events", params={"limit": 2}).json()
    assert body["total"] == 5 and body["limit"] == 2 and body["next_offset"] == 2
    assert ids(body) == ["s3:1", "s1:0"]  # by date: 2022-01 (a month) starts first, then 2022-01-05
    last = client.get("/api/events", params={"limit": 2, "offset": 4}).json()
    assert last["next_offset"] is None and len(last["events"]) == 1
    desc = client.get("/api/events", params={"sort": "type", "order": "desc"}).json()
    assert [e["event"][0] for e in desc["events"]] == ["PROTEST", "PROTEST", "MOBILIZE", "ASSAULT", "AID"]
    same = client.get("/api/events", params={"sort": "type", "desc": "true"}).json()
    assert same["events"] == desc["events"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"day": "2022-01-07"}, {"s1:1", "s3:0", "s3:1"}),  # the month-dated event overlaps the day
        ({"since": "2022-01-06", "until": "2022-01-06"}, {"s2:0", "s3:1"}),
        ({"country": "RUS"}, {"s1:1", "s2:0"}),
        ({"country": "rus", "role": "recipient"}, set()),
        ({"actor": "Police"}, {"s3:0"}),
        ({"type": "protest,aid"}, {"s1:0", "s2:0", "s3:1"}),
        ({"quad": ["2", "3"]}, {"s1:0", "s2:0", "s3:1"}),
        ({"realis": "planned"}, {"s1:1"}),
        ({"attribution": "attributed"}, {"s2:0"}),
        ({"attribution": "own", "quad": "4"}, {"s1:1", "s3:0"}),
        ({"document": "s2"}, {"s2:0"}),
        ({"q": "rallied"}, {"s1:0"}),
        # the one vocabulary of the library and the command line (the three above are former names)
        ({"search": "rallied"}, {"s1:0"}),
        ({"attributed": "yes"}, {"s2:0"}),
        ({"attributed": "no", "quad": "4"}, {"s1:1", "s3:0"}),
        ({"country": "Russia"}, {"s1:1", "s2:0"}),
        ({"country": "RU"}, {"s1:1", "s2:0"}),
    ],
)
def test_event_filters(client: TestClient, params: dict, expected: set[str]) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(ids(body)) == expected and body["total"] == len(expected)


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"quad": "7"}, "quad must be from 1 to 4"),
        ({"quad": "x"}, "quad"),
        ({"type": "PICNIC"}, "unknown event type 'PICNIC'"),
        ({"since": "5 January"}, "since must be a date"),
        ({"realis": "maybe"}, "realis must be one of"),
        ({"attribution": "whose"}, "attribution must be one of"),
        ({"contry": "KAZ"}, "unknown parameter 'contry'"),
        ({"limit": "5000"}, "limit"),
        ({"sort": "colour"}, "sort must be one of"),
        ({"day": "2022-01-05", "since": "2022-01-01"}, "either day or since/until"),
        ({"role": "actor"}, "give a country too"),
        ({"country": "Atlantis"}, "unknown country 'Atlantis'"),
        ({"attributed": "perhaps"}, "attributed must be yes or no"),
    ],
)
def test_bad_filters_are_400_with_a_message(client: TestClient, params: dict, words: str) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and words in error["message"]


def test_one_event_and_unknown_ids(client: TestClient) -> None:
    assert client.get("/api/events/s2:0").json()["event"] == ["AID"]
    for path in ("/api/events/nope", "/api/documents/nope", "/api/stories/nope", "/api/nothing-here"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["error"]["status"] == 404 and response.json()["error"]["message"]


def test_counts_by_day_quad_and_country(client: TestClient) -> None:
    rows = client.get("/api/counts", params={"by": "day,quad,realis"}).json()["counts"]
    assert {"day": "2022-01-07", "quad": 4, "realis": "planned", "events": 1} in rows
    assert {"day": "2022-01-07", "quad": 4, "realis": "actual", "events": 1} in rows
    by_type = {r["type"]: r["events"] for r in client.get("/api/counts?by=type").json()["counts"]}
    assert by_type == {"AID": 1, "ASSAULT": 1, "MOBILIZE": 1, "PROTEST": 2}
    by_country = {r["country"]: r["events"] for r in client.get("/api/counts?by=country").json()["counts"]}
    assert by_country == {"KAZ": 5, "RUS": 2}
    filtered = client.get("/api/counts", params={"by": "quad", "country": "RUS"}).json()["counts"]
    assert filtered == [{"quad": 2, "events": 1}, {"quad": 4, "events": 1}]
    assert client.get("/api/counts?by=colour").status_code == 400


def test_network_edges_weight_and_mean_scale(client: TestClient) -> None:
    body = client.get("/api/network", params={"by": "country"}).json()
    edges = {(e["source"], e["target"]): e for e in body["edges"]}
    assert edges[("KAZ", "KAZ")]["events"] == 3
    assert edges[("RUS", "KAZ")]["events"] == 2
    assert edges[("RUS", "KAZ")]["mean_scale"] == 0.0  # AID +5 and MOBILIZE -5
    names = client.get("/api/network").json()
    assert {n["id"] for n in names["nodes"]} >= {"Police", "Protesters", "Government of Russia"}


def test_locations_for_the_map(client: TestClient) -> None:
    rows = client.get("/api/locations").json()["locations"]
    assert [(r["name"], r["events"], r["q3"], r["q4"]) for r in rows] == [
        ("Almaty", 2, 1, 1),
        ("Moscow", 1, 0, 0),
    ]
    geo = client.get("/api/geo/countries").json()
    codes = {c["code"] for c in geo["countries"]}
    assert {"KAZ", "RUS", "FRA", "NOR"} <= codes and geo["viewBox"] == "0 0 1800 900"


def test_documents_with_marked_sentences(client: TestClient) -> None:
    listing = client.get("/api/documents").json()
    assert listing["total"] == 3 and [d["events"] for d in listing["documents"]] == [2, 1, 2]
    doc = client.get("/api/documents/s1").json()
    assert "".join(s["text"] for s in doc["segments"]) == doc["text"]
    marked = [(s["text"], s["events"]) for s in doc["segments"] if s["events"]]
    assert marked == [
        ("Protesters rallied in Almaty.", ["s1:0"]),
        ("Troops will deploy on Friday.", ["s1:1"]),
    ]


def test_segments_overlap_and_bad_offsets() -> None:
    parts = segments("abcdef", [("x", 0, 4), ("y", 2, 6), ("z", None, 3), ("w", 5, 99)])
    assert [(p["text"], p["events"]) for p in parts] == [("ab", ["x"]), ("cd", ["x", "y"]), ("ef", ["y"])]
    assert segments("", []) == []


def test_merge_endpoints_answer_empty_lists_on_an_unmerged_store(client: TestClient) -> None:
    assert client.get("/api/stories").json() == {"stories": []}
    assert client.get("/api/clusters").json()["clusters"] == []
    assert client.get("/api/discrepancies").json() == {"discrepancies": []}
    assert client.get("/api/claims?unsourced=true").json() == {"claims": []}
    assert client.get("/api/entities?type=person").json() == {"entities": []}
    assert client.get("/api/entities?type=robot").status_code == 400
    assert client.get("/api/events?story=nope").json()["total"] == 0


def test_openapi_document_lists_the_api(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in (
        "/api/events",
        "/api/counts",
        "/api/documents/{document_id}",
        "/api/stories",
        "/api/network",
    ):
        assert path in spec["paths"]
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {
        "since",
        "until",
        "country",
        "actor",
        "type",
        "quad",
        "realis",
        "attributed",
        "search",
        "desc",
        "story",
        "limit",
    } <= names
    assert not {"q", "attribution", "order"} & names  # former names: still read, no longer documented
    assert "/api/ingest" not in spec["paths"]  # read-only server
    assert client.get("/docs").status_code == 404  # the interactive docs would load a CDN


def test_security_headers_on_api_and_pages(client: TestClient) -> None:
    for path in ("/api/events", "/timeline", "/static/js/common.js", "/api/nothing"):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


@pytest.mark.parametrize(
    "path",
    [
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/js/../../app.py",
        "/static/%2e%2e/%2e%2e/store/sqlite.py",
        "/static//etc/passwd",
        "/static/js/%00common.js",
    ],
)
def test_no_path_traversal(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (400, 404)
    assert "def create_app" not in response.text and "root:" not in response.text


def test_read_only_server_refuses_writes_and_never_changes_the_file(tmp_path: Path) -> None:
    path = build_synthetic(tmp_path / "ro.db")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with TestClient(create_app(str(path))) as c:
        response = c.post("/api/ingest", json=[{"text": "Protesters rallied."}])
        assert response.status_code == 405 and "read-only" in response.json()["error"]["message"]
        assert c.delete("/api/events/s1:0").status_code == 405
        assert c.put("/api/documents/s1").status_code == 405
        for url in ("/api/events", "/api/counts?by=day", "/api/documents/s1", "/api/network", "/api/summary"):
            assert c.get(url).status_code == 200
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    conn = connect_read_only(str(path))
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM events")
    conn.close()


def test_missing_store_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        create_app(str(tmp_path / "none.db"))


def test_hostile_text_comes_back_as_data(tmp_path: Path) -> None:
    from nestor.store import Store
    from test_web_support import HOSTILE, _hostile_records

    path = tmp_path / "hostile.db"
    with Store.open(path) as store:
        store.write_document(HOSTILE[0], _hostile_records(HOSTILE[0]))
    with TestClient(create_app(str(path))) as c:
        doc = c.get("/api/documents/" + quote(HOSTILE_ID, safe="")).json()
        assert doc["id"] == HOSTILE_ID
        assert XSS_SCRIPT in doc["text"]
        response = c.get("/api/events")
        assert response.headers["content-type"].startswith("application/json")
        assert XSS_SCRIPT in response.json()["events"][0]["text"]


@pytest.mark.slow
def test_events_of_a_merged_store_carry_their_cluster_and_story() -> None:
    from test_web_support import seed_store

    with TestClient(create_app(str(seed_store()))) as seeded:
        stories = seeded.get("/api/stories").json()
        story = next(s for s in stories["stories"] if "001_dcfa510afa210862" in s["documents"])
        page = seeded.get("/api/events", params={"story": story["id"], "limit": 200}).json()
        assert page["total"] == len(page["events"]) > 0
        assert {e["cite_info"]["citation"] for e in page["events"]} <= set(story["documents"])
        for e in page["events"]:
            assert e["event_cluster"] and e["reports"] >= 1 and e["independent_sources"] >= 1
        merged = seeded.get("/api/clusters", params={"story": story["id"]}).json()
        ids = {c["event_cluster"] for c in merged["clusters"]}
        assert {e["event_cluster"] for e in page["events"]} <= ids


def test_api_docs_are_a_readable_page_without_a_cdn(client: TestClient) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<code>GET /api/events</code>" in page and "<code>attributed</code>" in page
    assert "https://" not in page and "http://" not in page  # nothing from elsewhere
    assert "<script" not in page and "/static/css/app.css" in page


def test_commas_split_codes_but_not_document_ids(client: TestClient) -> None:
    def ids(params: dict | list) -> set[str]:
        response = client.get("/api/events", params=params)
        assert response.status_code == 200, response.text
        return {e["id"] for e in response.json()["events"]}

    assert ids({"actor": "KAZ,RUS"}) == ids([("actor", "KAZ"), ("actor", "RUS")]) != set()
    assert ids({"document": "s1,s2"}) == set()  # one id, which no report has
    assert ids([("document", "s1"), ("document", "s2")]) == ids({"document": "s1"}) | ids({"document": "s2"})


def test_clusters_name_a_report_without_publication_as_unknown_outlet(tmp_path: Path) -> None:
    from nestor.merge.run import merge_store
    from nestor.models import Document
    from nestor.settings import Settings
    from nestor.store import Store
    from test_web_support import synthetic_record

    doc = Document(id="orphan-report", text="Protesters rallied in Almaty.", published="2022-01-05")
    path = tmp_path / "orphan.db"
    with Store.open(path) as store:
        store.write_document(doc, [synthetic_record(doc, 0, "PROTEST", 3, "2022-01-05")])
        merge_store(store, Settings())
    with TestClient(create_app(str(path))) as c:
        clusters = c.get("/api/clusters").json()["clusters"]
        story = c.get("/api/stories").json()["stories"][0]["id"]
        in_story = c.get(f"/api/stories/{story}").json()["clusters"]
    for cluster in clusters + in_story:
        assert cluster["outlets"] == ["unknown outlet (orphan-report)"], cluster
        assert not any(str(n).startswith("doc:") for n in cluster.get("asserted_by") or []), cluster
