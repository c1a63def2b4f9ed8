"""The event coder: a parsed document in, PLOVER event records out.

For each sentence the coder takes the candidates (:mod:`.candidates`), resolves their actor and
recipient phrases into entities (:mod:`nestor.resolve.actors`), applies PLOVER's conventions
(:mod:`.conventions`), and reads realis, attribution, date, place, size and context. Everything it
knows about words comes from data files; this module holds only the procedure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .. import CODER_NAME
from ..learn.features import is_headline
from ..learn.typer import get_typer
from ..merge.registry import Lookup, fill_entities, read_lookup
from ..models import CodedDocument, Document, Entity, EventRecord, Place, StatementClaim
from ..resolve import lexical
from ..resolve.actors import NON_STATE, SPEAKER_PRONOUNS, ActorResolver, DocContext, is_international_office
from ..resolve.dates import parse_published
from ..resolve.dictionaries import date_user_actors, user_lexicon
from ..resolve.lexicon import ActorLexicon
from ..resolve.places import Gazetteer, get_gazetteer
from ..resolve.sizes import merge_sizes
from ..resolve.toponyms import CACHE_KEY
from ..settings import Settings
from .attribution import (
    Claim,
    claimant_entity,
    contested_modality,
    find_claim,
    is_performative,
    quotation_of,
    unresolved_reference,
)
from .candidates import Candidate, CandidateFinder, subject_of
from .circumstances import PlaceFinder, date_and_size, place_nouns, sentence_contexts
from .claims import ClaimFinder
from .conventions import apply_conventions
from .hazards import no_political_agent
from .mentions import document_mentions
from .ontology import DATA, Ontology, get_ontology, read_words
from .realis import realis_of
from .triggers import TriggerLexicon, get_trigger_lexicon

ARMED = frozenset({"MIL", "REB", "UAF", "PRM", "SPY", "COP"})
FIGHTERS = ARMED - {"COP"}
GOV_ACTION_TYPES = frozenset({"COERCE", "SANCTION", "MOBILIZE", "RETREAT", "CONCEDE"})
# types whose recipient, when the sentence names none, is the country where the event takes place
# where a sentence names no recipient, the country where the event happens receives it ("imposed a
# curfew in Algiers", "will visit Albania"); for these types, not when it is the actor's own country
SAME_COUNTRY_ODD = frozenset({"CONSULT", "AID", "SUPPORT", "COOPERATE"})
# events two parties do together: coordinated subjects are actor and recipient
RECIPROCAL = frozenset({"CONSULT", "AGREE", "COOPERATE", "SUPPORT"})
OFFICIAL_SECTORS = frozenset({"GOV", "LEG", "JUD", "ELI", "PTY", "OPP"})
THEME_PREPS = frozenset(
    {"with", "against", "on", "upon", "to", "from", "toward", "towards", "for", "between", "among"}
)
# what an authority's order makes happen, done by the authority itself (see EventCoder._commanded)
COMMANDED_TYPES = frozenset({"COERCE", "MOBILIZE", "ASSAULT", "SANCTION", "RETREAT", "CONCEDE"})
AUTHORITY_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "PRM"})
FORCES = frozenset({"MIL", "COP", "PRM"})
MOBILIZED = {"MIL": "152", "PRM": "152", "COP": "153"}
STATE_SECTORS = AUTHORITY_SECTORS | {"ELI"}
COERCED = "170"
EXPELLED = "174"
# acts done to people: the people a purpose clause or a theme names are their recipients
UPON_PEOPLE = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION"})
# phrases that say what a protest is against ("against the war", "over price rises", "at settlement",
# "disapproval of/for US policy", "independence from Indonesian rule")
PROTESTED_PREPS = frozenset({"against", "over", "at", "of", "for", "from", "by", "on", "during"})
OWN_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my", "it", "they", "he", "she", "we"})
# what a complaint or an accusation is about: its owner is the accused ("complained over Israeli raids")
ACCUSED_PREPS = frozenset({"over", "about", "against"})


class RegistryView:
    """The actor registry of the store the reports are coded for, read again when the store file has
    changed (a merge between two ingest runs teaches it more), at most every ``RELOAD_S`` seconds while
    an ingest keeps writing to it. A registry a little out of date costs nothing lasting: the merge fills
    the records by the same rule."""

    RELOAD_S = 30.0

    def __init__(self, db: str | None) -> None:
        self.db = Path(db) if db else None
        self._stamp: tuple[tuple[int, int], ...] | None = None
        self._loaded_at = 0.0
        self._lookup: Lookup | None = None

    def lookup(self) -> Lookup | None:
        if self.db is None:
            return None
        stamp = tuple(
            (st.st_mtime_ns, st.st_size)
            for f in (self.db, self.db.with_name(self.db.name + "-wal"))
            if (st := _stat(f)) is not None
        )
        now = time.monotonic()
        if stamp != self._stamp and (self._stamp is None or now - self._loaded_at >= self.RELOAD_S):
            found = read_lookup(self.db) if stamp else None
            if found is not None or not stamp or self._lookup is None:
                self._lookup = found  # a store busy being written keeps the registry last read
            self._stamp, self._loaded_at = stamp, now
        return self._lookup


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None


class EventCoder:
    """Codes documents with a spaCy pipeline and nestor's lexicons (one per process)."""

    def __init__(self, nlp: Language, settings: Settings, gazetteer: Gazetteer | None = None) -> None:
        self.nlp = nlp
        self.settings = settings
        self.onto: Ontology = get_ontology()
        self.lex: TriggerLexicon = get_trigger_lexicon()
        typer = get_typer() if settings.event_model == "on" else None
        self.finder = CandidateFinder(
            self.lex, self.onto, typer, settings.model_confidence, settings.model_override
        )
        actor_lexicon = user_lexicon(ActorLexicon.load(), settings.actors)  # the user's names first
        self.actors = ActorResolver(actor_lexicon, self.lex.words["speech"])
        self.places = PlaceFinder(
            gazetteer or get_gazetteer(settings.min_city_population, settings.cache), self.lex.words["speech"]
        )
        self.actors.place_country = self.places.gazetteer.country_of  # "BATKEN" is a place, no person
        self.actors.place_countries = self._place_countries  # Lebanon's Tripoli, not Libya's
        self.claims = ClaimFinder(self.lex, self.actors)
        self._registries: dict[str, RegistryView] = {}  # store path -> its actor registry, read-only
        len(self.places.gazetteer)  # build the index now: forked workers share it
        self.coded_date = dt.date.today().isoformat()

    def _place_countries(self, name: str) -> set[str]:
        return {p.country_code for p in self.places.gazetteer.candidates(name) if p.country_code}

    # ------------------------------------------------------------------ documents
    def code(self, document: Document, store: str | None = None) -> list[EventRecord]:
        return self.code_many([document], store)[0].records

    def code_many(self, documents: list[Document], store: str | None = None) -> list[CodedDocument]:
        """The documents coded; for the store at ``store`` where one is named (the ingest's), so that a
        bare name takes the country its actor registry learned from other reports."""
        docs = self.nlp.pipe((d.text for d in documents), batch_size=max(1, len(documents)))
        lookup = self.registry(store).lookup() if store else None
        return [self.code_doc(doc, document, lookup) for document, doc in zip(documents, docs, strict=True)]

    def registry(self, store: str) -> RegistryView:
        """The actor registry of the store at ``store``, read when it changes."""
        view = self._registries.get(store)
        if view is None:
            view = self._registries[store] = RegistryView(store)
        return view

    def code_doc(self, doc: Doc, document: Document, lookup: Lookup | None = None) -> CodedDocument:
        """The event records, name mentions and claims of one parsed document; ``lookup``: the actor
        registry of the store it is coded for."""
        doc.user_data[CACHE_KEY] = self.settings.cache  # the gazetteer its places are resolved with
        ctx = self.actors.prepare(doc)
        published = parse_published(document.published)
        records: list[EventRecord] = []
        claims: list[StatementClaim] = []
        headline: list[EventRecord] = []
        sents = [s for s in doc.sents if s.text.strip()]
        for seq, sent in enumerate(doc.sents, start=1):
            if sent.text.strip():
                found = self.code_sentence(sent, seq, ctx, document, published)
                if sent.start == sents[0].start and len(sents) > 1 and is_headline(sent):
                    headline = found
                else:
                    records.extend(found)
                claims.extend(self.claims.find(sent, seq, ctx, document.id))
                self._remember_subjects(sent, ctx)
        # a headline tells in short what the body tells in full: its events count only where the body
        # has none of their type (headline grammar misleads the parse more than body prose does)
        records[:0] = [h for h in headline if not any(_retells(h, r) for r in records)]
        mentions = document_mentions(doc, ctx, self.actors, self.places.gazetteer)
        # names of the user's actor dictionary, re-coded for the date of each event (see dictionaries.py)
        coded = CodedDocument(document, records, mentions, claims)
        coded = date_user_actors(coded, self.actors.lex, published)
        if lookup is not None:
            # a bare "Lula" takes what other reports in the store say of him (the records only: the
            # mentions stay as this report gives them, for they are what the registry learns from)
            for r in coded.records:
                r.actor, r.recipient = fill_entities(r.actor, lookup), fill_entities(r.recipient, lookup)
        return coded

    def _remember_subjects(self, sent: Span, ctx: DocContext) -> None:
        """The last person and group named as a subject, for pronouns in later sentences."""
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") and (tok.pos_ == "PROPN" or tok.i in ctx.mentions):
                ents = self.actors.resolve(tok, ctx)
                if not ents:
                    continue
                e = ents[0]
                named_person = (
                    tok.pos_ == "PROPN"
                    and e.code not in NON_STATE
                    and (" " in (e.identifier_text or "") or tok.lower_ in ctx.persons)
                )
                if named_person:
                    ctx.last_person = e
                elif e.code:
                    ctx.last_group = e

    # ------------------------------------------------------------------ sentences
    def code_sentence(
        self, sent: Span, seq: int, ctx: DocContext, document: Document, published: dt.date | None
    ) -> list[EventRecord]:
        ctx.speaker = self._speaker(sent, ctx)
        candidates = self.finder.find(sent)
        if not candidates:
            return []
        place = self.places.sentence_place(sent, ctx)
        coded: list[tuple[Candidate, EventRecord]] = []
        seen: set[tuple[str, int]] = set()
        for cand in candidates:
            rec = self._record(cand, sent, seq, ctx, document, published, place)
            if rec is None or (rec.event[0], cand.token.i) in seen:
                continue
            seen.add((rec.event[0], cand.token.i))
            coded.append((cand, rec))
        # each record's date and size come from its trigger's own clause (see clauses.py)
        date_and_size([(c.token, c.governors, r) for c, r in coded], sent, published, candidates)
        return with_mirrors(one_record_per_event(fold_into_clashes(coded)))

    def _speaker(self, sent: Span, ctx: DocContext) -> Entity | None:
        """Who speaks in this sentence (for "I" and "we" in quotes): the speaker of the quotation it sits in,
        also one that began in an earlier sentence or is tagged in a later one; else the subject of its
        verb of saying."""
        for tok in sent:
            q = quotation_of(tok, self.lex)
            if q is not None:
                if q.claim is not None and q.claim.source.lower_ not in ("i", "we"):
                    who = claimant_entity(q.claim.source, ctx, self.actors)
                    if who is not None:
                        return who
                break
        for tok in sent:
            if tok.pos_ == "VERB" and self.lex.is_word("speech", tok.lemma_.lower()):
                for c in tok.children:
                    if c.dep_ == "nsubj" and c.lower_ not in ("i", "we"):
                        ents = self.actors.resolve(c, ctx)
                        if ents:
                            return ents[0]
        return ctx.speaker if sent.text.lstrip()[:1] in "\"“'‘«" else None

    # ------------------------------------------------------------------ records
    def _resolve_all(self, toks: list[Token], ctx: DocContext, skip: set[int]) -> list[Entity]:
        """Entities named by argument heads; for a thing rather than an actor, its owner ("an
        Australian ultimatum", "Israeli positions")."""
        out: list[Entity] = []
        for t in toks:
            if t.i in skip:
                continue
            ents = self.actors.resolve(t, ctx)
            if not ents and t.pos_ == "NOUN":
                ents = self.actors.owners(t, ctx)
            out.extend(ents)
        return out

    @staticmethod
    def _country_for(e: Entity, local: str | None, ctx: DocContext) -> str | None:
        """The country of an actor named without one: officials named by their office ("the minister")
        belong to the country the report is about; police, crowds and fighters to the place where the
        event happens. A named person takes the report's country only where the document describes him
        (its person registry has him: "President Omar al-Bashir"); a bare name keeps a null code, for
        the place, the dateline and the report's focus name the other party as often as his own
        ("Angela Merkel met Emmanuel Macron in Paris"). An international official ("the special envoy")
        belongs to no country. (:meth:`_recipients` takes back a borrowed code that is the other
        party's.)"""
        if is_international_office(e.office):
            return None
        if _is_person(e, ctx):
            return (ctx.focus_country or local) if _registered(e, ctx) else None
        if e.sector in OFFICIAL_SECTORS:
            return ctx.focus_country or local
        return local

    def _type_of(self, cand: Candidate, actors: list[Entity]) -> tuple[str, str, str | None]:
        """``(type, cameo, mode)`` of a candidate, after the switches on who acts."""
        rule = cand.rule
        cameo = cand.cameo
        entry = self.onto.entry(cameo)
        own = cameo == rule.cameo
        etype = rule.options["type"] if own and "type" in rule.options else entry.type
        mode = (rule.options["mode"] or None) if own and "mode" in rule.options else entry.mode
        sectors = {a.sector for a in actors}
        armed = bool(sectors & ARMED) or any(a.code == "IMG" for a in actors)
        switch = None
        if "mil" in rule.options and armed:
            switch = rule.options["mil"]
        elif "nonmil" in rule.options and not armed:
            switch = rule.options["nonmil"]
        if "gov" in rule.options and "GOV" in sectors:
            switch = rule.options["gov"]
        if "says" in rule.options and any(c.dep_ == "ccomp" for c in cand.token.children):
            switch = rule.options["says"]  # "…, a human rights group protested": a protest in words
        if switch:
            cameo = switch
            entry = self.onto.entry(cameo)
            etype, mode = entry.type, entry.mode
        return etype, cameo, mode

    def _commanded(self, cand: Candidate, actors: list[Entity], ctx: DocContext) -> str | None:
        """The code of what an authority's order makes happen, where the order is itself the act: a
        government, army, police or court that orders an arrest, a deployment or a withdrawal does it
        ("ordered the arrest of three editors", "ordered troops to the border", "ordered the army to
        pull back"); one that orders a newspaper, a company or residents to act coerces them ("ordered
        the paper to suspend publication", "ordered residents to leave"). Other orders stay requests."""
        if cand.rule.options.get("command") != "1" or not any(_is_authority(a) for a in actors):
            return None
        comp = cand.complement
        # who is ordered: the object of the order, not what is ordered ("ordered the release of")
        ordered = [
            c
            for c in cand.token.children
            if c.dep_ == "dobj" and c.i not in cand.theme and (comp is None or c.i != comp.token.i)
        ]
        parties = [e for t in ordered for e in self.actors.resolve(t, ctx)]
        if not parties and ordered and _is_agent_noun(ordered[0]) and not _owned(ordered[0]):
            parties = [Entity(None, "CVL", ordered[0].text)]  # "ordered residents to leave"
        if comp is not None:
            comp_type = comp.rule.options.get("type") or self.onto.entry(comp.rule.cameo).type
            if comp_type == "RETREAT" and parties and not any(p.sector in STATE_SECTORS for p in parties):
                return EXPELLED  # "ordered foreign journalists to leave the country": an expulsion
            return comp.rule.cameo if comp_type in COMMANDED_TYPES else None
        if not parties:
            return None
        if all(p.sector in FORCES for p in parties) and cand.clause is None:
            return MOBILIZED[parties[0].sector or ""]  # "ordered troops into the province"
        codes = {a.code for a in actors if a.code}
        if cand.clause is not None and all(
            p.sector not in STATE_SECTORS and (p.code is None or not codes or p.code in codes)
            for p in parties
        ):
            return COERCED
        return None

    def _actors(self, cand: Candidate, ctx: DocContext, local: str | None) -> list[Entity]:
        """The actor slot resolved; actors named without a country ("police", "a minister") get the
        country of the event's place or of the report, and say so (``code_from``). Where neither is
        known the actor stays, with a null code and the sector its head noun gives ("gunmen": UAF).
        A state that speaks lends its country to no fighters it speaks of ("Moscow said rebels shelled
        …": they may as well be the other side's)."""
        speaker = ctx.speaker
        speaks = (
            speaker is not None
            and speaker.code == ctx.focus_country
            and not _is_person(speaker, ctx)
            and self._names_its_country(speaker, ctx)
        )
        fallback = local or ctx.focus_country
        actors = [
            self._country_named(
                _with_country(
                    a,
                    self._country_for(a, local if speaks and a.sector in FIGHTERS else fallback, ctx),
                    local,
                )
            )
            for a in self._resolve_all(_past_dateline(cand.actor_tok, ctx), ctx, set())
        ]
        return [a for a in actors if a.code or _is_named(a) or a.sector]

    def _unplaced_actors(self, cand: Candidate) -> list[Entity]:
        """An actor the text names but nothing places ("Ibo traditional elders demanded …"): kept with a
        null code and sector, its words as ``entity_text``, where both layers agree that an event happened
        (the lexicon's trigger and the model's type)."""
        if cand.typed_by != "lexicon+model" or cand.rule.weak or cand.rule.source != "verb":
            return []  # an event noun's doer is not surely the subject of the verb it hangs on
        heads = [t for t in cand.actor_tok if _is_agent_noun(t)]
        return [Entity(None, None, _phrase(t)) for t in heads[:1]]

    def _country_named(self, e: Entity) -> Entity:
        """``e`` with the canonical name of its country as identifier where it has none, so that one
        real actor is one node ("police" coded KAZ and "Kazakh police" both "Kazakhstan")."""
        if e.identifier_text or not e.code:
            return e
        name = self.actors.lex.country_name(e.code)
        return replace(e, identifier_text=name) if name else e

    def _implied_actors(
        self, cand: Candidate, etype: str, ctx: DocContext, local: str | None
    ) -> list[Entity]:
        """An actor the sentence implies without naming it."""
        rule = cand.rule
        fallback = local or ctx.focus_country

        def implied(sector: str, text: str) -> Entity:
            name = self.actors.lex.country_name(fallback) if fallback else None
            return _with_country(Entity(None, sector, text, name), fallback, local)

        if (rule.options.get("passive_gov") == "1" or etype in GOV_ACTION_TYPES) and (
            cand.passive or rule.source == "noun"
        ):
            # "a state of emergency was introduced": the government did it
            return [implied("GOV", "(implied government)")] if fallback else []
        if rule.options.get("sector") in ("CVL", "LAB") and rule.source == "noun":
            # "protests began in Almaty": the people there
            return [implied(rule.options["sector"], cand.token.text)] if fallback else []
        if etype == "PROTEST" and cand.actor_tok and all(_is_crowd(t) for t in cand.actor_tok):
            # "thousands rallied in Tbilisi", "a crowd marched on parliament": civilians, of the place's
            # country where the text gives one
            sector = rule.options.get("sector") if rule.options.get("sector") in ("CVL", "LAB") else "CVL"
            return [implied(sector or "CVL", _phrase(cand.actor_tok[0]))]
        weapon = any(t.lemma_.lower() in weapon_words() for t in cand.actor_tok)
        if etype == "ASSAULT" and (local or rule.source == "noun" or cand.passive or weapon):
            # "three civilians were killed in a car bombing in Baghdad", "a grenade was lobbed at a
            # police post": unidentified attackers (of unknown country where the text names none)
            return [implied("UAF", "(unidentified attackers)")]
        return []

    def _recipients(
        self,
        cand: Candidate,
        sent: Span,
        actors: list[Entity],
        ctx: DocContext,
        local: str | None,
        etype: str | None = None,
    ) -> list[Entity]:
        """The recipient slot resolved; failing that, the owner of what is acted on ("rejected an
        Australian ultimatum", "imposed sanctions on the Taliban", "broke relations with Russia")."""
        skip = cand.theme | {cand.token.i}
        heads = [*self._addressees(cand), *cand.recipient_tok]
        fresh = _NotTheActor(actors, self.actors.lex.country_name)
        recipients = fresh(self._resolve_all(heads, ctx, skip))
        if etype == "ACCUSE":
            # "complained to the UN over Israeli air raids": the accused, not whom the complaint goes to;
            # "Croatian authorities are failing …, a rights group protested": who it says does wrong
            accused = fresh(self._resolve_all(_accused(cand, sent, heads, skip), ctx, skip))
            told = fresh(self._resolve_all(_told_subjects(cand.token), ctx, skip))
            recipients = accused or recipients or told
        if not recipients:
            recipients = self._recipients_of_things(cand, sent, heads, actors, etype, ctx, skip, fresh)
        if not recipients:
            # "blocked streets in defiance of Chinese authorities", "declined to resign despite pressure
            # by the anti-corruption commission": the party the act defies
            recipients = self._resolve_all(_defied(cand.token), ctx, skip)
        if not recipients and etype == "COERCE":
            # "arresting 12": a bare number arrested counts people, as "12 people" would (not a number
            # killed: the dead of an attack may be of any side)
            counted = [t for t in heads if t.pos_ == "NUM" and t.dep_ == "dobj" and not list(t.children)]
            recipients = [Entity(None, "CVL", t.text) for t in counted[:1]]
        if not recipients and etype in UPON_PEOPLE:
            # "opened fire to disperse the demonstrators": whom the purpose clause acts on
            recipients = fresh(self._resolve_all(_purpose_objects(cand.token), ctx, skip))
        if not recipients and etype == "PROTEST":
            recipients = fresh(self._protested(cand.token, ctx, skip))
        fallback = local or ctx.focus_country
        recipients = [
            self._country_named(_with_country(r, self._country_for(r, fallback, ctx), local))
            if r.code is None and r.sector
            else r
            for r in recipients
        ]
        # the other party's country is never the actor's by default: "the prime minister thanked Kenya"
        # in a report on Kenya is no Kenyan thanking Kenya
        named_states = {r.code for r in recipients if r.code and self._names_its_country(r, ctx)}
        for k, a in enumerate(actors):
            if a.code_from and a.code in named_states:
                borrowed_name = a.identifier_text == self.actors.lex.country_name(a.code)
                name = None if borrowed_name else a.identifier_text
                actors[k] = replace(a, code=None, code_from=None, identifier_text=name)
        actor_keys = {(a.code, a.sector, a.identifier_text) for a in actors}
        out: list[Entity] = []
        for r in recipients:
            key = (r.code, r.sector, r.identifier_text)
            if (r.code or _is_named(r) or r.sector) and key not in actor_keys:
                actor_keys.add(key)  # each recipient once
                out.append(r)
        return out

    def _recipients_of_things(
        self,
        cand: Candidate,
        sent: Span,
        heads: list[Token],
        actors: list[Entity],
        etype: str | None,
        ctx: DocContext,
        skip: set[int],
        fresh: _NotTheActor,
    ) -> list[Entity]:
        """Recipients where the recipient slot or the trigger's theme holds a thing or a place."""
        things = [t for t in heads if t.i not in skip and t.pos_ == "NOUN"]
        # a thing's owner ("joined the US-led war"), else whom it is for ("refused admittance to
        # Ghanaians", "reneged on his commitment to the Zambian people", "attacked a camp for Congolese
        # refugees")
        found = fresh([e for t in things for e in self.actors.owners(t, ctx)])
        found = found or fresh(self._resolve_all([g for t in things for g in _theme_targets(t)], ctx, skip))
        # "shelled the regional capital Juba", "attacked the town of Bunia": the place's country
        found = found or self._places_acted_on(heads, ctx, skip)
        if found:
            return found
        themes = [t for t in sent if t.i in cand.theme and t.pos_ in ("NOUN", "PROPN")]
        found = [e for t in themes for e in self._resolve_all(_theme_targets(t), ctx, skip)]
        if not found:
            # "expelled inspectors of the IAEA": people acted on are recipients themselves, where they
            # are not the actor's own ("deployed its peacekeepers"); "dispersed demonstrators" (who they
            # are is filled in later), not "deployed troops"
            people = [t for t in themes if t.pos_ == "NOUN" and _is_agent_noun(t) and not _owned(t)]
            codes = {a.code for a in actors}
            found = [
                e
                for e in self._resolve_all(people, ctx, set())
                if (e.code and e.code not in codes) or (etype in UPON_PEOPLE and e.sector)
            ]
        return found or [e for t in themes for e in self.actors.owners(t, ctx)]

    def _protested(self, trigger: Token, ctx: DocContext, skip: set[int]) -> list[Entity]:
        """Whom a protest is against, where the protest says it in a phrase or a purpose clause rather
        than an object: "marched against Israeli settlement", "blocked a road to show their disapproval
        of US policies", "rioted demanding independence from Indonesian rule", "threw stones during
        demonstrations against violations by the Israeli military". The first noun, nearest first, that
        names an actor or has an owner who is one."""
        frontier = [trigger]
        for _ in range(5):
            nouns: list[Token] = []
            nxt: list[Token] = []
            for t in frontier:
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ in PROTESTED_PREPS:
                        nouns.extend(g for g in c.children if g.dep_ == "pobj")
                    if c.dep_ == "prep":  # "joined the crowds in demanding …"
                        nxt.extend(g for g in c.children if g.dep_ == "pcomp" and g.pos_ == "VERB")
                    elif c.dep_ in ("advcl", "xcomp", "pcomp") and c.pos_ == "VERB":
                        nxt.append(c)  # "to show …", "demanding …"
                    elif c.dep_ == "dobj" and t is not trigger:
                        nouns.append(c)
            for n in nouns:
                if n.i in skip or n.pos_ not in ("NOUN", "PROPN"):
                    continue
                actor_like = n.pos_ == "PROPN" or n.i in ctx.mentions or _is_agent_noun(n)
                found = [e for e in self.actors.resolve(n, ctx) if e.code] if actor_like else []
                if not found and n.pos_ == "NOUN":
                    # "US policies", "violations by the Israeli military"; not "their disapproval"
                    found = [
                        e
                        for e in self.actors.owners(n, ctx)
                        if e.code and e.entity_text.lower() not in OWN_PRONOUNS
                    ]
                if found:
                    return found
                nxt.append(n)
            frontier = nxt
            if not frontier:
                break
        return []

    @staticmethod
    def _addressees(cand: Candidate) -> list[Token]:
        """Who a demand is addressed to, where the demanded clause hangs deeper than the frame reaches
        ("demanded that its partners refuse to recognize …": the subject of "refuse")."""
        if cand.rule.frame != "request" or cand.clause is None or cand.recipient_tok:
            return []
        return [t for t in subject_of(cand.clause) if t.pos_ != "PRON" and t.i not in cand.theme]

    def _places_acted_on(self, heads: list[Token], ctx: DocContext, skip: set[int]) -> list[Entity]:
        """Recipients that are places ("shelled Juba", "stormed the town of Bunia", "the regional capital
        Juba"): the country the place is in, named as the place."""
        out: list[Entity] = []
        for t in heads:
            if t.i in skip or t.i in ctx.datelines or t.i in ctx.non_places:
                continue
            names = [t] if t.pos_ == "PROPN" else []
            if t.pos_ == "NOUN" and t.lemma_.lower() in place_nouns():
                names = [c for c in t.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN"]
                names += [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                          if g.dep_ == "pobj" and g.pos_ == "PROPN"]
            for n in names:
                if n.ent_type_ not in ("GPE", "LOC", "FAC"):
                    continue
                place = self.places.place_of(n, ctx)
                if place is not None and place.country_code:
                    name = self.actors.lex.country_name(place.country_code) or place.country_code
                    out.append(Entity(place.country_code, None, place.name, name))
                    break
        return out

    def _names_its_country(self, e: Entity, ctx: DocContext) -> bool:
        """Whether the text names the entity's country itself ("Kenya", "Nairobi") or names a person of
        that country ("South African leader F.W. de Klerk"), rather than a group in it."""
        if e.code_from or not e.code or not self.actors.lex.country_name(e.code):
            return False
        if _is_person(e, ctx):
            # a person the text describes ("South African leader F.W. de Klerk"); a name with neither
            # office nor sector is a body the lexicon does not know ("the Kenya Anti-Corruption
            # Commission"), of that country but no name of it
            return bool(e.office or e.sector)
        entries = self.actors.lex.lookup(e.entity_text)
        return any(x.kind in ("country", "capital") and x.code == e.code for x in entries)

    def _place_recipient(self, etype: str, actors: list[Entity], place: Place | None) -> list[Entity]:
        """Where a sentence names no recipient, the place receives the event: the government where a
        protest happens; the country where a curfew is imposed or a visit goes."""
        local = place.country_code if place else None
        country_name = self.actors.lex.country_name
        target = local or actors[0].code
        if etype == "PROTEST" and target and (local or target not in NON_STATE):
            return [
                Entity(target, "GOV", place.name if place else "(government)", country_name(target or ""))
            ]
        if local and (local not in {a.code for a in actors} or etype not in SAME_COUNTRY_ODD):
            name = country_name(local) or local
            return [Entity(local, None, place.name if place else name, name)]
        return []

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
        self.finder.fill_arguments(cand)
        tok, rule = cand.token, cand.rule
        local = place.country_code if place else None
        actors = self._actors(cand, ctx, local)
        etype, cameo, mode = self._type_of(cand, actors)
        commanded = self._commanded(cand, actors, ctx)
        if commanded is not None:
            cameo = commanded
            etype, mode = self.onto.entry(cameo).type, self.onto.entry(cameo).mode
        judged = etype  # the type the layers decided, before PLOVER's conventions (future cooperation...)
        if etype == "ASSAULT" and no_political_agent(cand, actors):
            return None  # "floods killed 40 people", "died in a bus crash": no political event
        target_place = place
        if not actors:
            actors = self._implied_actors(cand, etype, ctx, local) or self._unplaced_actors(cand)
            if not actors:
                return None  # PLOVER: no event without an actor
            if etype == "ASSAULT" and place is None:
                # clashes somewhere in the country the report is about hit that country
                target_place = self.places.gazetteer.country_by_iso3(actors[0].code or "")
        for a in actors:
            if (
                a.sector is None
                and rule.options.get("sector")
                and a.code not in NON_STATE
                and not a.identifier_text
            ):
                a.sector = rule.options["sector"]
        recipients = self._recipients(cand, sent, actors, ctx, local, etype)
        if etype == "CONCEDE" and _own_forces_only(recipients, actors):
            return None  # "allows police to conduct body searches": powers given, nothing conceded
        if not recipients and etype in RECIPROCAL and len(actors) == 2 and actors[0].code != actors[1].code:
            # "Kenya and Ethiopia signed a border deal", "A and B held talks": one acts, the other receives
            # (PLOVER's reciprocal events are read in either direction)
            actors, recipients = actors[:1], actors[1:]
        reciprocal = (
            all(r.sector is None and r.code in {a.code for a in actors} for r in recipients)  # "near Badme"
            and etype == "ASSAULT"
            and len(actors) == 2
            and actors[0].code is not None
            and actors[1].code not in (None, actors[0].code)
            and _reciprocal_clash(tok)
        )
        if reciprocal:
            # "Kyrgyz and Tajik forces exchanged fire": each fires on the other (the mirror record is
            # added in code_sentence)
            actors, recipients = actors[:1], actors[1:]
        if rule.weak and not recipients and not cand.complement and self.places.event_place(tok, ctx) is None:
            return None  # "talked", "helped", "hit": too vague without someone on the receiving end
        if not recipients:
            recipients = self._place_recipient(etype, actors, target_place)
        coded = apply_conventions(
            etype, cameo, mode, realis_of(tok, self.lex, cand.governors), self.lex, self.onto
        )
        etype, cameo = coded.type, coded.cameo
        mode = self.onto.valid_mode(etype, coded.mode)
        if (
            etype == "CONSULT"
            and mode is None
            and (len(actors) + len(recipients) >= 3 or any(a.code in NON_STATE for a in actors))
        ):
            mode = "multilateral"
        contexts = [*self.onto.entry(cameo).contexts, *sentence_contexts(sent, rule.options.get("ctx"))]
        contexts = [c for c in dict.fromkeys(contexts) if c in self.onto.contexts]
        start, end = _trim(sent)
        rid = hashlib.sha1(f"{document.id}|{start}|{tok.idx}|{etype}".encode()).hexdigest()[:20]
        attribution, claim = self._attribution(cand, actors, etype, ctx)
        return EventRecord(
            id=rid,
            date=None,  # date and size: set by code_sentence, from the trigger's clause
            date_precision=None,
            event=[etype],
            mode=[mode] if mode else [],
            context=contexts,
            actor=actors,
            recipient=recipients,
            quad_code=self.onto.quad(etype),
            event_scale=self.onto.score(etype, mode),
            cameo=cameo,
            text=document.text[start:end],
            text_info={"sequence": seq, "start": start, "end": end},
            cite_info=document.cite_info(),
            modality=contested_modality({"realis": coded.realis, "cue": coded.cue}, claim),
            attribution=attribution,
            coder=CODER_NAME,
            coded_date=self.coded_date,
            event_loc=self.places.event_place(tok, ctx) or place,
            size=None,
            trigger=cand.match.text,
            confidence=round(cand.guess.p(judged), 3) if cand.guess else None,
            typed_by=cand.typed_by if cand.guess else "lexicon",
            extra={RECIPROCAL_KEY: True} if reciprocal else {},
        )

    def _attribution(
        self, cand: Candidate, actors: list[Entity], etype: str, ctx: DocContext
    ) -> tuple[dict | None, Claim | None]:
        """Who says it (the attribution and the claim it rests on), unless the outlet says it in its own
        voice. Any named or described source is a claimant, country-coded or not (witnesses, a report,
        an outlet: :func:`.attribution.claimant_entity`). A speaker's own verbal act performed as he speaks
        ("I appeal to all sides", "we demand", "I have appealed to the CSTO", Tokayev said) is his event,
        not his claim; his report of an earlier act ("he said he had supported the talks", '"We arrested
        the suspects," the police chief said') is his claim."""
        tok = cand.governors[-1] if cand.governors else cand.token
        claim = find_claim(tok, self.lex)
        if claim is None:
            return None, None
        c = claimant_entity(claim.source, ctx, self.actors)
        if c is None:
            return None, None
        if unresolved_reference(claim.source, c):
            # "It said …" with no speaker found before it: attributed all the same, never the outlet's voice
            return {"claimant": c.to_dict(), "cue": claim.cue, "kind": "unresolved reference"}, claim
        if c.code is None:
            # a country for a claimant named without one as for an actor (officials: the report's); a
            # witness, a source or an outlet stays unplaced
            c = _with_country(c, self._country_for(c, None, ctx), None)
        same = any(
            (a.identifier_text and a.identifier_text == c.identifier_text)
            or (a.code is not None and a.code == c.code and a.sector == c.sector)
            or a.entity_text.lower() in SPEAKER_PRONOUNS
            for a in actors
        )
        if same and self.onto.quad(etype) in (1, 3) and not claim.denied:
            if is_performative(cand.token, quotation_of(cand.token, self.lex) is not None):
                return None, None
        return {"claimant": c.to_dict(), "cue": claim.cue}, claim


def _past_dateline(heads: list[Token], ctx: DocContext) -> list[Token]:
    """Argument heads, where the parser made the dateline the subject ("BATKEN, Kyrgyzstan — Kyrgyz and
    Tajik forces exchanged fire": "BATKEN", with the real subject hung on the dateline as a conjunct),
    the words after the dateline instead."""
    out: list[Token] = []
    for t in heads:
        if t.i not in ctx.datelines:
            out.append(t)
            continue
        dateline = ctx.datelines
        out.extend(x for x in t.subtree if x.dep_ == "conj" and x.i not in dateline and x.head.i in dateline)
    return out


RECIPROCAL_KEY = "_reciprocal"  # marks a clash record until its mirror is made (never written out)


@lru_cache(maxsize=1)
def reciprocal_clashes() -> frozenset[str]:
    """``data/coding/reciprocal_clashes.txt``: verbs (and verb-object pairs) of fighting each other."""
    return read_words(DATA / "reciprocal_clashes.txt")


def _reciprocal_clash(tok: Token) -> bool:
    lemma = tok.lemma_.lower()
    objects = [c.lemma_.lower() for c in tok.children if c.dep_ == "dobj"]
    words = reciprocal_clashes()
    each_other = any(  # "fought each other", "shelled one another"
        c.dep_ == "dobj"
        and c.lower_ in ("other", "another")
        and any(d.lower_ in ("each", "one") for d in c.children)
        for c in tok.children
    )
    return each_other or (lemma in words and not objects) or any(f"{lemma} {o}" in words for o in objects)


def fold_into_clashes(coded: list[tuple[Candidate, EventRecord]]) -> list[tuple[Candidate, EventRecord]]:
    """A clash and the harm told of it in the same sentence with no one named doing it ("forces
    exchanged fire …, and two people were killed and eleven injured") are one event: the passive records
    coordinated with the clash, whose attacker is only implied, fold into it (its size is the
    sentence's)."""
    clashes = [c.token for c, r in coded if r.extra.get(RECIPROCAL_KEY)]
    if not clashes:
        return coded

    def folded(cand: Candidate, rec: EventRecord) -> bool:
        if rec.extra.get(RECIPROCAL_KEY) or rec.event != ["ASSAULT"]:
            return False
        if not all(a.entity_text.startswith("(") for a in rec.actor):
            return False
        t = cand.token
        for _ in range(4):
            if t.dep_ not in ("conj", "acl") or t.head is t:  # "… were killed and eleven injured"
                return False
            t = t.head
            if t in clashes:
                return True
        return False

    return [(c, r) for c, r in coded if not folded(c, r)]


def with_mirrors(records: list[EventRecord]) -> list[EventRecord]:
    """Each clash record followed by its mirror (the recipient firing on the actor), as PLOVER reads a
    reciprocal event in both directions. The clash's dead and injured stay on the first record only, so
    that summing sizes over records counts them once."""
    out: list[EventRecord] = []
    for r in records:
        if not r.extra.pop(RECIPROCAL_KEY, False):
            out.append(r)
            continue
        rid = hashlib.sha1(f"{r.id}|mirror".encode()).hexdigest()[:20]
        mirror = replace(
            r, id=rid, actor=list(r.recipient), recipient=list(r.actor), extra=dict(r.extra), size=None
        )
        out.extend([r, mirror])
    return out


# how a word that tells the same happening as its head hangs on it: "opened fire, killing five",
# "the attack killed three", "stormed the village and torched houses"
SAME_EVENT_DEPS = frozenset({"advcl", "conj", "xcomp", "nsubj", "dobj", "acl", "relcl"})


def one_record_per_event(coded: list[tuple[Candidate, EventRecord]]) -> list[EventRecord]:
    """One record per happening: of two records of one type and realis in a sentence where one trigger
    (or the light verb carrying an event noun) governs the other directly and the governed one has no
    subject of its own ("opened fire, killing five", "launched an attack, killing five", not "rebels
    attacked the base and the army attacked the camp"), the one with more named parties stays (the
    governing one on a tie), with the size either gives."""
    dropped: set[int] = set()
    for i, (ci, ri) in enumerate(coded):
        for j, (cj, rj) in enumerate(coded):
            if i == j or i in dropped or j in dropped:
                continue
            # the trigger, or the light verb that carries it ("launched an attack, killing five")
            carriers = {ci.token.i, *(g.i for g in ci.governors if ci.rule.source == "noun")}
            if cj.token.head.i not in carriers or cj.token.dep_ not in SAME_EVENT_DEPS or cj is ci:
                continue
            if cj.token.dep_ in ("conj", "advcl") and any(
                c.dep_ in ("nsubj", "nsubjpass") and not (cj.token.dep_ == "advcl" and c.pos_ == "PRON")
                for c in cj.token.children
            ):
                # a clause with its own subject tells a happening of its own; not a subordinate one whose
                # subject is a pronoun ("killed 23 people when they blew themselves up": the same doers,
                # as the actors compared below must show)
                continue
            if ri.event != rj.event or ri.modality.get("realis") != rj.modality.get("realis"):
                continue
            actors_i = {a.code for a in ri.actor if a.code}
            actors_j = {a.code for a in rj.actor if a.code}
            if actors_i and actors_j and not actors_i & actors_j:
                continue  # different doers
            weight_i = len(ri.actor) + len(ri.recipient) + (1 if ri.size else 0)
            weight_j = len(rj.actor) + len(rj.recipient) + (1 if rj.size else 0)
            loser, keeper, other = (i, rj, ri) if weight_j > weight_i else (j, ri, rj)
            keeper.size = merge_sizes(keeper.size, other.size)
            dropped.add(loser)
    return [r for k, (_c, r) in enumerate(coded) if k not in dropped]


@lru_cache(maxsize=1)
def weapon_words() -> frozenset[str]:
    return read_words(DATA / "weapons.txt")


@lru_cache(maxsize=1)
def crowd_words() -> frozenset[str]:
    """Words that count or gather people without naming them (``data/coding/crowd_words.txt``)."""
    return read_words(DATA / "crowd_words.txt")


def _is_crowd(tok: Token) -> bool:
    """A subject that counts people without naming them: "thousands", "hundreds of people", "a crowd"."""
    words = crowd_words()
    return tok.lower_ in words or tok.lemma_.lower() in words or tok.like_num


def _is_agent_noun(tok: Token) -> bool:
    """A noun that can name who acts: people and groups (WordNet's person and group classes, or a person,
    group or organisation the parser names), never a thing or a happening ("an explosion")."""
    if tok.is_stop or tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    return lexical.noun_class(tok.lemma_.lower()) in ("person", "group")


def _phrase(tok: Token) -> str:
    """The words of the noun phrase ``tok`` heads (without its clauses)."""
    words = [t for t in tok.subtree if t.dep_ not in ("relcl", "acl", "punct") or t.i == tok.i]
    return " ".join(t.text for t in words[:8])


def _retells(headline: EventRecord, body: EventRecord) -> bool:
    """Whether a body record tells the headline's event: the same type, and a party in common where both
    name one ("Police kill 3 in Nairobi" is not told by "soldiers killed two rebels in Mombasa")."""
    if headline.event != body.event:
        return False
    def parties(r: EventRecord) -> set[tuple[str | None, str | None]]:
        return {(e.code, e.sector) for e in [*r.actor, *r.recipient] if not e.entity_text.startswith("(")}

    mine, theirs = parties(headline), parties(body)
    return not mine or not theirs or bool(mine & theirs)


class _NotTheActor:
    """Keeps, of candidate recipients, those that are not the actor again ("his commitment": the actor's
    own), comparing with the actors as the text names them (a country the coder lent an actor may be
    the other party's)."""

    def __init__(self, actors: list[Entity], country_name: Callable[[str], str | None]) -> None:
        own = [_unborrowed(a, country_name(a.code or "")) if a.code_from else a for a in actors]
        self.keys = {(a.code, a.sector, a.identifier_text) for a in own}
        # a person or body by name (not a country's name, which its citizens and its state share)
        self.names = {
            a.identifier_text
            for a in own
            if a.identifier_text and a.identifier_text != country_name(a.code or "")
        }

    def __call__(self, ents: list[Entity]) -> list[Entity]:
        return [
            e
            for e in ents
            if (e.code, e.sector, e.identifier_text) not in self.keys and e.identifier_text not in self.names
        ]


def _accused(cand: Candidate, sent: Span, heads: list[Token], skip: set[int]) -> list[Token]:
    """What a complaint is about, on the trigger or on the nouns it acts with ("complained to the UN over
    Israeli air raids", "lodged a complaint with the UN over troop movements")."""
    nouns = [t for t in sent if (t.i in cand.theme or t in heads) and t.pos_ == "NOUN"]
    return [g for w in [cand.token, *nouns] for g in _theme_targets(w, ACCUSED_PREPS) if g.i not in skip]


def _told_subjects(tag: Token) -> list[Token]:
    """The subjects of what a verb of complaint tells, also where the parser hangs the verb on it
    ("Zambian police are beating detainees, a rights group complained")."""
    told = [c for c in tag.children if c.dep_ in ("ccomp", "parataxis")]
    if not told and tag.dep_ in ("ccomp", "parataxis", "conj") and tag.head.i < tag.i:
        told.append(tag.head)
    return [s for c in told for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]


def _purpose_objects(trigger: Token) -> list[Token]:
    """The people a purpose clause acts on ("opened fire to disperse the demonstrators")."""
    return [
        o
        for c in trigger.children
        if c.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" for a in c.children)
        for o in c.children
        if o.dep_ == "dobj" and _is_agent_noun(o)
    ]


def _unborrowed(e: Entity, country: str | None) -> Entity:
    """``e`` as the text names it, without the country the coder lent it (and that country's name)."""
    name = None if e.identifier_text == country else e.identifier_text
    return replace(e, code=None, code_from=None, identifier_text=name)


def _owned(tok: Token) -> bool:
    """A noun with a possessive on it ("its peacekeepers")."""
    return any(c.dep_ == "poss" for c in tok.children)


def _with_country(e: Entity, code: str | None, local: str | None) -> Entity:
    """``e`` with ``code`` filled in where it had none, and where that code came from."""
    if e.code is not None or code is None:
        return e
    return replace(e, code=code, code_from="place" if code == local else "report")


def _own_forces_only(recipients: list[Entity], actors: list[Entity]) -> bool:
    """Whether all who receive an act are the actors' own armed forces or police (of no other country
    than the actors'): a state's leave to its own forces is no concession to anyone."""
    codes = {a.code for a in actors if a.code}
    return bool(recipients) and all(
        r.sector in FORCES and (r.code is None or r.code_from is not None or r.code in codes)
        for r in recipients
    )


def _is_authority(e: Entity) -> bool:
    """A state body that can give orders others must obey: a government, its forces, a court."""
    return e.sector in AUTHORITY_SECTORS and e.code not in NON_STATE


def _is_person(e: Entity, ctx: DocContext) -> bool:
    """A named person (or a name the lexicon does not know): one the document's registry lists, or an
    entity whose identifier is its own text."""
    ident = (e.identifier_text or "").lower()
    return bool(ident) and (_is_named(e) or ident in ctx.persons or e.entity_text.lower() in ctx.persons)


def _registered(e: Entity, ctx: DocContext) -> bool:
    """Whether the document describes the person: its registry has him under his name or surname."""
    return (e.identifier_text or "").lower() in ctx.persons or e.entity_text.lower() in ctx.persons


def _is_named(e: Entity) -> bool:
    """A named person or body: an actor even when its country is unknown (its code stays null)."""
    return bool(e.identifier_text) and e.identifier_text == e.entity_text


def _theme_targets(noun: Token, preps: frozenset[str] = THEME_PREPS) -> list[Token]:
    """Objects of the prepositions hanging from a theme noun ("relations *with Russia*"), also through
    an amount's "of" to the beneficiary of what it measures ("70 million dollars of aid *for Romania*")."""
    out: list[Token] = []
    for c in noun.children:
        if c.dep_ != "prep":
            continue
        for gc in c.children:
            if gc.dep_ != "pobj":
                continue
            if c.lower_ in preps:
                out.append(gc)
            elif c.lower_ == "of" and preps is THEME_PREPS and gc.pos_ == "NOUN" and _is_amount(noun):
                out.extend(_theme_targets(gc, BENEFICIARY_PREPS))
    return out


BENEFICIARY_PREPS = frozenset({"for", "to"})
# phrases that name whom an act defies: "in defiance of X", "in protest against X", "despite pressure by X"
DEFIANCE_FRAMES = {
    "in": frozenset({"defiance", "protest", "opposition"}),
    "despite": frozenset(
        {"pressure", "call", "calls", "demand", "demands", "appeal", "appeals", "objection", "objections",
         "opposition", "warning", "warnings", "protest", "protests", "request", "requests"}
    ),
}
DEFIED_PREPS = frozenset({"of", "against", "at", "to", "by", "from"})


def _defied(trigger: Token) -> list[Token]:
    """Whom the act of ``trigger`` (or of the verb it governs: "declined to resign") defies, by the
    phrases of :data:`DEFIANCE_FRAMES`: the objects of the frame noun's prepositions, or the frame noun
    itself where its owner is written before it ("despite US pressure")."""
    verbs = [trigger, *(c for c in trigger.children if c.dep_ == "xcomp")]
    out: list[Token] = []
    for v in verbs:
        for p in v.children:
            nouns = DEFIANCE_FRAMES.get(p.lower_)
            if p.dep_ != "prep" or nouns is None:
                continue
            for n in p.children:
                if n.dep_ != "pobj" or n.lower_ not in nouns:
                    continue
                objs = [
                    gc
                    for c in n.children
                    if c.dep_ == "prep" and c.lower_ in DEFIED_PREPS
                    for gc in c.children
                    if gc.dep_ == "pobj"
                ]
                out.extend(objs or [n])
    return out


def _is_amount(noun: Token) -> bool:
    """A noun that measures something ("dollars", "tonnes", "a million"): it has a number on it."""
    return any(c.dep_ in ("nummod", "quantmod") or c.like_num for c in noun.children)


def _trim(sent: Span) -> tuple[int, int]:
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.start_char + len(text.rstrip())
    return start, end
