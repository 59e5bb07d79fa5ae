"""Legacy .doc/.odt: converted with LibreOffice headless, then read by the Word extractor; fetched bytes parse alike."""

from __future__ import annotations

import subprocess

import pytest

from extractors import office
from extractors.office import ConversionError, convert_to_docx
from normalizers.parse import parse
from pipeline.core.model import SourceFormat
from tests.fixtures.sites import DOCX, PDF

needs_soffice = pytest.mark.skipif(office.soffice_path() is None, reason="LibreOffice (soffice) is not installed")


def test_parse_keys_the_result_by_url():
    url = "https://www.meix-devant-virton.be/files/meix-devant-virton_pst.pdf/@@download/file"
    result = parse(PDF, url)
    assert result.source_key == url and result.document is not None
    assert result.document.source_file == url and result.document.nis_code == "85024"
    assert result.document.warnings == ()  # the URL's .pdf segment agrees with the bytes
    failure = parse(b"", url).failure
    assert failure is not None and failure.source_file == url and failure.error_code == "empty"


def _odt(tmp_path) -> bytes:
    src = tmp_path / "in.docx"
    src.write_bytes(DOCX)
    subprocess.run(
        [
            office.soffice_path(),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "odt",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp_path / "in.odt").read_bytes()


@needs_soffice
def test_odt_is_converted_and_parsed(tmp_path):
    odt = _odt(tmp_path)
    for name in ("https://x.be/meix-devant-virton_pst.odt", "meix-devant-virton_pst.odt"):
        result = parse(odt, name)
        assert result.failure is None and result.document is not None
        assert len(result.document.items) > 20
        assert any("converted from .odt" in w for w in result.document.warnings)


@needs_soffice
def test_conversion_failure_is_a_document_error():
    with pytest.raises(ConversionError, match="could not convert bad.odt"):
        convert_to_docx(b"PK\x03\x04 truncated", "bad.odt", SourceFormat.ODT)
    with pytest.raises(ConversionError, match="could not convert bad.odt"):
        office.extract(b"PK\x03\x04 truncated", "bad.odt")


def test_missing_libreoffice_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(office, "soffice_path", lambda: None)
    with pytest.raises(ConversionError, match="libreoffice-writer-nogui"):
        convert_to_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "x.doc", SourceFormat.DOC)
    result = parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "plan.doc")
    # The machine's fault, not the document's: a code of its own, tried again on the next run (issue 14).
    assert result.failure is not None and result.failure.error_code == "converter_unavailable"
    assert result.failure.format == "doc" and "LibreOffice is not installed" in result.failure.error
