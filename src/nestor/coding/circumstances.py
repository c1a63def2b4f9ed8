"""When, where and about what: an event's date, place and PLOVER contexts, read from its sentence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

from spacy.tokens import Span, Token

from ..models import EventRecord, Place, ResolvedDate
from ..nlp.spans import entities_in
from ..resolve import lexical
from ..resolve.actors import DocContext
from ..resolve.dates import resolve_date
from ..resolve.places import Gazetteer
from ..resolve.sizes import Count, size_counts, size_of
from ..resolve.toponyms import demonym_place_at, place_at
from .candidates import Candidate
from .clauses import ClauseMap
from .ontology import DATA, read_tsv, read_words

LOCATION_PREPS = frozenset(
    {"in", "at", "near", "throughout", "across", "outside", "inside", "around", "into", "over"}
)
DEMONYM_PREPS = LOCATION_PREPS | {"on", "along", "within"}  # "on Kenyan soil", "along the Afghan border"


@lru_cache(maxsize=1)
def place_nouns() -> frozenset[str]:
    """Nouns of place (``data/coding/place_nouns.txt``): "the city of Basra", "the capital Juba"."""
    return read_words(DATA / "place_nouns.txt")


@lru_cache(maxsize=1)
def context_terms() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_tsv(DATA / "contexts.tsv") if len(row) >= 2}


def event_date(
    tok: Token,
    sent: Span,
    published: dt.date | None,
    realis: str,
    clauses: ClauseMap | None = None,
    governors: Sequence[Token] = (),
) -> ResolvedDate | None:
    """The date of the event ``tok`` triggers: a date expression of its own clause (one attached to the
    trigger or its clause's head first), else of the other clauses of its happening, of a clause dated
    with it, or one no other trigger's clause holds (:class:`.clauses.ClauseMap`); else the publication
    date. ``clauses``: the clauses of the sentence's triggers (``tok``'s alone when not given)."""
    tense = "future" if realis == "planned" else "past"
    clauses = clauses or ClauseMap(sent, [tok])
    roots = {e.root.i: e for e in entities_in(sent) if e.label_ in ("DATE", "TIME")}
    for root in clauses.date_tiers(tok, [e.root for e in roots.values()], governors):
        r = resolve_date(roots[root.i].text, published, tense)
        if r is not None:
            return r
    if published is not None:
        return ResolvedDate(published.isoformat(), "day", None)
    return None


def event_size(tok: Token, clauses: ClauseMap, counts: Sequence[Count]) -> dict[str, int] | None:
    """The counts of the event ``tok`` triggers, of a sentence's ``counts`` (:func:`.sizes.size_counts`):
    those of the clauses of its happening and those no trigger's clause holds."""
    mine = set(clauses.counted(tok, [c.token for c in counts]))
    return size_of(c for c in counts if c.token in mine) or None


def _name_span(tok: Token) -> Span:
    doc = tok.doc
    start = tok.i
    while (
        start > tok.sent.start
        and (doc[start - 1].dep_ == "compound" or doc[start - 1].text == "-")
        and doc[start - 1].head.i in (tok.i, start)
    ):
        start -= 1
    return doc[start : tok.i + 1]


