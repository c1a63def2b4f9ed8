"""The SQLite store and the ingest run that writes it: round trips, idempotency, atomicity, replacement."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from conftest import CODED_DATE, FakeCoder, build_record, doc, entity, records_for
from nestor.errors import ParseError, StoreError
from nestor.ingest_run import IngestReport, ingest_items
from nestor.models import Document, EventRecord, Place
from nestor.settings import Settings
from nestor.store import MIGRATIONS, SCHEMA_VERSION, Store, date_bounds
from nestor.store.event_query import select_events

# -- opening and schema ----------------------------------------------------------------------------


def test_new_store_is_at_the_latest_schema(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "events", "event_entities", "ingest_log", "runs", "schema_version"} <= tables
    with Store.open(db_path) as again:  # opening again migrates nothing
        assert again.schema_version == SCHEMA_VERSION


def test_migrations_are_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_missing_store_is_not_created_for_reading(tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    with pytest.raises(StoreError, match=r"no store at .*absent\.db; run `nestor ingest` first"):
        Store.open(path, create=False)
    assert not path.exists()


def test_refuses_files_that_are_not_nestor_stores(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a nestor store"):
        Store.open(junk)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (x)")
    conn.close()
    with pytest.raises(StoreError, match="SQLite database but not a nestor store"):
        Store.open(other)


def test_refuses_a_store_from_a_newer_nestor(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.conn.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer nestor"):
        Store.open(db_path)


def test_cannot_open_in_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open store"):
        Store.open(tmp_path / "no" / "such" / "folder" / "x.db")


# -- writing one document --------------------------------------------------------------------------


def test_document_and_events_round_trip(memory_store: Store, documents: list[Document]) -> None:
    a = documents[0]
    records = records_for(a)
    assert memory_store.write_document(a, records) == "stored"
    row = memory_store.get_document("a")
    assert row is not None
    assert {k: row[k] for k in ("id", "text", "title", "publication", "published", "source")} == {
        "id": "a",
        "text": a.text,
        "title": "Protests in Almaty",
        "publication": "Northern Wire",
        "published": "2022-01-05",
        "source": "reports.jsonl",
    }
    assert row["content_hash"] == a.content_hash
    assert list(select_events(memory_store)) == [r.to_dict() for r in records]
    stored = memory_store.conn.execute("SELECT * FROM events WHERE id = 'a:0'").fetchone()
    assert stored["event_type"] == "PROTEST"
    assert stored["realis"] == "actual" and stored["attributed"] == 0
    assert (stored["sequence"], stored["sent_start"], stored["sent_end"]) == (
        0,
        0,
        len("Thousands protest in Almaty."),
    )
    assert json.loads(stored["record"]) == records[0].to_dict()
    entities = memory_store.conn.execute(
        "SELECT role, position, code, sector, identifier_text FROM event_entities "
        "WHERE event_id = 'a:0' ORDER BY role"
    ).fetchall()
    assert [tuple(e) for e in entities] == [
        ("actor", 0, "KAZ", "CVL", "Protesters"),
        ("recipient", 0, "KAZ", "GOV", "Government of Kazakhstan"),
    ]


def test_claimant_is_indexed_and_attributed_set(memory_store: Store) -> None:
    d = doc("x", "Officials said rebels attacked the airport.")
    r = build_record(d, claimant=entity("KAZ", "GOV", "Officials", "Government of Kazakhstan"))
    memory_store.write_document(d, [r])
    assert memory_store.conn.execute("SELECT attributed FROM events").fetchone()[0] == 1
    roles = [row[0] for row in memory_store.conn.execute("SELECT role FROM event_entities ORDER BY role")]
    assert roles == ["actor", "claimant", "recipient"]


def test_has_document_tells_new_same_changed(memory_store: Store) -> None:
    d = doc("x", "Protesters gathered.")
    assert memory_store.has_document("x", d.content_hash) == "new"
    memory_store.write_document(d, [])
    assert memory_store.has_document("x", d.content_hash) == "same"
    assert memory_store.has_document("x", doc("x", "Other text.").content_hash) == "changed"


def test_same_document_again_changes_nothing(memory_store: Store, documents: list[Document]) -> None:
    for d in documents:
        memory_store.write_document(d, records_for(d))
    before = memory_store.dump(times=True)
    for d in documents:
        assert memory_store.write_document(d, records_for(d)) == "unchanged"
    assert memory_store.dump(times=True) == before


def test_changed_document_replaces_its_events(memory_store: Store) -> None:
    old = doc("x", "Crowds protest. Police attack. Aid arrives.")
    memory_store.write_document(old, records_for(old))
    memory_store.write_document(doc("y", "Another protest."), records_for(doc("y", "Another protest.")))
    assert memory_store.counts()["events"] == 4
    new = doc("x", "Troops arrive in the city.", title="updated")
    assert memory_store.write_document(new, records_for(new)) == "replaced"
    got = list(select_events(memory_store, None))
    assert [(e["id"], e["event"]) for e in got if e["cite_info"]["citation"] == "x"] == [
        ("x:0", ["MOBILIZE"])
    ]
    assert memory_store.get_document("x")["title"] == "updated"  # type: ignore[index]
    orphans = memory_store.conn.execute(
        "SELECT count(*) FROM event_entities WHERE event_id NOT IN (SELECT id FROM events)"
    ).fetchone()[0]
    assert orphans == 0
    assert memory_store.counts()["event_entities"] == 2 * 2  # x:0 and y:0, an actor and a recipient each


def test_a_failing_write_leaves_nothing_of_the_document(memory_store: Store) -> None:
    d = doc("x", "Crowds protest. Police attack.")
    good = build_record(d, 0)
    bad = build_record(d, 1, event_id="placeholder")
    bad.id = None  # type: ignore[assignment]  # NOT NULL fails half-way through the transaction
    memory_store.log(None, "failed", "x.jsonl", 1, None, "parse", "broken")  # buffered
    with pytest.raises(StoreError, match="cannot write document 'x'"):
        memory_store.write_document(d, [good, bad])
    empty = {"documents": 0, "events": 0, "event_entities": 0, "ingest_log": 0, "runs": 0}
    assert memory_store.counts() == empty
    assert memory_store.write_document(d, [good]) == "stored"
    assert [e["status"] for e in memory_store.log_entries()] == ["failed", "stored"]  # the buffer survived


def test_event_ids_are_upserted(memory_store: Store) -> None:
    d = doc("x", "Crowds protest.")
    twice = [build_record(d, 0), build_record(d, 0, event="ASSAULT")]  # the same id twice: the last wins
    memory_store.write_document(d, twice)
    assert [e["event"] for e in select_events(memory_store)] == [["ASSAULT"]]
    assert memory_store.counts()["event_entities"] == 2


# -- ingest runs -----------------------------------------------------------------------------------


def counts(**nonzero: int) -> dict[str, int]:
    zero = dict.fromkeys(("read", "stored", "unchanged", "replaced", "skipped", "failed", "events"), 0)
    return zero | nonzero


def run(
    store: Store,
    items: list,
    coder: FakeCoder | None = None,
    errors: list | None = None,
    warnings: list | None = None,
) -> IngestReport:
    return ingest_items(
        items,
        Settings(workers=1),
        store,
        on_error=None if errors is None else errors.append,
        on_warning=None if warnings is None else warnings.append,
        code=coder or FakeCoder(),
    )


def test_ingest_twice_gives_an_identical_store(db_path: Path, documents: list[Document]) -> None:
    with Store.open(db_path) as store:
        first = run(store, documents)
        dump = store.dump(times=True)
        coder = FakeCoder()
        second = run(store, documents, coder)
        assert store.dump(times=True) == dump
        assert coder.coded == []  # nothing is coded again
        runs = list(store.runs())
    assert first.counts() == counts(read=3, stored=3, events=3)
    assert second.counts() == counts(read=3, unchanged=3)
    assert [r["counts"] for r in runs] == [first.counts(), second.counts()]
    assert all(r["finished"] for r in runs)


class Killed(Exception):
    pass


def test_a_killed_run_then_a_rerun_equals_one_clean_run(tmp_path: Path, documents: list[Document]) -> None:
    more = [*documents, doc("d", "Protest in Aktobe."), doc("e", "Aid for Almaty.")]

    class DiesAfterTwo(FakeCoder):
        def __call__(self, docs, settings):  # type: ignore[no-untyped-def]
            for i, pair in enumerate(super().__call__(docs, settings)):
                if i == 2:
                    raise Killed
                yield pair

    with Store.open(tmp_path / "killed.db") as killed:
        with pytest.raises(Killed):
            run(killed, more, DiesAfterTwo())
        assert killed.counts()["documents"] == 2
        assert [r["finished"] for r in killed.runs()] == [None]
        rerun = run(killed, more)
        killed_dump = killed.dump()
    with Store.open(tmp_path / "clean.db") as clean:
        run(clean, more)
        assert killed_dump == clean.dump()
    assert (rerun.unchanged, rerun.stored) == (2, 3)


def test_input_errors_are_logged_and_the_rest_stored(memory_store: Store, documents: list[Document]) -> None:
    broken = ParseError("not valid JSON (Expecting value at column 1)", "reports.jsonl", 2)
    errors: list = []
    report = run(memory_store, [documents[0], broken, documents[1]], errors=errors)
    assert errors == [broken]
    assert (report.read, report.stored, report.failed, report.ok) == (3, 2, 1, False)
    failed = list(memory_store.log_entries(failed_only=True))
    assert [(f["source"], f["line"], f["status"], f["error_code"]) for f in failed] == [
        ("reports.jsonl", 2, "failed", "parse")
    ]
    assert failed[0]["message"].startswith("not valid JSON")
    statuses = [e["status"] for e in memory_store.log_entries()]
    assert sorted(statuses) == ["failed", "stored", "stored"]


def test_duplicate_ids_in_one_run_first_wins(memory_store: Store) -> None:
    first = doc("x", "Crowds protest.", source="a.jsonl", line=1)
    same = doc("x", "Crowds protest.", source="a.jsonl", line=5)
    other = doc("x", "Police attack.", source="b.jsonl", line=2)
    errors: list = []
    warnings: list = []
    report = run(memory_store, [first, same, other], errors=errors, warnings=warnings)
    assert report.counts() == counts(read=3, stored=1, unchanged=1, skipped=1, events=1)
    assert report.ok and errors == []
    assert [e["event"] for e in select_events(memory_store)] == [["PROTEST"]]
    assert len(warnings) == 1 and warnings[0].code == "duplicate_id"
    assert "b.jsonl:2" in str(warnings[0]) and "a.jsonl:1" in str(warnings[0])
    skipped = list(memory_store.log_entries(failed_only=True))
    assert [(s["status"], s["source"], s["line"], s["document_id"]) for s in skipped] == [
        ("skipped", "b.jsonl", 2, "x")
    ]
    # and the same input again changes nothing
    again = run(memory_store, [first, same, other])
    assert again.counts() == counts(read=3, unchanged=2, skipped=1)


def test_changed_document_in_a_later_run_is_replaced(memory_store: Store) -> None:
    run(memory_store, [doc("x", "Crowds protest. Police attack.")])
    report = run(memory_store, [doc("x", "Aid arrives.")])
    assert (report.replaced, report.events) == (1, 1)
    assert [e["event"] for e in select_events(memory_store)] == [["AID"]]
    assert [e["status"] for e in memory_store.log_entries(run_id=report.run_id)] == ["replaced"]


def test_progress_is_called_with_the_report(memory_store: Store, documents: list[Document]) -> None:
    seen: list[tuple[int, int]] = []
    ingest_items(
        documents,
        Settings(workers=1),
        memory_store,
        progress=lambda r: seen.append((r.read, r.coded)),
        code=FakeCoder(),
    )
    assert seen[-1] == (3, 3)
    assert seen == sorted(seen)


def test_log_lines_of_a_failed_run_are_kept(memory_store: Store) -> None:
    def boom(docs, settings):  # type: ignore[no-untyped-def]
        for _ in docs:
            raise Killed
        yield from ()

    bad = ParseError("broken", "x.jsonl", 1)
    with pytest.raises(Killed):
        ingest_items([bad, doc("x", "text")], Settings(workers=1), memory_store, code=boom)
    assert [e["status"] for e in memory_store.log_entries()] == ["failed"]


# -- dates -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "bounds"),
    [
        ("2022-01-05", ("2022-01-05", "2022-01-05")),
        ("2022-01", ("2022-01-01", "2022-01-31")),
        ("2024-02", ("2024-02-01", "2024-02-29")),
        ("2022", ("2022-01-01", "2022-12-31")),
        ("2022-01-05T10:00:00Z", ("2022-01-05", "2022-01-05")),
        ("2022-13", (None, None)),
        ("2022-02-30", (None, None)),
        ("yesterday", (None, None)),
        (None, (None, None)),
    ],
)
def test_date_bounds(value: str | None, bounds: tuple[str | None, str | None]) -> None:
    assert date_bounds(value) == bounds


# -- arbitrary documents and records ---------------------------------------------------------------

texts = st.text(min_size=1, max_size=200)
maybe = st.none() | st.text(max_size=40)
entities = st.builds(
    entity,
    code=st.none() | st.sampled_from(["KAZ", "RUS", "IGO", "UNO"]),
    sector=st.none() | st.sampled_from(["GOV", "MIL", "CVL"]),
    text=st.text(max_size=30),
    name=maybe,
)
documents_st = st.builds(
    Document,
    id=st.text(min_size=1, max_size=30),
    text=texts,
    title=maybe,
    url=maybe,
    published=st.none() | st.dates().map(str),
    publication=maybe,
    language=st.none() | st.sampled_from(["en", "ru"]),
)


@st.composite
def document_with_records(draw: st.DrawFn) -> tuple[Document, list[EventRecord]]:
    d = draw(documents_st)
    n = draw(st.integers(0, 4))
    records = []
    for i in range(n):
        r = build_record(
            d,
            i,
            event=draw(st.lists(st.sampled_from(["PROTEST", "ASSAULT", "AID", "AGREE"]), max_size=2)),
            actor=draw(st.lists(entities, max_size=3)),
            recipient=draw(st.lists(entities, max_size=2)),
            date=draw(st.none() | st.sampled_from(["2022", "2022-01", "2022-01-05"])),
            realis=draw(st.sampled_from(["actual", "planned", "possible", "negated"])),
            claimant=draw(st.none() | entities),
            quad=draw(st.integers(1, 4)),
            text=draw(texts),
            event_id=f"{d.id}#{i}",
        )
        r.event_scale = draw(st.floats(-10, 10, allow_nan=False))
        r.event_loc = draw(st.none() | st.builds(Place, name=st.text(max_size=20), country_code=maybe))
        r.size = draw(
            st.none() | st.dictionaries(st.sampled_from(["dead", "injured"]), st.integers(0, 10**6))
        )
        r.extra = draw(
            st.dictionaries(st.sampled_from(["event_cluster", "reports"]), st.integers() | st.text())
        )
        records.append(r)
    return d, records


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document_with_records())
def test_any_document_and_records_round_trip(pair: tuple[Document, list[EventRecord]]) -> None:
    d, records = pair
    with Store.open(":memory:") as store:
        assert store.write_document(d, records) == "stored"
        row = store.get_document(d.id)
        assert row is not None
        back = Document(
            **{k: row[k] for k in ("id", "text", "title", "url", "published", "publication", "language")}
        )
        assert back == d
        assert store.has_document(d.id, d.content_hash) == "same"
        got = {e["id"]: e for e in select_events(store)}
        assert got == {r.id: r.to_dict() for r in records}
        assert store.write_document(d, records) == "unchanged"
        assert all(e["coded_date"] == CODED_DATE for e in got.values())


def test_a_version_1_store_is_brought_forward_with_its_event_types(tmp_path: Path) -> None:
    import sqlite3

    from nestor.store import MIGRATIONS, SCHEMA_VERSION

    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (1);"
        + MIGRATIONS[0].sql
    )
    conn.execute("INSERT INTO documents (id, text, content_hash, ingested_at) VALUES ('d', 't', 'h', 'x')")
    conn.execute(
        "INSERT INTO events (id, document_id, record) VALUES ('e', 'd', ?)",
        (json.dumps({"event": ["MOBILIZE", "aid"]}),),
    )
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        sql = "SELECT position, type FROM event_types WHERE event_id = 'e' ORDER BY position"
        rows = list(store.query(sql))
        assert rows == [{"position": 0, "type": "MOBILIZE"}, {"position": 1, "type": "AID"}]
