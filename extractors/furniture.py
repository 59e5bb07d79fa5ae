"""Page furniture kept for identification: running headers and footers, Word header/footer
parts, an HTML page's ``<title>`` and site chrome.

Every extractor gives its raw furniture lines to ``collect_furniture``, which strips page
numbers ("Page 3 sur 12", "3/12", "- 3 -", a bare 3 at either end), collapses whitespace,
drops duplicates (accents, case and spacing ignored) and caps the size: furniture names the
publisher, it is never a second copy of the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pipeline.core.text import fold

MAX_FURNITURE_CHARS = 4000
"""Total characters kept per document."""
MAX_LINE_CHARS = 300
"""Longest furniture line kept (longer ones are cut at a word boundary)."""

_SPACES = re.compile(r"\s+")
_PAGE_PARTS = re.compile(
    r"""(?:\b(?:page|pag\.|p\.)\s*\d{1,4}(?:\s*(?:/|sur|de|of)\s*\d{1,4})?\b)
      | (?:\b\d{1,4}\s+(?:sur|of)\s+\d{1,4}\b)
      | (?:(?<![\d/])\b\d{1,3}\s*/\s*\d{1,3}\b(?![\d/]))
      | (?:(?<!\S)[-–—]\s*\d{1,4}\s*[-–—](?!\S))""",
    re.IGNORECASE | re.VERBOSE,
)
_EDGE_NUMBER = re.compile(r"^\d{1,3}(?=\s*(?:[-–—|·•:]|\s)\s*\D)|(?<=\D)(?<=[\s\-–—|·•:])\d{1,3}$")
_ROMAN_PAGE = re.compile(r"(?=[ivxlc])(?:x[cl]|l?x{0,3})(?:i[xv]|v?i{0,3})", re.IGNORECASE)
_EDGE_JUNK = " \t-–—|·•:,;/"


def strip_page_numbers(text: str, edges: bool = False) -> str:
    """``text`` without the page numbers a running header or footer carries.

    "Page 3 (sur 12)", "3 sur 12", "3/12", "- 3 -" always go, and a line that is only a
    number; ``edges`` also strips a bare number (or roman numeral) at either end, for
    lines known to carry a page number there ("CPAS de Xyz 3") — not an address's "Rue
    Haute 5".
    """
    text = _SPACES.sub(" ", text).strip()
    text = _PAGE_PARTS.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(_EDGE_JUNK)
    if text.isdigit() or (edges and _ROMAN_PAGE.fullmatch(text)):
        return ""
    if edges:
        text = _EDGE_NUMBER.sub("", text)
    return _SPACES.sub(" ", text).strip(_EDGE_JUNK)


def collect_furniture(lines: Iterable[str], max_chars: int = MAX_FURNITURE_CHARS) -> tuple[str, ...]:
    """Cleaned, deduplicated furniture lines in first-seen order, at most ``max_chars`` in all."""
    kept: list[str] = []
    seen: set[str] = set()
    total = 0
    for raw in lines:
        for line in (raw or "").splitlines():
            text = strip_page_numbers(line)
            if len(text) < 2 or not any(c.isalpha() for c in text):
                continue
            if len(text) > MAX_LINE_CHARS:
                text = text[:MAX_LINE_CHARS].rsplit(" ", 1)[0]
            key = fold(text)
            if key in seen:
                continue
            if total + len(text) > max_chars:
                return tuple(kept)
            seen.add(key)
            kept.append(text)
            total += len(text)
    return tuple(kept)
