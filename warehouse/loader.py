"""Write parsed documents into the DuckDB warehouse, one transaction per document.

Loads are idempotent (same source + same bytes + same parser version → nothing written,
reported ``unchanged``) and atomic (a document's rows appear all together or not at all).
Changed bytes at the same source make a new version; the old one stays queryable. The same
bytes at another path or URL are the same document: the new place is recorded as one more of
its locations (``duplicate``), nothing is loaded twice. A readable document with no plan in it
is ``no_plan_found``, not ``loaded``.

Each load keeps the parse as it came (``core_parsed_*``) next to the rows analysts read, and
relinks the plans of the document's CPAS (``warehouse.plans``) in the same transaction, so
``v_plan_items`` counts each plan once after every load; a run's writer defers that relinking to
its publications (``defer_links``), so every published state is linked. Corrections are re-applied
by the after-load step.
"""

from __future__ import annotations

import hashlib
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipeline.core.errors import ENVIRONMENT_ERRORS
from pipeline.core.model import Level, ParsedDocument
from pipeline.core.settings import PARSER_VERSION
from warehouse.derived_state import inputs_digest, record_state, stored_fingerprint
from warehouse.plans.corrections import ITEM_COLUMNS
from warehouse.plans.identity import groups_of, link_plans
from warehouse.plans.quality import refresh_quality
from warehouse.snapshot import (  # noqa: F401 - connect and WarehouseBusy imported from here by callers
    PublishClock,
    WarehouseBusy,
    WriterLock,
    connect,
    publish,
    publish_closed,
    start_copy,
)
from warehouse.sql import insert_many, sql_literal, sql_row

if TYPE_CHECKING:  # a type only: the parser stack costs a second to every command that opens the warehouse
    from normalizers.parse import ParseResult

SCHEMA_PACKAGE = "warehouse.schema"


@dataclass(frozen=True)
class OutcomeCounts:
    """Documents of a run per outcome; ``changed`` is what a load wrote (new, new version, re-parsed,
    or a readable document with no plan in it); ``duplicate``: the same bytes found at another place."""

    loaded: int = 0
    new_version: int = 0
    reparsed: int = 0
    unchanged: int = 0
    failed: int = 0
    no_plan_found: int = 0
    duplicate: int = 0

    @classmethod
    def of(cls, outcomes: Iterable[str]) -> OutcomeCounts:
        """Count outcome names (``loaded``, ``new_version``, ``reparsed``, ``unchanged``, ``failed``,
        ``no_plan_found``, ``duplicate``)."""
        counted = Counter(outcomes)
        return cls(**{f.name: counted.get(f.name, 0) for f in fields(cls)})

    @property
    def changed(self) -> int:
        """Documents whose rows were written by the run."""
        return self.loaded + self.new_version + self.reparsed + self.no_plan_found

    @property
    def total(self) -> int:
        """Every document of the run."""
        return self.changed + self.unchanged + self.failed + self.duplicate


@dataclass(frozen=True)
class LoadOutcome:
    """What a load did to one document: ``loaded``, ``new_version``, ``reparsed``, ``no_plan_found`` (readable,
    no plan in it), ``duplicate`` (same bytes as a loaded document: one more location), ``unchanged`` or ``failed``."""

    status: str
    document_id: str
    version_no: int


def schema_files() -> list[tuple[str, str]]:
    """The schema's SQL files, in name order (core tables first, then views)."""
    folder = resources.files(SCHEMA_PACKAGE)
    return sorted((f.name, f.read_text(encoding="utf-8")) for f in folder.iterdir() if f.name.endswith(".sql"))


