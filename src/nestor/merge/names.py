"""Names as the words of a text spell them: the capitalised words that are not there only because they
open a sentence, and are no stopword (``data/merge/story_stopwords.txt``).

Many names a report turns on (a mine, a village, a camp, a ship) are no mention the coder resolves;
spelled the same, they tie reports of one story together (:mod:`.stories`), sentences of one event
(:mod:`.clusters`) and figures of one event (:mod:`.figure_compare`)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .sources import DATA

WORD = re.compile(r"\b[A-Z][A-Za-z]*(?:['’-][A-Za-z]+)*")
OPENERS = ".!?\n:—–-"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = (DATA / "story_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for ln in text.splitlines() if not ln.startswith("#") for w in ln.split())


def names_in(text: str) -> Counter[str]:
    """Folded names (possessive "'s" dropped) and how often the text uses each."""
    stop = stopwords()
    out: Counter[str] = Counter()
    for m in WORD.finditer(text):
        word = m.group(0)
        before = text[max(0, m.start() - 3) : m.start()].rstrip(" \"“‘'(")
        opens = not before or before[-1:] in OPENERS
        key = re.sub(r"['’]s$", "", word).casefold()
        if len(key) < 3 or key in stop or (opens and not word.isupper()):
            continue
        out[key] += 1
    return out


def sentence_names(text: str) -> frozenset[str]:
    return frozenset(names_in(text))
