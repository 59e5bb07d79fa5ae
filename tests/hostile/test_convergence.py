"""Convergence and clear messages (issue 14): the warehouse ends up right after a kill, a failure caused by
the machine is tried again, the busy message names the real holder, a garbage text layer goes to OCR,
and limits, memory and a full disk are said in words — each case building its input."""

from __future__ import annotations

import errno
import mmap
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from flows.workers import Budget, _with_figure, run_bounded
from normalizers.parse import ParseFailure, ParseResult, parse, parse_file
from pipeline.core.errors import disk_full
from tests.hostile import heavy
from tests.warehouse.compare_builders import build
from warehouse.after_load import derived_stale, refresh_after_load
from warehouse.loader import Warehouse

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
PST = str(ROOT / ".venv" / "bin" / "pst")
MIB = 1024 * 1024


def _derived(db: Path) -> tuple[int, int, bool]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        themes = con.execute("SELECT count(*) FROM core_item_themes").fetchone()[0]
        similar = con.execute("SELECT count(*) FROM core_similar_actions").fetchone()[0]
        search = bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'core_search_docs'")
                      .fetchone()[0])
    finally:
        con.close()
    return themes, similar, search


# ---- derived data rebuilt whenever stale ---------------------------------------------------------
def test_stale_derived_data_is_rebuilt_even_when_the_run_changed_nothing(tmp_path):
    """Documents loaded, the after-load step never finished (killed): the next run changes no document
    ("unchanged") and must still rebuild the themes, similar actions and search index."""
    db = build(tmp_path / "w.duckdb")  # loads documents, no after-load step
    with Warehouse(db) as wh:
        assert derived_stale(wh.con)
        refresh_after_load(wh.con, changed=False, corrections_dir=None)
        assert not derived_stale(wh.con)
    themes, similar, search = _derived(db)
    assert themes > 0 and similar > 0 and search


