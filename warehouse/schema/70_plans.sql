-- Public layer: plans and their renditions, document locations, parse quality, corrections,
-- data tests and the review queue (see warehouse/plans/ and README "Reviewing and correcting a parse").

CREATE OR REPLACE VIEW v_plans AS
SELECT p.plan_id, p.cpas_name, p.nis_code, p.legislature, p.plan_kind, p.chosen_document_id,
       d.source_file AS chosen_source_file, d.format AS chosen_format, p.chosen_by, p.choice_reason,
       p.n_renditions, d.n_os, d.n_oo, d.n_actions, q.confidence, p.cpas_key
FROM core_plans p
LEFT JOIN core_documents d ON d.document_id = p.chosen_document_id
LEFT JOIN core_parse_quality q ON q.document_id = p.chosen_document_id
ORDER BY p.cpas_name, p.legislature, p.plan_kind;
COMMENT ON VIEW v_plans IS 'One row per plan (CPAS × legislature × kind) with the rendition chosen as its current source. Choice, first difference wins: the analyst''s choice (data/corrections), a rendition with items, the full plan over a summary, a text layer over OCR, the newer version, the higher parse confidence, more items, Word over PDF over web page.';
COMMENT ON COLUMN v_plans.plan_id IS 'Key of the plan: NIS code (or name:… / doc:… when the CPAS is unknown), legislature (? when unknown) and kind, e.g. 62118:2018-2024:pst.';
COMMENT ON COLUMN v_plans.cpas_name IS 'Official French name of the commune whose CPAS published the plan.';
COMMENT ON COLUMN v_plans.nis_code IS 'NIS (INS) code of the commune: the key of a CPAS.';
COMMENT ON COLUMN v_plans.legislature IS 'Legislature of the plan (2018-2024 or 2024-2030); NULL when no rendition states it.';
COMMENT ON COLUMN v_plans.plan_kind IS 'pst (the plan, its deliberation or its summary) or evaluation.';
COMMENT ON COLUMN v_plans.chosen_document_id IS 'Document chosen as the plan''s current source: the one v_plan_items reads (NULL when no rendition holds items).';
COMMENT ON COLUMN v_plans.chosen_source_file IS 'File name (or URL) of the chosen rendition.';
COMMENT ON COLUMN v_plans.chosen_format IS 'Format of the chosen rendition (pdf, pdf_scan, docx, html...).';
COMMENT ON COLUMN v_plans.n_os IS 'Objectifs stratégiques of the plan (in its chosen rendition).';
COMMENT ON COLUMN v_plans.n_oo IS 'Objectifs opérationnels of the plan.';
COMMENT ON COLUMN v_plans.n_actions IS 'Actions of the plan.';
COMMENT ON COLUMN v_plans.confidence IS 'Parse confidence (0-1) of the chosen rendition (v_parse_quality).';

CREATE OR REPLACE VIEW v_plan_renditions AS
SELECT r.plan_id, r.document_id, d.source_file, d.format, d.doc_kind, r.role, r.linked_by, r.rank, r.is_chosen,
       r.tree_score, r.n_items, r.n_same, r.n_differ, r.n_only_here, r.n_missing, q.confidence,
       d.legislature AS document_legislature, p.cpas_name, p.nis_code, p.legislature, d.source_path, d.sha256
FROM core_plan_renditions r
JOIN core_plans p USING (plan_id)
JOIN core_documents d USING (document_id)
LEFT JOIN core_parse_quality q USING (document_id)
ORDER BY p.cpas_name, r.plan_id, r.rank;
COMMENT ON VIEW v_plan_renditions IS 'One row per rendition of a plan (a current document carrying it): how it was linked, its rank in the choice, how its tree differs from the chosen one.';
COMMENT ON COLUMN v_plan_renditions.document_legislature IS 'Legislature the document itself states (NULL when the plan''s was found by matching its tree).';
COMMENT ON COLUMN v_plan_renditions.legislature IS 'Legislature of the plan.';

CREATE OR REPLACE VIEW v_document_locations AS
SELECT d.document_id, d.source_key, d.source_file, true AS is_primary, d.is_current, d.loaded_at AS first_seen_at,
       d.loaded_at AS last_seen_at, d.sha256, d.warnings
FROM core_documents d
UNION ALL
SELECT l.document_id, l.source_key, l.source_file, false, l.is_current AND d.is_current, l.first_seen_at,
       l.last_seen_at, d.sha256, l.parse_warnings
