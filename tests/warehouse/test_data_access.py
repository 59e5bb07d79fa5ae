"""The README's ways of opening the warehouse: the DuckDB command line read-only, pandas read-only."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT
from warehouse.loader import Warehouse

from .compare_builders import build

DUCKDB_CLI = Path(sys.executable).with_name("duckdb")  # the duckdb-cli wheel's script, beside python


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("access") / "w.duckdb")


def _readme_cli_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    return [line.split("  #")[0].strip() for line in text.splitlines() if line.startswith(".venv/bin/duckdb -readonly")]


def test_the_readme_duckdb_command_reads_the_warehouse(db):
    assert DUCKDB_CLI.exists(), "duckdb-cli is a dependency (requirements.lock)"
    commands = [c for c in _readme_cli_commands() if " -c " in c]
    assert commands
    for command in commands:
        args = shlex.split(command.replace("data/pst.duckdb", str(db)))
        out = subprocess.run([str(DUCKDB_CLI), *args[1:], "-csv"], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert "Sprimont" in out.stdout


def test_the_cli_session_is_read_only(db):
    out = subprocess.run([str(DUCKDB_CLI), "-readonly", str(db), "-c", "DELETE FROM core_plan_items"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode != 0 and re.search("read.only", out.stdout + out.stderr, re.IGNORECASE)


def test_pandas_reads_a_view_read_only(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        frame = con.sql("SELECT * FROM v_cpas_profile").df()
    finally:
        con.close()
    assert set(frame["cpas_name"]) >= {"Sprimont", "Grâce-Hollogne"}
    with Warehouse(db) as wh:  # closed readers leave the file writable
        assert wh.con.execute("SELECT count(*) FROM v_plan_items").fetchone()[0] > 0
