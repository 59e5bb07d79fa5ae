"""Export of every public view as Parquet, CSV (plain and for French-locale Excel) and Excel, with a
Frictionless ``datapackage.json`` beside the files and, in Excel, a sheet describing every column."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path, PurePosixPath

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from warehouse.analysis.derived import ensure_analysis
from warehouse.dictionary import column_meanings
from warehouse.export.views import export_views, public_views
from warehouse.export.writers import DESCRIPTIONS_SHEET
from warehouse.loader import Warehouse

from ..compare_builders import build

FORMATS = ("parquet", "csv", "csv-fr", "xlsx")


@pytest.fixture(scope="module")
def wh(tmp_path_factory):
    """One small warehouse for the module (every test only reads it), with at least one finished run."""
    path = build(tmp_path_factory.mktemp("wh") / "w.duckdb")
    w = Warehouse(path)
    ensure_analysis(w.con)
    yield w
    w.close()


@pytest.fixture(scope="module")
def exported(wh, tmp_path_factory):
    """Each format exported once: format → (folder, written views)."""
    root = tmp_path_factory.mktemp("out")
    return {fmt: (root / fmt, export_views(wh.con, root / fmt, fmt)) for fmt in FORMATS}


def _count(wh, view):
    return wh.con.execute(f"SELECT count(*) FROM {view}").fetchone()[0]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_every_public_view_is_written_with_its_rows(wh, exported, fmt):
    _, written = exported[fmt]
    views = public_views(wh.con)
    assert {w.view for w in written} == set(views) and "v_theme_matrix" in views
    for w in written:
        assert w.path.exists()
        n = duckdb.connect().execute(f"SELECT count(*) FROM '{w.path}'").fetchone()[0]
        assert n == w.n_rows == _count(wh, w.view)


def test_parquet_keeps_types(exported):
    folder, _ = exported["parquet"]
    rows = duckdb.connect().execute(f"DESCRIBE SELECT * FROM '{folder / 'v_cpas_profile.parquet'}'").fetchall()
    types = {r[0]: r[1] for r in rows}
    assert types["n_actions"] == "BIGINT" and types["share_finalise"] == "DOUBLE"


def test_pandas_reads_every_parquet_file_and_intervals_are_seconds(wh, exported):
    folder, written = exported["parquet"]
    for w in written:
        frame = pd.read_parquet(w.path)  # pyarrow is a dependency
        assert len(frame) == w.n_rows
    runs = pd.read_parquet(folder / "v_runs.parquet")
    assert "duration" not in runs.columns and runs["duration_seconds"].dtype == "float64"
    # Every INTERVAL column of every view comes out as <name>_seconds, a number.
    intervals = wh.con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'INTERVAL' AND table_name LIKE 'v\\_%' "
        "ESCAPE '\\'"
    ).fetchall()
    assert ("v_runs", "duration") in intervals
    for view, column in intervals:
        frame = pd.read_parquet(folder / f"{view}.parquet")
        assert pd.api.types.is_float_dtype(frame[f"{column}_seconds"]), (view, column)


def test_an_interval_is_written_as_its_seconds_in_every_format(tmp_path):
    con = duckdb.connect()
    con.execute("CREATE VIEW v_t AS SELECT INTERVAL 62 SECOND + INTERVAL 500 MILLISECOND AS duration, 0.25 AS share")
    for fmt in FORMATS:
        export_views(con, tmp_path / fmt, fmt)
    assert pd.read_parquet(tmp_path / "parquet" / "v_t.parquet")["duration_seconds"].tolist() == [62.5]
    assert (tmp_path / "csv" / "v_t.csv").read_text("utf-8") == "duration_seconds,share\n62.5,0.25\n"
    assert (tmp_path / "csv-fr" / "v_t.csv").read_bytes() == "\ufeffduration_seconds;share\n62,5;0,25\n".encode()
    ws = load_workbook(tmp_path / "xlsx" / "pst_views.xlsx")["v_t"]
    assert [c.value for c in ws[1]] == ["duration_seconds", "share"] and ws["A2"].value == 62.5


def test_csv_for_french_excel_has_a_bom_semicolons_quotes_and_decimal_commas(tmp_path):
    con = duckdb.connect()
    con.execute(
        "CREATE VIEW v_t AS SELECT 'Sprimont; « été »' AS name, 'dit \"oui\"' AS quote, 1234.5::DOUBLE AS amount, "
        "3 AS n, '=1+1' AS formula, DATE '2025-10-15' AS due_date"
    )
    (w,) = export_views(con, tmp_path, "csv-fr")
    raw = w.path.read_bytes()
    assert w.path.name == "v_t.csv" and raw.startswith(b"\xef\xbb\xbf")
    assert not list(tmp_path.glob("*.part"))  # the side file DuckDB wrote is gone
    lines = raw[3:].decode("utf-8").splitlines()
    assert lines[0] == "name;quote;amount;n;formula;due_date"
    assert lines[1] == '"Sprimont; « été »";"dit ""oui""";1234,5;3;\'=1+1;2025-10-15'
    with w.path.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle, delimiter=";"))
    assert row["name"] == "Sprimont; « été »" and row["amount"] == "1234,5"


