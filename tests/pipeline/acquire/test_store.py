"""The content-addressed raw store: one blob per content, atomic writes, verified reads."""

from __future__ import annotations

import hashlib
import os

import pytest

from pipeline.acquire.store import RawStore


def test_put_get_and_dedup(tmp_path):
    store = RawStore(tmp_path / "store")
    blob = store.put(b"%PDF-1.7 hello")
    sha = hashlib.sha256(b"%PDF-1.7 hello").hexdigest()
    assert blob.sha256 == sha and not blob.existed and blob.byte_size == 14
    assert blob.path == tmp_path / "store" / sha[:2] / sha
    assert store.get(sha) == b"%PDF-1.7 hello" and store.has(sha)
    assert store.put(b"%PDF-1.7 hello").existed
    assert list(store) == [sha]


def test_no_temporary_file_is_left(tmp_path):
    store = RawStore(tmp_path)
    store.put(b"a")
    store.put(b"b")
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp-")]
    assert leftovers == []


def test_failed_write_leaves_nothing(tmp_path, monkeypatch):
    store = RawStore(tmp_path)

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        store.put(b"data")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_corrupt_blob_is_detected(tmp_path):
    store = RawStore(tmp_path)
    blob = store.put(b"original")
    blob.path.write_bytes(b"tampered")
    with pytest.raises(ValueError, match="corrupt"):
        store.get(blob.sha256)
    blob.path.write_bytes(b"x")  # a truncated blob is rewritten by the next put of the same bytes
    assert not store.put(b"original").existed and store.get(blob.sha256) == b"original"


def test_bad_hash_and_missing_blob(tmp_path):
    store = RawStore(tmp_path)
    with pytest.raises(ValueError):
        store.path_for("../../etc/passwd")
    with pytest.raises(FileNotFoundError):
        store.get("0" * 64)
