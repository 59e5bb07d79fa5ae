"""Art. 27ter deadlines as calendar events.

A legal deadline is one all-day event on its latest due day. An indicative window (mid-term and
final evaluations: the law gives no day) is one event spanning the window, titled as a window,
never as a due date. An iCalendar file needs at least one event (RFC 5545), so a calendar with
nothing to show is not written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from warehouse.compliance.labels import OBLIGATION_LABELS, french_date, status_label
from warehouse.compliance.rules import OPEN_STATES
from warehouse.export.ical import CalendarEvent, ics_calendar, write_ics

OPEN_STATUSES = tuple(s.value for s in OPEN_STATES)
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
    indicative = bool(d.get("is_indicative"))
    if indicative:
        when = (
            f"Fenêtre indicative du {french_date(due_from)} au {french_date(due_to)} : "
            "la loi ne fixe pas de date, ce n'est pas une échéance légale"
        )
    elif due_from == due_to:
        when = f"Échéance : {due_to.isoformat()}"
    else:
        when = f"Échéance entre le {due_from.isoformat()} et le {due_to.isoformat()}"
    status = d.get("status_label") or status_label(d["status"])
    description = "\n".join(
        part
        for part in (
            when,
            f"Règle : {d['rule_id']} (fichier de règles version {d['rules_version']})",
            f"Référence légale : {d['legal_reference']}" if d.get("legal_reference") else "",
            f"Source : {d['rule_source']}" if d.get("rule_source") else "",
            f"Note : {d['note']}" if d.get("note") else "",
            f"Statut au {d['as_of'].isoformat()} : {status}",
            f"CPAS : {d['cpas_name']} (NIS {d['nis_code']}), {d['province']}",
        )
        if part
    )
    kind = "fenêtre indicative (sans échéance légale)" if indicative else "échéance"
    return CalendarEvent(
        uid=deadline_uid(d["nis_code"], d["legislature"], d["obligation"], due_from),
        day=due_from if indicative else due_to,
        last_day=due_to if indicative else None,
        summary=f"{label} – {_cpas_label(d['cpas_name'])} ({d['legislature']}): {kind}",
        description=description,
        categories=("PST", d["obligation"], "indicatif" if indicative else "échéance légale"),
    )


def deadlines_calendar(deadlines: Iterable[dict[str, Any]], stamp: datetime | None = None) -> str:
    """An iCalendar document with one event per deadline."""
    return ics_calendar(map(deadline_event, deadlines), name=CALENDAR_NAME, prodid=PRODID, stamp=stamp)


def upcoming(deadlines: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows still open on their as-of day: due soon, not yet due, window open or to come."""
    return [d for d in deadlines if d["status"] in OPEN_STATUSES]


def write_upcoming_ics(path: str | Path, deadlines: Iterable[dict[str, Any]], stamp: datetime | None = None) -> int:
    """Write the open deadlines among ``deadlines``; return how many.

    With none, nothing is written (an iCalendar object needs at least one component, RFC 5545
    §3.6) and 0 is returned: the caller says why.
    """
    rows = upcoming(deadlines)
    if rows:
        write_ics(path, deadlines_calendar(rows, stamp))
    return len(rows)


__all__ = [
    "OBLIGATION_LABELS",
    "OPEN_STATUSES",
    "deadline_event",
    "deadline_uid",
    "deadlines_calendar",
    "upcoming",
    "write_upcoming_ics",
]
