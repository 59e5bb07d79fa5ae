-- Web sources: fetch state per URL, page → document links, fetch log; and the views on them.
-- Written by warehouse/fetch_state.py only (through the single Warehouse writer).

CREATE TABLE IF NOT EXISTS core_fetch_state (
    url              VARCHAR PRIMARY KEY,
    nis_code         VARCHAR,
    kind             VARCHAR NOT NULL,
    role             VARCHAR NOT NULL,   -- registry | linked
    etag             VARCHAR,
    last_modified    VARCHAR,
    last_status      INTEGER,
    last_outcome     VARCHAR NOT NULL,   -- fetched | unchanged | gone | failed | blocked
    last_error       VARCHAR,
    last_fetched_at  TIMESTAMP NOT NULL,
    last_changed_at  TIMESTAMP,
    first_seen_at    TIMESTAMP,
    sha256           VARCHAR,
    byte_size        BIGINT,
    content_type     VARCHAR,
    sniffed_format   VARCHAR,
    final_url        VARCHAR,
    is_withdrawn     BOOLEAN NOT NULL DEFAULT false,
    withdrawn_at     TIMESTAMP,
    withdrawn_reason VARCHAR             -- gone (404/410) | unlinked (no page links it any more)
);
COMMENT ON TABLE core_fetch_state IS 'What the fetcher remembers of each URL: validators for conditional requests, last outcome, last bytes, withdrawal.';
COMMENT ON COLUMN core_fetch_state.role IS 'registry: listed in data/sources.yaml; linked: found as a PST document linked from a registered page.';
COMMENT ON COLUMN core_fetch_state.etag IS 'ETag of the last 200 response, sent back as If-None-Match.';
COMMENT ON COLUMN core_fetch_state.last_modified IS 'Last-Modified of the last 200 response, sent back as If-Modified-Since.';
COMMENT ON COLUMN core_fetch_state.sha256 IS 'SHA-256 of the last bytes downloaded (the blob in data/store/).';
COMMENT ON COLUMN core_fetch_state.is_withdrawn IS 'True once a source seen before answers 404/410 or is no longer linked; its documents are kept.';

CREATE TABLE IF NOT EXISTS core_page_links (
    page_url       VARCHAR NOT NULL,
    document_url   VARCHAR NOT NULL,
    link_text      VARCHAR,
    reason         VARCHAR,
    is_allowed     BOOLEAN NOT NULL,
    first_seen_at  TIMESTAMP NOT NULL,
    last_seen_at   TIMESTAMP NOT NULL,
    is_current     BOOLEAN NOT NULL,
    PRIMARY KEY (page_url, document_url)
);
COMMENT ON TABLE core_page_links IS 'PST documents linked from registered pages (the page summary and its full plan).';
COMMENT ON COLUMN core_page_links.is_allowed IS 'False when the document is on a host outside the registry: reported, never fetched.';
COMMENT ON COLUMN core_page_links.is_current IS 'True while the latest version of the page still links the document.';

CREATE TABLE IF NOT EXISTS core_fetches (
    run_id           VARCHAR,
    url              VARCHAR NOT NULL,
    fetched_at       TIMESTAMP NOT NULL,
    outcome          VARCHAR NOT NULL,
    http_status      INTEGER,
    sha256           VARCHAR,
    bytes_downloaded BIGINT NOT NULL,
    attempts         INTEGER NOT NULL,
    seconds          DOUBLE,
    error_code       VARCHAR,
    error            VARCHAR
);
COMMENT ON TABLE core_fetches IS 'One row per fetch of a URL in a run (the log behind core_fetch_state).';

CREATE OR REPLACE VIEW v_sources AS
WITH docs AS (
    SELECT source_key, count(*) AS n_versions,
           max(version_no) FILTER (WHERE is_current) AS current_version_no,
           any_value(document_id) FILTER (WHERE is_current) AS current_document_id,
           any_value(parse_status) FILTER (WHERE is_current) AS parse_status,
           any_value(cpas_name) FILTER (WHERE is_current) AS cpas_name,
           any_value(doc_kind) FILTER (WHERE is_current) AS doc_kind,
           any_value(n_os) FILTER (WHERE is_current) AS n_os,
           any_value(n_oo) FILTER (WHERE is_current) AS n_oo,
           any_value(n_actions) FILTER (WHERE is_current) AS n_actions
    FROM core_documents GROUP BY source_key
), pages AS (
    SELECT document_url, string_agg(page_url, ' ' ORDER BY page_url) AS linked_from
    FROM core_page_links WHERE is_current GROUP BY document_url
)
SELECT s.nis_code, d.cpas_name, s.url, s.kind, s.role, p.linked_from, s.last_outcome, s.last_status,
       s.last_error, s.last_fetched_at, s.last_changed_at, s.first_seen_at, s.is_withdrawn, s.withdrawn_at,
       s.withdrawn_reason, s.sha256, s.byte_size, s.content_type, s.sniffed_format, s.final_url, s.etag,
       s.last_modified, d.n_versions, d.current_version_no, d.current_document_id, d.parse_status, d.doc_kind,
       d.n_os, d.n_oo, d.n_actions
