"""The query-string check every API route gets, once for all (an application-wide dependency): a name
the route does not declare is a 400 naming it and the route's parameters, so that a typo
(``?contry=KAZ``) is never silently ignored; and no name or value may carry a NUL character.

The declared names come from the route's FastAPI dependant (its own query parameters and those of its
dependencies), which is also what the OpenAPI document lists. Dashboard pages are not checked: their
URLs carry the filters of the page.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from .errors import ApiError, quoted

API_PREFIX = "/api/"


def declared_query_names(dependant: Dependant, documented_only: bool = False) -> list[str]:
    """The query parameter names of ``dependant`` and its dependencies, in declaration order (with
    ``documented_only``, without the former names kept out of the OpenAPI document)."""
    names: list[str] = []
    for sub in dependant.dependencies:
        names.extend(n for n in declared_query_names(sub, documented_only) if n not in names)
    for f in dependant.query_params:
        if f.alias not in names and (not documented_only or getattr(f.field_info, "include_in_schema", True)):
            names.append(f.alias)
    return names


def check_query(request: Request) -> None:
    """Raises ApiError 400 on a NUL in the query string or a parameter the matched API route lacks."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not route.path.startswith(API_PREFIX):
        return
    params = request.query_params
    for name, value in params.multi_items():
        if "\x00" in name or "\x00" in value:
            raise ApiError(400, f"bad request: parameter {quoted(name)} contains a NUL character")
    known = declared_query_names(route.dependant)
    unknown = [name for name in params if name not in known]
    if unknown:
        shown = declared_query_names(route.dependant, documented_only=True)
        takes = f"takes {', '.join(shown)}" if shown else "takes no parameters"
        raise ApiError(400, f"unknown parameter {quoted(unknown[0])}; this endpoint {takes}")
