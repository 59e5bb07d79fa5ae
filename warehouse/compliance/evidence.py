"""Article 27ter deadlines in the warehouse: the registry of bound CPAS and the computed statuses.

``refresh_registry`` writes every CPAS bound by the rule (both legislatures) into
``core_cpas_registry``, so a CPAS without any document is visible. ``compute_and_store_deadlines``
reads the events of the current documents, attributes them to a CPAS (NIS code) and a
legislature, runs the pure ``warehouse.compliance.rules.compute_deadlines`` and replaces the content of
``core_deadlines`` in one transaction. A document found at an http(s) URL is the evidence of the
plan's publication. ``refresh_deadlines`` is what every load ends with (``warehouse.after_load``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from pipeline.core.model import DatePrecision, Event, Provenance
from pipeline.core.settings import INSTALLATIONS_FILE, RULES_FILE
from pipeline.core.text import fold
from pipeline.reference.municipalities import (
    BASTOGNE_MERGED_NIS,
    LEGISLATURES,
    PRE_MERGER_LUXEMBOURG,
    RegisteredCpas,
    build_registry,
)
from warehouse.compliance.rules import (
    CpasEvent,
    DeadlineStatus,
    Installation,
    RuleFileError,
    RuleSet,
    add_months,
    compute_deadlines,
    load_installations,
    load_rules,
)

log = logging.getLogger(__name__)

URL_PREFIXES = ("http://", "https://")
_BASTOGNE_OLD, _BERTOGNE_OLD = (nis for nis, _name in PRE_MERGER_LUXEMBOURG)


@dataclass
class DeadlineComputation:
    """What one computation stored: when, for which day, with which rules, and the counts."""

    as_of: date
    due_soon_days: int
    rules_version: str
    computed_at: datetime
    n_rows: int = 0
    n_events_used: int = 0
    n_publication_urls: int = 0
    skipped: list[str] = field(default_factory=list)
    by_status: Counter[str] = field(default_factory=Counter)


def registry_rows(legislatures: Sequence[str] = LEGISLATURES) -> list[RegisteredCpas]:
    """The registry of every CPAS bound by art. 27ter in ``legislatures`` (253 + 252 by default)."""
    return [cpas for leg in legislatures for cpas in build_registry(leg)]


def _write_registry(con: duckdb.DuckDBPyConnection, registry: Sequence[RegisteredCpas]) -> None:
    now = datetime.now()
    con.execute("DELETE FROM core_cpas_registry")
    con.executemany(
        "INSERT INTO core_cpas_registry VALUES (?, ?, ?, ?, ?, ?)",
        [(c.nis_code, c.name, c.province, c.province_code, c.legislature, now) for c in registry],
    )


def _in_transaction(con: duckdb.DuckDBPyConnection, work) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        work()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def refresh_registry(con: duckdb.DuckDBPyConnection) -> int:
    """Replace ``core_cpas_registry`` with the CPAS bound in both legislatures; return the row count."""
    registry = registry_rows()
    _in_transaction(con, lambda: _write_registry(con, registry))
    return len(registry)


def legislature_of(rules: RuleSet, kind: str, day: date) -> str | None:
    """The legislature an event of ``kind`` on ``day`` belongs to, for a document that does not say.

    A legislature runs from its first possible installation to the next one's. A final
    evaluation may be presented to the next council (the rule's grace months): it belongs to the
    legislature it closes.
    """
    legs = sorted(rules.legislatures, key=lambda leg: leg.installation_from)
    if kind == "evaluation_final":
        for leg in legs:
            grace = max(
                (r.evidence_grace_months for r in rules.rules_for(leg.id) if kind in r.event_kinds),
                default=0,
            )
            if leg.installation_from <= day <= add_months(leg.end, grace):
                return leg.id
    chosen = None
    for leg in legs:
        if leg.installation_from <= day or (chosen is None and leg.elections <= day):
            chosen = leg.id
    return chosen


def _cpas_key(nis_code: str, legislature: str, hint: str) -> str:
    """The registry key of a CPAS in a legislature, across the Bastogne–Bertogne merger."""
    # The parser knows today's codes: both Bastogne and Bertogne documents come as 82039.
    if legislature == "2018-2024" and nis_code == BASTOGNE_MERGED_NIS:
        return _BERTOGNE_OLD if "bertogne" in fold(hint) else _BASTOGNE_OLD
    if legislature != "2018-2024" and nis_code in (_BASTOGNE_OLD, _BERTOGNE_OLD):
        return BASTOGNE_MERGED_NIS
    return nis_code


@dataclass(frozen=True)
class _Doc:
    document_id: str
    source_file: str
    source_path: str


def _read_events(
    con: duckdb.DuckDBPyConnection, rules: RuleSet, skipped: list[str]
) -> tuple[dict[str, list[CpasEvent]], dict[str, _Doc], dict[str, list[str]]]:
    """Events of the current documents, by legislature; the documents; each doc's legislatures."""
    rows = con.execute(
        """SELECT e.kind, e.event_date, e.precision, e.is_planned, e.delegated_to_bureau,
                  e.evidence_text, e.page, e.paragraph_index, d.document_id, d.source_file,
                  d.source_path, d.nis_code, d.legislature, d.cpas_name
           FROM core_events e JOIN core_documents d USING (document_id)
           WHERE d.is_current AND d.parse_status <> 'failed'
           ORDER BY d.document_id, e.event_date"""
    ).fetchall()
    known_legs = {leg.id for leg in rules.legislatures}
    by_leg: dict[str, list[CpasEvent]] = {leg: [] for leg in known_legs}
    docs: dict[str, _Doc] = {}
    doc_legs: dict[str, list[str]] = {}
    for (kind, day, precision, planned, delegated, evidence, page, para, doc_id, source_file,
         source_path, nis, doc_leg, cpas_name) in rows:
        if not nis:
            skipped.append(f"{source_file}: {kind} {day}: document not attributed to a CPAS")
            continue
        leg = doc_leg if doc_leg in known_legs else legislature_of(rules, kind, day)
        if leg is None:
            skipped.append(f"{source_file}: {kind} {day}: no legislature for this date")
            continue
        docs[doc_id] = _Doc(doc_id, source_file, source_path)
        if not planned:
            doc_legs.setdefault(doc_id, []).append(leg)
        event = Event(
            kind=kind,
            event_date=day,
            precision=DatePrecision(precision),
            is_planned=planned,
            delegated_to_bureau=delegated,
            evidence_text=evidence,
            provenance=Provenance(page=page, paragraph_index=para),
        )
        key = _cpas_key(nis, leg, f"{cpas_name} {source_file}")
        by_leg[leg].append(CpasEvent(key, event, source_file=doc_id))
    return by_leg, docs, doc_legs


def _publication_events(
    con: duckdb.DuckDBPyConnection,
    rules: RuleSet,
    as_of: date,
    doc_legs: dict[str, list[str]],
    skipped: list[str],
) -> list[tuple[str, CpasEvent, _Doc]]:
    """One ``published`` event per current document found at a URL: (legislature, event, doc).

    Dated the day the URL was first loaded (the day the plan was seen online). A document that
    does not give its legislature takes the one of its latest dated event; with none, it is
    skipped rather than guessed from the day it was fetched.
    """
    rows = con.execute(
        """SELECT d.document_id, d.source_file, d.source_path, d.nis_code, d.legislature,
                  d.cpas_name, (SELECT min(v.loaded_at) FROM core_documents v
                                WHERE v.source_key = d.source_key)::DATE AS first_seen
           FROM core_documents d
           WHERE d.is_current AND d.parse_status <> 'failed' AND d.nis_code IS NOT NULL
             -- an evaluation report online is not the plan
             AND d.doc_kind IN ('pst', 'deliberation', 'web_summary', 'unknown')
             AND (lower(d.source_path) LIKE 'http://%' OR lower(d.source_path) LIKE 'https://%')"""
    ).fetchall()
    known_legs = {leg.id for leg in rules.legislatures}
    out: list[tuple[str, CpasEvent, _Doc]] = []
    for doc_id, source_file, url, nis, doc_leg, cpas_name, first_seen in rows:
        leg = doc_leg if doc_leg in known_legs else (doc_legs.get(doc_id) or [None])[-1]
        if leg is None:
            skipped.append(f"{url}: publication not attributed: the document gives no legislature")
            continue
        if first_seen > as_of:
            continue
        event = Event(
            kind="published",
            event_date=first_seen,
            precision=DatePrecision.DAY,
            evidence_text=f"Plan found online at {url} (first seen on {first_seen.isoformat()}).",
        )
        key = _cpas_key(nis, leg, f"{cpas_name} {source_file}")
        out.append((leg, CpasEvent(key, event, source_file=doc_id), _Doc(doc_id, source_file, url)))
    return out


def _row(status: DeadlineStatus, docs: dict[str, _Doc], rules: RuleSet, as_of: date,
         due_soon_days: int, computed_at: datetime) -> tuple:
    doc = docs.get(status.evidence_source_file or "")
    legal = {r.id: r.legal_reference for r in rules.rules}
    return (
        status.nis_code, status.cpas_name, status.province, status.legislature,
        status.obligation, status.rule_id, legal.get(status.rule_id), status.clock_start,
        status.due_from, status.due_to, status.done_date,
        status.done_precision.value if status.done_precision else None,
        status.status.value, status.days_late, status.evidence_text,
        doc.source_file if doc else None, doc.source_path if doc else None,
        doc.document_id if doc else None, status.note, as_of, due_soon_days,
        rules.version, rules.updated, computed_at,
    )


_DEADLINE_COLUMNS = (
    "nis_code", "cpas_name", "province", "legislature", "obligation", "rule_id",
    "legal_reference", "clock_start", "due_from", "due_to", "done_date", "done_precision",
    "status", "days_late", "evidence_text", "evidence_source_file", "evidence_source_path",
    "evidence_document_id", "note", "as_of", "due_soon_days", "rules_version", "rules_updated",
    "computed_at",
)


def _insert_deadlines(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> None:
    # executemany costs ~1.5 s for the 2,525 rows; a scanned DataFrame takes milliseconds.
    import pandas as pd

    frame = pd.DataFrame.from_records(rows, columns=list(_DEADLINE_COLUMNS))
    con.register("_deadline_rows", frame)
    try:
        con.execute(
            f"INSERT INTO core_deadlines SELECT {', '.join(_DEADLINE_COLUMNS)} FROM _deadline_rows"
        )
    finally:
        con.unregister("_deadline_rows")


def compute_and_store_deadlines(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    due_soon_days: int = 90,
    *,
    rules_path: str | Path = RULES_FILE,
    installations_path: str | Path = INSTALLATIONS_FILE,
) -> DeadlineComputation:
    """Compute every CPAS × legislature × obligation status on ``as_of`` and store it.

    Replaces ``core_cpas_registry`` and ``core_deadlines`` and logs the computation in
    ``core_deadline_runs``, in one transaction: readers see the previous computation or the
    new one, never a mix.
    """
    rules = load_rules(rules_path)
    installations: list[Installation] = load_installations(installations_path)
    computed_at = datetime.now()
    result = DeadlineComputation(as_of, due_soon_days, rules.version, computed_at)
    events_by_leg, docs, doc_legs = _read_events(con, rules, result.skipped)
    for leg, event, doc in _publication_events(con, rules, as_of, doc_legs, result.skipped):
        events_by_leg.setdefault(leg, []).append(event)
        docs[doc.document_id] = doc
        result.n_publication_urls += 1

    registry: list[RegisteredCpas] = []
    statuses: list[DeadlineStatus] = []
    for leg in LEGISLATURES:
        leg_registry = build_registry(leg)
        registry += leg_registry
        leg_events = events_by_leg.get(leg, [])
        result.n_events_used += sum(
            1 for e in leg_events if not e.event.is_planned and e.event.event_date <= as_of
        )
        statuses += compute_deadlines(
            leg_registry, rules, installations, leg_events, as_of, due_soon_days
        )
    rows = [_row(s, docs, rules, as_of, due_soon_days, computed_at) for s in statuses]

    def write() -> None:
        _write_registry(con, registry)
        con.execute("DELETE FROM core_deadlines")
        _insert_deadlines(con, rows)
        con.execute(
            "INSERT INTO core_deadline_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [computed_at, as_of, due_soon_days, rules.version, rules.updated,
             str(Path(rules_path)), len(rows), "; ".join(result.skipped) or None],
        )

    _in_transaction(con, write)
    result.n_rows = len(rows)
    result.by_status = Counter(s.status.value for s in statuses)
    return result


def refresh_deadlines(
    con: duckdb.DuckDBPyConnection, as_of: date | None = None
) -> DeadlineComputation | None:
    """Recompute the deadlines after a load (``as_of`` defaults to today).

    A broken rule or installation file must not turn a finished load into a failure: it is
    logged, the previous computation stays, and None is returned.
    """
    try:
        return compute_and_store_deadlines(con, as_of or date.today())
    except (RuleFileError, ValueError, OSError) as exc:
        log.warning("deadlines not refreshed: %s", exc)
        return None