class PlaceFinder:
    def __init__(self, gazetteer: Gazetteer, speech_verbs: frozenset[str] = frozenset()) -> None:
        self.gazetteer = gazetteer
        self.speech_verbs = speech_verbs  # lemmas of verbs of saying: their subject tells the news

    def place_of(self, tok: Token, ctx: DocContext) -> Place | None:
        span = _name_span(tok)
        resolved = place_at(tok)  # the document's places resolved in context (resolve/toponyms.py)
        if resolved is not None:
            return resolved
        country = self._country_named(tok, ctx, span.start)
        if country is not None:
            return country
        near = _sentence_countries(tok.sent, ctx)
        names = [span.text]
        if len(span) == 1 or lexical.noun_class(tok.lower_) is None:
            names.append(tok.text)  # not "University" for "Cumhuriyet University"
        for text in dict.fromkeys(names):
            cands = self.gazetteer.candidates(text)
            if cands:
                # a place in a country the sentence names beats a bigger namesake elsewhere
                # ("the Iraqi city of Basra", "Tripoli" in a report on Lebanon)
                for c in (*near, ctx.focus_country):
                    hit = next((p for p in cands if c and p.country_code == c), None)
                    if hit is not None:
                        return hit
                return cands[0]
        m = ctx.mentions.get(tok.i)
        if m is not None:
            e = m.first("country")
            if e is not None and e.code:
                return self.gazetteer.country_by_iso3(e.code) or Place(e.canonical, e.code, feature="country")
        return None

    def _country_named(self, tok: Token, ctx: DocContext, start: int | None = None) -> Place | None:
        """The country a name names ("from Panama", "in Mexico"), not a namesake city elsewhere."""
        m = ctx.mentions.get(tok.i)
        if m is None or m.start > (tok.i if start is None else start):
            return None
        country = m.first("country")
        if country is None or not country.code:
            return None
        return self.gazetteer.country_by_iso3(country.code) or Place(
            country.canonical, country.code, feature="country"
        )

    def event_place(self, tok: Token, ctx: DocContext) -> Place | None:
        """A place attached to the trigger by a locative preposition ("clashes in Almaty")."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in DEMONYM_PREPS:
                for gc in c.children:
                    if gc.dep_ == "pobj" and gc.pos_ == "PROPN" and c.lower_ in LOCATION_PREPS:
                        p = self.place_of(gc, ctx)
                        if p is not None:
                            return p
                    elif gc.dep_ == "pobj" and gc.pos_ == "NOUN":
                        p = _demonym_place(gc)  # "struck targets on Syrian territory"
                        if p is not None:
                            return p
        return None

    def sentence_place(self, sent: Span, ctx: DocContext) -> Place | None:
        """The most specific place the sentence locates something in (a city beats a country). A place
        in the phrase of whoever tells the news ("relief officials in Nairobi said") is where the teller
        is, not where the event is: it counts only where the sentence names no other place."""
        best: Place | None = None
        told_from: Place | None = None
        for tok in sent:
            if (
                best is None
                and tok.dep_ == "pobj"
                and tok.pos_ == "NOUN"
                and tok.head.lower_ in DEMONYM_PREPS
            ):
                p = _demonym_place(tok)  # "in Kenyan waters": the country, unless a named place follows
                if p is not None and not in_teller_phrase(tok, self.speech_verbs):
                    best = p
            if tok.dep_ == "appos" and tok.pos_ == "PROPN" and tok.head.dep_ == "pobj":
                tok_ok = tok.head.head.lower_ in LOCATION_PREPS  # "in the former capital, Alma-Ata"
            else:
                tok_ok = tok.pos_ == "PROPN" and (
                    (tok.dep_ == "pobj" and tok.head.lower_ in LOCATION_PREPS)
                    or _named_place(tok)
                    or _names_its_place_noun(tok)
                )
            if tok_ok and tok.ent_type_ not in ("DATE", "TIME"):  # "in March" is no town in England
                p = self.place_of(tok, ctx)
                if p is None:
                    continue
                if in_teller_phrase(tok, self.speech_verbs):
                    told_from = told_from or p
                elif best is None or (best.feature == "country" and p.feature != "country"):
                    best = p
        if best is not None:
            return best
        whose: Place | None = None
        for ent in entities_in(sent):  # not sent.ents: it walks the whole document
            if _main_subject(ent.root) or any(t.i in ctx.non_places for t in ent):
                continue  # the actor ("Moscow said …"), a body's base ("Lima-based"), a person's name
            if ent.label_ not in ("GPE", "LOC", "FAC"):
                continue
            p = (
                self._country_named(ent.root, ctx)
                or place_at(ent.root)
                or self.gazetteer.lookup(ent.text, ctx.focus_country)
            )
            if p is None:
                continue
            if in_teller_phrase(ent.root, self.speech_verbs):
                told_from = told_from or p
            elif not _nationality_of(ent.root, ctx):
                return p
            whose = whose or p  # "US servicemen", "Sudan's government": whose, before where
        return whose or told_from


def _demonym_place(noun: Token) -> Place | None:
    """The country a nationality adjective before a noun of place names ("Syrian territory", "the
    Afghan border"), as the toponym resolver reads it."""
    for c in noun.children:
        if c.i < noun.i and c.dep_ in ("amod", "compound", "nmod"):
            p = demonym_place_at(c)
            if p is not None:
                return p
    return None


def _named_place(tok: Token) -> bool:
    """The name in "the city of Basra", "the town of Bunia": an "of" phrase on a noun of place."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return False
    noun = tok.head.head
    return noun.pos_ == "NOUN" and noun.lemma_.lower() in place_nouns()


def _names_its_place_noun(tok: Token) -> bool:
    """The name before a noun of place after a locative preposition ("in Montenegro province", "in
    the Helmand region")."""
    noun = tok.head
    return (
        tok.dep_ == "compound"
        and noun.lemma_.lower() in place_nouns()
        and noun.dep_ == "pobj"
        and noun.head.lower_ in LOCATION_PREPS
    )


def in_teller_phrase(tok: Token, speech_verbs: frozenset[str]) -> bool:
    """Whether ``tok`` sits in the subject of a verb of saying that reports a clause ("relief officials
    in Nairobi said", "…, police in Kabul said")."""
    t = tok
    for _ in range(8):
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.lemma_.lower() in speech_verbs:
            return any(c.dep_ in ("ccomp", "parataxis") for c in t.head.children) or t.head.dep_ in (
                "parataxis",
                "ccomp",
            )
        if t.head is t:
            return False
        t = t.head
    return False


def _nationality_of(tok: Token, ctx: DocContext) -> bool:
    """A country name that qualifies a person or group ("US servicemen", "Pakistan President Zia"):
    it says whose they are, not where anything happens."""
    if tok.dep_ not in ("compound", "amod", "nmod", "poss"):
        return False
    head = tok.head
    if head.pos_ == "PROPN":
        return head.ent_type_ == "PERSON" or any(
            (m := ctx.mentions.get(t.i)) is not None and m.first("title", "sector") is not None
            for t in head.doc[tok.i + 1 : head.i + 1]
        )
    return head.pos_ == "NOUN" and lexical.noun_class(head.lemma_.lower()) in ("person", "group")


def _main_subject(tok: Token) -> bool:
    """The subject of the sentence's own verb ("Italy announced …", "Italy announced …, a paper
    reported"), not of a clause it demands or reports ("… demanded that Israel ease …")."""
    verb = tok.head
    if tok.dep_ != "nsubj":
        return False
    return verb.dep_ in ("ROOT", "conj") or (verb.dep_ == "ccomp" and verb.head.i > verb.i)


def _sentence_countries(sent: Span, ctx: DocContext) -> list[str]:
    out: list[str] = []
    for t in sent:
        m = ctx.mentions.get(t.i)
        if m is not None and m.start == t.i:
            e = m.first("country", "adjective", "capital")
            if e is not None and e.code and e.code not in out:
                out.append(e.code)
    return out


def sentence_contexts(sent: Span, extra: str | None) -> list[str]:
    terms = context_terms()
    out: list[str] = [c for c in (extra or "").split("|") if c]
    lemmas = [t.lemma_.lower() for t in sent]
    for i, lemma in enumerate(lemmas):
        found = terms.get(lemma)
        if found:
            out.append(found)
        if i + 1 < len(lemmas):
            found = terms.get(f"{lemma} {lemmas[i + 1]}")
            if found:
                out.append(found)
    return out


def date_and_size(
    events: Sequence[tuple[Token, Sequence[Token], EventRecord]],
    sent: Span,
    published: dt.date | None,
    candidates: Sequence[Candidate] = (),
) -> None:
    """Sets the date and size of each of a sentence's records, given as (trigger, the verbs that govern
    an event noun, record), from its trigger's own clause among the clauses of all the sentence's event
    candidates (those coded and those that are not: a clause with a trigger tells an event of its own)."""
    triggers = {t.i: t for t in [*(tok for tok, _g, _r in events), *(c.token for c in candidates)]}
    clauses = ClauseMap(sent, list(triggers.values()))
    counts = size_counts(sent)
    for tok, governors, rec in events:
        date = event_date(tok, sent, published, rec.modality.get("realis", "actual"), clauses, governors)
        rec.date = date.value if date else None
        rec.date_precision = date.precision if date else None
        rec.size = event_size(tok, clauses, counts)
