"""Tests of the HTML extractor on real .html files: lists, boilerplate, tables, errors."""

from __future__ import annotations

import pathlib
import shutil

import pytest

from extractors import html as html_extractor
from extractors.html import extract_html, format_marker
from normalizers.tree import build_tree
from pipeline.core.errors import EmptyDocument, HostileDocument, UnsupportedFormat
from pipeline.core.model import BlockKind, SourceFormat
from tests.extractors.inputs import html_file as extract

SAMPLES = pathlib.Path(__file__).resolve().parents[2] / "data" / "samples"

H, P, LI, ROW = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_ROW


# ----------------------------------------------------------------------------- builders


def write_page(
    tmp_path: pathlib.Path,
    body: str,
    *,
    name: str = "page.html",
    head: str = '<meta charset="utf-8"><title>Test</title>',
    encoding: str = "utf-8",
    bom: bytes = b"",
) -> pathlib.Path:
    """Write a full HTML document with ``body`` inside ``<body>`` and return its path."""
    doc = f"<!DOCTYPE html>\n<html lang=\"fr\"><head>{head}</head>\n<body>{body}</body></html>"
    path = tmp_path / name
    path.write_bytes(bom + doc.encode(encoding))
    return path


def plone_page(content: str) -> str:
    """A Plone-like body: portal header with skip links, nav, breadcrumbs, column, footer."""
    return f"""
<div id="portal-header"><a class="skip" href="#content">Aller au contenu.</a>
<ul id="portal-personaltools"><li>Outils personnels</li>
<li><a href="/login">Se connecter</a></li></ul>
<nav id="nav"><ul><li><a href="/">Accueil</a></li>
<li><a href="/ma-commune">Ma commune</a></li></ul></nav>
<div id="portal-breadcrumbs">Vous êtes ici : Accueil / Social / CPAS</div></div>
<div id="portal-columns"><aside id="portal-column-one"><h3>Menu de navigation</h3>
<ul><li><a href="/social">Social</a></li></ul></aside>
<main id="content">{content}
<div class="documentActions"><h5>Actions sur le document</h5><ul><li>Imprimer</li></ul></div>
</main></div>
<footer id="portal-footer"><p>Mentions légales · Réalisé avec Plone</p></footer>
<script>var menu = "Accueil";</script>"""


def wordpress_page(content: str) -> str:
    """A WordPress-like body: no <main>, skip link, site header, cookie banner, sidebar."""
    return f"""
<a class="skip-link screen-reader-text" href="#primary">Passer au contenu</a>
<div id="page" class="site">
<header id="masthead" class="site-header"><div class="site-branding">
<p class="site-title">CPAS de Dinant</p></div>
<nav id="site-navigation" class="main-navigation"><ul id="primary-menu" class="menu">
<li class="menu-item"><a href="/">Accueil</a></li>
<li class="menu-item"><a href="/services">Nos services</a></li>
</ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area">
<article id="post-12" class="post-12 page type-page status-publish hentry">
<header class="entry-header"><h1 class="entry-title">Notre plan stratégique</h1></header>
<div class="entry-content">{content}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Partager :</h3>
<ul><li><a href="#">Facebook</a></li><li><a href="#">Twitter</a></li></ul></div>
</div>
<footer class="entry-footer"><span class="edit-link">Modifier</span></footer>
</article></div>
<aside id="secondary" class="widget-area"><section class="widget widget_recent_entries">
<h2 class="widget-title">Articles récents</h2><ul><li>Collecte de vivres</li></ul></section></aside>
</div>
<footer id="colophon" class="site-footer">
<div class="site-info">© CPAS de Dinant – Mentions légales</div></footer>
</div>
<div id="cookie-notice" role="dialog" class="cookie-notice-container"><span id="cn-notice-text">
Nous utilisons des cookies pour vous garantir la meilleure expérience.</span>
<a id="cn-accept-cookie" class="cn-button">Accepter</a></div>
<div class="cmplz-cookiebanner"><p>Gérer le consentement aux cookies</p></div>"""


def shape(doc) -> list[tuple]:
    """The comparable view of a block list: kind, label, list_level, text."""
    return [(b.kind, b.label, b.list_level, b.text) for b in doc.blocks]


BOILERPLATE_WORDS = (
    "Vous êtes ici", "Aller au contenu", "Passer au contenu", "Accueil", "Se connecter",
    "Outils personnels", "Menu de navigation", "Mentions légales", "Imprimer",
    "Actions sur le document", "cookies", "Accepter", "Partager", "Facebook",
    "Articles récents", "Collecte de vivres", "Modifier", "Nos services", "var menu",
)


def assert_no_boilerplate(doc) -> None:
    for block in doc.blocks:
        for word in BOILERPLATE_WORDS:
            assert word.lower() not in block.text.lower(), (word, block)


