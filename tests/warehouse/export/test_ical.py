"""iCalendar writing (RFC 5545): escaping, folding, an empty calendar."""

from __future__ import annotations

from datetime import UTC, datetime

from warehouse.compliance.calendar import deadlines_calendar
from warehouse.export.ical import ics_escape, ics_fold


def test_fold_and_escape():
    line = "DESCRIPTION:" + ics_escape("Échéance; règle, « art. 27ter »\nNote\\ ") * 6
    folded = ics_fold(line)
    parts = folded.encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in parts) and all(p.startswith(b" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line  # no character split or lost
    assert ics_escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    text = deadlines_calendar([], datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    assert text.split("\r\n")[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert "BEGIN:VEVENT" not in text