FROM core_fetch_state s
LEFT JOIN docs d ON d.source_key = s.url
LEFT JOIN pages p ON p.document_url = s.url;
COMMENT ON VIEW v_sources IS 'One row per fetched URL (registered pages and files, and the PST documents they link): last fetch, withdrawal, current document.';
COMMENT ON COLUMN v_sources.nis_code IS 'NIS code of the CPAS the source belongs to (from the registry; a linked document inherits its page''s).';
COMMENT ON COLUMN v_sources.cpas_name IS 'Name of the CPAS as identified in the current document version.';
COMMENT ON COLUMN v_sources.url IS 'The URL fetched (also the source_key of its documents).';
COMMENT ON COLUMN v_sources.kind IS 'page, pdf, docx, doc or odt as registered or linked (the bytes decide the parser).';
COMMENT ON COLUMN v_sources.role IS 'registry (in data/sources.yaml) or linked (found on a registered page).';
COMMENT ON COLUMN v_sources.linked_from IS 'Pages that currently link this document, space-separated; NULL for registry sources not linked.';
COMMENT ON COLUMN v_sources.last_outcome IS 'fetched (new bytes), unchanged (304 or same bytes), gone (404/410), failed, blocked (host not allowed).';
COMMENT ON COLUMN v_sources.last_status IS 'HTTP status of the last fetch (NULL when no response, e.g. a timeout).';
COMMENT ON COLUMN v_sources.last_error IS 'Why the last fetch failed, if it did.';
COMMENT ON COLUMN v_sources.last_fetched_at IS 'When the URL was last requested (UTC).';
COMMENT ON COLUMN v_sources.last_changed_at IS 'When new bytes were last downloaded (UTC).';
COMMENT ON COLUMN v_sources.first_seen_at IS 'When bytes were first downloaded from the URL (UTC).';
COMMENT ON COLUMN v_sources.is_withdrawn IS 'True when a source seen before is gone (404/410) or no longer linked; its versions are kept.';
COMMENT ON COLUMN v_sources.withdrawn_at IS 'When the withdrawal was first seen (UTC).';
COMMENT ON COLUMN v_sources.withdrawn_reason IS 'gone (HTTP 404/410) or unlinked (no registered page links it any more).';
COMMENT ON COLUMN v_sources.sha256 IS 'SHA-256 of the last bytes downloaded (blob in data/store/).';
COMMENT ON COLUMN v_sources.byte_size IS 'Size of the last bytes downloaded.';
COMMENT ON COLUMN v_sources.content_type IS 'Content-Type the server declared.';
COMMENT ON COLUMN v_sources.sniffed_format IS 'Format read from the bytes (pdf, docx, doc, odt, html, unknown), whatever the server said.';
COMMENT ON COLUMN v_sources.final_url IS 'URL after redirects.';
COMMENT ON COLUMN v_sources.etag IS 'ETag remembered for conditional requests.';
COMMENT ON COLUMN v_sources.last_modified IS 'Last-Modified remembered for conditional requests.';
COMMENT ON COLUMN v_sources.n_versions IS 'Versions of the document loaded from this URL.';
COMMENT ON COLUMN v_sources.current_version_no IS 'version_no of the current version.';
COMMENT ON COLUMN v_sources.current_document_id IS 'document_id of the current version.';
COMMENT ON COLUMN v_sources.parse_status IS 'ok, empty or failed for the current version.';
COMMENT ON COLUMN v_sources.doc_kind IS 'pst, deliberation, evaluation, web_summary or unknown (current version).';
COMMENT ON COLUMN v_sources.n_os IS 'Objectifs stratégiques in the current version.';
COMMENT ON COLUMN v_sources.n_oo IS 'Objectifs opérationnels in the current version.';
COMMENT ON COLUMN v_sources.n_actions IS 'Actions in the current version.';

