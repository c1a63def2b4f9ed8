"""Stores that cannot be written or are not stores at all: one clear line naming the file, never a
traceback, and nothing written to a file that is not ours.

Tests run as root, whom permission bits do not stop: a read-only file or folder is tried as ``nobody``
(``setpriv``), read-only media on a read-only tmpfs in a private mount namespace (``unshare -rm``). Each
skips when its tool is missing.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from conftest import FakeCoder, cli_invoker, doc, records_for
from nestor import ingest_run
from nestor.errors import StoreError
from nestor.settings import SETTINGS
from nestor.store import SCHEMA_VERSION, Store

TESTS = str(Path(__file__).resolve().parent)
# the `nestor` command in a fresh process, with the test coder (no model); TEST_CODER_DELAY slows it
RUNNER = """
import os, sys, time
sys.path.insert(0, sys.argv.pop(1))
from conftest import FakeCoder
from nestor import ingest_run
delay = float(os.environ.get("TEST_CODER_DELAY") or 0)
class SlowCoder(FakeCoder):
    def __call__(self, docs, settings):
        for coded in super().__call__(docs, settings):
            time.sleep(delay)
            yield coded
ingest_run.default_coder = lambda: SlowCoder()
from nestor.cli import cli
cli(sys.argv[1:], prog_name="nestor")
"""
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
READER_COMMANDS = ["events", "documents", "log", "stories", "discrepancies", "claims", "entities"]
REPORTS = '{"id": "r1", "text": "Thousands protest in Almaty."}\n'


def nestor_command(*args: str) -> list[str]:
    return [sys.executable, "-c", RUNNER, TESTS, *args]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NESTOR_")}
    return {**env, "PYTHONDONTWRITEBYTECODE": "1", **extra}


def run_nestor(
    *args: str, prefix: list[str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*(prefix or []), *nestor_command(*args)],
        capture_output=True, text=True, env=clean_env(), cwd=cwd, timeout=120,
    )  # fmt: skip


def build_store(path: Path) -> Path:
    """A small store, closed cleanly (no WAL left beside it)."""
    with Store.open(path) as store:
        for d in (doc("a", "Thousands protest in Almaty."), doc("b", "Russia sends troops to Kazakhstan.")):
            store.write_document(d, records_for(d))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()} - {path.name}


def one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("nestor: error: ")
    return lines[0]


@pytest.fixture(autouse=True)
def no_nestor_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for s in SETTINGS:
        monkeypatch.delenv("NESTOR_" + s.name.upper(), raising=False)


@pytest.fixture
def nestor(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    import nestor.web.server

    monkeypatch.setattr(ingest_run, "default_coder", lambda: FakeCoder())
    monkeypatch.setattr(nestor.web.server, "serve", lambda *a, **k: pytest.fail("served"))
    return cli_invoker()


# -- a folder `nobody` can reach, and read-only media ------------------------------------------------


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder outside pytest's private tmp tree (which is 0700), so that ``nobody`` can reach it."""
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to run as an unprivileged user")
    folder = Path(tempfile.mkdtemp(prefix="nestor-perm-"))
    folder.chmod(0o777)
    yield folder
    for p in [folder, *folder.rglob("*")]:
        p.chmod(0o777)
    shutil.rmtree(folder)


def unprivileged() -> list[str]:
    return NOBODY if os.geteuid() == 0 else []


@functools.lru_cache(maxsize=1)
def can_mount_read_only() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = Path(tempfile.mkdtemp(prefix="nestor-probe-"))
    try:
        script = 'mount -t tmpfs tmpfs "$1" && mount -o remount,ro "$1"'
        done = subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", str(probe)], capture_output=True)
        return done.returncode == 0
    finally:
        probe.rmdir()


def on_read_only_media(mount: Path, store: Path, command: list[str]) -> subprocess.CompletedProcess:
    """Copies ``store`` onto a tmpfs at ``mount``, remounts it read-only and runs ``command`` there (in a
    private mount namespace, gone when the command ends)."""
    if not can_mount_read_only():
        pytest.skip("cannot mount a read-only tmpfs here (unshare -rm)")
    mount.mkdir()
    script = 'set -e; mount -t tmpfs tmpfs "$1"; cp "$2" "$1/"; mount -o remount,ro "$1"; shift 2; exec "$@"'
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script, "sh", str(mount), str(store), *command],
        capture_output=True, text=True, env=clean_env(), timeout=120,
    )  # fmt: skip


# -- (a) a store that cannot be written ----------------------------------------------------------------


