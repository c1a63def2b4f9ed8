"""`nestor ingest` and its worker processes, as real processes: the workers never outlive the command.

The end-to-end tests start the installed ``nestor`` command on a corpus that keeps two workers busy for a
while, wait until the workers exist, signal the command and watch the workers through ``/proc``. The
others check the two halves on their own: a worker's watch on its parent (without the kernel's signal),
and SIGTERM turned into an interruption.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from nestor.ingest_run import Terminated, interruption, sigterm_as_interrupt

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")

SENTENCES = (
    "Thousands of protesters gathered in Almaty on Tuesday to demand lower fuel prices.",
    "Police fired tear gas at the crowd near the city hall, witnesses said.",
    "President Tokayev said that foreign-trained militants had attacked the airport.",
    "Russia sent troops to Kazakhstan at the request of the government.",
    "The opposition called for talks with the cabinet, according to a party spokesman.",
    "Officials announced a curfew in the western region of Mangystau.",
)
START_WAIT_S = 90.0  # the command loads the spaCy model before it forks its workers
CORPUS_FILES = 400
GONE_WAIT_S = 10.0


# -- processes, read from /proc --------------------------------------------------------------------


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(state, parent pid, start time) of ``pid``, or None when there is no such process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = raw[raw.rindex(")") + 2 :].split()  # the command name may hold spaces and parentheses
    return fields[0], int(fields[1]), int(fields[19])


def _children(parent: int) -> dict[int, int]:
    """The live children of ``parent``: pid -> start time (so a reused pid is not mistaken for one)."""
    out: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st is not None and st[1] == parent and st[0] != "Z":
                out[int(entry.name)] = st[2]
    return out


def _alive(pid: int, started: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] != "Z" and st[2] == started


def _wait_gone(workers: dict[int, int], timeout: float = GONE_WAIT_S) -> list[int]:
    """The workers still alive after ``timeout`` seconds (killed by the test, so that none leak)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(_alive(pid, t) for pid, t in workers.items()):
            return []
        time.sleep(0.1)
    left = [pid for pid, t in workers.items() if _alive(pid, t)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


# -- the command -----------------------------------------------------------------------------------


def _nestor() -> list[str]:
    beside = Path(sys.executable).parent / "nestor"
    if beside.exists():
        return [str(beside)]
    return [sys.executable, "-c", "import sys; from nestor.cli import main; sys.exit(main())"]


def _corpus(folder: Path, files: int = CORPUS_FILES) -> Path:
    """``files`` different reports of a few sentences each: minutes of work for two workers."""
    folder.mkdir()
    for i in range(files):
        lines = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(8)]
        lines.insert(i % 8, f"Report number {i} was filed from the region on day {i % 28 + 1}.")
        (folder / f"report-{i:04d}.txt").write_text(" ".join(lines) + "\n", encoding="utf-8")
    return folder


