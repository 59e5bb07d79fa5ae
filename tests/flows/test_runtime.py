"""What a run leaves in Prefect (issue 15): a run with a failed document ends in a state that says so, its logs
go through the run logger and its summary is a table artifact — all read back through the Prefect client."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows import runtime
from flows.cli import app
from flows.ingest_flow import IngestSummary, ingest_flow
from flows.runtime import COMPLETED_WITH_FAILURES, final_state

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"


async def _read_back(flow_run_id):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    async with get_client() as client:
        run = await client.read_flow_run(flow_run_id)
        logs = await client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])), limit=200, offset=0
        )
        # The REST call itself: this client's read_artifacts sends nulls this server refuses.
        found = await client._client.post(
            "/artifacts/filter",
            json={"artifacts": {"flow_run_id": {"any_": [str(flow_run_id)]}}, "limit": 50, "offset": 0,
                  "sort": "CREATED_DESC"},
        )
    return run, logs, found.json()


def _flush_logs() -> None:
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=30)


@pytest.mark.slow  # a real ingest run (process pool, after-load step): about a minute on 2 busy cores
def test_a_run_with_a_failed_document_says_so_in_prefect(prefect_harness, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SAMPLES / "sprimont_pst-du-cpas.html", docs)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    state = ingest_flow([str(docs)], db=str(tmp_path / "w.duckdb"), use_cache=False, return_state=True)

    assert state.is_completed() and state.name == COMPLETED_WITH_FAILURES
    assert state.message == "1 of 2 documents failed"
    summary = state.result()
    assert isinstance(summary, IngestSummary) and summary.counts.failed == 1 and summary.counts.changed == 1

    _flush_logs()
    run, logs, artifacts = asyncio.run(_read_back(state.state_details.flow_run_id))
    assert run.state.name == COMPLETED_WITH_FAILURES
    said = [log.message for log in logs]
    assert any(m.startswith("failed: broken.pdf: corrupt") for m in said), said
    assert any("1 failed" in m for m in said), said
    (table,) = [a for a in artifacts if a["type"] == "table"]
    assert table["key"] == "ingest-summary" and "1 failed" in table["description"]
    assert "broken.pdf" in str(table["data"]) and "sprimont_pst-du-cpas.html" in str(table["data"])


def test_a_clean_run_ends_plainly_completed():
    summary = IngestSummary(run_id="r", db="w.duckdb")
    assert final_state(summary, 0, 3) is summary  # Prefect's own "Completed"
    state = final_state(summary, 2, 3)
    assert state.is_completed() and state.name == COMPLETED_WITH_FAILURES and state.message == "2 of 3 documents failed"


class _Health(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        self.send_response(200 if self.path == "/api/health" else 404)
        self.end_headers()
        self.wfile.write(b"true")

    def log_message(self, *args):
        pass


@pytest.fixture()
def prefect_home(tmp_path):
    from prefect.settings import PREFECT_HOME, temporary_settings

    with temporary_settings({PREFECT_HOME: str(tmp_path / "home")}):
        yield tmp_path / "home"


def test_the_local_server_is_reused_while_it_answers(prefect_home, monkeypatch):
    server = HTTPServer(("127.0.0.1", 0), _Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/api"
        prefect_home.mkdir(parents=True)
        (prefect_home / "pst-server.json").write_text(json.dumps({"url": url, "pid": 1}), encoding="utf-8")
        monkeypatch.setattr(runtime, "start_server", lambda *a, **k: pytest.fail("started a second server"))
        assert runtime.local_server() == url
    finally:
        server.shutdown()


def test_no_server_is_a_message_with_the_command_to_run(prefect_home, monkeypatch):
    dead = subprocess.Popen([sys.executable, "-c", "raise SystemExit(1)"])
    monkeypatch.setattr(runtime, "start_server", lambda *a, **k: dead)
    with pytest.raises(runtime.PrefectServerError) as no_server:
        runtime.local_server()
    assert "prefect server start" in str(no_server.value) and "PREFECT_API_URL" in str(no_server.value)

    from flows import deploy

    @contextmanager
    def no_api():  # what local_prefect_api raises here, whatever API this test session has configured
        raise no_server.value
        yield

    monkeypatch.setattr(deploy, "local_prefect_api", no_api)
    res = CliRunner().invoke(app, ["serve", "--sources", str(SAMPLES.parent / "sources.yaml")])
    assert res.exit_code == 3, res.output
    assert "prefect server start" in " ".join(res.output.split()) and "Traceback" not in res.output


_THREADS_SEE_THE_API = """
import json, sys, threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers()
    def log_message(self, *a):
        pass

server = HTTPServer(("127.0.0.1", 0), Health)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_port}/api"
home = Path(sys.argv[1]); home.mkdir(parents=True)
(home / "pst-server.json").write_text(json.dumps({"url": url, "pid": 1}), encoding="utf-8")

import prefect  # imported before the API is known, as the CLI does
from prefect.settings import PREFECT_API_URL
from flows.runtime import local_prefect_api

def seen_by_a_new_thread():
    out = []
    t = threading.Thread(target=lambda: out.append(PREFECT_API_URL.value()))
    t.start(); t.join()
    return out[0]

with local_prefect_api() as api:
    inside = seen_by_a_new_thread()
print(json.dumps({"api": api, "url": url, "inside": inside, "after": seen_by_a_new_thread()}))
"""


def test_prefects_own_threads_see_the_local_server(tmp_path):
    """The process pool's message forwarder and the log/event workers run in threads of their own, which read
    Prefect's global settings: they must find the local server, not start a temporary one mid-run."""
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "home")
    done = subprocess.run(
        [sys.executable, "-c", _THREADS_SEE_THE_API, str(tmp_path / "home")],
        capture_output=True, text=True, env=env, cwd=Path(__file__).resolve().parents[2], timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"api": seen["url"], "url": seen["url"], "inside": seen["url"], "after": None}


@pytest.mark.parametrize("heartbeats", [True, False])
def test_a_run_followed_in_a_terminal_sends_no_heartbeat_and_a_served_one_does(prefect_harness, heartbeats):
    from prefect import flow
    from prefect.settings import get_current_settings

    @flow
    def seen_by_the_engine() -> int | None:
        return get_current_settings().flows.heartbeat_frequency

    with runtime.local_prefect_api(heartbeats=heartbeats):
        frequency = seen_by_the_engine()
    assert (frequency is not None) is heartbeats
    assert get_current_settings().flows.heartbeat_frequency is not None  # back once the block ends
