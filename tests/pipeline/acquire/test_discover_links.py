"""Which links of a CPAS page are its PST documents."""

from __future__ import annotations

from pipeline.acquire.discover_links import discover_documents, document_format

BASE = "https://www.cpas-exemple.be/le-cpas/pst"
ALLOWED = {"www.cpas-exemple.be"}


def _urls(html: str, allowed=ALLOWED) -> list[tuple[str, bool]]:
    return [(d.url, d.allowed) for d in discover_documents(html, BASE, allowed)]


def test_pst_documents_are_found_and_others_ignored():
    html = """<html><body><main>
    <p><a href="/files/pst-2019-2024.pdf">Programme stratégique transversal 2019-2024</a></p>
    <p><a href="docs/PST_evaluation.docx#page=2">Évaluation à mi-parcours</a></p>
    <p>Nos objectifs stratégiques : <a href="/files/annexe.odt">télécharger</a></p>
    <p><a href="/files/plan.doc" title="Plan stratégique du CPAS">document</a></p>
    <p><a href="/files/budget-2024.pdf">Budget 2024 du PST</a></p>
    <p><a href="/files/pssp.pdf">Plan stratégique de sécurité et de prévention</a></p>
    <p><a href="/files/pcs.pdf">Plan de cohésion sociale</a></p>
    <p><a href="/files/rapport.pdf">Rapport annuel</a></p>
    <p><a href="/le-cpas/pst/contact">Contact PST</a></p>
    <p><a href="/files/pst-2019-2024.pdf">encore le PST</a></p>
    <p><a href="mailto:pst@cpas.be">pst@cpas.be</a></p>
    </main></body></html>"""
    assert _urls(html) == [
        ("https://www.cpas-exemple.be/files/pst-2019-2024.pdf", True),
        ("https://www.cpas-exemple.be/le-cpas/docs/PST_evaluation.docx", True),
        ("https://www.cpas-exemple.be/files/annexe.odt", True),
        ("https://www.cpas-exemple.be/files/plan.doc", True),
    ]


def test_off_host_links_are_reported_not_allowed():
    html = '<a href="https://cdn.example.org/pst.pdf">PST</a><a href="//www.cpas-exemple.be/p/pst.pdf">PST</a>'
    assert _urls(html) == [("https://cdn.example.org/pst.pdf", False), ("https://www.cpas-exemple.be/p/pst.pdf", True)]


def test_plone_download_urls_and_base_href():
    html = (
        '<html><head><base href="https://www.cpas-exemple.be/docs/"></head><body>'
        '<a href="pst.pdf/@@download/file">Le PST</a></body></html>'
    )
    found = discover_documents(html, BASE, ALLOWED)
    assert found[0].url == "https://www.cpas-exemple.be/docs/pst.pdf/@@download/file" and found[0].format == "pdf"
    assert document_format("https://a.be/x/PST%20final.DOCX?dl=1") == "docx"
    assert document_format("https://a.be/x/page.html") is None


def test_bytes_and_garbage():
    assert discover_documents(b"", BASE, ALLOWED) == []
    assert discover_documents(b"%PDF-1.7 binary", BASE, ALLOWED) == []
    assert discover_documents(b"<a href='/pst.pdf'>PST</a>", BASE, ALLOWED)[0].reason == "link mentions 'pst'"
