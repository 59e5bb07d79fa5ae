"""The ingest run without its parse: what a run reports, which files need parsing, how a run ends.

No Prefect here (importing it costs seconds): ``ingest_flow`` parses what ``triage`` hands it in
worker processes, and ``unchanged_run`` records a run in which nothing needs parsing without
starting Prefect at all — a weekly run over unchanged files costs the hashing of the files, the
plans step and the deadlines, not a Prefect server, a process pool and a flow (issue 13).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from flows.runtime import code_version
from pipeline.acquire.files import discover, display_name, file_sha256, source_key_of
from pipeline.core.settings import CORRECTIONS_DIR, PARSER_VERSION

if TYPE_CHECKING:
    from normalizers.parse import ParseResult
    from warehouse.loader import LoadOutcome, OutcomeCounts, Warehouse
    from warehouse.plans.checks import CheckResult


@dataclass
class DocumentReport:
    """One line of the run summary."""

    source_file: str
    outcome: str
    cpas_name: str | None = None
    n_os: int = 0
    n_oo: int = 0
    n_actions: int = 0
    error: str | None = None
    document_id: str | None = None
    confidence: float | None = None
    note: str | None = None

    @classmethod
    def of(cls, result: ParseResult, outcome: str | LoadOutcome) -> DocumentReport:
        """The line of a parse result loaded with ``outcome``."""
        from pipeline.core.model import Level

        status, doc_id = (outcome, None) if isinstance(outcome, str) else (outcome.status, outcome.document_id)
        if result.document is not None:
            d = result.document
            return cls(
                d.source_file, status, d.cpas_name, d.count(Level.OS), d.count(Level.OO), d.count(Level.ACTION),
                document_id=doc_id,
            )
        f = result.failure
        assert f is not None
        return cls(f.source_file, status, error=f"{f.error_code}: {f.error}", document_id=doc_id)


@dataclass
class IngestSummary:
    """What a run did, document by document; ``deadlines_refreshed`` is False when the rule files were broken;
    ``checks``: the data tests run after the load; ``correction_problems``: corrections that do nothing or
    cannot be read (``file:line status: detail``)."""

    run_id: str
    db: str
    documents: list[DocumentReport] = field(default_factory=list)
    deadlines_refreshed: bool = True
    checks: list[CheckResult] = field(default_factory=list)
    correction_problems: list[str] = field(default_factory=list)
    stopped: str | None = None  # why the run stopped before its end (a full disk), said to the user

    @property
    def counts(self) -> OutcomeCounts:
        """Documents per outcome."""
        from warehouse.loader import OutcomeCounts

        return OutcomeCounts.of(d.outcome for d in self.documents)

    @property
    def failing_checks(self) -> list[CheckResult]:
        """Data tests that fail (severity error) or warn."""
        return [c for c in self.checks if not c.passed]


def _hash_or_none(path: Path) -> str | None:
    try:
        return file_sha256(path)
    except OSError:  # unreadable: the parse records why
        return None


def hashed(paths: list[str]) -> list[tuple[Path, str | None]]:
    """Every document file under ``paths`` with its content hash (None when unreadable); each file hashed once."""
    return [(f, _hash_or_none(f)) for f in discover(paths)]


def triage(wh: Warehouse, files: list[tuple[Path, str | None]]) -> tuple[list[DocumentReport], list[tuple[str,
                                                                                                         str | None]]]:
    """(the ``unchanged`` lines, the (path, hash) to parse). A failure caused by the machine (OCR or LibreOffice
    missing...) is tried again on every run."""
    unchanged: list[DocumentReport] = []
    todo: list[tuple[str, str | None]] = []
    held = wh.held_sources()
    for f, sha in files:
        now = held.get(source_key_of(f))
        if sha is not None and now is not None and now.loaded_as(sha, PARSER_VERSION) and not now.failed_by_environment:
            failed = f"still failed: {now.error_code}" if now.parse_status == "failed" else None
            unchanged.append(
                DocumentReport(display_name(f), "unchanged", *now.counts, error=failed, document_id=now.document_id)
            )
        else:
            todo.append((str(f), sha))
    return unchanged, todo


def finish_run(wh: Warehouse, summary: IngestSummary, corrections: str | None) -> None:
    """End the run: its counts recorded, the after-load step, each line given its parse confidence and note."""
    from warehouse.after_load import refresh_after_load
    from warehouse.plans.refresh import documents_summary

    wh.end_run(summary.run_id, summary.counts)
    after = refresh_after_load(
        wh.con, changed=summary.counts.changed > 0, corrections_dir=corrections or CORRECTIONS_DIR,
        run_id=summary.run_id,
    )
    wh.pending_links_done()  # the plans step relinked every plan
    summary.deadlines_refreshed = after.deadlines is not None
    if after.plans is not None:
        summary.checks = list(after.plans.checks)
        summary.correction_problems = after.plans.correction_problems
    known = documents_summary(wh.con, [d.document_id for d in summary.documents if d.document_id])
    for d in summary.documents:
        found = known.get(d.document_id or "")
        if found is not None:
            d.confidence = found.confidence
            if d.outcome == "duplicate":
                d.note = f"same bytes as {found.source_file}: one document, one more location"
            elif d.outcome == "no_plan_found":
                d.note = found.error


@contextmanager
def analysis_warming_up() -> Iterator[None]:
    """A run with work to do: the French pipeline starts loading now, in its language process, when that saves
    time (``language_process.useful``); inside a block that started one (``pst ingest`` does, before Prefect is
    imported), that one. The analysis at the end of the run uses it."""
    from warehouse.analysis.language_process import language_process, useful

    with language_process() if useful() else nullcontext():
        yield


def unchanged_run(paths: list[str], db: str, corrections: str | None = None) -> IngestSummary | None:
    """The run, recorded, when every file under ``paths`` is already loaded as it is and the derived tables
    are up to date; None when something needs parsing or rebuilding (then the flow runs)."""
    from warehouse.after_load import derived_stale
    from warehouse.loader import Warehouse, connect

    if not Path(db).exists():
        return None
    files = hashed(paths)
    with connect(db, read_only=True) as con:  # a look first: the writer's copy is made only when it is worth it
        if derived_stale(con):
            return None
    with Warehouse(db) as wh:
        unchanged, todo = triage(wh, files)
        if todo:
            return None
        summary = IngestSummary(run_id=wh.start_run(code_version(), PARSER_VERSION), db=db, documents=unchanged)
        finish_run(wh, summary, corrections)
    return summary


__all__ = ["DocumentReport", "IngestSummary", "finish_run", "hashed", "triage", "unchanged_run"]