# ----------------------------------------------------------------------------- lists


def test_nested_ordered_and_bulleted_lists(tmp_path):
    body = """<main>
<h2>Objectifs</h2>
<ol start="3">
  <li>Être un CPAS accessible
    <ol type="a">
      <li>Accueil unique</li>
      <li>Horaires élargis
        <ul><li>samedi matin</li><li>sur rendez-vous</li></ul>
      </li>
    </ol>
  </li>
  <li value="7">Être un CPAS solidaire</li>
  <li>Être un CPAS durable
    <ol type="i" start="2"><li>Énergie</li><li>Mobilité</li></ol>
  </li>
</ol>
<ol reversed type="A"><li>trois</li><li>deux</li><li>un</li></ol>
<ol type="I" reversed start="10"><li>dix</li><li value="4">quatre</li><li>trois</li></ol>
</main>"""
    doc = extract(write_page(tmp_path, body))
    assert shape(doc) == [
        (H, None, None, "Objectifs"),
        (LI, "3.", 0, "Être un CPAS accessible"),
        (LI, "a.", 1, "Accueil unique"),
        (LI, "b.", 1, "Horaires élargis"),
        (LI, None, 2, "samedi matin"),
        (LI, None, 2, "sur rendez-vous"),
        (LI, "7.", 0, "Être un CPAS solidaire"),
        (LI, "8.", 0, "Être un CPAS durable"),
        (LI, "ii.", 1, "Énergie"),
        (LI, "iii.", 1, "Mobilité"),
        (LI, "C.", 0, "trois"),
        (LI, "B.", 0, "deux"),
        (LI, "A.", 0, "un"),
        (LI, "X.", 0, "dix"),
        (LI, "IV.", 0, "quatre"),
        (LI, "III.", 0, "trois"),
    ]
    items = [b for b in doc.blocks if b.kind == LI]
    assert [b.bullet for b in items[3:5]] == [True, True]
    assert not any(b.bullet for b in items if b.label)
    # One stable list_id per list element, the DOM path of the list.
    assert items[0].list_id == items[5].list_id == items[6].list_id == "html/body/main/ol[1]"
    assert items[1].list_id == items[2].list_id == "html/body/main/ol[1]/li[1]/ol"
    assert items[3].list_id == "html/body/main/ol[1]/li[1]/ol/li[2]/ul"
    assert items[0].provenance.dom_path == "html/body/main/ol[1]/li[1]"
    assert doc.format == SourceFormat.HTML


def test_list_item_with_paragraphs_bold_and_breaks(tmp_path):
    body = """<main>
<ul>
  <li><p><strong>OS 1 – Être un CPAS ouvert</strong></p>
      <ol><li>Créer un guichet</li></ol>
      <p>Remarque après la sous-liste</p></li>
  <li>Ligne un<br>ligne&nbsp;deux <b>gras</b></li>
</ul>
<ol style="list-style-type: lower-alpha"><li>alpha</li><li>beta</li></ol>
<ul><ul><li>liste mal imbriquée</li></ul></ul>
</main>"""
    doc = extract(write_page(tmp_path, body))
    assert shape(doc) == [
        (LI, None, 0, "OS 1 – Être un CPAS ouvert"),
        (LI, "1.", 1, "Créer un guichet"),
        (P, None, None, "Remarque après la sous-liste"),
        (LI, None, 0, "Ligne un\nligne deux gras"),
        (LI, "a.", 0, "alpha"),
        (LI, "b.", 0, "beta"),
        (LI, None, 1, "liste mal imbriquée"),
    ]
    assert [b.bold for b in doc.blocks] == [True, False, False, False, False, False, False]


def test_format_marker():
    assert [format_marker(n, "a") for n in (1, 26, 27, 28)] == ["a.", "z.", "aa.", "ab."]
    assert format_marker(1994, "I") == "MCMXCIV."
    assert format_marker(0, "i") == "0."  # no roman zero: CSS falls back to decimal
    assert format_marker(-1, "1") == "-1."
    assert format_marker(3, "none") is None


# ----------------------------------------------------------------------------- boilerplate


def test_plone_boilerplate_removed(tmp_path):
    content = """<h1 class="documentFirstHeading">PST du CPAS</h1>
<p>Le CPAS de Sprimont a adopté son PST.</p>
<p class="os"><strong>O.S. 1</strong>&nbsp;&nbsp; Est attentif au personnel.</p>"""
    doc = extract(write_page(tmp_path, plone_page(content)))
    assert shape(doc) == [
        (H, None, None, "PST du CPAS"),
        (P, None, None, "Le CPAS de Sprimont a adopté son PST."),
        (P, None, None, "O.S. 1 Est attentif au personnel."),
    ]
    assert doc.blocks[0].heading_level == 1
    assert_no_boilerplate(doc)


