"""The actor registry (nestor.merge.registry): learned in the merge from what real coded reports say, voted,
dated, used to give uncoded named actors a code, corrected by an overrides file, listed by `nestor actors`."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from conftest import clear_nestor_env, cli_invoker
from nestor.errors import SettingsError
from nestor.merge import merge_store, views
from nestor.merge.registry import Evidence, actor_id, load_overrides, part_keys, vote
from nestor.models import CodedDocument, Document
from nestor.settings import Settings
from nestor.store import Store

# small reports about one person: two say he is Ghana's minister, one Togo's, two name him bare
TEXTS = {
    "gh1": ("Ghana's Defence Minister Dominic Nitiwul said on Monday that troops would be deployed to Bawku.",
            "2022-01-03T08:00:00Z"),
    "gh2": ("Ghanaian Defence Minister Dominic Nitiwul visited the troops in Bawku on Tuesday.",
            "2022-01-04"),
    "bare": ("Nitiwul ordered troops to the northern border on Wednesday.", "2022-01-05"),
    "bare2": ("Nitiwul accused the rebels of attacking the border post on Friday.", "2022-01-07"),
    "tg": ("Togo's Defence Minister Dominic Nitiwul accused the rebels of attacking Lome on Thursday.",
           "2022-01-06T17:30:00Z"),
}  # fmt: skip
NITIWUL = actor_id("PERSON", "Dominic Nitiwul")
REGISTRY_TABLES = ("actors", "actor_evidence")


@cache
def coded(doc_id: str, published: str | None = None) -> CodedDocument:
    """One of TEXTS coded by the production coder (once per test process)."""
    from coder_fixtures import coder

    text, default = TEXTS[doc_id]
    doc = Document(doc_id, text, publication=f"Outlet {doc_id}", published=published or default)
    return coder().code_many([doc])[0]


def ingest(store: Store, *doc_ids: str, **dates: str) -> None:
    for d in doc_ids:
        c = coded(d, dates.get(d))
        store.write_document(c.document, c.records, mentions=c.mentions, claims=c.claims)


def merged_store(path: Path, *batches: tuple[str, ...], settings: Settings | None = None) -> Store:
    """A store with each batch of reports ingested, then merged."""
    store = Store.open(path)
    for batch in batches:
        ingest(store, *batch)
        merge_store(store, settings or Settings(db=str(path)))
    return store


def table(store: Store, name: str) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, default=repr) for r in store.query(f"SELECT * FROM {name}"))


def dump(store: Store) -> dict[str, list[str]]:
    """Every table but the planner's statistics."""
    names = [
        r["name"]
        for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if not r["name"].startswith("sqlite_stat")
    ]
    return {n: table(store, n) for n in names}


def actor(store: Store, aid: str = NITIWUL) -> dict[str, Any]:
    return next(store.query("SELECT * FROM actors WHERE id = ?", (aid,)))


def evidence(store: Store, document: str, aid: str = NITIWUL) -> dict[str, Any]:
    return next(
        store.query("SELECT * FROM actor_evidence WHERE actor_id = ? AND document_id = ?", (aid, document))
    )


def actors_of(store: Store, document: str) -> list[dict[str, Any]]:
    """The actor entities of a report's stored records, in record order."""
    return [
        a
        for r in store.query("SELECT record FROM events WHERE document_id = ? ORDER BY sequence", (document,))
        for a in json.loads(r["record"])["actor"]
    ]


def bare_actor(store: Store, document: str = "bare") -> dict[str, Any]:
    (a,) = [a for a in actors_of(store, document) if a["entity_text"] == "Nitiwul"]
    return a


