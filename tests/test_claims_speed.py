"""Coding stays linear in a document's length: per-sentence work reads the sentence, not the document.

spaCy rebuilds ``Doc.text`` from every token on each access, and ``Span.ents`` builds every entity of the
document to keep the span's own; either, once per sentence, made coding quadratic (100k characters 12 s,
400k 120 s). These tests count, on hand-built parses, how often coding reads those two whole-document
properties, instead of timing anything: the count must not grow with the number of sentences.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from nestor.coding.circumstances import PlaceFinder, event_date
from nestor.coding.claims import ClaimFinder
from nestor.coding.coder import EventCoder
from nestor.coding.triggers import get_trigger_lexicon
from nestor.models import Document
from nestor.nlp.spans import entities_in
from nestor.resolve.actors import ActorResolver
from nestor.resolve.lexicon import ActorLexicon
from nestor.resolve.places import get_gazetteer
from nestor.settings import Settings

BENCH = Path(__file__).resolve().parent.parent / "bench" / "bench_long_docs.py"
VOCAB = spacy.blank("en").vocab
PUBLISHED = dt.date(2022, 1, 7)

# word, head (relative to the sentence's first token), dep, pos, tag, lemma, entity (IOB)
SENTENCES = (
    """
    Tokayev     1 nsubj  PROPN NNP   Tokayev    B-PERSON
    confirmed   1 ROOT   VERB  VBD   confirm    O
    that        4 mark   SCONJ IN    that       O
    Russia      4 nsubj  PROPN NNP   Russia     B-GPE
    sent        1 ccomp  VERB  VBD   send       O
    troops      4 dobj   NOUN  NNS   troop      O
    to          4 dative ADP   IN    to         O
    Kazakhstan  6 pobj   PROPN NNP   Kazakhstan B-GPE
    on          4 prep   ADP   IN    on         O
    Tuesday     8 pobj   PROPN NNP   Tuesday    B-DATE
    .           1 punct  PUNCT .     .          O
    """,
    """
    It          1 nsubj  PRON  PRP   it         O
    is          1 ROOT   AUX   VBZ   be         O
    now         1 advmod ADV   RB    now        O
    clear       1 acomp  ADJ   JJ    clear      O
    that        6 mark   SCONJ IN    that       O
    protesters  6 nsubj  NOUN  NNS   protester  O
    attacked    1 ccomp  VERB  VBD   attack     O
    the         8 det    DET   DT    the        O
    police      6 dobj   NOUN  NNS   police     O
    in          6 prep   ADP   IN    in         O
    Almaty      9 pobj   PROPN NNP   Almaty     B-GPE
    .           1 punct  PUNCT .     .          O
    """,
    """
    Police      1 nsubj    NOUN  NNS police     O
    detained    1 ROOT     VERB  VBD detain     O
    40          3 nummod   NUM   CD  40         B-CARDINAL
    people      1 dobj     NOUN  NNS people     O
    in          1 prep     ADP   IN  in         O
    West        6 compound PROPN NNP West       B-LOC
    Kazakhstan  4 pobj     PROPN NNP Kazakhstan I-LOC
    on          1 prep     ADP   IN  on         O
    5           9 nummod   NUM   CD  5          B-DATE
    January     7 pobj     PROPN NNP January    I-DATE
    .           1 punct    PUNCT .   .          O
    """,
)


class WatchedDoc(Doc):
    """A ``Doc`` that counts reads of its two whole-document properties (spaCy's own code reads them
    through the same attribute lookup, so ``Span.ents`` counts as a read of ``Doc.ents``)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.reads = {"text": 0, "ents": 0}

    @property
    def text(self) -> str:
        self.reads["text"] += 1
        return super().text

    @property
    def ents(self) -> tuple:
        self.reads["ents"] += 1
        return super().ents

    def full_text(self) -> str:
        return "".join(t.text_with_ws for t in self)


def build(sentences: int) -> WatchedDoc:
    """A parsed document of ``sentences`` sentences, the three above in turn."""
    rows: list[list[str]] = []
    heads: list[int] = []
    for n in range(sentences):
        table = [line.split() for line in SENTENCES[n % len(SENTENCES)].strip().splitlines()]
        heads.extend(len(rows) + int(r[1]) for r in table)
        rows.extend(table)
    return WatchedDoc(
        VOCAB,
        words=[r[0] for r in rows],
        heads=heads,
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
        ents=[r[6] for r in rows],
    )


