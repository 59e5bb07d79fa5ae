"""One document never stops the batch (issue 14): each case builds what aborted a whole run and checks
that the run ends, that document recorded with its reason, the others loaded.

Runs ``ingest_flow`` / ``run_fetch`` in-process against the session's Prefect harness, or ``pst
ingest`` as subprocesses when two runs must race.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.fetch_flow import FetchSummary, SourceReport, run_fetch
from flows.ingest_flow import ingest_flow
from tests.fixtures.http_server import Route, fast_policy
from tests.hostile import builders as b
from tests.hostile import heavy
from tests.hostile import servers as hostile

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
PST = str(ROOT / ".venv" / "bin" / "pst")


def _documents(db: Path) -> dict[str, tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT source_file, parse_status, error_code, error, warnings FROM v_documents WHERE is_current"
        ).fetchall()
    finally:
        con.close()
    return {r[0]: r[1:] for r in rows}


# ---- file names that are not UTF-8 ------------------------------------------------------------
def test_file_names_that_are_not_utf8_are_loaded_and_shown(prefect_harness, tmp_path, monkeypatch):
    folder = tmp_path / "zip-from-windows"
    folder.mkdir()
    shutil.copyfile(SAMPLES / "meix-devant-virton_pst.docx", os.fsdecode(bytes(folder) + b"/plan-\xe9t\xe9.docx"))
    shutil.copyfile(SAMPLES / "sprimont_pst-du-cpas.html", os.fsdecode(bytes(folder) + b"/page-\x81.html"))
    db = tmp_path / "w.duckdb"
    first = ingest_flow([str(folder)], db=str(db))
    assert sorted((d.source_file, d.outcome) for d in first.documents) == [
        ("page-\\x81.html", "loaded"),  # not even Windows-1252: the byte is written as an escape
        ("plan-été.docx", "loaded"),
    ]
    assert set(_documents(db)) == {"page-\\x81.html", "plan-été.docx"}
    from flows.cli import common

    monkeypatch.setattr(common.console, "width", 250)  # the console is made at import: COLUMNS comes too late
    # The command's table of documents (into another warehouse: a run that finds nothing new has no table).
    res = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "other.duckdb"), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "plan-été.docx" in res.output and "page-\\x81.html" in res.output and "loaded: 2" in res.output


# ---- environment failures are tried again -------------------------------------------------------
@pytest.mark.slow
def test_a_scan_failed_for_missing_ocr_is_parsed_again_once_ocr_is_there(prefect_harness, tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    b.image_pages_pdf(folder / "scan.pdf", image_pages=1)
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "tesseract").write_text("#!/bin/sh\necho 'List of available languages (1):'\necho eng\n")
    (fake / "tesseract").chmod(0o755)
    db = tmp_path / "w.duckdb"
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    first = ingest_flow([str(folder)], db=str(db), use_cache=False)
    assert [(d.outcome, d.error.split(":")[0]) for d in first.documents] == [("failed", "ocr_unavailable")]
    monkeypatch.setenv("PATH", os.environ["PATH"].split(os.pathsep, 1)[1])  # OCR "installed"
    second = ingest_flow([str(folder)], db=str(db))  # with the cache on: the failure is not reused
    assert [d.outcome for d in second.documents] != ["unchanged"]
    assert _documents(db)["scan.pdf"][0] != "failed"
    third = ingest_flow([str(folder)], db=str(db))
    assert [d.outcome for d in third.documents] == ["unchanged"]


# ---- two warehouses in one folder ---------------------------------------------------------------
@pytest.fixture(scope="module")
def pst_env(prefect_harness, tmp_path_factory):
    from prefect.settings import PREFECT_API_URL

    home = tmp_path_factory.mktemp("prefect-home")
    return {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PREFECT_HOME": str(home)}


@pytest.mark.slow
def test_two_warehouses_in_one_folder_do_not_share_a_spool(pst_env, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    page = (SAMPLES / "sprimont_pst-du-cpas.html").read_bytes()
    for k in range(9):  # nine documents (distinct bytes: the same bytes twice are one document)
        (docs / f"page-{k}.html").write_bytes(page + f"<!-- copy {k} -->".encode())
    procs = [
        subprocess.Popen([PST, "ingest", str(docs), "--db", str(tmp_path / f"{name}.duckdb"), "--no-progress"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=pst_env, cwd=ROOT)
        for name in ("a", "b")
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-3000:]
        assert "Traceback" not in err
    for name in ("a", "b"):
        assert len(_documents(tmp_path / f"{name}.duckdb")) == 9
    assert [p.name for p in tmp_path.iterdir() if "spool" in p.name] == []


# ---- a parse process that dies ------------------------------------------------------------------
def _parse_children() -> list:
    """The processes this one forked to parse a document (same command line as this process)."""
    import psutil

    me = psutil.Process()
    found = []
    for child in me.children():
        try:
            if child.cmdline() == me.cmdline():
                found.append(child)
        except psutil.Error:
            continue
    return found


class _Killer(threading.Thread):
    """Plays the kernel's OOM killer: SIGKILLs a parse whose process has run longer than ``after`` s."""

    def __init__(self, after: float):
        super().__init__(daemon=True)
        self.after, self.kills, self.done = after, 0, threading.Event()

    def run(self) -> None:
        import psutil

        while not self.done.wait(0.2):
            for parse in _parse_children():
                try:
                    if time.time() - parse.create_time() > self.after:
                        os.kill(parse.pid, 9)
                        self.kills += 1
                except (psutil.Error, ProcessLookupError):
                    continue


