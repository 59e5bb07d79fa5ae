"""Crash safety: an ingest killed with SIGKILL leaves no partial document, and a re-run completes it.

``pst ingest`` runs as a subprocess (in its own process group, so its worker processes die
with it) against the session's Prefect harness; it is killed at several points of a load of
many documents, then re-run. The warehouse must open, hold only whole documents, and end
with the same rows as an uninterrupted run. The run publishes its copy of the warehouse after
every document here (``PST_PUBLISH_SECONDS=0``), so a kill lands between publications; readers
during an ingest always get an answer (issue 15), or "no warehouse" before the first one.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb
import pytest

from . import builders as b

ROOT = Path(__file__).resolve().parents[2]
PST = str(ROOT / ".venv" / "bin" / "pst")
N_DOCS = 40
# Every document's own rows (the variants are renditions of three plans: v_plan_items keeps one of each).
ITEMS_SQL = """SELECT source_file, level, volet, number, title, parent_number, status
               FROM v_document_items ORDER BY source_file, level, volet, number, title"""
DOCS_SQL = """SELECT source_file, parse_status, n_os, n_oo, n_actions FROM v_documents
              WHERE is_current ORDER BY source_file"""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pst_env(prefect_harness, tmp_path_factory):
    """Environment of a ``pst`` subprocess: the harness's Prefect API and an isolated Prefect home."""
    from prefect.settings import PREFECT_API_URL

    home = tmp_path_factory.mktemp("prefect-home")
    return {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PREFECT_HOME": str(home),
            "PST_PUBLISH_SECONDS": "0"}


def _start(folder: Path, db: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [PST, "ingest", str(folder), "--db", str(db), "--no-progress"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )


def _run(folder: Path, db: Path, env: dict[str, str]) -> tuple[float, str]:
    started = time.monotonic()
    proc = _start(folder, db, env)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    assert "Traceback" not in err, err[-3000:]
    return time.monotonic() - started, out


def _published_documents(db: Path) -> int:
    """Documents in the published warehouse now (opening it never waits for the run)."""
    if not db.exists():
        return 0
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return 0
    try:
        return con.execute("SELECT count(*) FROM core_documents").fetchone()[0]
    finally:
        con.close()


def _kill_during(folder: Path, db: Path, env: dict[str, str], *, after_s: float = 0, published: int = -1) -> None:
    """Start an ingest and SIGKILL its process group ``after_s`` seconds in, or once ``published`` more
    documents than at its start are in the published warehouse (it may hold more committed, not published)."""
    start = _published_documents(db)
    proc = _start(folder, db, env)
    started = time.monotonic()
    while proc.poll() is None:
        if (published < 0 and time.monotonic() - started >= after_s) or (
            0 <= published < _published_documents(db) - start
        ):
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=60)
            return
        time.sleep(0.02)
    pytest.fail("the ingest ended before the kill; the corpus is too small")


def _query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _assert_whole_documents(db: Path, clean_docs: dict[str, tuple]) -> int:
    """Every document present holds exactly the rows of the clean run; returns how many are there."""
    docs = {r[0]: r[1:] for r in _query(db, DOCS_SQL)}
    items = dict(_query(db, "SELECT source_file, count(*) FROM v_document_items GROUP BY ALL"))
    stray = _query(
        db,
        """SELECT count(*) FROM core_plan_items i
           WHERE NOT EXISTS (SELECT 1 FROM core_documents d WHERE d.document_id = i.document_id)""",
    )
    assert stray == [(0,)]
    for name, row in docs.items():
        assert row == clean_docs[name], name
        assert items.get(name, 0) == sum(row[1:]), name
    return len(docs)


def test_killed_ingest_leaves_whole_documents_and_rerun_completes(pst_env, tmp_path):
    corpus = b.variant_corpus(tmp_path / "docs", N_DOCS)
    clean_db = tmp_path / "clean.duckdb"
    clean_seconds, _ = _run(corpus, clean_db, pst_env)
    clean_docs = {r[0]: r[1:] for r in _query(clean_db, DOCS_SQL)}
    clean_items = _query(clean_db, ITEMS_SQL)
    assert len(clean_docs) == N_DOCS and len(clean_items) > 1000

    db = tmp_path / "crashed.duckdb"
    present = []
    # During start-up (nothing loaded yet), right after the first publication, then after several documents.
    kills = [
        {"after_s": min(2.0, clean_seconds / 4)},
        {"published": 0},
        {"published": 5},
        {"published": 8},
    ]
    for kill in kills:
        _kill_during(corpus, db, pst_env, **kill)
        if db.exists():
            present.append(_assert_whole_documents(db, clean_docs))
    assert present and 0 < max(present) < N_DOCS, present  # the kills landed in the middle of the load

    _, out = _run(corpus, db, pst_env)
    assert "unchanged" in out or max(present) == 0
    assert _query(db, DOCS_SQL) == sorted((k, *v) for k, v in clean_docs.items())
    assert _query(db, ITEMS_SQL) == clean_items
    runs = _query(db, "SELECT status FROM v_runs ORDER BY started_at")
    assert runs[-1] == ("finished",) and ("running_or_interrupted",) in runs


def test_reader_during_ingest_always_answers(pst_env, tmp_path):
    corpus = b.variant_corpus(tmp_path / "docs", N_DOCS)
    db = tmp_path / "w.duckdb"
    proc = _start(corpus, db, pst_env)
    answers = {"ok": 0, "busy": 0, "missing": 0}
    try:
        while proc.poll() is None:
            r = subprocess.run(
                [PST, "sql", "SELECT count(*) FROM v_documents", "--db", str(db), "--csv"],
                capture_output=True,
                text=True,
                env=pst_env,
                cwd=ROOT,
                timeout=120,
            )
            assert "Traceback" not in r.stderr, r.stderr
            if r.returncode == 0:
                assert r.stdout.splitlines()[0] == "count_star()"
                answers["ok"] += 1
            else:
                assert r.returncode == 3, (r.returncode, r.stderr)
                assert "busy" in r.stderr or "no warehouse" in r.stderr, r.stderr
                answers["busy" if "busy" in r.stderr else "missing"] += 1
    finally:
        out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    assert answers["busy"] == 0 and answers["ok"] >= 1, answers
    assert _query(db, "SELECT count(*) FROM v_documents") == [(N_DOCS,)]
