"""When, where and about what: an event's date, place and PLOVER contexts, read from its sentence."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from spacy.tokens import Span, Token

from ..models import Place, ResolvedDate
from ..nlp.spans import entities_in
from ..resolve.actors import DocContext
from ..resolve.dates import resolve_date
from ..resolve.places import Gazetteer
from .ontology import DATA, read_tsv

LOCATION_PREPS = frozenset(
    {"in", "at", "near", "throughout", "across", "outside", "inside", "around", "into", "over"}
)


@lru_cache(maxsize=1)
def context_terms() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_tsv(DATA / "contexts.tsv") if len(row) >= 2}


def event_date(tok: Token, sent: Span, published: dt.date | None, realis: str) -> ResolvedDate | None:
    """The date expression nearest to the trigger (its own subtree first), else the publication date."""
    tense = "future" if realis == "planned" else "past"
    ents = [e for e in entities_in(sent) if e.label_ in ("DATE", "TIME")]
    subtree = {t.i for t in tok.subtree}
    ranked = sorted(
        ents, key=lambda e: (e.root.i not in subtree and e.root.head.i != tok.i, abs(e.root.i - tok.i))
    )
    for e in ranked:
        r = resolve_date(e.text, published, tense)
        if r is not None:
            return r
    if published is not None:
        return ResolvedDate(published.isoformat(), "day", None)
    return None


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
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def place_of(self, tok: Token, ctx: DocContext) -> Place | None:
        span = _name_span(tok)
        near = _sentence_countries(tok.sent, ctx)
        for text in dict.fromkeys((span.text, tok.text)):
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

    def event_place(self, tok: Token, ctx: DocContext) -> Place | None:
        """A place attached to the trigger by a locative preposition ("clashes in Almaty")."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in LOCATION_PREPS:
                for gc in c.children:
                    if gc.dep_ == "pobj" and gc.pos_ == "PROPN":
                        p = self.place_of(gc, ctx)
                        if p is not None:
                            return p
        return None

    def sentence_place(self, sent: Span, ctx: DocContext) -> Place | None:
        """The most specific place the sentence locates something in (a city beats a country)."""
        best: Place | None = None
        for tok in sent:
            if tok.dep_ == "appos" and tok.pos_ == "PROPN" and tok.head.dep_ == "pobj":
                tok_ok = tok.head.head.lower_ in LOCATION_PREPS  # "in the former capital, Alma-Ata"
            else:
                tok_ok = tok.dep_ == "pobj" and tok.head.lower_ in LOCATION_PREPS and tok.pos_ == "PROPN"
            if tok_ok:
                p = self.place_of(tok, ctx)
                if p is not None and (best is None or (best.feature == "country" and p.feature != "country")):
                    best = p
        if best is None:
            for ent in entities_in(sent):  # not sent.ents: it walks the whole document
                if _main_subject(ent.root) or any(t.i in ctx.non_places for t in ent):
                    continue  # the actor ("Moscow said …"), a body's base ("Lima-based"), a person's name
                if ent.label_ in ("GPE", "LOC", "FAC"):
                    p = self.gazetteer.lookup(ent.text, ctx.focus_country)
                    if p is not None:
                        return p
        return best


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
