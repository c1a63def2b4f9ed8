"""Trigger matching on hand-built parses (no model needed)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from nestor.coding.triggers import get_trigger_lexicon

VOCAB = spacy.blank("en").vocab  # with English lexical attributes (lowercase forms)


def parse(words: list[str], heads: list[int], deps: list[str], pos: list[str], lemmas: list[str]) -> Doc:
    return Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_verb_with_particle_and_preposition() -> None:
    doc = parse(
        ["Police", "cracked", "down", "on", "protesters"],
        [1, 1, 1, 1, 3],
        ["nsubj", "ROOT", "prt", "prep", "pobj"],
        ["NOUN", "VERB", "ADP", "ADP", "NOUN"],
        ["police", "crack", "down", "on", "protester"],
    )
    m = get_trigger_lexicon().match_verb(doc[1])
    assert m is not None and m.rule.cameo == "170"
    assert m.text == "cracked down on"


def test_object_condition_picks_the_specific_row() -> None:
    lex = get_trigger_lexicon()
    doc = parse(
        ["Authorities", "imposed", "a", "curfew"],
        [1, 1, 3, 1],
        ["nsubj", "ROOT", "det", "dobj"],
        ["NOUN", "VERB", "DET", "NOUN"],
        ["authority", "impose", "a", "curfew"],
    )
    m = lex.match_verb(doc[1])
    assert m is not None and m.rule.cameo == "1723"
    doc2 = parse(
        ["Washington", "imposed", "sanctions"],
        [1, 1, 1],
        ["nsubj", "ROOT", "dobj"],
        ["PROPN", "VERB", "NOUN"],
        ["Washington", "impose", "sanction"],
    )
    m2 = lex.match_verb(doc2[1])
    assert m2 is not None and m2.rule.options.get("type") == "SANCTION"


def test_verb_without_required_object_does_not_match() -> None:
    doc = parse(
        ["They", "imposed", "themselves"],
        [1, 1, 1],
        ["nsubj", "ROOT", "dobj"],
        ["PRON", "VERB", "PRON"],
        ["they", "impose", "themselves"],
    )
    assert get_trigger_lexicon().match_verb(doc[1]) is None


def test_multiword_noun_trigger() -> None:
    doc = parse(
        ["a", "state", "of", "emergency"],
        [1, 1, 1, 2],
        ["det", "ROOT", "prep", "pobj"],
        ["DET", "NOUN", "ADP", "NOUN"],
        ["a", "state", "of", "emergency"],
    )
    m = get_trigger_lexicon().match_noun(doc[1])
    assert m is not None and m.rule.cameo == "1724"
    doc2 = parse(
        ["a", "telephone", "conversation"],
        [2, 2, 2],
        ["det", "compound", "ROOT"],
        ["DET", "NOUN", "NOUN"],
        ["a", "telephone", "conversation"],
    )
    m2 = get_trigger_lexicon().match_noun(doc2[2])
    assert m2 is not None and m2.rule.cameo == "041"


def test_a_participle_tagged_as_an_adjective_matches_its_verb_and_opposing_a_plan_is_a_rejection() -> None:
    lex = get_trigger_lexicon()
    for obj, cameo in (("plan", "120"), ("government", "111")):
        doc = parse(
            ["Israel", "is", "opposed", "to", "the", obj],
            [1, 1, 1, 2, 5, 3],
            ["nsubj", "ROOT", "acomp", "prep", "det", "pobj"],
            ["PROPN", "AUX", "ADJ", "ADP", "DET", "NOUN"],
            ["Israel", "be", "opposed", "to", "the", obj],
        )
        m = lex.match_verb(doc[2])
        assert m is not None and m.rule.cameo == cameo, obj
