"""The plans step of every load: corrections → parse quality → plan identity → data tests, in one transaction.

Run by the after-load step of ``pst ingest`` and ``pst fetch`` and by ``pst check``. Everything it
writes is derived (from the parse, the correction files and the documents' facts), so running it
twice changes nothing; its fingerprint (``core_analysis_state`` ``plans``) changes when the rows
analysts see or the chosen renditions change, and the analysis and search index follow it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.core.settings import CORRECTIONS_DIR
from warehouse.derived_state import inputs_digest, record_state, stored_fingerprint, stored_record
from warehouse.plans.checks import CheckResult, data_tests, run_data_tests, stored_results
from warehouse.plans.corrections import CorrectionsApplied, apply_corrections
from warehouse.plans.corrections_file import CorrectionError, CorrectionSet, load_corrections
from warehouse.plans.identity import PlansLinked, groups_of, link_plans
from warehouse.plans.quality import refresh_quality
from warehouse.sql import sql_text


@dataclass(frozen=True)
class PlansRefresh:
    """What the step did: corrections applied (and problems), plans linked, data tests run."""

    corrections: CorrectionsApplied
    errors: tuple[CorrectionError, ...]
    linked: PlansLinked
    checks: tuple[CheckResult, ...]
    fingerprint: str
    changed: bool

    @property
    def failing(self) -> list[CheckResult]:
        """Data tests of severity error that fail."""
        return [c for c in self.checks if c.status == "fail"]

    @property
    def warnings(self) -> list[CheckResult]:
        """Data tests of severity warn that fail."""
        return [c for c in self.checks if c.status == "warn"]

    @property
    def correction_problems(self) -> list[str]:
        """Corrections that do nothing or cannot be read, as ``file:line status: detail``."""
        return [
            f"{row[0]}:{row[1] or '?'} {row[4]}: {row[7]}"
            for row in self.corrections.outcomes
            if row[4] in ("stale", "ambiguous", "invalid", "superseded", "malformed")
        ]


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def plans_fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    """Fingerprint of the last refresh (None before the first)."""
    return stored_fingerprint(con, "plans")


def refresh_plans(
    con: duckdb.DuckDBPyConnection,
    corrections_dir: str | Path | None = CORRECTIONS_DIR,
    *,
    run_id: str | None = None,
    force: bool = False,
) -> PlansRefresh:
    """Apply the corrections of ``corrections_dir``, rate every parse, link the plans, run the data tests — unless
    the documents, the correction files, the schema and this package's code are those of the last refresh (an
    unchanged weekly run): then what it stored is returned. ``force``: always run (``pst check``)."""
    started = datetime.now()
    cset = load_corrections(corrections_dir)
    before = plans_fingerprint(con)
    static, places = _static_digest(con, cset.digest), _places(con)
    last = record.params if (record := stored_record(con, "plans")) else {}
    # Same corrections, schema and code as the last refresh: only the CPAS whose documents changed are relinked,
    # and when none changed, what the last refresh stored is returned.
    changed = None if force or last.get("static") != static else _changed_documents(last.get("places"), places)
    if changed == set() and before is not None:
        return _as_stored(con, cset, before)
    with _transaction(con):
        applied = apply_corrections(con, cset)  # all of them: cheap, and its log speaks of every correction
        refresh_quality(con, None if changed is None else sorted(changed))
        link_plans(con, None if changed is None else groups_of(con, changed))
        linked = _linked(con)
        corrected = con.execute(
            "SELECT count(*), coalesce(sum(hash(document_id, position, corrected_by, correction)), 0) "
            "FROM core_plan_items WHERE corrected_by IS NOT NULL"
        ).fetchone()
        fingerprint = hashlib.sha256(f"{cset.digest}|{linked.fingerprint}|{corrected}".encode()).hexdigest()[:16]
        params = {"corrections_dir": str(corrections_dir) if corrections_dir else None, "static": static,
                  "places": places}
        record_state(con, "plans", fingerprint, method="corrections+identity", params=params, n_rows=linked.n_plans,
                     seconds=(datetime.now() - started).total_seconds())
        checks = run_data_tests(con, run_id)
    return PlansRefresh(applied, cset.errors, linked, tuple(checks), fingerprint, fingerprint != before)


def _static_digest(con: duckdb.DuckDBPyConnection, corrections_digest: str) -> str:
    """Digest of what the step reads besides the documents: the correction files, the schema (the data tests read
    views) and the code of this package (the rules of quality, identity and tests)."""
    return inputs_digest([corrections_digest, stored_fingerprint(con, "schema")],
                         sorted(Path(__file__).parent.glob("*.py")))


def _places(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The current documents (id, parser version, outcome) and the places that hold them, as sorted lines."""
    docs = con.execute(
        "SELECT 'd|' || document_id || '|' || parser_version || '|' || parse_status FROM core_documents "
        "WHERE is_current"
    ).fetchall()
    places = con.execute(
        "SELECT 'l|' || document_id || '|' || source_key || '|' || is_current FROM core_document_locations"
    ).fetchall()
    return sorted(r[0] for r in docs + places)


