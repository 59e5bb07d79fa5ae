"""Multi-column page layouts: find the column gutters of a page and the reading order of its regions.

A gutter is a vertical strip with no text over a run of consecutive rows (a *band*) that has real
text on both sides: column 1 of the band is read fully before column 2. Rows that cross the strip
(a title over both columns, an intro paragraph, a centred page number) are full-width bands and
keep their place. Pure functions over boxes, so the text layer and OCR share them.

The guards keep single-column pages as they were: the gutter sits where equal columns put it
(the middle of the text width, or a third); both sides must be wide and be filled by wrapped lines
(a column of labels or numbers is not a column of text); neither side has an empty strip of its
own (cells of a table; the numbers of a hanging indent excepted); and the text blocks of the two
sides must not start on the same rows, unless the right side opens lower case, going on with the
left side's text (else it is a table without rules, read row by row).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (points, top-left origin)

MIN_BOXES = 12  # fewer words than this: nothing to decide...
MAX_BOXES = 20_000  # ...more than this: not a page of columns of text (and too costly to look at)
MIN_SIDE = 0.28  # each side is at least this fraction of the band's width...
MIN_SIDE_EMS = 6.0  # ...and this many ems
MIN_GAP_EMS = 0.9  # a gutter is at least this wide (word spaces never line up that wide)
MIN_ROWS = 6  # rows of a column band (both sides together)...
MIN_SIDE_ROWS = 3  # ...and of each side
FILL = 0.3  # share of a side's rows that end near its right edge (wrapped text)
ALIGNED_STARTS = 0.75  # share of the right side's block starts on a left block start: a table
MAX_DEPTH = 3
SPLITS = (1 / 2, 1 / 3, 2 / 3)  # where gutters of equal columns sit in the text width
SPLIT_TOLERANCE = 0.04
INNER_CROSSED = 0.25  # a strip inside a column crossed by at most this share of its rows...
INNER_GAP_EMS = 0.5  # ...and this wide: cells of a table
# a list label or bullet standing alone left of a hanging indent: no run of three letters
_LABEL = re.compile(r"^(?!.*[^\W\d_]{3}).{1,10}$")


@dataclass(frozen=True)
class Region:
    """Where a box sits in the reading order of its page.

    ``rank``: order of the region on the page; ``shift``: x offset of the region's column from the
    first column (subtract it from x to compare indents across columns); ``right``: right edge of
    the column's text (None outside columns).
    """

    rank: int = 0
    shift: float = 0.0
    right: float | None = None


SINGLE = Region()


@dataclass
class _Row:
    ids: list[int]
    top: float
    bottom: float


@dataclass
class _Band:
    rows: list[_Row]
    open: bool = False  # rows the gutter does not cross, not judged yet
    split: float | None = None  # a column band: where the gutter splits it (else full width)


class _Page:
    """The boxes of one page, their texts (and first characters), the body size."""

    def __init__(self, boxes: Sequence[Box], texts: Sequence[str], size: float):
        self.boxes = boxes
        self.texts = texts
        self.heads = [(t or "A")[:1] for t in texts]
        self.size = size


def _rows(page: _Page, ids: Sequence[int]) -> list[_Row]:
    """Boxes grouped into rows: a box joins the row its vertical centre falls in."""
    boxes = page.boxes
    rows: list[_Row] = []
    for i in sorted(ids, key=lambda k: (boxes[k][1], boxes[k][0])):
        _x0, top, _x1, bottom = boxes[i]
        mid = (top + bottom) / 2
        if rows and (rows[-1].top <= mid <= rows[-1].bottom or top <= (rows[-1].top + rows[-1].bottom) / 2 <= bottom):
            row = rows[-1]
            row.ids.append(i)
            row.bottom = max(row.bottom, bottom)
        else:
            rows.append(_Row([i], top, bottom))
    return rows


def _coverage(page: _Page, rows: list[_Row], lo: int, n: int):
    """Per 1-pt bin from ``lo``: how many rows have a box over it."""
    import numpy as np

    cover = np.zeros(n, dtype=np.int32)
    for row in rows:
        mask = np.zeros(n + 1, dtype=np.int32)
        for i in row.ids:
            a = max(0, int(page.boxes[i][0]) - lo)
            b = min(n, int(page.boxes[i][2] + 0.999) - lo)
            if b > a:
                mask[a] += 1
                mask[b] -= 1
        cover += np.cumsum(mask[:n]) > 0
    return cover


def _runs(flags) -> list[tuple[int, int]]:
    """Maximal runs of True (a 1-D boolean array) as (start, end) indices, end exclusive."""
    import numpy as np

    edges = np.diff(np.concatenate(([0], np.asarray(flags, dtype=np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))


def _crosses(page: _Page, row: _Row, g0: float, g1: float) -> bool:
    return any(page.boxes[i][0] < g1 - 0.5 and page.boxes[i][2] > g0 + 0.5 for i in row.ids)


def _starts(page: _Page, side: list[list[int]]) -> list[bool | None]:
    """Per row, whether the side's text there may open a block (None: no text): the first row,
    one after a gap, one opening with a capital, a digit or a symbol (wrapped lines mostly open
    lower case)."""
    flags: list[bool | None] = []
    prev_bottom = None
    for ids in side:
        if not ids:
            flags.append(None)
            continue
        first = min(ids, key=lambda i: page.boxes[i][0])
        top = min(page.boxes[i][1] for i in ids)
        head = page.heads[first]
        flags.append(prev_bottom is None or top - prev_bottom > 0.45 * page.size or not head.islower())
        prev_bottom = max(page.boxes[i][3] for i in ids)
    return flags


def _is_table(page: _Page, left: list[list[int]], right: list[list[int]]) -> bool:
    """True if the two sides read as the cells of a table without rules: the right side's blocks
    start on rows where the left side's do, and no row starts a block on one side while the
    other side goes on with one. A right side opening lower case continues the left side's text."""
    first = next(ids for ids in right if ids)
    if page.heads[min(first, key=lambda i: page.boxes[i][0])].islower():
        return False
    lflags, rflags = _starts(page, left), _starts(page, right)
    right_starts = sum(1 for f in rflags if f)
    aligned = sum(1 for lf, rf in zip(lflags, rflags, strict=True) if rf and lf)
    both = sum(1 for lf, rf in zip(lflags, rflags, strict=True) if lf is not None and rf is not None)
    conflicts = sum(1 for lf, rf in zip(lflags, rflags, strict=True) if lf is not None and rf is not None and lf != rf)
    return right_starts >= 3 and aligned >= ALIGNED_STARTS * right_starts and conflicts <= max(1, 0.1 * both)


