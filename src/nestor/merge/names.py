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

from ..resolve.lexical import lexical_class
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


@lru_cache(maxsize=1)
def nationality_words() -> dict[str, str]:
    """Folded nationality word ("tajik", "kenyans") -> its adjective as written first ("Tajik"), from the
    adjectives column of the coder's ``data/actors/countries.tsv``."""
    out: dict[str, str] = {}
    for ln in (DATA.parent / "actors" / "countries.tsv").read_text(encoding="utf-8").splitlines():
        if ln.startswith(("#", "code\t")) or not ln.strip():
            continue
        cells = ln.split("\t")
        forms = [v.strip() for v in (cells[3] if len(cells) > 3 else "").split("|") if v.strip()]
        for form in forms:
            if " " not in form:
                out.setdefault(form.casefold(), forms[0])
    return out


def _name_words(text: str) -> Iterator[tuple[str, int, int]]:
    """(folded name word, start, end) for each capitalised word that names something. A word that opens a
    sentence (or a headline) names something only when it is no English word (:func:`_plain_word`) and
    the text never spells it in lower case: "Kogi state's emergency agency", not "Floods have killed"."""
    stop = stopwords()
    lower: frozenset[str] | None = None
    headlines = _title_case_lines(text)
    for m in WORD.finditer(text):
        word = m.group(0)
        before = text[max(0, m.start() - 3) : m.start()].rstrip(" \"“‘'(")
        opens = not before or before[-1:] in OPENERS or any(a <= m.start() < b for a, b in headlines)
        key = re.sub(r"['’]s$", "", word).casefold()
        if len(key) < 3 or key in stop or _credit_tag(text, m.start(), m.end()):
            continue
        if opens and not word.isupper():
            if lower is None:
                lower = frozenset(LOWER_WORD.findall(text))
            if key in lower or _plain_word(key):
                continue
        yield key, m.start(), m.end()


TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{3,}")


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines written in title case ("Police Fire Tear Gas At Strikers In Lagos"),
    where a capital says nothing of a name: each of their words is read as if it opened a sentence."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        long = TITLE_WORD.findall(line)
        if len(long) >= 3 and sum(w[0].isupper() for w in long) >= 0.8 * len(long):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?:['’-][a-z]+)*")
# endings of adjectives and adverbs, which the noun and verb tables do not hold ("Nearly", "Angry")
PLAIN_ENDINGS = ("ly", "ous", "ful", "ive", "able", "ible", "less", "est", "ern", "ese", "ish", "ry")


# inflection endings and what each may stand for in the lemma ("floods", "cities", "armed", "used")
INFLECTIONS = (
    ("s", ("",)),
    ("es", ("",)),
    ("ies", ("y",)),
    ("ed", ("", "e")),
    ("ied", ("y",)),
    ("ing", ("", "e")),
)


@lru_cache(maxsize=4096)
def _plain_word(key: str) -> bool:
    """Whether a folded word is an English word rather than a name: a noun or verb of the lexical tables
    in some inflection ("floods", "residents", "armed", "killing"), or an adjective or adverb ending."""
    if key.endswith(PLAIN_ENDINGS):
        return True
    stems = {key}
    for ending, roots in INFLECTIONS:
        if key.endswith(ending):
            stems.update(key[: -len(ending)] + r for r in roots)
    return any(lexical_class(s, pos) is not None for s in stems if len(s) >= 3 for pos in ("noun", "verb"))


CREDIT_TAG = re.compile(r"\)\s*[-–—]")


def _credit_tag(text: str, start: int, end: int) -> bool:
    """Whether the word is a dateline's credit tag ("LAGOS, Sept 8 (APA) —"): the outlet that sent the
    copy, no name of what the story is about (every report of that outlet carries it)."""
    return text[start - 1 : start] == "(" and CREDIT_TAG.match(text, end) is not None


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
