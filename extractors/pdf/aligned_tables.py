"""Tables without rules: consecutive lines whose words fall into the same three columns or more.

A dashboard printed without borders (a Word table without borders, a spreadsheet or a web page saved as PDF)
has no ruling for ``ruled_tables`` to follow; read as lines, its cells run together ("1 Être un CPAS inclusif
1.1 Faciliter l'accès …") and nothing says where an OS ends and its OO begins. Here a line is cut into
*chunks* where the gap between two words is wider than a column gutter (word spaces never are), a line of
three chunks or more opens a candidate table whose chunks give the columns, and the lines below belong to it
while each of their chunks starts at one of those columns. A line with chunks in most columns starts a row;
a line with fewer is the wrapped rest of the cells above (cells are top-aligned, as Word prints them).

When the labels are centred over their columns (Word's usual header, perhaps wrapped over a few lines) and the
columns nearly touch (a cell's words may end a word space short of the next column), the labels' left edges
are no columns: then each column is the leftmost left edge, between two labels, at which two lines below
start a word and that no word crosses, and a word of a row may come as close to the next column as that.

A table that runs to the foot of a page often goes on at the top of the next one without its header (a Word
table whose header row is not repeated, a row broken across the page): the first lines of that page that sit
on the columns of the table above are read with those columns (``Carry``).

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
MAX_HEADER_LINES = 3  # lines a header's centred labels may wrap over
FOOT_LINES = 2  # lines below a table that still ends its page (a running footer, a page number)


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


def _chunk_spans(line: _Line, size: float) -> list[tuple[float, float]]:
    """Left and right edges of the chunks of a line cut at its gutters."""
    spans = [[line.words[0][0]["x0"], line.words[0][-1]["x1"]]]
    for before, word in zip(line.words, line.words[1:], strict=False):
        if word[0]["x0"] - before[-1]["x1"] >= GUTTER_EMS * size:
            spans.append([word[0]["x0"], word[-1]["x1"]])
        else:
            spans[-1][1] = word[-1]["x1"]
    return [(a, b) for a, b in spans]


def _gutter_starts(line: _Line, size: float) -> list[float]:
    """Left edges of the chunks of a line cut at its gutters."""
    return [a for a, _ in _chunk_spans(line, size)]


def _names_columns(cells: list[list[list[dict]]]) -> bool:
    """The first line of a table names its columns: short labels, none a number ("N°", "Action", "Pilote")."""
    labels = [" ".join(_text(w) for w in cell) for cell in cells]
    return all(0 < len(t) <= MAX_LABEL and not t[0].isdigit() for t in labels)


def _cells(
    line: _Line, columns: list[float], size: float, *, edge: float | None = None, aligned: bool = True
) -> list[list[list[dict]]] | None:
    """The words of ``line`` in each column, or None when the line does not sit on the columns (a cell's first
    word off its column's edge unless ``aligned`` is off, a word across a column's edge, give or take
    ``edge``)."""
    tol = ALIGN_EMS * size
    edge = tol / 2 if edge is None else edge
    cells: list[list[list[dict]]] = [[] for _ in columns]
    for word in line.words:
        x0, x1 = word[0]["x0"], word[-1]["x1"]
        col = max((i for i, x in enumerate(columns) if x - tol <= x0), default=None)
        if col is None or (col + 1 < len(columns) and x1 > columns[col + 1] - edge):
            return None
        if aligned and not cells[col] and abs(x0 - columns[col]) > tol:
            return None
        cells[col].append(word)
    return cells


def _rows(run: list[tuple[_Line, list]]) -> list[list[tuple[_Line, list]]]:
    """The lines of a run grouped into rows: by the wider gaps between rows when there are some, else a line a
    row."""
    pitches = [b[0].top - a[0].top for a, b in zip(run, run[1:], strict=False)]
    if not pitches:
        return [run]  # a table going on with one line: the rest of a row
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


def _below(lines: list[_Line], i: int, size: float) -> list[_Line]:
    """The lines after ``lines[i]`` up to the first wide vertical gap."""
    out = [lines[i]]
    for line in lines[i + 1 :]:
        if _far_below(out[-1], line, size):
            break
        out.append(line)
    return out[1:]


def _far_below(above: _Line, line: _Line, size: float) -> bool:
    """``line`` is too far below ``above`` to belong to its table."""
    return line.top - above.bottom > MAX_LINE_GAP * max(above.bottom - above.top, size)


def _recurring_columns(spans: list[tuple[float, float]], below: list[_Line], size: float) -> list[float] | None:
    """Columns under labels centred over them: between the end of one label and the start of the next, the
    leftmost left edge at which two lines below start a word or more and that no word crosses (cells are
    left-aligned, their labels are not)."""
    words = [(w[0]["x0"], w[-1]["x1"]) for line in below for w in line.words]
    starts = [round(x0) for x0, _ in words]
    columns: list[float] = []
    for k, (x0, _) in enumerate(spans):
        low = spans[k - 1][1] if k else float("-inf")
        edges = sorted(x for x in set(starts) if low <= x <= x0 + ALIGN_EMS * size and starts.count(x) >= 2)
        edge = next((x for x in edges if not any(a < x - 1 and b > x + 1 for a, b in words)), None)
        if edge is None:
            return None
        columns.append(edge)
    return columns if all(a < b for a, b in zip(columns, columns[1:], strict=False)) else None


def _centred_header_run(lines: list[_Line], i: int, size: float) -> tuple[list, list[float]] | None:
    """A table whose first line names its columns with labels centred over them (Word's usual header), its
    columns so close that a cell's words may stop a word space short of the next column: the columns are
    the recurring word starts below; the header may wrap over a few lines."""
    spans = _chunk_spans(lines[i], size)
    below = _below(lines, i, size)
    columns = _recurring_columns(spans, below, size) if len(spans) >= MIN_COLUMNS and len(below) > MIN_ROWS else None
    head = _cells(lines[i], columns, size, edge=0.0, aligned=False) if columns else None
    if columns is None or head is None or not _names_columns(head):
        return None
    run = [(lines[i], head)]
    in_header = True
    for line in below:
        cells = _cells(line, columns, size, edge=-0.5)
        if cells is None and in_header and len(run) < MAX_HEADER_LINES:
            cells = _cells(line, columns, size, edge=0.0, aligned=False)  # the header's labels wrapped
            cells = cells if cells is not None and _names_columns([c for c in cells if c]) else None
        else:
            in_header = False
        if cells is None:
            break
        run.append((line, cells))
    return run, columns


def _header_run(lines: list[_Line], i: int, size: float) -> tuple[list, list[float]] | None:
    """A table opened by ``lines[i]`` naming its columns at their left edges, its lines and columns, or None."""
    columns = _gutter_starts(lines[i], size)
    head = _cells(lines[i], columns, size) if len(columns) >= MIN_COLUMNS else None
    if head is None or not _names_columns(head):
        return None
    run = [(lines[i], head)]
    for line in lines[i + 1 :]:
        cells = _cells(line, columns, size)
        if _far_below(run[-1][0], line, size) or cells is None:
            break
        run.append((line, cells))
    return run, columns


def _continued_run(lines: list[_Line], columns: list[float], size: float) -> tuple[list, list[float]] | None:
    """The first lines of a page (below a running header) that sit on the columns of the table that ended
    the previous page, one with words in two columns or more: that table goes on without its header."""
    for i in range(min(FOOT_LINES + 1, len(lines))):
        run: list[tuple[_Line, list]] = []
        for line in lines[i:]:
            line = _split_at_columns(line, columns, size)
            cells = _cells(line, columns, size, edge=-0.5)  # a cell's words may end a word space short
            if cells is None or (run and line.top - run[-1][0].bottom > MAX_LINE_GAP * size):
                break
            run.append((line, cells))
        if any(sum(1 for c in cells if c) >= 2 for _, cells in run):
            return run, columns
    return None


def _split_at_columns(line: _Line, columns: list[float], size: float) -> _Line:
    """The words of a line cut where a glyph starts on a column's edge: the end of a cell and the start of the
    next, glued into one word when the columns nearly touch ("des" | "travaux" read "destravaux")."""
    tol = ALIGN_EMS * size / 2
    words: list[list[dict]] = []
    for word in line.words:
        start = word[0]["x0"]
        cuts = [k for k, c in enumerate(word) if k and any(abs(c["x0"] - x) <= tol < x - start for x in columns)]
        for a, b in zip([0, *cuts], [*cuts, len(word)], strict=True):
            words.append(word[a:b])
    return line if len(words) == len(line.words) else _Line(line.top, line.bottom, words)


def _ends_page(table: PageTable, lines: list[_Line]) -> bool:
    """Nothing but a running footer below the table on its page."""
    return sum(1 for line in lines if line.top > table.bbox[3]) <= FOOT_LINES


@dataclass
class Carry:
    """The columns of the table without rules that ended the last page read, for the next page."""

    columns: list[float] | None = None
    page: int = 0


def _full_rows(run: list[tuple[_Line, list]]) -> int:
    """Lines of a run below its first with a word in three columns or more."""
    return sum(1 for _, cells in run[1:] if sum(1 for c in cells if c) >= MIN_COLUMNS)


def find_aligned_tables(words: Sequence[list[dict]], page_no: int, carry: Carry | None = None) -> list[PageTable]:
    """Tables without rules among the words of a page (chars grouped in words), top to bottom; with ``carry``,
    pages read in order, a table going on from the previous page too."""
    columns = carry.columns if carry is not None and carry.page == page_no - 1 else None
    if not words or (columns is None and len(words) < MIN_COLUMNS * (MIN_ROWS + 1)):
        return []
    size = statistics.median(w[0].get("size") or (w[0]["bottom"] - w[0]["top"]) for w in words) or 10.0
    lines = _lines(words, size)
    tables = _tables(lines, size, page_no, columns)
    if carry is not None:
        ends = bool(tables) and _ends_page(tables[-1], lines)
        carry.columns, carry.page = (tables[-1].columns if ends else None), page_no
    return tables


def _tables(lines: list[_Line], size: float, page_no: int, columns: list[float] | None) -> list[PageTable]:
    """The tables of a page's lines, the first going on with ``columns`` when given."""
    tables: list[PageTable] = []
    found = _continued_run(lines, columns, size) if columns else None
    i = 0
    if found is not None:
        tables.append(_table(found[0], columns, page_no))
        i = lines.index(found[0][-1][0]) + 1
    while i < len(lines):
        found = _header_run(lines, i, size)
        if found is None or _full_rows(found[0]) < MIN_ROWS:
            found = _centred_header_run(lines, i, size)
        if found is None or _full_rows(found[0]) < MIN_ROWS:
            i += 1
            continue
        run, columns = found
        tables.append(_table(run, columns, page_no))
        i += len(run)
    return tables


__all__ = ["Carry", "find_aligned_tables"]
