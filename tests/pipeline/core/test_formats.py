"""The one format sniffer: bytes decide, names and Content-Types only claim."""

from __future__ import annotations

import io
import zipfile

import pytest

from pipeline.core.errors import EmptyDocument, UnsupportedFormat
from pipeline.core.formats import (
    DOCUMENT_FORMATS,
    format_from_content_type,
    format_from_name,
    known_format,
    sniff,
    sniff_label,
)
from pipeline.core.model import SourceFormat
from tests.fixtures.sites import DOCX, PDF


def _zip(**members: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buf.getvalue()


def test_sniff_reads_the_bytes():
    assert sniff(PDF) is SourceFormat.PDF
    assert sniff(DOCX) is SourceFormat.DOCX
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) is SourceFormat.DOC
    assert sniff(b"\xef\xbb\xbf  <!DOCTYPE html><html><body>x</body></html>") is SourceFormat.HTML
    assert sniff(b"<div><p>fragment</p></div>") is SourceFormat.HTML


def test_odt_mimetype_or_bare_content():
    odt = _zip(mimetype="application/vnd.oasis.opendocument.text", **{"content.xml": "<x/>"})
    bare = _zip(**{"content.xml": "<x/>"})
    sheet = _zip(mimetype="application/vnd.oasis.opendocument.spreadsheet", **{"content.xml": "<x/>"})
    assert sniff(odt) is sniff(bare) is SourceFormat.ODT
    with pytest.raises(UnsupportedFormat, match="not a text document"):
        sniff(sheet)


@pytest.mark.parametrize(
    ("data", "error", "word"),
    [
        (b"", EmptyDocument, "empty"),
        (b"just text", UnsupportedFormat, "plain text"),
        (bytes(range(256)) * 4, UnsupportedFormat, "binary"),
        (_zip(**{"xl/workbook.xml": "<x/>"}), UnsupportedFormat, "zip archive"),
        (b"PK\x03\x04broken", UnsupportedFormat, "damaged zip"),
    ],
)
def test_what_is_not_a_document(data, error, word):
    with pytest.raises(error, match=word):
        sniff(data)


def test_sniff_label_never_raises():
    assert sniff_label(PDF) == "pdf"
    assert sniff_label(b"") == "empty"
    assert sniff_label(b"just text") == "unknown"
    assert known_format("docx") is SourceFormat.DOCX
    assert known_format("unknown") is None and known_format(None) is None


def test_names_and_content_types_claim_a_format():
    assert format_from_name("plan.PDF") is SourceFormat.PDF
    assert format_from_name("https://a.be/x/PST%20final.DOCX?dl=1") is SourceFormat.DOCX
    assert format_from_name("https://a.be/docs/pst.pdf/@@download/file") is SourceFormat.PDF
    assert format_from_name("https://a.be/x/page.html") is SourceFormat.HTML
    assert format_from_name("https://a.be/x/page.html", among=DOCUMENT_FORMATS) is None
    assert format_from_name("README") is None
    assert format_from_content_type("application/pdf; charset=binary") is SourceFormat.PDF
    assert format_from_content_type("application/msword") is SourceFormat.DOC
    assert format_from_content_type(None) is None