def test_plain_csv_stays_comma_separated_without_bom(exported):
    folder, _ = exported["csv"]
    raw = (folder / "v_cpas_profile.csv").read_bytes()
    assert raw.startswith(b"cpas_name,nis_code,legislature")


def test_excel_has_one_typed_sheet_per_view_with_widths(wh, exported):
    (book,) = {x.path for x in exported["xlsx"][1]}
    wb = load_workbook(book)
    assert wb.sheetnames == [v[:31] for v in public_views(wh.con)] + [DESCRIPTIONS_SHEET]
    ws = wb["v_cpas_profile"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["cpas_name", "nis_code", "legislature"]
    row = {h: c.value for h, c in zip(header, ws[2], strict=True)}
    assert isinstance(row["n_actions"], int)
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= len("Meix-devant-Virton")
    loaded = wb["v_documents"]
    col = [c.value for c in loaded[1]].index("loaded_at") + 1
    assert loaded.cell(row=2, column=col).is_date


def test_excel_describes_every_column_of_every_sheet(wh, exported):
    (book,) = {x.path for x in exported["xlsx"][1]}
    wb = load_workbook(book)
    rows = [[c.value for c in r] for r in wb[DESCRIPTIONS_SHEET].iter_rows()]
    assert rows[0] == ["feuille", "colonne", "type", "description"]
    described = {(r[0], r[1]): r[3] for r in rows[1:]}
    for sheet in wb.sheetnames[:-1]:
        for cell in wb[sheet][1]:
            assert (sheet, cell.value) in described
    meanings = column_meanings(wh.con)
    assert described[("v_cpas_profile", "n_actions")] == meanings[("v_cpas_profile", "n_actions")] != ""
    assert "secondes" in described[("v_runs", "duration_seconds")]


# ---- datapackage.json: the Data Package / Table Schema rules a reader relies on, checked by hand ------
NAME = re.compile(r"^[a-z0-9._/-]+$")
TYPES = {"string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime", "year",
         "yearmonth", "duration", "geopoint", "geojson", "any"}


def _file_columns(folder: Path, resource: dict) -> list[str]:
    path = folder / resource["path"]
    if resource["format"] == "parquet":
        return list(pd.read_parquet(path).columns)
    if resource["format"] == "xlsx":
        return [c.value for c in load_workbook(path, read_only=True)[resource["dialect"]["sheetName"]][1]]
    with path.open(encoding=resource["encoding"], newline="") as handle:
        return next(csv.reader(handle, delimiter=resource["dialect"]["delimiter"]))


@pytest.mark.parametrize("fmt", FORMATS)
def test_datapackage_describes_every_file_and_column(wh, exported, fmt):
    folder, written = exported[fmt]
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert package["profile"] == "tabular-data-package" and NAME.match(package["name"])
    resources = package["resources"]
    assert [r["name"] for r in resources] == [w.view for w in written]
    assert len({r["name"] for r in resources}) == len(resources)
    meanings = column_meanings(wh.con)
    for resource in resources:
        path = PurePosixPath(resource["path"])
        assert NAME.match(resource["name"]) and not path.is_absolute() and ".." not in path.parts
        assert (folder / path).is_file() and resource["mediatype"]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == _file_columns(folder, resource)
        assert all(f["type"] in TYPES for f in fields)
        for f in fields:
            meaning = meanings.get((resource["name"], f["name"]))
            if meaning:
                assert f["description"] == meaning
    runs = next(r for r in resources if r["name"] == "v_runs")
    duration = next(f for f in runs["schema"]["fields"] if f["name"] == "duration_seconds")
    assert duration["type"] == "number" and "secondes" in duration["description"]
    profile = next(r for r in resources if r["name"] == "v_cpas_profile")
    types = {f["name"]: f for f in profile["schema"]["fields"]}
    assert types["n_actions"]["type"] == "integer" and types["cpas_name"]["type"] == "string"
    assert types["share_finalise"].get("decimalChar") == ("," if fmt == "csv-fr" else None)


def test_unknown_format_is_refused(wh, tmp_path):
    with pytest.raises(ValueError):
        export_views(wh.con, tmp_path, "json")