CREATE OR REPLACE VIEW v_source_document_versions AS
SELECT v.source_key, s.nis_code, v.source_file, v.version_no, v.is_current, v.sha256, v.loaded_at,
       v.parse_status, v.n_os, v.n_oo, v.n_actions, v.document_id,
       lag(v.document_id) OVER w AS previous_document_id,
       lag(v.sha256) OVER w AS previous_sha256,
       s.role, s.is_withdrawn, s.withdrawn_at, s.last_outcome
FROM v_document_versions v
LEFT JOIN core_fetch_state s ON s.url = v.source_key
WINDOW w AS (PARTITION BY v.source_key ORDER BY v.version_no)
ORDER BY v.source_key, v.version_no;
COMMENT ON VIEW v_source_document_versions IS 'v_document_versions with the web source''s CPAS, role and withdrawal, and each version''s predecessor.';
COMMENT ON COLUMN v_source_document_versions.source_key IS 'Identity of the source across versions: its URL (or absolute path for local files).';
COMMENT ON COLUMN v_source_document_versions.nis_code IS 'NIS code from the registry (NULL for local files).';
COMMENT ON COLUMN v_source_document_versions.source_file IS 'File name (or URL) of the source document.';
COMMENT ON COLUMN v_source_document_versions.version_no IS '1 for the first version of a source, then 2, 3... when its bytes change.';
COMMENT ON COLUMN v_source_document_versions.is_current IS 'True for the latest version of the source.';
COMMENT ON COLUMN v_source_document_versions.sha256 IS 'SHA-256 of the bytes of this version (blob in data/store/ for web sources).';
COMMENT ON COLUMN v_source_document_versions.loaded_at IS 'When this version was loaded.';
COMMENT ON COLUMN v_source_document_versions.parse_status IS 'ok, empty or failed.';
COMMENT ON COLUMN v_source_document_versions.n_os IS 'Objectifs stratégiques extracted.';
COMMENT ON COLUMN v_source_document_versions.n_oo IS 'Objectifs opérationnels extracted.';
COMMENT ON COLUMN v_source_document_versions.n_actions IS 'Actions extracted.';
COMMENT ON COLUMN v_source_document_versions.document_id IS 'Id of this version.';
COMMENT ON COLUMN v_source_document_versions.previous_document_id IS 'Id of the version before (NULL for the first).';
COMMENT ON COLUMN v_source_document_versions.previous_sha256 IS 'SHA-256 of the version before.';
COMMENT ON COLUMN v_source_document_versions.role IS 'registry or linked (NULL for local files).';
COMMENT ON COLUMN v_source_document_versions.is_withdrawn IS 'True when the source has disappeared (its versions stay).';
COMMENT ON COLUMN v_source_document_versions.withdrawn_at IS 'When the withdrawal was first seen.';
COMMENT ON COLUMN v_source_document_versions.last_outcome IS 'Outcome of the last fetch of the URL.';

