"""A .txt file (or plain text on standard input): the whole file is one report."""

from __future__ import annotations

from ..errors import InputError
from ..models import Document
from ..settings import Settings
from .decoding import decode_bytes, strip_newlines
from .records import make_document
from .streams import empty_file_error


def read_text(data: bytes, source: str, settings: Settings, doc_id: str | None) -> Document | InputError:
    """The report in ``data``; ``doc_id`` None means an id from the text's hash."""
    text = decode_bytes(data, source)
    if isinstance(text, InputError):
        return text
    text = strip_newlines(text)
    if not text.strip():
        return empty_file_error(source)
    return make_document({"id": doc_id, "text": text}, settings, source)
