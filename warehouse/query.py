"""Analysts' SQL (``pst sql``): one read-only query that reaches the warehouse and nothing else.

The connection is opened read-only with DuckDB's external access disabled and its configuration
locked: no ``COPY … TO`` (not even onto the warehouse file), no ``read_text`` / ``read_csv`` /
``glob`` of other files, no ``ATTACH``, no ``INSTALL`` / ``LOAD``, no ``SET`` that would undo it.
One statement per call, of a reading kind (``SELECT``, ``WITH``, ``FROM``, ``DESCRIBE``, ``SHOW``,
``SUMMARIZE``, ``EXPLAIN``, ``CALL``); anything else is refused before it runs, with a
``QueryRefused`` that says why.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.snapshot import connect

READING = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN, duckdb.StatementType.CALL})
LOCKED_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}
_WHAT = "pst sql runs one query that reads the warehouse (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)"


class QueryRefused(ValueError):
    """An analyst's query was not run: more than one statement, not a reading one, or outside the warehouse."""


def open_for_analysts(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection that reaches the warehouse only (errors as ``warehouse.loader.connect``)."""
    return connect(path, read_only=True, config=LOCKED_CONFIG)


def check_statement(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Raise ``QueryRefused`` unless ``sql`` is one reading statement (``duckdb.Error`` if it does not parse)."""
    statements = con.extract_statements(sql)
    if not statements:
        raise QueryRefused(f"no query given: {_WHAT}")
    if len(statements) > 1:
        kinds = ", ".join(s.type.name for s in statements)
        hint = " (a PIVOT needs its values listed: PIVOT … ON col IN (…))" if "PIVOT" in sql.upper() else ""
        raise QueryRefused(f"refused: {len(statements)} statements ({kinds}); {_WHAT}, one per call{hint}")
    kind = statements[0].type
    if kind not in READING:
        raise QueryRefused(f"refused: a {kind.name} statement; {_WHAT}")


def run_query(path: str | Path, sql: str) -> tuple[list[str], list[tuple]]:
    """Column names and rows of one analyst query on the warehouse at ``path``.

    ``QueryRefused`` when the query is not one reading statement or touches anything but the
    warehouse; ``duckdb.Error`` for other SQL errors; ``WarehouseBusy`` / ``FileNotFoundError``
    as ``warehouse.loader.connect``.
    """
    con = open_for_analysts(path)
    try:
        check_statement(con, sql)
        try:
            rel = con.execute(sql)
        except duckdb.PermissionException as exc:
            raise QueryRefused(
                "refused: pst sql reads the warehouse only — files, network and extensions are off "
                f"({str(exc).splitlines()[0]})"
            ) from exc
        if rel is None:
            return [], []
        return [d[0] for d in rel.description or []], rel.fetchall()
    finally:
        con.close()


__all__ = ["LOCKED_CONFIG", "QueryRefused", "check_statement", "open_for_analysts", "run_query"]
