"""``pst ingest``, ``pst tree``, ``pst sql``, ``pst dictionary``: the document and warehouse commands."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from flows.cli.common import DbOption, LimitOption, SafeConsole, console, err, fail, first_rows, say_hidden
from flows.cli.options import output_file
from flows.cli.plans import print_checks
from pipeline.core.inert import visible_controls

if TYPE_CHECKING:
    from flows.ingest_flow import ProgressCallback
    from flows.ingest_run import IngestSummary

DEFAULT_SQL_LIMIT = 100


@contextmanager
def _progress_bar(show: bool) -> Iterator[ProgressCallback]:
    """A Rich progress bar (on stderr) fed by the ingest flow's progress callback."""
    bar = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        disable=not show,
        transient=False,
    )
    task_id = None

    def update(done: int, total: int, current: str) -> None:
        nonlocal task_id
        if task_id is None:
            task_id = bar.add_task("", total=total)
        bar.update(task_id, completed=done, description=current)

    with bar:
        yield update


# The summary shows what needs a look first: failures, no plan found, duplicates, then the rest.
_OUTCOME_ORDER = {"failed": 0, "no_plan_found": 1, "duplicate": 2, "unchanged": 4}


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (walked) of PST documents."),
    db: Path = DbOption,
    no_progress: bool = typer.Option(False, "--no-progress", help="Hide the progress bar."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not reuse or persist cached parse results."),
    corrections: Path | None = typer.Option(
        None, "--corrections", exists=True, file_okay=False,
        help="Folder of correction files (default data/corrections).",
    ),
    exit_zero: bool = typer.Option(
        False, "--exit-zero", help="Exit 0 even when documents failed (the behaviour before exit codes)."
    ),
    limit: int = LimitOption,
) -> None:
    """Parse documents and load them into the warehouse (unchanged files are skipped).

    Exits 1 when a document failed (unless --exit-zero); the summary shows each document's outcome
    and parse confidence, the data tests that fail and the corrections that do nothing."""
    from flows.ingest_run import analysis_warming_up, unchanged_run
    from pipeline.acquire.files import discover
    from warehouse.snapshot import WarehouseBusy, writer_busy

    try:
        discover([str(p) for p in paths])
    except FileNotFoundError as exc:
        fail(str(exc))
    busy = writer_busy(db)  # said before Prefect starts: a second writer is one line, not a failed flow run
    if busy:
        fail(busy, 3)
    try:
        # Nothing to parse and nothing stale: the run is recorded without starting Prefect (issue 13).
        summary = unchanged_run([str(p) for p in paths], str(db), str(corrections) if corrections else None)
        if summary is None:
            with analysis_warming_up():
                from flows.ingest_flow import ingest_flow, reporting_progress
                from flows.runtime import local_prefect_api

                terminal_run = local_prefect_api(heartbeats=False)
                with terminal_run, _progress_bar(not no_progress) as bar, reporting_progress(bar):
                    summary = ingest_flow(
                        [str(p) for p in paths],
                        db=str(db),
                        use_cache=not no_cache,
                        corrections=str(corrections) if corrections else None,
                    )
    except WarehouseBusy as exc:
        fail(str(exc), 3)
    counts = summary.counts
    if counts.total and counts.unchanged == counts.total:  # the weekly run that found nothing new: one line
        failing = sum(1 for d in summary.documents if d.error)
        still = f", {failing} of them still failed" if failing else ""
        console.print(
            f"Run {summary.run_id} → {db}: nothing new, the {counts.total} document(s) are unchanged since their "
            f"last load{still} (`pst review` lists them)", soft_wrap=True,
        )
    else:
        _print_documents(summary, db, limit)
    print_checks(summary.checks, summary.correction_problems)
    if summary.stopped:
        fail(f"the run stopped: {summary.stopped}", 4)
    if not summary.deadlines_refreshed:
        err.print("[yellow]warning:[/] article 27ter deadlines were not recomputed (see the log)")
    if counts.failed and not exit_zero:
        err.print(f"{counts.failed} document(s) failed: exit code 1 (--exit-zero to ignore); see `pst review`")
        raise typer.Exit(1)


def _print_documents(summary: IngestSummary, db: Path, limit: int) -> None:
    """The run's documents, worst first (up to ``limit``), then its counts."""
    table = Table(title=f"Run {summary.run_id} → {db}")
    for col in ("document", "outcome", "CPAS", "OS", "OO", "actions", "confidence", "error / note"):
        table.add_column(col, overflow="fold")
    styles = {"failed": "red", "unchanged": "dim", "no_plan_found": "yellow", "duplicate": "cyan"}
    worst_first = sorted(
        summary.documents,
        key=lambda d: (_OUTCOME_ORDER.get(d.outcome, 3), 1.0 if d.confidence is None else d.confidence, d.source_file),
    )
    shown = first_rows(worst_first, limit)
    for d in shown:
        style = styles.get(d.outcome, "green")
        low = d.confidence is not None and d.confidence < 0.5
        table.add_row(
            Text(d.source_file),
            f"[{style}]{d.outcome}[/]",
            Text(d.cpas_name or ""),
            str(d.n_os),
            str(d.n_oo),
            str(d.n_actions),
            "" if d.confidence is None else f"[{'yellow' if low else 'default'}]{d.confidence:.2f}[/]",
            Text(d.error or d.note or ""),
        )
    console.print(table)
    say_hidden(len(shown), len(summary.documents), "document(s)", "`pst review` / the v_documents view")
    counts = summary.counts
    console.print(
        f"documents: {counts.total}  loaded: {counts.changed - counts.no_plan_found}  no plan found: "
        f"{counts.no_plan_found}  duplicates: {counts.duplicate}  unchanged: {counts.unchanged}  "
        f"failed: {counts.failed}"
    )


