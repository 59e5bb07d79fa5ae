"""The CPAS and the legislature named only in page furniture (running header, Word header part, <title>) are
identified; the body's own span wins over the furniture's."""

from __future__ import annotations

from normalizers.parse import parse_document
from pipeline.core.model import Block, BlockKind, ExtractedDocument, SourceFormat


def _doc(furniture: tuple[str, ...], heading: str = "") -> ExtractedDocument:
    blocks = (
        *([Block(kind=BlockKind.PARAGRAPH, text=heading)] if heading else []),
        Block(kind=BlockKind.PARAGRAPH, text="OS 1 : Être un CPAS accueillant"),
        Block(kind=BlockKind.PARAGRAPH, text="OO 1.1 Améliorer l'accueil des bénéficiaires"),
    )
    return ExtractedDocument(source_file="plan.pdf", format=SourceFormat.PDF, blocks=blocks, furniture=furniture)


def test_cpas_named_only_in_the_running_footer_is_found():
    parsed = parse_document(_doc(("CPAS de Sprimont – Programme stratégique transversal",)), "0" * 64)
    assert parsed.cpas_name == "Sprimont"
    assert all("Sprimont" not in item.title for item in parsed.items)


def test_no_furniture_and_no_name_gives_no_cpas():
    assert parse_document(_doc(()), "0" * 64).cpas_name is None


def test_legislature_printed_only_in_the_page_title_is_found():
    parsed = parse_document(_doc(("CPAS d'Ohey — PST 2025-2030",)), "0" * 64)
    assert (parsed.cpas_name, parsed.legislature) == ("Ohey", "2024-2030")


def test_the_body_span_wins_over_the_furniture():
    doc = _doc(("CPAS de Sprimont — PST 2025-2030",), heading="Programme stratégique transversal 2019-2024")
    assert parse_document(doc, "0" * 64).legislature == "2018-2024"


def test_no_span_anywhere_gives_no_legislature():
    assert parse_document(_doc(("CPAS de Sprimont",)), "0" * 64).legislature is None
