"""What every load ends with, ``pst ingest`` and ``pst fetch`` alike.

Inserts do not update the derived tables: when a run wrote documents, the full-text index and
the analysis (themes, similar actions) are rebuilt; the art. 27ter deadlines are recomputed for
today after every run, since they depend on the day as much as on the documents.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from warehouse.analysis.derived import AnalysisSummary, ensure_analysis
from warehouse.analysis.search import ensure_search_index
from warehouse.compliance.evidence import DeadlineComputation, refresh_deadlines


@dataclass(frozen=True)
class AfterLoad:
    """What the step refreshed; None where it did nothing (no change, or a broken rule file for the deadlines)."""

    search_engine: str | None
    analysis: AnalysisSummary | None
    deadlines: DeadlineComputation | None


def refresh_after_load(con: duckdb.DuckDBPyConnection, *, changed: bool) -> AfterLoad:
    """Refresh the derived tables after a run; ``changed``: the run wrote at least one document."""
    engine = analysis = None
    if changed:
        engine = ensure_search_index(con)
        analysis = ensure_analysis(con)
    return AfterLoad(engine, analysis, refresh_deadlines(con))


__all__ = ["AfterLoad", "refresh_after_load"]
