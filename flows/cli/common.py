"""What every command shares: the consoles, the ``--db`` option, failing with a message, opening the warehouse."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from pipeline.core.inert import visible_controls
from pipeline.core.settings import DEFAULT_DB


class SafeConsole(Console):
    """A Rich console on which no text reaches the terminal with its control characters.

    Every string printed — table cells, tree labels, messages — goes through ``render_str``: an
    escape sequence or a carriage return in a title from a document shows as ``␛`` / ``␍``
    instead of rewriting the terminal.
    """

    def render_str(self, text: str, **kwargs):  # type: ignore[override]
        return super().render_str(visible_controls(text), **kwargs)


console = SafeConsole()
err = SafeConsole(stderr=True)

DbOption = typer.Option(DEFAULT_DB, "--db", help="DuckDB warehouse file.")


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error and leave with ``code`` (1: bad input, 2: bad option, 3: warehouse busy or missing)."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def open_warehouse(db: Path):
    """Open an existing warehouse for writing (derived tables may need a refresh); exit 3 when busy or missing."""
    from warehouse.loader import Warehouse, WarehouseBusy

    if not db.exists():
        fail(f"no warehouse at {db}: run `pst ingest` first", 3)
    try:
        return Warehouse(db)
    except WarehouseBusy as exc:
        fail(str(exc), 3)
