"""``pst analyse``, ``pst search``, ``pst export``, ``pst report``: compare CPAS (thin wrappers over warehouse.*)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from flows.cli.common import DbOption, console, fail, open_warehouse, read_warehouse
from flows.cli.options import EXPORT_FORMAT, output_file, output_folder


def register(app: typer.Typer) -> None:
    """Add the comparison commands to the ``pst`` app."""

    @app.command()
    def analyse(
        db: Path = DbOption,
        force: bool = typer.Option(False, "--force", help="Recompute even when nothing changed."),
    ) -> None:
        """Classify items into themes, find similar actions across CPAS and rebuild the search index."""
        from warehouse.analysis.derived import ensure_analysis
        from warehouse.analysis.search import build_search_index, ensure_search_index

        with open_warehouse(db) as wh:
            s = ensure_analysis(wh.con, force=force)
            engine = build_search_index(wh.con) if force else ensure_search_index(wh.con)
        console.print(
            f"items: {s.n_items}  item themes: {s.n_item_themes if s.n_item_themes is not None else 'up to date'}  "
            f"similar pairs: {s.n_similar if s.n_similar is not None else 'up to date'}  search engine: {engine}"
        )

    @app.command()
    def search(
        query: str = typer.Argument(..., help='Words to look for, e.g. "logement d\'urgence".'),
        db: Path = DbOption,
        limit: int = typer.Option(20, "--limit", "-n", min=1, help="Number of results."),
    ) -> None:
        """Full-text search (French stemming, accents ignored) over item titles and descriptions."""
        from warehouse.analysis.search import search as run_search

        with read_warehouse(db) as con:
            try:
                hits = run_search(con, query, limit, stale_ok=True)
            except RuntimeError:  # a run is writing a warehouse that never had an index
                fail(f"{db} has no search index yet: run `pst analyse --db {db}` when the run ends", 3)
        table = Table(title=f"{len(hits)} result(s) for {query!r}")
        for col in ("score", "CPAS", "level", "number", "title", "source"):
            table.add_column(col, overflow="fold")
        for h in hits:
            table.add_row(f"{h.score:.2f}", h.cpas_name or "?", h.level, h.number, h.title, h.source_file)
        console.print(table)

    @app.command()
    def export(
        directory: Path = typer.Argument(..., parser=output_folder, help="Output folder (created if missing)."),
        fmt: str = typer.Option(
            "parquet", "--format", "-f", parser=EXPORT_FORMAT,
            help="parquet, csv, csv-fr (';', BOM and decimal commas, for French-locale Excel) or xlsx (one "
            "workbook, a sheet per view and a 'Colonnes' sheet); an unknown value lists the valid ones.",
        ),
        db: Path = DbOption,
    ) -> None:
        """Write every public view (v_*) as Parquet / CSV files or one Excel workbook, with a datapackage.json
        describing every column."""
        from warehouse.export.datapackage import DATAPACKAGE
        from warehouse.export.views import export_views

        with read_warehouse(db) as con:
            written = export_views(con, directory, fmt)
        for w in written:
            console.print(f"{w.view}: {w.n_rows} row(s) → {w.path}")
        console.print(f"column descriptions → {directory / DATAPACKAGE}")

    @app.command()
    def report(
        output: Path = typer.Argument(..., parser=output_file, help="HTML file to write."),
        db: Path = DbOption,
    ) -> None:
        """Write the self-contained HTML report comparing CPAS (opens without network)."""
        from warehouse.export.report import write_report

        with read_warehouse(db) as con:  # derived data already up to date (rebuilt privately when it lagged)
            path = write_report(con, output, analyse=False)
        console.print(f"wrote {path}")
