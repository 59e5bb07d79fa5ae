"""Tables without rules: words that fall into the same columns line after line become rows; prose, a list laid
out with tabs and a two-column page stay lines."""

from __future__ import annotations

from extractors.pdf.aligned_tables import Carry, find_aligned_tables

SIZE = 10.0
CHAR = 5.0  # width of a glyph


def _words(lines: list[tuple[float, list[tuple[float, str]]]]) -> list[list[dict]]:
    """Words as the text layer gives them: ``(top, [(x0 of a run of words, its text), ...])`` per line."""
    out = []
    for top, runs in lines:
        for x0, text in runs:
            x = x0
            for word in text.split(" "):
                out.append([
                    {"text": ch, "x0": x + k * CHAR, "x1": x + (k + 1) * CHAR, "top": top, "bottom": top + SIZE,
                     "size": SIZE, "fontname": "Arial"}
                    for k, ch in enumerate(word)
                ])
                x += (len(word) + 1) * CHAR  # one space between words
    return out


COLUMNS = (50.0, 200.0, 420.0, 520.0)


def _row(top: float, *cells: str) -> tuple[float, list[tuple[float, str]]]:
    return top, [(x, text) for x, text in zip(COLUMNS, cells, strict=False) if text]


def test_rows_with_wrapped_cells_under_a_header():
    words = _words([
        (20, [(50, "Tableau de bord du programme stratégique transversal 2025-2030")]),
        _row(60, "Objectif opérationnel", "Action", "Pilote", "Statut"),
        _row(90, "1.1 Faciliter l'accès", "1.1.1 Créer un guichet", "Direction", "En cours"),
        _row(102, "aux services", "unique"),
        _row(132, "1.2 Lutter contre", "1.2.1 Ouvrir un EPN", "Service", "Réalisé"),
        _row(144, "la fracture", "", "social"),
        (180, [(50, "Le tableau est mis à jour chaque trimestre par le comité de direction du CPAS.")]),
    ])
    (table,) = find_aligned_tables(words, 1)
    assert [row.cells for row in table.rows] == [
        ["Objectif opérationnel", "Action", "Pilote", "Statut"],
        ["1.1 Faciliter l'accès aux services", "1.1.1 Créer un guichet unique", "Direction", "En cours"],
        ["1.2 Lutter contre la fracture", "1.2.1 Ouvrir un EPN", "Service social", "Réalisé"],
    ]
    assert table.bbox[1] < 60 < 144 < table.bbox[3] < 180  # the paragraph below is not in the table


def test_a_line_a_row_when_the_rows_are_evenly_spaced():
    words = _words([_row(60 + 12 * k, *cells) for k, cells in enumerate([
        ("OS", "Action", "Pilote", "Échéance"), ("1", "1.1.1 Créer un guichet", "Direction", "2026"),
        ("1", "1.1.2 Former les agents", "RH", "2027"), ("2", "2.1.1 Isoler les bâtiments", "Travaux", "2028"),
    ])])
    (table,) = find_aligned_tables(words, 1)
    assert [row.cells[1] for row in table.rows] == ["Action", "1.1.1 Créer un guichet", "1.1.2 Former les agents",
                                                    "2.1.1 Isoler les bâtiments"]


def test_a_table_ending_its_page_goes_on_at_the_top_of_the_next_without_its_header():
    """The next page opens with the rest of a row broken across the page, then rows: the columns above."""
    carry = Carry()
    first = _words([_row(700 + 12 * k, *cells) for k, cells in enumerate([
        ("OS", "Action", "Pilote", "Échéance"), ("1", "1.1.1 Créer un guichet", "Direction", "2026"),
        ("1", "1.1.2 Former les agents", "RH", "2027"),
    ])] + [(810, [(250, "Page 1")])])
    assert len(find_aligned_tables(first, 1, carry)) == 1
    second = _words([(20, [(50, "CPAS de Testville")]), _row(60, "", "d'accueil"),
                     *[_row(72 + 12 * k, *cells) for k, cells in enumerate([
                         ("2", "2.1.1 Isoler les bâtiments", "Travaux", "2028"), ("2", "2.1.2 Ouvrir une épicerie",
                                                                               "Service social", "2029")])]])
    (table,) = find_aligned_tables(second, 2, carry)
    assert table.columns == [50.0, 200.0, 420.0, 520.0]
    assert [row.cells for row in table.rows] == [
        ["", "d'accueil", "", ""],
        ["2", "2.1.1 Isoler les bâtiments", "Travaux", "2028"],
        ["2", "2.1.2 Ouvrir une épicerie", "Service social", "2029"],
    ]
    assert find_aligned_tables(second, 3, Carry()) == []  # without the page before: no header, no table


