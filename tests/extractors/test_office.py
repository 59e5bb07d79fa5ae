"""Legacy .doc/.odt conversion with LibreOffice headless, and parsing of fetched bytes."""

from __future__ import annotations

import pytest

from extractors import office as convert
from extractors.office import ConversionError, convert_to_docx, parse_bytes
from tests.fixtures.sites import DOCX, PDF

needs_soffice = pytest.mark.skipif(convert.soffice_path() is None, reason="LibreOffice (soffice) is not installed")


def test_parse_bytes_keys_the_result_by_url():
    url = "https://www.meix-devant-virton.be/files/meix-devant-virton_pst.pdf/@@download/file"
    result = parse_bytes(PDF, url, url, "pdf")
    assert result.source_key == url and result.document is not None
    assert result.document.source_file == url and result.document.nis_code == "85024"
    failure = parse_bytes(b"", url, url, "unknown").failure
    assert failure is not None and failure.source_file == url and failure.error_code == "empty"


@needs_soffice
def test_odt_is_converted_and_parsed(tmp_path):
    src = tmp_path / "in.docx"
    src.write_bytes(DOCX)
    import subprocess

    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            convert.soffice_path(),
            f"-env:UserInstallation={profile}",
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
    odt = (tmp_path / "in.odt").read_bytes()
    result = parse_bytes(odt, "https://x.be/meix-devant-virton_pst.odt", "pst.odt", "odt")
    assert result.failure is None and result.document is not None
    assert len(result.document.items) > 20
    assert any("converted from .odt" in w for w in result.document.warnings)


@needs_soffice
def test_conversion_failure_is_a_document_error(tmp_path):
    bad = tmp_path / "bad.odt"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ConversionError, match="could not convert bad.odt"):
        convert_to_docx(bad, tmp_path / "out")
    result = parse_bytes(b"PK\x03\x04 truncated", "https://x.be/bad.odt", "bad.odt", "odt")
    assert result.failure is not None and result.failure.error_code == "conversion_failed"


def test_missing_libreoffice_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(convert, "soffice_path", lambda: None)
    with pytest.raises(ConversionError, match="libreoffice-writer-nogui"):
        convert_to_docx(tmp_path / "x.doc", tmp_path)
