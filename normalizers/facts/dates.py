"""Find and normalize French dates in free text ("le mardi 24 novembre 2020", "28/10/2019"...).

A compiled regex, not dateparser: the forms met in CPAS documents are few and fixed, and a
regex keeps the exact span, never guesses a missing year, never reads "sept" (seven) as
September, and runs about a hundred times faster than ``dateparser.search.search_dates``.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from pipeline.core.model import DatePrecision
from pipeline.core.text import fold

# Years outside this range are page numbers, amounts or codes, not dates in a CPAS document.
MIN_YEAR = 1800
MAX_YEAR = 2199

_WS = r"[\s\u00a0\u202f]+"
_NOT_LETTER = r"(?![^\W\d_])"

# Month spellings: full, with or without accents, and the usual abbreviations. "sept" without
# a dot is accepted only after a day number (see _DAY_MONTH), where it cannot mean seven.
_MONTH = (
    r"(?:janvier|janv\.?|jan\.|f[ée]vrier|f[ée]vr\.?|f[ée]v\.|mars|avril|avr\.?|mai|juin"
    r"|juillet|juil\.?|ao[uûü]t|septembre|sept\.|sep\.|octobre|oct\.?|novembre|nov\.?"
    r"|d[ée]cembre|d[ée]c\.?)"
)
_MONTH_OR_SEPT = r"(?:" + _MONTH[3:-1] + r"|sept)"
_WEEKDAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_YEAR = r"(?P<{name}>\d{{4}})(?!\d)"

_DAY_MONTH = (
    rf"(?:{_WEEKDAY}{_WS})?(?<!\d)(?P<d_day>[0-3]?\d)(?:er|ier|°)?{_WS}"
    rf"(?P<d_month>{_MONTH_OR_SEPT}){_NOT_LETTER}{_WS}" + _YEAR.format(name="d_year")
)
_NUMERIC = (
    r"(?<![\d./-])(?P<n_day>[0-3]?\d)(?P<sep>[/.-])(?P<n_month>[01]?\d)(?P=sep)"
    r"(?P<n_year>\d{4})(?![\d]|[./-]\d)"
)
_ISO = r"(?<![\d./-])(?P<i_year>\d{4})-(?P<i_month>[01]\d)-(?P<i_day>[0-3]\d)(?![\d]|[./-]\d)"
_MONTH_YEAR = (
    rf"(?<![\w.])(?P<m_month>{_MONTH}){_NOT_LETTER}{_WS}(?:de{_WS}l['’]ann[ée]e{_WS})?"
    + _YEAR.format(name="m_year")
    + r"(?!\s*[-–/]\s*\d)"
)
# A bare year is a date only after a word that makes it one ("en 2021", "courant 2020", "fin
# 2019"), and never as one end of a range ("2018-2024", "en 2019 - 2025") or an amount.
_YEAR_ONLY = (
    r"(?<![\w'’])(?:en|courant|d[ée]but|fin|d[èe]s|depuis|d['’]ici|l['’]ann[ée]e)"
    rf"{_WS}(?:(?:de{_WS})?l['’]ann[ée]e{_WS})?"
    r"(?P<y_year>(?:18|19|20|21)\d{2})(?!\d|\s*[-–/]\s*\d|\s*(?:€|eur|%|euros?\b))"
)

_DATE_RE = re.compile(
    "|".join(f"(?:{p})" for p in (_DAY_MONTH, _NUMERIC, _ISO, _MONTH_YEAR, _YEAR_ONLY)),
    re.IGNORECASE,
)
_BARE_YEAR_RE = re.compile(r"\s*((?:18|19|20|21)\d{2})\s*")

_MONTH_PREFIXES = (
    ("janv", 1),
    ("jan", 1),
    ("fev", 2),
    ("mars", 3),
    ("avr", 4),
    ("mai", 5),
    ("juin", 6),
    ("juil", 7),
    ("aou", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
)


@dataclass(frozen=True)
class DateMention:
    """One date found in a text: where it is, its value, how precise it is, the matched text."""

    span: tuple[int, int]
    value: date
    precision: DatePrecision
    text: str

    @property
    def iso(self) -> str:
        """The date as ISO 8601 (the first day of the month or year when less precise)."""
        return self.value.isoformat()

    @property
    def last_day(self) -> date:
        """The latest day the mention can stand for (end of the month or year)."""
        return latest_day(self.value, self.precision)


def latest_day(value: date, precision: DatePrecision) -> date:
    """The last day a date of this precision covers: itself, the end of its month or year."""
    if precision is DatePrecision.MONTH:
        return value.replace(day=monthrange(value.year, value.month)[1])
    if precision is DatePrecision.YEAR:
        return date(value.year, 12, 31)
    return value


def _month_number(word: str) -> int | None:
    folded = fold(word)
    for prefix, number in _MONTH_PREFIXES:
        if folded.startswith(prefix):
            return number
    return None


def _build(
    year: str, month: int | str | None, day: str | None
) -> tuple[date, DatePrecision] | None:
    y = int(year)
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    if month is None:
        return date(y, 1, 1), DatePrecision.YEAR
    m = month if isinstance(month, int) else int(month)
    if not 1 <= m <= 12:
        return None
    if day is None:
        return date(y, m, 1), DatePrecision.MONTH
    try:
        return date(y, m, int(day)), DatePrecision.DAY
    except ValueError:
        return None


def _value(match: re.Match[str]) -> tuple[date, DatePrecision] | None:
    g = match.groupdict()
    if g["d_year"]:
        return _build(g["d_year"], _month_number(g["d_month"]), g["d_day"])
    if g["n_year"]:
        return _build(g["n_year"], g["n_month"], g["n_day"])
    if g["i_year"]:
        return _build(g["i_year"], g["i_month"], g["i_day"])
    if g["m_year"]:
        return _build(g["m_year"], _month_number(g["m_month"]), None)
    return _build(g["y_year"], None, None)


def find_dates(text: str) -> list[DateMention]:
    """Every French date in ``text``, in order: day, month-year, or year in a date context."""
    mentions: list[DateMention] = []
    for match in _DATE_RE.finditer(text or ""):
        parsed = _value(match)
        if parsed is None:
            continue
        start, end = match.span()
        if match.group("y_year"):
            # The span of a bare year is the year itself, not the word that introduced it.
            start, end = match.span("y_year")
        mentions.append(DateMention((start, end), parsed[0], parsed[1], text[start:end]))
    return mentions


def parse_french_date(s: str) -> tuple[date, DatePrecision] | None:
    """The first date in ``s`` ("1er mars 2019", "28.10.2019", "sept. 2019", "2019") or None."""
    if not s:
        return None
    bare = _BARE_YEAR_RE.fullmatch(s)
    if bare:
        return _build(bare.group(1), None, None)
    mentions = find_dates(s)
    if not mentions:
        return None
    return mentions[0].value, mentions[0].precision
