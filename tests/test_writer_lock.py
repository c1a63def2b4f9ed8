"""One writer per store, across processes: a second writer waits (the CLI) or is refused (the library
default, the API), naming the first; readers never wait. Every test runs the first writer as a real
process."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from fastapi.testclient import TestClient

from conftest import FakeCoder, clear_nestor_env, cli_invoker
from nestor import ingest_run
from nestor.errors import StoreError
from nestor.store import Store
from nestor.web.app import create_app
from test_store_errors import build_store, clean_env, nestor_command

TOKEN = "lock-test-token"
# holds a writer Store on argv[1] until its stdin closes (or it is killed)
HOLDER = """
import sys
from nestor.store import Store
store = Store.open(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
store.close()
"""
MERGED_TABLES = (
    "document_sources", "stories", "story_documents", "event_clusters", "cluster_members", "cluster_links",
    "discrepancies", "entities", "entity_aliases", "mentions", "claims",
)  # fmt: skip


def report(i: int, outlet: str, day: int) -> dict[str, str]:
    return {
        "id": f"{outlet[:3].lower()}-{i}",
        "text": f"Thousands protest in Almaty over fuel prices. Police attack the crowd on day {day}.",
        "publication": outlet,
        "published": f"2022-01-0{day}",
    }


FIRST = [report(1, "Northern Wire", 4), report(2, "Caspian Daily", 5), report(3, "Steppe Courier", 5)]
SECOND = [report(4, "Northern Wire", 5), report(5, "Almaty Herald", 6)]


def jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


class Holder:
    """A process holding the writer lock of a store until :meth:`release` (or :meth:`kill`)."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(db)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env(),
        )  # fmt: skip
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line == "holding\n", self.proc.stderr.read() if self.proc.stderr else line
        self.pid = self.proc.pid

    def release(self) -> None:
        """Closing its stdin lets the holder close its store and exit."""
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()
        self.proc.wait(timeout=30)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.release()


@pytest.fixture
def holders() -> Iterator[Callable[[Path], Holder]]:
    started: list[Holder] = []

    def start(db: Path) -> Holder:
        started.append(Holder(db))
        return started[-1]

    yield start
    for h in started:
        h.release()


