"""Event filters from a request's query string, as an :class:`~nestor.query.EventQuery`.

Several values of one filter may be given by repeating the parameter or separating values with commas
(``?country=KAZ,RUS`` = ``?country=KAZ&country=RUS``); an unknown parameter is a 400, so that a typo
(``?contry=KAZ``) is never silently ignored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from starlette.datastructures import QueryParams

from ..query import EventQuery
from .errors import ApiError

FILTERS = (
    "since", "until", "day", "country", "role", "actor", "recipient", "type", "quad", "realis",
    "attribution", "story", "cluster", "document", "q",
)  # fmt: skip
PAGING = ("limit", "offset", "sort", "order")
MAX_LIMIT = 1000
ATTRIBUTION = {"own": False, "unattributed": False, "attributed": True, "claimed": True}


def _values(params: QueryParams, name: str) -> tuple[str, ...]:
    out: list[str] = []
    for raw in params.getlist(name):
        out.extend(v.strip() for v in raw.split(",") if v.strip())
    return tuple(out)


def _one(params: QueryParams, name: str) -> str | None:
    values = params.getlist(name)
    if len(values) > 1:
        raise ApiError(400, f"bad filter: give {name} once")
    value = values[0].strip() if values else ""
    return value or None


def _int(name: str, value: str | None, default: int) -> int:
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ApiError(400, f"bad filter: {name} must be a whole number; got {value!r}") from None


def check_names(params: QueryParams, allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(params.keys()) - set(allowed))
    if unknown:
        raise ApiError(400, f"unknown parameter {unknown[0]!r}; this endpoint takes {', '.join(allowed)}")


def _query_fields() -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(EventQuery))


def event_query(
    params: QueryParams,
    story_documents: Callable[[tuple[str, ...]], list[str]] | None = None,
    paged: bool = True,
    default_limit: int = 50,
    extra: tuple[str, ...] = (),
) -> EventQuery:
    """The query the parameters ask for (ApiError 400 or QueryError on a bad value).

    ``story_documents`` resolves ``story`` to document ids where :class:`EventQuery` has no ``stories``
    filter of its own.
    """
    check_names(params, FILTERS + (PAGING if paged else ()) + extra)
    kw: dict[str, Any] = {}
    day = _one(params, "day")
    since, until = _one(params, "since"), _one(params, "until")
    if day is not None:
        if since is not None or until is not None:
            raise ApiError(400, "bad filter: give either day or since/until")
        since = until = day
    kw["since"], kw["until"] = since, until
    kw["country"] = _values(params, "country")
    kw["role"] = _one(params, "role")
    kw["actor"] = _values(params, "actor")
    kw["recipient"] = _values(params, "recipient")
    kw["types"] = _values(params, "type")
    quads = _values(params, "quad")
    kw["quad"] = tuple(_int("quad", q, 0) for q in quads)
    kw["realis"] = _values(params, "realis")
    kw["text"] = _one(params, "q")
    attribution = _one(params, "attribution")
    if attribution is not None:
        if attribution.lower() not in ATTRIBUTION:
            raise ApiError(
                400, f"bad filter: attribution must be one of {', '.join(ATTRIBUTION)}; got {attribution!r}"
            )
        kw["attributed"] = ATTRIBUTION[attribution.lower()]
    documents = list(_values(params, "document"))
    fields = _query_fields()
    for name, field in (("story", "stories"), ("cluster", "clusters")):
        wanted = _values(params, name)
        if not wanted:
            continue
        if field in fields:
            kw[field] = wanted
        elif name == "story" and story_documents is not None:
            ids = story_documents(wanted)
            documents.extend(ids or ["\x00no such document"])
        else:
            raise ApiError(400, f"bad filter: {name} needs a store with merged reports")
    kw["documents"] = tuple(documents)
    if paged:
        limit = _int("limit", _one(params, "limit"), default_limit)
        if not 0 <= limit <= MAX_LIMIT:
            raise ApiError(400, f"bad filter: limit must be between 0 and {MAX_LIMIT}; got {limit}")
        kw["limit"] = limit
        kw["offset"] = _int("offset", _one(params, "offset"), 0)
        kw["sort"] = _one(params, "sort") or "date"
        order = (_one(params, "order") or "asc").lower()
        if order not in ("asc", "desc"):
            raise ApiError(400, f"bad filter: order must be asc or desc; got {order!r}")
        kw["descending"] = order == "desc"
    return EventQuery(**kw)