def test_wordpress_boilerplate_removed(tmp_path):
    content = """<p>Le conseil de l&#8217;action sociale a adopté le PST le 24 juin 2019.</p>
<h2>Volet externe</h2>
<ol><li>Lutter contre la pauvreté</li><li>Soutenir l&rsquo;emploi</li></ol>"""
    doc = extract(write_page(tmp_path, wordpress_page(content)))
    assert shape(doc) == [
        (H, None, None, "Notre plan stratégique"),
        (P, None, None, "Le conseil de l’action sociale a adopté le PST le 24 juin 2019."),
        (H, None, None, "Volet externe"),
        (LI, "1.", 0, "Lutter contre la pauvreté"),
        (LI, "2.", 0, "Soutenir l’emploi"),
    ]
    assert [b.heading_level for b in doc.blocks if b.kind == H] == [1, 2]
    assert_no_boilerplate(doc)


def test_old_layout_table_page_without_main(tmp_path):
    body = """<table width="100%"><tr>
<td class="left"><a href="/">Accueil</a><br><a href="/cpas">Le CPAS</a></td>
<td><h1>Programme stratégique transversal</h1>
<p>Le conseil de l'action sociale a pris acte du PST en séance du 26 septembre 2019.</p>
<ol><li>Être un CPAS proche de ses usagers et de leurs besoins</li></ol></td>
</tr></table>"""
    doc = extract(write_page(tmp_path, body))
    assert shape(doc) == [
        (H, None, None, "Programme stratégique transversal"),
        (P, None, None,
         "Le conseil de l'action sociale a pris acte du PST en séance du 26 septembre 2019."),
        (LI, "1.", 0, "Être un CPAS proche de ses usagers et de leurs besoins"),
    ]


def test_a_dashboard_page_without_main_marker_keeps_the_headings_around_its_table(tmp_path):
    body = """<h1>PST 2025-2030</h1>
<table border="1"><tr><th>Objectif stratégique</th><th>Actions</th></tr>
<tr><td>OS.1 Être un CPAS inclusif et solidaire</td><td>A.1.1.1 Créer une cellule emploi au CPAS</td></tr>
<tr><td></td><td>A.1.1.2 Organiser un job day avec le Forem</td></tr></table>"""
    doc = extract(write_page(tmp_path, body))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (H, "PST 2025-2030"),
        (ROW, "Objectif stratégique | Actions"),
        (ROW, "OS.1 Être un CPAS inclusif et solidaire | A.1.1.1 Créer une cellule emploi au CPAS"),
        (ROW, " | A.1.1.2 Organiser un job day avec le Forem"),
    ]


def test_an_outline_list_holding_most_of_the_text_brings_its_container_and_the_volets(tmp_path):
    long = "Organiser des ateliers collectifs sur les économies d'énergie dans chaque village de l'entité"
    body = f"""<p><b>Volet interne</b></p>
<ol type="I"><li><p>Être un employeur attentif</p></li></ol>
<p><b>Volet externe</b></p>
<ol type="I"><li><p>Lutter contre la précarité énergétique</p><ol>{"".join(f"<li><p>{long}</p></li>" for _ in range(8))}
</ol></li></ol>"""
    doc = extract(write_page(tmp_path, body))
    texts = [b.text for b in doc.blocks]
    assert texts[:3] == ["Volet interne", "Être un employeur attentif", "Volet externe"]
    assert len(texts) == 12


def test_densest_element_when_no_main_marker(tmp_path):
    body = """<div class="top"><ul><li><a href="/">Accueil</a></li></ul></div>
<div class="wrap"><div class="col-left"><p>Lien</p></div>
<div class="col-right">
<p>Le programme stratégique transversal du CPAS comprend six objectifs stratégiques.</p>
<p>Chaque objectif est décliné en objectifs opérationnels puis en actions concrètes.</p>
</div></div>"""
    doc = extract(write_page(tmp_path, body))
    assert [b.text for b in doc.blocks] == [
        "Le programme stratégique transversal du CPAS comprend six objectifs stratégiques.",
        "Chaque objectif est décliné en objectifs opérationnels puis en actions concrètes.",
    ]
    assert doc.warnings and "densest" in doc.warnings[0]


