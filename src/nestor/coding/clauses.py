"""The clause an event is told in: which of a sentence's dates and counts are its own.

A sentence often tells more than one event, each in a clause of its own: "In December 2011 police
opened fire on workers, killing 14, and on Monday residents urged the government to reopen the
inquiry" tells a shooting (December 2011, 14 dead) and a request (Monday, no count). A record takes
its date and size from the clause of its trigger, not from anywhere in the sentence.

* The **clause head** of a trigger is the trigger itself where it heads a clause (a verb that is the
  root, a conjunct, an adverbial, complement or relative clause ...), else the nearest such word above
  it: an event noun's is the verb it hangs on ("launched *an attack*", "after *the arrest* of 30").
* The **scope** of a clause head is its subtree without the clauses of the sentence's other triggers
  below it ("..., and residents *urged* ..." is not the shooting's). Two triggers with one clause head
  share it.
* A **happening** joins a trigger clause with the trigger clause it hangs in where it has no doer of
  its own: no subject ("opened fire, *killing 14*"), or a passive one without an agent ("fired on the
  crowd, *and five were killed*"); and a doerless clause with the clause of the same moment that tells
  who did it ("three were killed *when police opened fire*").
* A clause is **dated with** the one it hangs in where it tells another doing of the same moment: a
  relative or participial clause not in the perfect ("fired at workers *who blocked a road on
  Sunday*"), a clause of "when" or "as" with a doer of its own ("shot six *as thousands marched*"),
  what the same doers go on to say ("rejected the plan on Friday *and said they opposed the force*").
* A count ("14 people") is an event's where its number lies in its happening's clauses; a count that
  no trigger's clause holds ("officials said 12 people died", no trigger on "died") is every event's
  of the sentence.
* A date is, in order: one of the trigger's own clause (attached to the trigger or its clause head
  first, then one in the trigger's own phrase, then the nearest); the nearest in the other clauses of
  its happening; the nearest in a clause dated with it; the nearest that no trigger's clause holds;
  else none (the caller falls back on the publication date).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..resolve.sizes import undergoes

# relations by which a verb heads a clause of its own
CLAUSE_DEPS = frozenset(
    {"ROOT", "conj", "advcl", "ccomp", "xcomp", "relcl", "acl", "parataxis", "csubj", "csubjpass", "pcomp"}
)
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# relations of the clauses that can go on telling the happening of the clause they hang on, where they
# have no doer of their own: "opened fire, killing 14", "stormed the town and torched houses", "tried
# to disperse the crowd", "responded by firing"
SHARING_DEPS = frozenset({"conj", "advcl", "xcomp", "pcomp"})
SAME_TIME_MARKS = frozenset({"when", "as"})
VERBAL = frozenset({"VERB", "AUX"})


def heads_clause(tok: Token) -> bool:
    """Whether ``tok`` heads a clause: the sentence's root, or a verb in a clause relation."""
    return tok.head.i == tok.i or (tok.dep_ in CLAUSE_DEPS and tok.pos_ in VERBAL)


def clause_head(tok: Token) -> Token:
    """The head of the clause ``tok`` is told in: itself or the nearest clause head above it."""
    t = tok
    while not heads_clause(t):
        t = t.head
    return t


def _subtree(tok: Token) -> set[int]:
    return {t.i for t in tok.subtree}


