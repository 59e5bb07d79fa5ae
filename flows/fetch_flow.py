"""Prefect flow ``fetch-and-ingest``: fetch the listed web sources, keep their bytes, load new versions.

The flow body is the single writer (DuckDB warehouse and raw store); tasks only fetch and
parse, and exchange bytes with the flow rather than paths, so they run unchanged in local
threads (each parse forked into a child of its own) or on the machines of a Dask cluster that
share no disk with the flow.

1. Listed sources are fetched, one ``fetch-host`` task at a time per host (the per-host rate limit
   then holds across workers), with conditional requests from the remembered state.
2. Pages are searched for the PST documents they link (allowed hosts only); those are fetched
   in a second wave. A page that did not change reuses the links remembered.
3. New bytes go to the content-addressed store; bytes not yet loaded by this parser version
   (new, or changed parser) are parsed in ``parse-fetched`` tasks (with the hash and format the
   fetcher found) and loaded as they complete. A URL seen before that answers 404/410 is marked
   withdrawn, never deleted. The run ends with the same after-load step as ``pst ingest``.

Bounded whatever the sites publish: a host's URLs are fetched in chunks of ``FETCH_CHUNK`` whose
bytes go to the store as each chunk returns, parse tasks read them back from the store a window
at a time, and the links followed are capped per page and per run (``FetchPolicy``), the page's
report saying how many were skipped. Each parse runs within the time and memory budget of
``flows.workers``; a worker that dies is recorded for its document and the pool rebuilt.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from flows.runtime import code_version, final_state, report_run
from flows.workers import parse_bytes_bounded
from normalizers.facts.cpas import with_listed_cpas
from normalizers.parse import ParseFailure, ParseResult
from pipeline.acquire.discover_links import DiscoveredLink, discover_capped
from pipeline.acquire.http import Fetcher, FetchPolicy, FetchRequest, FetchResult
from pipeline.acquire.sources import SourceList, host_of, load_sources
from pipeline.acquire.store import RawStore
from pipeline.core.errors import disk_full
from pipeline.core.formats import known_format
from pipeline.core.model import SourceFormat
from pipeline.core.settings import DEFAULT_DB, DEFAULT_SOURCES, DEFAULT_STORE, PARSER_VERSION
from warehouse.fetch_state import SourceState, all_states, current_links, mark_unlinked, record_fetch, record_links
from warehouse.loader import OutcomeCounts, Warehouse

DEFAULT_WORKERS = max(1, min(4, os.cpu_count() or 1))
FETCH_CHUNK = 8  # URLs of one host per fetch task: their bytes are held until the task returns
PARSE_WINDOW = 4 * DEFAULT_WORKERS  # downloaded documents read back from the store at once
# Role of a URL in core_fetch_state: listed in data/sources.yaml ("registry", the stored value) or linked by a page.
LISTED, LINKED = "registry", "linked"


@task(name="fetch-host", retries=2, retry_delay_seconds=10, cache_policy=NO_CACHE, persist_result=False)
def fetch_host(
    host: str, requests: list[FetchRequest], allowed_hosts: list[str], policy: FetchPolicy, pause_first: bool = False
) -> list[FetchResult]:
    """Fetch the URLs of one host, one after the other at the polite rate."""
    with Fetcher(allowed_hosts, policy) as fetcher:
        if pause_first:
            # A second wave on the same host: the previous task's limiter is gone, so wait once.
            fetcher.limiter.wait(host)
        return [fetcher.fetch(r) for r in requests]


@task(name="parse-fetched", retries=0, cache_policy=NO_CACHE, persist_result=False)
def parse_fetched(data: bytes, url: str, sha256: str | None, fmt: SourceFormat | None) -> ParseResult:
    """Parse downloaded bytes (legacy .doc/.odt through LibreOffice) into a document or a recorded failure,
    within the time and memory budget (``flows.workers``)."""
    return parse_bytes_bounded(data, url, sha256, fmt)[0]


@dataclass
class SourceReport:
    """What the run did with one URL."""

    url: str
    role: str
    nis_code: str | None
    fetch: str
    http_status: int | None = None
    load: str | None = None
    error: str | None = None
    bytes_downloaded: int = 0
    is_withdrawn: bool = False
    linked_from: str | None = None
    warnings: tuple[str, ...] = ()
    links_skipped: int = 0


@dataclass
class FetchSummary:
    """What a fetch run did, URL by URL, with the figures of the closing line."""

    run_id: str
    db: str
    sources: list[SourceReport] = field(default_factory=list)
    stopped: str | None = None  # why the run stopped before its end (a full disk), said to the user

    def counts(self) -> dict[str, int]:
        """fetched, unchanged, gone, blocked, failed (fetch or parse), withdrawn, parsed, loaded, new_version,
        no_plan_found, duplicate (same bytes as a loaded document), bytes."""
        c: dict[str, int] = defaultdict(int)
        for s in self.sources:
            c[s.fetch] += 1
            if s.load:
                c["parsed"] += 1
                c[s.load] += 1
            if s.is_withdrawn:
                c["withdrawn"] += 1
            c["bytes_downloaded"] += s.bytes_downloaded
            c["links_skipped"] += s.links_skipped
        keys = (
            "fetched",
            "unchanged",
            "gone",
            "blocked",
            "failed",
            "withdrawn",
            "parsed",
            "loaded",
            "new_version",
            "reparsed",
            "no_plan_found",
            "duplicate",
            "bytes_downloaded",
            "links_skipped",
        )
        return {k: c.get(k, 0) for k in keys}

    @property
    def outcomes(self) -> OutcomeCounts:
        """The run's documents per load outcome (unchanged: URLs whose bytes did not change)."""
        c = self.counts()
        return OutcomeCounts(
            c["loaded"], c["new_version"], c["reparsed"], c["unchanged"], c["failed"],
            no_plan_found=c["no_plan_found"], duplicate=c["duplicate"],
        )

    def report(self, url: str) -> SourceReport:
        """The report of one URL (KeyError when the run did not see it)."""
        for s in self.sources:
            if s.url == url:
                return s
        raise KeyError(url)