FROM core_document_locations l JOIN core_documents d USING (document_id)
ORDER BY document_id, is_primary DESC, first_seen_at;
COMMENT ON VIEW v_document_locations IS 'Every place a document was found: the same bytes at several paths or URLs are one document (loaded once) with several locations.';
COMMENT ON COLUMN v_document_locations.is_primary IS 'True for the location the document was first loaded from (v_documents.source_file); false for a copy found elsewhere.';
COMMENT ON COLUMN v_document_locations.is_current IS 'True while the location still holds these bytes and the document is current.';
COMMENT ON COLUMN v_document_locations.warnings IS 'Remarks of the parse of this location (e.g. its file name says .docx but the bytes are a PDF).';

CREATE OR REPLACE VIEW v_parse_quality AS
SELECT d.source_file, d.cpas_name, d.legislature, d.format, d.doc_kind, d.parse_status, q.confidence, q.grade,
       q.reasons, q.reason_codes, q.n_items, q.n_anomalies, r.plan_id, coalesce(r.is_chosen, false) AS is_chosen,
       d.corrected_by, d.document_id, d.source_path
FROM core_parse_quality q
JOIN core_documents d USING (document_id)
LEFT JOIN core_plan_renditions r USING (document_id)
WHERE d.is_current
ORDER BY q.confidence, d.source_file;
COMMENT ON VIEW v_parse_quality IS 'One row per current document: how much to trust its parse (confidence 0-1) and why; lowest first.';
COMMENT ON COLUMN v_parse_quality.is_chosen IS 'True when the document is the current rendition of its plan (what v_plan_items reads).';
COMMENT ON COLUMN v_parse_quality.plan_id IS 'Plan the document is a rendition of (NULL when it carries none).';

CREATE OR REPLACE VIEW v_corrections AS
SELECT c.file, c.line, c.operation, c.correction_status AS status, c.detail, c.n_changed AS n_rows, d.source_file, c.selector, c.document_id, c.checked_at
FROM core_corrections c LEFT JOIN core_documents d USING (document_id)
ORDER BY c.file, c.line, d.source_file;
COMMENT ON VIEW v_corrections IS 'What each correction of data/corrections/ did at the last refresh, per current document it names, and the corrections that did nothing (stale, ambiguous, invalid, superseded, malformed).';

CREATE OR REPLACE VIEW v_data_tests AS
SELECT test_name, test_status AS status, severity, n_failures, relation, kind, test_description AS description, sample,
       run_id, checked_at
FROM core_data_tests
ORDER BY test_status = 'pass', severity, test_name;
COMMENT ON VIEW v_data_tests IS 'Result of each data test (unique item keys, not-null keys, accepted values, parents, one current rendition per plan, corrections) at the last load or pst check; failures first.';

CREATE OR REPLACE VIEW v_review_queue AS
WITH q AS (
    SELECT 1 AS priority, 'failed' AS kind, d.document_id, NULL AS plan_id, d.source_file, d.source_key,
           d.sha256, d.cpas_name, 0.0 AS confidence, d.error_code || ': ' || d.error AS detail
    FROM core_documents d WHERE d.is_current AND d.parse_status = 'failed'
    UNION ALL
    SELECT 2, 'data_test', NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           t.test_name || ' (' || t.n_failures || '): ' || coalesce(t.sample, t.test_description)
    FROM core_data_tests t WHERE t.test_status = 'fail'
    UNION ALL
    SELECT 3, 'correction', c.document_id, NULL, d.source_file, d.source_key, d.sha256, d.cpas_name, NULL,
           c.file || ':' || coalesce(c.line::VARCHAR, '?') || ' ' || c.correction_status || ': ' || c.detail
    FROM core_corrections c LEFT JOIN core_documents d USING (document_id)
    WHERE c.correction_status IN ('malformed', 'stale', 'ambiguous', 'invalid', 'superseded')
    UNION ALL
    SELECT 4, 'no_current_rendition', NULL, p.plan_id, NULL, NULL, NULL, p.cpas_name, NULL,
           'no rendition of ' || p.plan_id || ' holds items (' || p.n_renditions || ' document(s) without items)'
    FROM core_plans p WHERE p.chosen_document_id IS NULL
    UNION ALL
    SELECT CASE WHEN d.parse_status = 'empty' THEN 5 ELSE 6 END,
           CASE WHEN d.parse_status = 'empty' THEN 'no_plan_found' ELSE 'parse_quality' END,
           d.document_id, r.plan_id, d.source_file, d.source_key, d.sha256, d.cpas_name, q.confidence,
           q.grade || CASE WHEN r.is_chosen THEN ' (current rendition)' WHEN r.plan_id IS NOT NULL
                           THEN ' (rendition ' || r.rank || ')' ELSE '' END || ': ' || q.reasons
    FROM core_parse_quality q JOIN core_documents d USING (document_id)
    LEFT JOIN core_plan_renditions r USING (document_id)
    WHERE d.is_current AND d.parse_status <> 'failed' AND q.confidence < 1
)
SELECT * FROM q ORDER BY priority, confidence NULLS LAST, source_file;
COMMENT ON VIEW v_review_queue IS 'What an analyst should check first: failed documents, failing data tests, corrections that do nothing, plans with no current rendition, documents without a plan, then the other documents by rising parse confidence. pst review prints it with the command to see each tree.';
COMMENT ON COLUMN v_review_queue.priority IS '1 failed, 2 failing data test, 3 correction to fix, 4 plan without a current rendition, 5 no plan found, 6 doubtful parse.';
COMMENT ON COLUMN v_review_queue.kind IS 'failed, data_test, correction, no_current_rendition, no_plan_found or parse_quality (a doubtful parse).';
COMMENT ON COLUMN v_review_queue.detail IS 'What to look at, in words.';
COMMENT ON COLUMN v_review_queue.source_key IS 'Path or URL of the document.';

