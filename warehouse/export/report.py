"""Render the self-contained HTML report comparing CPAS (``pst report FILE.html``).

One file, no network needed to open it: the data is embedded as JSON and drawn by inline
JavaScript into SVG (themes × CPAS heat map, plan size, status shares, deadline compliance
when the deadline views exist), with sortable tables and a page per CPAS (``#cpas/<key>``)
showing its tree. Templates live in ``warehouse/export/templates``.
"""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from importlib import resources
from pathlib import Path

import duckdb
import yaml

from pipeline.core.model import Status
from pipeline.core.settings import DATA_DIR
from warehouse.analysis.parents import parent_ids

TEMPLATES = "warehouse.export.templates"
STATUS_LABELS_FILE = DATA_DIR / "vocabulary" / "status_labels.yaml"


def status_labels() -> dict[str, str]:
    """The French labels of the action statuses (``data/vocabulary/status_labels.yaml``), in legend order."""
    labels = yaml.safe_load(STATUS_LABELS_FILE.read_text(encoding="utf-8"))
    missing = {s.value for s in Status} - set(labels)
    if missing:
        raise ValueError(f"{STATUS_LABELS_FILE}: no label for status {', '.join(sorted(missing))}")
    return {str(code): str(label) for code, label in labels.items()}


def _template(name: str) -> str:
    return resources.files(TEMPLATES).joinpath(name).read_text(encoding="utf-8")


