"""iCalendar writing (RFC 5545) through the icalendar library: escaping, folding, an empty calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar

from warehouse.compliance.calendar import deadlines_calendar
from warehouse.export.ical import CalendarEvent, ics_calendar

STAMP = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_fold_and_escape():
    text = "Échéance; règle, « art. 27ter »\nNote\\ " * 6
    event = CalendarEvent("u1@pst", date(2025, 10, 15), "PST; CPAS, Andenne", text, ("PST", "a,b"))
    raw = ics_calendar([event], name="Échéances, PST", prodid="-//t//t//FR", stamp=STAMP)
    parts = raw.encode("utf-8").split(b"\r\n")
    assert all(len(p) <= 75 for p in parts) and any(p.startswith(b" ") for p in parts)
    lines = raw.replace("\r\n ", "").split("\r\n")  # unfolded: no character split or lost
    assert "SUMMARY:PST\\; CPAS\\, Andenne" in lines
    assert "DESCRIPTION:" + ("Échéance\\; règle\\, « art. 27ter »\\nNote\\\\ " * 6).rstrip() in [
        line.rstrip() for line in lines
    ]
    assert "DTSTART;VALUE=DATE:20251015" in lines and "DTEND;VALUE=DATE:20251016" in lines
    (parsed,) = icalendar.Calendar.from_ical(raw).walk("VEVENT")
    assert str(parsed["DESCRIPTION"]) == text and str(parsed["SUMMARY"]) == "PST; CPAS, Andenne"


def test_an_empty_calendar_has_no_event():
    text = deadlines_calendar([], STAMP)
    assert text.split("\r\n")[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"]
    assert "BEGIN:VEVENT" not in text
