"""The event coder: a parsed document in, PLOVER event records out.

For each sentence the coder finds triggers (verbs and event nouns from the lexicons), folds frames
("agreed to send", "demanded the release of") into one event, fills the actor and recipient slots from
the dependency parse, and reads realis, attribution, date, place, size and context. Everything it
knows about words comes from data files; this module holds only the procedure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import CODER_NAME
from ..models import Document, Entity, EventRecord, Place, ResolvedDate
from ..resolve.actors import NON_STATE, ActorResolver, DocContext
from ..resolve.dates import parse_published, resolve_date
from ..resolve.lexicon import ActorLexicon
from ..resolve.places import Gazetteer, get_gazetteer
from ..resolve.sizes import extract_size
from ..settings import Settings
from .attribution import find_claim
from .ontology import DATA, Ontology, get_ontology, read_tsv
from .realis import realis_of
from .triggers import TriggerLexicon, TriggerMatch, get_trigger_lexicon

RECIPIENT_PREPS = frozenset(
    {"to", "with", "against", "on", "upon", "into", "toward", "towards", "from", "at", "for"}
)
LOCATION_PREPS = frozenset(
    {"in", "at", "near", "throughout", "across", "outside", "inside", "around", "into", "over"}
)
ARMED = frozenset({"MIL", "REB", "UAF", "PRM", "SPY", "COP"})
COOPERATION_TYPES = frozenset({"COOPERATE", "AID", "CONSULT"})
GOV_ACTION_TYPES = frozenset({"COERCE", "SANCTION", "MOBILIZE", "RETREAT", "CONCEDE"})


@dataclass
class Candidate:
    match: TriggerMatch
    cameo: str
    actor_tok: list[Token] = field(default_factory=list)
    recipient_tok: list[Token] = field(default_factory=list)
    governors: list[Token] = field(default_factory=list)  # frame / light verbs above the trigger
    theme: set[int] = field(default_factory=set)  # token ids that are the thing acted with, not a recipient
    passive: bool = False
    forced_type: str | None = None
    forced_mode: str | None = None


@lru_cache(maxsize=1)
def _context_terms() -> dict[str, str]:
    return {row[0].lower(): row[1] for row in read_tsv(DATA / "contexts.tsv") if len(row) >= 2}


@lru_cache(maxsize=1)
def _accusatory() -> frozenset[str]:
    path = DATA / "accusatory.txt"
    return frozenset(
        ln.strip().lower()
        for ln in path.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    )


def _subject_of(verb: Token) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subs:
        return subs
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject_of(verb.head)
    if verb.dep_ == "xcomp":
        head = verb.head
        # object control: "urged X to leave" -> X; subject control: "agreed to leave" -> subject
        objs = [c for c in head.children if c.dep_ in ("dobj",)]
        if objs and head.lemma_.lower() in (
            "urge",
            "ask",
            "order",
            "call",
            "force",
            "persuade",
            "allow",
            "invite",
        ):
            return objs
        return _subject_of(head)
    if verb.dep_ in ("relcl",) and verb.head.pos_ in ("NOUN", "PROPN"):
        return [verb.head]
    if verb.dep_ == "advcl":
        return _subject_of(verb.head)
    return []


def _agent_of(verb: Token) -> list[Token]:
    for c in verb.children:
        if c.dep_ == "agent":
            return [gc for gc in c.children if gc.dep_ == "pobj"]
    return []


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN"
    )


class EventCoder:
    """Codes documents with a spaCy pipeline and nestor's lexicons (one per process)."""

    def __init__(self, nlp: Language, settings: Settings, gazetteer: Gazetteer | None = None) -> None:
        self.nlp = nlp
        self.settings = settings
        self.onto: Ontology = get_ontology()
        self.lex: TriggerLexicon = get_trigger_lexicon()
        self.actors = ActorResolver(
            ActorLexicon.load(nlp.tokenizer and (lambda s: [t.text for t in nlp.tokenizer(s)]))
        )
        self.gazetteer = gazetteer or get_gazetteer(settings.min_city_population)
        self.coded_date = dt.date.today().isoformat()

    # ------------------------------------------------------------------ documents
    def code(self, document: Document) -> list[EventRecord]:
        return self.code_many([document])[0][1]

    def code_many(self, documents: list[Document]) -> list[tuple[Document, list[EventRecord]]]:
        out = []
        docs = self.nlp.pipe((d.text for d in documents), batch_size=max(1, len(documents)))
        for document, doc in zip(documents, docs, strict=True):
            out.append((document, self.code_doc(doc, document)))
        return out

    def code_doc(self, doc: Doc, document: Document) -> list[EventRecord]:
        ctx = self.actors.prepare(doc)
        published = parse_published(document.published)
        records: list[EventRecord] = []
        for seq, sent in enumerate(doc.sents, start=1):
            if not sent.text.strip():
                continue
            records.extend(self.code_sentence(sent, seq, ctx, document, published))
            self._update_focus(sent, ctx)
        return records

    def _update_focus(self, sent: Span, ctx: DocContext) -> None:
        """Remember the last person and group named as a subject, for pronouns in later sentences."""
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ in ("PROPN", "NOUN"):
                ents = self.actors.resolve(tok, ctx)
                if not ents:
                    continue
                e = ents[0]
                if (
                    e.identifier_text
                    and tok.pos_ == "PROPN"
                    and e.code not in NON_STATE
                    and " " in (e.identifier_text or "")
                    or (tok.pos_ == "PROPN" and tok.lower_ in ctx.persons)
                ):
                    ctx.last_person = e
                elif e.code:
                    ctx.last_group = e

    # ------------------------------------------------------------------ sentences
    def code_sentence(
        self, sent: Span, seq: int, ctx: DocContext, document: Document, published: dt.date | None
    ) -> list[EventRecord]:
        ctx.speaker = self._speaker(sent, ctx)
        candidates = self._candidates(sent)
        if not candidates:
            return []
        place = self._sentence_place(sent, ctx)
        records: list[EventRecord] = []
        seen: set[tuple[str, int]] = set()
        for cand in candidates:
            rec = self._record(cand, sent, seq, ctx, document, published, place)
            if rec is None:
                continue
            key = (rec.event[0], cand.match.token.i)
            if key in seen:
                continue
            seen.add(key)
            records.append(rec)
        return records

    def _speaker(self, sent: Span, ctx: DocContext) -> Entity | None:
        for tok in sent:
            if self.lex.is_word("speech", tok.lemma_.lower()) and tok.pos_ == "VERB":
                for c in tok.children:
                    if c.dep_ == "nsubj" and c.lower_ not in ("i", "we"):
                        ents = self.actors.resolve(c, ctx)
                        if ents:
                            return ents[0]
        return ctx.speaker if sent.text.lstrip()[:1] in "\"“'‘«" else None

    # ------------------------------------------------------------------ triggers
    def _candidates(self, sent: Span) -> list[Candidate]:
        lex = self.lex
        consumed: set[int] = set()
        cands: list[Candidate] = []
        for tok in sent:
            if tok.i in consumed:
                continue
            match: TriggerMatch | None = None
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT" and tok.lemma_ != "be"):
                match = lex.match_verb(tok)
                if match is None:
                    acc = self._accusation(tok)
                    if acc is not None:
                        cands.append(acc)
                        continue
            elif tok.pos_ in ("NOUN", "PROPN") and self._noun_licensed(tok):
                match = lex.match_noun(tok)
            if match is None:
                continue
            cand = Candidate(match, match.rule.cameo)
            for w in match.words[1:]:
                if w.pos_ in ("NOUN", "PROPN"):
                    cand.theme.add(w.i)
                    consumed.add(w.i)
            if match.rule.frame:
                comp = self._complement(tok, match)
                if comp is not None:
                    consumed.add(comp.token.i)
                    for w in comp.words:
                        consumed.add(w.i)
                    cand.cameo = lex.frame_code(match.rule.frame, comp.rule.cameo)
                    cand.theme.update(w.i for w in comp.words)
                    cand.complement = comp  # type: ignore[attr-defined]
            cands.append(cand)
        # an event noun carried by a light verb that is itself a trigger is one event, not two
        verb_objs = {w.i for c in cands if c.match.rule.source == "verb" for w in c.match.words[1:]}
        return [c for c in cands if not (c.match.rule.source == "noun" and c.match.token.i in verb_objs)]

    def _accusation(self, tok: Token) -> Candidate | None:
        """'X called the unrest a coup attempt', 'X said the attackers were terrorists' -> ACCUSE."""
        lemma = tok.lemma_.lower()
        labels = _accusatory()
        if lemma in ("call", "describe", "label", "brand", "term", "denounce"):
            for c in tok.children:
                if (
                    c.dep_ in ("oprd", "xcomp", "ccomp", "dobj")
                    and _has_label(c, labels)
                    and c.dep_ != "dobj"
                ):
                    return Candidate(TriggerMatch(tok, _ACCUSE_RULE, (tok,)), "112")
            objs = [c for c in tok.children if c.dep_ == "dobj"]
            if len(objs) and any(_has_label(c, labels) for c in tok.children if c.dep_ in ("oprd", "attr")):
                return Candidate(TriggerMatch(tok, _ACCUSE_RULE, (tok,)), "112")
        if self.lex.is_word("speech", lemma) and lemma not in ("deny",):
            for c in tok.children:
                if c.dep_ == "ccomp" and c.lemma_ == "be":
                    attrs = [a for a in c.children if a.dep_ in ("attr", "acomp")]
                    if any(_has_label(a, labels) for a in attrs):
                        return Candidate(TriggerMatch(tok, _ACCUSE_RULE, (tok,)), "112")
        return None

    def _noun_licensed(self, tok: Token) -> bool:
        """Event nouns count when something makes them happen or names who did them."""
        if tok.dep_ in ("compound", "amod"):
            return False
        head = tok.head
        if tok.dep_ in ("dobj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
            return self._is_light(head) or self._is_occur(head)
        if tok.dep_ in ("nsubj",) and head.pos_ in ("VERB", "AUX"):
            return self._is_occur(head)
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            return self._is_light(head.head) and head.lower_ in ("in", "into", "to", "on")
        # nominal events that name their agent ("a meeting of the council", "the CSTO summit")
        for c in tok.children:
            if c.dep_ in ("poss", "compound") and c.pos_ in ("PROPN",):
                return True
            if c.dep_ == "prep" and c.lower_ in ("of", "by", "between", "in"):
                for gc in c.children:
                    if gc.dep_ == "pobj" and gc.pos_ in ("PROPN",):
                        return True
            if c.dep_ == "poss" and c.ent_type_ == "DATE":
                return True
        if tok.dep_ in ("nsubj", "ROOT") and tok.i == tok.sent.start:
            return False
        return False

    def _is_light(self, verb: Token) -> bool:
        lemma = verb.lemma_.lower()
        if self.lex.is_word("light", lemma):
            return True
        prt = [c.lower_ for c in verb.children if c.dep_ in ("prt", "prep")]
        return any(self.lex.is_word("light", f"{lemma} {p}") for p in prt)

    def _is_occur(self, verb: Token) -> bool:
        lemma = verb.lemma_.lower()
        if self.lex.is_word("occur", lemma):
            return True
        prt = [c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "dobj")]
        return any(self.lex.is_word("occur", f"{lemma} {p}") for p in prt)

    def _complement(self, tok: Token, match: TriggerMatch) -> TriggerMatch | None:
        """The event a frame governs: 'agreed to send', 'demanded the release of', 'called for talks'."""
        lex = self.lex
        pool: list[Token] = []
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp"):
                pool.append(c)
        for c in tok.children:
            if c.dep_ in ("dobj", "attr"):
                pool.append(c)
                pool.extend(x for x in c.children if x.dep_ in ("acl", "relcl"))
            if c.dep_ == "prep" and c.lower_ in ("for", "on", "upon", "to", "with", "in"):
                for gc in c.children:
                    if gc.dep_ in ("pobj", "pcomp"):
                        pool.append(gc)
            if c.dep_ == "dobj":
                for gc in c.children:
                    if gc.dep_ in ("xcomp", "acl"):
                        pool.append(gc)
        for c in pool:
            if c.pos_ in ("VERB", "AUX"):
                m = lex.match_verb(c)
                if m is None:
                    # look one level further: "agreed to take steps to send"
                    for gc in c.children:
                        if gc.dep_ in ("xcomp", "ccomp") and gc.pos_ == "VERB":
                            m = lex.match_verb(gc)
                            if m is not None:
                                break
                if m is not None and m.rule.frame is None:
                    return m
            elif c.pos_ in ("NOUN", "PROPN"):
                m = lex.match_noun(c)
                if m is not None and m.rule.frame is None:
                    return m
                for gc in c.children:
                    if gc.dep_ in ("acl", "relcl") and gc.pos_ == "VERB":
                        m = lex.match_verb(gc)
                        if m is not None and m.rule.frame is None:
                            return m
        return None

    # ------------------------------------------------------------------ records
    def _arguments(self, cand: Candidate) -> None:
        tok = cand.match.token
        if cand.match.rule.source == "verb":
            cand.passive = _is_passive(tok)
            agents = _agent_of(tok)
            if cand.passive:
                cand.actor_tok = agents
                cand.recipient_tok = [c for c in tok.children if c.dep_ == "nsubjpass"]
                if tok.dep_ == "acl":
                    cand.recipient_tok.append(tok.head)
            else:
                cand.actor_tok = _subject_of(tok)
                cand.recipient_tok = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
            for c in tok.children:
                if c.dep_ in ("prep", "dative") and c.lower_ in RECIPIENT_PREPS:
                    cand.recipient_tok.extend(gc for gc in c.children if gc.dep_ == "pobj")
            comp = getattr(cand, "complement", None)
            if comp is not None:
                ct = comp.token
                for c in ct.children:
                    if c.dep_ in ("dobj", "dative") and c.i not in cand.theme:
                        cand.recipient_tok.append(c)
                    if c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS:
                        cand.recipient_tok.extend(gc for gc in c.children if gc.dep_ == "pobj")
                    if c.dep_ == "prep" and c.lower_ == "of" and ct.pos_ == "NOUN":
                        cand.recipient_tok.extend(gc for gc in c.children if gc.dep_ == "pobj")
        else:
            head = tok.head
            if tok.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
                cand.governors.append(head)
                cand.actor_tok = _subject_of(head)
                if _is_passive(head):
                    cand.actor_tok = _agent_of(head)
                for c in head.children:
                    if c.dep_ in ("prep", "dative") and c.lower_ in RECIPIENT_PREPS:
                        cand.recipient_tok.extend(gc for gc in c.children if gc.dep_ == "pobj")
            elif tok.dep_ == "nsubjpass" and head.pos_ == "VERB":
                cand.governors.append(head)
                cand.actor_tok = _agent_of(head)
            elif tok.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX"):
                cand.governors.append(head)
            elif tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
                cand.governors.append(head.head)
                cand.actor_tok = _subject_of(head.head)
            for c in tok.children:
                if c.dep_ == "poss" and c.ent_type_ != "DATE":
                    cand.actor_tok.append(c)
                elif c.dep_ == "compound" and c.pos_ == "PROPN":
                    cand.actor_tok.append(c)
                elif c.dep_ == "amod" and c.pos_ in ("ADJ", "PROPN"):
                    cand.actor_tok.append(c)
                elif c.dep_ == "prep" and c.lower_ in ("of", "by", "between", "among"):
                    cand.actor_tok.extend(
                        gc for gc in c.children if gc.dep_ == "pobj" and gc.i not in cand.theme
                    )
                elif c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS:
                    cand.recipient_tok.extend(gc for gc in c.children if gc.dep_ == "pobj")
        cand.theme.update(w.i for w in cand.match.words[1:])

    def _record(
        self,
        cand: Candidate,
        sent: Span,
        seq: int,
        ctx: DocContext,
        document: Document,
        published: dt.date | None,
        place: Place | None,
    ) -> EventRecord | None:
        self._arguments(cand)
        tok = cand.match.token
        rule = cand.match.rule
        actors: list[Entity] = []
        for a in cand.actor_tok:
            actors.extend(self.actors.resolve(a, ctx))
        recipients: list[Entity] = []
        for r in cand.recipient_tok:
            if r.i in cand.theme or r.i == tok.i:
                continue
            recipients.extend(self.actors.resolve(r, ctx))
        local_country = place.country_code if place else None
        fallback_country = local_country or ctx.focus_country
        # unnamed but typed actors ("police", "protesters") take the country where things happen
        actors = [replace(a, code=fallback_country) if a.code is None else a for a in actors]
        actors = [a for a in actors if a.code]
        recipients = [
            replace(r, code=fallback_country) if r.code is None and r.sector else r for r in recipients
        ]
        recipients = [r for r in recipients if r.code]
        cameo = cand.cameo
        entry = self.onto.entry(cameo)
        etype = rule.options.get("type") if cameo == rule.cameo and "type" in rule.options else entry.type
        mode: str | None = (
            rule.options.get("mode") if cameo == rule.cameo and "mode" in rule.options else entry.mode
        )
        if not actors:
            implied = rule.options.get("passive_gov") == "1" or (cand.passive and etype in GOV_ACTION_TYPES)
            if implied and fallback_country and (cand.passive or rule.source == "noun"):
                actors = [
                    Entity(
                        fallback_country,
                        "GOV",
                        "(implied government)",
                        self.actors.lex.country_name(fallback_country),
                    )
                ]
            elif rule.options.get("sector") in ("CVL", "LAB") and fallback_country and rule.source == "noun":
                sector = rule.options["sector"]
                actors = [
                    Entity(fallback_country, sector, tok.text, self.actors.lex.country_name(fallback_country))
                ]
        if not actors:
            return None
        # switches on who acts
        sectors = {a.sector for a in actors}
        if "mil" in rule.options and sectors & ARMED:
            cameo = rule.options["mil"]
            entry = self.onto.entry(cameo)
            etype, mode = entry.type, entry.mode
        elif (
            "nonmil" in rule.options and not (sectors & ARMED) and not any(a.code in ("IMG",) for a in actors)
        ):
            cameo = rule.options["nonmil"]
            entry = self.onto.entry(cameo)
            etype, mode = entry.type, entry.mode
        if "gov" in rule.options and "GOV" in sectors:
            cameo = rule.options["gov"]
            entry = self.onto.entry(cameo)
            etype, mode = entry.type, entry.mode
        for a in actors:
            if (
                a.sector is None
                and rule.options.get("sector")
                and a.code not in NON_STATE
                and not a.identifier_text
            ):
                a.sector = rule.options["sector"]
        actor_keys = {(a.code, a.identifier_text) for a in actors}
        recipients = [r for r in recipients if (r.code, r.identifier_text) not in actor_keys]
        if not recipients and etype in (
            "AID",
            "MOBILIZE",
            "AGREE",
            "ASSAULT",
            "COERCE",
            "RETREAT",
            "CONCEDE",
        ):
            if local_country and local_country not in {a.code for a in actors}:
                name = self.actors.lex.country_name(local_country) or local_country
                recipients = [Entity(local_country, None, place.name if place else name, name)]
        if rule.weak and not recipients and not cand.theme and not getattr(cand, "complement", None):
            return None
        realis, cue = realis_of(tok, self.lex, cand.governors)
        # PLOVER: cooperation in the future tense is AGREE; a declared withdrawal is CONCEDE
        if realis == "planned" and etype in COOPERATION_TYPES:
            cameo = self.lex.frame_code("intent", cameo)
            etype, mode = "AGREE", None
        elif realis == "planned" and etype == "RETREAT":
            if mode == "withdraw":
                etype, mode = "CONCEDE", None
            else:
                cameo = self.lex.frame_code("intent", cameo)
                etype, mode = "AGREE", None
        elif realis == "planned" and self.onto.quad(etype) == 4:
            # a conflictual action announced for the future is a threat
            cameo = self.lex.frame_code("threaten", cameo)
            entry = self.onto.entry(cameo)
            etype, mode = "THREATEN", entry.mode
        mode = self.onto.valid_mode(etype, mode)
        if (
            etype == "CONSULT"
            and mode is None
            and (len(actors) + len(recipients) >= 3 or any(a.code in NON_STATE for a in actors))
        ):
            mode = "multilateral"
        contexts = list(dict.fromkeys([*entry.contexts, *self._contexts(sent, rule.options.get("ctx"))]))
        contexts = [c for c in contexts if c in self.onto.contexts]
        # attribution
        attribution = None
        claim = find_claim(tok if not cand.governors else cand.governors[-1], self.lex)
        if claim is not None:
            claimants = self.actors.resolve(claim.source, ctx)
            if claimants:
                c = claimants[0]
                same = any(
                    (a.identifier_text and a.identifier_text == c.identifier_text)
                    or (a.code == c.code and a.sector == c.sector)
                    for a in actors
                )
                if not (same and self.onto.quad(etype) in (1, 3)):
                    attribution = {"claimant": c.to_dict(), "cue": claim.cue}
        date = self._date(tok, sent, published, realis)
        start, end = _trim(sent)
        text = document.text[start:end]
        size = extract_size(sent) or None
        event_loc = self._event_place(tok, sent, ctx) or place
        rid = hashlib.sha1(f"{document.id}|{start}|{tok.idx}|{etype}".encode()).hexdigest()[:20]
        return EventRecord(
            id=rid,
            date=date.value if date else None,
            date_precision=date.precision if date else None,
            event=[etype],
            mode=[mode] if mode else [],
            context=contexts,
            actor=actors,
            recipient=recipients,
            quad_code=self.onto.quad(etype),
            event_scale=self.onto.score(etype, mode),
            cameo=cameo,
            text=text,
            text_info={"sequence": seq, "start": start, "end": end},
            cite_info=document.cite_info(),
            modality={"realis": realis, "cue": cue},
            attribution=attribution,
            coder=CODER_NAME,
            coded_date=self.coded_date,
            event_loc=event_loc,
            size=size,
            trigger=cand.match.text,
        )

    # ------------------------------------------------------------------ date, place, context
    def _date(self, tok: Token, sent: Span, published: dt.date | None, realis: str) -> ResolvedDate | None:
        tense = "future" if realis == "planned" else "past"
        ents = [e for e in sent.ents if e.label_ in ("DATE", "TIME")]
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

    def _place_of(self, tok: Token, ctx: DocContext) -> Place | None:
        span = _name_span(tok)
        for text in (span.text, tok.text):
            p = self.gazetteer.lookup(text)
            if p is not None:
                return p
        m = ctx.mentions.get(tok.i)
        if m is not None:
            e = m.first("country", "capital")
            if e is not None and e.code:
                if e.kind == "country":
                    return self.gazetteer.lookup(e.canonical) or Place(e.canonical, e.code, feature="country")
        return None

    def _event_place(self, tok: Token, sent: Span, ctx: DocContext) -> Place | None:
        """A place attached to the trigger by a locative preposition."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in LOCATION_PREPS:
                for gc in c.children:
                    if gc.dep_ == "pobj" and gc.pos_ == "PROPN":
                        p = self._place_of(gc, ctx)
                        if p is not None:
                            return p
        return None

    def _sentence_place(self, sent: Span, ctx: DocContext) -> Place | None:
        best: Place | None = None
        for tok in sent:
            if tok.dep_ == "pobj" and tok.head.lower_ in LOCATION_PREPS and tok.pos_ == "PROPN":
                p = self._place_of(tok, ctx)
                if p is not None and (best is None or (best.feature == "country" and p.feature != "country")):
                    best = p
        if best is None:
            for ent in sent.ents:
                if ent.label_ in ("GPE", "LOC"):
                    p = self.gazetteer.lookup(ent.text)
                    if p is not None:
                        return p
        return best

    def _contexts(self, sent: Span, extra: str | None) -> list[str]:
        terms = _context_terms()
        out: list[str] = [c for c in (extra or "").split("|") if c]
        lemmas = [t.lemma_.lower() for t in sent]
        for i, lemma in enumerate(lemmas):
            ctx = terms.get(lemma)
            if ctx:
                out.append(ctx)
            if i + 1 < len(lemmas):
                ctx = terms.get(f"{lemma} {lemmas[i + 1]}")
                if ctx:
                    out.append(ctx)
        return out


def _has_label(tok: Token, labels: frozenset[str]) -> bool:
    for t in tok.subtree:
        if t.lemma_.lower() in labels or t.lower_ in labels:
            return True
    return False


def _name_span(tok: Token) -> Span:
    doc = tok.doc
    start = tok.i
    while (
        start > tok.sent.start
        and (doc[start - 1].dep_ == "compound" or doc[start - 1].text == "-")
        and doc[start - 1].head.i in (tok.i, start)
    ):
        start -= 1
    end = tok.i + 1
    return doc[start:end]


def _trim(sent: Span) -> tuple[int, int]:
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.start_char + len(text.rstrip())
    return start, end


class _AccuseRuleHolder:
    pass


def _make_accuse_rule():  # noqa: ANN202 - private constructor for a module constant
    from .triggers import TriggerRule

    return TriggerRule(("say",), frozenset(), "112", {}, "verb")


_ACCUSE_RULE = _make_accuse_rule()


def iter_records(coder: EventCoder, documents: Iterable[Document]) -> Iterable[EventRecord]:
    for d in documents:
        yield from coder.code(d)
