"""EventQuery: each filter, dates of any precision, order and paging."""

from __future__ import annotations

import pytest

from conftest import build_record, doc, entity
from nestor.store import Store
from nestor.store.event_query import EventQuery, QueryError, count_events, select_events

KAZ_GOV = entity("KAZ", "GOV", "the government", "Government of Kazakhstan")
KAZ_CVL = entity("KAZ", "CVL", "protesters", "Protesters")
RUS_MIL = entity("RUS", "MIL", "Russian paratroopers", "Russian Armed Forces")
CSTO = entity("IGO", None, "the CSTO", "Collective Security Treaty Organization")
OFFICIALS = entity("KAZ", "GOV", "officials", "Government of Kazakhstan")


@pytest.fixture
def store(memory_store: Store) -> Store:
    a = doc("a", "Crowds protest in Almaty. Police fire on the crowd.", publication="Northern Wire")
    b = doc("b", "The CSTO sends 100% of its troops. Tokayev asks for help.", publication="Caspian Daily")
    c = doc("c", "Talks are planned for 2022. Officials said rebels attacked_it.")
    memory_store.write_document(
        a,
        [
            build_record(
                a, 0, event="PROTEST", actor=[KAZ_CVL], recipient=[KAZ_GOV], date="2022-01-04", quad=3
            ),
            build_record(
                a, 1, event="ASSAULT", actor=[KAZ_GOV], recipient=[KAZ_CVL], date="2022-01-05", quad=4
            ),
        ],
    )
    memory_store.write_document(
        b,
        [
            build_record(
                b,
                0,
                event=["MOBILIZE", "AID"],
                actor=[CSTO, RUS_MIL],
                recipient=[KAZ_GOV],
                date="2022-01",
                precision="month",
                quad=4,
                text="The CSTO sends 100% of its troops.",
            ),
            build_record(
                b,
                1,
                event="REQUEST",
                actor=[KAZ_GOV],
                recipient=[CSTO],
                date="2022-01-05",
                quad=3,
                text="Tokayev asks for help.",
            ),
        ],
    )
    memory_store.write_document(
        c,
        [
            build_record(
                c,
                0,
                event="CONSULT",
                actor=[KAZ_GOV],
                recipient=[RUS_MIL],
                date="2022",
                precision="year",
                realis="planned",
                quad=1,
                text="Talks are planned for 2022.",
            ),
            build_record(
                c,
                1,
                event="ASSAULT",
                actor=[],
                recipient=[KAZ_GOV],
                date=None,
                precision=None,
                claimant=OFFICIALS,
                quad=4,
                text="Officials said rebels attacked_it.",
            ),
        ],
    )
    return memory_store


def ids(store: Store, **filters: object) -> list[str]:
    return [e["id"] for e in select_events(store, EventQuery(**filters))]  # type: ignore[arg-type]


def test_no_filter_returns_everything_by_date_exact_first_undated_last(store: Store) -> None:
    assert ids(store) == ["b:0", "c:0", "a:0", "a:1", "b:1", "c:1"]
    assert count_events(store) == 6


def test_country_matches_actor_or_recipient(store: Store) -> None:
    assert ids(store, country=("rus",)) == ["b:0", "c:0"]
    assert ids(store, country=("RUS",), role="actor") == ["b:0"]
    assert ids(store, country=("RUS",), role="recipient") == ["c:0"]
    assert ids(store, country=("KAZ",), role="claimant") == ["c:1"]
    assert ids(store, country=("IGO", "RUS")) == ["b:0", "c:0", "b:1"]


def test_role_needs_a_country() -> None:
    with pytest.raises(QueryError, match="give a country"):
        EventQuery(role="actor")
    with pytest.raises(QueryError, match="role must be one of"):
        EventQuery(country=("KAZ",), role="victim")


def test_actor_and_recipient_by_code_or_name(store: Store) -> None:
    assert ids(store, actor=("IGO",)) == ["b:0"]
    assert ids(store, actor=("collective security treaty organization",)) == ["b:0"]
    assert ids(store, recipient=("IGO",)) == ["b:1"]
    assert ids(store, actor=("KAZ",), recipient=("IGO",)) == ["b:1"]
    assert ids(store, actor=("Protesters", "RUS")) == ["b:0", "a:0"]


