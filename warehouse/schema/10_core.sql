-- Core layer: one row per thing the pipeline saw. Loaded by warehouse/loader.py only.
-- Names: *_id keys, *_at timestamps, *_date dates, is_* booleans, n_* counts.

CREATE TABLE IF NOT EXISTS core_runs (
    run_id          VARCHAR PRIMARY KEY,
    started_at      TIMESTAMP NOT NULL,
    ended_at        TIMESTAMP,
    code_version    VARCHAR NOT NULL,
    parser_version  VARCHAR NOT NULL,
    n_documents     INTEGER,
    n_loaded        INTEGER,
    n_unchanged     INTEGER,
    n_failed        INTEGER,
    status          VARCHAR NOT NULL  -- running | finished | interrupted
);
COMMENT ON TABLE core_runs IS 'One row per ingest run: when, which code, how many documents loaded / unchanged / failed.';
COMMENT ON COLUMN core_runs.status IS 'running while the run goes on; finished at the end; a run left running was interrupted.';

CREATE TABLE IF NOT EXISTS core_documents (
    document_id        VARCHAR PRIMARY KEY,
    source_key         VARCHAR NOT NULL,
    source_file        VARCHAR NOT NULL,
    source_path        VARCHAR NOT NULL,
    sha256             VARCHAR,
    byte_size          BIGINT,
    format             VARCHAR,
    version_no         INTEGER NOT NULL,
    is_current         BOOLEAN NOT NULL,
    cpas_name          VARCHAR,
    nis_code           VARCHAR,
    legislature        VARCHAR,
    doc_kind           VARCHAR,
    page_count         INTEGER,
    n_os               INTEGER,
    n_oo               INTEGER,
    n_actions          INTEGER,
    declared_os        INTEGER,
    declared_oo        INTEGER,
    declared_actions   INTEGER,
    declared_actions_is_minimum BOOLEAN,
    parse_status       VARCHAR NOT NULL,  -- ok | empty | failed
    error_code         VARCHAR,
    error              VARCHAR,
    warnings           VARCHAR,
    parser_version     VARCHAR NOT NULL,
    run_id             VARCHAR,
    loaded_at          TIMESTAMP NOT NULL,
    parse_seconds      DOUBLE
);
COMMENT ON TABLE core_documents IS 'One row per version of a source document (a new row when its bytes change; old versions stay).';
COMMENT ON COLUMN core_documents.source_key IS 'Identity of the source across versions: its absolute path or URL.';
COMMENT ON COLUMN core_documents.is_current IS 'True for the latest version of each source_key.';
COMMENT ON COLUMN core_documents.parse_status IS 'ok: items extracted; empty: readable but no plan item found; failed: unreadable (see error).';

CREATE TABLE IF NOT EXISTS core_plan_items (
    document_id     VARCHAR NOT NULL,
    position        INTEGER NOT NULL,
    level           VARCHAR NOT NULL,
    volet           VARCHAR,
    axe             VARCHAR,
    number          VARCHAR NOT NULL,
    source_label    VARCHAR,
    title           VARCHAR NOT NULL,
    parent_number   VARCHAR,
    status          VARCHAR,
    progress_pct    DOUBLE,
    pilote          VARCHAR,
    partners        VARCHAR,
    due             VARCHAR,
    indicators      VARCHAR,
    description     VARCHAR,
    is_cpas         BOOLEAN NOT NULL,
    page            INTEGER,
    bbox            DOUBLE[],
    paragraph_index INTEGER,
    dom_path        VARCHAR,
    raw_text        VARCHAR,
    PRIMARY KEY (document_id, position)
);
COMMENT ON TABLE core_plan_items IS 'Objectives and actions of each document version, flat, in reading order.';
COMMENT ON COLUMN core_plan_items.number IS 'Canonical dotted number within the volet (OO/02 under OS3 is 3.2; unnumbered actions get their position).';
COMMENT ON COLUMN core_plan_items.source_label IS 'The label as printed (OO/01, O.S. 1, (A.12)); NULL when none.';
COMMENT ON COLUMN core_plan_items.is_cpas IS 'False for the commune''s own objectives in a joint PST.';

CREATE TABLE IF NOT EXISTS core_anomalies (
    document_id VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    detail      VARCHAR NOT NULL,
    number      VARCHAR
);
COMMENT ON TABLE core_anomalies IS 'Oddities of the source recorded rather than fixed: duplicate or skipped numbers, declared counts that differ.';

CREATE TABLE IF NOT EXISTS core_events (
    document_id         VARCHAR NOT NULL,
    kind                VARCHAR NOT NULL,
    event_date          DATE NOT NULL,
    precision           VARCHAR NOT NULL,
    is_planned          BOOLEAN NOT NULL,
    delegated_to_bureau BOOLEAN NOT NULL,
    evidence_text       VARCHAR NOT NULL,
    page                INTEGER,
    paragraph_index     INTEGER
);
COMMENT ON TABLE core_events IS 'Dated events reported by a document (adoption of the DPS or PST, evaluations...), with the sentence they come from.';