@dataclass(frozen=True)
class _Job:
    url: str
    nis_code: str | None
    kind: str
    role: str
    linked_from: str | None = None


@dataclass(frozen=True)
class _ToParse:
    report: SourceReport
    sha256: str
    fmt: SourceFormat | None


def _fetch_wave(
    jobs: list[_Job], states: dict, allowed: list[str], policy: FetchPolicy, pause_first: bool
) -> Iterator[tuple[_Job, FetchResult]]:
    """Fetch results as the chunks of each host return (hosts in parallel, a host's chunks one after the other)."""
    by_host: dict[str, list[_Job]] = defaultdict(list)
    for job in jobs:
        by_host[host_of(job.url)].append(job)
    queues = {host: [js[i : i + FETCH_CHUNK] for i in range(0, len(js), FETCH_CHUNK)] for host, js in by_host.items()}

    def submit(host: str, first: bool) -> tuple[str, list[_Job], Any]:
        chunk = queues[host].pop(0)
        requests = [states[j.url].request() if j.url in states else FetchRequest(j.url) for j in chunk]
        return host, chunk, fetch_host.submit(host, requests, allowed, policy, pause_first or not first)

    pending = [submit(host, True) for host in sorted(queues)]
    while pending:
        host, chunk, fut = pending.pop(0)
        try:
            results = fut.result()
        except Exception as exc:  # the task failed after its retries: record every URL as failed
            results = [
                FetchResult(
                    url=j.url, outcome="failed", error_code="task_failed", error=f"{type(exc).__name__}: {exc}"[:500]
                )
                for j in chunk
            ]
        if queues[host]:
            pending.append(submit(host, False))
        yield from zip(chunk, results, strict=True)
        del results


