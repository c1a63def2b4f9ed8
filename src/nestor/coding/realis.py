"""Realis: whether an event happened (actual), is planned, is possible, or is negated — and the cue.

Read from the trigger's own clause and the clauses that govern it: negation ("not", "never", "not a
single"), conditions ("if", "unless"), modals ("may", "could", "likely"), future and intention ("will",
"plans to", "is expected to"), and verbs that cancel their complement ("failed to").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .triggers import TriggerLexicon

CLAUSE_UP = frozenset({"xcomp", "conj", "acomp"})


def _governors(tok: Token, limit: int = 4) -> list[Token]:
    """The trigger and the verbs above it within the same claim (xcomp/conj chains, light verbs)."""
    chain = [tok]
    t = tok
    for _ in range(limit):
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        purpose = t.dep_ == "advcl" and infinitive
        if (
            t.dep_ in CLAUSE_UP
            or (t.dep_ == "ccomp" and infinitive)  # "allowed police to search", parsed as a clause
            or purpose  # "plans to go to Kazakhstan to examine the situation"
            or (t.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") and t.pos_ in ("NOUN", "PROPN"))
        ):
            h = t.head
            if t.dep_ == "pobj":
                h = h.head
            if h is t:
                break
            chain.append(h)
            t = h
        else:
            break
    return chain


FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _own_clause(conjunct: Token) -> bool:
    """Whether a conjunct is a clause of its own, which its head's negation does not reach: one with
    its own tense or auxiliary, or joined by "but" ("did not attack but sent"; "will not meet or talk"
    shares the "not")."""
    if conjunct.dep_ != "conj":
        return False
    if conjunct.tag_ in FINITE or any(c.dep_ in ("aux", "nsubj", "neg") for c in conjunct.children):
        return True
    return any(c.dep_ == "cc" and c.lower_ in ("but", "yet") for c in conjunct.head.children)


@dataclass(frozen=True, slots=True)
class Realis:
    realis: str  # actual | planned | possible | negated
    cue: str | None
    future: bool = False  # a future or volitional auxiliary governs the event ("will", "would")
    condition: str | None = None  # "if" / "unless" when a condition governs it
    failed: bool = False  # a verb of failing negates it ("failed to reach agreement")
    purpose: bool = False  # planned only as the purpose of an actual act ("marched to protest")
    readied: str | None = None  # the verb of preparing that governs it ("prepared to storm")
    in_condition: bool = False  # it is the condition itself ("if Russia *attacks*"), not held out under one


def realis_of(tok: Token, lex: TriggerLexicon, extra: list[Token] | None = None) -> Realis:
    """Realis of the event carried by ``tok`` (``extra``: frame or light verbs that govern it)."""
    r, cue = _realis(tok, lex, extra)
    future = False
    condition = None
    in_condition = False
    for t in [*_governors(tok), *(extra or ())]:
        for c in t.children:
            if c.dep_ == "aux" and (lex.is_word("future", c.lower_) or c.lower_ in ("ca", "can", "cannot")):
                future = True
            if c.dep_ == "advcl":
                for m in c.children:
                    if m.dep_ == "mark" and m.lower_ in ("if", "unless"):
                        condition = m.lower_
        if t.dep_ == "advcl":
            for m in t.children:
                if m.dep_ == "mark" and m.lower_ in ("if", "unless"):
                    condition = condition or m.lower_
                    in_condition = True
    failed = r == "negated" and any(
        t.i != tok.i and t.text == cue and lex.is_word("fail", t.lemma_.lower()) for t in _governors(tok)
    )
    purpose = r == "planned" and cue == "to" and any(t.dep_ == "advcl" for t in _governors(tok))
    readied = next(
        (t.text for t in _governors(tok) if t.i != tok.i and lex.is_word("prepare", t.lemma_.lower())), None
    )
    return Realis(
        r, cue, future, condition, failed, purpose, readied if r == "planned" else None, in_condition
    )


def _realis(tok: Token, lex: TriggerLexicon, extra: list[Token] | None = None) -> tuple[str, str | None]:
    chain = _governors(tok)
    for e in extra or ():
        if e not in chain:
            chain.append(e)
    # negation on the trigger, its governors, or the determiners of its arguments ("not a single")
    for k, t in enumerate(chain):
        if k and _own_clause(chain[k - 1]):
            break  # "did not attack Ukraine but sent troops": the first conjunct's "not" stays there
        for c in t.children:
            if c.dep_ == "neg":
                return "negated", c.text
            if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.pos_ in ("NOUN", "PROPN", "PRON"):
                det = [d for d in c.children if d.dep_ in ("det", "neg", "advmod", "quantmod")]
                words = " ".join(d.lower_ for d in det)
                if (
                    words.startswith("no")
                    and "not" not in words
                    or "not" in words
                    or c.lower_ in ("nobody", "none")
                ):
                    cue = " ".join(d.text for d in det) or c.text
                    if any(d.lower_ in ("no", "not", "never") for d in det) or c.lower_ in ("nobody", "none"):
                        return "negated", cue
        if t is not tok and lex.is_word("fail", t.lemma_.lower()):
            return "negated", t.text
    # conditions
    for t in chain:
        if t.dep_ == "advcl":
            for c in t.children:
                if c.dep_ == "mark" and lex.is_word("condition", c.lower_):
                    return "possible", c.text
        for c in t.children:
            if c.dep_ == "advcl":
                marks = [m for m in c.children if m.dep_ == "mark" and m.lower_ in ("if", "unless")]
                if marks and t is chain[-1]:
                    return "possible", marks[0].text
    # modals and hedges; what a verb of permission allows ("allowed police to search homes")
    for t in chain:
        if t is not tok and lex.is_word("permit", t.lemma_.lower()):
            return "possible", t.text
        for c in t.children:
            if c.dep_ == "aux" and lex.is_word("modal", c.lower_):
                return "possible", c.text
            if c.dep_ in ("advmod", "acomp") and c.lower_ in (
                "likely",
                "possibly",
                "perhaps",
                "probably",
                "potentially",
            ):
                return "possible", c.text
        if t.dep_ == "xcomp" and t.head.lower_ == "likely":
            return "possible", t.head.text
        if t.lemma_ == "be" and any(c.lower_ == "likely" for c in t.children):
            return "possible", "likely"
    # future and intention
    purpose: Token | None = None
    for k, t in enumerate(chain):
        for c in t.children:
            if c.dep_ == "aux" and lex.is_word("future", c.lower_):
                if c.lower_ == "going" and not any(x.lower_ == "to" for x in t.children):
                    continue
                return "planned", c.text
        if k and t.lower_ == "going" and chain[k - 1].dep_ == "xcomp" and chain[k - 1].head.i == t.i:
            # "is going to send troops": the parser makes "going" the head, "send" its complement
            if any(c.dep_ == "aux" and c.lemma_ == "be" for c in t.children):
                return "planned", t.text
        if t is not tok and lex.is_word("plan", t.lemma_.lower()):
            return "planned", t.text
        # a purpose infinitive: "troops arrived to help the army fight insurgents" (the fighting is
        # what they came for, not what they did); a plan or future above it is the better cue
        if t.dep_ == "advcl" and purpose is None:
            purpose = next((c for c in t.children if c.dep_ == "aux" and c.lower_ == "to"), None)
    if purpose is not None:
        return "planned", purpose.text
    return "actual", None
