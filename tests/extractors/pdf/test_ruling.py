"""Ruled tables found on pdfium's ruling and chars: the same edges and rows as pdfplumber's own page."""

from __future__ import annotations

import struct
from contextlib import contextmanager

import pdfplumber
import pypdfium2 as pdfium
import pytest

from extractors.pdf.pdfium_text import PageReader
from extractors.pdf.ruled_tables import find_page_tables
from extractors.pdf.ruling import Ruling, exact, page_streams, table_page, written_rects
from pipeline.core.model import BlockKind
from tests.extractors.inputs import pdf_file as extract

from . import builders as b

EDGE_KEYS = ("object_type", "orientation", "x0", "x1", "top", "bottom", "width", "height")


@contextmanager
def both(path):
    """The first page of a PDF opened by pdfium (page, chars) and by pdfplumber."""
    doc = pdfium.PdfDocument(str(path))
    page = doc[0]
    textpage = page.get_textpage()
    try:
        reader = PageReader(page, textpage)
        with pdfplumber.open(path) as plumber:
            yield page, reader.chars(), reader.height, plumber.pages[0]
    finally:
        textpage.close()
        page.close()
        doc.close()


def edges(objs):
    return [tuple(e[k] for k in EDGE_KEYS) for e in objs]


def ruling_of(page, plumber):
    return Ruling(page.raw, plumber.height, written_rects(page_streams(plumber.page_obj)))


def rows(tables):
    return [r.cells for t in tables for r in t.rows]


@pytest.mark.parametrize("build", [b.build_ruled_lines, b.build_cell_rects, b.build_form_table])
def test_a_ruled_table_reads_the_same_from_pdfium(tmp_path, build):
    with both(build(tmp_path / "table.pdf")) as (page, chars, height, plumber):
        ruling = ruling_of(page, plumber)
        assert edges(ruling.edges) == edges(plumber.edges)  # to the last bit: same tables, same boxes
        assert (len(ruling.lines), len(ruling.rects), len(ruling.curves)) == (
            len(plumber.lines),
            len(plumber.rects),
            len(plumber.curves),
        )
        ours = table_page(page, plumber, chars, height)
        assert ours is not None
        tables = find_page_tables(ours, 1)
        assert rows(tables) == b.GRID_ROWS
        assert tables == find_page_tables(plumber, 1)
        assert [r.bold for r in tables[0].rows] == [True, False, False]


def test_a_form_with_its_own_matrix_drawn_twice(tmp_path):
    with both(b.build_form_matrix(tmp_path / "form.pdf")) as (page, chars, height, plumber):
        ruling = ruling_of(page, plumber)
        assert edges(ruling.edges) == edges(plumber.edges)
        assert (len(ruling.lines), len(ruling.rects)) == (12, 2)
        tables = find_page_tables(table_page(page, plumber, chars, height), 1)
        assert rows(tables) == b.FORM_ROWS * 2
        assert tables == find_page_tables(plumber, 1)


@pytest.mark.parametrize(
    "content, form",
    [
        (b"0 0 m 100 0 l 100 50 l 0 50 l F 0 100 m 200 100 l S", None),  # pdfminer ignores "F"
        (b"/Fm1 Do", b"0 0 m 100 0 l S"),  # a form without /BBox, which pdfminer skips
    ],
)
def test_what_pdfminer_reads_its_own_way_is_left_to_pdfplumber(tmp_path, content, form):
    path = b.build_raw(tmp_path / "odd.pdf", content + b" BT /F1 10 Tf 72 700 Td (Texte) Tj ET", form=form)
    with both(path) as (page, chars, height, plumber):
        assert table_page(page, plumber, chars, height) is None


def test_reading_stops_past_the_limit(tmp_path):
    with both(b.build_ruled_lines(tmp_path / "lines.pdf")) as (page, _, _, plumber):
        assert len(Ruling(page.raw, plumber.height, limit=3).lines) == 4


def test_each_kind_of_table_drawing_gives_lines_or_rects(tmp_path):
    with both(b.build_ruled_lines(tmp_path / "lines.pdf")) as (page, _, _, plumber):
        ruling = ruling_of(page, plumber)
        assert (len(ruling.lines), len(ruling.rects), len(ruling.curves)) == (8, 0, 0)
    with both(b.build_cell_rects(tmp_path / "rects.pdf")) as (page, _, _, plumber):
        ruling = ruling_of(page, plumber)
        assert (len(ruling.lines), len(ruling.rects), len(ruling.curves)) == (0, 9, 0)


def test_curves_make_no_table(tmp_path):
    with both(b.build_curves(tmp_path / "curves.pdf")) as (page, chars, height, plumber):
        ruling = ruling_of(page, plumber)
        assert ruling.lines == ruling.rects == []
        assert len(ruling.curves) == len(plumber.curves) == 14
        assert edges(ruling.edges) == edges(plumber.edges)
        assert find_page_tables(table_page(page, plumber, chars, height), 1) == []
    doc = extract(tmp_path / "curves.pdf")
    assert [blk.text for blk in doc.blocks] == ["Une page illustrée sans tableau", "Fin de la page illustrée"]


def test_the_extractor_reads_the_tables_built(tmp_path):
    for build in (b.build_ruled_lines, b.build_cell_rects, b.build_form_table):
        doc = extract(build(tmp_path / f"{build.__name__}.pdf"))
        assert [list(blk.cells) for blk in doc.blocks if blk.kind == BlockKind.TABLE_ROW] == b.GRID_ROWS


def test_a_cropped_page_is_left_to_pdfplumber(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "cropped.pdf"
    canv = canvas.Canvas(str(path))
    canv.setCropBox((20, 20, 500, 700))
    canv.line(72, 600, 400, 600)
    canv.drawString(72, 610, "Texte")
    canv.save()
    with both(path) as (page, chars, height, plumber):
        assert table_page(page, plumber, chars, height) is None


def test_rect_operands_are_read_as_written():
    f32 = struct.Struct("f")

    def as_pdfium(v):
        return f32.unpack(f32.pack(v))[0]

    found = written_rects([b"q 633.3002 655.65 22.35 -4.5 re f Q .5 -1 +2 3. re S 1 2 3 4 5 re"])
    x, y = as_pdfium(633.3002), as_pdfium(655.65)
    key = (x, y, as_pdfium(x + as_pdfium(22.35)), as_pdfium(y + as_pdfium(-4.5)))
    assert found[key] == (633.3002, 655.65, 22.35, -4.5)
    assert (0.5, -1.0, 2.0, 3.0) in found.values()
    assert (2.0, 3.0, 4.0, 5.0) in found.values()  # the four numbers before "re"
    assert len(found) == 3


def test_float32_numbers_read_back_as_written():
    f32 = struct.Struct("f")
    for written in (72.3, 841.89, 0.1, 595.2756, 1.0, -13.75, 0.0283465):
        assert exact(f32.unpack(f32.pack(written))[0]) == written
