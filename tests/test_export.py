"""Writers: JSONL is the stored contract JSON, CSV quotes and aligns, the table fits the terminal."""

from __future__ import annotations

import csv
import io
import json

from conftest import build_record, doc, entity
from nestor.export import (
    CSV_COLUMNS,
    Column,
    display_width,
    flatten_event,
    truncate,
    write_events,
    write_rows,
    write_table,
)
from nestor.models import Place
from nestor.store import Store
from nestor.store.event_query import select_events

TRICKY = 'He said "stop, now",\nthen left; Алматы — 阿拉木图.'


def records() -> list[dict]:
    d = doc("doc-1", TRICKY, publication="Wire, Inc.", published="2022-01-05")
    first = build_record(
        d,
        0,
        event=["ASSAULT", "COERCE"],
        actor=[entity("KAZ", "MIL", "soldiers", "Armed Forces"), entity("RUS", None, "Russians", None)],
        recipient=[],
        claimant=entity("KAZ", "GOV", "officials", "Government of Kazakhstan"),
    )
    first.mode = ["firearms"]
    first.event_loc = Place("Almaty", "KAZ", 43.25, 76.95)
    second = build_record(d, 1, event="AID", date=None, precision=None, text="Aid came.")
    return [first.to_dict(), second.to_dict()]


def test_jsonl_is_the_stored_record_exactly(memory_store: Store) -> None:
    d = doc("doc-1", TRICKY)
    rec = build_record(d)
    memory_store.write_document(d, [rec])
    out = io.StringIO()
    assert write_events(select_events(memory_store), "jsonl", out) == 1
    stored = memory_store.conn.execute("SELECT record FROM events").fetchone()[0]
    assert out.getvalue() == stored + "\n"
    assert json.loads(out.getvalue()) == rec.to_dict()
    assert "Алматы" in out.getvalue()  # UTF-8, not \u escapes


