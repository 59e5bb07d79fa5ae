"""Stage 1: blocks → lines (generated numbers, wrapped titles, glued fields, tables of contents)."""

from __future__ import annotations

from normalizers.tree import build_tree
from normalizers.tree.lines import dehyphenate, to_lines
from pipeline.core.model import Block, BlockKind, Provenance
from tests.pipeline.core.blocks import bullet, heading, numbered, para


def _texts(blocks):
    return [(line.text, line.skipped) for line in to_lines(blocks)]


def test_generated_numbers_become_full_paths():
    lines = to_lines([numbered("1.", "Être accueillant", 0), numbered("2.", "Améliorer l'accueil", 1)])
    assert [line.text for line in lines] == ["1. Être accueillant", "1.2. Améliorer l'accueil"]


def test_wrapped_title_iapst_suffix_and_hyphenation_are_joined():
    assert _texts([
        para("Mettre en place un guichet"),
        para("(A.12)"),
        para("OO 1.1 Renforcer l'accompagnement des per-"),
        para("sonnes âgées"),
        para("1.1.2. Installer une permanence pour le"),
        para("Fonds social chauffage"),
    ]) == [
        ("Mettre en place un guichet (A.12)", None),
        ("OO 1.1 Renforcer l'accompagnement des personnes âgées", None),
        ("1.1.2. Installer une permanence pour le Fonds social chauffage", None),
    ]


def test_a_sentence_or_a_new_bullet_is_not_a_continuation():
    assert _texts([
        para("OO 1.1 Renforcer l'accueil."),
        para("des familles"),
        bullet("Créer un guichet"),
        bullet("former les agents"),
    ]) == [
        ("OO 1.1 Renforcer l'accueil.", None),
        ("des familles", None),
        ("Créer un guichet", None),
        ("former les agents", None),
    ]


def test_fields_glued_onto_a_title_become_their_own_lines():
    lines = to_lines([para("A.7 - Créer un vestiaire social État : Démarré Responsable administratif : Anne Dubois")])
    assert [line.text for line in lines] == [
        "A.7 - Créer un vestiaire social",
        "État : Démarré",
        "Responsable administratif : Anne Dubois",
    ]


def test_table_of_contents_lines_are_set_aside_with_the_reason():
    toc = Block(kind=BlockKind.PARAGRAPH, text="Introduction", in_toc=True)
    assert _texts([para("1. Introduction ........ 3"), toc]) == [
        ("1. Introduction ........ 3", "table of contents (page number after dot leaders)"),
        ("Introduction", "table of contents (style)"),
    ]


def test_dehyphenate_joins_only_broken_words():
    assert dehyphenate("per- sonnes socio-professionnelles") == "personnes socio-professionnelles"


def test_a_status_column_that_wraps_or_sits_alone_is_still_the_items_status():
    lines = _texts(
        [
            para("2.3.2 Proposer des modules de formation en français langue étrangère ⚪ À"),
            para("programmer"),
            para("4.2.3 Étendre le service de repas à domicile au week-end en concertation avec les"),
            para("travailleurs sociaux et les partenaires du réseau local✅ Réalisé"),
            para("6.2.1 Refondre le site internet au bénéfice des habitants"),
            Block(kind=BlockKind.HEADING, text="✅ Réalisé", heading_level=2),
            para("6.2.2 Créer une page Facebook du CPAS"),
            para("6.2.3 Refondre le site internet au bénéfice de l’ensemble des habitants"),
            # The same in a PDF: the pictograph read as a bullet, kept in the raw text.
            bullet("Réalisé").model_copy(update={"provenance": Provenance(raw_text="✅ Réalisé")}),
            bullet("Rédiger la charte graphique").model_copy(update={"provenance": Provenance(raw_text="✅ Rédiger…")}),
        ]
    )
    assert [t for t, skipped in lines if not skipped] == [
        "2.3.2 Proposer des modules de formation en français langue étrangère",
        "Statut : À programmer",
        "4.2.3 Étendre le service de repas à domicile au week-end en concertation avec les travailleurs sociaux "
        "et les partenaires du réseau local",
        "Statut : Réalisé",
        "6.2.1 Refondre le site internet au bénéfice des habitants",
        "Statut : Réalisé",
        "6.2.2 Créer une page Facebook du CPAS",
        "6.2.3 Refondre le site internet au bénéfice de l’ensemble des habitants",
        "Statut : Réalisé",
        "Rédiger la charte graphique",  # a bullet that is no status stays a bullet
    ]


def test_a_sign_and_words_that_are_no_status_stay_in_the_title():
    assert _texts([para("1.1 Créer un guichet ✅ pour tous")]) == [("1.1 Créer un guichet ✅ pour tous", None)]


def test_a_title_ending_on_a_possessive_carries_on_whatever_style_the_layout_gave_the_rest():
    lines = _texts(
        [
            Block(kind=BlockKind.LIST_ITEM, text="Accompagner les ménages dans la maîtrise de leurs", bullet=True,
                  list_level=0, bold=True),
            Block(kind=BlockKind.HEADING, text="consommations d’énergie", heading_level=5, bold=True),
        ]
    )
    assert lines == [("Accompagner les ménages dans la maîtrise de leurs consommations d’énergie", None)]