def _side_ok(page: _Page, side: list[list[int]], total: float) -> bool:
    rows = [ids for ids in side if ids]
    if len(rows) < MIN_SIDE_ROWS:
        return False
    left = min(page.boxes[i][0] for ids in rows for i in ids)
    ends = [max(page.boxes[i][2] for i in ids) for ids in rows]
    right = max(ends)
    width = right - left
    if width < MIN_SIDE * total or width < MIN_SIDE_EMS * page.size:
        return False
    filled = sum(1 for e in ends if e >= right - 0.15 * width)
    return filled >= FILL * len(rows)


def _inner_gutter(page: _Page, side: list[list[int]], two: bool = False) -> bool:
    """True if the rows of one side have an empty strip of their own: cells of a table, not a
    column of text (whose lines cross any strip but the ragged right edge). ``two``: the side
    holds two columns, so a strip in its middle is theirs."""
    import numpy as np

    rows = [_Row(ids, 0.0, 0.0) for ids in side if ids]
    left = min(page.boxes[i][0] for r in rows for i in r.ids)
    right = max(page.boxes[i][2] for r in rows for i in r.ids)
    lo = int(left)
    n = int(right + 1) - lo
    cover = _coverage(page, rows, lo, n)
    inner = np.zeros(n, dtype=bool)
    inner[: max(0, int(right - 0.15 * (right - left)) - lo)] = True
    limit = int(INNER_CROSSED * len(rows))
    for start, end in _runs(inner & (cover <= limit)):
        if end - start < INNER_GAP_EMS * page.size:
            continue
        middle = (left + right) / 2
        tol = SPLIT_TOLERANCE * (right - left)
        if two and lo + start - tol <= middle <= lo + end + tol:
            continue
        before = [i for r in rows for i in r.ids if page.boxes[i][2] <= lo + start + 0.5]
        if all(_LABEL.match(page.texts[i]) for i in before) and len(before) <= len(rows):
            continue  # numbers or bullets of a hanging indent
        return True
    return False


