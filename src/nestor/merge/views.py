"""Reading the merge step's results back as JSON-ready dicts (for the CLI and the web API)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from rapidfuzz import fuzz

from ..store import Store
from ..store import merge_reads as reads

CORROBORATES = 75.0
INVERSE = {
    "carried_out_by": "carries_out",
    "answered_by": "answers",
}  # token-set similarity of two claims from independent sources that corroborates


def document_sources(store: Store) -> dict[str, dict[str, Any]]:
    """document id -> outlet, derived_from, derivation, evidence, root."""
    return {r.pop("document_id"): r for r in reads.document_sources(store)}


def stories(store: Store, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Stories, newest first, each with its reports (id, outlet, date), outlets and independent sources."""
    rows = reads.stories(store, limit, offset)
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in reads.story_reports(store, [r["id"] for r in rows]):
        members[r.pop("story_id")].append(r)
    counts = {r["story_id"]: r for r in reads.story_cluster_counts(store, [r["id"] for r in rows])}
    out = []
    for r in rows:
        docs = members.get(r["id"], [])
        out.append(
            {
                "id": r["id"],
                "label": r["label"],
                "first_date": r["first_date"],
                "last_date": r["last_date"],
                "size": r["size"],
                "documents": [d["id"] for d in docs],
                "outlets": sorted({d["publication"] or d["id"] for d in docs}),
                "independent_sources": len({d["root"] or d["id"] for d in docs}),
                "event_clusters": (counts.get(r["id"]) or {}).get("clusters", 0),
                "reports": docs,
            }
        )
    return out