def test_a_bare_number_right_above_its_first_path_is_a_label():
    """"1 Garantir …" right above "1.1 Développer …" (the OS's number without a dot, as a web page or a PDF prints
    it): the bare number labels the item its paths go on from; "15 objectifs …" above nothing numbered stays text."""
    items, _ = build_tree(
        [
            para("15 objectifs opérationnels sont retenus pour la législature."),
            heading("1 Garantir l'accès à un logement digne", 2),
            para("1.1 Développer l'offre de logements de transit"),
            para("1.1.1 Rénover deux logements de transit"),
            heading("2 Réduire la fracture numérique", 2),
            para("2.1 Ouvrir un espace public numérique"),
            para("2.1.1 Aménager un local équipé de six ordinateurs"),
        ]
    )
    assert [(i.level.value, i.number, i.source_label, i.parent_number, i.title) for i in items] == [
        ("os", "1", "1", None, "Garantir l'accès à un logement digne"),
        ("oo", "1.1", "1.1", "1", "Développer l'offre de logements de transit"),
        ("action", "1.1.1", "1.1.1", "1.1", "Rénover deux logements de transit"),
        ("os", "2", "2", None, "Réduire la fracture numérique"),
        ("oo", "2.1", "2.1", "2", "Ouvrir un espace public numérique"),
        ("action", "2.1.1", "2.1.1", "2.1", "Aménager un local équipé de six ordinateurs"),
    ]


def test_a_lettered_list_reaching_c_is_no_roman_hundred():
    """<ol type="A"> of OS, nested <ol> of OO and <ol type="a"> of actions: the third OS is "C.", the third letter,
    not the Roman 100; its OO are "3.1", no longer "100.1" (before, OS C lost its OO and actions)."""
    items, _ = build_tree(
        [
            numbered("A.", "Garantir l'accès à un logement digne", 0),
            numbered("1.", "Développer l'offre de logements de transit", 1),
            numbered("a.", "Rénover deux logements de transit", 2),
            numbered("B.", "Favoriser l'insertion socioprofessionnelle", 0),
            numbered("1.", "Renforcer l'accompagnement vers l'emploi", 1),
            numbered("a.", "Engager un agent d'insertion supplémentaire", 2),
            numbered("C.", "Lutter contre la précarité énergétique", 0),
            numbered("1.", "Réduire la consommation d'énergie des ménages", 1),
            numbered("a.", "Réaliser des audits énergétiques à domicile", 2),
            numbered("b.", "Distribuer des kits d'économie d'énergie", 2),
        ]
    )
    assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("os", "1", None, "Garantir l'accès à un logement digne"),
        ("oo", "1.1", "1", "Développer l'offre de logements de transit"),
        ("action", "1.1.1", "1.1", "Rénover deux logements de transit"),
        ("os", "2", None, "Favoriser l'insertion socioprofessionnelle"),
        ("oo", "2.1", "2", "Renforcer l'accompagnement vers l'emploi"),
        ("action", "2.1.1", "2.1", "Engager un agent d'insertion supplémentaire"),
        ("os", "3", None, "Lutter contre la précarité énergétique"),
        ("oo", "3.1", "3", "Réduire la consommation d'énergie des ménages"),
        ("action", "3.1.1", "3.1", "Réaliser des audits énergétiques à domicile"),
        ("action", "3.1.2", "3.1", "Distribuer des kits d'économie d'énergie"),
    ]


def test_a_roman_list_starting_again_at_i_in_the_next_volet_is_roman_one():
    """LibreOffice's HTML of a Word plan whose volets each hold an <ol type="I">: the second "I." is 1 again,
    not the letter I (before, its OO and actions lost their paths and the OO after them was dropped)."""
    items, _ = build_tree(
        [
            para("Volet interne"),
            numbered("I.", "Être un employeur attentif au bien-être de son personnel", 0),
            numbered("1.", "Moderniser la gestion des ressources humaines", 1),
            numbered("1.", "Créer un intranet", 2),
            para("Volet externe"),
            numbered("I.", "Lutter contre la précarité énergétique et hydrique", 0),
            numbered("1.", "Prévenir les coupures d'énergie et d'eau", 1),
            numbered("2.", "Améliorer la performance énergétique des logements", 1),
            numbered("1.", "Organiser des ateliers sur les économies d'énergie", 2),
            numbered("2.", "Créer une cellule énergie", 2),
            numbered("3.", "Garantir la confidentialité des entretiens sociaux", 1),
            numbered("II.", "Renforcer la cohésion sociale dans les quartiers", 0),
            numbered("1.", "Favoriser l'accès à la culture et au sport", 1),
            numbered("1.", "Organiser une fête des voisins dans chaque village", 2),
        ]
    )
    assert [(i.volet.value if i.volet else None, i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("interne", "os", "1", None, "Être un employeur attentif au bien-être de son personnel"),
        ("interne", "oo", "1.1", "1", "Moderniser la gestion des ressources humaines"),
        ("interne", "action", "1.1.1", "1.1", "Créer un intranet"),
        ("externe", "os", "1", None, "Lutter contre la précarité énergétique et hydrique"),
        ("externe", "oo", "1.1", "1", "Prévenir les coupures d'énergie et d'eau"),
        ("externe", "oo", "1.2", "1", "Améliorer la performance énergétique des logements"),
        ("externe", "action", "1.2.1", "1.2", "Organiser des ateliers sur les économies d'énergie"),
        ("externe", "action", "1.2.2", "1.2", "Créer une cellule énergie"),
        ("externe", "oo", "1.3", "1", "Garantir la confidentialité des entretiens sociaux"),
        ("externe", "os", "2", None, "Renforcer la cohésion sociale dans les quartiers"),
        ("externe", "oo", "2.1", "2", "Favoriser l'accès à la culture et au sport"),
        ("externe", "action", "2.1.1", "2.1", "Organiser une fête des voisins dans chaque village"),
    ]
