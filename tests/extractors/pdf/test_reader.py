"""Tables read page by page joined into one: a row broken across the page joined again, below the header Word
repeats there."""

from __future__ import annotations

from extractors.pdf.reader import assemble
from extractors.pdf.ruled_tables import PageTable, TableRow
from extractors.pdf.textlayer import PageContent

COLUMNS = [80.0, 200.0, 400.0, 500.0]
HEADER = ["N°", "Objectif opérationnel", "Action", "Pilote"]  # not bold, no status column


def _page(page: int, rows: list[list[str]]) -> PageContent:
    table = PageTable(bbox=(80.0, 70.0, 500.0, 70.0 + 20 * len(rows)), columns=COLUMNS, page=page)
    for k, cells in enumerate(rows):
        top = 70.0 + 20 * k
        table.rows.append(TableRow(cells=cells, bbox=(80.0, top, 500.0, top + 20), bold=False, raw=cells, page=page))
    content = PageContent(page=page, width=595.0, height=842.0)
    content.tables = [table]
    return content


def test_a_row_broken_across_the_page_below_a_plain_header_repeated_there_is_joined_again():
    pages = [
        _page(1, [HEADER, ["1.1.1", "1.1 Améliorer l'accueil", "Réaménager l'espace", "Service social"],
                  ["1.1.2", "1.1 Améliorer", "Former les agents", "Service"]]),
        _page(2, [HEADER, ["", "l'accueil", "d'accueil", "RH"],
                  ["1.2.1", "1.2 Simplifier les démarches", "Créer un guichet", "Direction"]]),
    ]
    blocks = assemble(pages, page_count=2)
    assert [(b.cells, b.table_index, b.is_header_row) for b in blocks] == [
        (tuple(HEADER), 0, False),
        (("1.1.1", "1.1 Améliorer l'accueil", "Réaménager l'espace", "Service social"), 0, False),
        (("1.1.2", "1.1 Améliorer l'accueil", "Former les agents d'accueil", "Service RH"), 0, False),
        (tuple(HEADER), 0, False),  # the tree knows a header repeated
        (("1.2.1", "1.2 Simplifier les démarches", "Créer un guichet", "Direction"), 0, False),
    ]


def test_merged_cells_going_on_over_the_page_beside_a_row_of_its_own_split_off_that_row():
    """OS and OO cells merged down their rows, cut by the page break: the next page opens with the rest of
    them ("durable", "bâtiments") beside the next action's own row ("3.1.2 …", "Réalisé"). The rest joins the
    cells above; the action stays a row of its own (before, it was glued to the action above, with both
    statuses)."""
    header = ["Objectif stratégique", "Objectif opérationnel", "Action", "Statut"]
    pages = [
        _page(1, [header, ["OS 3 : Assurer une gestion", "OO 3.1 : Réduire l'énergie des", "3.1.1 Isoler la toiture",
                           "À programmer"]]),
        _page(2, [["durable", "bâtiments", "3.1.2 Remplacer l'éclairage", "Réalisé"],
                  ["", "", "3.1.3 Installer des panneaux", "En cours"]]),
    ]
    blocks = assemble(pages, page_count=2)
    assert [b.cells for b in blocks] == [
        tuple(header),
        ("OS 3 : Assurer une gestion durable", "OO 3.1 : Réduire l'énergie des bâtiments", "3.1.1 Isoler la toiture",
         "À programmer"),
        ("", "", "3.1.2 Remplacer l'éclairage", "Réalisé"),
        ("", "", "3.1.3 Installer des panneaux", "En cours"),
    ]