@dataclass
class _FetchRun:
    """The flow's bookkeeping of one run: what was fetched, which links to follow, what to parse."""

    wh: Warehouse
    raw: RawStore
    summary: FetchSummary
    allowed: list[str]
    listed: set[str]
    linked: dict[str, _Job] = field(default_factory=dict)
    to_parse: list[_ToParse] = field(default_factory=list)
    policy: FetchPolicy = field(default_factory=FetchPolicy)

    def record(self, job: _Job, res: FetchResult) -> None:
        """Remember one fetch; store new bytes; queue the links of a page and the bytes to parse."""
        run_id = self.summary.run_id
        state = record_fetch(self.wh, res, nis_code=job.nis_code, kind=job.kind, role=job.role, run_id=run_id)
        rep = SourceReport(
            url=job.url,
            role=job.role,
            nis_code=job.nis_code,
            fetch=res.outcome,
            http_status=res.http_status,
            error=res.error,
            bytes_downloaded=res.bytes_downloaded,
            is_withdrawn=state.is_withdrawn,
            linked_from=job.linked_from,
            warnings=res.warnings,
        )
        self.summary.sources.append(rep)
        is_listed_page = job.role == LISTED and state.sniffed_format == SourceFormat.HTML
        if res.outcome == "gone" and is_listed_page:
            record_links(self.wh, job.url, [])  # the page is gone: what it linked is no longer published
        if res.outcome not in ("fetched", "unchanged") or state.sha256 is None:
            return
        if res.content is not None:
            self.raw.put(res.content)
        if is_listed_page:
            if res.content is not None:
                cap = self.policy.max_links_per_page
                links, skipped = discover_capped(res.content, res.final_url or job.url, self.allowed, cap)
                record_links(self.wh, job.url, links)
                if skipped:
                    rep.links_skipped += skipped
                    rep.warnings = (*rep.warnings, f"{skipped} more linked document(s) not followed: at most {cap} "
                                    "per page")
            else:
                links = current_links(self.wh, job.url)
            self._follow(job, links, rep)
        # A failure caused by the machine (OCR or LibreOffice missing...) is tried again on every run.
        if not self.wh.known(job.url, state.sha256, PARSER_VERSION) or self.wh.failed_by_environment(job.url):
            self._queue_parse(rep, state)

    def _queue_parse(self, rep: SourceReport, state: SourceState) -> None:
        # The bytes are in the store (put above, or by an earlier run): read back when their turn comes.
        self.to_parse.append(_ToParse(rep, state.sha256, known_format(state.sniffed_format)))

    def _follow(self, page: _Job, links: list[DiscoveredLink], page_report: SourceReport) -> None:
        skipped = 0
        for link in links:
            if link.url in self.listed or link.url in self.linked:
                continue
            if link.allowed and len(self.linked) >= self.policy.max_links_per_run:
                skipped += 1
                continue
            if link.allowed:
                self.linked[link.url] = _Job(link.url, page.nis_code, link.format.value, LINKED, page.url)
                continue
            self.summary.sources.append(
                SourceReport(
                    url=link.url,
                    role=LINKED,
                    nis_code=page.nis_code,
                    fetch="blocked",
                    linked_from=page.url,
                    error=f"{host_of(link.url)}: scheme, host or port not in the source list's allow-list: not fetched",
                )
            )
        if skipped:
            page_report.links_skipped += skipped
            page_report.warnings = (
                *page_report.warnings,
                f"{skipped} linked document(s) not followed: at most {self.policy.max_links_per_run} per run",
            )

    def load_parsed(self) -> None:
        """Parse the queued documents in tasks, a window at a time, and load each result as it completes."""
        for start in range(0, len(self.to_parse), PARSE_WINDOW):
            window: dict[Any, _ToParse] = {}
            for p in self.to_parse[start : start + PARSE_WINDOW]:
                data = self._stored(p)
                if data is not None:
                    window[parse_fetched.submit(data, p.report.url, p.sha256, p.fmt)] = p
                del data
            for fut in as_completed(list(window)) if window else ():
                try:
                    result: ParseResult = fut.result()
                except Exception as exc:  # noqa: BLE001 - one document never stops the batch
                    result = _task_failure(window[fut], exc)
                self._load(window[fut].report, result)

    def _stored(self, p: _ToParse) -> bytes | None:
        try:
            return self.raw.get(p.sha256)
        except (OSError, ValueError) as exc:
            p.report.load, p.report.error = "failed", f"bytes not in the store, fetch again: {exc}"
            return None

    def _load(self, rep: SourceReport, result: ParseResult) -> None:
        if result.document is not None:
            result = result.model_copy(update={"document": with_listed_cpas(result.document, rep.nis_code)})
        out = self.wh.store(result, run_id=self.summary.run_id)
        rep.load = out.status
        if result.failure is not None:
            rep.error = f"{result.failure.error_code}: {result.failure.error}"


def _task_failure(p: _ToParse, exc: BaseException) -> ParseResult:
    """The recorded failure of a document whose parse task did not return (a crashed or killed parse is not one:
    its child's end is the recorded ``worker_died``)."""
    fmt = p.fmt.value if p.fmt else None
    failure = ParseFailure(
        source_file=p.report.url, sha256=p.sha256, format=fmt, error_code="task_failed",
        error=f"{type(exc).__name__}: {exc}"[:500],
    )
    return ParseResult(source_key=p.report.url, failure=failure)


