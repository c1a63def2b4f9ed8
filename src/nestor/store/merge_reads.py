"""The merge step's results as the CLI and the web read them: stories, event clusters, discrepancies,
claims, entities and the actor registry, as plain rows (:mod:`nestor.merge.views` shapes them).

Id lists travel as one JSON array (``json_each``). A statement with optional filters is put together
from constant parts, the filters given joined by AND (:func:`_where`); no value is ever written into SQL
text, so each filter given is one the store's indexes can serve.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from typing import Any

from .sqlite import Store

Row = dict[str, Any]
NO_LIMIT = -1
FOLD_FUNCTION = "nestor_actor_key"  # the actor registry's name folding, as an SQL function


def _ids(values: Iterable[str]) -> str:
    return json.dumps(sorted(values))


def _limit(limit: int | None) -> int:
    return NO_LIMIT if limit is None else limit


def _where(filters: Iterable[tuple[str, tuple[Any, ...]] | None]) -> tuple[str, list[Any]]:
    """`` WHERE a AND b`` of the filters given (constant SQL conditions with their parameters), and their
    parameters; empty when none is given."""
    given = [f for f in filters if f is not None]
    if not given:
        return "", []
    return " WHERE " + " AND ".join(c for c, _ in given), [v for _, values in given for v in values]


# ---------------------------------------------------------------------------------------------- reports
def document_sources(store: Store) -> list[Row]:
    """document_id, outlet, derived_from, derivation, evidence, root of every merged report."""
    return list(
        store.query(
            "SELECT document_id, outlet, derived_from, derivation, evidence, root FROM document_sources"
        )
    )


# ---------------------------------------------------------------------------------------------- stories
def stories(store: Store, limit: int | None, offset: int) -> list[Row]:
    """id, label, first_date, last_date, size of the stories, newest first."""
    return list(
        store.query(
            "SELECT id, label, first_date, last_date, size FROM stories "
            "ORDER BY last_date DESC, first_date DESC, id LIMIT ? OFFSET ?",
            (_limit(limit), offset),
        )
    )


def story_reports(store: Store, story_ids: Collection[str]) -> list[Row]:
    """story_id, id, title, publication, published, root, derived_from of the stories' reports, by date."""
    return list(
        store.query(
            "SELECT sd.story_id, d.id, d.title, d.publication, d.published, s.root, s.derived_from "
            "FROM story_documents sd JOIN documents d ON d.id = sd.document_id "
            "LEFT JOIN document_sources s ON s.document_id = d.id "
            "WHERE sd.story_id IN (SELECT value FROM json_each(?)) ORDER BY d.published, d.id",
            (_ids(story_ids),),
        )
    )


def story_cluster_counts(store: Store, story_ids: Collection[str]) -> list[Row]:
    """story_id, clusters, events (their reports) of the given stories."""
    return list(
        store.query(
            "SELECT story_id, count(*) AS clusters, sum(reports) AS events FROM event_clusters "
            "WHERE story_id IN (SELECT value FROM json_each(?)) GROUP BY story_id",
            (_ids(story_ids),),
        )
    )


# ---------------------------------------------------------------------------------------------- clusters
def cluster_records(
    store: Store,
    min_sources: int,
    story: str | None,
    ids: Collection[str] | None,
    limit: int | None,
    offset: int,
) -> list[Row]:
    """id, record of the clusters told by at least ``min_sources`` independent sources (of ``story``, and
    among ``ids``, where given), undated last."""
    where, params = _where(
        [
            ("independent_sources >= ?", (min_sources,)),
            ("story_id = ?", (story,)) if story else None,
            ("id IN (SELECT value FROM json_each(?))", (_ids(ids),)) if ids else None,
        ]
    )
    return list(
        store.query(
            "SELECT id, record FROM event_clusters" + where + " ORDER BY date_start IS NULL, date_start, id "
            "LIMIT ? OFFSET ?",
            [*params, _limit(limit), offset],
        )
    )


def cluster_members(store: Store, cluster_ids: Collection[str]) -> list[Row]:
    """The member reports of the given clusters (cluster_id first), by date."""
    return list(
        store.query(
            "SELECT m.cluster_id, e.id AS event_id, e.document_id AS document, d.publication, e.text, "
            "e.realis, json_extract(e.record, '$.attribution') AS attribution, s.derived_from, s.root "
            "FROM cluster_members m JOIN events e ON e.id = m.event_id "
            "JOIN documents d ON d.id = e.document_id "
            "LEFT JOIN document_sources s ON s.document_id = e.document_id "
            "WHERE m.cluster_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY d.published, e.document_id, e.sequence",
            (_ids(cluster_ids),),
        )
    )


def cluster_links(store: Store, cluster_ids: Collection[str]) -> list[Row]:
    """cluster_id, other_id, relation of the links from or to the given clusters."""
    ids = _ids(cluster_ids)
    return list(
        store.query(
            "SELECT cluster_id, other_id, relation FROM cluster_links WHERE cluster_id IN (SELECT value FROM "
            "json_each(?)) OR other_id IN (SELECT value FROM json_each(?))",
            (ids, ids),
        )
    )


# ---------------------------------------------------------------------------------------------- discrepancies
def discrepancy_records(store: Store, story: str | None) -> list[str]:
    """The JSON records of the discrepancies (of ``story``, and the figure ones it shares with another
    story, where given), by story, kind and id."""
    if not story:
        return [
            r["record"] for r in store.query("SELECT record FROM discrepancies ORDER BY story_id, kind, id")
        ]
    return [
        r["record"]
        for r in store.query(
            "SELECT record FROM discrepancies WHERE story_id = ? OR (kind = 'number' AND story_id != ? "
            "AND ? IN (SELECT value FROM json_each(record, '$.stories'))) ORDER BY story_id, kind, id",
            (story, story, story),
        )
    ]


