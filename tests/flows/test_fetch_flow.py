"""The fetch-and-ingest flow over the fixture sites: first run, changes, withdrawals, an idle re-run, Dask."""

from __future__ import annotations

import duckdb
import pytest

from flows.fetch_flow import run_fetch
from pipeline.acquire.store import RawStore
from tests.fixtures.http_server import FixtureServer, Route, fast_policy
from tests.fixtures.sites import NEW_TITLE, OLD_TITLE, SPRIMONT, install_sites, meix_page, write_registry

POLICY = fast_policy(retries=1, host_interval=0.02)



def _query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _outcomes(summary) -> dict[str, tuple[str, str | None]]:
    return {s.url: (s.fetch, s.load) for s in summary.sources}


def test_fixture_sites_end_to_end(prefect_harness, site, tmp_path):
    urls = install_sites(site)
    registry = write_registry(tmp_path / "sources.yaml", urls)
    db, store = tmp_path / "w.duckdb", tmp_path / "store"
    kw = dict(sources=str(registry), db=str(db), store=str(store), policy=POLICY, max_workers=2)

    first = run_fetch(**kw)
    out = _outcomes(first)
    assert out[urls["page"]] == ("fetched", "no_plan_found")  # the page only links its plan
    assert out[urls["changing"]] == ("fetched", "loaded")
    assert out[urls["retired"]] == ("fetched", "loaded")
    # The same bytes at two URLs are one document with two locations, whichever loads first:
    # the PDF discovered on the page and the PDF served as HTML; the flaky .docx (500 then 200)
    # and the .docx served as .pdf.
    assert {out[urls["pdf"]], out[urls["pdf_as_html"]]} == {("fetched", "loaded"), ("fetched", "duplicate")}
    assert {out[urls["flaky"]], out[urls["docx_as_pdf"]]} == {("fetched", "loaded"), ("fetched", "duplicate")}
    assert out[urls["missing"]] == ("gone", None)
    assert out[urls["offhost"]] == ("blocked", None)
    for key, code in (("slow", "timeout"), ("loop", "redirect_loop"), ("huge", "too_large")):
        assert out[urls[key]] == ("failed", None), key
        assert _query(db, "SELECT error_code FROM core_fetches WHERE url = ?", [urls[key]]) == [(code,)]
    assert first.report(urls["pdf"]).linked_from == urls["page"]
    assert not first.report(urls["missing"]).is_withdrawn
    # Never requested: the host outside the registry, and the page's links that are not the plan.
    assert not [h for h in site.hits if h.host.startswith("localhost")]
    assert not site.hits_for("/files/budget-2024.pdf") and not site.hits_for("/files/pssp.pdf")
    counts = first.counts()
    assert (
        counts["fetched"],
        counts["unchanged"],
        counts["loaded"],
        counts["no_plan_found"],
        counts["duplicate"],
        counts["failed"],
        counts["gone"],
        counts["blocked"],
    ) == (7, 0, 4, 1, 2, 3, 1, 1)
    print("first run", counts)

    where = "FROM v_document_locations l JOIN v_documents d USING (document_id)"
    formats = dict(_query(db, f"SELECT l.source_key, d.format {where}"))
    assert formats[urls["pdf_as_html"]] == "pdf" and formats[urls["docx_as_pdf"]] == "docx"
    assert formats[urls["page"]] == "html"
    assert _query(db, "SELECT count(*) FROM v_documents")[0][0] == 5
    docs = dict(_query(db, f"SELECT l.source_key, d.nis_code {where}"))
    assert docs[urls["pdf"]] == "85024" and docs[urls["changing"]] == "62100"
    sniffed = dict(_query(db, "SELECT url, sniffed_format FROM v_sources"))
    assert sniffed[urls["pdf_as_html"]] == "pdf" and sniffed[urls["docx_as_pdf"]] == "docx"
    links = _query(db, "SELECT document_url, is_allowed FROM core_page_links ORDER BY document_url")
    assert links == sorted([(urls["pdf"], True), (urls["offhost"], False)])
    blobs = set(RawStore(store))
    assert set(_query(db, "SELECT sha256 FROM core_fetch_state WHERE sha256 IS NOT NULL")) == {(b,) for b in blobs}

    # Second run: the Sprimont page changed, the retired PDF is gone, the rest did not move.
    site.routes["/sprimont/pst"] = Route(body=SPRIMONT.replace(OLD_TITLE.encode(), NEW_TITLE.encode()))
    site.routes["/retired/pst.pdf"] = Route(status=410)
    site.clear_log()
    second = run_fetch(**kw)
    out = _outcomes(second)
    assert out[urls["changing"]] == ("fetched", "new_version")
    assert out[urls["retired"]] == ("gone", None) and second.report(urls["retired"]).is_withdrawn
    for key in ("page", "pdf", "flaky", "pdf_as_html", "docx_as_pdf"):
        assert out[urls[key]] == ("unchanged", None), key
    assert {h.status for h in site.hits_for("/meix/pst") + site.hits_for("/files/meix-devant-virton_pst.pdf")} == {304}
    counts = second.counts()
    assert (counts["fetched"], counts["unchanged"], counts["new_version"], counts["parsed"], counts["withdrawn"]) == (
        1,
        5,
        1,
        1,
        1,
    )
    print("second run", counts)

    changes = _query(
        db,
        "SELECT change, level, number, old_title, new_title, title_changed FROM v_plan_changes WHERE source_key = ?",
        [urls["changing"]],
    )
    assert changes == [("changed", "os", "4", OLD_TITLE, NEW_TITLE, True)]
    versions = _query(
        db, "SELECT version_no, is_current FROM v_source_document_versions WHERE source_key = ?", [urls["changing"]]
    )
    assert versions == [(1, False), (2, True)]
    retired = _query(
        db,
        "SELECT is_withdrawn, withdrawn_reason, n_versions, current_version_no FROM v_sources WHERE url = ?",
        [urls["retired"]],
    )
    assert retired == [(True, "gone", 1, 1)]  # withdrawn, its version kept
    assert (
        _query(db, "SELECT count(*) FROM v_plan_items_all_versions WHERE source_file = ?", [urls["retired"]])[0][0] > 0
    )

    # Third run: the page no longer links its PDF: the PDF is withdrawn (unlinked), never deleted.
    site.routes["/meix/pst"] = Route(
        body=meix_page(site.base, site.other_base).replace(
            b'<li><a href="/files/meix-devant-virton_pst.pdf">', b'<li><a href="/files/autre.html">'
        )
    )
    third = run_fetch(**kw)
    assert third.report(urls["page"]).load == "no_plan_found"  # a new version, still without a plan in it
    assert _query(db, "SELECT max(version_no) FROM v_documents WHERE source_path = ?", [urls["page"]]) == [(2,)]
    assert third.report(urls["pdf"]).fetch == "unlinked" and third.report(urls["pdf"]).is_withdrawn
    assert _query(db, "SELECT is_withdrawn, withdrawn_reason FROM v_sources WHERE url = ?", [urls["pdf"]]) == [
        (True, "unlinked")
    ]
    runs = _query(db, "SELECT status FROM v_runs")
    assert runs == [("finished",)] * 3


