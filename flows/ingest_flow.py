"""Prefect flow ``ingest-pst``: parse local documents in forked processes, load them with one writer.

The flow holds no parsing logic: ``parse_source`` runs ``normalizers.parse.parse_file`` (cached on
the file's content hash + parser version) in a child process forked for the one document, within its
time and memory budget (``flows.workers``). The tasks themselves run in a pool of threads of the flow's
process: they only wait for their child, and a child forked from a process that has already imported
the parser starts in milliseconds (a pool of spawned worker processes imported Prefect and the parser
again, 7 s of CPU each). The flow body hands results to the single
``Warehouse`` writer as they complete, so a crash loses at most the documents in flight. Each
file is hashed once, by the flow (to skip unchanged files); the hash travels with the task. The
run ends with the shared after-load step and returns an ``IngestSummary`` (data, not drawing):
the CLI prints it, and follows the run with a callback given to ``reporting_progress``. (Not a
flow parameter: Prefect records the flow's parameters, and a progress bar does not serialize.)
The summary carries what the after-load step found: each document's parse confidence, the data
tests that fail, and the corrections that do nothing or cannot be read.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.context import TaskRunContext
from prefect.task_runners import ThreadPoolTaskRunner

from flows.ingest_run import DocumentReport, IngestSummary, analysis_warming_up, finish_run, hashed, triage
from flows.runtime import code_version, final_state, report_run
from flows.workers import parse_file_bounded
from normalizers.parse import ParseFailure, ParseResult
from pipeline.acquire.files import display_name, source_key_of
from pipeline.core.errors import disk_full
from pipeline.core.settings import DEFAULT_DB, PARSER_VERSION
from warehouse.loader import Warehouse

WORKERS = max(1, min(4, os.cpu_count() or 1))
SUBMIT_WINDOW = 8 * WORKERS

ProgressCallback = Callable[[int, int, str], None]
"""Called with (documents done, documents in the run, the document just done)."""

_listeners: list[ProgressCallback] = []


@contextmanager
def reporting_progress(callback: ProgressCallback) -> Iterator[None]:
    """Send the progress of the ingest runs started inside the block (in this process) to ``callback``."""
    _listeners.append(callback)
    try:
        yield
    finally:
        _listeners.remove(callback)


def _progress(done: int, total: int, current: str) -> None:
    for listener in list(_listeners):
        listener(done, total, current)


def content_cache_key(context: TaskRunContext, parameters: dict[str, Any]) -> str:
    """Cache key of a parse: the bytes' hash (computed by the flow), the parser version, where the file lives."""
    return f"parse-{PARSER_VERSION}-{parameters['sha256']}-{source_key_of(Path(parameters['path']))}"


_INLINE = "json:"  # a spooled result given inline rather than as a file path


def parse_cache_dir() -> Path:
    """Where cached parses are kept: ``PREFECT_HOME/pst-parse-cache``, beside the cache records that point there."""
    from prefect.settings import PREFECT_HOME

    return Path(PREFECT_HOME.value()).expanduser() / "pst-parse-cache"


def _spool(path: str, sha256: str | None, spool: str, name: str | None = None) -> str:
    # The parsed document travels through a file, not through Prefect: the flow's run state
    # keeps every task result it sees, and 253 parsed plans held there cost gigabytes.
    # The parse runs in a child process within the time and memory budget (flows.workers).
    result, _peak = parse_file_bounded(path, sha256)
    key = hashlib.sha256(source_key_of(Path(path)).encode()).hexdigest()[:24]
    Path(spool).mkdir(parents=True, exist_ok=True)
    out = Path(spool) / (name or f"{key}-{uuid.uuid4().hex[:8]}.json")
    tmp = out.with_suffix(".tmp")
    payload = result.model_dump_json()
    try:
        tmp.write_text(payload, encoding="utf-8")
        tmp.replace(out)
    except OSError:  # the spool's disk is full: this result travels through Prefect instead
        tmp.unlink(missing_ok=True)
        return _INLINE + payload
    return str(out)


