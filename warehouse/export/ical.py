"""iCalendar files (RFC 5545) through the ``icalendar`` library: one all-day VEVENT per event.

The library escapes TEXT values and folds content lines at 75 octets; this module only chooses
the properties and makes control characters visible (RFC 5545 forbids them in TEXT).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar

from pipeline.core.inert import FILE_KEEP, visible_controls


@dataclass(frozen=True)
class CalendarEvent:
    """One all-day event: a stable UID (a changed event updates, never duplicates), its day and texts.

    ``last_day`` makes it span several days (a window rather than a due day).
    """

    uid: str
    day: date
    summary: str
    description: str
    categories: tuple[str, ...] = ()
    last_day: date | None = None


def calendar_text(text: str) -> str:
    """A TEXT value as it goes to the library: control characters shown by their visible stand-ins."""
    return visible_controls(text, FILE_KEEP)


def _vevent(event: CalendarEvent, stamp: datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", event.day)
    vevent.add("dtend", (event.last_day or event.day) + timedelta(days=1))  # DTEND of a date is exclusive
    vevent.add("summary", calendar_text(event.summary))
    vevent.add("description", calendar_text(event.description))
    if event.categories:
        vevent.add("categories", [calendar_text(c) for c in event.categories])
    vevent.add("transp", "TRANSPARENT")
    return vevent


def ics_calendar(events: Iterable[CalendarEvent], *, name: str, prodid: str, stamp: datetime | None = None) -> str:
    """An iCalendar document named ``name`` with one all-day VEVENT per event."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", prodid)
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", icalendar.vText(calendar_text(name)))
    for event in events:
        cal.add_component(_vevent(event, stamp))
    # sorted=False: properties in the order above (UID first), as calendar clients print them.
    return cal.to_ical(sorted=False).decode("utf-8")


def write_ics(path: str | Path, text: str) -> None:
    """Write an iCalendar document as UTF-8 bytes (its CRLF line ends kept)."""
    Path(path).write_bytes(text.encode("utf-8"))


__all__ = ["CalendarEvent", "calendar_text", "ics_calendar", "write_ics"]
