"""A re-run costs what changed: a cached parse is read from the cache, an unchanged run starts no Prefect."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

import flows.ingest_flow as ingest_module
from flows.ingest_flow import ingest_flow
from flows.ingest_run import unchanged_run

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "sprimont_pst-du-cpas.html"

_UNCHANGED = """
import sys
from flows.ingest_run import unchanged_run
s = unchanged_run([sys.argv[1]], sys.argv[2])
print(s.counts.unchanged, s.counts.total, *(m in sys.modules for m in ("prefect", "spacy", "pandas")))
"""


def test_cache_hit_and_unchanged_run(prefect_harness, tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / SAMPLE.name)
    first = ingest_flow([str(folder)], db=str(tmp_path / "a.duckdb"))
    assert [d.outcome for d in first.documents] == ["loaded"]

    # A new warehouse: the parse is a cache hit, read from the cache folder — never parsed again in the flow.
    def no_parse(*_args, **_kwargs):
        raise AssertionError("the cached parse was parsed again")

    monkeypatch.setattr(ingest_module, "parse_file_bounded", no_parse)
    second = ingest_flow([str(folder)], db=str(tmp_path / "b.duckdb"))
    assert [(d.outcome, d.n_os) for d in second.documents] == [("loaded", first.documents[0].n_os)]

    # Nothing changed: the run is recorded by a process that imports neither Prefect, spaCy nor pandas.
    out = subprocess.run([sys.executable, "-c", _UNCHANGED, str(folder), str(tmp_path / "b.duckdb")],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    assert out == ["1", "1", "False", "False", "False"]
    with duckdb.connect(str(tmp_path / "b.duckdb"), read_only=True) as con:
        runs = con.execute("SELECT n_loaded, n_unchanged, status FROM v_runs ORDER BY started_at").fetchall()
    assert runs == [(1, 0, "finished"), (0, 1, "finished")]

    # A changed file needs the flow.
    with open(folder / SAMPLE.name, "a", encoding="utf-8") as f:
        f.write("<!-- changed -->")
    assert unchanged_run([str(folder)], str(tmp_path / "b.duckdb")) is None


def test_a_run_that_finds_nothing_new_says_so_in_one_line(prefect_harness, tmp_path):
    from typer.testing import CliRunner

    from flows.cli import app

    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copyfile(SAMPLE, folder / SAMPLE.name)
    args = ["ingest", str(folder), "--db", str(tmp_path / "w.duckdb"), "--no-progress"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "loaded" in first.output and "nothing new" not in first.output

    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0, again.output
    flat = " ".join(again.output.split())
    assert "nothing new, the 1 document(s) are unchanged since their last load" in flat
    assert SAMPLE.name not in flat and "data tests:" in flat  # no table of documents; the checks as always
