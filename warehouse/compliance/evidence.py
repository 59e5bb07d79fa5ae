"""Article 27ter deadlines in the warehouse: the registry of bound CPAS and the computed statuses.

``refresh_registry`` writes every CPAS bound by the rule (both legislatures) into
``core_cpas_registry``, so a CPAS without any document is visible. ``compute_and_store_deadlines``
reads the events of the current documents, attributes each to a CPAS (NIS code) and to the
legislature of its own date (``normalizers.facts.events.attribute_legislature``, with the
legislatures of the rule file; the document's legislature only breaks a tie), runs the pure
``warehouse.compliance.rules.compute_deadlines`` and replaces the content of ``core_deadlines``
in one transaction. A document found at an http(s) URL is the evidence of the plan's
publication. ``refresh_deadlines`` is what every load ends with (``warehouse.after_load``).

A computation for another day than today (``pst deadlines --as-of``) is a *session* one: its
rows go to a temporary ``core_deadlines`` of the connection, which shadows the shared table
for that connection only — the views other readers query keep showing the shared computation.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from normalizers.facts.events import LegislatureSpan, attribute_legislature
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
from warehouse.compliance.current import (  # noqa: F401 - DeadlineComputation, DUE_SOON_DAYS re-exported
    DUE_SOON_DAYS,
    DeadlineComputation,
    computation_inputs,
    stored_computation,
)
from warehouse.compliance.labels import (
    STATUS_LABELS,
    STATUS_SHORT_LABELS,
    obligation_label,
    status_label,
)
from warehouse.compliance.rules import (
    STATED_BY_DOCUMENT,
    CpasEvent,
    DeadlineStatus,
    Installation,
    RuleFileError,
    RuleSet,
    compute_deadlines,
    load_installations,
    load_rules,
)
from warehouse.derived_state import forget_state, record_state
from warehouse.sql import insert_many

log = logging.getLogger(__name__)

URL_PREFIXES = ("http://", "https://")
REGISTRY_COLUMNS = ("nis_code", "name", "province", "province_code", "legislature", "refreshed_at")
_BASTOGNE_OLD, _BERTOGNE_OLD = (nis for nis, _name in PRE_MERGER_LUXEMBOURG)


def registry_rows(legislatures: Sequence[str] = LEGISLATURES) -> list[RegisteredCpas]:
    """The registry of every CPAS bound by art. 27ter in ``legislatures`` (253 + 252 by default)."""
    return [cpas for leg in legislatures for cpas in build_registry(leg)]


def _write_registry(con: duckdb.DuckDBPyConnection, registry: Sequence[RegisteredCpas]) -> None:
    now = datetime.now()
    con.execute("DELETE FROM core_cpas_registry")
    insert_many(
        con, "core_cpas_registry", REGISTRY_COLUMNS,
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


def calendar_of(
    rules: RuleSet, installations: Sequence[Installation] = ()
) -> list[LegislatureSpan]:
    """The legislatures of the rule file as the event attribution needs them: elections and the
    installation window, stretched to the latest known installation (Comines-Warneton, March)."""
    spans = []
    for leg in sorted(rules.legislatures, key=lambda leg: leg.installation_from):
        latest = max(
            [leg.installation_to]
            + [w[1] for i in installations if i.legislature == leg.id and (w := i.window())]
        )
        spans.append(LegislatureSpan(leg.id, leg.elections, leg.installation_from, latest))
    return spans


def legislature_of(
    rules: RuleSet,
    kind: str,
    day: date,
    precision: DatePrecision = DatePrecision.DAY,
    text: str = "",
    document_legislature: str | None = None,
    installations: Sequence[Installation] = (),
) -> str | None:
    """The legislature an event of ``kind`` on ``day`` belongs to (see ``attribute_legislature``).

    The outgoing council acts until the next one is installed; a final evaluation may be
    presented to the next council and still close the previous legislature.
    """
    return attribute_legislature(
        kind, day, precision, text, document_legislature, calendar_of(rules, installations)
    )


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


@dataclass
class _Read:
    """The events of the current documents, by legislature, and what they tell."""

    by_leg: dict[str, list[CpasEvent]]
    docs: dict[str, _Doc]
    doc_legs: dict[str, list[str]]  # document → legislatures of its done events, in date order
    with_documents: dict[str, set[str]]  # legislature → CPAS keys with a document
    attributions: list[tuple]  # rows of core_event_legislatures


def _read_events(
    con: duckdb.DuckDBPyConnection, rules: RuleSet, installations: Sequence[Installation],
    skipped: list[str],
) -> _Read:
    """Events of the current documents, each in the legislature of its own date."""
    rows = con.execute(
        """SELECT e.kind, e.event_date, e.precision, e.is_planned, e.delegated_to_bureau,
                  e.evidence_text, e.page, e.paragraph_index, d.document_id, d.source_file,
                  d.source_path, d.nis_code, d.legislature, d.cpas_name
           FROM core_events e JOIN core_documents d USING (document_id)
           WHERE d.is_current AND d.parse_status <> 'failed'
           ORDER BY d.document_id, e.event_date"""
    ).fetchall()
    calendar = calendar_of(rules, installations)
    known_legs = {leg.id for leg in rules.legislatures}
    read = _Read({leg: [] for leg in known_legs}, {}, {}, {leg: set() for leg in known_legs}, [])
    for (kind, day, precision, planned, delegated, evidence, page, para, doc_id, source_file,
         source_path, nis, doc_leg, cpas_name) in rows:
        if not nis:
            skipped.append(f"{source_file} : {kind} du {day} : document attribué à aucun CPAS")
            continue
        precision = DatePrecision(precision)
        tie = doc_leg if doc_leg in known_legs else None
        leg = attribute_legislature(kind, day, precision, evidence, tie, calendar)
        if leg not in known_legs:
            skipped.append(f"{source_file} : {kind} du {day} : aucune législature pour cette date")
            continue
        read.docs[doc_id] = _Doc(doc_id, source_file, source_path)
        if not planned:
            read.doc_legs.setdefault(doc_id, []).append(leg)
        key = _cpas_key(nis, leg, f"{cpas_name} {source_file}")
        read.with_documents[leg].add(key)
        read.attributions.append((doc_id, kind, day, precision.value, planned, leg, key))
        event = Event(
            kind=kind,
            event_date=day,
            precision=precision,
            is_planned=planned,
            delegated_to_bureau=delegated,
            evidence_text=evidence,
            provenance=Provenance(page=page, paragraph_index=para),
            legislature=leg,
        )
        read.by_leg[leg].append(CpasEvent(key, event, source_file=doc_id))
    # A document counts for its stated legislature; one that states none and dates nothing
    # counts for every legislature (as in v_cpas_registry).
    for doc_id, nis, doc_leg, cpas_name, source_file in con.execute(
        """SELECT document_id, nis_code, legislature, cpas_name, source_file FROM core_documents
           WHERE is_current AND parse_status <> 'failed' AND nis_code IS NOT NULL"""
    ).fetchall():
        legs = [doc_leg] if doc_leg in known_legs else []
        if not legs and doc_id not in read.doc_legs:
            legs = sorted(known_legs)
        for leg in legs:
            read.with_documents[leg].add(_cpas_key(nis, leg, f"{cpas_name} {source_file}"))
    return read


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
            skipped.append(f"{url} : publication non attribuée, le document ne donne pas de législature")
            continue
        if first_seen > as_of:
            continue
        event = Event(
            kind="published",
            event_date=first_seen,
            precision=DatePrecision.DAY,
            evidence_text=f"Plan trouvé en ligne à {url} (vu pour la première fois le "
                          f"{first_seen.isoformat()}).",
            legislature=leg,
        )
        key = _cpas_key(nis, leg, f"{cpas_name} {source_file}")
        out.append((leg, CpasEvent(key, event, source_file=doc_id), _Doc(doc_id, source_file, url)))
    return out


def _state(value) -> str | None:
    return value.value if value is not None else None


def _row(status: DeadlineStatus, docs: dict[str, _Doc], rules: RuleSet, as_of: date,
         due_soon_days: int, computed_at: datetime) -> tuple:
    doc = docs.get(status.evidence_source_file or "")
    rule = next(r for r in rules.rules if r.id == status.rule_id)
    installation_source, note = status.installation_source, status.note
    if installation_source and installation_source.startswith(STATED_BY_DOCUMENT):
        # The events carry document ids: name the file that states the installation.
        doc_id = installation_source.removeprefix(STATED_BY_DOCUMENT)
        if doc_id in docs:
            installation_source = STATED_BY_DOCUMENT + docs[doc_id].source_file
            note = (note or "").replace(STATED_BY_DOCUMENT + doc_id, installation_source) or None
    other = rule.other_period if status.other_status is not None else None
    return (
        status.nis_code, status.cpas_name, status.province, status.legislature,
        status.obligation, status.rule_id, rule.legal_reference, status.clock_start,
        status.due_from, status.due_to, status.done_date,
        status.done_precision.value if status.done_precision else None,
        status.status.value, status.days_late, status.evidence_text,
        doc.source_file if doc else None, doc.source_path if doc else None,
        doc.document_id if doc else None, note, as_of, due_soon_days,
        rules.version, rules.updated, computed_at,
        status_label(status.status.value), obligation_label(status.obligation),
        status.is_indicative, status.period_months, rules.cite(rule.source),
        status.installation_from, status.installation_to, installation_source,
        status.other_period_months, status.other_due_from, status.other_due_to,
        _state(status.other_status),
        status_label(status.other_status.value) if status.other_status else None,
        status.other_days_late, rules.cite(other.source) if other else None,
        rule.delegation.counts if rule.delegation else None,
    )


DEADLINE_COLUMNS = (
    "nis_code", "cpas_name", "province", "legislature", "obligation", "rule_id",
    "legal_reference", "clock_start", "due_from", "due_to", "done_date", "done_precision",
    "status", "days_late", "evidence_text", "evidence_source_file", "evidence_source_path",
    "evidence_document_id", "note", "as_of", "due_soon_days", "rules_version", "rules_updated",
    "computed_at",
    # Added by issue 12 (ALTER TABLE … ADD COLUMN IF NOT EXISTS in 40_deadlines.sql).
    "status_label", "obligation_label", "is_indicative", "period_months", "rule_source",
    "installation_from", "installation_to", "installation_source",
    "other_period_months", "other_due_from", "other_due_to", "other_status",
    "other_status_label", "other_days_late", "other_rule_source", "delegated_act_counted",
)


def _insert_deadlines(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    # executemany costs ~1.5 s for the 2,525 rows; a scanned DataFrame takes milliseconds.
    import pandas as pd

    frame = pd.DataFrame.from_records(rows, columns=list(DEADLINE_COLUMNS))
    con.register("_deadline_rows", frame)
    try:
        cols = ", ".join(DEADLINE_COLUMNS)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _deadline_rows")
    finally:
        con.unregister("_deadline_rows")


def _database(con: duckdb.DuckDBPyConnection) -> str:
    name = con.execute("SELECT current_database()").fetchone()[0]
    return '"' + name.replace('"', '""') + '"'


def _session_table(con: duckdb.DuckDBPyConnection) -> str:
    """A temporary ``core_deadlines`` of this connection, shadowing the shared one in its views."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE core_deadlines AS "
        f"SELECT * FROM {_database(con)}.main.core_deadlines LIMIT 0"
    )
    return "temp.main.core_deadlines"