# ---------------------------------------------------------------------------------------------- parts
def test_a_tie_goes_to_the_most_recent_report() -> None:
    def ev(doc: str, code: str | None, published: str | None) -> Evidence:
        return Evidence("a", doc, "X", "X", 0, 1, code, None, None, published)

    assert vote([ev("1", "GHA", "2022-01-03"), ev("2", "TGO", "2022-01-06")], "code").value == "TGO"
    assert vote([ev("1", "GHA", "2022-01-09"), ev("2", "TGO", "2022-01-06")], "code").value == "GHA"
    majority = vote(
        [ev("1", "GHA", "2022-01-01"), ev("2", "GHA", None), ev("3", "TGO", "2022-02-01")], "code"
    )
    assert (majority.value, majority.documents, majority.against) == ("GHA", 2, 1)
    assert vote([ev("1", None, "2022-01-01")], "code").value is None


def test_a_full_name_stands_for_its_later_parts_only() -> None:
    assert part_keys("dominic nitiwul") == {"nitiwul"}
    assert "lula" in part_keys("luiz inacio lula da silva")
    assert "da silva" in part_keys("luiz inacio lula da silva")
    assert not {"luiz", "da"} & part_keys("luiz inacio lula da silva")  # a given name, a particle alone


def test_a_name_finds_its_code_only_when_one_code_fits(tmp_path: Path) -> None:
    from nestor.merge.registry import Lookup

    with Store.open(tmp_path / "lookup.db") as store:
        store.conn.executemany(
            "INSERT INTO actors (id, type, name, code, source) VALUES (?, ?, ?, ?, ?)",
            [
                (actor_id(t, n), t, n, c, s)
                for t, n, c, s in (
                    ("PERSON", "Dominic Nitiwul", "GHA", "learned"),
                    ("PERSON", "Luiz Inacio Lula da Silva", "BRA", "learned"),
                    ("PERSON", "Anibal Cavaco Silva", "PRT", "learned"),
                    ("PERSON", "Silva", None, "override"),  # the user says: no code for a bare "Silva"
                    ("ORG", "Legal Defense Institute", "PER", "override"),
                    ("PERSON", "Lula", None, "learned"),  # a bare name no report gave a code
                    ("PERSON", "Kofi Mensah", "GHA", "learned"),
                    ("PERSON", "Ama Mensah", "TGO", "learned"),
                    ("PERSON", "Kwame Owusu", "GHA", "learned"),
                    ("PERSON", "Yaw Owusu", "GHA", "learned"),
                )
            ],
        )
        store.conn.commit()
        look = Lookup(store)
        assert look.code("Dominic Nitiwul") == look.code("NITIWUL") == "GHA"
        assert look.code("Lula") == look.code("Lula da Silva") == "BRA"
        assert look.code("the Legal Defense Institute") == "PER"
        assert look.code("Da Silva") == "BRA" and look.code("Cavaco") == "PRT"
        assert look.code("Mensah") is None  # two people, two codes
        assert look.code("Owusu") == "GHA"  # two people, one code
        assert look.code("Silva") is None  # the override says none
        assert look.code("Dominic") is None and look.code("Luiz") is None  # a given name alone
        assert look.code("Someone Else") is None and look.code(None) is None


