"""Names as the words of a text spell them: the capitalised words that are not there only because they
open a sentence, and are no stopword (``data/merge/story_stopwords.txt``).

Many names a report turns on (a mine, a village, a camp, a ship) are no mention the coder resolves;
spelled the same, they tie reports of one story together (:mod:`.stories`), sentences of one event
(:mod:`.clusters`) and figures of one event (:mod:`.figure_compare`)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from .sources import DATA

WORD = re.compile(r"\b[A-Z][A-Za-z]*(?:['’-][A-Za-z]+)*")
OPENERS = ".!?\n:—–-"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = (DATA / "story_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for ln in text.splitlines() if not ln.startswith("#") for w in ln.split())


@lru_cache(maxsize=1)
def broad_names() -> frozenset[str]:
    """Folded names of countries, their other names, their nationality words and their capitals (the
    coder's ``data/actors/countries.tsv``): places where many stories happen at once, so that two reports
    naming "Serbia" or "Israeli" are not thereby about one thing."""
    out: set[str] = set()
    for ln in (DATA.parent / "actors" / "countries.tsv").read_text(encoding="utf-8").splitlines():
        if ln.startswith(("#", "code\t")) or not ln.strip():
            continue
        for cell in ln.split("\t")[1:5]:
            out.update(" ".join(v.split()).casefold() for v in cell.split("|") if v.strip())
    return frozenset(out)


def _name_words(text: str) -> Iterator[tuple[str, int, int]]:
    """(folded name word, start, end) for each capitalised word that names something."""
    stop = stopwords()
    for m in WORD.finditer(text):
        word = m.group(0)
        before = text[max(0, m.start() - 3) : m.start()].rstrip(" \"“‘'(")
        opens = not before or before[-1:] in OPENERS
        key = re.sub(r"['’]s$", "", word).casefold()
        if len(key) < 3 or key in stop or (opens and not word.isupper()):
            continue
        yield key, m.start(), m.end()


def names_in(text: str) -> Counter[str]:
    """Folded names (possessive "'s" dropped) and how often the text uses each."""
    return Counter(key for key, _, _ in _name_words(text))


def name_phrases(text: str) -> Counter[str]:
    """Like :func:`names_in`, but the name words that follow each other with one space between them are
    one name ("west bank", "united nations", "las bambas"): a name of two words is one name, not two, when
    reports are compared by the names they share."""
    out: Counter[str] = Counter()
    run: list[str] = []
    end = -1
    for key, start, stop in _name_words(text):
        if run and text[end:start] != " ":
            out[" ".join(run)] += 1
            run = []
        run.append(key)
        end = stop
    if run:
        out[" ".join(run)] += 1
    return out


def sentence_names(text: str) -> frozenset[str]:
    return frozenset(names_in(text))
