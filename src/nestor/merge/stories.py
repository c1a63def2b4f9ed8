"""Stories: groups of reports about the same crisis, built incrementally.

Each new report joins the best-matching story whose dates are within a window of its own, when the match
is good enough, and otherwise starts a story. A match combines two signals:

* the cosine between the report's text embedding and the story's centroid (:mod:`.embedding`), and
* the overlap of the names they mention (persons, organisations, places), each name weighted by how rare
  it is in the store, so that "Kazakhstan" in a Kazakh crisis counts less than "Stanislav Zas".

Stories keep their centroid (sum of member vectors) and are never recomputed from scratch: a report is
compared with stories, not with every other report.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .days import shift

COSINE_WEIGHT = 0.6
# pseudo-reports that mention nothing, added to the store's count when weighting names: in a small store
# where every report names "Kazakhstan", the name is the story, not noise
PRIOR_REPORTS = 50


@dataclass(slots=True)
class StoryDoc:
    id: str
    day: date | None
    vector: np.ndarray
    names: Counter[str]  # entity keys the report mentions -> times
    title: str | None = None


@dataclass(slots=True)
class Story:
    id: str
    vsum: np.ndarray
    names: Counter[str] = field(default_factory=Counter)
    first: date | None = None
    last: date | None = None
    size: int = 0
    label: str | None = None
    changed: bool = False

    def centroid(self) -> np.ndarray:
        n = float(np.linalg.norm(self.vsum))
        return self.vsum / n if n else self.vsum

    def add(self, doc: StoryDoc) -> None:
        self.vsum = self.vsum + doc.vector
        self.names.update(doc.names)
        if doc.day is not None:
            self.first = min(self.first or doc.day, doc.day)
            self.last = max(self.last or doc.day, doc.day)
        if self.label is None and doc.title:
            self.label = doc.title
        self.size += 1
        self.changed = True

    def near(self, day: date | None, window: int) -> bool:
        if day is None or self.first is None or self.last is None:
            return True
        return shift(self.first, -window) <= day <= shift(self.last, window)


def story_id(first_document: str) -> str:
    return "s-" + hashlib.sha1(first_document.encode("utf-8")).hexdigest()[:12]


def name_overlap(doc: Counter[str], story: Counter[str], weight: Callable[[str], float]) -> float:
    """Weighted share of the report's names that the story also mentions (0..1)."""
    total = sum(weight(n) for n in doc)
    if total <= 0:
        return 0.0
    return sum(weight(n) for n in doc if n in story) / total


def match_score(doc: StoryDoc, story: Story, weight: Callable[[str], float]) -> float:
    cos = float(np.dot(doc.vector, story.centroid()))
    return COSINE_WEIGHT * max(cos, 0.0) + (1 - COSINE_WEIGHT) * name_overlap(doc.names, story.names, weight)


def assign(
    docs: Iterable[StoryDoc],
    stories: list[Story],
    weight: Callable[[str], float],
    threshold: float,
    window: int,
) -> list[tuple[str, str, float]]:
    """Puts each report (in date order) into a story; returns (document id, story id, score) and updates
    ``stories`` in place (new stories appended, changed ones flagged)."""
    out: list[tuple[str, str, float]] = []
    active = list(stories)  # stories a report of the current day may still join
    today: date | None = None
    for doc in sorted(docs, key=lambda d: (d.day or date.min, d.id)):
        if doc.day is not None and doc.day != today:
            # reports come in date order: a story that ended over a window ago takes no more of them
            today = doc.day
            horizon = shift(today, -window)
            active = [s for s in active if s.last is None or s.last >= horizon]
        best: tuple[float, Story] | None = None
        for story in active:
            if not story.near(doc.day, window):
                continue
            s = match_score(doc, story, weight)
            if best is None or s > best[0]:
                best = (s, story)
        if best is not None and best[0] >= threshold:
            best[1].add(doc)
            out.append((doc.id, best[1].id, round(best[0], 4)))
            continue
        story = Story(story_id(doc.id), np.zeros_like(doc.vector))
        story.add(doc)
        stories.append(story)
        active.append(story)
        out.append((doc.id, story.id, 1.0))
    return out


def idf_weight(doc_freq: dict[str, int], documents: int) -> Callable[[str], float]:
    """log((N + prior) / (df + 1)): rare names weigh more; a name every report uses still counts."""

    def weight(name: str) -> float:
        return math.log((documents + PRIOR_REPORTS) / (doc_freq.get(name, 0) + 1))

    return weight