def test_text_runs_in_divs_and_double_br(tmp_path):
    body = """<main><div>OS 1 : Être un CPAS ouvert<br>OO 1.1 : Accueillir<br><br>
<b>OS 2</b><div>bloc <span>interne</span></div>suite</div>
<dl><dt>Pilote</dt><dd>Directrice générale</dd></dl></main>"""
    doc = extract(write_page(tmp_path, body))
    assert [(b.kind, b.text, b.bold) for b in doc.blocks] == [
        (P, "OS 1 : Être un CPAS ouvert\nOO 1.1 : Accueillir", False),
        (P, "OS 2", True),
        (P, "bloc interne", False),
        (P, "suite", False),
        (P, "Pilote", True),  # a dl's term, shown bold
        (P, "Directrice générale", False),
    ]
    assert doc.blocks[0].provenance.dom_path == "html/body/main/div"
    assert doc.blocks[2].provenance.dom_path == "html/body/main/div/div"


def test_actions_as_the_terms_of_a_description_list_their_fields_in_its_descriptions(tmp_path):
    body = """<main><h1>Programme stratégique transversal 2025-2030</h1>
<h2>OS 1 – Être un CPAS accessible</h2><h3>OO 1.1 – Améliorer l'accueil des usagers</h3>
<dl><dt>Réaménager l'espace d'accueil</dt><dd>Pilote : Service social<br>Échéance : 2027</dd>
<dt>Former les agents d'accueil</dt><dd>Pilote : Responsable RH<br>Échéance : 2028</dd></dl>
<h3>OO 1.2 – Simplifier les démarches</h3>
<dl><dt>Mettre en place un guichet numérique</dt><dd>Pilote : Directeur général</dd></dl></main>"""
    items, _ = build_tree(extract(write_page(tmp_path, body)).blocks)
    assert [(i.level.value, i.number, i.title, i.parent_number, i.pilote) for i in items] == [
        ("os", "1", "Être un CPAS accessible", None, None),
        ("oo", "1.1", "Améliorer l'accueil des usagers", "1", None),
        ("action", "1.1.1", "Réaménager l'espace d'accueil", "1.1", "Service social"),
        ("action", "1.1.2", "Former les agents d'accueil", "1.1", "Responsable RH"),
        ("oo", "1.2", "Simplifier les démarches", "1", None),
        ("action", "1.2.1", "Mettre en place un guichet numérique", "1.2", "Directeur général"),
    ]


def test_a_description_list_of_field_names_and_values_under_each_action_gives_its_fields(tmp_path):
    body = """<main><h1>Programme stratégique transversal 2025-2030</h1>
<h2>OS 1 : Être un CPAS accessible</h2><h3>OO 1.1 : Améliorer l'accueil des usagers</h3>
<h4>Action 1.1.1 : Réaménager l'espace d'accueil</h4>
<dl><dt>Pilote</dt><dd>Service social</dd><dt>Échéance</dt><dd>2027</dd><dt>Budget</dt><dd>25.000 €</dd>
<dt>Partenaires</dt><dd>Commune de Ciney</dd></dl>
<h4>Action 1.1.2 : Former les agents d'accueil</h4>
<dl><dt>Pilote</dt><dd>Responsable RH</dd><dt>Indicateurs</dt><dd>Nombre d'agents formés</dd>
<dt>Statut</dt><dd>En cours</dd></dl></main>"""
    items, _ = build_tree(extract(write_page(tmp_path, body)).blocks)
    assert [
        (i.level.value, i.number, i.title, i.parent_number, i.pilote, i.due, i.partners, i.indicators,
         i.status and i.status.value, i.description)
        for i in items
    ] == [
        ("os", "1", "Être un CPAS accessible", None, None, None, None, None, None, None),
        ("oo", "1.1", "Améliorer l'accueil des usagers", "1", None, None, None, None, None, None),
        ("action", "1.1.1", "Réaménager l'espace d'accueil", "1.1", "Service social", "2027", "Commune de Ciney",
         None, None, "Budget 25.000 €"),
        ("action", "1.1.2", "Former les agents d'accueil", "1.1", "Responsable RH", None, None,
         "Nombre d'agents formés", "en_cours", None),
    ]


def test_an_accordion_of_objectives_whose_actions_carry_a_status_badge_gives_each_action_its_status(tmp_path):
    body = """<main><h1>Programme stratégique transversal 2025-2030</h1>
<details><summary>Objectif stratégique 1 : Être un CPAS accessible</summary>
<h4>Objectif opérationnel 1.1 : Améliorer l'accueil des usagers</h4>
<ul><li>Réaménager l'espace d'accueil <span class=badge>En cours</span></li>
<li>Former les agents d'accueil <span class="badge bg-success">Réalisé</span></li></ul>
<h4>Objectif opérationnel 1.2 : Simplifier les démarches</h4>
<ul><li>Mettre en place un guichet numérique <span class=badge>À programmer</span></li></ul></details>
<details><summary>Objectif stratégique 2 : Lutter contre la pauvreté</summary>
<h4>Objectif opérationnel 2.1 : Renforcer l'aide alimentaire</h4>
<ul><li>Ouvrir une épicerie sociale <span class=badge>Suspendu</span></li></ul></details></main>"""
    items, _ = build_tree(extract(write_page(tmp_path, body)).blocks)
    assert [(i.level.value, i.number, i.title, i.parent_number, i.status and i.status.value) for i in items] == [
        ("os", "1", "Être un CPAS accessible", None, None),
        ("oo", "1.1", "Améliorer l'accueil des usagers", "1", None),
        ("action", "1.1.1", "Réaménager l'espace d'accueil", "1.1", "en_cours"),
        ("action", "1.1.2", "Former les agents d'accueil", "1.1", "finalise"),
        ("oo", "1.2", "Simplifier les démarches", "1", None),
        ("action", "1.2.1", "Mettre en place un guichet numérique", "1.2", "a_programmer"),
        ("os", "2", "Lutter contre la pauvreté", None, None),
        ("oo", "2.1", "Renforcer l'aide alimentaire", "2", None),
        ("action", "2.1.1", "Ouvrir une épicerie sociale", "2.1", "abandonne"),
    ]


