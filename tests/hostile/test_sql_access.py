"""``pst sql`` reaches the warehouse and nothing else (issue 14).

Each case runs the hostile query through the command and checks the refusal and that the
warehouse, and the file system around it, are as they were.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from flows.cli import app
from warehouse.query import QueryRefused, run_query

HOSTILE_TITLE = "\x1b[2J\x1b[31mEVIL\x07\rok [bold]markup[/bold] =HYPERLINK(\"http://x\",\"y\")"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE core_plan_items (number VARCHAR, title VARCHAR)")
    con.execute("INSERT INTO core_plan_items VALUES ('1', 'Logement'), ('2', ?)", [HOSTILE_TITLE])
    con.execute("CREATE VIEW v_plan_items AS SELECT * FROM core_plan_items")
    con.close()
    return path


def _sql(db: Path, query: str, *extra: str):
    return CliRunner().invoke(app, ["sql", query, "--db", str(db), *extra])


def _said(result) -> str:
    """The command's output with Rich's line wrapping undone."""
    return " ".join(result.output.split())


def _still_whole(db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM v_plan_items").fetchone() == (2,)
    finally:
        con.close()


def test_copy_onto_the_warehouse_file_is_refused_and_the_warehouse_survives(db):
    res = _sql(db, f"COPY (SELECT 1 AS x) TO '{db}' (FORMAT csv)")
    assert res.exit_code == 2 and "refused" in _said(res) and "COPY" in _said(res)
    _still_whole(db)
    # Inside a single SELECT, a file next to the warehouse is still out of reach.
    secret = db.with_name("secret.csv")
    secret.write_text("password\nhunter2\n", encoding="utf-8")
    with pytest.raises(QueryRefused, match="files, network and extensions are off"):
        run_query(db, f"SELECT * FROM read_csv('{secret}')")
    _still_whole(db)


def test_copy_to_any_path_is_refused(db, tmp_path):
    target = tmp_path / "stolen.csv"
    res = _sql(db, f"COPY v_plan_items TO '{target}'")
    assert res.exit_code == 2 and "refused" in _said(res)
    assert not target.exists()


def test_reading_other_files_is_refused(db):
    for query in ("SELECT * FROM read_text('/etc/passwd')", "SELECT * FROM glob('/etc/*')"):
        res = _sql(db, query)
        assert res.exit_code == 2, query
        assert "reads the warehouse only" in _said(res) and "root:" not in res.output
    # A path as a table name: with external access off there is no file scan behind it at all.
    res = _sql(db, "SELECT * FROM '/etc/passwd'")
    assert res.exit_code == 1 and "does not exist" in _said(res) and "root:" not in res.output


def test_install_load_attach_and_set_are_refused(db, tmp_path):
    for query in ("INSTALL httpfs", "LOAD httpfs", f"ATTACH '{tmp_path / 'other.duckdb'}'",
                  "SET enable_external_access = true", "CREATE TEMP TABLE x AS SELECT 1"):
        res = _sql(db, query)
        assert res.exit_code == 2 and "refused" in _said(res), query
    assert not (tmp_path / "other.duckdb").exists()


def test_one_statement_per_call(db, tmp_path):
    res = _sql(db, f"SELECT 1; COPY v_plan_items TO '{tmp_path / 'x.csv'}'")
    assert res.exit_code == 2 and "2 statements" in _said(res) and "one per call" in _said(res)
    assert not (tmp_path / "x.csv").exists()


def test_the_locked_configuration_cannot_be_undone_in_a_query(db):
    cols, rows = run_query(db, "SELECT current_setting('enable_external_access') AS ext, "
                               "current_setting('lock_configuration') AS locked")
    assert rows == [(False, True)]


def test_reading_queries_still_work(db):
    res = _sql(db, "SELECT number FROM v_plan_items ORDER BY number")
    assert res.exit_code == 0 and "Logement" not in res.output and "1" in res.output
    for query in ("DESCRIBE v_plan_items", "SHOW TABLES", "SUMMARIZE v_plan_items",
                  "EXPLAIN SELECT * FROM v_plan_items", "WITH a AS (SELECT 1 AS x) SELECT * FROM a"):
        assert _sql(db, query).exit_code == 0, query


def test_terminal_gets_no_control_character_nor_markup_from_a_title(db):
    res = _sql(db, "SELECT title FROM v_plan_items WHERE number = '2'")
    assert res.exit_code == 0
    assert "\x1b" not in res.output and "\x07" not in res.output and "\r" not in res.output
    assert "␛[2J" in res.output and "␍ok" in res.output
    assert "[bold]markup[/bold]" in res.output  # shown as typed, not applied as Rich markup


def test_csv_on_stdout_is_inert(db):
    res = _sql(db, "SELECT title FROM v_plan_items WHERE number = '2'", "--csv")
    assert res.exit_code == 0 and "\x1b" not in res.output
    line = res.output.splitlines()[1]
    assert line.startswith('"␛[2J') and "'=HYPERLINK" not in line  # the formula is not at the start here
    res = _sql(db, "SELECT '=HYPERLINK(\"http://x\")' AS f, '\t=1+1' AS t, '+33 81' AS phone", "--csv")
    assert res.output.splitlines()[1].split(",")[0] == "\"'=HYPERLINK(\"\"http://x\"\")\""
    assert "'\t=1+1" in res.output and "'+33 81" in res.output
