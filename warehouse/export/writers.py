"""The one file writer of the warehouse: a query's rows as CSV, Parquet or an Excel sheet.

CSV and Parquet go through DuckDB's ``COPY`` (types kept in Parquet; CSV with a header, ISO
dates, NULL as an empty field). ``csv-fr`` is the CSV that French-locale Excel opens by a
double click: ``;`` between fields, decimal commas and a UTF-8 byte-order mark. Excel gets one
sheet per query with typed cells (numbers, booleans, dates stay themselves), a bold frozen
header, an auto-filter, column widths fitted to the content and, when descriptions are given, a
``Colonnes`` sheet describing every column. In every format an INTERVAL column becomes
``<name>_seconds`` (a number: Parquet has no portable interval, pandas read it as bytes).
``pst export`` and ``pst deadlines`` both write through here; iCalendar files are written by
``warehouse.export.ical``.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.core.inert import FILE_KEEP, visible_controls
from warehouse.sql import sql_text

FORMATS = ("parquet", "csv", "csv-fr", "xlsx")
CSV_FORMATS = ("csv", "csv-fr")
BOM = "\ufeff"
DESCRIPTIONS_SHEET = "Colonnes"
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


def inert_text(text: str) -> str:
    """A text cell as the writers put it in a file: control characters made visible, an apostrophe before a
    formula start."""
    text = visible_controls(text, FILE_KEEP)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# The same characters, NUL included, as an RE2 class: the translation runs only on the rare cells holding one
# (translate with this many characters costs ~3 µs a cell: most of an export's time when run on every cell).
_CONTROLS_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in "\0" + _CONTROLS) + "]"


def _visible_controls_sql(column: str) -> str:
    """SQL of ``visible_controls(column, FILE_KEEP)``: DuckDB's translate, NUL apart (no NUL in a literal)."""
    to = visible_controls(_CONTROLS, FILE_KEEP)
    translated = f"translate(replace({column}, chr(0), '\u2400'), {sql_text(_CONTROLS)}, {sql_text(to)})"
    return f"CASE WHEN regexp_matches({column}, '{_CONTROLS_CLASS}') THEN {translated} ELSE {column} END"


@dataclass(frozen=True)
class ExportColumn:
    """A column as written to a file: its name there, the query column it comes from, its DuckDB type there."""

    name: str
    source: str
    duck_type: str


def describe(column: ExportColumn, meaning: str) -> str:
    """The meaning of a written column: an interval written as seconds says so."""
    if column.name == column.source:
        return meaning
    return f"{meaning} (en secondes)" if meaning else "En secondes."


_NUMBERS = ("DOUBLE", "FLOAT", "REAL", "DECIMAL")
_APOSTROPHE = "''''"  # SQL literal of one apostrophe


def _column_sql(name: str, duck_type: str, fmt: str) -> tuple[str, ExportColumn]:
    """The SELECT item writing one column in ``fmt``, and the column it yields."""
    quoted = '"' + name.replace('"', '""') + '"'
    t = duck_type.upper()
    if t == "VARCHAR":
        value = _visible_controls_sql(quoted)
        if fmt in CSV_FORMATS:
            starts = ", ".join(f"'{c}'" for c in FORMULA_STARTS)
            value = f"CASE WHEN left({value}, 1) IN ({starts}) THEN {_APOSTROPHE} || {value} ELSE {value} END"
        return f"{value} AS {quoted}", ExportColumn(name, name, duck_type)
    if t == "INTERVAL":
        seconds = name + "_seconds"
        as_seconds = '"' + seconds.replace('"', '""') + '"'
        value = f"replace(CAST(epoch({quoted}) AS VARCHAR), '.', ',')" if fmt == "csv-fr" else f"epoch({quoted})"
        return f"{value} AS {as_seconds}", ExportColumn(seconds, name, "DOUBLE")
    if fmt == "csv-fr" and t.startswith(_NUMBERS):
        return f"replace(CAST({quoted} AS VARCHAR), '.', ',') AS {quoted}", ExportColumn(name, name, duck_type)
    return quoted, ExportColumn(name, name, duck_type)


def export_sql(con: duckdb.DuckDBPyConnection, query: Query, fmt: str) -> tuple[str, list[ExportColumn]]:
    """The query as written in ``fmt``, and its columns: control characters made visible in every text cell,
    an apostrophe before a formula start in CSV, INTERVAL as seconds, decimal commas in ``csv-fr``."""
    rel = con.execute(f"SELECT * FROM ({query.sql}) AS q LIMIT 0", list(query.params))
    items = [_column_sql(name, str(dtype), fmt) for name, dtype, *_ in rel.description]
    return f"SELECT {', '.join(i for i, _ in items)} FROM ({query.sql}) AS q", [c for _, c in items]


