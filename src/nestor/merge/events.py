"""From stored event rows to what clustering compares, and from a cluster's rows to its merged record."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from .clusters import EventItem, PlanRule
from .days import day_of, states_day
from .entities import fold
from .names import sentence_names
from .sources import DATA


def _codes(entities: list[dict[str, Any]]) -> frozenset[str]:
    return frozenset(e["code"] for e in entities if e.get("code"))


def _persons(entities: list[dict[str, Any]], aliases: dict[str, str]) -> frozenset[str]:
    """The canonical person entities among a record's entities: names (or offices, "President of
    Kazakhstan") the store's entity index links to a person. Other words decide nothing."""
    out = set()
    for e in entities:
        for name in (e.get("identifier_text"), e.get("office")):
            key = fold(name or "")
            if key in aliases:
                out.add(aliases[key])
                break
    return frozenset(out)


def event_item(row: dict[str, Any], aliases: dict[str, str]) -> EventItem:
    rec = json.loads(row["record"])
    loc = rec.get("event_loc") or {}
    is_city = loc.get("geonameid") and loc.get("name") and loc.get("lat") is not None
    return EventItem(
        id=row["id"],
        document_id=row["document_id"],
        etype=row["event_type"] or "",
        realis=row["realis"] or "actual",
        start=day_of(row["date_start"]),
        end=day_of(row["date_end"]),
        actors=_codes(rec.get("actor") or []),
        recipients=_codes(rec.get("recipient") or []),
        persons=_persons(rec.get("actor") or [], aliases),
        recipient_persons=_persons(rec.get("recipient") or [], aliases),
        place_country=loc.get("country_code"),
        place_id=loc.get("geonameid") if is_city and not _is_country(loc) else None,
        place_point=(loc["lat"], loc["lon"]) if is_city and not _is_country(loc) else None,
        text=rec.get("text") or "",
        stated=rec.get("date_precision") == "day"
        and bool(rec.get("date"))
        and (rec.get("date") != (row.get("doc_day") or "") or states_day(rec.get("text") or "")),
        root=row.get("root") or f"doc:{row['document_id']}",
        names=sentence_names(rec.get("text") or ""),
    )


def _is_country(loc: dict[str, Any]) -> bool:
    return loc.get("admin1") is None and loc.get("name") is not None and loc.get("lat") is None


@lru_cache(maxsize=1)
def plan_rules() -> dict[str, PlanRule]:
    out: dict[str, PlanRule] = {}
    with open(DATA / "plan_links.tsv", encoding="utf-8") as f:
        for raw in f:
            if raw.startswith(("#", "plan\t")) or not raw.strip():
                continue
            plan, executions, relation, actor_from = raw.rstrip("\n").split("\t")
            out[plan] = PlanRule(plan, frozenset(executions.split("|")), relation, actor_from)
    return out


def merged_record(cluster_id: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One record per real event: the best-supported report's record, with the cluster's figures.

    The lead record is the earliest report that states the event in its own voice (else the earliest).
    ``reports`` counts reports (a sentence that yields two records is one report), ``sources`` outlets and
    ``independent_sources`` the roots they derive from. Nothing is made stronger than its sources:
    ``asserted_by`` lists the outlets that state the event in
    their own voice as fact; ``claimed_by`` lists who else says it: named claimants, and outlets whose
    sentence is their own unsourced claim ("It is now clear that ..."). With no outlet asserting it, the
    merged record keeps the lead report's attribution.
    """
    records = [json.loads(r["record"]) for r in rows]

    def asserts(i: int) -> bool:
        return records[i].get("attribution") is None and not rows[i].get("unsourced")

    lead_i = next((i for i in range(len(rows)) if asserts(i)), 0)
    lead = dict(records[lead_i])
    outlets = sorted({_outlet(r) for r in rows})
    roots = sorted({r.get("root") or f"doc:{r['document_id']}" for r in rows})
    asserted = sorted({_outlet(rows[i]) for i in range(len(rows)) if asserts(i)})
    claimants: list[str] = []
    for row, rec in zip(rows, records, strict=True):
        att = rec.get("attribution")
        if att and att.get("claimant"):
            name = att["claimant"].get("identifier_text") or att["claimant"].get("entity_text")
        elif row.get("unsourced"):
            name = f"{_outlet(row)} (unsourced)"
        else:
            continue
        if name and name not in claimants:
            claimants.append(name)
    lead.update(
        {
            "event_cluster": cluster_id,
            "reports": len({r["document_id"] for r in rows}),  # reports, not records: one sentence may
            "records": len(rows),  # yield two records, and they are still one report
            "sources": len(outlets),
            "independent_sources": len(roots),
            "documents": sorted({r["document_id"] for r in rows}),
            "outlets": outlets,
            "asserted_by": asserted,
            "claimed_by": claimants,
            "members": [r["id"] for r in rows],
        }
    )
    return lead


def _outlet(row: dict[str, Any]) -> str:
    return row.get("publication") or f"doc:{row['document_id']}"
