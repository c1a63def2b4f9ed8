"""One happening, one candidate: the triggers of a sentence that tell no event of their own.

A sentence often names more than its news. What a frame governs is the frame's content ("demanded that
Israel *ease* restrictions"); what an act is done for is part of the act ("opened fire to *disperse*
the crowd"); what a protest is held for is the protest's ("marched to *demand* reforms"); an earlier
happening told as the history of a thing is background ("lifted the curfew *imposed* after the coup");
and a participle that describes is no event at all ("the *besieged* town", "evacuated *the wounded*").
The finder drops such triggers here, so each happening keeps one record of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Token

if TYPE_CHECKING:
    from .candidates import Candidate

TypeOf = Callable[["Candidate"], str]  # the PLOVER type a candidate codes
IsLight = Callable[[Token], bool]  # a light verb ("staged" a rally, "launched" an offensive)
IsPlain = Callable[["Candidate"], bool]  # a trigger of its own, not a frame or a construction

# frames whose governed clause is planned, asked or refused content, not a happening of its own
CONTENT_FRAMES = frozenset({"request", "threaten", "intent", "reject"})
# the phrases that say what an accusation charges, or a protest is held over
CHARGE_PREPS = {
    "ACCUSE": frozenset({"of", "for", "with", "over", "about", "against"}),
    "PROTEST": frozenset({"over", "against", "about"}),
    "CONSULT": frozenset({"on", "about", "over"}),  # what talks are about ("talks on withdrawing")
}
# types whose clausal complement is their topic, not a happening ("discussed *reopening* the border")
TOPIC_CLAUSES = frozenset({"CONSULT"})
# nouns whose clause says what they ask or hold out ("an ultimatum to halt attacks")
SAID_CONTENT_TYPES = frozenset({"REQUEST", "THREATEN"})
# clauses of time inside a governed clause tell what happens meanwhile ("... as street battles raged")
TIME_MARKS = frozenset({"as", "while", "when", "whilst", "after", "since", "because"})
# the types a purpose clause folds into its act; an investigation or talks are done by those sent to do
# them ("sent a team to investigate"), so ACCUSE and CONSULT stay
PURPOSE_AIMS = frozenset(
    {"ASSAULT", "COERCE", "REQUEST", "THREATEN", "AGREE", "SUPPORT", "MOBILIZE", "PROTEST"}
)
# what a protest is held for ("marched to demand reforms", "blocked roads, demanding his return")
PROTEST_AIMS = frozenset({"REQUEST", "ACCUSE"})
# a clause telling the history of a thing: "had/have been killed", "was imposed", "had taken hostage"
BACKGROUND_AUX = frozenset({"had", "has", "have", "'d", "been", "was", "were"})
# from a modified noun up to the event it belongs to
BACKGROUND_PATH = frozenset(
    {"dobj", "pobj", "prep", "nsubjpass", "conj", "appos", "attr", "dative", "compound"}
)
# prepositions whose phrase gives the happening an act answers ("reimposed the blockade *following* the
# shooting", "banned the group *because of* its part in killings") ...
REASON_PREPS = frozenset({"following", "because"})
# ... and "in" + these nouns ("in protest at the arrest of", "in retaliation for", "in the wake of")
REASON_NOUNS = frozenset(
    {"protest", "response", "retaliation", "reprisal", "revenge", "reaction", "wake", "retribution"}
)
# where a participle stands as a noun ("evacuated the wounded")
NOMINAL_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "pobj", "conj", "appos", "attr"})


def one_happening_each(
    cands: list[Candidate], type_of: TypeOf, is_light: IsLight, is_plain: IsPlain
) -> list[Candidate]:
    """The candidates less frame contents, background history, protest aims and purposes."""
    cands = frame_contents(cands)
    cands = terms_of_threats(cands)
    cands = noun_contents(cands, type_of, is_light)
    cands = without_reasons(cands, is_light, is_plain)
    cands = charges(cands, type_of, is_light)
    cands = without_background(cands, type_of)
    cands = protest_aims(cands, type_of, is_light)
    return purposes(cands, type_of, is_light, is_plain)


def is_attributive(tok: Token) -> bool:
    """A past participle that describes rather than tells: "the *besieged* town", "the *banned*
    party", "evacuated *the wounded*", "*the detained* were freed". What it names happened before and
    elsewhere; it is no event of this sentence."""
    if tok.tag_ != "VBN" or tok.pos_ != "VERB":
        return False
    if tok.dep_ == "amod":
        return True
    return tok.dep_ in NOMINAL_DEPS and any(c.dep_ == "det" for c in tok.children)


def is_purpose(clause: Token) -> bool:
    """A purpose clause: "(in order) to" + verb, attached to the act, with no subject of its own."""
    return (
        clause.dep_ in ("advcl", "xcomp")
        and clause.pos_ in ("VERB", "AUX")
        and clause.tag_ == "VB"
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
    )


def frame_contents(cands: list[Candidate]) -> list[Candidate]:
    """What a frame governs is its content, however deep in the clause: "demanded that Israel *ease*
    restrictions", "said the rebels must reach a deal that *stops* the fighting", "threatened an
    offensive unless Baghdad *accepted* its terms"; a frame in there too ("said Kigali must *agree to*
    reforms" is one demand). The frame's record carries the code."""
    inside: set[int] = set()
    for c in cands:
        if c.rule.frame not in CONTENT_FRAMES:
            continue
        for governed in (c.clause, c.complement.token if c.complement else None):
            if governed is not None and governed.i != c.token.i:
                inside |= _tokens(governed, skip=_is_time_clause)
    return [c for c in cands if c.token.i not in inside]