def _changed_documents(before: list[str] | None, now: list[str]) -> set[str] | None:
    """Ids of the documents that appeared, went or changed place since ``before`` (None: unknown, relink all)."""
    if before is None:
        return None
    return {line.split("|")[1] for line in set(before) ^ set(now)}


def _linked(con: duckdb.DuckDBPyConnection) -> PlansLinked:
    """The plans as linked now, counted and fingerprinted over the whole table (a partial relink included)."""
    n_plans, n_without, chosen = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE chosen_document_id IS NULL), "
        "coalesce(string_agg(plan_id || '=' || coalesce(chosen_document_id, ''), ',' ORDER BY plan_id), '') "
        "FROM core_plans"
    ).fetchone()
    n_renditions = con.execute("SELECT count(*) FROM core_plan_renditions").fetchone()[0]
    return PlansLinked(n_plans, n_renditions, n_without, hashlib.sha256(chosen.encode()).hexdigest()[:16])


def _as_stored(con: duckdb.DuckDBPyConnection, cset: CorrectionSet, fingerprint: str) -> PlansRefresh:
    """The last refresh, read back: its correction log, plans and data test results."""
    outcomes = tuple(con.execute("SELECT * FROM core_corrections ORDER BY rowid").fetchall())
    linked = _linked(con)
    applied = CorrectionsApplied(0, outcomes, {})
    order = {t.name: i for i, t in enumerate(data_tests())}  # the order run_data_tests reports them in
    checks = sorted(stored_results(con), key=lambda c: order.get(c.name, len(order)))
    return PlansRefresh(applied, cset.errors, linked, tuple(checks), fingerprint, False)


@dataclass(frozen=True)
class DocumentSummary:
    """What the run summary shows of a loaded document beyond its counts."""

    source_file: str
    confidence: float | None
    error: str | None
    plan_id: str | None
    is_chosen: bool


def documents_summary(con: duckdb.DuckDBPyConnection, document_ids: list[str]) -> dict[str, DocumentSummary]:
    """Source file, parse confidence, error and plan of these documents."""
    ids = [i for i in document_ids if i]
    if not ids:
        return {}
    # Literals, not bound: binding makes DuckDB import pandas, and an unchanged run needs nothing else of it.
    rows = con.execute(
        f"""SELECT d.document_id, d.source_file, q.confidence, d.error, r.plan_id, coalesce(r.is_chosen, false)
            FROM core_documents d LEFT JOIN core_parse_quality q USING (document_id)
            LEFT JOIN core_plan_renditions r USING (document_id)
            WHERE d.document_id IN ({", ".join(map(sql_text, ids))})"""
    ).fetchall()
    return {r[0]: DocumentSummary(*r[1:]) for r in rows}


__all__ = ["DocumentSummary", "PlansRefresh", "documents_summary", "plans_fingerprint", "refresh_plans"]
