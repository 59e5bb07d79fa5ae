"""Data tests, in the manner of dbt, run after every load and by ``pst check`` (``core_data_tests``).

Each test is a query returning the rows that break it: none means pass. Severity ``error``: the
data is wrong (an item counted twice, a key missing, a value outside its vocabulary, an orphan);
``warn``: worth a look (a rendition whose tree does not match its plan's, a correction that no
longer matches anything or cannot be read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from pipeline.core.model import DocumentKind, Level, Status, Volet


@dataclass(frozen=True)
class DataTest:
    """One data test: the failing rows of ``sql``."""

    name: str
    relation: str
    kind: str
    severity: str
    description: str
    sql: str


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one data test."""

    name: str
    relation: str
    kind: str
    severity: str
    status: str  # pass | fail | warn
    n_failures: int
    sample: str | None
    description: str

    @property
    def passed(self) -> bool:
        """True when no row breaks the test."""
        return self.status == "pass"


def _in(values: list[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _not_null(relation: str, column: str, where: str = "") -> DataTest:
    cond = f"{column} IS NULL" + (f" AND {where}" if where else "")
    return DataTest(
        f"not_null_{relation}_{column}",
        relation,
        "not_null",
        "error",
        f"{relation}.{column} is never NULL" + (f" ({where})" if where else ""),
        f"SELECT * FROM {relation} WHERE {cond}",
    )


def _accepted(relation: str, column: str, values: list[str], nullable: bool = True) -> DataTest:
    cond = f"{column} NOT IN {_in(values)}" + ("" if nullable else f" OR {column} IS NULL")
    return DataTest(
        f"accepted_values_{relation}_{column}",
        relation,
        "accepted_values",
        "error",
        f"{relation}.{column} is one of {', '.join(values)}" + (" or NULL" if nullable else ""),
        f"SELECT {column}, count(*) AS n FROM {relation} WHERE {cond} GROUP BY ALL",
    )


def data_tests() -> list[DataTest]:
    """Every data test, in the order they are reported."""
    levels, statuses, volets = [v.value for v in Level], [v.value for v in Status], [v.value for v in Volet]
    tests = [
        DataTest(
            "unique_v_plan_items_item_key",
            "v_plan_items",
            "unique",
            "error",
            "one row per (plan_id, item_key) in the current plans: each plan counted once (a number printed twice "
            "in the source stays twice under item keys #2, #3...)",
            "SELECT plan_id, item_key, count(*) AS n FROM v_plan_items GROUP BY ALL HAVING count(*) > 1",
        ),
        DataTest(
            "one_chosen_rendition_per_plan",
            "v_plan_items",
            "one_chosen",
            "error",
            "the items of each plan come from one document, its chosen rendition",
            """SELECT plan_id, count(DISTINCT document_id) AS n_documents FROM v_plan_items GROUP BY ALL
               HAVING count(DISTINCT document_id) > 1""",
        ),
        DataTest(
            "unique_v_plan_renditions_document_id",
            "v_plan_renditions",
            "unique",
            "error",
            "a document is a rendition of one plan at most",
            "SELECT document_id, count(*) AS n FROM v_plan_renditions GROUP BY ALL HAVING count(*) > 1",
        ),
        *(_not_null("v_plan_items", c) for c in ("plan_id", "item_key", "document_id", "level", "number", "title")),
        _not_null("v_plans", "plan_id"),
        _not_null("v_documents", "document_id"),
        _not_null("v_documents", "sha256", "parse_status <> 'failed'"),
        _accepted("v_plan_items", "level", levels, nullable=False),
        _accepted("v_plan_items", "status", statuses),
        _accepted("v_plan_items", "volet", volets),
        _accepted("v_documents", "parse_status", ["ok", "empty", "failed"], nullable=False),
        _accepted("v_documents", "doc_kind", [k.value for k in DocumentKind]),
        DataTest(
            "relationship_v_plan_items_parent",
            "v_plan_items",
            "relationship",
            "error",
            "every OO has an OS as parent and every action an OO (or, for a sous-action, an action), in its "
            "document and volet",
            """SELECT c.plan_id, c.item_key, c.parent_number FROM v_plan_items c
               WHERE c.level IN ('oo', 'action') AND NOT EXISTS (
                   SELECT 1 FROM v_plan_items p
                   WHERE p.document_id = c.document_id AND p.number = c.parent_number
                     AND p.volet IS NOT DISTINCT FROM c.volet
                     AND (p.level = 'os' AND c.level = 'oo' OR p.level IN ('oo', 'action') AND c.level = 'action'))""",
        ),
        DataTest(
            "plans_have_a_current_rendition",
            "v_plans",
            "one_chosen",
            "warn",
            "every plan has a current rendition holding items (else only documents without items carry it)",
            "SELECT plan_id, n_renditions FROM v_plans WHERE chosen_document_id IS NULL",
        ),
        DataTest(
            "renditions_match_their_plan",
            "v_plan_renditions",
            "relationship",
            "warn",
            "a rendition linked by CPAS and legislature holds mostly the titles of the chosen one (tree_score >= 0.5)",
            """SELECT plan_id, source_file, tree_score FROM v_plan_renditions
               WHERE NOT is_chosen AND n_items > 0 AND tree_score < 0.5""",
        ),
        DataTest(
            "corrections_apply",
            "v_corrections",
            "corrections",
            "warn",
            "every correction still matches its document and items (none stale, ambiguous, invalid or superseded)",
            """SELECT file, line, operation, status, detail FROM v_corrections
               WHERE status IN ('stale', 'ambiguous', 'invalid', 'superseded')""",
        ),
        DataTest(
            "corrections_files_readable",
            "v_corrections",
            "corrections",
            "error",
            "every correction file and entry can be read",
            "SELECT file, line, detail FROM v_corrections WHERE status = 'malformed'",
        ),
    ]
    return tests


def _sample(rows: list[tuple]) -> str | None:
    if not rows:
        return None
    return " | ".join(", ".join("" if v is None else str(v) for v in r) for r in rows[:5])[:1000]


def run_data_tests(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> list[CheckResult]:
    """Run every test, store the results in ``core_data_tests`` (replacing the last ones), return them."""
    now = datetime.now()
    results = []
    for t in data_tests():
        try:
            n = con.execute(f"SELECT count(*) FROM ({t.sql})").fetchone()[0]
            sample = _sample(con.execute(f"SELECT * FROM ({t.sql}) LIMIT 5").fetchall()) if n else None
        except duckdb.Error as exc:  # a broken test is a failing test, never a crash after a load
            n, sample = 1, f"the test query failed: {str(exc).splitlines()[0]}"
        status = "pass" if n == 0 else ("fail" if t.severity == "error" else "warn")
        results.append(CheckResult(t.name, t.relation, t.kind, t.severity, status, n, sample, t.description))
    con.execute("DELETE FROM core_data_tests")
    con.executemany(
        "INSERT INTO core_data_tests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (r.name, r.relation, r.kind, r.severity, r.status, r.n_failures, r.sample, r.description, run_id, now)
            for r in results
        ],
    )
    return results


def stored_results(con: duckdb.DuckDBPyConnection) -> list[CheckResult]:
    """The results of the last run of the tests."""
    rows = con.execute(
        """SELECT test_name, relation, kind, severity, test_status, n_failures, sample, test_description
           FROM core_data_tests ORDER BY test_status = 'pass', severity, test_name"""
    ).fetchall()
    return [CheckResult(*r) for r in rows]


__all__ = ["DataTest", "CheckResult", "data_tests", "run_data_tests", "stored_results"]
