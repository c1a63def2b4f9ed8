"""Building the event-type model from the training corpus, with cross-validated figures.

Each sentence of the corpus is parsed; every marked trigger's head token is an example of its type
(and mode), every other verb and event noun of the sentence an example of NONE. Folds are by sentence
(a sentence's candidates never sit on both sides), assigned by a hash of its text, so the figures and
the model are the same on every run.
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Span, Token

from ..coding.ontology import Ontology, get_ontology
from ..coding.triggers import TriggerLexicon, get_trigger_lexicon
from .corpus import CorpusError, Sentence, read_corpus
from .features import DENSE_DIM, DENSE_PARTS, dense_features, is_candidate, is_headline, sparse_features
from .softmax import Batch, SoftmaxModel

NONE = "NONE"
NO_MODE = "-"
L2 = 1e-4  # chosen by cross-validation on the training corpus (1e-5 .. 1e-2 tried)


@dataclass
class Example:
    sparse: list[str]
    dense: np.ndarray
    type: str
    mode: str
    sentence: int  # index of its sentence
    fold: int


@dataclass
class TrainReport:
    sentences: int = 0
    examples: int = 0
    unaligned: list[str] = field(default_factory=list)  # marks that matched no token
    per_type: dict[str, dict[str, float]] = field(default_factory=dict)
    accuracy: float = 0.0
    event_accuracy: float = 0.0  # type right among the examples that are events
    # NONE sentences where no candidate was called an event with the confidence that adds one
    none_sentence_precision: float = 0.0
    threshold: float = 0.6
    mode_accuracy: float = 0.0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "unaligned"} | {
            "unaligned": len(self.unaligned)
        }


def lexicon_type(tok: Token, lex: TriggerLexicon, onto: Ontology) -> str | None:
    """The PLOVER type the trigger lexicon gives a token on its own (no frames, no actor switches)."""
    match = lex.match_verb(tok) if tok.pos_ in ("VERB", "AUX") else lex.match_noun(tok)
    if match is None:
        return None
    if match.rule.frame:
        return f"frame:{match.rule.frame}"
    return match.rule.options.get("type") or onto.entry(match.rule.cameo).type


def trigger_head(sent: Span, start: int, end: int) -> Token | None:
    """The syntactic head of the tokens covering characters ``start..end`` of the sentence."""
    base = sent.start_char
    toks = [t for t in sent if t.idx - base < end and t.idx - base + len(t.text) > start]
    if not toks:
        return None
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i] or toks
    pref = [t for t in heads if t.pos_ in ("VERB", "NOUN", "AUX")] or heads
    return pref[0]


def fold_of(text: str, folds: int) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % folds


def examples_of(
    sentences: Sequence[Sentence], nlp: Language, folds: int = 5, report: TrainReport | None = None
) -> list[Example]:
    lex, onto = get_trigger_lexicon(), get_ontology()
    event_nouns = frozenset(lex.nouns)
    out: list[Example] = []
    docs = nlp.pipe((s.text for s in sentences), batch_size=256)
    for n, (s, doc) in enumerate(zip(sentences, docs, strict=True)):
        span = doc[:]
        headline = is_headline(span)
        marked: dict[int, tuple[str, str]] = {}
        for t in s.triggers:
            head = trigger_head(span, t.start, t.end)
            if head is None:
                if report is not None:
                    report.unaligned.append(s.source)
                continue
            marked[head.i] = (t.type, t.mode or NO_MODE)
        cover = {i for t in s.triggers for i in range(t.start, t.end)}
        fold = fold_of(s.text, max(folds, 1))
        for tok in doc:
            if tok.i in marked:
                etype, mode = marked[tok.i]
            elif is_candidate(tok, event_nouns) and tok.idx not in cover:
                etype, mode = NONE, NO_MODE
            else:
                continue
            feats = sparse_features(tok, lexicon_type(tok, lex, onto), headline)
            out.append(Example(feats, dense_features(tok), etype, mode, n, fold))
    return out


def _fit(
    examples: Sequence[Example], classes: Sequence[str], target: Callable[[Example], str]
) -> SoftmaxModel:
    counts = Counter(f for e in examples for f in set(e.sparse))
    vocab = sorted(f for f, c in counts.items() if c >= 2 or f.startswith(("lem=", "seed=")))
    model = SoftmaxModel(vocab, classes, DENSE_DIM * DENSE_PARTS)
    batch = model.batch([e.sparse for e in examples], np.stack([e.dense for e in examples]))
    index = {c: i for i, c in enumerate(classes)}
    labels = np.asarray([index[target(e)] for e in examples])
    freq = np.bincount(labels, minlength=len(classes)).astype(np.float32)
    weights = 1.0 / np.sqrt(np.maximum(freq[labels], 1.0))
    model.fit(batch, labels, l2=L2, weights=weights)
    return model


def _mode_examples(examples: Sequence[Example]) -> list[Example]:
    return [
        Example([*e.sparse, f"type={e.type}"], e.dense, e.type, e.mode, e.sentence, e.fold)
        for e in examples
        if e.type != NONE
    ]


def fit_models(examples: Sequence[Example], onto: Ontology) -> tuple[SoftmaxModel, SoftmaxModel]:
    types = [NONE, *sorted(onto.types)]
    modes = [NO_MODE, *sorted({m for t in onto.types.values() for m in t.modes})]
    type_model = _fit(examples, types, lambda e: e.type)
    mode_model = _fit(_mode_examples(examples), modes, lambda e: e.mode)
    return type_model, mode_model


def predict(model: SoftmaxModel, examples: Sequence[Example]) -> np.ndarray:
    batch: Batch = model.batch([e.sparse for e in examples], np.stack([e.dense for e in examples]))
    return model.proba(batch)


def cross_validate(examples: list[Example], onto: Ontology, folds: int, report: TrainReport) -> None:
    gold_n: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    called: Counter[str] = Counter()
    mode_n = mode_hit = 0
    event_sentences: dict[int, bool] = {}
    fired: dict[int, bool] = defaultdict(bool)
    for e in examples:
        event_sentences[e.sentence] = event_sentences.get(e.sentence, False) or e.type != NONE
    for k in range(folds):
        train = [e for e in examples if e.fold != k]
        test = [e for e in examples if e.fold == k]
        if not test:
            continue
        tm, mm = fit_models(train, onto)
        proba = predict(tm, test)
        guess = [tm.classes[i] for i in proba.argmax(axis=1)]
        # as at coding time: a word becomes an event when its most probable event type reaches the threshold
        events_only = proba.copy()
        events_only[:, tm.classes.index(NONE)] = 0.0
        p_event = events_only.max(axis=1)
        for e, g, p in zip(test, guess, p_event, strict=True):
            gold_n[e.type] += 1
            called[g] += 1
            hit[e.type] += g == e.type
            fired[e.sentence] |= bool(p >= report.threshold)
        mtest = _mode_examples([e for e in test if e.type != NONE])
        if mtest:
            mguess = [mm.classes[i] for i in predict(mm, mtest).argmax(axis=1)]
            mode_n += len(mtest)
            mode_hit += sum(g == e.mode for e, g in zip(mtest, mguess, strict=True))
    for t in sorted(gold_n):
        recall = hit[t] / gold_n[t]
        precision = hit[t] / called[t] if called[t] else 0.0
        report.per_type[t] = {
            "examples": gold_n[t],
            "recall": round(recall, 3),
            "precision": round(precision, 3),
            "f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        }
    total = sum(gold_n.values())
    report.accuracy = round(sum(hit.values()) / total, 3) if total else 0.0
    events = total - gold_n[NONE]
    report.event_accuracy = round((sum(hit.values()) - hit[NONE]) / events, 3) if events else 0.0
    none_sents = [s for s, has in event_sentences.items() if not has]
    if none_sents:
        report.none_sentence_precision = round(sum(not fired[s] for s in none_sents) / len(none_sents), 3)
    report.mode_accuracy = round(mode_hit / mode_n, 3) if mode_n else 0.0


def train(
    corpus: Path,
    nlp: Language,
    out: Path | None,
    folds: int = 5,
    progress: Callable[[str], None] | None = None,
    threshold: float = 0.6,
) -> TrainReport:
    """Reads ``corpus`` (a folder of ``*.txt``), cross-validates, and writes the model to ``out``."""
    say = progress or (lambda _m: None)
    clock = time.perf_counter()
    onto = get_ontology()
    modes = {name: frozenset(t.modes) for name, t in onto.types.items()}
    sentences = list(read_corpus(corpus.glob("*.txt"), frozenset(onto.types), modes))
    report = TrainReport(sentences=len(sentences), threshold=threshold)
    say(f"train: {len(sentences)} sentences; parsing")
    examples = examples_of(sentences, nlp, folds, report)
    report.examples = len(examples)
    if not any(e.type != NONE for e in examples):
        raise CorpusError("no marked event in any *.txt file: nothing to learn from", str(corpus))
    if folds > 1:
        say(f"train: {len(examples)} examples; {folds}-fold cross-validation")
        cross_validate(examples, onto, folds, report)
    if out is not None:
        say("train: fitting the model on everything")
        tm, mm = fit_models(examples, onto)
        out.parent.mkdir(parents=True, exist_ok=True)
        tm.save(out.with_name(out.stem + ".types.npz"), sentences=str(len(sentences)))
        mm.save(out.with_name(out.stem + ".modes.npz"), sentences=str(len(sentences)))
    report.seconds = round(time.perf_counter() - clock, 1)
    return report
