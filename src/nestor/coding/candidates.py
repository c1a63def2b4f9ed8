"""Event candidates: the triggers of one sentence, with frames folded in and argument slots filled.

A candidate is one trigger (verb, event noun, or a construction such as "is willing to" or "said X
must") plus the tokens that head its actor and recipient phrases. Resolving those tokens into
entities is the actor resolver's job; turning a candidate into a record is the coder's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from ..learn.features import is_candidate, is_headline
from ..learn.typer import EventTyper, TypeGuess
from ..resolve import lexical
from . import folding
from .ontology import DATA, Ontology
from .triggers import TriggerLexicon, TriggerMatch, TriggerRule

RECIPIENT_PREPS = frozenset(
    {"to", "with", "against", "on", "upon", "into", "toward", "towards", "from", "at", "for"}
)
CLAUSE_DEPS = frozenset({"xcomp", "ccomp"})
OBJECT_CONTROL = frozenset(
    {"urge", "ask", "order", "call", "force", "persuade", "allow", "invite", "press", "pressure"}
)
DEONTIC = frozenset({"must", "should"})
# WordNet classes of nouns that can name who acts (None: a word WordNet does not know)
AGENT_CLASSES = frozenset({"person", "group", "location", None})
# event nouns whose "of" phrase names whom they are done to, not who does them ("the arrest of activists")
PATIENT_OF_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})
# modals that make what a warning tells a forecast rather than a threat ("warned rebels could attack")
FORECAST_MODALS = frozenset({"could", "may", "might", "can"})
# intentions to do these are threats ("vowed to fight", "is prepared to impose martial law")
THREAT_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION", "PROTEST"})
# constructions that are not verbs of the lexicon but carry an event of their own
ACCUSE_RULE = TriggerRule(("say",), frozenset(), "112", {}, "verb")
INTENT_RULE = TriggerRule(("willing",), frozenset(), "030", {"frame": "intent"}, "verb")
DEONTIC_RULE = TriggerRule(("must",), frozenset(), "100", {"frame": "request"}, "verb")


@lru_cache(maxsize=1)
def accusatory_labels() -> frozenset[str]:
    text = (DATA / "accusatory.txt").read_text(encoding="utf-8")
    return frozenset(ln.strip().lower() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


@dataclass
class Candidate:
    match: TriggerMatch
    cameo: str
    complement: TriggerMatch | None = None  # the event a frame governs ("agreed to *send*")
    clause: Token | None = (
        None  # the clause a frame governs, matched or not ("demanded that the US *cancel*")
    )
    actor_tok: list[Token] = field(default_factory=list)
    recipient_tok: list[Token] = field(default_factory=list)
    governors: list[Token] = field(default_factory=list)  # light or occurrence verbs above an event noun
    theme: set[int] = field(default_factory=set)  # what is sent, imposed, demanded: not a recipient
    passive: bool = False
    guess: TypeGuess | None = None  # the learned model's opinion of the trigger
    typed_by: str = "lexicon"  # lexicon | model | lexicon+model (the model agrees) | model-override

    @property
    def token(self) -> Token:
        return self.match.token

    @property
    def rule(self) -> TriggerRule:
        return self.match.rule


def subject_of(verb: Token) -> list[Token]:
    """The subject of a verb, following coordination, control and relative clauses."""
    subs = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subs:
        return subs
    rootless = _rootless_subject(verb) if verb.dep_ in ("acl", "conj") else None
    if rootless is not None:
        return [rootless]
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
        head_subs = subject_of(verb.head)
        if not head_subs and verb.tag_ != "VBN" and not is_passive(verb):
            # "X has been indicted and will resign": an active conjunct's subject is the passive one's
            return [c for c in verb.head.children if c.dep_ == "nsubjpass"]
        return head_subs
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.dep_ == "prep":
        # "youths resorted to throwing stones", "troops responded by firing": an adjunct gerund's
        # subject is its clause's; where that clause has an object, the gerund is the object's doing
        # ("accused Tajikistan of shelling the border", "blamed the army for burning homes")
        main = verb.head.head
        if main.pos_ in ("VERB", "AUX"):
            objs = [c for c in main.children if c.dep_ == "dobj"]
            return objs or subject_of(main)
        return []
    if verb.dep_ == "xcomp":
        head = verb.head
        objs = [c for c in head.children if c.dep_ == "dobj"]
        if objs and head.lemma_.lower() in OBJECT_CONTROL:
            return objs
        if head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod"):
            return subject_of(head.head)
        return subject_of(head)
    if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
        return [verb.head]
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        noun = verb.head
        if (
            noun.pos_ == "NOUN"
            and noun.dep_ == "dobj"
            and noun.head.pos_ == "VERB"
            and lexical.noun_class(noun.lemma_.lower()) not in (None, "person", "group")
        ):
            # "issued a statement demanding …", "passed a law banning …": a thing does not act, who
            # issued it does
            return subject_of(noun.head) or [noun]
        return [noun]
    if verb.dep_ == "advcl":
        return subject_of(verb.head)
    if verb.dep_ == "acomp" and verb.head.pos_ in ("AUX", "VERB"):
        # "Israel is opposed to the mediation", "Vietnam is committed to reform": a stative participle
        # after a copula states an attitude of the copula's subject
        return subject_of(verb.head)
    return []


def agent_of(verb: Token) -> list[Token]:
    for c in verb.children:
        if c.dep_ == "agent":
            return [gc for gc in c.children if gc.dep_ == "pobj"]
    return []


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN" and _rootless_subject(verb) is None
    )


def _rootless_subject(verb: Token) -> Token | None:
    """The subject of a main verb the parser took for a participle on a noun, in a sentence it left
    with a noun for its root: "Doctors from two aid groups *donated* and *delivered* goods to the
    school" (parsed as "groups donated"). Such a participle acts: it, or a verb joined to it, takes a
    direct object or is in the past tense; the root noun is its subject."""
    root = verb.sent.root
    participle = verb.head if verb.dep_ == "conj" else verb
    if root.pos_ not in ("NOUN", "PROPN") or participle.dep_ != "acl" or participle.head.pos_ not in (
        "NOUN",
        "PROPN",
    ):
        return None
    if participle.head.i != root.i and root.i not in {a.i for a in participle.head.ancestors}:
        return None
    verbs = [participle, *participle.conjuncts]
    if any(v.tag_ == "VBD" or any(c.dep_ == "dobj" for c in v.children) for v in verbs):
        return root
    return None


def _prep_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in preps:
            out.extend(gc for gc in c.children if gc.dep_ == "pobj")
    return out


def _is_infinitive_adjunct(c: Token) -> bool:
    """An infinitive the parser hangs on a frame as an adjunct, where it is the frame's content
    ("called on Egypt *to free* the activists", "pressed Kyiv *to hold* talks")."""
    return (
        c.dep_ == "advcl"
        and c.pos_ in ("VERB", "AUX")
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        and not any(s.dep_ in ("nsubj", "nsubjpass") for s in c.children)
    )


def _others_act(frame: Token, clause: Token | None) -> bool:
    """Whether the clause a warning governs forecasts what someone other than the warner may do, named
    there ("analysts warned that rebels could attack"); a threat holds out the warner's own act, or his
    side's, as certain ("the rebels warned they would attack", "the security chief warned that police
    will no longer tolerate rallies")."""
    if clause is None or clause.pos_ not in ("VERB", "AUX"):
        return False
    if not any(a.dep_ == "aux" and a.lower_ in FORECAST_MODALS for a in clause.children):
        return False
    warners = {t.lemma_.lower() for t in subject_of(frame)}
    named = [s for s in clause.children if s.dep_ in ("nsubj", "nsubjpass") and s.pos_ in ("NOUN", "PROPN")]
    return bool(warners) and any(s.lemma_.lower() not in warners for s in named)