def test_the_overrides_file(tmp_path: Path) -> None:
    path = tmp_path / "overrides.csv"
    path.write_text(
        "name,type,code,sector,office\n# a comment\nDominic Nitiwul,person,tgo,,\n"
        'Legal Defense Institute,ORG,PER,ngo,"rights group, Lima"\nSomeone,PERSON,-,,\n',
        encoding="utf-8",
    )
    got = load_overrides(path)
    assert got is not None and len(got) == 3
    o = got[NITIWUL]
    assert (o.type, o.code, o.sector, o.office) == ("PERSON", "TGO", None, None)
    org = got[actor_id("ORG", "Legal Defense Institute")]
    assert (org.code, org.sector, org.office) == ("PER", "NGO", "rights group, Lima")
    assert got[actor_id("PERSON", "someone")].code == ""  # "-": none
    assert load_overrides("") is None
    path.write_text("Dominic Nitiwul,PERSON,GHA\nX,COUNTRY,GHA\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"line 2: type must be PERSON or ORG"):
        load_overrides(path)
    path.write_text("Dominic Nitiwul,PERSON,GHA\ndominic  nitiwul,PERSON,TGO\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"line 2: .* already on line 1"):
        load_overrides(path)
    with pytest.raises(SettingsError, match="cannot read the actor overrides file"):
        load_overrides(tmp_path / "missing.csv")


# ---------------------------------------------------------------------------------------------- learning
@pytest.mark.slow
def test_reports_in_either_order_give_the_same_registry_and_codes(tmp_path: Path) -> None:
    forward = merged_store(tmp_path / "f.db", ("gh1",), ("bare",), ("gh2",))
    backward = merged_store(tmp_path / "b.db", ("gh2",), ("bare",), ("gh1",))
    bare_first = merged_store(tmp_path / "bf.db", ("bare",), ("gh2", "gh1"))
    at_once = merged_store(tmp_path / "o.db", ("gh1", "bare", "gh2"))
    stores = (forward, backward, bare_first, at_once)
    for t in (*REGISTRY_TABLES, "event_entities"):
        assert len({json.dumps(table(s, t)) for s in stores}) == 1, t
    records = [sorted(json.dumps(actors_of(s, d)) for d in TEXTS) for s in stores]
    assert all(r == records[0] for r in records)
    for s in stores:
        a = actor(s)
        assert (a["code"], a["sector"], a["documents"], a["code_documents"]) == ("GHA", "GOV", 2, 2)
        assert a["source"] == "learned" and a["office"].lower() == "defence minister of ghana"
        # a bare "Nitiwul" takes what the other reports say, marked
        assert bare_actor(s) == {**bare_actor(s), "code": "GHA", "code_from": "registry"}


def coded_for(store_path: Path, doc_id: str) -> CodedDocument:
    """One of TEXTS coded by the production coder for the store at ``store_path`` (its registry read as
    the coder of an ingest into that store reads it)."""
    from coder_fixtures import coder

    text, published = TEXTS[doc_id]
    doc = Document(doc_id, text, publication=f"Outlet {doc_id}", published=published)
    return coder().code_many([doc], store=str(store_path))[0]


@pytest.mark.slow
def test_the_coder_uses_the_registry_of_the_store_it_codes_for(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    merged_store(path, ("gh1",))  # the registry learns Nitiwul's country
    (bare,) = [a for r in coded_for(path, "bare").records for a in r.actor if a.entity_text == "Nitiwul"]
    assert (bare.code, bare.code_from) == ("GHA", "registry")
    # a report that gives a code keeps it; the mentions stay as the report gives them
    tg = coded_for(path, "tg")
    assert {a.code for r in tg.records for a in r.actor if "Nitiwul" in a.entity_text} == {"TGO"}
    assert all(m.code is None for m in coded_for(path, "bare").mentions if m.name == "Nitiwul")
    # no store, or a store without a registry yet: nothing filled
    records = coded_for(tmp_path / "none.db", "bare").records
    (plain,) = [a for r in records for a in r.actor if a.entity_text == "Nitiwul"]
    assert plain.code is None and plain.code_from is None


@pytest.mark.slow
def test_a_report_coded_before_or_after_the_registry_knew_ends_the_same(tmp_path: Path) -> None:
    """The coder's use of the registry changes nothing after the merge: the bare report coded against a
    registry that knows Nitiwul, or coded first and filled by the merge, gives the same store."""
    early = merged_store(tmp_path / "early.db", ("bare",), ("gh1",))  # coded with no registry
    late_path = tmp_path / "late.db"
    late = merged_store(late_path, ("gh1",))
    c = coded_for(late_path, "bare")  # coded against the registry
    late.write_document(c.document, c.records, mentions=c.mentions, claims=c.claims)
    merge_store(late, Settings(db=str(late_path)))
    for t in (*REGISTRY_TABLES, "event_entities", "mentions"):
        assert table(early, t) == table(late, t), t
    assert actors_of(early, "bare") == actors_of(late, "bare")
    assert bare_actor(late) == {**bare_actor(late), "code": "GHA", "code_from": "registry"}


@pytest.mark.slow
def test_a_filled_code_reaches_the_event_index_and_the_merged_record(tmp_path: Path) -> None:
    store = merged_store(tmp_path / "s.db", ("bare",), ("gh1",))  # the bare report merged first
    (event_id,) = [r["id"] for r in store.query("SELECT id FROM events WHERE document_id = 'bare'")]
    (code,) = [
        r["code"]
        for r in store.query(
            "SELECT code FROM event_entities WHERE event_id = ? AND role = 'actor'", (event_id,)
        )
    ]
    assert code == "GHA"
    (merged,) = [c for c in views.clusters(store) if event_id in {m["event_id"] for m in c["members"]}]
    assert merged["actor"][0]["code"] == "GHA" and merged["actor"][0]["code_from"] == "registry"


@pytest.mark.slow
def test_reports_that_disagree_are_outvoted_and_say_so(tmp_path: Path) -> None:
    store = merged_store(tmp_path / "s.db", ("gh1", "tg", "bare"), ("gh2",))
    a = actor(store)
    assert (a["code"], a["code_documents"], a["documents"]) == ("GHA", 2, 3)
    note = evidence(store, "tg")["disagrees"]
    assert note.startswith("code TGO (registry: GHA, 2 documents to 1)") and "office" in note
    assert evidence(store, "gh1")["disagrees"] is None
    # the registry never replaces a code the text gave
    (tg,) = [x for x in actors_of(store, "tg") if x["identifier_text"] == "Dominic Nitiwul"]
    assert tg["code"] == "TGO" and "code_from" not in tg
    assert bare_actor(store)["code"] == "GHA"


@pytest.mark.slow
def test_a_tie_between_reports_goes_to_the_latest(tmp_path: Path) -> None:
    store = merged_store(tmp_path / "s.db", ("gh1", "bare"), ("tg",))
    assert actor(store)["code"] == "TGO"  # 6 January over 3 January
    assert bare_actor(store)["code"] == "TGO"  # and the event filled before follows the registry
    assert "registry: TGO, 1 document to 1" in evidence(store, "gh1")["disagrees"]
    store2 = Store.open(tmp_path / "later.db")
    ingest(store2, "gh1", "tg", "bare", gh1="2022-01-09")
    merge_store(store2, Settings())
    assert actor(store2)["code"] == "GHA"


@pytest.mark.slow
def test_the_days_an_actor_was_first_and_last_seen(tmp_path: Path) -> None:
    store = merged_store(tmp_path / "s.db", ("gh2",), ("tg", "gh1"))
    a = actor(store)
    assert (a["first_seen"], a["last_seen"]) == ("2022-01-03", "2022-01-06")
    assert evidence(store, "tg")["published"] == "2022-01-06T17:30:00Z"
    bare = merged_store(tmp_path / "bare.db", ("bare2", "bare"))
    b = actor(bare, actor_id("PERSON", "Nitiwul"))
    assert (b["first_seen"], b["last_seen"], b["code"]) == ("2022-01-05", "2022-01-07", None)
    assert bare_actor(bare)["code"] is None and "code_from" not in bare_actor(bare)  # nobody gave one


@pytest.mark.slow
def test_a_replaced_report_takes_its_word_back(tmp_path: Path) -> None:
    store = merged_store(tmp_path / "s.db", ("gh1", "tg", "bare"))
    assert actor(store)["code"] == "TGO"  # a tie, the latest
    doc = Document("tg", "Nothing was said about anyone today.", published="2022-01-06")
    assert store.write_document(doc, [], mentions=[]) == "replaced"
    merge_store(store, Settings())
    a = actor(store)
    assert (a["code"], a["documents"], a["last_seen"]) == ("GHA", 1, "2022-01-03")
    assert bare_actor(store)["code"] == "GHA"


# ---------------------------------------------------------------------------------------------- overrides
@pytest.mark.slow
def test_an_override_wins_is_marked_and_can_be_taken_back(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    overrides = tmp_path / "actors.csv"
    overrides.write_text(
        "name,type,code,sector,office\nDominic Nitiwul,PERSON,TGO,,\nLegal Defense Institute,ORG,PER,NGO,\n",
        encoding="utf-8",
    )
    settings = Settings(db=str(path), actor_overrides=str(overrides))
    store = merged_store(path, ("gh1", "gh2"), ("bare",), settings=settings)
    a = actor(store)
    assert (a["code"], a["sector"], a["source"]) == ("TGO", "GOV", "override")  # the empty sector: learned
    assert "(registry: TGO, override)" in evidence(store, "gh1")["disagrees"]
    assert bare_actor(store) == {**bare_actor(store), "code": "TGO", "code_from": "registry"}
    institute = actor(store, actor_id("ORG", "Legal Defense Institute"))
    assert (institute["code"], institute["documents"], institute["first_seen"]) == ("PER", 0, None)
    # a merge without a file named leaves the overrides; the file is the whole truth when named
    before = dump(store)
    merge_store(store, Settings(db=str(path)))
    merge_store(store, settings)
    assert dump(store) == before
    overrides.write_text("name,type,code,sector,office\n", encoding="utf-8")
    merge_store(store, settings)
    a = actor(store)
    assert (a["code"], a["source"]) == ("GHA", "learned")
    assert evidence(store, "gh1")["disagrees"] is None
    assert bare_actor(store)["code"] == "GHA"
    assert not list(store.query("SELECT id FROM actors WHERE source = 'override'"))


@pytest.mark.slow
def test_an_override_of_none_empties_the_filled_code(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = merged_store(path, ("gh1", "bare"))
    assert bare_actor(store)["code"] == "GHA"
    overrides = tmp_path / "actors.csv"
    overrides.write_text("Dominic Nitiwul,PERSON,-,,\n", encoding="utf-8")
    merge_store(store, Settings(db=str(path), actor_overrides=str(overrides)))
    assert actor(store)["code"] is None
    assert bare_actor(store) == {
        "code": None,
        "sector": None,
        "entity_text": "Nitiwul",
        "identifier_text": "Nitiwul",
    }
    (code,) = [
        r["code"]
        for r in store.query(
            "SELECT e.code FROM event_entities e JOIN events v ON v.id = e.event_id "
            "WHERE v.document_id = 'bare' AND e.role = 'actor'"
        )
    ]
    assert code is None


@pytest.mark.slow
def test_an_override_of_none_on_a_short_name_empties_its_events_and_taking_it_back_refills(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.db"
    store = merged_store(path, ("gh1", "bare"))
    assert bare_actor(store)["code"] == "GHA"
    overrides = tmp_path / "actors.csv"
    overrides.write_text("Nitiwul,PERSON,-,,\n", encoding="utf-8")  # the short name alone: none
    merge_store(store, Settings(db=str(path), actor_overrides=str(overrides)))
    assert bare_actor(store)["code"] is None and "code_from" not in bare_actor(store)
    assert actor(store)["code"] == "GHA"  # the full name keeps its code
    overrides.write_text("# nothing to correct\n", encoding="utf-8")
    merge_store(store, Settings(db=str(path), actor_overrides=str(overrides)))
    assert bare_actor(store) == {**bare_actor(store), "code": "GHA", "code_from": "registry"}


@pytest.mark.slow
def test_merging_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    overrides = tmp_path / "actors.csv"
    overrides.write_text("Bawku,ORG,GHA,,\n", encoding="utf-8")
    settings = Settings(db=str(path), actor_overrides=str(overrides))
    store = merged_store(path, ("gh1", "tg"), ("bare", "bare2", "gh2"), settings=settings)
    before = dump(store)
    report = merge_store(store, settings)
    assert (report.documents, report.events, report.actors, report.codes_from_registry) == (0, 0, 0, 0)
    assert dump(store) == before


# ---------------------------------------------------------------------------------------------- the command
@pytest.fixture
def nestor(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    clear_nestor_env(monkeypatch)
    return cli_invoker()


def test_actors_help(nestor: Callable[..., Result]) -> None:
    result = nestor("actors", "--help")
    assert result.exit_code == 0
    for words in (
        "--db PATH",
        "[table|jsonl|csv]",
        "--show NAME",
        "--type",
        "--name",
        "--code",
        "actor_overrides",
    ):
        assert words in result.stdout


@pytest.fixture
def registry_db(tmp_path: Path) -> str:
    merged_store(tmp_path / "cli.db", ("gh1", "gh2", "tg", "bare")).close()
    return str(tmp_path / "cli.db")


@pytest.mark.slow
def test_actors_lists_in_three_formats_with_filters(nestor: Callable[..., Result], registry_db: str) -> None:
    rows = [
        json.loads(x) for x in nestor("actors", "--db", registry_db, "--format", "jsonl").stdout.splitlines()
    ]
    assert rows[0]["name"] == "Dominic Nitiwul" and rows[0]["documents"] == 3  # most documents first
    assert {
        "type",
        "name",
        "code",
        "sector",
        "office",
        "first_seen",
        "last_seen",
        "documents",
        "source",
    } <= set(rows[0])
    table_out = nestor("actors", "--db", registry_db).stdout
    assert "Dominic Nitiwul" in table_out and "GHA" in table_out and "learned" in table_out
    csv_out = nestor("actors", "--db", registry_db, "--format", "csv", "--type", "person").stdout.splitlines()
    assert csv_out[0].startswith("type,name,code,sector,office,documents,first_seen,last_seen,source")
    assert all(line.startswith("PERSON,") for line in csv_out[1:]) and len(csv_out) == 3  # the bare name too

    def names(*args: str) -> list[str]:
        out = nestor("actors", "--db", registry_db, "--format", "jsonl", *args).stdout.splitlines()
        return [json.loads(x)["name"] for x in out]

    assert names("--name", "NITI") == ["Dominic Nitiwul", "Nitiwul"]
    assert names("--code", "gha") == ["Dominic Nitiwul"]
    assert "Nitiwul" in names("--code", "-", "--type", "PERSON")
    assert names("--type", "ORG", "--code", "GHA") == []


@pytest.mark.slow
def test_actors_show_lists_what_each_report_said(nestor: Callable[..., Result], registry_db: str) -> None:
    result = nestor("actors", "--db", registry_db, "--show", "dominic nitiwul", "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["document"] for r in rows] == ["gh1", "gh2", "tg"]  # by date
    assert [r["code"] for r in rows] == ["GHA", "GHA", "TGO"]
    assert rows[2]["disagrees"].startswith("code TGO") and rows[0]["disagrees"] is None
    assert rows[0]["published"].startswith("2022-01-03") and "Ghana's Defence Minister" in rows[0]["context"]
    assert rows[2]["publication"] == "Outlet tg" and rows[2]["registry_code"] == "GHA"
    shown = nestor("actors", "--db", registry_db, "--show", "Dominic Nitiwul").stdout
    assert "2022-01-06" in shown and "code TGO" in shown and "3 reports" in shown
    part = nestor("actors", "--db", registry_db, "--show", "itiw", "--format", "csv").stdout.splitlines()
    assert len(part) == 1 + 4  # every actor whose name has it: three reports of one, one of the bare name
    missing = nestor("actors", "--db", registry_db, "--show", "Nobody")
    assert missing.exit_code == 1 and "no actor called 'Nobody'" in missing.stderr


@pytest.mark.slow
def test_ingest_applies_the_overrides_setting_and_a_bad_file_is_a_usage_error(
    nestor: Callable[..., Result], tmp_path: Path
) -> None:
    reports = tmp_path / "reports.jsonl"
    reports.write_text(
        "".join(
            json.dumps({"id": d, "text": TEXTS[d][0], "published": TEXTS[d][1], "publication": d}) + "\n"
            for d in ("gh1", "bare")
        ),
        encoding="utf-8",
    )
    overrides = tmp_path / "actors.csv"
    overrides.write_text("Dominic Nitiwul,PERSON,TGO,,\n", encoding="utf-8")
    db = str(tmp_path / "e2e.db")
    env = {"NESTOR_ACTOR_OVERRIDES": str(overrides)}
    result = nestor("ingest", "--db", db, "--workers", "1", str(reports), env=env)
    assert result.exit_code == 0, result.output
    rows = [
        json.loads(x)
        for x in nestor("actors", "--db", db, "--code", "TGO", "--format", "jsonl").stdout.splitlines()
    ]
    assert [(r["name"], r["source"]) for r in rows] == [("Dominic Nitiwul", "override")]
    events = nestor("events", "--db", db, "--actor", "TGO", "--document", "bare", "--format", "jsonl").stdout
    assert json.loads(events.splitlines()[0])["actor"][0]["code_from"] == "registry"
    overrides.write_text("Dominic Nitiwul,PLACE,TGO\n", encoding="utf-8")
    bad = nestor("merge", "--db", db, env=env)
    assert bad.exit_code == 2 and "line 1: type must be PERSON or ORG" in bad.stderr


def test_the_registry_tables_are_in_a_new_store(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.db") as store:
        for name in REGISTRY_TABLES:
            assert list(store.query(f"SELECT * FROM {name}")) == []
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("INSERT INTO actors (id, type, name) VALUES ('a', 'PLACE', 'x')")


@pytest.mark.slow
def test_a_store_merged_before_the_registry_learns_at_its_next_merge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nestor.merge import registry
    from nestor.store import MIGRATIONS

    path = tmp_path / "old.db"
    with monkeypatch.context() as m:  # a merge of a nestor without the registry
        m.setattr(registry, "update", lambda *_args: registry.RegistryReport())
        merged_store(path, ("gh1", "bare"), ("gh2",)).close()
    conn = sqlite3.connect(path)
    (reg,) = [m for m in MIGRATIONS if m.description.startswith("the actor registry")]
    for name in ("actors", "actor_evidence", "event_actor_keys", "actor_backlog"):
        conn.execute(f"DROP TABLE {name}")
    for later in (m for m in MIGRATIONS if m.version > reg.version):
        # back to the store before the registry: later migrations that add columns taken back too
        for table_name, column in re.findall(r"ALTER TABLE (\w+) ADD COLUMN (\w+)", later.sql):
            conn.execute(f"ALTER TABLE {table_name} DROP COLUMN {column}")
    conn.execute("UPDATE schema_version SET version = ?", (reg.version - 1,))
    conn.commit()
    conn.close()
    with Store.open(path) as store:  # brought forward: its merged reports wait in the backlog
        assert len(table(store, "actor_backlog")) == 3 and table(store, "actors") == []
        assert bare_actor(store)["code"] is None
        merge_store(store, Settings())
        fresh = merged_store(tmp_path / "new.db", ("gh1", "bare", "gh2"))
        for name in REGISTRY_TABLES:
            assert table(store, name) == table(fresh, name)
        assert table(store, "actor_backlog") == []
        assert bare_actor(store) == {**bare_actor(store), "code": "GHA", "code_from": "registry"}
        (merged,) = [c for c in views.clusters(store) if "bare" in c["documents"]]
        assert merged["actor"][0]["code_from"] == "registry"  # the merged record follows
        before = dump(store)
        merge_store(store, Settings())
        assert dump(store) == before


@pytest.mark.slow
def test_the_coder_reads_a_registry_only_for_the_store_it_is_told_of(tmp_path: Path) -> None:
    from coder_fixtures import coder

    path = tmp_path / "s.db"
    merged_store(path, ("gh1",))
    text, published = TEXTS["bare"]
    doc = Document("bare", text, published=published)
    (plain,) = [a for r in coder().code_many([doc])[0].records for a in r.actor]  # no store: no registry
    (filled,) = [a for r in coder().code_many([doc], store=str(path))[0].records for a in r.actor]
    assert (plain.code, filled.code, filled.code_from) == (None, "GHA", "registry")
