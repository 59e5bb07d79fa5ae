"""Polite, bounded HTTP fetching of registered PST sources (httpx).

``Fetcher.fetch`` never raises on network trouble: it returns a ``FetchResult`` whose
``outcome`` says what happened — ``fetched`` (new bytes), ``unchanged`` (same bytes as
last time, or 304 Not Modified to a conditional request), ``gone`` (404/410), ``blocked``
(host not on the allow-list, before any request), ``failed`` (timeouts and 5xx after the
retries, other 4xx at once, too large, redirect loop...). The format of the bytes is sniffed
from the bytes themselves (``pipeline.core.formats``), whatever the Content-Type or the URL say.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from pipeline.acquire.sources import host_of
from pipeline.core.formats import format_from_content_type, format_from_name, sniff_label
from pipeline.core.model import SourceFormat

USER_AGENT = "cpas-pst-warehouse/0.1 (+analysis of the PST of Walloon CPAS; polite batch fetcher)"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
GONE_CODES = frozenset({404, 410})


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of the fetcher; the defaults suit public websites, tests shrink them."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 100 * 1024 * 1024
    max_redirects: int = 5
    total_timeout: float = 300.0
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    host_interval: float = 2.0
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class FetchRequest:
    """One URL to fetch, with what was remembered of it for a conditional request."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """What fetching one URL gave; ``content`` is set only when new bytes were downloaded."""

    url: str
    outcome: str
    final_url: str | None = None
    http_status: int | None = None
    content: bytes | None = None
    sha256: str | None = None
    byte_size: int | None = None
    content_type: str | None = None
    sniffed: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error_code: str | None = None
    error: str | None = None
    attempts: int = 0
    seconds: float = 0.0
    bytes_downloaded: int = 0
    warnings: tuple[str, ...] = ()
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(tzinfo=None))

    @property
    def has_new_bytes(self) -> bool:
        """True when the bytes differ from the last ones seen at this URL."""
        return self.outcome == "fetched"


class _Fail(Exception):
    def __init__(self, code: str, message: str, status: int | None = None, retry: bool = False):
        super().__init__(message)
        self.code, self.message, self.status, self.retry = code, message, status, retry


def declared_format(content_type: str | None, url: str) -> SourceFormat | None:
    """Format the server or the URL claims (Content-Type, else the extension in the URL's path)."""
    return format_from_content_type(content_type) or format_from_name(url)


class HostRateLimiter:
    """At most one request per ``interval`` seconds to each host (thread-safe, per process)."""

    def __init__(
        self, interval: float, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep
    ):
        self.interval = interval
        self._clock, self._sleep = clock, sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, host: str) -> float:
        """Block until ``host`` may be requested again; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return max(delay, 0.0)


def backoff_delay(attempt: int, policy: FetchPolicy) -> float:
    """Exponential backoff before retry ``attempt`` (1-based): base, 2·base, 4·base… capped."""
    return min(policy.backoff_max, policy.backoff_base * (2 ** (attempt - 1)))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _strip_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(fragment=""))


class Fetcher:
    """An httpx client bound to an allow-list of hosts, a policy and a per-host rate limit."""

    def __init__(
        self,
        allowed_hosts: Iterable[str],
        policy: FetchPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        limiter: HostRateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.policy = policy or FetchPolicy()
        self.limiter = limiter or HostRateLimiter(self.policy.host_interval)
        self._sleep = sleep
        timeout = httpx.Timeout(self.policy.read_timeout, connect=self.policy.connect_timeout)
        # Redirects are followed by hand so that every hop is checked against the allow-list.
        self.client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            transport=transport,
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "identity"},
        )

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def is_allowed(self, url: str) -> bool:
        """True when the URL is http(s) on an allowed host."""
        return urlsplit(url).scheme in ("http", "https") and host_of(url) in self.allowed_hosts

    def fetch(self, request: FetchRequest | str) -> FetchResult:
        """Fetch one URL with retries, limits and a conditional request; never raises on HTTP trouble."""
        req = FetchRequest(request) if isinstance(request, str) else request
        started = time.monotonic()
        if not self.is_allowed(req.url):
            return FetchResult(
                url=req.url,
                outcome="blocked",
                error_code="host_not_allowed",
                error=f"host {host_of(req.url) or '?'} is not in the source list's allow-list",
            )
        attempts = 0
        downloaded = 0
        while True:
            attempts += 1
            try:
                result = self._attempt(req)
                return replace(
                    result,
                    attempts=attempts,
                    seconds=time.monotonic() - started,
                    bytes_downloaded=downloaded + result.bytes_downloaded,
                )
            except _Fail as fail:
                if fail.retry and attempts <= self.policy.retries:
                    self._sleep(backoff_delay(attempts, self.policy))
                    continue
                return FetchResult(
                    url=req.url,
                    outcome="failed",
                    http_status=fail.status,
                    error_code=fail.code,
                    error=fail.message,
                    attempts=attempts,
                    seconds=time.monotonic() - started,
                )

    def _attempt(self, req: FetchRequest) -> FetchResult:
        url = req.url
        seen = {_strip_fragment(url)}
        headers: dict[str, str] = {}
        if req.etag:
            headers["If-None-Match"] = req.etag
        if req.last_modified:
            headers["If-Modified-Since"] = req.last_modified
        for _hop in range(self.policy.max_redirects + 1):
            self.limiter.wait(host_of(url))
            try:
                with self.client.stream("GET", url, headers=headers) as resp:
                    status = resp.status_code
                    if status in REDIRECT_CODES:
                        location = resp.headers.get("location")
                        if not location:
                            raise _Fail("bad_redirect", f"HTTP {status} without a Location header", status)
                        nxt = urljoin(url, location)
                        if not self.is_allowed(nxt):
                            raise _Fail(
                                "redirect_not_allowed",
                                f"redirected to {nxt}, whose host is not in the allow-list",
                                status,
                            )
                        key = _strip_fragment(nxt)
                        if key in seen:
                            raise _Fail("redirect_loop", f"redirect loop: {nxt} was already visited", status)
                        seen.add(key)
                        url = nxt
                        continue
                    if status == 304:
                        return FetchResult(
                            url=req.url,
                            final_url=url,
                            outcome="unchanged",
                            http_status=304,
                            sha256=req.sha256,
                            etag=resp.headers.get("etag") or req.etag,
                            last_modified=resp.headers.get("last-modified") or req.last_modified,
                        )
                    if status in GONE_CODES:
                        return FetchResult(
                            url=req.url,
                            final_url=url,
                            outcome="gone",
                            http_status=status,
                            error_code=f"http_{status}",
                            error=f"HTTP {status}: the source is no longer there",
                        )
                    if status >= 500:
                        raise _Fail(f"http_{status}", f"HTTP {status} from the server", status, retry=True)
                    if status >= 400:
                        raise _Fail(f"http_{status}", f"HTTP {status}", status)
                    if status != 200:
                        raise _Fail(f"http_{status}", f"unexpected HTTP {status}", status)
                    data = self._read_bounded(resp)
                    return self._result(req, url, resp, data)
            except httpx.TimeoutException as exc:
                raise _Fail("timeout", f"timed out ({type(exc).__name__})", retry=True) from exc
            except httpx.TransportError as exc:
                raise _Fail("network_error", f"{type(exc).__name__}: {exc}") from exc
        raise _Fail("too_many_redirects", f"more than {self.policy.max_redirects} redirects")

    def _read_bounded(self, resp: httpx.Response) -> bytes:
        limit = self.policy.max_bytes
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise _Fail("too_large", f"Content-Length {int(declared)} bytes is above the {limit}-byte limit", 200)
        buf = bytearray()
        deadline = time.monotonic() + self.policy.total_timeout
        for chunk in resp.iter_bytes():
            buf += chunk
            if time.monotonic() > deadline:
                # read_timeout bounds each read; this bounds a server that trickles bytes forever.
                raise _Fail("timeout", f"download took more than {self.policy.total_timeout:g} s", 200, retry=True)
            if len(buf) > limit:
                # Stop reading: closing the stream drops the connection instead of draining it.
                raise _Fail("too_large", f"more than {limit} bytes received; download aborted", 200)
        return bytes(buf)

    def _result(self, req: FetchRequest, url: str, resp: httpx.Response, data: bytes) -> FetchResult:
        sha = _sha(data)
        ctype = resp.headers.get("content-type")
        sniffed = sniff_label(data)
        warnings: list[str] = []
        claimed = declared_format(ctype, url)
        if claimed and claimed.value != sniffed:
            warnings.append(f"served as {ctype or 'a .' + claimed.value + ' URL'} but the bytes are {sniffed}")
        return FetchResult(
            url=req.url,
            final_url=url,
            outcome="unchanged" if sha == req.sha256 else "fetched",
            http_status=200,
            content=None if sha == req.sha256 else data,
            sha256=sha,
            byte_size=len(data),
            content_type=ctype,
            sniffed=sniffed,
            etag=resp.headers.get("etag"),
            last_modified=resp.headers.get("last-modified"),
            bytes_downloaded=len(data),
            warnings=tuple(warnings),
        )


def fetch_all(
    requests: Iterable[FetchRequest], allowed_hosts: Iterable[str], policy: FetchPolicy | None = None
) -> list[FetchResult]:
    """Fetch URLs one after the other with one client (the per-host rate limit applies)."""
    with Fetcher(allowed_hosts, policy) as fetcher:
        return [fetcher.fetch(r) for r in requests]


__all__ = [
    "FetchPolicy",
    "FetchRequest",
    "FetchResult",
    "Fetcher",
    "HostRateLimiter",
    "backoff_delay",
    "declared_format",
    "fetch_all",
]