def make_task_runner(dask_address: str | None = None, max_workers: int | None = None) -> Any:
    """A Dask task runner on an existing cluster when an address is given, else a pool of threads: fetch tasks
    wait on the network and parse tasks on the child each parse is forked into (``flows.workers``)."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    return ThreadPoolTaskRunner(max_workers=max_workers or DEFAULT_WORKERS)


# `pst serve` runs each scheduled run in a fresh process that imports this module, hence
# the environment variables: a task runner given with with_options would be lost there.
@flow(
    name="fetch-and-ingest",
    task_runner=make_task_runner(
        os.environ.get("PST_DASK_ADDRESS"), int(os.environ.get("PST_FETCH_WORKERS", "0")) or None
    ),
    validate_parameters=False,
    log_prints=False,
)
def fetch_and_ingest(
    sources: str = DEFAULT_SOURCES,
    db: str = DEFAULT_DB,
    store: str = DEFAULT_STORE,
    policy: FetchPolicy | None = None,
) -> FetchSummary:
    """Fetch every listed source and the PST documents its page links, then load what changed.

    A full disk stops the run with ``summary.stopped`` saying so (what was loaded stays), not a traceback."""
    policy = policy or FetchPolicy()
    source_list = load_sources(sources)
    summary = FetchSummary(run_id="", db=db)
    try:
        _fetch(summary, source_list, db, store, policy)
    except Exception as exc:
        summary.stopped = disk_full(exc)
        if summary.stopped is None:
            raise
    failures = [f"{s.url}: {s.error}" for s in summary.sources if s.fetch == "failed" or s.load == "failed"]
    c = summary.counts()
    headline = (
        f"{len(summary.sources)} URL(s) → {db}: {c['fetched']} fetched, {c['unchanged']} unchanged, "
        f"{c['loaded'] + c['new_version']} loaded, {len(failures)} failed"
        + (f"; stopped: {summary.stopped}" if summary.stopped else "")
    )
    rows = [
        {"URL": s.url, "role": s.role, "fetch": s.fetch, "HTTP": s.http_status or "", "load": s.load or "",
         "error": s.error or ""}
        for s in summary.sources
    ]
    report_run("fetch-summary", rows, headline, failures)
    return final_state(summary, len(failures), len(summary.sources), "URLs")


def _fetch(summary: FetchSummary, source_list: SourceList, db: str, store: str, policy: FetchPolicy) -> None:
    allowed = sorted(source_list.origins())  # scheme, host and port of the listed URLs
    with Warehouse(db, defer_links=True) as wh:
        summary.run_id = wh.start_run(code_version(), PARSER_VERSION)
        run = _FetchRun(wh, RawStore(store), summary, allowed, {s.url for s in source_list.sources}, policy=policy)
        states = all_states(wh)
        jobs = [_Job(s.url, s.nis_code, s.kind.value, LISTED) for s in source_list.sources]
        for job, res in _fetch_wave(jobs, states, allowed, policy, pause_first=False):
            run.record(job, res)
        if run.linked:
            for job, res in _fetch_wave(list(run.linked.values()), states, allowed, policy, pause_first=True):
                run.record(job, res)
        for url in mark_unlinked(wh, keep=run.listed | set(run.linked)):
            withdrawn = SourceReport(url=url, role=LINKED, nis_code=None, fetch="unlinked", is_withdrawn=True)
            summary.sources.append(withdrawn)
        run.load_parsed()
        wh.end_run(summary.run_id, summary.outcomes)
        from warehouse.after_load import refresh_after_load  # not before the parse children fork: spaCy, pandas

        refresh_after_load(wh.con, changed=summary.outcomes.changed > 0)
        wh.pending_links_done()  # the plans step relinked every plan


def run_fetch(
    sources: str = DEFAULT_SOURCES,
    db: str = DEFAULT_DB,
    store: str = DEFAULT_STORE,
    policy: FetchPolicy | None = None,
    dask_address: str | None = None,
    max_workers: int | None = None,
) -> FetchSummary:
    """Run the flow once, on a Dask cluster when ``dask_address`` is given, else in local threads and processes."""
    runner = make_task_runner(dask_address, max_workers)
    return fetch_and_ingest.with_options(task_runner=runner)(sources=sources, db=db, store=store, policy=policy)


__all__ = [
    "FetchSummary",
    "SourceReport",
    "fetch_and_ingest",
    "fetch_host",
    "make_task_runner",
    "parse_fetched",
    "run_fetch",
]
