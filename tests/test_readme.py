"""The README opens with the two commands, and every make target it names exists."""

from __future__ import annotations

import os
import re
from pathlib import Path

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
