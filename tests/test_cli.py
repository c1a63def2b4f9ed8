"""The ``nestor`` command: CliRunner for every command, and the installed console script end to end."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import Result

from conftest import FakeCoder, clear_nestor_env, cli_invoker
from nestor import __version__, ingest_run
from nestor.cli import cli
from nestor.settings import SETTINGS
from nestor.store import Store

GOOD = [
    {
        "id": "a",
        "text": "Thousands protest in Almaty. Police attack the crowd.",
        "publication": "Northern Wire",
        "published": "2022-01-05",
        "title": "Protests",
    },
    {
        "id": "b",
        "text": "Russia sends troops to Kazakhstan.",
        "publication": "Caspian Daily",
        "published": "2022-01-06",
    },
    {"id": "c", "text": "Nothing happened today.", "publication": "Steppe Courier"},
]
BROKEN_LINE = '{"id": "x", "text": "unterminated\n'


def jsonl(path: Path, records: list[dict], broken_after: int | None = None) -> Path:
    lines = [json.dumps(r) + "\n" for r in records]
    if broken_after is not None:
        lines.insert(broken_after, BROKEN_LINE)
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    clear_nestor_env(monkeypatch)


@pytest.fixture
def coder(monkeypatch: pytest.MonkeyPatch) -> FakeCoder:
    fake = FakeCoder()
    monkeypatch.setattr(ingest_run, "default_coder", lambda: fake)
    return fake


@pytest.fixture
def nestor() -> Callable[..., Result]:
    return cli_invoker()


# -- help, version, settings -----------------------------------------------------------------------


def test_version(nestor: Callable[..., Result]) -> None:
    result = nestor("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"nestor {__version__}"


STORELESS = {"train"}  # builds a model from a corpus: no store involved


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_and_db(nestor: Callable[..., Result], command: str) -> None:
    result = nestor(command, "--help")
    assert result.exit_code == 0
    assert ("--db PATH" in result.stdout) is (command not in STORELESS)
    assert cli.commands[command].help


@pytest.mark.parametrize(
    "command", ["events", "documents", "log", "stories", "discrepancies", "claims", "entities"]
)
def test_output_commands_have_the_three_formats(nestor: Callable[..., Result], command: str) -> None:
    formats = "[table|jsonl|csv|parquet]" if command == "events" else "[table|jsonl|csv]"
    assert formats in nestor(command, "--help").stdout


def test_help_settings_lists_every_setting(nestor: Callable[..., Result]) -> None:
    result = nestor("--help-settings")
    assert result.exit_code == 0
    for s in SETTINGS:
        assert s.name in result.stdout
        assert "NESTOR_" + s.name.upper() in result.stdout
        assert s.help in result.stdout


def test_usage_errors_exit_2(nestor: Callable[..., Result], tmp_path: Path) -> None:
    assert nestor("ingest").exit_code == 2  # no PATHS
    assert nestor("events", "--quad", "7").exit_code == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("workers = 'many'\n", encoding="utf-8")
    result = nestor("--settings", str(bad), "documents")
    assert result.exit_code == 2
    assert "nestor: error: setting 'workers'" in result.stderr
    result = nestor("events", "--db", str(tmp_path / "x.db"), "--since", "last week")
    assert result.exit_code == 2
    assert "since must be a date" in result.stderr
    result = nestor("events", "--db", str(tmp_path / "x.db"), "--type", "protests")
    assert result.exit_code == 2
    assert "unknown event type 'PROTESTS'" in result.stderr


@pytest.mark.parametrize(
    "command", ["events", "documents", "log", "stories", "discrepancies", "claims", "entities"]
)
def test_reading_a_missing_store_says_what_to_do(
    nestor: Callable[..., Result], tmp_path: Path, command: str
) -> None:
    path = tmp_path / "none.db"
    result = nestor(command, "--db", str(path))
    assert result.exit_code == 1
    assert result.stderr == f"nestor: error: no store at {path}; run `nestor ingest` first (or pass --db)\n"
    assert "Traceback" not in result.output
    assert not path.exists()


def test_store_that_is_not_sqlite(nestor: Callable[..., Result], tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("hello " * 200, encoding="utf-8")
    result = nestor("documents", "--db", str(junk))
    assert result.exit_code == 1
    assert "is not a nestor store" in result.stderr


# -- ingest ----------------------------------------------------------------------------------------


def test_ingest_reports_bad_lines_stores_the_rest_and_reruns_safely(
    nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path
) -> None:
    src = jsonl(tmp_path / "reports.jsonl", GOOD, broken_after=1)
    db = str(tmp_path / "n.db")
    result = nestor("ingest", str(src), "--db", db)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("nestor: error:")]
    assert len(errors) == 1 and errors[0].startswith(f"nestor: error: {src}:2: not valid JSON")
    assert result.stderr.splitlines()[-1] == (
        "nestor: 4 documents read, 3 stored, 0 unchanged, 0 replaced, 0 skipped, 1 failed; 3 events"
    )
    assert result.stdout == ""
    assert coder.coded == ["a", "b", "c"]

    again = nestor("ingest", str(src), "--db", db, "--format", "json")
    assert again.exit_code == 1
    counts = json.loads(again.stdout)
    merged = counts.pop("merge")  # the merge step after the ingest: nothing new to place
    assert (merged["documents"], merged["events"]) == (0, 0)
    assert counts | {"seconds": 0} == {
        "run_id": 2,
        "read": 4,
        "stored": 0,
        "unchanged": 3,
        "replaced": 0,
        "skipped": 0,
        "failed": 1,
        "events": 0,
        "seconds": 0,
    }
    assert coder.coded == ["a", "b", "c"]  # nothing coded twice

    failed = nestor("log", "--db", db, "--failed", "--format", "jsonl")
    lines = [json.loads(x) for x in failed.stdout.splitlines()]
    assert [(x["run_id"], x["line"], x["error_code"]) for x in lines] == [(1, 2, "parse"), (2, 2, "parse")]
    table = nestor("log", "--db", db, "--run", "last")
    assert "/reports.jsonl:2  " in table.stdout  # a long path keeps its end
    assert table.stdout.splitlines()[-1] == "4 log lines"


def test_ingest_all_good_exits_0(nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path) -> None:
    src = jsonl(tmp_path / "r.jsonl", GOOD)
    result = nestor("ingest", str(src), "--db", str(tmp_path / "n.db"))
    assert result.exit_code == 0
    assert (
        result.stderr
        == "nestor: 3 documents read, 3 stored, 0 unchanged, 0 replaced, 0 skipped, 0 failed; 3 events\n"
    )


def test_duplicate_id_with_other_text_is_skipped_with_a_warning(
    nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path
) -> None:
    src = jsonl(tmp_path / "r.jsonl", [*GOOD, {"id": "a", "text": "Aid arrives."}])
    db = str(tmp_path / "n.db")
    for _ in range(2):  # and again: nothing changes, the same warning
        result = nestor("ingest", str(src), "--db", db)
        assert result.exit_code == 0
        warning = (
            f"nestor: warning: {src}:4: document id 'a' was already read (at {src}:1) with different text"
        )
        assert result.stderr.startswith(warning)
        assert "1 skipped, 0 failed" in result.stderr
    assert coder.coded == ["a", "b", "c"]
    skipped = nestor("log", "--db", db, "--failed", "--format", "jsonl").stdout.splitlines()
    assert [(json.loads(x)["status"], json.loads(x)["error_code"]) for x in skipped] == [
        ("skipped", "duplicate_id")
    ] * 2


def test_ingest_from_stdin(nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path) -> None:
    data = "".join(json.dumps(r) + "\n" for r in GOOD).encode()
    db = tmp_path / "n.db"
    result = nestor("ingest", "-", "--db", str(db), input=data)
    assert result.exit_code == 0, result.stderr
    with Store.open(db, create=False) as store:
        assert [d["source"] for d in store.documents()] == ["-", "-", "-"]


def test_ingest_replaces_a_changed_document(
    nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path
) -> None:
    db = str(tmp_path / "n.db")
    nestor("ingest", str(jsonl(tmp_path / "one.jsonl", GOOD)), "--db", db)
    changed = [{**GOOD[0], "text": "Aid arrives in Almaty."}]
    result = nestor("ingest", str(jsonl(tmp_path / "two.jsonl", changed)), "--db", db)
    assert result.exit_code == 0
    assert "1 replaced" in result.stderr
    events = nestor("events", "--db", db, "--document", "a", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(e)["event"] for e in events] == [["AID"]]


def test_progress_only_when_asked_or_on_a_terminal(
    nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path
) -> None:
    src = str(jsonl(tmp_path / "r.jsonl", GOOD))
    quiet = nestor("ingest", src, "--db", str(tmp_path / "q.db"))
    assert "docs/s" not in quiet.stderr
    loud = nestor("ingest", src, "--db", str(tmp_path / "l.db"), "--progress")
    assert "docs/s" in loud.stderr


def test_db_precedence_flag_over_env_over_settings_file(
    nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path
) -> None:
    src = str(jsonl(tmp_path / "r.jsonl", GOOD))
    settings = tmp_path / "nestor.toml"
    settings.write_text(f"[nestor]\ndb = '{tmp_path / 'file.db'}'\n", encoding="utf-8")
    assert nestor("--settings", str(settings), "ingest", src).exit_code == 0
    assert (tmp_path / "file.db").exists()
    env = {"NESTOR_DB": str(tmp_path / "env.db")}
    assert nestor("--settings", str(settings), "ingest", src, env=env).exit_code == 0
    assert (tmp_path / "env.db").exists()
    flag = str(tmp_path / "flag.db")
    assert nestor("--settings", str(settings), "ingest", src, "--db", flag, env=env).exit_code == 0
    assert Path(flag).exists()
    docs = nestor("documents", env=env)
    assert docs.exit_code == 0 and docs.stdout.splitlines()[-1] == "3 documents"


def test_ingest_into_an_unwritable_place(
    nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path
) -> None:
    src = str(jsonl(tmp_path / "r.jsonl", GOOD))
    result = nestor("ingest", src, "--db", str(tmp_path / "missing" / "n.db"))
    assert result.exit_code == 1
    assert result.stderr.startswith("nestor: error: cannot open store")


def test_missing_model_is_reported_with_the_fix(nestor: Callable[..., Result], tmp_path: Path) -> None:
    src = str(jsonl(tmp_path / "r.jsonl", GOOD))
    result = nestor(
        "ingest", src, "--db", str(tmp_path / "n.db"), "--model", "no_such_model_pkg", "--workers", "1"
    )
    assert result.exit_code == 1
    assert "nestor: error: the spaCy pipeline package 'no_such_model_pkg' is not installed" in result.stderr
    assert "--model" in result.stderr


# -- reading ---------------------------------------------------------------------------------------


@pytest.fixture
def filled(nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path) -> str:
    db = str(tmp_path / "n.db")
    assert nestor("ingest", str(jsonl(tmp_path / "r.jsonl", GOOD)), "--db", db).exit_code == 0
    return db


def test_events_table_jsonl_csv(nestor: Callable[..., Result], filled: str) -> None:
    table = nestor("events", "--db", filled)
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split()[:2] == ["date", "event"]
    assert table.stdout.splitlines()[-1] == "3 events"
    records = [
        json.loads(x) for x in nestor("events", "--db", filled, "--format", "jsonl").stdout.splitlines()
    ]
    assert [r["event"] for r in records] == [["PROTEST"], ["ASSAULT"], ["MOBILIZE"]]
    assert records[0]["cite_info"]["publication"] == "Northern Wire"
    rows = list(csv.DictReader(io.StringIO(nestor("events", "--db", filled, "--format", "csv").stdout)))
    assert [r["event"] for r in rows] == ["PROTEST", "ASSAULT", "MOBILIZE"]


def test_events_filters(nestor: Callable[..., Result], filled: str) -> None:
    def ids(*args: str) -> list[str]:
        result = nestor("events", "--db", filled, "--format", "jsonl", *args)
        assert result.exit_code == 0, result.stderr
        return [json.loads(x)["id"] for x in result.stdout.splitlines()]

    assert ids("--type", "protest,mobilize") == ["a:0", "b:0"]
    assert ids("--type", "ASSAULT", "--type", "mobilize") == ["a:1", "b:0"]
    assert ids("--quad", "4", "--search", "troops") == ["b:0"]
    assert ids("--country", "kaz", "--role", "actor") == ["a:0", "a:1", "b:0"]
    assert ids("--attributed", "yes") == []
    assert ids("--document", "a", "--sort", "document", "--desc") == ["a:1", "a:0"]
    assert ids("--limit", "1", "--offset", "1") == ["a:1"]
    page = nestor("events", "--db", filled, "--limit", "1")
    assert page.stdout.splitlines()[-1] == "1 of 3 events"
    assert ids("--country", "Kazakhstan", "--day", "2022-01-05") == ["a:0", "a:1", "b:0"]
    assert ids("--day", "2022-01-06") == []
    assert ids("--country", "KZ", "--role", "recipient", "--type", "mobilize") == ["b:0"]
    unknown = nestor("events", "--db", filled, "--country", "Ruritania")
    assert unknown.exit_code == 2 and "unknown country 'Ruritania'" in unknown.stderr


def test_events_parquet(nestor: Callable[..., Result], filled: str, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    out = tmp_path / "events.parquet"
    result = nestor(
        "events", "--db", filled, "--format", "parquet", "--output", str(out), "--type", "protest"
    )
    assert result.exit_code == 0 and result.stdout == ""
    table = pq.read_table(out)
    assert table.num_rows == 1 and table.column("event").to_pylist() == [["PROTEST"]]
    piped = nestor("events", "--db", filled, "--format", "parquet")  # stdout is no terminal here
    assert piped.exit_code == 0 and piped.stdout_bytes.startswith(b"PAR1")
    csv_file = tmp_path / "events.csv"
    nestor("events", "--db", filled, "--format", "csv", "-o", str(csv_file))
    assert csv_file.read_text(encoding="utf-8") == nestor("events", "--db", filled, "--format", "csv").stdout


def test_documents_list(nestor: Callable[..., Result], filled: str) -> None:
    rows = [
        json.loads(x) for x in nestor("documents", "--db", filled, "--format", "jsonl").stdout.splitlines()
    ]
    assert [(r["id"], r["publication"], r["events"]) for r in rows] == [
        ("a", "Northern Wire", 2),
        ("b", "Caspian Daily", 1),
        ("c", "Steppe Courier", 0),
    ]
    table = nestor("documents", "--db", filled).stdout.splitlines()
    assert table[0].split() == ["id", "publication", "published", "events", "derived", "from", "title"]
    rows = list(csv.DictReader(io.StringIO(nestor("documents", "--db", filled, "--format", "csv").stdout)))
    assert rows[0] == {
        "id": "a",
        "publication": "Northern Wire",
        "published": "2022-01-05",
        "events": "2",
        "derived_from": "",  # the merge found no wire or report that "a" copies
        "title": "Protests",
    }


def test_log_bad_run(nestor: Callable[..., Result], filled: str) -> None:
    result = nestor("log", "--db", filled, "--run", "first")
    assert result.exit_code == 2
    assert "is not a run number or 'last'" in result.stderr


def test_main_is_the_entry_point() -> None:
    from nestor.cli import main

    assert callable(main)
    assert isinstance(cli, click.Group)


# -- the installed console script ------------------------------------------------------------------


def installed_nestor() -> str:
    beside = Path(sys.executable).parent / "nestor"
    found = str(beside) if beside.exists() else shutil.which("nestor")
    if found is None:
        pytest.skip("the nestor console script is not installed")
    return found


@pytest.mark.slow
def test_installed_script_end_to_end(tmp_path: Path) -> None:
    src = jsonl(tmp_path / "reports.jsonl", GOOD, broken_after=2)
    db = tmp_path / "store.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NESTOR_")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [installed_nestor(), *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300
        )

    first = run("ingest", str(src), "--db", str(db), "--workers", "1")
    assert first.returncode == 1, first.stderr
    assert f"nestor: error: {src}:3: not valid JSON" in first.stderr
    assert "Traceback" not in first.stderr
    assert first.stderr.strip().splitlines()[-1].startswith("nestor: 4 documents read, 3 stored, 0 unchanged")

    second = run("ingest", str(src), "--db", str(db), "--workers", "1", "--format", "json")
    assert second.returncode == 1
    counts = json.loads(second.stdout)
    assert (counts["stored"], counts["unchanged"], counts["failed"]) == (0, 3, 1)

    docs = run("documents", "--db", str(db), "--format", "jsonl")
    assert docs.returncode == 0
    assert [json.loads(x)["id"] for x in docs.stdout.splitlines()] == ["a", "b", "c"]
    events = run("events", "--db", str(db), "--format", "jsonl")
    assert events.returncode == 0
    for line in events.stdout.splitlines():
        assert json.loads(line)["cite_info"]["citation"] in {"a", "b", "c"}


# -- review fixes: one date order, no counting without a progress line, merged filters, safe -o ------


def test_dayfirst_and_monthfirst_together_are_a_usage_error(
    nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path
) -> None:
    src = str(jsonl(tmp_path / "r.jsonl", GOOD))
    result = nestor("ingest", src, "--db", str(tmp_path / "d.db"), "--dayfirst", "--monthfirst")
    assert result.exit_code == 2 and "--dayfirst and --monthfirst exclude each other" in result.stderr
    assert not (tmp_path / "d.db").exists()
    assert nestor("ingest", src, "--db", str(tmp_path / "m.db"), "--monthfirst").exit_code == 0


def test_no_progress_line_reads_the_inputs_once(
    nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nestor.ingest import count

    counted: list[object] = []
    real = count.estimate_total
    monkeypatch.setattr(count, "estimate_total", lambda paths: counted.append(paths) or real(paths))
    src = str(jsonl(tmp_path / "r.jsonl", GOOD))
    assert nestor("ingest", src, "--db", str(tmp_path / "a.db"), "--no-progress").exit_code == 0
    assert nestor("ingest", src, "--db", str(tmp_path / "b.db")).exit_code == 0  # stderr no terminal
    assert counted == []
    assert nestor("ingest", src, "--db", str(tmp_path / "c.db"), "--progress").exit_code == 0
    assert len(counted) == 1


def _stored(nestor: Callable[..., Result], tmp_path: Path) -> str:
    db = str(tmp_path / "e.db")
    assert nestor("ingest", str(jsonl(tmp_path / "r.jsonl", GOOD)), "--db", db).exit_code == 0
    return db


def test_merged_events_matching_nothing_list_nothing(
    nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path
) -> None:
    db = _stored(nestor, tmp_path)
    assert nestor("events", "--db", db, "--merged", "--format", "jsonl").stdout.strip()
    nothing = nestor("events", "--db", db, "--merged", "--search", "qqqzzz", "--format", "jsonl")
    assert nothing.exit_code == 0 and nothing.stdout == ""
    joined = nestor("events", "--db", db, "--actor", "KAZ,RUS", "--format", "jsonl").stdout
    repeated = nestor("events", "--db", db, "--actor", "KAZ", "--actor", "RUS", "--format", "jsonl").stdout
    assert joined == repeated != ""


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_a_failing_query_leaves_no_output_file(
    nestor: Callable[..., Result], coder: FakeCoder, tmp_path: Path, fmt: str
) -> None:
    db = _stored(nestor, tmp_path)
    out = tmp_path / f"events.{fmt}"
    missing = str(tmp_path / "missing.db")  # the store is opened as the rows are read, after -o is named
    failed = nestor("events", "--db", missing, "--format", fmt, "-o", str(out))
    assert failed.exit_code == 1 and "missing.db" in failed.stderr and not out.exists()
    out.write_bytes(b"kept")
    assert nestor("events", "--db", missing, "--format", fmt, "-o", str(out)).exit_code == 1
    assert nestor("events", "--db", db, "--format", fmt, "-o", str(out), "--since", "soon").exit_code == 2
    assert out.read_bytes() == b"kept"  # an earlier export stays whole
    assert nestor("events", "--db", db, "--format", fmt, "-o", str(out)).exit_code == 0
    assert out.stat().st_size > 10 and not list(tmp_path.glob(".nestor-*"))
