"""Test session set-up: an isolated Prefect home and one session-wide Prefect test harness."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Must be set before Prefect is imported anywhere: tests never touch the user's ~/.prefect.
_PREFECT_HOME = tempfile.mkdtemp(prefix="pst-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# Ingests in the test processes lemmatize in-process: spaCy loads once per worker, not once per ingest in a
# language process of its own (tests/warehouse/analysis/test_language_process.py and the slow end-to-end test
# of the ingest check that process).
os.environ.setdefault("PST_LANGUAGE_PROCESS", "off")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API for the whole session (started once: it is slow to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture()
def text_samples(tmp_path):
    """A folder with the text-layer sample documents (the scan left out: OCR is slow)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for f in SAMPLES.iterdir():
        if f.is_file() and not f.name.endswith("_scan.pdf"):
            (folder / f.name).write_bytes(f.read_bytes())
    return folder


@pytest.fixture()
def site():
    """A local HTTP server on 127.0.0.1 serving the fixture sites of a test."""
    from tests.fixtures.http_server import FixtureServer

    with FixtureServer() as server:
        yield server