# ----------------------------------------------------------------------------- tables


def test_table_rows_with_colspan_and_rowspan(tmp_path):
    body = """<main><h2>Tableau de bord</h2>
<table>
<caption>Actions du PST</caption>
<thead><tr><th rowspan="2">N°</th><th rowspan="2">Action</th><th colspan="3">Statut</th></tr>
<tr><th>À programmer</th><th>En cours</th><th>Finalisé</th></tr></thead>
<tbody>
<tr><td>1.1.1</td><td>Créer un guichet&nbsp;social</td><td></td><td>X</td><td></td></tr>
<tr><td>1.1.2</td><td colspan="3">Abandonné</td><td>X</td></tr>
</tbody></table>
<table><tr><th>Pilote</th><th>Échéance</th></tr><tr><td>DG</td><td>2025</td></tr></table>
</main>"""
    doc = extract(write_page(tmp_path, body))
    rows = [b for b in doc.blocks if b.kind == ROW]
    assert shape(doc)[:2] == [
        (H, None, None, "Tableau de bord"),
        (P, None, None, "Actions du PST"),
    ]
    assert [(r.table_index, r.row_index, r.is_header_row, r.cells) for r in rows] == [
        (0, 0, True, ("N°", "Action", "Statut", "", "")),
        (0, 1, True, ("N°", "Action", "À programmer", "En cours", "Finalisé")),
        (0, 2, False, ("1.1.1", "Créer un guichet social", "", "X", "")),
        (0, 3, False, ("1.1.2", "Abandonné", "", "", "X")),
        (1, 0, True, ("Pilote", "Échéance")),
        (1, 1, False, ("DG", "2025")),
    ]
    assert rows[2].text == "1.1.1 | Créer un guichet social |  | X | "
    assert rows[2].provenance.dom_path == "html/body/main/table[1]/tbody/tr[1]"


def test_layout_table_is_read_as_containers(tmp_path):
    body = """<main><table width="100%"><tr><td class="left"><p>Colonne</p></td>
<td><h1>PST</h1><ul><li>Action A</li></ul><p>Texte</p></td></tr></table></main>"""
    doc = extract(write_page(tmp_path, body))
    assert shape(doc) == [
        (P, None, None, "Colonne"),
        (H, None, None, "PST"),
        (LI, None, 0, "Action A"),
        (P, None, None, "Texte"),
    ]


# ----------------------------------------------------------------------------- Sprimont sample


