"""Extractors: one module per source format, one signature ``extract(path) -> ExtractedDocument``.

``sniff_format`` decides the format from the bytes, never from the file name alone: a PDF
named ``.docx`` is read as a PDF (and the mismatch is recorded as a warning).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from pipeline.core.errors import EmptyDocument, UnsupportedFormat
from pipeline.core.model import ExtractedDocument, SourceFormat

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".xhtml"}


def sniff_format(path: Path) -> SourceFormat:
    """The format of a file from its first bytes (and zip directory for Word)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head:
        raise EmptyDocument("the file is empty (0 bytes)")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1024].find(b"%PDF-") != -1:
        return SourceFormat.PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile as exc:
            raise UnsupportedFormat(f"a damaged zip archive, not a readable Word file ({exc})") from exc
        if "word/document.xml" in names:
            return SourceFormat.DOCX
        if "content.xml" in names:
            raise UnsupportedFormat("an OpenDocument file (.odt): convert it to .docx first")
        raise UnsupportedFormat("a zip archive that is not a Word .docx document")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormat("an old Word .doc (OLE) file: convert it to .docx first")
    lowered = stripped[:2048].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered or b"<body" in lowered:
        return SourceFormat.HTML
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20:
        raise UnsupportedFormat("binary data that is neither PDF, Word .docx nor HTML")
    if lowered.startswith(b"<") and (b"<p" in lowered or b"<div" in lowered or b"<h1" in lowered):
        return SourceFormat.HTML
    raise UnsupportedFormat("plain text or an unknown format, not PDF, Word .docx or HTML")


def _extractor(fmt: SourceFormat) -> Callable[[Path], ExtractedDocument]:
    # Imported lazily: a batch of web pages should not pay for pdfplumber's import.
    if fmt is SourceFormat.PDF:
        from extractors.pdf import extract
    elif fmt is SourceFormat.DOCX:
        from extractors.docx import extract
    else:
        from extractors.html import extract
    return extract


def extract(path: Path) -> ExtractedDocument:
    """Read any supported document into blocks, choosing the extractor from the bytes."""
    path = Path(path)
    fmt = sniff_format(path)
    doc = _extractor(fmt)(path)
    expected = {
        ".pdf": SourceFormat.PDF,
        ".docx": SourceFormat.DOCX,
        ".html": SourceFormat.HTML,
        ".htm": SourceFormat.HTML,
    }.get(path.suffix.lower())
    if expected is not None and expected is not fmt:
        note = f"file name says {path.suffix.lower()} but the bytes are {fmt.value}"
        doc = doc.model_copy(update={"warnings": (*doc.warnings, note)})
    return doc
