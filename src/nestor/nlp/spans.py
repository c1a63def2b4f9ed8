"""Reading a sentence's annotations in time proportional to the sentence, not to the whole document.

spaCy's ``Span.ents`` builds every entity of the document and keeps those inside the span, and
``Doc.text`` joins every token of the document: called once per sentence, either makes coding a document
quadratic in its length. The helpers here read only the span's own tokens.
"""

from __future__ import annotations

from spacy.tokens import Span


def entities_in(span: Span) -> list[Span]:
    """The named entities that lie wholly inside ``span``, in order: what ``span.ents`` gives, with the
    same labels, knowledge-base ids and entity ids, but without walking the rest of the document.

    An entity that begins before the span or ends after it is left out, as ``span.ents`` leaves it out.
    """
    doc = span.doc
    out: list[Span] = []
    begin = -1  # the first token of the entity being read, or -1 outside one
    for i in range(span.start, span.end):
        tok = doc[i]
        if tok.ent_iob_ == "I":
            continue  # inside the current entity, or inside one that began before the span
        if begin >= 0:
            out.append(_entity(span, begin, i))
        begin = i if tok.ent_iob_ == "B" and tok.ent_type else -1
    if begin >= 0 and (span.end == len(doc) or doc[span.end].ent_iob_ != "I"):
        out.append(_entity(span, begin, span.end))
    return out


def _entity(span: Span, start: int, end: int) -> Span:
    first = span.doc[start]
    return Span(span.doc, start, end, label=first.ent_type, kb_id=first.ent_kb_id, span_id=first.ent_id)
