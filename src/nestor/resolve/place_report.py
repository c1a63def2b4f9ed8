"""The place mentions of stored reports, for ``nestor places`` and ``GET /api/places``.

Each stored text is read again by the toponym resolver (:mod:`nestor.resolve.toponyms`; about a
millisecond a report, no parser needed): the person and organisation names the coder stored in the
``mentions`` table keep their words from being read as places, as the parser's entities do at coding time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..export import Column
from ..store import Store, report_rows
from .toponyms import get_resolver

__all__ = ["PLACE_TABLE", "place_mentions"]

PLACE_TABLE = (
    Column("document", "document", 24),
    Column("start", "start", 6, align=">"),
    Column("end", "end", 6, align=">"),
    Column("text", "text", 20),
    Column("geonameid", "geonameid", 9, align=">"),
    Column("name", "name", 20),
    Column("feature_class", "fc", 2),
    Column("admin1", "admin1", 16),
    Column("country_code", "ctry", 4),
    Column("lat", "lat", 8, align=">"),
    Column("lon", "lon", 9, align=">"),
    Column("geo_precision", "precision", 9),
)

_NAME_TYPES = {"PERSON": "PERSON", "ORG": "ORG"}


def place_mentions(
    store: Store, documents: Sequence[str] = (), limit: int | None = None, offset: int = 0, cache: str = ""
) -> Iterator[dict[str, Any]]:
    """Rows of place mentions: ``document``, offsets, ``text``, ``kind`` (name, qualifier, dateline,
    demonym), ``geonameid``, ``key`` (the GeoNames id or the unit's code), ``name``, ``feature_class``,
    ``feature_code``, ``admin1``, ``admin2``, ``country_code``, ``lat``/``lon`` (None for a unit without
    a known centroid) and ``geo_precision``. ``limit`` and ``offset`` count documents, in id order;
    ``cache`` is the ``cache`` setting (the folder of the gazetteer index)."""
    resolver = get_resolver(cache)
    for doc in report_rows.document_texts(store, documents, limit, offset):
        spans = report_rows.named_spans(store, doc["id"])
        names = [(r["start"], r["end"], _NAME_TYPES[r["type"]]) for r in spans]
        for m in resolver.resolve(doc["text"], names):
            yield {"document": doc["id"], **m.to_dict()}
