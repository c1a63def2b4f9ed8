"""Event filters from a request's query string, as an :class:`~nestor.query.EventQuery`.

Several values of one filter may be given by repeating the parameter or separating values with commas
(``?country=KAZ,RUS`` = ``?country=KAZ&country=RUS``), up to :data:`MAX_VALUES` of them; ``q`` takes up
to :data:`MAX_TEXT` characters. Unknown parameters are refused for every route by
:func:`nestor.web.params.check_query`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from starlette.datastructures import QueryParams

from ..query import MAX_OFFSET, EventQuery
from .errors import ApiError, quoted

MAX_LIMIT = 1000
MAX_VALUES = 100  # values of one multi-valued filter
MAX_TEXT = 500  # characters of q
ATTRIBUTION = {"own": False, "unattributed": False, "attributed": True, "claimed": True}


def _values(params: QueryParams, name: str) -> tuple[str, ...]:
    out: list[str] = []
    for raw in params.getlist(name):
        out.extend(v.strip() for v in raw.split(",") if v.strip())
        if len(out) > MAX_VALUES:
            raise ApiError(400, f"bad filter: give at most {MAX_VALUES} values of {name}")
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
        raise ApiError(400, f"bad filter: {name} must be a whole number; got {quoted(value)}") from None


def _bounded(name: str, value: int, most: int) -> int:
    if not 0 <= value <= most:
        raise ApiError(400, f"bad filter: {name} must be between 0 and {most}; got {quoted(str(value))}")
    return value


def _text(params: QueryParams) -> str | None:
    text = _one(params, "q")
    if text is not None and len(text) > MAX_TEXT:
        raise ApiError(400, f"bad filter: q takes at most {MAX_TEXT} characters; got {len(text):,}")
    return text


def _query_fields() -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(EventQuery))


def event_query(
    params: QueryParams,
    story_documents: Callable[[tuple[str, ...]], list[str]] | None = None,
    paged: bool = True,
    default_limit: int = 50,
) -> EventQuery:
    """The query the parameters ask for (ApiError 400 or QueryError on a bad value).

    ``story_documents`` resolves ``story`` to document ids where :class:`EventQuery` has no ``stories``
    filter of its own.
    """
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
    kw["text"] = _text(params)
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
        kw["limit"] = _bounded("limit", _int("limit", _one(params, "limit"), default_limit), MAX_LIMIT)
        kw["offset"] = _bounded("offset", _int("offset", _one(params, "offset"), 0), MAX_OFFSET)
        kw["sort"] = _one(params, "sort") or "date"
        order = (_one(params, "order") or "asc").lower()
        if order not in ("asc", "desc"):
            raise ApiError(400, f"bad filter: order must be asc or desc; got {order!r}")
        kw["descending"] = order == "desc"
    return EventQuery(**kw)