_REBUILD = """
import sys
from warehouse.loader import Warehouse
from warehouse.after_load import refresh_after_load
with Warehouse(sys.argv[1]) as wh:
    print("open", flush=True)
    refresh_after_load(wh.con, changed=True, corrections_dir=None)
print("done", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("after", [1.0, 3.0, 6.0])
def test_kill_9_during_the_after_load_rebuild_converges(tmp_path, after):
    db = build(tmp_path / "w.duckdb")
    proc = subprocess.Popen([sys.executable, "-c", _REBUILD, str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            start_new_session=True)
    assert proc.stdout.readline().strip() == "open"
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    with Warehouse(db) as wh:  # the re-run: nothing changed in the documents
        refresh_after_load(wh.con, changed=False, corrections_dir=None)
        assert not derived_stale(wh.con)
    themes, similar, search = _derived(db)
    assert themes > 0 and similar > 0 and search


# ---- the busy message names the real holder -------------------------------------------------------
def _has_open(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def test_a_reader_holding_the_warehouse_does_not_block_a_writer(tmp_path):
    """Issue 15: `pst sql` in the middle of a long query no longer makes the next run "busy"; the writer works
    on its own copy and swaps it in (who is told "busy" and named: a second writer, tests/warehouse/test_snapshot)."""
    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    query = "SELECT count(*) FROM range(4000000000) t(x) WHERE x % 7 = 3"
    reader = subprocess.Popen([PST, "sql", query, "--db", str(db)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while not _has_open(reader.pid, db):
            assert reader.poll() is None and time.monotonic() < deadline, "pst sql never opened the warehouse"
            time.sleep(0.1)
        with Warehouse(db) as wh:
            wh.start_run("test", "test")
        assert reader.poll() is None  # still reading the file it opened
        con = duckdb.connect(str(db), read_only=True)
        try:
            assert con.execute("SELECT count(*) FROM core_runs").fetchone() == (1,)
        finally:
            con.close()
    finally:
        reader.kill()
        reader.wait()


# ---- garbage text layers go to OCR ----------------------------------------------------------------
def test_garbage_cid_text_layer_is_read_by_ocr(tmp_path):
    """A font without ToUnicode: the text layer says "b(cid:1)n(cid:1)ficiaires"; OCR reads the words."""
    if shutil.which("tesseract") is None:
        pytest.fail("tesseract is not installed (make system-deps installs it)")
    pdf = heavy.cid_garbage_pdf(tmp_path / "cid.pdf")
    result = parse_file(pdf)
    assert result.failure is None, result.failure
    titles = [i.title for i in result.document.items]
    assert "Être un CPAS qui accompagne les bénéficiaires" in titles
    assert not any("(cid:" in t for t in titles)
    assert any("no Unicode mapping" in w and "read by OCR" in w for w in result.document.warnings)


# ---- limits said as limits ---------------------------------------------------------------------------
def test_a_word_file_nested_too_deep_says_so(tmp_path):
    result = parse(heavy.deep_docx(depth=400), "deep.docx")
    assert result.failure is not None and result.failure.error_code == "hostile"
    assert "deeper than 256 levels" in result.failure.error and "well-formed" not in result.failure.error


def test_an_html_text_run_above_the_parser_limit_says_so():
    page = b"<html><body><main><p>" + b"a" * (11 * MIB) + b"</p></main></body></html>"
    result = parse(page, "big.html")
    assert result.failure is not None and result.failure.error_code == "hostile"
    assert "10 MB limit" in result.failure.error


def test_a_charset_that_is_no_text_encoding_is_ignored():
    page = '<html><head><meta charset="hex"></head><body><main><h1>OS 1 : Être là</h1></main></body></html>'
    result = parse(page.encode(), "x.html")
    assert result.failure is None, result.failure


def test_an_oversized_page_to_ocr_is_skipped_with_its_figure(tmp_path):
    result = parse(heavy.huge_scanned_page_pdf(), "huge.pdf")
    assert result.failure is not None and result.failure.error_code == "empty"
    assert "above the 60 million OCR limit" in result.failure.error


def _library_fails_near_the_limit() -> ParseResult:
    held = []
    try:
        while True:
            held.append(mmap.mmap(-1, 64 * MIB))  # address space, not resident
    except (OSError, MemoryError):
        held.clear()  # the peak stays recorded; the result must still be written
    failure = ParseFailure(source_file="x.html", sha256=None, format="html", error_code="parser_error",
                           error="SystemError: error return without exception set")
    return ParseResult(source_key="x.html", failure=failure)


def test_a_library_failing_for_lack_of_memory_is_said_to_run_out_of_memory():
    budget = Budget(seconds=60, memory_mb=200)
    run = run_bounded(_library_fails_near_the_limit, budget=budget)
    assert run.value is not None, run
    result = _with_figure(run.value, run, budget)
    assert result.failure.error_code == "too_large"
    assert result.failure.error.startswith("ran out of the memory budget (200 MiB resident")
    assert "SystemError" in result.failure.error  # what the library said, kept after the explanation


# ---- a full disk -----------------------------------------------------------------------------------
def test_disk_full_is_recognised_through_wrapping_errors():
    try:
        try:
            raise duckdb.TransactionException(
                'TransactionContext Error: Failed to commit: Could not write file "/d/w.duckdb.wal": '
                "No space left on device")
        except duckdb.Error:
            raise duckdb.TransactionException("cannot rollback - no transaction is active") from None
    except duckdb.Error as exc:
        assert disk_full(exc) is not None and "/d/w.duckdb.wal" in disk_full(exc)
    assert disk_full(OSError(errno.ENOSPC, "No space left on device", "/d/x")).startswith("the disk is full")
    assert disk_full(ValueError("no")) is None


def test_every_command_says_the_disk_is_full_instead_of_a_traceback(tmp_path, monkeypatch):
    import warehouse.export.views as views

    db = build(tmp_path / "w.duckdb")

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out" / "v_plan_items.csv"))

    monkeypatch.setattr(views, "export_views", full)
    res = CliRunner().invoke(app, ["export", str(tmp_path / "out"), "--format", "csv", "--db", str(db)])
    assert res.exit_code == 4, res.output
    assert "the disk is full" in " ".join(res.output.split()) and "Traceback" not in res.output


@pytest.fixture()
def full_disk(tmp_path):
    """A 3 MB tmpfs with 2.3 MB taken (root only: mount)."""
    where = tmp_path / "small-disk"
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(where)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        (where / "filler").write_bytes(bytes(2_300_000))
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=False)


@pytest.mark.slow
def test_ingest_on_a_full_disk_ends_with_a_message(full_disk, prefect_harness):
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    proc = subprocess.run(
        [PST, "ingest", str(SAMPLES / "sprimont_pst-du-cpas.html"), str(SAMPLES / "meix-devant-virton_pst.docx"),
         "--db", str(full_disk / "w.duckdb"), "--no-progress"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=600,
    )
    assert proc.returncode == 4, proc.stderr[-3000:]
    said = " ".join(proc.stderr.split())
    assert "the run stopped: the disk is full" in said and "Traceback" not in proc.stderr
