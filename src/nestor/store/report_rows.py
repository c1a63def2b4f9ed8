"""Stored reports read again by name: their texts, and the spans of the persons and organisations the
coder named in them (for :mod:`nestor.resolve.place_report`)."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from .sqlite import Store

Row = dict[str, Any]


def document_texts(store: Store, ids: Collection[str], limit: int | None, offset: int) -> list[Row]:
    """id, text of the given reports (of all of them when ``ids`` is empty), by id, a page of them."""
    page = (-1 if limit is None else limit, offset)
    if not ids:
        return list(store.query("SELECT id, text FROM documents ORDER BY id LIMIT ? OFFSET ?", page))
    return list(
        store.query(
            "SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?)) "
            "ORDER BY id LIMIT ? OFFSET ?",
            (json.dumps(list(ids)), *page),
        )
    )


def named_spans(store: Store, document_id: str) -> list[Row]:
    """start, end, type of the report's person and organisation mentions that have a span."""
    return list(
        store.query(
            "SELECT start, end, type FROM mentions WHERE document_id = ? AND type IN ('PERSON', 'ORG') "
            "AND start IS NOT NULL AND end IS NOT NULL",
            (document_id,),
        )
    )