def test_a_continued_row_whose_cells_nearly_touch_is_cut_at_the_columns_above():
    """Words of two cells glued into one by the text layer ("des" + "travaux") are cut at the column edge."""
    carry = Carry()
    first = _words([_row(700 + 12 * k, *cells) for k, cells in enumerate([
        ("OS", "Action", "Pilote", "Échéance"), ("1", "1.1.1 Créer un guichet", "Direction", "2026"),
        ("1", "1.1.2 Former les agents", "RH", "2027"),
    ])])
    find_aligned_tables(first, 1, carry)
    second = _words([_row(60, "2", "2.1.1 Isoler la toiture", "Service", "2028"),
                     (72, [(50, "et"), (185, "destravaux")]),  # "des" ends the first cell, "travaux" starts the next
                     _row(90, "2", "2.1.2 Ouvrir une épicerie", "Service social", "2029")])
    (table,) = find_aligned_tables(second, 2, carry)
    assert [row.cells[:2] for row in table.rows] == [["2 et des", "2.1.1 Isoler la toiture travaux"],
                                                     ["2", "2.1.2 Ouvrir une épicerie"]]


def test_a_table_going_on_with_the_rest_of_one_row_only():
    carry = Carry()
    first = _words([_row(700 + 12 * k, *cells) for k, cells in enumerate([
        ("OS", "Action", "Pilote", "Échéance"), ("1", "1.1.1 Créer un guichet", "Direction", "2026"),
        ("1", "1.1.2 Former les agents", "Service des", "2027"),
    ])])
    find_aligned_tables(first, 1, carry)
    second = _words([_row(60, "", "d'accueil", "ressources humaines"),
                     (120, [(50, "Le tableau est mis à jour chaque trimestre par le comité de direction du CPAS.")])])
    (table,) = find_aligned_tables(second, 2, carry)
    assert [row.cells for row in table.rows] == [["", "d'accueil", "ressources humaines", ""]]


def test_labels_centred_over_columns_that_nearly_touch():
    # Word centres a header's labels (here wrapped over two lines); a cell's words may end one word space before
    # the next column, closer than a gutter: the columns are where the lines below start words most often.
    def row(top: float, *cells: str) -> tuple[float, list[tuple[float, str]]]:
        return top, [(x, text) for x, text in zip((50, 150, 250, 350), cells, strict=False) if text]

    words = _words([
        (60, [(80, "Objectif"), (180, "Objectif"), (285, "Action"), (385, "Pilote")]),
        (72, [(72.5, "stratégique"), (170, "opérationnel")]),
        row(100, "1. Être un CPAS", "1.1 Bien accueillir", "Réaménager l'espace", "Direction"),
        row(112, "accessible", "", "d'accueil"),
        row(142, "1. Être un CPAS", "1.2 Informer", "Former les agents", "RH"),
        row(172, "2. Lutter contre", "2.1 Aider", "Ouvrir une épicerie", "Service social"),
    ])
    (table,) = find_aligned_tables(words, 1)
    assert [row.cells for row in table.rows] == [
        ["Objectif stratégique", "Objectif opérationnel", "Action", "Pilote"],
        ["1. Être un CPAS accessible", "1.1 Bien accueillir", "Réaménager l'espace d'accueil", "Direction"],
        ["1. Être un CPAS", "1.2 Informer", "Former les agents", "RH"],
        ["2. Lutter contre", "2.1 Aider", "Ouvrir une épicerie", "Service social"],
    ]


def test_prose_a_list_laid_out_with_tabs_and_two_columns_stay_lines():
    prose = _words([(60 + 12 * k, [(50, "Le CPAS poursuit sa politique d'accueil et de soutien aux familles.")])
                    for k in range(8)])
    tabbed = _words([_row(60 + 12 * k, f"5.1.{k}", "Lancer un marché public conjoint", "En cours") for k in range(5)])
    two_columns = _words([(60 + 12 * k, [(50, "Le CPAS poursuit sa politique"), (300, "et son soutien aux familles")])
                          for k in range(8)])
    fiche = _words([_row(60, "Pilote : Direction", "Échéance : 2026", "Statut : En cours"),
                    (80, [(50, "Le projet vise à réduire les délais de traitement des demandes d'aide sociale.")])])
    for words in (prose, tabbed, two_columns, fiche):
        assert find_aligned_tables(words, 1) == []
