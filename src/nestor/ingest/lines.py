"""The lines of a JSONL or CSV file as text, one at a time.

The encoding comes from a byte-order mark (UTF-8, UTF-16 or UTF-32), UTF-8 when there is none; a file in
UTF-16/32 is recoded as it is read, so line numbers are those of the file. Each line is decoded on its own:
a NUL byte, bytes that do not decode or a line over the size limit are that line's error, and the lines
around it are read. Only a file that is not text at all (see ``decoding.binary_problem``) is one error.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import DecodeError, InputError, OversizeError
from ..settings import Settings
from .decoding import BLANK, binary_problem, line_decode_error, sniff_bom
from .streams import RecodedStream, iter_lines, peek

SNIFF_BYTES = 8192


@dataclass(frozen=True, slots=True)
class Line:
    """One line: its number, its text (with the newline) and, for a bad line, why it is refused.

    The text of a bad line is the best reading of it (NULs dropped, undecodable bytes replaced), which a
    CSV reader needs to keep the rows around it in step; a JSONL reader only reports the error.
    """

    number: int
    text: str
    error: InputError | None = None

    @property
    def blank(self) -> bool:
        return self.error is None and not self.text.strip(BLANK)


def read_lines(
    stream: BinaryIO, source: str, settings: Settings, head: bytes = b""
) -> Iterator[Line] | InputError:
    """The lines of ``head`` + ``stream``, or the DecodeError for a file that is binary altogether.

    Raises what reading the stream raises (``streams.READ_ERRORS``).
    """
    head = peek(stream, SNIFF_BYTES, head)
    limit = settings.max_file_bytes
    marked = sniff_bom(head)
    if marked is not None and marked[1] != "utf-8":
        bom, encoding = marked
        recoded = RecodedStream(stream, encoding, head[len(bom) :])
        return _decoded(iter_lines(recoded, limit), source, limit, encoding)
    problem = binary_problem(head)
    if problem is not None:
        return DecodeError(problem, source)
    return _decoded(iter_lines(stream, limit, head), source, limit, "utf-8")


def _decoded(
    raw_lines: Iterator[tuple[int, bytes | None]], source: str, limit: int, encoding: str
) -> Iterator[Line]:
    for number, raw in raw_lines:
        if raw is None:
            message = f"line is longer than max_file_bytes ({limit:,} bytes)"
            yield Line(number, "\n", OversizeError(message, source, number))
        else:
            yield _decode_line(number, raw, source, encoding)


def _decode_line(number: int, raw: bytes, source: str, encoding: str) -> Line:
    # a BOM starts the first line, and the line where one file was appended to another
    raw = raw.removeprefix(codecs.BOM_UTF8)
    error: InputError | None = None
    if (nul := raw.find(b"\0")) != -1:
        column = len(raw[:nul].decode("utf-8", "replace")) + 1
        error = DecodeError(f"binary content (a NUL byte at column {column}) in this line", source, number)
        raw = raw.replace(b"\0", b"")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = error or _undecodable(exc, raw, source, number, encoding)
        text = raw.decode("utf-8", "replace")
    return Line(number, text, error)


def _undecodable(exc: UnicodeDecodeError, raw: bytes, source: str, number: int, encoding: str) -> InputError:
    if encoding == "utf-8":
        return line_decode_error(exc, raw, source, number)
    name = encoding.upper().removesuffix("-LE").removesuffix("-BE")
    column = len(raw[: exc.start].decode("utf-8", "replace")) + 1
    return DecodeError(
        f"not valid {name} (a broken character at column {column}); save the file as UTF-8", source, number
    )
