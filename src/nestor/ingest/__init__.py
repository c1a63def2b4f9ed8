"""Input readers: files, folders and standard input to :class:`~nestor.models.Document` objects.

``iter_documents`` never raises for bad input: each file, line or row that cannot become a document
comes out of the iterator as an :class:`~nestor.errors.InputError` naming the source and line, and
reading goes on with the next one. In particular:

- a file of any format that holds nothing but white space is one ``EmptyTextError``
  ("empty file, no records");
- a line of a JSONL or CSV file with a NUL byte or bytes that do not decode is that line's error; only a
  file that is not text at all (an image, gzip data under a plain name) is one error for the file;
- a path that is no regular file (a named pipe, a socket, a device) is refused without being opened, and
  so is a broken or looping symbolic link, whether named or found in a folder.

Every format is UTF-8, with or without a byte-order mark, or UTF-16/UTF-32 with one.

Formats, by extension (each may also end in ``.gz``):

- ``.jsonl`` / ``.ndjson``: one JSON object per line, streamed;
- ``.json``: one object or a list of objects;
- ``.csv`` / ``.tsv``: a header row with the same field names, then one row per document
  (the delimiter of a ``.csv`` is sniffed from the header: comma, semicolon, tab or bar);
- ``.txt``: one report, id = file stem;
- ``.html`` / ``.htm``: a saved web page; main text, title, date, url via trafilatura; id = file stem.

Record fields: ``id``, ``text`` (required), ``title``, ``url``, ``published``, ``publication``,
``language``; aliases ``doc_id``/``document_id``, ``body``/``content``, ``date``/``publication_date``,
``source``/``outlet``, ``headline``, ``link``, ``lang`` are accepted quietly.

``-`` reads standard input: JSON Lines when its first non-blank character is ``{``, a JSON list when it
is ``[``, otherwise one plain-text report whose id is a hash of its text.
"""

from __future__ import annotations

import io
import os
import stat
import sys
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from ..errors import EmptyTextError, InputError, OversizeError
from ..models import Document
from ..settings import Settings
from .csvfile import read_csv
from .decoding import first_visible
from .htmlfile import read_html
from .jsonfile import read_json
from .jsonl import read_jsonl
from .paths import (
    SUPPORTED_EXTENSIONS,
    broken_link_message,
    format_of,
    shown,
    stem,
    unsupported_message,
    walk,
)
from .streams import READ_ERRORS, not_regular_message, open_binary, peek, read_bounded, read_error
from .textfile import read_text

__all__ = ["SUPPORTED_EXTENSIONS", "iter_documents"]

STDIN = "-"


def iter_documents(
    paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[Document | InputError]:
    """Every document in ``paths`` (files, folders, ``-`` for ``stdin``), in order, and an InputError
    for each input that cannot be read as one."""
    if isinstance(paths, str):
        paths = [paths]
    for path in paths:
        if path == STDIN:
            yield from _read_stdin(stdin, settings)
        else:
            yield from _read_path(path, settings)


def _read_path(path: str, settings: Settings) -> Iterator[Document | InputError]:
    source = shown(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        yield InputError(broken_link_message(path) or "no such file or folder", source)
        return
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path; OSError: a link loop, ...
        yield InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", source)
        return
    if stat.S_ISDIR(info.st_mode):
        for item in walk(path):
            if isinstance(item, InputError):
                yield item
            else:
                yield from _read_file(item, settings)
    elif not stat.S_ISREG(info.st_mode):  # never opened: opening a named pipe waits for a writer
        yield InputError(not_regular_message(info.st_mode), source)
    elif format_of(path) is None:
        yield InputError(unsupported_message(path), source)
    else:
        yield from _read_file(path, settings)


def _read_file(path: str, settings: Settings) -> Iterator[Document | InputError]:
    """The documents of the file at ``path``, each (and each error) naming it as ``shown(path)``."""
    kind, compressed = format_of(path) or ("", False)
    source = shown(path)
    limit = settings.max_file_bytes
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            yield InputError(not_regular_message(info.st_mode), source)
            return
        if (size := info.st_size) > limit:
            message = f"file is {size:,} bytes, over max_file_bytes ({limit:,}); split it or raise the limit"
            yield OversizeError(message, source)
            return
        stream = open_binary(path, compressed)
    except OSError as exc:
        yield read_error(exc, source)
        return
    with stream:
        if kind == "jsonl":
            yield from read_jsonl(stream, source, settings)
            return
        if kind == "csv":
            tsv = path.lower().removesuffix(".gz").endswith(".tsv")
            yield from read_csv(stream, source, settings, delimiter="\t" if tsv else None)
            return
        try:
            data = read_bounded(stream, limit)
        except READ_ERRORS as exc:
            yield read_error(exc, source)
            return
        if data is None:
            yield OversizeError(
                f"decompressed content is over max_file_bytes ({limit:,} bytes); split it or raise the limit",
                source,
            )
        elif kind == "json":
            yield from read_json(data, source, settings)
        elif kind == "html":
            yield read_html(data, source, settings, stem(source))
        else:
            yield read_text(data, source, settings, stem(source))


def _binary_stdin(stream: BinaryIO | None) -> BinaryIO | None:
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
    if isinstance(stream, io.TextIOBase):  # a text stream passed by mistake
        buffer = getattr(stream, "buffer", None)
        stream = buffer or io.BytesIO(stream.read().encode("utf-8", "surrogateescape"))
    return stream


def _sniff_stdin(stream: BinaryIO, limit: int) -> tuple[bytes, str]:
    """The start of standard input, read up to its first character that is not white space (or its end,
    or ``limit`` bytes), and that character ('' when there is none)."""
    head = bytearray()
    first, blank = "", 0
    while not first and len(head) <= limit and (chunk := peek(stream, 1)):
        head += chunk
        first, blank = first_visible(head, blank)
    return bytes(head), first


def _read_stdin(stream: BinaryIO | None, settings: Settings) -> Iterator[Document | InputError]:
    stream = _binary_stdin(stream)
    if stream is None:
        yield InputError("no standard input to read", STDIN)
        return
    limit = settings.max_file_bytes
    try:
        head, first = _sniff_stdin(stream, limit)
        if not first:
            yield EmptyTextError("nothing on standard input", STDIN)
            return
        if first == "{":
            yield from read_jsonl(stream, STDIN, settings, head)
            return
        data = read_bounded(stream, limit, head)
    except READ_ERRORS as exc:
        yield read_error(exc, STDIN)
        return
    if data is None:
        yield OversizeError(
            f"standard input is over max_file_bytes ({limit:,} bytes); for large input send JSON Lines",
            STDIN,
        )
    elif first == "[":
        yield from read_json(data, STDIN, settings)
    else:
        yield read_text(data, STDIN, settings, None)