def write_file(con: duckdb.DuckDBPyConnection, query: Query, path: str | Path, fmt: str) -> int:
    """Write a query's rows as one CSV (``csv`` or ``csv-fr``) or Parquet file; return the number of rows.

    In CSV a text cell opening with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    apostrophe, so a spreadsheet shows it as text instead of running it as a formula. In every format
    control characters are replaced by their visible stand-ins (``pipeline.core.inert``).
    """
    return write_described(con, query, path, fmt)[0]


def write_described(
    con: duckdb.DuckDBPyConnection, query: Query, path: str | Path, fmt: str
) -> tuple[int, list[ExportColumn]]:
    """``write_file``, also returning the columns as written (for a description of the file)."""
    if fmt not in ("parquet", *CSV_FORMATS):
        raise ValueError(f"unknown file format {fmt!r}: use csv, csv-fr or parquet (xlsx: write_workbook)")
    path = Path(path)
    sql, columns = export_sql(con, query, fmt)
    options = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true"}.get(
        fmt, "FORMAT csv, HEADER true, DELIMITER ';'"
    )
    if fmt != "csv-fr":
        (n,) = con.execute(f"COPY ({sql}) TO {sql_text(str(path))} ({options})", list(query.params)).fetchone()
        return n, columns
    # DuckDB writes no byte-order mark, and Excel needs one to read UTF-8: COPY to a side file, then prefix.
    part = path.with_name(path.name + ".part")
    try:
        (n,) = con.execute(f"COPY ({sql}) TO {sql_text(str(part))} ({options})", list(query.params)).fetchone()
        with path.open("wb") as out, part.open("rb") as written:
            out.write(BOM.encode("utf-8"))
            shutil.copyfileobj(written, out, 1 << 20)
    finally:
        part.unlink(missing_ok=True)
    return n, columns


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
    if t in {"DOUBLE", "FLOAT", "REAL"} or t.startswith("DECIMAL"):
        return "0.00##"
    return None


def _append(ws, values: Sequence[object], widths: list[int]) -> None:
    """Append one row of typed cells; a text cell that opens like a formula stays text (quote prefix)."""
    cells = [_cell(x) for x in values]
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


def _finish_sheet(ws, widths: list[int], formats: Sequence[str | None], n_rows: int) -> None:
    """Column widths and number formats, a bold frozen header, an auto-filter."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for j, fmt in enumerate(formats, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(widths[j - 1] + 2, 8), 60)
        if fmt:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = fmt
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    if n_rows:
        ws.auto_filter.ref = ws.dimensions


def write_workbook(
    con: duckdb.DuckDBPyConnection,
    queries: Sequence[Query],
    path: str | Path,
    descriptions: Mapping[tuple[str, str], str] | None = None,
) -> list[int]:
    """Write one Excel workbook with a sheet per query (titled by its name); return each sheet's row count.

    A text cell opening with ``=``, ``+``, ``-`` or ``@`` is written as text (quote prefix), never
    as a formula. With ``descriptions`` ((query name, column) → meaning), a last sheet ``Colonnes``
    describes every column of every sheet.
    """
    return write_workbook_described(con, queries, path, descriptions)[0]


def write_workbook_described(
    con: duckdb.DuckDBPyConnection,
    queries: Sequence[Query],
    path: str | Path,
    descriptions: Mapping[tuple[str, str], str] | None = None,
) -> tuple[list[int], list[list[ExportColumn]]]:
    """``write_workbook``, also returning each sheet's columns as written (for a description of the file)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=False)
    wb.remove(wb.active)
    counts, described, sheets = [], [], []
    for query in queries:
        sql, columns = export_sql(con, query, "xlsx")
        sheets.append(columns)
        rows = con.execute(sql, list(query.params)).fetchmany(_EXCEL_MAX_ROWS)
        ws = wb.create_sheet(title=query.name[:31])
        ws.append([c.name for c in columns])
        widths = [len(c.name) for c in columns]
        for row in rows:
            _append(ws, row, widths)
        _finish_sheet(ws, widths, [_number_format(c.duck_type) for c in columns], len(rows))
        counts.append(len(rows))
        described += [(ws.title, c, (descriptions or {}).get((query.name, c.source), "")) for c in columns]
    if descriptions is not None:
        _describe_columns(wb.create_sheet(title=DESCRIPTIONS_SHEET), described)
    wb.save(path)
    return counts, sheets


def _describe_columns(ws, described: Sequence[tuple[str, ExportColumn, str]]) -> None:
    header = ["feuille", "colonne", "type", "description"]
    ws.append(header)
    widths = [len(h) for h in header]
    for sheet, column, meaning in described:
        _append(ws, [sheet, column.name, column.duck_type, describe(column, meaning)], widths)
    _finish_sheet(ws, widths, [None] * len(header), len(described))


__all__ = [
    "BOM",
    "CSV_FORMATS",
    "DESCRIPTIONS_SHEET",
    "FORMATS",
    "FORMULA_STARTS",
    "ExportColumn",
    "Query",
    "describe",
    "export_sql",
    "fetch",
    "inert_text",
    "write_described",
    "write_file",
    "write_workbook",
    "write_workbook_described",
]
