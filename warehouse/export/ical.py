"""iCalendar files (RFC 5545), hand-written so that they stay small and testable: CRLF line ends,
TEXT escaping, content lines folded at 75 octets, one all-day VEVENT per event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

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


def ics_escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, newline; other control
    characters shown by their visible stand-ins (RFC 5545 forbids them in TEXT)."""
    return (
        visible_controls(text, FILE_KEEP)
        .replace("\\", "\\\\")
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


def ics_calendar(events: Iterable[CalendarEvent], *, name: str, prodid: str, stamp: datetime | None = None) -> str:
    """An iCalendar document named ``name`` with one all-day VEVENT per event."""
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC)
    dtstamp = stamp.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ics_escape(name),
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{dtstamp}",
            f"DTSTART;VALUE=DATE:{event.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{((event.last_day or event.day) + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{ics_escape(event.summary)}",
            f"DESCRIPTION:{ics_escape(event.description)}",
        ]
        if event.categories:
            lines.append("CATEGORIES:" + ",".join(ics_escape(c) for c in event.categories))
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)


def write_ics(path: str | Path, text: str) -> None:
    """Write an iCalendar document as UTF-8 bytes (its CRLF line ends kept)."""
    Path(path).write_bytes(text.encode("utf-8"))


__all__ = ["CalendarEvent", "ics_calendar", "ics_escape", "ics_fold", "write_ics"]
