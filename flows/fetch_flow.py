"""Prefect flow ``fetch-and-ingest``: fetch the registered web sources, keep their bytes, load new versions.

The flow body is the single writer (DuckDB warehouse and raw store); tasks only fetch and
parse, and exchange bytes with the flow rather than paths, so they run unchanged in local
worker processes or on the machines of a Dask cluster that share no disk with the flow.

1. Registered sources are fetched, one ``fetch-host`` task per host (the per-host rate
   limit then holds across workers), with conditional requests from the remembered state.
2. Pages are searched for the PST documents they link (allowed hosts only); those are
   fetched in a second wave. A page that did not change reuses the links remembered.
3. New bytes go to the content-addressed store; bytes not yet loaded by this parser
   version (new, or changed parser) are parsed in ``parse-fetched`` tasks and loaded as
   they complete. A URL seen before that answers 404/410 is marked withdrawn, never deleted.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import ProcessPoolTaskRunner

from extractors.office import parse_bytes
from flows.ingest_flow import code_version, load_result
from normalizers.parse import ParseResult
from pipeline.acquire.discover_links import DiscoveredLink, discover_documents
from pipeline.acquire.http import Fetcher, FetchPolicy, FetchRequest, FetchResult
from pipeline.acquire.sources import DEFAULT_SOURCES, host_of, load_sources
from pipeline.acquire.store import DEFAULT_STORE, RawStore
from pipeline.core.settings import PARSER_VERSION
from warehouse.fetch_state import all_states, current_links, mark_unlinked, record_fetch, record_links
from warehouse.loader import Warehouse

DEFAULT_WORKERS = max(1, min(4, os.cpu_count() or 1))


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
def parse_fetched(data: bytes, url: str, kind: str | None) -> ParseResult:
    """Parse downloaded bytes (legacy .doc/.odt converted) into a document or a recorded failure."""
    return parse_bytes(data, source_key=url, source_file=url, kind=kind)


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


@dataclass
class FetchSummary:
    """What a fetch run did, URL by URL, with the figures of the closing line."""

    run_id: str
    db: str
    sources: list[SourceReport] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """fetched, unchanged, gone, blocked, failed (fetch or parse), withdrawn, parsed, loaded, new_version, bytes."""
        c: dict[str, int] = defaultdict(int)
        for s in self.sources:
            c[s.fetch] += 1
            if s.load:
                c["parsed"] += 1
                c[s.load] += 1
            if s.load == "failed" and s.fetch != "failed":
                c["failed"] += 1
            if s.is_withdrawn:
                c["withdrawn"] += 1
            c["bytes_downloaded"] += s.bytes_downloaded
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
            "bytes_downloaded",
        )
        return {k: c.get(k, 0) for k in keys}

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


def _fetch_wave(
    jobs: list[_Job], states: dict, allowed: list[str], policy: FetchPolicy, pause_first: bool
) -> list[tuple[_Job, FetchResult]]:
    by_host: dict[str, list[_Job]] = defaultdict(list)
    for job in jobs:
        by_host[host_of(job.url)].append(job)
    submitted = []
    for host, host_jobs in sorted(by_host.items()):
        requests = [states[j.url].request() if j.url in states else FetchRequest(j.url) for j in host_jobs]
        submitted.append((host_jobs, fetch_host.submit(host, requests, allowed, policy, pause_first)))
    out: list[tuple[_Job, FetchResult]] = []
    for host_jobs, fut in submitted:
        try:
            results = fut.result()
        except Exception as exc:  # the task failed after its retries: record every URL as failed
            results = [
                FetchResult(
                    url=j.url, outcome="failed", error_code="task_failed", error=f"{type(exc).__name__}: {exc}"[:500]
                )
                for j in host_jobs
            ]
        out += list(zip(host_jobs, results, strict=True))
    return out


def _with_registry_cpas(result: ParseResult, nis_code: str | None) -> ParseResult:
    """The registry says which CPAS a source belongs to: fill it in when the parser found none."""
    doc = result.document
    if doc is None or nis_code is None or doc.nis_code == nis_code:
        return result
    if doc.nis_code is None:
        from pipeline.reference.municipalities import municipality

        m = municipality(nis_code)
        update: dict[str, Any] = {"nis_code": nis_code, "cpas_name": doc.cpas_name or (m.name_fr if m else None)}
    else:
        update = {
            "warnings": (
                *doc.warnings,
                f"the registry files this source under NIS {nis_code}, the text names {doc.cpas_name} ({doc.nis_code})",
            )
        }
    return result.model_copy(update={"document": doc.model_copy(update=update)})


def make_task_runner(dask_address: str | None = None, max_workers: int | None = None) -> Any:
    """A Dask task runner on an existing cluster when an address is given, else a local process pool."""
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    return ProcessPoolTaskRunner(max_workers=max_workers or DEFAULT_WORKERS)


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
    sources: str = str(DEFAULT_SOURCES),
    db: str = "data/pst.duckdb",
    store: str = str(DEFAULT_STORE),
    policy: FetchPolicy | None = None,
) -> FetchSummary:
    """Fetch every registered source and the PST documents its page links, then load what changed."""
    policy = policy or FetchPolicy()
    registry = load_sources(sources)
    allowed = sorted(registry.hosts())
    raw = RawStore(store)
    with Warehouse(db) as wh:
        run_id = wh.start_run(code_version(), PARSER_VERSION)
        summary = FetchSummary(run_id=run_id, db=db)
        states = all_states(wh)
        to_parse: list[tuple[SourceReport, bytes, str | None]] = []
        linked: dict[str, _Job] = {}
        registered = {s.url for s in registry.sources}

        def handle(job: _Job, res: FetchResult) -> None:
            state = record_fetch(wh, res, nis_code=job.nis_code, kind=job.kind, role=job.role, run_id=run_id)
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
            summary.sources.append(rep)
            if res.outcome == "gone" and job.role == "registry" and state.sniffed_format == "html":
                record_links(wh, job.url, [])  # the page is gone: what it linked is no longer published
            if res.outcome not in ("fetched", "unchanged") or state.sha256 is None:
                return
            data = res.content
            if data is not None:
                raw.put(data)
            if job.role == "registry" and state.sniffed_format == "html":
                if data is not None:
                    links = discover_documents(data, res.final_url or job.url, allowed)
                    record_links(wh, job.url, links)
                else:
                    links = current_links(wh, job.url)
                _queue_links(job, links)
            if not wh.known(job.url, state.sha256, PARSER_VERSION):
                if data is None:
                    # Same bytes as before but not loaded by this parser version: re-parse from the store.
                    try:
                        data = raw.get(state.sha256)
                    except (OSError, ValueError) as exc:
                        rep.load, rep.error = "failed", f"bytes not in the store, fetch again: {exc}"
                        return
                to_parse.append((rep, data, state.sniffed_format))

        def _queue_links(page: _Job, links: list[DiscoveredLink]) -> None:
            for link in links:
                if link.url in registered or link.url in linked:
                    continue
                if not link.allowed:
                    summary.sources.append(
                        SourceReport(
                            url=link.url,
                            role="linked",
                            nis_code=page.nis_code,
                            fetch="blocked",
                            linked_from=page.url,
                            error=f"host {host_of(link.url)} is not in the registry's allow-list: not fetched",
                        )
                    )
                    continue
                linked[link.url] = _Job(link.url, page.nis_code, link.format.value, "linked", page.url)

        jobs = [_Job(s.url, s.nis_code, s.kind.value, "registry") for s in registry.sources]
        for job, res in _fetch_wave(jobs, states, allowed, policy, pause_first=False):
            handle(job, res)
        if linked:
            for job, res in _fetch_wave(list(linked.values()), states, allowed, policy, pause_first=True):
                handle(job, res)
        for url in mark_unlinked(wh, keep=registered | set(linked)):
            summary.sources.append(
                SourceReport(url=url, role="linked", nis_code=None, fetch="unlinked", is_withdrawn=True)
            )

        futures = {parse_fetched.submit(data, rep.url, kind): rep for rep, data, kind in to_parse}
        for fut in as_completed(list(futures)) if futures else ():
            rep = futures[fut]
            result = _with_registry_cpas(fut.result(), rep.nis_code)
            out = load_result(wh, result, run_id)
            rep.load = out.outcome
            if out.error:
                rep.error = out.error
        counts = summary.counts()
        wh.end_run(
            run_id,
            {
                "loaded": counts["loaded"],
                "new_version": counts["new_version"],
                "reparsed": counts["reparsed"],
                "unchanged": counts["unchanged"],
                "failed": counts["failed"],
            },
        )
        if counts["loaded"] + counts["new_version"] + counts["reparsed"]:
            from warehouse.compliance.evidence import refresh_after_ingest

            refresh_after_ingest(wh.con)  # same as `pst ingest`: deadlines follow the documents
    return summary


def run_fetch(
    sources: str = str(DEFAULT_SOURCES),
    db: str = "data/pst.duckdb",
    store: str = str(DEFAULT_STORE),
    policy: FetchPolicy | None = None,
    dask_address: str | None = None,
    max_workers: int | None = None,
) -> FetchSummary:
    """Run the flow once, on a Dask cluster when ``dask_address`` is given, else on local processes."""
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
