"""The held-out evaluation sets parse and are well formed, and the scorer counts what it says it counts.

No model is loaded: the scoring functions are fed hand-made predictions.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from nestor.resolve.lexicon import PLOVER_SECTORS

REPO = Path(__file__).resolve().parent.parent
HELDOUT = REPO / "bench" / "heldout"
TYPES_TSV = REPO / "src" / "nestor" / "data" / "coding" / "plover_types.tsv"
NON_STATE = {"IGO", "UNO", "EUR", "NGO"}
KINDS = {"conflict", "protest", "disaster", "accident", "crime", "other"}
STYLES = {"sentence", "headline", "passive", "quote"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _load_module() -> Any:
    spec = importlib.util.spec_from_file_location("eval_heldout", REPO / "bench" / "eval_heldout.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_heldout"] = module
    spec.loader.exec_module(module)
    return module


ev = _load_module()


def _plover_types() -> set[str]:
    with TYPES_TSV.open(encoding="utf-8") as fh:
        rows = csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return {row[0] for row in rows if row and row[0] != "type"}


def _iso3() -> set[str]:
    try:
        import pycountry
    except ImportError:  # the test extra is not installed: the shape check below still runs
        return set()
    return {c.alpha_3 for c in pycountry.countries}


PLOVER = _plover_types()
ISO3 = _iso3()


def _valid_country(code: str) -> bool:
    if not re.fullmatch(r"[A-Z]{3}", code):
        return False
    return not ISO3 or code in ISO3


def _lines(name: str) -> list[dict[str, Any]]:
    path = HELDOUT / name
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{name}:{n}: blank line"
        out.append(json.loads(line))
    return out


def _common(rows: list[dict[str, Any]], prefix: str) -> None:
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), [i for i, c in Counter(ids).items() if c > 1]
    texts = [r["text"] for r in rows]
    assert len(texts) == len(set(texts)), "duplicate texts"
    for r in rows:
        assert r["id"].startswith(prefix), r["id"]
        assert isinstance(r["text"], str) and len(r["text"]) >= 20, r["id"]
        assert DATE.match(r["published"]), r["id"]
        assert r["gold"]["type"] in PLOVER | {"NONE"}, r["id"]


def test_plover_types_are_read() -> None:
    assert len(PLOVER) == 16 and {"ASSAULT", "PROTEST", "AGREE"} <= PLOVER


def test_the_acled_style_set_is_well_formed() -> None:
    rows = _lines("acled_style.jsonl")
    assert len(rows) == 240
    _common(rows, "acl-")
    for r in rows:
        assert set(r) == {"id", "text", "published", "gold", "kind"}, r["id"]
        assert set(r["gold"]) == {"type", "actor_sector", "country"}, r["id"]
        assert r["kind"] in KINDS, r["id"]
        assert _valid_country(r["gold"]["country"]), r["id"]
        sector = r["gold"]["actor_sector"]
        if sector is not None:
            assert set(sector.split("|")) <= PLOVER_SECTORS, r["id"]
        if r["kind"] in ("disaster", "accident"):
            assert r["gold"]["type"] == "NONE" and sector is None, r["id"]
        else:
            assert r["gold"]["type"] != "NONE", r["id"]
    kinds = Counter(r["kind"] for r in rows)
    violent = kinds["conflict"] + kinds["crime"]
    assert 0.5 <= violent / len(rows) <= 0.6
    assert 0.15 <= kinds["protest"] / len(rows) <= 0.25
    assert 0.12 <= (kinds["disaster"] + kinds["accident"]) / len(rows) <= 0.18


def test_the_wire_set_is_well_formed() -> None:
    rows = _lines("wire.jsonl")
    assert len(rows) == 150
    _common(rows, "wire-")
    for r in rows:
        assert set(r) == {"id", "text", "published", "gold", "style"}, r["id"]
        assert set(r["gold"]) == {"type", "actor", "recipient"}, r["id"]
        assert r["style"] in STYLES, r["id"]
        for role in ("actor", "recipient"):
            code = r["gold"][role]
            assert code is None or code in NON_STATE or _valid_country(code), (r["id"], code)
        if r["gold"]["type"] == "NONE":
            assert r["gold"]["actor"] is None and r["gold"]["recipient"] is None, r["id"]
    types = Counter(r["gold"]["type"] for r in rows)
    assert set(types) == PLOVER | {"NONE"}
    assert all(7 <= n <= 11 for t, n in types.items() if t != "NONE"), types
    assert 10 <= types["NONE"] <= 20
    assert sum(r["style"] == "headline" for r in rows) >= 15


# ------------------------------------------------------------------------------------------ the scorer
Ent = tuple[str | None, str | None]


def _p(
    types: str,
    actor: tuple[Ent, ...] | list[Ent] = (),
    recip: tuple[Ent, ...] | list[Ent] = (),
    country: str | None = None,
    realis: str = "actual",
) -> dict[str, Any]:
    return {
        "event": types.split("+"),
        "actor": [{"code": c, "sector": s} for c, s in actor],
        "recipient": [{"code": c, "sector": s} for c, s in recip],
        "country": country,
        "realis": realis,
    }


ACLED = [
    {"id": "a1", "kind": "conflict", "gold": {"type": "ASSAULT", "actor_sector": "REB", "country": "MLI"}},
    {
        "id": "a2",
        "kind": "conflict",
        "gold": {"type": "ASSAULT", "actor_sector": "MIL|COP", "country": "PAK"},
    },
    {"id": "a3", "kind": "protest", "gold": {"type": "PROTEST", "actor_sector": "CVL", "country": "KEN"}},
    {"id": "a4", "kind": "protest", "gold": {"type": "PROTEST", "actor_sector": None, "country": "COL"}},
    {"id": "a5", "kind": "disaster", "gold": {"type": "NONE", "actor_sector": None, "country": "NGA"}},
    {"id": "a6", "kind": "accident", "gold": {"type": "NONE", "actor_sector": None, "country": "IND"}},
    {"id": "a7", "kind": "other", "gold": {"type": "COERCE", "actor_sector": "GOV", "country": "IND"}},
]
ACLED_PREDS = {
    "a1": [_p("ASSAULT", [("MLI", "REB")], country="MLI")],
    "a2": [_p("ASSAULT", [("PAK", "COP")], country="AFG")],  # "security forces" as police: an alternative
    "a3": [_p("ASSAULT", [("KEN", "CVL")], country="KEN")],  # the riot coded as an attack only: a miss
    "a4": [],
    "a5": [_p("ASSAULT", [(None, "UAF")])],  # a flood coded as an attack
    "a6": [],
    "a7": [_p("ACCUSE", [("IND", "GOV")]), _p("COERCE", [("IND", "MIL")], country="IND")],
}


def test_acled_scores_on_hand_made_predictions() -> None:
    s = ev.score_acled(ACLED, ACLED_PREDS)
    assert s["items"] == 7 and s["event_items"] == 5 and s["harm_items"] == 2
    assert s["type_recall"] == 0.6  # a1, a2, a7
    assert s["recall_by_kind"]["conflict"] == {"n": 2, "recall": 1.0, "no_record": 0.0}
    assert s["recall_by_kind"]["protest"]["recall"] == 0.0
    assert s["recall_by_kind"]["protest"]["no_record"] == 0.5
    assert "recall" not in s["recall_by_kind"]["disaster"]
    assert s["recall_by_type"]["ASSAULT"] == {"n": 2, "recall": 1.0}
    assert s["disasters_coded_as_conflict"] == 0.5
    assert s["disasters_any_record"] == 0.5
    # gold sectors on a1, a2, a3, a7: a1 and a2 agree; a3 has no PROTEST record; a7's COERCE actor is MIL
    assert s["sector_items"] == 4
    assert s["actor_sector_agreement"] == 0.5
    assert s["actor_sector_given_type"] == round(2 / 3, 4)
    assert s["country_agreement"] == 0.4  # a1, a7
    assert s["no_record"] == round(2 / 7, 4)
    assert s["no_record_on_events"] == 0.2
    assert s["misses"] == {"PROTEST -> ASSAULT": 1, "PROTEST -> (nothing)": 1}


WIRE = [
    {"id": "w1", "style": "sentence", "gold": {"type": "SANCTION", "actor": "USA", "recipient": "IRN"}},
    {"id": "w2", "style": "headline", "gold": {"type": "SUPPORT", "actor": "ECU", "recipient": "PER"}},
    {"id": "w3", "style": "sentence", "gold": {"type": "REQUEST", "actor": "UKR", "recipient": None}},
    {"id": "w4", "style": "passive", "gold": {"type": "ASSAULT", "actor": None, "recipient": "CHN"}},
    {"id": "w5", "style": "sentence", "gold": {"type": "THREATEN", "actor": "USA", "recipient": "CAN"}},
    {"id": "w6", "style": "sentence", "gold": {"type": "NONE", "actor": None, "recipient": None}},
    {"id": "w7", "style": "headline", "gold": {"type": "NONE", "actor": None, "recipient": None}},
]
WIRE_PREDS = {
    "w1": [_p("SANCTION", [("USA", "GOV")], [("IRN", None)])],
    "w2": [_p("SUPPORT", [("ECU", "GOV"), ("PER", "GOV")])],  # joint subject: lenient match only
    "w3": [_p("REQUEST", [("UKR", "GOV")], [("RUS", None)]), _p("ASSAULT", [("RUS", None)])],
    "w4": [_p("ASSAULT", [(None, "UAF")], [("CHN", "BUS")])],
    "w5": [_p("THREATEN", [("CAN", None)], [("CAN", None)])],  # wrong actor
    "w6": [],
    "w7": [_p("ASSAULT", [("ESP", None)])],  # a football result coded as an attack
}


def test_wire_scores_on_hand_made_predictions() -> None:
    s = ev.score_wire(WIRE, WIRE_PREDS)
    assert s["event_items"] == 5 and s["none_items"] == 2
    assert s["type_recall"] == 1.0
    assert s["triple_agreement"] == 0.6  # w1, w3, w4
    assert s["triple_lenient"] == 0.8  # + w2
    assert s["exact_type"] == 0.8  # w3 also has an ASSAULT
    assert s["none_precision"] == 0.5
    assert s["actor_given_type"] == 0.75  # w1, w2, w3 right; w5 wrong (w4 has no gold actor)
    assert s["recipient_given_type"] == 0.75  # w1, w4, w5 right; w2 (joint subject) wrong
    assert s["recall_by_style"]["headline"] == {"n": 1, "recall": 1.0}
    assert s["spurious_types"] == {"ASSAULT": 2}
    assert s["misses"] == {}


def test_triple_matching_rules() -> None:
    gold = {"type": "AID", "actor": "JPN", "recipient": "MAR"}
    assert ev.triple_ok(gold, [_p("AID", [("JPN", "GOV")], [("MAR", None), ("ESP", None)])])
    assert not ev.triple_ok(
        gold, [_p("AID", [("JPN", "GOV")]), _p("CONSULT", [("JPN", None)], [("MAR", None)])]
    )
    assert not ev.triple_ok(gold, [_p("AID", [("MAR", None)], [("JPN", None)])])
    assert ev.triple_lenient(gold, [_p("AID", [("MAR", None)], [("JPN", None)])])
    assert ev.triple_ok({"type": "AID", "actor": None, "recipient": None}, [_p("AID")])
    assert not ev.triple_ok(gold, [])


def test_only_actual_drops_planned_and_negated_records() -> None:
    preds = {"x": [_p("ASSAULT"), _p("THREATEN", realis="planned"), _p("AID", realis="negated")]}
    assert [p["event"] for p in ev.only_actual(preds)["x"]] == [["ASSAULT"]]


def test_empty_sets_score_without_dividing_by_zero() -> None:
    assert ev.score_acled([], {})["type_recall"] is None
    assert ev.score_wire([], {})["none_precision"] is None


@pytest.mark.parametrize("name", ["acl", "wire"])
def test_the_text_report_renders(name: str) -> None:
    results = {"mode": "test", "seconds": 0.0}
    if name == "acl":
        results["acled"] = ev.score_acled(ACLED, ACLED_PREDS)
    else:
        results["wire"] = ev.score_wire(WIRE, WIRE_PREDS)
    text = ev.format_text(results)
    assert "type recall" in text and "%" in text


def test_code_items_maps_ids_to_predictions() -> None:
    items = [{"id": "w1", "text": "x"}, {"id": "w2", "text": "y"}]
    out = ev.code_items(items, lambda it: [_p("AID")] if it["id"] == "w1" else [], "t", progress=False)
    assert out == {"w1": [_p("AID")], "w2": []}