def _good_sites(site: FixtureServer, tmp_path):
    urls = install_sites(site)
    keep = {k: urls[k] for k in ("page", "changing", "pdf_as_html", "docx_as_pdf", "pdf", "offhost")}
    registry = write_registry_subset(tmp_path / "sources.yaml", keep)
    return keep, registry


def write_registry_subset(path, urls):
    """A registry of the fixture sources that answer well."""
    entries = [
        ("85024", urls["page"], "page"),
        ("62100", urls["changing"], "page"),
        ("85024", urls["pdf_as_html"], "page"),
        ("85024", urls["docx_as_pdf"], "pdf"),
    ]
    path.write_text(
        "sources:\n" + "".join(f'  - nis_code: "{n}"\n    url: {u}\n    kind: {k}\n' for n, u, k in entries)
    )
    return path


def test_unchanged_second_run_downloads_and_parses_nothing(prefect_harness, site, tmp_path):
    urls, registry = _good_sites(site, tmp_path)
    kw = dict(
        sources=str(registry),
        db=str(tmp_path / "w.duckdb"),
        store=str(tmp_path / "store"),
        policy=POLICY,
        max_workers=2,
    )
    first = run_fetch(**kw)
    c = first.counts()
    assert (c["loaded"], c["no_plan_found"], c["duplicate"]) == (3, 1, 1)  # the PDF at two URLs: loaded once
    site.clear_log()
    second = run_fetch(**kw)
    c = second.counts()
    assert (c["fetched"], c["unchanged"], c["parsed"], c["bytes_downloaded"], c["failed"]) == (0, 5, 0, 0, 0)
    assert {h.status for h in site.hits} == {304}
    assert all("If-None-Match" in h.headers for h in site.hits)


def test_stored_bytes_are_reparsed_without_fetching_when_the_parser_changes(
    prefect_harness, site, tmp_path, monkeypatch
):
    urls, registry = _good_sites(site, tmp_path)
    kw = dict(
        sources=str(registry),
        db=str(tmp_path / "w.duckdb"),
        store=str(tmp_path / "store"),
        policy=POLICY,
        max_workers=1,
    )
    run_fetch(**kw)
    import flows.fetch_flow

    monkeypatch.setattr(flows.fetch_flow, "PARSER_VERSION", "0.0.0-test")
    site.clear_log()
    again = run_fetch(**kw)
    c = again.counts()
    assert c["bytes_downloaded"] == 0 and c["parsed"] == 5


def test_flow_on_a_local_dask_cluster(prefect_harness, site, tmp_path):
    distributed = pytest.importorskip("distributed")
    urls, registry = _good_sites(site, tmp_path)
    kw = dict(sources=str(registry), db=str(tmp_path / "w.duckdb"), store=str(tmp_path / "store"), policy=POLICY)
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        first = run_fetch(**kw, dask_address=cluster.scheduler_address)
        second = run_fetch(**kw, dask_address=cluster.scheduler_address)
    c1, c2 = first.counts(), second.counts()
    print("dask first", c1, "dask second", c2)
    assert (c1["fetched"], c1["loaded"], c1["no_plan_found"], c1["duplicate"], c1["failed"], c1["blocked"]) == (
        5, 3, 1, 1, 0, 1)
    assert (c2["fetched"], c2["unchanged"], c2["parsed"], c2["bytes_downloaded"]) == (0, 5, 0, 0)
    assert _query(tmp_path / "w.duckdb", "SELECT count(*) FROM v_documents")[0][0] == 4
