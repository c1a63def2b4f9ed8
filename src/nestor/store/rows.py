"""How a document and its event records become rows: the columns the store indexes and filters on.

The ``record`` column keeps the whole output-contract JSON; every other event column is derived from
that same dict, so a column can never disagree with the record a user exports.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator
from typing import Any

from ..models import Document, NameMention, StatementClaim

ROLES = ("actor", "recipient", "claimant")

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def dumps(record: dict[str, Any]) -> str:
    """The JSON text stored for a record (and written, unchanged, by the JSONL export)."""
    return json.dumps(record, ensure_ascii=False)


def date_bounds(value: str | None) -> tuple[str | None, str | None]:
    """The first and last day a date of any precision can mean.

    ``"2022-01-05"`` -> (2022-01-05, 2022-01-05); ``"2022-01"`` -> (2022-01-01, 2022-01-31);
    ``"2022"`` -> (2022-01-01, 2022-12-31); a datetime is cut to its day; anything else -> (None, None).
    """
    m = _DATE.match(value or "")
    if not m:
        return None, None
    year, month, day = int(m[1]), m[2], m[3]
    try:
        if month is None:
            return f"{year:04d}-01-01", f"{year:04d}-12-31"
        mo = int(month)
        last = calendar.monthrange(year, mo)[1]
        if day is None:
            return f"{year:04d}-{mo:02d}-01", f"{year:04d}-{mo:02d}-{last:02d}"
        if not 1 <= int(day) <= last:
            return None, None
        iso = f"{year:04d}-{mo:02d}-{int(day):02d}"
        return iso, iso
    except (ValueError, calendar.IllegalMonthError):
        return None, None


def document_row(document: Document, ingested_at: str) -> dict[str, Any]:
    return {
        "id": document.id,
        "text": document.text,
        "title": document.title,
        "url": document.url,
        "published": document.published,
        "publication": document.publication,
        "language": document.language,
        "source": document.source,
        "content_hash": document.content_hash,
        "ingested_at": ingested_at,
    }


def event_row(record: dict[str, Any], document_id: str) -> dict[str, Any]:
    """The ``events`` row of one record (``EventRecord.to_dict()``)."""
    info = record.get("text_info") or {}
    modality = record.get("modality") or {}
    types = record.get("event") or []
    start, end = date_bounds(record.get("date"))
    return {
        "id": record["id"],
        "document_id": document_id,
        "sequence": info.get("sequence"),
        "sent_start": info.get("start"),
        "sent_end": info.get("end"),
        "date": record.get("date"),
        "date_precision": record.get("date_precision"),
        "date_start": start,
        "date_end": end,
        "event_type": types[0] if types else None,
        "quad_code": record.get("quad_code"),
        "event_scale": record.get("event_scale"),
        "realis": modality.get("realis"),
        "attributed": int(record.get("attribution") is not None),
        "text": record.get("text"),
        "record": dumps(record),
        "coded_date": record.get("coded_date"),
    }


def entity_rows(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """One ``event_entities`` row per actor, recipient and claimant of a record, in order."""
    claimant = (record.get("attribution") or {}).get("claimant")
    groups = {
        "actor": record.get("actor") or [],
        "recipient": record.get("recipient") or [],
        "claimant": [claimant] if claimant else [],
    }
    for role in ROLES:
        for position, entity in enumerate(groups[role]):
            yield {
                "event_id": record["id"],
                "role": role,
                "position": position,
                "code": entity.get("code"),
                "sector": entity.get("sector"),
                "identifier_text": entity.get("identifier_text"),
            }


def mention_row(m: NameMention) -> tuple[Any, ...]:
    """A ``mentions`` row without its document id and position."""
    return (
        *(m.sequence, m.start, m.end, m.text, m.type, m.name, m.code, m.sector, m.office),
        *(m.geonameid, m.geo_precision),  # a place's, as the toponym resolver reads it
    )


def claim_row(c: StatementClaim, document_id: str) -> tuple[Any, ...]:
    claimant = dumps(c.claimant.to_dict()) if c.claimant is not None else None
    return (c.id, document_id, c.sequence, c.start, c.end, c.text, c.claim, c.cue, int(c.sourced), claimant)
