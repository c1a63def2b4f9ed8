"""Turns one input record (a JSON object, a CSV row, a file's text) into a :class:`Document` or the
:class:`~nestor.errors.InputError` that says why it cannot be one.

The record's keys are matched without regard to case or surrounding spaces; a few common aliases are
accepted quietly (``body`` for ``text``, ``date`` for ``published`` ...), the canonical name winning when
both are present. The text is kept exactly as given: offsets into it are stored later.

A publication date outside ``PUBLISHED_RANGE`` (the placeholders feeds use for "no date", 0001-01-01 or
9999-12-31, or a typo) is dropped: the record comes back as a :class:`DateOutOfRange` warning that carries
the document, undated, to be stored with a warning naming the file and line.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from ..errors import DecodeError, EmptyTextError, InputError, OversizeError, ParseError
from ..models import Document, content_id
from ..settings import Settings

# canonical field name -> accepted names, canonical first
FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "doc_id", "document_id"),
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "publication_date"),
    "publication": ("publication", "source", "outlet"),
    "language": ("language", "lang"),
}

# the publication dates taken for real ones. Fixed bounds, not "today + a year", so that one input gives one
# store whenever it is read; the span date resolution also accepts (resolve.dates, for dateparser's dates)
PUBLISHED_RANGE = (date(1000, 1, 1), date(2200, 12, 31))

# date formats tried after ISO 8601 and RFC 2822 (month names are English: strptime in the C locale)
_DATE_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%b. %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y/%m/%d",
    "%Y.%m.%d",
)


class DateOutOfRange(InputError):
    """A record whose publication date is outside ``PUBLISHED_RANGE``: a warning, not a failure; the
    document (``document``, without the date) is stored."""

    code = "date_range"

    def __init__(self, message: str, source: str, line: int | None, document: Document) -> None:
        super().__init__(message, source, line)
        self.document = document


class RecordError(Exception):
    """Internal: a field has a value of the wrong kind (becomes a ParseError)."""


class BadUnicodeError(Exception):
    """Internal: a field holds a lone surrogate, which cannot be stored (becomes a DecodeError)."""


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def json_type_name(value: Any) -> str:
    """'a list', 'a string', 'null' ...: how a JSON value that is not an object is named in messages."""
    return "null" if value is None else _type_name(value)


def pick(record: Mapping[str, Any], field: str) -> Any:
    """The value of ``field`` (or of its first alias that has a non-null value), else None."""
    for name in FIELDS[field]:
        value = record.get(name)
        if value is not None:
            return value
    return None


def normalise_keys(record: Mapping[Any, Any]) -> dict[str, Any]:
    """Lower-cased, stripped string keys; an exact lower-case key wins over a differently cased one."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if not isinstance(key, str):
            continue
        norm = key.strip().lower()
        if norm not in out or key == norm:
            out[norm] = value
    return out


def _string(field: str, value: Any) -> str | None:
    """An optional metadata value as a stripped string, or None when absent or blank."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordError(f"field {field!r} must be a string, got {_type_name(value)}")
    text = value.strip() if isinstance(value, str) else str(value)
    return text or None


def _document_id(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    raise RecordError(f"field 'id' must be a string or a number, got {_type_name(value)}")


def normalise_published(value: str | None) -> str | None:
    """``YYYY-MM-DD`` when ``value`` reads as a date or datetime, else ``value`` unchanged.

    A datetime keeps the calendar day of its own time zone (no conversion to UTC): that is the day the
    outlet printed.
    """
    if value is None:
        return None
    text = value.strip()
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            return _iso_day(parse(text))
        except ValueError:
            pass
    try:
        return _iso_day(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    for fmt in _DATE_FORMATS:
        try:
            return _iso_day(datetime.strptime(text, fmt))
        except ValueError:
            pass
    return value


def _iso_day(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def published_in_range(published: str | None) -> bool:
    """False for a publication date (what ``normalise_published`` gives, or any text that starts with an
    ISO day) outside ``PUBLISHED_RANGE``; True for one inside, for none, and for text that is no date."""
    try:
        day = date.fromisoformat((published or "")[:10])
    except ValueError:
        return True
    return PUBLISHED_RANGE[0] <= day <= PUBLISHED_RANGE[1]


def _check_unicode(field: str, value: str | None) -> None:
    if value is None:
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadUnicodeError(
            f"field {field!r} holds an invalid character (lone surrogate U+{ord(value[exc.start]):04X}); "
            "fix the \\u escape"
        ) from exc


def make_document(
    record: Mapping[Any, Any],
    settings: Settings,
    source: str,
    line: int | None = None,
    label: str = "",
) -> Document | InputError:
    """The Document for one record, or the InputError explaining why there is none.

    ``label`` prefixes messages where the line alone does not locate the record (``"item 3: "``).
    """
    rec = normalise_keys(record)
    raw_text = pick(rec, "text")
    if raw_text is None:
        return EmptyTextError(f"{label}no 'text' field; every record needs its report text", source, line)
    if not isinstance(raw_text, str):
        return ParseError(f"{label}field 'text' must be a string, got {_type_name(raw_text)}", source, line)
    if not raw_text.strip():
        return EmptyTextError(f"{label}'text' is empty", source, line)
    if len(raw_text) > settings.max_doc_chars:
        return OversizeError(
            f"{label}text is {len(raw_text):,} characters, over max_doc_chars ({settings.max_doc_chars:,}); "
            "split the document or raise the limit",
            source,
            line,
        )
    try:
        doc_id = _document_id(pick(rec, "id"))
        meta = {name: _string(name, pick(rec, name)) for name in ("title", "url", "publication", "language")}
        published = normalise_published(_string("published", pick(rec, "published")))
        for name, value in (("text", raw_text), ("id", doc_id), ("published", published), *meta.items()):
            _check_unicode(name, value)
    except RecordError as exc:
        return ParseError(f"{label}{exc}", source, line)
    except BadUnicodeError as exc:
        return DecodeError(f"{label}{exc}", source, line)
    document = Document(
        id=doc_id if doc_id is not None else content_id(raw_text),
        text=raw_text,
        published=published,
        source=source,
        line=line,
        **meta,
    )
    if published_in_range(published):
        return document
    first, last = PUBLISHED_RANGE
    return DateOutOfRange(
        f"{label}published date {published!r} is outside {first.isoformat()}..{last.isoformat()}, "
        "most likely a placeholder for no date: stored without a date",
        source,
        line,
        dataclasses.replace(document, published=None),
    )
