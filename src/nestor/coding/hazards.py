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
from .ontology import DATA, read_words

# prepositions that give a cause ("killed in a landslide", "died from cholera", "killed by floods"), not a
# time ("shelled the town after the flood", "beat protesters amid the pandemic")
CAUSE_PREPS = frozenset({"in", "by", "from"})
# hazard words that also name weapons or attacks: a hazard alone or with a hazard's words ("a fire",
# "a forest fire"), not with a weapon's or a doer's ("artillery fire", "police fire", "Israeli fire")
AMBIGUOUS = frozenset({"fire", "blaze", "crash", "accident"})
# sectors whose nouns name someone who can do violence ("the army", "police", "gunmen", "the government");
# not the sectors a thing can take ("a school building" EDU, "the coaches of a train" CVL)
AGENT_SECTORS = frozenset({"MIL", "REB", "UAF", "PRM", "SPY", "COP", "CRM", "GOV", "OPP", "PTY", "IMG"})


@lru_cache(maxsize=1)
def hazards() -> frozenset[str]:
    return read_words(DATA / "hazards.txt")


@lru_cache(maxsize=1)
def hazard_verbs() -> frozenset[str]:
    return read_words(DATA / "hazard_verbs.txt")


def is_hazard(noun: Token) -> bool:
    """A noun phrase headed by a hazard ("floods", "a car crash", "the cholera outbreak")."""
    names = hazards()
    lemma = noun.lemma_.lower()
    mods = [c.lemma_.lower() for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
    if mods and f"{mods[-1]} {lemma}" in names:
        return True
    if any(m in names and m not in AMBIGUOUS for m in mods):
        return True  # "lightning strikes", "Cyclone Chido", "flood waters"
    if lemma in AMBIGUOUS and any(c.dep_ in ("compound", "amod", "poss", "nmod") for c in noun.children):
        return False  # "artillery fire", "Israeli fire", "the army's fire"
    return lemma in names or noun.lower_ in names


def causes(tok: Token) -> list[Token]:
    """The subject and the stated causes of an event word, through the verb an event noun hangs on."""
    out = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
    verbs = [tok, tok.head] if tok.pos_ == "NOUN" else [tok]
    for v in verbs:
        for c in v.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in CAUSE_PREPS:
                out.extend(g for g in c.children if g.dep_ == "pobj")
    if tok.dep_ in ("advcl", "conj", "xcomp") and tok.tag_ == "VBG":
        out.extend(c for c in tok.head.children if c.dep_ in ("nsubj", "csubj"))
    return out


def no_political_agent(cand: Candidate, actors: list[Entity]) -> bool:
    """Whether no political agent does the event: no actor the text names (a person, a body, or a noun
    of a sector: "the army", "police", "gunmen"), and the doer is a hazard ("floods", "Cyclone Chido"), or
    the verb the event word hangs on is an accident's ("a bus collided with a lorry, killing 21"), or its
    stated cause is a hazard ("killed in a landslide", "died from cholera")."""
    doers = list(cand.actor_tok)
    if cand.token.dep_ == "relcl":
        doers.append(cand.token.head)  # "the tsunami that hit Tonga"
    hazard_doer = any(is_hazard(t) for t in doers)
    political = [
        a
        for a in actors
        if a.sector in AGENT_SECTORS
        or (a.code and not a.code_from)
        or (a.identifier_text and a.identifier_text == a.entity_text)
    ]
    if political and not hazard_doer:
        return False
    if hazard_doer:
        return True
    tok = cand.token
    verbs = [tok]
    t = tok
    for _ in range(3):  # "collapsed, trapping and killing 70 miners": up the participle chain
        if t.dep_ not in ("advcl", "conj", "xcomp") or t.tag_ not in ("VBG", "VBN") or t.head.i == t.i:
            break
        t = t.head
        verbs.append(t)
    if any(v.pos_ == "VERB" and v.lemma_.lower() in hazard_verbs() for v in verbs[1:] + verbs[:1]):
        return True
    return any(is_hazard(x) for v in verbs for x in causes(v))
