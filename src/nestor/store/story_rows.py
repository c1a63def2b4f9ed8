"""What the merge step compares within stories, read by name: the rows of the given stories' reports,
events, claims and place mentions, for :mod:`nestor.merge.discrepancies` and
:mod:`nestor.merge.figure_rows`. Story ids travel as one JSON array (``json_each``)."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from typing import Any

from .sqlite import Store

Row = dict[str, Any]


def _ids(story_ids: Collection[str]) -> str:
    return json.dumps(sorted(story_ids))


def report_outlets(store: Store, story_ids: Collection[str]) -> Iterator[Row]:
    """id, publication of the stories' reports."""
    return store.query(
        "SELECT d.id, d.publication FROM documents d JOIN story_documents s ON s.document_id = d.id "
        "WHERE s.story_id IN (SELECT value FROM json_each(?))",
        (_ids(story_ids),),
    )


def cluster_member_reports(store: Store, story_ids: Collection[str]) -> Iterator[Row]:
    """The members of the stories' clusters of more than one report: cluster, story_id, event_type, id,
    document_id, record, published; by cluster, then publication."""
    return store.query(
        "SELECT c.id AS cluster, c.story_id, c.event_type, e.id, e.document_id, e.record, d.published "
        "FROM event_clusters c JOIN cluster_members m ON m.cluster_id = c.id "
        "JOIN events e ON e.id = m.event_id JOIN documents d ON d.id = e.document_id "
        "WHERE c.story_id IN (SELECT value FROM json_each(?)) AND c.reports > 1 "
        "ORDER BY c.id, d.published, e.id",
        (_ids(story_ids),),
    )


def place_mentions(store: Store, story_ids: Collection[str]) -> Iterator[Row]:
    """The place mentions of the stories' reports, with their report's text, by report and position."""
    return store.query(
        "SELECT s.story_id, m.document_id, m.sequence, m.start, m.end, m.name, d.text FROM mentions m "
        "JOIN story_documents s ON s.document_id = m.document_id "
        "JOIN documents d ON d.id = m.document_id "
        "WHERE s.story_id IN (SELECT value FROM json_each(?)) AND m.type = 'PLACE' "
        "ORDER BY m.document_id, m.start",
        (_ids(story_ids),),
    )


def actual_events_with_countries(store: Store, story_ids: Collection[str]) -> Iterator[Row]:
    """The stories' events that happened (realis actual), each with its actors' and recipients' codes
    (sorted, comma-separated), by id."""
    return store.query(
        "SELECT sd.story_id, e.id, e.document_id, e.event_type, e.date_start, e.text, "
        "(SELECT group_concat(DISTINCT code) FROM (SELECT code FROM event_entities WHERE event_id = e.id "
        " AND role = 'actor' AND code IS NOT NULL ORDER BY code)) AS actors, "
        "(SELECT group_concat(DISTINCT code) FROM (SELECT code FROM event_entities WHERE event_id = e.id "
        " AND role = 'recipient' AND code IS NOT NULL ORDER BY code)) AS recipients "
        "FROM events e JOIN story_documents sd ON sd.document_id = e.document_id "
        "WHERE sd.story_id IN (SELECT value FROM json_each(?)) AND e.realis = 'actual' ORDER BY e.id",
        (_ids(story_ids),),
    )


def story_reports(store: Store, story_ids: Collection[str]) -> list[Row]:
    """story_id, id, text, publication, published, derived_from of the stories' reports, by date."""
    return list(
        store.query(
            "SELECT sd.story_id, d.id, d.text, d.publication, d.published, s.derived_from "
            "FROM story_documents sd JOIN documents d ON d.id = sd.document_id "
            "LEFT JOIN document_sources s ON s.document_id = d.id "
            "WHERE sd.story_id IN (SELECT value FROM json_each(?)) ORDER BY d.published, d.id",
            (_ids(story_ids),),
        )
    )


def story_claim_spans(store: Store, story_ids: Collection[str]) -> Iterator[Row]:
    """document_id, start, end, claimant, sourced of the claims in the stories' reports."""
    return store.query(
        "SELECT c.document_id, c.start, c.end, c.claimant, c.sourced FROM claims c "
        "JOIN story_documents sd ON sd.document_id = c.document_id "
        "WHERE sd.story_id IN (SELECT value FROM json_each(?))",
        (_ids(story_ids),),
    )


def story_event_dates(store: Store, story_ids: Collection[str]) -> Iterator[Row]:
    """The events of the stories' reports with their sentence span, date, report date, text, cluster."""
    return store.query(
        "SELECT e.document_id, e.sent_start, e.sent_end, e.date, e.date_precision, d.published, e.text, "
        "m.cluster_id FROM events e JOIN story_documents sd ON sd.document_id = e.document_id "
        "JOIN documents d ON d.id = e.document_id LEFT JOIN cluster_members m ON m.event_id = e.id "
        "WHERE sd.story_id IN (SELECT value FROM json_each(?))",
        (_ids(story_ids),),
    )
