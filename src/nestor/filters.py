"""The event filters, specified once: the library's keyword arguments
(``Chronicle.events(country=..., type=...)``), the ``nestor events`` options (``--country``, ``--type``)
and the web API's query parameters (``?country=&type=``) are all generated from :data:`EVENT_FILTERS`
and :data:`EVENT_PAGING`, with one vocabulary and one help text (:func:`filter_help`).

Several values of a filter match any of them: repeat the option or parameter, or give a list. Where no
value can hold a comma (codes, types, quad classes, realis, nestor's story and cluster ids, and actor
names: give the code of an entity whose name holds a comma), one value may also hold several separated
by commas (``KAZ,RUS``); document ids are the user's own and may hold commas, so they are never split.
:func:`values_of` does that splitting for all three interfaces.

:func:`event_query` turns values in that vocabulary into an :class:`~nestor.store.event_query.EventQuery`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .store.event_query import REALIS, ROLES, SORTS, EventQuery, QueryError

YES_NO = ("yes", "no")


@dataclass(frozen=True, slots=True)
class Filter:
    """One filter: its name everywhere, its value type, whether it takes several values (any of them
    matches), the values it allows, and its help."""

    name: str
    kind: type = str  # str, int or bool
    multiple: bool = False
    choices: tuple[str, ...] | None = None
    help: str = ""
    metavar: str | None = None
    field: str | None = None  # the EventQuery field (default: the name)
    split: bool = False  # a string value may hold several, separated by commas ("KAZ,RUS")
    low: int | None = None  # bounds of an int
    high: int | None = None

    @property
    def target(self) -> str:
        return self.field or self.name


EVENT_FILTERS: tuple[Filter, ...] = (
    Filter(
        "country",
        multiple=True,
        split=True,
        metavar="COUNTRY",
        help="an actor's or recipient's country (see role): ISO3, ISO2 or name (KAZ, KZ, Kazakhstan)",
    ),
    Filter("role", choices=ROLES, help="which entity country must be: actor, recipient or claimant"),
    Filter(
        "actor",
        multiple=True,
        split=True,
        metavar="CODE|NAME",
        help="actor code (KAZ, IGO) or canonical name",
    ),
    Filter(
        "recipient", multiple=True, split=True, metavar="CODE|NAME", help="recipient code or canonical name"
    ),
    Filter(
        "type",
        multiple=True,
        split=True,
        metavar="TYPE",
        field="types",
        help="PLOVER event type, any case (PROTEST,ASSAULT)",
    ),
    Filter("quad", kind=int, multiple=True, split=True, low=1, high=4, metavar="1-4", help="quad class 1-4"),
    Filter(
        "realis",
        multiple=True,
        split=True,
        choices=REALIS,
        metavar="|".join(REALIS),
        help="actual, planned, possible or negated",
    ),
    Filter(
        "attributed",
        kind=bool,
        choices=YES_NO,
        help="only events a named claimant reports (yes) or the outlet states in its own voice (no)",
    ),
    Filter(
        "since",
        metavar="DATE",
        help="events on or after YYYY[-MM[-DD]] (an inexact date matches if it overlaps)",
    ),
    Filter("until", metavar="DATE", help="events on or before YYYY[-MM[-DD]]"),
    Filter("day", metavar="DATE", help="events of one day (or month, year): since = until = DATE"),
    Filter("document", multiple=True, metavar="ID", field="documents", help="events of this document"),
    Filter("search", metavar="WORDS", field="text", help="events whose sentence contains WORDS"),
    Filter(
        "story",
        multiple=True,
        split=True,
        metavar="ID",
        field="stories",
        help="events of the reports in this story",
    ),
    Filter(
        "cluster",
        multiple=True,
        split=True,
        metavar="ID",
        field="clusters",
        help="events of this event cluster",
    ),
)

EVENT_PAGING: tuple[Filter, ...] = (
    Filter("sort", choices=tuple(SORTS), help="order by date, type or document"),
    Filter("desc", kind=bool, help="reverse the order", field="descending"),
    Filter("limit", kind=int, low=0, help="at most this many events"),
    Filter("offset", kind=int, low=0, help="skip this many events first"),
)

BY_NAME: dict[str, Filter] = {f.name: f for f in (*EVENT_FILTERS, *EVENT_PAGING)}


def filter_help(f: Filter) -> str:
    """The help of a filter, saying how to give several values (the command line's and the API's)."""
    if not f.multiple:
        return f.help
    return f.help + ("; several: repeat, or separate with commas" if f.split else "; several: repeat")


def values_of(f: Filter, value: Any) -> tuple[Any, ...]:
    """The values of a multi-valued filter: one value or a list of them, each string split at commas
    when ``f.split``; empty values dropped."""
    if value is None:
        return ()
    values: Iterable[Any] = [value] if isinstance(value, (str, int, bool)) else value
    out: list[Any] = []
    for v in values:
        if isinstance(v, str) and f.split:
            out.extend(p.strip() for p in v.split(",") if p.strip())
        elif v is not None and v != "":
            out.append(v)
    return tuple(out)


def _bool(f: Filter, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0"):
        return False
    raise QueryError(f"{f.name} must be yes or no; got {value!r}")


def _int(f: Filter, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise QueryError(f"{f.name} must be a whole number; got {value!r}") from None
    return number


def _bounded(f: Filter, number: int) -> int:
    if f.low is not None and f.high is not None and not f.low <= number <= f.high:
        raise QueryError(f"{f.name} must be from {f.low} to {f.high}; got {number}")
    if f.low is not None and number < f.low:
        raise QueryError(f"{f.name} must be {f.low} or more; got {number}")
    if f.high is not None and number > f.high:
        raise QueryError(f"{f.name} must be {f.high} or less; got {number}")
    return number


def event_query(values: Mapping[str, Any] | None = None, **more: Any) -> EventQuery:
    """The :class:`EventQuery` of filter values in the one vocabulary (``country``, ``type``,
    ``attributed``, ``search``, ``desc`` …); None or empty values are no filter. QueryError names an
    unknown filter or a bad value."""
    given = {**(values or {}), **more}
    kw: dict[str, Any] = {}
    for name, value in given.items():
        f = BY_NAME.get(name)
        if f is None:
            raise QueryError(f"unknown filter {name!r}; filters are {', '.join(BY_NAME)}")
        if value is None or (f.multiple and not values_of(f, value)):
            continue
        if f.multiple:
            items = values_of(f, value)
            if f.kind is int:
                items = tuple(_bounded(f, _int(f, v)) for v in items)
            kw[f.target] = items
        elif f.kind is bool:
            kw[f.target] = _bool(f, value)
        elif f.kind is int:
            kw[f.target] = _bounded(f, _int(f, value))
        else:
            kw[f.target] = str(value)
    day = kw.pop("day", None)
    if day is not None:
        if "since" in kw or "until" in kw:
            raise QueryError("give either day or since/until")
        kw["since"] = kw["until"] = day
    if "country" in kw:
        from .countries import country_code

        kw["country"] = tuple(country_code(c) for c in kw["country"])
    return EventQuery(**kw)
