"""SQL literals for statements written without bound parameters: DuckDB imports pandas to bind one (0.5 s),
which read commands and an unchanged run otherwise never need; and many rows inserted in one statement."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

import duckdb


def sql_text(text: str) -> str:
    """``text`` as a SQL string literal: quotes doubled, NUL characters dropped (DuckDB strings hold none)."""
    return "'" + text.replace("\0", "").replace("'", "''") + "'"


def sql_literal(value: object) -> str:
    """A plain value as a SQL literal (NULL, number, text, timestamp): written without binding."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"CAST('{value!r}' AS DOUBLE)"  # a bare 0.1 would be a DECIMAL; 'nan' and 'inf' are read too
    if isinstance(value, datetime):
        kind = "TIMESTAMP" if value.tzinfo is None else "TIMESTAMPTZ"
        return f"{kind} {sql_text(value.isoformat(sep=' '))}"
    if isinstance(value, str):
        return sql_text(value)
    raise TypeError(f"no SQL literal for {type(value).__name__}")


def sql_row(values: Iterable[object]) -> str:
    """``(v1, v2, …)`` of plain values, for ``INSERT … VALUES`` written without binding."""
    return "(" + ", ".join(sql_literal(v) for v in values) + ")"


__all__ = ["sql_literal", "sql_row", "sql_text"]


BULK_ROWS = 10  # from this many rows, one Arrow insert beats DuckDB's executemany (about a millisecond a row)


def insert_many(con: duckdb.DuckDBPyConnection, table: str, columns: Iterable[str], rows: list[tuple]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) in one statement when there are many (issue 13: 24 PDFs
    spent a quarter of their flow inserting items one at a time), else with ``executemany``; inside the
    caller's transaction either way."""
    columns = list(columns)
    names = ", ".join(columns)
    if len(rows) >= BULK_ROWS:
        import pyarrow as pa

        try:
            data = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # a column Arrow cannot type: row by row
            data = None
        if data is not None:
            view = f"_insert_{uuid.uuid4().hex[:12]}"
            con.register(view, data)
            try:
                con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {view}")
            finally:
                con.unregister(view)
            return
    con.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in columns)})", rows)
