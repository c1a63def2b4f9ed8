"""The merge step on real coded reports (the seeds), and its parts on small hand-made inputs."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coder_fixtures import coded_seed_documents, shared_file
from merge_scoring import score_cases
from nestor.merge import merge_store, views
from nestor.merge.clusters import EventItem, assign, compatible, links
from nestor.merge.entities import EntityLinker, NameGroup
from nestor.merge.events import plan_rules
from nestor.merge.sources import SourceDoc, derive, find_credit, outlet_of
from nestor.models import CodedDocument
from nestor.settings import Settings
from nestor.store import Store

MERGE_TABLES = (
    "document_sources",
    "stories",
    "story_documents",
    "event_clusters",
    "cluster_members",
    "cluster_links",
    "discrepancies",
    "entities",
    "entity_aliases",
)
# what the seed cases must keep scoring (measured: every figure 1.0, no false merge, no conflict)
FLOORS = {"clusters": 1.0, "discrepancies": 1.0, "derivations": 1.0, "unsourced": 1.0, "entities": 0.9}


def _write(store: Store, coded: tuple[CodedDocument, ...] | list[CodedDocument]) -> None:
    for c in coded:
        store.write_document(c.document, c.records, mentions=c.mentions, claims=c.claims)


def _dump(store: Store) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for t in MERGE_TABLES:
        rows = list(store.query(f"SELECT * FROM {t}"))
        out[t] = sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)
    return out


@pytest.fixture(scope="module")
def cases() -> dict[str, Any]:
    return json.loads(shared_file("gold", "seed-cases.json").read_text(encoding="utf-8"))


@pytest.fixture
def seed_store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "seeds.db")
    _write(store, coded_seed_documents())
    merge_store(store, Settings())
    return store


@pytest.mark.slow
def test_seed_cases_reach_their_floors(seed_store: Store, cases: dict[str, Any]) -> None:
    scores = score_cases(seed_store, cases)
    for name, floor in FLOORS.items():
        assert scores[name] >= floor, (name, scores)
    assert scores["false_merges"] == 0
    assert scores["entity_conflicts"] == 0


@pytest.mark.slow
def test_the_seed_reports_are_one_story(seed_store: Store) -> None:
    (story,) = views.stories(seed_store)
    assert sorted(story["documents"]) == sorted(c.document.id for c in coded_seed_documents())
    assert story["independent_sources"] == 5  # the TASS-based report still has no TASS original here


@pytest.mark.slow
def test_merging_again_changes_nothing(seed_store: Store) -> None:
    before = _dump(seed_store)
    report = merge_store(seed_store, Settings())
    assert report.documents == 0 and report.events == 0
    assert _dump(seed_store) == before


@pytest.mark.slow
def test_reports_merged_one_by_one_score_as_in_one_batch(tmp_path: Path, cases: dict[str, Any]) -> None:
    store = Store.open(tmp_path / "one-by-one.db")
    for c in coded_seed_documents():
        _write(store, [c])
        merge_store(store, Settings())
    scores = score_cases(store, cases)
    assert scores["clusters"] == 1.0 and scores["false_merges"] == 0
    assert len(views.stories(store)) == 1


@pytest.mark.slow
def test_a_replaced_report_leaves_no_stale_merge_rows(seed_store: Store) -> None:
    first = coded_seed_documents()[0]
    doc = first.document
    changed = type(doc)(**{**{f: getattr(doc, f) for f in doc.__slots__}, "text": doc.text + " Extra."})
    assert seed_store.write_document(changed, first.records[:1], mentions=first.mentions[:2]) == "replaced"
    merge_store(seed_store, Settings())
    (n,) = next(
        seed_store.query("SELECT count(*) AS n FROM mentions WHERE document_id = ?", (doc.id,))
    ).values()
    assert n == 2
    orphans = list(
        seed_store.query(
            "SELECT c.id FROM event_clusters c WHERE json_array_length(c.record, '$.members') != "
            "(SELECT count(*) FROM cluster_members m WHERE m.cluster_id = c.id) OR c.reports = 0"
        )
    )
    assert orphans == []
    (unclustered,) = next(
        seed_store.query(
            "SELECT count(*) AS n FROM events e WHERE NOT EXISTS "
            "(SELECT 1 FROM cluster_members m WHERE m.event_id = e.id)"
        )
    ).values()
    assert unclustered == 0
    assert doc.id in views.stories(seed_store)[0]["documents"]


@pytest.mark.slow
def test_events_carry_their_cluster_and_merged_records_their_reports(seed_store: Store) -> None:
    from nestor.store.event_query import select_events

    records = list(select_events(seed_store))
    assert records and all(r["event_cluster"] and r["reports"] >= 1 for r in records)
    merged = views.clusters(seed_store, min_sources=2)
    assert merged
    for m in merged:
        # reports, not records: two records of one sentence are one report
        assert m["independent_sources"] >= 2 and m["reports"] == len({x["document"] for x in m["members"]})
        assert len({x["document"] for x in m["members"]}) >= 2


@pytest.mark.slow
def test_an_event_inside_an_unsourced_claim_is_not_asserted(seed_store: Store) -> None:
    (rec,) = [r for r in views.clusters(seed_store) if "It is now clear" in r["text"]]
    assert rec["asserted_by"] == []
    assert rec["claimed_by"] == ["unknown Belarusian outlet (unsourced)"]


@pytest.mark.slow
def test_unsourced_claims_name_the_outlet_as_claimant(seed_store: Store) -> None:
    claims = views.claims(seed_store, unsourced=True)
    assert claims and all(not c["sourced"] and c["claimant"]["sector"] == "JRN" for c in claims)
    assert all(c["claimant"]["identifier_text"] == c["publication"] for c in claims)


# -- sources -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "publication", "source"),
    [
        ("Troops arrived.\n\nBased on materials from TASS", None, "TASS"),
        ("ALMATY, Jan 6 (Reuters) - Troops arrived on Thursday.", None, "Reuters"),
        ("Troops arrived.", "GSV Russia - Islamic World (based on TASS)", "TASS"),
        (
            "Intro.\nMore.\nStill more.\nInterfax reported that troops arrived.\nA.\nB.\nC.\nD.",
            None,
            "Interfax",
        ),
        ("Troops arrived.\n\nBased on materials from Kommersant", None, "Kommersant"),
        ("Troops arrived.\n\nBased on reporting by Northern Wire Service.", None, "Northern Wire Service"),
        ("Troops arrived.\n\nThis article first appeared on Eurasianet.", None, "Eurasianet"),
    ],
)
def test_credits_name_what_a_report_derives_from(text: str, publication: str | None, source: str) -> None:
    credit = find_credit(text, publication)
    assert credit is not None and credit.source == source


@pytest.mark.parametrize(
    "text",
    ["Tokayev reported to parliament on Tuesday.", "The reporters reported nothing.\nA second line."],
)
def test_people_reporting_are_not_credits(text: str) -> None:
    assert find_credit(text) is None


def test_a_near_verbatim_copy_derives_from_the_earlier_report() -> None:
    text = " ".join(f"Sentence number {i} about the border clash near Batken." for i in range(30))
    first = SourceDoc("a", text, "Wire One", "2022-01-27")
    copy = SourceDoc("b", "New headline.\n" + text, "Paper Two", "2022-01-27")
    other = SourceDoc(
        "c", "A different report entirely, about aid flights to Tonga, " * 5, "Paper Three", "2022-01-28"
    )
    derived = {d.document_id: d for d in derive([first, copy, other], {}, 0.6)}
    assert derived["a"].derived_from is None and derived["a"].root == outlet_of("Wire One", "a")
    assert derived["b"].derived_from == "a" and derived["b"].kind == "near_duplicate"
    assert derived["b"].root == derived["a"].root
    assert derived["c"].derived_from is None and derived["c"].root != derived["a"].root


def test_the_original_of_a_credited_copy_is_not_taken_for_its_copy() -> None:
    text = " ".join(f"Paratroopers landed at airfield {i} near Almaty on Thursday." for i in range(20))
    original = SourceDoc("nws", text, "Northern Wire Service", "2022-01-06")
    credited = SourceDoc(
        "cdr", text + "\n\nBased on reporting by Northern Wire Service.", "Caspian Daily", "2022-01-06"
    )
    undated = SourceDoc("file", text, None, None)
    derived = {d.document_id: d for d in derive([credited, original, undated], {}, 0.6)}
    assert derived["nws"].derived_from is None
    assert derived["cdr"].derived_from == "Northern Wire Service" and derived["cdr"].kind == "credit"
    assert derived["file"].derived_from == "nws"
    assert len({d.root for d in derived.values()}) == 1


def test_an_agency_report_is_its_own_source() -> None:
    (d,) = derive([SourceDoc("t", "News.\n\nTASS reported this.", "TASS", "2022-01-10")], {}, 0.6)
    assert d.derived_from is None and d.root == "tass"


# -- entities ------------------------------------------------------------------------------------------


def _group(type_: str, name: str, code: str | None, *texts: str) -> NameGroup:
    g = NameGroup(type_, name, codes=[code] if code else [])
    for i, t in enumerate(texts or (name,)):
        g.texts[t] = {f"doc{i}"}
    return g


def test_spellings_and_transliterations_join_one_person() -> None:
    linker = EntityLinker([])
    linker.link(
        [
            _group("PERSON", "Kassym-Jomart Tokayev", "KAZ"),
            _group("PERSON", "Kassym-Zhomart Tokayev", "KAZ"),
            _group("PERSON", "Jomart Tokayev", "KAZ"),
            _group("PERSON", "Tokayev", "KAZ"),
            _group("PERSON", "Nursultan Nazarbayev", "KAZ"),
            _group("PERSON", "Alexander Lukashenko", "BLR", "Lukashenko"),
        ]
    )
    persons = {e.name: set(e.aliases) for e in linker.entities}
    assert len(persons) == 3
    (tokayev,) = [a for a in persons.values() if "Tokayev" in a]
    assert {"Kassym-Jomart Tokayev", "Kassym-Zhomart Tokayev", "Jomart Tokayev"} <= tokayev


def test_an_acronym_joins_its_organisation_and_a_lookalike_does_not() -> None:
    linker = EntityLinker([])
    linker.link(
        [
            _group("ORG", "Collective Security Treaty Organization", "IGO"),
            _group("ORG", "CSTO", "IGO"),
            _group("ORG", "State Duma", "RUS"),
            _group("ORG", "State", None),
        ]
    )
    names = {e.name: set(e.aliases) for e in linker.entities}
    assert "CSTO" in names["Collective Security Treaty Organization"]
    assert "State" not in names["State Duma"]


def test_a_bare_surname_shared_by_two_people_links_to_neither() -> None:
    linker = EntityLinker([])
    linker.link(
        [
            _group("PERSON", "Ivan Petrov", "RUS"),
            _group("PERSON", "Oleg Petrov", "RUS"),
            _group("PERSON", "Petrov", "RUS"),
        ]
    )
    assert len(linker.entities) == 3


# -- event clusters ------------------------------------------------------------------------------------


def item(
    id: str,
    etype: str = "AID",
    day: int = 6,
    actors: tuple[str, ...] = ("IGO",),
    recipients: tuple[str, ...] = ("KAZ",),
    realis: str = "actual",
    doc: str | None = None,
    text: str = "",
) -> EventItem:
    d = date(2022, 1, 1) + timedelta(days=day)
    return EventItem(
        id, doc or f"doc-{id}", etype, realis, d, d, frozenset(actors), frozenset(recipients),
        frozenset(), frozenset(), None, None, text,
    )  # fmt: skip


def test_records_of_one_event_from_several_reports_merge() -> None:
    items = [item("a"), item("b", day=7), item("c", recipients=())]
    assign(items, clusters := [], window=2)
    assert len(clusters) == 1 and {i.cluster for i in items} == {clusters[0].id}


@pytest.mark.parametrize(
    "other",
    [
        item("x", etype="MOBILIZE"),  # another type
        item("x", realis="planned"),  # a plan is not its execution
        item("x", day=12),  # too far apart
        item("x", actors=("RUS",)),  # another actor
        item("x", recipients=("KGZ",)),  # another recipient
    ],
)
def test_contradicting_records_stay_apart(other: EventItem) -> None:
    assert not compatible(item("a"), other, window=2)
    assign([item("a"), other], clusters := [], window=2)
    assert len(clusters) == 2


def test_a_chain_of_near_misses_does_not_merge_its_ends() -> None:
    # a~b (1 day) and b~c (2 days) but a and c are 3 days apart: complete link keeps c out
    items = [item("a", day=5), item("b", day=6), item("c", day=8)]
    assign(items, [], window=2)
    assert items[0].cluster == items[1].cluster != items[2].cluster


def test_records_without_actors_need_similar_sentences() -> None:
    a = item("a", actors=(), recipients=(), text="Protesters stormed the city hall in Almaty.")
    b = item("b", actors=(), recipients=(), text="Crowds set fire to a bank in the capital of Tonga.")
    assign([a, b], clusters := [], window=2)
    assert len(clusters) == 2


def test_a_decision_is_linked_to_the_deployment_that_carries_it_out() -> None:
    decided = item("p", etype="AGREE", day=5)
    deployed = item("e", etype="AID", day=9)
    unrelated = item("u", etype="AID", day=9, actors=("USA",))
    cs: list = []
    assign([decided, deployed, unrelated], cs, window=2)
    found = links(cs, plan_rules(), horizon_days=30)
    assert found == [(decided.cluster, deployed.cluster, "carried_out_by")]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["AID", "ASSAULT", "CONSULT"]),
            st.integers(0, 10),
            st.sampled_from([(), ("KAZ",), ("RUS",), ("KAZ", "RUS")]),
            st.sampled_from([(), ("IGO",), ("USA",)]),
            st.sampled_from(["actual", "planned"]),
        ),
        max_size=25,
    )
)
def test_every_cluster_is_pairwise_compatible(specs: list[tuple]) -> None:
    items = [
        item(f"i{n}", etype=t, day=d, actors=a, recipients=r, realis=re)
        for n, (t, d, a, r, re) in enumerate(specs)
    ]
    assign(items, clusters := [], window=2)
    assert sum(len(c.members) for c in clusters) == len(items)
    for c in clusters:
        for i, a in enumerate(c.members):
            for b in c.members[i + 1 :]:
                assert compatible(a, b, 2)


# -- the commands ---------------------------------------------------------------------------------------

REQUIRED = {
    "stories": {"id", "documents"},
    "discrepancies": {"documents", "texts", "values"},
    "claims": {"document", "text", "claimant", "sourced"},
    "entities": {"name", "type", "code", "aliases"},
    "documents": {"id", "publication", "derived_from"},
}


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(REQUIRED))
def test_each_command_writes_jsonl_with_its_fields(seed_store: Store, command: str) -> None:
    from click.testing import CliRunner

    from nestor.cli import cli

    result = CliRunner().invoke(cli, [command, "--db", seed_store.path, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows
    for row in rows:
        assert REQUIRED[command] <= set(row)


@pytest.mark.slow
def test_events_jsonl_keeps_one_record_per_report_and_merged_one_per_cluster(seed_store: Store) -> None:
    from click.testing import CliRunner

    from nestor.cli import cli

    runner = CliRunner()
    each = [
        json.loads(x)
        for x in runner.invoke(
            cli, ["events", "--db", seed_store.path, "--format", "jsonl"]
        ).stdout.splitlines()
    ]
    merged = [
        json.loads(x)
        for x in runner.invoke(
            cli, ["events", "--merged", "--db", seed_store.path, "--format", "jsonl"]
        ).stdout.splitlines()
    ]
    assert len(each) == seed_store.counts()["events"]
    assert {r["event_cluster"] for r in each} == {m["event_cluster"] for m in merged}
    assert len(merged) == len({r["event_cluster"] for r in each})
    for m in merged:
        assert {"reports", "sources", "independent_sources"} <= set(m)
        assert m["records"] == sum(1 for r in each if r["event_cluster"] == m["event_cluster"])
        assert m["reports"] == len(m["documents"])  # reports, not records
    unsourced = runner.invoke(cli, ["claims", "--unsourced", "--db", seed_store.path, "--format", "jsonl"])
    assert all(not json.loads(x)["sourced"] for x in unsourced.stdout.splitlines())


def test_reports_that_swap_who_attacked_whom_are_a_role_discrepancy(tmp_path: Path) -> None:
    from conftest import build_record, entity
    from nestor.models import Document, NameMention

    text = "Border forces exchanged fire near Batken on Thursday, and each side blamed the other for it."
    kgz, tjk = entity("KGZ", "MIL", "Kyrgyz forces"), entity("TJK", "MIL", "Tajik forces")
    store = Store.open(tmp_path / "roles.db")
    for doc_id, outlet, actor, target in (
        ("kg", "Bishkek Daily", kgz, tjk),
        ("tj", "Dushanbe Daily", tjk, kgz),
    ):
        doc = Document(doc_id, text, title="Clash on the border", publication=outlet, published="2022-01-28")
        mentions = [NameMention(1, 34, 40, "Batken", "PLACE", "Batken", "KGZ")]
        rec = build_record(doc, event="ASSAULT", actor=[actor], recipient=[target], date="2022-01-27", quad=4)
        store.write_document(doc, [rec], mentions=mentions)
    merge_store(store, Settings())
    (story,) = views.stories(store)
    (role,) = [d for d in views.discrepancies(store) if d["kind"] == "role"]
    assert role["documents"] == ["kg", "tj"] and role["story"] == story["id"]
    assert role["values"] == {"kg": "KGZ -> TJK", "tj": "TJK -> KGZ"}


def test_a_city_and_its_outskirts_do_not_contradict_one_event_but_two_cities_do() -> None:
    from dataclasses import replace

    dhaka = replace(item("a"), place_country="BGD", place_id=1185241, place_point=(23.71, 90.41))
    gazipur = replace(item("b"), place_country="BGD", place_id=1185218, place_point=(24.00, 90.42))
    chittagong = replace(item("c"), place_country="BGD", place_id=1205733, place_point=(22.34, 91.83))
    unplaced_point = replace(item("d"), place_country="BGD", place_id=1205733, place_point=None)
    assert compatible(dhaka, gazipur, 2)  # about 32 km apart
    assert not compatible(dhaka, chittagong, 2)  # about 215 km apart
    assert not compatible(dhaka, unplaced_point, 2)  # two places, no way to tell they are near