@pytest.fixture
def nestor(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    monkeypatch.setattr(ingest_run, "default_coder", lambda: FakeCoder())
    clear_nestor_env(monkeypatch)
    return cli_invoker()


# -- the library ---------------------------------------------------------------------------------------


def test_a_second_writer_is_refused_naming_the_first(
    db_path: Path, holders: Callable[[Path], Holder]
) -> None:
    build_store(db_path)
    first = holders(db_path)
    started = time.monotonic()
    with pytest.raises(StoreError, match=rf"another nestor writer \(pid {first.pid}\) is writing {db_path}"):
        Store.open(db_path)
    assert time.monotonic() - started < 5


def test_the_lock_is_taken_before_a_new_store_is_created(
    db_path: Path, holders: Callable[[Path], Holder]
) -> None:
    holders(db_path)  # holds a new, empty store
    with pytest.raises(StoreError, match="another nestor writer"):
        Store.open(db_path)
    with Store.open(db_path, read_only=True) as reader:  # the first created it whole: readable
        assert reader.counts()["documents"] == 0


def test_a_second_writer_waits_for_the_first_and_says_so(
    db_path: Path, holders: Callable[[Path], Holder]
) -> None:
    build_store(db_path)
    first = holders(db_path)
    said: list[str] = []

    def tell(message: str) -> None:
        said.append(message)
        first.release()  # the first finishes while the second waits

    with Store.open(db_path, wait=30, on_wait=tell) as second:
        assert second.counts()["documents"] == 2
    assert said == [f"waiting for another nestor writer (pid {first.pid}) on {db_path}..."]


def test_waiting_gives_up_after_the_time_given(db_path: Path, holders: Callable[[Path], Holder]) -> None:
    build_store(db_path)
    first = holders(db_path)
    started = time.monotonic()
    with pytest.raises(StoreError, match=rf"\(pid {first.pid}\) is writing .* after waiting 0.5 s"):
        Store.open(db_path, wait=0.5)
    assert 0.5 <= time.monotonic() - started < 5


def test_a_killed_writer_does_not_block_the_next(db_path: Path, holders: Callable[[Path], Holder]) -> None:
    build_store(db_path)
    holders(db_path).kill()
    with Store.open(db_path) as store:
        assert store.counts()["documents"] == 2
    assert not Path(str(db_path) + ".lock").exists()


FORKING_HOLDER = """
import os, sys, time
from nestor.store import Store
store = Store.open(sys.argv[1])
if os.fork() == 0:  # a worker, as the coding pool forks them
    print(os.getpid(), flush=True)
    time.sleep(60)
    os._exit(0)
time.sleep(60)
"""


def test_forked_workers_of_a_killed_writer_do_not_hold_its_lock(db_path: Path) -> None:
    build_store(db_path)
    with subprocess.Popen(
        [sys.executable, "-c", FORKING_HOLDER, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=clean_env(),
    ) as writer:
        assert writer.stdout is not None
        worker = int(writer.stdout.readline())
        try:
            writer.kill()
            writer.wait(timeout=30)
            with Store.open(db_path) as store:  # the worker lives on, without the lock
                assert store.counts()["documents"] == 2
        finally:
            os.kill(worker, signal.SIGKILL)


def test_the_lock_file_goes_with_the_writer_and_readers_make_none(db_path: Path) -> None:
    lock = Path(str(db_path) + ".lock")
    with Store.open(db_path) as store:
        assert lock.read_text().strip() == str(os.getpid())
        store.start_run()
    assert not lock.exists()
    with Store.open(db_path, read_only=True):
        assert not lock.exists()


def test_readers_do_not_wait_for_a_writer(
    nestor: Callable[..., Result], db_path: Path, holders: Callable[[Path], Holder]
) -> None:
    build_store(db_path)
    holders(db_path)
    started = time.monotonic()
    for command in ("events", "documents", "log", "stories"):
        result = nestor(command, "--db", str(db_path))
        assert result.exit_code == 0, result.stderr
        assert "waiting" not in result.stderr
    with TestClient(create_app(str(db_path))) as client:
        assert client.get("/api/events").json()["total"] == 2
    assert time.monotonic() - started < 30  # not the 600 s a writer would wait


# -- the command line: writers wait ------------------------------------------------------------------


@pytest.mark.parametrize("command", ["ingest", "merge"])
def test_a_second_cli_writer_waits_then_runs(
    tmp_path: Path, holders: Callable[[Path], Holder], command: str
) -> None:
    db = build_store(tmp_path / "n.db")
    first = holders(db)
    args = [command, str(jsonl(tmp_path / "r.jsonl", SECOND))] if command == "ingest" else [command]
    with subprocess.Popen(
        nestor_command(*args, "--db", str(db)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env(), cwd=tmp_path,
    ) as second:  # fmt: skip
        assert second.stderr is not None
        line = second.stderr.readline()
        assert line == f"nestor: waiting for another nestor writer (pid {first.pid}) on {db}...\n"
        assert second.poll() is None  # still waiting
        first.release()
        err = second.communicate(timeout=120)[1]
    assert second.returncode == 0, err
    assert "Traceback" not in err


def run_ingest(db: Path, reports: Path, delay: float = 0.0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        nestor_command("ingest", str(reports), "--db", str(db)),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=db.parent,
        env=clean_env(TEST_CODER_DELAY=str(delay)),
    )  # fmt: skip


def merged_state(db: Path) -> dict[str, Any]:
    with Store.open(db, read_only=True) as store:
        state: dict[str, Any] = dict(store.dump())
        for table in MERGED_TABLES:
            rows = store.query(f"SELECT * FROM {table}")
            state[table] = sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)
    return state


def test_two_ingests_at_once_end_as_one_after_the_other(
    nestor: Callable[..., Result], tmp_path: Path
) -> None:
    first_src, second_src = jsonl(tmp_path / "first.jsonl", FIRST), jsonl(tmp_path / "second.jsonl", SECOND)
    together = tmp_path / "together.db"  # a new store: both would create it
    first = run_ingest(together, first_src, delay=1.0)  # holds the store for 3 s at least
    deadline = time.monotonic() + 60
    while not together.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    second = run_ingest(together, second_src)
    second_err = second.communicate(timeout=120)[1]
    first_err = first.communicate(timeout=120)[1]
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert f"nestor: waiting for another nestor writer (pid {first.pid}) on {together}..." in second_err

    apart = tmp_path / "apart.db"
    assert nestor("ingest", str(first_src), "--db", str(apart)).exit_code == 0
    assert nestor("ingest", str(second_src), "--db", str(apart)).exit_code == 0
    assert merged_state(together) == merged_state(apart)


# -- the API -------------------------------------------------------------------------------------------


def test_api_ingest_while_another_writer_holds_the_store_is_503(
    db_path: Path, holders: Callable[[Path], Holder], caplog: pytest.LogCaptureFixture
) -> None:
    build_store(db_path)
    with TestClient(create_app(str(db_path), token=TOKEN, code=FakeCoder())) as client:
        first = holders(db_path)
        with caplog.at_level(logging.WARNING, logger="nestor.web"):
            response = client.post(
                "/api/ingest",
                json=[{"id": "api-1", "text": "Thousands protest in Almaty."}],
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
        assert response.status_code == 503
        assert response.headers["retry-after"] == "30"
        message = response.json()["error"]["message"]
        assert message.startswith("another nestor process (an ingest or a merge) is writing the store")
        assert str(db_path) not in response.text  # the API does not show paths
        assert f"another nestor writer (pid {first.pid}) is writing {db_path}" in caplog.text
        first.release()
        assert client.get("/api/events").json()["total"] == 2  # nothing was written
