"""No political agent, no political event: harm done by floods, crashes or disease is not an ASSAULT.

``data/coding/hazards.txt`` lists natural hazards, accidents and diseases. A violent event word whose
doer ("Floods killed 40 people") or stated cause ("died in a bus crash", "were killed by a landslide")
is one of them, and that names no political actor, is no event.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from ..models import Entity
from .candidates import Candidate
from .ontology import DATA

CAUSE_PREPS = frozenset({"in", "by", "after", "during", "from", "amid", "following"})
# hazard words that also name weapons or attacks when they modify a noun ("fire bomb")
NOT_AS_MODIFIER = frozenset({"fire", "blaze", "fall", "heat", "collapse", "crash", "accident"})


def _words(name: str) -> frozenset[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def hazards() -> frozenset[str]:
    return _words("hazards.txt")


@lru_cache(maxsize=1)
def hazard_verbs() -> frozenset[str]:
    return _words("hazard_verbs.txt")


def is_hazard(noun: Token) -> bool:
    """A noun phrase headed by a hazard ("floods", "a car crash", "the cholera outbreak")."""
    names = hazards()
    lemma = noun.lemma_.lower()
    mods = [c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
    if mods and f"{mods[-1]} {lemma}" in names:
        return True
    if any(m in names and m not in NOT_AS_MODIFIER for m in mods):
        return True  # "lightning strikes", "Cyclone Chido", "flood waters"
    return lemma in names or noun.lower_ in names


def causes(tok: Token) -> list[Token]:
    """The subject and the stated causes of an event word, through the verb an event noun hangs on."""
    out = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
    verbs = [tok, tok.head] if tok.pos_ == "NOUN" else [tok]
    for v in verbs:
        for c in v.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in CAUSE_PREPS | {"by"}:
                out.extend(g for g in c.children if g.dep_ == "pobj")
    if tok.dep_ in ("advcl", "conj", "xcomp") and tok.tag_ == "VBG":
        out.extend(c for c in tok.head.children if c.dep_ in ("nsubj", "csubj"))
    return out


def no_political_agent(cand: Candidate, actors: list[Entity]) -> bool:
    """Whether the event's doer is a hazard ("floods", "Cyclone Chido"), or, where the text names no
    actor of its own (a country filled in from the place does not count), its cause or the verb it
    hangs on is one ("a bus collided with a lorry, killing 21")."""
    doers = list(cand.actor_tok)
    if cand.token.dep_ == "relcl":
        doers.append(cand.token.head)  # "the tsunami that hit Tonga"
    if any(is_hazard(t) for t in doers):
        return True
    if any(
        (a.code and not a.code_from) or (a.identifier_text and a.identifier_text == a.entity_text)
        for a in actors
    ):
        return False  # an actor the text itself names or places
    tok = cand.token
    verbs = [tok]
    t = tok
    for _ in range(3):  # "collapsed, trapping and killing 70 miners": up the participle chain
        if t.dep_ not in ("advcl", "conj", "xcomp") or t.head.i == t.i:
            break
        t = t.head
        verbs.append(t)
    if any(v.pos_ == "VERB" and v.lemma_.lower() in hazard_verbs() for v in verbs):
        return True
    return any(is_hazard(x) for v in verbs for x in [*causes(v)])