def _split_at(page: _Page, rows: list[_Row], g0: float, g1: float, splits: Sequence[float]) -> float | None:
    """The fraction of the band's width at which the gutter splits a column band, or None."""
    boxes = page.boxes
    left = [[i for i in r.ids if boxes[i][2] <= g0 + 0.5] for r in rows]
    right = [[i for i in r.ids if boxes[i][0] >= g1 - 0.5] for r in rows]
    if sum(1 for s in left if s) + sum(1 for s in right if s) < MIN_ROWS:
        return None
    ids = [i for r in rows for i in r.ids]
    x0 = min(boxes[i][0] for i in ids)
    total = max(boxes[i][2] for i in ids) - x0
    # page columns share the text width equally: the gutter holds the middle (or a third)
    tol = SPLIT_TOLERANCE * total
    fits = [f for f in splits if g0 - tol <= x0 + f * total <= g1 + tol]
    if not fits:
        return None
    if not (_side_ok(page, left, total) and _side_ok(page, right, total)):
        return None
    split = min(fits, key=lambda f: abs(x0 + f * total - (g0 + g1) / 2))
    # no strip of its own in a column (three columns: the wider side holds the second gutter)
    if _inner_gutter(page, left, two=split > 0.6) or _inner_gutter(page, right, two=split < 0.4):
        return None
    if _is_table(page, left, right):
        return None  # the cells of a table without rules: read row by row
    return split


def _bands(page: _Page, rows: list[_Row], g0: float, g1: float, splits: Sequence[float]) -> list[_Band]:
    bands: list[_Band] = []
    for row in rows:
        crossing = _crosses(page, row, g0, g1)
        if bands and (bands[-1].split is None and not bands[-1].open) == crossing:
            bands[-1].rows.append(row)
        else:
            bands.append(_Band([row], open=not crossing))
    for band in bands:
        if band.open:
            band.split = _split_at(page, band.rows, g0, g1, splits)
            band.open = False
    merged: list[_Band] = []
    for band in bands:  # neighbouring full-width bands are one
        if merged and merged[-1].split is None and band.split is None:
            merged[-1].rows.extend(band.rows)
        else:
            merged.append(band)
    return merged


