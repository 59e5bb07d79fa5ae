"""The fetcher against servers that break HTTP on purpose (all on 127.0.0.1, each stopping by itself).

Each case builds its server behaviour (``tests.hostile.servers``) and checks what the fetcher
records: one deadline per URL whatever the server trickles, no connection reused after a
framing trick, the decoded size bounded whatever the encodings, the allow-list by scheme, host
and port, a malformed ``Location`` recorded for its URL only.
"""

from __future__ import annotations

import gzip
import time
import tracemalloc

import pytest

from pipeline.acquire.discover_links import discover_capped, discover_documents
from pipeline.acquire.http import Fetcher, FetchPolicy
from pipeline.acquire.sources import allowed_origins, is_allowed
from tests.fixtures.http_server import FixtureServer, Route, fast_policy, redirect
from tests.fixtures.sites import PDF
from tests.hostile import servers


def _fetcher(site: FixtureServer, **policy: object) -> Fetcher:
    return Fetcher({site.base}, fast_policy(**policy))


# ---- one deadline per URL ----------------------------------------------------------------------
def test_trickled_headers_are_cut_at_the_deadline_of_the_url(site):
    """One header byte every 0.2 s: each read returns in time, the URL's deadline still holds (was 101 s)."""
    site.routes["/slow-headers"] = Route(handler=servers.trickled_headers(every=0.2))
    with _fetcher(site, read_timeout=2, total_timeout=1.5, retries=3) as f:
        started = time.monotonic()
        res = f.fetch(site.url("/slow-headers"))
        elapsed = time.monotonic() - started
    assert res.outcome == "failed" and res.error_code == "timeout"
    assert "1.5 s allowed per URL" in res.error and "retries included" in res.error
    assert elapsed < 2.5


def test_retries_fit_in_the_same_deadline(site):
    """A server that never answers: timeouts are retried, but only while the URL's deadline lasts."""
    site.routes["/silent"] = Route(handler=servers.silent())
    with _fetcher(site, read_timeout=0.4, total_timeout=1.5, retries=10, backoff_base=0.05) as f:
        started = time.monotonic()
        res = f.fetch(site.url("/silent"))
        elapsed = time.monotonic() - started
    assert res.outcome == "failed" and res.error_code == "timeout"
    assert 2 <= res.attempts <= 4 and elapsed < 2.5


# ---- framing ---------------------------------------------------------------------------------
def test_a_smuggled_response_never_reaches_the_next_url(site):
    """/a sends its body and then a second, unasked response on a keep-alive connection; /b must get
    its own body (a reused connection gave it the smuggled one)."""
    site.routes["/a"] = Route(handler=servers.smuggling(b"first", b"EVIL"))
    site.routes["/b"] = Route(body=b"<html><body>the real b</body></html>", conditional=False)
    with _fetcher(site) as f:
        a = f.fetch(site.url("/a"))
        b = f.fetch(site.url("/b"))
    assert a.outcome == "fetched" and a.content == b"first"
    assert b.outcome == "fetched" and b.content == b"<html><body>the real b</body></html>"
    assert len(site.hits_for("/b")) == 1
    assert all(h.headers.get("Connection") == "close" for h in site.hits)


def test_a_body_shorter_than_its_content_length_is_a_framing_failure(site):
    site.routes["/short.pdf"] = Route(handler=servers.short_body(100_000, PDF[:1000]))
    site.routes["/next.pdf"] = Route(body=PDF, content_type="application/pdf")
    with _fetcher(site) as f:
        short = f.fetch(site.url("/short.pdf"))
        nxt = f.fetch(site.url("/next.pdf"))
    assert short.outcome == "failed" and short.error_code == "bad_framing" and short.content is None
    assert nxt.outcome == "fetched" and nxt.content == PDF