def test_sprimont_sample(tmp_path):
    path = tmp_path / "sprimont_pst-du-cpas.html"
    shutil.copy(SAMPLES / "sprimont_pst-du-cpas.html", path)
    doc = extract(path)
    assert doc.source_file == path.name
    assert doc.warnings == ()
    # The whole block list: kind, heading level, start of the text (48 blocks, no lists).
    assert [(b.kind, b.heading_level, b.text[:32]) for b in doc.blocks] == [
        (H, 1, 'PST du CPAS'),
        (H, 2, '1.Références légales'),
        (P, None, 'Le programme stratégique transve'),
        (P, None, 'Le PST repose sur une collaborat'),
        (P, None, 'Le conseil de l’action sociale p'),
        (P, None, 'Cette législation prévoit une pr'),
        (P, None, 'Sont également prévus une évalua'),
        (H, 2, '2.Concept de PST'),
        (H, 3, '2.1.1.Le Programme Stratégique T'),
        (P, None, 'Un programme : une série d’actio'),
        (P, None, 'Une stratégie : il s’agit de coo'),
        (P, None, 'Une transversalité : différentes'),
        (P, None, 'Le P.S.T. est une démarche prosp'),
        (H, 3, '2.1.2.Structure'),
        (P, None, 'Le pouvoir local doit définir sa'),
        (P, None, 'Cette arborescence simple doit ê'),
        (P, None, 'Dans le PST, il convient de dist'),
        (P, None, 'Le volet externe est centré sur '),
        (P, None, 'Le volet interne est centré sur '),
        (P, None, 'Il convient de préciser que le P'),
        (H, 3, '2.1.3.Evolution'),
        (P, None, 'Le PST n’est pas figé et ne doit'),
        (P, None, 'Enfin, le PST est une feuille de'),
        (P, None, 'Enfin, le PST est soumis à évalu'),
        (H, 2, '3.Contenu du PST'),
        (P, None, 'Au départ de la vision politique'),
        (P, None, 'Notre PST se décline comme suit '),
        (P, None, '4 objectifs stratégiques externe'),
        (P, None, 'L’objectif stratégique se défini'),
        (P, None, 'C’est un objectif qui se veut à '),
        (P, None, 'Pour Sprimont, il s’agit D’ÊTRE '),
        (P, None, 'Volet interne :'),
        (P, None, 'O.S. 1 Est attentif au bien-être'),
        (P, None, 'O.S. 2 Est attentif aux synergie'),
        (P, None, 'Volet externe :'),
        (P, None, 'O.S. 1 Est ouvert à l’ensemble d'),
        (P, None, 'O.S. 2 Accentue son action en ma'),
        (P, None, 'O.S. 3 Développe une politique a'),
        (P, None, 'O.S. 4 Est dynamique au niveau d'),
        (P, None, '15 Objectifs opérationnels'),
        (P, None, 'L’objectif opérationnel se défin'),
        (P, None, 'Il s’agit donc de définir des pr'),
        (P, None, 'Plus de 40 actions'),
        (P, None, 'L’action se définit sur le regis'),
        (H, 2, '4.Moyens'),
        (P, None, 'En fonction des différents appel'),
        (H, 2, '5.Annexe'),
        (P, None, 'Tableau de synthèse du PST (éval'),
    ]
    assert all(b.label is None and b.list_level is None for b in doc.blocks)
    os_blocks = [b for b in doc.blocks if b.text.startswith("O.S. ")]
    assert [b.text for b in os_blocks] == [
        "O.S. 1 Est attentif au bien-être et au développement de son personnel.",
        "O.S. 2 Est attentif aux synergies possibles avec la commune.",
        "O.S. 1 Est ouvert à l’ensemble de la population et qui est attentif au bien-être social.",
        "O.S. 2 Accentue son action en matière d’insertion sociale, socioprofessionnelle et "
        "professionnelle des usagers.",
        "O.S. 3 Développe une politique active en matière de maintien à domicile du troisième "
        "et du quatrième âge.",
        "O.S. 4 Est dynamique au niveau du droit à un logement décent.",
    ]
    for b in os_blocks:
        assert b.kind == P
        # Only the "O.S. n" label is in <strong>: the paragraph as a whole is not bold,
        # the raw text keeps the NBSPs and the label in front.
        assert not b.bold
        assert b.provenance.raw_text.startswith(b.text[:6] + "\xa0\xa0 ")
    assert os_blocks[0].provenance.dom_path == "html/body/div[2]/main/p[26]"
    texts = [b.text for b in doc.blocks]
    assert "Volet interne :" in texts and "Volet externe :" in texts
    assert texts.index("Volet interne :") < texts.index(os_blocks[0].text)
    assert texts[-1] == "Tableau de synthèse du PST (évaluation à mi-législature)"
    assert_no_boilerplate(doc)
    assert not any("Navigation" in t or "Tél." in t or "Ma commune" in t for t in texts)


# ----------------------------------------------------------------------------- encodings


def test_cp1252_page_with_meta_charset(tmp_path):
    path = write_page(
        tmp_path,
        "<main><p>Objectif stratégique : être un CPAS « ouvert » – 2019</p></main>",
        head='<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
        encoding="cp1252",
    )
    assert [b.text for b in extract(path).blocks] == [
        "Objectif stratégique : être un CPAS « ouvert » – 2019"
    ]


def test_undeclared_cp1252_falls_back(tmp_path):
    path = write_page(
        tmp_path, "<main><p>Réalisé à 100 %</p></main>", head="<title>x</title>", encoding="cp1252"
    )
    doc = extract(path)
    assert [b.text for b in doc.blocks] == ["Réalisé à 100 %"]
    assert any("cp1252" in w for w in doc.warnings)


def test_bom_wins_over_meta(tmp_path):
    path = write_page(
        tmp_path,
        "<main><p>Grâce-Hollogne</p></main>",
        head='<meta charset="iso-8859-1">',
        encoding="utf-16-le",
        bom=b"\xff\xfe",
    )
    assert [b.text for b in extract(path).blocks] == ["Grâce-Hollogne"]
    path = write_page(
        tmp_path, "<main><p>Élévation</p></main>", head='<meta charset="iso-8859-1">',
        bom=b"\xef\xbb\xbf",
    )
    assert [b.text for b in extract(path).blocks] == ["Élévation"]


