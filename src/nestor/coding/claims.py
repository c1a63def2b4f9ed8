"""Claims: sentences that present a proposition as someone's statement.

* A **sourced** claim has a claimant: the subject of a verb of saying with a clause complement
  ("Tokayev said that the militants were trained abroad", "witnesses said …", "a UN report found that …")
  or the object of "according to"; or, for a sentence inside a quotation that has no verb of saying of
  its own, the quotation's speaker. The claimant need not be a country-coded actor
  (:func:`.attribution.claimant_entity`); datelines and bylines never are.
* An **unsourced** claim is the outlet's own: the sentence presents its proposition with certainty
  language ("It soon became clear that ...", "... in fact ...", ``data/coding/certainty.txt``), names
  no source and is not part of a quotation. Its claimant is the outlet; nothing corroborates it unless
  the merge step finds an independent report saying the same.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from spacy.tokens import Span, Token

from ..models import Entity, StatementClaim
from ..resolve.actors import ActorResolver, DocContext
from .attribution import (
    according_to_object,
    claimant_entity,
    is_claim_verb,
    quotation_of,
    speech_subject,
)
from .ontology import DATA
from .triggers import TriggerLexicon

QUOTES = "\"“”'‘’«»„"
COMPLEMENT_DEPS = frozenset({"ccomp", "parataxis"})


@lru_cache(maxsize=1)
def certainty_pattern() -> re.Pattern[str]:
    """One regular expression matching any phrase of ``certainty.txt`` on whole words."""
    phrases = []
    with open(DATA / "certainty.txt", encoding="utf-8") as f:
        for raw in f:
            line = raw.strip().lower()
            if line and not line.startswith("#"):
                words = [r"\w+" if w == "*" else re.escape(w) for w in line.split()]
                phrases.append(r"\s+".join(words))
    phrases.sort(key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b", re.IGNORECASE)


def claim_id(document_id: str, start: int) -> str:
    return hashlib.sha1(f"claim|{document_id}|{start}".encode()).hexdigest()[:16]


class ClaimFinder:
    def __init__(self, lex: TriggerLexicon, resolver: ActorResolver) -> None:
        self.lex = lex
        self.resolver = resolver

    def find(self, sent: Span, seq: int, ctx: DocContext, document_id: str) -> list[StatementClaim]:
        start, end, text = _trimmed(sent)
        if not text:
            return []

        def claim(body: str, cue: str, sourced: bool, claimant: Entity | None) -> StatementClaim:
            return StatementClaim(
                claim_id(document_id, start), seq, start, end, text, body.strip(), cue, sourced, claimant
            )

        sourced = self._sourced(sent, ctx)
        if sourced is not None:
            body, cue, who = sourced
            return [claim(body, cue, True, who)]
        if ctx.speaker is not None or text[:1] in QUOTES or text.rstrip()[-1:] == "?":
            return []  # a quotation or a question: not the outlet asserting
        m = certainty_pattern().search(text)
        if m is None:
            return []
        rest = text[m.end() :].lstrip(" ,:")
        rest = rest[5:] if rest.lower().startswith("that ") else rest
        body = rest if len(rest.split()) >= 3 else text
        return [claim(body, m.group(0).lower(), False, None)]

    def _sourced(self, sent: Span, ctx: DocContext) -> tuple[str, str, Entity] | None:
        """(claim, cue, claimant) when a named source states the sentence's content."""
        acc = according_to_object(sent.root)
        if acc is not None:
            who = claimant_entity(acc, ctx, self.resolver)
            if who is not None:
                prep = next(t for t in acc.ancestors if t.lower_ in ("according", "per"))
                inner = {t.i for t in prep.subtree}
                body = " ".join(t.text for t in sent if t.i not in inner and not t.is_punct)
                return body, "according to", who
        for tok in sent:
            if not is_claim_verb(tok, self.lex):
                continue
            comp = next((c for c in tok.children if c.dep_ in COMPLEMENT_DEPS), None)
            if comp is None and tok.dep_ in COMPLEMENT_DEPS:
                comp = tok.head  # "..., he said": the clause the speech verb hangs from
            if comp is None:
                continue
            subj = speech_subject(tok)
            if subj is None:
                continue
            who = claimant_entity(subj, ctx, self.resolver)
            if who is not None:
                return _subtree_text(comp, skip=tok), tok.text, who
        # a sentence of a quotation that runs over several sentences: its speaker's
        first = next((t for t in sent if not t.is_punct and not t.is_space), None)
        quote = quotation_of(first, self.lex) if first is not None else None
        if quote is not None and quote.claim is not None:
            who = claimant_entity(quote.claim.source, ctx, self.resolver)
            if who is not None:
                inside = [t for t in sent if quotation_of(t, self.lex) is quote]
                body = sent.doc[inside[0].i : inside[-1].i + 1].text.strip(' ,"“”«»')
                return body, quote.claim.cue, who
        return None


# Only the sentence's own tokens are read here, never ``Doc.text``: spaCy rebuilds that from every token of
# the document on each access, which, once per sentence, made coding quadratic in the document's length.


def _subtree_text(head: Token, skip: Token) -> str:
    """The text from the first to the last token of ``head``'s subtree, less ``skip``'s subtree where it
    hangs from ``head`` (what lies between the two ends stays: the text is one stretch)."""
    skipped = {t.i for t in skip.subtree} if skip.head.i == head.i else set()
    toks = [t for t in head.subtree if t.i not in skipped]
    if not toks:
        return head.text
    return head.doc[toks[0].i : toks[-1].i + 1].text.strip(" ,")


def _trimmed(sent: Span) -> tuple[int, int, str]:
    """The sentence's text without surrounding whitespace, and where it starts and ends in the document."""
    text = sent.text
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    return sent.start_char + lead, sent.start_char + lead + len(body), body
