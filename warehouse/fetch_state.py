"""Read and write the fetch state of web sources through the single ``Warehouse`` connection.

``core_fetch_state`` remembers per URL the validators for conditional requests (ETag,
Last-Modified), the last outcome and the last bytes' hash; ``core_fetches`` logs every
fetch; ``core_page_links`` keeps which documents each page links. A URL seen before that
answers 404/410 (or that no page links any more) is marked withdrawn, never deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline.acquire.discover_links import DiscoveredLink, document_format
from pipeline.acquire.http import FetchRequest, FetchResult
from pipeline.core.model import SourceFormat
from warehouse.loader import Warehouse, connect


@dataclass(frozen=True)
class SourceState:
    """What is remembered of one URL."""

    url: str
    nis_code: str | None
    kind: str
    role: str
    etag: str | None
    last_modified: str | None
    last_status: int | None
    last_outcome: str
    sha256: str | None
    sniffed_format: str | None
    is_withdrawn: bool
    first_seen_at: datetime | None

    def request(self) -> FetchRequest:
        """A conditional request for this URL."""
        return FetchRequest(self.url, etag=self.etag, last_modified=self.last_modified, sha256=self.sha256)


_COLUMNS = (
    "url, nis_code, kind, role, etag, last_modified, last_status, last_outcome, sha256, sniffed_format, "
    "is_withdrawn, first_seen_at"
)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def all_states(wh: Warehouse) -> dict[str, SourceState]:
    """Every remembered URL."""
    rows = wh.con.execute(f"SELECT {_COLUMNS} FROM core_fetch_state").fetchall()
    return {r[0]: SourceState(*r) for r in rows}


def get_state(wh: Warehouse, url: str) -> SourceState | None:
    """What is remembered of one URL, or None."""
    row = wh.con.execute(f"SELECT {_COLUMNS} FROM core_fetch_state WHERE url = ?", [url]).fetchone()
    return SourceState(*row) if row else None


def record_fetch(
    wh: Warehouse, result: FetchResult, *, nis_code: str | None, kind: str, role: str, run_id: str | None
) -> SourceState:
    """Log one fetch and update the URL's state (withdrawn when gone after having been seen)."""
    con = wh.con
    now = result.fetched_at
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "INSERT INTO core_fetches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                result.url,
                now,
                result.outcome,
                result.http_status,
                result.sha256,
                result.bytes_downloaded,
                result.attempts,
                result.seconds,
                result.error_code,
                result.error,
            ],
        )
        prior = get_state(wh, result.url)
        seen_before = prior is not None and prior.sha256 is not None
        if prior is None:
            con.execute(
                "INSERT INTO core_fetch_state (url, kind, role, last_outcome, last_fetched_at) VALUES (?, ?, ?, ?, ?)",
                [result.url, kind, role, result.outcome, now],
            )
        # A listed source keeps its role ("registry") even when a page also links it.
        new_role = "registry" if role == "registry" or (prior and prior.role == "registry") else role
        con.execute(
            "UPDATE core_fetch_state SET nis_code = coalesce(?, nis_code), kind = ?, role = ?, last_status = ?, "
            "last_outcome = ?, last_error = ?, last_fetched_at = ? WHERE url = ?",
            [nis_code, kind, new_role, result.http_status, result.outcome, result.error, now, result.url],
        )
        if result.outcome in ("fetched", "unchanged"):
            con.execute(
                """UPDATE core_fetch_state SET
                       etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),
                       sha256 = coalesce(?, sha256), is_withdrawn = false, withdrawn_at = NULL, withdrawn_reason = NULL,
                       final_url = coalesce(?, final_url)
                   WHERE url = ?""",
                [result.etag, result.last_modified, result.sha256, result.final_url, result.url],
            )
        if result.outcome == "fetched":
            con.execute(
                """UPDATE core_fetch_state SET etag = ?, last_modified = ?, byte_size = ?, content_type = ?,
                       sniffed_format = ?, last_changed_at = ?, first_seen_at = coalesce(first_seen_at, ?)
                   WHERE url = ?""",
                [
                    result.etag,
                    result.last_modified,
                    result.byte_size,
                    result.content_type,
                    result.sniffed,
                    now,
                    now,
                    result.url,
                ],
            )
        if result.outcome == "gone" and seen_before and not prior.is_withdrawn:
            con.execute(
                "UPDATE core_fetch_state SET is_withdrawn = true, withdrawn_at = ?, withdrawn_reason = 'gone' "
                "WHERE url = ?",
                [now, result.url],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    state = get_state(wh, result.url)
    assert state is not None
    return state


def record_links(
    wh: Warehouse, page_url: str, links: Iterable[DiscoveredLink], seen_at: datetime | None = None
) -> None:
    """Remember the documents a page links now; links no longer there stop being current."""
    seen_at = seen_at or _now()
    links = list(links)
    con = wh.con
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("UPDATE core_page_links SET is_current = false WHERE page_url = ?", [page_url])
        for link in links:
            con.execute(
                """INSERT INTO core_page_links VALUES (?, ?, ?, ?, ?, ?, ?, true)
                   ON CONFLICT (page_url, document_url) DO UPDATE SET link_text = excluded.link_text,
                       reason = excluded.reason, is_allowed = excluded.is_allowed, last_seen_at = excluded.last_seen_at,
                       is_current = true""",
                [page_url, link.url, link.text, link.reason, link.allowed, seen_at, seen_at],
            )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def current_links(wh: Warehouse, page_url: str) -> list[DiscoveredLink]:
    """The documents the latest version of a page links (for a page that did not change)."""
    rows = wh.con.execute(
        "SELECT document_url, link_text, reason, is_allowed FROM core_page_links WHERE page_url = ? AND is_current "
        "ORDER BY first_seen_at, document_url",
        [page_url],
    ).fetchall()
    return [
        DiscoveredLink(
            url=u, text=t or "", format=document_format(u) or SourceFormat.PDF, allowed=a, reason=r or ""
        )
        for u, t, r, a in rows
    ]


def last_fetches(db: str | Path) -> dict[str, tuple]:
    """(last_outcome, last_fetched_at, is_withdrawn, n_versions) per URL, read-only; empty when unavailable.

    A missing, busy or older warehouse only hides the fetch columns of a listing.
    """
    if not Path(db).exists():
        return {}
    try:
        con = connect(db, read_only=True)
        try:
            rows = con.execute(
                "SELECT url, last_outcome, last_fetched_at, is_withdrawn, n_versions FROM v_sources"
            ).fetchall()
        finally:
            con.close()
    except Exception:  # noqa: BLE001 - see the docstring
        return {}
    return {r[0]: r[1:] for r in rows}


def mark_unlinked(wh: Warehouse, keep: Iterable[str]) -> list[str]:
    """Mark withdrawn the linked documents that no current page links and that are not in ``keep``."""
    keep = set(keep)
    rows = wh.con.execute(
        """SELECT s.url FROM core_fetch_state s
           WHERE s.role = 'linked' AND NOT s.is_withdrawn AND s.sha256 IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM core_page_links l WHERE l.document_url = s.url AND l.is_current)"""
    ).fetchall()
    urls = [r[0] for r in rows if r[0] not in keep]
    now = _now()
    for url in urls:
        wh.con.execute(
            "UPDATE core_fetch_state SET is_withdrawn = true, withdrawn_at = ?, withdrawn_reason = 'unlinked' "
            "WHERE url = ?",
            [now, url],
        )
    return urls


__all__ = [
    "SourceState",
    "all_states",
    "current_links",
    "get_state",
    "last_fetches",
    "mark_unlinked",
    "record_fetch",
    "record_links",
]
