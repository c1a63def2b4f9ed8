"""Which files a path names: formats by extension, folders walked in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..errors import InputError

# extension -> reader; each may also end in ".gz"
FORMATS: dict[str, str] = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(FORMATS)


def format_of(path: str) -> tuple[str, bool] | None:
    """``(reader, gzip-compressed)`` for a file name, or None for an extension nestor does not read."""
    name = os.path.basename(path).lower()
    compressed = name.endswith(".gz")
    if compressed:
        name = name[:-3]
    kind = FORMATS.get(os.path.splitext(name)[1])
    return None if kind is None else (kind, compressed)


def stem(path: str) -> str:
    """The file name without its extension(s): ``a/b/report.txt.gz`` -> ``report``."""
    name = os.path.basename(path)
    if name.lower().endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[0]


def unsupported_message(path: str) -> str:
    ext = os.path.splitext(os.path.basename(path))[1] or "(none)"
    return (
        f"unknown file type {ext}; nestor reads {', '.join(SUPPORTED_EXTENSIONS)} (optionally .gz): "
        "rename the file or pipe it to '-'"
    )


def walk(folder: str, _seen: set[tuple[int, int]] | None = None) -> Iterator[str | InputError]:
    """The readable files under ``folder``, recursively, sorted by name at each level.

    Hidden files and folders (name starting with ``.``) and files of unknown type are skipped silently;
    symlinked folders are followed once (no loops). An unreadable folder yields an InputError.
    """
    seen = set() if _seen is None else _seen
    try:
        info = os.stat(folder)
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return
        seen.add(key)
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield InputError(f"cannot read folder: {exc.strerror or exc}", folder)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:
            continue
        if is_dir:
            yield from walk(path, seen)
        elif is_file and format_of(entry.name) is not None:
            yield path
