"""Hostile HTTP behaviours, as ``Route.handler``s of the fixture server (127.0.0.1 only).

Each handler writes raw bytes on the socket of one request, so it can break HTTP in ways
``http.server`` never would: trickled headers, a lying ``Content-Length``, a smuggled second
response, stacked ``Content-Encoding``. Every handler stops by itself — when the client hangs
up or after ``cap`` seconds at most — so a test that fails never leaves a thread behind.
"""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

Handler = Callable[[BaseHTTPRequestHandler], None]


def _write(req: BaseHTTPRequestHandler, data: bytes) -> bool:
    try:
        req.wfile.write(data)
        req.wfile.flush()
        return True
    except OSError:  # the client hung up: what the test wants
        return False


def trickled_headers(every: float = 0.2, cap: float = 15.0) -> Handler:
    """A status line, then one header byte every ``every`` seconds, never ending the headers."""

    def handle(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = True
        if not _write(req, b"HTTP/1.1 200 OK\r\n"):
            return
        ends = time.monotonic() + cap
        header = b"X-Slow: " + b"a" * 10_000
        for byte in header:
            if time.monotonic() > ends or not _write(req, bytes([byte])):
                return
            time.sleep(every)

    return handle


def silent(cap: float = 10.0) -> Handler:
    """Read the request and never answer (until the client gives up, or ``cap`` seconds)."""

    def handle(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = True
        req.connection.settimeout(0.1)
        ends = time.monotonic() + cap
        while time.monotonic() < ends:
            try:
                if req.connection.recv(1) == b"":
                    return  # the client closed its end
            except TimeoutError:
                continue
            except OSError:
                return

    return handle


def smuggling(body: bytes, smuggled: bytes) -> Handler:
    """Answer ``body`` with its true Content-Length, then a whole second response nobody asked for,
    on a connection kept alive: a client that reuses it reads ``smuggled`` as the next answer."""

    def handle(req: BaseHTTPRequestHandler) -> None:
        second = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nContent-Type: text/plain\r\n\r\n%s" % (
            len(smuggled),
            smuggled,
        )
        first = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nContent-Type: text/plain\r\n\r\n%s" % (len(body), body)
        _write(req, first + second)

    return handle


def short_body(declared: int, sent: bytes) -> Handler:
    """Declare ``declared`` bytes, send fewer, hang up."""

    def handle(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = True
        head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nContent-Type: application/pdf\r\n\r\n" % declared
        _write(req, head + sent)

    return handle


def encoded(body: bytes, encoding: str) -> Handler:
    """Send ``body`` (already encoded by the caller) with the given Content-Encoding header."""

    def handle(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = True
        head = (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Encoding: %s\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n" % (encoding.encode(), len(body))
        )
        _write(req, head + body)

    return handle


def raw_redirect(location: bytes) -> Handler:
    """A 302 whose Location header is written byte for byte as given."""

    def handle(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = True
        tail = b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        _write(req, b"HTTP/1.1 302 Found\r\nLocation: " + location + tail)

    return handle


def gzip_of_zeros(megabytes: int) -> bytes:
    """gzip of ``megabytes`` MiB of zeros, compressed chunk by chunk (never held inflated)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    parts = [comp.compress(zeros) for _ in range(megabytes)]
    parts.append(comp.flush())
    return b"".join(parts)


def gzip_gzip_bomb(megabytes: int) -> bytes:
    """``Content-Encoding: gzip, gzip`` of ``megabytes`` MiB of zeros: a few KiB on the wire."""
    return gzip.compress(gzip_of_zeros(megabytes), 9)
