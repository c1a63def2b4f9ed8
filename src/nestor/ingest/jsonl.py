"""JSON Lines: one JSON object per line, read as a stream."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import DecodeError, InputError, OversizeError, ParseError
from ..models import Document
from ..settings import Settings
from .decoding import binary_message, line_decode_error
from .records import json_type_name, make_document
from .streams import READ_ERRORS, iter_lines, peek, read_error

SNIFF_BYTES = 8192


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
    """Documents (and InputErrors) from a JSONL stream; blank lines are skipped."""
    lineno = 0
    try:
        head = peek(stream, SNIFF_BYTES, head)
        if b"\0" in head:
            yield DecodeError(binary_message(head), source)
            return
        for lineno, raw in iter_lines(stream, settings.max_file_bytes, head):
            if raw is None:
                yield OversizeError(
                    f"line is longer than max_file_bytes ({settings.max_file_bytes:,} bytes)", source, lineno
                )
                continue
            item = _parse_line(raw, lineno, source, settings)
            if item is not None:
                yield item
    except READ_ERRORS as exc:
        yield read_error(exc, source, lineno + 1)


def _parse_line(raw: bytes, lineno: int, source: str, settings: Settings) -> Document | InputError | None:
    if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    if not raw.strip():
        return None
    if b"\0" in raw:
        return DecodeError("binary content (NUL bytes) in this line", source, lineno)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return line_decode_error(exc, raw, source, lineno)
    value, problem = parse_json(text)
    if problem is not None:
        if text.strip() in ("{", "["):
            problem += "; JSONL needs each object on one line (a pretty-printed file is .json)"
        return ParseError(problem, source, lineno)
    if not isinstance(value, dict):
        return ParseError(f"expected a JSON object, got {json_type_name(value)}", source, lineno)
    return make_document(value, settings, source, lineno)
