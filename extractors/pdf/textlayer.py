"""Read the text layer of a PDF page with pdfplumber: line records and ruled tables."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from .aligned_tables import Carry, find_aligned_tables
from .columns import SINGLE, find_regions, in_region, spread
from .layout import Line, is_bullet_char
from .ruled_tables import PageTable, _is_bold, find_page_tables

MAX_PAGE_CHARS = 200_000  # a page beyond this is read without table detection


@dataclass
class PageContent:
    """What one page yields before layout: flow lines (outside tables) and tables."""

    page: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[PageTable] = field(default_factory=list)
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)


def _in_any(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)


_CID_RE = re.compile(r"^\(cid:\d+\)$")


@lru_cache(maxsize=4096)  # a few hundred distinct glyph texts, asked for every char
def _glyph_is_bullet(text: str) -> bool:
    # an unmapped glyph ("(cid:127)") opening a line is a symbol-font bullet in practice
    return is_bullet_char(text) or bool(_CID_RE.match(text))


def line_from_chars(text: str, chars: list[dict], page: int, width: float, height: float) -> Line:
    """Build a ``Line`` from pdfplumber chars: median size, bold, bullet and first-word facts."""
    visible: list[dict] = []
    for c in chars:
        # pdfplumber repeats a multi-character glyph ("(cid:127)") once per character
        if c["text"].strip() and not (visible and visible[-1] is c):
            visible.append(c)
    if visible and _CID_RE.match(visible[0]["text"]):
        text = "•" + text.strip()[len(visible[0]["text"]) :]
    glyphs = [c for c in visible if not _glyph_is_bullet(c["text"])] or visible
    size = statistics.median(c["size"] for c in glyphs) if glyphs else 10.0
    bold = bool(glyphs) and all(_is_bold(c.get("fontname", "")) for c in glyphs)
    text_x0 = None
    rest = visible
    if visible and _glyph_is_bullet(visible[0]["text"]) and len(visible) > 1:
        rest = visible[1:]
        text_x0 = rest[0]["x0"]
    first_word_width = None
    if rest:
        end = rest[0]["x1"]
        for prev, c in zip(rest, rest[1:], strict=False):
            if c["x0"] - prev["x1"] > 0.2 * size:
                break
            end = c["x1"]
        first_word_width = end - rest[0]["x0"]
    first = visible[0] if visible else None
    sup_start = bool(
        first
        and first["text"].isdigit()
        and first["size"] < 0.8 * size
        and len(visible) > 1
        and not visible[1]["text"].isdigit()
    )
    return Line(
        text=text.strip(),
        x0=min(map(itemgetter("x0"), visible)) if visible else 0.0,
        top=min(map(itemgetter("top"), visible)) if visible else 0.0,
        x1=max(map(itemgetter("x1"), visible)) if visible else 0.0,
        bottom=max(map(itemgetter("bottom"), visible)) if visible else 0.0,
        page=page,
        size=round(size, 2),
        bold=bold,
        text_x0=text_x0,
        first_word_width=first_word_width,
        sup_start=sup_start,
        page_width=width,
        page_height=height,
    )


def read_page(page, page_no: int, carry: Carry | None = None) -> PageContent:
    """Lines and tables of one pdfplumber page (1-based ``page_no``); ``carry`` links the pages read in order
    (a table without rules going on from one to the next)."""
    content = PageContent(page=page_no, width=float(page.width), height=float(page.height))
    n_chars = len(page.chars)
    if n_chars > MAX_PAGE_CHARS:
        content.warnings.append(f"page {page_no}: {n_chars} chars, tables not detected")
        tables: list[PageTable] = []
    else:
        try:
            tables = find_page_tables(page, page_no)
        except Exception as exc:  # noqa: BLE001 - a broken table must not lose the page
            content.warnings.append(f"page {page_no}: table detection failed ({exc})")
            tables = []
    boxes = [t.bbox for t in tables]
    flow = page.filter(lambda o: o.get("object_type") != "char" or not _in_any(o, boxes))
    words = [w["chars"] for w in flow.extract_words(return_chars=True)]
    if n_chars <= MAX_PAGE_CHARS:
        aligned = find_aligned_tables(words, page_no, carry)
        if aligned:  # tables without rules: their chars leave the flow too
            tables = tables + aligned
            boxes = [t.bbox for t in tables]
            flow = page.filter(lambda o: o.get("object_type") != "char" or not _in_any(o, boxes))
            words = [w["chars"] for w in flow.extract_words(return_chars=True)]
    content.tables = tables
    chars = flow.chars
    regions = find_regions(
        [(w[0]["x0"], min(c["top"] for c in w), w[-1]["x1"], max(c["bottom"] for c in w)) for w in words] + boxes,
        ["".join(c["text"] for c in w) for w in words] + [""] * len(boxes),
        statistics.median(c["size"] for c in chars) if chars else None,
    )
    for table, region in zip(tables, regions[len(words) :], strict=True):
        table.region = region.rank
    if all(r is SINGLE for r in regions):
        parts = [(SINGLE, flow)]
    else:
        rank_of = {id(c): r for c, r in zip(chars, spread(chars, words, regions[: len(words)]), strict=True)}
        parts = [
            (region, flow.filter(lambda o, k=region.rank: o.get("object_type") != "char" or rank_of[id(o)].rank == k))
            for region in {r.rank: r for r in rank_of.values()}.values()
        ]
    for region, part in parts:
        for tl in part.extract_text_lines(layout=False, strip=True, return_chars=True):
            text = tl["text"].strip()
            if not text:
                continue
            line = line_from_chars(text, tl["chars"], page_no, content.width, content.height)
            content.lines.append(in_region(line, region))
    content.lines.sort(key=lambda ln: (ln.region, round(ln.top), ln.x0))
    return content
