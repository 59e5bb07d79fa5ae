-- Public layer: dated events found in the documents (article 27ter evidence).

-- Written by warehouse/compliance/evidence.py with each shared deadline computation: the
-- legislature and CPAS each event was attributed to (its own date decides, the document's
-- legislature only breaks a tie).
CREATE TABLE IF NOT EXISTS core_event_legislatures (
    document_id   VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    event_date    DATE NOT NULL,
    precision     VARCHAR NOT NULL,
    is_planned    BOOLEAN NOT NULL,
    legislature   VARCHAR NOT NULL,
    cpas_key      VARCHAR NOT NULL
);
COMMENT ON TABLE core_event_legislatures IS 'The legislature (and registry CPAS) each event of a current document was attributed to by the latest deadline computation.';
COMMENT ON COLUMN core_event_legislatures.cpas_key IS 'NIS code of the CPAS in the registry of that legislature (Bastogne and Bertogne apart before their merger).';

CREATE OR REPLACE VIEW v_events AS
SELECT d.source_file, d.cpas_name, d.nis_code, e.kind, e.event_date, e.precision, e.is_planned,
       e.evidence_text, e.delegated_to_bureau, e.page, e.paragraph_index, d.document_id, d.legislature,
       d.source_path,
       (SELECT any_value(a.legislature) FROM core_event_legislatures a
        WHERE a.document_id = e.document_id AND a.kind = e.kind AND a.event_date = e.event_date
          AND a.precision = e.precision AND a.is_planned = e.is_planned) AS event_legislature
FROM core_events e JOIN core_documents d USING (document_id)
WHERE d.is_current;
COMMENT ON VIEW v_events IS 'Dated events (installation, DPS / PST adoption, evaluations...) with the sentence they come from.';
COMMENT ON COLUMN v_events.event_legislature IS 'Legislature of the event itself, from its own date (and a span of years next to it); the document''s legislature only breaks a tie. NULL until the deadlines are computed, or when the date fits no legislature.';
