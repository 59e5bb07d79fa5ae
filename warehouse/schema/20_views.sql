-- Public layer: the views analysts query. Names and columns are a contract: add, never rename.

CREATE OR REPLACE VIEW v_documents AS
SELECT
    d.source_file, d.source_path, d.sha256, d.format, d.cpas_name, d.nis_code, d.legislature, d.doc_kind,
    d.n_os, d.n_oo, d.n_actions, d.declared_os, d.declared_oo, d.declared_actions,
    d.declared_actions_is_minimum, d.parse_status, d.error_code, d.error, d.warnings,
    d.loaded_at, d.parser_version, d.document_id, d.version_no, d.is_current, d.page_count,
    d.byte_size, d.run_id, d.parse_seconds
FROM core_documents d;
COMMENT ON VIEW v_documents IS 'One row per ingested document version, failed ones included (parse_status, error).';

CREATE OR REPLACE VIEW v_plan_items AS
SELECT
    d.source_file, d.cpas_name, d.nis_code, d.document_id, i.level, i.volet, i.axe, i.number,
    i.source_label, i.title, i.parent_number, i.status, i.progress_pct, i.page,
    CASE
        WHEN i.page IS NOT NULL THEN 'page ' || i.page || COALESCE(' bbox ' || array_to_string(list_transform(i.bbox, lambda x: round(x, 1)::VARCHAR), ','), '')
        WHEN i.paragraph_index IS NOT NULL THEN 'paragraph ' || i.paragraph_index
        WHEN i.dom_path IS NOT NULL THEN i.dom_path
    END AS provenance,
    i.pilote, i.partners, i.due, i.indicators, i.description, i.is_cpas, i.position,
    i.raw_text, d.legislature, d.doc_kind, d.format
FROM core_plan_items i
JOIN core_documents d USING (document_id)
WHERE d.is_current;
COMMENT ON VIEW v_plan_items IS 'Objectives (os, oo) and actions of the current version of every document.';

CREATE OR REPLACE VIEW v_plan_items_all_versions AS
SELECT d.source_file, d.version_no, d.is_current, d.sha256, d.loaded_at, i.*
FROM core_plan_items i JOIN core_documents d USING (document_id);
COMMENT ON VIEW v_plan_items_all_versions IS 'Plan items of every version of every document, superseded ones included.';

CREATE OR REPLACE VIEW v_parse_anomalies AS
SELECT d.source_file, a.kind, a.detail, a.number, d.document_id, d.cpas_name
FROM core_anomalies a JOIN core_documents d USING (document_id)
WHERE d.is_current;
COMMENT ON VIEW v_parse_anomalies IS 'Source oddities kept by the parser (duplicate/skipped numbers, declared counts that differ).';

CREATE OR REPLACE VIEW v_runs AS
SELECT run_id, started_at, ended_at, ended_at - started_at AS duration, code_version, parser_version,
       n_documents, n_loaded, n_unchanged, n_failed,
       CASE WHEN status = 'running' AND ended_at IS NULL THEN 'running_or_interrupted' ELSE status END AS status
FROM core_runs;
COMMENT ON VIEW v_runs IS 'Every ingest run: start, end, counts and code version.';

CREATE OR REPLACE VIEW v_document_versions AS
SELECT source_key, source_file, version_no, is_current, sha256, loaded_at, parse_status, n_os, n_oo, n_actions, document_id
FROM core_documents ORDER BY source_key, version_no;
COMMENT ON VIEW v_document_versions IS 'The versions of each source document, oldest first.';
