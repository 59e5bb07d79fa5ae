"""The ingest flow end to end on the sample corpus: load, re-run unchanged, new versions, bad files."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.ingest_flow import ingest_flow, reporting_progress


def test_ingest_samples_then_rerun_is_unchanged(prefect_harness, text_samples, tmp_path):
    db = tmp_path / "w.duckdb"
    progress: list[tuple[int, int, str]] = []
    with reporting_progress(lambda *step: progress.append(step)):
        first = ingest_flow([str(text_samples)], db=str(db))
    assert progress[0] == (0, 5, "") and progress[-1][:2] == (5, 5) and len(progress) == 6
    assert (first.counts.changed, first.counts.total) == (5, 5)
    assert sorted((d.source_file, d.outcome) for d in first.documents) == [
        ("grace-hollogne_deliberation-pst.docx", "loaded"),
        ("grace-hollogne_deliberation-pst.pdf", "loaded"),
        ("meix-devant-virton_pst.docx", "loaded"),
        ("meix-devant-virton_pst.pdf", "loaded"),
        ("sprimont_pst-du-cpas.html", "loaded"),
    ]
    con = duckdb.connect(str(db), read_only=True)
    counts = con.execute(
        "SELECT source_file, n_os, n_oo, n_actions, parse_status FROM v_documents ORDER BY source_file"
    ).fetchall()
    before = con.execute("SELECT * FROM v_plan_items ORDER BY document_id, position").fetchall()
    con.close()
    assert counts == [
        ("grace-hollogne_deliberation-pst.docx", 7, 26, 101, "ok"),
        ("grace-hollogne_deliberation-pst.pdf", 7, 26, 101, "ok"),
        ("meix-devant-virton_pst.docx", 6, 23, 0, "ok"),
        ("meix-devant-virton_pst.pdf", 6, 23, 0, "ok"),
        ("sprimont_pst-du-cpas.html", 6, 0, 0, "ok"),
    ]

    second = ingest_flow([str(text_samples)], db=str(db))
    assert {d.outcome for d in second.documents} == {"unchanged"}
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT * FROM v_plan_items ORDER BY document_id, position").fetchall() == before
    runs = con.execute("SELECT n_loaded, n_unchanged, n_failed, status FROM v_runs ORDER BY started_at").fetchall()
    con.close()
    assert runs == [(5, 0, 0, "finished"), (0, 5, 0, "finished")]


def test_bad_file_is_recorded_and_the_batch_goes_on(prefect_harness, text_samples, tmp_path):
    (text_samples / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (text_samples / "empty.docx").write_bytes(b"")
    db = tmp_path / "w.duckdb"
    summary = ingest_flow([str(text_samples)], db=str(db))
    outcomes = {d.source_file: d.outcome for d in summary.documents}
    assert outcomes["broken.pdf"] == "failed" and outcomes["empty.docx"] == "failed"
    assert sum(1 for o in outcomes.values() if o == "loaded") == 5
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT source_file, parse_status, error_code FROM v_documents WHERE parse_status = 'failed' ORDER BY 1"
    ).fetchall()
    con.close()
    assert rows == [("broken.pdf", "failed", "corrupt"), ("empty.docx", "failed", "empty")]


def test_changed_document_becomes_a_new_version(prefect_harness, text_samples, tmp_path):
    db = tmp_path / "w.duckdb"
    page = text_samples / "sprimont_pst-du-cpas.html"
    ingest_flow([str(page)], db=str(db))
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "Est dynamique au niveau du droit à un logement décent.", "Garantit un logement décent à chacun."
        ),
        encoding="utf-8",
    )
    summary = ingest_flow([str(page)], db=str(db))
    assert [d.outcome for d in summary.documents] == ["new_version"]
    con = duckdb.connect(str(db), read_only=True)
    titles = con.execute("SELECT title FROM v_plan_items WHERE number = '4'").fetchall()
    versions = con.execute("SELECT version_no, is_current FROM v_document_versions").fetchall()
    con.close()
    assert titles == [("Garantit un logement décent à chacun.",)]
    assert versions == [(1, False), (2, True)]


@pytest.mark.slow  # the language process loads spaCy (~8 s)
def test_the_analysis_in_a_language_process_is_the_analysis_in_process(prefect_harness, text_samples, tmp_path,
                                                                        monkeypatch):
    from warehouse.analysis import language_process as lp

    tables = ("core_item_themes", "core_similar_actions", "core_text_lemmas")

    def analysis(db) -> dict[str, list[tuple]]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables}
        finally:
            con.close()

    ingest_flow([str(text_samples)], db=str(tmp_path / "here.duckdb"))
    asked: list[str] = []
    ask = lp.LanguageProcess._ask

    def counted(self, kind, payload):
        asked.append(kind)
        return ask(self, kind, payload)

    prepared: list[str] = []
    prepare = lp.LanguageProcess.prepare

    def noted(self, texts):
        prepared.extend(texts)
        return prepare(self, texts)

    monkeypatch.setattr(lp, "useful", lambda: True)
    monkeypatch.setattr(lp.LanguageProcess, "_ask", counted)
    monkeypatch.setattr(lp.LanguageProcess, "prepare", noted)
    ingest_flow([str(text_samples)], db=str(tmp_path / "there.duckdb"))
    assert "classify_tree" in asked and "analyse" in asked  # the work went to the process
    with duckdb.connect(str(tmp_path / "there.duckdb"), read_only=True) as con:
        titles = {t for (t,) in con.execute("SELECT title FROM v_plan_items").fetchall()}
    # Each item's text was handed to the process as its document was loaded, before the analysis asked for it.
    assert titles and all(any(p == t or p.startswith(f"{t}. ") for p in prepared) for t in titles)
    here, there = analysis(tmp_path / "here.duckdb"), analysis(tmp_path / "there.duckdb")
    assert here["core_item_themes"] and here["core_text_lemmas"] and here == there


def test_documents_are_parsed_largest_first_and_the_next_window_is_submitted_ahead(tmp_path, monkeypatch):
    """The workers never wait for the end of a window, and the run never ends on a large document parsed alone."""
    import flows.ingest_flow as ingest_module

    todo = []
    for name, size in {"a": 10, "b": 300, "c": 20, "d": 200, "e": 5}.items():
        (tmp_path / name).write_bytes(b"x" * size)
        todo.append((str(tmp_path / name), None))
    events: list[tuple[str, str]] = []

    class Submitted:
        def __init__(self, path: str):
            self.path = path

        def result(self) -> str:
            return self.path

    class Runner:
        def submit(self, path: str, sha: str | None, spool: str) -> Submitted:
            events.append(("submit", Path(path).name))
            return Submitted(path)

    monkeypatch.setattr(ingest_module, "SUBMIT_WINDOW", 2)
    monkeypatch.setattr(ingest_module, "_as_completed", iter)  # completed in the order submitted
    monkeypatch.setattr(ingest_module, "read_spooled", lambda spooled, path, sha: Path(spooled).name)
    for name in ingest_module._parsed(Runner(), todo, str(tmp_path)):
        events.append(("read", name))

    assert events == [
        ("submit", "b"), ("submit", "d"), ("submit", "c"), ("submit", "a"), ("read", "b"), ("read", "d"),
        ("submit", "e"), ("read", "c"), ("read", "a"), ("read", "e"),
    ]
