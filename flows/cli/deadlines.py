"""The ``pst deadlines`` command: art. 27ter statuses on a day, as a table, CSV, Excel or iCalendar.

``register(app)`` adds the command to the ``pst`` typer app. The command recomputes the statuses
for ``--as-of`` (stored in the warehouse: ``v_deadlines``, ``v_compliance_summary``), prints them
filtered, and writes the files asked for. The iCalendar writer is hand-written (RFC 5545: CRLF,
escaping, lines folded at 75 octets) so that it stays small and testable.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from pipeline.core.settings import DEFAULT_DB
from pipeline.reference.municipalities import LEGISLATURES
from warehouse.compliance.rules import DeadlineState

OPEN_STATUSES = (DeadlineState.DUE_SOON.value, DeadlineState.NOT_YET_DUE.value)
STATUS_STYLE = {
    "on_time": "green",
    "late": "yellow",
    "no_evidence": "red",
    "due_soon": "magenta",
    "not_yet_due": "dim",
}
OBLIGATION_LABELS = {
    "dps": "Déclaration de politique sociale",
    "pst": "PST",
    "pst_renewal": "PST (après renouvellement)",
    "evaluation_mid": "Évaluation du PST à mi-législature",
    "evaluation_final": "Évaluation finale du PST",
    "publication": "Publication du PST",
}
PRODID = "-//cpas-pst-warehouse//pst deadlines//FR"

console = Console()
err = Console(stderr=True)


# ---- queries ----------------------------------------------------------------------------------
def fetch_deadlines(
    con: Any,
    *,
    legislature: str | None = None,
    statuses: Sequence[str] = (),
    province: str | None = None,
) -> tuple[list[str], list[tuple]]:
    """Columns and rows of ``v_deadlines``, filtered (province: accent- and case-blind substring)."""
    where, params = [], []
    if legislature:
        where.append("legislature = ?")
        params.append(legislature)
    if statuses:
        where.append(f"status IN ({', '.join('?' * len(statuses))})")
        params += list(statuses)
    if province:
        where.append("strip_accents(lower(province)) LIKE '%' || strip_accents(lower(?)) || '%'")
        params.append(province)
    sql = "SELECT * FROM v_deadlines" + (f" WHERE {' AND '.join(where)}" if where else "")
    rel = con.execute(sql, params)
    return [d[0] for d in rel.description], rel.fetchall()


def fetch_summary(
    con: Any, *, legislature: str | None = None, province: str | None = None
) -> tuple[list[str], list[tuple]]:
    """Columns and rows of ``v_compliance_summary`` (the total rows unless a province is given)."""
    where, params = [], []
    if legislature:
        where.append("legislature = ?")
        params.append(legislature)
    if province:
        where.append("strip_accents(lower(province)) LIKE '%' || strip_accents(lower(?)) || '%'")
        params.append(province)
    else:
        where.append("is_total")
    rel = con.execute(f"SELECT * FROM v_compliance_summary WHERE {' AND '.join(where)}", params)
    return [d[0] for d in rel.description], rel.fetchall()


# ---- CSV / Excel ------------------------------------------------------------------------------
def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Write rows as UTF-8 CSV with a header line; dates in ISO form, NULL as empty."""
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if v is None else _plain(v) for v in row])


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def write_xlsx(
    path: Path,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    summary: tuple[Sequence[str], Iterable[Sequence]] | None = None,
) -> None:
    """Write a workbook: sheet ``deadlines`` (filterable, header frozen) and optionally ``summary``."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheets = [("deadlines", columns, rows)]
    if summary is not None:
        sheets.append(("summary", *summary))
    for index, (title, cols, data) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = title
        sheet.append(list(cols))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in data:
            # Excel has no time zones: naive datetimes only.
            sheet.append([v.replace(tzinfo=None) if isinstance(v, datetime) else v for v in row])
        for i, col in enumerate(cols, start=1):
            letter = get_column_letter(i)
            if col in {"due_from", "due_to", "done_date", "as_of"}:
                for cell in sheet[letter][1:]:
                    cell.number_format = "yyyy-mm-dd"
            sheet.column_dimensions[letter].width = 40 if "text" in col or col == "note" else 14
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
    book.save(path)


# ---- iCalendar (RFC 5545) ---------------------------------------------------------------------
def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, newline."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def ics_fold(line: str, limit: int = 75) -> str:
    """Fold a content line into CRLF-joined lines of at most ``limit`` octets (RFC 5545 §3.1).

    Continuation lines start with one space, which counts in their length; a UTF-8 character is
    never split.
    """
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = " ", 1
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def _cpas_label(name: str) -> str:
    # French elision before a vowel: "CPAS d'Andenne", "CPAS de Dinant".
    return f"CPAS d'{name}" if name[:1].upper() in "AEIOUYÂÉÈÊÎÔ" else f"CPAS de {name}"


def ics_uid(nis_code: str, legislature: str, obligation: str, due_from: date) -> str:
    """A UID stable across recomputations (a changed period updates the event, not duplicates it)."""
    key = f"{legislature}|{nis_code}|{obligation}"
    if obligation == "pst_renewal":  # one per renewal
        key += f"|{due_from.isoformat()}"
    return f"art27ter-{hashlib.sha1(key.encode()).hexdigest()[:16]}@cpas-pst-warehouse"


def ics_calendar(deadlines: Iterable[dict[str, Any]], stamp: datetime | None = None) -> str:
    """An iCalendar document with one all-day VEVENT per deadline, on its latest due day."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ics_escape("Échéances art. 27ter (PST des CPAS)"),
    ]
    for d in deadlines:
        label = OBLIGATION_LABELS.get(d["obligation"], d["obligation"])
        summary = f"{label} – {_cpas_label(d['cpas_name'])} ({d['legislature']}): échéance"
        due_from, due_to = d["due_from"], d["due_to"]
        when = (
            f"Échéance : {due_to.isoformat()}"
            if due_from == due_to
            else f"Échéance entre le {due_from.isoformat()} et le {due_to.isoformat()}"
        )
        description = "\n".join(
            part
            for part in (
                when,
                f"Règle : {d['rule_id']} (fichier de règles version {d['rules_version']})",
                f"Référence légale : {d['legal_reference']}" if d.get("legal_reference") else "",
                f"Note : {d['note']}" if d.get("note") else "",
                f"Statut au {d['as_of'].isoformat()} : {d['status']}",
                f"CPAS : {d['cpas_name']} (NIS {d['nis_code']}), {d['province']}",
            )
            if part
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{ics_uid(d['nis_code'], d['legislature'], d['obligation'], due_from)}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{due_to.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(due_to + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{ics_escape(summary)}",
            f"DESCRIPTION:{ics_escape(description)}",
            f"CATEGORIES:{ics_escape('PST')},{ics_escape(d['obligation'])}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


def write_ics(path: Path, deadlines: Iterable[dict[str, Any]], stamp: datetime | None = None) -> int:
    """Write the open deadlines (due_soon / not_yet_due) among ``deadlines``; return how many."""
    upcoming = [d for d in deadlines if d["status"] in OPEN_STATUSES]
    Path(path).write_bytes(ics_calendar(upcoming, stamp).encode("utf-8"))
    return len(upcoming)


# ---- the command ------------------------------------------------------------------------------
def _parse_as_of(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint="--as-of") from exc


def _parse_statuses(value: str | None) -> list[str]:
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


def _print_table(columns: Sequence[str], rows: Sequence[tuple], title: str) -> None:
    idx = {c: i for i, c in enumerate(columns)}
    table = Table(title=title)
    for col in ("CPAS", "NIS", "legislature", "obligation", "due", "done", "status", "days late",
                "evidence"):
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
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB warehouse file."),
) -> None:
    """Recompute the art. 27ter deadlines for a day, store them, print and export them."""
    from warehouse.compliance.evidence import compute_and_store_deadlines
    from warehouse.loader import Warehouse, WarehouseBusy

    day = _parse_as_of(as_of)
    statuses = _parse_statuses(status)
    if legislature and legislature not in LEGISLATURES:
        raise typer.BadParameter(
            f"{legislature!r}; expected one of {', '.join(LEGISLATURES)}", param_hint="--legislature"
        )
    if not db.exists():
        err.print(f"[bold red]error:[/] no warehouse at {db}: run `pst ingest` first")
        raise typer.Exit(3)
    try:
        wh = Warehouse(db)
    except WarehouseBusy as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(3) from None
    with wh:
        run = compute_and_store_deadlines(wh.con, day, due_soon_days)
        columns, rows = fetch_deadlines(
            wh.con, legislature=legislature, statuses=statuses, province=province
        )
        summary = fetch_summary(wh.con, legislature=legislature, province=province)
    _print_table(columns, rows, f"Art. 27ter deadlines as of {day} (rules {run.rules_version})")
    counts = Counter(r[columns.index("status")] for r in rows)
    console.print(
        f"rows: {len(rows)}  " + "  ".join(f"{s.value}: {counts.get(s.value, 0)}" for s in DeadlineState)
    )
    for line in run.skipped:
        err.print(f"[yellow]skipped[/] {line}")
    if csv_file:
        write_csv(csv_file, columns, rows)
        err.print(f"wrote {csv_file}")
    if xlsx_file:
        write_xlsx(xlsx_file, columns, rows, summary)
        err.print(f"wrote {xlsx_file}")
    if ics_file:
        n = write_ics(ics_file, [dict(zip(columns, r, strict=True)) for r in rows], run.computed_at)
        err.print(f"wrote {ics_file} ({n} upcoming deadline(s))")


def register(app: typer.Typer) -> None:
    """Add the ``deadlines`` command to the ``pst`` app."""
    app.command("deadlines")(deadlines)
