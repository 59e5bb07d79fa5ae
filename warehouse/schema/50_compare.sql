-- Comparing CPAS: themes of plan items, similar actions across CPAS, and the views built on them.
-- Tables are written by warehouse/analysis.py (pst analyse, or lazily by pst report / export / search).

CREATE TABLE IF NOT EXISTS core_themes (
    theme_id        VARCHAR PRIMARY KEY,
    label           VARCHAR NOT NULL,
    parent_theme_id VARCHAR,
    sort_order      INTEGER NOT NULL
);
COMMENT ON TABLE core_themes IS 'The theme taxonomy (data/themes.yaml) the stored item themes were computed with.';

CREATE TABLE IF NOT EXISTS core_item_themes (
    document_id   VARCHAR NOT NULL,
    position      INTEGER NOT NULL,
    theme_id      VARCHAR NOT NULL,
    matched_terms VARCHAR NOT NULL,
    via_context   BOOLEAN NOT NULL,
    PRIMARY KEY (document_id, position, theme_id)
);
COMMENT ON TABLE core_item_themes IS 'Themes of each plan item (an item may have several), from normalizers/themes.py.';

CREATE TABLE IF NOT EXISTS core_similar_actions (
    document_id         VARCHAR NOT NULL,
    position            INTEGER NOT NULL,
    rank                INTEGER NOT NULL,
    similar_document_id VARCHAR NOT NULL,
    similar_position    INTEGER NOT NULL,
    score               DOUBLE NOT NULL,
    PRIMARY KEY (document_id, position, rank)
);
COMMENT ON TABLE core_similar_actions IS 'For each action, its most similar actions in other CPAS (rank 1 = most similar).';