def _controlled(verb: Token) -> list[Token]:
    """Whom a verb of control acts on where the parser makes it the subject of the infinitive
    ("allowed the opposition leader to hold a rally" parsed with "leader" as the subject of "hold")."""
    return [
        s
        for c in verb.children
        if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for s in c.children
        if s.dep_ in ("nsubj", "nsubjpass") and s.pos_ != "PRON"
    ]


def _clause_of(tok: Token) -> Token | None:
    """The clause a frame governs: its complement clause, or one hanging from its object or from
    itself as a noun ("demanded that X…", "its demand that Israel ease…", "insisted on its demands that…")."""
    for c in tok.children:
        if (
            c.dep_ in CLAUSE_DEPS
            or (tok.pos_ == "NOUN" and c.dep_ == "acl" and c.pos_ == "VERB")
            or _is_infinitive_adjunct(c)
        ):
            return c
    for c in tok.children:
        if c.dep_ in ("dobj", "pobj", "prep"):
            inner = [c] if c.dep_ != "prep" else [g for g in c.children if g.dep_ == "pobj"]
            for n in inner:
                for g in n.children:
                    if (
                        g.dep_ in ("acl", "ccomp")
                        and g.pos_ == "VERB"
                        and any(m.dep_ == "mark" or m.dep_ == "nsubj" for m in g.children)
                    ):
                        return g
    return None


