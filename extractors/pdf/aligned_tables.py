"""Tables without rules: consecutive lines whose words fall into the same three columns or more.

A dashboard printed without borders (a Word table without borders, a spreadsheet or a web page saved as PDF)
has no ruling for ``ruled_tables`` to follow; read as lines, its cells run together ("1 Être un CPAS inclusif
1.1 Faciliter l'accès …") and nothing says where an OS ends and its OO begins. Here a line is cut into
*chunks* where the gap between two words is wider than a column gutter (word spaces never are), a line of
three chunks or more opens a candidate table whose chunks give the columns, and the lines below belong to it
while each of their chunks starts at one of those columns. A line with chunks in most columns starts a row;
a line with fewer is the wrapped rest of the cells above (cells are top-aligned, as Word prints them).

The guards keep prose, a two-column page, a list laid out with tabs and a fiche's "Pilote : … Échéance : …"
line as lines: a first line of three short column labels or more (none a number), two rows at least below
it, and every line of the run on the columns.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from .ruled_tables import PageTable, TableRow, cell_text

GUTTER_EMS = 1.0  # a gap this wide (in ems of the text) between two words is a column gutter
ALIGN_EMS = 0.6  # a cell's first word starts this close to its column's left edge
MIN_COLUMNS = 3
MIN_ROWS = 2  # rows below the header
MAX_LINE_GAP = 2.5  # lines further apart than this many line heights end the table
ROW_GAP = 1.3  # a gap this many times the tightest line pitch of the run separates two rows
MAX_LABEL = 40  # characters of a column label


@dataclass
class _Line:
    top: float
    bottom: float
    words: list[list[dict]]


def _lines(words: Sequence[list[dict]], size: float) -> list[_Line]:
    """Words grouped into lines by their top (a word's first glyph stands for it), left to right."""
    out: list[_Line] = []
    for w in sorted(words, key=lambda w: (round(w[0]["top"]), w[0]["x0"])):
        top, bottom = w[0]["top"], w[0]["bottom"]
        if out and abs(out[-1].top - top) <= size * 0.4:
            out[-1].words.append(w)
            out[-1].bottom = max(out[-1].bottom, bottom)
        else:
            out.append(_Line(top, bottom, [w]))
    for line in out:
        line.words.sort(key=lambda w: w[0]["x0"])
    return out


def _text(word: list[dict]) -> str:
    return "".join(c["text"] for c in word)


def _gutter_starts(line: _Line, size: float) -> list[float]:
    """Left edges of the chunks of a line cut at its gutters."""
    starts = [line.words[0][0]["x0"]]
    for before, word in zip(line.words, line.words[1:], strict=False):
        if word[0]["x0"] - before[-1]["x1"] >= GUTTER_EMS * size:
            starts.append(word[0]["x0"])
    return starts


def _names_columns(cells: list[list[list[dict]]]) -> bool:
    """The first line of a table names its columns: short labels, none a number ("N°", "Action", "Pilote")."""
    labels = [" ".join(_text(w) for w in cell) for cell in cells]
    return all(0 < len(t) <= MAX_LABEL and not t[0].isdigit() for t in labels)


def _cells(line: _Line, columns: list[float], size: float) -> list[list[list[dict]]] | None:
    """The words of ``line`` in each column, or None when the line does not sit on the columns (a cell's first
    word off its column's edge, a word across a column's edge)."""
    tol = ALIGN_EMS * size
    cells: list[list[list[dict]]] = [[] for _ in columns]
    for word in line.words:
        x0, x1 = word[0]["x0"], word[-1]["x1"]
        col = max((i for i, x in enumerate(columns) if x - tol <= x0), default=None)
        if col is None or (col + 1 < len(columns) and x1 > columns[col + 1] - tol / 2):
            return None
        if not cells[col] and abs(x0 - columns[col]) > tol:
            return None
        cells[col].append(word)
    return cells


def _rows(run: list[tuple[_Line, list]]) -> list[list[tuple[_Line, list]]]:
    """The lines of a run grouped into rows: by the wider gaps between rows when there are some, else a line a
    row."""
    pitches = [b[0].top - a[0].top for a, b in zip(run, run[1:], strict=False)]
    tight = min(pitches)
    rows = [[run[0]]]
    for pitch, item in zip(pitches, run[1:], strict=True):
        if pitch > ROW_GAP * tight or max(pitches) <= ROW_GAP * tight:
            rows.append([item])
        else:
            rows[-1].append(item)
    return rows


def _table(run: list[tuple[_Line, list]], columns: list[float], page_no: int) -> PageTable:
    right = max(w[-1]["x1"] for line, _ in run for w in line.words)
    table = PageTable(bbox=(columns[0] - 1, run[0][0].top - 1, right + 1, run[-1][0].bottom + 1), columns=columns,
                      page=page_no)
    for row in _rows(run):
        raw = ["\n".join(" ".join(_text(w) for w in cells[i]) for _, cells in row if cells[i])
               for i in range(len(columns))]
        words = [w for line, _ in row for w in line.words]
        table.rows.append(
            TableRow(
                cells=[cell_text(r) for r in raw],
                bbox=(table.bbox[0], row[0][0].top, table.bbox[2], row[-1][0].bottom),
                bold=all("bold" in str(c.get("fontname", "")).lower() for w in words for c in w),
                raw=raw,
                page=page_no,
            )
        )
    return table


def find_aligned_tables(words: Sequence[list[dict]], page_no: int) -> list[PageTable]:
    """Tables without rules among the words of a page (chars grouped in words), top to bottom."""
    if len(words) < MIN_COLUMNS * (MIN_ROWS + 1):
        return []
    size = statistics.median(w[0].get("size") or (w[0]["bottom"] - w[0]["top"]) for w in words) or 10.0
    lines = _lines(words, size)
    tables: list[PageTable] = []
    i = 0
    while i < len(lines):
        columns = _gutter_starts(lines[i], size)
        head = _cells(lines[i], columns, size) if len(columns) >= MIN_COLUMNS else None
        if head is None or not _names_columns(head):
            i += 1
            continue
        run = [(lines[i], head)]
        for line in lines[i + 1 :]:
            height = max(run[-1][0].bottom - run[-1][0].top, size)
            cells = _cells(line, columns, size)
            if line.top - run[-1][0].bottom > MAX_LINE_GAP * height or cells is None:
                break
            run.append((line, cells))
        full = sum(1 for _, cells in run[1:] if sum(1 for c in cells if c) >= MIN_COLUMNS)
        if full >= MIN_ROWS:
            tables.append(_table(run, columns, page_no))
            i += len(run)
        else:
            i += 1
    return tables


__all__ = ["find_aligned_tables"]
