"""Deadlines stored in the warehouse: registry, v_deadlines, v_compliance_summary, the sample."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from normalizers.parse import parse_file
from pipeline.core.settings import RULES_FILE
from tests.conftest import SAMPLES
from tests.extractors.docx.builders import para, write_docx
from tests.warehouse.compliance.builders import (
    ANDENNE,
    DINANT,
    GRACE,
    NAMUR,
    NAMUR_URL,
    YVOIR,
    build_warehouse,
)
from warehouse.compliance.evidence import (
    compute_and_store_deadlines,
    legislature_of,
    refresh_deadlines,
    refresh_registry,
    session_connection,
    shared_computation,
)
from warehouse.compliance.rules import load_rules
from warehouse.loader import Warehouse

AS_OF = date(2026, 11, 23)
VIEWS = ("v_cpas_registry", "v_deadlines", "v_compliance_summary")


@pytest.fixture()
def wh(tmp_path):
    with Warehouse(build_warehouse(tmp_path / "w.duckdb")) as warehouse:
        yield warehouse


def deadline(con, nis, legislature, obligation):
    cur = con.execute(
        "SELECT * FROM v_deadlines WHERE nis_code = ? AND legislature = ? AND obligation = ?",
        [nis, legislature, obligation],
    )
    cols = [d[0] for d in cur.description]
    found = cur.fetchall()
    assert len(found) == 1, found
    return dict(zip(cols, found[0], strict=True))


def test_views_work_before_any_computation(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as fresh:
        for view in VIEWS:
            assert fresh.con.execute(f"SELECT count(*) FROM {view}").fetchone() == (0,)


def test_every_view_and_column_is_documented(wh):
    for view in VIEWS:
        comment = wh.con.execute(
            "SELECT comment FROM duckdb_views() WHERE view_name = ?", [view]
        ).fetchone()
        assert comment and comment[0]
        missing = wh.con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND comment IS NULL",
            [view],
        ).fetchall()
        assert missing == [], (view, missing)


def test_registry_has_every_bound_cpas(wh):
    assert refresh_registry(wh.con) == 253 + 252
    counts = wh.con.execute(
        "SELECT legislature, count(*) FROM v_cpas_registry GROUP BY ALL ORDER BY 1"
    ).fetchall()
    assert counts == [("2018-2024", 253), ("2024-2030", 252)]
    n_docs = dict(wh.con.execute(
        "SELECT nis_code, n_documents FROM v_cpas_registry WHERE legislature = '2018-2024'"
    ).fetchall())
    assert n_docs[DINANT] == 1 and n_docs[GRACE] == 1 and n_docs[YVOIR] == 0
    assert {"82003", "82005"} <= set(n_docs) and "82039" not in n_docs


def test_statuses_on_the_as_of_day(wh):
    result = compute_and_store_deadlines(wh.con, AS_OF)
    assert result.n_rows == (253 + 252) * 5
    con = wh.con
    dps = deadline(con, DINANT, "2018-2024", "dps")
    assert (dps["status"], dps["done_date"]) == ("on_time", date(2019, 2, 20))
    assert dps["evidence_text"] == "La DPS a été adoptée le 20 février 2019."
    assert dps["evidence_source_file"] == "Dinant_pst.pdf"
    pst = deadline(con, DINANT, "2018-2024", "pst")
    assert (pst["due_from"], pst["due_to"]) == (date(2019, 10, 1), date(2019, 10, 15))
    assert (pst["status"], pst["days_late"]) == ("late", 56)
    assert pst["as_of"] == AS_OF and pst["rule_id"] == "pst-first-2018"
    assert "date d'installation inconnue" in pst["note"]
    assert (pst["status_label"], pst["obligation_label"]) == ("en retard", "PST")
    # 6 months in the text of the law: late too, by 148 days, with its source.
    assert (pst["other_status"], pst["other_days_late"], pst["other_due_to"]) == ("late", 148, date(2019, 7, 15))
    assert "art. 27ter" in pst["other_rule_source"] and pst["period_months"] == 9
    assert pst["delegated_act_counted"] == "pst_noted"
    # A CPAS without any document: "no document", once the deadline has passed.
    for obligation in ("dps", "pst", "evaluation_mid", "evaluation_final", "publication"):
        row = deadline(con, YVOIR, "2018-2024", obligation)
        assert (row["status"], row["status_label"]) == ("no_document", "aucun document")
    # The legislature of a document that does not state it comes from the event dates.
    assert deadline(con, GRACE, "2018-2024", "pst")["done_date"] == date(2020, 11, 24)
    # Each event goes to the legislature of its own date: Namur's 2024-2030 plan recalls its
    # 2019 DPS, which is 2018-2024 evidence.
    namur_dps = deadline(con, NAMUR, "2018-2024", "dps")
    assert (namur_dps["status"], namur_dps["done_date"]) == ("on_time", date(2019, 2, 1))
    assert deadline(con, NAMUR, "2024-2030", "pst")["status"] == "on_time"
    assert deadline(con, NAMUR, "2024-2030", "dps")["status"] == "no_dated_evidence"
    # A local file is no evidence of publication; a URL is.
    assert deadline(con, DINANT, "2018-2024", "publication")["status"] == "no_dated_evidence"
    published = deadline(con, NAMUR, "2024-2030", "publication")
    assert published["status"] == "done" and published["done_date"] == date(2025, 8, 1)
    assert published["evidence_source_path"] == NAMUR_URL and NAMUR_URL in published["evidence_text"]
    # A planned adoption is not an adoption.
    assert deadline(con, ANDENNE, "2024-2030", "pst")["status"] == "planned_only"
    # Bastogne's documents carry the post-merger code; in 2018-2024 they are Bastogne's (82003).
    assert deadline(con, "82003", "2018-2024", "pst")["status"] == "on_time"
    assert any("document attribué à aucun CPAS" in s for s in result.skipped)


def test_due_soon_and_not_yet_due(wh):
    compute_and_store_deadlines(wh.con, date(2025, 8, 1))
    assert deadline(wh.con, ANDENNE, "2024-2030", "pst")["status"] == "due_soon"
    assert deadline(wh.con, NAMUR, "2024-2030", "publication")["status"] == "done"
    compute_and_store_deadlines(wh.con, date(2025, 6, 1))
    assert deadline(wh.con, ANDENNE, "2024-2030", "pst")["status"] == "not_yet_due"
    # Not yet seen online on that day: the URL is no evidence yet.
    assert deadline(wh.con, NAMUR, "2024-2030", "publication")["status"] == "not_yet_due"
    compute_and_store_deadlines(wh.con, date(2025, 6, 1), due_soon_days=200)
    assert deadline(wh.con, ANDENNE, "2024-2030", "pst")["status"] == "due_soon"


def test_summary_adds_up_to_the_registry(wh):
    compute_and_store_deadlines(wh.con, AS_OF)
    totals = wh.con.execute(
        """SELECT legislature, obligation, n_cpas,
                  n_on_time + n_late + n_undecidable + n_done + n_in_window + n_outside_window
                  + n_due_soon + n_not_yet_due + n_window_open + n_window_upcoming + n_no_evidence,
                  n_total
           FROM v_compliance_summary WHERE is_total"""
    ).fetchall()
    assert wh.con.execute(
        """SELECT count(*) FROM v_compliance_summary
           WHERE n_no_evidence <> n_no_document + n_no_dated_evidence + n_planned_only"""
    ).fetchone() == (0,)
    assert len(totals) == 10
    for legislature, _obligation, n_cpas, n_sum, n_total in totals:
        expected = 253 if legislature == "2018-2024" else 252
        assert n_cpas == n_sum == n_total == expected
    by_province = wh.con.execute(
        """SELECT legislature, obligation, sum(n_total) FROM v_compliance_summary
           WHERE NOT is_total GROUP BY ALL"""
    ).fetchall()
    assert all(n == (253 if leg == "2018-2024" else 252) for leg, _o, n in by_province)
    namur = wh.con.execute(
        """SELECT n_on_time, n_late FROM v_compliance_summary WHERE legislature = '2018-2024'
           AND province = 'Province de Namur' AND obligation = 'pst'"""
    ).fetchone()
    assert namur == (0, 1)  # Dinant


def test_recomputation_replaces_the_previous_one(wh):
    compute_and_store_deadlines(wh.con, date(2025, 8, 1))
    compute_and_store_deadlines(wh.con, AS_OF, due_soon_days=30)
    assert wh.con.execute("SELECT count(*), min(as_of), max(as_of) FROM v_deadlines").fetchone() == (
        2525, AS_OF, AS_OF)
    runs = wh.con.execute("SELECT as_of, due_soon_days, rules_version FROM core_deadline_runs "
                          "ORDER BY computed_at").fetchall()
    assert runs == [(date(2025, 8, 1), 90, load_rules().version), (AS_OF, 30, load_rules().version)]


class _FailingInserts:
    """A connection whose inserts into the deadlines table fail."""

    def __init__(self, con):
        self._con = con

    def execute(self, sql, *args):
        if sql.startswith("INSERT INTO core_deadlines"):
            raise RuntimeError("disk full")
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_a_failed_computation_keeps_the_previous_one(wh):
    compute_and_store_deadlines(wh.con, date(2025, 8, 1))
    with pytest.raises(RuntimeError):
        compute_and_store_deadlines(_FailingInserts(wh.con), AS_OF)
    assert wh.con.execute("SELECT count(*), max(as_of) FROM v_deadlines").fetchone() == (
        2525, date(2025, 8, 1))
    assert wh.con.execute("SELECT count(*) FROM core_deadline_runs").fetchone() == (1,)


def test_refresh_deadlines_defaults_to_today(wh):
    result = refresh_deadlines(wh.con)
    assert result is not None and result.as_of == date.today()
    assert wh.con.execute("SELECT max(as_of) FROM v_deadlines").fetchone() == (date.today(),)


def _runs(con) -> int:
    return con.execute("SELECT count(*) FROM core_deadline_runs").fetchone()[0]


def test_refresh_recomputes_only_when_an_input_changed(wh, tmp_path):
    """Same day, documents, rule files and code: the stored computation stands (an unchanged weekly run). Another
    day, another document or another rule file: computed again; a `pst deadlines` store in between too."""
    first = refresh_deadlines(wh.con, AS_OF)
    again = refresh_deadlines(wh.con, AS_OF)
    assert _runs(wh.con) == 1 and (again.as_of, again.n_rows) == (first.as_of, first.n_rows) == (AS_OF, 2525)
    refresh_deadlines(wh.con, date(2026, 11, 24))
    assert _runs(wh.con) == 2
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES_FILE.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    refresh_deadlines(wh.con, date(2026, 11, 24), rules_path=rules)
    assert _runs(wh.con) == 3
    compute_and_store_deadlines(wh.con, date(2026, 11, 24), 30, rules_path=rules)  # pst deadlines --due-soon 30
    refresh_deadlines(wh.con, date(2026, 11, 24), rules_path=rules)
    assert _runs(wh.con) == 5
    assert wh.con.execute("SELECT due_soon_days FROM core_deadline_runs ORDER BY computed_at DESC LIMIT 1"
                          ).fetchone() == (90,)
    wh.load(parse_file(SAMPLES / "grace-hollogne_deliberation-pst.docx").document, "/x/grace.docx")
    refresh_deadlines(wh.con, date(2026, 11, 24), rules_path=rules)
    assert _runs(wh.con) == 6


def test_legislature_of_an_event_date():
    rules = load_rules()
    assert legislature_of(rules, "pst_adopted", date(2020, 11, 24)) == "2018-2024"
    assert legislature_of(rules, "dps_adopted", date(2018, 12, 20)) == "2018-2024"
    assert legislature_of(rules, "pst_adopted", date(2025, 6, 1)) == "2024-2030"
    # A final evaluation presented to the next council closes the previous legislature.
    assert legislature_of(rules, "evaluation_final", date(2025, 3, 1)) == "2018-2024"
    assert legislature_of(rules, "pst_adopted", date(2017, 1, 1)) is None
    # January 2025: the outgoing council or the new one — the document breaks the tie, and a
    # span of years next to the date beats the document.
    for tie in ("2018-2024", "2024-2030"):
        assert legislature_of(rules, "pst_updated", date(2025, 1, 13), document_legislature=tie) == tie
    assert legislature_of(rules, "pst_updated", date(2025, 1, 13), text="Le PST 2019-2024 a été "
                          "actualisé le 13 janvier 2025.", document_legislature="2024-2030") == "2018-2024"


def test_grace_hollogne_sample_end_to_end(tmp_path):
    result = parse_file(SAMPLES / "grace-hollogne_deliberation-pst.docx")
    assert result.document is not None, result.failure
    doc = result.document
    assert doc.nis_code == GRACE
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc, result.source_key)
        compute_and_store_deadlines(wh.con, AS_OF)
        dps = deadline(wh.con, GRACE, "2018-2024", "dps")
        pst = deadline(wh.con, GRACE, "2018-2024", "pst")
    assert (dps["status"], dps["done_date"], dps["days_late"]) == ("late", date(2020, 9, 29), 564)
    assert "Déclaration de Politique Sociale adoptée" in dps["evidence_text"]
    assert (pst["due_to"], pst["status"], pst["done_date"]) == (date(2019, 10, 15), "late", date(2020, 11, 24))
    assert pst["days_late"] == (date(2020, 11, 24) - date(2019, 10, 15)).days
    assert "mardi 24 novembre 2020" in pst["evidence_text"]
    assert dps["evidence_source_file"] == pst["evidence_source_file"] == "grace-hollogne_deliberation-pst.docx"


def test_a_session_computation_leaves_the_shared_views_alone(wh, tmp_path):
    compute_and_store_deadlines(wh.con, AS_OF)
    path = wh.path
    wh.close()
    session = session_connection(path)
    try:
        run = compute_and_store_deadlines(session, date(2025, 8, 1), shared=False)
        assert not run.shared
        # This connection sees its own computation...
        assert session.execute("SELECT DISTINCT as_of FROM v_deadlines").fetchall() == [(date(2025, 8, 1),)]
        assert deadline(session, ANDENNE, "2024-2030", "pst")["status"] == "due_soon"
        assert shared_computation(session)[0] == AS_OF
        # ...another reader still sees the shared one, summary included.
        other = duckdb.connect(str(path), read_only=True)
        try:
            assert other.execute("SELECT DISTINCT as_of FROM v_deadlines").fetchall() == [(AS_OF,)]
            assert other.execute("SELECT DISTINCT as_of FROM v_compliance_summary").fetchall() == [(AS_OF,)]
            assert deadline(other, ANDENNE, "2024-2030", "pst")["status"] == "planned_only"
        finally:
            other.close()
    finally:
        session.close()
    with Warehouse(path) as again:
        assert again.con.execute("SELECT count(*) FROM core_deadline_runs").fetchone() == (1,)


def test_events_show_their_own_legislature(wh):
    compute_and_store_deadlines(wh.con, AS_OF)
    rows = wh.con.execute(
        """SELECT kind, event_date, legislature, event_legislature FROM v_events
           WHERE source_file = 'Namur_pst.pdf' ORDER BY event_date"""
    ).fetchall()
    assert rows == [
        ("dps_adopted", date(2019, 2, 1), "2024-2030", "2018-2024"),
        ("pst_adopted", date(2025, 6, 30), "2024-2030", "2024-2030"),
    ]
    labels = dict(wh.con.execute("SELECT code, label FROM core_deadline_status_labels").fetchall())
    assert labels["no_document"] == "aucun document" and len(labels) == 13


# ---- Issue 12, end to end: documents the test builds, parsed, loaded, their deadlines --------

def _load_built(wh, folder, name, *paragraphs):
    path = folder / name
    write_docx(path, "".join(para(p) for p in paragraphs))
    result = parse_file(path)
    assert result.document is not None, result.failure
    wh.load(result.document, result.source_key)
    return result.document


def test_built_documents_end_to_end(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        # Reviews the 2019-2024 plan and presents the 2025-2030 one: the 2025 acts are not lost.
        _load_built(
            wh, tmp_path, "cpas-jodoigne_pst-2025-2030.docx",
            "CPAS de Jodoigne – Évaluation du PST 2019-2024 et PST 2025-2030",
            "Le Programme Stratégique Transversal 2019-2024 a été adopté par le Conseil de "
            "l'action sociale le 24 septembre 2019.",
            "L'évaluation finale du PST 2019-2024 a été présentée au Conseil le 17 décembre 2024.",
            "La Déclaration de Politique Sociale 2025-2030 a été adoptée par le Conseil le "
            "24 février 2025.",
            "Le nouveau PST 2025-2030 a été approuvé par le Conseil de l'action sociale le "
            "22 septembre 2025.",
        )
        # An installation stated in the document narrows the due date.
        _load_built(
            wh, tmp_path, "cpas-gembloux_pst.docx",
            "CPAS de Gembloux – Programme stratégique transversal 2019-2024",
            "Le Conseil de l'action sociale a été installé le 7 janvier 2019.",
            "Le Conseil de l'action sociale a adopté le PST le 10 octobre 2019.",
        )
        # Only the year: it straddles the due date.
        _load_built(
            wh, tmp_path, "cpas-ciney_pst.docx",
            "CPAS de Ciney – Programme stratégique transversal 2019-2024",
            "Le PST a été adopté par le Conseil de l'action sociale en 2019.",
        )
        # Only announced; and a plan that dates nothing.
        _load_built(
            wh, tmp_path, "cpas-durbuy_pst.docx",
            "CPAS de Durbuy – Programme stratégique transversal 2025-2030",
            "Le PST sera soumis au Conseil de l'action sociale le 29 septembre 2025.",
        )
        _load_built(
            wh, tmp_path, "cpas-hannut_pst.docx",
            "CPAS de Hannut – Programme stratégique transversal 2019-2024",
            "Le PST a été présenté à l'ensemble du personnel le 12 novembre 2019.",
        )
        compute_and_store_deadlines(wh.con, AS_OF)
        con = wh.con

        def status(nis, leg, obligation):
            row = deadline(con, nis, leg, obligation)
            return row["status"], row["done_date"], row["days_late"]

        jodoigne, gembloux, ciney, durbuy, hannut = "25048", "92142", "91030", "83012", "64034"
        assert status(jodoigne, "2018-2024", "pst") == ("on_time", date(2019, 9, 24), None)
        assert status(jodoigne, "2018-2024", "evaluation_final") == ("in_window", date(2024, 12, 17), None)
        assert status(jodoigne, "2024-2030", "dps") == ("on_time", date(2025, 2, 24), None)
        # On time under the 9 months of the guidance, late under the 6 months of the law.
        assert status(jodoigne, "2024-2030", "pst") == ("on_time", date(2025, 9, 22), None)
        pst = deadline(con, jodoigne, "2024-2030", "pst")
        assert (pst["other_status"], pst["other_days_late"]) == ("late", 69)
        gembloux_pst = deadline(con, gembloux, "2018-2024", "pst")
        assert (gembloux_pst["due_from"], gembloux_pst["due_to"]) == (date(2019, 10, 7), date(2019, 10, 7))
        assert (gembloux_pst["status"], gembloux_pst["days_late"]) == ("late", 3)
        assert gembloux_pst["installation_source"] == "selon le document cpas-gembloux_pst.docx"
        assert status(ciney, "2018-2024", "pst") == ("undecidable", date(2019, 1, 1), None)
        assert deadline(con, ciney, "2018-2024", "pst")["status_label"].startswith("indécidable")
        assert status(durbuy, "2024-2030", "pst") == ("planned_only", None, None)
        assert status(hannut, "2018-2024", "pst") == ("no_dated_evidence", None, None)
        assert status(hannut, "2024-2030", "pst") == ("no_document", None, None)


def test_up_to_date_deadlines_are_told_without_the_rules(wh, tmp_path):
    """What an unchanged run asks: the stored computation when it is current, None when the day, the rules or a
    file changed — or cannot be read —, and the answer needs neither the rules nor the event patterns."""
    import subprocess
    import sys

    from warehouse.compliance.current import deadlines_up_to_date

    assert deadlines_up_to_date(wh.con, AS_OF) is None  # nothing computed yet
    first = refresh_deadlines(wh.con, AS_OF)
    stored = deadlines_up_to_date(wh.con, AS_OF)
    assert stored is not None and (stored.as_of, stored.n_rows, stored.rules_version) == (
        first.as_of, first.n_rows, first.rules_version)
    assert deadlines_up_to_date(wh.con, date(2026, 11, 24)) is None
    rules = tmp_path / "rules.yaml"
    rules.write_text(RULES_FILE.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert deadlines_up_to_date(wh.con, AS_OF, rules_path=rules) is None
    assert deadlines_up_to_date(wh.con, AS_OF, rules_path=tmp_path / "missing.yaml") is None
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, warehouse.compliance.current; "
         "print(sorted(m for m in sys.modules if m.endswith(('compliance.rules', 'facts.events', 'evidence'))))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert loaded == "[]"
