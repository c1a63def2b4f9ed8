"""Event filters from a request's query string, as an :class:`~nestor.store.event_query.EventQuery`, and their
OpenAPI documentation: both generated from :data:`nestor.filters.EVENT_FILTERS` and
:data:`~nestor.filters.EVENT_PAGING`, so the API's parameters have the names, choices and help of the
library's filters and the command line's options (``country``, ``type``, ``attributed``, ``search``,
``desc`` …).

Several values of one filter may be given by repeating the parameter, or for the filters whose values
hold no comma by separating them with commas (``?country=KAZ,RUS`` = ``?country=KAZ&country=RUS``; never
``document``: see :mod:`nestor.filters`, which splits them for every interface), up to
:data:`MAX_VALUES` of them; ``search``
takes up to :data:`MAX_TEXT` characters. The names of earlier versions (``q``, ``attribution=own|
attributed``, ``order=asc|desc``) are still read, and left out of the documentation. Unknown parameters
are refused for every route by :func:`nestor.web.params.check_query`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Query
from starlette.datastructures import QueryParams

from ..filters import EVENT_FILTERS, EVENT_PAGING, Filter, filter_help, values_of
from ..filters import event_query as build_query
from ..store.event_query import MAX_OFFSET, EventQuery
from .errors import ApiError, quoted

MAX_LIMIT = 1000
MAX_VALUES = 100  # values of one multi-valued filter
MAX_TEXT = 500  # characters of search
DEFAULT_LIMIT = 50
ATTRIBUTION = {"own": False, "unattributed": False, "attributed": True, "claimed": True}
LEGACY: dict[str, str] = {"q": "search", "attribution": "attributed", "order": "desc"}  # old -> new


def _values(params: QueryParams, f: Filter) -> tuple[str, ...]:
    raw = params.getlist(f.name)
    if len(raw) > MAX_VALUES:
        raise ApiError(400, f"bad filter: give at most {MAX_VALUES} values of {f.name}")
    out = values_of(f, [v.strip() for v in raw])
    if len(out) > MAX_VALUES:
        raise ApiError(400, f"bad filter: give at most {MAX_VALUES} values of {f.name}")
    return out


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
    name = "search" if "search" in params else "q"
    text = _one(params, name)
    if text is not None and len(text) > MAX_TEXT:
        raise ApiError(400, f"bad filter: {name} takes at most {MAX_TEXT} characters; got {len(text):,}")
    return text


def _attributed(params: QueryParams) -> str | bool | None:
    value = _one(params, "attributed")
    if value is not None:
        return value
    legacy = _one(params, "attribution")
    if legacy is None:
        return None
    if legacy.lower() not in ATTRIBUTION:
        raise ApiError(
            400, f"bad filter: attribution must be one of {', '.join(ATTRIBUTION)}; got {legacy!r}"
        )
    return ATTRIBUTION[legacy.lower()]


def _descending(params: QueryParams) -> str | bool:
    value = _one(params, "desc")
    if value is not None:
        return value
    order = (_one(params, "order") or "asc").lower()
    if order not in ("asc", "desc"):
        raise ApiError(400, f"bad filter: order must be asc or desc; got {order!r}")
    return order == "desc"


def event_query(params: QueryParams, paged: bool = True, default_limit: int = DEFAULT_LIMIT) -> EventQuery:
    """The query the parameters ask for (ApiError 400 or QueryError on a bad value)."""
    values: dict[str, Any] = {}
    for f in EVENT_FILTERS:
        if f.name == "search":
            values[f.name] = _text(params)
        elif f.name == "attributed":
            values[f.name] = _attributed(params)
        elif f.multiple:
            values[f.name] = _values(params, f)
        else:
            values[f.name] = _one(params, f.name)
    if paged:
        values["limit"] = _bounded("limit", _int("limit", _one(params, "limit"), default_limit), MAX_LIMIT)
        values["offset"] = _bounded("offset", _int("offset", _one(params, "offset"), 0), MAX_OFFSET)
        values["sort"] = _one(params, "sort") or "date"
        values["desc"] = _descending(params)
    return build_query(values)


# -- the OpenAPI documentation of the same parameters ----------------------------------------------


def _help(f: Filter) -> str:
    if f.kind is bool:
        return f.help + (" (true or false)" if f.choices is None else " (yes or no)")
    return filter_help(f)


def _parameter(f: Filter) -> inspect.Parameter:
    annotation: Any
    if f.name == "limit":
        annotation = Annotated[int, Query(ge=0, le=MAX_LIMIT, description="events per page")]
        default: Any = DEFAULT_LIMIT
    elif f.name == "offset":
        annotation, default = Annotated[int, Query(ge=0, le=MAX_OFFSET, description=_help(f))], 0
    else:
        kind = list[str] | None if f.multiple else str | None
        annotation, default = Annotated[kind, Query(description=_help(f))], None  # type: ignore[valid-type]
        if f.name == "sort":
            annotation, default = Annotated[str, Query(description=_help(f))], "date"
    return inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def _legacy(name: str) -> inspect.Parameter:
    hidden = Query(include_in_schema=False, deprecated=True, description=f"former name of {LEGACY[name]}")
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=Annotated[str | None, hidden]
    )


def documentation(filters: tuple[Filter, ...], legacy: tuple[str, ...] = ()) -> Callable[..., None]:
    """A FastAPI dependency that declares ``filters`` (and the hidden ``legacy`` names) as the route's
    query parameters, for the OpenAPI document and the unknown-parameter check; :func:`event_query`
    reads the values."""

    def declare(**_: Any) -> None:
        return None

    params = [_parameter(f) for f in filters] + [_legacy(n) for n in legacy]
    declare.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return declare


documented_filters = documentation(EVENT_FILTERS, ("q", "attribution"))
documented_paging = documentation(EVENT_PAGING, ("order",))
