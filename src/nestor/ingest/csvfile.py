"""CSV (and TSV) files: a header row naming the same fields as the JSON records, then one row per
document. Read as a stream; a row's line is the line it starts on (the header is line 1)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import chain
from typing import BinaryIO

from ..errors import InputError, ParseError
from ..models import Document
from ..settings import Settings
from .decoding import BLANK
from .lines import Line, read_lines
from .records import FIELDS, make_document
from .streams import READ_ERRORS, empty_file_error, read_error

DELIMITERS = (",", ";", "\t", "|")
_C_LONG_MAX = 2**31 - 1


def _allow_long_fields(settings: Settings) -> None:
    # The csv module refuses fields over 128 KiB by default: a long report would be a csv.Error. No field
    # can be longer than its file, so allow max_file_bytes (a process-wide setting; only ever raised).
    wanted = min(settings.max_file_bytes, _C_LONG_MAX)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def sniff_delimiter(header: str) -> str:
    """The most frequent of , ; tab | in the header line (comma when none occurs)."""
    best = max(DELIMITERS, key=header.count)
    return best if header.count(best) else ","


def read_csv(
    stream: BinaryIO, source: str, settings: Settings, delimiter: str | None = None
) -> Iterator[Document | InputError]:
    """Documents and InputErrors from a CSV stream; ``delimiter`` None means sniff it from the header.
    A file of nothing but blank lines is one EmptyTextError; a header without rows gives nothing."""
    _allow_long_fields(settings)
    bad: dict[int, InputError] = {}  # physical line -> why it could not be decoded
    try:
        lines = read_lines(stream, source, settings)
        if isinstance(lines, InputError):
            yield lines
            return
        texts = _texts(lines, bad)
        leading: list[str] = []
        for text in texts:
            leading.append(text)
            if text.strip(BLANK):
                break
        else:
            yield from [bad[n] for n in sorted(bad)] or [empty_file_error(source)]
            return
        sep = delimiter or sniff_delimiter(leading[-1])
        reader = csv.reader(chain(leading, texts), delimiter=sep, strict=True)
        yield from _rows(reader, source, settings, bad)
    except READ_ERRORS as exc:
        yield read_error(exc, source)


def _texts(lines: Iterator[Line], bad: dict[int, InputError]) -> Iterator[str]:
    """The text of each line; a bad line is recorded in ``bad`` and stands in with its best reading,
    so that the CSV structure around it survives."""
    for line in lines:
        if line.error is not None:
            bad.setdefault(line.number, line.error)
        yield line.text


def _rows(
    reader: csv.Reader, source: str, settings: Settings, bad: dict[int, InputError]
) -> Iterator[Document | InputError]:
    columns: list[str] | None = None
    header_line = 0
    previous = 0  # physical lines consumed before the current row
    while True:
        try:
            row = next(reader)
            error = None
        except StopIteration:
            return
        except csv.Error as exc:
            row = []
            error = ParseError(f"bad CSV ({exc}); check the quotes on this row", source, previous + 1)
        start, previous = previous + 1, reader.line_num
        broken = [bad.pop(n) for n in sorted(bad) if n <= previous]
        if broken:
            yield broken[0]
            if columns is None and row:
                return  # the header itself is unreadable
            continue
        if error is not None:
            yield error
            if columns is None:
                return
            continue
        if not row:
            continue  # a blank line
        if columns is None:
            columns = [name.strip().lower() for name in row]
            header_line = start
            if not any(name in columns for name in FIELDS["text"]):
                yield ParseError(
                    f"no 'text' column in the header (columns: {', '.join(columns)}); "
                    "name the column holding the report text 'text'",
                    source,
                    header_line,
                )
                return
            continue
        if len(row) != len(columns):
            yield ParseError(
                f"{len(row)} fields where the header (line {header_line}) has {len(columns)}; "
                "quote fields that contain the delimiter",
                source,
                start,
            )
            continue
        record: dict[str, str] = {}
        for name, value in zip(columns, row, strict=True):
            record.setdefault(name, value)
        yield make_document(record, settings, source, start)
