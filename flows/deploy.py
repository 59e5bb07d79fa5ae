"""The scheduled deployment of ``fetch-and-ingest``: ``pst serve`` runs it on a cron schedule.

``flow.serve`` registers the deployment with the Prefect API (``PREFECT_API_URL``: a server or
Prefect Cloud; else the long-lived local server ``flows.runtime.local_server`` starts and reuses,
whose scheduler fires the runs) and keeps a process running that starts each scheduled run.
For workers on several machines, ``prefect.yaml`` declares the same deployments on a work pool.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from flows.fetch_flow import fetch_and_ingest, make_task_runner
from flows.runtime import local_prefect_api
from pipeline.core.settings import DEFAULT_DB, DEFAULT_SOURCES, DEFAULT_STORE

DEFAULT_CRON = "0 3 * * 1"  # Mondays at 03:00: websites are quiet, and a PST changes slowly.
DEFAULT_NAME = "weekly-fetch"


def serve(
    name: str = DEFAULT_NAME,
    cron: str = DEFAULT_CRON,
    sources: str = DEFAULT_SOURCES,
    db: str = DEFAULT_DB,
    store: str = DEFAULT_STORE,
    dask_address: str | None = None,
    max_workers: int | None = None,
    timezone: str = "Europe/Brussels",
    on_ready: Callable[[str], None] | None = None,
) -> Any:
    """Serve the fetch flow on ``cron`` (blocks until interrupted); ``on_ready`` gets the API URL once it answers.

    Never on an ephemeral API, which cannot schedule: ``PrefectServerError`` says what to start instead."""
    from prefect.schedules import Cron

    # Scheduled runs import flows.fetch_flow afresh and pick the task runner from these variables.
    if dask_address:
        os.environ["PST_DASK_ADDRESS"] = dask_address
    if max_workers:
        os.environ["PST_FETCH_WORKERS"] = str(max_workers)
    flow = fetch_and_ingest.with_options(task_runner=make_task_runner(dask_address, max_workers))
    with local_prefect_api() as api_url:
        if on_ready is not None:
            on_ready(api_url or "")
        return flow.serve(
            name=name,
            schedule=Cron(cron, timezone=timezone),
            parameters={"sources": sources, "db": db, "store": store},
            description="Fetch the PST of Walloon CPAS from their websites and load new versions.",
            tags=["pst", "fetch"],
        )


__all__ = ["DEFAULT_CRON", "DEFAULT_NAME", "serve"]
