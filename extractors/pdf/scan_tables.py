"""Ruled tables of scanned pages: the ruling lines found in the page image, the cells built from
them as pdfplumber builds them from vector lines, the OCR words put in their cells.

The page image is deskewed first (a scanner tilts the page by a fraction of a degree, which
breaks a table-wide rule into short runs). Rules are long runs of dark pixels (horizontal or
vertical); text strokes are far shorter. The rules are then erased so that tesseract reads the
cells as plain text. Rows come out like ``ruled_tables`` rows of a text-layer page: one per row
of cells, the cell under a vertically merged cell empty, a horizontally merged cell followed by
empty cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .ruled_tables import TABLE_SETTINGS, PageTable, TableRow, cell_text

DARK = 170  # grey level under which a pixel is ink
BOLD_INK = 140  # (stricter for stroke widths: the blur around strokes is not ink)
BOLD_STROKE = 1.3  # strokes this much wider than usual (for their size) are bold
RULE_PT = 24.0  # a horizontal rule is a run of ink at least this long (points); letters are shorter
V_RULE_PT = 8.0  # a vertical one may close a row of one line (a tall letter is cut from it)
MAX_SKEW = 2.0  # degrees tried when deskewing
MIN_RULES = 2  # a page needs this many horizontal and vertical rules to hold a table
SPECK_PT = 1.5  # punctuation smaller than this both ways is dust
SHORT_CONF = 10.0  # words of one or two characters read with less confidence are noise
MOSAIC_GAP_PT = 10.0  # white between the cells stacked for OCR
CELL_MARGIN_PT = 1.5  # white kept around a cell's ink
INSET_PT = 0.8  # a cell's box less this on each side (the rule's own width)
MIN_INK = 12  # pixels of ink for a cell to hold something
MOSAIC_MAX_PX = 12_000  # height of one image of cells for tesseract
# what tesseract makes of a rule's remains
_RULE_JUNK = re.compile(r"^[|\[\]{}_]+$")


@dataclass
class Grid:
    """The ruled tables of a page image."""

    image: object  # the deskewed page image (2-D uint8 array) with its rules erased
    angle: float  # degrees the page image was rotated by to deskew it
    tables: list[list[tuple[float, float, float, float]]]  # cells of each table, in points


def _long_runs(dark, length: int, axis: int):
    """Pixels of ``dark`` in runs of at least ``length`` along ``axis`` (a few gaps allowed)."""
    import numpy as np
    from scipy import ndimage

    share = ndimage.uniform_filter1d(dark.astype(np.float32), size=length, axis=axis, mode="constant")
    full = share >= 0.97
    return ndimage.maximum_filter1d(full, size=length, axis=axis, mode="constant") & dark


def _skew(mask) -> float:
    """The angle (degrees) that lays the ink of ``mask`` (rules) flattest: rotating the image by
    it deskews the page."""
    import numpy as np

    ys, xs = np.nonzero(mask)
    if len(ys) < 50:
        return 0.0
    if len(ys) > 100_000:
        keep = np.random.default_rng(0).choice(len(ys), 100_000, replace=False)
        ys, xs = ys[keep], xs[keep]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64)

    def sharpness(angle: float) -> float:
        proj = np.round(ys - xs * np.tan(np.radians(angle))).astype(np.int64)
        counts = np.bincount(proj - proj.min()).astype(np.float64)
        return float((counts * counts).sum())

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.1), key=sharpness)
    fine = max(np.arange(coarse - 0.1, coarse + 0.1 + 1e-9, 0.01), key=sharpness)
    return round(float(fine), 2)


def _edges(mask, horizontal: bool, scale: float) -> list[dict]:
    """The rules of a mask as pdfplumber edges (points)."""
    from scipy import ndimage

    labels, _ = ndimage.label(mask, structure=[[1, 1, 1], [1, 1, 1], [1, 1, 1]])
    edges = []
    for sl in ndimage.find_objects(labels):
        top, bottom = sl[0].start * scale, sl[0].stop * scale
        x0, x1 = sl[1].start * scale, sl[1].stop * scale
        if horizontal:
            y = (top + bottom) / 2
            edges.append(
                {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0, "orientation": "h"}
            )
        else:
            x = (x0 + x1) / 2
            edges.append(
                {
                    "x0": x,
                    "x1": x,
                    "top": top,
                    "bottom": bottom,
                    "width": 0.0,
                    "height": bottom - top,
                    "orientation": "v",
                }
            )
    return edges


def find_grid(gray, px: float) -> Grid | None:
    """The ruled tables of a page image (``gray``: 2-D uint8 array, ``px`` pixels per point), or
    None when the page has no table of two columns or more."""
    import numpy as np
    from PIL import Image
    from scipy import ndimage

    gray = np.asarray(gray)
    length = max(8, int(RULE_PT * px))
    v_length = max(4, int(V_RULE_PT * px))
    # a first look at half size: enough rules for a table?
    small = gray[::2, ::2] < DARK
    h_small = _long_runs(small, length // 2, 1)
    if ndimage.label(h_small)[1] < MIN_RULES or ndimage.label(_long_runs(small, length // 2, 0))[1] < 1:
        return None
    angle = _skew(h_small)
    if abs(angle) >= 0.02:
        image = np.asarray(Image.fromarray(gray).rotate(angle, resample=Image.BICUBIC, fillcolor=255))
    else:
        image = gray
    dark = image < DARK
    h_mask = _long_runs(dark, length, 1)
    v_mask = _long_runs(dark, v_length, 0)
    tables = _tables(_edges(h_mask, True, 1 / px) + _edges(v_mask, False, 1 / px))
    if not tables:
        return None
    # erase the rules of the cells only: not a letter's stem, a bracket or an underline
    near_v = np.zeros(image.shape, dtype=bool)
    near_h = np.zeros(image.shape, dtype=bool)
    pad = int(2 * px)
    for cells in tables:
        for x0, top, x1, bottom in cells:
            x0, top, x1, bottom = (int(v * px) for v in (x0, top, x1, bottom))
            for x in (x0, x1):
                near_v[max(0, top - pad) : bottom + pad, max(0, x - pad) : x + pad] = True
            for y in (top, bottom):
                near_h[max(0, y - pad) : y + pad, max(0, x0 - pad) : x1 + pad] = True
    clean = image.copy()
    clean[ndimage.binary_dilation(h_mask, iterations=2) & near_h] = 255
    clean[ndimage.binary_dilation(v_mask, iterations=2) & near_v] = 255
    return Grid(clean, angle, tables)


def _tables(edges: list[dict]) -> list[list[tuple[float, float, float, float]]]:
    """Cells of the tables the edges draw (pdfplumber's construction, the text layer's settings)."""
    from pdfplumber import table as pt
    from pdfplumber.utils import filter_edges

    tol = TABLE_SETTINGS["snap_tolerance"]
    edges = pt.merge_edges(edges, tol, tol, TABLE_SETTINGS["join_tolerance"], TABLE_SETTINGS["join_tolerance"])
    edges = filter_edges(edges, min_length=3)
    tol = TABLE_SETTINGS["intersection_tolerance"]
    cells = pt.intersections_to_cells(pt.edges_to_intersections(edges, tol, tol))
    out = []
    for group in pt.cells_to_tables(cells):
        table = pt.Table(None, group)
        if max((len(r.cells) for r in table.rows), default=0) >= 2:
            out.append(group)
    return out


def _stroke(image, word: dict, px: float) -> float | None:
    """Mean width of the horizontal ink runs in a word's box, over the size of its line: bold
    strokes are wider for their size."""
    import numpy as np

    box = image[int(word["top"] * px) : int(word["bottom"] * px) + 1, int(word["x0"] * px) : int(word["x1"] * px) + 1]
    ink = np.asarray(box) < BOLD_INK
    runs = int((np.diff(np.pad(ink, ((0, 0), (1, 1))).astype(np.int8), axis=1) == 1).sum())
    if not runs or not word.get("size"):
        return None
    return float(ink.sum()) / runs / (word["size"] * px)


def _bold_rows(image, rows: list[list[dict]], px: float) -> list[bool]:
    """Whether each row (its words) is set in bold: strokes clearly wider, for their size, than
    the usual strokes of the table's words (two letters or more)."""
    import statistics

    strokes = []
    for words in rows:
        values = [_stroke(image, w, px) for w in words if sum(ch.isalnum() for ch in w["text"]) >= 2]
        strokes.append([v for v in values if v is not None])
    every = [v for values in strokes for v in values]
    if len(every) < 5:
        return [False] * len(rows)
    usual = statistics.quantiles(every, n=4)[0]  # regular text, however many bold rows
    return [bool(values) and statistics.median(values) >= BOLD_STROKE * usual for values in strokes]