# No bound parameters here: DuckDB imports pandas to bind one (0.6 s), and the report needs no pandas.
def _view_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return name in {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return name in {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}


def _records(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    rel = con.execute(sql)
    cols = [d[0] for d in rel.description]
    return [{c: _jsonable(v) for c, v in zip(cols, row, strict=True)} for row in rel.fetchall()]


def _jsonable(v: object) -> object:
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def report_data(con: duckdb.DuckDBPyConnection) -> dict:
    """Everything the report draws, as JSON-ready structures."""
    profiles = _records(
        con,
        """SELECT p.*, pl.source_file, pl.document_id, pl.cpas_key || '|' || coalesce(p.legislature, '') AS key
           FROM v_cpas_profile p
           JOIN v_cpas_plans pl ON pl.cpas_name IS NOT DISTINCT FROM p.cpas_name
                AND pl.nis_code IS NOT DISTINCT FROM p.nis_code AND pl.legislature IS NOT DISTINCT FROM p.legislature
           ORDER BY p.cpas_name, p.legislature""",
    )
    themes = _records(
        con, "SELECT theme_id AS id, label, parent_theme_id AS parent FROM core_themes ORDER BY sort_order"
    )
    counts: dict[tuple, int] = {}
    for cpas, nis, leg, theme, n in con.execute(
        "SELECT cpas_name, nis_code, legislature, theme_id, n_items FROM v_theme_matrix"
    ).fetchall():
        counts[(cpas, nis, leg, theme)] = n
    matrix = [
        [counts.get((p["cpas_name"], p["nis_code"], p["legislature"], t["id"]), 0) for t in themes] for p in profiles
    ]
    status = _records(
        con,
        """SELECT p.cpas_name, p.legislature,
                  count(*) FILTER (WHERE i.status = 'finalise') AS n_finalise,
                  count(*) FILTER (WHERE i.status = 'en_cours') AS n_en_cours,
                  count(*) FILTER (WHERE i.status = 'a_programmer') AS n_a_programmer,
                  count(*) FILTER (WHERE i.status = 'abandonne') AS n_abandonne,
                  count(*) FILTER (WHERE i.status IS NULL) AS n_none,
                  count(*) AS n_total
           FROM v_cpas_plans p JOIN core_plan_items i USING (document_id)
           WHERE i.level = 'action' AND i.is_cpas
           GROUP BY ALL ORDER BY p.cpas_name, p.legislature""",
    )
    trees = _trees(con, {p["document_id"]: p["key"] for p in profiles})
    recurring = _records(
        con,
        """WITH links AS (
               SELECT s.document_id, s.position, count(DISTINCT coalesce(d2.nis_code, d2.cpas_name)) AS n_cpas,
                      arg_max(i2.title || ' (' || coalesce(d2.cpas_name, '?') || ')', s.score) AS best
               FROM core_similar_actions s
               JOIN core_documents d2 ON d2.document_id = s.similar_document_id
               JOIN core_plan_items i2 ON i2.document_id = s.similar_document_id AND i2.position = s.similar_position
               GROUP BY ALL)
           SELECT i.title, p.cpas_name, p.cpas_key || '|' || coalesce(p.legislature, '') AS key, l.n_cpas, l.best
           FROM links l JOIN core_plan_items i USING (document_id, position) JOIN v_cpas_plans p USING (document_id)
           ORDER BY l.n_cpas DESC, p.cpas_name, i.position LIMIT 100""",
    )
    deadlines = None
    deadline_parts: list[list[str]] = []
    if _view_exists(con, "v_compliance_summary"):
        deadlines = _records(con, "SELECT * FROM v_compliance_summary")
        # The status counts of the summary with their French labels, written by the compliance
        # computation (warehouse.compliance.labels is their one source).
        if _table_exists(con, "core_deadline_status_labels"):
            columns = set(deadlines[0]) if deadlines else set()
            deadline_parts = [
                [f"n_{code}", label]
                for code, label in con.execute(
                    "SELECT code, short_label FROM core_deadline_status_labels ORDER BY sort_order"
                ).fetchall()
                if f"n_{code}" in columns
            ]
    n_similar = con.execute("SELECT count(*) FROM core_similar_actions").fetchone()[0]
    return {
        "profiles": profiles,
        "themes": themes,
        "matrix": matrix,
        "status": status,
        "trees": trees,
        "recurring": recurring,
        "deadlines": deadlines,
        "deadline_parts": deadline_parts,
        "status_labels": status_labels(),
        "n_similar": n_similar,
    }


def _trees(con: duckdb.DuckDBPyConnection, key_of_doc: dict[str, str]) -> dict[str, list[dict]]:
    """Items of each compared plan in order, with their parent's position and their themes.

    Compact, as the trees are most of the file (253 CPAS: ~4 MB): an item's id is its position in
    its plan, and empty fields (volet, status, themes) are left out."""
    items = con.execute(
        """SELECT i.document_id, i.position, i.level, i.volet, i.number, i.parent_number, i.title, i.status,
                  list(t.theme_id ORDER BY t.theme_id) FILTER (WHERE t.theme_id IS NOT NULL) AS themes
           FROM core_plan_items i JOIN v_cpas_plans p USING (document_id)
           LEFT JOIN core_item_themes t USING (document_id, position)
           WHERE i.is_cpas
           GROUP BY ALL ORDER BY i.document_id, i.position"""
    ).fetchall()
    parents = parent_ids((doc, pos, volet, number, parent) for doc, pos, _, volet, number, parent, *_ in items)
    trees: dict[str, list[dict]] = {}
    for (doc, pos, level, volet, number, _, title, status, themes), parent in zip(items, parents, strict=True):
        item: dict = {
            "id": int(pos),
            "parent": None if parent is None else int(parent.rsplit(":", 1)[1]),
            "level": level,
            "number": number,
            "title": title,
        }
        if volet is not None:
            item["volet"] = volet
        if status is not None:
            item["status"] = status
        if themes:
            item["themes"] = [str(t) for t in themes]
        trees.setdefault(key_of_doc[doc], []).append(item)
    return trees


def render_report(data: dict, title: str = "PST des CPAS wallons — comparaison") -> str:
    """The report's HTML from ``report_data``: one self-contained page."""
    # Inert inside <script>: with no "<", ">" or "&" left, no title can close the element or open an
    # HTML comment ("<!--<script>" would swallow the rest of the page); JSON.parse reads the escapes back.
    payload = (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
    html = _template("report.html")
    html = html.replace("/*__CSS__*/", _template("report.css")).replace("/*__JS__*/", _template("report.js"))
    html = html.replace("__TITLE__", _escape(title)).replace("__GENERATED__", datetime.now().strftime("%Y-%m-%d %H:%M"))
    # Data last: it may contain the other markers as plain text.
    return html.replace("__DATA__", payload)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_report(con: duckdb.DuckDBPyConnection, path: str | Path, *, analyse: bool = True) -> Path:
    """Compute what is stale (themes, similar actions), then write the report to ``path``."""
    if analyse:
        from warehouse.analysis.derived import ensure_analysis  # pandas, scipy: only for a writer's report

        ensure_analysis(con)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(report_data(con)), encoding="utf-8")
    return path
