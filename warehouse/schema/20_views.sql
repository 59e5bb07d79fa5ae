-- Public layer: the views analysts query. Names and columns are a contract: add, never rename.

CREATE OR REPLACE VIEW v_documents AS
SELECT
    d.source_file, d.source_path, d.sha256, d.format, d.cpas_name, d.nis_code, d.legislature, d.doc_kind,
    d.n_os, d.n_oo, d.n_actions, d.declared_os, d.declared_oo, d.declared_actions,
    d.declared_actions_is_minimum, d.parse_status, d.error_code, d.error, d.warnings,
    d.loaded_at, d.parser_version, d.document_id, d.version_no, d.is_current, d.page_count,
    d.byte_size, d.run_id, d.parse_seconds,
    q.confidence, r.plan_id, coalesce(r.is_chosen, false) AS is_chosen, d.corrected_by,
    (SELECT count(*) FROM core_document_locations l WHERE l.document_id = d.document_id AND l.is_current)
        AS n_other_locations
FROM core_documents d
LEFT JOIN core_parse_quality q USING (document_id)
LEFT JOIN core_plan_renditions r USING (document_id);
COMMENT ON VIEW v_documents IS 'One row per ingested document version, failed ones included (parse_status, error).';

-- Every current document's own items, one row set per rendition of a plan; v_plan_items keeps the
-- chosen rendition of each plan. Both show the rows with the corrections of data/corrections/ applied.
CREATE OR REPLACE VIEW v_document_items AS
SELECT
    d.source_file, coalesce(p.cpas_name, d.cpas_name) AS cpas_name, coalesce(p.nis_code, d.nis_code) AS nis_code,
    d.document_id, i.level, i.volet, i.axe, i.number,
    i.source_label, i.title, i.parent_number, i.status, i.progress_pct, i.page,
    CASE
        WHEN i.page IS NOT NULL THEN 'page ' || i.page || COALESCE(' bbox ' || array_to_string(list_transform(i.bbox, lambda x: round(x, 1)::VARCHAR), ','), '')
        WHEN i.paragraph_index IS NOT NULL THEN 'paragraph ' || i.paragraph_index
        WHEN i.dom_path IS NOT NULL THEN i.dom_path
    END AS provenance,
    i.pilote, i.partners, i.due, i.indicators, i.description, i.is_cpas, i.position,
    i.raw_text, coalesce(p.legislature, d.legislature) AS legislature, d.doc_kind, d.format,
    r.plan_id,
    i.level || ':' || coalesce(i.volet, '-') || ':' || i.number
        || CASE WHEN row_number() OVER dup > 1 THEN '#' || row_number() OVER dup ELSE '' END AS item_key,
    p.plan_kind, i.corrected_by IS NOT NULL AS is_corrected, i.corrected_by, i.correction,
    r.is_chosen, r.role AS rendition_role, r.rank AS rendition_rank,
    coalesce(ri.difference, CASE WHEN r.is_chosen THEN 'chosen' END) AS difference,
    p.chosen_document_id, ri.chosen_position, c.number AS chosen_number, c.title AS chosen_title
FROM core_plan_items i
JOIN core_documents d USING (document_id)
JOIN core_plan_renditions r USING (document_id)
JOIN core_plans p USING (plan_id)
LEFT JOIN core_rendition_items ri USING (document_id, position)
LEFT JOIN core_plan_items c ON c.document_id = ri.chosen_document_id AND c.position = ri.chosen_position
WHERE d.is_current
WINDOW dup AS (PARTITION BY i.document_id, i.level, i.volet, i.number ORDER BY i.position);
COMMENT ON VIEW v_document_items IS 'Objectives and actions of every current document, one row set per rendition of a plan (PDF, Word, scan, deliberation, web summary), with how each item differs from the plan''s chosen rendition. The columns of v_plan_items, then the comparison.';

CREATE OR REPLACE VIEW v_plan_items AS
SELECT source_file, cpas_name, nis_code, document_id, level, volet, axe, number, source_label, title,
       parent_number, status, progress_pct, page, provenance, pilote, partners, due, indicators, description,
       is_cpas, position, raw_text, legislature, doc_kind, format, plan_id, item_key, plan_kind, is_corrected,
       corrected_by, correction
FROM v_document_items
WHERE is_chosen;
COMMENT ON VIEW v_plan_items IS 'Objectives (os, oo) and actions of every plan, each plan counted once: the items of its chosen rendition (v_plans), corrections applied. Every document''s own items are in v_document_items.';

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
