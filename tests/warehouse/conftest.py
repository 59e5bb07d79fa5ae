"""Shared warehouse fixtures."""

from __future__ import annotations

import pytest

from warehouse.analysis.derived import ensure_analysis
from warehouse.loader import Warehouse

from .compare_builders import build


@pytest.fixture()
def wh(tmp_path):
    """A warehouse of small generated plans, with themes and similar actions computed."""
    build(tmp_path / "w.duckdb")
    w = Warehouse(tmp_path / "w.duckdb")
    ensure_analysis(w.con)
    yield w
    w.close()
