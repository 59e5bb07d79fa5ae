"""The ``pst`` options: choices from the data, dates, paths checked, one-line errors, --version, --limit."""

from __future__ import annotations

import re
from importlib.metadata import version

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.warehouse.compare_builders import build

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args], terminal_width=200, prog_name="pst")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("options") / "w.duckdb")


def one_error_line(result) -> str:
    """The error said on exactly one line, without Rich's frame nor a traceback."""
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ") and "Traceback" not in result.output and "╭" not in result.output
    return lines[0]


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.output.strip() == f"pst {version('cpas-pst-warehouse')}"


def test_unknown_choices_list_the_valid_values_from_the_data(db, tmp_path):
    from pipeline.acquire.sources import SourceKind
    from pipeline.reference.municipalities import bound_cpas
    from warehouse.compliance.rules import DeadlineState
    from warehouse.export.writers import FORMATS

    result = run("export", tmp_path / "x", "--format", "json", "--db", db)
    assert result.exit_code == 2
    assert all(f in one_error_line(result) for f in FORMATS) and "'json'" in result.output

    result = run("deadlines", "--status", "late,soon", "--db", db)
    line = one_error_line(result)
    assert result.exit_code == 2 and "'soon'" in line
    assert all(state.value in line for state in DeadlineState) and "no_evidence" in line

    result = run("deadlines", "--province", "Anvers", "--db", db)
    line = one_error_line(result)
    assert {m.province_name for m in bound_cpas()} == {"Brabant wallon", "Hainaut", "Liège", "Luxembourg", "Namur"}
    assert all(m.province_name in line for m in bound_cpas())

    result = run("sources", "add", "62118", "https://cpas.example/pst", "--kind", "html",
                 "--sources", tmp_path / "s.yaml")
    assert result.exit_code == 2 and all(k.value in one_error_line(result) for k in SourceKind)
    assert not (tmp_path / "s.yaml").exists()


def test_choices_ignore_case_and_accents(db):
    result = run("deadlines", "--province", "liege", "--status", "NO_DOCUMENT", "--as-of", "2025-06-01",
                 "--legislature", "2024-2030", "--limit", "0", "--db", db)
    assert result.exit_code == 0, result.output
    assert "Liège" not in result.output or "Namur" not in result.output  # one province kept
    assert "aucun document" in result.output


def test_as_of_is_a_date(db):
    result = run("deadlines", "--as-of", "2025-13-01", "--db", db)
    assert result.exit_code == 2 and "'2025-13-01' n'est pas une date AAAA-MM-JJ" in one_error_line(result)


def test_paths_are_checked_before_any_work(db, tmp_path):
    result = run("deadlines", "--csv", tmp_path / "missing" / "d.csv", "--db", db)
    assert result.exit_code == 2 and f"the folder {tmp_path / 'missing'} does not exist" in one_error_line(result)
    result = run("report", tmp_path, "--db", db)
    assert result.exit_code == 2 and "is a folder" in one_error_line(result)
    result = run("dictionary", "-o", tmp_path / "no" / "d.md", "--db", db)
    assert result.exit_code == 2 and "does not exist" in one_error_line(result)
    (tmp_path / "a-file").write_text("x")
    result = run("export", tmp_path / "a-file" / "out", "--db", db)
    assert result.exit_code == 2 and "is a file, not a folder" in one_error_line(result)
    result = run("check", "--corrections", tmp_path / "nope", "--db", db)
    assert result.exit_code == 2 and "does not exist" in one_error_line(result)
    result = run("sources", "list", "--sources", tmp_path / "nope.yaml")
    assert result.exit_code == 2 and "does not exist" in one_error_line(result)


def test_file_system_errors_are_one_line(db, tmp_path):
    too_long = "x" * 300
    result = run("dictionary", "-o", tmp_path / f"{too_long}.md", "--db", db)
    line = one_error_line(result)
    assert result.exit_code == 2 and line.endswith(": File name too long (see `pst dictionary --help`)")
    # A folder the user may not write: refused up front (exit 2) or, as root, by the file system on writing (exit 1).
    result = run("dictionary", "-o", "/sys/pst-dictionary.md", "--db", db)
    assert result.exit_code in (1, 2) and "/sys/pst-dictionary.md: Permission denied" in one_error_line(result)
    result = run("deadlines", "--as-of", "2025-06-01", "--csv", "/sys/pst-deadlines.csv", "--db", db)
    assert result.exit_code in (1, 2) and "Permission denied" in one_error_line(result)


def test_long_tables_are_limited_and_files_are_not_printed(db, tmp_path):
    result = run("sql", "SELECT range AS n FROM range(250)", "--db", db)
    assert result.exit_code == 0
    assert "│ 99 " in result.output and "│ 100 " not in result.output
    assert "250 row(s), 150 not shown: --limit 0 for all, --csv for a file" in result.output
    result = run("sql", "SELECT range AS n FROM range(250)", "--limit", "0", "--db", db)
    assert "│ 249 " in result.output and "not shown" not in result.output

    result = run("deadlines", "--as-of", "2025-06-01", "--db", db)
    assert result.exit_code == 0, result.output
    n_rows = int(result.output.split("lignes : ")[1].split()[0])
    assert n_rows > 2000  # every bound CPAS has its deadlines
    assert f"{n_rows - 50} ligne(s) non affichée(s) sur {n_rows}" in result.output
    assert len(re.findall(r"│ \d{5} ", result.output)) == 50  # one NIS code per row shown

    out = tmp_path / "d.csv"
    result = run("deadlines", "--as-of", "2025-06-01", "--csv", out, "--db", db)
    assert result.exit_code == 0 and out.exists()
    flat = re.sub(r"\s+", "", result.output)  # Rich wraps a long path at the test terminal's width
    assert "┃" not in result.output and f"écrit:{out}" in flat and f"lignes : {n_rows}" in result.output


def test_sources_list_is_limited(tmp_path):
    from pipeline.reference.municipalities import bound_cpas

    sources = tmp_path / "sources.yaml"
    for m in bound_cpas()[:5]:
        assert run("sources", "add", m.nis_code, f"https://cpas-{m.nis_code}.example/pst.pdf",
                   "--sources", sources).exit_code == 0
    result = run("sources", "list", "--sources", sources, "--db", tmp_path / "none.duckdb", "--limit", "2")
    assert result.exit_code == 0, result.output
    nis = [m.nis_code for m in bound_cpas()[:5]]
    assert f"│ {nis[1]} " in result.output and f"│ {nis[2]} " not in result.output
    assert "3 source(s) not shown: --limit 0 for all" in result.output