-- Plan changes between two consecutive readable versions of a source (failed versions are
-- skipped: they have no items). Items are matched 1:1 by (level, volet, number), duplicates
-- in printed order; then the rest by title similarity (mutual best match, same level and
-- volet, Jaro-Winkler >= 0.85). Unmatched old items are removed, unmatched new ones added.
CREATE OR REPLACE VIEW v_plan_changes AS
WITH versions AS (
    SELECT document_id, source_key, nis_code, cpas_name, version_no, loaded_at,
           lag(document_id) OVER (PARTITION BY source_key ORDER BY version_no) AS old_id,
           lag(version_no) OVER (PARTITION BY source_key ORDER BY version_no) AS old_version_no,
           lag(loaded_at) OVER (PARTITION BY source_key ORDER BY version_no) AS old_loaded_at
    FROM core_documents WHERE parse_status <> 'failed'
), pairs AS (
    SELECT source_key, nis_code, cpas_name, old_id, document_id AS new_id, old_version_no,
           version_no AS new_version_no, old_loaded_at, loaded_at AS new_loaded_at
    FROM versions WHERE old_id IS NOT NULL
), old_items AS (
    SELECT p.old_id AS pair_old, p.new_id AS pair_new, i.*,
           row_number() OVER (PARTITION BY p.old_id, p.new_id, i.level, coalesce(i.volet, ''), i.number ORDER BY i.position) AS dup_rank
    FROM pairs p JOIN core_plan_items i ON i.document_id = p.old_id
), new_items AS (
    SELECT p.old_id AS pair_old, p.new_id AS pair_new, i.*,
           row_number() OVER (PARTITION BY p.old_id, p.new_id, i.level, coalesce(i.volet, ''), i.number ORDER BY i.position) AS dup_rank
    FROM pairs p JOIN core_plan_items i ON i.document_id = p.new_id
), by_number AS (
    SELECT o.pair_old, o.pair_new, o.position AS old_pos, n.position AS new_pos, 'number' AS matched_by
    FROM old_items o JOIN new_items n
      ON n.pair_old = o.pair_old AND n.pair_new = o.pair_new AND n.level = o.level
     AND coalesce(n.volet, '') = coalesce(o.volet, '') AND n.number = o.number AND n.dup_rank = o.dup_rank
), old_left AS (
    SELECT o.* FROM old_items o ANTI JOIN by_number b
      ON b.pair_old = o.pair_old AND b.pair_new = o.pair_new AND b.old_pos = o.position
), new_left AS (
    SELECT n.* FROM new_items n ANTI JOIN by_number b
      ON b.pair_old = n.pair_old AND b.pair_new = n.pair_new AND b.new_pos = n.position
), candidates AS (
    SELECT o.pair_old, o.pair_new, o.position AS old_pos, n.position AS new_pos,
           jaro_winkler_similarity(lower(o.title), lower(n.title)) AS sim
    FROM old_left o JOIN new_left n
      ON n.pair_old = o.pair_old AND n.pair_new = o.pair_new AND n.level = o.level
     AND coalesce(n.volet, '') = coalesce(o.volet, '')
), ranked AS (
    SELECT *, row_number() OVER (PARTITION BY pair_old, pair_new, old_pos ORDER BY sim DESC, new_pos) AS r_old,
              row_number() OVER (PARTITION BY pair_old, pair_new, new_pos ORDER BY sim DESC, old_pos) AS r_new
    FROM candidates WHERE sim >= 0.85
), by_title AS (
    SELECT pair_old, pair_new, old_pos, new_pos, 'title' AS matched_by FROM ranked WHERE r_old = 1 AND r_new = 1
), matches AS (
    SELECT * FROM by_number UNION ALL SELECT * FROM by_title
), compared AS (
    SELECT m.pair_old, m.pair_new, m.matched_by, o.level, coalesce(n.volet, o.volet) AS volet, n.is_cpas,
           o.number AS old_number, n.number AS new_number, o.title AS old_title, n.title AS new_title,
           o.status AS old_status, n.status AS new_status, o.progress_pct AS old_progress_pct,
           n.progress_pct AS new_progress_pct, n.position AS sort_pos
    FROM matches m
    JOIN old_items o ON o.pair_old = m.pair_old AND o.pair_new = m.pair_new AND o.position = m.old_pos
    JOIN new_items n ON n.pair_old = m.pair_old AND n.pair_new = m.pair_new AND n.position = m.new_pos
), changes AS (
    SELECT pair_old, pair_new, 'changed' AS change, matched_by, level, volet, is_cpas, old_number, new_number,
           old_title, new_title, old_status, new_status, old_progress_pct, new_progress_pct, sort_pos
    FROM compared
    WHERE old_title IS DISTINCT FROM new_title OR old_status IS DISTINCT FROM new_status
       OR old_progress_pct IS DISTINCT FROM new_progress_pct OR old_number IS DISTINCT FROM new_number
    UNION ALL
    SELECT o.pair_old, o.pair_new, 'removed', NULL, o.level, o.volet, o.is_cpas, o.number, NULL, o.title, NULL,
           o.status, NULL, o.progress_pct, NULL, o.position
    FROM old_left o ANTI JOIN by_title t ON t.pair_old = o.pair_old AND t.pair_new = o.pair_new AND t.old_pos = o.position
    UNION ALL
    SELECT n.pair_old, n.pair_new, 'added', NULL, n.level, n.volet, n.is_cpas, NULL, n.number, NULL, n.title,
           NULL, n.status, NULL, n.progress_pct, n.position
    FROM new_left n ANTI JOIN by_title t ON t.pair_old = n.pair_old AND t.pair_new = n.pair_new AND t.new_pos = n.position
)
SELECT p.nis_code, p.cpas_name, p.source_key, p.old_version_no, p.new_version_no, c.change, c.level, c.volet,
       coalesce(c.new_number, c.old_number) AS number, c.old_number, c.new_number, c.old_title, c.new_title,
       c.old_status, c.new_status, c.old_progress_pct, c.new_progress_pct,
       c.old_title IS DISTINCT FROM c.new_title AND c.change = 'changed' AS title_changed,
       c.old_status IS DISTINCT FROM c.new_status AND c.change = 'changed' AS status_changed,
       c.old_progress_pct IS DISTINCT FROM c.new_progress_pct AND c.change = 'changed' AS progress_changed,
       c.old_number IS DISTINCT FROM c.new_number AND c.change = 'changed' AS number_changed,
       c.matched_by, c.is_cpas, p.old_id AS old_document_id, p.new_id AS new_document_id,
       p.old_loaded_at, p.new_loaded_at, c.sort_pos AS position
