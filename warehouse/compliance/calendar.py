"""Art. 27ter deadlines as calendar events: one all-day event per deadline, on its latest due day."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from warehouse.compliance.rules import DeadlineState
from warehouse.export.ical import CalendarEvent, ics_calendar, write_ics

OPEN_STATUSES = (DeadlineState.DUE_SOON.value, DeadlineState.NOT_YET_DUE.value)
OBLIGATION_LABELS = {
    "dps": "Déclaration de politique sociale",
    "pst": "PST",
    "pst_renewal": "PST (après renouvellement)",
    "evaluation_mid": "Évaluation du PST à mi-législature",
    "evaluation_final": "Évaluation finale du PST",
    "publication": "Publication du PST",
}
PRODID = "-//cpas-pst-warehouse//pst deadlines//FR"
CALENDAR_NAME = "Échéances art. 27ter (PST des CPAS)"


def _cpas_label(name: str) -> str:
    # French elision before a vowel: "CPAS d'Andenne", "CPAS de Dinant".
    return f"CPAS d'{name}" if name[:1].upper() in "AEIOUYÂÉÈÊÎÔ" else f"CPAS de {name}"


def deadline_uid(nis_code: str, legislature: str, obligation: str, due_from: date) -> str:
    """A UID stable across recomputations (a changed period updates the event, not duplicates it)."""
    key = f"{legislature}|{nis_code}|{obligation}"
    if obligation == "pst_renewal":  # one per renewal
        key += f"|{due_from.isoformat()}"
    return f"art27ter-{hashlib.sha1(key.encode()).hexdigest()[:16]}@cpas-pst-warehouse"


def deadline_event(d: dict[str, Any]) -> CalendarEvent:
    """The event of one row of ``v_deadlines`` (as a dict)."""
    label = OBLIGATION_LABELS.get(d["obligation"], d["obligation"])
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
    return CalendarEvent(
        uid=deadline_uid(d["nis_code"], d["legislature"], d["obligation"], due_from),
        day=due_to,
        summary=f"{label} – {_cpas_label(d['cpas_name'])} ({d['legislature']}): échéance",
        description=description,
        categories=("PST", d["obligation"]),
    )


def deadlines_calendar(deadlines: Iterable[dict[str, Any]], stamp: datetime | None = None) -> str:
    """An iCalendar document with one event per deadline."""
    return ics_calendar(map(deadline_event, deadlines), name=CALENDAR_NAME, prodid=PRODID, stamp=stamp)


def write_upcoming_ics(path: str | Path, deadlines: Iterable[dict[str, Any]], stamp: datetime | None = None) -> int:
    """Write the open deadlines (due_soon / not_yet_due) among ``deadlines``; return how many."""
    upcoming = [d for d in deadlines if d["status"] in OPEN_STATUSES]
    write_ics(path, deadlines_calendar(upcoming, stamp))
    return len(upcoming)


__all__ = [
    "OBLIGATION_LABELS",
    "OPEN_STATUSES",
    "deadline_event",
    "deadline_uid",
    "deadlines_calendar",
    "write_upcoming_ics",
]
