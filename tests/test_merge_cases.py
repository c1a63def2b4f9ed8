"""The merge step on hand-written cases (tests/data/cases/): ``andes-mine-protests`` (four outlets,
conflicting tolls, a same-day credited reprint, a credited rewrite, similar but different events) and
``nigeria-strike-flood-poll`` (written blind, by someone who had not read the merge code: five outlets, three
concurrent stories in one country and week, a wire whose own copy carries its dateline tag, a reprint
with the credit cut, a headline-only brief, tolls in words, a toll revised down) and
``bangladesh-cyclone-wages-campus`` (the same kind, title-case headlines, an end-credit reprint)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coder_fixtures import coder
from merge_scoring import score_cases
from nestor.merge import merge_store, views
from nestor.merge.figures import read_figures
from nestor.merge.names import name_phrases
from nestor.merge.sources import credited_outlet, names_outlet
from nestor.models import CodedDocument, Document
from nestor.settings import Settings
from nestor.store import Store

CASES = Path(__file__).parent / "data" / "cases"
CASE = "andes-mine-protests"
# measured on this case (pinned: a change that lowers one is a regression to explain)
PINNED = {
    "clusters": 1.0,
    "false_merges": 0,
    "discrepancies": 1.0,
    "derivations": 1.0,
    "originals": 1.0,
    "entities": 1.0,
}


NIGERIA = "nigeria-strike-flood-poll"
# measured after the fixes; written blind, the case first scored (original gold, four discrepancies):
# stories_f1 0.41, clusters 0.75, false_merges 1, discrepancies 0.5, derivations 0.33, originals 0.5
NIGERIA_PINNED = {
    "stories_f1": 1.0,
    "clusters": 1.0,
    "false_merges": 0,
    "stray_figures": 0,
    "discrepancies": 1.0,
    "derivations": 1.0,
    "originals": 1.0,
    "entities": 1.0,
}
BANGLADESH = "bangladesh-cyclone-wages-campus"
# written after those fixes, to see them carry over (not blind); measured. Clusters 0.5: the coder places
# "a highway outside Dhaka" in Dhaka and the other reports in Gazipur, two places that keep records apart
BANGLADESH_PINNED = NIGERIA_PINNED  # clusters 0.5 until places within NEAR_KM stopped contradicting
PINS = {NIGERIA: NIGERIA_PINNED, BANGLADESH: BANGLADESH_PINNED}


def case_documents(name: str = CASE) -> list[Document]:
    docs = []
    for n, line in enumerate((CASES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                docs.append(Document(**json.loads(line)))
            except (ValueError, TypeError) as exc:
                raise ValueError(f"{CASES / name}.jsonl:{n}: {exc}") from exc
    return docs


@pytest.fixture(scope="module")
def coded() -> tuple[CodedDocument, ...]:
    return tuple(coder().code_many(case_documents()))


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return json.loads((CASES / f"{CASE}.gold.json").read_text(encoding="utf-8"))


def _store(
    path: Path, coded: tuple[CodedDocument, ...] | list[CodedDocument], one_by_one: bool = False
) -> Store:
    store = Store.open(path)
    for c in coded:
        store.write_document(c.document, c.records, mentions=c.mentions, claims=c.claims)
        if one_by_one:
            merge_store(store, Settings())
    merge_store(store, Settings())
    return store


@pytest.mark.slow
def test_the_case_scores_what_is_pinned(
    tmp_path: Path, coded: tuple[CodedDocument, ...], gold: dict[str, Any]
) -> None:
    scores = score_cases(_store(tmp_path / "case.db", coded), gold)
    for name, pinned in PINNED.items():
        if name == "false_merges":
            assert scores[name] <= pinned, scores
        else:
            assert scores[name] >= pinned, (name, scores)


@pytest.mark.slow
def test_merged_one_by_one_in_reverse_the_case_scores_the_same(
    tmp_path: Path, coded: tuple[CodedDocument, ...], gold: dict[str, Any]
) -> None:
    """Reprints before their originals, rewrites before what they credit: derivation holds both ways."""
    backwards = sorted(coded, key=lambda c: c.document.published or "", reverse=True)
    scores = score_cases(_store(tmp_path / "back.db", backwards, one_by_one=True), gold)
    assert scores["derivations"] == 1.0 and scores["originals"] == 1.0, scores
    assert scores["false_merges"] == 0, scores


@pytest.mark.slow
def test_each_figure_of_the_toll_is_listed_with_its_outlet_claimant_date_and_sentence(
    tmp_path: Path, coded: tuple[CodedDocument, ...]
) -> None:
    store = _store(tmp_path / "case.db", coded)
    (toll,) = [
        d for d in views.discrepancies(store) if d["kind"] == "number" and d["what"].startswith("dead")
    ]
    by_doc = {f["document"]: f for f in toll["figures"]}
    assert by_doc["lep-2023-03-17-shooting"]["value"] == 4
    assert by_doc["lep-2023-03-17-shooting"]["claimant"] == "Vicente Romero"
    assert by_doc["ledger-2023-03-17-shooting"]["value"] == 8
    assert by_doc["wire-2023-03-16-shooting"]["claimant"] == "the national ombudsman's office"
    for f in toll["figures"]:
        assert f["date"] == "2023-03-16" and f["sentence"] and f["outlet"]
    # the Lima march (participants) and the police hurt (another group) are no part of it
    assert not {"lep-2023-03-18-lima-march"} & set(toll["documents"])


@pytest.mark.slow
def test_a_story_counts_outlets_and_their_sources_not_sentences(
    tmp_path: Path, coded: tuple[CodedDocument, ...]
) -> None:
    store = _store(tmp_path / "case.db", coded)
    (shooting,) = [
        c
        for c in views.clusters(store)
        if "lep-2023-03-17-shooting" in c["documents"]
        and c["event"] == ["ASSAULT"]
        and "wire-2023-03-16-shooting" in c["documents"]
    ]
    assert shooting["reports"] == 3  # one report giving two records of one sentence is one report
    assert shooting["sources"] == 3
    assert shooting["independent_sources"] == 2  # the credited reprint is the wire's


def _shifted(coded: tuple[CodedDocument, ...], copy: int, days: int) -> list[CodedDocument]:
    out = []
    for c in coded:
        d = c.document
        published = (
            (date.fromisoformat(d.published) + timedelta(days=days)).isoformat() if d.published else None
        )
        doc = replace(d, id=f"{d.id}~{copy}", published=published)
        records = [replace(r, id=f"{r.id}~{copy}") for r in c.records]
        claims = [replace(k, id=f"{k.id}~{copy}") for k in c.claims]
        out.append(replace(c, document=doc, records=records, claims=claims))
    return out


def _partition(store: Store, suffix: str) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for r in store.query("SELECT story_id, document_id FROM story_documents"):
        if r["document_id"].endswith(suffix):
            groups.setdefault(r["story_id"], set()).add(r["document_id"].removesuffix(suffix))
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def alone_partition(
    tmp_path_factory: pytest.TempPathFactory, coded: tuple[CodedDocument, ...]
) -> set[frozenset[str]]:
    return _partition(_store(tmp_path_factory.mktemp("alone") / "alone.db", _shifted(coded, 0, 0)), "~0")


@pytest.mark.slow
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(copies=st.integers(2, 3), gap=st.integers(41, 4000))
def test_the_same_corpus_shifted_and_repeated_is_grouped_the_same_in_every_copy(
    tmp_path_factory: pytest.TempPathFactory,
    coded: tuple[CodedDocument, ...],
    alone_partition: set[frozenset[str]],
    copies: int,
    gap: int,
) -> None:
    """The grouping of a report does not depend on how many unrelated reports the store holds: the case
    repeated ``copies`` times, each copy ``gap`` days after the last (beyond a story's reach), is grouped
    in every copy as the case alone."""
    many = Store.open(tmp_path_factory.mktemp("many") / "many.db")
    for k in range(copies):
        for c in _shifted(coded, k, k * gap):
            many.write_document(c.document, c.records, mentions=c.mentions, claims=c.claims)
    merge_store(many, Settings())
    for k in range(copies):
        assert _partition(many, f"~{k}") == alone_partition, (k, gap)


@pytest.mark.slow
def test_the_story_page_figures_table_marks_the_disputed_toll(
    tmp_path: Path, coded: tuple[CodedDocument, ...]
) -> None:
    store = _store(tmp_path / "case.db", coded)
    story = next(s["id"] for s in views.stories(store) if "wire-2023-03-16-shooting" in s["documents"])
    rows = views.figures(store, story)
    tolls = [r for r in rows if r["kind"] == "dead" and r["document"] == "wire-2023-03-16-shooting"]
    assert tolls and all(r["disputed"] and r["claimant"] and r["sentence"] for r in tolls)
    assert {"what", "written", "outlet", "date", "claimant", "sentence", "disputed"} <= set(rows[0])


# -------------------------------------------------------------- the blind Nigeria case and the Bangladesh one
_CODED: dict[str, tuple[tuple[CodedDocument, ...], dict[str, Any]]] = {}


def _case(name: str) -> tuple[tuple[CodedDocument, ...], dict[str, Any]]:
    if name not in _CODED:
        gold = json.loads((CASES / f"{name}.gold.json").read_text(encoding="utf-8"))
        _CODED[name] = tuple(coder().code_many(case_documents(name))), gold
    return _CODED[name]


@pytest.fixture(scope="module")
def nigeria() -> tuple[tuple[CodedDocument, ...], dict[str, Any]]:
    return _case(NIGERIA)


def _meets_pins(scores: dict[str, Any], pins: dict[str, float]) -> None:
    for name, pinned in pins.items():
        if name in ("false_merges", "stray_figures"):
            assert scores[name] <= pinned, (name, scores)
        else:
            assert scores[name] >= pinned, (name, scores)


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(PINS))
def test_the_case_scores_what_is_pinned_for_it(tmp_path: Path, case: str) -> None:
    coded, gold = _case(case)
    _meets_pins(score_cases(_store(tmp_path / "case.db", coded), gold), PINS[case])


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(PINS))
@pytest.mark.parametrize("newest_first", [False, True])
def test_the_case_merged_one_by_one_scores_the_same(tmp_path: Path, case: str, newest_first: bool) -> None:
    coded, gold = _case(case)
    ordered = sorted(coded, key=lambda c: c.document.published or "", reverse=newest_first)
    _meets_pins(score_cases(_store(tmp_path / "one.db", ordered, one_by_one=True), gold), PINS[case])


@pytest.mark.slow
def test_a_wire_s_own_dateline_tag_is_no_credit_and_names_the_wire_in_its_reprints(
    tmp_path: Path, nigeria: tuple[tuple[CodedDocument, ...], dict[str, Any]]
) -> None:
    sources = views.document_sources(_store(tmp_path / "case.db", nigeria[0]))
    for doc, src in sources.items():
        if doc.startswith("apa-"):  # "LAGOS, Sept 8 (APA) —" in the Atlantic Press Agency's own copy
            assert src["derived_from"] is None and src["root"] == "atlantic press agency", (doc, src)
    assert sources["herald-2025-09-08-strike"]["derived_from"] == "Atlantic Press Agency"
    assert sources["pulse-2025-09-11-rivers"]["root"] == "atlantic press agency"  # credit cut, text kept


@pytest.mark.slow
def test_a_toll_revised_down_is_a_discrepancy_and_another_flood_is_not_part_of_it(
    tmp_path: Path, nigeria: tuple[tuple[CodedDocument, ...], dict[str, Any]]
) -> None:
    store = _store(tmp_path / "case.db", nigeria[0])
    (toll,) = [d for d in views.discrepancies(store) if d["what"].startswith("dead in Kogi")]
    by_doc = {(f["document"], f["value"]) for f in toll["figures"]}
    assert {
        ("apa-2025-09-09-flood", 23),
        ("chronicle-2025-09-10-flood", 31),
        ("courier-2025-09-11-flood", 27),
    } <= by_doc
    assert not any("Mokwa" in f["sentence"] for f in toll["figures"])


def test_names_that_open_a_sentence_count_when_they_are_no_english_word() -> None:
    assert set(name_phrases("Kogi flood: Federal government approves aid. Floods have killed 23.")) == {
        "kogi"
    }
    assert "apa" not in name_phrases("LAGOS, Sept 8 (APA) — Unions began a strike in Lagos on Monday.")


def test_a_tally_and_a_list_of_places_are_read() -> None:
    (toll,) = read_figures("The number of people killed by the floods in Kogi state has risen to thirty-one.")
    assert (toll.kind, toll.value) == ("dead", 31)
    (moved,) = read_figures(
        "Nearly twenty thousand residents of Lokoja, Ajaokuta and Ibaji have been displaced."
    )
    assert (moved.kind, moved.value, moved.qualifier) == ("displaced", 20000, "nearly")


def test_a_credit_of_capitals_names_the_outlet_it_shortens() -> None:
    outlets = ("Atlantic Press Agency", "Lagos Daily Courier")
    assert credited_outlet("APA", outlets) == "Atlantic Press Agency"
    assert names_outlet("APA", "Atlantic Press Agency") and not names_outlet("APA", "Continental Herald")
    assert names_outlet("Agence France-Presse", "AFP")


@pytest.mark.slow
def test_undated_counts_after_a_dated_event_count_that_event(
    tmp_path: Path, coded: tuple[CodedDocument, ...]
) -> None:
    """ "Police fired tear gas on Tuesday ... 15 people were injured" and "police opened fire on Thursday
    ... Thirty people were wounded": the injured of Tuesday and of Thursday are two quantities."""
    injured = {
        d["quantity"]["event_date"]: set(d["documents"])
        for d in views.discrepancies(_store(tmp_path / "case.db", coded))
        if d["kind"] == "number" and d["quantity"]["kind"] == "injured" and not d["quantity"]["group"]
    }
    assert injured["2023-03-14"] == {"wire-2023-03-14-roadblock", "lep-2023-03-15-roadblock"}
    assert "wire-2023-03-14-roadblock" not in injured["2023-03-16"]


def test_title_case_headline_words_are_no_names() -> None:
    title = "Police Fire Tear Gas At Striking Workers In Lagos"
    assert set(name_phrases(f"{title}\nPolice fired tear gas at workers in Ikeja on Monday.")) == {
        "lagos",
        "ikeja",
    }
