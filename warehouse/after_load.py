"""What every load ends with, ``pst ingest`` and ``pst fetch`` alike.

First the plans step (``warehouse.plans.refresh``): the corrections of ``data/corrections/`` are
applied to the parse, every parse is rated, the renditions of each plan are linked and the
current one chosen, and the data tests run — after every run, since a correction file may have
changed with no document changing. Inserts do not update the other derived tables: when a run
wrote documents (or the plans step changed what analysts see), or when they do not match the
current documents (a run killed while rebuilding them), the full-text index and the analysis
(themes, similar actions) are rebuilt; the art. 27ter deadlines are recomputed for
today after every run, since they depend on the day as much as on the documents.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import duckdb

from pipeline.core.settings import CORRECTIONS_DIR
from warehouse.analysis.search import ensure_search_index, index_engine
from warehouse.analysis.state import analysis_stale

# The heavy modules (pandas, scipy, spaCy, the parse model) are imported where they work: a read command
# checks that nothing is stale in milliseconds and answers (issue 13).
if TYPE_CHECKING:
    from warehouse.analysis.derived import AnalysisSummary
    from warehouse.compliance.current import DeadlineComputation
    from warehouse.plans.refresh import PlansRefresh


T = TypeVar("T")


@dataclass(frozen=True)
class AfterLoad:
    """What the step refreshed; None where it did nothing (no change, or a broken rule file for the deadlines)."""

    search_engine: str | None
    analysis: AnalysisSummary | None
    deadlines: DeadlineComputation | None
    plans: PlansRefresh | None = None


def refresh_after_load(
    con: duckdb.DuckDBPyConnection,
    *,
    changed: bool,
    corrections_dir: str | Path | None = CORRECTIONS_DIR,
    run_id: str | None = None,
) -> AfterLoad:
    """Refresh the derived tables after a run; ``changed``: the run wrote at least one document."""
    from warehouse.plans.refresh import refresh_plans

    plans = refresh_plans(con, corrections_dir, run_id=run_id)
    engine = analysis = None
    # Stale derived data is rebuilt whatever the run did: a run killed during this step left the documents
    # loaded ("unchanged" next time) and the themes, similar actions or search index behind.
    if changed or plans.changed or derived_stale(con):
        from warehouse.analysis.derived import ensure_analysis

        engine, analysis = _beside_the_search_index(con, lambda: ensure_analysis(con))
    return AfterLoad(engine, analysis, _deadlines(con), plans)


def _deadlines(con: duckdb.DuckDBPyConnection) -> DeadlineComputation | None:
    """The art. 27ter deadlines for today: those stored when nothing they depend on changed (told without
    importing the rules and their patterns: an unchanged run), else computed again."""
    from warehouse.compliance.current import deadlines_up_to_date

    current = deadlines_up_to_date(con)
    if current is not None:
        return current
    from warehouse.compliance.evidence import refresh_deadlines

    return refresh_deadlines(con)


def _beside_the_search_index(con: duckdb.DuckDBPyConnection, work: Callable[[], T]) -> tuple[str, T]:
    """Run ``work`` while the search index is brought up to date on a second connection to the same database:
    DuckDB runs the index's SQL without holding the GIL, so it takes the core the analysis leaves (0.7 s of a
    one-document run into 253 CPAS). The index's engine and ``work``'s result; either one's error is raised once
    both are done."""
    from concurrent.futures import ThreadPoolExecutor

    cursor = con.cursor()

    def index() -> str:
        try:
            return ensure_search_index(cursor)
        finally:
            cursor.close()

    with ThreadPoolExecutor(1, thread_name_prefix="search-index") as pool:
        engine = pool.submit(index)
        done = work()
        return engine.result(), done


def derived_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the search index, the themes or the similar actions do not match the current documents."""
    return index_engine(con) is None or analysis_stale(con)


@dataclass
class Reading:
    """A read-only connection to the last published warehouse; ``note`` says when its derived tables lag."""

    con: duckdb.DuckDBPyConnection
    note: str | None = None


@contextmanager
def reading(path: str | Path) -> Iterator[Reading]:
    """Read the last published state without waiting for a run nor blocking one: never the writer's lock.

    ``FileNotFoundError`` naming the path when there is no warehouse (nothing is created). When the
    search index or the analysis do not match the documents (a run killed before its after-load step),
    they are rebuilt in a private copy for this command only, and ``note`` says so: the next run, or
    ``pst analyse``, rebuilds them in the warehouse itself.
    """
    import shutil
    import tempfile

    from warehouse.snapshot import connect

    con = connect(path, read_only=True)
    if not derived_stale(con):
        try:
            yield Reading(con)
        finally:
            con.close()
        return
    con.close()
    from warehouse.analysis.derived import ensure_analysis

    with tempfile.TemporaryDirectory(prefix="pst-read-") as tmp:
        private = Path(tmp) / Path(path).name
        shutil.copyfile(path, private)
        wal = Path(f"{path}.wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{private}.wal"))
        work = connect(private)
        try:
            ensure_search_index(work)
            ensure_analysis(work)
        finally:
            work.close()
        con = connect(private, read_only=True)
        note = (
            "themes, similar actions and the search index lag behind the documents: rebuilt for this command "
            "only (the next run or `pst analyse` rebuilds them in the warehouse)"
        )
        try:
            yield Reading(con, note)
        finally:
            con.close()


__all__ = ["AfterLoad", "Reading", "derived_stale", "reading", "refresh_after_load"]