CREATE TABLE IF NOT EXISTS core_analysis_state (
    name        VARCHAR PRIMARY KEY,
    fingerprint VARCHAR NOT NULL,
    method      VARCHAR,
    params      VARCHAR,
    n_rows      INTEGER,
    seconds     DOUBLE,
    computed_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE core_analysis_state IS 'What each derived result (themes, similar actions, search index, plans, deadlines, the schema itself) was last computed from, so it is recomputed only when that changed.';

CREATE OR REPLACE VIEW v_item_themes AS
SELECT d.cpas_name, d.nis_code, d.legislature, i.level, i.volet, i.number, i.title,
       t.theme_id, th.label AS theme_label, th.parent_theme_id, t.via_context, t.matched_terms,
       d.source_file, t.document_id, t.position
FROM core_item_themes t
JOIN core_plan_items i USING (document_id, position)
JOIN core_documents d USING (document_id)
LEFT JOIN core_themes th USING (theme_id)
WHERE d.is_current AND i.is_cpas AND d.document_id IN (SELECT chosen_document_id FROM core_plans);
COMMENT ON VIEW v_item_themes IS 'One row per plan item (OS, OO or action of a CPAS, in the chosen rendition of its plan: each plan counted once) and theme it was classified in; items without a theme have no row.';
COMMENT ON COLUMN v_item_themes.cpas_name IS 'Official French name of the commune whose CPAS published the plan.';
COMMENT ON COLUMN v_item_themes.nis_code IS 'NIS (INS) code of the commune: the key of a CPAS.';
COMMENT ON COLUMN v_item_themes.legislature IS 'Legislature of the plan (2018-2024 or 2024-2030), NULL when not stated.';
COMMENT ON COLUMN v_item_themes.level IS 'os, oo or action.';
COMMENT ON COLUMN v_item_themes.volet IS 'interne, externe, commun, or NULL when the plan has no volets.';
COMMENT ON COLUMN v_item_themes.number IS 'Canonical dotted number of the item within its volet.';
COMMENT ON COLUMN v_item_themes.title IS 'Title of the item as printed.';
COMMENT ON COLUMN v_item_themes.theme_id IS 'Theme id from data/themes.yaml (e.g. precarite_energetique).';
COMMENT ON COLUMN v_item_themes.theme_label IS 'French label of the theme.';
COMMENT ON COLUMN v_item_themes.parent_theme_id IS 'Broader theme of the theme, if any (logement for logement_urgence).';
COMMENT ON COLUMN v_item_themes.via_context IS 'True when only a context phrase matched and the parent item has the theme (nothing is inherited otherwise).';
COMMENT ON COLUMN v_item_themes.matched_terms IS 'The lemmatized, accent-folded phrases that triggered the theme, separated by "; ".';
COMMENT ON COLUMN v_item_themes.source_file IS 'File name (or URL) of the source document.';
COMMENT ON COLUMN v_item_themes.document_id IS 'Id of the document version the item comes from.';
COMMENT ON COLUMN v_item_themes.position IS 'Position of the item in its document (with document_id, the key of the item).';

CREATE OR REPLACE VIEW v_cpas_plans AS
SELECT p.cpas_name, p.nis_code, p.legislature, p.chosen_document_id AS document_id, d.source_file,
       (SELECT count(*) FROM core_plan_items i WHERE i.document_id = p.chosen_document_id AND i.is_cpas) AS n_items,
       p.n_renditions AS n_documents, p.cpas_key, p.plan_id
FROM core_plans p JOIN core_documents d ON d.document_id = p.chosen_document_id
WHERE p.plan_kind = 'pst' AND n_items > 0
ORDER BY p.cpas_name, p.legislature;
COMMENT ON VIEW v_cpas_plans IS 'The PST compared for each CPAS and legislature: the chosen rendition of each plan of kind pst holding CPAS items (v_plans). v_cpas_profile, v_theme_matrix, similar actions and the report count this document only.';
COMMENT ON COLUMN v_cpas_plans.cpas_name IS 'Official French name of the commune whose CPAS published the plan.';
COMMENT ON COLUMN v_cpas_plans.nis_code IS 'NIS (INS) code of the commune: the key of a CPAS.';
COMMENT ON COLUMN v_cpas_plans.legislature IS 'Legislature of the plan, NULL when not stated.';
COMMENT ON COLUMN v_cpas_plans.document_id IS 'Document chosen as the plan''s current source (v_plans.chosen_document_id).';
COMMENT ON COLUMN v_cpas_plans.source_file IS 'File name (or URL) of that document.';
COMMENT ON COLUMN v_cpas_plans.n_items IS 'CPAS items (OS + OO + actions) in that document.';
COMMENT ON COLUMN v_cpas_plans.n_documents IS 'Renditions of the plan (3 when the same plan came as PDF, Word and scan).';
COMMENT ON COLUMN v_cpas_plans.cpas_key IS 'Key used to group documents by CPAS: the NIS code, else name:<folded name>, else doc:<document id>.';
COMMENT ON COLUMN v_cpas_plans.plan_id IS 'Key of the plan (v_plans).';

CREATE OR REPLACE VIEW v_cpas_profile AS
WITH items AS (
    SELECT p.cpas_name, p.nis_code, p.legislature, p.n_documents AS n_plan_documents, i.*
    FROM core_plan_items i JOIN v_cpas_plans p USING (document_id)
    WHERE i.is_cpas
),
themes AS (
    SELECT it.cpas_name, it.nis_code, it.legislature,
           count(DISTINCT t.theme_id) AS n_themes,
           string_agg(DISTINCT t.theme_id, ', ' ORDER BY t.theme_id) AS themes
    FROM items it JOIN core_item_themes t USING (document_id, position)
    GROUP BY ALL
)
SELECT it.cpas_name, it.nis_code, it.legislature,
       any_value(it.n_plan_documents) AS n_documents,
       count(*) FILTER (WHERE it.level = 'os') AS n_os,
       count(*) FILTER (WHERE it.level = 'oo') AS n_oo,
       count(*) FILTER (WHERE it.level = 'action') AS n_actions,
       count(*) FILTER (WHERE it.volet = 'interne') AS n_items_interne,
       count(*) FILTER (WHERE it.volet = 'externe') AS n_items_externe,
       count(*) FILTER (WHERE it.volet = 'commun') AS n_items_commun,
       count(*) FILTER (WHERE it.volet IS NULL) AS n_items_no_volet,
       coalesce(any_value(th.n_themes), 0) AS n_themes,
       any_value(th.themes) AS themes,
       count(*) FILTER (WHERE it.level = 'action' AND it.status = 'a_programmer')
           / nullif(count(*) FILTER (WHERE it.level = 'action'), 0) AS share_a_programmer,
       count(*) FILTER (WHERE it.level = 'action' AND it.status = 'en_cours')
           / nullif(count(*) FILTER (WHERE it.level = 'action'), 0) AS share_en_cours,
       count(*) FILTER (WHERE it.level = 'action' AND it.status = 'finalise')
           / nullif(count(*) FILTER (WHERE it.level = 'action'), 0) AS share_finalise,
       count(*) FILTER (WHERE it.level = 'action' AND it.status = 'abandonne')
           / nullif(count(*) FILTER (WHERE it.level = 'action'), 0) AS share_abandonne,
       count(*) FILTER (WHERE it.level = 'action' AND it.status IS NULL)
           / nullif(count(*) FILTER (WHERE it.level = 'action'), 0) AS share_no_status,
       avg(it.progress_pct) FILTER (WHERE it.level = 'action') AS mean_progress_pct
FROM items it
LEFT JOIN themes th ON th.cpas_name IS NOT DISTINCT FROM it.cpas_name
    AND th.nis_code IS NOT DISTINCT FROM it.nis_code AND th.legislature IS NOT DISTINCT FROM it.legislature
GROUP BY it.cpas_name, it.nis_code, it.legislature
ORDER BY it.cpas_name, it.legislature;
COMMENT ON VIEW v_cpas_profile IS 'One row per CPAS and legislature: size of the plan per level and volet, themes covered, share of actions by status, mean progress (current documents, CPAS items only).';
COMMENT ON COLUMN v_cpas_profile.cpas_name IS 'Official French name of the commune whose CPAS published the plan.';
COMMENT ON COLUMN v_cpas_profile.nis_code IS 'NIS (INS) code of the commune: the key of a CPAS.';
COMMENT ON COLUMN v_cpas_profile.legislature IS 'Legislature of the plan (2018-2024 or 2024-2030), NULL when not stated.';
COMMENT ON COLUMN v_cpas_profile.n_documents IS 'Current documents holding CPAS items for this CPAS and legislature; the counts come from one of them (v_cpas_plans).';
COMMENT ON COLUMN v_cpas_profile.n_os IS 'Objectifs stratégiques.';
COMMENT ON COLUMN v_cpas_profile.n_oo IS 'Objectifs opérationnels.';
COMMENT ON COLUMN v_cpas_profile.n_actions IS 'Actions (projets).';
COMMENT ON COLUMN v_cpas_profile.n_items_interne IS 'Items (all levels) of the volet interne.';
COMMENT ON COLUMN v_cpas_profile.n_items_externe IS 'Items (all levels) of the volet externe.';
COMMENT ON COLUMN v_cpas_profile.n_items_commun IS 'Items (all levels) of the volet commun.';
COMMENT ON COLUMN v_cpas_profile.n_items_no_volet IS 'Items (all levels) of plans without volets.';
COMMENT ON COLUMN v_cpas_profile.n_themes IS 'Distinct themes of data/themes.yaml found in the plan.';
COMMENT ON COLUMN v_cpas_profile.themes IS 'Those theme ids, comma-separated, alphabetical.';
COMMENT ON COLUMN v_cpas_profile.share_a_programmer IS 'Share (0-1) of actions with status a_programmer; NULL without actions.';
COMMENT ON COLUMN v_cpas_profile.share_en_cours IS 'Share (0-1) of actions with status en_cours.';
COMMENT ON COLUMN v_cpas_profile.share_finalise IS 'Share (0-1) of actions with status finalise.';
COMMENT ON COLUMN v_cpas_profile.share_abandonne IS 'Share (0-1) of actions with status abandonne.';
COMMENT ON COLUMN v_cpas_profile.share_no_status IS 'Share (0-1) of actions whose document gives no status.';
COMMENT ON COLUMN v_cpas_profile.mean_progress_pct IS 'Mean taux d''avancement (0-100) of the actions that give one; NULL when none does.';

CREATE OR REPLACE VIEW v_theme_matrix AS
WITH cpas AS (
    SELECT cpas_name, nis_code, legislature FROM v_cpas_plans
),
counts AS (
    SELECT p.cpas_name, p.nis_code, p.legislature, t.theme_id,
           count(*) AS n_items,
           count(*) FILTER (WHERE i.level = 'os') AS n_os,
           count(*) FILTER (WHERE i.level = 'oo') AS n_oo,
           count(*) FILTER (WHERE i.level = 'action') AS n_actions
    FROM core_item_themes t
    JOIN core_plan_items i USING (document_id, position)
    JOIN v_cpas_plans p USING (document_id)
    WHERE i.is_cpas
    GROUP BY ALL
)
SELECT c.cpas_name, c.nis_code, c.legislature, th.theme_id, th.label AS theme_label,
       coalesce(n.n_items, 0) AS n_items, coalesce(n.n_os, 0) AS n_os,
       coalesce(n.n_oo, 0) AS n_oo, coalesce(n.n_actions, 0) AS n_actions
FROM cpas c CROSS JOIN core_themes th
LEFT JOIN counts n ON n.theme_id = th.theme_id AND n.cpas_name IS NOT DISTINCT FROM c.cpas_name
    AND n.nis_code IS NOT DISTINCT FROM c.nis_code AND n.legislature IS NOT DISTINCT FROM c.legislature
ORDER BY c.cpas_name, c.legislature, th.sort_order;
COMMENT ON VIEW v_theme_matrix IS 'CPAS × theme: how many items of each CPAS plan (per legislature) fall in each theme, zeros included (the heat map of the report).';
COMMENT ON COLUMN v_theme_matrix.cpas_name IS 'Official French name of the commune whose CPAS published the plan.';
COMMENT ON COLUMN v_theme_matrix.nis_code IS 'NIS (INS) code of the commune: the key of a CPAS.';
COMMENT ON COLUMN v_theme_matrix.legislature IS 'Legislature of the plan, NULL when not stated.';
COMMENT ON COLUMN v_theme_matrix.theme_id IS 'Theme id from data/themes.yaml.';
COMMENT ON COLUMN v_theme_matrix.theme_label IS 'French label of the theme.';
COMMENT ON COLUMN v_theme_matrix.n_items IS 'Items (OS + OO + actions) of the plan in the theme; 0 when none.';
COMMENT ON COLUMN v_theme_matrix.n_os IS 'Objectifs stratégiques in the theme.';
COMMENT ON COLUMN v_theme_matrix.n_oo IS 'Objectifs opérationnels in the theme.';
COMMENT ON COLUMN v_theme_matrix.n_actions IS 'Actions in the theme.';

CREATE OR REPLACE VIEW v_similar_actions AS
SELECT d.cpas_name, d.nis_code, i.number, i.title,
       s.rank, s.score,
       d2.cpas_name AS similar_cpas_name, d2.nis_code AS similar_nis_code,
       i2.number AS similar_number, i2.title AS similar_title,
       d.legislature, d2.legislature AS similar_legislature,
       s.document_id, s.position, s.similar_document_id, s.similar_position
FROM core_similar_actions s
JOIN core_plan_items i ON i.document_id = s.document_id AND i.position = s.position
JOIN core_documents d ON d.document_id = s.document_id
JOIN core_plan_items i2 ON i2.document_id = s.similar_document_id AND i2.position = s.similar_position
JOIN core_documents d2 ON d2.document_id = s.similar_document_id
WHERE d.is_current AND d2.is_current;
COMMENT ON VIEW v_similar_actions IS 'For each action, its most similar actions in other CPAS (TF-IDF cosine on lemmas, top-k above a threshold).';
COMMENT ON COLUMN v_similar_actions.cpas_name IS 'CPAS of the action.';
COMMENT ON COLUMN v_similar_actions.nis_code IS 'NIS code of the CPAS of the action.';
COMMENT ON COLUMN v_similar_actions.number IS 'Canonical number of the action in its plan.';
COMMENT ON COLUMN v_similar_actions.title IS 'Title of the action.';
COMMENT ON COLUMN v_similar_actions.rank IS '1 for the most similar action, then 2, 3... (actions of equal score come in no set order).';
COMMENT ON COLUMN v_similar_actions.score IS 'Cosine similarity (0-1) of the TF-IDF vectors of the lemmatized titles and descriptions.';
COMMENT ON COLUMN v_similar_actions.similar_cpas_name IS 'CPAS of the similar action (never the same CPAS).';
COMMENT ON COLUMN v_similar_actions.similar_nis_code IS 'NIS code of the CPAS of the similar action.';
COMMENT ON COLUMN v_similar_actions.similar_number IS 'Canonical number of the similar action in its plan.';
COMMENT ON COLUMN v_similar_actions.similar_title IS 'Title of the similar action.';
COMMENT ON COLUMN v_similar_actions.legislature IS 'Legislature of the action''s plan.';
COMMENT ON COLUMN v_similar_actions.similar_legislature IS 'Legislature of the similar action''s plan.';
COMMENT ON COLUMN v_similar_actions.document_id IS 'Document version of the action.';
COMMENT ON COLUMN v_similar_actions.position IS 'Position of the action in its document.';
COMMENT ON COLUMN v_similar_actions.similar_document_id IS 'Document version of the similar action.';
COMMENT ON COLUMN v_similar_actions.similar_position IS 'Position of the similar action in its document.';

CREATE TABLE IF NOT EXISTS core_text_lemmas (
    text_key VARCHAR PRIMARY KEY,
    lemmas   VARCHAR[] NOT NULL
);
COMMENT ON TABLE core_text_lemmas IS 'Content lemmas (spaCy) of each current action text, kept so that a load lemmatizes only the texts it brings (similar actions).';