def read_query(path: str | Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of an analyst's query, on a read-only connection (``duckdb.Error`` if it fails)."""
    con = connect(path, read_only=True)
    try:
        rel = con.execute(sql)
        return [d[0] for d in rel.description or []], rel.fetchall()
    finally:
        con.close()


def document_id(source_key: str, sha256: str) -> str:
    """Stable id of one version of one source: hash of where it came from and its bytes."""
    return hashlib.sha256(f"{source_key}\0{sha256}".encode()).hexdigest()[:20]


def _why_empty(p: ParsedDocument) -> str:
    """The message of a readable document in which no objective or action was found."""
    return (
        f"readable ({p.format.value}, {p.page_count or '?'} page(s), kind {p.doc_kind.value}) but no objective "
        "or action found: not a PST, or a layout the parser does not recognize"
    )


@dataclass(frozen=True)
class HeldSource:
    """What a place (file path or URL) holds now: its document's id, bytes, parser version and outcome."""

    document_id: str
    sha256: str | None
    parser_version: str | None
    parse_status: str
    error_code: str | None
    counts: tuple[str | None, int, int, int] = (None, 0, 0, 0)  # cpas_name, OS, OO, actions
    is_copy: bool = False  # the same bytes as a document loaded from another place

    def loaded_as(self, sha256: str, parser_version: str) -> bool:
        """These bytes, read by this parser version (see ``Warehouse.known``)."""
        return self.sha256 == sha256 and self.parser_version == parser_version

    @property
    def failed_by_environment(self) -> bool:
        """Its own version failed for a reason of the machine (see ``Warehouse.failed_by_environment``)."""
        return not self.is_copy and self.parse_status == "failed" and self.error_code in ENVIRONMENT_ERRORS


class Warehouse:
    """The single writer of a warehouse file: it works on a private copy and publishes it (``warehouse.snapshot``),
    so readers of the published file are never blocked; a second writer gets ``WarehouseBusy``.

    ``defer_links``: the plans of the loaded documents' CPAS are relinked before each publication and at the
    end, not after every document (a run's after-load step relinks every plan anyway); what is published is
    always linked."""

    def __init__(self, path: str | Path, *, publish_seconds: float | None = None, defer_links: bool = False):
        self.path = Path(path)
        self._defer_links = defer_links
        self._pending_docs: set[str] = set()
        self._pending_groups: set[str] = set()
        self._lock = WriterLock(self.path)
        try:
            self._work = start_copy(self.path)
            self.con = connect(self._work)
        except BaseException:
            self._lock.release()
            raise
        self._clock = PublishClock(publish_seconds)
        try:
            self.ensure_schema()
        except BaseException:
            self.con.close()
            self._lock.release()
            raise

    def close(self) -> None:
        """Close the connection (checkpointing its log) and publish what was committed; then let the next
        writer in. Safe to call twice."""
        if self._lock.fd < 0:
            return
        try:
            self.link_pending()
            self.con.close()
            publish_closed(self._work, self.path)
        finally:
            self._lock.release()

    def publish(self) -> None:
        """Publish the committed state now (readers opening the warehouse from now on see it)."""
        self.link_pending()
        publish(self.con, self._work, self.path)

    def link_pending(self) -> None:
        """Relink the plans that deferred loads left behind (``defer_links``), in one transaction."""
        if not (self._pending_docs or self._pending_groups):
            return
        docs, groups = sorted(self._pending_docs), set(self._pending_groups)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._link(docs, groups)
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")
        self.pending_links_done()

    def pending_links_done(self) -> None:
        """Every plan was relinked by the caller (the after-load step's plans step): nothing is pending."""
        self._pending_docs.clear()
        self._pending_groups.clear()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ensure_schema(self) -> None:
        """Create missing tables and (re)create the views, unless the schema files are those that built them; safe
        to run on every open. One transaction: a process killed meanwhile leaves the schema as it was (or none),
        never tables without their views."""
        files = schema_files()
        digest = inputs_digest([f"{name}\0{sql}" for name, sql in files], [])
        if self._schema_digest() == digest:  # the same files made it: 0.5 s of CREATE … IF NOT EXISTS saved
            return
        with self._transaction():
            for _name, sql in files:
                self.con.execute(sql)
            record_state(self.con, "schema", digest, n_rows=len(files))

    def _schema_digest(self) -> str | None:
        """Digest of the schema files that last built this warehouse's schema (None: built before it was kept)."""
        try:
            return stored_fingerprint(self.con, "schema")
        except duckdb.CatalogException:
            return None

    # ---- runs ----------------------------------------------------------------------------
    def start_run(self, code_version: str, parser_version: str) -> str:
        """Record the start of an ingest run and return its id."""
        run_id = datetime.now().strftime("%Y%m%dT%H%M%S-") + uuid.uuid4().hex[:6]
        # The run record is written as literals: DuckDB imports pandas to bind a parameter (0.5 s), and an
        # unchanged run writes nothing else.
        row = {"run_id": run_id, "started_at": datetime.now(), "code_version": code_version,
               "parser_version": parser_version, "status": "running"}
        self.con.execute(f"INSERT INTO core_runs ({', '.join(row)}) VALUES {sql_row(row.values())}")
        return run_id

    def end_run(self, run_id: str, counts: OutcomeCounts) -> None:
        """Record the end of a run with its counts."""
        ended = {"ended_at": datetime.now(), "n_documents": counts.total, "n_loaded": counts.changed,
                 "n_unchanged": counts.unchanged, "n_failed": counts.failed, "status": "finished"}
        sets = ", ".join(f"{k} = {sql_literal(v)}" for k, v in ended.items())
        self.con.execute(f"UPDATE core_runs SET {sets} WHERE run_id = {sql_literal(run_id)}")

    def failed_by_environment(self, source_key: str) -> bool:
        """True when the current version of a source failed for a reason of the machine, not of the document
        (OCR or LibreOffice missing, an unreadable file: ``ENVIRONMENT_ERRORS``): it is parsed again."""
        row = self.con.execute(
            "SELECT error_code FROM core_documents WHERE source_key = ? AND is_current AND parse_status = 'failed'",
            [source_key],
        ).fetchone()
        return row is not None and row[0] in ENVIRONMENT_ERRORS

    # ---- documents -----------------------------------------------------------------------
    def known(self, source_key: str, sha256: str, parser_version: str) -> bool:
        """True when this exact version was already loaded by this parser version (here or as a copy elsewhere)."""
        prior = self._current(source_key) or self._alias(source_key)
        return prior is not None and prior[1] == sha256 and prior[2] == parser_version

    def held_sources(self) -> dict[str, HeldSource]:
        """What every known place holds now (its current version, else the document it is a copy of), in one query
        without bound parameters (DuckDB imports pandas to bind one): an unchanged run's look at its files."""
        rows = self.con.execute(
            """SELECT place, document_id, sha256, parser_version, parse_status, error_code, cpas_name,
                      coalesce(n_os, 0), coalesce(n_oo, 0), coalesce(n_actions, 0), is_copy
               FROM (SELECT source_key AS place, *, false AS is_copy FROM core_documents WHERE is_current
                     UNION ALL BY NAME
                     SELECT l.source_key AS place, d.*, true AS is_copy
                     FROM core_document_locations l JOIN core_documents d USING (document_id)
                     WHERE l.is_current AND d.is_current)
               ORDER BY is_copy DESC"""  # own versions last: they win over a copy recorded for the same place
        ).fetchall()
        return {r[0]: HeldSource(*r[1:6], counts=(r[6], *r[7:10]), is_copy=r[10]) for r in rows}

    def current_document_id(self, source_key: str) -> str | None:
        """Id of the document the source holds now (its current version, or the document it is a copy of)."""
        found = self._current(source_key) or self._alias(source_key)
        return found[0] if found else None

    def load(
        self,
        parsed: ParsedDocument,
        source_key: str,
        *,
        run_id: str | None = None,
        byte_size: int | None = None,
        parse_seconds: float | None = None,
    ) -> LoadOutcome:
        """Load one parsed document atomically; see the module docstring for the versioning rules."""
        doc_id = document_id(source_key, parsed.sha256)
        stats = (run_id, byte_size, parse_seconds)
        with self._transaction():
            prior = self._current(source_key)
            if prior and prior[1] == parsed.sha256 and prior[2] == parsed.parser_version and prior[3] != "failed":
                return LoadOutcome("unchanged", prior[0], prior[4])
            alias = self._alias(source_key)
            if alias and alias[1] == parsed.sha256:  # this place holds a copy of a loaded document
                self._touch_location(alias[0], source_key)
                if alias[2] == parsed.parser_version:
                    return LoadOutcome("unchanged", alias[0], alias[4])
                self._reparse_in_place(alias[0], parsed, stats)
                return LoadOutcome("reparsed" if parsed.items else "no_plan_found", alias[0], alias[4])
            if alias:
                self._leave_location(source_key)
            twin = self._twin(parsed.sha256, source_key)
            if twin is not None:  # the same bytes are loaded from another place: one document, one more location
                touched = [twin[0], prior[0] if prior else None]
                if prior:
                    self._retire(source_key)
                self._add_location(twin[0], source_key, parsed.source_file, parsed.warnings)
                if twin[2] != parsed.parser_version:
                    self._reparse_in_place(twin[0], parsed, stats)
                self._relink(touched)
                return LoadOutcome("duplicate", twin[0], twin[4])
            groups = groups_of(self.con, [prior[0]]) if prior else set()
            status, version_no = self._make_room(prior, doc_id, source_key, parsed.sha256)
            self._insert_document(parsed, doc_id, source_key, version_no, *stats)
            self._relink([doc_id], groups)
        if not parsed.items:
            status = "no_plan_found"
        return LoadOutcome(status, doc_id, version_no)

    def store(self, result: ParseResult, *, run_id: str | None = None) -> LoadOutcome:
        """Write one parse result: its document (``load``) or its failure (``record_failure``)."""
        if result.document is not None:
            return self.load(
                result.document,
                result.source_key,
                run_id=run_id,
                byte_size=result.byte_size,
                parse_seconds=result.seconds,
            )
        f = result.failure
        assert f is not None
        return self.record_failure(
            source_key=result.source_key,
            source_file=f.source_file,
            sha256=f.sha256,
            fmt=f.format,
            error_code=f.error_code,
            error=f.error,
            parser_version=PARSER_VERSION,
            run_id=run_id,
            byte_size=f.byte_size,
        )

    def record_failure(
        self,
        *,
        source_key: str,
        source_file: str,
        sha256: str | None,
        fmt: str | None,
        error_code: str,
        error: str,
        parser_version: str,
        run_id: str | None = None,
        byte_size: int | None = None,
    ) -> LoadOutcome:
        """Record a document that could not be read, as its own version with parse_status=failed."""
        doc_id = document_id(source_key, sha256 or "unreadable")
        with self._transaction():
            prior = self._current(source_key)
            if prior and prior[1] == sha256 and prior[2] == parser_version and prior[3] == "failed":
                return LoadOutcome("unchanged", prior[0], prior[4])
            if self._alias(source_key):
                self._leave_location(source_key)
            groups = groups_of(self.con, [prior[0]]) if prior else set()
            _, version_no = self._make_room(prior, doc_id, source_key, sha256)
            self._insert_row(
                "core_documents",
                {
                    "document_id": doc_id,
                    "source_key": source_key,
                    "source_file": source_file,
                    "source_path": source_key,
                    "sha256": sha256,
                    "byte_size": byte_size,
                    "format": fmt,
                    "version_no": version_no,
                    "is_current": True,
                    "parse_status": "failed",
                    "error_code": error_code,
                    "error": error,
                    "parser_version": parser_version,
                    "run_id": run_id,
                    "loaded_at": datetime.now(),
                },
            )
            self._relink([doc_id], groups)
        return LoadOutcome("failed", doc_id, version_no)

    # ---- internals -------------------------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One document, one transaction: all its rows or none (an early return commits nothing new)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")
        if self._clock.due():  # a long run publishes as it goes: a crash loses a few minutes at most
            self.publish()

    def _current(self, source_key: str) -> tuple | None:
        """(document_id, sha256, parser_version, parse_status, version_no) of the current version of a source."""
        return self.con.execute(
            """SELECT document_id, sha256, parser_version, parse_status, version_no
               FROM core_documents WHERE source_key = ? AND is_current""",
            [source_key],
        ).fetchone()

    def _make_room(self, prior: tuple | None, doc_id: str, source_key: str, sha256: str | None) -> tuple[str, int]:
        """Same bytes: replace that version's rows (re-parse). New bytes: retire the current version."""
        if prior and prior[1] == sha256:
            self._delete_document(prior[0])
            return "reparsed", prior[4]
        if prior:
            self._retire(source_key)
            return "new_version", prior[4] + 1
        return "loaded", self._next_version_no(source_key)

    def _next_version_no(self, source_key: str) -> int:
        """1 for a new source; after the versions a source already had (it held a copy meanwhile)."""
        sql = "SELECT max(version_no) FROM core_documents WHERE source_key = ?"
        row = self.con.execute(sql, [source_key]).fetchone()
        return (row[0] or 0) + 1

    def _retire(self, source_key: str) -> None:
        """The source moved to other bytes: its current version is no longer current, unless a copy of
        those bytes is still found elsewhere — then the document moves to that place and stays current."""
        cur = self._current(source_key)
        copy = cur and self.con.execute(
            """SELECT source_key, source_file, first_seen_at FROM core_document_locations
               WHERE document_id = ? AND is_current ORDER BY first_seen_at, source_key LIMIT 1""",
            [cur[0]],
        ).fetchone()
        if not copy:
            self.con.execute("UPDATE core_documents SET is_current = false WHERE source_key = ?", [source_key])
            return
        old = self.con.execute(
            "SELECT source_file, loaded_at, warnings FROM core_documents WHERE document_id = ?", [cur[0]]
        ).fetchone()
        self.con.execute(
            """UPDATE core_documents SET source_key = ?, source_path = ?, source_file = ?, version_no = ?
               WHERE document_id = ?""",
            [copy[0], copy[0], copy[1], self._next_version_no(copy[0]), cur[0]],
        )
        self.con.execute(
            "DELETE FROM core_document_locations WHERE document_id = ? AND source_key = ?", [cur[0], copy[0]]
        )
        self.con.execute(
            "INSERT INTO core_document_locations VALUES (?, ?, ?, ?, ?, false, ?)",
            [cur[0], source_key, old[0], old[1], datetime.now(), old[2]],
        )

    def _alias(self, source_key: str) -> tuple | None:
        """(document_id, sha256, parser_version, parse_status, version_no) of the document a place holds a copy of."""
        return self.con.execute(
            """SELECT d.document_id, d.sha256, d.parser_version, d.parse_status, d.version_no
               FROM core_document_locations l JOIN core_documents d USING (document_id)
               WHERE l.source_key = ? AND l.is_current AND d.is_current""",
            [source_key],
        ).fetchone()

    def _twin(self, sha256: str, source_key: str) -> tuple | None:
        """The current readable document with these bytes loaded from another place, if any."""
        return self.con.execute(
            """SELECT document_id, sha256, parser_version, parse_status, version_no FROM core_documents
               WHERE sha256 = ? AND is_current AND parse_status <> 'failed' AND source_key <> ?
               ORDER BY loaded_at LIMIT 1""",
            [sha256, source_key],
        ).fetchone()

    def _add_location(self, doc_id: str, source_key: str, source_file: str, warnings: Iterable[str]) -> None:
        now = datetime.now()
        self.con.execute(
            "DELETE FROM core_document_locations WHERE document_id = ? AND source_key = ?", [doc_id, source_key]
        )
        self.con.execute(
            "INSERT INTO core_document_locations VALUES (?, ?, ?, ?, ?, true, ?)",
            [doc_id, source_key, source_file, now, now, "; ".join(warnings) or None],
        )

    def _touch_location(self, doc_id: str, source_key: str) -> None:
        self.con.execute(
            "UPDATE core_document_locations SET last_seen_at = ? WHERE document_id = ? AND source_key = ?",
            [datetime.now(), doc_id, source_key],
        )

    def _leave_location(self, source_key: str) -> None:
        """This place no longer holds the copy it held."""
        self.con.execute(
            "UPDATE core_document_locations SET is_current = false WHERE source_key = ? AND is_current", [source_key]
        )

    def _reparse_in_place(self, doc_id: str, parsed: ParsedDocument, stats: tuple) -> None:
        """Replace a document's rows with a new parse of the same bytes, keeping where it was loaded from."""
        key, file, version_no = self.con.execute(
            "SELECT source_key, source_file, version_no FROM core_documents WHERE document_id = ?", [doc_id]
        ).fetchone()
        self._delete_document(doc_id)
        self._insert_document(parsed.model_copy(update={"source_file": file}), doc_id, key, version_no, *stats)
        self._relink([doc_id])

    def _relink(self, doc_ids: list[str | None], groups: set[str] | None = None) -> None:
        """Parse quality of the loaded documents, then the plans of their CPAS (and of ``groups``); with
        ``defer_links``, noted for ``link_pending``."""
        ids = [i for i in doc_ids if i]
        if self._defer_links:
            self._pending_docs.update(ids)
            self._pending_groups.update(groups or ())
            return
        self._link(ids, groups)

    def _link(self, ids: list[str], groups: set[str] | None) -> None:
        refresh_quality(self.con, ids)
        link_plans(self.con, groups_of(self.con, ids) | (groups or set()))

    def _delete_document(self, doc_id: str) -> None:
        for table in (
            "core_plan_items", "core_parsed_items", "core_anomalies", "core_events", "core_documents",
            "core_parsed_documents", "core_parse_quality", "core_rendition_items", "core_plan_renditions",
        ):
            self.con.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc_id])

    def _insert_row(self, table: str, row: dict[str, object]) -> None:
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.con.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))

    def _insert_document(
        self,
        p: ParsedDocument,
        doc_id: str,
        source_key: str,
        version_no: int,
        run_id: str | None,
        byte_size: int | None,
        parse_seconds: float | None,
    ) -> None:
        self._insert_row(
            "core_documents",
            {
                "document_id": doc_id,
                "source_key": source_key,
                "source_file": p.source_file,
                "source_path": source_key,
                "sha256": p.sha256,
                "byte_size": byte_size,
                "format": p.format.value,
                "version_no": version_no,
                "is_current": True,
                "cpas_name": p.cpas_name,
                "nis_code": p.nis_code,
                "legislature": p.legislature,
                "doc_kind": p.doc_kind.value,
                "page_count": p.page_count,
                "n_os": p.count(Level.OS),
                "n_oo": p.count(Level.OO),
                "n_actions": p.count(Level.ACTION),
                "declared_os": p.declared.os,
                "declared_oo": p.declared.oo,
                "declared_actions": p.declared.action,
                "declared_actions_is_minimum": p.declared.action_is_minimum,
                "parse_status": "ok" if p.items else "empty",
                "error_code": None if p.items else "no_plan_items",
                "error": None if p.items else _why_empty(p),
                "warnings": "; ".join(p.warnings) or None,
                "parser_version": p.parser_version,
                "run_id": run_id,
                "loaded_at": datetime.now(),
                "parse_seconds": parse_seconds,
            },
        )
        con = self.con
        con.execute(
            "INSERT INTO core_parsed_documents VALUES (?, ?, ?, ?, ?)",
            [doc_id, p.cpas_name, p.nis_code, p.legislature, p.doc_kind.value],
        )
        if p.items:
            rows = [
                (
                    doc_id,
                    it.position,
                    it.level.value,
                    it.volet.value if it.volet else None,
                    it.axe,
                    it.number,
                    it.source_label,
                    it.title,
                    it.parent_number,
                    it.status.value if it.status else None,
                    it.progress_pct,
                    it.pilote,
                    it.partners,
                    it.due,
                    it.indicators,
                    it.description,
                    it.is_cpas,
                    it.provenance.page,
                    list(it.provenance.bbox) if it.provenance.bbox else None,
                    it.provenance.paragraph_index,
                    it.provenance.dom_path,
                    it.provenance.raw_text or None,
                )
                for it in p.items
            ]
            for table in ("core_parsed_items", "core_plan_items"):  # the parse, and the rows corrections rework
                insert_many(con, table, ITEM_COLUMNS, rows)
        if p.anomalies:
            con.executemany(
                "INSERT INTO core_anomalies VALUES (?, ?, ?, ?)",
                [(doc_id, a.kind, a.detail, a.number) for a in p.anomalies],
            )
        if p.events:
            con.executemany(
                "INSERT INTO core_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        doc_id,
                        e.kind,
                        e.event_date,
                        e.precision.value,
                        e.is_planned,
                        e.delegated_to_bureau,
                        e.evidence_text,
                        e.provenance.page,
                        e.provenance.paragraph_index,
                    )
                    for e in p.events
                ],
            )
