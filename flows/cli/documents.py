"""The ``pst`` command line: subcommands mirror the stages and call the flows or the library."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.tree import Tree

DEFAULT_DB = os.environ.get("PST_DB", "data/pst.duckdb")
# Prefect's INFO logs would drown the progress bar; PREFECT_LOGGING_LEVEL=INFO brings them back.
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # no telemetry calls from a closed network
app = typer.Typer(
    help="Programmes Stratégiques Transversaux of Walloon CPAS → DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

DbOption = typer.Option(DEFAULT_DB, "--db", help="DuckDB warehouse file.")


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (walked) of PST documents."),
    db: Path = DbOption,
    no_progress: bool = typer.Option(False, "--no-progress", help="Hide the progress bar."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not reuse or persist cached parse results."),
) -> None:
    """Parse documents and load them into the warehouse (unchanged files are skipped)."""
    from flows.ingest import ingest_flow, local_prefect_api
    from pipeline.ingest import discover
    from warehouse.loader import WarehouseBusy

    try:
        discover([str(p) for p in paths])
    except FileNotFoundError as exc:
        _fail(str(exc))
    try:
        with local_prefect_api():
            summary = ingest_flow(
                [str(p) for p in paths], db=str(db), show_progress=not no_progress, use_cache=not no_cache
            )
    except WarehouseBusy as exc:
        _fail(str(exc), 3)
    table = Table(title=f"Run {summary.run_id} → {db}")
    for col in ("document", "outcome", "CPAS", "OS", "OO", "actions", "error"):
        table.add_column(col, overflow="fold")
    for d in sorted(summary.documents, key=lambda d: d.source_file):
        style = {"failed": "red", "unchanged": "dim"}.get(d.outcome, "green")
        table.add_row(
            d.source_file,
            f"[{style}]{d.outcome}[/]",
            d.cpas_name or "",
            str(d.n_os),
            str(d.n_oo),
            str(d.n_actions),
            d.error or "",
        )
    console.print(table)
    loaded = summary.count("loaded") + summary.count("new_version") + summary.count("reparsed")
    console.print(
        f"documents: {len(summary.documents)}  loaded: {loaded}  unchanged: {summary.count('unchanged')}  "
        f"failed: {summary.count('failed')}"
    )


@app.command()
def tree(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="One document.")) -> None:
    """Print the parsed tree of one document without loading it."""
    from pipeline.ingest import parse_file

    result = parse_file(file)
    if result.failure is not None:
        _fail(f"{result.failure.source_file}: {result.failure.error_code}: {result.failure.error}")
    doc = result.document
    assert doc is not None
    root = Tree(
        f"[bold]{doc.source_file}[/] — {doc.cpas_name or '?'} ({doc.nis_code or '?'}) "
        f"{doc.legislature or ''} {doc.doc_kind.value}"
    )
    branches: dict[tuple, Tree] = {}
    for it in doc.items:
        node_text = (
            f"[cyan]{it.level.value.upper()} {it.number}[/] "
            + (f"[dim]{it.source_label}[/] " if it.source_label else "")
            + it.title
        )
        if it.status:
            node_text += f" [magenta]\\[{it.status.value}][/]"
        parent = branches.get((it.volet, it.parent_number)) if it.parent_number else None
        if parent is None:
            volet_key = ("volet", it.volet)
            if volet_key not in branches:
                branches[volet_key] = root.add(f"[bold]volet {it.volet.value if it.volet else '—'}[/]")
            parent = branches[volet_key]
        branches[(it.volet, it.number)] = parent.add(node_text)
    console.print(root)
    for a in doc.anomalies:
        console.print(f"[yellow]anomaly[/] {a.kind}: {a.detail}")
    for e in doc.events:
        console.print(
            f"[blue]event[/] {e.kind} {e.event_date} ({e.precision.value})"
            f"{' planned' if e.is_planned else ''}: {e.evidence_text[:120]}"
        )


@app.command()
def sql(
    query: str = typer.Argument(..., help="A SQL query on the public views."),
    db: Path = DbOption,
    csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
) -> None:
    """Run a read-only SQL query on the warehouse and print the result."""
    import duckdb

    from warehouse.loader import WarehouseBusy, connect

    try:
        con = connect(db, read_only=True)
    except (WarehouseBusy, FileNotFoundError) as exc:
        _fail(str(exc), 3)
    try:
        rel = con.execute(query)
        cols = [d[0] for d in rel.description or []]
        rows = rel.fetchall()
    except duckdb.Error as exc:
        _fail(str(exc).splitlines()[0])
    finally:
        con.close()
    if csv:
        import csv as csvmod

        w = csvmod.writer(sys.stdout)
        w.writerow(cols)
        w.writerows(rows)
        return
    table = Table(show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r])
    console.print(table)
    err.print(f"{len(rows)} row(s)")


@app.command()
def dictionary(db: Path = DbOption, output: Path | None = typer.Option(None, "--output", "-o")) -> None:
    """Print (or write) the data dictionary of the public views and core tables, from the schema comments."""
    from warehouse.dictionary import data_dictionary_markdown
    from warehouse.loader import Warehouse

    with Warehouse(db) as wh:
        text = data_dictionary_markdown(wh.con)
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        console.print(text, markup=False, highlight=False)


def _register_subcommands() -> None:
    """Commands of the other capabilities live in their own modules (one per issue area)."""
    from flows import cli_compare, cli_deadlines, cli_sources

    cli_compare.register(app)
    cli_deadlines.register(app)
    cli_sources.register(app)


_register_subcommands()


def main() -> None:
    """Entry point of the ``pst`` script."""
    app()


if __name__ == "__main__":
    main()
