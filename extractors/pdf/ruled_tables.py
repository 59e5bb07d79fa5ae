"""Ruled tables of a text-layer page, found with pdfplumber, as rows of cell texts."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .layout import is_bullet_char, join_lines, split_bullet

# Ruling lines only: the text strategy invents tables out of any two-column prose.
TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
MAX_EDGES = 4000  # beyond this, find_tables gets slow and the page is not a plain table


@dataclass
class TableRow:
    """One extracted row: cell texts aligned with the table's columns."""

    cells: list[str]
    bbox: tuple[float, float, float, float]
    bold: bool
    raw: list[str]
    page: int
    continued: bool = False  # set when merged with the head of the next page's row


@dataclass
class PageTable:
    """A ruled table on one page."""

    bbox: tuple[float, float, float, float]
    columns: list[float]  # x of the column boundaries
    rows: list[TableRow] = field(default_factory=list)
    page: int = 1
    region: int = 0  # rank of the page region (columns) it sits in, for the reading order


_BARE_NUMBER = re.compile(r"(?:\S+\s)?\d+(?:\.\d+)*\.?")


def cell_text(raw: str | None) -> str:
    """Join the lines of a cell like paragraph lines; keep a line break before a bullet and before a line
    that opens like a new paragraph (a capital, a digit): one cell of a dashboard often lists several
    actions, one a line, and only the reader of the plan can tell them from a title wrapped before a name."""
    if not raw:
        return ""
    items: list[list[str]] = []
    for line in raw.split("\n"):
        if not line.strip():
            continue
        bullet, rest = split_bullet(line)
        if bullet and items and len(items[-1]) == 1 and _BARE_NUMBER.fullmatch(items[-1][0].strip()):
            bullet = None  # "OS 2" then "– Être un …": the dash separates the number from its title
        # In a bulleted list only a bullet opens an item: "• … avec le" / "CPAS de Namur" is one.
        in_bullet = bool(items) and items[-1][0].startswith("• ")
        if bullet or not items or (not in_bullet and _opens_paragraph(items[-1][-1], line)):
            items.append([("• " + rest) if bullet else line])
        else:
            items[-1].append(line)
    return "\n".join(join_lines(parts) for parts in items)


def _opens_paragraph(before: str, line: str) -> bool:
    first = line.lstrip()[:1]
    return (first.isupper() or first.isdigit()) and not re.search(r"\w-$", before.rstrip()) and not (
        _BARE_NUMBER.fullmatch(before.strip())  # "1.1" alone, its title below
    )


def vertical_text(chars: list[dict]) -> str | None:
    """The text of a cell written sideways (rotated 90°), read in its own direction; None when the cell is
    mostly upright. pdfplumber reads rotated chars top to bottom whatever their turn, which reverses text
    that climbs the page (the usual OS label down the side of a table)."""
    rotated = [c for c in chars if not c.get("upright", True)]
    if not rotated or len(rotated) * 2 < len(chars):
        return None
    climbing = sum(1 if c["matrix"][1] > 0 else -1 for c in rotated) >= 0  # turned counter-clockwise
    columns: dict[float, list[dict]] = {}
    for c in rotated:
        key = next((k for k in columns if abs(k - c["x0"]) < 1.0), c["x0"])
        columns.setdefault(key, []).append(c)
    lines = []
    for key in sorted(columns, reverse=not climbing):
        ordered = sorted(columns[key], key=lambda c: c["top"], reverse=climbing)
        lines.append("".join(c["text"] for c in ordered).strip())
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=1024)  # a handful of font names, asked for every glyph
def _is_bold(fontname: str) -> bool:
    name = fontname.split("+", 1)[-1].lower()
    return any(k in name for k in ("bold", "black", "heavy", ",b", "-b", "semibold")) or bool(
        re.search(r"(?:^|[-,])bd", name)
    )


