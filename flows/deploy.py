"""The scheduled deployment of ``fetch-and-ingest``: ``pst serve`` runs it on a cron schedule.

``flow.serve`` registers the deployment with the Prefect API (a local server or Prefect
Cloud, from ``PREFECT_API_URL``) and keeps a process running that starts each scheduled run.
"""

from __future__ import annotations

import os
from typing import Any

from flows.fetch_flow import fetch_and_ingest, make_task_runner
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
) -> Any:
    """Serve the fetch flow on ``cron`` (blocks until interrupted)."""
    from prefect.schedules import Cron

    # Scheduled runs import flows.fetch_flow afresh and pick the task runner from these variables.
    if dask_address:
        os.environ["PST_DASK_ADDRESS"] = dask_address
    if max_workers:
        os.environ["PST_FETCH_WORKERS"] = str(max_workers)
    flow = fetch_and_ingest.with_options(task_runner=make_task_runner(dask_address, max_workers))
    return flow.serve(
        name=name,
        schedule=Cron(cron, timezone=timezone),
        parameters={"sources": sources, "db": db, "store": store},
        description="Fetch the PST of Walloon CPAS from their websites and load new versions.",
        tags=["pst", "fetch"],
    )


__all__ = ["DEFAULT_CRON", "DEFAULT_NAME", "serve"]
