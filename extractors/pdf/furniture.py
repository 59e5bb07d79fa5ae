"""Page furniture: running headers/footers, page numbers, footnotes and tables of contents.

Pure functions over ``layout.Line`` records, shared by the text layer and OCR. The running
headers/footers are dropped from the blocks but their text is kept (``furniture_texts``):
it often is the only place that names the CPAS.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from difflib import SequenceMatcher

from pipeline.core.text import fold

from ..furniture import strip_page_numbers
from .layout import Line

TOP_ZONE = 0.11  # fraction of the page height
BOTTOM_ZONE = 0.90
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰*"

_PAGE_NUMBER_RE = re.compile(
    r"""^\s*(?:
        (?:page|p\.?|pag\.)\s*\d+(?:\s*(?:/|sur|de|of)\s*\d+)?
      | \d+\s*(?:/|sur)\s*\d+
      | [-–—]\s*\d+\s*[-–—]
      | \d{1,4}
      | [ivxlc]{1,6}
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
_DOT_LEADER_RE = re.compile(r"(?:\.\s?){4,}\s*\d{1,4}\s*$|…+\s*\d{1,4}\s*$|_{4,}\s*\d{1,4}\s*$")
_ENDS_PAGE_NO_RE = re.compile(r"\S\s+\d{1,4}\s*$")
TOC_TITLE_RE = re.compile(
    r"^\s*(?:table\s+des\s+mati[èe]res|sommaire|table\s+of\s+contents|contents|index)\s*:?\s*$",
    re.IGNORECASE,
)


def is_page_number(text: str) -> bool:
    """True for "3", "page 3", "Page 3 sur 10", "3/10", "- 3 -"."""
    return bool(_PAGE_NUMBER_RE.match(text))


def _key(text: str) -> str:
    """Normalise a line for repetition checks: digits → #, letters only, lower case."""
    s = unicodedata.normalize("NFKD", text).lower()
    s = re.sub(r"\d+", "#", s)
    return re.sub(r"[^a-z#]+", "", s)


def _zone(ln: Line) -> str | None:
    if ln.bottom <= ln.page_height * TOP_ZONE:
        return "top"
    if ln.top >= ln.page_height * BOTTOM_ZONE:
        return "bottom"
    return None


def find_furniture(lines: Sequence[Line], page_count: int) -> set[int]:
    """Indices of running headers/footers and page numbers.

    A line is furniture if it sits in the top/bottom zone and its normalised text (digits
    replaced) recurs there on at least half the pages (and at least 2), allowing small
    differences (OCR noise); or if it is a bare page number in those zones.
    """
    drop: set[int] = set()
    clusters: list[tuple[str, str, set[int], list[int]]] = []  # zone, key, pages, indices
    for i, ln in enumerate(lines):
        zone = _zone(ln)
        if zone is None:
            continue
        if is_page_number(ln.text):
            drop.add(i)
            continue
        key = _key(ln.text)
        if len(key) < 3:
            continue
        for czone, ckey, pages, idx in clusters:
            if czone == zone and (ckey == key or SequenceMatcher(None, ckey, key, autojunk=False).ratio() >= 0.85):
                pages.add(ln.page)
                idx.append(i)
                break
        else:
            clusters.append((zone, key, {ln.page}, [i]))
    need = max(2, -(-page_count // 2))
    for _zone_name, _key_text, pages, idx in clusters:
        if len(pages) >= need:
            drop.update(idx)
    return drop


def is_footnote(ln: Line, body_size: float) -> bool:
    """True for a footnote line: starts with a superscript marker, or small text at the
    page bottom starting with a digit."""
    text = ln.text.lstrip()
    if not text:
        return False
    if ln.sup_start or (text[0] in SUPERSCRIPTS[:-1] and len(text) > 2):
        return True
    return (
        ln.size <= body_size * 0.85 and ln.top >= ln.page_height * 0.75 and bool(re.match(r"^\(?\d{1,2}\)?\s+\S", text))
    )


def is_toc_entry(text: str) -> bool:
    """True for a line with dot leaders and a trailing page number."""
    return bool(_DOT_LEADER_RE.search(text))


def find_toc(lines: Sequence[Line]) -> set[int]:
    """Indices of table-of-contents lines.

    Dot-leader lines anywhere; and, after a "Table des matières"/"Sommaire" title, the run
    of lines (same font size, close together) that end with a page number, with their
    wrapped continuations.
    """
    toc: set[int] = {i for i, ln in enumerate(lines) if is_toc_entry(ln.text)}
    i = 0
    while i < len(lines):
        if not TOC_TITLE_RE.match(lines[i].text):
            i += 1
            continue
        j = i + 1
        size = None
        prev = lines[i]
        while j < len(lines):
            ln = lines[j]
            numbered = bool(_ENDS_PAGE_NO_RE.search(ln.text)) or is_toc_entry(ln.text)
            if size is None:
                if not numbered:
                    break
                size = ln.size
            elif abs(ln.size - size) > 0.6 or ln.page > prev.page + 1:
                break
            elif ln.page == prev.page and ln.top - prev.bottom > 1.5 * size:
                break
            if not numbered:
                # a wrapped entry: keep it only if a numbered entry follows closely
                nxt = lines[j + 1] if j + 1 < len(lines) else None
                prev_numbered = (j - 1) in toc
                if not (prev_numbered or (nxt is not None and bool(_ENDS_PAGE_NO_RE.search(nxt.text)))):
                    break
            toc.add(j)
            prev = ln
            j += 1
        i = j
    return toc


def furniture_texts(lines: Sequence[Line], indices: Iterable[int]) -> list[str]:
    """Text of the running headers/footers ``find_furniture`` found, for identification.

    Page numbers are stripped ("page 3", "3/12"; a bare number at either end only when it
    changes from page to page); the variants of one running line (OCR noise) collapse to the
    most frequent wording; bare page numbers give nothing. Lines come in first-seen order.
    """
    groups: list[tuple[str, Counter[str]]] = []  # folded text (digits as #), variants
    for i in sorted(indices, key=lambda k: (lines[k].page, lines[k].top, lines[k].x0)):
        text = strip_page_numbers(lines[i].text)
        if len(text) < 2:
            continue
        key = re.sub(r"\d+", "#", fold(text))
        for gkey, variants in groups:
            if gkey == key or SequenceMatcher(None, gkey, key, autojunk=False).ratio() >= 0.85:
                variants[text] += 1
                break
        else:
            groups.append((key, Counter({text: 1})))
    out = []
    for _, variants in groups:
        text = variants.most_common(1)[0][0]
        numbers = {tuple(re.findall(r"\d+", variant)) for variant in variants}
        out.append(strip_page_numbers(text, edges=True) if len(numbers) > 1 else text)
    return out
