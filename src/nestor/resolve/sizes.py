"""The numbers a sentence gives for an event: dead, injured, arrested, troops, participants.

``extract_size(sent)`` reads the dependency parse of one sentence. Every number that heads a number
phrase ("3.6 thousand", "five hundred", "1,200") is classified by, in order:

1. a word said of the number itself ("12 dead", "40 wounded"), or of its noun ("8 dead miners");
2. the verb its noun hangs from, when that verb kills, injures or arrests and the noun is what it
   happens to ("killing 3 soldiers", "12 people were killed", "more than 200 were detained", "164 died");
   the doer is never counted ("3 gunmen killed …", "detained by 40 police");
3. the counted noun itself ("2,500 troops", "numbering 3.6 thousand servicemen", "5,000 demonstrators");
4. a verb of protest for a noun without a key of its own ("5,000 people rallied");
5. a death toll ("the death toll rose to 164").

Only exact numbers count: "dozens", "hundreds", "thousands of protesters" give nothing, and neither do
dates, years, times, percentages, money, ages, quantities or ordinals. When a sentence gives two numbers
for one key, the larger is kept. The word lists live in ``data/sizes/size_terms.tsv``.

``size_counts(sent)`` gives each count with the token that heads it, so that a caller can keep the
counts of one clause (an event's own: :mod:`nestor.coding.clauses`); ``extract_size(sent, within)``
does that for a set of token indices.

``parse_number`` (numerals and number words to int) needs no spaCy and is usable on its own.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "KEYS",
    "Count",
    "extract_size",
    "merge_sizes",
    "parse_number",
    "size_counts",
    "size_of",
    "undergoes",
]

KEYS = ("dead", "injured", "arrested", "troops", "participants")

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "thousand": 1000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "mln": 1_000_000,
    "bn": 1_000_000_000,
    "k": 1000,
}
_NUMERAL = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")

_EXCLUDED_ENTS = {"DATE", "TIME", "PERCENT", "MONEY", "ORDINAL", "QUANTITY"}
_SUBJ = {"nsubj", "csubj", "expl"}
_OBJ = {"dobj", "obj", "nsubjpass", "attr", "oprd"}
_TOLL = "toll"


def parse_number(text: str) -> int | None:
    """The integer a number phrase spells out, or None if it is not one exact number.

    "two" 2, "five hundred" 500, "1,200" 1200, "3.6 thousand" 3600, "2 million" 2000000, "twenty-five"
    25, "one hundred and twenty" 120. Vague or plural counts ("dozens", "hundreds", "thousands"),
    ordinals and anything else give None.
    """
    words = [w for w in re.split(r"[\s\u2010-\u2015-]+", text.strip().lower()) if w]
    if not words or len(words) > 8:
        return None
    total = Decimal(0)
    current: Decimal | None = None
    last_was_numeral = False
    for word in words:
        if word == "and" and current is not None:
            continue
        if _NUMERAL.match(word):
            if current is not None:
                return None  # two numerals in a row: "3 4"
            try:
                current = Decimal(word.replace(",", ""))
            except InvalidOperation:
                return None
            last_was_numeral = True
            continue
        if word in _UNITS:
            value = Decimal(_UNITS[word])
            if current is not None and current % 100 != 0:
                # only "twenty" + "five" combine; "five six", "twenty thirty", "3 five" do not
                if last_was_numeral or not (current % 10 == 0 and current % 100 >= 20 and value < 10):
                    return None
            current = (current or Decimal(0)) + value
        elif word == "hundred":
            current = (current if current is not None else Decimal(1)) * 100
        elif word in _SCALES:
            total += (current if current is not None else Decimal(1)) * _SCALES[word]
            current = None
        else:
            return None
        last_was_numeral = False
    value = total + (current or Decimal(0))
    if value <= 0 or value != value.to_integral_value() or value > 10_000_000_000:
        return None
    return int(value)


@dataclass(frozen=True, slots=True)
class _Terms:
    nouns: dict[str, str]
    adjs: dict[str, str]
    verbs: dict[str, tuple[str, str]]  # lemma -> (key, role)


@lru_cache(maxsize=1)
def _terms(path: Path | None = None) -> _Terms:
    path = path or Path(str(resources.files("nestor") / "data" / "sizes" / "size_terms.tsv"))
    nouns: dict[str, str] = {}
    adjs: dict[str, str] = {}
    verbs: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        key, kind, lemma = cells[0], cells[1], cells[2].lower()
        if key not in KEYS:
            raise ValueError(f"{path}: unknown size key {key!r}")
        if kind == "noun":
            nouns[lemma] = key
        elif kind == "adj":
            adjs[lemma] = key
        elif kind == "verb":
            verbs[lemma] = (key, cells[3] if len(cells) > 3 else "obj")
        else:
            raise ValueError(f"{path}: unknown kind {kind!r}")
    return _Terms(nouns, adjs, verbs)


VICTIM_KEYS = frozenset({"dead", "injured", "arrested"})


def undergoes(lemma: str) -> bool:
    """Whether a verb's subject undergoes it rather than does it ("200 *died*", "three *perished*"): a
    verb of dead, injured or arrested whose counted noun is its subject."""
    hit = _terms().verbs.get(lemma.lower())
    return hit is not None and hit[1] == "subj" and hit[0] in VICTIM_KEYS


def _is_numberish(tok: Token) -> bool:
    low = tok.lower_
    if low in {"k", "bn", "mln"}:
        return False  # scale abbreviations count only right after a numeral
    return bool(_NUMERAL.match(low) or low in _UNITS or low == "hundred" or low in _SCALES or tok.like_num)


def _number_phrase(tok: Token) -> str:
    """The words of the number phrase that ends at ``tok`` ("3.6 thousand", "five hundred and two")."""
    doc = tok.doc
    start = tok.i
    while start > tok.sent.start:
        prev = doc[start - 1]
        if _is_numberish(prev) or (
            prev.lower_ in {"and", "-"} and start - 2 >= tok.sent.start and _is_numberish(doc[start - 2])
        ):
            start -= 1
        else:
            break
    end = tok.i + 1
    # "3.6 thousand", "2 million": a scale word right after the head belongs to it
    while end < tok.sent.end and doc[end].lower_ in _SCALES and doc[end].lower_ != "k":
        end += 1
    return doc[start:end].text


def _is_phrase_head(tok: Token) -> bool:
    if not _is_numberish(tok):
        return False
    head = tok.head
    if head.i != tok.i and _is_numberish(head) and tok.dep_ in {"compound", "quantmod", "nummod", "nmod"}:
        return False  # part of a bigger number ("3.6" in "3.6 thousand")
    nxt = tok.nbor(1) if tok.i + 1 < tok.sent.end else None
    return not (nxt is not None and nxt.lower_ in _SCALES and nxt.head.i == tok.i)


def _excluded(tok: Token) -> bool:
    if tok.ent_type_ in _EXCLUDED_ENTS:
        return True
    if any(c.lower_ in {"%", "percent", "per", "cent"} for c in tok.children):
        return True
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in {
        "%",
        "percent",
        "year-old",
        "years",
        "year",
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "metres",
        "meters",
        "hours",
        "days",
    }:
        return True
    prev = tok.nbor(-1) if tok.i > 0 else None
    return prev is not None and (
        prev.lower_ in {"$", "€", "£", "no", "no.", "number", "aged", "age"} or prev.is_currency
    )


def _noun_key(noun: Token, terms: _Terms) -> str | None:
    lemma = noun.lemma_.lower()
    for child in noun.children:
        if child.dep_ in {"amod", "compound"}:
            key = terms.nouns.get(f"{child.lemma_.lower()} {lemma}") or terms.nouns.get(
                f"{child.lower_} {noun.lower_}"
            )
            if key:
                return key
    return terms.nouns.get(lemma) or terms.nouns.get(noun.lower_)


def _verb_key(noun: Token, terms: _Terms) -> tuple[str, str] | None:
    """(key, role) of the verb the counted noun hangs from, if the noun plays the role the verb needs."""
    # A reduced or full relative clause on the noun: "12 people killed in the attack", "who were held";
    # one that only says what they were doing ("18 students who were protesting") yields to a verb of
    # dead, injured or arrested the noun hangs from ("police arrested 18 students who were protesting").
    told: tuple[str, str] | None = None
    for child in noun.children:
        if child.dep_ in {"acl", "relcl"}:
            hit = terms.verbs.get(child.lemma_.lower())
            if hit and (
                hit[1] == "obj" and (child.tag_ == "VBN" or child.dep_ == "relcl") or hit[1] == "subj"
            ):
                if hit[0] in VICTIM_KEYS:
                    return hit
                told = told or hit
                continue
            adj = terms.adjs.get(child.lemma_.lower()) or terms.adjs.get(child.lower_)
            if adj:
                return adj, "obj"
    governing = _governing_verb_key(noun, terms)
    if told is not None and (governing is None or governing[0] not in VICTIM_KEYS):
        return told
    return governing


def _governing_verb_key(noun: Token, terms: _Terms) -> tuple[str, str] | None:
    """(key, role) of the verb the counted noun is an argument of."""
    anchor = noun
    while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
        anchor = anchor.head
    dep, verb = anchor.dep_, anchor.head
    if dep == "pobj":
        prep = verb
        if prep.dep_ == "agent" or prep.lower_ == "by":
            return None  # "by 40 police": the doers
        return None
    if verb.i == anchor.i:
        return None
    lemma = verb.lemma_.lower()
    # "were injured" parsed as be + adjective
    if verb.pos_ == "AUX" or lemma == "be":
        for child in verb.children:
            if child.dep_ in {"acomp", "attr", "oprd"}:
                key = terms.adjs.get(child.lower_) or terms.adjs.get(child.lemma_.lower())
                if key and dep in _SUBJ:
                    return key, "obj"
        return None
    # phrasal verbs: "shoot dead", "round up"
    for child in verb.children:
        if child.dep_ in {"prt", "oprd", "acomp"}:
            hit = terms.verbs.get(f"{lemma} {child.lower_}")
            if hit:
                lemma = f"{lemma} {child.lower_}"
                break
    hit = terms.verbs.get(lemma)
    if hit is None:
        key = terms.adjs.get(verb.lower_)
        return (key, "obj") if key and dep in _SUBJ else None
    key, role = hit
    if role == "subj":
        return hit if dep in _SUBJ else None
    if dep in _OBJ:
        return hit
    if dep in _SUBJ:
        # "40 wounded" (a headline's reduced passive): a subject is the victim only when the verb has
        # no object and no auxiliary of its own; otherwise it is the doer ("gunmen killed 3").
        has_object = any(c.dep_ in {"dobj", "obj", "ccomp"} for c in verb.children)
        has_aux = any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
        if not has_object and not has_aux and verb.tag_ in {"VBN", "VBD"}:
            return hit
    return None


def _toll_key(num: Token) -> str | None:
    """ "The death toll rose to 164", "a death toll of 164", "the toll is 164"."""
    node = num
    for _ in range(3):
        head = node.head
        if head.i == node.i:
            break
        if head.lemma_.lower() == _TOLL:
            return "dead"
        for child in head.children:
            if child.lemma_.lower() == _TOLL and child.dep_ in _SUBJ:
                return "dead"
        node = head
    return None


def _classify(num: Token, terms: _Terms) -> str | None:
    # 1. said of the number itself: "12 dead"
    for child in num.children:
        if child.dep_ in {"amod", "acomp", "appos"}:
            key = terms.adjs.get(child.lower_) or terms.adjs.get(child.lemma_.lower())
            if key:
                return key
    head = num.head
    if num.dep_ == "nummod" and head.i != num.i and head.pos_ == "ADJ":
        key = terms.adjs.get(head.lower_) or terms.adjs.get(head.lemma_.lower())
        if key:
            return key  # "left 9 dead", with the adjective taken for the head of the phrase
    if num.dep_ in {"dobj", "obj"}:
        for child in head.children:
            if child.dep_ == "oprd" and child.i > num.i:
                key = terms.adjs.get(child.lower_) or terms.adjs.get(child.lemma_.lower())
                if key:
                    return key  # "left 9 dead": what the verb leaves the count
    # 2./3. the counted noun, and the token that links the count to its verb
    noun: Token | None = None
    carrier = num
    if num.dep_ == "nummod" and num.head.i != num.i:
        noun = carrier = num.head  # "12 people were killed"
        for child in noun.children:
            if child.dep_ == "amod":
                key = terms.adjs.get(child.lower_) or terms.adjs.get(child.lemma_.lower())
                if key:
                    return key  # "8 dead miners", "40 wounded protesters"
    else:
        for child in num.children:
            if child.dep_ == "prep" and child.lower_ == "of":  # "12 of the protesters were killed"
                noun = next((c for c in child.children if c.dep_ == "pobj"), None)
                break
    verb_hit = _verb_key(carrier, terms)
    if verb_hit and verb_hit[0] in {"dead", "injured", "arrested"}:
        return verb_hit[0]
    noun_key = _noun_key(noun, terms) if noun is not None else None
    if noun_key:
        return noun_key
    if verb_hit:
        return verb_hit[0]  # 4. "5,000 people rallied"
    # 5. a death toll
    return _toll_key(num)


@dataclass(frozen=True, slots=True)
class Count:
    """One count a sentence gives: the token that heads its number phrase, its key and its value."""

    token: int  # index in the document of the number phrase's head
    key: str
    value: int


def size_counts(sent: Span) -> list[Count]:
    """Every count the sentence gives, in the order it gives them (see the module's text)."""
    terms = _terms()
    out: list[Count] = []
    for tok in sent:
        if not _is_phrase_head(tok) or _excluded(tok):
            continue
        phrase = _number_phrase(tok)
        value = parse_number(phrase)
        if value is None or (len(phrase) == 4 and phrase.isdigit() and 1800 <= value <= 2100):
            continue  # not exact, or a bare year the entity recogniser missed
        key = _classify(tok, terms)
        if key is not None:
            out.append(Count(tok.i, key, value))
    return out


def size_of(counts: Iterable[Count]) -> dict[str, int]:
    """Counts by key; of two counts for one key, the larger."""
    out: dict[str, int] = {}
    for c in counts:
        out[c.key] = max(out.get(c.key, 0), c.value)
    return out


def merge_sizes(a: dict[str, int] | None, b: dict[str, int] | None) -> dict[str, int] | None:
    """Two sizes of one event as one: every key either gives, the larger value where both do."""
    out = dict(a or {})
    for key, value in (b or {}).items():
        out[key] = max(out.get(key, 0), value)
    return out or None


def extract_size(sent: Span, within: Collection[int] | None = None) -> dict[str, int]:
    """The counts one sentence gives, by key (``dead``, ``injured``, ``arrested``, ``troops``,
    ``participants``); empty when it gives none. ``within``: only the counts whose number heads a
    token of these indices (the clause of one event)."""
    counts = size_counts(sent)
    return size_of(c for c in counts if within is None or c.token in within)
