"""``pst check`` and ``pst review``: the data tests and corrections, and what to check first."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from flows.cli.common import DbOption, console, err, fail, open_warehouse


def print_checks(checks, correction_problems: list[str]) -> None:
    """The data tests' line of a run summary, and the tests and corrections that need a look."""
    failed = [c for c in checks if c.status == "fail"]
    warned = [c for c in checks if c.status == "warn"]
    if checks:
        style = "red" if failed else "yellow" if warned else "green"
        console.print(
            f"[{style}]data tests: {len(checks) - len(failed) - len(warned)} passed, {len(failed)} failed, "
            f"{len(warned)} warned[/]"
        )
    for c in [*failed, *warned]:
        colour = "red" if c.status == "fail" else "yellow"
        console.print(
            Text.assemble((f"  {c.status} ", colour), f"{c.name} ({c.n_failures}): {c.sample or c.description}")
        )
    for problem in correction_problems:
        console.print(Text.assemble(("  correction ", "yellow"), problem))


def register(app: typer.Typer) -> None:
    """Add ``check`` and ``review`` to the ``pst`` app."""

    @app.command()
    def check(
        db: Path = DbOption,
        corrections: Path | None = typer.Option(
            None, "--corrections", exists=True, file_okay=False,
            help="Folder of correction files (default data/corrections).",
        ),
    ) -> None:
        """Re-apply the correction files, re-run the data tests and report both (exit 1 when a test fails).

        A correction that matches nothing any more (stale, ambiguous, invalid, superseded) or a file
        that cannot be read is listed with its file and line."""
        from pipeline.core.settings import CORRECTIONS_DIR
        from warehouse.plans.refresh import refresh_plans

        with open_warehouse(db) as wh:
            result = refresh_plans(wh.con, corrections or CORRECTIONS_DIR, force=True)
        table = Table(title=f"Data tests of {db}")
        for col in ("status", "test", "failures", "what it checks / sample"):
            table.add_column(col, overflow="fold")
        colours = {"pass": "green", "fail": "red", "warn": "yellow"}
        for c in sorted(result.checks, key=lambda c: (c.status == "pass", c.status != "fail", c.name)):
            table.add_row(
                f"[{colours[c.status]}]{c.status}[/]",
                c.name,
                str(c.n_failures),
                Text(c.sample if c.sample and not c.passed else c.description),
            )
        console.print(table)
        print_checks(list(result.checks), [])
        applied = result.corrections
        console.print(
            f"corrections: {applied.count('applied')} applied, {applied.count('no_change')} already so, "
            f"{len(result.correction_problems)} to fix; plans: {result.linked.n_plans} "
            f"({result.linked.n_without_rendition} without a current rendition)"
        )
        for problem in result.correction_problems:
            console.print(Text.assemble(("  correction ", "yellow"), problem))
        if result.failing:
            fail(f"{len(result.failing)} data test(s) failed: {', '.join(c.name for c in result.failing)}")

    @app.command()
    def review(
        db: Path = DbOption,
        limit: int = typer.Option(20, "--limit", "-n", min=1, help="Entries to show."),
    ) -> None:
        """What to check first, with the command to see each tree.

        Failed documents, failing data tests, corrections to fix, plans without a current rendition,
        documents without a plan, then the other documents by rising parse confidence."""
        import duckdb

        from warehouse.plans.review import queue_size, review_items
        from warehouse.snapshot import WarehouseBusy, connect

        try:
            con = connect(db, read_only=True)
        except (WarehouseBusy, FileNotFoundError) as exc:
            fail(str(exc), 3)
        try:
            items = review_items(con, limit)
            total = queue_size(con)
        except duckdb.CatalogException:
            fail(f"{db} predates the review queue: run `pst check --db {db}` once to upgrade it", 3)
        finally:
            con.close()
        console.print(f"[bold]Review queue of {db}[/]: {len(items)} of {total} shown, most urgent first")
        for n, it in enumerate(items, start=1):
            confidence = "" if it.confidence is None else f"  confidence {it.confidence:.2f}"
            console.print(
                Text.assemble(
                    (f"{n:>3}. {it.kind}", "bold"), f"  {it.cpas_name or ''}  ", (it.subject, "cyan"), confidence
                )
            )
            console.print(Padding(Text(it.detail), (0, 0, 0, 5)), highlight=False)
            console.print(Text("     → " + it.command, style="green"), soft_wrap=True, highlight=False)
        if not items:
            err.print("nothing to review")
