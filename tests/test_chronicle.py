"""The library API: ``nestor.Chronicle`` ingests, merges and lists; results convert to Arrow and pandas.

Set up and asserted through the library itself, over a real SQLite store, with the model-free coder.
"""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import nestor
from conftest import FakeCoder
from nestor import Chronicle
from nestor.countries import country_code
from nestor.export_schema import COLUMN_NAMES
from nestor.store.event_query import QueryError

REPORTS = [
    {
        "id": "nairobi-1",
        "text": "Thousands protest in Nairobi over taxes. Police attack the marchers near parliament.",
        "publication": "Lakeside Herald",
        "published": "2024-06-25",
        "url": "https://example.org/lakeside/1",
    },
    {
        "id": "lima-1",
        "text": "Peru sends troops to the southern border. Officials spoke of calm.",
        "publication": "Andes Post",
        "published": "2024-03-02",
    },
    {"id": "empty", "text": "   "},
]


@pytest.fixture
def chronicle(tmp_path: Path) -> Chronicle:
    c = Chronicle(tmp_path / "lib.db", code=FakeCoder())
    result = c.ingest(REPORTS)
    assert result.report.stored == 2 and result.report.failed == 1
    assert result.merge is not None
    return c


def test_the_api_is_reexported_from_nestor() -> None:
    assert nestor.Chronicle is Chronicle
    assert {"Chronicle", "Coder", "Results", "Settings"} <= set(nestor.__all__)
    with pytest.raises(AttributeError):
        nestor.NoSuchThing  # noqa: B018


def test_ingest_records_then_list_events(chronicle: Chronicle) -> None:
    events = chronicle.events()
    assert len(events) == 3
    assert [e["cite_info"]["citation"] for e in chronicle.events(document="lima-1")] == ["lima-1"]
    assert chronicle.count(type="protest") == 1
    assert chronicle.events(type="PROTEST,ASSAULT", sort="type", desc=True)[0]["event"] == ["PROTEST"]
    assert len(chronicle.events(search="troops")) == 1
    assert len(chronicle.events(limit=1, offset=1)) == 1


def test_a_bad_record_is_reported_and_logged(tmp_path: Path) -> None:
    errors: list[str] = []
    c = Chronicle(tmp_path / "x.db", code=FakeCoder())
    c.ingest(
        [{"id": "a", "text": "A protest."}, {"title": "no text"}, 3], on_error=lambda e: errors.append(str(e))
    )
    assert errors[0].startswith("records:2: record 2: no 'text' field")
    assert errors[1] == "records:3: record 3 is not an object with a 'text' field"
    failed = c.log(failed=True).to_list()
    assert [r["where"] for r in failed] == ["records:2", "records:3"]
    assert [r["run_id"] for r in c.log(run="last")] == [1, 1, 1]


def test_ingest_paths_is_unchanged_the_second_time(tmp_path: Path) -> None:
    report = tmp_path / "r.jsonl"
    report.write_text('{"id": "x", "text": "Crowds protest in Dhaka."}\n', encoding="utf-8")
    c = Chronicle(tmp_path / "p.db", code=FakeCoder())
    assert c.ingest(report).report.stored == 1
    assert c.ingest([str(report)], merge=False).report.unchanged == 1


def test_to_arrow_and_to_pandas_give_one_row_per_event(chronicle: Chronicle) -> None:
    table = chronicle.events().to_arrow()
    assert table.column_names == list(COLUMN_NAMES)
    assert str(table.schema.field("event").type) == "list<item: string>"
    assert str(table.schema.field("cameo").type) == "string"
    frame = chronicle.events(country="Kazakhstan").to_pandas()  # the fake coder's actors are KAZ
    assert len(frame) == 3 and frame["cameo"].tolist() == ["14", "14", "14"]
    assert frame["url"].tolist().count("https://example.org/lakeside/1") == 2
    assert chronicle.counts(by="type").to_pandas().to_dict("records") == [
        {"type": "ASSAULT", "events": 1},
        {"type": "MOBILIZE", "events": 1},
        {"type": "PROTEST", "events": 1},
    ]
    assert sorted(chronicle.documents().to_pandas()["id"]) == ["lima-1", "nairobi-1"]


