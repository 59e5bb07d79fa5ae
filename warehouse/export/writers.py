"""The one file writer of the warehouse: a query's rows as CSV, Parquet or an Excel sheet.

CSV and Parquet go through DuckDB's ``COPY`` (types kept in Parquet; CSV with a header, ISO
dates, NULL as an empty field). Excel gets one sheet per query with typed cells (numbers,
booleans, dates stay themselves), a bold frozen header, an auto-filter and column widths fitted
to the content. ``pst export`` and ``pst deadlines`` both write through here; iCalendar files
are written by ``warehouse.export.ical``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.core.inert import FILE_KEEP, visible_controls

FORMATS = ("parquet", "csv", "xlsx")
# A spreadsheet reads a cell opening with one of these as a formula: CSV cells get a leading
# apostrophe, Excel cells are typed as text (with Excel's quote prefix). A leading tab or carriage
# return hides such a start from a naive check (OWASP's CSV-injection list): treated alike.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters never reach a file: each becomes its visible stand-in (pipeline.core.inert);
# tab, line feed and carriage return stay inside cells (quoted in CSV, legal in Excel's XML).
_CONTROLS = "".join(
    chr(c) for c in [*range(1, 0x20), 0x7F, *range(0x80, 0xA0), 0xFFFE, 0xFFFF] if chr(c) not in FILE_KEEP
)
_EXCEL_MAX_ROWS = 1_048_575  # one header row
_EXCEL_CELL_MAX = 32_767


@dataclass(frozen=True)
class Query:
    """A table to write: its name (file stem or sheet title), a SELECT and the SELECT's parameters."""

    name: str
    sql: str
    params: tuple = ()


def fetch(con: duckdb.DuckDBPyConnection, query: Query) -> tuple[list[str], list[tuple]]:
    """Column names and rows of a query."""
    rel = con.execute(query.sql, list(query.params))
    return [d[0] for d in rel.description], rel.fetchall()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def inert_text(text: str) -> str:
    """A text cell as the writers put it in a file: control characters made visible, an apostrophe before a
    formula start."""
    text = visible_controls(text, FILE_KEEP)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _visible_controls_sql(column: str) -> str:
    """SQL of ``visible_controls(column, FILE_KEEP)``: DuckDB's translate, NUL apart (no NUL in a literal)."""
    to = visible_controls(_CONTROLS, FILE_KEEP)
    return f"translate(replace({column}, chr(0), '\u2400'), {_sql_literal(_CONTROLS)}, {_sql_literal(to)})"


def _text_safe_sql(con: duckdb.DuckDBPyConnection, query: Query, formulas: bool = True) -> str:
    """The query with control characters made visible in every text cell and, with ``formulas``, every text
    cell that opens like a formula prefixed by an apostrophe."""
    rel = con.execute(f"SELECT * FROM ({query.sql}) AS q LIMIT 0", list(query.params))
    starts = ", ".join(f"'{c}'" for c in FORMULA_STARTS)
    apostrophe = "''''"
    columns = []
    for name, dtype, *_ in rel.description:
        quoted = '"' + name.replace('"', '""') + '"'
        if str(dtype).upper() == "VARCHAR":
            value = _visible_controls_sql(quoted)
            if formulas:
                value = f"CASE WHEN left({value}, 1) IN ({starts}) THEN {apostrophe} || {value} ELSE {value} END"
            columns.append(f"{value} AS {quoted}")
        else:
            columns.append(quoted)
    return f"SELECT {', '.join(columns)} FROM ({query.sql}) AS q"


def write_file(con: duckdb.DuckDBPyConnection, query: Query, path: str | Path, fmt: str) -> int:
    """Write a query's rows as one CSV or Parquet file; return the number of rows.

    In CSV a text cell opening with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe, so a spreadsheet shows it as text instead of running it as a formula. In both formats
    control characters are replaced by their visible stand-ins (``pipeline.core.inert``).
    """
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown file format {fmt!r}: use csv or parquet (xlsx: write_workbook)")
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
    sql = _text_safe_sql(con, query, formulas=fmt == "csv")
    (n,) = con.execute(f"COPY ({sql}) TO '{_sql_path(Path(path))}' ({options})", list(query.params)).fetchone()
    return n


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
    if isinstance(value, str):
        value = visible_controls(value, FILE_KEEP)  # openpyxl refuses most control characters (XML 1.0)
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


def write_workbook(con: duckdb.DuckDBPyConnection, queries: Sequence[Query], path: str | Path) -> list[int]:
    """Write one Excel workbook with a sheet per query (titled by its name); return each sheet's row count.

    A text cell opening with ``=``, ``+``, ``-`` or ``@`` is written as text (quote prefix), never
    as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    counts = []
    for query in queries:
        rel = con.execute(query.sql, list(query.params))
        cols = [d[0] for d in rel.description]
        formats = [_number_format(str(d[1])) for d in rel.description]
        rows = rel.fetchmany(_EXCEL_MAX_ROWS)
        ws = wb.create_sheet(title=query.name[:31])
        ws.append(cols)
        widths = [len(c) for c in cols]
        for row in rows:
            cells = [_cell(x) for x in row]
            ws.append(cells)
            formulas = [j for j, x in enumerate(cells) if isinstance(x, str) and x.startswith(FORMULA_STARTS)]
            if formulas:
                written = ws[ws.max_row]
                for j in formulas:  # text, never a formula
                    written[j].data_type = "s"
                    written[j].quotePrefix = True
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
        counts.append(len(rows))
    wb.save(path)
    return counts


__all__ = ["FORMATS", "FORMULA_STARTS", "Query", "fetch", "inert_text", "write_file", "write_workbook"]