@pytest.mark.slow
def test_a_parse_process_that_dies_is_recorded_and_the_batch_goes_on(prefect_harness, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    heavy.near_limit_html(folder / "heavy.html", megabytes=19.5)  # parses for about a minute
    for k in range(3):
        shutil.copyfile(SAMPLES / "sprimont_pst-du-cpas.html", folder / f"page-{k}.html")
    db = tmp_path / "w.duckdb"
    killer = _Killer(after=15)
    killer.start()
    try:
        summary = ingest_flow([str(folder)], db=str(db), use_cache=False)
    finally:
        killer.done.set()
        killer.join()
    outcomes = {d.source_file: (d.outcome, d.error) for d in summary.documents}
    assert killer.kills == 1
    assert outcomes["heavy.html"][0] == "failed" and outcomes["heavy.html"][1].startswith("worker_died")
    assert all(outcomes[f"page-{k}.html"][0] != "failed" for k in range(3))
    assert _documents(db)["heavy.html"][1] == "worker_died"
    # Recorded, so the next run does not run into it again.
    again = ingest_flow([str(folder)], db=str(db))
    assert {d.source_file: d.outcome for d in again.documents}["heavy.html"] == "unchanged"


# ---- the budget, end to end ---------------------------------------------------------------------
@pytest.mark.slow
def test_a_document_over_the_time_budget_is_recorded_and_the_others_load(prefect_harness, tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    heavy.many_bullets_html(folder / "bullets.html", bullets=40_000)
    shutil.copyfile(SAMPLES / "sprimont_pst-du-cpas.html", folder / "sprimont.html")
    monkeypatch.setenv("PST_PARSE_SECONDS", "2")
    summary = ingest_flow([str(folder)], db=str(tmp_path / "w.duckdb"), use_cache=False)
    outcomes = {d.source_file: (d.outcome, d.error or "") for d in summary.documents}
    assert outcomes["bullets.html"][0] == "failed"
    assert outcomes["bullets.html"][1].startswith("timeout: parsing took more than the 2 s time budget")
    assert outcomes["sprimont.html"][0] == "loaded"


# ---- the fetch flow -----------------------------------------------------------------------------
def test_fetch_summary_counts_a_load_failure_once():
    summary = FetchSummary(run_id="r", db="w.duckdb", sources=[
        SourceReport(url="u1", role="registry", nis_code=None, fetch="fetched", load="failed"),
        SourceReport(url="u2", role="registry", nis_code=None, fetch="failed"),
        SourceReport(url="u3", role="registry", nis_code=None, fetch="fetched", load="loaded"),
    ])
    c = summary.counts()
    assert (c["failed"], c["fetched"], c["parsed"], c["loaded"]) == (2, 2, 2, 1)
    assert summary.outcomes.failed == 2


def _registry(tmp_path: Path, entries: list[tuple[str, str, str]]) -> Path:
    path = tmp_path / "sources.yaml"
    lines = "".join(f'  - nis_code: "{n}"\n    url: {u}\n    kind: {k}\n' for n, u, k in entries)
    path.write_text("sources:\n" + lines)
    return path


@pytest.mark.slow
def test_fetch_caps_links_and_one_bad_url_never_stops_the_run(prefect_harness, site, tmp_path):
    links = "".join(f'<p><a href="/docs/pst-{i}.pdf">PST {i}</a></p>' for i in range(300))
    site.routes["/page"] = Route(body=f"<html><body><main><h1>PST</h1>{links}</main></body></html>".encode())
    site.routes["/moved"] = Route(handler=hostile.raw_redirect(b"http://[::1/pst.pdf"))
    site.routes["/pst.pdf"] = Route(body=(SAMPLES / "meix-devant-virton_pst.pdf").read_bytes(),
                                    content_type="application/pdf")
    registry = _registry(tmp_path, [
        ("62100", site.url("/page"), "page"),
        ("85024", site.url("/moved"), "pdf"),
        ("62118", site.url("/pst.pdf"), "pdf"),
    ])
    policy = fast_policy(max_links_per_page=5, max_links_per_run=3)
    summary = run_fetch(sources=str(registry), db=str(tmp_path / "w.duckdb"), store=str(tmp_path / "store"),
                        policy=policy, max_workers=1)
    page = summary.report(site.url("/page"))
    assert page.links_skipped == 295 + 2
    assert any("295 more linked document(s) not followed: at most 5 per page" in w for w in page.warnings)
    assert any("2 linked document(s) not followed: at most 3 per run" in w for w in page.warnings)
    followed = [s for s in summary.sources if s.role == "linked"]
    assert len(followed) == 3 and {s.fetch for s in followed} == {"gone"}
    assert len([h for h in site.hits if h.path.startswith("/docs/")]) == 3
    moved = summary.report(site.url("/moved"))
    assert moved.fetch == "failed" and "malformed Location" in moved.error
    assert summary.report(site.url("/pst.pdf")).load == "loaded"
    assert summary.counts()["links_skipped"] == 297