def test_extract_html_from_text_and_entities():
    doc = extract_html(
        "<html><body><article><p>A&nbsp;&amp;&#160;B &eacute;t&#233; &#x2013; fin\u200b</p>"
        "</article></body></html>",
        "https://www.cpas.example/pst",
    )
    assert doc.source_file == "https://www.cpas.example/pst"
    assert [b.text for b in doc.blocks] == ["A & B été – fin"]


# ----------------------------------------------------------------------------- errors


def test_empty_file(tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    with pytest.raises(EmptyDocument):
        extract(path)


def test_page_without_text(tmp_path):
    with pytest.raises(EmptyDocument):
        extract(write_page(tmp_path, "<main><div> </div><script>x()</script></main>"))
    path = tmp_path / "blank.html"
    path.write_bytes(b"  \n\t ")
    with pytest.raises(EmptyDocument):
        extract(path)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "zip"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (bytes(range(256)) * 4, "binary"),
        (b"Juste du texte, sans balise aucune.", "no markup"),
    ],
)
def test_not_html(tmp_path, data, what):
    path = tmp_path / "fake.html"
    path.write_bytes(data)
    with pytest.raises(UnsupportedFormat) as info:
        extract(path)
    assert what in info.value.message
    assert info.value.code == "unsupported_format"


def test_oversized_page_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(html_extractor, "MAX_BYTES", 1000)
    path = write_page(tmp_path, "<main>" + "<p>bla bla</p>" * 200 + "</main>")
    size = path.stat().st_size
    with pytest.raises(HostileDocument) as info:
        extract(path)
    assert str(size) in info.value.message
    with pytest.raises(HostileDocument):
        extract_html(b"<p>" + b"x" * 1000 + b"</p>", "mem")


def test_real_size_limit_is_20_mb():
    assert html_extractor.MAX_BYTES == 20 * 1024 * 1024
    assert html_extractor._limit() == "20971520 bytes (20 MB)"


def test_page_builder_classes_and_wrapping_form_are_content(tmp_path):
    # Elementor wraps all content in "elementor-widget…" classes; ASP.NET wraps the page
    # in a <form>; WordPress puts "no-sidebar" on wrappers. None of that is boilerplate.
    body = """<form id="aspnetForm" action="/page.aspx">
<div class="wrapper no-sidebar has-menu">
<div class="elementor-widget elementor-widget-heading"><div class="elementor-widget-container">
<h2 class="elementor-heading-title">PST 2025-2030</h2></div></div>
<div class="elementor-widget elementor-widget-text-editor"><div class="elementor-widget-container">
<p>Le CPAS poursuit cinq objectifs stratégiques.</p></div></div>
<div class="widget-area"><div class="widget widget_text"><p>Horaires du guichet</p></div></div>
<form class="search-form"><input name="q"><p>Rechercher</p></form>
</div></form>"""
    doc = extract(write_page(tmp_path, body))
    assert shape(doc) == [
        (H, None, None, "PST 2025-2030"),
        (P, None, None, "Le CPAS poursuit cinq objectifs stratégiques."),
    ]


def test_a_line_break_of_the_source_is_a_space_only_br_breaks_a_line(tmp_path):
    body = """<ul><li><p>Mettre en place la «&nbsp;demande unique
\t»</p></li></ul>
<p>OS 1 : Être un CPAS
ouvert<br>OO 1.1 : Accueillir</p>
<pre>ligne 1
ligne 2</pre>"""
    doc = extract(write_page(tmp_path, body))
    assert [b.text for b in doc.blocks] == [
        "Mettre en place la « demande unique »",
        "OS 1 : Être un CPAS ouvert\nOO 1.1 : Accueillir",
        "ligne 1\nligne 2",
    ]


def test_google_docs_flat_lists_take_their_level_from_the_export_class(tmp_path):
    body = """<ol class="c6 lst-kix_a1b2-0 start" start="1"><li class="c1"><span>Être un CPAS solidaire</span></li></ol>
<ol class="c6 lst-kix_a1b2-1 start" start="1"><li class="c2"><span>Développer l'insertion</span></li></ol>
<ol class="c6 lst-kix_a1b2-2 start" start="1"><li class="c3"><span>Engager des article 60</span></li>
<li class="c3"><span>Organiser un job day</span></li></ol>
<ol class="c6 lst-kix_a1b2-1" start="2"><li class="c2"><span>Soutenir la formation</span></li></ol>"""
    doc = extract(write_page(tmp_path, body))
    assert shape(doc) == [
        (LI, "1.", 0, "Être un CPAS solidaire"),
        (LI, "1.", 1, "Développer l'insertion"),
        (LI, "1.", 2, "Engager des article 60"),
        (LI, "2.", 2, "Organiser un job day"),
        (LI, "2.", 1, "Soutenir la formation"),
    ]


