"""The WordNet-derived tables in ``nestor/data/lexical`` (written by scripts/derive_wordnet.py) and their
loader, ``nestor.resolve.lexical``. Reads only the committed files; WordNet need not be installed."""

from __future__ import annotations

import pytest

from nestor.coding.ontology import DATA as CODING
from nestor.coding.ontology import read_tsv
from nestor.resolve import lexical
from nestor.resolve.lexical import DATA, lexical_class, noun_class, synonym_seeds, verb_class

TABLES = ("noun_classes.tsv", "verb_classes.tsv", "verb_synonyms.tsv", "noun_synonyms.tsv")
NOUN_CLASSES = {
    "act", "animal", "artifact", "attribute", "body", "cognition", "communication", "event", "feeling",
    "food", "group", "location", "motive", "object", "person", "phenomenon", "plant", "possession",
    "process", "quantity", "relation", "shape", "state", "substance", "time", "tops",
}  # fmt: skip
VERB_CLASSES = {
    "body", "change", "cognition", "communication", "competition", "consumption", "contact", "creation",
    "emotion", "motion", "perception", "possession", "social", "stative", "weather",
}  # fmt: skip


def triggers(name: str) -> set[str]:
    return {" ".join(row[0].lower().split()) for row in read_tsv(CODING / name)}


def data_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# derived by scripts/derive_wordnet.py from WordNet 3.0")
    assert "Copyright 2006 by Princeton University" in lines[0]
    return lines[2:]


# ------------------------------------------------------------------------------- sense separation
@pytest.mark.parametrize(
    ("noun", "cls"),
    [
        ("prisoner", "person"),  # release + prisoner: a release of people (RETREAT)
        ("hostage", "person"),
        ("detainee", "person"),
        ("report", "communication"),  # release + report: publishing, not a release of people
        ("statement", "communication"),
        ("weapon", "artifact"),  # seize + weapons: a confiscation (COERCE)
        ("rifle", "artifact"),
        ("ammunition", "artifact"),
        ("town", "location"),  # seize + town: territory (ASSAULT)
        ("city", "location"),
        ("territory", "location"),
        ("troop", "group"),
        ("money", "possession"),
        ("person", "person"),  # noun.Tops senses take their hyponyms' class
        ("animal", "animal"),
    ],
)
def test_noun_classes_separate_object_senses(noun: str, cls: str) -> None:
    assert noun_class(noun) == cls


def test_verb_classes() -> None:
    assert verb_class("shell") == "competition"  # bombard with shells (verb.competition: fighting)
    assert verb_class("say") == "communication"
    assert verb_class("seize") == "contact"
    assert verb_class("torch") == "change"


def test_lookups_fold_case_and_underscores_and_unknown_words_are_none() -> None:
    assert noun_class("Prisoner") == "person"
    assert noun_class("prison_camp") == noun_class("prison  camp") == "artifact"
    assert noun_class("xqzzy") is None
    assert verb_class("xqzzy") is None
    cls, share = lexical_class("report", "noun")  # type: ignore[misc]
    assert cls == "communication" and 0.5 < share <= 1.0
    assert noun_class("china") == "artifact"  # the porcelain: proper nouns (the country) are left out


# ---------------------------------------------------------------------------------------- synonyms
@pytest.mark.parametrize(
    ("word", "pos", "seeds"),
    [
        ("recapture", "verb", ("retake", "capture")),  # a synonym of retake, a troponym of capture
        ("torch", "verb", ("burn",)),
        ("liberate", "verb", ("free", "release")),  # release's second sense: set free
        ("grab", "verb", ("seize",)),
        ("incarcerate", "verb", ("imprison", "jail", "detain")),
        ("decapitate", "verb", ("behead", "kill")),
        ("foray", "noun", ("raid",)),
        ("counterattack", "noun", ("attack",)),
        ("carpet bombing", "noun", ("bombing",)),
        ("armistice", "noun", ("truce",)),
    ],
)
def test_synonym_seeds_map_unseen_words_to_triggers(word: str, pos: str, seeds: tuple[str, ...]) -> None:
    assert synonym_seeds(word, pos) == seeds


def test_synonym_seeds_are_closest_first() -> None:
    seeds = synonym_seeds("assail", "verb")
    assert seeds[:2] == ("assault", "attack")  # synonyms (sense 1) before troponyms
    assert "criticize" in seeds


def test_triggers_and_unknown_words_have_no_seeds() -> None:
    assert synonym_seeds("attack", "VERB") == ()
    assert synonym_seeds("attack", "n") == ()
    assert synonym_seeds("xqzzy", "verb") == ()
    with pytest.raises(ValueError):
        synonym_seeds("attack", "adj")


@pytest.mark.parametrize(
    ("table", "lexicon"), [("verb_synonyms.tsv", "verbs.tsv"), ("noun_synonyms.tsv", "nouns.tsv")]
)
def test_seeds_are_triggers_and_synonyms_are_not(table: str, lexicon: str) -> None:
    known = triggers(lexicon)
    rows = [line.split("\t") for line in data_lines(table)]
    assert rows
    for synonym, seed, relation, rank in rows:
        assert seed in known, seed
        assert synonym not in known, synonym
        assert relation in ("synonym", "troponym" if table.startswith("verb") else "hyponym")
        assert rank in ("1", "2")
        assert synonym == synonym.lower().strip() and "_" not in synonym


# ------------------------------------------------------------------------------------ the files
@pytest.mark.parametrize("name", TABLES)
def test_tables_are_small_sorted_and_unique(name: str) -> None:
    assert (DATA / name).stat().st_size < 2_000_000
    lines = data_lines(name)
    rows = [tuple(line.split("\t")) for line in lines]
    assert rows == sorted(rows)
    width = 3 if "classes" in name else 4
    assert all(len(r) == width for r in rows)
    keys = [r[0] if width == 3 else r[:2] for r in rows]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("name", "classes"), [("noun_classes.tsv", NOUN_CLASSES), ("verb_classes.tsv", VERB_CLASSES)]
)
def test_class_tables_hold_lexicographer_classes_and_shares(name: str, classes: set[str]) -> None:
    rows = [line.split("\t") for line in data_lines(name)]
    assert len(rows) > 5000
    assert {cls for _, cls, _ in rows} <= classes
    assert all(0.0 < float(share) <= 1.0 for *_, share in rows)


def test_the_wordnet_licence_comes_with_the_tables() -> None:
    text = (DATA / "LICENSE-WordNet.txt").read_text(encoding="utf-8")
    assert "WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved." in text
    assert 'PROVIDED "AS IS"' in text


def test_the_loaders_are_cached() -> None:
    assert lexical._classes("noun") is lexical._classes("noun")
    assert lexical._seeds("verb") is lexical._seeds("verb")
