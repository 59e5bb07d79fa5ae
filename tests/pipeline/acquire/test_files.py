"""Local files: walking folders, identity, bounded reads."""

from __future__ import annotations

import pytest

from pipeline.acquire import files
from pipeline.core.errors import DocumentError


def test_discover_walks_folders_skips_hidden_and_duplicates(tmp_path):
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>x</p>")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.pdf").write_bytes(b"%PDF-1.4")
    found = files.discover([tmp_path, tmp_path / "a.pdf"])
    assert [f.name for f in found] == ["a.pdf", "b.html"]
    with pytest.raises(FileNotFoundError):
        files.discover([tmp_path / "missing"])


def test_too_large_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4" + b"0" * 2000)
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(type(big), "read_bytes", lambda self: pytest.fail("read"))
    with pytest.raises(DocumentError, match="too large"):
        files.read_file(big)
    assert files.source_key_of(big) == str(big.resolve())
    assert len(files.file_sha256(big)) == 64