def test_numbers_in_spans_of_their_own_are_set_apart_from_their_titles(tmp_path):
    """A page lays its outline out as <div> lines, the number and the title in two <span>s with no space between
    (CSS sets them apart): the number is read as the label ("1.1 Développer …", not "1.1Développer …"), and the
    bare "1" opening the paths below it as the OS's. Before, nothing parsed."""
    lines = [
        ("1", "Garantir l'accès à un logement digne"),
        ("1.1", "Développer l'offre de logements de transit"),
        ("1.1.1", "Rénover deux logements de transit"),
        ("1.1.2", "Conclure une convention avec l'agence immobilière sociale"),
        ("2", "Réduire la fracture numérique"),
        ("2.1", "Ouvrir un espace public numérique"),
        ("2.1.1", "Aménager un local équipé de six ordinateurs"),
    ]
    body = "<main><h1>Programme stratégique transversal 2025-2030</h1>" + "".join(
        f"<div class='ligne'><span class='num'>{n}</span><span class='lib'>{t}</span></div>" for n, t in lines
    ) + "<p>Exposant : 120 m<sup>2</sup> rénovés.</p></main>"
    doc = extract(write_page(tmp_path, body))
    assert [b.text for b in doc.blocks] == [
        "Programme stratégique transversal 2025-2030", *(f"{n} {t}" for n, t in lines), "Exposant : 120 m2 rénovés."
    ]
    items, _ = build_tree(doc.blocks)
    assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("os", "1", None, "Garantir l'accès à un logement digne"),
        ("oo", "1.1", "1", "Développer l'offre de logements de transit"),
        ("action", "1.1.1", "1.1", "Rénover deux logements de transit"),
        ("action", "1.1.2", "1.1", "Conclure une convention avec l'agence immobilière sociale"),
        ("os", "2", None, "Réduire la fracture numérique"),
        ("oo", "2.1", "2", "Ouvrir un espace public numérique"),
        ("action", "2.1.1", "2.1", "Aménager un local équipé de six ordinateurs"),
    ]


def test_a_table_laid_out_with_divs_is_read_as_a_table(tmp_path):
    """A dashboard built with <div>s styled as a table (a row a <div>, a cell a <div>, the header's labels bold):
    its rows are table rows, so the tree reads the code column as the level and the title beside it; before, every
    cell was a paragraph of its own and nothing parsed."""
    rows = [
        ("1", "Soutenir le maintien à domicile des aînés", ""),
        ("1.1", "Étendre le service d'aide aux familles", ""),
        ("1.1.1", "Recruter deux aides familiales", "Directrice générale"),
        ("1.1.2", "Élargir les horaires du service de repas à domicile", "Service social"),
        ("2", "Réduire la fracture numérique", ""),
        ("2.1", "Ouvrir un espace public numérique", ""),
        ("2.1.1", "Aménager un local équipé de six ordinateurs", "Service informatique"),
    ]
    cells = "".join(f"<div class='r'><div class='c'>{a}</div><div class='c'>{b}</div><div class='c'>{c}</div></div>"
                    for a, b, c in rows)
    body = ("<main><h1>Programme stratégique transversal 2025-2030</h1><div class='t'><div class='r'>"
            "<div class='c'><b>Code</b></div><div class='c'><b>Intitulé</b></div><div class='c'><b>Pilote</b></div>"
            f"</div>{cells}</div></main>")
    doc = extract(write_page(tmp_path, body))
    assert [(b.kind, b.cells, b.is_header_row) for b in doc.blocks[1:]] == [
        (ROW, ("Code", "Intitulé", "Pilote"), True), *((ROW, r, False) for r in rows)
    ]
    items, _ = build_tree(doc.blocks)
    assert [(i.level.value, i.number, i.parent_number, i.title, i.pilote) for i in items] == [
        ("os", "1", None, "Soutenir le maintien à domicile des aînés", None),
        ("oo", "1.1", "1", "Étendre le service d'aide aux familles", None),
        ("action", "1.1.1", "1.1", "Recruter deux aides familiales", "Directrice générale"),
        ("action", "1.1.2", "1.1", "Élargir les horaires du service de repas à domicile", "Service social"),
        ("os", "2", None, "Réduire la fracture numérique", None),
        ("oo", "2.1", "2", "Ouvrir un espace public numérique", None),
        ("action", "2.1.1", "2.1", "Aménager un local équipé de six ordinateurs", "Service informatique"),
    ]
