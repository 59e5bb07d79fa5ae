"""The data dictionary: every public column has a meaning, and docs/DATA_DICTIONARY.md is up to date."""

from __future__ import annotations

from pathlib import Path

from warehouse.dictionary import column_meanings, data_dictionary_markdown
from warehouse.loader import Warehouse

DOC = Path(__file__).resolve().parents[2] / "docs" / "DATA_DICTIONARY.md"


def test_every_view_and_core_column_has_a_meaning(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        missing = sorted(k for k, v in column_meanings(wh.con).items() if not v)
        public = "SELECT view_name, comment FROM duckdb_views() WHERE view_name LIKE 'v\\_%' ESCAPE '\\'"
        rows = wh.con.execute(public).fetchall()
        views = {name for name, _ in rows}
        uncommented_views = sorted(name for name, comment in rows if comment is None)
    assert missing == []
    assert uncommented_views == []
    assert {"v_plan_items", "v_documents", "v_parse_anomalies", "v_events", "v_deadlines", "v_compliance_summary",
            "v_item_themes", "v_cpas_profile", "v_theme_matrix", "v_similar_actions", "v_document_versions",
            "v_plan_changes"} <= views


def test_committed_dictionary_matches_the_schema(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        fresh = data_dictionary_markdown(wh.con)
    assert DOC.read_text(encoding="utf-8") == fresh, "run `make dictionary` and commit docs/DATA_DICTIONARY.md"