def purposes(
    cands: list[Candidate], type_of: TypeOf, is_light: IsLight, is_plain: IsPlain
) -> list[Candidate]:
    """What an act is done for is part of the act: "opened fire to *disperse* the crowd", "troops
    arrived to help the army *fight* insurgents", "sent troops to *crush* the revolt". Triggers inside
    a purpose clause of a trigger that is no frame go; the act keeps its record."""
    aims: set[int] = set()
    for c in cands:
        if not is_plain(c):
            continue
        for anchor in _anchors(c, is_light):
            for clause in anchor.children:
                if is_purpose(clause):
                    # less the clauses that say what its participants do ("to disperse demonstrators
                    # *protesting* the result")
                    aims |= _tokens(clause, skip=lambda t: t.dep_ in ("acl", "relcl"))
    return [c for c in cands if not (c.token.i in aims and type_of(c) in PURPOSE_AIMS)]


def terms_of_threats(cands: list[Candidate]) -> list[Candidate]:
    """What an "unless" clause asks is the term of the threat it hangs on, not a happening: "will
    boycott the elections unless the president *agrees* to step down", "will withdraw unless Goukouni
    arranges a ceasefire with rebels *fighting* the army". (The threat itself is read by the
    conventions, from the clause.)"""
    inside: set[int] = set()
    for c in cands:
        for clause in c.token.children:
            marks = {m.lower_ for m in clause.children if m.dep_ == "mark"}
            if clause.dep_ == "advcl" and "unless" in marks:
                inside |= _tokens(clause, skip=lambda t: False)
    return [c for c in cands if c.token.i not in inside]


def noun_contents(cands: list[Candidate], type_of: TypeOf, is_light: IsLight) -> list[Candidate]:
    """What a demand or a threat made with a light verb asks or holds out is its content, though the
    parser hangs the clause on the verb: "issued an ultimatum to Ecuador *to halt* attacks",
    "reiterated its demand that Israel *ease* restrictions". The noun's record carries it."""
    inside: set[int] = set()
    for c in cands:
        tok = c.token
        if tok.pos_ != "NOUN" or type_of(c) not in SAID_CONTENT_TYPES:
            continue
        verb = tok.head
        if tok.dep_ not in ("dobj", "nsubjpass") or verb.i == tok.i or not is_light(verb):
            continue
        for clause in verb.children:
            to = any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children)
            that = any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)
            if (clause.dep_ == "advcl" and to) or (clause.dep_ == "ccomp" and (that or to)):
                inside |= _tokens(clause, skip=_is_time_clause)
    return [c for c in cands if c.token.i not in inside]


def charges(cands: list[Candidate], type_of: TypeOf, is_light: IsLight) -> list[Candidate]:
    """What an accusation or a complaint charges someone with is its content, alleged and not told as
    news: "accused the rebels *of violating* the ceasefire", "charged him *with* inciting a riot",
    "complained to the UN *over* air raids in which 20 people *were killed*"; so is what a protest is
    held over ("marched *against* the *arrest* of students"), or talks are about ("met to discuss
    *reopening* the crossing", "talks on a *withdrawal*"). The accusation keeps the record."""
    inside: set[int] = set()
    for c in cands:
        preps = CHARGE_PREPS.get(type_of(c))
        if preps is None:
            continue
        for anchor in _anchors(c, is_light):
            for p in anchor.children:
                if p.dep_ == "prep" and p.lower_ in preps:
                    inside |= _tokens(p, skip=lambda t: False) - {p.i}
                elif type_of(c) in TOPIC_CLAUSES and p.dep_ in ("xcomp", "ccomp") and p.pos_ == "VERB":
                    inside |= _tokens(p, skip=_is_time_clause)  # "met to discuss *reopening* the border"
    return [c for c in cands if c.token.i not in inside]