def test_type_any_case_any_of_the_record_types(store: Store) -> None:
    assert ids(store, types=("assault",)) == ["a:1", "c:1"]
    assert ids(store, types=("aid",)) == ["b:0"]  # the second type of the record counts too
    assert ids(store, types=("Protest", "REQUEST")) == ["a:0", "b:1"]


def test_unknown_type_is_refused_with_the_list() -> None:
    with pytest.raises(QueryError, match=r"unknown event type 'PROTESTS'; PLOVER types are .*PROTEST"):
        EventQuery(types=("protests",))


def test_quad_realis_attributed(store: Store) -> None:
    assert ids(store, quad=(1, 2)) == ["c:0"]
    assert ids(store, realis=("planned",)) == ["c:0"]
    assert ids(store, attributed=True) == ["c:1"]
    assert len(ids(store, attributed=False)) == 5
    with pytest.raises(QueryError, match="quad code"):
        EventQuery(quad=(5,))
    with pytest.raises(QueryError, match="realis must be one of"):
        EventQuery(realis=("maybe",))


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2022-01-05", None, ["b:0", "c:0", "a:1", "b:1"]),  # month and year overlap the 5th onwards
        (None, "2022-01-04", ["b:0", "c:0", "a:0"]),
        ("2022-01-05", "2022-01-05", ["b:0", "c:0", "a:1", "b:1"]),
        ("2022-01", "2022-01", ["b:0", "c:0", "a:0", "a:1", "b:1"]),
        ("2022-02", None, ["c:0"]),
        ("2023", None, []),
        (None, "2021", []),
    ],
)
def test_since_until_with_inexact_dates(
    store: Store, since: str | None, until: str | None, expected: list[str]
) -> None:
    assert ids(store, since=since, until=until) == expected


@pytest.mark.parametrize("bad", ["05/01/2022", "2022-1-5", "2022-02-30", "last week", "2022-13"])
def test_malformed_dates_are_refused(bad: str) -> None:
    with pytest.raises(QueryError, match="since must be a date"):
        EventQuery(since=bad)


def test_document_and_text_search(store: Store) -> None:
    assert ids(store, documents=("a", "c")) == ["c:0", "a:0", "a:1", "c:1"]
    assert ids(store, text="tokayev") == ["b:1"]
    assert ids(store, text="100%") == ["b:0"]  # % and _ are literal
    assert ids(store, text="d_i") == ["c:1"]
    assert ids(store, text="_") == ["c:1"]


def test_sort_limit_offset(store: Store) -> None:
    assert ids(store, sort="document") == ["a:0", "a:1", "b:0", "b:1", "c:0", "c:1"]
    assert ids(store, sort="type") == ["a:1", "c:1", "c:0", "b:0", "a:0", "b:1"]
    assert ids(store, sort="document", descending=True) == ["c:1", "c:0", "b:1", "b:0", "a:1", "a:0"]
    assert ids(store, sort="date", descending=True)[-1] == "c:1"  # undated stay last
    assert ids(store, sort="document", limit=2, offset=1) == ["a:1", "b:0"]
    assert ids(store, limit=0) == []
    assert count_events(store, EventQuery(types=("ASSAULT",), limit=1)) == 2
    with pytest.raises(QueryError, match="sort must be one of"):
        EventQuery(sort="random")


def test_filters_combine_with_and(store: Store) -> None:
    assert ids(store, country=("KAZ",), types=("ASSAULT",), since="2022-01-01") == ["a:1"]


def test_records_come_back_exactly(store: Store) -> None:
    rec = next(select_events(store, EventQuery(documents=("b",), sort="document")))
    assert rec["actor"][0] == CSTO.to_dict()
    assert rec["event"] == ["MOBILIZE", "AID"]
    assert list(rec) == list(build_record(doc("b", "x")).to_dict())  # field order of the contract
