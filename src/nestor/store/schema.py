"""The store's tables, as an ordered list of migrations.

``MIGRATIONS[i]`` takes a store from version ``i`` to ``i + 1``; the version a store is at lives in the
one-row ``schema_version`` table. A later change appends a migration (never edits a shipped one), so
every existing store is brought forward by the same steps a new one goes through.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    version: int  # the version the store is at after this migration
    description: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "documents, events, event entities, runs and the ingest log",
        """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY NOT NULL,
            text TEXT NOT NULL,
            title TEXT,
            url TEXT,
            published TEXT,
            publication TEXT,
            language TEXT,
            source TEXT,
            content_hash TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );

        CREATE TABLE events (
            id TEXT PRIMARY KEY NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            sequence INTEGER,
            sent_start INTEGER,
            sent_end INTEGER,
            date TEXT,
            date_precision TEXT,
            date_start TEXT,        -- first day ``date`` can mean (YYYY-MM-DD), for range filters
            date_end TEXT,          -- last day ``date`` can mean
            event_type TEXT,        -- the first (best) of the record's ``event`` list
            quad_code INTEGER,
            event_scale REAL,
            realis TEXT,
            attributed INTEGER NOT NULL DEFAULT 0 CHECK (attributed IN (0, 1)),
            text TEXT,              -- the sentence, for text search
            record TEXT NOT NULL,   -- the full output-contract JSON (EventRecord.to_dict())
            coded_date TEXT
        );
        CREATE INDEX events_document ON events(document_id, sequence);
        CREATE INDEX events_date ON events(date_start, date_end);
        CREATE INDEX events_type ON events(event_type);

        CREATE TABLE event_entities (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('actor', 'recipient', 'claimant')),
            position INTEGER NOT NULL,
            code TEXT,
            sector TEXT,
            identifier_text TEXT,
            PRIMARY KEY (event_id, role, position)
        );
        CREATE INDEX event_entities_code ON event_entities(code, role);

        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT,
            args TEXT,              -- JSON
            counts TEXT             -- JSON
        );

        CREATE TABLE ingest_log (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES runs(id),
            ts TEXT NOT NULL,
            source TEXT,
            line INTEGER,
            document_id TEXT,
            status TEXT NOT NULL CHECK (status IN ('stored', 'unchanged', 'replaced', 'skipped', 'failed')),
            error_code TEXT,
            message TEXT
        );
        CREATE INDEX ingest_log_run ON ingest_log(run_id, status);
        CREATE INDEX ingest_log_document ON ingest_log(document_id);
        """,
    ),
    Migration(
        2,
        "cross-report merging: mentions, claims, derivation, stories, clusters, discrepancies, entities",
        """
        -- per document, written with it by the ingest (the parallel per-document work) --------------
        CREATE TABLE mentions (               -- every name a report uses for a person, organisation or place
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            sequence INTEGER,                 -- sentence number (as in events.text_info.sequence)
            start INTEGER,                    -- character offsets in the document text
            end INTEGER,
            text TEXT NOT NULL,               -- the words in the text ("Alma-Ata", "the CSTO", "Tokayev")
            type TEXT NOT NULL CHECK (type IN ('PERSON', 'ORG', 'PLACE')),
            name TEXT NOT NULL,               -- the name the report resolves it to ("Kassym-Zhomart Tokayev")
            code TEXT,
            sector TEXT,
            office TEXT,
            PRIMARY KEY (document_id, position)
        );
        CREATE INDEX mentions_name ON mentions(type, name);

        CREATE TABLE claims (                 -- a named source's statements, or the outlet's unsourced ones
            id TEXT PRIMARY KEY NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            sequence INTEGER,
            start INTEGER,
            end INTEGER,
            text TEXT NOT NULL,               -- the sentence
            claim TEXT,                       -- the claimed proposition (the clause after the cue)
            cue TEXT,                         -- "it soon became clear that", "said", "according to"
            sourced INTEGER NOT NULL CHECK (sourced IN (0, 1)),
            claimant TEXT                     -- entity object JSON (the outlet itself when unsourced)
        );
        CREATE INDEX claims_document ON claims(document_id, sequence);

        -- the global merge step (nestor.merge), after the per-document work ------------------------
        CREATE TABLE document_sources (       -- where a report's text comes from
            document_id TEXT PRIMARY KEY NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            outlet TEXT NOT NULL,             -- the publication, normalised (the document id when unknown)
            derived_from TEXT,                -- the outlet or document id it copies or rewrites, or NULL
            derivation TEXT,                  -- 'credit' (credit line / named wire) or 'near_duplicate'
            evidence TEXT,                    -- the credit line, or the similarity that decided it
            root TEXT NOT NULL                -- its independent source: what reports count once as
        );
        CREATE TABLE document_vectors (
            document_id TEXT PRIMARY KEY NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            vector BLOB NOT NULL              -- float32 text embedding, unit length
        );
        CREATE TABLE stories (
            id TEXT PRIMARY KEY NOT NULL,
            label TEXT,
            first_date TEXT,
            last_date TEXT,
            size INTEGER NOT NULL DEFAULT 0,
            centroid BLOB                     -- float32 mean embedding of its documents
        );
        CREATE TABLE story_documents (
            document_id TEXT PRIMARY KEY NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            score REAL
        );
        CREATE INDEX story_documents_story ON story_documents(story_id);

        CREATE TABLE event_clusters (         -- one real event, told by one or more reports
            id TEXT PRIMARY KEY NOT NULL,
            story_id TEXT,
            event_type TEXT,
            date TEXT,
            date_start TEXT,
            date_end TEXT,
            realis TEXT,
            reports INTEGER NOT NULL DEFAULT 0,
            sources INTEGER NOT NULL DEFAULT 0,
            independent_sources INTEGER NOT NULL DEFAULT 0,
            record TEXT                       -- the merged record (JSON)
        );
        CREATE INDEX event_clusters_date ON event_clusters(date_start, date_end);
        CREATE TABLE cluster_members (
            event_id TEXT PRIMARY KEY NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            cluster_id TEXT NOT NULL REFERENCES event_clusters(id) ON DELETE CASCADE,
            score REAL
        );
        CREATE INDEX cluster_members_cluster ON cluster_members(cluster_id);
        CREATE TABLE cluster_links (          -- a planned event and its execution, linked (not merged)
            cluster_id TEXT NOT NULL REFERENCES event_clusters(id) ON DELETE CASCADE,
            other_id TEXT NOT NULL REFERENCES event_clusters(id) ON DELETE CASCADE,
            relation TEXT NOT NULL,           -- 'carried_out_by' (plan -> execution), 'carries_out'
            PRIMARY KEY (cluster_id, other_id)
        );

        CREATE TABLE discrepancies (
            id TEXT PRIMARY KEY NOT NULL,
            story_id TEXT,
            cluster_id TEXT,
            kind TEXT NOT NULL,               -- 'number', 'date', 'list', 'role'
            what TEXT,
            record TEXT NOT NULL              -- JSON: documents, texts, values, outlets
        );

        CREATE TABLE entities (               -- one real person, organisation or place across reports
            id TEXT PRIMARY KEY NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            code TEXT,
            sector TEXT,
            mentions INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX entities_name ON entities(type, name);
        CREATE TABLE entity_aliases (
            entity_id TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            documents INTEGER NOT NULL DEFAULT 0,
            evidence TEXT,                    -- why this spelling is this entity ("same name" ...)
            PRIMARY KEY (entity_id, alias)
        );
        CREATE INDEX entity_aliases_alias ON entity_aliases(alias);

        -- every PLOVER type of a record (its ``event`` list), for the type filter; filled for old stores
        CREATE TABLE event_types (
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            type TEXT NOT NULL,
            PRIMARY KEY (event_id, position)
        );
        CREATE INDEX event_types_type ON event_types(type, event_id);
        INSERT INTO event_types (event_id, position, type)
            SELECT e.id, t.key, upper(t.value) FROM events e, json_each(e.record, '$.event') t;

        -- the default order of event lists (query.SORTS["date"]), so that a page needs no sort
        CREATE INDEX events_sort_date
            ON events(date_start IS NULL, date_start, date_end, document_id, sequence, id);
        CREATE INDEX events_sort_date_desc
            ON events(date_start IS NULL, date_start DESC, date_end DESC, document_id DESC, sequence DESC,
                      id DESC);
        """,
    ),
    Migration(
        3,
        "the actor registry: persons and organisations with what the reports say about them",
        """
        -- built by the merge step (nestor.merge.registry) from the mentions of merged reports ---------
        CREATE TABLE actors (                 -- one person or organisation, by type and folded name
            id TEXT PRIMARY KEY NOT NULL,
            type TEXT NOT NULL CHECK (type IN ('PERSON', 'ORG')),
            name TEXT NOT NULL,               -- the spelling most reports use
            code TEXT,                        -- the vote of the reports (most documents, ties: most recent)
            sector TEXT,
            office TEXT,
            code_documents INTEGER NOT NULL DEFAULT 0,  -- reports that give ``code``
            first_seen TEXT,                  -- first and last publication day of a report naming it
            last_seen TEXT,
            documents INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL DEFAULT 'learned' CHECK (source IN ('learned', 'override'))
        );
        CREATE INDEX actors_name ON actors(type, name);
        CREATE INDEX actors_code ON actors(code);
        CREATE TABLE actor_evidence (         -- what one report says about an actor
            actor_id TEXT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,
            document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL,               -- the name the report resolves it to
            text TEXT NOT NULL,               -- the words of its most telling mention
            start INTEGER,                    -- that mention's character offsets in the document text
            end INTEGER,
            code TEXT,
            sector TEXT,
            office TEXT,
            published TEXT,                   -- the report's publication date
            disagrees TEXT,                   -- where this report differs from the registry, and the vote
            PRIMARY KEY (actor_id, document_id)
        );
        CREATE INDEX actor_evidence_document ON actor_evidence(document_id);
        CREATE TABLE event_actor_keys (       -- the folded name of each event actor or recipient the text
            event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,  -- gave no code: the registry
            role TEXT NOT NULL,               -- fills them, and fills them again when that name's code
            position INTEGER NOT NULL,        -- changes
            key TEXT NOT NULL,
            PRIMARY KEY (event_id, role, position)
        );
        CREATE INDEX event_actor_keys_key ON event_actor_keys(key);
        CREATE TABLE actor_backlog (          -- reports merged before the registry: learned at the next merge
            document_id TEXT PRIMARY KEY NOT NULL REFERENCES documents(id) ON DELETE CASCADE
        );
        INSERT INTO actor_backlog (document_id) SELECT document_id FROM story_documents;
        """,
    ),
    Migration(
        4,
        "place mentions carry the GeoNames id and precision the toponym resolver gives them",
        """
        ALTER TABLE mentions ADD COLUMN geonameid INTEGER;   -- a PLACE mention's GeoNames id, where known
        ALTER TABLE mentions ADD COLUMN geo_precision TEXT;  -- country | admin1 | admin2 | place
        """,
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