def compute_and_store_deadlines(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    due_soon_days: int = DUE_SOON_DAYS,
    *,
    rules_path: str | Path = RULES_FILE,
    installations_path: str | Path = INSTALLATIONS_FILE,
    shared: bool = True,
) -> DeadlineComputation:
    """Compute every CPAS × legislature × obligation status on ``as_of`` and store it.

    Shared (the default): replaces ``core_cpas_registry``, ``core_deadlines`` and
    ``core_event_legislatures`` and logs the computation in ``core_deadline_runs``, in one
    transaction: readers see the previous computation or the new one, never a mix. Session
    (``shared=False``): the rows go to a temporary table of this connection only (it works on a
    read-only connection); ``v_deadlines`` and ``v_compliance_summary`` show them to this
    connection, and nothing shared changes.
    """
    rules = load_rules(rules_path)
    installations: list[Installation] = load_installations(installations_path)
    computed_at = datetime.now()
    result = DeadlineComputation(as_of, due_soon_days, rules.version, computed_at, shared)
    read = _read_events(con, rules, installations, result.skipped)
    for leg, event, doc in _publication_events(con, rules, as_of, read.doc_legs, result.skipped):
        read.by_leg.setdefault(leg, []).append(event)
        read.docs[doc.document_id] = doc
        result.n_publication_urls += 1

    registry: list[RegisteredCpas] = []
    statuses: list[DeadlineStatus] = []
    for leg in LEGISLATURES:
        leg_registry = build_registry(leg)
        registry += leg_registry
        leg_events = read.by_leg.get(leg, [])
        result.n_events_used += sum(
            1 for e in leg_events if not e.event.is_planned and e.event.event_date <= as_of
        )
        statuses += compute_deadlines(
            leg_registry, rules, installations, leg_events, as_of, due_soon_days,
            with_documents=read.with_documents.get(leg, set()),
        )
    rows = [_row(s, read.docs, rules, as_of, due_soon_days, computed_at) for s in statuses]

    if shared:
        def write() -> None:
            # A session computation of this connection must not hide the shared one any more.
            con.execute("DROP TABLE IF EXISTS temp.main.core_deadlines")
            forget_state(con, "deadlines")  # see refresh_deadlines
            _write_registry(con, registry)
            con.execute("DELETE FROM core_deadlines")
            _insert_deadlines(con, "core_deadlines", rows)
            con.execute("DELETE FROM core_deadline_status_labels")
            con.executemany(
                "INSERT INTO core_deadline_status_labels VALUES (?, ?, ?, ?)",
                [(code, label, STATUS_SHORT_LABELS[code], i)
                 for i, (code, label) in enumerate(STATUS_LABELS.items())],
            )
            con.execute("DELETE FROM core_event_legislatures")
            if read.attributions:
                con.executemany(
                    "INSERT INTO core_event_legislatures VALUES (?, ?, ?, ?, ?, ?, ?)",
                    read.attributions,
                )
            con.execute(
                "INSERT INTO core_deadline_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [computed_at, as_of, due_soon_days, rules.version, rules.updated,
                 str(Path(rules_path)), len(rows), "; ".join(result.skipped) or None],
            )

        _in_transaction(con, write)
    else:
        _insert_deadlines(con, _session_table(con), rows)
    result.n_rows = len(rows)
    result.by_status = Counter(s.status.value for s in statuses)
    return result


