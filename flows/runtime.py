"""Runtime glue shared by the flows: the code version recorded with each run, the local Prefect server the CLI
starts once and reuses, and what a run leaves in Prefect (logs, a summary artifact, a state that says failures)."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

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


class PrefectServerError(RuntimeError):
    """No Prefect API could be started here; the message says the command to run."""


SERVER_START_SECONDS = 300  # a first start on an empty PREFECT_HOME builds its database (minutes on busy cores)
COMPLETED_WITH_FAILURES = "Completed with failures"


@contextmanager
def local_prefect_api(*, heartbeats: bool = True) -> Iterator[str | None]:
    """The Prefect API the flow, its tasks and the processes they start share (``_prefect_api``).

    ``heartbeats=False`` for a run followed in a terminal (``pst ingest``, ``pst fetch``): Prefect's flow run
    heartbeat thread sleeps by whole seconds and the run waits for it to wake before it returns (1 s of every
    command); a heartbeat only tells an automation watching for crashed runs, and the terminal already says
    how the run ended. Served deployments keep them.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    quiet = nullcontext() if heartbeats else temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})
    with quiet, _prefect_api() as url:
        yield url


@contextmanager
def _prefect_api() -> Iterator[str | None]:
    """The Prefect API the flow, its tasks and the processes they start share.

    With ``PREFECT_API_URL`` set (a real server, or the tests' harness) it is used as is. Otherwise the
    long-lived local server of ``PREFECT_HOME`` is reused, started on first use (``local_server``): Prefect's
    start-up is paid once, not by every command, and its UI shows every run. ``PST_PREFECT_SERVER=temporary``
    keeps the former behaviour: a temporary server per command, stopped at its end.
    """
    from prefect.settings import PREFECT_API_URL, temporary_settings

    if PREFECT_API_URL.value():
        yield PREFECT_API_URL.value()
        return
    server = None
    if os.environ.get("PST_PREFECT_SERVER") == "temporary":
        from prefect.server.api.server import SubprocessASGIServer

        server = SubprocessASGIServer()
        server.start()
        url = server.api_url
    else:
        url = local_server()
    previous = os.environ.get("PREFECT_API_URL")
    _set_api_url(url)  # child processes inherit it
    try:
        with temporary_settings({PREFECT_API_URL: url}):
            try:
                yield url
            finally:
                _drain()
    finally:
        _set_api_url(previous)
        if server is not None:
            server.stop()


def _set_api_url(url: str | None) -> None:
    """Point this process's Prefect at ``url``: the environment, and the global settings Prefect read when it was
    imported. Prefect's own threads (the process pool's message forwarder, the log and event workers) see
    only those global settings: with the old ones they found no API and started a temporary server of their
    own in the middle of every run (11 s of CPU on a 24-PDF ingest)."""
    from prefect.context import refresh_global_settings_context

    if url is None:
        os.environ.pop("PREFECT_API_URL", None)
    else:
        os.environ["PREFECT_API_URL"] = url
    refresh_global_settings_context()


def _drain() -> None:
    """Send the run's queued logs and events while the API is known: flushed at exit without it, they would
    make Prefect start a temporary server of its own."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=30)
        except Exception:  # noqa: BLE001 - a log that cannot be sent must not fail the command
            pass


def _home() -> Path:
    from prefect.settings import PREFECT_HOME

    home = Path(PREFECT_HOME.value()).expanduser()
    home.mkdir(parents=True, exist_ok=True)
    return home


def healthy(api_url: str, timeout: float = 2.0) -> bool:
    """True when a Prefect API answers its health check at ``api_url``."""
    import urllib.request  # only when a server is asked: 50 ms of imports an unchanged run does not need

    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as r:  # noqa: S310 - local
            return r.status == 200
    except (OSError, ValueError):
        return False


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``prefect server start`` on 127.0.0.1:``port`` in a session of its own (it outlives the command)."""
    env = {
        **os.environ, **(env or {}), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_API_URL": f"http://127.0.0.1:{port}/api",  # else the UI calls the default port 4200
    }
    env.pop("PREFECT_API_URL", None)
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )


def wait_healthy(api_url: str, proc: subprocess.Popen, log: Path, seconds: float = SERVER_START_SECONDS) -> None:
    """Wait until the server answers; ``RuntimeError`` with the end of its log when it dies or never does."""
    deadline = time.monotonic() + seconds
    while not healthy(api_url):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            tail = log.read_text(encoding="utf-8", errors="replace")[-1500:] if log.exists() else ""
            raise PrefectServerError(
                f"the local Prefect server did not start (log {log}); start one with `.venv/bin/prefect server start` "
                f"and export PREFECT_API_URL=http://127.0.0.1:4200/api, then run the command again.\n{tail}"
            )
        time.sleep(0.25)


def local_server() -> str:
    """API URL of the long-lived local Prefect server of ``PREFECT_HOME``, started when none answers.

    Its address and process id are kept in ``PREFECT_HOME/pst-server.json``; a lock file makes two commands
    started together share one server. ``stop_local_server`` (``pst serve --stop-server``) ends it.
    """
    home = _home()
    with open(home / "pst-server.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        state = _server_state(home)
        if state and healthy(state["url"]):
            return state["url"]
        port = free_port()
        url = f"http://127.0.0.1:{port}/api"
        log = home / "pst-server.log"
        proc = start_server(port, log)
        wait_healthy(url, proc, log)
        (home / "pst-server.json").write_text(json.dumps({"url": url, "pid": proc.pid}), encoding="utf-8")
        return url


def _server_state(home: Path) -> dict | None:
    try:
        return json.loads((home / "pst-server.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def stop_local_server() -> str | None:
    """Stop the local server ``local_server`` started; its URL, or None when none was running."""
    import signal

    home = _home()
    state = _server_state(home)
    (home / "pst-server.json").unlink(missing_ok=True)
    if not state or not healthy(state["url"]):
        return None
    try:
        os.killpg(int(state["pid"]), signal.SIGTERM)
    except (OSError, ValueError):
        return None
    return state["url"]


# ---- what a run leaves in Prefect ------------------------------------------------------------------
def run_logger() -> logging.Logger | logging.LoggerAdapter:
    """Prefect's run logger (its lines go to the run's page in the UI); a plain logger outside a run."""
    from prefect.exceptions import MissingContextError
    from prefect.logging import get_run_logger

    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("pst")


def report_run(key: str, rows: list[dict[str, Any]], headline: str, failures: list[str]) -> None:
    """Log the run's outcome and publish its table (one row per document or URL) as an artifact of the run."""
    from prefect.artifacts import create_table_artifact
    from prefect.context import FlowRunContext

    logger = run_logger()
    for failure in failures:
        logger.warning("failed: %s", failure)
    (logger.warning if failures else logger.info)(headline)
    if FlowRunContext.get() is None:
        return
    create_table_artifact(table=rows, key=key, description=f"**{headline}**")


def final_state(data: Any, failed: int, total: int, what: str = "documents") -> Any:
    """The run's end: ``data`` as is when nothing failed, else a Completed state named "Completed with
    failures" carrying ``data`` (callers still get their summary; the UI shows the name and the count)."""
    if not failed:
        return data
    from prefect.states import Completed

    return Completed(data=data, name=COMPLETED_WITH_FAILURES, message=f"{failed} of {total} {what} failed")


__all__ = [
    "COMPLETED_WITH_FAILURES",
    "PrefectServerError",
    "code_version",
    "final_state",
    "healthy",
    "local_prefect_api",
    "local_server",
    "report_run",
    "run_logger",
    "stop_local_server",
]
