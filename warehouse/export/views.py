"""Export every public view (``v_*``) of the warehouse as Parquet, CSV or one Excel workbook."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.export.writers import FORMATS, Query, write_file, write_workbook


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
    queries = [Query(v, f"SELECT * FROM {v}") for v in public_views(con)]
    if fmt == "xlsx":
        book = out / "pst_views.xlsx"
        counts = write_workbook(con, queries, book)
        return [ExportedView(q.name, book, n) for q, n in zip(queries, counts, strict=True)]
    written = []
    for q in queries:
        path = out / f"{q.name}.{fmt}"
        written.append(ExportedView(q.name, path, write_file(con, q, path, fmt)))
    return written


__all__ = ["ExportedView", "export_views", "public_views"]
