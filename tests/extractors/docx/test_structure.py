"""Headings, paragraphs, inline text, tables and style-named lists of the .docx extractor."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.model import BlockKind, SourceFormat
from tests.extractors.inputs import docx_file as extract

from .builders import (
    cell,
    para,
    python_docx_document,
    row,
    run,
    simple_table,
    strip_style_numbering,
    style,
    styles_xml,
    table,
    write_docx,
)

H = BlockKind.HEADING
P = BlockKind.PARAGRAPH
L = BlockKind.LIST_ITEM
T = BlockKind.TABLE_ROW


def _headings(path: Path) -> list[tuple[BlockKind, int | None, str]]:
    return [(b.kind, b.heading_level, b.text) for b in extract(path).blocks]


def test_headings_by_localized_id_name_outline_and_based_on(tmp_path: Path) -> None:
    styles = styles_xml(
        style("Titre1", "Titre 1"),  # French id and name, no outlineLvl
        style("Titre2", "heading 2"),  # Word's stored English name, localized id
        style("berschrift3", "Überschrift 3"),
        style("MonTitre", "Mon titre", based_on="Titre2"),
        style("Chapitre", "Chapitre", outline=0),
        style("SousChapitre", "Sous chapitre", based_on="Chapitre", outline=3),
        style("Corps", "Corps", based_on="Chapitre", outline=9),
        style("Titre", "Title"),
        style("Heading5", "heading 5"),
    )
    body = "".join(
        [
            para("Plan stratégique", style="Titre"),
            para("Volet externe", style="Titre1"),
            para("Axe 1", style="Titre2"),
            para("Détail", style="berschrift3"),
            para("Hérité", style="MonTitre"),
            para("Par outlineLvl", style="Chapitre"),
            para("Niveau 4", style="SousChapitre"),
            para("Texte courant", style="Corps"),
            para("Direct", outline=2),
            para("Forcé corps", style="Heading5", outline=9),
            para("Anglais", style="Heading5"),
        ]
    )
    path = write_docx(tmp_path / "h.docx", body, styles=styles)
    assert _headings(path) == [
        (H, 1, "Plan stratégique"),
        (H, 1, "Volet externe"),
        (H, 2, "Axe 1"),
        (H, 3, "Détail"),
        (H, 2, "Hérité"),
        (H, 1, "Par outlineLvl"),
        (H, 4, "Niveau 4"),
        (P, None, "Texte courant"),
        (H, 3, "Direct"),
        (P, None, "Forcé corps"),
        (H, 5, "Anglais"),
    ]


def test_paragraph_text_bold_indent_and_index(tmp_path: Path) -> None:
    styles = styles_xml(
        style("Fort", "Fort", bold=True),
        style("Accent", "Accent", kind="character", bold=True),
    )
    runs_mixed = run("OS1 : ", bold=True) + run("Être un CPAS")
    runs_all_bold = run("Objectif ", bold=True) + run(" ") + run("stratégique", rstyle="Accent")
    body = "".join(
        [
            para("Titre gras", style="Fort"),
            para(None),  # empty: no block, but it is counted
            para(runs=runs_mixed),
            para(runs=runs_all_bold),
            para("Non gras", style="Fort", bold=False),
            para("Indenté", indent=720),
        ]
    )
    path = write_docx(tmp_path / "p.docx", body, styles=styles)
    doc = extract(path)
    assert doc.format is SourceFormat.DOCX
    assert doc.source_file == "p.docx"
    assert [
        (b.kind, b.text, b.bold, b.indent, b.provenance.paragraph_index) for b in doc.blocks
    ] == [
        (P, "Titre gras", True, None, 0),
        (P, "OS1 : Être un CPAS", False, None, 2),
        (P, "Objectif  stratégique", True, None, 3),
        (P, "Non gras", False, None, 4),
        (P, "Indenté", False, 36.0, 5),
    ]


def test_inline_text_fields_hyperlinks_and_revisions(tmp_path: Path) -> None:
    w_r = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    runs = "".join(
        [
            w_r.format("A\u00a0B"),
            "<w:r><w:tab/></w:r>",
            w_r.format("C"),
            "<w:r><w:br/></w:r>",
            '<w:hyperlink r:id="rId9">' + w_r.format("lien") + "</w:hyperlink>",
            '<w:fldSimple w:instr=" PAGE ">' + w_r.format(" 7") + "</w:fldSimple>",
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText xml:space="preserve"> DATE \\@ "d/M/yyyy" </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            w_r.format(" 1/2/2020"),
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
            "<w:sdt><w:sdtPr/><w:sdtContent>" + w_r.format(" sdt") + "</w:sdtContent></w:sdt>",
            '<w:del w:id="1" w:author="x"><w:r><w:delText>supprimé</w:delText></w:r></w:del>',
            '<w:ins w:id="2" w:author="x">' + w_r.format(" inséré") + "</w:ins>",
            "<w:r><w:rPr><w:vanish/></w:rPr><w:t>caché</w:t></w:r>",
        ]
    )
    path = write_docx(tmp_path / "t.docx", para(runs=runs))
    (block,) = extract(path).blocks
    assert block.text == "A B\tC\nlien 7 1/2/2020 sdt inséré"
    assert block.provenance.raw_text == "A\u00a0B\tC\nlien 7 1/2/2020 sdt inséré"


def test_tables_cells_merges_nested_and_header(tmp_path: Path) -> None:
    nested = simple_table([["x", "y"], ["z", "w"]])
    body = "".join(
        [
            para("Avant"),
            table(
                row(cell(para("Réf.")), cell(para("Libellé")), cell(para("Statut")), header=True),
                row(cell(para("OO/01")), cell(para("Varier les canaux"), grid_span=2)),
                row(
                    cell(para("OO/02"), v_merge="restart"),
                    cell(para("Première ligne"), para("Deuxième ligne")),
                    cell(para("En cours")),
                ),
                row(
                    cell(v_merge="continue"),
                    cell(para("Suite"), h_merge="restart"),
                    cell(para("fantôme"), h_merge="continue"),
                ),
                row(cell(), cell(), cell()),
                row(cell(para("Imbriqué")), cell(nested), cell(para("fin"))),
            ),
            para("Entre"),
            simple_table([["A", "B"], ["C", "D"]]),
        ]
    )
    path = write_docx(tmp_path / "tbl.docx", body)
    blocks = extract(path).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        (P, "Avant"),
        (T, "Réf. | Libellé | Statut"),
        (T, "OO/01 | Varier les canaux"),
        (T, "OO/02 | Première ligne\nDeuxième ligne | En cours"),
        (T, " | Suite"),
        (T, "Imbriqué | x | y\nz | w | fin"),
        (P, "Entre"),
        (T, "A | B"),
        (T, "C | D"),
    ]
    rows = [b for b in blocks if b.kind is T]
    assert [b.cells for b in rows[:5]] == [
        ("Réf.", "Libellé", "Statut"),
        ("OO/01", "Varier les canaux"),
        ("OO/02", "Première ligne\nDeuxième ligne", "En cours"),
        ("", "Suite"),
        ("Imbriqué", "x | y\nz | w", "fin"),
    ]
    assert [(b.table_index, b.row_index, b.is_header_row) for b in rows] == [
        (0, 0, True),  # w:tblHeader
        (0, 1, False),
        (0, 2, False),
        (0, 3, False),
        (0, 5, False),
        (1, 0, False),  # a plain first row is data
        (1, 1, False),
    ]
    # paragraphs are counted in document order, table cells included
    assert [b.provenance.paragraph_index for b in blocks] == [0, 1, 4, 6, 10, 16, 22, 23, 25]


def test_header_rows_by_tbl_header_or_bold_first_row(tmp_path: Path) -> None:
    body = table(
        row(cell(para("Titre")), header=True),
        row(cell(para("Sous-titre")), header=True),
        row(cell(para("Donnée"))),
    ) + table(
        row(cell(para("Réf.", bold=True)), cell(para("Action", bold=True))),
        row(cell(para("A.1")), cell(para("Guichet", bold=True))),
    )
    path = write_docx(tmp_path / "hdr.docx", body)
    assert [(b.text, b.is_header_row, b.bold) for b in extract(path).blocks] == [
        ("Titre", True, False),
        ("Sous-titre", True, False),
        ("Donnée", False, False),
        ("Réf. | Action", True, True),
        ("A.1 | Guichet", False, False),
    ]


def test_a_one_column_table_without_header_is_a_frame_read_as_its_paragraphs(tmp_path: Path) -> None:
    from .builders import abstract_num, level, num, numbering_xml

    numbering = numbering_xml(abstract_num(1, [level(0, "bullet", "•")]), num(1, 1))
    body = table(row(cell(
        para("OS 1 : Être un CPAS qui accompagne chaque personne", bold=True),
        para("OO 1.1 : Renforcer l'accueil"),
        para("Rénover l'accueil", num=1),
        para("Former les agents", num=1),
    ))) + table(
        row(cell(para("N°", bold=True)), cell(para("Action", bold=True))),
        row(cell(para("1.1.1")), cell(para("Rénover l'accueil"))),
    )
    path = write_docx(tmp_path / "encadre.docx", body, numbering=numbering)
    assert [(b.kind, b.text) for b in extract(path).blocks] == [
        (P, "OS 1 : Être un CPAS qui accompagne chaque personne"),
        (P, "OO 1.1 : Renforcer l'accueil"),
        (L, "Rénover l'accueil"),
        (L, "Former les agents"),
        (T, "N° | Action"),
        (T, "1.1.1 | Rénover l'accueil"),
    ]


def test_numbered_paragraph_in_cell_keeps_its_label(tmp_path: Path) -> None:
    from .builders import abstract_num, level, num, numbering_xml

    numbering = numbering_xml(abstract_num(1, [level(0)]), num(1, 1))
    body = para("a", num=1) + table(row(cell(para("b", num=1)), cell(para("x")))) + para("c", num=1)
    path = write_docx(tmp_path / "nc.docx", body, numbering=numbering)
    assert [(b.kind, b.label, b.text) for b in extract(path).blocks] == [
        (L, "1.", "a"),
        (T, None, "2. b | x"),
        (L, "3.", "c"),
    ]


def test_toc_entries_are_marked(tmp_path: Path) -> None:
    styles = styles_xml(style("TM1", "toc 1"), style("Titre1", "heading 1", outline=0))
    toc_field = (
        '<w:p><w:pPr><w:pStyle w:val="TM1"/></w:pPr>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>Introduction\t2</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Volet externe\t5</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    sdt = (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        "</w:docPartObj></w:sdtPr><w:sdtContent>" + para("Annexes 9") + "</w:sdtContent></w:sdt>"
    )
    body = toc_field + sdt + para("Introduction", style="Titre1")
    path = write_docx(tmp_path / "toc.docx", body, styles=styles)
    assert [(b.kind, b.text, b.in_toc) for b in extract(path).blocks] == [
        (P, "Introduction\t2", True),
        (P, "Volet externe\t5", True),
        (P, "Annexes 9", True),
        (H, "Introduction", False),
    ]


_PYDOCX_ITEMS = [
    ("Volet interne", "Heading 1"),
    ("O.S. 1 : Moderniser", "List Bullet"),
    ("O.O. 1.1. : Implémenter", "List Bullet 2"),
    ("Rédiger un code", "List Bullet 3"),
    ("Premier", "List Number"),
    ("Texte", None),
]


def _list_shape(path: Path) -> list[tuple]:
    return [
        (b.kind, b.heading_level, b.list_level, b.bullet, b.label, b.text)
        for b in extract(path).blocks
    ]


def test_python_docx_list_styles_with_template_numbering(tmp_path: Path) -> None:
    path = python_docx_document(tmp_path / "pd.docx", _PYDOCX_ITEMS)
    assert _list_shape(path) == [
        (H, 1, None, False, None, "Volet interne"),
        (L, None, 0, True, None, "O.S. 1 : Moderniser"),
        (L, None, 1, True, None, "O.O. 1.1. : Implémenter"),
        (L, None, 2, True, None, "Rédiger un code"),
        (L, None, 0, False, "1.", "Premier"),
        (P, None, None, False, None, "Texte"),
    ]


def test_list_styles_known_only_by_name(tmp_path: Path) -> None:
    path = strip_style_numbering(python_docx_document(tmp_path / "pd.docx", _PYDOCX_ITEMS))
    assert _list_shape(path) == [
        (H, 1, None, False, None, "Volet interne"),
        (L, None, 0, True, None, "O.S. 1 : Moderniser"),
        (L, None, 1, True, None, "O.O. 1.1. : Implémenter"),
        (L, None, 2, True, None, "Rédiger un code"),
        (L, None, 0, False, None, "Premier"),
        (P, None, None, False, None, "Texte"),
    ]


def test_table_of_contents_laid_out_as_table(tmp_path: Path) -> None:
    styles = styles_xml(style("Titre2", "heading 2", outline=1))
    toc = simple_table([["Introduction.....", "2"], ["Volet externe.....", "5"]])
    plan = simple_table([["OO/01", "Varier les canaux"], ["OO/02", "12"]])
    body = para("Table des matières", style="Titre2") + toc + para("OS1 : Communiquer") + plan
    path = write_docx(tmp_path / "toct.docx", body, styles=styles)
    assert [(b.kind, b.text, b.in_toc) for b in extract(path).blocks] == [
        (H, "Table des matières", False),
        (T, "Introduction..... | 2", True),
        (T, "Volet externe..... | 5", True),
        (P, "OS1 : Communiquer", False),
        (T, "OO/01 | Varier les canaux", False),
        (T, "OO/02 | 12", False),
    ]
