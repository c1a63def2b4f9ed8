"""Place names to :class:`~nestor.models.Place`, one name at a time, served by the SQLite gazetteer.

This is the coder's name-by-name look-up (``"Alma-Ata"`` -> Almaty); a whole document is resolved in
context by :mod:`nestor.resolve.toponyms`. Both read the same memory-mapped index
(:mod:`nestor.resolve.gazetteer`), so a worker holds no gazetteer of its own: only the rows it looked up.

Ranking within a name: countries first, then cities and regions by a score (population, with a bonus for
capitals and for matching a city's main name rather than one of its alternate names; a first-level
region counts as a city of :data:`REGION_WEIGHT` people). So "Georgia" is the country, "Tula" the Russian
city rather than the French Tulle (whose alternate name it is), and "Kiev" is Kyiv. Towns under
``min_population`` (capitals excepted) and second-level units are left to the context resolver.

Guards against common words (the index's ``guards`` table, from ``data/places/``):

* ``ambiguous.txt`` lists names that never resolve on their own ("Of", "Police", "Most");
* ``common_words.txt`` lists names that are also ordinary English words ("nice", "split", "turkey"):
  they resolve only when written with a capital letter;
* acronyms in the data ("US", "UAE") resolve only from text in capitals, so the pronoun "us" is never
  the United States, and a short word in capitals ("UN") is never a town.

``lookup("Paris, Texas")`` resolves a name with a qualifier after the last comma: the qualifier (a country,
a region or a postal abbreviation such as "Ky.") filters the head's candidates; if none is inside it,
the qualifier itself is returned.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from ..models import Place
from .gazetteer import GeoIndex, GeoRecord, get_index
from .place_names import LEADING_THE, data_dir, fold_name, read_rows

__all__ = [
    "REGION_WEIGHT",
    "Gazetteer",
    "country_by_iso3",
    "country_of",
    "fold_name",
    "get_gazetteer",
    "lookup",
]

REGION_WEIGHT = 300_000
"""A region ranks like a city of this many people (below big cities of the same name)."""

_CAPITAL_BONUS = 4.0
_MAIN_NAME_BONUS = 20.0
_COUNTRY_SCORE = 1e12

# Case a name needs in the text before it may match.
_ANY, _CAPITALISED, _UPPER = 0, 1, 2

_POSSESSIVE = re.compile(r"['\u2019]s?$")
_ACRONYM_FILES = ("country_aliases.tsv", "country_names_shared.tsv", "place_aliases.tsv")


def _case_of(text: str) -> int:
    """How the text is written: _UPPER (all capitals), _CAPITALISED (first letter) or _ANY (lowercase)."""
    s = LEADING_THE.sub("", text.strip())
    letters = [ch for ch in s if ch.isalpha()]
    if not letters:
        return _ANY
    if len(letters) >= 2 and not any(ch.islower() for ch in letters):
        return _UPPER
    return _CAPITALISED if letters[0].isupper() else _ANY


def _is_acronym(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return 2 <= len(letters) <= 5 and all(ch.isupper() for ch in letters)


def _acronyms(folder: Path) -> dict[str, frozenset[str]]:
    """Folded acronyms of the data files ("us", "uae") -> the countries (ISO alpha-3) they name there."""
    out: dict[str, set[str]] = {}
    for name in _ACRONYM_FILES:
        for row in read_rows(folder / name):
            if _is_acronym(row[0]):
                code = row[2] if name == "place_aliases.tsv" else row[1]
                out.setdefault(fold_name(row[0]), set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


class Gazetteer:
    """Name look-ups over the process's gazetteer index; thread-safe, and cheap to create.

    ``min_population`` picks the smallest city returned (capitals are always returned); 15000 and 500
    are the usual settings.
    """

    def __init__(
        self,
        min_population: int = 15000,
        data_dir: Path | None = None,
        index: GeoIndex | None = None,
        cache: str = "",
    ) -> None:
        self.min_population = min_population
        self.cache = cache  # the cache setting: the folder the index is built in and read from
        self._data_dir = data_dir
        self._index = index
        self._acronym: dict[str, frozenset[str]] | None = None
        self._lock = threading.Lock()
        self._size: int | None = None
        self.ranked = lru_cache(maxsize=20_000)(self._ranked)

    @property
    def index(self) -> GeoIndex:
        """The gazetteer file (built into the cache on first use)."""
        if self._index is None or self._acronym is None:
            with self._lock:
                if self._index is None:
                    self._index = get_index(self.cache)
                if self._acronym is None:
                    self._acronym = _acronyms(self._data_dir or data_dir())
        return self._index

    # ------------------------------------------------------------------ public API

    def lookup(self, name: str, country: str | None = None) -> Place | None:
        """The best place of this name, or None.

        ``country`` (ISO alpha-3), when given, prefers a candidate inside that country (a document's
        focus country, say) and otherwise falls back to the overall best.
        """
        cands = self.candidates(name)
        if not cands:
            return None
        if country:
            for place in cands:
                if place.country_code == country:
                    return place
        return cands[0]

    def candidates(self, name: str) -> list[Place]:
        """Every place this name may mean, best first (empty when the name is unknown or guarded)."""
        return [_place(r) for r in self.records(name)]

    def records(self, name: str) -> tuple[GeoRecord, ...]:
        """:meth:`candidates` as the index's records."""
        if not name or len(name) > 200:
            return ()
        text = _POSSESSIVE.sub("", name.strip().strip(' ,;:!?"()[]')).strip()
        if "," in text:
            head, _, qualifier = text.rpartition(",")
            return self._qualified(head.strip(), qualifier.strip())
        return self.ranked(fold_name(text), _case_of(text), True)

    def country_of(self, name: str) -> str | None:
        """ISO alpha-3 code of the country the named place lies in (or is)."""
        place = self.lookup(name)
        return place.country_code if place else None

    def country_by_iso3(self, code: str) -> Place | None:
        """The country with this ISO alpha-3 code, located at its centroid (never its capital)."""
        rec = self.index.country(code)
        return _place(rec) if rec else None

    def __contains__(self, name: str) -> bool:
        return bool(self.records(name))

    def __len__(self) -> int:
        """The number of names the index holds (opening it, or building it on first use)."""
        if self._size is None:
            self._size = self.index.name_count()
        return self._size

    # ------------------------------------------------------------------ look-up helpers

    def _ranked(self, key: str, case: int, guarded: bool) -> tuple[GeoRecord, ...]:
        index = self.index
        guard = index.guard(key)
        if not key or (guarded and guard == "ambiguous") or (case == _ANY and guard == "common"):
            return ()
        acronym_of = (self._acronym or {}).get(key, frozenset())
        if case == _UPPER and len(key) <= 4:
            # "UN", "EU", "CSTO": short words in capitals are acronyms, never the town "Un".
            recs = [r for r in index.names(key) if r.cc3 in acronym_of]
        elif case < _UPPER:
            recs = [r for r in index.names(key) if r.cc3 not in acronym_of]
        else:
            recs = list(index.names(key))
        scored = [(s, r) for r in recs if (s := self._score(r)) is not None]
        scored.sort(key=lambda x: -x[0])
        return tuple(dict.fromkeys(r for _, r in scored))

    def _score(self, r: GeoRecord) -> float | None:
        if r.precision == "country":
            return _COUNTRY_SCORE + r.population
        if r.precision == "admin1":
            # a unit known only from ISO 3166-2 ("Jenin" governorate) yields to any town of its name
            return float(REGION_WEIGHT) if self.index.curated(r) else 1.0
        if r.precision != "place":
            return None  # counties are read in context (toponyms.py)
        capital = r.fcode == "PPLC"
        if r.population < self.min_population and not capital:
            return None
        score = float(max(r.population, 1)) * (_CAPITAL_BONUS if capital else 1.0)
        return score * _MAIN_NAME_BONUS if r.main else score

    def _qualified(self, head: str, qualifier: str) -> tuple[GeoRecord, ...]:
        quals: tuple[GeoRecord, ...] = ()
        if qualifier:
            quals = self.ranked(fold_name(qualifier), _case_of(qualifier), True)
            if not quals and (qualifier.endswith(".") or qualifier.isupper()):
                quals = self.index.qualifiers(fold_name(qualifier))  # "Ky.", "TX"
        if not quals:
            return self.records(head) if head else ()
        qual = quals[0]
        heads = self.ranked(fold_name(head), _case_of(head), False)
        if qual.precision == "country":
            inside = tuple(r for r in heads if r.cc3 == qual.cc3 and r.precision != "country")
        else:
            inside = tuple(r for r in heads if r.admin1_key and r.admin1_key == qual.admin1_key)
        return inside or (qual,)


@lru_cache(maxsize=20_000)
def _place(rec: GeoRecord) -> Place:
    return rec.to_place()


def get_gazetteer(min_population: int = 15000, cache: str = "") -> Gazetteer:
    """The process's gazetteer for this population floor and ``cache`` setting (the folder its index is
    built in; empty: the environment's or the default), its index opened on first look-up."""
    return _gazetteer(int(min_population), cache or "")


@lru_cache(maxsize=8)
def _gazetteer(min_population: int, cache: str) -> Gazetteer:
    return Gazetteer(min_population, cache=cache)


def lookup(name: str, country: str | None = None, min_population: int = 15000) -> Place | None:
    """:meth:`Gazetteer.lookup` on the process's gazetteer."""
    return get_gazetteer(min_population).lookup(name, country)


def country_of(name: str, min_population: int = 15000) -> str | None:
    """ISO alpha-3 code of the country the named place is in (or is), or None."""
    return get_gazetteer(min_population).country_of(name)


def country_by_iso3(code: str) -> Place | None:
    """The country with this ISO alpha-3 code, located at its centroid."""
    return get_gazetteer().country_by_iso3(code)