# ---- decoded size ----------------------------------------------------------------------------
def test_gzip_gzip_bomb_stops_at_the_size_bound_without_holding_it(site):
    """``Content-Encoding: gzip, gzip``: 64 MiB of zeros in a few KiB; the limit is 1 MiB decoded."""
    bomb = servers.gzip_gzip_bomb(64)
    assert len(bomb) < 200_000
    site.routes["/bomb.pdf"] = Route(handler=servers.encoded(bomb, "gzip, gzip"))
    with _fetcher(site, max_bytes=1024 * 1024) as f:
        tracemalloc.start()
        try:
            res = f.fetch(site.url("/bomb.pdf"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert res.outcome == "failed" and res.error_code == "too_large" and res.attempts == 1
    assert "1048576 bytes once decoded" in res.error
    assert peak < 16 * 1024 * 1024, f"{peak / 1e6:.0f} MB held"


def test_encoded_bodies_within_the_bound_are_decoded(site):
    site.routes["/gz.pdf"] = Route(handler=servers.encoded(gzip.compress(gzip.compress(PDF)), "gzip, gzip"))
    site.routes["/br.pdf"] = Route(handler=servers.encoded(b"\x00" * 100, "br"))
    with _fetcher(site) as f:
        gz = f.fetch(site.url("/gz.pdf"))
        br = f.fetch(site.url("/br.pdf"))
    assert gz.outcome == "fetched" and gz.content == PDF and gz.sniffed == "pdf"
    assert br.outcome == "failed" and br.error_code == "bad_encoding" and "br is not supported" in br.error


# ---- allow-list by scheme, host and port ------------------------------------------------------
def test_allow_list_is_by_scheme_host_and_port():
    origins = allowed_origins(["http://www.cpas.be/pst", "https://docs.cpas.be:8443/x", "meix.be"])
    assert is_allowed("http://www.cpas.be/a.pdf", origins)
    assert is_allowed("https://www.cpas.be/a.pdf", origins)  # a default port allows the other scheme's
    assert not is_allowed("http://www.cpas.be:8080/a.pdf", origins)
    assert is_allowed("https://docs.cpas.be:8443/p.pdf", origins)
    assert not is_allowed("https://docs.cpas.be/p.pdf", origins)
    assert not is_allowed("http://docs.cpas.be:8443/p.pdf", origins)
    assert is_allowed("https://meix.be/p.pdf", origins) and not is_allowed("https://meix.be:444/p.pdf", origins)
    assert not is_allowed("ftp://www.cpas.be/a.pdf", origins)
    assert not is_allowed("http://www.cpas.be:99999/a.pdf", origins)


def test_redirect_to_another_port_of_an_allowed_host_is_refused(site):
    with FixtureServer() as other:
        other.routes["/pst.pdf"] = Route(body=PDF, content_type="application/pdf")
        site.routes["/away"] = redirect(f"http://127.0.0.1:{other.port}/pst.pdf")
        site.routes["/tls"] = redirect(f"https://127.0.0.1:{site.port}/pst.pdf")
        with _fetcher(site) as f:
            away = f.fetch(site.url("/away"))
            tls = f.fetch(site.url("/tls"))
            direct = f.fetch(f"http://127.0.0.1:{other.port}/pst.pdf")
        assert away.outcome == "failed" and away.error_code == "redirect_not_allowed"
        assert f"origin http://127.0.0.1:{other.port}" in away.error
        assert tls.error_code == "redirect_not_allowed"
        assert direct.outcome == "blocked"
        assert other.hits == []
    page = f'<a href="http://127.0.0.1:{other.port}/pst.pdf">PST</a><a href="/pst.pdf">PST</a>'
    found = discover_documents(page, site.url("/page"), [site.base])
    assert [(d.url, d.allowed) for d in found] == [
        (f"http://127.0.0.1:{other.port}/pst.pdf", False),
        (site.url("/pst.pdf"), True),
    ]


# ---- malformed Location ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "location, code",
    [
        (b"http:\\\\evil.example\\pst.pdf", "redirect_not_allowed"),  # read as a browser does: http://evil.example/
        (b"http://[::1/pst.pdf", "bad_redirect"),
        (b"http://127.0.0.1:99999/pst.pdf", "bad_redirect"),
    ],
)
def test_malformed_location_is_recorded_for_its_url_only(site, location, code):
    site.routes["/moved"] = Route(handler=servers.raw_redirect(location))
    site.routes["/pst.pdf"] = Route(body=PDF, content_type="application/pdf")
    with _fetcher(site) as f:
        moved = f.fetch(site.url("/moved"))
        after = f.fetch(site.url("/pst.pdf"))
    assert moved.outcome == "failed" and moved.error_code == code
    assert after.outcome == "fetched"


# ---- links per page ----------------------------------------------------------------------------
def test_links_per_page_are_capped_and_the_rest_counted():
    page = "".join(f'<p><a href="/docs/pst-{i}.pdf">PST {i}</a></p>' for i in range(10_000))
    kept, skipped = discover_capped(page, "https://www.cpas.be/pst", ["https://www.cpas.be"], limit=25)
    assert len(kept) == 25 and skipped == 9_975
    assert kept[0].url == "https://www.cpas.be/docs/pst-0.pdf"


def test_one_policy_bounds_everything_by_default():
    policy = FetchPolicy()
    worst_case = policy.total_timeout
    assert worst_case <= 300  # was ~20 minutes per URL: timeouts retried on top of a per-attempt bound