def _has_label(tok: Token, labels: frozenset[str]) -> bool:
    """Whether the phrase headed by ``tok`` (its head and modifiers, not its clauses) is a label."""
    words = [tok, *(c for c in tok.children if c.dep_ in ("compound", "amod", "attr", "oprd", "conj"))]
    return any(t.lemma_.lower() in labels or t.lower_ in labels for t in words)


def _may_act(tok: Token) -> bool:
    """Whether a noun can name who does something: a name, a person or group noun, a pronoun; not a
    thing or a happening ("the arrest", "the plan")."""
    if tok.pos_ in ("PROPN", "PRON") or tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    return tok.pos_ == "NOUN" and lexical.noun_class(tok.lemma_.lower()) in AGENT_CLASSES


def rule_stative(rule: TriggerRule) -> bool:
    """A verb whose agentless passive states an attitude of its subject ("is opposed to")."""
    return rule.options.get("stative") == "1"


def model_rule(etype: str, mode: str | None, cameo: str, source: str, lemma: str) -> TriggerRule:
    """A lexicon-like rule for an event only the model saw."""
    options = {"type": etype, "mode": mode or "", "model": "1"}
    return TriggerRule((lemma,), frozenset(), cameo, options, source)


class CandidateFinder:
    """Finds the event candidates of a sentence: the trigger lexicon's, checked by the learned model
    where one is loaded, and the verbs and event nouns the model alone types as events."""

    def __init__(
        self,
        lex: TriggerLexicon,
        onto: Ontology,
        typer: EventTyper | None = None,
        min_confidence: float = 0.6,
        override_confidence: float = 0.9,
    ) -> None:
        self.lex = lex
        self.onto = onto
        self.typer = typer
        self.min_confidence = min_confidence
        self.override_confidence = override_confidence
        self._event_nouns = frozenset(lex.nouns)

    # ------------------------------------------------------------------ finding
    def find(self, sent: Span) -> list[Candidate]:
        lex = self.lex
        consumed: set[int] = set()
        cands: list[Candidate] = []
        for tok in sent:
            if tok.i in consumed:
                continue
            match: TriggerMatch | None = None
            if folding.is_attributive(tok):
                continue
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT" and tok.lemma_ != "be"):
                labelled = self._accusation(tok)
                if labelled is not None:
                    # "called the unrest a coup attempt": the label makes it an accusation before any
                    # other sense of the verb (the phone call)
                    cands.append(labelled)
                    continue
                match = lex.match_verb(tok)
                if match is None:
                    special = self._deontic(tok)
                    if special is not None and self._fold_frame(special, consumed):
                        cands.append(special)
                    continue
            elif (
                tok.pos_ in ("ADJ", "VERB")
                and lex.is_word("intent_adj", tok.lemma_.lower())
                and tok.dep_
                in (
                    "acomp",
                    "amod",
                    "ROOT",
                    "ccomp",
                )
            ):
                # "is willing to withdraw", "is committed to opening up the economy"
                if any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "to") for c in tok.children):
                    match = TriggerMatch(tok, INTENT_RULE, (tok,))
            elif tok.pos_ == "ADJ" and tok.dep_ == "acomp" and tok.lower_.endswith("ed"):
                # "Israel is opposed to the plan": a stative participle the tagger calls an adjective
                stative = lex.match_verb(tok)
                match = stative if stative is not None and rule_stative(stative.rule) else None
            elif tok.pos_ in ("NOUN", "PROPN") and self.noun_licensed(tok):
                match = lex.match_noun(tok)
            if match is None:
                continue
            cand = Candidate(match, match.rule.cameo)
            for w in match.words[1:]:
                if w.pos_ in ("NOUN", "PROPN"):
                    cand.theme.add(w.i)
                    consumed.add(w.i)
            if match.rule.frame and self._attempted(tok):
                continue  # "sought to ease tensions": an attempt at what it governs, no request
            if match.rule.frame and not self._fold_frame(cand, consumed):
                continue
            cands.append(cand)
        # an event noun carried by a verb that is itself a trigger is one event, not two
        verb_objs = {w.i for c in cands if c.rule.source == "verb" for w in c.match.words[1:]}
        cands = [c for c in cands if not (c.rule.source == "noun" and c.token.i in verb_objs)]
        if self.typer is not None:
            cands = self._learned(sent, cands, consumed)
        return folding.one_happening_each(cands, self.type_of, self.is_light, self.is_plain)

    @staticmethod
    def is_plain(cand: Candidate) -> bool:
        """A trigger of its own (the lexicon's or the model's), not a frame or a construction."""
        return not (cand.rule.frame or cand.rule in (ACCUSE_RULE, DEONTIC_RULE, INTENT_RULE))

    def type_of(self, cand: Candidate) -> str:
        """The PLOVER type a candidate codes (a frame's: the type of the code it makes)."""
        if not self.is_plain(cand):
            return self.onto.entry(cand.cameo).type
        return self._lexicon_type(cand) or self.onto.entry(cand.cameo).type

    # ------------------------------------------------------------------ the learned layer
    def _lexicon_type(self, cand: Candidate) -> str | None:
        if cand.rule.frame:
            return f"frame:{cand.rule.frame}"
        return cand.rule.options.get("type") or self.onto.entry(cand.rule.cameo).type

    def _learned(self, sent: Span, cands: list[Candidate], consumed: set[int]) -> list[Candidate]:
        """The model's opinion of each lexicon candidate, and candidates of its own: a verb or event
        noun outside the lexicon that it types as an event with enough confidence."""
        assert self.typer is not None
        taken = consumed | {w.i for c in cands for w in c.match.words}
        for c in cands:
            if c.rule.frame:
                # what a frame governs is its content ("threatened to cut off power", "demanded that
                # Hamas renounce violence"): the frame's event, not events of their own
                for governed in (c.clause, c.complement.token if c.complement else None):
                    if governed is not None and governed.i != c.token.i:
                        taken |= {t.i for t in governed.subtree}
        others = [
            t
            for t in sent
            if t.i not in taken
            and t.lemma_.lower() not in ("be", "have", "do")
            and not self.lex.is_word("speech", t.lemma_.lower())  # the rules read verbs of saying
            and is_candidate(t, self._event_nouns)
            and not folding.is_attributive(t)
            and (t.pos_ != "NOUN" or self.noun_licensed(t))
        ]
        toks = [c.token for c in cands] + others
        lex_types = [self._lexicon_type(c) for c in cands] + [None] * len(others)
        guesses = self.typer.guess(toks, lex_types, is_headline(sent))
        kept: list[Candidate] = []
        for cand, g in zip(cands, guesses, strict=False):
            cand.guess = g
            kept.extend(self._checked(cand, g))
        for tok, g in zip(others, guesses[len(cands) :], strict=True):
            if g.type is None or g.confidence < self.min_confidence:
                continue
            if not self.typer.knows(tok):
                continue  # a word neither the corpus nor WordNet relates to an event word: no guessing
            source = "noun" if tok.pos_ == "NOUN" else "verb"
            rule = model_rule(g.type, g.mode, self.onto.code_for(g.type, g.mode), source, tok.lemma_.lower())
            cand = Candidate(TriggerMatch(tok, rule, (tok,)), rule.cameo, guess=g, typed_by="model")
            kept.append(cand)
        return sorted(kept, key=lambda c: c.token.i)

    def _checked(self, cand: Candidate, g: TypeGuess) -> list[Candidate]:
        """A lexicon candidate stands unless the model is confident otherwise: then it takes the model's
        type (or, where the model is sure it is no event, it goes)."""
        special = cand.rule in (ACCUSE_RULE, DEONTIC_RULE, INTENT_RULE) or cand.rule.frame
        lex_type = self._lexicon_type(cand)
        # a frame agrees with the model when the model gives the type the frame codes ("demanded" REQUEST)
        coded_type = self.onto.entry(cand.cameo).type if cand.rule.frame else lex_type
        if special or g.type == lex_type:
            cand.typed_by = "lexicon+model" if g.type in (lex_type, coded_type) else "lexicon"
            return [cand]
        if g.confidence < self.override_confidence or g.p(lex_type) > (1 - self.override_confidence) / 2:
            return [cand]
        if g.type is None:
            return []
        rule = model_rule(
            g.type, g.mode, self.onto.code_for(g.type, g.mode), cand.rule.source, cand.token.lemma_.lower()
        )
        cand.match = TriggerMatch(cand.token, rule, cand.match.words)
        cand.cameo = rule.cameo
        cand.typed_by = "model-override"
        return [cand]

    def _attempted(self, tok: Token) -> bool:
        """A verb of trying with its own infinitive and no object ("sought to ease tensions", "seeks to
        expand its trade"): what it governs is attempted by its subject, not asked of anyone ("sought
        talks", "seeks help from" stay requests)."""
        if tok.pos_ != "VERB" or not self.lex.is_word("attempt", tok.lemma_.lower()):
            return False
        if any(c.dep_ in ("dobj", "dative") for c in tok.children):
            return False
        return any(
            c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in tok.children
        )

    def _fold_frame(self, cand: Candidate, consumed: set[int]) -> bool:
        """Folds the governed event into a frame candidate; False when the frame needs one and has none
        ("warned of sleeper cells" is no threat; "warned it would retaliate" is)."""
        frame = cand.rule.frame
        if frame is None:
            return True
        comp = self._complement(cand.token)
        cand.clause = _clause_of(cand.token)
        if frame == "threaten" and _others_act(cand.token, cand.clause or (comp.token if comp else None)):
            return False  # "analysts warned that rebels could attack": a forecast, no threat
        if comp is None:
            return cand.clause is not None or cand.rule.options.get("needs") != "complement"
        consumed.add(comp.token.i)
        consumed.update(w.i for w in comp.words)
        # a frame between the two ("refused to *commit* to any assistance") is part of this one
        link = comp.token.head
        for _ in range(6):
            if link.i == cand.token.i or link.head.i == link.i:
                break
            consumed.add(link.i)
            link = link.head
        cand.complement = comp
        cand.clause = comp.token if comp.token.pos_ in ("VERB", "AUX") else cand.clause
        comp_type = comp.rule.options.get("type") or self.onto.entry(comp.rule.cameo).type
        if frame == "intent" and comp_type in THREAT_TYPES:
            frame = "threaten"
        cand.cameo = self.lex.frame_code(frame, comp.rule.cameo)
        cand.theme.update(w.i for w in comp.words)
        return True

    def _accusation(self, tok: Token) -> Candidate | None:
        """'X called the unrest a coup attempt', 'X said the attackers were terrorists' -> ACCUSE."""
        lemma = tok.lemma_.lower()
        labels = accusatory_labels()
        if lemma in ("call", "describe", "label", "brand", "term"):
            for c in tok.children:
                if c.dep_ in ("oprd", "xcomp", "ccomp", "attr") and _has_label(c, labels):
                    return Candidate(TriggerMatch(tok, ACCUSE_RULE, (tok,)), "112")
        if self.lex.is_word("speech", lemma) and lemma != "deny":
            for c in tok.children:
                if c.dep_ == "ccomp" and c.lemma_ == "be":
                    attrs = [a for a in c.children if a.dep_ in ("attr", "acomp")]
                    if any(_has_label(a, labels) for a in attrs):
                        return Candidate(TriggerMatch(tok, ACCUSE_RULE, (tok,)), "112")
        return None

    def _deontic(self, tok: Token) -> Candidate | None:
        """'X said Y must hand over the suspects' -> REQUEST from X to Y; also where a message carries
        the saying ("issued a reminder to Iraq that it must cooperate")."""
        clauses = [c for c in tok.children if c.dep_ == "ccomp"]
        if not self.lex.is_word("speech", tok.lemma_.lower()):
            messages = [
                o
                for o in tok.children
                if o.dep_ == "dobj"
                and o.pos_ == "NOUN"
                and lexical.noun_class(o.lemma_.lower()) == "communication"
            ]
            if not messages or not self.is_light(tok):
                return None
            clauses += [c for m in messages for c in m.children if c.dep_ in ("acl", "ccomp")]
        for c in clauses:
            if c.pos_ not in ("VERB", "AUX"):
                continue
            if any(a.dep_ == "aux" and a.lower_ in DEONTIC for a in c.children):
                subj = [s for s in c.children if s.dep_ in ("nsubj", "nsubjpass")]
                if subj and subj[0].lower_ not in ("i", "we", "one", "you"):
                    return Candidate(TriggerMatch(tok, DEONTIC_RULE, (tok,)), DEONTIC_RULE.cameo)
        return None

    def noun_licensed(self, tok: Token) -> bool:
        """Event nouns count when something makes them happen or names who did them."""
        if tok.dep_ in ("compound", "amod"):
            return False
        head = tok.head
        if tok.dep_ in ("dobj", "nsubjpass", "attr") and head.pos_ in ("VERB", "AUX"):
            return self.is_light(head) or self.is_occur(head)
        if tok.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX"):
            if head.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") for c in head.children):
                return False  # "talks with Russia are important": a judgement, no occurrence
            return self.is_occur(head)
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            verb, prep = head.head, head.lower_
            # "staged a sit-in", "put under investigation", "turned into riots"
            return (self.is_light(verb) and prep in ("in", "into", "to", "on", "under")) or (
                self.is_occur(verb) and prep == "into"
            )
        # nominal events that name their agent ("a meeting of the council", "the CSTO summit")
        for c in tok.children:
            if c.dep_ in ("poss", "compound") and c.pos_ == "PROPN":
                return True
            if c.dep_ == "prep" and c.lower_ in ("of", "by", "between"):
                if any(gc.dep_ == "pobj" and gc.pos_ == "PROPN" for gc in c.children):
                    return True
            if c.dep_ == "poss" and c.ent_type_ == "DATE":
                return True
        return False

    def is_light(self, verb: Token) -> bool:
        return self._verb_in(verb, "light")

    def is_occur(self, verb: Token) -> bool:
        return self._verb_in(verb, "occur")

    def _verb_in(self, verb: Token, kind: str) -> bool:
        for lemma in self.lex.lemmas(verb):
            if self.lex.is_word(kind, lemma):
                return True
            parts = [c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "dobj")]
            if any(self.lex.is_word(kind, f"{lemma} {p}") for p in parts):
                return True
        return False

    def _complement(self, tok: Token, depth: int = 0) -> TriggerMatch | None:
        """The event a frame governs: 'agreed to send', 'demanded the release of', 'called for talks';
        through nested frames too ('refused to commit to any assistance')."""
        lex = self.lex
        pool: list[Token] = [c for c in tok.children if c.dep_ in CLAUSE_DEPS or _is_infinitive_adjunct(c)]
        for c in tok.children:
            if c.dep_ in ("dobj", "attr"):
                pool.append(c)
                pool.extend(x for x in c.children if x.dep_ in ("acl", "relcl", "xcomp", "ccomp"))
            if c.dep_ == "prep" and c.lower_ in ("for", "on", "upon", "to", "with", "in"):
                pool.extend(gc for gc in c.children if gc.dep_ in ("pobj", "pcomp"))
        if tok.pos_ == "NOUN":
            pool.extend(c for c in tok.children if c.dep_ in ("acl", "ccomp"))
        for c in pool:
            m: TriggerMatch | None = None
            if c.pos_ in ("VERB", "AUX"):
                m = lex.match_verb(c)
            elif c.pos_ in ("NOUN", "PROPN"):
                m = lex.match_noun(c)
            if m is not None and not m.rule.frame:
                return m
            if depth < 2 and (m is None or m.rule.frame):
                # one level further: "agreed to take steps to send", "refused to commit to assistance"
                inner = self._complement(c, depth + 1)
                if inner is not None:
                    return inner
        return None

    # ------------------------------------------------------------------ argument slots
    def fill_arguments(self, cand: Candidate) -> None:
        tok = cand.token
        if cand.rule is INTENT_RULE:
            cand.actor_tok = subject_of(tok.head) if tok.dep_ in ("acomp", "amod") else subject_of(tok)
            cand.governors.append(tok.head)
        elif cand.rule is ACCUSE_RULE:
            cand.actor_tok = subject_of(tok)
            cand.recipient_tok = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
            for c in tok.children:
                if c.dep_ == "ccomp":
                    # "said the protesters were terrorists": who is labelled is accused
                    cand.recipient_tok.extend(s for s in c.children if s.dep_ in ("nsubj", "nsubjpass"))
        elif cand.rule.source == "verb":
            cand.passive = is_passive(tok)
            if cand.passive and rule_stative(cand.rule) and not agent_of(tok):
                # "Vietnam is committed to opening up", "Israel is opposed to the mediation": a state
                # of its subject, who is the actor
                cand.passive = False
                aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
                cand.actor_tok = (
                    [c for c in tok.children if c.dep_ == "nsubjpass"]
                    or subject_of(tok)
                    or [c for a in aux for c in a.children if c.dep_ in ("nsubj", "nsubjpass")]
                )
                cand.recipient_tok = []
            elif cand.passive:
                cand.actor_tok = agent_of(tok)
                cand.recipient_tok = [c for c in tok.children if c.dep_ == "nsubjpass"]
                if tok.dep_ == "acl":
                    cand.recipient_tok.append(tok.head)
            else:
                cand.actor_tok = subject_of(tok)
                cand.recipient_tok = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
                if not cand.recipient_tok and tok.lemma_.lower() in OBJECT_CONTROL:
                    cand.recipient_tok = _controlled(tok)
            cand.recipient_tok.extend(_prep_objects(tok, RECIPIENT_PREPS))
        else:
            self._noun_arguments(cand)
        clause = cand.clause
        if clause is not None:
            if cand.rule.frame == "request" or cand.rule is DEONTIC_RULE:
                # the addressee of a demand is who must act: "demanded that the US cancel"
                cand.recipient_tok.extend(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
            for c in clause.children:
                if c.dep_ == "dative":
                    cand.recipient_tok.append(c)
                elif c.dep_ == "dobj":
                    cand.theme.add(c.i)  # "threatened to break *relations* with Russia": what is acted on
            cand.recipient_tok.extend(_prep_objects(clause, RECIPIENT_PREPS))
        comp = cand.complement
        if comp is not None and comp.token is not clause:
            ct = comp.token
            cand.recipient_tok.extend(_prep_objects(ct, RECIPIENT_PREPS))
            if ct.pos_ == "NOUN":
                cand.recipient_tok.extend(_prep_objects(ct, frozenset({"of"})))
        cand.theme.update(w.i for w in cand.match.words[1:])

    def _noun_arguments(self, cand: Candidate) -> None:
        tok = cand.token
        head = tok.head
        if tok.dep_ in ("dobj", "attr") and head.pos_ in ("VERB", "AUX"):
            cand.governors.append(head)
            cand.actor_tok = agent_of(head) if is_passive(head) else subject_of(head)
            cand.recipient_tok.extend(_prep_objects(head, RECIPIENT_PREPS))
        elif tok.dep_ == "nsubjpass" and head.pos_ == "VERB":
            cand.governors.append(head)
            cand.actor_tok = agent_of(head)
        elif tok.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX"):
            cand.governors.append(head)
        elif tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
            cand.governors.append(head.head)
            cand.actor_tok = subject_of(head.head)
        for c in tok.children:
            if c.dep_ == "poss" and c.ent_type_ != "DATE":
                cand.actor_tok.append(c)
            elif c.dep_ == "compound" and c.pos_ == "PROPN":
                cand.actor_tok.append(c)
            elif c.dep_ == "amod" and c.pos_ in ("ADJ", "PROPN"):
                cand.actor_tok.append(c)
            elif c.dep_ == "prep" and c.lower_ in ("between", "among") and cand.actor_tok:
                # "launched a mediation effort between the Emirates and Saudi Arabia"
                cand.recipient_tok.extend(gc for gc in c.children if gc.dep_ == "pobj")
            elif c.dep_ == "prep" and c.lower_ == "of" and self.type_of(cand) in PATIENT_OF_TYPES:
                # "the arrest of activists", "the killing of three farmers": whom it is done to
                cand.recipient_tok.extend(
                    gc for gc in c.children if gc.dep_ == "pobj" and gc.i not in cand.theme
                )
            elif c.dep_ == "prep" and c.lower_ in ("of", "by", "between", "among"):
                # "a meeting of the council", "talks between Kiev and Moscow": who does it, where the
                # phrase names someone ("a protest of the arrest" names what is protested)
                cand.actor_tok.extend(
                    gc for gc in c.children if gc.dep_ == "pobj" and gc.i not in cand.theme and _may_act(gc)
                )
            elif c.dep_ == "prep" and c.lower_ in RECIPIENT_PREPS:
                cand.recipient_tok.extend(gc for gc in c.children if gc.dep_ == "pobj")
