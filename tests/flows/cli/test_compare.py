"""The comparison commands, wired into a throwaway typer app the way flows/cli wires them."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from flows.cli import compare as cli_compare
from tests.warehouse.compare_builders import build


def app() -> typer.Typer:
    a = typer.Typer()
    a.command("noop")(lambda: None)
    cli_compare.register(a)
    return a


def test_analyse_search_export_report(tmp_path):
    db = build(tmp_path / "w.duckdb")
    run = CliRunner().invoke
    r = run(app(), ["analyse", "--db", str(db)])
    assert r.exit_code == 0, r.output
    r = run(app(), ["search", "logement d'urgence", "--db", str(db), "-n", "3"])
    assert r.exit_code == 0 and "Sprimont" in r.output and "action" in r.output, r.output
    r = run(app(), ["export", str(tmp_path / "x"), "--format", "xlsx", "--db", str(db)])
    assert r.exit_code == 0 and (tmp_path / "x" / "pst_views.xlsx").exists(), r.output
    assert (tmp_path / "x" / "datapackage.json").exists() and "datapackage.json" in r.output.replace("\n", "")
    r = run(app(), ["export", str(tmp_path / "fr"), "--format", "csv-fr", "--db", str(db)])
    assert r.exit_code == 0 and (tmp_path / "fr" / "v_cpas_profile.csv").read_bytes()[:3] == b"\xef\xbb\xbf", r.output
    r = run(app(), ["export", str(tmp_path / "x"), "--format", "json", "--db", str(db)])
    assert r.exit_code == 2 and "csv-fr" in r.output
    r = run(app(), ["report", str(tmp_path / "r.html"), "--db", str(db)])
    assert r.exit_code == 0 and (tmp_path / "r.html").stat().st_size > 5000, r.output
    r = run(app(), ["search", "x", "--db", str(tmp_path / "missing.duckdb")])
    assert r.exit_code == 3