@dataclass
class Ingest:
    """A running ``nestor ingest`` (output to files, not pipes: a leaked worker would hold a pipe open
    and hang whoever reads it) and the workers seen under it."""

    proc: subprocess.Popen
    folder: Path
    workers: dict[int, int] = field(default_factory=dict)

    @property
    def db(self) -> Path:
        return self.folder / "store.db"

    def stderr(self) -> str:
        return (self.folder / "stderr").read_text(encoding="utf-8", errors="replace")

    def stored(self) -> int:
        if not self.db.exists():
            return 0
        try:
            with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5) as conn:
                return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:  # not created yet
            return 0

    def wait_for(self, what: str, check: Callable[[], bool]) -> None:
        deadline = time.monotonic() + START_WAIT_S
        while not check():
            if self.proc.poll() is not None:
                pytest.fail(f"nestor exited ({self.proc.returncode}) before {what}:\n{self.stderr()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {what}")
            time.sleep(0.1)

    def wait_for_workers(self, count: int = 2) -> dict[int, int]:
        def enough() -> bool:
            self.workers.update(_children(self.proc.pid))
            return len(self.workers) >= count

        self.wait_for(f"{count} workers", enough)
        return dict(self.workers)

    def stop(self) -> None:
        """Kills whatever is left of the command and its workers."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        _wait_gone(self.workers, timeout=0)


def start_ingest(folder: Path) -> Ingest:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NESTOR_")}
    env["NESTOR_BATCH_SIZE"] = "2"  # small tasks: documents are stored soon and often
    corpus = _corpus(folder / "corpus")
    cmd = [
        *_nestor(),
        "ingest",
        str(corpus),
        "--db",
        str(folder / "store.db"),
        "--workers",
        "2",
        "--no-merge",
    ]
    with open(folder / "stdout", "wb") as out, open(folder / "stderr", "wb") as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=folder)
    return Ingest(proc, folder)


@pytest.fixture
def ingest(tmp_path: Path) -> Iterator[Ingest]:
    run = start_ingest(tmp_path)
    yield run
    run.stop()  # never leave a command or a worker behind, whatever the test found


# -- tests -----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_workers_die_with_a_killed_command(ingest: Ingest) -> None:
    workers = ingest.wait_for_workers()
    time.sleep(1.0)  # the workers are past their start-up and at work
    ingest.proc.kill()
    ingest.proc.wait(timeout=10)
    assert _wait_gone(workers) == [], "workers outlived their SIGKILLed parent"


@pytest.mark.slow
def test_sigterm_stops_cleanly_and_keeps_whole_documents(ingest: Ingest) -> None:
    workers = ingest.wait_for_workers()
    ingest.wait_for("a stored document", lambda: ingest.stored() >= 1)
    ingest.proc.send_signal(signal.SIGTERM)
    try:
        ingest.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("nestor did not stop within 30 s of SIGTERM")
    err = ingest.stderr()
    assert ingest.proc.returncode == 128 + signal.SIGTERM, err[-3000:]
    assert "nestor: terminated; what was stored is complete" in err
    assert "Traceback" not in err, err[-3000:]
    assert _wait_gone(workers) == [], "workers outlived their SIGTERMed parent"

    with sqlite3.connect(ingest.db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        (stored,) = conn.execute("SELECT count(*) FROM documents").fetchone()
        orphans = conn.execute(
            "SELECT count(*) FROM events WHERE document_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
        (logged,) = conn.execute("SELECT count(*) FROM ingest_log WHERE status = 'stored'").fetchone()
        (finished,) = conn.execute("SELECT finished FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    assert 1 <= stored < CORPUS_FILES
    assert orphans == 0
    assert logged == stored  # a document and its log line are written in one transaction
    assert finished is None  # the run was interrupted: it is not recorded as finished


# -- the halves on their own -----------------------------------------------------------------------

FORKED_CHILD = """
import os, sys, time
from nestor.pipeline import _follow_parent

pid = os.fork()
if pid == 0:
    _follow_parent(os.getppid(), death_signal=False)  # the watching thread alone
    time.sleep(120)
    os._exit(0)
print(pid, flush=True)
time.sleep(120)
"""


def test_a_worker_ends_itself_when_its_parent_dies_even_without_the_kernel_signal() -> None:
    parent = subprocess.Popen([sys.executable, "-c", FORKED_CHILD], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        st = _stat(child)
        assert st is not None and st[1] == parent.pid
        time.sleep(0.5)  # the child is past _follow_parent
        parent.kill()
        parent.wait(timeout=10)
        assert _wait_gone({child: st[2]}, timeout=5.0) == [], "the child outlived its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
        parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()


def test_a_worker_whose_parent_is_already_gone_ends_at_once() -> None:
    code = "import os; from nestor.pipeline import _follow_parent; _follow_parent(os.getppid() + 1, False)"
    done = subprocess.run(
        [sys.executable, "-c", code + "; print('still here')"], capture_output=True, text=True
    )
    assert done.returncode == 1 and "still here" not in done.stdout


def test_sigterm_raises_terminated_once_then_the_handler_is_put_back() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Terminated) as stopped, sigterm_as_interrupt():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises before this ends
    assert isinstance(stopped.value, KeyboardInterrupt)  # stops a run exactly as Ctrl-C does
    assert interruption(stopped.value) == ("terminated", 143)
    assert interruption(KeyboardInterrupt()) == ("interrupted", 130)
    assert signal.getsignal(signal.SIGTERM) == before
