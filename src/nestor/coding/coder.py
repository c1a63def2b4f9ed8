"""The event coder: a parsed document in, PLOVER event records out (work in progress)."""

from __future__ import annotations

from spacy.language import Language

from ..models import Document, EventRecord
from ..settings import Settings


class EventCoder:
    def __init__(self, nlp: Language, settings: Settings) -> None:
        self.nlp = nlp
        self.settings = settings

    def code(self, document: Document) -> list[EventRecord]:
        return self.code_many([document])[0][1]

    def code_many(self, documents: list[Document]) -> list[tuple[Document, list[EventRecord]]]:
        out = []
        for document, _doc in zip(documents, self.nlp.pipe(d.text for d in documents), strict=True):
            out.append((document, []))
        return out