COMMENT ON COLUMN v_document_items.item_key IS 'Key of the item within its plan: level:volet:number, with #2, #3... for a number printed again in the same document (the source''s duplicates stay, told apart). Unique per plan_id in v_plan_items.';
COMMENT ON COLUMN v_document_items.is_corrected IS 'True when a correction of data/corrections/ changed or added the row (see corrected_by, correction).';
COMMENT ON COLUMN v_document_items.rendition_role IS 'full, annex (a deliberation carrying the plan) or summary.';
COMMENT ON COLUMN v_document_items.rendition_rank IS 'Rank of the document in the choice of its plan''s current rendition (1 = chosen).';
COMMENT ON COLUMN v_document_items.chosen_number IS 'Number of the matching item in the chosen rendition (NULL when none matches).';
COMMENT ON COLUMN v_document_items.chosen_title IS 'Title of the matching item in the chosen rendition (NULL when none matches).';
COMMENT ON COLUMN v_document_items.legislature IS 'Legislature of the plan the document carries (found by matching its tree when the document does not state it).';
COMMENT ON COLUMN v_plan_items.item_key IS 'Key of the item within its plan: level:volet:number, with #2, #3... for a number printed again in the same document (the source''s duplicates stay, told apart). Unique per plan_id.';
COMMENT ON COLUMN v_plan_items.is_corrected IS 'True when a correction of data/corrections/ changed or added the row (see corrected_by, correction).';
COMMENT ON COLUMN v_plan_items.legislature IS 'Legislature of the plan (2018-2024 or 2024-2030), NULL when unknown.';
COMMENT ON COLUMN v_documents.n_other_locations IS 'Other paths or URLs where the same bytes were found (v_document_locations): the document is loaded once.';
COMMENT ON COLUMN v_corrections.n_rows IS 'Rows the correction changed, removed or added in that document.';
COMMENT ON COLUMN v_corrections.document_id IS 'Document the correction applied to (NULL when it matched none, or for a malformed file).';
COMMENT ON COLUMN v_corrections.source_file IS 'File name (or URL) of that document.';
COMMENT ON COLUMN v_corrections.status IS 'applied, no_change (already so), stale (matches nothing any more), ambiguous (several items match: add volet, title or occurrence), superseded (matches only old versions), invalid (the target does not exist) or malformed (the file or entry cannot be read).';
COMMENT ON COLUMN v_data_tests.status IS 'pass, fail (severity error) or warn (severity warn).';
COMMENT ON COLUMN v_data_tests.description IS 'What the test checks, in words.';
COMMENT ON COLUMN v_data_tests.checked_at IS 'When the test ran.';
COMMENT ON COLUMN v_plan_renditions.role IS 'full (the plan itself), annex (a deliberation carrying the plan) or summary (a web page, or a copy with under half the items or a level missing).';
COMMENT ON COLUMN v_plans.cpas_key IS 'NIS code of the CPAS; name:<folded name> when only a name is known; doc:<document_id> when none.';
COMMENT ON COLUMN v_parse_quality.n_items IS 'Items (OS + OO + actions) the document holds (corrections applied).';
