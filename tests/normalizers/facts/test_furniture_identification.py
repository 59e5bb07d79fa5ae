"""The CPAS named only in page furniture (running header, Word header part, <title>) is identified."""

from __future__ import annotations

from normalizers.parse import parse_document
from pipeline.core.model import Block, BlockKind, ExtractedDocument, SourceFormat


def _doc(furniture: tuple[str, ...]) -> ExtractedDocument:
    blocks = (
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
