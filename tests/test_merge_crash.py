"""The merge step survives being killed or failing at any point: the next merge ends with exactly the tables
an uninterrupted merge gives.

The store is the sample corpus (samples/kazakhstan-2022), ingested once with the real coder through the CLI
(``--no-merge``) into a template file; every trial merges a copy. A trial kills ``nestor merge`` (in a
child process) with SIGKILL at one of the merge's named checkpoints, or after a random delay, or makes a
write fail inside the merge (in this process), then merges again to the end and compares every table of
the store with the template merged without interruption.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nestor.errors import StoreError
from nestor.merge import merge_store, run
from nestor.settings import Settings
from nestor.store import Store

pytestmark = pytest.mark.slow

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "kazakhstan-2022"
# runs the CLI, with SIGKILL at the merge checkpoint named by the first argument (none when it is empty)
DRIVER = """
import os, signal, sys
from nestor.merge import run
point = sys.argv[1]

def kill(name):
    if name == point:
        os.kill(os.getpid(), signal.SIGKILL)

run.checkpoint_hook = kill
from nestor.cli import cli
cli(sys.argv[2:], prog_name="nestor")
"""
RANDOM_KILLS = 3
Dump = dict[str, list[str]]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("NESTOR_")}


def _nestor(point: str, *args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, point, *args],
        cwd=cwd,
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def dump(path: Path) -> Dump:
    """Every table of the store, rows sorted. Left out: the planner's statistics (``sqlite_stat*``), which
    ``PRAGMA optimize`` refreshes when it sees fit; they are no data of the store's."""
    conn = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if not name.startswith("sqlite_stat")
        ]
        return {t: sorted(repr(row) for row in conn.execute(f'SELECT * FROM "{t}"')) for t in tables}
    finally:
        conn.close()


def differences(expected: Dump, got: Dump) -> list[str]:
    """One line per table that differs: how many rows each side has that the other lacks."""
    out = []
    for table in sorted(set(expected) | set(got)):
        want, have = set(expected.get(table, [])), set(got.get(table, []))
        if want != have or len(expected.get(table, [])) != len(got.get(table, [])):
            out.append(
                f"{table}: {len(expected.get(table, []))} rows expected, {len(got.get(table, []))} found; "
                f"{len(want - have)} missing, {len(have - want)} unexpected"
            )
    return out


def merge_in_process(path: Path) -> None:
    with Store.open(path, create=False) as store:
        merge_store(store, Settings(db=str(path)))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested (not merged) once, with the real coder, by the CLI."""
    folder = tmp_path_factory.mktemp("merge-crash")
    path = folder / "template.db"
    proc = _nestor("", "ingest", "--no-merge", "--workers", "1", "--db", str(path), str(SAMPLES), cwd=folder)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return path


@pytest.fixture(scope="module")
def expected(template: Path) -> tuple[Dump, float]:
    """The tables after one uninterrupted merge, and how long that merge took."""
    path = template.with_name("expected.db")
    shutil.copy(template, path)
    start = time.perf_counter()
    merge_in_process(path)
    seconds = time.perf_counter() - start
    merge_in_process(path)  # a second merge changes nothing
    return dump(path), seconds


@pytest.fixture
def trial(template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "trial.db"
    shutil.copy(template, path)
    return path


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Callable[[str], None]], None]]:
    def install(fn: Callable[[str], None]) -> None:
        monkeypatch.setattr(run, "checkpoint_hook", fn)

    yield install


def _assert_same(expected: Dump, path: Path) -> None:
    diff = differences(expected, dump(path))
    assert not diff, "\n".join(diff)


@pytest.mark.parametrize("point", run.CHECKPOINTS)
def test_killed_at_a_checkpoint_the_next_merge_finishes_the_job(
    trial: Path, expected: tuple[Dump, float], point: str
) -> None:
    proc = _nestor(point, "merge", "--db", str(trial), cwd=trial.parent)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL, f"not killed at {point!r}: {err}"
    merge_in_process(trial)
    _assert_same(expected[0], trial)


def test_killed_at_every_checkpoint_in_turn(trial: Path, expected: tuple[Dump, float]) -> None:
    """One store, one merge killed after another, each a checkpoint further (where it gets that far)."""
    for point in run.CHECKPOINTS:
        proc = _nestor(point, "merge", "--db", str(trial), cwd=trial.parent)
        proc.communicate(timeout=120)
    merge_in_process(trial)
    _assert_same(expected[0], trial)


def test_killed_at_random_moments(template: Path, tmp_path: Path, expected: tuple[Dump, float]) -> None:
    rng = random.Random(20220105)
    for i in range(RANDOM_KILLS):
        path = tmp_path / f"random-{i}.db"
        shutil.copy(template, path)
        proc = _nestor("", "merge", "--db", str(path), cwd=tmp_path)
        assert proc.stderr is not None
        for line in proc.stderr:  # the merge has started once it names its first stage
            if "merge:" in line:
                break
        time.sleep(rng.uniform(0.0, 1.2 * expected[1]))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=120)
        merge_in_process(path)
        _assert_same(expected[0], path)


@pytest.mark.parametrize("point", run.CHECKPOINTS)
def test_a_write_failing_in_the_merge_leaves_a_store_the_next_merge_completes(
    trial: Path, expected: tuple[Dump, float], point: str, hook: Callable[[Callable[[str], None]], None]
) -> None:
    def fail(name: str) -> None:
        if name == point:
            raise sqlite3.OperationalError("database or disk is full")

    hook(fail)
    with pytest.raises((sqlite3.Error, StoreError)):
        merge_in_process(trial)
    hook(lambda _name: None)
    merge_in_process(trial)
    _assert_same(expected[0], trial)


def test_a_full_disk_leaves_a_store_the_next_merge_completes(
    trial: Path, expected: tuple[Dump, float], hook: Callable[[Callable[[str], None]], None]
) -> None:
    """The store may grow (``max_page_count``) by a few pages only: the merge fails at a write, a later one
    the more room it has, and says so; each time the next merge, with room, completes the job."""
    reached: list[str] = []
    hook(reached.append)
    failed_after: set[str] = set()  # the last checkpoint each failed merge passed
    for room in (0, 5, 30, 1000):
        path = trial.with_name(f"full-{room}.db")
        shutil.copy(trial, path)
        reached.clear()
        with Store.open(path, create=False) as store:
            (pages,) = store.conn.execute("PRAGMA page_count").fetchone()
            store.conn.execute(f"PRAGMA max_page_count = {pages + room}")
            try:
                merge_store(store, Settings(db=str(path)))
            except StoreError as exc:
                assert "disk is full" in str(exc) and "nothing of this merge was written" in str(exc)
                failed_after.add(reached[-1] if reached else "start")
            else:
                assert room == 1000
        merge_in_process(path)
        _assert_same(expected[0], path)
    assert len(failed_after) == 3, failed_after
