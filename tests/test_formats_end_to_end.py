"""Whole documents written by builders (real .docx, .html, .pdf) parse to whole expected trees."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract
from normalizers.parse import parse_file
from tests.extractors.docx import builders as wx
from tests.pipeline.core.blocks import shape


def tree(path: Path) -> list[tuple]:
    result = parse_file(path)
    assert result.failure is None, result.failure
    return shape(list(result.document.items))


def plan_items(path: Path) -> list[tuple]:
    """The tree without the printed labels (LibreOffice ignores Word's ``isLgl``: "I.1." is printed "1.1.")."""
    result = parse_file(path)
    assert result.failure is None, result.failure
    return [(i.level.value, i.volet, i.number, i.title, i.parent_number) for i in result.document.items]


def test_docx_word_automatic_numbering_builds_the_tree(tmp_path):
    """Numbers exist only in numbering.xml (lvlText %1. / %1.%2. / %1.%2.%3.), some inherited from styles."""
    numbering = wx.numbering_xml(
        wx.abstract_num(1, [wx.level(0), wx.level(1), wx.level(2)]),
        wx.num(5, 1),
        wx.abstract_num(2, [wx.level(0, "decimal", "%1.")]),
        wx.num(6, 2),
    )
    styles = wx.styles_xml(
        wx.style("Titre1", "Titre 1", outline=0, bold=True),
        wx.style("ObjectifStrategique", "Objectif stratégique", num=5, ilvl=0, bold=True),
    )
    body = "".join([
        wx.para("Méthodologie", style="Titre1"),
        wx.para("Cadrer la démarche", num=6, ilvl=0),
        wx.para("Construire le PST", num=6, ilvl=0),
        wx.para("Objectifs stratégiques", style="Titre1"),
        wx.para("Être un CPAS qui accompagne chaque citoyen", style="ObjectifStrategique"),
        wx.para("Renforcer l'accueil social", num=5, ilvl=1),
        wx.para("Rénover la salle d'attente", num=5, ilvl=2),
        wx.para("Créer un guichet unique", num=5, ilvl=2),
        wx.para("Développer le service de médiation de dettes", num=5, ilvl=1),
        wx.para("Être un CPAS efficace et bien géré", style="ObjectifStrategique"),
        wx.para("Mettre en place le contrôle interne", num=5, ilvl=1),
        wx.para("Conclusion", style="Titre1"),
        wx.para("Le conseil est déterminé à mener ces actions."),
    ])
    path = wx.write_docx(tmp_path / "auto.docx", body, styles=styles, numbering=numbering)
    assert tree(path) == [
        ("os", None, "1", "1.", "Être un CPAS qui accompagne chaque citoyen", None),
        ("oo", None, "1.1", "1.1.", "Renforcer l'accueil social", "1"),
        ("action", None, "1.1.1", "1.1.1.", "Rénover la salle d'attente", "1.1"),
        ("action", None, "1.1.2", "1.1.2.", "Créer un guichet unique", "1.1"),
        ("oo", None, "1.2", "1.2.", "Développer le service de médiation de dettes", "1"),
        ("os", None, "2", "2.", "Être un CPAS efficace et bien géré", None),
        ("oo", None, "2.1", "2.1.", "Mettre en place le contrôle interne", "2"),
    ]


def test_docx_explicit_labels_generated_by_lvltext(tmp_path):
    """lvlText can print the level word itself: "OS %1 :" and "OO %1.%2" with restarts per OS."""
    numbering = wx.numbering_xml(
        wx.abstract_num(1, [wx.level(0, "decimal", "OS %1 :"), wx.level(1, "decimal", "OO %1.%2"),
                            wx.level(2, "bullet", "•")]),
        wx.num(3, 1),
    )
    body = "".join([
        wx.para("Volet externe", outline=0),
        wx.para("Lutter contre la précarité énergétique", num=3, ilvl=0),
        wx.para("Accompagner les ménages en difficulté", num=3, ilvl=1),
        wx.para("Organiser des ateliers énergie", num=3, ilvl=2),
        wx.para("Installer des compteurs à budget", num=3, ilvl=2),
        wx.para("Volet interne", outline=0),
        wx.para("Moderniser l'administration", num=3, ilvl=0),
        wx.para("Former les agents", num=3, ilvl=1),
    ])
    path = wx.write_docx(tmp_path / "lvltext.docx", body, numbering=numbering)
    assert tree(path) == [
        ("os", "externe", "1", "OS 1", "Lutter contre la précarité énergétique", None),
        ("oo", "externe", "1.1", "OO 1.1", "Accompagner les ménages en difficulté", "1"),
        ("action", "externe", "1.1.1", None, "Organiser des ateliers énergie", "1.1"),
        ("action", "externe", "1.1.2", None, "Installer des compteurs à budget", "1.1"),
        ("os", "interne", "2", "OS 2", "Moderniser l'administration", None),
        ("oo", "interne", "2.1", "OO 2.1", "Former les agents", "2"),
    ]


def test_html_nested_ordered_lists_compute_their_numbers(tmp_path):
    page = """<!doctype html><html><head><title>PST</title></head><body>
    <nav><ul><li>Accueil</li><li>Vie communale</li></ul></nav>
    <main><h1>Programme stratégique transversal du CPAS</h1>
    <h2>Objectifs stratégiques</h2>
    <ol>
      <li>Être un CPAS ouvert à tous
        <ol><li>Améliorer l'accueil
              <ul><li>Créer une page Facebook du CPAS</li><li>Rénover le hall</li></ul></li>
            <li>Simplifier les démarches</li></ol></li>
      <li>Être un CPAS solidaire
        <ol start="1"><li>Développer l'aide alimentaire
              <ul><li>Ouvrir une épicerie sociale</li></ul></li></ol></li>
    </ol></main>
    <footer>Mentions légales</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    assert tree(path) == [
        ("os", None, "1", "1.", "Être un CPAS ouvert à tous", None),
        ("oo", None, "1.1", "1.1.", "Améliorer l'accueil", "1"),
        ("action", None, "1.1.1", None, "Créer une page Facebook du CPAS", "1.1"),
        ("action", None, "1.1.2", None, "Rénover le hall", "1.1"),
        ("oo", None, "1.2", "1.2.", "Simplifier les démarches", "1"),
        ("os", None, "2", "2.", "Être un CPAS solidaire", None),
        ("oo", None, "2.1", "2.1.", "Développer l'aide alimentaire", "2"),
        ("action", None, "2.1.1", None, "Ouvrir une épicerie sociale", "2.1"),
    ]


def _dashboard_pdf(path: Path) -> Path:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    cell = styles["BodyText"]

    def footer(canv, doc):
        canv.setFont("Helvetica", 8)
        canv.drawString(40, 20, f"CPAS de Dinant – Tableau de bord PST – page {doc.page}")

    story = [Paragraph("CPAS de Dinant – tableau de bord du PST 2024-2030", styles["Title"]),
             Paragraph("Objectif stratégique 1 : Être un CPAS proche de ses usagers", styles["Heading2"]),
             Paragraph("Objectif opérationnel 1.1 : Améliorer l'accueil", styles["Heading3"])]
    data = [["N°", "Action", "Pilote", "Échéance", "A programmer", "En cours", "Finalisé"],
            ["1.1.1", Paragraph("Installer une borne d'accueil numérique dans le hall du centre", cell),
             "DG", "2026", "", "X", ""],
            ["1.1.2", Paragraph("Former les agents d'accueil à l'écoute active", cell), "RH", "2025", "", "", "X"],
            ["1.1.3", Paragraph("Publier un guide des services", cell), "Com", "2027", "X", "", ""]]
    table = Table(data, colWidths=[40, 300, 60, 60, 80, 60, 60])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]))
    story += [table, Spacer(1, 12)]
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path


def test_pdf_dashboard_table_rows_are_actions_with_status(tmp_path):
    result = parse_file(_dashboard_pdf(tmp_path / "dashboard.pdf"))
    assert result.failure is None, result.failure
    doc = result.document
    assert shape(list(doc.items)) == [
        ("os", None, "1", "Objectif stratégique 1", "Être un CPAS proche de ses usagers", None),
        ("oo", None, "1.1", "Objectif opérationnel 1.1", "Améliorer l'accueil", "1"),
        ("action", None, "1.1.1", "1.1.1", "Installer une borne d'accueil numérique dans le hall du centre", "1.1"),
        ("action", None, "1.1.2", "1.1.2", "Former les agents d'accueil à l'écoute active", "1.1"),
        ("action", None, "1.1.3", "1.1.3", "Publier un guide des services", "1.1"),
    ]
    assert [(i.status.value, i.pilote, i.due) for i in doc.items[2:]] == [
        ("en_cours", "DG", "2026"), ("finalise", "RH", "2025"), ("a_programmer", "Com", "2027")]
    assert doc.cpas_name == "Dinant" and doc.legislature == "2024-2030"
    assert all(i.provenance.page == 1 and i.provenance.bbox for i in doc.items)


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
def test_wrong_extension_is_read_by_its_bytes(tmp_path, suffix):
    src = Path(__file__).resolve().parents[1] / "data" / "samples" / (
        "meix-devant-virton_pst.docx" if suffix == ".pdf" else "meix-devant-virton_pst.pdf")
    path = tmp_path / f"renamed{suffix}"
    path.write_bytes(src.read_bytes())
    result = parse_file(path)
    assert result.document is not None and len(result.document.items) == 29  # 6 OS + 23 OO, as in the gold tree
    assert any("bytes are" in w for w in result.document.warnings)


def test_docx_list_number_running_through_all_oo_gives_actions(tmp_path):
    """python-docx's default template: headings for OS / OO, one "List Number" sequence for all actions."""
    import docx

    document = docx.Document()
    document.add_paragraph("CPAS de Dinant – Programme stratégique transversal 2025-2030", style="Title")
    document.add_heading("Objectif stratégique 1 : Être un CPAS proche de ses usagers", level=1)
    document.add_heading("Objectif opérationnel 1.1 : Améliorer l'accueil", level=2)
    for title in ("Rénover la salle d'attente", "Créer un guichet unique"):
        document.add_paragraph(title, style="List Number")
    document.add_heading("Objectif opérationnel 1.2 : Informer les usagers", level=2)
    for title in ("Publier un guide des services", "Créer une page Facebook du CPAS"):
        document.add_paragraph(title, style="List Number")
    path = tmp_path / "headings.docx"
    document.save(str(path))
    assert tree(path) == [
        ("os", None, "1", "Objectif stratégique 1", "Être un CPAS proche de ses usagers", None),
        ("oo", None, "1.1", "Objectif opérationnel 1.1", "Améliorer l'accueil", "1"),
        ("action", None, "1.1.1", None, "Rénover la salle d'attente", "1.1"),
        ("action", None, "1.1.2", None, "Créer un guichet unique", "1.1"),
        ("oo", None, "1.2", "Objectif opérationnel 1.2", "Informer les usagers", "1"),
        ("action", None, "1.2.1", None, "Publier un guide des services", "1.2"),
        ("action", None, "1.2.2", None, "Créer une page Facebook du CPAS", "1.2"),
    ]


def _oo_rows_docx(path: Path, borders: bool = True) -> Path:
    """A Word dashboard with one row per OO, its actions one paragraph each in one cell (``borders``: ruled, or
    Word's table style without borders)."""
    import docx

    document = docx.Document()
    document.add_paragraph("CPAS de Floreffe — Programme stratégique transversal 2025-2030")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid" if borders else "Normal Table"
    for cell, text in zip(table.rows[0].cells, ("Objectifs stratégiques", "Objectifs opérationnels", "Actions"),
                          strict=True):
        cell.text = text
    for os_title, oo_title, actions in (
        ("1. Être un CPAS qui favorise l'insertion", "1.1 Développer l'emploi local",
         ["Engager des travailleurs sous contrat article 60", "Créer une entreprise d'économie sociale",
          "Organiser un salon de l'emploi"]),
        ("", "1.2 Soutenir la formation", ["Financer des formations qualifiantes", "Créer un EPN"]),
        ("2. Être un CPAS bien organisé", "2.1 Améliorer la communication interne", ["Mettre en place un intranet"]),
    ):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = os_title, oo_title, actions[0]
        for action in actions[1:]:
            cells[2].add_paragraph(action)
    document.save(path)
    return path


OO_ROWS_TREE = [
    ("os", None, "1", "1.", "Être un CPAS qui favorise l'insertion", None),
    ("oo", None, "1.1", "1.1", "Développer l'emploi local", "1"),
    ("action", None, "1.1.1", None, "Engager des travailleurs sous contrat article 60", "1.1"),
    ("action", None, "1.1.2", None, "Créer une entreprise d'économie sociale", "1.1"),
    ("action", None, "1.1.3", None, "Organiser un salon de l'emploi", "1.1"),
    ("oo", None, "1.2", "1.2", "Soutenir la formation", "1"),
    ("action", None, "1.2.1", None, "Financer des formations qualifiantes", "1.2"),
    ("action", None, "1.2.2", None, "Créer un EPN", "1.2"),
    ("os", None, "2", "2.", "Être un CPAS bien organisé", None),
    ("oo", None, "2.1", "2.1", "Améliorer la communication interne", "2"),
    ("action", None, "2.1.1", None, "Mettre en place un intranet", "2.1"),
]


@pytest.mark.slow  # LibreOffice renders the PDF
@pytest.mark.parametrize("borders", [True, False], ids=["ruled", "without-borders"])
def test_actions_one_paragraph_each_in_a_cell_in_word_and_its_libreoffice_pdf(tmp_path, borders):
    from tests.gallery.render_office import convert

    source = _oo_rows_docx(tmp_path / "tableau.docx", borders)
    pdf = convert(source, "pdf", tmp_path)
    assert tree(source) == OO_ROWS_TREE
    assert tree(pdf) == OO_ROWS_TREE


@pytest.mark.slow  # LibreOffice renders the PDF
def test_dashboard_without_borders_one_row_an_action_with_wrapped_cells(tmp_path):
    import docx

    from tests.gallery.render_office import convert

    document = docx.Document()
    document.add_paragraph("CPAS de Hamois – Tableau de bord du Programme stratégique transversal 2025-2030")
    table = document.add_table(rows=0, cols=5)  # python-docx's default table style: no borders
    for values in (
        ("OS", "Objectif opérationnel", "Action", "Pilote", "Statut"),
        ("1", "1.1 Faciliter l'accès aux services sociaux", "1.1.1 Créer un guichet unique", "Direction", "En cours"),
        ("1", "1.1 Faciliter l'accès aux services sociaux", "1.1.2 Traduire les brochures en plusieurs langues",
         "Service communication", "À programmer"),
        ("1", "1.2 Lutter contre la fracture numérique", "1.2.1 Ouvrir un espace public numérique",
         "Service social", "Réalisé"),
        ("2", "2.1 Optimiser les finances", "2.1.1 Renégocier les contrats d'énergie", "Directeur financier",
         "Abandonné"),
    ):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Le tableau est mis à jour chaque trimestre par le comité de direction.")
    source = tmp_path / "tableau.docx"
    document.save(source)
    expected = [
        ("oo", None, "1.1", "1.1", "Faciliter l'accès aux services sociaux", "1"),
        ("action", None, "1.1.1", "1.1.1", "Créer un guichet unique", "1.1"),
        ("action", None, "1.1.2", "1.1.2", "Traduire les brochures en plusieurs langues", "1.1"),
        ("oo", None, "1.2", "1.2", "Lutter contre la fracture numérique", "1"),
        ("action", None, "1.2.1", "1.2.1", "Ouvrir un espace public numérique", "1.2"),
        ("oo", None, "2.1", "2.1", "Optimiser les finances", "2"),
        ("action", None, "2.1.1", "2.1.1", "Renégocier les contrats d'énergie", "2.1"),
    ]
    statuses = ["en_cours", "a_programmer", "finalise", "abandonne"]
    for path in (source, convert(source, "pdf", tmp_path)):
        assert tree(path) == expected
        items = parse_file(path).document.items
        assert [i.status.value for i in items if i.level.value == "action"] == statuses


def _centred_header_docx(path: Path) -> Path:
    """A Word dashboard without borders whose header labels are centred (and wrap) over columns that nearly
    touch (cell margins of one point: a cell's words may stop a word space short of the next column)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("CPAS de Ciney – Programme stratégique transversal 2025-2030")
    table = document.add_table(rows=1, cols=5)  # python-docx's default table style: no borders
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "20")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    for cell, label in zip(table.rows[0].cells, ("Objectif stratégique", "Objectif opérationnel", "Action", "Pilote",
                                                 "Échéance"), strict=True):
        cell.text = label
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in (
        ("1. Être un CPAS accessible et proche des citoyens", "1.1 Améliorer l'accueil des usagers",
         "Réaménager l'espace d'accueil du rez-de-chaussée", "Service social", "2027"),
        ("1. Être un CPAS accessible et proche des citoyens", "1.1 Améliorer l'accueil des usagers",
         "Former les agents d'accueil à l'écoute active", "Service des travaux", "2028"),
        ("1. Être un CPAS accessible et proche des citoyens", "1.2 Simplifier l'accès aux aides",
         "Mettre en place un guichet numérique", "Cellule énergie", "2030"),
        ("2. Lutter contre la pauvreté et l'exclusion sociale", "2.1 Renforcer l'aide alimentaire",
         "Ouvrir une épicerie sociale", "Directeur général", "2026"),
    ):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    document.save(path)
    return path


@pytest.mark.slow  # LibreOffice renders the PDF
def test_dashboard_without_borders_whose_header_is_centred_over_columns_that_nearly_touch(tmp_path):
    from tests.gallery.render_office import convert

    source = _centred_header_docx(tmp_path / "tableau.docx")
    expected = [
        ("os", None, "1", "1.", "Être un CPAS accessible et proche des citoyens", None),
        ("oo", None, "1.1", "1.1", "Améliorer l'accueil des usagers", "1"),
        ("action", None, "1.1.1", None, "Réaménager l'espace d'accueil du rez-de-chaussée", "1.1"),
        ("action", None, "1.1.2", None, "Former les agents d'accueil à l'écoute active", "1.1"),
        ("oo", None, "1.2", "1.2", "Simplifier l'accès aux aides", "1"),
        ("action", None, "1.2.1", None, "Mettre en place un guichet numérique", "1.2"),
        ("os", None, "2", "2.", "Lutter contre la pauvreté et l'exclusion sociale", None),
        ("oo", None, "2.1", "2.1", "Renforcer l'aide alimentaire", "2"),
        ("action", None, "2.1.1", None, "Ouvrir une épicerie sociale", "2.1"),
    ]
    assert tree(source) == expected
    assert tree(convert(source, "pdf", tmp_path)) == expected


def _boxed_outline_docx(path: Path) -> Path:
    """The plan's outline laid out in a two-column table without header: a number cell, then its title."""
    import docx

    document = docx.Document()
    document.add_paragraph("CPAS de Havelange — Programme stratégique transversal 2019-2024")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for number, title in (("1", "Assurer une aide sociale de qualité"), ("1.1", "Améliorer l'accueil"),
                          ("1.1.1", "Former les agents d'accueil"), ("1.2", "Réduire les délais de traitement"),
                          ("1.2.1", "Informatiser les enquêtes sociales"), ("2", "Maîtriser les finances du CPAS"),
                          ("2.1", "Optimiser les recettes"), ("2.1.1", "Récupérer les avances alimentaires")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = number, title
    document.save(path)
    return path


@pytest.mark.slow  # LibreOffice renders the PDF
def test_outline_in_a_table_without_header_in_word_and_its_libreoffice_pdf(tmp_path):
    from tests.gallery.render_office import convert

    source = _boxed_outline_docx(tmp_path / "plan.docx")
    expected = [
        ("os", None, "1", "1.", "Assurer une aide sociale de qualité", None),
        ("oo", None, "1.1", "1.1", "Améliorer l'accueil", "1"),
        ("action", None, "1.1.1", "1.1.1", "Former les agents d'accueil", "1.1"),
        ("oo", None, "1.2", "1.2", "Réduire les délais de traitement", "1"),
        ("action", None, "1.2.1", "1.2.1", "Informatiser les enquêtes sociales", "1.2"),
        ("os", None, "2", "2.", "Maîtriser les finances du CPAS", None),
        ("oo", None, "2.1", "2.1", "Optimiser les recettes", "2"),
        ("action", None, "2.1.1", "2.1.1", "Récupérer les avances alimentaires", "2.1"),
    ]
    assert tree(source) == expected
    assert tree(convert(source, "pdf", tmp_path)) == expected


@pytest.mark.slow  # LibreOffice renders four files
@pytest.mark.parametrize("fmt", ["pdf", "odt", "doc", "html"])
def test_a_real_plan_republished_by_libreoffice_parses_to_the_same_tree(tmp_path, fmt):
    """The bundled Word plan of Grâce-Hollogne saved again by real office software (its PDF export, .odt, .doc,
    its HTML export, which wraps the source mid-sentence): the same whole tree as the .docx."""
    from tests.gallery.render_office import convert

    source = Path(__file__).resolve().parents[1] / "data" / "samples" / "grace-hollogne_deliberation-pst.docx"
    expected = plan_items(source)
    assert len(expected) == 134
    assert plan_items(convert(source, fmt, tmp_path)) == expected


@pytest.mark.slow  # LibreOffice renders the gallery's Word files once more, in one start
def test_the_gallery_word_plans_exported_as_html_by_libreoffice_parse_like_the_word_files(tmp_path):
    """LibreOffice's HTML export of every Word plan of the gallery: no main marker, source lines wrapped
    mid-title, a table of contents as plain paragraphs, nested <ol type="I">: the same tree as the .docx."""
    from tests.gallery.render_office import convert_all

    sources = sorted((Path(__file__).resolve().parent / "gallery" / "documents").glob("*.docx"))
    exported = convert_all(sources, "html", tmp_path)
    assert [s.name for s, html in zip(sources, exported, strict=True) if plan_items(html) != plan_items(s)] == []


LONG_DASHBOARD_OS = ("Être un CPAS accessible", "Lutter contre la pauvreté", "Gérer durablement l'institution")
LONG_DASHBOARD_OO = (("Améliorer l'accueil", "Simplifier les démarches", "Mieux communiquer"),
                     ("Renforcer l'aide alimentaire", "Favoriser l'insertion", "Soutenir le logement"),
                     ("Réduire les dépenses d'énergie", "Former le personnel"))
LONG_DASHBOARD_ACTIONS = ("Organiser un atelier collectif d'information",
                          "Créer un partenariat avec les acteurs locaux", "Ouvrir une permanence dans les villages",
                          "Mettre en place un outil de suivi des demandes")


def _long_dashboard_docx(path: Path) -> tuple[Path, list[tuple]]:
    """A landscape Word dashboard without borders, 32 rows over pages, its header row not repeated (rows break
    across pages), a running footer; and its whole expected tree."""
    import docx
    from docx.enum.section import WD_ORIENT

    document = docx.Document()
    section = document.sections[0]
    section.orientation, section.page_width, section.page_height = (WD_ORIENT.LANDSCAPE, section.page_height,
                                                                    section.page_width)
    document.sections[0].footer.paragraphs[0].text = "CPAS de Ciney – Programme stratégique transversal"
    document.add_paragraph("CPAS de Ciney – Tableau de bord du programme stratégique transversal 2025-2030")
    table = document.add_table(rows=1, cols=5)  # python-docx's default table style: no borders
    for cell, label in zip(table.rows[0].cells, ("OS", "OO", "Action", "Pilote", "Échéance"), strict=True):
        cell.text = label
    expected, pilotes = [], ("Direction générale", "Service social", "Service des travaux", "Ressources humaines")
    for i, os_title in enumerate(LONG_DASHBOARD_OS, 1):
        expected.append(("os", None, f"{i}", f"{i}.", os_title, None))
        for j, oo_title in enumerate(LONG_DASHBOARD_OO[i - 1], 1):
            expected.append(("oo", None, f"{i}.{j}", f"{i}.{j}", oo_title, f"{i}"))
            for k, action in enumerate(LONG_DASHBOARD_ACTIONS, 1):
                expected.append(("action", None, f"{i}.{j}.{k}", f"{i}.{j}.{k}", action, f"{i}.{j}"))
                values = (f"{i}. {os_title}", f"{i}.{j} {oo_title}", f"{i}.{j}.{k} {action}", pilotes[k % 4],
                          str(2025 + k))
                for cell, value in zip(table.add_row().cells, values, strict=True):
                    cell.text = value
    document.add_paragraph("Le tableau est mis à jour chaque trimestre.")
    document.save(path)
    return path, expected


@pytest.mark.slow  # LibreOffice renders the PDF
def test_dashboard_without_borders_going_on_over_pages_without_its_header(tmp_path):
    """The pages after the first open with rows (the first one the rest of a row broken across the page): they are
    read with the columns of the table that ended the page before."""
    from tests.gallery.render_office import convert

    source, expected = _long_dashboard_docx(tmp_path / "tableau.docx")
    pdf = convert(source, "pdf", tmp_path)
    assert tree(source) == expected
    assert tree(pdf) == expected
    assert {b.table_index for b in extract(pdf.read_bytes(), pdf.name).blocks if b.table_index is not None} == {0}


def _split_oo_numbered_actions_docx(path: Path) -> tuple[Path, list[tuple]]:
    """OO number and OO title in two bold paragraphs; the actions one Word numbered list (real numbering) running
    on from OO to OO, 1 to 12; and the whole expected tree (each action numbered within its OO)."""
    import docx

    document = docx.Document()
    document.add_paragraph("CPAS de Ciney – Programme stratégique transversal 2025-2030")
    expected, n = [], 0
    for i, os_title in enumerate(LONG_DASHBOARD_OS, 1):
        document.add_heading(f"Objectif stratégique {i} : {os_title}", level=1)
        expected.append(("os", None, f"{i}", f"Objectif stratégique {i}", os_title, None))
        for j, oo_title in enumerate(LONG_DASHBOARD_OO[i - 1][:2], 1):
            document.add_paragraph().add_run(f"Objectif opérationnel {i}.{j}").bold = True
            document.add_paragraph().add_run(oo_title).bold = True
            expected.append(("oo", None, f"{i}.{j}", f"Objectif opérationnel {i}.{j}", oo_title, f"{i}"))
            for k, action in enumerate(LONG_DASHBOARD_ACTIONS[:2], 1):
                n += 1
                document.add_paragraph(action, style="List Number")
                expected.append(("action", None, f"{i}.{j}.{k}", f"{n}.", action, f"{i}.{j}"))
    document.save(path)
    return path, expected


@pytest.mark.slow  # LibreOffice renders the PDF
def test_oo_number_and_title_apart_over_one_numbered_list_of_actions_running_on_in_its_libreoffice_pdf(tmp_path):
    """The PDF types the list's numbers, "10.Créer" without a space where the number reaches its tab stop."""
    from tests.gallery.render_office import convert

    source, expected = _split_oo_numbered_actions_docx(tmp_path / "plan.docx")
    pdf = convert(source, "pdf", tmp_path)
    assert [(lv, n, t, p) for lv, _, n, _, t, p in tree(source)] == [(lv, n, t, p) for lv, _, n, _, t, p in expected]
    assert tree(pdf) == expected


def _slides_docx(path: Path) -> tuple[Path, list[tuple]]:
    """One OS a landscape page in big type, its OO as bullets, their actions as bullets one level deeper (the
    bullet glyphs smaller than the text); and the whole expected tree."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation, section.page_width, section.page_height = (WD_ORIENT.LANDSCAPE, section.page_height,
                                                                    section.page_width)
    expected = []
    for i, os_title in enumerate(LONG_DASHBOARD_OS, 1):
        if i > 1:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        run = document.add_paragraph().add_run(f"Objectif stratégique {i}")
        run.bold, run.font.size = True, Pt(32)
        document.add_paragraph().add_run(os_title).font.size = Pt(24)
        expected.append(("os", None, f"{i}", f"Objectif stratégique {i}", os_title, None))
        for j, oo_title in enumerate(LONG_DASHBOARD_OO[i - 1][:2], 1):
            document.add_paragraph(oo_title, style="List Bullet").runs[0].font.size = Pt(20)
            expected.append(("oo", None, f"{i}.{j}", None, oo_title, f"{i}"))
            for k, action in enumerate(LONG_DASHBOARD_ACTIONS[:3], 1):
                document.add_paragraph(action, style="List Bullet 2").runs[0].font.size = Pt(16)
                expected.append(("action", None, f"{i}.{j}.{k}", None, action, f"{i}.{j}"))
    document.save(path)
    return path, expected


@pytest.mark.slow  # LibreOffice renders the PDF
def test_one_os_a_slide_with_its_oo_and_actions_as_bullets_of_two_depths_in_word_and_its_libreoffice_pdf(tmp_path):
    from tests.gallery.render_office import convert

    source, expected = _slides_docx(tmp_path / "diaporama.docx")
    pdf = convert(source, "pdf", tmp_path)
    assert tree(source) == expected
    assert tree(pdf) == expected