def test_country_filters_take_iso3_iso2_and_names(chronicle: Chronicle) -> None:
    assert country_code("Kenya") == country_code("KE") == country_code("ken") == "KEN"
    assert country_code("kazakhstan") == "KAZ" and country_code("IGO") == "IGO"
    for spelling in ("KAZ", "KZ", "Kazakhstan", "kazakhstan"):
        assert len(chronicle.events(country=spelling)) == 3
    with pytest.raises(QueryError, match="unknown country 'Narnia'"):
        chronicle.events(country="Narnia")


def test_filters_are_checked(chronicle: Chronicle) -> None:
    with pytest.raises(QueryError, match="unknown filter 'text'"):
        chronicle.events(text="x")
    with pytest.raises(QueryError, match="attributed must be yes or no"):
        chronicle.events(attributed="maybe")
    assert len(chronicle.events(attributed=False)) == 3 and len(chronicle.events(attributed="yes")) == 0


def test_merged_views_and_summary(chronicle: Chronicle) -> None:
    summary = chronicle.summary()
    assert summary["documents"] == 2 and summary["events"] == 3 and summary["merged"] is True
    assert len(chronicle.stories()) >= 1
    assert len(chronicle.events(merged=True)) == len(chronicle.clusters())
    assert chronicle.entities().to_arrow().num_rows == len(chronicle.entities())


def test_memory_chronicle(tmp_path: Path) -> None:
    with Chronicle(":memory:", code=FakeCoder()) as c:
        c.ingest(REPORTS[:1])
        assert len(c.events()) == 2


def test_parquet_export_round_trips(chronicle: Chronicle) -> None:
    from nestor.export_arrow import write_parquet

    out = io.BytesIO()
    assert write_parquet(chronicle.events(), out) == 3
    out.seek(0)
    table = pq.read_table(out)
    assert table.num_rows == 3 and table.column("event").to_pylist()[0] in (
        ["PROTEST"],
        ["ASSAULT"],
        ["MOBILIZE"],
    )


def test_a_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    from nestor.errors import StoreError

    with pytest.raises(StoreError):
        len(Chronicle(tmp_path / "none.db").events())
    assert not (tmp_path / "none.db").exists()


def test_rows_of_mixed_kinds_still_make_an_arrow_table() -> None:
    from nestor.results import rows_table

    table = rows_table(
        [{"what": "dead", "values": {"a": 12}}, {"what": "who", "values": {"a": "KAZ -> RUS"}}]
    )
    assert table.column("values").to_pylist() == ['{"a": 12}', '{"a": "KAZ -> RUS"}']
    assert rows_table([]).num_rows == 0


def test_one_record_or_a_generator_of_records(tmp_path: Path) -> None:
    c = Chronicle(tmp_path / "one.db", code=FakeCoder())
    assert c.ingest({"id": "solo", "text": "Crowds protest in Quito."}, merge=False).report.stored == 1
    more = ({"id": f"g{i}", "text": "Farmers protest in Accra."} for i in range(2))
    assert c.ingest(more, merge=False).report.stored == 2


ANONYMOUS = {"id": "anon", "text": "Crowds protest in Nairobi over taxes. Police attack the marchers."}


def test_merged_events_matching_nothing_are_no_clusters(chronicle: Chronicle) -> None:
    assert len(chronicle.clusters()) > 0
    assert len(chronicle.events(merged=True, search="qqqzzz")) == 0
    assert len(chronicle.events(merged=True, document="no-such-report")) == 0


def test_merged_events_follow_sort_desc_and_paging(chronicle: Chronicle) -> None:
    by_type = [r["event"][0] for r in chronicle.events(merged=True, sort="type")]
    assert by_type == sorted(by_type) and len(set(by_type)) == 3
    assert [r["event"][0] for r in chronicle.events(merged=True, sort="type", desc=True)] == by_type[::-1]
    page = chronicle.events(merged=True, sort="type", limit=1, offset=1)
    assert [r["event"][0] for r in page] == by_type[1:2]


