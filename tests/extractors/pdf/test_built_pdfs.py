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


def _emoji_pdf(path, lines):
    """A one-page PDF in Helvetica whose ToUnicode map reads byte 0x80 as 🎯: one glyph, two UTF-16 code units
    (a surrogate pair), as Word and LibreOffice write an emoji."""
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /E def "
        "1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <20> <7E> <0020> endbfrange "
        "1 beginbfchar <80> <D83CDFAF> endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    ops = "BT /F1 11 Tf " + " ".join(f"1 0 0 1 {x} {y} Tm ({t}) Tj" for x, y, t in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        f"<< /Length {len(ops)} >>\nstream\n{ops}\nendstream",
        f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    return path


def test_an_emoji_before_each_line_is_read_as_one_char_and_is_a_bullet(tmp_path):
    """An emoji (outside the 16-bit plane) opening each action: pdfium gives its two UTF-16 halves as two chars,
    read as one; a pictograph is a bullet, so each line is a list item of its own. Before, two lone surrogates
    glued both lines into one paragraph."""
    path = _emoji_pdf(
        tmp_path / "emoji.pdf",
        [
            (72, 760, "Objectif strategique 1 : Reduire la fracture numerique"),
            (90, 740, "\x80 Ouvrir un espace public numerique"),
            (90, 725, "\x80 Former les aines aux outils en ligne"),
        ],
    )
    assert [(blk.kind, blk.text, blk.bullet) for blk in extract(path).blocks] == [
        (P, "Objectif strategique 1 : Reduire la fracture numerique", False),
        (L, "Ouvrir un espace public numerique", True),
        (L, "Former les aines aux outils en ligne", True),
    ]


def test_a_footnote_call_raised_after_a_word_is_no_part_of_the_text(tmp_path):
    """Word prints a footnote reference as a small raised digit glued to the last word ("… familles³"): the text
    layer reads it as "familles3", which ended the titles. It is left out; an exponent after a short word ("m²")
    stays."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "notes.pdf"
    c = canvas.Canvas(str(path))
    for y, text, call in ((760, "Objectif opérationnel 1.1 : Étendre le service d'aide aux familles", "12"),
                          (740, "1.1.1. Recruter deux aides familiales pour 120 m", "2")):
        c.setFont("Helvetica", 11)
        c.drawString(72, y, text)
        c.setFont("Helvetica", 7)
        c.drawString(72 + c.stringWidth(text, "Helvetica", 11), y + 4, call)
    c.save()
    assert [blk.text for blk in extract(path).blocks] == [
        "Objectif opérationnel 1.1 : Étendre le service d'aide aux familles",
        "1.1.1. Recruter deux aides familiales pour 120 m2",
    ]
