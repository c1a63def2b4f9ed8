"""Turns one input record (a JSON object, a CSV row, a file's text) into a :class:`Document` or the
:class:`~nestor.errors.InputError` that says why it cannot be one.

The record's keys are matched without regard to case or surrounding spaces; a few common aliases are
accepted quietly (``body`` for ``text``, ``date`` for ``published`` ...), the canonical name winning when
both are present. The text is kept exactly as given: offsets into it are stored later.

A publication date outside ``PUBLISHED_RANGE`` (the placeholders feeds use for "no date", 0001-01-01 or
9999-12-31, or a typo) is dropped: the record comes back as a :class:`DateOutOfRange` warning that carries
the document, undated, to be stored with a warning naming the file and line.

Input hygiene, each a :class:`DocumentWarning` that carries the document (which is stored):

* a date that is not ISO and not one of the unambiguous forms (``March 5, 2024``, RFC 2822) is read
  under the ``date_order`` setting (``--dayfirst``: ``05/03/2024`` is 5 March; ``--monthfirst``: 3 May);
  without one, or when it still reads as no date, it is refused (:class:`UnreadableDate`): the document
  is stored without it;
* a publication date after today is kept, with a warning (:class:`FutureDate`);
* a field nestor does not read is named, with the field it most likely means (:class:`UnknownFields`:
  ``date_published`` -> did you mean ``published``?), once per input file.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
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


ACCEPTED: frozenset[str] = frozenset(name for names in FIELDS.values() for name in names)
DATE_ORDERS = ("ymd", "dmy", "mdy")  # the date_order setting: only unambiguous dates, day first, month first
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T].*)?$")


class DocumentWarning(InputError):
    """Something to tell about a record that is stored all the same: the warning carries ``document``
    (a Document, or another warning that carries it). ``key`` says which warnings are one: the run tells
    only the first of each key per input."""

    code = "warning"

    def __init__(
        self, message: str, source: str, line: int | None, document: Document | DocumentWarning
    ) -> None:
        super().__init__(message, source, line)
        self.document = document

    @property
    def key(self) -> tuple[object, ...]:
        return (self.code, self.source, self.line)


class DateOutOfRange(DocumentWarning):
    """A record whose publication date is outside ``PUBLISHED_RANGE``: a warning, not a failure; the
    document (``document``, without the date) is stored."""

    code = "date_range"


class UnreadableDate(DocumentWarning):
    """A publication date nestor cannot read unambiguously: the document is stored without it."""

    code = "date_format"


class FutureDate(DocumentWarning):
    """A publication date after today: kept, with a warning."""

    code = "date_future"


class UnknownFields(DocumentWarning):
    """Fields nestor does not read (told once per input and set of fields)."""

    code = "unknown_field"

    def __init__(
        self,
        fields: list[str],
        source: str,
        line: int | None,
        document: Document | DocumentWarning,
        label: str = "",
    ) -> None:
        self.fields = tuple(fields)
        parts = [
            f"{name!r}" + (f" (did you mean {hint!r}?)" if (hint := suggest(name)) else "") for name in fields
        ]
        noun = "field" if len(fields) == 1 else "fields"
        message = (
            f"{label}unknown {noun} {', '.join(parts)} ignored; nestor reads "
            f"{', '.join(FIELDS)} (later records of this input with the same {noun} are not told again)"
        )
        super().__init__(message, source, line, document)

    @property
    def key(self) -> tuple[object, ...]:
        return (self.code, self.source, self.fields)


def suggest(name: str) -> str | None:
    """The field nestor reads that ``name`` most likely means (``date_published`` -> ``published``)."""
    canonical = {alias: field for field, aliases in FIELDS.items() for alias in aliases}
    words = re.split(r"[^a-z]+", name.lower())
    for word in words:
        if word in canonical:
            return canonical[word]
    for candidate in (name.lower(), *words):
        close = difflib.get_close_matches(candidate, list(canonical), n=1, cutoff=0.75)
        if close:
            return canonical[close[0]]
    return None


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


def normalise_published(value: str | None, date_order: str = "ymd") -> str | None:
    """``YYYY-MM-DD`` when ``value`` reads as a date or datetime, else ``value`` unchanged.

    A datetime keeps the calendar day of its own time zone (no conversion to UTC): that is the day the
    outlet printed. A numeric ``05/03/2024`` is read only under a ``date_order`` of ``dmy`` or ``mdy``.
    """
    if value is None:
        return None
    text = value.strip()
    numeric = _NUMERIC_DATE.match(text)
    if numeric and date_order in ("dmy", "mdy"):
        first, second, year = (int(g) for g in numeric.groups())
        day, month = (first, second) if date_order == "dmy" else (second, first)
        try:
            return _iso_day(date(year, month, day))
        except ValueError:
            return value
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
    """The Document for one record, or the InputError explaining why there is none (or a
    DocumentWarning that carries it).

    ``label`` prefixes messages where the line alone does not locate the record (``"item 3: "``).
    """
    rec = normalise_keys(record)
    raw_text = pick(rec, "text")
    if raw_text is None:
        seen = ", ".join(repr(k) for k in rec) or "none"
        hints = sorted({k for k in rec if suggest(k) == "text"})
        hint = f" ({', '.join(repr(h) for h in hints)}: did you mean 'text'?)" if hints else ""
        return EmptyTextError(
            f"{label}no 'text' field{hint}; every record needs its report text (fields seen: {seen})",
            source,
            line,
        )
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
        given = _string("published", pick(rec, "published"))
        published = normalise_published(given, getattr(settings, "date_order", "ymd"))
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
    out: Document | DocumentWarning = _dated(document, label)
    unknown = [k for k in rec if k not in ACCEPTED]
    if unknown:
        out = UnknownFields(unknown, source or "-", line, out, label)
    return out


def _dated(document: Document, label: str) -> Document | DocumentWarning:
    """The document, or a warning about its publication date that carries it (undated when refused)."""
    published, source, line = document.published, document.source or "-", document.line
    if published is None:
        return document
    if not _ISO_PREFIX.match(published) or not _real_day(published):
        return UnreadableDate(
            f"{label}published date {published!r} is not a date nestor reads unambiguously: stored without "
            "a date; give ISO dates (2024-03-05), or --dayfirst / --monthfirst (setting date_order) for "
            "D/M/Y or M/D/Y",
            source,
            line,
            dataclasses.replace(document, published=None),
        )
    if not published_in_range(published):
        first, last = PUBLISHED_RANGE
        return DateOutOfRange(
            f"{label}published date {published!r} is outside {first.isoformat()}..{last.isoformat()}, "
            "most likely a placeholder for no date: stored without a date",
            source,
            line,
            dataclasses.replace(document, published=None),
        )
    if published[:10] > date.today().isoformat() and len(published) >= 10:
        return FutureDate(
            f"{label}published date {published!r} is after today; kept (check the feed's clock or year)",
            source,
            line,
            document,
        )
    return document


_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?([T ].*)?$")


def _real_day(published: str) -> bool:
    """Whether an ISO-shaped date names a real month and day ("2022-13-45" does not)."""
    year, month, day = (published[:10].split("-") + ["01", "01"])[:3]
    try:
        date(int(year), int(month), int(day[:2]))
    except ValueError:
        return False
    return True
