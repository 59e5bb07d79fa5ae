"""Dashboards and fiches: header rows, status columns, key | value pairs."""

from __future__ import annotations

from normalizers.tree.tables import (
    extend_header,
    fiche_pairs,
    is_data_row,
    outline_row_texts,
    read_header,
    row_values,
    split_cell_items,
)
from pipeline.core.model import Status


def test_header_over_two_rows_with_status_columns_wrapped_mid_word():
    header = read_header(["N°", "Intitulé", "Pilote", "État d'avancement", "", "", "Fin"])
    assert header.is_dashboard()
    assert extend_header(header, ["", "", "", "A progra mmer", "En cours", "Termin é", ""])
    assert header.status_columns == {3: Status.A_PROGRAMMER, 4: Status.EN_COURS, 5: Status.FINALISE}
    assert header.roles == {0: "number", 1: "title", 2: "pilote", 6: "due"}


def test_a_data_row_is_never_a_header():
    header = read_header(["Objectif opérationnel", "Action", "Statut"])
    assert is_data_row(["OO 1.1 Améliorer l'accueil", "Créer un guichet", "En cours"])
    assert not extend_header(header, ["Améliorer l'accueil", "Créer un guichet", "En cours"])


def test_fiche_rows_hold_one_or_two_key_value_pairs():
    assert fiche_pairs(["Objectif stratégique", "Être un CPAS accueillant"]) == [("os", "Être un CPAS accueillant")]
    assert fiche_pairs(["Référence", "A.1.1.1", "Échéance", "2030"]) == [("other", "A.1.1.1"), ("due", "2030")]
    assert fiche_pairs(["Volet", "Interne"]) == [("volet", "Interne")]
    assert fiche_pairs(["Le conseil", "a décidé"]) == []


def test_outline_row_texts_reads_number_cells_before_their_title():
    rows = [["1", "Être un CPAS accueillant"], ["1.1", "Améliorer l'accueil"], ["", ""], ["IV", "Gérer"],
            ["OO 1.2", "Informer"], ["1.2.1 Créer un site internet"]]
    assert outline_row_texts(rows) == [
        "1. Être un CPAS accueillant", "1.1 Améliorer l'accueil", "", "IV. Gérer", "OO 1.2 Informer",
        "1.2.1 Créer un site internet",
    ]


def test_outline_row_texts_refuses_tables_that_are_not_an_outline():
    assert outline_row_texts([["Pilote", "DG"], ["Échéance", "2026"]]) is None  # a fiche
    assert outline_row_texts([["1.1", "Améliorer l'accueil", "4"], ["1.2", "Informer", "6"]]) is None  # a sommaire
    assert outline_row_texts([["1.1", "Améliorer l'accueil"]]) is None  # one row proves nothing
    assert outline_row_texts([["2025", "Ouverture de la crèche"], ["2026", "Extension"]]) is None  # years
    unlabelled = [["Le conseil décide"], ["d'adopter le plan"], ["1.1 Améliorer l'accueil"], ["1.2 Informer"]]
    assert outline_row_texts(unlabelled) is None  # mostly prose


def test_a_cell_listing_actions_one_a_line_is_split_a_wrapped_title_is_not():
    assert split_cell_items("Engager des article 60\nCréer une entreprise d'économie sociale") == [
        "Engager des article 60", "Créer une entreprise d'économie sociale"]
    assert split_cell_items("• Former les agents\n• Rénover l'accueil") == ["Former les agents", "Rénover l'accueil"]
    assert split_cell_items("• Conclure une convention avec le\nCPAS de Namur\n• Former les agents") == [
        "Conclure une convention avec le CPAS de Namur", "Former les agents"]
    wrapped_before_a_name = "Créer une page\nFacebook"
    assert split_cell_items(wrapped_before_a_name) == [wrapped_before_a_name]
    dangling = "Organiser des ateliers pour\nÉcrire son CV"  # "pour" cannot end a title
    assert split_cell_items(dangling) == [dangling]
    assert split_cell_items("Former les agents\nPublier un guide des services du\nCPAS") == [
        "Former les agents", "Publier un guide des services du CPAS"]  # wrapped after "du", then split
    assert split_cell_items("Créer un EPN") == ["Créer un EPN"]


def test_a_cell_listing_numbered_actions_one_a_line_is_split_alike_numbers_only():
    assert split_cell_items("1.1.1 Rénover la salle d'attente\n1.1.2 Former les agents") == [
        "1.1.1 Rénover la salle d'attente", "1.1.2 Former les agents"]
    assert split_cell_items("A.1.2.1 Publier un guide\nA.1.2.2 Créer un site") == [
        "A.1.2.1 Publier un guide", "A.1.2.2 Créer un site"]
    wrapped = "1.1.1 Engager un assistant social\n2 jours par semaine"  # "2 jours": no second action
    assert split_cell_items(wrapped) == [wrapped]


def test_header_labels_wrapped_on_two_lines_name_their_columns():
    header = read_header(["N°", "Intitulé de\nl'action", "Date de\nFin", "Service\nPorteur"])
    assert header.roles == {0: "number", 1: "title", 2: "due", 3: "pilote"}


def test_a_title_then_its_long_description_in_one_cell_stays_one_action():
    described = (
        "Créer un guichet unique\nPermettre aux usagers de trouver en un seul lieu l'ensemble des services du "
        "CPAS, de la commune et des partenaires du réseau social, avec un accueil sans rendez-vous chaque jour."
    )
    assert split_cell_items(described) == [described]


def test_a_level_named_twice_side_by_side_is_its_number_then_its_title():
    header = read_header(["OS", "Objectif stratégique", "Action", "Intitulé de l'action", "Pilote"])
    assert header.roles == {1: "os", 3: "title", 4: "pilote"}
    assert header.numbers == {"os": 0, "title": 2}
    assert row_values(header, ["2", "Être un CPAS durable", "2.1.3", "Isoler les bâtiments", "Service travaux"]) == {
        "os": "OS 2 Être un CPAS durable", "title": "Isoler les bâtiments", "number": "2.1.3",
        "pilote": "Service travaux",
    }
    # A title column alone keeps its role; "Objectif stratégique" after a pilot is no number pair.
    assert read_header(["Action", "Pilote", "Objectif stratégique"]).roles == {0: "title", 1: "pilote", 2: "os"}
