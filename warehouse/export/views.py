"""Export every public view (``v_*``) of the warehouse as Parquet, CSV or one Excel workbook, described by
a ``datapackage.json`` beside the files (and, in Excel, a sheet describing every column)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.dictionary import column_meanings
from warehouse.export.datapackage import Resource, write_datapackage
from warehouse.export.writers import FORMATS, Query, write_described, write_workbook_described


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


def _view_comments(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(
        con.execute("SELECT view_name, coalesce(comment, '') FROM duckdb_views() WHERE NOT internal").fetchall()
    )


def export_views(con: duckdb.DuckDBPyConnection, out_dir: str | Path, fmt: str) -> list[ExportedView]:
    """Write every public view to ``out_dir`` (``<view>.parquet`` / ``<view>.csv``, or ``pst_views.xlsx``)
    and the ``datapackage.json`` describing them."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    queries = [Query(v, f"SELECT * FROM {v}") for v in public_views(con)]
    meanings = column_meanings(con)
    if fmt == "xlsx":
        book = out / "pst_views.xlsx"
        counts, columns = write_workbook_described(con, queries, book, descriptions=meanings)
        written = [ExportedView(q.name, book, n) for q, n in zip(queries, counts, strict=True)]
    else:
        suffix = "csv" if fmt == "csv-fr" else fmt

        def write(q: Query) -> tuple[ExportedView, list]:
            path = out / f"{q.name}.{suffix}"
            with con.cursor() as cursor:  # one cursor per thread: DuckDB runs them side by side
                n, cols = write_described(cursor, q, path, fmt)
            return ExportedView(q.name, path, n), cols

        # Two files at a time: most views are small, and a lone COPY leaves a core waiting on the other's writes.
        with ThreadPoolExecutor(max_workers=2) as pool:
            done = list(pool.map(write, queries))
        written = [w for w, _ in done]
        columns = [c for _, c in done]
    comments = _view_comments(con)
    resources = [
        Resource(w.view, w.path, fmt, cols, comments.get(w.view, ""))
        for w, cols in zip(written, columns, strict=True)
    ]
    write_datapackage(out, resources, meanings)
    return written


__all__ = ["ExportedView", "export_views", "public_views"]
