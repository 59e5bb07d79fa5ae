"""Prefect flow ``ingest-pst``: parse documents in worker processes, load them with one writer.

The flow holds no parsing logic: ``parse_source`` wraps ``normalizers.parse.parse_file`` (cached
on the file's content hash + parser version) and the flow body feeds results to the single
``Warehouse`` writer as they complete, so a crash loses at most the documents in flight.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext
from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from normalizers.parse import ParseResult, discover, file_sha256, parse_file, source_key_of
from pipeline.core.settings import PARSER_VERSION
from warehouse.loader import Warehouse

WORKERS = max(1, min(4, os.cpu_count() or 1))
SUBMIT_WINDOW = 8 * WORKERS


def code_version() -> str:
    """Package version plus the git commit when run from a checkout (recorded with every run)."""
    import subprocess
    from importlib.metadata import PackageNotFoundError, version

    try:
        base = version("cpas-pst-warehouse")
    except PackageNotFoundError:
        base = PARSER_VERSION
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return os.environ.get("PST_CODE_VERSION") or (f"{base}+{commit}" if commit else base)


@contextmanager
def local_prefect_api() -> Iterator[str | None]:
    """Share one temporary Prefect API between the flow and its worker processes.

    Without a configured server every worker process would start a temporary server of its
    own (slow, and they contend for one SQLite file); start one here and let the workers
    inherit its URL. With PREFECT_API_URL set (a real server, or the tests' harness) nothing
    is started.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield PREFECT_API_URL.value()
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    previous = os.environ.get("PREFECT_API_URL")
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield server.api_url
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
        server.stop()


def content_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """Cache key of a parse: the bytes' hash, the parser version and where the file lives."""
    path = Path(parameters["path"])
    return f"parse-{PARSER_VERSION}-{file_sha256(path)}-{source_key_of(path)}"


def _spool(path: str, spool: str) -> str:
    # The parsed document travels through a file, not through Prefect: the flow's run state
    # keeps every task result it sees, and 253 parsed plans held there cost gigabytes.
    result = parse_file(path)
    key = hashlib.sha256(source_key_of(Path(path)).encode()).hexdigest()[:24]
    out = Path(spool) / f"{key}-{uuid.uuid4().hex[:8]}.json"
    tmp = out.with_suffix(".tmp")
    tmp.write_text(result.model_dump_json(), encoding="utf-8")
    tmp.replace(out)
    return str(out)


@task(name="parse-source", cache_key_fn=content_cache_key, persist_result=True, retries=0, log_prints=False)
def parse_source(path: str, spool: str) -> str:
    """Parse one document file; returns the path of its spooled ParseResult (JSON)."""
    return _spool(path, spool)


@task(name="parse-source-uncached", cache_policy=NO_CACHE, persist_result=False)
def parse_source_uncached(path: str, spool: str) -> str:
    """Same as parse_source, without result persistence (for throwaway runs)."""
    return _spool(path, spool)


def read_spooled(spooled: str, path: str) -> ParseResult:
    """The ParseResult a task spooled, removed once read; a stale cache entry is parsed again here."""
    file = Path(spooled)
    try:
        result = ParseResult.model_validate_json(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return parse_file(path)
    file.unlink(missing_ok=True)
    return result


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


@dataclass
class IngestSummary:
    """What a run did, for the CLI's summary table."""

    run_id: str
    db: str
    documents: list[DocumentReport] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        """Documents with one outcome (loaded, new_version, reparsed, unchanged, failed)."""
        return sum(1 for d in self.documents if d.outcome == outcome)


def _report(result: ParseResult, outcome: str) -> DocumentReport:
    if result.document is not None:
        d = result.document
        from pipeline.core.model import Level

        return DocumentReport(
            d.source_file, outcome, d.cpas_name, d.count(Level.OS), d.count(Level.OO), d.count(Level.ACTION)
        )
    f = result.failure
    assert f is not None
    return DocumentReport(f.source_file, outcome, error=f"{f.error_code}: {f.error}")


def load_result(wh: Warehouse, result: ParseResult, run_id: str) -> DocumentReport:
    """Write one parse result into the warehouse (one transaction) and describe what happened."""
    if result.document is not None:
        out = wh.load(
            result.document, result.source_key, run_id=run_id, byte_size=result.byte_size, parse_seconds=result.seconds
        )
        return _report(result, out.status)
    f = result.failure
    assert f is not None
    wh.record_failure(
        source_key=result.source_key,
        source_file=f.source_file,
        sha256=f.sha256,
        fmt=f.format,
        error_code=f.error_code,
        error=f.error,
        parser_version=PARSER_VERSION,
        run_id=run_id,
        byte_size=f.byte_size,
    )
    return _report(result, "failed")


@flow(
    name="ingest-pst",
    task_runner=ProcessPoolTaskRunner(max_workers=WORKERS),
    validate_parameters=True,
    log_prints=False,
)
def ingest_flow(
    paths: list[str], db: str = "data/pst.duckdb", show_progress: bool = True, use_cache: bool = True
) -> IngestSummary:
    """Ingest every document under ``paths`` into the warehouse ``db``; unchanged files are skipped."""
    files = discover(paths)
    console = Console(stderr=True)
    with Warehouse(db) as wh:
        run_id = wh.start_run(code_version(), PARSER_VERSION)
        summary = IngestSummary(run_id=run_id, db=db)
        todo: list[Path] = []
        for f in files:
            key = source_key_of(f)
            try:
                sha = file_sha256(f)
            except OSError:
                todo.append(f)
                continue
            if wh.known(key, sha, PARSER_VERSION):
                summary.documents.append(DocumentReport(f.name, "unchanged", *_known_counts(wh, key)))
            else:
                todo.append(f)
        progress = Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=console,
            disable=not show_progress,
            transient=False,
        )
        with progress:
            bar = progress.add_task("", total=len(files), completed=len(files) - len(todo))
            runner = parse_source if use_cache else parse_source_uncached
            spool = Path(db).resolve().parent / ".parse-spool"
            spool.mkdir(parents=True, exist_ok=True)
            # Submit in windows so that only a few parsed documents are held in memory at once.
            for start in range(0, len(todo), SUBMIT_WINDOW):
                window = {runner.submit(str(f), str(spool)): str(f) for f in todo[start : start + SUBMIT_WINDOW]}
                futures = list(window)
                for fut in _as_completed(futures):
                    report = load_result(wh, read_spooled(fut.result(), window[fut]), run_id)
                    summary.documents.append(report)
                    progress.update(bar, advance=1, description=report.source_file)
                del futures, window
            with contextlib.suppress(OSError):
                spool.rmdir()  # empty once every spooled result was read
        counts: dict[str, int] = {}
        for d in summary.documents:
            counts[d.outcome] = counts.get(d.outcome, 0) + 1
        wh.end_run(run_id, counts)
        # Imported here, not at the top: worker processes import this module to run parse tasks
        # and should not pay for spaCy, pandas and scipy.
        from warehouse.analysis.derived import ensure_analysis
        from warehouse.analysis.search import ensure_search_index
        from warehouse.compliance.evidence import refresh_after_ingest

        if counts.get("loaded", 0) + counts.get("new_version", 0) + counts.get("reparsed", 0):
            # The full-text index and the themes are not updated by inserts: rebuild them after a load.
            ensure_search_index(wh.con)
            ensure_analysis(wh.con)
        if refresh_after_ingest(wh.con) is None:
            console.print("[yellow]warning:[/] article 27ter deadlines were not recomputed (see the log)")
    return summary


def _as_completed(futures: list) -> Any:
    from prefect.futures import as_completed

    if not futures:
        return iter(())
    return as_completed(futures)


def _known_counts(wh: Warehouse, key: str) -> tuple[str | None, int, int, int]:
    row = wh.con.execute(
        """SELECT cpas_name, coalesce(n_os, 0), coalesce(n_oo, 0), coalesce(n_actions, 0)
           FROM core_documents WHERE source_key = ? AND is_current""",
        [key],
    ).fetchone()
    return tuple(row) if row else (None, 0, 0, 0)  # type: ignore[return-value]


__all__ = ["IngestSummary", "ThreadPoolTaskRunner", "ingest_flow", "load_result", "parse_source"]
