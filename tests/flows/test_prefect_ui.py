"""The Prefect UI, checked as an operator sees it (issue 15): a local Prefect server on 127.0.0.1 (a free port, its
own PREFECT_HOME), a `pst ingest` with a failed document, and the run's page rendered by headless Chromium shows
the state "Completed with failures" with its count. Bounded: the server is stopped whatever happens."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from flows.runtime import COMPLETED_WITH_FAILURES, free_port, start_server, wait_healthy
from tests.warehouse.export.test_report import run_chromium

ROOT = Path(__file__).resolve().parents[2]
PST = str(ROOT / ".venv" / "bin" / "pst")
ARTIFACTS = ROOT / "test-artifacts"

pytestmark = pytest.mark.slow  # a real server with its UI, a real run: minutes on 2 busy cores


@pytest.fixture()
def prefect_server(tmp_path):
    """(API URL, environment of a client) of a Prefect server with its UI; stopped at the end."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    port = free_port()
    url = f"http://127.0.0.1:{port}/api"
    log = tmp_path / "server.log"
    proc = start_server(port, log, env={"PREFECT_HOME": str(home)})
    try:
        wait_healthy(url, proc, log, seconds=400)
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        yield url, {**env, "PREFECT_API_URL": url, "PREFECT_HOME": str(home)}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _last_flow_run(api_url: str) -> dict:
    body = json.dumps({"limit": 1, "offset": 0, "sort": "START_TIME_DESC"}).encode()
    request = urllib.request.Request(f"{api_url}/flow_runs/filter", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as r:  # noqa: S310 - 127.0.0.1
        (run,) = json.load(r)
    return run


def _dump_until_rendered(page: str, wanted: tuple[str, ...], tmp_path: Path, attempts: int = 5) -> str:
    """The page's DOM once every wanted text is in it, or the last dump. The UI fills the page from API calls
    that Chromium's virtual time does not wait for: on a busy machine one dump can come before them."""
    dom = ""
    for _ in range(attempts):
        dom = run_chromium(["--window-size=1400,1000", "--dump-dom", page], tmp_path).stdout
        if all(text in dom for text in wanted):
            break
    return dom


def test_the_run_page_shows_completed_with_failures(prefect_server, tmp_path):
    api_url, env = prefect_server
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    done = subprocess.run([PST, "ingest", str(bad), "--db", str(tmp_path / "w.duckdb"), "--no-progress"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr[-2000:]
    run = _last_flow_run(api_url)
    assert run["state"]["name"] == COMPLETED_WITH_FAILURES

    page = api_url.removesuffix("/api") + f"/runs/flow-run/{run['id']}"
    wanted = (COMPLETED_WITH_FAILURES, "1 of 1 documents failed", "ingest-pst")
    dom = _dump_until_rendered(page, wanted, tmp_path)
    assert [text for text in wanted if text not in dom] == [], dom[-3000:]

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "prefect-flow-run.png"
    shot.unlink(missing_ok=True)
    run_chromium(["--window-size=1400,1000", f"--screenshot={shot}", page], tmp_path)
    colours = Image.open(shot).convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 50  # a page drawn, not a blank one