def test_ingest_into_a_read_only_file_is_one_clear_line(shared_dir: Path) -> None:
    store = build_store(shared_dir / "ro.db")
    store.chmod(0o444)
    (shared_dir / "r.jsonl").write_text(REPORTS, encoding="utf-8")
    before = digest(store)
    done = run_nestor("ingest", "r.jsonl", "--db", str(store), prefix=unprivileged(), cwd=shared_dir)
    assert done.returncode == 1
    line = one_error_line(done.stderr)
    assert f"cannot write to store {store}: the file is read-only" in line
    assert "chmod" in line or "--db" in line
    assert digest(store) == before


def test_ingest_into_a_read_only_folder_is_one_clear_line(shared_dir: Path) -> None:
    folder = shared_dir / "ro"
    folder.mkdir()
    store = build_store(folder / "n.db")
    (shared_dir / "r.jsonl").write_text(REPORTS, encoding="utf-8")
    folder.chmod(0o555)
    done = run_nestor("ingest", "r.jsonl", "--db", str(store), prefix=unprivileged(), cwd=shared_dir)
    assert done.returncode == 1
    line = one_error_line(done.stderr)
    assert f"cannot write to store {store}: its folder {folder} is not writable" in line


def test_ingest_on_read_only_media_is_one_clear_line(tmp_path: Path) -> None:
    store = build_store(tmp_path / "n.db")
    reports = tmp_path / "r.jsonl"
    reports.write_text(REPORTS, encoding="utf-8")
    media = tmp_path / "media"
    done = on_read_only_media(
        media, store, nestor_command("ingest", str(reports), "--db", str(media / "n.db"))
    )
    assert done.returncode == 1
    line = one_error_line(done.stderr)
    assert f"cannot write to store {media / 'n.db'}: its folder {media} is not writable" in line
    assert "Read-only file system" in line


# -- (b) a full disk -----------------------------------------------------------------------------------


def fill_limit(store: Store, spare_pages: int = 2) -> None:
    """Lets the store grow by ``spare_pages`` pages only: SQLite then fails as on a full disk."""
    (pages,) = store.conn.execute("PRAGMA page_count").fetchone()
    store.conn.execute(f"PRAGMA max_page_count = {pages + spare_pages}").fetchone()


def test_a_full_disk_is_reported_as_such(db_path: Path) -> None:
    store = Store.open(db_path)
    fill_limit(store)
    for i in range(400):  # fewer than the buffer holds: written by flush() only
        store.log(None, "failed", "x" * 200, i, None, "parse", "m" * 300)
    with pytest.raises(StoreError) as caught:
        store.flush()
    assert str(caught.value).startswith(f"cannot write to store {db_path}: database or disk is full")
    assert "rollback" not in str(caught.value)
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
    assert not store.conn.in_transaction
    with pytest.raises(StoreError, match="database or disk is full"):
        store.start_run({"big": "x" * 100_000})
    store.close()  # the lines that could not be written are dropped, not written again on close
    with Store.open(db_path) as again:
        assert again.counts()["ingest_log"] == 0


def test_a_full_disk_during_ingest_is_one_clear_line(
    nestor: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "full.db"
    Store.open(db).close()
    real_open = Store.open

    def tiny(path: str, **kwargs: object) -> Store:
        store = real_open(path, **kwargs)  # type: ignore[arg-type]
        fill_limit(store)
        return store

    monkeypatch.setattr(Store, "open", staticmethod(tiny))
    src = tmp_path / "broken.jsonl"
    src.write_text("not json\n" * 800, encoding="utf-8")  # 800 failed inputs: their log lines fill it
    result = nestor("ingest", str(src), "--db", str(db), "--no-merge")
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"nestor: error: cannot write to store {db}: database or disk is full")
    assert "rollback" not in result.stderr


# -- (c) read-only media can be served -----------------------------------------------------------------

SERVE = """
import sys
from fastapi.testclient import TestClient
from nestor.web.app import create_app
with TestClient(create_app(sys.argv[1])) as client:
    body = client.get("/api/events").json()
    print("events", body["total"])
    print("document", client.get("/api/documents/a").json()["id"])
"""


def test_a_store_on_read_only_media_is_served(tmp_path: Path) -> None:
    store = build_store(tmp_path / "n.db")
    media = tmp_path / "media"
    done = on_read_only_media(media, store, [sys.executable, "-c", SERVE, str(media / "n.db")])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["events", "2", "document", "a"]


