"""Collapsible sections: <details>/<summary> and ARIA accordions keep their titles and panels."""

from __future__ import annotations

from extractors.html import extract
from pipeline.core.model import BlockKind


def _blocks(html: str):
    return [(b.kind, b.heading_level, b.text) for b in extract(html.encode(), "page.html").blocks]


def test_summary_titles_its_details_at_its_nesting_depth():
    blocks = _blocks(
        "<html><body><main><h1>Notre PST</h1>"
        "<details><summary>Être un CPAS accueillant</summary>"
        "<details><summary>Améliorer l'accueil</summary><ul><li>Créer un guichet</li></ul></details>"
        "</details></main></body></html>"
    )
    assert (BlockKind.HEADING, 3, "Être un CPAS accueillant") in blocks
    assert (BlockKind.HEADING, 4, "Améliorer l'accueil") in blocks
    assert any(text == "Créer un guichet" for _, _, text in blocks)


def test_aria_accordion_button_title_and_hidden_panel_are_content():
    blocks = _blocks(
        "<html><body><main><h1>Notre PST</h1>"
        '<h3><button aria-expanded="false" aria-controls="p1">Être un CPAS accueillant</button></h3>'
        '<div id="p1" hidden><p>Améliorer l\'accueil des bénéficiaires</p></div>'
        '<div hidden><p>Texte caché sans bouton</p></div>'
        "</main></body></html>"
    )
    assert (BlockKind.HEADING, 3, "Être un CPAS accueillant") in blocks
    assert any(text == "Améliorer l'accueil des bénéficiaires" for _, _, text in blocks)
    assert all(text != "Texte caché sans bouton" for _, _, text in blocks)
