"""Word header and footer parts are kept as furniture (CPAS identification), never as blocks."""

from __future__ import annotations

from pathlib import Path

from tests.extractors.inputs import docx_file as extract

from .builders import (
    cell,
    document_rels,
    header_part,
    page_field,
    para,
    row,
    table,
    text_box,
    to_strict,
    write_docx,
)

BODY = para("Programme stratégique transversal 2025-2030", outline=0) + para(
    "Objectif stratégique 1 : renforcer l'accueil des usagers"
)


def _write(path: Path) -> Path:
    parts = {
        "word/header1.xml": header_part(para("CPAS de Xyz"), text_box(para("Centre public d'action sociale"))),
        "word/header2.xml": header_part(para("CPAS  de XYZ")),  # first-page header, same name
        "word/footer1.xml": header_part(
            page_field("Page ", 1, 3),
            table(row(cell(para("Rue de l'Église 1, 9999 Xyz")), cell(para("www.cpas-xyz.be")))),
            footer=True,
        ),
    }
    rels = document_rels(rId10="footer:footer1.xml", rId11="header:header1.xml", rId12="header:header2.xml")
    return write_docx(path, BODY, extra=parts, rels=rels)


def test_header_and_footer_parts_are_furniture(tmp_path: Path) -> None:
    doc = extract(_write(tmp_path / "hf.docx"))
    assert doc.furniture == (
        "CPAS de Xyz",
        "Centre public d'action sociale",
        "Rue de l'Église 1, 9999 Xyz",
        "www.cpas-xyz.be",
    )
    assert [b.text for b in doc.blocks] == [
        "Programme stratégique transversal 2025-2030",
        "Objectif stratégique 1 : renforcer l'accueil des usagers",
    ]
    assert not any("Xyz" in b.text or "Page" in b.text for b in doc.blocks)
    assert doc.warnings == ()


def test_strict_header_is_furniture(tmp_path: Path) -> None:
    doc = extract(to_strict(_write(tmp_path / "hf_strict.docx")))
    assert doc.furniture[0] == "CPAS de Xyz"
    assert len(doc.blocks) == 2


def test_no_header_no_furniture(tmp_path: Path) -> None:
    doc = extract(write_docx(tmp_path / "plain.docx", BODY))
    assert doc.furniture == ()
