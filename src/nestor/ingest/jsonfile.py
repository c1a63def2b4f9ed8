"""A .json file: one object, or a list of objects."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import InputError, ParseError
from ..models import Document
from ..settings import Settings
from .decoding import decode_bytes
from .jsonl import json_error_message
from .records import json_type_name, make_document
from .streams import empty_file_error


def read_json(data: bytes, source: str, settings: Settings) -> Iterator[Document | InputError]:
    text = decode_bytes(data, source)
    if isinstance(text, InputError):
        yield text
        return
    if not text.strip():
        yield empty_file_error(source)
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        message = json_error_message(exc)
        if exc.msg == "Extra data" and exc.colno == 1:
            message += "; one object per line is JSON Lines: name the file .jsonl"
        yield ParseError(message, source, exc.lineno)
        return
    except RecursionError:
        yield ParseError("not valid JSON here (nested too deeply)", source)
        return
    except ValueError as exc:
        yield ParseError(f"not valid JSON ({exc})", source)
        return
    if isinstance(value, dict):
        yield make_document(value, settings, source)
    elif isinstance(value, list):
        for number, item in enumerate(value, 1):
            if isinstance(item, dict):
                yield make_document(item, settings, source, label=f"item {number}: ")
            else:
                yield ParseError(f"item {number}: expected a JSON object, got {json_type_name(item)}", source)
    else:
        yield ParseError(f"expected a JSON object or a list of objects, got {json_type_name(value)}", source)