def test_a_store_on_read_only_media_is_read_by_the_cli(tmp_path: Path) -> None:
    store = build_store(tmp_path / "n.db")
    media = tmp_path / "media"
    done = on_read_only_media(
        media, store, nestor_command("events", "--db", str(media / "n.db"), "--format", "jsonl")
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2


def test_a_store_in_a_read_only_folder_is_served(shared_dir: Path) -> None:
    folder = shared_dir / "ro"
    folder.mkdir()
    store = build_store(folder / "n.db")
    folder.chmod(0o555)
    done = subprocess.run(
        [*unprivileged(), sys.executable, "-c", SERVE, str(store)],
        capture_output=True, text=True, env=clean_env(), timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["events", "2", "document", "a"]
    assert siblings(store) == set()


def test_immutable_only_where_nothing_can_be_written_and_no_wal_is_pending(tmp_path: Path) -> None:
    from nestor.store.sqlite import read_only_uri

    store = build_store(tmp_path / "n.db")
    assert read_only_uri(str(store)).endswith("?mode=ro")  # a writable folder: plain read-only
    assert read_only_uri(str(store), folder_writable=False).endswith("?mode=ro&immutable=1")
    wal = Path(str(store) + "-wal")
    wal.write_bytes(b"")
    assert "immutable=1" in read_only_uri(str(store), folder_writable=False)  # an empty WAL holds nothing
    wal.write_bytes(b"\0" * 100)  # changes not yet in the file: immutable would not see them
    assert read_only_uri(str(store), folder_writable=False).endswith("?mode=ro")


# -- (d) another application's database ----------------------------------------------------------------


def other_app_db(path: Path) -> Path:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE things (name TEXT)")
        conn.execute("INSERT INTO things VALUES ('precious')")
    conn.close()
    return path


@pytest.mark.parametrize("command", [*READER_COMMANDS, "ingest", "merge"])
def test_another_apps_database_is_refused_and_left_alone(
    nestor: Callable[..., Result], tmp_path: Path, command: str
) -> None:
    other = other_app_db(tmp_path / "other-app.db")
    src = tmp_path / "r.jsonl"
    src.write_text(REPORTS, encoding="utf-8")
    before = digest(other)
    args = [command, str(src)] if command == "ingest" else [command]
    result = nestor(*args, "--db", str(other))
    assert result.exit_code == 1
    assert one_error_line(result.stderr) == (
        f"nestor: error: {other} is an SQLite database but not a nestor store; choose another file with --db"
    )
    assert digest(other) == before
    assert siblings(other) == {"r.jsonl"}  # no -wal, -shm or lock file left


def test_serve_refuses_another_apps_database_without_touching_it(
    nestor: Callable[..., Result], tmp_path: Path
) -> None:
    other = other_app_db(tmp_path / "other-app.db")
    before = digest(other)
    result = nestor("serve", "--db", str(other))
    assert result.exit_code == 1
    assert "is an SQLite database but not a nestor store" in one_error_line(result.stderr)
    assert digest(other) == before
    assert siblings(other) == set()


# -- (e) an empty file ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [*READER_COMMANDS, "merge", "serve"])
def test_readers_refuse_an_empty_file(nestor: Callable[..., Result], tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    result = nestor(command, "--db", str(empty))
    assert result.exit_code == 1
    assert one_error_line(result.stderr) == (
        f"nestor: error: {empty} is empty, not a nestor store; pass --db with a store `nestor ingest` wrote"
    )
    assert empty.stat().st_size == 0
    assert siblings(empty) == set()


def test_ingest_refuses_an_empty_file(nestor: Callable[..., Result], tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    src = tmp_path / "r.jsonl"
    src.write_text(REPORTS, encoding="utf-8")
    result = nestor("ingest", str(src), "--db", str(empty))
    assert result.exit_code == 1
    line = one_error_line(result.stderr)
    assert line.startswith(f"nestor: error: {empty} is an empty file, not a nestor store")
    assert "delete it" in line and "--db" in line
    assert empty.stat().st_size == 0
    assert siblings(empty) == {"r.jsonl"}


def test_store_open_refuses_an_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreError, match="is an empty file"):
        Store.open(empty)
    with pytest.raises(StoreError, match="is empty, not a nestor store"):
        Store.open(empty, read_only=True)
    assert empty.stat().st_size == 0


# -- readers never write ---------------------------------------------------------------------------


def test_a_reader_cannot_write_and_creates_nothing(tmp_path: Path) -> None:
    store = build_store(tmp_path / "n.db")
    with Store.open(store, read_only=True) as reader:
        assert reader.counts()["documents"] == 2
        with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only"):
            reader.conn.execute("DELETE FROM documents")
    assert siblings(store) == set()  # no lock file, and SQLite's -wal and -shm files are gone again
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no store at"):
        Store.open(missing, read_only=True)
    assert not missing.exists()


def test_readers_bring_an_older_nestor_store_up_to_date(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    conn.executescript(
        "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0)"
    )
    conn.close()
    with Store.open(old, read_only=True) as reader:
        assert reader.schema_version == SCHEMA_VERSION
        assert reader.counts()["documents"] == 0
