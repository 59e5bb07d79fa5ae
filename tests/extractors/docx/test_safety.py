"""Hostile and broken inputs: zip bombs, XML entity attacks, wrong formats, empty files."""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile
from pathlib import Path

import pytest

from extractors.docx.package import MAX_MEMBER_BYTES
from pipeline.core.errors import (
    CorruptDocument,
    DocumentError,
    EmptyDocument,
    HostileDocument,
    UnsupportedFormat,
)
from tests.extractors.inputs import docx_file as extract

from .builders import (
    CONTENT_TYPES,
    DOC_RELS,
    ROOT_RELS,
    W_NS,
    document_xml,
    para,
    styles_xml,
    write_docx,
)


def _zip_with(path: Path, document: bytes | str, **extra: bytes | str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/_rels/document.xml.rels", DOC_RELS)
        zf.writestr("word/document.xml", document)
        for name, data in extra.items():
            zf.writestr(name.replace("__", "/"), data)
    return path


def _patch_declared_size(path: Path, member: str, size: int) -> None:
    """Rewrite the uncompressed size the central directory declares for one member."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    pos = 0
    while True:
        pos = data.find(b"PK\x01\x02", pos)
        assert pos >= 0, "member not found in the central directory"
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + name_len]) == name:
            struct.pack_into("<I", data, pos + 24, size)
            break
        pos += 4
    path.write_bytes(bytes(data))


def test_zip_bomb_by_compression_ratio(tmp_path: Path) -> None:
    bomb = b"<w:p/>" * (12 * 1024 * 1024 // 6)  # 12 MB of one repeated tag, ratio ≫ 200
    path = _zip_with(tmp_path / "bomb.docx", document_xml(para("x")), **{"word__bomb.xml": bomb})
    with pytest.raises(HostileDocument, match="compression ratio"):
        extract(path)


def test_zip_bomb_by_declared_size(tmp_path: Path) -> None:
    path = _zip_with(tmp_path / "big.docx", document_xml(para("x")))
    _patch_declared_size(path, "word/document.xml", MAX_MEMBER_BYTES + 1)
    with pytest.raises(HostileDocument, match="inflates"):
        extract(path)


def test_lying_header_is_read_bounded(tmp_path: Path) -> None:
    body = para("x" * 1000) * 2000  # ~ 2 MB of XML, declared as 100 bytes
    path = _zip_with(tmp_path / "liar.docx", document_xml(body))
    _patch_declared_size(path, "word/document.xml", 100)
    with pytest.raises((HostileDocument, CorruptDocument)):
        extract(path)


def test_billion_laughs(tmp_path: Path) -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    path = _zip_with(tmp_path / "lol.docx", doc)
    start = time.monotonic()
    with pytest.raises(HostileDocument, match="entit"):
        extract(path)
    assert time.monotonic() - start < 5


def test_xxe_in_styles_part(tmp_path: Path) -> None:
    styles = (
        '<?xml version="1.0"?><!DOCTYPE w:styles [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<w:styles xmlns:w="{W_NS}"><w:style w:styleId="X"><w:name w:val="&xxe;"/></w:style>'
        "</w:styles>"
    )
    path = write_docx(tmp_path / "xxe.docx", para("x"), styles=styles)
    with pytest.raises(HostileDocument):
        extract(path)


def test_utf16_entity_declaration(tmp_path: Path) -> None:
    doc = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY a "b">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>'
    ).encode("utf-16")
    path = _zip_with(tmp_path / "u16.docx", doc)
    with pytest.raises(HostileDocument):
        extract(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument):
        extract(path)


def test_document_without_text(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "blank.docx", para(None) + para(None))
    with pytest.raises(EmptyDocument):
        extract(path)


def test_pdf_bytes_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n")
    with pytest.raises(UnsupportedFormat, match="not a Word .docx file: the bytes are a PDF"):
        extract(path)


def test_legacy_doc_bytes(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(UnsupportedFormat, match="legacy Word .doc"):
        extract(path)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.docx"
    path.write_bytes(os.urandom(4096).replace(b"PK", b"XX"))
    with pytest.raises((UnsupportedFormat, CorruptDocument)) as info:
        extract(path)
    assert "not a Word .docx file" in info.value.message or "zip" in info.value.message


def test_truncated_zip(tmp_path: Path) -> None:
    good = write_docx(tmp_path / "good.docx", para("x"))
    path = tmp_path / "cut.docx"
    path.write_bytes(good.read_bytes()[:300])
    with pytest.raises(CorruptDocument):
        extract(path)


def test_zip_without_word_document(tmp_path: Path) -> None:
    path = tmp_path / "book.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedFormat, match="Excel"):
        extract(path)


def test_odt_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(UnsupportedFormat, match="OpenDocument"):
        extract(path)


def test_malformed_xml(tmp_path: Path) -> None:
    path = _zip_with(tmp_path / "bad.docx", "<w:document><w:body><w:p>")
    with pytest.raises(CorruptDocument, match="not well-formed"):
        extract(path)


def test_style_cycle_and_deep_nesting_do_not_hang(tmp_path: Path) -> None:
    styles = styles_xml().replace(
        "</w:styles>",
        '<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/>'
        "</w:style>"
        '<w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="A"/>'
        "</w:style></w:styles>",
    )
    path = write_docx(tmp_path / "cycle.docx", para("boucle", style="A"), styles=styles)
    assert [b.text for b in extract(path).blocks] == ["boucle"]


def test_all_errors_are_document_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.docx"
    path.write_bytes(io.BytesIO(b"hello world").getvalue())
    with pytest.raises(DocumentError):
        extract(path)
