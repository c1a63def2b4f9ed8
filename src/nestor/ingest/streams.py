"""Opening inputs and reading them in bounded pieces, so that no file or stream is read whole unless
it is small enough, and a JSONL or CSV file of any size streams line by line."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import DecodeError, InputError

CHUNK = 1 << 16

# what reading a (possibly gzip-compressed) stream can raise on bad data or a failing device
READ_ERRORS: tuple[type[Exception], ...] = (OSError, EOFError, zlib.error)


def open_binary(path: str, compressed: bool) -> BinaryIO:
    if compressed:
        return gzip.open(path, "rb")
    return open(path, "rb")  # closed by the caller


def _read_some(stream: BinaryIO) -> bytes:
    read1 = getattr(stream, "read1", None)
    return read1(CHUNK) if read1 is not None else stream.read(CHUNK)


def read_bounded(stream: BinaryIO, limit: int, head: bytes = b"") -> bytes | None:
    """All of ``head`` + the stream, or None when that is more than ``limit`` bytes."""
    data = bytearray(head)
    if len(data) > limit:
        return None
    while chunk := stream.read(min(CHUNK * 16, limit + 1 - len(data))):
        data += chunk
        if len(data) > limit:
            return None
    return bytes(data)


def iter_lines(stream: BinaryIO, limit: int, head: bytes = b"") -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` for each line of ``head`` + the stream, the line with its ``\\n``.

    A line longer than ``limit`` bytes comes as None (and is not held in memory). Reads as much as the
    stream has ready (``read1``), so a pipe is coded as it arrives.
    """
    buf = bytearray(head)
    lineno = 0
    skipping = False  # inside a line that is already too long
    ended = False
    while True:
        start = 0
        while (nl := buf.find(b"\n", start)) != -1:
            lineno += 1
            if skipping or nl + 1 - start > limit:
                skipping = False
                yield lineno, None
            else:
                yield lineno, bytes(buf[start : nl + 1])
            start = nl + 1
        del buf[:start]
        if len(buf) > limit:
            skipping = True
            buf.clear()
        if ended:
            if buf or skipping:
                yield lineno + 1, None if skipping else bytes(buf)
            return
        chunk = _read_some(stream)
        ended = not chunk
        buf += chunk


def peek(stream: BinaryIO, size: int, head: bytes = b"") -> bytes:
    """``head`` plus what the stream gives until there are ``size`` bytes or it ends."""
    data = bytearray(head)
    while len(data) < size and (chunk := _read_some(stream)):
        data += chunk
    return bytes(data)


def read_error(exc: Exception, source: str, line: int | None = None) -> InputError:
    """The InputError for one of READ_ERRORS raised while reading ``source``."""
    if isinstance(exc, gzip.BadGzipFile | EOFError | zlib.error):
        return DecodeError(f"broken gzip data ({exc}); check the file or decompress it", source, line)
    if isinstance(exc, OSError):
        return InputError(f"cannot read: {exc.strerror or exc}", source, line)
    return InputError(f"cannot read: {exc}", source, line)  # pragma: no cover
