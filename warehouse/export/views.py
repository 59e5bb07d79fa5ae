"""Export every public view (``v_*``) of the warehouse as Parquet, CSV or one Excel workbook.

Parquet and CSV go through DuckDB's ``COPY`` (types kept in Parquet; CSV with a header, ISO
dates). Excel gets one sheet per view with typed cells (numbers, booleans, dates stay
themselves), a bold frozen header, an auto-filter and column widths fitted to the content.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import duckdb

FORMATS = ("parquet", "csv", "xlsx")
_EXCEL_MAX_ROWS = 1_048_575  # one header row
_EXCEL_CELL_MAX = 32_767


@dataclass(frozen=True)
class ExportedView:
    """One view written: where and how many rows."""

    view: str
    path: Path
    n_rows: int


def public_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the public views (``v_*``), alphabetical."""
    return [
        r[0]
        for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND view_name LIKE 'v\\_%' ESCAPE '\\' ORDER BY 1"
        ).fetchall()
    ]


def export_views(con: duckdb.DuckDBPyConnection, out_dir: str | Path, fmt: str) -> list[ExportedView]:
    """Write every public view to ``out_dir`` (``<view>.parquet`` / ``<view>.csv``, or ``pst_views.xlsx``)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    views = public_views(con)
    if fmt == "xlsx":
        return _export_xlsx(con, views, out / "pst_views.xlsx")
    written = []
    for v in views:
        path = out / f"{v}.{fmt}"
        options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
        con.execute(f"COPY (SELECT * FROM {v}) TO '{_sql_path(path)}' ({options})")
        n = con.execute(f"SELECT count(*) FROM {v}").fetchone()[0]
        written.append(ExportedView(v, path, n))
    return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _cell(value: object) -> object:
    """A value openpyxl writes as a typed cell: lists and structs become text, tz-aware times naive."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400  # Excel durations are days
    if isinstance(value, list | tuple | dict):
        return str(value)
    if isinstance(value, str) and len(value) > _EXCEL_CELL_MAX:
        return value[: _EXCEL_CELL_MAX - 1] + "…"
    return value


def _number_format(duck_type: str) -> str | None:
    t = duck_type.upper()
    if t == "DATE":
        return "yyyy-mm-dd"
    if t.startswith("TIMESTAMP"):
        return "yyyy-mm-dd hh:mm:ss"
    if t == "INTERVAL":
        return "[h]:mm:ss"
    if t in {"DOUBLE", "FLOAT", "REAL"} or t.startswith("DECIMAL"):
        return "0.00##"
    return None


def _export_xlsx(con: duckdb.DuckDBPyConnection, views: list[str], path: Path) -> list[ExportedView]:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    written = []
    for v in views:
        rel = con.execute(f"SELECT * FROM {v}")
        cols = [d[0] for d in rel.description]
        types = [str(d[1]) for d in rel.description]
        rows = rel.fetchmany(_EXCEL_MAX_ROWS)
        ws = wb.create_sheet(title=v[:31])
        ws.append(cols)
        widths = [len(c) for c in cols]
        formats = [_number_format(t) for t in types]
        for row in rows:
            cells = [_cell(x) for x in row]
            ws.append(cells)
            for j, x in enumerate(cells):
                if x is not None:
                    widths[j] = max(widths[j], min(len(str(x)), 80))
        for j, fmt in enumerate(formats, start=1):
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = min(max(widths[j - 1] + 2, 8), 60)
            if fmt:
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    cell.number_format = fmt
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        if rows:
            ws.auto_filter.ref = ws.dimensions
        written.append(ExportedView(v, path, len(rows)))
    wb.save(path)
    return written
