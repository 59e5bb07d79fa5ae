"""What every command shares: the consoles, the ``--db`` option, failing with a message, opening the warehouse."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.segment import Segment

from pipeline.core.errors import disk_full
from pipeline.core.inert import visible_controls
from pipeline.core.settings import DEFAULT_DB


class SafeConsole(Console):
    """A Rich console on which no text reaches the terminal with its control characters.

    Every string printed — table cells, tree labels, messages, ``Text`` objects — is checked on its
    way out: an escape sequence or a carriage return in a title from a document shows as ``␛`` /
    ``␍`` instead of rewriting the terminal.
    """

    def render_str(self, text: str, **kwargs):  # type: ignore[override]
        return super().render_str(visible_controls(text), **kwargs)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        # Text objects built by a command skip render_str: every segment of text is checked on its way
        # out (Rich's own control segments — cursor moves of the progress bar — pass untouched).
        return super()._render_buffer(
            segment if segment.control else Segment(visible_controls(segment.text), segment.style)
            for segment in buffer
        )


console = SafeConsole()
err = SafeConsole(stderr=True)

DbOption = typer.Option(DEFAULT_DB, "--db", help="DuckDB warehouse file.")


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error and leave with ``code`` (1: bad input, 2: bad option or refused query, 3: warehouse busy
    or missing, 4: the disk is full)."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def stops_on_full_disk(command: Callable[..., Any]) -> Callable[..., Any]:
    """``command`` leaving with a clear message instead of a traceback when the disk fills up (exit code 4)
    or a file cannot be read or written (a folder missing or read-only: exit code 1)."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except Exception as exc:
            message = disk_full(exc)
            if message is not None:
                fail(message, 4)
            message = file_error(exc)
            if message is None:
                raise
            fail(message, 1)

    return guarded


def file_error(exc: BaseException) -> str | None:
    """One line for an error of the file system (Python's ``OSError``, DuckDB's ``IOException``), else None."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename is not None else exc.strerror
    is_duckdb_io = type(exc).__name__ == "IOException" and "duckdb" in type(exc).__module__
    if isinstance(exc, OSError) or is_duckdb_io:
        return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return None


def one_line_usage_error(exc: Exception) -> NoReturn:
    """A wrong option or argument as one line (``error: …``) with where to read the help, exit code 2."""
    ctx = getattr(exc, "ctx", None)
    hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
    message = exc.format_message().replace("Value error, ", "")  # pydantic's prefix on a parser's ValueError
    err.print(f"[bold red]error:[/] {escape(message)}{escape(hint)}", highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def open_warehouse(db: Path):
    """Open an existing warehouse for writing (derived tables may need a refresh); exit 3 when busy or missing."""
    from warehouse.loader import Warehouse, WarehouseBusy

    if not db.exists():
        fail(f"no warehouse at {db}: run `pst ingest` first", 3)
    try:
        return Warehouse(db)
    except WarehouseBusy as exc:
        fail(str(exc), 3)


@contextmanager
def read_warehouse(db: Path) -> Iterator[Any]:
    """A read-only connection to the last published warehouse: never waits for a run nor blocks one; exit 3
    naming the path when there is none (a typo in ``--db`` creates nothing)."""
    from warehouse.after_load import reading
    from warehouse.snapshot import WarehouseBusy

    with ExitStack() as stack:
        try:
            found = stack.enter_context(reading(db))
        except (WarehouseBusy, FileNotFoundError) as exc:
            fail(str(exc), 3)
        if found.note:
            err.print(f"note: {found.note}", highlight=False)
        yield found.con


SUMMARY_LIMIT = 50
LimitOption = typer.Option(
    SUMMARY_LIMIT, "--limit", "-n", min=0,
    help=f"Rows of the summary shown, the worst first (default {SUMMARY_LIMIT}; 0: all).",
)


def first_rows(rows: list, limit: int) -> list:
    """The rows a summary shows: all of them when ``limit`` is 0."""
    return rows if limit == 0 else rows[:limit]


def say_hidden(shown: int, total: int, what: str, where: str | None = None) -> None:
    """One line after a cut table: how many rows were left out and where to see them."""
    if shown < total:
        also = f", or {where}" if where else ""
        err.print(f"{total - shown} {what} not shown: --limit 0 for all{also}", soft_wrap=True)