def _usable(word: dict) -> bool:
    """Not what is left of a rule, nor a speck of dust read as punctuation, nor a short word
    read with next to no confidence."""
    text = word["text"]
    if _RULE_JUNK.match(text) or (len(text) <= 2 and word.get("conf", 100.0) < SHORT_CONF):
        return False
    speck = word["x1"] - word["x0"] < SPECK_PT and word["bottom"] - word["top"] < SPECK_PT
    return not (speck and not any(ch.isalnum() for ch in text))


def _center_in(word: dict, box: tuple[float, float, float, float]) -> bool:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _cell_raw(words: list[tuple[int, dict]]) -> str:
    """Text of a cell's words, one line per OCR line (``(line number, word)`` pairs)."""
    lines: dict[int, list[dict]] = {}
    for n, w in words:
        lines.setdefault(n, []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: min(w["top"] for w in ws))
    return "\n".join(" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])) for ws in ordered)


def _mosaics(image, boxes: list[tuple[int, int, int, int]], px: float):
    """The inked part of each cell box (pixels), stacked in images with white bands between
    (one image up to ``MOSAIC_MAX_PX`` high, then the next).

    Yields each image with, per cell placed in it, ``(index, y in the image, height, x shift,
    y shift)``: a point (x, y) of the image is (x + x shift, y + y shift) on the page.
    """
    import numpy as np

    margin = int(CELL_MARGIN_PT * px)
    gap = int(MOSAIC_GAP_PT * px)
    inset = int(INSET_PT * px)
    crops = []
    for k, (x0, y0, x1, y1) in enumerate(boxes):
        x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
        if x1 <= x0 or y1 <= y0:
            continue
        ink = image[y0:y1, x0:x1] < DARK
        if ink.sum() < MIN_INK:
            continue  # empty, or a speck of dust
        ys, xs = np.nonzero(ink)
        cy0, cy1 = max(0, ys.min() - margin), min(ink.shape[0], ys.max() + 1 + margin)
        cx0, cx1 = max(0, xs.min() - margin), min(ink.shape[1], xs.max() + 1 + margin)
        crops.append((k, image[y0 + cy0 : y0 + cy1, x0 + cx0 : x0 + cx1], x0 + cx0, y0 + cy0))
    while crops:
        batch, height = [], gap
        while crops and (not batch or height + crops[0][1].shape[0] + gap <= MOSAIC_MAX_PX):
            batch.append(crops.pop(0))
            height += batch[-1][1].shape[0] + gap
        mosaic = np.full((height, max(c[1].shape[1] for c in batch) + 2 * gap), 255, dtype=np.uint8)
        placed = []
        y = gap
        for k, crop, px0, py0 in batch:
            h, w = crop.shape
            mosaic[y : y + h, gap : gap + w] = crop
            placed.append((k, y, h, px0 - gap, py0 - y))
            y += h + gap
        yield mosaic, placed


def _to_points(w: dict, px: float, size: float, dx: float, dy: float) -> dict:
    return dict(
        w,
        x0=(w["x0"] + dx) / px,
        x1=(w["x1"] + dx) / px,
        top=(w["top"] + dy) / px,
        bottom=(w["bottom"] + dy) / px,
        size=size / px,
    )


def read_grid(grid: Grid, read, page_no: int, px: float):
    """The page's tables as ``PageTable`` (rows of cell texts) and the OCR lines outside them.

    ``read(image, psm)``: OCR of an image as ``(size, words)`` lines, in pixels. The cells are read
    together, each in its own band of one image (a few for many cells), so that a text line never
    runs from a cell into its neighbour; the rest of the page is read with the tables blanked.
    Coordinates come back in points (``px`` pixels per point). A row is bold when its strokes are
    clearly wider, for their size, than the table's usual strokes (a scan shows no font, only ink).
    """
    import bisect

    import numpy as np
    from pdfplumber import table as pt

    layouts = []  # per table: its rows, its cells
    boxes: list[tuple[int, int, int, int]] = []
    for cells in grid.tables:
        table = pt.Table(None, cells)
        layouts.append(table)
        for cell in cells:
            boxes.append(tuple(int(round(v * px)) for v in cell))
    index = {cell: k for k, cell in enumerate(c for cells in grid.tables for c in cells)}
    in_cell: dict[int, list[tuple[int, dict]]] = {}
    line = 0
    for mosaic, placed in _mosaics(grid.image, boxes, px):
        tops = [p[1] for p in placed]
        for size, words in read(mosaic, 6):
            line += 1
            for w in words:
                mid = (w["top"] + w["bottom"]) / 2
                slot = bisect.bisect_right(tops, mid) - 1
                if slot < 0:
                    continue
                k, y, h, dx, dy = placed[slot]
                if mid > y + h:
                    continue
                moved = _to_points(w, px, size, dx, dy)
                if _usable(moved):
                    in_cell.setdefault(k, []).append((line, moved))
    tables: list[PageTable] = []
    for cells, table in zip(grid.tables, layouts, strict=True):
        bbox = tuple(round(v, 2) for v in table.bbox)
        xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
        out = PageTable(bbox=bbox, columns=xs, page=page_no)
        row_words: list[list[dict]] = []
        for row in table.rows:
            raw = []
            in_row = []
            for cell in row.cells:
                words = in_cell.get(index[cell], []) if cell is not None else []
                in_row += [w for _, w in words]
                raw.append(_cell_raw(words))
            texts = [cell_text(r) for r in raw]
            if not any(texts):
                continue
            out.rows.append(
                TableRow(cells=texts, bbox=tuple(round(v, 2) for v in row.bbox), bold=False, raw=raw, page=page_no)
            )
            row_words.append(in_row)
        for tr, bold in zip(out.rows, _bold_rows(grid.image, row_words, px), strict=True):
            tr.bold = bold
        if out.rows:
            tables.append(out)
    tables.sort(key=lambda t: t.bbox[1])
    # the rest of the page, its tables blanked
    page = np.array(grid.image, copy=True)
    pad = int(2 * px)
    for table in layouts:
        x0, y0, x1, y1 = (int(round(v * px)) for v in table.bbox)
        page[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad] = 255
    flow = []
    for size, words in read(page, 3):
        scaled = [dict(w, x0=w["x0"] / px, x1=w["x1"] / px, top=w["top"] / px, bottom=w["bottom"] / px) for w in words]
        if scaled:
            flow.append((size / px, scaled))
    return tables, flow
