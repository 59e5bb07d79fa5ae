-- Plans, renditions, locations, corrections, parse quality and data tests (core layer).
-- Written by warehouse/loader.py (parsed rows, locations) and warehouse/plans/ (everything derived).
--
-- A *plan* is one CPAS × legislature × kind (pst or evaluation); a *rendition* is one current
-- document carrying it (the PDF, the Word file, the scan, the deliberation annexing it, the web
-- page summarizing it). core_plan_items holds the rows analysts read: the parse with the
-- corrections of data/corrections/ applied; core_parsed_items keeps the parse as it came.

ALTER TABLE core_plan_items ADD COLUMN IF NOT EXISTS corrected_by VARCHAR;
ALTER TABLE core_plan_items ADD COLUMN IF NOT EXISTS correction VARCHAR;
ALTER TABLE core_documents ADD COLUMN IF NOT EXISTS corrected_by VARCHAR;
COMMENT ON COLUMN core_plan_items.corrected_by IS 'Correction file(s) and line(s) that changed or added this row (data/corrections/x.yaml:12); NULL when the row is as parsed.';
COMMENT ON COLUMN core_plan_items.correction IS 'What the correction changed, in words (parent 1.1 → 1.2; added...); NULL when the row is as parsed.';
COMMENT ON COLUMN core_documents.corrected_by IS 'Correction file(s) and line(s) applied to this document (its CPAS, legislature, kind, or its items); NULL when none.';

