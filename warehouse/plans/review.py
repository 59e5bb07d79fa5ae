"""The review queue: what an analyst should check first, with the command that shows each tree.

``v_review_queue`` orders it (failed documents, failing data tests, corrections that do nothing,
plans with no current rendition, documents in which no plan was found, then every other document
by rising parse confidence); this module adds the command to run for each entry.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline.core.settings import DEFAULT_STORE


@dataclass(frozen=True)
class ReviewItem:
    """One entry of the review queue."""

    priority: int
    kind: str
    cpas_name: str | None
    subject: str
    confidence: float | None
    detail: str
    command: str


def _is_url(key: str | None) -> bool:
    return bool(key) and key.split(":", 1)[0] in ("http", "https")


def tree_command(source_key: str | None, sha256: str | None, store: str | Path = DEFAULT_STORE) -> str:
    """``pst tree`` on the document: its path, or its blob in the raw store for a web document."""
    if _is_url(source_key) and sha256:
        return f"pst tree {shlex.quote(str(Path(store) / sha256[:2] / sha256))}"
    return f"pst tree {shlex.quote(source_key or '?')}"


def _command(kind: str, plan_id: str | None, source_key: str | None, sha256: str | None, store: str | Path) -> str:
    if kind == "data_test":
        return "pst check"
    if kind == "correction":
        return "pst check" if not source_key else f"pst check  # then: {tree_command(source_key, sha256, store)}"
    if kind == "no_current_rendition":
        return f"pst sql \"SELECT * FROM v_plan_renditions WHERE plan_id = '{plan_id}'\""
    return tree_command(source_key, sha256, store)


def review_items(
    con: duckdb.DuckDBPyConnection, limit: int | None = 20, store: str | Path = DEFAULT_STORE
) -> list[ReviewItem]:
    """The first ``limit`` entries of the review queue (all when None)."""
    rows = con.execute(
        """SELECT priority, kind, plan_id, source_file, source_key, sha256, cpas_name, confidence, detail
           FROM v_review_queue"""
        + (" LIMIT ?" if limit is not None else ""),
        [limit] if limit is not None else [],
    ).fetchall()
    return [
        ReviewItem(
            priority,
            kind,
            cpas,
            source_file or plan_id or "",
            confidence,
            detail or "",
            _command(kind, plan_id, key, sha, store),
        )
        for priority, kind, plan_id, source_file, key, sha, cpas, confidence, detail in rows
    ]


def queue_size(con: duckdb.DuckDBPyConnection) -> int:
    """Entries in the whole queue."""
    return con.execute("SELECT count(*) FROM v_review_queue").fetchone()[0]


__all__ = ["ReviewItem", "queue_size", "review_items", "tree_command"]
