"""Ruled tables read from PDF pages: cell text, including cells written sideways."""

from __future__ import annotations

import pdfplumber
import pytest

from extractors.pdf.ruled_tables import cell_text, find_page_tables, vertical_text
from tests.extractors.pdf import builders as b


@pytest.mark.parametrize("turn", [90, -90])
def test_a_cell_written_sideways_reads_in_its_own_direction(tmp_path, turn):
    path = b.build_sideways(tmp_path / "sideways.pdf", turn=turn)
    with pdfplumber.open(path) as pdf:
        (table,) = find_page_tables(pdf.pages[0], 1)
    assert [r.cells for r in table.rows] == [
        [" ".join(b.SIDEWAYS_OS), "1.1 Rendre l'information plus lisible", "Publier un article dans le bulletin"],
        ["", "1.2 Développer les démarches en ligne", "Créer une page du CPAS"],
    ]


def test_upright_cells_are_left_to_pdfplumber():
    upright = [{"text": "a", "upright": True, "matrix": (1, 0, 0, 1, 0, 0), "x0": 0, "top": 0}]
    assert vertical_text(upright) is None
    assert vertical_text([]) is None


def test_a_dash_after_a_bare_number_separates_it_from_its_title():
    assert cell_text("OS 2\n– Être\nun employeur attentif") == "OS 2 – Être un employeur attentif"
    assert cell_text("Actions :\n– former\n– recruter") == "Actions :\n• former\n• recruter"


def test_a_line_that_opens_like_a_paragraph_keeps_its_line_break():
    listed = "Engager des article 60\nCréer une entreprise d'économie\nsociale\nOrganiser un salon"
    assert cell_text(listed) == "Engager des article 60\nCréer une entreprise d'économie sociale\nOrganiser un salon"
    assert cell_text("Prospecter de nouveaux em-\nPloyeurs") == "Prospecter de nouveaux em-Ployeurs"  # hyphen wrap
    assert cell_text("1.1\nAméliorer l'accueil") == "1.1 Améliorer l'accueil"  # a number alone, its title below
    assert cell_text("Former les agents à\nl'écoute active") == "Former les agents à l'écoute active"
    bulleted = "- Conclure une convention avec le\nCPAS de Namur\n- Former les agents"
    assert cell_text(bulleted) == "• Conclure une convention avec le CPAS de Namur\n• Former les agents"
