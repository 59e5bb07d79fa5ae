"""Parse quality: a confidence and its reasons per document; outcomes say what happened."""

from __future__ import annotations

from pipeline.core.model import Anomaly, DocumentKind, ParsedDocument, SourceFormat
from warehouse.loader import OutcomeCounts, Warehouse
from warehouse.plans.quality import assess

from .builders import TREE, doc, refresh, rows


def _assess(**kw):
    base = dict(
        parse_status="ok",
        error=None,
        fmt="docx",
        doc_kind="pst",
        cpas_name="Sprimont",
        legislature="2018-2024",
        levels={"os": 2, "oo": 3, "action": 5},
        titles=["Un titre"] * 10,
        anomalies={},
    )
    return assess(**{**base, **kw})


def codes(q):
    return [r.code for r in q.reasons]


def test_a_clean_parse_is_fully_trusted():
    q = _assess()
    assert (q.confidence, q.grade, codes(q)) == (1.0, "high", [])


def test_each_reason_lowers_the_confidence():
    assert codes(_assess(parse_status="failed", error="corrupt")) == ["unreadable"]
    assert _assess(parse_status="failed").confidence == 0.0
    assert codes(_assess(levels={}, titles=[])) == ["no_item"] and _assess(levels={}, titles=[]).confidence == 0.2
    assert codes(_assess(levels={"os": 2, "oo": 3})) == ["level_missing"]
    assert codes(_assess(levels={"oo": 3, "action": 4})) == ["level_missing"]
    assert codes(_assess(anomalies={"declared_count_mismatch": 1})) == ["declared_counts"]
    gaps = _assess(anomalies={"skipped_number": 5})
    assert codes(gaps) == ["numbering_gaps"] and gaps.confidence == 0.8
    assert codes(_assess(anomalies={"duplicate_number": 2})) == ["many_anomalies"]
    fields = _assess(titles=["Pilote : Directeur général", "Échéance :", "Budget"] + ["Un vrai titre"] * 7)
    assert codes(fields) == ["field_titles"]
    assert codes(_assess(fmt="pdf_scan")) == ["ocr"]
    assert codes(_assess(fmt="pdf_scan", titles=["Publ|er un gu¦de ©"] * 3 + ["Un titre"] * 7)) == ["ocr", "ocr_noise"]
    summary = _assess(doc_kind="web_summary", levels={"os": 6}, legislature=None)
    assert codes(summary) == ["level_missing", "summary_only", "no_legislature"] and summary.grade == "low"
    assert codes(_assess(cpas_name=None)) == ["no_cpas"]


def test_records_and_outcomes_in_the_warehouse(tmp_path):
    empty = ParsedDocument(
        source_file="facture.pdf",
        sha256="e" * 64,
        format=SourceFormat.PDF,
        parser_version="t",
        doc_kind=DocumentKind.UNKNOWN,
        page_count=1,
        anomalies=(Anomaly(kind="no_plan_items", detail="no objective or action was recognized"),),
    )
    with Warehouse(tmp_path / "w.duckdb") as wh:
        assert wh.load(empty, "/d/facture.pdf").status == "no_plan_found"
        assert wh.load(doc("sp.pdf", fmt=SourceFormat.PDF_SCAN, legislature=None), "/d/sp.pdf").status == "loaded"
        failed = wh.record_failure(
            source_key="/d/bad.pdf",
            source_file="bad.pdf",
            sha256="b" * 64,
            fmt="pdf",
            error_code="corrupt",
            error="truncated PDF",
            parser_version="t",
        )
        assert failed.status == "failed"
        refresh(wh)
        got = rows(wh, "SELECT source_file, confidence, reason_codes, parse_status FROM v_parse_quality")
        assert got == [
            ("bad.pdf", 0.0, "unreadable", "failed"),
            ("facture.pdf", 0.0, "no_item, no_cpas, no_legislature", "empty"),
            ("sp.pdf", 0.8, "ocr, no_legislature", "ok"),
        ]
        assert rows(wh, "SELECT source_file, confidence FROM v_documents ORDER BY 1") == [
            ("bad.pdf", 0.0),
            ("facture.pdf", 0.0),
            ("sp.pdf", 0.8),
        ]
        # The review queue: the failure first, then the document without a plan, then the doubtful parse.
        queue = rows(wh, "SELECT kind, source_file FROM v_review_queue")
        assert queue == [("failed", "bad.pdf"), ("no_plan_found", "facture.pdf"), ("parse_quality", "sp.pdf")]


def test_outcome_counts():
    counts = OutcomeCounts.of(["loaded", "no_plan_found", "duplicate", "failed", "unchanged", "new_version"])
    assert (counts.changed, counts.total, counts.no_plan_found, counts.duplicate) == (3, 6, 1, 1)
    assert TREE  # the builders' plan is importable for the other tests
