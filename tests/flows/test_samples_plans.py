"""The sample corpus gives 3 CPAS and 101 actions for Grâce-Hollogne in every view and in the report.

The PDF, the Word file and the scan of the Grâce-Hollogne deliberation are three renditions of one
plan; the scan states no legislature (OCR) and is linked by its tree. The fast test simulates the
scan (a copy of the Word parse read by OCR, legislature lost, two titles garbled); the slow one
ingests the real scan.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest

from flows.ingest_flow import ingest_flow
from pipeline.core.model import SourceFormat
from tests.conftest import SAMPLES
from warehouse.analysis.search import ensure_search_index, search
from warehouse.export.report import report_data
from warehouse.loader import Warehouse

GH = "Grâce-Hollogne"


def _check_every_view(con: duckdb.DuckDBPyConnection, n_documents: int) -> None:
    one = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    assert one("SELECT count(DISTINCT nis_code), count(*) FROM v_plans") == [(3, 3)]
    assert one(f"SELECT count(*) FROM v_plan_items WHERE cpas_name = '{GH}' AND level = 'action'") == [(101,)]
    assert one("SELECT cpas_name, count(*) FILTER (level = 'action'), count(*) FILTER (level = 'oo') "
               "FROM v_plan_items GROUP BY ALL ORDER BY ALL") == [
        (GH, 101, 26), ("Meix-devant-Virton", 0, 23), ("Sprimont", 0, 0)]
    assert one(f"SELECT n_actions, n_documents FROM v_cpas_profile WHERE cpas_name = '{GH}'") == [(101, 3)]
    assert one("SELECT count(*) FROM v_cpas_profile") == [(3,)]
    assert one(f"SELECT count(*) FROM v_cpas_plans WHERE cpas_name = '{GH}'") == [(1,)]
    assert one(f"""SELECT count(DISTINCT (document_id, position)) FROM v_item_themes
                   WHERE cpas_name = '{GH}' AND level = 'action'""")[0][0] <= 101
    assert one(f"""SELECT count(DISTINCT document_id) FROM v_item_themes WHERE cpas_name = '{GH}'""") == [(1,)]
    assert one(f"SELECT sum(n_actions) FROM v_theme_matrix WHERE cpas_name = '{GH}'") == one(
        f"SELECT count(*) FROM v_item_themes WHERE cpas_name = '{GH}' AND level = 'action'")
    assert one(f"""SELECT count(DISTINCT CASE WHEN cpas_name = '{GH}' THEN document_id ELSE similar_document_id END)
                   FROM v_similar_actions WHERE cpas_name = '{GH}' OR similar_cpas_name = '{GH}'""")[0][0] <= 1
    # Every rendition's own items stay queryable.
    assert one("SELECT count(DISTINCT document_id) FROM v_document_items") == [(n_documents,)]
    per_doc = one(f"""SELECT count(*) FROM v_document_items WHERE cpas_name = '{GH}' AND level = 'action'
                      GROUP BY document_id""")
    assert per_doc == [(101,)] * (n_documents - 3)
    assert one("SELECT status FROM v_data_tests WHERE status <> 'pass'") == []
    # Search lists each hit once, the report counts 3 CPAS and 101 actions for Grâce-Hollogne.
    ensure_search_index(con)
    hits = search(con, "permanence surendettement", 20)
    assert hits and len({(h.level, h.number, h.title) for h in hits}) == len(hits)
    data = report_data(con)
    assert len({p["nis_code"] for p in data["profiles"]}) == len(data["profiles"]) == 3
    assert [p["n_actions"] for p in data["profiles"] if p["cpas_name"] == GH] == [101]
    gh_tree = [t for k, tree in data["trees"].items() if k.startswith("62118") for t in tree]
    assert sum(1 for t in gh_tree if t["level"] == "action") == 101


def test_text_samples_and_a_scan_count_each_plan_once(prefect_harness, text_samples, tmp_path):
    db = tmp_path / "w.duckdb"
    empty = tmp_path / "no-corrections"
    empty.mkdir()
    ingest_flow([str(text_samples)], db=str(db), corrections=str(empty))
    with Warehouse(db) as wh:
        from normalizers.parse import parse_file

        parsed = parse_file(text_samples / "grace-hollogne_deliberation-pst.docx").document
        garbled = tuple(
            it.model_copy(update={"title": it.title.replace("e", "c", 2)}) if it.position in (5, 40) else it
            for it in parsed.items
        )
        scan = parsed.model_copy(update={
            "source_file": "grace-hollogne_deliberation-pst_scan.pdf", "sha256": "5" * 64,
            "format": SourceFormat.PDF_SCAN, "legislature": None, "items": garbled,
        })
        assert wh.load(scan, str(tmp_path / "scan.pdf")).status == "loaded"
        from warehouse.after_load import refresh_after_load

        refresh_after_load(wh.con, changed=True, corrections_dir=empty)
        renditions = wh.con.execute(
            "SELECT source_file, linked_by, is_chosen FROM v_plan_renditions WHERE nis_code = '62118' ORDER BY rank"
        ).fetchall()
        assert renditions == [
            ("grace-hollogne_deliberation-pst.docx", "key", True),
            ("grace-hollogne_deliberation-pst.pdf", "key", False),
            ("grace-hollogne_deliberation-pst_scan.pdf", "tree", False),
        ]
        _check_every_view(wh.con, 6)


@pytest.mark.slow
def test_the_sample_corpus_with_its_real_scan(prefect_harness, tmp_path):
    docs = tmp_path / "samples"
    shutil.copytree(SAMPLES, docs)
    db = tmp_path / "w.duckdb"
    empty = tmp_path / "no-corrections"
    empty.mkdir()
    summary = ingest_flow([str(docs)], db=str(db), corrections=str(empty))
    assert summary.counts.failed == 0 and not summary.failing_checks
    with Warehouse(db) as wh:
        con = wh.con
        scan = con.execute("""SELECT legislature, linked_by FROM v_plan_renditions
                              WHERE source_file = 'grace-hollogne_deliberation-pst_scan.pdf'""").fetchall()
        assert scan == [("2018-2024", "tree")]
        _check_every_view(con, 6)
