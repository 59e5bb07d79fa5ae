"""Word .docx extractor: paragraphs, headings, list items (with Word's automatic numbers) and
table rows of a .docx, read safely from the raw package XML.

Public API: ``extract(data, name) -> ExtractedDocument``.
"""

from __future__ import annotations

import io
from types import SimpleNamespace

from pipeline.core.errors import CorruptDocument, EmptyDocument
from pipeline.core.model import ExtractedDocument, SourceFormat

from .furniture import read_furniture
from .numbering import NumberingDefinitions
from .package import DocxPackage, W
from .reader import BodyReader
from .styles import StyleSheet

__all__ = ["extract"]


class _InMemory(io.BytesIO):
    """The bytes of a .docx seen through what ``DocxPackage.open`` asks of a path: its ``name``,
    ``stat().st_size``, ``open("rb")``, and a seekable file that ``zipfile`` reads."""

    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self._data = data
        self.name = name

    def stat(self) -> SimpleNamespace:
        return SimpleNamespace(st_size=len(self._data))

    def open(self, mode: str = "rb") -> io.BytesIO:
        return io.BytesIO(self._data)


def extract(data: bytes, name: str) -> ExtractedDocument:
    """Extract the blocks of a Word .docx document's bytes, in body order.

    Raises a ``pipeline.core.errors.DocumentError`` subclass when the bytes are empty, not a
    .docx, broken, or hostile (zip bomb, XML entity expansion).
    """
    with DocxPackage.open(_InMemory(data, name)) as pkg:
        document = pkg.read_xml(pkg.document_part)
        styles = StyleSheet(pkg.optional_xml("styles"))
        numbering = NumberingDefinitions(pkg.optional_xml("numbering"), styles)
        furniture_warnings: list[str] = []
        furniture = read_furniture(pkg, styles, numbering, furniture_warnings)
    body = document.find(W + "body")
    if body is None:
        raise CorruptDocument(f"{name}: {pkg.document_part} has no w:body")
    reader = BodyReader(styles, numbering)
    blocks = reader.read(body)
    if not blocks:
        raise EmptyDocument(f"{name}: the Word document holds no text")
    return ExtractedDocument(
        source_file=name,
        format=SourceFormat.DOCX,
        blocks=tuple(blocks),
        warnings=(*reader.warnings, *furniture_warnings),
        furniture=furniture,
    )
