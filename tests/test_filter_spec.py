"""One filter specification: the command line's options, the API's parameters (and their OpenAPI
documentation) and the library's keyword arguments carry the same names, choices and help."""

from __future__ import annotations

import click
from fastapi.testclient import TestClient

from nestor.cli import cli
from nestor.filters import EVENT_FILTERS, EVENT_PAGING, event_query
from nestor.web.app import create_app
from test_web_support import synthetic_store


def test_the_events_command_has_every_filter_with_its_help() -> None:
    command = cli.commands["events"]
    options = {p.name: p for p in command.params if isinstance(p, click.Option)}
    for f in (*EVENT_FILTERS, *EVENT_PAGING):
        option = options[f.name]
        assert option.opts == [f"--{f.name}"] and option.help == f.help and option.multiple == f.multiple
        if f.choices is not None and f.kind is not int:
            assert isinstance(option.type, click.Choice) and tuple(option.type.choices) == f.choices


def test_the_api_documents_every_filter_with_the_same_help() -> None:
    with TestClient(create_app(str(synthetic_store()))) as client:
        spec = client.get("/api/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    for f in (*EVENT_FILTERS, *EVENT_PAGING):
        assert f.name in params
        if f.name != "limit":
            assert params[f.name]["description"].startswith(f.help)
    counted = {p["name"] for p in spec["paths"]["/api/counts"]["get"]["parameters"]}
    assert {f.name for f in EVENT_FILTERS} <= counted


def test_the_library_takes_the_same_names() -> None:
    query = event_query(
        country="KZ", type="protest", attributed="no", search="rallied", desc=True, day="2022-01", quad=4
    )
    assert (query.country, query.types, query.attributed, query.text) == (
        ("KAZ",),
        ("PROTEST",),
        False,
        "rallied",
    )
    assert query.descending and query.since == query.until == "2022-01" and query.quad == (4,)