def without_reasons(cands: list[Candidate], is_light: IsLight, is_plain: IsPlain) -> list[Candidate]:
    """The happening an act answers is told as its reason, not as news of this sentence: "Israel
    reimposed the blockade *following* the shooting of two settlers", "struck in protest at last week's
    *arrest* of activists", "outlawed the group *because of* its part in *killings*". It happened
    before, is reported for itself elsewhere, and the sentence does not say who did it. Only event
    nouns and clauses inside such a phrase of another candidate's trigger go, and the frame noun itself
    ("went on strike *in protest*" is one protest)."""
    reasons: set[int] = set()
    for c in cands:
        if not is_plain(c):
            continue
        anchors = _anchors(c, is_light)
        if c.token.pos_ in ("NOUN", "PROPN") and c.token.dep_ in ("nsubj", "nsubjpass", "dobj"):
            anchors.append(c.token.head)  # "a strike was held in protest at …"
        for anchor in anchors:
            for p in anchor.children:
                if p.dep_ != "prep":
                    continue
                if p.lower_ in REASON_PREPS:
                    reasons |= _tokens(p, skip=lambda t: False) - {p.i}
                elif p.lower_ == "in":
                    for n in p.children:
                        if n.dep_ == "pobj" and n.lemma_.lower() in REASON_NOUNS:
                            reasons.add(n.i)  # "struck in retaliation": the manner of this act
                            for m in n.children:
                                reasons |= _tokens(m, skip=lambda t: False)
    return [c for c in cands if c.token.i not in reasons]


def protest_aims(cands: list[Candidate], type_of: TypeOf, is_light: IsLight) -> list[Candidate]:
    """What a protest is held for is the protest's: "marched to *demand* reforms", "blocked roads,
    *demanding* his return", "a hunger strike to *protest* the decision" are one PROTEST (CAMEO codes
    such a demand as the kind of demonstration, 141x). Only a purpose or participle clause with no
    subject of its own is taken, and only a demand or a complaint."""
    # a word that codes a protest only when civilians make it ("Serbia lodged a protest" is a complaint)
    protests = [c for c in cands if type_of(c) == "PROTEST" and "gov" not in c.rule.options]
    anchors = {a.i for p in protests for a in _anchors(p, is_light)}
    if not anchors:
        return cands

    def is_aim(c: Candidate) -> bool:
        tok = c.token
        return (
            c not in protests
            and type_of(c) in PROTEST_AIMS
            and tok.head.i in anchors
            and tok.dep_ in ("advcl", "xcomp", "conj")
            and (tok.tag_ == "VBG" or any(a.dep_ == "aux" and a.lower_ == "to" for a in tok.children))
            and not any(s.dep_ in ("nsubj", "nsubjpass") for s in tok.children)
        )

    return [c for c in cands if not is_aim(c)]


def without_background(cands: list[Candidate], type_of: TypeOf) -> list[Candidate]:
    """An earlier happening told as the history of something another event acts on is background,
    not news: "lifted the curfew *imposed* after the coup", "will release the ministers they *had
    taken hostage*", "a curfew in the province where 28 people *have been killed* this year". Such a
    trigger is a passive or perfect verb in a clause that modifies a noun, and that noun belongs to an
    event of another type in the sentence. (Of the same type it is one happening: "an air raid in
    which 12 people were killed" stays for the coder's one_record_per_event to merge.)"""
    if len(cands) < 2:
        return cands
    owners: dict[int, Candidate] = {}
    for c in cands:
        owners[c.token.i] = c
        for governed in (c.complement.token if c.complement else None, c.clause):
            if governed is not None:
                owners.setdefault(governed.i, c)
    out = []
    for c in cands:
        owner = _background_owner(c.token, owners)
        if owner is None or owner is c or type_of(owner) == type_of(c):
            out.append(c)
    return out


def _background_owner(tok: Token, owners: dict[int, Candidate]) -> Candidate | None:
    if tok.dep_ not in ("acl", "relcl") or tok.head.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    auxes = {a.lower_ for a in tok.children if a.dep_ in ("aux", "auxpass")}
    if not (tok.tag_ == "VBN" and (tok.dep_ == "acl" or auxes & BACKGROUND_AUX)):
        return None
    node = tok.head
    for _ in range(8):  # up through the noun phrase and its prepositions to the event it belongs to
        if node.i in owners:
            return owners[node.i]
        if node.dep_ not in BACKGROUND_PATH or node.head.i == node.i:
            return None
        node = node.head
    return None


def _anchors(cand: Candidate, is_light: IsLight) -> list[Token]:
    """The trigger, and the light verb that carries an event noun ("staged a *rally* to demand")."""
    tok, head = cand.token, cand.token.head
    if tok.pos_ in ("NOUN", "PROPN") and head.i != tok.i and is_light(head):
        return [tok, head]
    return [tok]


def _is_time_clause(tok: Token) -> bool:
    return tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in TIME_MARKS for m in tok.children)


def _tokens(clause: Token, skip: Callable[[Token], bool]) -> set[int]:
    """The indices of a clause's subtree, less the subtrees of the children ``skip`` accepts."""
    out: set[int] = set()
    stack = [clause]
    while stack:
        tok = stack.pop()
        out.add(tok.i)
        stack.extend(c for c in tok.children if not skip(c))
    return out
