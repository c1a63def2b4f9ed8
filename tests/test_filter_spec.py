"""One filter specification: the command line's options, the API's parameters (and their OpenAPI
documentation) and the library's keyword arguments carry the same names, choices and help."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from nestor import Chronicle
from nestor.cli import cli
from nestor.filters import BY_NAME, EVENT_FILTERS, EVENT_PAGING, event_query, filter_help
from nestor.store.event_query import QueryError
from nestor.web.app import create_app
from test_web_support import synthetic_store


def test_the_events_command_has_every_filter_with_its_help() -> None:
    command = cli.commands["events"]
    options = {p.name: p for p in command.params if isinstance(p, click.Option)}
    for f in (*EVENT_FILTERS, *EVENT_PAGING):
        option = options[f.name]
        assert option.opts == [f"--{f.name}"] and option.help == filter_help(f)
        assert option.multiple == f.multiple and option.help.startswith(f.help)
        if f.choices is not None and f.kind is not int and not f.split:
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


# (filters, the same filters with every multi-valued one given as a list): both forms on every interface
SAME_FILTERS = [
    ({"actor": "KAZ,RUS"}, {"actor": ["KAZ", "RUS"]}),
    ({"actor": "RUS,Police"}, {"actor": ["RUS", "Police"]}),
    ({"quad": "3,4"}, {"quad": ["3", "4"]}),
    ({"realis": "planned,negated"}, {"realis": ["planned", "negated"]}),
    ({"type": "protest,aid", "country": "KZ,RUS"}, {"type": ["protest", "aid"], "country": ["KZ", "RUS"]}),
    ({"recipient": "KAZ", "quad": "4"}, {"recipient": ["KAZ"], "quad": ["4"]}),
    ({"document": "s1"}, {"document": ["s1"]}),
]


def _cli_ids(db: str, filters: dict) -> list[str]:
    args = ["events", "--db", db, "--format", "jsonl"]
    for name, value in filters.items():
        for v in value if isinstance(value, list) else [value]:
            args += [f"--{name}", str(v)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line)["id"] for line in result.stdout.splitlines()]


def _api_ids(client: TestClient, filters: dict) -> list[str]:
    answer = client.get("/api/events", params={**filters, "limit": 1000})
    assert answer.status_code == 200, answer.text
    return [e["id"] for e in answer.json()["events"]]


@pytest.mark.parametrize(("joined", "listed"), SAME_FILTERS)
def test_the_three_interfaces_split_the_same_filters_the_same_way(joined: dict, listed: dict) -> None:
    db = str(synthetic_store())
    library = [e["id"] for e in Chronicle(db).events(**joined)]
    assert library, f"{joined} should match some event of the synthetic store"
    assert [e["id"] for e in Chronicle(db).events(**listed)] == library
    assert _cli_ids(db, joined) == _cli_ids(db, listed) == library
    with TestClient(create_app(db)) as client:
        assert _api_ids(client, joined) == _api_ids(client, listed) == library


def test_commas_split_codes_and_types_but_never_document_ids() -> None:
    assert event_query(actor="KAZ,GOV").actor == ("KAZ", "GOV")
    assert event_query(quad="1, 2").quad == (1, 2)
    assert event_query(document="report,1").documents == ("report,1",)  # the user's own id
    assert not BY_NAME["document"].split and "separate with commas" not in filter_help(BY_NAME["document"])
    assert "separate with commas" in filter_help(BY_NAME["actor"])


def test_a_bad_split_value_is_refused_alike_everywhere() -> None:
    db = str(synthetic_store())
    with pytest.raises(QueryError, match="quad must be from 1 to 4; got 7"):
        Chronicle(db).events(quad="1,7")
    result = CliRunner().invoke(cli, ["events", "--db", db, "--quad", "1,7"])
    assert result.exit_code == 2 and "quad must be from 1 to 4; got 7" in result.output
    with TestClient(create_app(db)) as client:
        answer = client.get("/api/events", params={"quad": "1,7"})
    assert answer.status_code == 400 and "quad must be from 1 to 4; got 7" in answer.text


def test_limit_below_zero_says_zero_or_more() -> None:
    with pytest.raises(QueryError, match=r"^limit must be 0 or more; got -1$"):
        event_query(limit=-1)