def test_a_report_without_outlet_is_one_named_source_in_json_and_export(tmp_path: Path) -> None:
    c = Chronicle(tmp_path / "anon.db", code=FakeCoder())
    c.ingest([*REPORTS[:1], ANONYMOUS])
    merged = c.events(merged=True, type="protest").to_list()
    assert len(merged) == 1
    record = merged[0]
    assert record["outlets"] == ["Lakeside Herald", "unknown outlet (anon)"] and record["sources"] == 2
    assert not any(n.startswith("doc:") for n in record["asserted_by"] + record["claimed_by"])
    column = c.events(merged=True, type="protest").to_arrow().column("outlets").to_pylist()
    assert column == [record["outlets"]]
    assert [r["outlets"] for r in c.clusters() if r["event_cluster"] == record["event_cluster"]] == [
        record["outlets"]
    ]


def test_to_pandas_keeps_whole_numbers_whole_with_gaps(chronicle: Chronicle) -> None:
    from nestor.results import Results

    frame = chronicle.events().to_pandas()
    assert str(frame["quad_code"].dtype) == "Int64" and str(frame["fatalities"].dtype) == "Int64"
    assert sorted(frame["quad_code"].tolist()) == [3, 4, 4] and frame["fatalities"].isna().all()
    gaps = Results("counts", lambda: [{"n": 12}, {"n": None}, {"n": 7}]).to_pandas()
    assert str(gaps["n"].dtype) == "Int64" and gaps["n"].iloc[0] == 12
    assert gaps["n"].isna().tolist() == [False, True, False]


def test_a_misspelt_config_key_names_the_mapping_and_the_setting(tmp_path: Path) -> None:
    from nestor.errors import SettingsError

    with pytest.raises(SettingsError, match=r"'wokers' in the config mapping \(did you mean 'workers'\?\)"):
        Chronicle(tmp_path / "x.db", {"wokers": 1})
    with pytest.raises(QueryError, match=r"limit must be 0 or more; got -1"):
        Chronicle(tmp_path / "x.db").events(limit=-1)


def test_ingesting_nothing_makes_no_store_and_unknown_types_are_refused(
    chronicle: Chronicle, tmp_path: Path
) -> None:
    result = Chronicle(tmp_path / "nothing.db").ingest([])
    assert result.report.read == 0 and result.merge is None
    assert not (tmp_path / "nothing.db").exists()
    assert Chronicle(tmp_path / "nothing.db").ingest(iter(())).report.read == 0
    assert not (tmp_path / "nothing.db").exists()
    with pytest.raises(QueryError, match="type must be one of PERSON, ORG, PLACE; got 'alien'"):
        chronicle.entities(type="alien")
    with pytest.raises(QueryError, match="type must be one of PERSON, ORG; got 'place'"):
        chronicle.actors(type="place")
    assert chronicle.entities(type="person").to_list() == [
        e for e in chronicle.entities() if e["type"] == "PERSON"
    ]


def test_threads_that_end_leave_no_connection_open(chronicle: Chronicle) -> None:
    import threading

    counts: list[int] = []

    def read() -> None:
        counts.append(len(chronicle.events()))

    for _ in range(20):
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    assert counts == [3] * 20
    assert chronicle.readers.open_connections() <= 1  # at most the one it opened with
    assert len(chronicle.events()) == 3


def test_a_memory_chronicle_belongs_to_its_thread() -> None:
    import sqlite3
    import threading

    from nestor.errors import StoreError

    assert ":memory:" in (Chronicle.__doc__ or "")
    errors: list[BaseException] = []
    with Chronicle(":memory:", code=FakeCoder()) as c:
        c.ingest(REPORTS[:1])

        def read() -> None:
            try:
                len(c.events())
            except BaseException as exc:  # noqa: BLE001 - the error is the point
                errors.append(exc)

        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
    assert errors and "thread" in str(errors[0]).lower(), errors
    assert isinstance(errors[0], (sqlite3.ProgrammingError, StoreError))