FROM changes c JOIN pairs p ON p.old_id = c.pair_old AND p.new_id = c.pair_new
ORDER BY p.source_key, p.new_version_no, c.change = 'removed', c.sort_pos;
COMMENT ON VIEW v_plan_changes IS 'Items added, removed and changed (title, status, progress, number) between two consecutive versions of a source''s plan: how analysts follow the mid-term evaluation.';
COMMENT ON COLUMN v_plan_changes.nis_code IS 'NIS code of the CPAS, as identified in the newer version.';
COMMENT ON COLUMN v_plan_changes.cpas_name IS 'Name of the CPAS, as identified in the newer version.';
COMMENT ON COLUMN v_plan_changes.source_key IS 'The source (URL or path) whose versions are compared.';
COMMENT ON COLUMN v_plan_changes.old_version_no IS 'version_no of the older version.';
COMMENT ON COLUMN v_plan_changes.new_version_no IS 'version_no of the newer version (the next readable one).';
COMMENT ON COLUMN v_plan_changes.change IS 'added (only in the newer version), removed (only in the older), changed (matched, with a different title, status, progress or number).';
COMMENT ON COLUMN v_plan_changes.level IS 'os, oo or action.';
COMMENT ON COLUMN v_plan_changes.volet IS 'interne, externe, commun or NULL.';
COMMENT ON COLUMN v_plan_changes.number IS 'Canonical number in the newer version (in the older one for removed items).';
COMMENT ON COLUMN v_plan_changes.old_number IS 'Canonical number in the older version (NULL when added).';
COMMENT ON COLUMN v_plan_changes.new_number IS 'Canonical number in the newer version (NULL when removed).';
COMMENT ON COLUMN v_plan_changes.old_title IS 'Title in the older version.';
COMMENT ON COLUMN v_plan_changes.new_title IS 'Title in the newer version.';
COMMENT ON COLUMN v_plan_changes.old_status IS 'Status in the older version.';
COMMENT ON COLUMN v_plan_changes.new_status IS 'Status in the newer version.';
COMMENT ON COLUMN v_plan_changes.old_progress_pct IS 'Taux d''avancement in the older version.';
COMMENT ON COLUMN v_plan_changes.new_progress_pct IS 'Taux d''avancement in the newer version.';
COMMENT ON COLUMN v_plan_changes.title_changed IS 'True when a matched item''s title differs.';
COMMENT ON COLUMN v_plan_changes.status_changed IS 'True when a matched item''s status differs.';
COMMENT ON COLUMN v_plan_changes.progress_changed IS 'True when a matched item''s progress differs.';
COMMENT ON COLUMN v_plan_changes.number_changed IS 'True when an item matched by title was renumbered.';
COMMENT ON COLUMN v_plan_changes.matched_by IS 'number (same level, volet and number) or title (similar title once numbers failed); NULL for added/removed.';
COMMENT ON COLUMN v_plan_changes.is_cpas IS 'False for the commune''s own objectives in a joint PST.';
COMMENT ON COLUMN v_plan_changes.old_document_id IS 'document_id of the older version.';
COMMENT ON COLUMN v_plan_changes.new_document_id IS 'document_id of the newer version.';
COMMENT ON COLUMN v_plan_changes.old_loaded_at IS 'When the older version was loaded.';
COMMENT ON COLUMN v_plan_changes.new_loaded_at IS 'When the newer version was loaded.';
COMMENT ON COLUMN v_plan_changes.position IS 'Position of the item in its version (for ordering).';
