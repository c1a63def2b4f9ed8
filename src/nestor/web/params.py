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


def declared_query_names(dependant: Dependant) -> list[str]:
    """The query parameter names of ``dependant`` and its dependencies, in declaration order."""
    names: list[str] = []
    for sub in dependant.dependencies:
        names.extend(n for n in declared_query_names(sub) if n not in names)
    names.extend(f.alias for f in dependant.query_params if f.alias not in names)
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
        takes = f"takes {', '.join(known)}" if known else "takes no parameters"
        raise ApiError(400, f"unknown parameter {quoted(unknown[0])}; this endpoint {takes}")
