"""The README opens with the two commands, and every make target it names exists."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import clear_nestor_env

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.M | re.S)


def commands(block: str) -> list[str]:
    """The commands of a shell block: lines without comments and blank lines."""
    return [c for line in block.splitlines() if (c := line.split("#", 1)[0].strip())]


def makefile_targets() -> set[str]:
    targets: set[str] = set()
    for m in re.finditer(r"^([A-Za-z0-9_.\- ]+):(?!=)", MAKEFILE, re.M):
        targets.update(m.group(1).split())
    return targets


def test_readme_opens_with_the_two_commands() -> None:
    first = FENCE.search(README)
    assert first is not None, "README.md has no code block"
    before = README[: first.start()].strip().splitlines()
    assert len(before) <= 1 and all(line.startswith("#") for line in before), "only a title may come first"
    assert commands(first.group(1)) == ["make demo", "make test"]


def test_every_make_target_the_readme_names_exists() -> None:
    named = set(re.findall(r"\bmake ([a-z][a-z0-9_-]*)", README))
    assert {"demo", "test"} <= named
    missing = named - makefile_targets()
    assert not missing, f"README names make targets the Makefile lacks: {sorted(missing)}"


def test_ci_runs_the_readme_test_command() -> None:
    ci = ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK), ".ci/run must be executable"
    text = ci.read_text(encoding="utf-8")
    assert "set -euo pipefail" in text
    assert "make test" in commands(text)


def python_blocks() -> list[str]:
    return [
        m.group(0).split("\n", 1)[1].rsplit("```", 1)[0]
        for m in FENCE.finditer(README)
        if m.group(0).startswith("```python")
    ]


def _run_blocks(blocks: list[str], folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "samples").symlink_to(ROOT / "samples")
    monkeypatch.chdir(folder)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})  # noqa: S102 - our own README


def test_the_readme_has_python_examples() -> None:
    blocks = python_blocks()
    assert len(blocks) >= 3
    assert any('Chronicle("demo.db")' in b and ".to_pandas()" in b for b in blocks)


def test_the_readme_python_examples_run_with_a_model_free_coder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The Chronicle examples as written, coded by the test coder (fast); the Coder example needs the
    spaCy model and runs in the slow test below."""
    from conftest import FakeCoder
    from nestor import ingest_run

    clear_nestor_env(monkeypatch)
    monkeypatch.setattr(ingest_run, "default_coder", lambda: FakeCoder())
    _run_blocks([b for b in python_blocks() if "Coder()" not in b], tmp_path, monkeypatch)
    out = capsys.readouterr().out
    assert "documents read" in out and "fatalities" in out


@pytest.mark.slow
def test_the_readme_python_examples_run_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    clear_nestor_env(monkeypatch)
    _run_blocks(python_blocks(), tmp_path, monkeypatch)
    out = capsys.readouterr().out
    assert "23 documents read" in out and "['PROTEST']" in out


def test_the_readme_event_type_table_is_plovers() -> None:
    from nestor.coding.ontology import get_ontology

    rows = re.findall(r"^\| `([A-Z]+)` \| (\d) \| ([−\-\d.]+) \|", README, re.M)
    types = get_ontology().types
    assert [name for name, _, _ in rows] == list(types)
    for name, quad, score in rows:
        assert int(quad) == types[name].quad and float(score.replace("−", "-")) == types[name].base_score
