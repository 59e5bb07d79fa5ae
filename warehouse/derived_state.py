"""``core_analysis_state``: what each derived result (schema, plans, deadlines, search index, themes, similar
actions) was last computed from — the one place its rows are read and written.

No statement binds a parameter (DuckDB imports pandas to bind one, 0.6 s): read commands check staleness first,
and a new warehouse records its schema before anything else needs pandas.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse.sql import sql_row, sql_text


@dataclass(frozen=True)
class StateRecord:
    """One row of ``core_analysis_state``, its parameters read back from JSON."""

    fingerprint: str
    method: str | None
    params: dict
    n_rows: int | None
    seconds: float | None
    computed_at: datetime


def stored_record(con: duckdb.DuckDBPyConnection, name: str) -> StateRecord | None:
    """What ``name`` was last computed from (None: never computed)."""
    row = con.execute(
        "SELECT fingerprint, method, params, n_rows, seconds, computed_at FROM core_analysis_state "
        f"WHERE name = {sql_text(name)}"
    ).fetchone()
    if row is None:
        return None
    try:
        params = json.loads(row[2]) if row[2] else {}
    except ValueError:
        params = {}
    return StateRecord(row[0], row[1], params if isinstance(params, dict) else {}, *row[3:])


def stored_fingerprint(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """Fingerprint the derived result ``name`` was last computed from (None: never computed)."""
    record = stored_record(con, name)
    return record.fingerprint if record else None


def inputs_digest(values: Iterable[object], files: Iterable[Path]) -> str:
    """Digest of what a result is computed from: ``values`` (other digests, a day...) and the bytes of ``files``
    (rule files, the code that computes it), each file with its name."""
    digest = hashlib.sha256("|".join(str(v) for v in values).encode())
    for path in files:
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def forget_state(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop the record of ``name``: it is computed again at its next refresh."""
    con.execute(f"DELETE FROM core_analysis_state WHERE name = {sql_text(name)}")


def record_state(
    con: duckdb.DuckDBPyConnection,
    name: str,
    fingerprint: str,
    *,
    method: str | None = None,
    params: dict | None = None,
    n_rows: int | None = None,
    seconds: float | None = None,
    computed_at: datetime | None = None,
) -> None:
    """Record what ``name`` was just computed from (replacing its last record), inside the caller's transaction."""
    row = [name, fingerprint, method, None if params is None else json.dumps(params, sort_keys=True), n_rows, seconds,
           computed_at or datetime.now()]
    # Literals: a new warehouse records its schema before any document is loaded, and binding a parameter would
    # import pandas there, before the first parse starts (0.8 s of the critical path). An upsert, not a delete
    # then an insert: while another connection's transaction is open (the search index is brought up to date
    # beside the analysis), DuckDB refuses to insert again a key deleted outside the inserting transaction.
    updated = ", ".join(f"{c} = excluded.{c}" for c in ("fingerprint", "method", "params", "n_rows", "seconds",
                                                         "computed_at"))
    con.execute(f"INSERT INTO core_analysis_state VALUES {sql_row(row)} ON CONFLICT (name) DO UPDATE SET {updated}")


__all__ = ["StateRecord", "forget_state", "inputs_digest", "record_state", "stored_fingerprint", "stored_record"]
