"""The ``pst`` console script: exit codes and output survive its quick exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from flows.console import _code_of
from warehouse.loader import Warehouse

PST = Path(sys.executable).parent / "pst"


def _pst(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PST), *args], capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("console") / "w.duckdb"
    Warehouse(db).close()
    return db


def test_every_line_reaches_a_pipe_and_the_exit_code_is_the_commands(warehouse):
    done = _pst("sql", "SELECT range AS n FROM range(20000)", "--csv", "--db", str(warehouse))
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "n" and lines[-1] == "19999" and len(lines) == 20001
    failed = _pst("sql", "SELECT nope", "--db", str(warehouse))
    assert failed.returncode == 1 and "error: Binder Error" in failed.stderr
    usage = _pst("nope")
    assert usage.returncode == 2 and "No such command 'nope'" in usage.stderr
    version = _pst("--version")
    assert version.returncode == 0 and version.stdout.startswith("pst ")


@pytest.mark.parametrize(("code", "expected"), [(None, 0), (0, 0), (3, 3), ("a message", 1)])
def test_exit_code_of_a_system_exit(code, expected):
    assert _code_of(SystemExit(code)) == expected
