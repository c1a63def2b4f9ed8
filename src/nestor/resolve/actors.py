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
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..models import Entity
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
NONACTOR_HEADS = frozenset(
    ln.strip()
    for ln in (Path(__file__).resolve().parent.parent / "data" / "actors" / "nonactor_heads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if ln.strip() and not ln.startswith("#")
)
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


class ActorResolver:
    def __init__(self, lexicon: ActorLexicon, speech_verbs: frozenset[str] = frozenset()) -> None:
        self.lex = lexicon
        self.speech_verbs = speech_verbs

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
        if countries:
            ctx.focus_country = countries.most_common(1)[0][0]
        for sent in doc.sents:
            for tok in sent:
                if self.is_person_head(tok, ctx):
                    name = self.person_name(tok, ctx)
                    if not name:
                        continue
                    ent = self._describe(tok, ctx, register=False)
                    if ent is not None and (ent.code or ent.sector):
                        self._register(ctx, name, ent)
        return ctx

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
        if tok.pos_ != "PROPN" or tok.dep_ in ("compound", "flat"):
            return False
        m = ctx.mentions.get(tok.i)
        if m and any(e.kind in ("country", "capital", "org", "metonym", "adjective") for e in m.entries):
            return False
        if tok.ent_type_ in ("GPE", "LOC", "NORP", "FAC", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL"):
            return False
        if tok.ent_type_ == "ORG" and not _looks_like_name(tok):
            return False
        return tok.is_title or tok.ent_type_ == "PERSON"

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
            if (
                t.pos_ == "PROPN"
                and t.is_title
                and not (m and m.entries)
                and (t.ent_type_ not in ("GPE", "NORP") or hyphenated)
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
            said_by = self._speech_antecedent(tok)
            if said_by is not None:
                ents = self._resolve_one(said_by, ctx)
                is_person = self.is_person_head(said_by, ctx)
                if ents and ((low in PERSON_PRONOUNS) == is_person or low in SPEAKER_PRONOUNS):
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
        return self._describe_all(tok, ctx)

    def _speech_antecedent(self, tok: Token) -> Token | None:
        """For a pronoun in reported speech ("Iran said it would…", "…, saying they had lost"), the
        subject of the verb of saying."""
        t = tok
        for _ in range(10):
            h = t.head
            if h is t:
                return None
            if h.lemma_.lower() in self.speech_verbs and t.dep_ in ("ccomp", "xcomp", "parataxis", "advcl"):
                subj = next((c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is None and h.dep_ in ("advcl", "conj", "xcomp"):
                    subj = next((c for c in h.head.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj is not tok and subj.pos_ != "PRON":
                    return subj
                return None
            t = h
        return None

    def owners(self, tok: Token, ctx: DocContext) -> list[Entity]:
        """Entities that own a non-actor noun: "North Korea's demand", "an Australian ultimatum",
        "calls by Belarus's rulers", "an offer from Afghanistan"."""
        out: list[Entity] = []
        for c in tok.children:
            if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.i < tok.i):
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
            if c.dep_ in ("amod", "compound") and c.i < tok.i:
                for t in [c, *c.conjuncts]:
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

    def _phrase_tokens(self, tok: Token) -> list[Token]:
        out: list[Token] = []

        def walk(t: Token, depth: int) -> None:
            out.append(t)
            if depth > 6:
                return
            for c in t.children:
                if c.dep_ in CUT_DEPS:
                    continue
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
                owner = self._owner_of_institution(tok, head_m, tokens, ctx)
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
                # "the Palestinians", "Kazakhs": the people of a country
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
        title_words: list[str] = []
        seen_mentions: set[int] = set()
        for t in tokens:
            m = ctx.mentions.get(t.i)
            if m is None or id(m) in seen_mentions:
                continue
            seen_mentions.add(id(m))
            for e in m.entries:
                if e.kind in ("sector", "title"):
                    if e.sector and (sector is None or t.i == tok.i or m.end - 1 == tok.i):
                        sector = e.sector
                    if e.kind == "title" or e.org_kind == "person":
                        title_words.append(tok.doc[m.start : m.end].text)
                    break
                if e.kind in ("org", "metonym") and owner_code is None:
                    owner_code, owner_ident = e.code, e.canonical
                    if e.kind == "metonym" and e.sector and sector is None:
                        sector = e.sector
                    break
                if e.kind in ("country", "adjective", "capital") and (
                    owner_code is None or owner_code in NON_STATE
                ):
                    if owner_code is None or t.dep_ in ("amod", "compound"):
                        owner_code = e.code
                        owner_ident = self.lex.country_name(e.code or "") or e.canonical
                    break
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
