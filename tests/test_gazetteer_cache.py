"""Where the gazetteer index is built, and that a reader never takes a half-built or broken one."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nestor.errors import SettingsError
from nestor.resolve import gazetteer, gazetteer_build
from nestor.resolve.gazetteer_build import cache_dir, use_cache_dir, writable_cache


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("NESTOR_CACHE", "NESTOR_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    use_cache_dir(None)
    yield
    use_cache_dir(None)


def test_the_setting_then_the_environment_then_xdg_then_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "nestor"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "nestor"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG rule: only absolute paths count
    assert cache_dir() == tmp_path / "home" / ".cache" / "nestor"
    monkeypatch.setenv("NESTOR_CACHE", str(tmp_path / "env"))
    assert cache_dir() == tmp_path / "env"
    use_cache_dir(tmp_path / "setting")
    assert cache_dir() == tmp_path / "setting"
    assert gazetteer_build.default_path().parent == tmp_path / "setting"


def test_a_home_that_cannot_be_written_falls_back_to_a_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("HOME", str(blocker))  # ~/.cache cannot be made (as root, too)
    folder = cache_dir()
    assert folder.name.startswith("nestor-cache-") and blocker not in folder.parents


def test_a_named_cache_that_cannot_be_written_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("NESTOR_CACHE", str(blocker / "cache"))
    with pytest.raises(SettingsError) as err:
        writable_cache(cache_dir())
    message = str(err.value)
    assert "\n" not in message and str(blocker / "cache") in message and "NESTOR_CACHE" in message


def test_an_interrupted_build_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(b: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(gazetteer_build, "_fill", interrupted)
    target = tmp_path / "gazetteer-test.sqlite"
    with pytest.raises(KeyboardInterrupt):
        gazetteer_build.build(target)
    assert list(tmp_path.iterdir()) == []


def _fake_build(path: Path) -> Path:
    """A complete (tiny) gazetteer, slowly, counting the builds in a file beside it."""
    with (path.parent / "builds.txt").open("a") as fh:
        fh.write("built\n")
    time.sleep(0.3)
    tmp = path.with_suffix(".tmp")
    conn = sqlite3.connect(tmp)
    conn.executescript(gazetteer_build.SCHEMA + "INSERT INTO meta VALUES ('built_seconds', '0.3');")
    conn.commit()
    conn.close()
    tmp.replace(path)
    return path


def _open(path: str) -> bool:
    gazetteer._build_once(Path(path))
    return gazetteer.usable(Path(path))


def test_workers_started_together_build_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gazetteer, "build", _fake_build)
    target = tmp_path / "gazetteer-test.sqlite"
    with multiprocessing.get_context("fork").Pool(4) as pool:
        assert pool.map(_open, [str(target)] * 4) == [True] * 4
    assert (tmp_path / "builds.txt").read_text().count("built") == 1


def test_a_broken_file_is_built_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gazetteer, "build", _fake_build)
    target = tmp_path / "gazetteer-test.sqlite"
    target.write_bytes(b"SQLite format 3\x00" + b"\x00" * 50)  # a copy cut short
    assert not gazetteer.usable(target)
    index = gazetteer.GeoIndex(target)
    assert gazetteer.usable(target) and index.name_count() == 0
    assert (tmp_path / "builds.txt").read_text().count("built") == 1
