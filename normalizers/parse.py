"""The parse stage end to end: bytes → blocks (extractors) → tree and facts → ``ParsedDocument``.

``parse`` is what a worker runs on one document's bytes: the bytes are hashed once (or the hash
the caller already has is used), the extractor is picked from them, the tree and the facts are
built, and any error becomes a ``ParseFailure`` with a clear message, so that one bad document
never stops a batch. ``parse_file`` reads a local file and parses it.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from extractors import extract
from normalizers.facts.cpas import identify_cpas
from normalizers.facts.document_facts import count_anomalies, declared_counts, detect_kind, detect_legislature
from normalizers.facts.events import extract_events
from normalizers.tree import Explanation, build_tree, explain_tree
from pipeline.acquire.files import MAX_FILE_BYTES, check_size, display_name, file_sha256, read_file, source_key_of
from pipeline.core.errors import DocumentError
from pipeline.core.formats import sniff
from pipeline.core.model import Anomaly, Block, ExtractedDocument, ParsedDocument, SourceFormat
from pipeline.core.settings import PARSER_VERSION

MAX_LINES = 60_000
"""Lines (blocks, and line breaks inside them) a document is read to; beyond, it is cut with a warning.
A 300-page plan holds about 15,000; every later stage is linear, but this bounds what it is fed."""
MAX_BLOCK_CHARS = 100_000
"""Characters kept of one block (a "paragraph" of a megabyte is no plan item)."""


def cap_blocks(doc: ExtractedDocument) -> ExtractedDocument:
    """``doc`` cut to ``MAX_LINES`` lines and blocks of at most ``MAX_BLOCK_CHARS`` characters, saying so."""
    kept: list[Block] = []
    lines = 0
    cut_blocks = 0
    warnings: list[str] = []
    for i, block in enumerate(doc.blocks):
        text = block.text
        if len(text) > MAX_BLOCK_CHARS:
            text = text[:MAX_BLOCK_CHARS]
            cut_blocks += 1
        n = 1 + text.count("\n")
        if lines + n > MAX_LINES:
            room = MAX_LINES - lines
            if room > 0:
                kept.append(block.model_copy(update={"text": "\n".join(text.split("\n")[:room])}))
            warnings.append(
                f"document cut at {MAX_LINES} lines (block {i + 1} of {len(doc.blocks)}): the rest was not read"
            )
            break
        lines += n
        kept.append(block if text is block.text else block.model_copy(update={"text": text}))
    if cut_blocks:
        warnings.append(f"{cut_blocks} block(s) longer than {MAX_BLOCK_CHARS} characters cut")
    if not warnings:
        return doc
    return doc.model_copy(update={"blocks": tuple(kept), "warnings": (*doc.warnings, *warnings)})


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
    """The outcome of parsing one document: a document or a failure, and how long it took."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source_key: str
    document: ParsedDocument | None = None
    failure: ParseFailure | None = None
    byte_size: int | None = None
    seconds: float = 0.0


def parse_document(doc: ExtractedDocument, sha256: str) -> ParsedDocument:
    """Build the plan tree and the document facts of one extracted document."""
    items, anomalies = build_tree(doc.blocks)
    text = "\n".join(b.text if not b.cells else " | ".join(b.cells) for b in doc.blocks)
    head = "\n".join(b.text for b in doc.blocks[:15] if not b.in_toc)
    # The running header, the Word header part or the page <title> often is the only place
    # that names the publishing CPAS: read with the body, never as items.
    cpas = identify_cpas("\n".join((*doc.furniture, text)), source_name=doc.source_file)
    declared = declared_counts(text)
    anomalies += count_anomalies(items, declared)
    if not items:
        anomalies.append(Anomaly(kind="no_plan_items", detail="no objective or action was recognized"))
    return ParsedDocument(
        source_file=doc.source_file,
        sha256=sha256,
        format=doc.format,
        parser_version=PARSER_VERSION,
        cpas_name=cpas.name if cpas else None,
        nis_code=cpas.nis_code if cpas else None,
        # The body's span first: a page's furniture may be a site's, the header of a plan the body names.
        legislature=detect_legislature(text) or detect_legislature("\n".join(doc.furniture)),
        doc_kind=detect_kind(doc, head, bool(items)),
        page_count=doc.page_count,
        items=tuple(items),
        anomalies=tuple(anomalies),
        events=tuple(extract_events(doc.blocks)),
        declared=declared,
        warnings=doc.warnings,
    )


def _failure(exc: BaseException) -> tuple[str, str]:
    """(error_code, message) of an exception raised while parsing one document."""
    if isinstance(exc, DocumentError):
        return exc.code, exc.message
    if isinstance(exc, MemoryError):
        return "too_large", "the document needs more memory than allowed"
    if isinstance(exc, OSError):
        return "io_error", f"cannot read the file: {exc.strerror or exc}"
    # A parser bug must not stop the batch; the message says where.
    return "parser_error", f"{type(exc).__name__}: {exc}"[:500]


def _failed(
    key: str, name: str, sha: str | None, fmt: SourceFormat | None, size: int | None, exc: BaseException, started: float
) -> ParseResult:
    code, message = _failure(exc)
    fmt_value = fmt.value if fmt else None
    failure = ParseFailure(
        source_file=name, sha256=sha, format=fmt_value, error_code=code, error=message, byte_size=size
    )
    return ParseResult(source_key=key, failure=failure, byte_size=size, seconds=time.perf_counter() - started)


def parse(
    data: bytes,
    name: str,
    *,
    source_key: str | None = None,
    sha256: str | None = None,
    fmt: SourceFormat | None = None,
) -> ParseResult:
    """Parse one document's bytes; any error becomes a ``ParseFailure`` instead of an exception.

    ``name`` is the document's file name or URL (its ``source_file``); ``source_key`` its identity
    across versions (default: ``name``). ``sha256`` and ``fmt``, when the caller already computed
    them (the fetcher, the ingest flow), are not computed again.
    """
    started = time.perf_counter()
    key = source_key or name
    sha = sha256 or hashlib.sha256(data).hexdigest()
    try:
        check_size(len(data))
        fmt = fmt or sniff(data)
        doc = parse_document(cap_blocks(extract(data, name, fmt=fmt)), sha)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded, see _failure
        return _failed(key, name, sha, fmt, len(data), exc, started)
    return ParseResult(source_key=key, document=doc, byte_size=len(data), seconds=time.perf_counter() - started)


def parse_file(path: str | Path, *, sha256: str | None = None) -> ParseResult:
    """Read a local file and parse it, keyed by its resolved path and named by its file name."""
    path = Path(path)
    started = time.perf_counter()
    key = source_key_of(path)
    sha = size = None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            sha = sha256 or file_sha256(path)
        data = read_file(path)
    except (DocumentError, OSError) as exc:
        return _failed(key, display_name(path), sha, None, size, exc, started)
    return parse(data, display_name(path), source_key=key, sha256=sha256)


def explain_file(path: str | Path) -> tuple[ExtractedDocument, list[Explanation]]:
    """The blocks of one file as extracted and what each became in the tree (``pst tree --explain``).

    Errors are raised, not recorded: this is a diagnosis tool for one document.
    """
    path = Path(path)
    data = read_file(path)
    doc = extract(data, display_name(path), fmt=sniff(data))
    _, _, explained = explain_tree(doc.blocks)
    return doc, explained


__all__ = ["ParseFailure", "ParseResult", "cap_blocks", "explain_file", "parse", "parse_document", "parse_file"]
