"""Lexical classes and trigger synonyms from the small tables in ``nestor/data/lexical``.

The tables are derived from WordNet 3.0 by ``scripts/derive_wordnet.py`` and committed; WordNet itself is
never read at run time. Each is UTF-8, tab-separated, with ``#`` comment lines and a header row:

``noun_classes.tsv``   lemma, class, share: the WordNet lexicographer class of a common noun's most
                       frequent sense (``person``, ``artifact``, ``location``, ``communication`` ...) and
                       the share of the noun's sense weight in that class
``verb_classes.tsv``   the same for verbs (``motion``, ``contact``, ``competition``, ``social`` ...)
``verb_synonyms.tsv``  synonym, seed_lemma, relation, sense_rank: verbs that share a synset with a trigger
                       of ``coding/verbs.tsv`` in its first senses (``synonym``) or are direct hyponyms
                       of those senses (``troponym``); ``sense_rank`` is the trigger's sense, 1 or 2
``noun_synonyms.tsv``  the same for ``coding/nouns.tsv`` (relation ``synonym`` or ``hyponym``)

Lemmas are looked up lowercased, with runs of spaces or underscores as one space ("prison camp").
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..coding.ontology import read_tsv

DATA = Path(str(resources.files("nestor") / "data" / "lexical"))

_POS = {"noun": "noun", "n": "noun", "verb": "verb", "v": "verb"}
_RELATION_ORDER = {"synonym": 0, "troponym": 1, "hyponym": 1}


def _rows(name: str) -> list[list[str]]:
    """Data rows of a table: comment lines, blank lines and the header row skipped."""
    return read_tsv(DATA / name)


def _key(lemma: str) -> str:
    return " ".join(lemma.lower().replace("_", " ").split())


def _pos(pos: str) -> str:
    try:
        return _POS[pos.lower()]
    except KeyError:
        raise ValueError(f"pos must be 'noun' or 'verb', not {pos!r}") from None


@lru_cache(maxsize=2)
def _classes(pos: str) -> dict[str, tuple[str, float]]:
    return {lemma: (cls, float(share)) for lemma, cls, share in _rows(f"{pos}_classes.tsv")}


@lru_cache(maxsize=2)
def _seeds(pos: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[tuple[int, int, str]]] = {}
    for synonym, seed, relation, rank in _rows(f"{pos}_synonyms.tsv"):
        found.setdefault(synonym, []).append((int(rank), _RELATION_ORDER[relation], seed))
    return {syn: tuple(seed for *_, seed in sorted(entries)) for syn, entries in found.items()}


def lexical_class(lemma: str, pos: str) -> tuple[str, float] | None:
    """(class, share) of a noun or verb lemma, or None when the table does not have it."""
    return _classes(_pos(pos)).get(_key(lemma))


def noun_class(lemma: str) -> str | None:
    """The lexicographer class of a common noun's most frequent sense: ``noun_class("prisoner")`` is
    ``"person"``, ``noun_class("report")`` ``"communication"``; None for unknown words."""
    found = _classes("noun").get(_key(lemma))
    return found[0] if found else None


def verb_class(lemma: str) -> str | None:
    """The lexicographer class of a verb's most frequent sense (``"competition"`` for "shell")."""
    found = _classes("verb").get(_key(lemma))
    return found[0] if found else None


def synonym_seeds(lemma: str, pos: str) -> tuple[str, ...]:
    """The triggers (of ``coding/verbs.tsv`` or ``coding/nouns.tsv``) a non-trigger word is a synonym or
    hyponym of, closest first: the trigger's first sense before its second, synonyms before hyponyms.
    ``synonym_seeds("torch", "verb")`` is ``("burn",)``. Empty for triggers and unknown words."""
    return _seeds(_pos(pos)).get(_key(lemma), ())
