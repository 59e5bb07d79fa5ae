"""The HTTP fetcher against the local fixture server: limits, retries, conditional requests, sniffing."""

from __future__ import annotations

import pytest

from pipeline.acquire.http import Fetcher, FetchPolicy, FetchRequest, HostRateLimiter, backoff_delay
from tests.fixtures.http_server import Route, fast_policy, redirect
from tests.fixtures.sites import DOCX, PDF

FAST = fast_policy()



@pytest.fixture()
def fetcher(site):
    with Fetcher({site.base}, FAST) as f:
        yield f


def test_fetch_then_conditional_request_is_not_modified(site, fetcher):
    site.routes["/pst.pdf"] = Route(body=PDF, content_type="application/pdf")
    first = fetcher.fetch(site.url("/pst.pdf"))
    assert first.outcome == "fetched" and first.content == PDF and first.sniffed == "pdf"
    assert first.etag and first.last_modified and first.bytes_downloaded == len(PDF)
    again = fetcher.fetch(
        FetchRequest(first.url, etag=first.etag, last_modified=first.last_modified, sha256=first.sha256)
    )
    assert again.outcome == "unchanged" and again.http_status == 304 and again.content is None
    assert again.bytes_downloaded == 0 and again.sha256 == first.sha256
    assert site.hits_for("/pst.pdf")[-1].headers["If-None-Match"] == first.etag


def test_last_modified_alone_is_used(site, fetcher):
    site.routes["/p.pdf"] = Route(body=PDF, content_type="application/pdf")
    first = fetcher.fetch(site.url("/p.pdf"))
    again = fetcher.fetch(FetchRequest(first.url, last_modified=first.last_modified, sha256=first.sha256))
    assert again.outcome == "unchanged" and again.http_status == 304


def test_same_bytes_without_validators_are_unchanged(site, fetcher):
    site.routes["/p.pdf"] = Route(body=PDF, content_type="application/pdf", conditional=False)
    first = fetcher.fetch(site.url("/p.pdf"))
    again = fetcher.fetch(FetchRequest(first.url, sha256=first.sha256))
    assert again.outcome == "unchanged" and again.content is None and again.http_status == 200


def test_500_then_200_is_retried(site, fetcher):
    site.routes["/flaky.pdf"] = Route(body=PDF, statuses=[500, 503], content_type="application/pdf")
    res = fetcher.fetch(site.url("/flaky.pdf"))
    assert res.outcome == "fetched" and res.attempts == 3
    assert [h.status for h in site.hits_for("/flaky.pdf")] == [500, 503, 200]


def test_persistent_500_fails_after_the_retries(site, fetcher):
    site.routes["/down"] = Route(status=502)
    res = fetcher.fetch(site.url("/down"))
    assert res.outcome == "failed" and res.error_code == "http_502" and res.attempts == 3


@pytest.mark.parametrize("status, outcome", [(404, "gone"), (410, "gone"), (403, "failed"), (400, "failed")])
def test_4xx_is_not_retried(site, fetcher, status, outcome):
    site.routes["/x"] = Route(status=status)
    res = fetcher.fetch(site.url("/x"))
    assert res.outcome == outcome and res.http_status == status and res.attempts == 1
    assert len(site.hits_for("/x")) == 1


def test_slow_response_times_out_and_is_retried(site, fetcher):
    site.routes["/slow"] = Route(body=PDF, delay=1.5, conditional=False)
    res = fetcher.fetch(site.url("/slow"))
    assert res.outcome == "failed" and res.error_code == "timeout" and res.attempts == 3


def test_redirect_loop_is_detected(site, fetcher):
    site.routes["/a"] = redirect("/b")
    site.routes["/b"] = redirect("/a")
    res = fetcher.fetch(site.url("/a"))
    assert res.outcome == "failed" and res.error_code == "redirect_loop" and res.attempts == 1


def test_redirects_are_bounded_and_followed(site, fetcher):
    for i in range(6):
        site.routes[f"/r{i}"] = redirect(f"/r{i + 1}", status=301)
    site.routes["/r6"] = Route(body=PDF, content_type="application/pdf")
    assert fetcher.fetch(site.url("/r0")).error_code == "too_many_redirects"
    ok = fetcher.fetch(site.url("/r3"))
    assert ok.outcome == "fetched" and ok.final_url == site.url("/r6")


def test_redirect_to_a_host_not_allowed_is_refused(site, fetcher):
    site.routes["/away"] = redirect(site.other_base + "/pst.pdf")
    res = fetcher.fetch(site.url("/away"))
    assert res.error_code == "redirect_not_allowed"
    assert not [h for h in site.hits if h.host.startswith("localhost")]


def test_host_not_in_allow_list_is_never_requested(site, fetcher):
    site.routes["/pst.pdf"] = Route(body=PDF)
    res = fetcher.fetch(site.other_base + "/pst.pdf")
    assert res.outcome == "blocked" and res.attempts == 0 and site.hits == []


@pytest.mark.parametrize("send_length", [True, False])
def test_huge_file_is_aborted(site, fetcher, send_length):
    site.routes["/huge.pdf"] = Route(stream_bytes=5 * 1024 * 1024, send_length=send_length, conditional=False)
    res = fetcher.fetch(site.url("/huge.pdf"))
    assert res.outcome == "failed" and res.error_code == "too_large" and res.attempts == 1
    assert res.content is None


def test_content_type_is_sniffed_from_the_bytes(site, fetcher):
    site.routes["/page"] = Route(body=PDF, content_type="text/html")
    site.routes["/plan.pdf"] = Route(body=DOCX, content_type="application/pdf")
    pdf = fetcher.fetch(site.url("/page"))
    docx = fetcher.fetch(site.url("/plan.pdf"))
    assert pdf.sniffed == "pdf" and "bytes are pdf" in pdf.warnings[0]
    assert docx.sniffed == "docx" and "bytes are docx" in docx.warnings[0]


def test_backoff_is_exponential_and_capped():
    policy = FetchPolicy(backoff_base=1, backoff_max=5)
    assert [backoff_delay(n, policy) for n in (1, 2, 3, 4)] == [1, 2, 4, 5]


def test_rate_limit_per_host():
    clock = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        clock[0] += s

    limiter = HostRateLimiter(2.0, clock=lambda: clock[0], sleep=sleep)
    assert limiter.wait("a.be") == 0 and limiter.wait("b.be") == 0
    assert limiter.wait("a.be") == 2.0
    assert limiter.wait("a.be") == 2.0
    assert slept == [2.0, 2.0]


def test_rate_limit_spaces_real_requests(site):
    site.routes["/p"] = Route(body=b"<html><body>x</body></html>")
    with Fetcher({site.base}, FetchPolicy(host_interval=0.2, read_timeout=2)) as f:
        for _ in range(3):
            f.fetch(site.url("/p"))
    times = [h.at for h in site.hits_for("/p")]
    assert all(b - a >= 0.18 for a, b in zip(times, times[1:], strict=False))
