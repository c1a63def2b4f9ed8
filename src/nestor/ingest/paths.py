"""Which files a path names: formats by extension, folders walked in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..errors import InputError
from .streams import not_regular_message

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


def shown(path: str) -> str:
    """``path`` as text that can be printed and stored: the bytes of a file name that are not UTF-8 (which
    ``os`` holds as lone surrogates, and SQLite refuses) are written ``\\xNN``; any other path is itself."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def broken_link_message(path: str) -> str | None:
    """``broken symbolic link → target`` when ``path`` is a symbolic link to nothing, else None."""
    try:
        target = os.readlink(path)
    except (OSError, ValueError):
        return None
    return None if os.path.exists(path) else f"broken symbolic link → {shown(target)}"


def _could_be_input(name: str, target: str | None) -> bool:
    """Whether an entry that cannot be read as a file or folder would have been an input: its name (or
    its link target's) has an extension nestor reads, or a link has no extension (it may name a folder)."""
    names = [name] if target is None else [name, os.path.basename(target.rstrip("/"))]
    if any(format_of(n) is not None for n in names):
        return True
    return target is not None and not any(os.path.splitext(n)[1] for n in names)


def _odd_entry(entry: os.DirEntry[str], path: str) -> InputError | None:
    """The error for a folder entry that is neither a folder nor a regular file (a broken or looping
    link, a named pipe, a socket, a device), or None when it would not have been an input anyway."""
    target = None
    if entry.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = ""
    if not _could_be_input(entry.name, target):
        return None
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return InputError(broken_link_message(path) or "no such file or folder", shown(path))
    except OSError as exc:  # a link loop, a folder on the way that cannot be searched
        return InputError(f"cannot read: {exc.strerror or exc}", shown(path))
    return InputError(not_regular_message(mode), shown(path))


def walk(folder: str, _seen: set[tuple[int, int]] | None = None) -> Iterator[str | InputError]:
    """The readable files under ``folder``, recursively, sorted by name at each level.

    Hidden files and folders (name starting with ``.``) and files of unknown type are skipped silently;
    symlinked folders are followed once (no loops). An unreadable folder yields an InputError, and so does
    an entry that would have been an input but is not a regular file: a broken or looping symbolic link,
    a named pipe, a socket, a device (never opened: opening a named pipe waits for a writer).
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
        yield InputError(f"cannot read folder: {exc.strerror or exc}", shown(folder))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = os.path.join(folder, entry.name)
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            yield from walk(path, seen)
        elif is_file:
            if format_of(entry.name) is not None:
                yield path
        elif (error := _odd_entry(entry, path)) is not None:
            yield error