def session_connection(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse for a session computation.

    Read-only, so it never changes what other readers see. A warehouse written by an older
    version (without the current deadline columns) is first brought up to date by one short
    write. Raises FileNotFoundError when there is no warehouse, ``WarehouseBusy`` when a writer
    holds it.
    """
    from warehouse.loader import Warehouse, connect

    con = connect(path, read_only=True)
    current = con.execute(
        """SELECT count(*) FROM duckdb_columns()
           WHERE table_name = 'core_deadlines' AND column_name = ?""",
        [DEADLINE_COLUMNS[-1]],
    ).fetchone()[0]
    if not current:
        con.close()
        Warehouse(path).close()
        con = connect(path, read_only=True)
    return con


def shared_computation(con: duckdb.DuckDBPyConnection) -> tuple[date, datetime] | None:
    """(as_of, computed_at) of the computation other readers see, or None when there is none."""
    row = con.execute(
        f"SELECT max(as_of), max(computed_at) FROM {_database(con)}.main.core_deadlines"
    ).fetchone()
    return None if row is None or row[0] is None else (row[0], row[1])


def refresh_deadlines(
    con: duckdb.DuckDBPyConnection,
    as_of: date | None = None,
    *,
    rules_path: str | Path = RULES_FILE,
    installations_path: str | Path = INSTALLATIONS_FILE,
) -> DeadlineComputation | None:
    """Recompute the deadlines after a load (``as_of`` defaults to today), unless the stored computation was made
    from the same day, documents, rule files and code (an unchanged weekly run re-runs nothing).

    A broken rule or installation file must not turn a finished load into a failure: it is
    logged, the previous computation stays, and None is returned.
    """
    as_of = as_of or date.today()
    try:
        inputs = computation_inputs(con, as_of, rules_path, installations_path)
        last = stored_computation(con, inputs)
        if last is not None:  # same day, documents, rules and code: what is stored is what would be computed
            return last
        result = compute_and_store_deadlines(con, as_of, rules_path=rules_path, installations_path=installations_path)
        record_state(con, "deadlines", inputs, method=result.rules_version, params={"as_of": as_of.isoformat()},
                     n_rows=result.n_rows, computed_at=result.computed_at)
        return result
    except (RuleFileError, ValueError, OSError) as exc:
        log.warning("deadlines not refreshed: %s", exc)
        return None