# ---------------------------------------------------------------------------------------------- claims
def claims(store: Store, sourced: int | None, story: str | None, document: str | None) -> list[Row]:
    """The claims (sourced 0 or 1, of ``story``, of ``document``, where given) with their report's
    publication, date, story and root source, by date."""
    where, params = _where(
        [
            ("c.sourced = ?", (sourced,)) if sourced is not None else None,
            ("sd.story_id = ?", (story,)) if story else None,
            ("c.document_id = ?", (document,)) if document else None,
        ]
    )
    return list(
        store.query(
            "SELECT c.id, c.document_id AS document, d.publication, d.published, c.sequence, c.text, "
            "c.claim, c.cue, c.sourced, c.claimant, sd.story_id AS story, s.root "
            "FROM claims c JOIN documents d ON d.id = c.document_id "
            "LEFT JOIN story_documents sd ON sd.document_id = c.document_id "
            "LEFT JOIN document_sources s ON s.document_id = c.document_id"
            + where
            + " ORDER BY d.published, c.document_id, c.sequence",
            params,
        )
    )


def story_claims(store: Store, story_ids: Collection[str]) -> list[Row]:
    """story_id, document, claim, text, root of every claim in the given stories."""
    return list(
        store.query(
            "SELECT sd.story_id, c.document_id AS document, c.claim, c.text, s.root FROM claims c "
            "JOIN story_documents sd ON sd.document_id = c.document_id "
            "LEFT JOIN document_sources s ON s.document_id = c.document_id "
            "WHERE sd.story_id IN (SELECT value FROM json_each(?))",
            (_ids(story_ids),),
        )
    )


# ---------------------------------------------------------------------------------------------- entities
def entities(store: Store, type_: str | None, limit: int | None, offset: int) -> list[Row]:
    """Canonical entities (of ``type_`` where given), most mentioned first."""
    where, params = _where([("type = ?", (type_,)) if type_ else None])
    return list(
        store.query(
            "SELECT id, name, type, code, sector, mentions FROM entities" + where + " "
            "ORDER BY mentions DESC, name LIMIT ? OFFSET ?",
            [*params, _limit(limit), offset],
        )
    )


def entity_aliases(store: Store, entity_ids: Collection[str]) -> list[Row]:
    """entity_id, alias, documents, evidence of the given entities, most used first."""
    return list(
        store.query(
            "SELECT entity_id, alias, documents, evidence FROM entity_aliases "
            "WHERE entity_id IN (SELECT value FROM json_each(?)) ORDER BY documents DESC, alias",
            (_ids(entity_ids),),
        )
    )


# ---------------------------------------------------------------------------------------------- actors
_ACTORS = (
    "SELECT id, type, name, code, sector, office, code_documents, first_seen, last_seen, documents, source "
    "FROM actors"
)
_NAME_HAS = f"instr({FOLD_FUNCTION}(name), ?) > 0"
_CODE_IN = "code IN (SELECT value FROM json_each(?))"
_CODE_IN_OR_NONE = f"({_CODE_IN} OR code IS NULL)"


def actors(
    store: Store,
    fold: Callable[[str | None], str],
    type_: str | None,
    name_key: str | None,
    codes: Collection[str] | None,
    no_code: bool,
    limit: int | None,
    offset: int,
) -> list[Row]:
    """The registry's actors, most documents first: of ``type_``; whose name, folded by ``fold``, contains
    ``name_key``; with any of ``codes`` (or none, with ``no_code``); each filter where given."""
    if name_key:
        store.conn.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
    code_filter = None
    if codes is not None:
        code_filter = (_CODE_IN_OR_NONE if no_code else _CODE_IN, (_ids(codes),))
    where, params = _where(
        [
            ("type = ?", (type_,)) if type_ else None,
            (_NAME_HAS, (name_key,)) if name_key else None,
            code_filter,
        ]
    )
    return list(
        store.query(
            _ACTORS + where + " ORDER BY documents DESC, name, id LIMIT ? OFFSET ?",
            [*params, _limit(limit), offset],
        )
    )


def actor_ids(store: Store, ids: Collection[str]) -> list[str]:
    """Those of ``ids`` that the registry knows."""
    return [
        r["id"]
        for r in store.query(
            "SELECT id FROM actors WHERE id IN (SELECT value FROM json_each(?))", (_ids(ids),)
        )
    ]


def actor_evidence(store: Store, ids: Collection[str], before: int, after: int) -> list[Row]:
    """What each report said about the given actors, one row per report, by actor (most documents first)
    and date, with the report's text from ``before`` characters before the mention to ``after`` after it
    (``context``)."""
    return list(
        store.query(
            "SELECT a.id AS actor_id, a.name AS actor, a.type, a.code AS registry_code, a.source, "
            "v.published, v.document_id AS document, d.publication, d.title, v.name, v.text, v.code, "
            "v.sector, v.office, v.disagrees, v.start, v.end, "
            "substr(d.text, max(1, v.start + 1 - ?), v.end - max(0, v.start - ?) + ?) AS context "
            "FROM actor_evidence v JOIN actors a ON a.id = v.actor_id "
            "JOIN documents d ON d.id = v.document_id "
            "WHERE v.actor_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY a.documents DESC, a.name, a.id, v.published IS NULL, v.published, v.document_id",
            (before, before, after, _ids(ids)),
        )
    )


def story_document_ids(store: Store, story_ids: Collection[str]) -> list[str]:
    """The reports of the given stories, by id."""
    return [
        r["document_id"]
        for r in store.query(
            "SELECT document_id FROM story_documents WHERE story_id IN (SELECT value FROM json_each(?)) "
            "ORDER BY document_id",
            (_ids(story_ids),),
        )
    ]
