"""JSON Lines: one JSON object per line, read as a stream."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError, ParseError
from ..models import Document
from ..settings import Settings
from .lines import read_lines
from .records import json_type_name, make_document
from .streams import READ_ERRORS, empty_file_error, read_error


def json_error_message(exc: json.JSONDecodeError) -> str:
    return f"not valid JSON ({exc.msg} at column {exc.colno})"


def parse_json(text: str) -> tuple[object, str | None]:
    """``(value, None)`` or ``(None, message)`` for text that is not JSON."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, json_error_message(exc)
    except RecursionError:
        return None, "not valid JSON here (nested too deeply)"
    except ValueError as exc:  # e.g. an integer with too many digits
        return None, f"not valid JSON here ({exc})"


def read_jsonl(
    stream: BinaryIO, source: str, settings: Settings, head: bytes = b""
) -> Iterator[Document | InputError]:
    """Documents (and InputErrors) from a JSONL stream; blank lines are skipped, and a file of nothing
    but blank lines is one EmptyTextError."""
    lineno = 0
    records = 0  # lines that are not blank
    try:
        lines = read_lines(stream, source, settings, head)
        if isinstance(lines, InputError):
            yield lines
            return
        for line in lines:
            lineno = line.number
            if line.blank:
                continue
            records += 1
            yield line.error or _parse_line(line.text, lineno, source, settings)
    except READ_ERRORS as exc:
        yield read_error(exc, source, lineno + 1)
        return
    if not records:
        yield empty_file_error(source)


def _parse_line(text: str, lineno: int, source: str, settings: Settings) -> Document | InputError:
    value, problem = parse_json(text)
    if problem is not None:
        if text.strip() in ("{", "["):
            problem += "; JSONL needs each object on one line (a pretty-printed file is .json)"
        return ParseError(problem, source, lineno)
    if not isinstance(value, dict):
        return ParseError(f"expected a JSON object, got {json_type_name(value)}", source, lineno)
    return make_document(value, settings, source, lineno)