CREATE TABLE IF NOT EXISTS core_parsed_items (
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
COMMENT ON TABLE core_parsed_items IS 'Plan items exactly as the parser produced them; core_plan_items is this plus the corrections, re-derived whenever they change.';
-- Warehouses loaded before corrections existed: their rows are the parse.
INSERT INTO core_parsed_items
SELECT document_id, position, level, volet, axe, number, source_label, title, parent_number, status, progress_pct,
       pilote, partners, due, indicators, description, is_cpas, page, bbox, paragraph_index, dom_path, raw_text
FROM core_plan_items
WHERE document_id NOT IN (SELECT document_id FROM core_parsed_items) AND corrected_by IS NULL;

CREATE TABLE IF NOT EXISTS core_parsed_documents (
    document_id VARCHAR PRIMARY KEY,
    cpas_name   VARCHAR,
    nis_code    VARCHAR,
    legislature VARCHAR,
    doc_kind    VARCHAR
);
COMMENT ON TABLE core_parsed_documents IS 'The facts the parser found about each document (CPAS, legislature, kind), before corrections; core_documents holds them corrected.';
INSERT INTO core_parsed_documents
SELECT document_id, cpas_name, nis_code, legislature, doc_kind FROM core_documents
WHERE document_id NOT IN (SELECT document_id FROM core_parsed_documents) AND corrected_by IS NULL;

CREATE TABLE IF NOT EXISTS core_document_locations (
    document_id   VARCHAR NOT NULL,
    source_key    VARCHAR NOT NULL,
    source_file   VARCHAR NOT NULL,
    first_seen_at TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    is_current    BOOLEAN NOT NULL,
    parse_warnings VARCHAR,
    PRIMARY KEY (document_id, source_key)
);
COMMENT ON TABLE core_document_locations IS 'Other places (paths, URLs) where the exact bytes of a loaded document were found: one document, several locations, loaded once. The first location is core_documents.source_key.';
COMMENT ON COLUMN core_document_locations.first_seen_at IS 'When the bytes were first found at this location.';
COMMENT ON COLUMN core_document_locations.last_seen_at IS 'When the bytes were last found at this location.';
COMMENT ON COLUMN core_document_locations.is_current IS 'False once the location holds other bytes (it then has its own document) or the document moved on.';
COMMENT ON COLUMN core_document_locations.parse_warnings IS 'Remarks of the parse of this location (e.g. its file name says .docx but the bytes are a PDF).';

CREATE TABLE IF NOT EXISTS core_plans (
    plan_id             VARCHAR PRIMARY KEY,
    plan_kind           VARCHAR NOT NULL,
    cpas_key            VARCHAR NOT NULL,
    cpas_name           VARCHAR,
    nis_code            VARCHAR,
    legislature         VARCHAR,
    chosen_document_id  VARCHAR,
    chosen_by           VARCHAR,
    choice_reason       VARCHAR,
    n_renditions        INTEGER NOT NULL
);
COMMENT ON TABLE core_plans IS 'One row per plan (CPAS × legislature × kind) and the rendition chosen as its current source. Rebuilt by warehouse/plans after every load.';
COMMENT ON COLUMN core_plans.plan_id IS 'Key of the plan: NIS code (or name:… / doc:… when the CPAS is unknown), legislature (? when unknown) and kind, e.g. 62118:2018-2024:pst.';
COMMENT ON COLUMN core_plans.plan_kind IS 'pst (the plan itself, its deliberation or its summary) or evaluation.';
COMMENT ON COLUMN core_plans.cpas_key IS 'NIS code of the CPAS; name:<folded name> when only a name is known; doc:<document_id> when none.';
COMMENT ON COLUMN core_plans.chosen_document_id IS 'The rendition chosen as the plan''s current source (NULL when no rendition holds items).';
COMMENT ON COLUMN core_plans.chosen_by IS 'rule (the stated order of v_plans) or correction (an analyst''s choice in data/corrections/).';
COMMENT ON COLUMN core_plans.choice_reason IS 'Why this rendition was chosen over the next one, in words (full plan over summary, text layer over OCR...).';
COMMENT ON COLUMN core_plans.n_renditions IS 'Current documents linked to the plan.';

CREATE TABLE IF NOT EXISTS core_plan_renditions (
    document_id VARCHAR PRIMARY KEY,
    plan_id     VARCHAR NOT NULL,
    role        VARCHAR NOT NULL,
    linked_by   VARCHAR NOT NULL,
    tree_score  DOUBLE,
    rank        INTEGER NOT NULL,
    is_chosen   BOOLEAN NOT NULL,
    n_items     INTEGER NOT NULL,
    n_same      INTEGER,
    n_differ    INTEGER,
    n_only_here INTEGER,
    n_missing   INTEGER
);
COMMENT ON TABLE core_plan_renditions IS 'Which plan each current document is a rendition of, its rank in the choice and how its tree compares with the chosen one.';
COMMENT ON COLUMN core_plan_renditions.role IS 'full (the plan itself), annex (a deliberation carrying the plan), summary (a web page or a partial copy: fewer items or levels than the full plan).';
COMMENT ON COLUMN core_plan_renditions.linked_by IS 'key (same CPAS, legislature and kind), tree (legislature unknown: its tree matches a rendition of the plan), correction (CPAS / legislature / kind set by an analyst), alone (nothing to link with).';
COMMENT ON COLUMN core_plan_renditions.tree_score IS 'Share (0-1) of the smaller tree''s titles found in the other tree (this rendition against the chosen one; 1 for the chosen one).';
COMMENT ON COLUMN core_plan_renditions.rank IS '1 for the chosen rendition, then 2, 3... in the order of the choice rule.';
COMMENT ON COLUMN core_plan_renditions.is_chosen IS 'True for the rendition v_plan_items reads.';
COMMENT ON COLUMN core_plan_renditions.n_items IS 'Items (OS + OO + actions) in the rendition.';
COMMENT ON COLUMN core_plan_renditions.n_same IS 'Items found in the chosen rendition with the same number, title, parent and status.';
COMMENT ON COLUMN core_plan_renditions.n_differ IS 'Items found in the chosen rendition with some difference (see v_document_items.difference).';
COMMENT ON COLUMN core_plan_renditions.n_only_here IS 'Items of this rendition not found in the chosen one.';
COMMENT ON COLUMN core_plan_renditions.n_missing IS 'Items of the chosen rendition not found in this one.';

CREATE TABLE IF NOT EXISTS core_rendition_items (
    document_id         VARCHAR NOT NULL,
    position            INTEGER NOT NULL,
    chosen_document_id  VARCHAR,
    chosen_position     INTEGER,
    difference          VARCHAR NOT NULL,
    PRIMARY KEY (document_id, position)
);
COMMENT ON TABLE core_rendition_items IS 'Each item of each rendition matched with its counterpart in the plan''s chosen rendition (by level, volet and number, then by title).';
COMMENT ON COLUMN core_rendition_items.chosen_position IS 'Position of the matching item in the chosen rendition (NULL when none matches).';
COMMENT ON COLUMN core_rendition_items.difference IS 'chosen (the item is in the chosen rendition), same, only_here (no counterpart), or the fields that differ from the counterpart: number, title, parent, status, volet (comma-separated).';

CREATE TABLE IF NOT EXISTS core_parse_quality (
    document_id  VARCHAR PRIMARY KEY,
    confidence   DOUBLE NOT NULL,
    grade        VARCHAR NOT NULL,
    reason_codes VARCHAR,
    reasons      VARCHAR,
    n_items      INTEGER NOT NULL,
    n_anomalies  INTEGER NOT NULL
);
COMMENT ON TABLE core_parse_quality IS 'How much to trust the parse of each current document: a confidence and its reasons (warehouse/plans/quality.py).';
COMMENT ON COLUMN core_parse_quality.confidence IS '0-1: 1 minus the penalties of its reasons, at least 0 (an unreadable document: 0).';
COMMENT ON COLUMN core_parse_quality.grade IS 'high (>= 0.8), medium (>= 0.5) or low.';
COMMENT ON COLUMN core_parse_quality.reason_codes IS 'Codes of the reasons, comma-separated: unreadable, no_item, level_missing, declared_counts, numbering_gaps, many_anomalies, field_titles, ocr, ocr_noise, summary_only, no_cpas, no_legislature.';
COMMENT ON COLUMN core_parse_quality.reasons IS 'The reasons in words, with their penalty, separated by "; ".';
COMMENT ON COLUMN core_parse_quality.n_anomalies IS 'Anomalies recorded by the parser for the document.';

CREATE TABLE IF NOT EXISTS core_corrections (
    file        VARCHAR NOT NULL,
    line        INTEGER,
    selector    VARCHAR,
    operation   VARCHAR NOT NULL,
    correction_status VARCHAR NOT NULL,
    document_id VARCHAR,
    n_changed   INTEGER NOT NULL,
    detail      VARCHAR,
    checked_at  TIMESTAMP NOT NULL
);
COMMENT ON TABLE core_corrections IS 'What each correction of data/corrections/ did at the last refresh, per document it matched (or why it did nothing).';
COMMENT ON COLUMN core_corrections.file IS 'Correction file (relative to the project folder when inside it).';
COMMENT ON COLUMN core_corrections.line IS 'Line of the correction in its file.';
COMMENT ON COLUMN core_corrections.selector IS 'How the correction names its document: source (path, file name or URL) or sha256.';
COMMENT ON COLUMN core_corrections.operation IS 'set_document, current, ignore_pages, ignore_section, levels, set_item, ignore_item, add_item, or file (the file itself).';
COMMENT ON COLUMN core_corrections.correction_status IS 'applied, no_change (already so), stale (matches nothing any more), ambiguous (several items match: add number, volet or occurrence), superseded (matches only old versions), invalid (the target does not exist) or malformed (the file or entry cannot be read).';
COMMENT ON COLUMN core_corrections.n_changed IS 'Rows changed, removed or added.';
COMMENT ON COLUMN core_corrections.detail IS 'What was done, or what is wrong, in words.';
COMMENT ON COLUMN core_corrections.checked_at IS 'When the corrections were last applied.';

CREATE TABLE IF NOT EXISTS core_data_tests (
    test_name   VARCHAR NOT NULL,
    relation    VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    severity    VARCHAR NOT NULL,
    test_status VARCHAR NOT NULL,
    n_failures  INTEGER NOT NULL,
    sample      VARCHAR,
    test_description VARCHAR NOT NULL,
    run_id      VARCHAR,
    checked_at  TIMESTAMP NOT NULL
);
COMMENT ON TABLE core_data_tests IS 'Result of each data test at the last check (after every load, and by pst check).';
COMMENT ON COLUMN core_data_tests.test_name IS 'Name of the test, e.g. unique_v_plan_items_item_key.';
COMMENT ON COLUMN core_data_tests.relation IS 'View the test reads.';
COMMENT ON COLUMN core_data_tests.kind IS 'unique, not_null, accepted_values, relationship (every OO and action has a parent), one_chosen (one current rendition per plan), corrections.';
COMMENT ON COLUMN core_data_tests.severity IS 'error (the data is wrong) or warn (worth a look).';
COMMENT ON COLUMN core_data_tests.test_status IS 'pass, fail (severity error) or warn (severity warn).';
COMMENT ON COLUMN core_data_tests.n_failures IS 'Rows breaking the test.';
COMMENT ON COLUMN core_data_tests.sample IS 'Up to five of those rows, as text.';
COMMENT ON COLUMN core_data_tests.test_description IS 'What the test checks, in words.';
COMMENT ON COLUMN core_data_tests.checked_at IS 'When the test ran.';

COMMENT ON COLUMN core_documents.document_id IS 'Id of a document version: a hash of its source and its bytes.';
COMMENT ON COLUMN core_documents.source_file IS 'File name (or URL) of the source document.';
COMMENT ON COLUMN core_documents.sha256 IS 'SHA-256 of the bytes of the document version.';
COMMENT ON COLUMN core_parse_quality.n_items IS 'Items (OS + OO + actions) the document holds (corrections applied).';
