"""Attribution: who, besides the outlet, says an event happened.

An event is attributed when its clause is the complement of a verb of saying ("…, Tokayev said",
"Volfovich confirmed that …"), when a parenthetical speech verb hangs from it, or when an "according to X"
phrase governs it. Otherwise the outlet asserts it in its own voice and attribution is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .triggers import TriggerLexicon

UP_DEPS = frozenset(
    {"ccomp", "xcomp", "conj", "advcl", "relcl", "acl", "dobj", "pobj", "prep", "nsubj", "nsubjpass"}
)


@dataclass(frozen=True, slots=True)
class Claim:
    source: Token  # head of the claimant phrase
    cue: str


def speech_subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "nsubjpass" or (c.dep_ == "nsubj" and c.lower_ in ("it", "there")):
            return None  # "it should be noted that", "it is reported that": no one is named
        if c.dep_ == "nsubj":
            return c
    if verb.dep_ == "conj":
        return speech_subject(verb.head)
    return None


def according_to_object(t: Token) -> Token | None:
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ("according", "per"):
            for gc in c.children:
                if gc.dep_ == "prep" and gc.lower_ == "to":
                    for ggc in gc.children:
                        if ggc.dep_ == "pobj":
                            return ggc
                if gc.dep_ == "pobj":
                    return gc
    return None


def find_claim(tok: Token, lex: TriggerLexicon) -> Claim | None:
    """The speaker whose statement carries the event at ``tok``, if any."""
    t = tok
    for _ in range(8):
        acc = according_to_object(t)
        if acc is not None:
            return Claim(acc, "according to")
        for c in t.children:
            if (
                c.dep_ in ("parataxis", "advcl", "ccomp")
                and lex.is_word("speech", c.lemma_.lower())
                and c.i != tok.i
            ):
                subj = speech_subject(c)
                if subj is not None:
                    return Claim(subj, c.text)
        h = t.head
        if h is t:
            break
        if t.dep_ in ("ccomp", "parataxis") and lex.is_word("speech", h.lemma_.lower()):
            subj = speech_subject(h)
            if subj is not None:
                return Claim(subj, h.text)
            return None
        if t.dep_ not in UP_DEPS:
            break
        t = h
    # a sentence-level "according to" attached to the root
    root = tok.sent.root
    acc = according_to_object(root)
    if acc is not None:
        return Claim(acc, "according to")
    return None
