"""Features of one event candidate: a verb or event noun in a parsed sentence.

Sparse features name what a careful reader looks at (the word, its particle, what it is done to and
that thing's semantic class, who does it, voice, negation, the verb that governs it, the trigger
lexicon's opinion); the dense part is the static word vectors of the trigger and its object, so words
the corpus never showed still land near the ones it did. Semantic classes and synonym seeds come from
tables derived from WordNet (:mod:`nestor.resolve.lexical`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np
from spacy.tokens import Span, Token

from ..resolve import lexical
from ..resolve.lexicon import ActorLexicon

OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr", "oprd", "dative"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "agent"})
EVENT_NOUN_CLASSES = frozenset({"act", "event", "phenomenon"})
DENSE_DIM = 300  # the spaCy model's static vectors; zeros where a model has none
DENSE_PARTS = 3  # the trigger, its object (or subject), the sentence's content words


def _cls(tok: Token) -> str:
    """A word's semantic class: a named entity's type, else WordNet's class of its lemma."""
    if tok.ent_type_ in ("PERSON", "NORP"):
        return "person"
    if tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return "location"
    if tok.ent_type_ == "ORG":
        return "group"
    if tok.pos_ == "PRON":
        return "person" if tok.lower_ in ("he", "she", "they", "we", "i", "you", "who") else "pron"
    if tok.pos_ == "NUM" or tok.like_num:
        return "quantity"
    lemma = tok.lemma_.lower()
    return (lexical.noun_class(lemma) if tok.pos_ != "VERB" else lexical.verb_class(lemma)) or "other"


@lru_cache(maxsize=1)
def _actor_lexicon() -> ActorLexicon:
    return ActorLexicon.load()


def _sector(tok: Token) -> str:
    """The PLOVER sector a noun names ("police" COP, "gunmen" UAF, "students" EDU), or "-"."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return "-"
    return _actor_lexicon().sector_of(tok.lemma_.lower()) or "-"


def _objects(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in OBJECT_DEPS]


def _subject(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("nsubj", "csubj"):
            return c
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
        return _subject(tok.head)
    if tok.dep_ in ("relcl", "acl") and tok.head.pos_ in ("NOUN", "PROPN"):
        return tok.head
    return None


def is_headline(sent: Span) -> bool:
    """Headline grammar: no final full stop and no article anywhere."""
    text = sent.text.strip()
    return bool(text) and text[-1] not in ".?!\"”'" and not any(t.lower_ in ("a", "an", "the") for t in sent)


def sparse_features(tok: Token, lexicon_type: str | None = None, headline: bool = False) -> list[str]:
    """The sparse (string) features of a candidate token."""
    lem = tok.lemma_.lower()
    noun = tok.pos_ in ("NOUN", "PROPN")
    f = [f"lem={lem}", f"pos={tok.pos_}", f"tag={tok.tag_}", f"dep={tok.dep_}", "bias"]
    f.append(f"cls={_cls(tok)}")
    f.extend(f"seed={s}" for s in lexical.synonym_seeds(lem, "noun" if noun else "verb"))
    f.append(f"lex={lexicon_type or '-'}")
    if lexicon_type:
        f.append(f"lem_lex={lem}_{lexicon_type}")
    if headline:
        f.append("headline")
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.dep_ == "acl" and tok.tag_ == "VBN"
    )
    if passive:
        f.append("passive")
    for c in tok.children:
        if c.dep_ == "neg":
            f.append("neg")
        elif c.dep_ == "prt":
            f.append(f"prt={lem}_{c.lower_}")
        elif c.dep_ == "aux" and c.tag_ == "MD":
            f.append(f"modal={c.lower_}")
        elif c.dep_ in ("prep", "agent"):
            p = c.lower_
            f.append(f"prep={lem}_{p}")
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    f.append(f"pobj={p}_{_cls(g)}")
                    f.append(f"lem_pobj={lem}_{p}_{_cls(g)}")
                    f.append(f"pobjsec={p}_{_sector(g)}")
    for o in _objects(tok):
        ocls = _cls(o)
        olem = o.lemma_.lower()
        f += [f"obj={olem}", f"objcls={ocls}", f"lem_obj={lem}_{olem}", f"lem_objcls={lem}_{ocls}"]
        f.append(f"objsec={_sector(o)}")
    subj = _subject(tok)
    if subj is not None:
        f += [f"subjcls={_cls(subj)}", f"subj={subj.lemma_.lower()}", f"lem_subjcls={lem}_{_cls(subj)}"]
        f += [f"subjsec={_sector(subj)}", f"lem_subjsec={lem}_{_sector(subj)}"]
    else:
        f.append("nosubj")
    head = tok.head
    if head.i != tok.i:
        f.append(f"hdep={tok.dep_}_{head.lemma_.lower()}")
        if tok.dep_ in ("xcomp", "ccomp", "advcl", "pcomp", "pobj", "dobj", "nsubj", "nsubjpass"):
            f.append(f"head={head.lemma_.lower()}")
        if tok.dep_ == "advcl" and tok.tag_ == "VBG":
            f.append("participle_clause")
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            f.append(f"to_under={head.lemma_.lower()}")
    if noun:
        for c in tok.children:
            if c.dep_ in ("compound", "amod"):
                f.append(f"mod={c.lemma_.lower()}")
                f.append(f"modcls={_cls(c)}")
    return f


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return (v / n).astype(np.float32) if n > 0 else np.zeros(DENSE_DIM, dtype=np.float32)


def _vector(tok: Token) -> np.ndarray:
    v = tok.vector if tok.has_vector else None
    return np.asarray(v) if v is not None and len(v) == DENSE_DIM else np.zeros(DENSE_DIM)


def dense_features(tok: Token) -> np.ndarray:
    """The trigger's word vector, its first object's (or subject's), and the mean of its sentence's
    content words (what the sentence is about: a flood, a vote, a battle), each unit length."""
    own = tok.vector if tok.has_vector and len(tok.vector) == DENSE_DIM else np.zeros(DENSE_DIM)
    objs = _objects(tok)
    other = objs[0] if objs else _subject(tok)
    arg = (
        other.vector
        if other is not None and other.has_vector and len(other.vector) == DENSE_DIM
        else np.zeros(DENSE_DIM)
    )
    try:
        sentence: Iterable[Token] = tok.sent
    except ValueError:  # a Doc without sentence boundaries
        sentence = tok.doc
    content = [_vector(t) for t in sentence if t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ") and t.i != tok.i]
    context = np.mean(content, axis=0) if content else np.zeros(DENSE_DIM)
    return np.concatenate([_unit(np.asarray(own)), 0.5 * _unit(np.asarray(arg)), 0.5 * _unit(context)])


def is_candidate(tok: Token, event_nouns: Iterable[str] = ()) -> bool:
    """Verbs, and nouns that name an act or event (by WordNet's class or the trigger lexicon)."""
    if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ == "ROOT" and tok.lemma_ != "be"):
        return True
    if tok.pos_ != "NOUN":
        return False
    lem = tok.lemma_.lower()
    return lem in event_nouns or lexical.noun_class(lem) in EVENT_NOUN_CLASSES