def find_page_tables(page, page_no: int) -> list[PageTable]:
    """Ruled tables of a pdfplumber page (or ``ruling.TablePage``) with at least two columns, top to bottom."""
    edges = len(page.lines) + len(page.rects) + len(page.curves)
    if edges == 0 or edges > MAX_EDGES:
        return []
    out: list[PageTable] = []
    sideways = any(not c.get("upright", True) for c in page.chars)
    for t in page.find_tables(TABLE_SETTINGS):
        rows = t.rows
        ncols = max((len(r.cells) for r in rows), default=0)
        if ncols < 2 or not rows:
            continue
        # The chars of the table's box, once: a row or cell takes a char by its centre, which then lies in
        # the table's box. Scanning every char for every row and cell was a tenth of the parse.
        inside = _chars_within(page.chars, t.bbox)
        texts = _cell_texts(rows, inside)
        xs = sorted(
            {round(c[0], 1) for r in rows for c in r.cells if c} | {round(c[2], 1) for r in rows for c in r.cells if c}
        )
        table = PageTable(bbox=tuple(round(v, 2) for v in t.bbox), columns=xs, page=page_no)
        glyphs = _Glyphs(inside)
        for row, raw_cells in zip(rows, texts, strict=False):
            if sideways:
                raw_cells = [
                    (box and vertical_text(_chars_within(inside, box))) or raw
                    for box, raw in zip(row.cells, raw_cells, strict=False)
                ]
            cells = [cell_text(c) for c in raw_cells]
            if not any(cells):
                continue
            fonts = glyphs.fonts(row.bbox)
            table.rows.append(
                TableRow(
                    cells=cells,
                    bbox=tuple(round(v, 2) for v in row.bbox),
                    bold=bool(fonts) and all(_is_bold(f) for f in fonts),
                    raw=[c or "" for c in raw_cells],
                    page=page_no,
                )
            )
        if table.rows:
            out.append(table)
    out.sort(key=lambda tb: tb.bbox[1])
    return out


def _cell_texts(rows: list, chars: list[dict]) -> list[list[str | None]]:
    """pdfplumber's ``Table.extract(x_tolerance=1.5)``, with each char put in its cells in one pass.

    A char belongs to each cell whose half-open box holds its centre (a cell lies within its row's box,
    so pdfplumber's row filter adds nothing). The cells' edges cut the table into slots; a char finds
    its slot by bisection, and the slot knows the cells covering it."""
    from pdfplumber.utils import extract_text

    cells = [cell for row in rows for cell in row.cells if cell is not None]
    xs = sorted({v for c in cells for v in (c[0], c[2])})
    ys = sorted({v for c in cells for v in (c[1], c[3])})
    covering: dict[tuple[int, int], list[int]] = {}
    for k, (x0, top, x1, bottom) in enumerate(cells):
        for i in range(bisect_left(xs, x0), bisect_left(xs, x1)):
            for j in range(bisect_left(ys, top), bisect_left(ys, bottom)):
                covering.setdefault((i, j), []).append(k)
    held: list[list[dict]] = [[] for _ in cells]
    for c in chars:
        slot = (bisect_right(xs, (c["x0"] + c["x1"]) / 2) - 1, bisect_right(ys, (c["top"] + c["bottom"]) / 2) - 1)
        for k in covering.get(slot, ()):
            held[k].append(c)
    texts = iter(extract_text(h, x_tolerance=1.5) if h else "" for h in held)
    return [[None if cell is None else next(texts) for cell in row.cells] for row in rows]


class _Glyphs:
    """The visible chars of a table (no blank, no bullet) by the height of their centre: the fonts of a
    row's box, its edges included, without scanning the table for every row."""

    def __init__(self, chars: list[dict]):
        centred = sorted(
            ((c["top"] + c["bottom"]) / 2, (c["x0"] + c["x1"]) / 2, c.get("fontname", ""))
            for c in chars
            if c["text"].strip() and not is_bullet_char(c["text"])
        )
        self.ys = [cy for cy, _, _ in centred]
        self.centred = centred

    def fonts(self, bbox: tuple) -> set[str]:
        """Font names of the chars centred in ``bbox``."""
        x0, top, x1, bottom = bbox
        lo, hi = bisect_left(self.ys, top), bisect_right(self.ys, bottom)
        return {font for _, cx, font in self.centred[lo:hi] if x0 <= cx <= x1}


def _chars_within(chars: list[dict], bbox: tuple) -> list[dict]:
    x0, top, x1, bottom = bbox
    return [
        c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]


def same_layout(a: PageTable, b: PageTable, tol: float = 3.0) -> bool:
    """True if two tables have the same column boundaries (a table continued on the next page)."""
    if len(a.columns) != len(b.columns):
        return False
    return all(abs(x - y) <= tol for x, y in zip(a.columns, b.columns, strict=True))


def looks_like_header(table: PageTable) -> bool:
    """First row is a header: all bold, or (3+ columns) short labels in every cell over
    rows that look different (status marks, numbers, longer texts)."""
    first = table.rows[0]
    if len(table.rows) < 2:
        return False
    if first.bold and not all(r.bold for r in table.rows):
        return True
    cells = first.cells
    return (
        len(cells) >= 3
        and all(c and len(c) <= 40 and "\n" not in c for c in cells)
        and any(any(c.strip().upper() in ("X", "V", "✓", "✔") for c in r.cells) for r in table.rows[1:])
    )
