"""How many reports the inputs hold, counted before an ingest reads them, so that progress can show a
total, a percentage and the time left. A count is an estimate (a JSONL or CSV file's non-blank lines,
one report per text or HTML file); inputs it cannot count cheaply (standard input, JSON arrays,
compressed files) give None: progress then shows counts without a total."""

from __future__ import annotations

import os
from collections.abc import Sequence

from .paths import format_of, walk

CHUNK = 1 << 20


def _lines(path: str) -> int:
    """Non-blank lines."""
    with open(path, "rb", buffering=CHUNK) as stream:
        return sum(1 for line in stream if line.strip())


def _file_count(path: str) -> int | None:
    found = format_of(path)
    if found is None:
        return 0  # not read: reported, and counted as one failed input by the run
    kind, compressed = found
    if kind in ("text", "html"):
        return 1
    if compressed or kind == "json":
        return None
    lines = _lines(path)
    return max(0, lines - 1) if kind == "csv" else lines


def estimate_total(paths: Sequence[str]) -> int | None:
    """The number of records ``paths`` hold, or None when unknown."""
    total = 0
    try:
        for path in paths:
            if path == "-":
                return None
            if os.path.isdir(path):
                files = [p for p in walk(path) if isinstance(p, str)]
            else:
                files = [path]
            for file in files:
                n = _file_count(file)
                if n is None:
                    return None
                total += n
    except OSError:
        return None
    return total
