"""Extractors: bytes → blocks. One module per source format, one signature
``extract(data: bytes, name: str) -> ExtractedDocument``.

``extract`` here picks the extractor from the bytes (``pipeline.core.formats.sniff``), never
from the name alone: a PDF named ``.docx`` is read as a PDF and the mismatch is recorded as a
warning. ``.doc`` / ``.odt`` go through LibreOffice (``extractors.office``).
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.core.formats import format_from_name, sniff
from pipeline.core.model import ExtractedDocument, SourceFormat

Extractor = Callable[[bytes, str], ExtractedDocument]


def extractor_for(fmt: SourceFormat) -> Extractor:
    """The ``extract`` function of a format (imported lazily: web pages should not pay for pdfium)."""
    if fmt in (SourceFormat.PDF, SourceFormat.PDF_SCAN):
        from extractors.pdf import extract
    elif fmt is SourceFormat.DOCX:
        from extractors.docx import extract
    elif fmt in (SourceFormat.DOC, SourceFormat.ODT):
        from extractors.office import extract
    else:
        from extractors.html import extract
    return extract


# What the extractors import where they work, for ``preload``.
_LIBRARIES = (
    "extractors.pdf", "extractors.docx", "extractors.html", "extractors.office",
    "pypdfium2", "pypdfium2.raw", "pdfplumber", "pdfplumber.table", "pdfminer.pdfdocument", "numpy",
)


def preload() -> None:
    """Import every extractor and the libraries they load lazily, once: a process that forks one child per
    document (``flows.workers``) then gives each child these imports for free instead of paying them per
    document."""
    import importlib

    for module in _LIBRARIES:
        importlib.import_module(module)


def extract(data: bytes, name: str, *, fmt: SourceFormat | None = None) -> ExtractedDocument:
    """Read any supported document into blocks; ``fmt`` skips the sniffing when the caller already did it."""
    fmt = fmt or sniff(data)
    doc = extractor_for(fmt)(data, name)
    claimed = format_from_name(name)
    if claimed is not None and claimed is not fmt:
        note = f"file name says .{claimed.value} but the bytes are {fmt.value}"
        doc = doc.model_copy(update={"warnings": (*doc.warnings, note)})
    return doc


__all__ = ["extract", "extractor_for", "preload"]
