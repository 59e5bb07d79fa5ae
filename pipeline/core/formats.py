"""The one format sniffer: bytes → ``SourceFormat``, whatever the file name or Content-Type say.

``sniff`` decides from the first bytes (and the zip directory for Word / OpenDocument) and
raises ``EmptyDocument`` / ``UnsupportedFormat`` with a message for analysts; ``sniff_label``
is the same decision as a plain label for logs and the fetch state (``unknown``, ``empty``).
``format_from_name`` and ``format_from_content_type`` say what a name or a server *claims*.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from pipeline.core.errors import DocumentError, EmptyDocument, UnsupportedFormat
from pipeline.core.model import SourceFormat

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCUMENT_FORMATS = (SourceFormat.PDF, SourceFormat.DOCX, SourceFormat.DOC, SourceFormat.ODT)
LEGACY_FORMATS = (SourceFormat.DOC, SourceFormat.ODT)

_EXTENSIONS = {
    "pdf": SourceFormat.PDF,
    "docx": SourceFormat.DOCX,
    "doc": SourceFormat.DOC,
    "odt": SourceFormat.ODT,
    "html": SourceFormat.HTML,
    "htm": SourceFormat.HTML,
    "xhtml": SourceFormat.HTML,
}
_CONTENT_TYPES = {
    "application/pdf": SourceFormat.PDF,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": SourceFormat.DOCX,
    "application/vnd.oasis.opendocument.text": SourceFormat.ODT,
    "application/msword": SourceFormat.DOC,
    "text/html": SourceFormat.HTML,
    "application/xhtml+xml": SourceFormat.HTML,
}


def _zip_format(data: bytes) -> SourceFormat:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnsupportedFormat(f"a damaged zip archive, not a readable Word file ({exc})") from exc
    if "word/document.xml" in names:
        return SourceFormat.DOCX
    if b"opendocument.text" in mimetype or ("content.xml" in names and not mimetype):
        return SourceFormat.ODT
    if "content.xml" in names:
        raise UnsupportedFormat("an OpenDocument file that is not a text document (.odt)")
    raise UnsupportedFormat("a zip archive that is not a Word .docx document")


def sniff(data: bytes) -> SourceFormat:
    """The format of a document from its bytes: PDF, DOCX, DOC, ODT or HTML.

    Raises ``EmptyDocument`` for no bytes and ``UnsupportedFormat`` for anything else.
    """
    head = data[:4096]
    if not head:
        raise EmptyDocument("the file is empty (0 bytes)")
    if head[:1024].find(b"%PDF-") != -1:
        return SourceFormat.PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    if head.startswith(OLE_MAGIC):
        return SourceFormat.DOC
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered or b"<body" in lowered:
        return SourceFormat.HTML
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20:
        raise UnsupportedFormat("binary data that is neither PDF, Word (.docx, .doc, .odt) nor HTML")
    if lowered.startswith(b"<") and (b"<p" in lowered or b"<div" in lowered or b"<h1" in lowered):
        return SourceFormat.HTML
    raise UnsupportedFormat("plain text or an unknown format, not PDF, Word (.docx, .doc, .odt) or HTML")


def sniff_label(data: bytes) -> str:
    """``sniff`` as a label that never raises: a format's value, ``empty`` or ``unknown``."""
    if not data:
        return "empty"
    try:
        return sniff(data).value
    except DocumentError:
        return "unknown"


def known_format(label: str | None) -> SourceFormat | None:
    """The format a stored label names (``"pdf"`` → PDF), None for ``unknown``, ``empty`` or None."""
    try:
        return SourceFormat(label) if label else None
    except ValueError:
        return None


def format_from_name(name: str, among: Iterable[SourceFormat] = tuple(_EXTENSIONS.values())) -> SourceFormat | None:
    """The format a file name or URL claims by its extension, among ``among``; None when it claims none.

    Plone-like sites serve files as ``…/pst.pdf/@@download/file`` or ``…/pst.pdf/view``: every
    segment of a URL's path counts, the last one first.
    """
    wanted = set(among)
    path = unquote(urlsplit(name).path) if "://" in name else name.replace("\\", "/")
    for segment in reversed([s for s in path.lower().split("/") if s]):
        ext = segment.rsplit(".", 1)[-1] if "." in segment else ""
        fmt = _EXTENSIONS.get(ext)
        if fmt is not None and fmt in wanted:
            return fmt
    return None


def format_from_content_type(content_type: str | None) -> SourceFormat | None:
    """The format a Content-Type header claims, or None."""
    if not content_type:
        return None
    return _CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())


__all__ = [
    "DOCUMENT_FORMATS",
    "LEGACY_FORMATS",
    "format_from_content_type",
    "format_from_name",
    "known_format",
    "sniff",
    "sniff_label",
]