def tree(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="One document."),
    explain: bool = typer.Option(
        False, "--explain", help="Show every block as extracted and why it became an item or not."
    ),
) -> None:
    """Print the parsed tree of one document without loading it."""
    from normalizers.parse import parse_file

    if explain:
        _explain(file)
        return

    result = parse_file(file)
    if result.failure is not None:
        fail(f"{result.failure.source_file}: {result.failure.error_code}: {result.failure.error}")
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


def sql(
    query: str = typer.Argument(..., help="One SQL query on the public views."),
    db: Path = DbOption,
    csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table (every row)."),
    limit: int = typer.Option(
        DEFAULT_SQL_LIMIT, "--limit", "-n", min=0, help="Rows shown in the table (0: all; --csv prints all)."
    ),
) -> None:
    """Run one read-only SQL query on the warehouse and print the result (files, network and extensions are off)."""
    import duckdb

    from warehouse.export.writers import inert_text
    from warehouse.query import QueryRefused, run_query
    from warehouse.snapshot import WarehouseBusy

    try:
        cols, rows = run_query(db, query)
    except (WarehouseBusy, FileNotFoundError) as exc:
        fail(str(exc), 3)
    except QueryRefused as exc:
        fail(str(exc), 2)
    except duckdb.Error as exc:
        fail(str(exc).splitlines()[0])
    if csv:
        import csv as csvmod

        # Cells as in the CSV export: no control character, no live formula.
        w = csvmod.writer(sys.stdout)
        w.writerow([inert_text(c) for c in cols])
        w.writerows([[inert_text(v) if isinstance(v, str) else v for v in r] for r in rows])
        return
    table = Table(show_lines=False)
    for c in cols:
        table.add_column(Text(visible_controls(c)), overflow="fold")
    shown = rows if limit == 0 else rows[:limit]
    for r in shown:
        table.add_row(*[Text("" if v is None else visible_controls(str(v))) for v in r])
    console.print(table)
    if len(shown) < len(rows):
        err.print(
            f"{len(rows)} row(s), {len(rows) - len(shown)} not shown: --limit 0 for all, --csv for a file",
            soft_wrap=True,
        )
    else:
        err.print(f"{len(rows)} row(s)")


def dictionary(
    db: Path = DbOption,
    output: Path | None = typer.Option(None, "--output", "-o", parser=output_file, help="Markdown file to write."),
) -> None:
    """Print (or write) the data dictionary of the public views and core tables, from the schema comments."""
    from warehouse.dictionary import data_dictionary_markdown, schema_dictionary_markdown
    from warehouse.snapshot import WarehouseBusy, connect

    if db.exists():
        try:
            con = connect(db, read_only=True)
        except WarehouseBusy as exc:
            fail(str(exc), 3)
        try:
            text = data_dictionary_markdown(con)
        finally:
            con.close()
    else:  # the schema of this version, without creating a warehouse at a mistyped path
        text = schema_dictionary_markdown()
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        console.print(text, markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the document and warehouse commands to the ``pst`` app."""
    for command in (ingest, tree, sql, dictionary):
        app.command()(command)


def _explain(file: Path) -> None:
    """One row per block: what the extractor saw (kind, style, list level, label, page) and the outcome."""
    from normalizers.parse import explain_file

    try:
        _, explained = explain_file(file)
    except Exception as exc:  # noqa: BLE001 - a diagnosis command shows the error and stops
        fail(f"{file.name}: {exc}")
    table = Table(title=f"{file.name}: blocks and what they became", show_lines=False)
    for column in ("#", "kind", "style", "list", "label", "page"):
        table.add_column(column, no_wrap=True)
    for column, ratio in (("text", 4), ("became", 2), ("evidence", 3)):
        table.add_column(column, overflow="fold", ratio=ratio)
    for item in explained:
        block = item.line.block
        style = " ".join(
            part
            for part in (
                f"h{block.heading_level}" if block.heading_level else "",
                "bold" if block.bold else "",
                "bullet" if block.bullet else "",
            )
            if part
        )
        text = " | ".join(block.cells) if block.cells else item.line.text
        table.add_row(
            str(item.line.index),
            block.kind.value,
            style,
            "" if block.list_level is None else str(block.list_level),
            block.label or "",
            "" if block.provenance.page is None else str(block.provenance.page),
            escape(text[:120]),
            escape(item.outcome),
            escape(item.evidence or ""),
        )
    # Piped to a file or to less, a terminal-width table folds every cell: keep rows readable.
    SafeConsole(width=max(console.width, 200)).print(table)

