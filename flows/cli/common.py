"""What every command shares: the consoles, the ``--db`` option, failing with a message, opening the warehouse."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from pipeline.core.settings import DEFAULT_DB

console = Console()
err = Console(stderr=True)

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