def test_csv_round_trips_through_a_csv_reader() -> None:
    out = io.StringIO()
    assert write_events(records(), "csv", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    first, second = rows
    assert first["text"] == TRICKY  # commas, quotes and the newline survive
    assert first["publication"] == "Wire, Inc."
    assert first["event"] == "ASSAULT;COERCE"
    assert (first["actor_code"], first["actor_sector"], first["actor_text"]) == (
        "KAZ;RUS",
        "MIL;",
        "soldiers;Russians",
    )
    assert first["actor_name"] == "Armed Forces;"
    assert first["recipient_code"] == ""
    assert (first["claimant_code"], first["claimant_text"]) == ("KAZ", "officials")
    assert (first["location"], first["location_country"]) == ("Almaty", "KAZ")
    assert (first["document_id"], first["realis"], first["mode"]) == ("doc-1", "actual", "firearms")
    assert (first["contested"], first["typed_by"], first["confidence"]) == ("False", "", "")  # rules only
    assert (second["date"], second["claimant_code"], second["location"]) == ("", "", "")


def test_flatten_labels_entities() -> None:
    row = flatten_event(records()[0])
    assert row["actor"] == "KAZ MIL; RUS"
    assert row["claimant"] == "KAZ GOV"
    assert row["recipient"] == ""


def test_table_fits_the_width_and_counts() -> None:
    out = io.StringIO()
    long = records()
    long[1]["text"] = "word " * 100
    assert write_events(long, "table", out, width=100) == 2
    lines = out.getvalue().splitlines()
    assert lines[0].split() == [
        "date",
        "event",
        "actor",
        "recipient",
        "realis",
        "said",
        "by",
        "document",
        "sentence",
    ]
    assert set(lines[1]) <= {"-", " "}
    assert all(display_width(line) <= 100 for line in lines)
    assert lines[2].endswith("…") or "阿拉木图" in lines[2]
    assert lines[3].endswith("…")
    assert "\n" not in lines[2] and "He said" in lines[2]  # the newline in the sentence became a space
    assert lines[-1] == "2 events"


def test_table_footer_with_a_total_and_when_empty() -> None:
    out = io.StringIO()
    write_events(records()[:1], "table", out, total=7, width=120)
    assert out.getvalue().splitlines()[-1] == "1 of 7 events"
    out = io.StringIO()
    write_events([], "table", out)
    assert out.getvalue() == "0 events\n"
    out = io.StringIO()
    write_events(records()[:1], "table", out, width=120)
    assert out.getvalue().splitlines()[-1] == "1 event"


def test_truncate_counts_wide_characters() -> None:
    assert truncate("abcdef", 6) == "abcdef"
    assert truncate("abcdef", 4) == "abc…"
    assert truncate("/long/path/reports.jsonl:7", 17, keep_end=True) == "…/reports.jsonl:7"
    assert display_width("阿拉木图") == 8
    cut = truncate("阿拉木图", 5)
    assert cut == "阿拉…" and display_width(cut) <= 5


def test_rows_in_every_format() -> None:
    rows = [{"id": "a", "n": 3, "note": None}, {"id": "b", "n": 12, "note": "x,y"}]
    columns = [Column("id", "id"), Column("n", "count", align=">"), Column("note", "note")]
    out = io.StringIO()
    write_rows(rows, "jsonl", out, columns, noun="row")
    assert [json.loads(line) for line in out.getvalue().splitlines()] == rows
    out = io.StringIO()
    write_rows(rows, "csv", out, columns, noun="row")
    assert out.getvalue().splitlines() == ["id,n,note", "a,3,", 'b,12,"x,y"']
    out = io.StringIO()
    write_table(rows, columns, out, noun="row", width=80)
    assert out.getvalue().splitlines() == [
        "id  count  note",
        "--  -----  ----",
        "a       3",
        "b      12  x,y",
        "2 rows",
    ]


# -- analyst columns, Parquet and the schema document ----------------------------------------------


def _analyst_record() -> dict:
    d = doc(
        "wire-9",
        "Gunmen killed 12 villagers near Maiduguri.",
        publication="Sahel Wire",
        url="https://x.test/9",
    )
    record = build_record(d, 0, event="ASSAULT", quad=4)
    record.cameo = "0234"
    record.size = {"dead": 12, "injured": 3}
    record.event_loc = Place("Maiduguri", "NGA", 11.85, 13.16, 2331447, "Borno")
    return record.to_dict()


def test_csv_has_the_analyst_columns_and_keeps_cameo_as_text() -> None:
    out = io.StringIO()
    write_events([_analyst_record()], "csv", out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["cameo"] == "0234"
    assert (row["fatalities"], row["injured"], row["arrested"]) == ("12", "3", "")
    assert (row["latitude"], row["longitude"], row["admin1"]) == ("11.85", "13.16", "Borno")
    assert row["location_precision"] == "place" and row["url"] == "https://x.test/9"
    assert row["outlets"] == "Sahel Wire"


def test_a_country_level_place_is_said_to_be_one() -> None:
    from nestor.export_schema import location_precision

    record = _analyst_record()
    record["event_loc"] = Place("Nigeria", "NGA", 9.08, 7.4, 2328926).to_dict()
    assert location_precision(record) == "country"
    record["event_loc"] = None
    assert location_precision(record) is None


def test_parquet_has_arrow_types_and_list_columns() -> None:
    import pyarrow.parquet as pq

    from nestor.export_arrow import write_parquet
    from nestor.export_schema import COLUMN_NAMES

    out = io.BytesIO()
    assert write_parquet([_analyst_record(), *records()], out) == 3
    out.seek(0)
    table = pq.read_table(out)
    assert table.column_names == list(COLUMN_NAMES) == list(CSV_COLUMNS)
    types = {f.name: str(f.type) for f in table.schema}
    assert types["cameo"] == "string" and types["fatalities"] == "int64" and types["latitude"] == "double"
    assert types["actor_code"].startswith("list<") and types["event"].startswith("list<")
    rows = table.to_pylist()
    assert rows[0]["cameo"] == "0234" and rows[0]["fatalities"] == 12
    assert rows[1]["actor_code"] == ["KAZ", "RUS"] and rows[1]["actor_sector"] == ["MIL", None]
    assert rows[1]["event"] == ["ASSAULT", "COERCE"] and rows[2]["date"] is None


def test_the_schema_document_is_generated_from_the_code() -> None:
    from pathlib import Path

    from nestor.export_schema import schema_markdown

    document = Path(__file__).resolve().parents[1] / "docs" / "export-schema.md"
    assert document.read_text(encoding="utf-8") == schema_markdown(), (
        "docs/export-schema.md is stale: run `python -m nestor.export_schema > docs/export-schema.md`"
    )


def test_outlets_are_one_definition_for_json_and_columns() -> None:
    from nestor.export_schema import outlets, tidy_merged

    merged = {
        "outlets": ["Sahel Wire", "doc:kano-report"],
        "sources": 2,
        "asserted_by": ["doc:kano-report"],
        "claimed_by": ["doc:kano-report (unsourced)", "Army spokesman"],
        "members": [
            {"document": "k1", "publication": "Sahel Wire"},
            {"document": "kano-report", "publication": None},
            {"document": "k2", "publication": "Sahel Wire"},
        ],
    }
    tidy = tidy_merged(merged)
    assert tidy["outlets"] == outlets(merged) == ["Sahel Wire", "unknown outlet (kano-report)"]
    assert len(tidy["outlets"]) == tidy["sources"]
    assert tidy["asserted_by"] == ["unknown outlet (kano-report)"]
    assert tidy["claimed_by"] == ["unknown outlet (kano-report) (unsourced)", "Army spokesman"]
    assert flatten_event(tidy)["outlets"] == "Sahel Wire;unknown outlet (kano-report)"
    # the stored record alone (members as ids), and a report's own record without an outlet
    assert outlets({"outlets": ["doc:kano-report"], "members": ["e1"]}) == ["unknown outlet (kano-report)"]
    assert outlets({"cite_info": {"citation": "kano-report", "publication": None}}) == [
        "unknown outlet (kano-report)"
    ]
