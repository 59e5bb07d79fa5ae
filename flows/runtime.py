"""Runtime glue shared by the flows: the code version recorded with each run, a local Prefect API."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.core.settings import PARSER_VERSION


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


__all__ = ["code_version", "local_prefect_api"]