def clusters(
    store: Store,
    story: str | None = None,
    ids: list[str] | None = None,
    min_sources: int = 1,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Merged event records (one per real event), by date, with each member report and the linked
    clusters (plans and what carried them out)."""
    rows = reads.cluster_records(store, min_sources, story, ids, limit, offset)
    cids = [r["id"] for r in rows]
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in reads.cluster_members(store, cids):
        cid = r.pop("cluster_id")
        r["attribution"] = json.loads(r["attribution"]) if r["attribution"] else None
        members[cid].append(r)
    linked: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in reads.cluster_links(store, cids):
        linked[r["cluster_id"]].append({"cluster": r["other_id"], "relation": r["relation"]})
        inverse = INVERSE.get(r["relation"], r["relation"])
        linked[r["other_id"]].append({"cluster": r["cluster_id"], "relation": inverse})
    out = []
    for r in rows:
        rec = json.loads(r["record"])
        rec["members"] = members.get(r["id"], [])
        rec["linked"] = linked.get(r["id"], [])
        out.append(rec)
    return out


def discrepancies(store: Store, story: str | None = None) -> list[dict[str, Any]]:
    """Discrepancies (each with every report's value, and for figures every figure's evidence); with
    ``story``, those of the story, also those it shares with another story (one event both tell)."""
    return [json.loads(record) for record in reads.discrepancy_records(store, story)]


def figures(store: Store, story: str) -> list[dict[str, Any]]:
    """The story's figures table: every count its reports give (dead, injured, detained, troops ...), by
    what it counts and then by date, each with outlet, claimant, sentence and whether it is disputed."""
    from .figure_compare import figures_table, story_figures

    return figures_table(story_figures(store, [story]).get(story, []))


def claims(
    store: Store, unsourced: bool | None = None, story: str | None = None, document: str | None = None
) -> list[dict[str, Any]]:
    """Claims with their claimant (the outlet itself when unsourced) and the reports from other independent
    sources that say the same (``corroborated_by``; an unsourced claim stays a claim either way)."""
    sourced = None if unsourced is None else (0 if unsourced else 1)
    rows = reads.claims(store, sourced, story, document)
    peers = _story_claims(store, {r["story"] for r in rows if r["story"]})
    out = []
    for r in rows:
        claimant = (
            json.loads(r["claimant"]) if r["claimant"] else _outlet_entity(r["publication"], r["document"])
        )
        corroborated = [
            p["document"]
            for p in peers.get(r["story"], [])
            if p["root"] != r["root"]
            and p["document"] != r["document"]
            and fuzz.token_set_ratio(p["claim"] or p["text"], r["claim"] or r["text"]) >= CORROBORATES
        ]
        out.append(
            {
                "id": r["id"],
                "document": r["document"],
                "publication": r["publication"],
                "published": r["published"],
                "sequence": r["sequence"],
                "text": r["text"],
                "claim": r["claim"],
                "cue": r["cue"],
                "sourced": bool(r["sourced"]),
                "claimant": claimant,
                "story": r["story"],
                "corroborated_by": sorted(set(corroborated)),
            }
        )
    return out


def _story_claims(store: Store, story_ids: set[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in reads.story_claims(store, story_ids):
        out[r.pop("story_id")].append(r)
    return out


def _outlet_entity(publication: str | None, document: str) -> dict[str, Any]:
    return {
        "code": None,
        "sector": "JRN",
        "entity_text": publication or document,
        "identifier_text": publication or document,
    }


def entities(
    store: Store, type_: str | None = None, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    """Canonical entities, most mentioned first, with every alias and the evidence that linked it."""
    rows = reads.entities(store, type_.upper() if type_ else None, limit, offset)
    aliases: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in reads.entity_aliases(store, [r["id"] for r in rows]):
        aliases[r.pop("entity_id")].append(r)
    return [
        {
            **r,
            "aliases": [a["alias"] for a in aliases.get(r["id"], [])],
            "evidence": aliases.get(r["id"], []),
        }
        for r in rows
    ]


# ---------------------------------------------------------------------------------------------- actors
CONTEXT_BEFORE, CONTEXT_AFTER = 40, 30  # characters of the report shown around an evidence mention


def actors(
    store: Store,
    type_: str | None = None,
    name: str | None = None,
    codes: list[str] | tuple[str, ...] = (),
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The actor registry, most documents first: what the reports (or the user's overrides, ``source``)
    say each person and organisation is. ``name`` matches part of the name, in any case; ``codes`` any of
    the codes (a code of ``-`` matches actors without one)."""
    from .registry import actor_key

    wanted = sorted({c.strip().upper() for c in codes if c.strip()}) if codes else []
    return reads.actors(
        store,
        actor_key,
        type_.upper() if type_ else None,
        actor_key(name) if name else None,
        [c for c in wanted if c != "-"] if codes else None,
        "-" in wanted,
        limit,
        offset,
    )


def actor_evidence(store: Store, name: str, type_: str | None = None) -> list[dict[str, Any]]:
    """What each report said about the actor called ``name`` (else every actor whose name contains it):
    one row per report, by date, with the words around the mention and where it disagrees with the
    registry. Empty when no actor matches."""
    from .registry import TYPES, actor_id, actor_key

    types = [type_.upper()] if type_ else list(TYPES)
    ids = reads.actor_ids(store, [actor_id(t, name) for t in types])
    if not ids and actor_key(name):
        ids = [r["id"] for r in actors(store, type_, name)]
    rows = reads.actor_evidence(store, ids, CONTEXT_BEFORE, CONTEXT_AFTER)
    out = []
    for r in rows:
        start, end, text = r.pop("start"), r.pop("end"), r["context"] or ""
        if start is None or end is None:
            r["context"] = None
        else:
            wanted = end - max(0, start - CONTEXT_BEFORE) + CONTEXT_AFTER
            r["context"] = _context(text, start > CONTEXT_BEFORE, len(text) >= wanted)
        out.append(r)
    return out


def _context(text: str, cut_start: bool, cut_end: bool) -> str:
    """The words around a mention, on one line, cut at whole words."""
    words = text.split()
    if cut_start and len(words) > 1:
        words = words[1:]
    if cut_end and len(words) > 1:
        words = words[:-1]
    return ("… " if cut_start else "") + " ".join(words) + (" …" if cut_end else "")
