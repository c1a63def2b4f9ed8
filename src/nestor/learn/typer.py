"""The event-type model at coding time: candidates in, (type or NONE, mode, confidence) out.

The model files ship in the package (``data/models/event.types.npz`` and ``event.modes.npz``) and are
rebuilt by ``make model`` from ``data/training/``. Where they are missing the coder runs on its rules
alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Token

from ..resolve.lexical import synonym_seeds
from .features import dense_features, sparse_features
from .softmax import SoftmaxModel

MODELS = Path(str(resources.files("nestor") / "data" / "models"))
MODEL_STEM = "event"
NONE = "NONE"
NO_MODE = "-"


@dataclass(frozen=True, slots=True)
class TypeGuess:
    """The model's view of one candidate. ``type`` is the most probable event type where the model
    thinks an event more likely than none (else None); ``event_probability`` is 1 - P(NONE), the
    chance that the word tells some event at all, which is what decides whether to add one."""

    type: str | None
    confidence: float  # the probability of ``type`` (of NONE where ``type`` is None)
    mode: str | None
    probabilities: dict[str, float]

    def p(self, etype: str | None) -> float:
        return self.probabilities.get(etype or NONE, 0.0)

    @property
    def event_probability(self) -> float:
        return 1.0 - self.p(None)


class EventTyper:
    def __init__(self, types: SoftmaxModel, modes: SoftmaxModel, valid_modes: dict[str, frozenset[str]]):
        self.types = types
        self.modes = modes
        self.valid_modes = valid_modes
        self._mode_index = {m: i for i, m in enumerate(modes.classes)}

    @classmethod
    def load(cls, folder: Path, valid_modes: dict[str, frozenset[str]]) -> EventTyper | None:
        tpath, mpath = folder / f"{MODEL_STEM}.types.npz", folder / f"{MODEL_STEM}.modes.npz"
        if not (tpath.is_file() and mpath.is_file()):
            return None
        return cls(SoftmaxModel.load(tpath)[0], SoftmaxModel.load(mpath)[0], valid_modes)

    def knows(self, tok: Token) -> bool:
        """Whether the training corpus had this word, or WordNet makes it a synonym of a trigger."""
        lemma = tok.lemma_.lower()
        return f"lem={lemma}" in self.types.vocab or bool(
            synonym_seeds(lemma, "noun" if tok.pos_ in ("NOUN", "PROPN") else "verb")
        )

    def guess(
        self, toks: list[Token], lexicon_types: list[str | None], headline: bool = False
    ) -> list[TypeGuess]:
        """One guess per token (a sentence's candidates at once)."""
        if not toks:
            return []
        sparse = [sparse_features(t, lt, headline) for t, lt in zip(toks, lexicon_types, strict=True)]
        dense = np.stack([dense_features(t) for t in toks])
        probs = self.types.proba(self.types.batch(sparse, dense))
        none = self.types.classes.index(NONE)
        events = probs.copy()
        events[:, none] = -1.0
        best = [self.types.classes[i] for i in events.argmax(axis=1)]
        with_type = [[*f, f"type={t}"] for f, t in zip(sparse, best, strict=True)]
        mprobs = self.modes.proba(self.modes.batch(with_type, dense))
        out = []
        for row, t, mrow in zip(probs, best, mprobs, strict=True):
            table = {c: float(p) for c, p in zip(self.types.classes, row, strict=True)}
            etype = t if 1.0 - table[NONE] >= 0.5 else None
            conf = table[t] if etype else table[NONE]
            out.append(TypeGuess(etype, conf, self._mode(etype, mrow), table))
        return out

    def _mode(self, etype: str | None, row: np.ndarray) -> str | None:
        if etype is None:
            return None
        allowed = self.valid_modes.get(etype, frozenset())
        best, best_p = None, row[self._mode_index[NO_MODE]]
        for m in allowed:
            i = self._mode_index.get(m)
            if i is not None and row[i] > best_p:
                best, best_p = m, row[i]
        return best


@lru_cache(maxsize=1)
def get_typer() -> EventTyper | None:
    from ..coding.ontology import get_ontology

    onto = get_ontology()
    return EventTyper.load(MODELS, {n: frozenset(t.modes) for n, t in onto.types.items()})
