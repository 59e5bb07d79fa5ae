"""Polite, bounded HTTP fetching of registered PST sources (httpx).

``Fetcher.fetch`` never raises on network trouble: it returns a ``FetchResult`` whose
``outcome`` says what happened — ``fetched`` (new bytes), ``unchanged`` (same bytes as
last time, or 304 Not Modified to a conditional request), ``gone`` (404/410), ``blocked``
(host not on the allow-list, before any request), ``failed`` (timeouts and 5xx after the
retries, other 4xx at once, too large, redirect loop...). The format of the bytes is sniffed
from the bytes themselves (``pipeline.core.formats``), whatever the Content-Type or the URL say.

Bounds that hold whatever the server does:
- one deadline per URL (``total_timeout``), retries, redirects and the response-header phase
  included: every socket read and write waits at most the time left (``_DeadlineBackend``), so a
  server trickling one header byte a second is cut off at the deadline;
- no connection is ever reused (no keep-alive, ``Connection: close``): a lying ``Content-Length``
  cannot hand the next URL a body it never asked for; the raw length is checked against it;
- the decoded size is bounded whatever the ``Content-Encoding`` chain (``decoding.BoundedDecoder``);
- the allow-list is by origin — scheme, host and port (``sources.allowed_origins``) — for the first
  request and every redirect hop; a malformed ``Location`` is a ``bad_redirect`` of that URL only.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx

from pipeline.acquire.decoding import BadEncoding, BoundedDecoder, TooLarge
from pipeline.acquire.sources import allowed_origins, host_of, is_allowed, origin_of
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
    total_timeout: float = 300.0  # per URL: retries, redirects, headers and body included
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    host_interval: float = 2.0
    user_agent: str = USER_AGENT
    max_links_per_page: int = 50  # PST documents followed from one page (a plan rarely has more than a few)
    max_links_per_run: int = 1000  # and from all pages of a run


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


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend where every connect, read and write waits at most until ``deadline``."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()
        self.deadline: float | None = None

    def left(self, timeout: float | None, error: type[Exception] = httpcore.ReadTimeout) -> float | None:
        """``timeout`` shortened to the time left before the deadline; ``error`` once it has passed."""
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise error("the deadline of this URL has passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):  # noqa: ANN001
        stream = self._inner.connect_tcp(
            host, port, self.left(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _DeadlineStream(stream, self)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # noqa: ANN001
        return _DeadlineStream(self._inner.connect_unix_socket(path, self.left(timeout), socket_options), self)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, backend: _DeadlineBackend):
        self._inner, self._backend = inner, backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._backend.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._backend.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):  # noqa: ANN001
        inner = self._inner.start_tls(ssl_context, server_hostname, self._backend.left(timeout))
        return _DeadlineStream(inner, self._backend)

    def get_extra_info(self, info: str):  # noqa: ANN201
        return self._inner.get_extra_info(info)


def _location(url: str, location: str) -> str:
    """The absolute URL a ``Location`` header points to, read as a browser reads it (a backslash is a slash).

    ``ValueError`` when it cannot be read (control characters, a broken IPv6 literal, a port out of range...).
    """
    cleaned = location.strip()
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in cleaned):
        raise ValueError("control characters in the Location header")
    head, sep, query = cleaned.partition("?")
    nxt = urljoin(url, head.replace(chr(92), "/") + sep + query)
    parts = urlsplit(nxt)
    _ = parts.port  # ValueError for a port out of range
    if parts.scheme in ("http", "https") and not parts.hostname:
        raise ValueError("no host")
    return nxt


def _origin_label(url: str) -> str:
    try:
        return "origin " + origin_of(url)
    except ValueError:
        return f"URL {url[:200]!r}"


class _HandRedirectClient(httpx.Client):
    """An httpx client that never looks at ``Location``: the fetcher follows redirects by hand, and httpx
    would parse the header of every redirect first, raising on a malformed one (``http:\\\\host``)."""

    def _send_handling_redirects(self, request: httpx.Request, follow_redirects: bool, history: list) -> httpx.Response:
        response = self._send_single_request(request)
        response.history = list(history)
        return response


class Fetcher:
    """An httpx client bound to an allow-list of origins, a policy and a per-host rate limit."""

    def __init__(
        self,
        allowed_hosts: Iterable[str],
        policy: FetchPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        limiter: HostRateLimiter | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        # URLs or origins allow their scheme, host and port; bare host names http/https on default ports.
        self.allowed_origins = allowed_origins(allowed_hosts)
        self.policy = policy or FetchPolicy()
        self.limiter = limiter or HostRateLimiter(self.policy.host_interval)
        self._sleep = sleep
        self._backend = _DeadlineBackend()
        if transport is None:
            # No keep-alive: a connection is never reused, so a server's framing error (a lying
            # Content-Length) cannot leak into the answer to the next URL.
            transport = httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))
            pool = getattr(transport, "_pool", None)
            if pool is not None and hasattr(pool, "_network_backend"):
                pool._network_backend = self._backend  # httpx 0.28 has no public hook for the socket backend
        timeout = httpx.Timeout(self.policy.read_timeout, connect=self.policy.connect_timeout)
        # Redirects are followed by hand so that every hop is checked against the allow-list.
        self.client = _HandRedirectClient(
            timeout=timeout,
            follow_redirects=False,
            transport=transport,
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "identity", "Connection": "close"},
        )

    def close(self) -> None:
        """Close the HTTP client."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def is_allowed(self, url: str) -> bool:
        """True when the URL is http(s) on an allowed origin (scheme, host and port)."""
        return is_allowed(url, self.allowed_origins)

    def fetch(self, request: FetchRequest | str) -> FetchResult:
        """Fetch one URL with retries, limits and a conditional request; never raises on HTTP trouble.

        Everything — rate-limit waits, retries and their backoff, redirects, headers, body — fits in
        one ``total_timeout`` per URL.
        """
        req = FetchRequest(request) if isinstance(request, str) else request
        started = time.monotonic()
        if not self.is_allowed(req.url):
            return FetchResult(
                url=req.url,
                outcome="blocked",
                error_code="host_not_allowed",
                error=f"{_origin_label(req.url)} is not in the source list's allow-list",
            )
        deadline = started + self.policy.total_timeout
        attempts = 0
        self._backend.deadline = deadline
        try:
            while True:
                attempts += 1
                try:
                    result = self._attempt(req, deadline)
                    return replace(result, attempts=attempts, seconds=time.monotonic() - started)
                except _Fail as fail:
                    delay = backoff_delay(attempts, self.policy)
                    if fail.retry and attempts <= self.policy.retries and deadline - time.monotonic() > delay:
                        self._sleep(delay)
                        continue
                    if fail.code == "timeout":
                        fail = _Fail(
                            "timeout",
                            f"no complete answer within the {self.policy.total_timeout:g} s allowed per URL "
                            f"({attempts} attempt(s), retries included; last: {fail.message})",
                            fail.status,
                        )
                    return self._failed(req, fail, attempts, started)
        except MemoryError:
            fail = _Fail("too_large", "the answer needed more memory than the machine has; download aborted")
            return self._failed(req, fail, attempts, started)
        except Exception as exc:  # noqa: BLE001 - one URL never stops the others
            return self._failed(req, _Fail("fetch_error", f"{type(exc).__name__}: {exc}"[:500]), attempts, started)
        finally:
            self._backend.deadline = None

    @staticmethod
    def _failed(req: FetchRequest, fail: _Fail, attempts: int, started: float) -> FetchResult:
        return FetchResult(
            url=req.url,
            outcome="failed",
            http_status=fail.status,
            error_code=fail.code,
            error=fail.message,
            attempts=attempts,
            seconds=time.monotonic() - started,
        )

    def _attempt(self, req: FetchRequest, deadline: float) -> FetchResult:
        url = req.url
        seen = {_strip_fragment(url)}
        headers: dict[str, str] = {}
        if req.etag:
            headers["If-None-Match"] = req.etag
        if req.last_modified:
            headers["If-Modified-Since"] = req.last_modified
        for _hop in range(self.policy.max_redirects + 1):
            self.limiter.wait(host_of(url))
            if time.monotonic() >= deadline:
                raise _Fail("timeout", "the deadline passed while waiting for the host's turn", retry=True)
            try:
                with self.client.stream("GET", url, headers=headers) as resp:
                    status = resp.status_code
                    if status in REDIRECT_CODES:
                        location = resp.headers.get("location")
                        if not location:
                            raise _Fail("bad_redirect", f"HTTP {status} without a Location header", status)
                        try:
                            nxt = _location(url, location)
                        except ValueError as exc:
                            message = f"HTTP {status} with a malformed Location {location[:200]!r}: {exc}"
                            raise _Fail("bad_redirect", message, status) from exc
                        if not self.is_allowed(nxt):
                            raise _Fail(
                                "redirect_not_allowed",
                                f"redirected to {nxt}: {_origin_label(nxt)} is not in the allow-list",
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
            except httpx.RemoteProtocolError as exc:
                raise _Fail("bad_framing", f"the server broke HTTP framing: {exc}") from exc
            except httpx.TransportError as exc:
                raise _Fail("network_error", f"{type(exc).__name__}: {exc}") from exc
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                raise _Fail("bad_url", f"{type(exc).__name__}: {exc}") from exc
        raise _Fail("too_many_redirects", f"more than {self.policy.max_redirects} redirects")

    def _read_bounded(self, resp: httpx.Response) -> bytes:
        """The body, decoded by us within the size bound; the raw length checked against Content-Length."""
        limit = self.policy.max_bytes
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise _Fail("too_large", f"Content-Length {int(declared)} bytes is above the {limit}-byte limit", 200)
        try:
            decoder = BoundedDecoder(resp.headers.get("content-encoding"), limit)
        except BadEncoding as exc:
            raise _Fail("bad_encoding", str(exc), 200) from exc
        buf = bytearray()
        raw = 0
        try:
            # iter_raw: the bytes as sent; httpx's own decoding inflates a whole chunk before any bound applies.
            for chunk in resp.iter_raw():
                raw += len(chunk)
                if raw > limit:
                    # Stop reading: closing the stream drops the connection instead of draining it.
                    raise _Fail("too_large", f"more than {limit} bytes received; download aborted", 200)
                buf += decoder.feed(chunk)
            buf += decoder.flush()
        except TooLarge as exc:
            raise _Fail("too_large", str(exc), 200) from exc
        except BadEncoding as exc:
            raise _Fail("bad_encoding", str(exc), 200) from exc
        if declared and declared.isdigit() and raw != int(declared):
            raise _Fail("bad_framing", f"Content-Length says {declared} bytes, {raw} came", 200)
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
