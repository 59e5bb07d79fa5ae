"""Ruled tables of scanned pages: rules found in the image, cells built from them, OCR words in
their cells; a scanned dashboard gives the rows its text layer gives."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import numpy as np
import pytest

from extractors.pdf.scan_tables import find_grid
from pipeline.core.model import BlockKind
from tests.extractors.inputs import pdf_file as extract

from . import builders as b

PX = 150 / 72  # (a fast test: find_grid scales with the resolution)


def _page(draw_table: bool = True, angle: float = 0.0, underline: bool = False):
    """A 150 dpi A4-landscape page image: a title, a ruled table with merged cells, specks."""
    from PIL import Image, ImageDraw

    width, height = int(842 * PX), int(595 * PX)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    draw.text((60 * PX, 40 * PX), "Tableau de bord", fill=0, font_size=int(16 * PX))
    if underline:
        draw.line([(60 * PX, 62 * PX), (400 * PX, 62 * PX)], fill=0, width=3)
    if draw_table:
        xs = [60, 200, 340, 520, 600, 680, 760]  # six columns; the last three under one "Statut"
        ys = [100, 115, 130, 170, 200, 240, 270]  # two header rows, four body rows
        line = 2
        for y in (ys[0], ys[2], ys[-1]):
            draw.line([(xs[0] * PX, y * PX), (xs[-1] * PX, y * PX)], fill=0, width=line)
        draw.line([(xs[3] * PX, ys[1] * PX), (xs[-1] * PX, ys[1] * PX)], fill=0, width=line)  # under "Statut"
        for y in ys[3:-1]:  # the first column is merged down the body rows
            draw.line([(xs[1] * PX, y * PX), (xs[-1] * PX, y * PX)], fill=0, width=line)
        for x in xs[:4] + xs[-1:]:
            draw.line([(x * PX, ys[0] * PX), (x * PX, ys[-1] * PX)], fill=0, width=line)
        for x in xs[4:-1]:  # no rule through "Statut"
            draw.line([(x * PX, ys[1] * PX), (x * PX, ys[-1] * PX)], fill=0, width=line)
    rng = np.random.default_rng(3)
    pixels = np.asarray(image).copy()
    for y, x in zip(rng.integers(0, height, 300), rng.integers(0, width, 300), strict=True):
        pixels[y, x] = 90
    image = Image.fromarray(pixels)
    if angle:
        image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    return np.asarray(image)


def _rows(grid):
    """Each table as its rows: per column, True for a cell starting there, None under a merge."""
    from pdfplumber.table import Table

    out = []
    for cells in grid.tables:
        out.append([[c is not None for c in row.cells] for row in Table(None, cells).rows])
    return out


T, F = True, False
EXPECTED_ROWS = [
    [T, T, T, T, F, F],  # the header; "Statut" merged over three columns
    [F, F, F, T, T, T],  # the sub-header under "Statut"; the other header cells merged down
    [T, T, T, T, T, T],
    [F, T, T, T, T, T],  # the first column merged down the body rows
    [F, T, T, T, T, T],
    [F, T, T, T, T, T],
]


@pytest.mark.parametrize("angle", [0.0, 0.5, -0.4])
def test_grid_of_a_ruled_table_with_merged_cells(angle):
    grid = find_grid(_page(angle=angle), PX)
    assert grid is not None
    assert grid.angle == pytest.approx(-angle, abs=0.05)  # the rotation that undoes the skew
    assert _rows(grid) == [EXPECTED_ROWS]
    x0, x1 = min(c[0] for c in grid.tables[0]), max(c[2] for c in grid.tables[0])
    assert (x0, x1) == (pytest.approx(60, abs=1.5), pytest.approx(760, abs=1.5))
    # the rules are gone from the image tesseract reads, the text is not
    rule_row = grid.image[int(170 * PX) - 1 : int(170 * PX) + 2, int(250 * PX) : int(500 * PX)]
    assert (rule_row < 170).mean() < 0.05


def test_cells_stacked_for_ocr_map_back_to_the_page(monkeypatch):
    from extractors.pdf import scan_tables

    image = np.full((400, 600), 255, dtype=np.uint8)
    boxes = []
    for k in range(12):
        x0, y0 = 100 * (k % 6), 130 * (k // 6)
        boxes.append((x0, y0, x0 + 90, y0 + 60))
        if k % 4:  # every fourth cell stays empty
            image[y0 + 20 : y0 + 30, x0 + 10 : x0 + 10 + 5 * k] = 0
    monkeypatch.setattr(scan_tables, "MOSAIC_MAX_PX", 150)
    seen = []
    for mosaic, placed in scan_tables._mosaics(image, boxes, 1.0):
        assert mosaic.shape[0] <= 150 or len(placed) == 1
        for k, y, h, dx, dy in placed:
            ys, xs = np.nonzero(mosaic[y : y + h] < 170)
            ink = image[ys + y + dy, xs + dx]  # the page pixels under the cell's ink
            assert (ink < 170).all()
            seen.append(k)
    assert sorted(seen) == [k for k in range(12) if k % 4]


def test_no_grid_without_a_table():
    assert find_grid(_page(draw_table=False), PX) is None
    assert find_grid(_page(draw_table=False, underline=True), PX) is None


# ---- a scanned dashboard ---------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("—", "–")).strip()


def _shape(doc):
    """The blocks without their texts (kinds, table and row numbers, header rows, empty cells)."""
    out = []
    for blk in doc.blocks:
        if blk.kind == BlockKind.TABLE_ROW:
            out.append((blk.kind, blk.table_index, blk.row_index, blk.is_header_row, tuple(bool(c) for c in blk.cells)))
        else:
            out.append((blk.kind,))
    return out


def _texts(doc):
    return [_norm(c) for blk in doc.blocks for c in (blk.cells if blk.kind == BlockKind.TABLE_ROW else [blk.text])]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    text = b.build_dashboard(folder / "tableau.pdf")
    return text, b.scan(text, folder / "tableau_scan.pdf", angle=0.4)


def test_dashboard_text_layer_rows(dashboard):
    doc = extract(dashboard[0])
    rows = [list(blk.cells) for blk in doc.blocks if blk.kind == BlockKind.TABLE_ROW]
    assert rows == [b.DASH_HEAD, b.DASH_SUBHEAD, *b.DASH_BODY]
    assert [blk.text for blk in doc.blocks if blk.kind != BlockKind.TABLE_ROW] == [b.DASH_TITLE, b.DASH_NOTE]


@pytest.mark.slow
def test_scanned_dashboard_gives_the_rows_of_its_text_layer(dashboard):
    text_doc, scan_doc = extract(dashboard[0]), extract(dashboard[1])
    assert scan_doc.format.value == "pdf_scan"
    # same blocks, same rows and merged cells (an empty cell under a merge stays empty), same header
    assert _shape(scan_doc) == _shape(text_doc)
    # same texts up to OCR noise
    want, got = _texts(text_doc), _texts(scan_doc)
    assert len(got) == len(want)
    assert all(SequenceMatcher(None, w, g).ratio() >= 0.9 for w, g in zip(want, got, strict=True)), list(
        zip(want, got, strict=True)
    )
    assert sum(w == g for w, g in zip(want, got, strict=True)) >= 0.9 * len(want)
