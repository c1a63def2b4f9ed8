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
from nestor.resolve.gazetteer_build import cache_dir, writable_cache


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("NESTOR_CACHE", "NESTOR_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("NESTOR_GAZETTEER", raising=False)
    yield


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
    assert cache_dir(tmp_path / "setting") == tmp_path / "setting"
    assert gazetteer_build.default_path(cache=tmp_path / "setting").parent == tmp_path / "setting"
    assert cache_dir() == tmp_path / "env"  # the setting is an argument: nothing of it stays behind


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


# ---------------------------------------------------------------------- the cache setting, per caller


def test_each_caller_opens_the_index_of_its_own_cache_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import spacy

    from nestor import Chronicle, Coder
    from nestor.resolve.toponyms import get_resolver

    monkeypatch.setenv("NESTOR_CACHE", str(tmp_path / "env"))
    monkeypatch.setattr(gazetteer, "build", _fake_build)
    mine = tmp_path / "mine"
    Chronicle(tmp_path / "a.db", {"cache": str(mine)})
    Chronicle(tmp_path / "b.db")
    assert gazetteer.index_path().parent == tmp_path / "env"  # a Chronicle leaves no setting behind
    assert gazetteer.index_path(str(mine)).parent == mine
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    coder = Coder({"cache": str(mine)}, nlp=nlp)
    assert coder.engine.places.gazetteer.index.path.parent == mine  # a Coder given its parser, too
    assert coder.code("Protesters marched in Springfield on Monday.") == []
    assert get_resolver(str(mine)).index.path.parent == mine  # the document's places, from that file
    assert not (tmp_path / "env").exists()


def test_a_cache_folder_with_uri_characters_is_built_once_and_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gazetteer, "build", _fake_build)
    folder = tmp_path / "a#b?c%d"
    target = gazetteer_build.default_path(cache=folder)
    first = gazetteer.GeoIndex(target)
    assert first.path == target and first.name_count() == 0
    assert gazetteer.usable(target)
    gazetteer.GeoIndex(target)  # a second process's reader takes the file as it is
    assert (folder / "builds.txt").read_text().count("built") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a#b?c%d"]  # nothing at a cut-short path


def _stale(folder: Path, fingerprint: str) -> Path:
    path = folder / f"gazetteer-{fingerprint * 16}.sqlite"
    path.write_bytes(b"old")
    path.with_suffix(".lock").write_text("")
    return path


def test_a_build_removes_the_files_of_older_versions_nobody_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    monkeypatch.setattr(gazetteer_build, "_fill", lambda b: None)
    folder = tmp_path / "a#b?c%d"
    folder.mkdir()
    unused = _stale(folder, "a")
    read = _stale(folder, "b")
    building = folder / f"gazetteer-{'c' * 16}.lock"  # a build in progress: its lock, no file yet
    building.write_text("")
    fresh_tmp = folder / f"gazetteer-{'c' * 16}.tmp999"
    fresh_tmp.write_bytes(b"half")
    other = folder / "gazetteer-mine.sqlite"  # not a name nestor gives: never touched
    other.write_bytes(b"x")
    with open(read.with_suffix(".lock")) as reader, open(building) as builder:
        fcntl.flock(reader, fcntl.LOCK_SH)  # another process's GeoIndex holds its file
        fcntl.flock(builder, fcntl.LOCK_EX)  # another process builds
        new = gazetteer_build.build(folder / f"gazetteer-{'d' * 16}.sqlite")
    assert gazetteer.usable(new)
    assert not unused.exists() and not unused.with_suffix(".lock").exists()
    assert read.exists() and building.exists() and fresh_tmp.exists() and other.exists()
    assert gazetteer_build.remove_stale(new) == [read]  # once nobody reads it any more


def test_a_reader_holds_its_file_against_the_cleaner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gazetteer, "build", _fake_build)
    old = tmp_path / f"gazetteer-{'e' * 16}.sqlite"
    index = gazetteer.GeoIndex(old)
    keep = _stale(tmp_path, "f")
    assert gazetteer_build.remove_stale(keep) == []
    assert index.name_count() == 0 and old.exists()
