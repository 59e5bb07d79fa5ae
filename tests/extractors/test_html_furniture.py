"""An HTML page's <title>, publisher metadata and site chrome are kept as furniture."""

from __future__ import annotations

from extractors.furniture import MAX_FURNITURE_CHARS
from extractors.html import extract_html

PAGE = """<!doctype html>
<html lang="fr"><head>
<meta charset="utf-8">
<title>Programme stratégique transversal | CPAS de Xyz</title>
<meta property="og:site_name" content="CPAS de Xyz">
<meta name="description" content="Le PST 2025-2030 du Centre public d'action sociale de Xyz.">
<meta name="viewport" content="width=device-width">
</head><body>
<div id="cookie-banner">Ce site utilise des cookies. <button>Accepter</button></div>
<header class="site-header">
  <a class="logo" href="/"><img src="logo.png" alt="Logo du CPAS de Xyz"></a>
  <nav class="main-menu"><ul><li><a href="/">Accueil</a></li><li><a href="/aide">Aides</a></li></ul></nav>
  <form class="search"><input name="q"><button>Rechercher</button></form>
</header>
<nav class="breadcrumb" aria-label="Fil d'Ariane"><ol>
  <li><a href="/">Accueil</a></li><li><a href="/vie">Vie sociale</a></li><li>PST</li>
</ol></nav>
<main>
  <h1>Programme stratégique transversal 2025-2030</h1>
  <h2>Objectif stratégique 1 : garantir un accueil de qualité</h2>
  <ol><li>Réduire les délais de réponse</li><li>Ouvrir une permanence le samedi</li></ol>
  <footer class="entry-meta">Publié le 3 février 2025</footer>
</main>
<footer id="footer">
  <div class="address"><strong>CPAS de Xyz</strong><br>Rue Haute 5<br>9999 Xyz</div>
  <ul class="footer-menu"><li><a href="/legal">Mentions légales</a></li></ul>
  <div class="social-links"><a href="https://facebook.com/x">Facebook</a></div>
  <p>© 2025 Centre public d'action sociale de Xyz</p>
</footer>
<script>var tracking = "CPAS de Xyz";</script>
</body></html>
"""


def test_title_metadata_and_site_chrome_are_furniture() -> None:
    doc = extract_html(PAGE.encode(), "https://www.xyz.be/pst")
    assert doc.furniture == (
        "Programme stratégique transversal | CPAS de Xyz",
        "CPAS de Xyz",
        "Le PST 2025-2030 du Centre public d'action sociale de Xyz.",
        "Logo du CPAS de Xyz",
        "Accueil › Vie sociale › PST",
        "Publié le 3 février 2025",
        "Rue Haute 5",
        "9999 Xyz",
        "© 2025 Centre public d'action sociale de Xyz",
    )
    texts = [b.text for b in doc.blocks]
    assert texts == [
        "Programme stratégique transversal 2025-2030",
        "Objectif stratégique 1 : garantir un accueil de qualité",
        "Réduire les délais de réponse",
        "Ouvrir une permanence le samedi",
    ]
    assert not any("Xyz" in t for t in texts)


def test_furniture_is_capped_and_deduplicated() -> None:
    links = "".join(f"<p>Antenne sociale numéro {i} du CPAS de Xyz, rue {i}</p>" for i in range(500))
    page = (
        "<html><head><title>CPAS de Xyz</title></head><body>"
        "<main><h1>Plan</h1><p>Objectif stratégique 1 : accueillir chaque usager.</p></main>"
        f"<footer>{links}<p>CPAS DE XYZ</p></footer></body></html>"
    )
    doc = extract_html(page, "big.html")
    assert doc.furniture[0] == "CPAS de Xyz"
    assert sum(len(line) for line in doc.furniture) <= MAX_FURNITURE_CHARS
    assert "CPAS DE XYZ" not in doc.furniture


def test_page_without_chrome_has_only_its_title() -> None:
    doc = extract_html("<html><head><title>PST</title></head><body><p>Un objectif.</p></body></html>", "p.html")
    assert doc.furniture == ("PST",)
