"""Readers are never blocked (issue 15): a writer works on a private copy and swaps it in; one writer at a time,
the second told who writes; read commands create nothing at a mistyped ``--db``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from warehouse.analysis.search import ensure_search_index
from warehouse.loader import Warehouse, WarehouseBusy
from warehouse.snapshot import working_path, writer_busy

from .compare_builders import build, plan

ROOT = Path(__file__).resolve().parents[2]
DOCS = "SELECT count(*) FROM core_documents"


def _count(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(DOCS).fetchone()[0]
    finally:
        con.close()


@pytest.fixture()
def writer_process(tmp_path):
    """A process holding the writer of a small warehouse until the test ends; yields (db, its pid)."""
    db = build(tmp_path / "w.duckdb")
    with Warehouse(db) as wh:
        ensure_search_index(wh.con)
    code = (f"from warehouse.loader import Warehouse; import time; w = Warehouse({str(db)!r}); "
            "print('ok', flush=True); time.sleep(120)")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout.readline().strip() == "ok"
        yield db, proc.pid
    finally:
        proc.kill()
        proc.wait()


def test_a_reader_keeps_its_snapshot_and_never_blocks_the_writer(tmp_path):
    db = build(tmp_path / "w.duckdb")
    reader = duckdb.connect(str(db), read_only=True)
    try:
        with Warehouse(db) as wh:  # a reader holds the file: the writer is not refused
            wh.load(plan("Sprimont", "62100", ["Ouvrir un guichet social"], name="new.pdf"), "/d/new.pdf")
        assert reader.execute(DOCS).fetchone()[0] == 3  # the file it opened, whole
    finally:
        reader.close()
    assert _count(db) == 4  # who opens now sees the published run
    assert not working_path(db).exists()


def test_a_long_run_publishes_as_it_goes(tmp_path):
    db = build(tmp_path / "w.duckdb")
    wh = Warehouse(db, publish_seconds=0)
    try:
        wh.load(plan("Sprimont", "62100", ["Ouvrir un guichet social"], name="new.pdf"), "/d/new.pdf")
        assert _count(db) == 4  # published after the commit, while the writer goes on
    finally:
        wh.close()


def test_a_killed_writer_loses_only_what_it_had_not_published(tmp_path):
    db = build(tmp_path / "w.duckdb")
    code = (
        "import os; from warehouse.loader import Warehouse; from tests.warehouse.compare_builders import plan\n"
        f"w = Warehouse({str(db)!r}, publish_seconds=3600)\n"
        "w.load(plan('Sprimont', '62100', ['Ouvrir un guichet social'], name='lost.pdf'), '/d/lost.pdf')\n"
        "os._exit(9)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False, timeout=120)
    assert working_path(db).exists() and _count(db) == 3  # its copy is left; the published file is untouched
    with Warehouse(db) as wh:  # the next writer starts again from the published file
        assert wh.con.execute(DOCS).fetchone()[0] == 3
    assert _count(db) == 3


def test_a_second_writer_is_told_who_writes(writer_process):
    db, pid = writer_process
    with pytest.raises(WarehouseBusy) as busy:
        Warehouse(db)
    assert f"(process {pid}) is writing it" in str(busy.value) and "python" in str(busy.value)
    assert writer_busy(db) == str(busy.value)
    assert _count(db) == 3  # readers still answer


def test_a_second_pst_ingest_says_busy_in_one_line(writer_process, tmp_path):
    db, pid = writer_process
    doc = tmp_path / "plan.html"
    doc.write_text("<html><body><h1>PST</h1><ol><li>Objectif</li></ol></body></html>", encoding="utf-8")
    res = CliRunner().invoke(app, ["ingest", str(doc), "--db", str(db), "--no-progress"])
    assert res.exit_code == 3, res.output
    said = " ".join(res.output.split())
    assert "busy" in said and f"(process {pid})" in said and "Traceback" not in res.output
    res = CliRunner().invoke(app, ["search", "facebook", "--db", str(db)])  # reading goes on meanwhile
    assert res.exit_code == 0 and "Facebook" in res.output, res.output


@pytest.mark.parametrize(
    "args",
    [["search", "logement"], ["export", "OUT"], ["report", "OUT.html"], ["sql", "SELECT 1"], ["review"],
     ["deadlines", "--as-of", "2025-01-01"], ["dictionary"]],
)
def test_a_mistyped_db_creates_nothing(tmp_path, args):
    typo = tmp_path / "pts.duckdb"
    args = [a.replace("OUT", str(tmp_path / "out")) for a in args]
    res = CliRunner().invoke(app, [*args, "--db", str(typo)])
    assert not typo.exists() and not list(tmp_path.glob(".pts.duckdb*"))
    if args[0] != "dictionary":  # the dictionary of the code's own schema is printed instead
        assert res.exit_code == 3, res.output
        assert str(typo) in " ".join(res.output.split()).replace(" ", "") or typo.name in res.output


def test_a_log_the_close_could_not_fold_in_is_published_with_its_file(tmp_path):
    """A full disk at the close leaves the run's last commits in the write-ahead log: they are published too."""
    from warehouse.snapshot import publish_closed, wal_of

    work, db = tmp_path / ".w.duckdb.writing", tmp_path / "w.duckdb"
    con = duckdb.connect(str(work))
    con.execute("PRAGMA disable_checkpoint_on_shutdown")
    con.execute("CREATE TABLE t AS SELECT 42 AS x")
    con.close()
    assert wal_of(work).stat().st_size > 0
    publish_closed(work, db)
    assert not work.exists() and not wal_of(work).exists()
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT x FROM t").fetchall() == [(42,)]
    finally:
        con.close()


def test_a_read_command_on_lagging_derived_data_never_takes_the_writers_lock(tmp_path):
    """A run killed before its after-load step leaves no search index: a reader rebuilds it in a private copy
    for itself, says so, and leaves the warehouse, its lock and its writers alone."""
    from warehouse.after_load import derived_stale, reading

    db = build(tmp_path / "w.duckdb")  # loaded without the after-load step
    before = db.read_bytes()
    with reading(db) as found:
        assert not derived_stale(found.con) and "rebuilt for this command only" in found.note
        assert db.read_bytes() == before and not working_path(db).exists() and writer_busy(db) is None
        with Warehouse(db) as wh:  # a writer starting meanwhile is not refused
            assert derived_stale(wh.con)
    res = CliRunner().invoke(app, ["search", "guichet", "--db", str(db)])
    assert res.exit_code == 0, res.output
