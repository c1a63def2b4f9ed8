"""Opening inputs and reading them in bounded pieces, so that no file or stream is read whole unless
it is small enough, and a JSONL or CSV file of any size streams line by line."""

from __future__ import annotations

import codecs
import errno
import gzip
import io
import os
import stat
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import DecodeError, EmptyTextError, InputError

CHUNK = 1 << 16

# what reading a (possibly gzip-compressed) stream can raise on bad data or a failing device
READ_ERRORS: tuple[type[Exception], ...] = (OSError, EOFError, zlib.error)

EMPTY_FILE = "empty file, no records"

_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
# opening a named pipe for reading waits for a writer unless it is opened without blocking
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def empty_file_error(source: str) -> EmptyTextError:
    """The error for a file with nothing but white space in it, the same for every format."""
    return EmptyTextError(EMPTY_FILE, source)


def not_regular_message(mode: int) -> str:
    """Why a path whose ``st_mode`` is ``mode`` (not a folder) is not read: it is no regular file."""
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a file")
    return (
        f"not a regular file ({kind}); nestor reads files and folders: "
        "send a stream to standard input and name it '-'"
    )


class _ClosingGzipFile(gzip.GzipFile):
    """A GzipFile that closes the file it reads (a plain GzipFile leaves a file object it is given open)."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__(fileobj=raw, mode="rb")
        self._raw = raw

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


def open_binary(path: str, compressed: bool) -> BinaryIO:
    """The file at ``path`` opened for reading (closed by the caller). Raises OSError when it is not a
    regular file: a named pipe is opened without waiting for a writer, then refused."""
    fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, not_regular_message(mode))
        if _NONBLOCK:
            os.set_blocking(fd, True)
        raw = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    return _ClosingGzipFile(raw) if compressed else raw


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
    stream has ready (``read1``), so a pipe is coded as it arrives. Each byte is searched for a newline
    once, so a long line costs time in proportion to its length.
    """
    buf = bytearray(head)
    lineno = 0
    skipping = False  # inside a line that is already too long
    ended = False
    searched = 0  # bytes at the start of buf known to hold no newline
    while True:
        start = 0
        while (nl := buf.find(b"\n", max(start, searched))) != -1:
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
        searched = len(buf)
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


# what a character that does not decode becomes in a recoded stream: a lone surrogate, which no
# correctly decoded text holds, so the line it is on fails to decode as UTF-8 afterwards
_BROKEN = "nestor-broken-character"


def _mark_broken(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):  # pragma: no cover - only ever used to decode
        raise exc
    return "\udc00", exc.end


codecs.register_error(_BROKEN, _mark_broken)


class RecodedStream(io.RawIOBase):
    """A stream in another encoding (UTF-16, UTF-32) read as UTF-8 bytes, a piece at a time.

    Newlines stay newlines, so line numbers are those of the original; a character that does not decode
    becomes bytes that are not UTF-8, so its line (and only that one) fails to decode.
    """

    def __init__(self, stream: BinaryIO, encoding: str, head: bytes = b"") -> None:
        super().__init__()
        self._stream = stream
        self._decoder = codecs.getincrementaldecoder(encoding)(errors=_BROKEN)
        self._pending = bytearray(self._recode(head, final=False))
        self._ended = False

    def readable(self) -> bool:
        return True

    def _recode(self, data: bytes, final: bool) -> bytes:
        return self._decoder.decode(data, final=final).encode("utf-8", "surrogatepass")

    def readinto(self, buffer: bytearray | memoryview) -> int:
        while not self._pending and not self._ended:
            data = _read_some(self._stream)
            self._ended = not data
            self._pending += self._recode(data, final=self._ended)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        del self._pending[:size]
        return size


def read_error(exc: Exception, source: str, line: int | None = None) -> InputError:
    """The InputError for one of READ_ERRORS raised while reading ``source``."""
    if isinstance(exc, gzip.BadGzipFile | EOFError | zlib.error):
        return DecodeError(f"broken gzip data ({exc}); check the file or decompress it", source, line)
    if isinstance(exc, OSError):
        return InputError(f"cannot read: {exc.strerror or exc}", source, line)
    return InputError(f"cannot read: {exc}", source, line)  # pragma: no cover