@dataclass
class ClauseMap:
    """The clauses of one sentence's triggers (see the module's text)."""

    sent: Span
    triggers: Sequence[Token]
    _heads: dict[int, Token] = field(default_factory=dict, init=False)  # trigger -> its clause head
    _scopes: dict[int, frozenset[int]] = field(default_factory=dict, init=False)
    _group: dict[int, int] = field(default_factory=dict, init=False)  # clause head -> its happening's
    _linked: dict[int, set[int]] = field(default_factory=dict, init=False)  # clause head -> date links

    def __post_init__(self) -> None:
        for t in self.triggers:
            self._heads[t.i] = clause_head(t)
        heads = {h.i: h for h in self._heads.values()}
        for h in heads.values():
            self._group.setdefault(h.i, h.i)
        for h in heads.values():
            owner = self._owner(h, heads)
            if owner is None:
                continue
            if tells_same_happening(h):
                self._join(h.i, owner.i)
            elif dated_with_its_noun(h) or self._told_by_the_same_doers(h, heads):
                self._linked.setdefault(h.i, set()).add(owner.i)
                self._linked.setdefault(owner.i, set()).add(h.i)

    def _owner(self, head: Token, heads: dict[int, Token]) -> Token | None:
        """The trigger clause ``head``'s clause hangs in: the one whose scope holds its governor."""
        if head.head.i == head.i:
            return None
        above = head.head
        return next(
            (h for h in heads.values() if h.i != head.i and above.i in self.scope_of_head(h)), None
        )  # scopes do not overlap: at most one holds it

    @staticmethod
    def _told_by_the_same_doers(head: Token, heads: dict[int, Token]) -> bool:
        """A clause reported by a verb with no trigger that the owner's doers go on to do ("rebels on
        Friday rejected the plan *and said they opposed the force*"): the saying's date is the owner's."""
        teller = clause_head(head.head)
        return head.dep_ == "ccomp" and teller.i not in heads and tells_same_happening(teller)

    def _find(self, i: int) -> int:
        while self._group.get(i, i) != i:
            i = self._group[i]
        return i

    def _join(self, a: int, b: int) -> None:
        self._group[self._find(a)] = self._find(b)

    def _members(self, head: Token) -> list[int]:
        root = self._find(head.i)
        return [h for h in self._group if self._find(h) == root] or [head.i]

    def head_of(self, tok: Token) -> Token:
        head = self._heads.get(tok.i)
        return head if head is not None else clause_head(tok)

    def scope_of_head(self, head: Token | int) -> frozenset[int]:
        """The tokens of the clause ``head`` heads, without the clauses of other triggers below it."""
        head = head if isinstance(head, int) else head.i
        found = self._scopes.get(head)
        if found is not None:
            return found
        own = _subtree(self.sent.doc[head])
        for other in {h.i: h for h in self._heads.values()}.values():
            if other.i != head and other.i in own:
                own -= _subtree(other)
        self._scopes[head] = frozenset(own)
        return self._scopes[head]

    def scope(self, tok: Token) -> frozenset[int]:
        """The tokens of ``tok``'s own clause."""
        return self.scope_of_head(self.head_of(tok))

    def happening(self, tok: Token) -> frozenset[int]:
        """The tokens of the clauses that tell ``tok``'s happening: its own, and those joined to it by
        :func:`tells_same_happening`."""
        out: set[int] = set()
        for h in self._members(self.head_of(tok)):
            out |= self.scope_of_head(h)
        return frozenset(out)

    def held(self) -> frozenset[int]:
        """The tokens some trigger's clause holds."""
        out: set[int] = set()
        for head in self._heads.values():
            out |= self.scope_of_head(head)
        return frozenset(out)

    def counted(self, tok: Token, positions: Iterable[int]) -> list[int]:
        """Of the token positions of a sentence's counts, those that are ``tok``'s event's: in the
        clauses of its happening, or in no trigger's clause."""
        mine, held = self.happening(tok), self.held()
        return [i for i in positions if i in mine or i not in held]

    def date_tiers(self, tok: Token, roots: Sequence[Token], governors: Sequence[Token] = ()) -> list[Token]:
        """The roots of a sentence's date expressions in the order ``tok``'s event takes them (see the
        module's text); those it may not take are left out."""
        head = self.head_of(tok)
        anchors = {tok.i, head.i, *(g.i for g in governors)}
        scope = self.scope_of_head(head)
        out = _ranked([r for r in roots if r.i in scope], tok, anchors, _subtree(tok))
        members = self._members(head)
        happening = self.happening(tok)
        out += _nearest([r for r in roots if r.i in happening and r not in out], tok)
        linked: set[int] = set()
        for m in members:
            for other in self._linked.get(m, ()):
                linked |= self.scope_of_head(other)
        out += _nearest([r for r in roots if r.i in linked and r not in out], tok)
        held = self.held()
        out += _nearest([r for r in roots if r.i not in held and r not in out], tok)
        return out


def tells_same_happening(head: Token) -> bool:
    """Whether the clause ``head`` heads goes on telling the happening of the clause it hangs on: it has
    no doer of its own (no subject: "opened fire, *killing 14*", "stormed the town *and torched
    houses*"; or a passive one without an agent: "fired on the crowd, *and five people were killed*"),
    or it says what the doerless clause above it was ("three were killed *when police opened fire*")."""
    if head.dep_ not in SHARING_DEPS:
        return False
    if _doerless(head):
        return True
    return _same_time(head) and _doerless(head.head)


def _doerless(verb: Token) -> bool:
    """A clause with no doer: no subject, a passive subject without an agent ("were killed"), or a
    subject that undergoes the verb ("32 people had died")."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subjects:
        return verb.head.i != verb.i
    if undergoes(verb.lemma_):
        return True
    passive = all(c.dep_ in ("nsubjpass", "csubjpass") for c in subjects)
    return passive and not any(c.dep_ == "agent" for c in verb.children)


def _same_time(head: Token) -> bool:
    """An adverbial clause of the same moment: "when police opened fire", "as thousands marched"."""
    return head.dep_ == "advcl" and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in SAME_TIME_MARKS and c.i < head.i for c in head.children
    )


def dated_with_its_noun(head: Token) -> bool:
    """Whether a clause tells a happening of the same moment as the clause it hangs on, though of other
    doers: a relative or participial clause on a noun ("fired tear gas at workers *who blocked a highway
    on Sunday*", not an earlier one: "arrested men *who had attacked a police post*"), or one of the
    same time ("shot six *as thousands marched*")."""
    if _same_time(head):
        return True
    if head.dep_ not in ("relcl", "acl"):
        return False
    return not any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in head.children)


def _attached(root: Token, anchors: set[int]) -> bool:
    """A date expression that hangs on one of ``anchors``, directly or through its preposition."""
    head = root.head
    if head.i in anchors:
        return True
    return head.dep_ == "prep" and head.head.i in anchors


def _ranked(roots: list[Token], tok: Token, anchors: set[int], own_words: set[int]) -> list[Token]:
    """Dates attached to the trigger or its clause's head first, then those in the trigger's own
    phrase, then the rest; the nearest first within each."""
    return sorted(
        roots,
        key=lambda r: (0 if _attached(r, anchors) else 1 if r.i in own_words else 2, abs(r.i - tok.i)),
    )


def _nearest(roots: list[Token], tok: Token) -> list[Token]:
    return sorted(roots, key=lambda r: abs(r.i - tok.i))
