"""Reading the merge step's results back as JSON-ready dicts (for the CLI and the web API)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from rapidfuzz import fuzz

from ..store import Store

CORROBORATES = 75.0
INVERSE = {
    "carried_out_by": "carries_out",
    "answered_by": "answers",
}  # token-set similarity of two claims from independent sources that corroborates


def _ids(values: Any) -> str:
    return json.dumps(sorted(values))


def document_sources(store: Store) -> dict[str, dict[str, Any]]:
    """document id -> outlet, derived_from, derivation, evidence, root."""
    return {
        r.pop("document_id"): r
        for r in store.query(
            "SELECT document_id, outlet, derived_from, derivation, evidence, root FROM document_sources"
        )
    }


def stories(store: Store, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """Stories, newest first, each with its reports (id, outlet, date), outlets and independent sources."""
    rows = list(
        store.query(
            "SELECT id, label, first_date, last_date, size FROM stories "
            "ORDER BY last_date DESC, first_date DESC, id LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        )
    )
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in store.query(
        "SELECT sd.story_id, d.id, d.title, d.publication, d.published, s.root, s.derived_from "
        "FROM story_documents sd JOIN documents d ON d.id = sd.document_id "
        "LEFT JOIN document_sources s ON s.document_id = d.id "
        "WHERE sd.story_id IN (SELECT value FROM json_each(?)) ORDER BY d.published, d.id",
        (_ids(r["id"] for r in rows),),
    ):
        members[r.pop("story_id")].append(r)
    counts = {
        r["story_id"]: r
        for r in store.query(
            "SELECT story_id, count(*) AS clusters, sum(reports) AS events FROM event_clusters "
            "WHERE story_id IN (SELECT value FROM json_each(?)) GROUP BY story_id",
            (_ids(r["id"] for r in rows),),
        )
    }
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
    where, params = ["independent_sources >= ?"], [min_sources]
    if story:
        where.append("story_id = ?")
        params.append(story)
    if ids:
        where.append("id IN (SELECT value FROM json_each(?))")
        params.append(_ids(ids))
    rows = list(
        store.query(
            f"SELECT id, record FROM event_clusters WHERE {' AND '.join(where)} "
            "ORDER BY date_start IS NULL, date_start, id LIMIT ? OFFSET ?",
            [*params, -1 if limit is None else limit, offset],
        )
    )
    cids = _ids(r["id"] for r in rows)
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in store.query(
        "SELECT m.cluster_id, e.id AS event_id, e.document_id AS document, d.publication, e.text, e.realis, "
        "json_extract(e.record, '$.attribution') AS attribution, s.derived_from, s.root "
        "FROM cluster_members m JOIN events e ON e.id = m.event_id JOIN documents d ON d.id = e.document_id "
        "LEFT JOIN document_sources s ON s.document_id = e.document_id "
        "WHERE m.cluster_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY d.published, e.document_id, e.sequence",
        (cids,),
    ):
        cid = r.pop("cluster_id")
        r["attribution"] = json.loads(r["attribution"]) if r["attribution"] else None
        members[cid].append(r)
    linked: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in store.query(
        "SELECT cluster_id, other_id, relation FROM cluster_links WHERE cluster_id IN (SELECT value FROM "
        "json_each(?)) OR other_id IN (SELECT value FROM json_each(?))",
        (cids, cids),
    ):
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
    sql, params = "SELECT record FROM discrepancies", []
    if story:
        sql += (
            " WHERE story_id = ? OR (kind = 'number' AND story_id != ? "
            "AND ? IN (SELECT value FROM json_each(record, '$.stories')))"
        )
        params += [story, story, story]
    return [json.loads(r["record"]) for r in store.query(sql + " ORDER BY story_id, kind, id", params)]


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
    where, params = [], []
    if unsourced is not None:
        where.append("c.sourced = ?")
        params.append(0 if unsourced else 1)
    if story:
        where.append("sd.story_id = ?")
        params.append(story)
    if document:
        where.append("c.document_id = ?")
        params.append(document)
    sql = (
        "SELECT c.id, c.document_id AS document, d.publication, d.published, c.sequence, c.text, "
        "c.claim, c.cue, c.sourced, c.claimant, sd.story_id AS story, s.root "
        "FROM claims c JOIN documents d ON d.id = c.document_id "
        "LEFT JOIN story_documents sd ON sd.document_id = c.document_id "
        "LEFT JOIN document_sources s ON s.document_id = c.document_id"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = list(store.query(sql + " ORDER BY d.published, c.document_id, c.sequence", params))
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
    for r in store.query(
        "SELECT sd.story_id, c.document_id AS document, c.claim, c.text, s.root FROM claims c "
        "JOIN story_documents sd ON sd.document_id = c.document_id "
        "LEFT JOIN document_sources s ON s.document_id = c.document_id "
        "WHERE sd.story_id IN (SELECT value FROM json_each(?))",
        (_ids(story_ids),),
    ):
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
    where, params = "", []
    if type_:
        where, params = " WHERE type = ?", [type_.upper()]
    rows = list(
        store.query(
            f"SELECT id, name, type, code, sector, mentions FROM entities{where} "
            "ORDER BY mentions DESC, name LIMIT ? OFFSET ?",
            [*params, -1 if limit is None else limit, offset],
        )
    )
    aliases: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in store.query(
        "SELECT entity_id, alias, documents, evidence FROM entity_aliases "
        "WHERE entity_id IN (SELECT value FROM json_each(?)) ORDER BY documents DESC, alias",
        (_ids(r["id"] for r in rows),),
    ):
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
_ACTOR_COLUMNS = (
    "id, type, name, code, sector, office, code_documents, first_seen, last_seen, documents, source"
)
CONTEXT_BEFORE, CONTEXT_AFTER = 40, 30  # characters of the report shown around an evidence mention


def _fold_function(store: Store) -> str:
    """The SQL name of :func:`registry.actor_key` on the store's connection (registered on first use)."""
    from .registry import KEY_FUNCTION, actor_key

    store.conn.create_function(KEY_FUNCTION, 1, actor_key, deterministic=True)
    return KEY_FUNCTION


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

    where, params = [], []
    if type_:
        where.append("type = ?")
        params.append(type_.upper())
    if name:
        where.append(f"instr({_fold_function(store)}(name), ?) > 0")
        params.append(actor_key(name))
    if codes:
        wanted = sorted({c.strip().upper() for c in codes if c.strip()})
        clause = "code IN (SELECT value FROM json_each(?))"
        where.append(f"({clause} OR code IS NULL)" if "-" in wanted else clause)
        params.append(_ids(c for c in wanted if c != "-"))
    sql = f"SELECT {_ACTOR_COLUMNS} FROM actors"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY documents DESC, name, id LIMIT ? OFFSET ?"
    return list(store.query(sql, [*params, -1 if limit is None else limit, offset]))


