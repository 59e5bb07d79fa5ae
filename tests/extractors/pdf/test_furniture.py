"""Running headers and footers leave the blocks but their text is kept as furniture."""

from __future__ import annotations

import pytest

from extractors.pdf.furniture import find_furniture, furniture_texts
from extractors.pdf.layout import Line
from tests.extractors.inputs import pdf_file as extract

from . import builders as b


def _no_cpas_in_blocks(doc) -> None:
    assert not any("Xyz" in blk.text or "Rue Haute" in blk.text for blk in doc.blocks)


def test_running_footer_is_furniture(tmp_path):
    doc = extract(b.build_footer_only(tmp_path / "footer.pdf"))
    assert doc.furniture == (b.FOOTER_LINE,)
    _no_cpas_in_blocks(doc)
    assert [blk.text for blk in doc.blocks][1:4] == b.FOOTER_BODY


def test_built_plan_keeps_its_header_and_footer(tmp_path):
    doc = extract(b.build_plan(tmp_path / "plan.pdf"))
    assert doc.furniture == (b.HEADER, f"PST – CPAS de {b.CPAS}")
    assert not any(b.CPAS in blk.text for blk in doc.blocks)


@pytest.mark.slow
def test_scanned_running_footer_is_furniture(tmp_path):
    doc = extract(b.build_footer_only(tmp_path / "scan.pdf", scanned=True))
    assert doc.format.value == "pdf_scan"
    assert len(doc.furniture) == 1
    assert doc.furniture[0].startswith(b.FOOTER_CPAS)
    assert doc.furniture[0].endswith("Rue Haute 5, 9999 Xyz")
    _no_cpas_in_blocks(doc)


def _line(text: str, page: int, top: float = 800.0) -> Line:
    return Line(text=text, x0=72, top=top, x1=400, bottom=top + 9, page=page)


def test_ocr_variants_of_one_running_line_collapse():
    lines = [
        _line("CPAS de Xyz - page 1", 1),
        _line("Objectif stratégique 1", 1, top=300),
        _line("CPAS de Xvz - page 2", 2),
        _line("CPAS de Xyz - page 3", 3),
        _line("4", 4),
        _line("CPAS de Xyz - page 4", 4, top=810),
    ]
    drop = find_furniture(lines, page_count=4)
    assert drop == {0, 2, 3, 4, 5}
    assert furniture_texts(lines, drop) == ["CPAS de Xyz"]


def test_bare_page_number_stripped_only_when_it_changes():
    lines = [_line(f"CPAS de Xyz {page}", page) for page in (1, 2, 3)]
    lines += [_line("Rue Haute 5, 9999 Xyz", page, top=20) for page in (1, 2, 3)]
    drop = find_furniture(lines, page_count=3)
    assert drop == set(range(6))
    assert furniture_texts(lines, drop) == ["Rue Haute 5, 9999 Xyz", "CPAS de Xyz"]