def _gutter(page: _Page, rows: list[_Row], splits: Sequence[float]) -> tuple[float, float, list[_Band]] | None:
    """The gutter (x0, x1) that splits the most rows into column bands, and the bands; or None.

    Strips are tried from the emptiest (crossed by no row) up to crossed by half the rows, and the
    first level that gives a column band wins.
    """
    import numpy as np

    boxes, size = page.boxes, page.size
    ids = [i for r in rows for i in r.ids]
    left = min(boxes[i][0] for i in ids)
    right = max(boxes[i][2] for i in ids)
    width = right - left
    if len(rows) < MIN_ROWS or width < 2 * MIN_SIDE_EMS * size:
        return None
    lo = int(left)
    n = int(right + 1) - lo
    cover = _coverage(page, rows, lo, n)
    inner = np.zeros(n, dtype=bool)
    a = int(left + MIN_SIDE * width) - lo
    b = int(right - MIN_SIDE * width) - lo
    if b <= a:
        return None
    inner[a:b] = True
    seen: set[tuple[int, int]] = set()
    for level in range(0, len(rows) // 2 + 1):
        best = None
        for start, end in _runs(inner & (cover <= level)):
            # the run may reach past the inner zone: widen it to the whole strip
            while start > 0 and cover[start - 1] <= level:
                start -= 1
            while end < n and cover[end] <= level:
                end += 1
            if end - start < MIN_GAP_EMS * size or (start, end) in seen:
                continue
            seen.add((start, end))
            g0, g1 = lo + start, lo + end
            bands = _bands(page, rows, g0, g1, splits)
            score = sum(len(b.rows) for b in bands if b.split is not None)
            if score and (best is None or score > best[0]):
                best = (score, g0, g1, bands)
        if best is not None:
            return best[1], best[2], best[3]
    return None


@dataclass
class _Leaf:
    ids: list[int]
    shift: float
    right: float | None


def _layout(
    page: _Page, ids: list[int], splits: Sequence[float], shift: float, right: float | None, depth: int
) -> list[_Leaf]:
    if len(ids) < MIN_BOXES or depth >= MAX_DEPTH or not splits:
        return [_Leaf(ids, shift, right)]
    boxes = page.boxes
    rows = _rows(page, ids)
    cut = _gutter(page, rows, splits)
    if cut is None:
        return [_Leaf(ids, shift, right)]
    g0, g1, bands = cut
    leaves: list[_Leaf] = []
    for band in bands:
        band_ids = [i for r in band.rows for i in r.ids]
        if band.split is None:
            if len(band.rows) < len(rows):
                leaves += _layout(page, band_ids, splits, shift, right, depth + 1)
            else:
                leaves.append(_Leaf(band_ids, shift, right))
            continue
        lset = {i for i in band_ids if boxes[i][2] <= g0 + 0.5}
        lside = [i for i in band_ids if i in lset]
        rside = [i for i in band_ids if i not in lset]
        l_x1 = max(boxes[i][2] for i in lside)
        r_x1 = max(boxes[i][2] for i in rside)
        offset = _offset(page, band.rows, lset)
        # three columns: the wider side (two columns) splits again in its middle
        lsplits = (1 / 2,) if band.split > 0.6 else ()
        rsplits = (1 / 2,) if band.split < 0.4 else ()
        leaves += _layout(page, lside, lsplits, shift, l_x1, depth + 1)
        leaves += _layout(page, rside, rsplits, shift + offset, r_x1, depth + 1)
    return leaves


def _offset(page: _Page, rows: list[_Row], lset: set[int]) -> float:
    """How far right of column 1 column 2 sits: the shift that lays the most line starts of
    column 2 on line starts of column 1 (the same indents), the nearer to what the right edges
    say; without such a shift, the smaller of what the left and the right edges say."""
    boxes = page.boxes
    lstarts, rstarts = [], []
    for r in rows:
        lids = [i for i in r.ids if i in lset]
        rids = [i for i in r.ids if i not in lset]
        if lids:
            lstarts.append(min(boxes[i][0] for i in lids))
        if rids:
            rstarts.append(min(boxes[i][0] for i in rids))
    l_x1 = max(boxes[i][2] for r in rows for i in r.ids if i in lset)
    r_x1 = max(boxes[i][2] for r in rows for i in r.ids if i not in lset)
    by_edges = r_x1 - l_x1
    fallback = max(0.0, min(min(rstarts) - min(lstarts), by_edges))
    best = None
    for shift in {round(b - a, 1) for a in set(lstarts) for b in set(rstarts) if b > a}:
        hits = sum(1 for b in rstarts if any(abs(b - shift - a) <= 1.5 for a in lstarts))
        key = (hits, -abs(shift - by_edges))
        if best is None or key > best[0]:
            best = (key, shift)
    if best is None or best[0][0] < 0.5 * len(rstarts):
        return fallback
    return best[1]


def find_regions(boxes: Sequence[Box], texts: Sequence[str] | None = None, size: float | None = None) -> list[Region]:
    """The region of each box (words, and tables as whole boxes) of one page.

    ``texts``: the text of each box (a table: ""), ``size``: body font size (default: the median
    box height). All boxes get ``SINGLE`` on a page without columns.
    """
    if not MIN_BOXES <= len(boxes) <= MAX_BOXES:
        return [SINGLE] * len(boxes)
    if size is None:
        size = statistics.median(b[3] - b[1] for b in boxes) or 10.0
    page = _Page(boxes, list(texts) if texts is not None else ["A"] * len(boxes), size)
    leaves = _layout(page, list(range(len(boxes))), SPLITS, 0.0, None, 0)
    if len(leaves) == 1:
        return [SINGLE] * len(boxes)
    out: list[Region] = [SINGLE] * len(boxes)
    for rank, leaf in enumerate(leaves):
        region = Region(rank, round(leaf.shift, 2), None if leaf.right is None else round(leaf.right, 2))
        for i in leaf.ids:
            out[i] = region
    return out


def spread(chars: Sequence[dict], words: Sequence[Sequence[dict]], regions: Sequence[Region]) -> list[Region]:
    """The region of each char, from the words they belong to; a char outside every word (a
    space) takes the region of the char before it in content order."""
    by_id = {id(c): r for w, r in zip(words, regions, strict=True) for c in w}
    out: list[Region] = []
    last = None
    for c in chars:
        r = by_id.get(id(c))
        if r is None:
            r = last if last is not None else SINGLE
        out.append(r)
        last = r
    return out


def in_region(line, region: Region):
    """A ``layout.Line`` placed in ``region`` (its rank, column shift and right edge)."""
    if region is SINGLE:
        return line
    return replace(line, region=region.rank, shift=region.shift, col_right=region.right)
