"""``pst deadlines``: art. 27ter statuses on a day, printed as a table and written as CSV, Excel or iCalendar.

Without ``--as-of`` the command recomputes today's statuses and stores them (the shared views
``v_deadlines``, ``v_compliance_summary``, as after each ingest). With ``--as-of`` (or another
``--due-soon-days``) the statuses are computed for this command only, on a read-only
connection: what other readers see does not change. The queries, the calendar events and the
writers are ``warehouse.compliance`` and ``warehouse.export``; this module only presents, in
French.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import typer
from rich.table import Table

from flows.cli.common import DbOption, console, err, fail, open_warehouse
from flows.cli.options import (
    DEADLINE_STATUSES,
    LEGISLATURE,
    NO_EVIDENCE_ALIAS,
    PROVINCE,
    expand_statuses,
    iso_date,
    output_file,
)

DEFAULT_DUE_SOON_DAYS = 90
DEFAULT_LIMIT = 50

STATUS_STYLE = {
    "on_time": "green",
    "late": "yellow",
    "undecidable": "magenta",
    "done": "green",
    "in_window": "green",
    "outside_window": "yellow",
    "due_soon": "bright_magenta",
    "not_yet_due": "dim",
    "window_open": "cyan",
    "window_upcoming": "dim",
    "no_document": "bold red",
    "no_dated_evidence": "red",
    "planned_only": "red",
}


def _print_table(columns: Sequence[str], rows: Sequence[tuple], title: str) -> None:
    from warehouse.compliance.labels import obligation_label, status_label

    idx = {c: i for i, c in enumerate(columns)}
    table = Table(title=title)
    for col in ("CPAS", "NIS", "législature", "obligation", "échéance", "fait le", "statut",
                "jours de retard", "preuve"):
        table.add_column(col, overflow="fold")
    for r in rows:
        due_from, due_to = r[idx["due_from"]], r[idx["due_to"]]
        due = str(due_to) if due_from == due_to else f"{due_from} .. {due_to}"
        if r[idx["is_indicative"]]:
            due = f"fenêtre {due_from} .. {due_to}"
        status = r[idx["status"]]
        table.add_row(
            r[idx["cpas_name"]], r[idx["nis_code"]], r[idx["legislature"]],
            r[idx["obligation_label"]] or obligation_label(r[idx["obligation"]]),
            due, str(r[idx["done_date"]] or ""),
            f"[{STATUS_STYLE.get(status, '')}]{r[idx['status_label']] or status_label(status)}[/]",
            "" if r[idx["days_late"]] is None else str(r[idx["days_late"]]),
            r[idx["evidence_source_file"]] or "",
        )
    console.print(table)


@contextmanager
def _computed(db: Path, day: date, due_soon_days: int, session: bool) -> Iterator[tuple]:
    """(connection, computation) with the statuses of ``day``: stored, or for this session only."""
    from warehouse.compliance.evidence import compute_and_store_deadlines, session_connection
    from warehouse.snapshot import WarehouseBusy, writer_busy

    busy = None if session or not db.exists() else writer_busy(db)
    if busy:  # a run is writing: its end stores today's statuses; this command computes them for itself
        err.print(f"note: {busy}; statuts calculés pour cette commande seulement", highlight=False)
        session = True
    if not session:
        with open_warehouse(db) as wh:
            yield wh.con, compute_and_store_deadlines(wh.con, day, due_soon_days)
        return
    if not db.exists():
        fail(f"aucun entrepôt à {db} : lancer d'abord `pst ingest`", 3)
    try:
        con = session_connection(db)
    except WarehouseBusy as exc:
        fail(str(exc), 3)
    try:
        yield con, compute_and_store_deadlines(con, day, due_soon_days, shared=False)
    finally:
        con.close()


def deadlines(
    as_of: date | None = typer.Option(
        None, "--as-of", parser=iso_date, metavar="AAAA-MM-JJ",
        help="Jour des statuts, calculés pour cette commande seulement ; "
             "sans option : aujourd'hui, et les vues partagées sont mises à jour.",
    ),
    legislature: str | None = typer.Option(None, "--legislature", parser=LEGISLATURE, help="Législature."),
    status: list[str] | None = typer.Option(
        None, "--status", parser=DEADLINE_STATUSES, metavar="STATUT,…",
        help=f"Statuts de l'art. 27ter à garder, séparés par des virgules ou en répétant l'option "
             f"({NO_EVIDENCE_ALIAS} = les trois statuts sans preuve ; une valeur inconnue liste les valides).",
    ),
    province: str | None = typer.Option(
        None, "--province", parser=PROVINCE, help="Province (ex. Namur ; une valeur inconnue liste les valides)."
    ),
    csv_file: Path | None = typer.Option(None, "--csv", parser=output_file, help="Écrire le tableau filtré en CSV."),
    xlsx_file: Path | None = typer.Option(
        None, "--xlsx", parser=output_file, help="Écrire le tableau et le résumé en Excel."
    ),
    ics_file: Path | None = typer.Option(
        None, "--ics", parser=output_file,
        help="Écrire les échéances encore ouvertes (et les fenêtres indicatives) en iCalendar.",
    ),
    due_soon_days: int = typer.Option(
        DEFAULT_DUE_SOON_DAYS, "--due-soon-days", min=0,
        help="Fenêtre du statut « échéance proche », en jours (autre que 90 : calcul pour cette commande seulement).",
    ),
    limit: int | None = typer.Option(
        None, "--limit", "-n", min=0,
        help=f"Lignes affichées (défaut {DEFAULT_LIMIT} ; 0 : toutes). Avec --csv, --xlsx ou --ics, "
             "le tableau n'est affiché que si --limit est donné.",
    ),
    db: Path = DbOption,
) -> None:
    """Calculer les échéances de l'art. 27ter pour un jour, les afficher et les exporter."""
    from warehouse.compliance.calendar import write_upcoming_ics
    from warehouse.compliance.evidence import shared_computation
    from warehouse.compliance.labels import STATUS_LABELS
    from warehouse.compliance.queries import deadlines_query, summary_query
    from warehouse.export.writers import fetch, write_file, write_workbook

    day = as_of or date.today()
    statuses = expand_statuses(s for values in status or () for s in values)  # one list per --status
    session = as_of is not None or due_soon_days != DEFAULT_DUE_SOON_DAYS
    table = deadlines_query(legislature=legislature, statuses=statuses, province=province)
    summary = summary_query(legislature=legislature, province=province)
    written: list[str] = []
    with _computed(db, day, due_soon_days, session) as (con, run):
        columns, rows = fetch(con, table)
        shared = shared_computation(con) if session else None
        if csv_file:
            write_file(con, table, csv_file, "csv")
            written.append(f"écrit : {csv_file}")
        if xlsx_file:
            write_workbook(con, [table, summary], xlsx_file)
            written.append(f"écrit : {xlsx_file}")
    if ics_file:
        records = [dict(zip(columns, r, strict=True)) for r in rows]
        n = write_upcoming_ics(ics_file, records, run.computed_at)
        if n:
            written.append(f"écrit : {ics_file} ({n} échéance(s) ou fenêtre(s) à venir)")
        else:
            written.append(
                f"pas de fichier iCalendar écrit ({ics_file}) : aucune des {len(records)} ligne(s) "
                "retenue(s) n'est encore ouverte au "
                f"{day.isoformat()}, et un fichier iCalendar doit contenir au moins un événement "
                "(RFC 5545)"
            )
    writes_files = bool(csv_file or xlsx_file or ics_file)
    if limit is not None or not writes_files:
        shown = rows if limit == 0 else rows[: limit or DEFAULT_LIMIT]
        _print_table(columns, shown, f"Échéances de l'art. 27ter au {day} (règles {run.rules_version})")
        if len(shown) < len(rows):
            err.print(
                f"{len(rows) - len(shown)} ligne(s) non affichée(s) sur {len(rows)} : --limit 0 pour toutes, "
                "ou --csv / --xlsx pour un fichier",
                soft_wrap=True,
            )
    counts = Counter(r[columns.index("status")] for r in rows)
    console.print(
        f"lignes : {len(rows)}  "
        + "  ".join(f"{label} : {counts[code]}" for code, label in STATUS_LABELS.items() if counts[code])
    )
    if session:
        kept = (
            f"celui du {shared[0].isoformat()} (calculé le {shared[1]:%Y-%m-%d %H:%M})"
            if shared else "aucun calcul partagé pour l'instant"
        )
        err.print(
            f"statuts calculés au {day.isoformat()} pour cette commande seulement : les vues "
            f"partagées (v_deadlines, v_compliance_summary) gardent {kept}"
        )
    for line in run.skipped:
        err.print(f"[yellow]ignoré[/] {line}")
    for line in written:
        err.print(line)


def register(app: typer.Typer) -> None:
    """Add the ``deadlines`` command to the ``pst`` app."""
    app.command("deadlines")(deadlines)
