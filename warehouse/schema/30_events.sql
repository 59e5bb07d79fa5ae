-- Public layer: dated events found in the documents (article 27ter evidence).

CREATE OR REPLACE VIEW v_events AS
SELECT d.source_file, d.cpas_name, d.nis_code, e.kind, e.event_date, e.precision, e.is_planned,
       e.evidence_text, e.delegated_to_bureau, e.page, e.paragraph_index, d.document_id, d.legislature,
       d.source_path
FROM core_events e JOIN core_documents d USING (document_id)
WHERE d.is_current;
COMMENT ON VIEW v_events IS 'Dated events (installation, DPS / PST adoption, evaluations...) with the sentence they come from.';
