"""Reports dated at the ends of the calendar (0001-01-01, 9999-12-31: the placeholders of real feeds).

A new record so dated is stored without its date, with a warning naming its file and line; a store that
already holds such a report (written before that check) still merges and takes new reports; date windows
and dates read from text against such a publication date never leave the calendar.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from conftest import FakeCoder, build_record, clear_nestor_env, cli_invoker, doc
from nestor import ingest_run
from nestor.ingest.records import PUBLISHED_RANGE, DateOutOfRange, FutureDate, make_document
from nestor.merge import merge_store
from nestor.merge.days import shift, widen
from nestor.models import Document, NameMention
from nestor.resolve.dates import resolve_date
from nestor.settings import Settings
from nestor.store import Store

EDGES = ("0001-01-01", "0001-01-10", "9999-12-22", "9999-12-31")
TEXT = "Thousands protest in Almaty. Police attack the crowd near the square. Russia sends troops."
FRESH = [
    {"id": "new-1", "text": TEXT, "publication": "Northern Wire", "published": "2022-01-05"},
    {"id": "new-2", "text": TEXT + " Again.", "publication": "Caspian Daily", "published": "2022-01-06"},
    {"id": "new-3", "text": "Aid arrives in Almaty.", "publication": "Steppe Courier"},
]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_nestor_env(monkeypatch)


@pytest.fixture
def coder(monkeypatch: pytest.MonkeyPatch) -> FakeCoder:
    fake = FakeCoder()
    monkeypatch.setattr(ingest_run, "default_coder", lambda: fake)
    return fake


@pytest.fixture
def nestor() -> Callable[..., Result]:
    return cli_invoker()


def _jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _old_store(path: Path, published: str) -> Store:
    """A store written before publication dates were checked: a report dated ``published``, an end of the
    calendar, with events dated that day, month and year (one of them a plan), not merged yet."""
    store = Store.open(path)
    d = doc("edge", TEXT, publication="Edge Wire", published=published, source="old.jsonl", line=1)
    mentions = [NameMention(0, 22, 28, "Almaty", "PLACE", "Almaty", "KAZ")]
    records = [
        build_record(d, 0, event="PROTEST", date=published),
        build_record(d, 1, event="ASSAULT", date=published[:7], precision="month"),
        build_record(d, 2, event="AID", date=published[:4], precision="year"),
        build_record(d, 3, event="MOBILIZE", date=published, realis="planned"),  # a plan: links
    ]
    store.write_document(d, records, mentions=mentions)
    return store


# -- the store -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("published", EDGES)
def test_a_store_holding_an_edge_date_still_merges_and_ingests(
    tmp_path: Path, published: str, coder: FakeCoder, nestor: Callable[..., Result]
) -> None:
    path = tmp_path / "old.db"
    with _old_store(path, published) as store:
        report = merge_store(store, Settings())
        assert report.documents == 1 and report.events == 4
        second = doc("edge-2", TEXT + " Later.", publication="Other Wire", published=published)
        records = [
            build_record(second, 0, date=published),
            build_record(second, 1, event="MOBILIZE", date=published),
        ]
        store.write_document(second, records)
        assert merge_store(store, Settings()).documents == 1  # windows around the edge
        ingest_run.ingest_items([doc(**r) for r in FRESH[:1]], Settings(workers=1), store, code=coder)
        assert merge_store(store, Settings()).documents == 1  # windows that reach the edge's stories

    result = nestor("ingest", str(_jsonl(tmp_path / "fresh.jsonl", FRESH)), "--db", str(path))
    assert result.exit_code == 0, result.output
    with Store.open(path, create=False) as store:
        (n,) = next(store.query("SELECT count(*) AS n FROM story_documents")).values()
        assert n == 5  # every report placed in a story
        assert merge_store(store, Settings()).documents == 0


@pytest.mark.parametrize("published", EDGES[:1] + EDGES[-1:])
def test_the_ingest_api_into_a_store_holding_an_edge_date(tmp_path: Path, published: str) -> None:
    from fastapi.testclient import TestClient

    from nestor.web.app import create_app

    path = tmp_path / "old.db"
    _old_store(path, published).close()
    client = TestClient(create_app(str(path), token="t0ken", code=FakeCoder()))
    reports = [*FRESH, {"id": "new-4", "text": "Aid arrives.", "published": published}]
    response = client.post("/api/ingest", json=reports, headers={"Authorization": "Bearer t0ken"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["stored"], body["failed"], body["merge"]["documents"]) == (4, 0, 5)
    assert [(e["line"], e["code"]) for e in body["errors"]] == [(4, "date_range")]
    assert body["errors"][0]["message"].startswith(f"report 4: published date '{published}' is outside")


# -- new records -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given",
    [*EDGES, "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "Dec 31, 9999", "0999-12-31", "2201-01-01"],
)
def test_a_record_dated_out_of_range_is_a_warning_carrying_the_undated_document(given: str) -> None:
    out = make_document({"id": "x", "text": "Some text.", "published": given}, Settings(), "in.jsonl", 7)
    assert isinstance(out, DateOutOfRange)
    assert out.code == "date_range"
    assert str(out).startswith("in.jsonl:7: published date '")
    assert out.document == Document(id="x", text="Some text.", source="in.jsonl", line=7)


@pytest.mark.parametrize(
    "given", [PUBLISHED_RANGE[0].isoformat(), PUBLISHED_RANGE[1].isoformat(), "1900-01-01"]
)
def test_dates_at_the_ends_of_the_range_are_kept(given: str) -> None:
    out = make_document({"id": "x", "text": "Some text.", "published": given}, Settings(), "in.jsonl", 1)
    if isinstance(out, FutureDate):  # kept, with a warning
        out = out.document
    assert isinstance(out, Document) and out.published == given


def test_the_cli_stores_an_edge_dated_record_undated_and_warns_with_file_and_line(
    tmp_path: Path, coder: FakeCoder, nestor: Callable[..., Result]
) -> None:
    records = [FRESH[0], {**FRESH[1], "published": "0001-01-01"}, {**FRESH[2], "date": "9999-12-31"}]
    src = _jsonl(tmp_path / "feed.jsonl", records)
    db = str(tmp_path / "n.db")
    result = nestor("ingest", str(src), "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("nestor: warning:")]
    assert [w.split(": published date")[0] for w in warnings] == [
        f"nestor: warning: {src}:2",
        f"nestor: warning: {src}:3",
    ]
    assert "'0001-01-01' is outside 1000-01-01..2200-12-31" in warnings[0]
    counts = json.loads(result.stdout)
    assert (counts["read"], counts["stored"], counts["failed"], counts["merge"]["documents"]) == (3, 3, 0, 3)
    with Store.open(db, create=False) as store:
        dates = {r["id"]: r["published"] for r in store.query("SELECT id, published FROM documents")}
    assert dates == {"new-1": "2022-01-05", "new-2": None, "new-3": None}

    again = nestor("ingest", str(src), "--db", db)  # unchanged, and warned again
    assert again.exit_code == 0
    assert sum(line.startswith("nestor: warning:") for line in again.stderr.splitlines()) == 2


# -- date arithmetic ---------------------------------------------------------------------------------------


def test_shifting_a_day_stops_at_the_ends_of_the_calendar() -> None:
    assert shift(dt.date(1, 1, 5), -10) == dt.date.min
    assert shift(dt.date(9999, 12, 25), 30) == dt.date.max
    assert shift(dt.date(2022, 1, 5), -10) == dt.date(2021, 12, 26)
    assert widen(dt.date.min, dt.date.max, 10**6) == ("0001-01-01", "9999-12-31")


RELATIVE = [
    "on Monday", "last Monday", "next Monday", "yesterday", "tomorrow", "today", "two days ago",
    "in two days", "three weeks ago", "in three weeks", "last month", "next month", "last year",
    "next year", "December 30", "January 2", "in May", "a few days ago", "the previous day",
    "the next day", "earlier this month", "last week", "next week", "the day after tomorrow",
    "ten years ago", "in ten years", "two months ago", "in two months", "early next year",
]  # fmt: skip


@pytest.mark.parametrize("published", [dt.date.fromisoformat(d) for d in EDGES])
@pytest.mark.parametrize("tense", ["past", "future"])
def test_dates_read_against_an_edge_publication_date_stay_in_the_calendar(
    published: dt.date, tense: str
) -> None:
    for expr in RELATIVE:
        hit = resolve_date(expr, published, tense)  # raises nothing
        if hit is not None:
            assert "0001" <= hit.value[:4] <= "9999", (expr, hit)
