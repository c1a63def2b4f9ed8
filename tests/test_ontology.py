"""The PLOVER/CAMEO tables and the trigger lexicons are consistent with each other and with the spec."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nestor.coding.ontology import get_ontology
from nestor.coding.triggers import get_trigger_lexicon

SHARED = Path(__file__).resolve().parents[2] / "shared"


def test_sixteen_types_with_quads_and_scores() -> None:
    onto = get_ontology()
    assert len(onto.types) == 16
    assert {t.quad for t in onto.types.values()} == {1, 2, 3, 4}
    assert onto.quad("SANCTION") == 4
    assert onto.score("ACCUSE", None) == -3
    assert onto.score("COERCE", "martial-law") == -7.5
    assert onto.score("CONSULT", "phone") == 1.5
    assert onto.score("CONSULT", "not-a-mode") == 2.5


def test_cameo_entries_use_plover_names_only() -> None:
    onto = get_ontology()
    for code, e in onto.cameo.items():
        assert re.fullmatch(r"\d{3,4}", code)
        assert e.type in onto.types, code
        assert e.mode is None or e.mode in onto.types[e.type].modes, code
        assert set(e.contexts) <= onto.contexts, code


def test_cameo_parent_fallback() -> None:
    onto = get_ontology()
    assert onto.entry("1724").mode == "martial-law"
    assert onto.entry("0334").type == "AGREE"


def test_every_lexicon_code_is_known_and_options_are_valid() -> None:
    onto = get_ontology()
    lex = get_trigger_lexicon()
    rules = [r for rs in lex.verbs.values() for r in rs] + [r for rs in lex.nouns.values() for r in rs]
    assert len(rules) > 300
    for r in rules:
        onto.entry(r.cameo)
        etype = r.options.get("type") or onto.entry(r.cameo).type
        assert etype in onto.types
        mode = r.options.get("mode")
        assert not mode or mode in onto.types[etype].modes, r
        for key in ("gov", "mil", "nonmil"):
            if key in r.options:
                onto.entry(r.options[key])
        if r.frame:
            assert r.frame in lex.frames


def test_frame_codes_pick_the_longest_prefix() -> None:
    lex = get_trigger_lexicon()
    assert lex.frame_code("intent", "074") == "0334"
    assert lex.frame_code("request", "0841") == "1053"
    assert lex.frame_code("reject", None) == "120"
    assert lex.frame_code("threaten", "163") == "1312"


@pytest.mark.skipif(not (SHARED / "spec/cameo-to-plover.txt").exists(), reason="../shared is absent")
def test_cameo_table_agrees_with_the_plover_conversion_table() -> None:
    """Our table follows the PLOVER project's CAMEO→PLOVER conversion for every code both list."""
    onto = get_ontology()
    theirs = {}
    for line in (SHARED / "spec/cameo-to-plover.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)", line)
        if m and m.group(1) not in theirs:
            theirs[m.group(1)] = m.group(2)
    assert set(theirs) <= set(onto.cameo)
    for code, etype in theirs.items():
        assert onto.cameo[code].type == etype, code
