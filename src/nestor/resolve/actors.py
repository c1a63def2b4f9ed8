"""Actors: turning the noun phrase that fills an argument slot into PLOVER entities (country + sector).

The resolver works on a parsed document in two passes:

1. ``prepare(doc)`` marks every lexicon phrase (countries, demonyms, capitals, institutions,
   organisations, sector nouns, titles) once, and builds the document's *person registry*: every named
   person whose noun phrase or apposition gives a title or a nationality ("Kazakh President
   Kassym-Jomart Tokayev", "State Secretary of the Security Council of Belarus Alexander Volfovich",
   "his Belarusian counterpart Alexander Lukashenko") is registered under the full name and the
   surname, so that later bare mentions ("Tokayev") resolve. No list of office-holders is consulted.
2. ``resolve(token, ctx)`` resolves one argument head: conjunctions give compound actors, pronouns
   and relative pronouns follow their antecedents, capitals and institutions stand for their
   governments ("Moscow said", "the Kremlin"), demonyms and "of"/"from" phrases give the country,
   the head noun or the title gives the sector.

Nationality cues outrank context. A demonym ("the Peruvian minister"), a possessive ("Peru's foreign
minister"), an "of" phrase ("the president of Kenya"), a title with a country ("Brazilian President
Lula") or a base ("the Lima-based rights group": the group's own country) gives a person or body its
country; the place of the event, a dateline and the other party never do. Where nothing in the document
ties a named person to a country the code stays null (the coder does not fill it in either).

Entities are entities: a title is no part of a name ("General Ali Hassan": identifier "Ali Hassan",
office "general"); a dateline ("NAIROBI, Jan 5 (Reuters) -"), an all-capitals place name or an
organisation's acronym is no person; an acronym the document defines ("the Allied Democratic Forces
(ADF)") names the same organisation wherever it recurs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..coding.ontology import read_words
from ..models import Entity
from . import lexical
from .lexicon import ActorLexicon, LexEntry

NON_STATE = frozenset({"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"})
# argument-internal dependencies that do not belong to the phrase that names the actor
CUT_DEPS = frozenset(
    {
        "relcl",
        "acl",
        "advcl",
        "conj",
        "cc",
        "appos",
        "parataxis",
        "ccomp",
        "xcomp",
        "punct",
        "npadvmod",
        "det",
    }
)
OWNER_PREPS = frozenset({"of", "from"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
SPEAKER_PRONOUNS = frozenset({"i", "me", "my", "we", "us", "our", "myself", "ourselves"})
GROUP_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
STATE_WORDS = frozenset({"country", "state", "republic", "nation", "kingdom"})
# offices that belong to organisations rather than states
ORG_OFFICES = frozenset(
    {
        "secretary-general",
        "secretary general",
        "director-general",
        "director general",
        "high commissioner",
        "executive secretary",
        "commissioner",
        "special representative",
        "special envoy",
    }
)


def is_international_office(office: str | None) -> bool:
    """An office of an organisation rather than of a state ("special envoy", "UN Secretary-General")."""
    low = (office or "").lower()
    return any(low == o or low.startswith(o + " ") or low.endswith(" " + o) for o in ORG_OFFICES)


NONACTOR_HEADS = frozenset(
    ln.strip()
    for ln in (Path(__file__).resolve().parent.parent / "data" / "actors" / "nonactor_heads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if ln.strip() and not ln.startswith("#")
)
ACTOR_DATA = Path(__file__).resolve().parent.parent / "data" / "actors"
COURTESY_TITLES = read_words(ACTOR_DATA / "courtesy_titles.txt")  # no office: "Mr", "Dr", "Sir"
QUANTITY = frozenset(
    {
        "score",
        "dozen",
        "hundred",
        "thousand",
        "million",
        "number",
        "group",
        "some",
        "many",
        "most",
        "all",
        "member",
        "part",
        "majority",
        "handful",
        "one",
        "two",
        "three",
        "several",
        "few",
        "both",
    }
)


@dataclass
class Mention:
    """A lexicon phrase found in the document."""

    start: int
    end: int
    entries: tuple[LexEntry, ...]

    def first(self, *kinds: str) -> LexEntry | None:
        return next((e for e in self.entries if e.kind in kinds), None)


@dataclass
class DocContext:
    """What the resolver knows about one document."""

    doc: Doc
    mentions: dict[int, Mention] = field(default_factory=dict)  # token index -> mention covering it
    persons: dict[str, Entity] = field(default_factory=dict)  # lowercase name / surname -> entity
    focus_country: str | None = None
    last_person: Entity | None = None
    last_group: Entity | None = None
    speaker: Entity | None = None  # who speaks the quotation of the current sentence
    datelines: set[int] = field(default_factory=set)  # tokens of a dateline ("NAIROBI, Jan 5 (Reuters) -")
    # tokens that look like place names but name no place of an event: the base of an organisation
    # ("the Lima-based group") and place names inside a person's name ("Victoria Adams")
    non_places: set[int] = field(default_factory=set)


class ActorResolver:
    def __init__(
        self,
        lexicon: ActorLexicon,
        speech_verbs: frozenset[str] = frozenset(),
        place_country: Callable[[str], str | None] | None = None,
    ) -> None:
        self.lex = lexicon
        self.speech_verbs = speech_verbs
        # the country of a place name the gazetteer knows (None: no gazetteer, places are not checked)
        self.place_country = place_country
        # the countries that have a place of a name (None: no gazetteer)
        self.place_countries: Callable[[str], set[str]] | None = None
        self._owner_depth = 0  # guards the antecedent search of "its" against cycles
        self._country_words: dict[str, tuple[LexEntry, ...]] | None = None  # for misspelt names

    # ------------------------------------------------------------------ document pass
    def prepare(self, doc: Doc) -> DocContext:
        ctx = DocContext(doc)
        words = [t.text for t in doc]
        i = 0
        countries: Counter[str] = Counter()
        while i < len(words):
            n, entries = self.lex.longest_match(words, i)
            if n:
                m = Mention(i, i + n, tuple(entries))
                for j in range(i, i + n):
                    ctx.mentions[j] = m
                e = m.first("country", "adjective", "capital")
                if e and e.code:
                    countries[e.code] += 1
                i += n
            else:
                i += 1
        for tok in doc:
            if tok.i not in ctx.mentions and self._may_be_misspelt_country(tok):
                entries = self._misspelt_country(tok.lower_)
                if entries:
                    # "Ethopia", "Afganistan", "Quatar's emir": a country name one letter off
                    ctx.mentions[tok.i] = Mention(tok.i, tok.i + 1, entries)
                    if entries[0].code:
                        countries[entries[0].code] += 1
        if countries:
            ctx.focus_country = countries.most_common(1)[0][0]
        self._mark_acronyms(ctx)
        ctx.datelines = _dateline_tokens(doc)
        ctx.non_places.update(_base_tokens(doc))
        for sent in doc.sents:
            for tok in sent:
                if self.is_person_head(tok, ctx):
                    name = self.person_name(tok, ctx)
                    if not name:
                        continue
                    ctx.non_places.update(t.i for t in name if t.ent_type_ in ("GPE", "LOC"))
                    ent = self._describe(tok, ctx, register=False)
                    if ent is not None and (ent.code or ent.sector):
                        self._register(ctx, name, ent)
        return ctx

    def _may_be_misspelt_country(self, tok: Token) -> bool:
        """A capitalised name the parser calls a place, a nationality or an organisation that neither the
        lexicon nor the gazetteer knows, long enough that one letter off still says which country it is."""
        return (
            tok.pos_ == "PROPN"
            and tok.is_title
            and tok.is_alpha
            and len(tok) >= 6
            and tok.ent_type_ in ("GPE", "NORP", "LOC", "ORG")
            and not self.is_place_name(tok.text)
        )

    def _misspelt_country(self, word: str) -> tuple[LexEntry, ...]:
        """The lexicon entries of the one country name or demonym ``word`` is one edit away from
        (a letter dropped, added, changed or two swapped); none where several are."""
        if self._country_words is None:
            self._country_words = {}
            for key, entries in self.lex.items():
                states = tuple(e for e in entries if e.kind in ("country", "adjective"))
                if len(key) == 1 and len(key[0]) >= 5 and states:
                    self._country_words[key[0]] = states
        hits = {
            name: entries
            for name, entries in self._country_words.items()
            if abs(len(name) - len(word)) <= 1 and name[0] == word[0] and _one_edit(name, word)
        }
        codes = {e.code for entries in hits.values() for e in entries}
        return next(iter(hits.values())) if len(codes) == 1 else ()

    def _mark_acronyms(self, ctx: DocContext) -> None:
        """An acronym the document defines ("the Allied Democratic Forces (ADF)") names the organisation
        wherever it occurs. A full name the lexicon does not know becomes a document-local organisation
        when its initials spell the acronym ("the Coalition for Democratic Change (CDC)")."""
        doc = ctx.doc
        defined: dict[str, LexEntry] = {}
        for i in range(1, len(doc) - 2):
            if doc[i].text != "(" or doc[i + 2].text != ")" or not _is_acronym(doc[i + 1].text):
                continue
            acr = doc[i + 1].text
            m = ctx.mentions.get(i - 1)
            if m is not None and m.end == i:
                entry = m.first("org", "metonym")
                if entry is not None:
                    defined.setdefault(acr, entry)
                continue
            known = ctx.mentions.get(i + 1)
            known_org = known.first("org", "metonym") if known is not None else None
            span = _name_before(doc, i, None if known_org else acr)
            if span is None:
                continue
            if known_org is not None:
                # "the International Labor Office (ILO)": a spelling of an organisation the lexicon knows
                whole = Mention(span.start, span.end, (known_org,))
                for j in range(span.start, span.end):
                    ctx.mentions[j] = whole
                continue
            codes = {
                e.code
                for t in span
                if (mm := ctx.mentions.get(t.i)) is not None and (e := mm.first("country", "adjective"))
            }
            head = next((t for t in span if t.lower_ in NAME_LINKS), None)
            head_word = doc[head.i - 1] if head is not None and head.i > span.start else span[-1]
            entry = LexEntry(
                "org",
                codes.pop() if len(codes) == 1 else None,
                self.lex.sector_of(head_word.lemma_.lower()) or self.lex.sector_of(head_word.lower_),
                span.text,
                "document",
            )
            whole = Mention(span.start, span.end, (entry,))
            for j in range(span.start, span.end):
                ctx.mentions[j] = whole
            defined.setdefault(acr, entry)
        if not defined:
            return
        for tok in doc:
            entry = defined.get(tok.text)
            if entry is None:
                continue
            old = ctx.mentions.get(tok.i)
            if old is not None and old.end - old.start > 1:
                continue  # part of a longer name
            ctx.mentions[tok.i] = Mention(tok.i, tok.i + 1, (entry,))

    def _register(self, ctx: DocContext, name: Span, ent: Entity) -> None:
        full = name.text
        ent = replace(ent, identifier_text=full)
        keys = {full.lower(), name[-1].text.lower()}
        for key in keys:
            old = ctx.persons.get(key)
            if old is None or (old.code is None and ent.code) or (old.sector is None and ent.sector):
                ctx.persons[key] = ent

    # ------------------------------------------------------------------ persons
    def _lex_kind(self, tok: Token, ctx: DocContext) -> LexEntry | None:
        m = ctx.mentions.get(tok.i)
        return m.entries[0] if m else None

    def is_person_head(self, tok: Token, ctx: DocContext) -> bool:
        if tok.pos_ != "PROPN" or tok.dep_ in ("compound", "flat") or tok.i in ctx.datelines:
            return False
        m = ctx.mentions.get(tok.i)
        if m and any(e.kind in ("country", "capital", "org", "metonym", "adjective") for e in m.entries):
            return False
        if tok.ent_type_ in ("GPE", "LOC", "NORP", "FAC"):
            # "Lieutenant Colonel Mamadi Doumbouya": a surname the parser takes for a place, after a
            # given name or a title, that no gazetteer knows
            if not self._named_despite_label(tok, ctx):
                return False
        elif tok.ent_type_ in ("DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL"):
            return False
        if tok.ent_type_ == "ORG" and not _looks_like_name(tok):
            return False
        if any(e.kind == "sector" and e.org_kind == "body" for e in self.lex.lookup(tok.text)):
            return False  # the head of a body's name ("the Nigerian Union of Teachers"), no person
        if (
            tok.is_upper
            and len(tok.text) > 1
            and not any(c.dep_ in ("compound", "flat") for c in tok.children)
        ):
            # a lone word in capitals is a person's name only when it is no place and no acronym
            # ("BATKEN", "ADF")
            if self.is_place_name(tok.text) or self.lex.lookup(tok.text):
                return False
        return tok.is_title or tok.ent_type_ == "PERSON"

    def is_place_name(self, text: str) -> bool:
        """Whether the gazetteer (when the resolver has one) knows a place of this name."""
        return self.place_country is not None and self.place_country(text) is not None

    def _named_despite_label(self, tok: Token, ctx: DocContext) -> bool:
        if not tok.is_title or self.place_country is None or self.is_place_name(tok.text):
            return False
        for c in tok.children:
            if c.dep_ in ("compound", "flat") and c.i < tok.i:
                m = ctx.mentions.get(c.i)
                if c.ent_type_ == "PERSON" or (m is not None and m.first("title") is not None):
                    return True
        return False

    def person_name(self, tok: Token, ctx: DocContext) -> Span | None:
        """The name span around a person head: the run of capitalised name tokens ending at it."""
        doc = tok.doc
        start = tok.i
        j = tok.i - 1
        while j >= tok.sent.start:
            t = doc[j]
            m = ctx.mentions.get(j)
            if t.text in ("-", "‐") and j - 1 >= tok.sent.start and doc[j - 1].is_title:
                j -= 1
                continue
            hyphenated = j + 1 < tok.i and doc[j + 1].text in ("-", "‐")  # "Kassym-Jomart": one name
            # "Victoria Adams": a given name the parser takes for a place is part of the name
            given = t.ent_type_ == "GPE" and doc[j + 1].ent_type_ == "PERSON" and doc[j + 1].i <= tok.i
            if (
                t.pos_ == "PROPN"
                and t.is_title
                and not (m and m.entries)
                and t.i not in ctx.datelines
                and (t.ent_type_ not in ("GPE", "NORP") or hyphenated or given)
            ):
                start = j
                j -= 1
                continue
            break
        if doc[start].text in ("-", "‐"):
            start += 1
        end = tok.i + 1
        span = doc[start:end]
        if not span.text.strip() or span.text.lower() in ctx_stop_names:
            return None
        return span

    # ------------------------------------------------------------------ resolution
    def resolve(self, tok: Token, ctx: DocContext) -> list[Entity]:
        """Entities named by the argument headed by ``tok`` (several for a coordination)."""
        heads = [tok]
        heads.extend(c for c in tok.conjuncts if c.i > tok.i and c.pos_ in ("NOUN", "PROPN", "PRON"))
        out: list[Entity] = []
        for h in heads:
            out.extend(self._resolve_one(h, ctx))
        seen: set[tuple[str | None, str | None, str | None]] = set()
        unique = []
        for e in out:
            key = (e.code, e.sector, e.identifier_text)
            if key not in seen:
                seen.add(key)
                unique.append(e)
        return unique

    def _resolve_one(self, tok: Token, ctx: DocContext) -> list[Entity]:
        low = tok.lower_
        if tok.pos_ == "PRON" or low in RELATIVE:
            if low in RELATIVE and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "poss"):
                ante = _relative_antecedent(tok)
                if ante is not None:
                    return self._resolve_one(ante, ctx)
                return []
            said_by = self._speech_antecedent(tok, ctx)
            if said_by is not None:
                # "Czechia and Albania have upgraded their ties, the agency said": both
                plural = low in PLURAL_PRONOUNS and any(c.i > said_by.i for c in said_by.conjuncts)
                ents = self.resolve(said_by, ctx) if plural else self._resolve_one(said_by, ctx)
                if ents:
                    return [replace(e, entity_text=tok.text) for e in ents]
            if low in PERSON_PRONOUNS and ctx.last_person is not None:
                return [replace(ctx.last_person, entity_text=tok.text)]
            if low in SPEAKER_PRONOUNS and ctx.speaker is not None:
                return [replace(ctx.speaker, entity_text=tok.text)]
            if low in GROUP_PRONOUNS and ctx.last_group is not None:
                return [replace(ctx.last_group, entity_text=tok.text)]
            return []
        if tok.lemma_.lower() in QUANTITY or tok.pos_ == "NUM":
            # "scores of refugees", "hundreds of protesters", "some of the rebels"
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for gc in c.children:
                        if gc.dep_ == "pobj":
                            return self._resolve_one(gc, ctx)
        if tok.pos_ == "ADP":
            # "sent troops to Kazakhstan" with "to" parsed as the dative: the object of the preposition
            objs = [c for c in tok.children if c.dep_ == "pobj"]
            return self._resolve_one(objs[0], ctx) if objs else []
        if tok.pos_ == "NOUN":
            # "his Belarusian counterpart Alexander Lukashenko": the person the title describes
            for a in tok.children:
                if a.dep_ == "appos" and a.i > tok.i and self.is_person_head(a, ctx):
                    ents = self._describe_all(a, ctx)
                    if ents:
                        return ents
        return self._describe_all(tok, ctx)

    def _speech_antecedent(self, tok: Token, ctx: DocContext) -> Token | None:
        """For a pronoun in reported speech ("Iran said it would…", "…, saying they had lost", "the
        minister was quoted as saying he…"), the subject of the verb of saying, when it agrees with the
        pronoun (:meth:`_agrees`). An actor that agrees and is the subject of a clause between the two,
        before the pronoun, is the closer antecedent ("Kenya said Uganda's army had crossed the border
        before it withdrew": the army)."""
        t = tok
        closer: Token | None = None
        for _ in range(10):
            h = t.head
            if h is t:
                return None
            if h.lemma_.lower() in self.speech_verbs and t.dep_ in ("ccomp", "xcomp", "parataxis", "advcl"):
                if closer is not None:
                    return closer
                subj = self._speaker_of(h)
                if subj is not None and subj is not tok and self._agrees(tok, subj, ctx):
                    return subj
                return None
            if closer is None and h.pos_ in ("VERB", "AUX") and tok.dep_ in ("nsubj", "nsubjpass", "poss"):
                # an object pronoun is not bound by the subject of its own clause ("…, calling them")
                closer = self._closer_subject(tok, h, ctx)
            t = h
        return None

    def _speaker_of(self, verb: Token) -> Token | None:
        """The (non-pronoun) subject of a verb of saying: its own, that of the verb it hangs from
        ("…, saying"), of the verb it complements ("was quoted as saying"), or the noun a relative
        subject stands for ("the army, which said…")."""
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and verb.dep_ in ("advcl", "conj", "xcomp"):
            subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if subj is None and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            # "X was quoted (by the agency) as saying": the subject of "quoted"
            host = verb.head.head
            subj = next((c for c in host.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.lower_ in RELATIVE and subj.lower_ != "that":
            subj = _relative_antecedent(subj)
        if subj is None or subj.pos_ == "PRON":
            return None
        return subj

    def _closer_subject(self, tok: Token, verb: Token, ctx: DocContext) -> Token | None:
        """The subject of ``verb`` (a clause of the reported speech that holds the pronoun) when it is an
        actor named before the pronoun, outside the pronoun's own phrase, that agrees with it."""
        for c in verb.children:
            if c.dep_ not in ("nsubj", "nsubjpass") or c is tok or c.i > tok.i or c.pos_ == "PRON":
                continue
            if tok.i in {t.i for t in c.subtree}:
                continue  # "the army it had sent": the pronoun sits inside the subject
            if (c.pos_ == "PROPN" or c.i in ctx.mentions) and self._agrees(tok, c, ctx):
                return c
        return None

    def _agrees(self, pron: Token, ante: Token, ctx: DocContext) -> bool:
        """Cheap number and gender agreement: "he"/"she" for a person or an office ("the prime
        minister"), "it" for a singular organisation, country or group noun, "they" for anything but a
        lone person; "I"/"we" for any speaker."""
        low = pron.lower_
        if low in SPEAKER_PRONOUNS:
            return True
        m = ctx.mentions.get(ante.i)
        person = self.is_person_head(ante, ctx) or (
            m is not None and any(e.org_kind == "person" for e in m.entries)
        )
        # "he"/"she" also for an office or a person noun ("the interior minister", "the spokeswoman");
        # "it" still for a body named by one ("the coast guard")
        office = ante.pos_ == "NOUN" and lexical.noun_class(ante.lemma_.lower()) == "person"
        plural = ante.tag_ in ("NNS", "NNPS") or any(c.i > ante.i for c in ante.conjuncts)
        if low in PERSON_PRONOUNS:
            return (person or office) and not plural
        if low in GROUP_PRONOUNS:
            return not person and not plural
        if low in PLURAL_PRONOUNS:
            return plural or not person
        return not person

    def _located_in(self, tok: Token, ctx: DocContext, preps: tuple[str, ...]) -> str | None:
        """The country (or capital's country) named by a ``preps`` phrase hanging from ``tok``."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for gc in c.children:
                    if gc.dep_ == "pobj":
                        e = self._country_entry(gc, ctx, states_only=True)
                        if e is not None and e.kind == "capital" and self._namesake(gc, e, ctx):
                            return None  # a place of the country the sentence names: the event's place
                        if e is not None and e.kind in ("country", "capital") and e.code:
                            return e.code
        return None

    def _namesake(self, tok: Token, capital: LexEntry, ctx: DocContext) -> bool:
        """Whether a capital's name, in a sentence that names another country but not the capital's own,
        may be that country's place of the same name ("militias in Tripoli as shells hit the north
        Lebanese port": Lebanon's Tripoli, not Libya's)."""
        if self.place_countries is None:
            return False
        named: set[str] = set()
        for t in tok.sent:
            m = ctx.mentions.get(t.i)
            e = m.first("country", "adjective") if m is not None and m.start == t.i else None
            if e is not None and e.code:
                named.add(e.code)
        if not named or capital.code in named:
            return False
        m = ctx.mentions[tok.i]
        return len(named & self.place_countries(ctx.doc[m.start : m.end].text)) == 1

    def owners(self, tok: Token, ctx: DocContext) -> list[Entity]:
        """Entities that own a non-actor noun: "North Korea's demand", "an Australian ultimatum",
        "calls by Belarus's rulers", "an offer from Afghanistan"."""
        out: list[Entity] = []
        for c in tok.children:
            if _stance_prefixed(c):
                continue
            if c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i):
                out.extend(self.resolve(c, ctx))
                if not out:
                    e = self._country_entry(c, ctx)
                    if e is not None and e.code:
                        name = self.lex.country_name(e.code) or e.canonical
                        out.append(Entity(e.code, "GOV" if e.kind != "org" else e.sector, c.text, name))
            elif c.dep_ == "prep" and c.lower_ in ("by", "from"):
                for gc in c.children:
                    if gc.dep_ == "pobj":
                        out.extend(self.resolve(gc, ctx))
        if any(e.code for e in out):
            # "a U.N. military presence": the body that owns it, not the sector word beside it
            out = [e for e in out if e.code]
        return out

    def _describe_all(self, tok: Token, ctx: DocContext) -> list[Entity]:
        """One entity per owner country when the modifiers name several ("Russian and Chinese troops")."""
        base = self._describe(tok, ctx, register=True)
        if base is None:
            return []
        extra_codes = self._coordinated_owner_codes(tok, ctx)
        if base.code and len(extra_codes) > 1 and base.code in extra_codes:
            return [replace(base, code=c, identifier_text=self.lex.country_name(c) or c) for c in extra_codes]
        return [base]

    def _owner_of_institution(
        self, tok: Token, head_m: Mention, tokens: list[Token], ctx: DocContext
    ) -> LexEntry | None:
        """A country or organisation that owns a generically named institution, written outside the
        institution's own name: a modifier before it or an "of" phrase after it."""
        for t in tokens:
            if head_m.start <= t.i < head_m.end:
                continue
            if (
                not (t.i < head_m.start and t.dep_ in ("compound", "amod", "poss", "nmod"))
                and t.dep_ != "pobj"
            ):
                continue
            m = ctx.mentions.get(t.i)
            if m is None or m is head_m:
                continue
            e = m.first("country", "adjective", "org")
            if e is not None and e.code:
                return e
        return None

    def _nearest_org(self, tok: Token, ctx: DocContext) -> LexEntry | None:
        best: tuple[int, LexEntry] | None = None
        for t in tok.sent:
            m = ctx.mentions.get(t.i)
            if m is None or m.start != t.i:
                continue
            e = m.first("org")
            if e is not None and e.code in NON_STATE:
                dist = abs(t.i - tok.i)
                if best is None or dist < best[0]:
                    best = (dist, e)
        return best[1] if best else None

    def _coordinated_owner_codes(self, tok: Token, ctx: DocContext) -> list[str]:
        codes: list[str] = []
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i:
                for t in [c, *c.conjuncts]:
                    if _stance_prefixed(t):
                        continue
                    e = self._country_entry(t, ctx, states_only=True)
                    if e and e.code and e.code not in codes:
                        codes.append(e.code)
            if c.dep_ == "prep" and c.lower_ in OWNER_PREPS:
                for gc in c.children:
                    if gc.dep_ == "pobj":
                        for t in [gc, *gc.conjuncts]:
                            e = self._country_entry(t, ctx, states_only=True)
                            if e and e.code and e.code not in codes:
                                codes.append(e.code)
        return codes

    def _country_entry(self, tok: Token, ctx: DocContext, states_only: bool = False) -> LexEntry | None:
        m = ctx.mentions.get(tok.i)
        if not m:
            return None
        if states_only:
            return m.first("country", "adjective", "capital")
        return m.first("country", "adjective", "capital", "org", "metonym")

    def _base_country(self, tok: Token, ctx: DocContext) -> tuple[str, str, Token] | None:
        """The country of the place a body is based in: "the Lima-based group", "a group based in Goma"."""
        for c in tok.children:
            places: list[Token] = []
            if c.lower_ == "based" and c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i:
                places = [t for t in c.children if t.i < c.i and t.pos_ == "PROPN"]
                if not places and c.i >= 2 and tok.doc[c.i - 1].text in ("-", "‐"):
                    places = [tok.doc[c.i - 2]]
            elif c.lower_.endswith("-based") and c.i < tok.i:
                places = [c]
            elif c.lower_ == "based" and c.dep_ in ("acl", "amod") and c.i > tok.i:
                places = [
                    gc
                    for p in c.children
                    if p.dep_ == "prep" and p.lower_ == "in"
                    for gc in p.children
                    if gc.dep_ == "pobj"
                ]
            for p in places:
                code = self._place_code(p, ctx)
                if code is not None:
                    return code, self.lex.country_name(code) or code, p if p.i < tok.i else tok
        return None

    def _place_code(self, tok: Token, ctx: DocContext) -> str | None:
        m = ctx.mentions.get(tok.i)
        if m is not None:
            e = m.first("country", "capital", "adjective")
            return e.code if e is not None else None
        if self.place_country is None:
            return None
        text = tok.text.split("-based")[0] if tok.lower_.endswith("-based") else tok.text
        return self.place_country(text)

    def _pronoun_owner(self, tok: Token, ctx: DocContext) -> tuple[str, str] | None:
        """The owner "its" or "their" stands for ("Russia said its troops …")."""
        if tok.pos_ == "PROPN" or self._owner_depth > 2:
            return None
        for c in tok.children:
            if c.dep_ == "poss" and c.lower_ in ("its", "their"):
                ante = self._speech_antecedent(c, ctx) or _clause_subject(tok)
                if ante is None or ante.i == tok.i:
                    return None
                self._owner_depth += 1
                try:
                    ents = self._resolve_one(ante, ctx)
                finally:
                    self._owner_depth -= 1
                for e in ents:
                    if e.code:
                        return e.code, e.identifier_text or self.lex.country_name(e.code) or e.code
        return None

    def _phrase_tokens(self, tok: Token) -> list[Token]:
        out: list[Token] = []

        def walk(t: Token, depth: int) -> None:
            out.append(t)
            if depth > 6:
                return
            for c in t.children:
                if c.dep_ in CUT_DEPS and not (c.dep_ == "npadvmod" and t.lemma_.lower() == "lead"):
                    continue  # kept: "Vietnamese-led forces", "the US-led coalition" (who leads them)
                if c.dep_ == "prep" and c.lower_ not in OWNER_PREPS:
                    continue
                walk(c, depth + 1)

        walk(tok, 0)
        return sorted(out, key=lambda t: t.i)

    def _describe(self, tok: Token, ctx: DocContext, register: bool) -> Entity | None:
        """The entity named by the phrase headed by ``tok`` (``None`` when it names no actor)."""
        tokens = self._phrase_tokens(tok)
        appos = [c for c in tok.children if c.dep_ == "appos"]
        for a in appos:
            tokens.extend(self._phrase_tokens(a))
        if tok.dep_ == "appos" and tok.head.pos_ in ("NOUN", "PROPN"):
            # "his Belarusian counterpart Alexander Lukashenko": the title phrase is the head
            inner = {t.i for t in tok.subtree}
            tokens.extend(t for t in self._phrase_tokens(tok.head) if t.i not in inner)
        head_m = ctx.mentions.get(tok.i)
        sector: str | None = None
        ident: str | None = None
        office: str | None = None
        # 1. the head itself names an organisation, institution, country or capital
        if head_m is not None:
            e = head_m.first("org", "metonym", "country", "capital", "adjective", "sector", "title")
            if e is not None and e.kind in ("org", "metonym"):
                if e.code is None and e.sector is None and e.org_kind == "document":
                    return None  # an organisation the document names that no lexicon describes
                # a user dictionary's name is coded as the user says, whatever owner the phrase names
                owner = None if e.org_kind == "user" else self._owner_of_institution(tok, head_m, tokens, ctx)
                if owner is not None:
                    # "the CSTO Collective Security Council", "the Security Council of Belarus"
                    return Entity(owner.code, e.sector or "GOV", _span_text(tok, head_m), owner.canonical)
                return Entity(e.code, e.sector, _span_text(tok, head_m), e.canonical)
            if e is not None and e.kind == "country":
                return Entity(e.code, "GOV", _span_text(tok, head_m), e.canonical)
            if e is not None and e.kind == "capital":
                return Entity(
                    e.code, "GOV", _span_text(tok, head_m), self.lex.country_name(e.code or "") or e.canonical
                )
            ethnic = any(c.lower_ == "ethnic" for c in tok.children)
            if e is not None and e.kind == "adjective" and ethnic:
                # "ethnic Albanians": a community, coded by the country where it lives (filled in later)
                return Entity(None, "CVL", _span_text(tok, head_m), None)
            if e is not None and e.kind == "adjective" and tok.tag_ in ("NNPS", "NNS"):
                # "the Palestinians", "Kazakhs": the people of a country; "the Albanians of southern
                # Serbia", "Hungarians in Romania": a community, coded by the country where it lives
                home = self._located_in(tok, ctx, ("of", "in"))
                if home is not None and home != e.code:
                    return Entity(home, "CVL", _span_text(tok, head_m), self.lex.country_name(home) or home)
                return Entity(
                    e.code, "CVL", _span_text(tok, head_m), self.lex.country_name(e.code or "") or e.canonical
                )
        person_name: Span | None = None
        if self.is_person_head(tok, ctx):
            person_name = self.person_name(tok, ctx)
            if person_name is not None:
                # the words just before a name describe it even when the parse detaches them
                # ("and his Belarusian counterpart Alexander Lukashenko recalled")
                have = {t.i for t in tokens}
                j = person_name.start - 1
                while j >= max(tok.sent.start, person_name.start - 5):
                    t = tok.doc[j]
                    if t.pos_ not in ("ADJ", "NOUN", "PROPN", "DET", "PRON") or t.dep_ in (
                        "nsubj",
                        "dobj",
                        "pobj",
                    ):
                        break
                    if t.i not in have:
                        tokens.append(t)
                    j -= 1
        # 2. modifiers: sector nouns and titles, country adjectives, owners ("of Belarus"), organisations
        owner_code: str | None = None
        owner_ident: str | None = None
        owner_m: Mention | None = None
        title_words: list[str] = []
        seen_mentions: set[int] = set()
        for t in tokens:
            m = ctx.mentions.get(t.i)
            if m is None or id(m) in seen_mentions or t.i in ctx.datelines or _stance_prefixed(t):
                continue  # "an anti-Syria journalist", "pro-Iranian militias": no member of that country
            seen_mentions.add(id(m))
            for e in m.entries:
                if e.kind in ("sector", "title"):
                    if e.sector and (sector is None or t.i == tok.i or m.end - 1 == tok.i):
                        sector = e.sector
                    courtesy = e.kind == "title" and m.end - m.start == 1 and t.lower_ in COURTESY_TITLES
                    if (e.kind == "title" or e.org_kind == "person") and not courtesy:
                        title_words.append(_office_words(tok.doc[m.start : m.end], e))
                    break
                if e.kind in ("org", "metonym") and owner_code is None:
                    owner_code, owner_ident, owner_m = e.code, e.canonical, m
                    if e.kind == "metonym" and e.sector and sector is None:
                        sector = e.sector
                    break
                if e.kind in ("country", "adjective", "capital") and (
                    owner_code is None or owner_code in NON_STATE
                ):
                    # "the Security Council of Belarus": a country qualifying the body makes it national
                    qualifies = (
                        owner_m is not None
                        and t.dep_ == "pobj"
                        and t.head.lower_ == "of"
                        and owner_m.start <= t.head.head.i < owner_m.end
                    )
                    if owner_code is None or t.dep_ in ("amod", "compound") or qualifies:
                        owner_code = e.code
                        owner_ident = self.lex.country_name(e.code or "") or e.canonical
                    break
        if owner_code is None and person_name is None:
            # "rebels in the Ivory Coast", "officials in Moscow": a group placed in a country belongs to it
            # (not troops: "troops in Mali" are as often foreign)
            s_here = sector or self.lex.sector_of(tok.lemma_.lower()) or self.lex.sector_of(tok.lower_)
            if s_here is not None and s_here not in ("MIL", "IGO", "UNO"):
                home = self._located_in(tok, ctx, ("in",))
                if home is not None:
                    owner_code, owner_ident = home, self.lex.country_name(home) or home
        if owner_code is None and person_name is None:
            # "the Lima-based rights group": the base of a body is its country; "Russia said its
            # troops …": the owner the possessive pronoun refers to
            base = self._base_country(tok, ctx)
            if base is not None:
                owner_code, owner_ident, place = base
                tokens = sorted({*tokens, *tok.doc[place.i : tok.i]}, key=lambda t: t.i)
            else:
                owner_code, owner_ident = self._pronoun_owner(tok, ctx) or (None, None)
        if any(t.lower_ == "ethnic" for t in tokens):
            owner_code = owner_ident = None
        elif owner_code is None and any(t.lemma_.lower() in STATE_WORDS and t.dep_ == "pobj" for t in tokens):
            # "head of the republic": the country the document is about
            owner_code = ctx.focus_country
            owner_ident = self.lex.country_name(owner_code or "") if owner_code else None
        elif owner_code is None and any(w.lower() in ORG_OFFICES for w in title_words):
            # "Secretary-General Stanislav Zas": an office of the organisation named nearby
            org = self._nearest_org(tok, ctx)
            if org is not None:
                owner_code, owner_ident = org.code, org.canonical
        if sector is None:
            s = self.lex.sector_of(tok.lemma_.lower()) or self.lex.sector_of(tok.lower_)
            if s:
                sector = s
        # 3. persons: the registry, then what the phrase itself says
        if person_name is not None:
            known = ctx.persons.get(person_name.text.lower()) or ctx.persons.get(person_name[-1].text.lower())
            p_code = owner_code or (known.code if known else None)
            p_sector = sector or (known.sector if known else None)
            if title_words:
                office = " ".join(title_words)
                if owner_ident and owner_code not in NON_STATE and " of " not in office:
                    office = f"{office} of {owner_ident}"
            elif known is not None:
                office = known.office
            ident = known.identifier_text if known and not owner_code else person_name.text
            if known is not None and known.identifier_text and len(known.identifier_text) > len(ident or ""):
                ident = known.identifier_text
            if (
                p_code is None
                and p_sector is None
                and not (tok.ent_type_ == "PERSON" or len(person_name) > 1)
            ):
                return None  # a lone capitalised word nothing else describes
            ent = Entity(p_code, p_sector, person_name.text, ident, office)
            if register:
                ctx.last_person = ent
            return ent
        if owner_code is None and sector is None:
            return None
        if owner_code is None and tok.lemma_.lower() in STATE_WORDS:
            return None
        if head_m is None and tok.pos_ != "PROPN" and tok.lemma_.lower() in NONACTOR_HEADS:
            # the head names no actor ("Greece's northern border", "military aid"): its modifiers do
            # not make it one; callers that want the owner of a thing ask for owners()
            return None
        text = _phrase_text(tok, tokens)
        if owner_code in NON_STATE:
            ident = owner_ident
        elif owner_code:
            ident = owner_ident
        if title_words and tok.pos_ != "PROPN":
            office = " ".join(title_words)
            if owner_ident and owner_code not in NON_STATE:
                office = f"{office} of {owner_ident}"
            if sector not in ("GOV", "LEG", "JUD", "MIL", "COP", "SPY"):
                office = None
        return Entity(owner_code, sector, text, ident, office)


ctx_stop_names = frozenset({"mr", "mrs", "ms", "dr", "the", "president", "minister"})


# small words inside an organisation's name ("Movement for Democratic Change")
NAME_LINKS = frozenset({"of", "for", "and", "the", "de", "du", "des", "la", "le", "&", "-", "on", "in"})
DATELINE_DASHES = frozenset({"-", "--", "—", "–", "‐"})


def _one_edit(a: str, b: str) -> bool:
    """Whether two different words are one edit apart: a letter dropped, added or changed, or two
    neighbouring letters swapped."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if len(long_) - len(short) != 1:
        return False
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _is_acronym(text: str) -> bool:
    """An acronym: "ADF", "LeT", "ISIL" (two or more capitals, letters only, at most eight)."""
    return (
        2 <= len(text) <= 8 and text.isalpha() and text[0].isupper() and sum(ch.isupper() for ch in text) >= 2
    )


def _name_before(doc: Doc, i: int, acronym: str | None) -> Span | None:
    """The capitalised name just before ``doc[i]``, without a leading "the": the one whose initials spell
    ``acronym`` ("Coalition for Democratic Change" before "(CDC)"), or with ``None`` the whole run of
    capitalised words."""
    letters = (acronym or "").upper()
    j = i - 1
    start: int | None = None
    while j >= max(0, i - 14) and (doc[j].is_title or doc[j].is_upper or doc[j].lower_ in NAME_LINKS):
        if doc[j].lower_ not in NAME_LINKS:
            words = [t for t in doc[j:i] if t.lower_ not in NAME_LINKS or t.is_title]
            if acronym is None or "".join(t.text[0].upper() for t in words) == letters:
                start = j
        if doc[j].is_sent_start:
            break
        j -= 1
    if start is None:
        return None
    return doc[start:i]


def _dateline_tokens(doc: Doc) -> set[int]:
    """The place words of a dateline at the start of a line: "NAIROBI, Jan 5 (Reuters) -", "KABUL —",
    "Nairobi (AFP) -". A dateline says where a report was filed, not who acts in it."""
    out: set[int] = set()
    n = len(doc)
    for i in range(n):
        if i > 0 and not (doc[i - 1].is_space and "\n" in doc[i - 1].text):
            continue
        j = i
        while j < n and doc[j].is_alpha and (doc[j].is_upper or doc[j].is_title) and j - i < 4:
            j += 1
        if j == i or j >= n or doc[i].lower_ in ("the", "a", "an"):
            continue  # a dateline never opens with an article ("The Rapid Support Forces (RSF) — …")
        caps = all(t.is_upper and len(t) > 1 for t in doc[i:j])
        k, agency, depth, words = j, False, 0, list(range(i, j))
        while k < n and k - j < 12 and doc[k].text not in DATELINE_DASHES:
            t = doc[k]
            if t.text == "(":
                agency, depth = True, depth + 1
            elif t.text == ")":
                depth -= 1
            elif t.is_alpha and (t.is_title or t.is_upper) and t.pos_ not in ("VERB", "AUX"):
                if depth == 0:
                    words.append(k)  # "KABUL, Afghanistan —", "NAIROBI, Jan 5 —"
            elif not (t.is_digit or t.text in (",", ".")):
                break  # a quotation, a verb, a line break: no dateline
            k += 1
        initials = "".join(t.text[0] for t in doc[i:j] if t.is_title or t.is_upper).upper()
        defined = any(t.is_upper and len(t) > 1 and t.text == initials for t in doc[j:k])
        if defined:
            continue  # "Rapid Support Forces (RSF) —": an organisation and its acronym, not a dateline
        if k < n and doc[k].text in DATELINE_DASHES and k - j < 12 and (caps or agency):
            out.update(words)
    return out


def _base_tokens(doc: Doc) -> set[int]:
    """The place words of "X-based" ("the Lima-based group"): an organisation's base, not an event's
    place."""
    out: set[int] = set()
    for t in doc:
        if t.lower_.endswith("-based") and len(t) > 6:
            out.add(t.i)
        elif t.lower_ == "based" and t.i >= 2 and doc[t.i - 1].text in ("-", "‐"):
            j = t.i - 2
            while j >= 0 and doc[j].pos_ == "PROPN" and j >= t.i - 4:
                out.add(j)
                j -= 1
    return out


def _office_words(span: Span, e: LexEntry) -> str:
    """An office as the record gives it: the title's canonical form ("Gen." -> "general"), or the person
    noun as written, lowercased and without an article ("the foreign minister" -> "foreign minister")."""
    if e.kind == "title":
        return e.canonical.lower()
    if len(span) > 1 and span[0].lower_ in ("the", "a", "an"):
        span = span[1:]
    return span.text.lower()


def _clause_subject(tok: Token) -> Token | None:
    """The subject of the clause a noun belongs to ("Kenya deployed its troops" -> "Kenya")."""
    h = tok.head
    for _ in range(4):
        if h.pos_ in ("VERB", "AUX"):
            break
        if h.head is h:
            return None
        h = h.head
    inner = {t.i for t in tok.subtree}
    for c in h.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.i not in inner and c.pos_ != "PRON":
            return c
    return None


STANCE_PREFIXES = frozenset({"anti", "pro"})


def _stance_prefixed(tok: Token) -> bool:
    """A name after "anti-" or "pro-" ("anti-Syria", "pro-Iranian"): a stance toward a country, not
    membership of it."""
    doc = tok.doc
    i = tok.i
    if i >= 1 and doc[i - 1].lower_ in STANCE_PREFIXES:
        return True
    return i >= 2 and doc[i - 1].text in ("-", "‐") and doc[i - 2].lower_ in STANCE_PREFIXES


def _looks_like_name(tok: Token) -> bool:
    return tok.is_title and tok.is_alpha and len(tok) > 2


def _span_text(tok: Token, m: Mention) -> str:
    doc = tok.doc
    start = m.start
    if start > 0 and doc[start - 1].lower_ == "the":
        start -= 1
    return doc[start : max(m.end, tok.i + 1)].text


def _phrase_text(tok: Token, tokens: list[Token]) -> str:
    toks = [t for t in tokens if t.i <= tok.i or t.head.i >= tok.i]
    if not toks:
        return tok.text
    start, end = toks[0].i, toks[-1].i + 1
    # trim to a readable phrase around the head (no trailing prepositions or punctuation)
    span = tok.doc[start:end]
    if len(span) > 12:
        span = tok.doc[max(start, tok.i - 6) : tok.i + 1]
    return span.text.strip(" ,.;:")


def _relative_antecedent(tok: Token) -> Token | None:
    """The noun a relative clause ('who turned to the CSTO') attaches to."""
    verb = tok.head
    while verb.dep_ not in ("relcl", "acl") and verb.head is not verb:
        if verb.dep_ in ("conj",):
            verb = verb.head
            continue
        break
    if verb.dep_ in ("relcl", "acl"):
        return verb.head
    return None
