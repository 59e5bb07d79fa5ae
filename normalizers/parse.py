"""Parse one source file end to end (bytes → blocks → tree), never raising on bad input.

``parse_file`` is what a worker process runs: it hashes the bytes, picks the extractor from
them, builds the tree and returns either a ``ParsedDocument`` or a ``ParseFailure`` with a
clear message, so that one bad document never stops a batch.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from extractors import extract, sniff_format
from normalizers.facts.document_facts import parse_document
from pipeline.core.errors import DocumentError
from pipeline.core.model import ParsedDocument

MAX_FILE_BYTES = 300 * 1024 * 1024


class ParseFailure(BaseModel):
    """A document that could not be read, with the reason to show analysts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source_file: str
    sha256: str | None
    format: str | None
    error_code: str
    error: str
    byte_size: int | None = None


class ParseResult(BaseModel):
    """The outcome of parsing one file: a document or a failure, and how long it took."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source_key: str
    document: ParsedDocument | None = None
    failure: ParseFailure | None = None
    byte_size: int | None = None
    seconds: float = 0.0


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def source_key_of(path: Path) -> str:
    """Identity of a local source across versions: its resolved absolute path."""
    return str(Path(path).resolve())


def parse_file(path: str | Path) -> ParseResult:
    """Parse one file; any error becomes a ``ParseFailure`` instead of an exception."""
    path = Path(path)
    started = time.perf_counter()
    key = source_key_of(path)
    sha = size = fmt = None
    try:
        size = path.stat().st_size
        sha = file_sha256(path)
        if size > MAX_FILE_BYTES:
            raise DocumentError(f"file too large ({size / 1e6:.0f} MB > {MAX_FILE_BYTES / 1e6:.0f} MB)")
        fmt = sniff_format(path).value
        doc = parse_document(extract(path), sha).model_copy(update={"source_file": path.name})
        return ParseResult(source_key=key, document=doc, byte_size=size, seconds=time.perf_counter() - started)
    except DocumentError as exc:
        failure = ParseFailure(
            source_file=path.name, sha256=sha, format=fmt, error_code=exc.code, error=exc.message, byte_size=size
        )
    except MemoryError:
        failure = ParseFailure(
            source_file=path.name,
            sha256=sha,
            format=fmt,
            error_code="too_large",
            error="the document needs more memory than allowed",
            byte_size=size,
        )
    except OSError as exc:
        failure = ParseFailure(
            source_file=path.name,
            sha256=sha,
            format=fmt,
            error_code="io_error",
            error=f"cannot read the file: {exc.strerror or exc}",
            byte_size=size,
        )
    except Exception as exc:  # a parser bug must not stop the batch; the message says where
        failure = ParseFailure(
            source_file=path.name,
            sha256=sha,
            format=fmt,
            error_code="parser_error",
            error=f"{type(exc).__name__}: {exc}"[:500],
            byte_size=size,
        )
    return ParseResult(source_key=key, failure=failure, byte_size=size, seconds=time.perf_counter() - started)


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


__all__ = ["ParseFailure", "ParseResult", "discover", "file_sha256", "parse_file", "source_key_of"]
