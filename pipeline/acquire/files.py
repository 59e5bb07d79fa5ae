"""Local files: the documents under the folders given, their identity across versions, their bytes.

File names are bytes on Linux: a zip made on Windows often holds names that are not UTF-8
(``plan-<e9>t<e9>.pdf``), which Python carries as lone surrogates that no JSON, database or hash
accepts. ``source_key_of`` and ``display_name`` turn such a path into text that every later stage
takes: the key lossless (undecodable bytes written as backslash escapes), the name readable (Windows-1252).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pipeline.core.errors import DocumentError

MAX_FILE_BYTES = 300 * 1024 * 1024


def discover(paths: list[str | Path]) -> list[Path]:
    """Files to ingest: the given files, and every file under the given folders (sorted, hidden skipped)."""
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found += sorted(
                f
                for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        elif p.exists():
            found.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    seen: set[Path] = set()
    unique = []
    for f in found:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique


def source_key_of(path: Path) -> str:
    """Identity of a local source across versions: its resolved absolute path (always valid UTF-8)."""
    return os.fsencode(Path(path).resolve()).decode("utf-8", "backslashreplace")


def display_name(path: str | Path) -> str:
    """The file name to show and record: as is when it is UTF-8, else read as Windows-1252 (zips made on
    Windows), bytes that are not even that written as escapes."""
    raw = os.fsencode(Path(path).name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "backslashreplace")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def check_size(size: int) -> None:
    """Raise ``DocumentError`` for a document above ``MAX_FILE_BYTES``."""
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"file too large ({size / 1e6:.0f} MB > {MAX_FILE_BYTES / 1e6:.0f} MB)")


def read_file(path: Path) -> bytes:
    """The bytes of a document file; ``DocumentError`` when it is above ``MAX_FILE_BYTES`` (never read)."""
    check_size(Path(path).stat().st_size)
    return Path(path).read_bytes()


__all__ = ["MAX_FILE_BYTES", "check_size", "discover", "display_name", "file_sha256", "read_file", "source_key_of"]
