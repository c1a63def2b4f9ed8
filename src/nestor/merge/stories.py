"""Stories: groups of reports about the same crisis, built incrementally.

Each new report joins the best-matching story whose dates are within a window of its own, when the match
is good enough, and otherwise starts a story. A match combines two signals:

* the cosine between the report's text embedding and the story's centroid (:mod:`.embedding`), and
* the overlap of the names they use: the persons, organisations and places the coder resolved, and the
  names the text spells (a mine, a village: :mod:`.names`), each weighted by how rare it is among the
  reports of the days around the report (:class:`LocalFrequency`), so that "Kazakhstan" in a Kazakh
  crisis counts less than "Stanislav Zas". Each name counts by the share of the story's reports that
  use it (the report is compared with the story's reports on average, not with every name one of them
  once used), so a story does not chain unrelated reports through one member each.

A report joins only when it also shares enough names with the story (:func:`support`): spelled names
(a name of several words is one), each counted by its rarity around the report, a country, its people or
its capital at half. Reports with a like wording that share one big name ("the United Nations",
"Israel") are kept apart; reports that share a mine, a village or a person are not.

A story has a shape: it takes no report more than a window after its last one (reporting paused, the
next report starts a story) and spans at most ``MAX_STORY_DAYS``. Neither the weights nor the window
look beyond the days around a report, so how a report is grouped does not depend on how many unrelated
reports, of other weeks or years, the store holds.

Stories keep their centroid (sum of member vectors) and are never recomputed from scratch: a report is
compared with stories, not with every other report.
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from .days import shift
from .names import broad_names, name_phrases

COSINE_WEIGHT = 0.6
# the most days a story may span from its first report to its last: a crisis that goes on for months is
# told as a run of stories, not one that swallows every later report about the same country
MAX_STORY_DAYS = 30
# pseudo-reports that mention nothing, added to the count of reports around a report when weighting names:
# among few reports that all name "Kazakhstan", the name is the story, not noise
PRIOR_REPORTS = 50
# the names a report must share with a story to join it (see ``support``): more than one name of middling
# rarity (one that a tenth of the reports around use counts about 0.57; a country, half that), or one
# rare name most of the story's reports use. Measured: the sample corpus's stories and the Andes case
# hold together up to 0.74 (their weakest joins count 0.74 and 0.78); one shared big name is below 0.6
MIN_SUPPORT = 0.65
# what a country, its people or its capital counts for in ``support``: many stories happen there at once
BROAD_SHARE = 0.5
UNUSED = "\0"  # a name no report uses: the weight of the rarest name
# a report that spells this many names or fewer is a brief: it joins a story that uses nearly all of them
# (BRIEF_SHARE of the most it could share) without reaching MIN_SUPPORT, which it could never reach
BRIEF_NAMES = 2
BRIEF_SHARE = 0.9


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
        self.names.update(doc.names.keys())  # how many of its reports use each name
        if doc.day is not None:
            self.first = min(self.first or doc.day, doc.day)
            self.last = max(self.last or doc.day, doc.day)
        if self.label is None and doc.title:
            self.label = doc.title
        self.size += 1
        self.changed = True

    def too_long(self, day: date | None, max_days: int) -> bool:
        """Whether a report of ``day`` would stretch the story past ``max_days`` from end to end."""
        if day is None or self.first is None or self.last is None:
            return False
        return (max(day, self.last) - min(day, self.first)).days > max_days

    def near(self, day: date | None, window: int) -> bool:
        if day is None or self.first is None or self.last is None:
            return True
        return shift(self.first, -window) <= day <= shift(self.last, window)


HEAD_CHARS = 3000  # a report's title and opening carry its story


def text_names(title: str | None, text: str) -> Counter[str]:
    """The names a report's title and opening spell ("w:challhuahuacho", "w:las bambas"; a name of
    several words is one: see :func:`.names.name_phrases`)."""
    return Counter({"w:" + k: n for k, n in name_phrases(f"{title or ''}\n{text[:HEAD_CHARS]}").items()})


def story_id(first_document: str) -> str:
    return "s-" + hashlib.sha1(first_document.encode("utf-8")).hexdigest()[:12]


def name_overlap(doc: Counter[str], story: Story, weight: Callable[[str], float]) -> float:
    """Weighted share of the report's names, each counted by the share of the story's reports that use it
    (0..1): the mean of the report's overlap with each of the story's reports. A name one report of a
    large story used counts for little, so a story does not grow by collecting every name its reports
    ever used (single-link chaining)."""
    total = sum(weight(n) for n in doc)
    if total <= 0 or story.size <= 0:
        return 0.0
    return sum(weight(n) * min(1.0, story.names[n] / story.size) for n in doc if n in story.names) / total


def support(doc: Counter[str], story: Story, weight: Callable[[str], float]) -> float:
    """How many spelled names the report shares with the story, each counted by how rare it is around
    the report (its weight over the weight of a name no report uses) and by the square root of the share
    of the story's reports that use it. Entity keys are left out: a resolved name is also spelled, and
    counting both would count one name twice."""
    if story.size <= 0:
        return 0.0
    rarest = weight(UNUSED)
    if rarest <= 0:
        return 0.0
    broad = broad_names()
    return sum(
        min(1.0, weight(n) / rarest)
        * min(1.0, story.names[n] / story.size) ** 0.5
        * (BROAD_SHARE if n[2:] in broad else 1.0)
        for n in doc
        if n.startswith("w:") and n in story.names
    )


def reach(doc: Counter[str], weight: Callable[[str], float]) -> float:
    """The most :func:`support` a report can get: every spelled name of it used by every report of the
    story. A headline or a one-line brief ("Kogi flood: government approves aid") spells one or two names;
    it cannot share more."""
    rarest = weight(UNUSED)
    if rarest <= 0:
        return 0.0
    broad = broad_names()
    return sum(
        min(1.0, weight(n) / rarest) * (BROAD_SHARE if n[2:] in broad else 1.0)
        for n in doc
        if n.startswith("w:")
    )


def needed_support(doc: Counter[str], weight: Callable[[str], float], min_support: float) -> float:
    """What a report must share with a story: ``min_support``, or for a brief that spells at most
    ``BRIEF_NAMES`` names, not all of them a country, nearly all it can (``BRIEF_SHARE`` of its reach)."""
    spelled = [n for n in doc if n.startswith("w:")]
    if not spelled or len(spelled) > BRIEF_NAMES or all(n[2:] in broad_names() for n in spelled):
        return min_support
    return min(min_support, BRIEF_SHARE * reach(doc, weight))


def match_score(doc: StoryDoc, story: Story, weight: Callable[[str], float]) -> float:
    cos = float(np.dot(doc.vector, story.centroid()))
    return COSINE_WEIGHT * max(cos, 0.0) + (1 - COSINE_WEIGHT) * name_overlap(doc.names, story, weight)


def assign(
    docs: Iterable[StoryDoc],
    stories: list[Story],
    weights: Callable[[date | None], Callable[[str], float]],
    threshold: float,
    window: int,
    max_days: int = MAX_STORY_DAYS,
    min_support: float = MIN_SUPPORT,
) -> list[tuple[str, str, float]]:
    """Puts each report (in date order, undated ones last) into a story; returns (document id, story id,
    score) and updates ``stories`` in place (new stories appended, changed ones flagged). ``weights(day)``
    weighs names for a report of that day; a story takes reports for at most ``max_days`` after its first
    one. A report joins the best-matching story whose score reaches ``threshold`` and whose shared names
    reach ``min_support`` (:func:`support`): a likeness of text alone, or one big name two unrelated
    reports both use ("the United Nations"), does not make them one story."""
    out: list[tuple[str, str, float]] = []
    active = list(stories)  # stories a report of the current day may still join
    today: date | None = None
    for doc in sorted(docs, key=lambda d: (d.day is None, d.day or date.min, d.id)):
        if doc.day is not None and doc.day != today:
            # reports come in date order: a story that ended over a window ago takes no more of them
            today = doc.day
            horizon = shift(today, -window)
            active = [s for s in active if s.last is None or s.last >= horizon]
        # an undated report may join any story: it comes after the dated ones, which it may belong to
        candidates = stories if doc.day is None else active
        best: tuple[float, Story] | None = None
        weight = weights(doc.day)
        for story in candidates:
            if not story.near(doc.day, window) or story.too_long(doc.day, max_days):
                continue
            s = match_score(doc, story, weight)
            if (
                s >= threshold
                and (best is None or s > best[0])
                and support(doc.names, story, weight) >= needed_support(doc.names, weight, min_support)
            ):
                best = (s, story)
        if best is not None:
            best[1].add(doc)
            out.append((doc.id, best[1].id, round(best[0], 4)))
            continue
        story = Story(story_id(doc.id), np.zeros_like(doc.vector))
        story.add(doc)
        stories.append(story)
        active.append(story)
        out.append((doc.id, story.id, 1.0))
    return out


class LocalFrequency:
    """How many reports of the days around a day mention each name, and how many reports those days hold.

    Names are weighed by how rare they are among the reports of the days around a report (its window),
    not in the whole store: the grouping of a report does not change with how many unrelated reports,
    of other weeks or years, the store holds."""

    def __init__(self, name_days: dict[str, dict[date, int]], day_docs: dict[date, int], window: int) -> None:
        self.window = window
        self.total = sum(day_docs.values())
        self.totals = {n: sum(c.values()) for n, c in name_days.items()}
        self.days = {n: _prefix(c) for n, c in name_days.items()}
        self.docs = _prefix(day_docs)

    def weight(self, day: date | None) -> Callable[[str], float]:
        """Name -> weight for a report of ``day`` (each name counted once, when first asked for)."""
        if day is None:
            return idf_weight(self.totals, self.total)
        lo, hi = shift(day, -self.window), shift(day, self.window)
        documents = _count(self.docs, lo, hi)
        known: dict[str, float] = {}

        def weight(name: str) -> float:
            w = known.get(name)
            if w is None:
                p = self.days.get(name)
                df = _count(p, lo, hi) if p is not None else 0
                w = known[name] = math.log((documents + PRIOR_REPORTS) / (df + 1))
            return w

        return weight


def _prefix(counts: dict[date, int]) -> tuple[list[date], list[int]]:
    days = sorted(counts)
    running, out = 0, []
    for d in days:
        running += counts[d]
        out.append(running)
    return days, out


def _count(prefix: tuple[list[date], list[int]], lo: date, hi: date) -> int:
    days, cum = prefix
    a, b = bisect_left(days, lo), bisect_right(days, hi)
    return (cum[b - 1] if b else 0) - (cum[a - 1] if a else 0)


def idf_weight(doc_freq: dict[str, int], documents: int) -> Callable[[str], float]:
    """log((N + prior) / (df + 1)): rare names weigh more; a name every report uses still counts."""

    def weight(name: str) -> float:
        return math.log((documents + PRIOR_REPORTS) / (doc_freq.get(name, 0) + 1))

    return weight