@task(name="parse-source", cache_key_fn=content_cache_key, persist_result=True, retries=0, log_prints=False)
def parse_source(path: str, sha256: str | None, spool: str) -> str:
    """Parse one document file; returns the path of its ParseResult (JSON) in the parse cache folder, kept
    there (not in the run's spool) so that a cache hit — a later run, another warehouse — finds it."""
    name = hashlib.sha256(f"{PARSER_VERSION}:{sha256}:{source_key_of(Path(path))}".encode()).hexdigest()[:32]
    return _spool(path, sha256, str(parse_cache_dir()), f"{name}.json")


@task(name="parse-source-uncached", cache_policy=NO_CACHE, persist_result=False)
def parse_source_uncached(path: str, sha256: str | None, spool: str) -> str:
    """Same as parse_source, without result persistence (for throwaway runs)."""
    return _spool(path, sha256, spool)


def read_spooled(spooled: str, path: str, sha256: str | None) -> ParseResult:
    """The ParseResult a task spooled, removed once read; a stale cache entry is parsed again here (within
    the budget, as in a worker)."""
    if spooled.startswith(_INLINE):
        return ParseResult.model_validate_json(spooled[len(_INLINE) :])
    file = Path(spooled)
    try:
        result = ParseResult.model_validate_json(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # a parse cache folder cleared by hand
        return parse_file_bounded(path, sha256)[0]
    if file.parent != parse_cache_dir():  # the run's spool; a cached parse stays for the next hit
        file.unlink(missing_ok=True)
    return result


def _as_completed(futures: list) -> Any:
    from prefect.futures import as_completed

    return as_completed(futures) if futures else iter(())


def _task_failure(path: str, sha256: str | None, exc: BaseException) -> ParseResult:
    """The recorded failure of a document whose parse task did not return (the spool failed, a Prefect error).
    A parse that crashes or is killed is not one: its child's end is the recorded ``worker_died``."""
    failure = ParseFailure(
        source_file=display_name(path), sha256=sha256, format=None, error_code="task_failed",
        error=f"{type(exc).__name__}: {exc}"[:500],
    )
    return ParseResult(source_key=source_key_of(Path(path)), failure=failure)


Window = dict[Any, tuple[str, str | None]]
"""Submitted parse tasks: each future with its (path, hash)."""


def _submitted(runner: Any, batch: list[tuple[str, str | None]], spool: str) -> Window:
    """A window of documents handed to the task runner (its threads start on them in this order)."""
    return {runner.submit(path, sha, spool): (path, sha) for path, sha in batch}


def _completed(window: Window) -> Iterator[ParseResult]:
    """Parse results of a window as they complete; one document never stops the batch."""
    for fut in _as_completed(list(window)):
        path, sha = window[fut]
        try:
            spooled = fut.result()
        except Exception as exc:  # noqa: BLE001 - recorded, see _task_failure
            yield _task_failure(path, sha, exc)
            continue
        yield read_spooled(spooled, path, sha)


def _parsed(runner: Any, todo: list[tuple[str, str | None]], spool: str) -> Iterator[ParseResult]:
    """Parse results of every document to parse, the largest files first (a small one is the last to finish,
    not a large one with one core idle beside it). Submitted in windows, so that only a few results are held
    at once, the next window already submitted while this one's results are read: the workers never wait
    for the end of a window."""
    order = sorted(todo, key=lambda doc: _size(doc[0]), reverse=True)
    windows = [order[start : start + SUBMIT_WINDOW] for start in range(0, len(order), SUBMIT_WINDOW)]
    ahead = _submitted(runner, windows[0], spool) if windows else {}
    for k in range(len(windows)):
        current, ahead = ahead, _submitted(runner, windows[k + 1], spool) if k + 1 < len(windows) else {}
        yield from _completed(current)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


@flow(
    name="ingest-pst",
    task_runner=ThreadPoolTaskRunner(max_workers=WORKERS),
    validate_parameters=True,
    log_prints=False,
)
def ingest_flow(
    paths: list[str], db: str = DEFAULT_DB, use_cache: bool = True, corrections: str | None = None
) -> IngestSummary:
    """Ingest every document under ``paths`` into the warehouse ``db``; unchanged files are skipped.

    ``corrections``: folder of correction files (default ``data/corrections``), applied after the load.
    A full disk stops the run with ``summary.stopped`` saying so (what was loaded stays), not a traceback."""
    summary = IngestSummary(run_id="", db=db)
    try:
        _ingest(summary, paths, db, use_cache, corrections)
    except Exception as exc:
        summary.stopped = disk_full(exc)
        if summary.stopped is None:
            raise
    counts = summary.counts
    headline = (
        f"{counts.total} document(s) → {db}: {counts.changed} loaded, {counts.duplicate} duplicate(s), "
        f"{counts.unchanged} unchanged, {counts.failed} failed"
        + (f"; stopped: {summary.stopped}" if summary.stopped else "")
    )
    failures = [f"{d.source_file}: {d.error}" for d in summary.documents if d.outcome == "failed"]
    report_run("ingest-summary", [_artifact_row(d) for d in summary.documents], headline, failures)
    return final_state(summary, counts.failed, counts.total)


def _artifact_row(d: DocumentReport) -> dict[str, Any]:
    """One document's line in the run's table artifact."""
    return {
        "document": d.source_file, "outcome": d.outcome, "CPAS": d.cpas_name or "", "OS": d.n_os, "OO": d.n_oo,
        "actions": d.n_actions, "confidence": "" if d.confidence is None else round(d.confidence, 2),
        "error / note": d.error or d.note or "",
    }


def _prepare_analysis(result: ParseResult) -> None:
    """The loaded document's texts to the language process, if one runs: it lemmatizes them while the next
    documents are parsed, instead of after the last one (the themes and similar actions of the after-load
    step read them)."""
    from warehouse.analysis.language_process import prepare
    from warehouse.analysis.themes import item_text

    if result.document is not None:
        prepare([item_text(item.title, item.description) for item in result.document.items])


def _ingest(summary: IngestSummary, paths: list[str], db: str, use_cache: bool, corrections: str | None) -> None:
    files = hashed(paths)
    with Warehouse(db, defer_links=True) as wh:
        run_id = wh.start_run(code_version(), PARSER_VERSION)
        summary.run_id = run_id
        unchanged, todo = triage(wh, files)
        summary.documents.extend(unchanged)
        _progress(len(summary.documents), len(files), "")
        runner = parse_source if use_cache else parse_source_uncached
        # A spool folder of this run's own: two warehouses in one folder never share one.
        folder = Path(db).resolve().parent
        folder.mkdir(parents=True, exist_ok=True)
        spool = tempfile.mkdtemp(prefix=f".{Path(db).name}.parse-spool-", dir=folder)
        # Documents to load mean an analysis to bring up to date: the French pipeline it needs loads in a
        # process of its own while the documents are parsed, not after (the one `pst ingest` started, if any).
        with analysis_warming_up() if todo else nullcontext():
            try:
                for result in _parsed(runner, todo, spool):
                    report = DocumentReport.of(result, wh.store(result, run_id=run_id))
                    _prepare_analysis(result)
                    summary.documents.append(report)
                    _progress(len(summary.documents), len(files), report.source_file)
            finally:
                shutil.rmtree(spool, ignore_errors=True)
            # The after-load step imports pandas and scipy where it works (finish_run): the parse children are
            # forked before, and do not carry them.
            finish_run(wh, summary, corrections)


__all__ = ["DocumentReport", "IngestSummary", "ProgressCallback", "ingest_flow", "parse_source", "reporting_progress"]
