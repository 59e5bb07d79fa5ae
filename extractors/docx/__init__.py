"""Word .docx extractor: paragraphs, headings, list items (with Word's automatic numbers) and
table rows of a .docx, read safely from the raw package XML.

Public API: ``extract(path) -> ExtractedDocument``.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.core.errors import CorruptDocument, EmptyDocument
from pipeline.core.model import ExtractedDocument, SourceFormat

from .furniture import read_furniture
from .numbering import NumberingDefinitions
from .package import DocxPackage, W
from .reader import BodyReader
from .styles import StyleSheet

__all__ = ["extract"]


def extract(path: Path) -> ExtractedDocument:
    """Extract the blocks of a Word .docx file, in body order.

    Raises a ``pipeline.errors.DocumentError`` subclass when the file is empty, not a
    .docx, broken, or hostile (zip bomb, XML entity expansion).
    """
    path = Path(path)
    with DocxPackage.open(path) as pkg:
        document = pkg.read_xml(pkg.document_part)
        styles = StyleSheet(pkg.optional_xml("styles"))
        numbering = NumberingDefinitions(pkg.optional_xml("numbering"), styles)
        furniture_warnings: list[str] = []
        furniture = read_furniture(pkg, styles, numbering, furniture_warnings)
    body = document.find(W + "body")
    if body is None:
        raise CorruptDocument(f"{path.name}: {pkg.document_part} has no w:body")
    reader = BodyReader(styles, numbering)
    blocks = reader.read(body)
    if not blocks:
        raise EmptyDocument(f"{path.name}: the Word document holds no text")
    return ExtractedDocument(
        source_file=path.name,
        format=SourceFormat.DOCX,
        blocks=tuple(blocks),
        warnings=(*reader.warnings, *furniture_warnings),
        furniture=furniture,
    )
