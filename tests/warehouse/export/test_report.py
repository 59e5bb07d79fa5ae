"""The HTML report: self-contained, and rendered without errors by a real headless browser (Debian chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.warehouse.compare_builders import build
from warehouse.export.report import report_data, write_report
from warehouse.loader import Warehouse

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture()
def report(tmp_path) -> Path:
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        return write_report(w.con, tmp_path / "report.html")


def test_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script src" not in html and "<link" not in html
    assert "Grâce-Hollogne" in html and "logement_urgence" in html


def test_report_data_holds_the_matrix_trees_and_deadlines_section(tmp_path):
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        from warehouse.analysis.derived import ensure_analysis

        ensure_analysis(w.con)
        data = report_data(w.con)
    assert len(data["profiles"]) == 3 and len(data["matrix"]) == 3
    assert all(len(row) == len(data["themes"]) for row in data["matrix"])
    tree = data["trees"][data["profiles"][0]["key"]]
    assert tree[0]["level"] == "os" and tree[2]["parent"] == tree[1]["id"]
    assert data["deadlines"] is not None  # v_compliance_summary exists in this schema


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("chromium is not installed: `apt-get install -y chromium` (make system-deps installs it)")
    return exe


def run_chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000", *args],
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.slow
def test_report_renders_in_headless_chromium_without_console_errors(report, tmp_path):
    url = report.as_uri()
    dom = run_chromium(["--enable-logging=stderr", "--v=0", "--dump-dom", url], tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    errors = [line for line in dom.stderr.splitlines()
              if "CONSOLE" in line and re.search(r"error|uncaught", line, re.I)]
    assert errors == []
    assert 'data-js-errors="0"' in dom.stdout
    rendered = int(re.search(r'data-rendered="(\d+)"', dom.stdout).group(1))
    assert rendered >= 3  # heat map, plan size, status shares drawn as SVG
    assert dom.stdout.count("<rect") > 50
    assert "<table" in dom.stdout and "Grâce-Hollogne" in dom.stdout

    page = run_chromium(["--enable-logging=stderr", "--v=0", "--dump-dom", url + "#cpas/62100%7C2018-2024"], tmp_path)
    assert 'data-js-errors="0"' in page.stdout
    assert "Disposer de deux logements d" in page.stdout and "lvl-action" in page.stdout

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    run_chromium(["--window-size=1400,1800", f"--screenshot={shot}", url], tmp_path)
    assert shot.exists() and shot.stat().st_size > 10_000
