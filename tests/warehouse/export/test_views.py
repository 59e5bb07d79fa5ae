"""Export of every public view as Parquet, CSV and Excel."""

from __future__ import annotations

import duckdb
import pytest
from openpyxl import load_workbook

from warehouse.export.views import export_views, public_views


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_every_public_view_is_written_with_its_rows(wh, tmp_path, fmt):
    written = export_views(wh.con, tmp_path / fmt, fmt)
    views = public_views(wh.con)
    assert {w.view for w in written} == set(views) and "v_theme_matrix" in views
    for w in written:
        assert w.path.exists()
        n = duckdb.connect().execute(f"SELECT count(*) FROM '{w.path}'").fetchone()[0]
        assert n == w.n_rows == wh.con.execute(f"SELECT count(*) FROM {w.view}").fetchone()[0]


def test_parquet_keeps_types(wh, tmp_path):
    export_views(wh.con, tmp_path / "p", "parquet")
    rows = duckdb.connect().execute(f"DESCRIBE SELECT * FROM '{tmp_path / 'p' / 'v_cpas_profile.parquet'}'").fetchall()
    types = {r[0]: r[1] for r in rows}
    assert types["n_actions"] == "BIGINT" and types["share_finalise"] == "DOUBLE"


def test_excel_has_one_typed_sheet_per_view_with_widths(wh, tmp_path):
    (w,) = {x.path for x in export_views(wh.con, tmp_path / "x", "xlsx")}
    wb = load_workbook(w)
    assert set(wb.sheetnames) == {v[:31] for v in public_views(wh.con)}
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


def test_unknown_format_is_refused(wh, tmp_path):
    with pytest.raises(ValueError):
        export_views(wh.con, tmp_path, "json")
