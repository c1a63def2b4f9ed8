"""The names a report uses: every person, organisation and place it mentions, with the fullest form the
report itself gives for each.

Persons come from the resolver's person registry (a bare "Tokayev" takes the full name and office the
report gave earlier or later), organisations and countries from the actor lexicon ("the CSTO" ->
"Collective Security Treaty Organization"), other places from the gazetteer ("Alma-Ata" -> "Almaty").
An acronym the report defines takes the name it stands for ("ADF" -> "Allied Democratic Forces"). A
person's name leaves out titles and ranks ("General Ali Hassan" -> "Ali Hassan"); a word in capitals
that is a place or an organisation's acronym ("BATKEN") is never a person.
Linking the names of different reports is the merge step's work (:mod:`nestor.merge.entities`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from ..models import NameMention
from ..resolve import lexical
from ..resolve.actors import ActorResolver, DocContext
from ..resolve.places import Gazetteer
from ..resolve.toponyms import place_in

LEXICON_TYPES = {"country": "PLACE", "capital": "PLACE", "org": "ORG", "metonym": "ORG"}
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def document_mentions(
    doc: Doc, ctx: DocContext, resolver: ActorResolver, gazetteer: Gazetteer
) -> list[NameMention]:
    """The name mentions of a parsed document, in text order, each span at most once."""
    sequence = {sent.start: n for n, sent in enumerate(doc.sents, start=1)}
    taken: set[int] = set()
    out: list[NameMention] = []

    def seq_of(span: Span) -> int:
        return sequence.get(span.sent.start, 0)

    def add(
        span: Span, type_: str, name: str, code: str | None, sector: str | None, office=None, geo=None
    ) -> None:
        if any(i in taken for i in range(span.start, span.end)):
            return
        taken.update(range(span.start, span.end))
        if type_ == "PLACE":  # its GeoNames id and level as the toponym resolver reads it in context
            geo = place_in(doc, span.start_char, span.end_char, code) or geo
        out.append(
            NameMention(
                *(seq_of(span), span.start_char, span.end_char, span.text, type_, name, code, sector, office),
                geonameid=geo.geonameid if geo else None,
                geo_precision=geo.geo_precision if geo else None,
            )
        )

    # 1. lexicon names: organisations, countries, capitals (each lexicon match once)
    seen: set[int] = set()
    for m in ctx.mentions.values():
        if id(m) in seen:
            continue
        seen.add(id(m))
        e = next((x for x in m.entries if x.kind in LEXICON_TYPES), None)
        if e is None:
            continue
        span = doc[m.start : m.end]
        if e.kind == "capital":  # the place the text means ("Georgetown, Ky."), else the capital
            place = place_in(doc, span.start_char, span.end_char) or gazetteer.lookup(span.text, e.code)
            code = place.country_code if place else e.code
            add(span, "PLACE", place.name if place else span.text, code, None, geo=place)
        elif e.kind == "country":
            add(span, "PLACE", e.canonical, e.code, None, geo=gazetteer.country_by_iso3(e.code or ""))
        else:
            add(span, "ORG", e.canonical, e.code, e.sector)
    # 2. persons: the registry knows the full name, country, sector and office a report gives
    for tok in doc:
        if tok.i in taken or not resolver.is_person_head(tok, ctx):
            continue
        span = resolver.person_name(tok, ctx)
        if span is None or not _looks_like_person(span):
            continue
        known = ctx.persons.get(span.text.lower()) or ctx.persons.get(tok.lower_)
        if known is not None:
            add(span, "PERSON", known.identifier_text or span.text, known.code, known.sector, known.office)
        elif tok.ent_type_ == "PERSON" and not _not_a_person(span, gazetteer, ctx):
            add(span, "PERSON", span.text, None, None)
    # 3. what the parser names that the lexicon and the registry do not
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            ent = _without_titles(ent, ctx)
        text = ent.text.strip()
        if not text or not text[:1].isupper():
            continue
        single = ent.label_ == "PERSON" and len(ent) == 1
        if single and (ent[0].is_upper or text.lower() not in ctx.persons):
            # "BATKEN", "ADF": a word in capitals is a place or an acronym before it is a person; so is one
            # word the parser calls a person that the gazetteer knows and the report never describes
            # as a person ("Zhanaozen")
            entries = resolver.lex.lookup(text)
            org = next((e for e in entries if e.kind in LEXICON_TYPES), None)
            place = gazetteer.lookup(text, ctx.focus_country)
            if org is not None:
                add(ent, LEXICON_TYPES[org.kind], org.canonical, org.code, org.sector)
            elif place is not None:
                add(ent, "PLACE", place.name, place.country_code, None, geo=place)
            if org is not None or place is not None or resolver.is_place_name(text):
                continue
        if ent.label_ in PLACE_LABELS:
            place = place_in(doc, ent.start_char, ent.end_char) or gazetteer.lookup(text, ctx.focus_country)
            if place is not None:
                add(ent, "PLACE", place.name, place.country_code, None, geo=place)
        elif ent.label_ == "ORG":
            name = text[4:] if text.lower().startswith("the ") else text
            place = gazetteer.lookup(name, ctx.focus_country) if _place_like(ent) else None
            if place is not None:
                # "Bawku", which the parser calls an organisation
                add(ent, "PLACE", place.name, place.country_code, None, geo=place)
            elif not _common_words(ent, resolver):
                add(ent, "ORG", name, None, None)
        elif ent.label_ == "PERSON" and not _not_a_person(ent, gazetteer, ctx):
            add(ent, "PERSON", text, None, None)
    out.sort(key=lambda m: m.start)
    return out


def _not_a_person(span: Span, gazetteer: Gazetteer, ctx: DocContext) -> bool:
    """One word the parser calls a person that the report never describes as one and that is a place the
    gazetteer knows ("Zhanaozen") or a common noun ("Gunfire" opening a sentence)."""
    if len(span) != 1 or span.text.lower() in ctx.persons:
        return False
    word = span.text
    if gazetteer.lookup(word, ctx.focus_country) is not None:
        return True
    # happenings, never surnames (a thing could be one: "Hammer", "Brown")
    return not span[0].is_upper and lexical.noun_class(word.lower()) in ("act", "event", "phenomenon")

def _place_like(ent: Span) -> bool:
    """A name that may be a place the parser took for an organisation: title-case words, no
    organisation word ("Bawku", "Nueva Esperanza"; not "Bawku Traders Union")."""
    words = [t for t in ent if t.lower_ != "the"]
    return 0 < len(words) <= 3 and all(t.is_title and lexical.noun_class(t.lower_) is None for t in words)


def _common_words(ent: Span, resolver: ActorResolver) -> bool:
    """An "organisation" that is one ordinary word ("State", "Defence", "Interior"): a piece of a longer
    name the parser cut, or a capitalised common noun, never an actor of its own."""
    words = [t for t in ent if t.lower_ != "the"]
    if len(words) != 1:
        return False
    low = words[0].lower_
    return lexical.noun_class(low) is not None or bool(resolver.lex.sector_of(low)) or words[0].is_stop


def _without_titles(ent: Span, ctx: DocContext) -> Span:
    """A person's name without the titles and ranks before it ("General Ali Hassan" -> "Ali Hassan")."""
    start = ent.start
    while start < ent.end:
        m = ctx.mentions.get(start)
        if m is None or not any(e.kind == "title" or e.org_kind == "person" for e in m.entries):
            break
        start = m.end
    span = ent.doc[min(start, ent.end) : ent.end]
    return Span(ent.doc, span.start, span.end, label=ent.label_) if len(span) else span


def _looks_like_person(span: Span) -> bool:
    """A name the parser calls a person, or one of two or more capitalised words ("Stanislav Zas")."""
    if any(t.ent_type_ == "PERSON" for t in span):
        return True
    words = [t for t in span if t.is_alpha]
    return len(words) >= 2 and all(t.is_title for t in words) and not any(t.ent_type_ for t in words)