def actor_evidence(store: Store, name: str, type_: str | None = None) -> list[dict[str, Any]]:
    """What each report said about the actor called ``name`` (else every actor whose name contains it):
    one row per report, by date, with the words around the mention and where it disagrees with the
    registry. Empty when no actor matches."""
    from .registry import TYPES, actor_id, actor_key

    types = [type_.upper()] if type_ else list(TYPES)
    ids = [
        r["id"]
        for r in store.query(
            "SELECT id FROM actors WHERE id IN (SELECT value FROM json_each(?))",
            (_ids(actor_id(t, name) for t in types),),
        )
    ]
    if not ids and actor_key(name):
        ids = [r["id"] for r in actors(store, type_, name)]
    rows = store.query(
        "SELECT a.id AS actor_id, a.name AS actor, a.type, a.code AS registry_code, a.source, "
        "v.published, v.document_id AS document, d.publication, d.title, v.name, v.text, v.code, v.sector, "
        "v.office, v.disagrees, v.start, v.end, "
        f"substr(d.text, max(1, v.start + 1 - {CONTEXT_BEFORE}), "
        f"v.end - max(0, v.start - {CONTEXT_BEFORE}) + {CONTEXT_AFTER}) AS context "
        "FROM actor_evidence v JOIN actors a ON a.id = v.actor_id JOIN documents d ON d.id = v.document_id "
        "WHERE v.actor_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY a.documents DESC, a.name, a.id, v.published IS NULL, v.published, v.document_id",
        (_ids(ids),),
    )
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
