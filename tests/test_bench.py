"""The benchmarks still run (on tiny inputs): they are not timed here, only kept working."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
pytestmark = pytest.mark.slow


def _run(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, *args, "--format", "json"], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_the_merge_benchmark_runs_and_scores_its_clusters() -> None:
    out = _run(str(BENCH / "bench_merge.py"), "--events", "600", "--sizes", "600")
    (size,) = out["sizes"]
    assert size["records"] == 600 and size["full"]["report"]["events"] == 600
    assert 0 < size["quality"]["precision"] <= 1 and 0 < size["quality"]["recall"] <= 1
    assert out["incremental"]["second"]["report"]["documents"] > 0


def test_the_api_benchmark_runs_without_errors() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = _run(
        str(BENCH / "bench_api.py"),
        "--events",
        "600",
        "--seconds",
        "1",
        "--clients",
        "2",
        "--port",
        str(port),
    )
    assert out["store_events"] == 600 and out["requests"] > 0 and out["errors"] == 0
