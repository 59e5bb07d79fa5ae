"""``pst deadlines``: art. 27ter statuses on a day, printed as a table and written as CSV, Excel or iCalendar.

The command recomputes the statuses for ``--as-of`` (stored in the warehouse: ``v_deadlines``,
``v_compliance_summary``), prints them filtered and writes the files asked for; the queries,
the calendar events and the writers are ``warehouse.compliance`` and ``warehouse.export``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from flows.cli.common import DbOption, console, err, open_warehouse

STATUS_STYLE = {
    "on_time": "green",
    "late": "yellow",
    "no_evidence": "red",
    "due_soon": "magenta",
    "not_yet_due": "dim",
}


def _parse_as_of(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--as-of") from exc


def _parse_statuses(value: str | None) -> list[str]:
    from warehouse.compliance.rules import DeadlineState

    if not value:
        return []
    wanted = [s.strip() for s in value.split(",") if s.strip()]
    known = [s.value for s in DeadlineState]
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise typer.BadParameter(
            f"unknown status {', '.join(unknown)}; expected {', '.join(known)}",
            param_hint="--status",
        )
    return wanted


def _check_legislature(value: str | None) -> None:
    from pipeline.reference.municipalities import LEGISLATURES

    if value and value not in LEGISLATURES:
        raise typer.BadParameter(f"{value!r}; expected one of {', '.join(LEGISLATURES)}", param_hint="--legislature")


def _print_table(columns: Sequence[str], rows: Sequence[tuple], title: str) -> None:
    idx = {c: i for i, c in enumerate(columns)}
    table = Table(title=title)
    for col in ("CPAS", "NIS", "legislature", "obligation", "due", "done", "status", "days late", "evidence"):
        table.add_column(col, overflow="fold")
    for r in rows:
        due_from, due_to = r[idx["due_from"]], r[idx["due_to"]]
        due = str(due_to) if due_from == due_to else f"{due_from}..{due_to}"
        status = r[idx["status"]]
        table.add_row(
            r[idx["cpas_name"]], r[idx["nis_code"]], r[idx["legislature"]], r[idx["obligation"]],
            due, str(r[idx["done_date"]] or ""),
            f"[{STATUS_STYLE.get(status, '')}]{status}[/]",
            "" if r[idx["days_late"]] is None else str(r[idx["days_late"]]),
            r[idx["evidence_source_file"]] or "",
        )
    console.print(table)


def deadlines(
    as_of: str | None = typer.Option(None, "--as-of", help="Day of the statuses (YYYY-MM-DD); default today."),
    legislature: str | None = typer.Option(None, "--legislature", help="2018-2024 or 2024-2030."),
    status: str | None = typer.Option(
        None, "--status", help="Comma-separated: on_time,late,no_evidence,due_soon,not_yet_due."
    ),
    province: str | None = typer.Option(None, "--province", help="Province (part of its name, e.g. Namur)."),
    csv_file: Path | None = typer.Option(None, "--csv", help="Write the filtered table as CSV."),
    xlsx_file: Path | None = typer.Option(None, "--xlsx", help="Write the table and summary as Excel."),
    ics_file: Path | None = typer.Option(
        None, "--ics", help="Write the upcoming deadlines (due_soon, not_yet_due) as iCalendar."
    ),
    due_soon_days: int = typer.Option(90, "--due-soon-days", min=0, help="Window of due_soon, in days."),
    db: Path = DbOption,
) -> None:
    """Recompute the art. 27ter deadlines for a day, store them, print and export them."""
    from warehouse.compliance.calendar import write_upcoming_ics
    from warehouse.compliance.evidence import compute_and_store_deadlines
    from warehouse.compliance.queries import deadlines_query, summary_query
    from warehouse.compliance.rules import DeadlineState
    from warehouse.export.writers import fetch, write_file, write_workbook

    day = _parse_as_of(as_of)
    statuses = _parse_statuses(status)
    _check_legislature(legislature)
    table = deadlines_query(legislature=legislature, statuses=statuses, province=province)
    summary = summary_query(legislature=legislature, province=province)
    written: list[str] = []
    with open_warehouse(db) as wh:
        run = compute_and_store_deadlines(wh.con, day, due_soon_days)
        columns, rows = fetch(wh.con, table)
        if csv_file:
            write_file(wh.con, table, csv_file, "csv")
            written.append(f"wrote {csv_file}")
        if xlsx_file:
            write_workbook(wh.con, [table, summary], xlsx_file)
            written.append(f"wrote {xlsx_file}")
    if ics_file:
        n = write_upcoming_ics(ics_file, [dict(zip(columns, r, strict=True)) for r in rows], run.computed_at)
        written.append(f"wrote {ics_file} ({n} upcoming deadline(s))")
    _print_table(columns, rows, f"Art. 27ter deadlines as of {day} (rules {run.rules_version})")
    counts = Counter(r[columns.index("status")] for r in rows)
    console.print(
        f"rows: {len(rows)}  " + "  ".join(f"{s.value}: {counts.get(s.value, 0)}" for s in DeadlineState)
    )
    for line in run.skipped:
        err.print(f"[yellow]skipped[/] {line}")
    for line in written:
        err.print(line)


def register(app: typer.Typer) -> None:
    """Add the ``deadlines`` command to the ``pst`` app."""
    app.command("deadlines")(deadlines)