@lru_cache(maxsize=1)
def resolver() -> ActorResolver:
    return ActorResolver(ActorLexicon.load(), get_trigger_lexicon().words["speech"])


@lru_cache(maxsize=1)
def coder() -> EventCoder:
    return EventCoder(spacy.blank("en"), Settings(workers=1))


def _spans(doc: Doc, ents: list) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label_) for e in ents]


# -- entities_in: what Span.ents gives ---------------------------------------------------------------


def test_entities_in_gives_the_entities_of_each_sentence() -> None:
    doc = build(3)
    got = [[e.text for e in entities_in(s)] for s in doc.sents]
    assert got == [
        ["Tokayev", "Russia", "Kazakhstan", "Tuesday"],
        ["Almaty"],
        ["40", "West Kazakhstan", "5 January"],
    ]
    assert [e.label_ for e in entities_in(doc[:])] == [e.label_ for e in doc.ents]


@st.composite
def tagged_docs(draw: st.DrawFn) -> tuple[Doc, int, int]:
    """A document with random sentence starts and entities (some crossing sentences), and a span."""
    size = draw(st.integers(1, 14))
    tags: list[str] = []
    for _ in range(size):
        tag = draw(st.sampled_from(["O", "B-GPE", "B-DATE", "I"]))
        if tag == "I":
            tag = "I-" + tags[-1][2:] if tags and tags[-1] != "O" else "O"
        tags.append(tag)
    starts = [True] + [draw(st.booleans()) for _ in range(size - 1)]
    doc = Doc(VOCAB, words=[f"w{i}" for i in range(size)], sent_starts=starts, ents=tags)
    start = draw(st.integers(0, size - 1))
    return doc, start, draw(st.integers(start + 1, size))


@settings(max_examples=300, deadline=None)
@given(tagged_docs())
def test_entities_in_is_span_ents(case: tuple[Doc, int, int]) -> None:
    doc, start, end = case
    for span in [doc[start:end], *doc.sents]:
        assert _spans(doc, entities_in(span)) == _spans(doc, list(span.ents))


# -- per-sentence work reads no whole-document property ----------------------------------------------


def test_claims_dates_and_places_read_only_their_sentence() -> None:
    doc = build(30)
    ctx = resolver().prepare(doc)
    finder = ClaimFinder(get_trigger_lexicon(), resolver())
    places = PlaceFinder(get_gazetteer(15000))
    doc.reads.update(text=0, ents=0)
    claims = []
    for seq, sent in enumerate(doc.sents, start=1):
        claims.extend(finder.find(sent, seq, ctx, "long"))
        event_date(sent.root, sent, PUBLISHED, "actual")
        places.sentence_place(sent, ctx)
    assert doc.reads == {"text": 0, "ents": 0}

    text = doc.full_text()
    assert len(claims) >= 20  # a sourced claim in sentence one of three, an unsourced one in two
    assert {c.cue for c in claims} >= {"confirmed", "it is now clear"}
    for c in claims:
        assert c.text == text[c.start : c.end] == c.text.strip()
    sourced = next(c for c in claims if c.sourced)
    assert sourced.claim == "that Russia sent troops to Kazakhstan on Tuesday"


def test_coding_a_document_reads_the_whole_of_it_a_fixed_number_of_times() -> None:
    reads = []
    for sentences in (12, 48):
        doc = build(sentences)
        coded = coder().code_doc(doc, Document(id="long", text=doc.full_text(), published="2022-01-07"))
        assert coded.claims and coded.records
        reads.append(doc.reads)
    assert reads[0] == reads[1], "a whole-document read per sentence: coding is quadratic in the length"


@pytest.mark.slow
def test_the_long_document_benchmark_runs() -> None:
    """Kept working on a small size (its figures are never asserted)."""
    cmd = [sys.executable, str(BENCH), "--sizes", "3000", "--format", "json"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    (size,) = json.loads(done.stdout)["sizes"]
    assert 2900 <= size["chars"] <= 3000 and size["seconds"] > 0 and size["peak_rss_mib"] > 0
