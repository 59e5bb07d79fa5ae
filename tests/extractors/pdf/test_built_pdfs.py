"""The PDF extractor on PDFs written with reportlab, and on broken inputs."""

from __future__ import annotations

import zipfile

import pytest

from extractors.pdf import ocr as ocr_module
from pipeline.core.errors import (
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    OcrUnavailable,
    UnsupportedFormat,
)
from pipeline.core.model import BlockKind, SourceFormat
from tests.extractors.inputs import pdf_file as extract

from . import builders as b

H, P, L, T = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_ROW


def summary(doc):
    """Comparable view of the blocks."""
    out = []
    for blk in doc.blocks:
        if blk.kind == T:
            out.append(
                (T, blk.cells, blk.table_index, blk.row_index, blk.is_header_row, blk.in_toc)
            )
        else:
            level = blk.heading_level if blk.kind == H else blk.list_level
            out.append((blk.kind, blk.text, level, blk.bullet, blk.in_toc))
    return out


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    path = b.build_plan(tmp_path_factory.mktemp("pdf") / "plan.pdf")
    return extract(path)


def test_built_plan_blocks(plan):
    assert plan.format == SourceFormat.PDF
    assert plan.page_count == 3
    assert summary(plan) == [
        (H, "Programme Stratégique Transversal", 1, False, False),
        (H, "Table des matières", 2, False, False),
        (P, b.TOC_LINES[0], None, False, True),
        (P, b.TOC_LINES[1], None, False, True),
        (P, b.TOC_LINES[2], None, False, True),
        (H, "Introduction", 2, False, False),
        (P, b.INTRO, None, False, False),
        (L, b.OS1, 0, True, False),
        (L, b.OO11, 1, True, False),
        (L, b.ACT1, 2, True, False),
        (L, b.ACT2, 2, True, False),
        (T, b.OO_ROWS[0], 0, 0, False, False),
        (T, b.OO_ROWS[1], 0, 1, False, False),
        (H, "Tableau de bord", 1, False, False),
        (T, b.DASHBOARD[0], 1, 0, True, False),
        # Wrapped before a capital: the line break stays (a cell may list one action a line); the tree joins it.
        (T, ("1.1.1 Créer une page\nFacebook", *b.DASHBOARD[1][1:]), 1, 1, False, False),
        (T, b.DASHBOARD[2], 1, 2, False, False),
        (T, b.DASHBOARD[3], 1, 3, False, False),
    ]


def test_built_plan_furniture_gone_and_provenance(plan):
    for blk in plan.blocks:
        assert "Programme Stratégique Transversal –" not in blk.text
        assert "CPAS de Testville" not in blk.text
    act = next(x for x in plan.blocks if x.text == b.ACT1)
    assert act.provenance.page == 2
    assert act.provenance.raw_text.count("\n") == 1
    assert act.indent == pytest.approx(114.0)
    row = next(x for x in plan.blocks if x.cells and x.cells[1:] == b.DASHBOARD[1][1:] and x.row_index == 1)
    assert row.text == " | ".join(b.DASHBOARD[1])  # the block's text reads the cell's line breaks as spaces
    assert row.provenance.page == 3 and row.provenance.bbox is not None


def test_zero_byte(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument):
        extract(path)


def test_docx_named_pdf(tmp_path):
    path = tmp_path / "plan.pdf"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UnsupportedFormat, match="zip"):
        extract(path)


def test_html_named_pdf(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_text("<!DOCTYPE html><html><body>PST</body></html>")
    with pytest.raises(UnsupportedFormat, match="HTML"):
        extract(path)


def test_unknown_bytes(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"\x00\x01garbage" * 10)
    with pytest.raises(UnsupportedFormat, match="unknown"):
        extract(path)


def test_truncated_pdf(tmp_path):
    good = b.build_plan(tmp_path / "good.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(good[:400])
    with pytest.raises(CorruptDocument):
        extract(path)


def test_encrypted_with_user_password(tmp_path):
    path = b.build_encrypted(tmp_path / "locked.pdf", "secret")
    with pytest.raises(EncryptedDocument):
        extract(path)


def test_encrypted_with_empty_user_password_is_read(tmp_path):
    path = b.build_encrypted(tmp_path / "open.pdf", "")
    doc = extract(path)
    assert [x.text for x in doc.blocks] == ["OS1 : Un objectif chiffré"]


def test_dense_page_does_not_explode(tmp_path):
    doc = extract(b.build_dense(tmp_path / "dense.pdf"))
    assert sum(len(x.text) for x in doc.blocks) > 20_000


def test_ocr_unavailable(monkeypatch):
    ocr_module.check_tesseract()  # found here (CI installs it): a later look must not reuse that answer
    monkeypatch.setattr(ocr_module.shutil, "which", lambda name: None)
    with pytest.raises(OcrUnavailable, match="tesseract"):
        ocr_module.check_tesseract()
