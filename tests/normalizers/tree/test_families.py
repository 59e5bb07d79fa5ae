"""Layout families of real plans (issue 10), written as blocks: whole trees compared."""

from __future__ import annotations

import pytest

from normalizers.tree import build_tree, explain_tree
from tests.pipeline.core.blocks import bullet, heading, numbered, para, row


def _tree(blocks):
    items, _ = build_tree(blocks)
    return [(i.level.value, i.number, i.source_label, i.title, i.parent_number) for i in items]


def _statuses(blocks):
    items, _ = build_tree(blocks)
    return [(i.number, i.status.value if i.status else None) for i in items if i.level.value == "action"]


CHAPTERED = [
    heading("Table des matières"),
    para("1. Introduction ........................ 3"),
    para("3. Programme stratégique ............... 6"),
    para("1. Être un CPAS accueillant ............ 6"),
    heading("1. Introduction", 1),
    para("Le présent programme a été élaboré par le comité de direction."),
    heading("2. Méthodologie", 1),
    heading("2.1. Démarche participative", 2),
    heading("2.1.2.Structure", 3),
    para("1) Réaliser un diagnostic"),
    para("2) Consulter le personnel"),
    heading("3. Programme stratégique", 1),
    heading("1. Être un CPAS accueillant pour tous les citoyens", 2),
    para("1.1. Améliorer l'accueil des bénéficiaires au siège"),
    para("1.1.1. Mettre en place un guichet unique"),
    para("1.1.2. Former les agents d'accueil à l'écoute active"),
    para("1.2. Développer l'information sur les droits sociaux"),
    para("1.2.1. Créer un site internet"),
    heading("2. Être un CPAS bien géré", 2),
    para("2.1. Moderniser les outils informatiques"),
    para("2.1.1. Acheter des ordinateurs portables"),
    heading("4. Évaluation", 1),
    para("Le programme sera évalué à mi-législature."),
]
CHAPTERED_TREE = [
    ("os", "1", "1.", "Être un CPAS accueillant pour tous les citoyens", None),
    ("oo", "1.1", "1.1.", "Améliorer l'accueil des bénéficiaires au siège", "1"),
    ("action", "1.1.1", "1.1.1.", "Mettre en place un guichet unique", "1.1"),
    ("action", "1.1.2", "1.1.2.", "Former les agents d'accueil à l'écoute active", "1.1"),
    ("oo", "1.2", "1.2.", "Développer l'information sur les droits sociaux", "1"),
    ("action", "1.2.1", "1.2.1.", "Créer un site internet", "1.2"),
    ("os", "2", "2.", "Être un CPAS bien géré", None),
    ("oo", "2.1", "2.1.", "Moderniser les outils informatiques", "2"),
    ("action", "2.1.1", "2.1.1.", "Acheter des ordinateurs portables", "2.1"),
]


def test_plan_inside_a_numbered_chapter_restarting_its_outline():
    assert _tree(CHAPTERED) == CHAPTERED_TREE


def test_plan_as_the_subtree_of_its_chapter():
    blocks = [
        heading("1. Introduction", 1),
        heading("2. Méthodologie", 1),
        heading("2.1. Structure", 2),
        heading("3. Programme stratégique transversal", 1),
        heading("3.1. Être un CPAS accueillant", 2),
        para("3.1.1. Améliorer l'accueil des bénéficiaires"),
        para("3.1.1.1. Mettre en place un guichet unique"),
        para("3.1.1.2. Former les agents d'accueil"),
        heading("3.2. Être un CPAS bien géré", 2),
        para("3.2.1. Moderniser les outils informatiques"),
        para("3.2.1.1. Acheter des ordinateurs portables"),
        heading("4. Évaluation", 1),
    ]
    assert [(lv, n, t) for lv, n, _, t, _ in _tree(blocks)] == [
        ("os", "1", "Être un CPAS accueillant"),
        ("oo", "1.1", "Améliorer l'accueil des bénéficiaires"),
        ("action", "1.1.1", "Mettre en place un guichet unique"),
        ("action", "1.1.2", "Former les agents d'accueil"),
        ("os", "2", "Être un CPAS bien géré"),
        ("oo", "2.1", "Moderniser les outils informatiques"),
        ("action", "2.1.1", "Acheter des ordinateurs portables"),
    ]


def test_chapter_and_plan_numbered_by_one_word_list():
    blocks = [
        numbered("1.", "Introduction", 0),
        para("Texte."),
        numbered("2.", "Méthodologie", 0),
        numbered("2.1.", "Démarche", 1),
        numbered("3.", "Programme stratégique", 0),
        numbered("1.", "Être un CPAS accueillant pour tous", 0),
        numbered("1.1.", "Améliorer l'accueil des bénéficiaires", 1),
        numbered("1.1.1.", "Mettre en place un guichet unique", 2),
        numbered("2.", "Être un CPAS bien géré", 0),
        numbered("2.1.", "Moderniser les outils informatiques", 1),
        numbered("2.1.1.", "Acheter des ordinateurs portables", 2),
    ]
    assert [(lv, n, p) for lv, n, _, _, p in _tree(blocks)] == [
        ("os", "1", None), ("oo", "1.1", "1"), ("action", "1.1.1", "1.1"),
        ("os", "2", None), ("oo", "2.1", "2"), ("action", "2.1.1", "2.1"),
    ]


def test_three_lists_sharing_one_word_numbering_are_joined_by_title():
    blocks = [
        heading("1. Objectifs stratégiques :", 1),
        numbered("1.", "Être un CPAS accueillant", 0),
        numbered("2.", "Être un CPAS bien géré", 0),
        heading("2. Objectifs opérationnels :", 1),
        numbered("3.", "Être un CPAS accueillant", 0),
        numbered("3.1.", "Améliorer l'accueil des bénéficiaires", 1),
        numbered("3.2.", "Développer l'information", 1),
        numbered("4.", "Être un CPAS bien géré", 0),
        numbered("4.1.", "Moderniser les outils informatiques", 1),
        heading("3. Actions :", 1),
        numbered("5.", "Être un CPAS accueillant", 0),
        numbered("5.1.", "Améliorer l'accueil des bénéficiaires", 1),
        numbered("5.1.1.", "Mettre en place un guichet unique", 2),
        numbered("5.1.2.", "Former les agents", 2),
        numbered("5.2.", "Développer l'information", 1),
        numbered("5.2.1.", "Créer un site internet", 2),
        numbered("6.", "Être un CPAS bien géré", 0),
        numbered("6.1.", "Moderniser les outils informatiques", 1),
        numbered("6.1.1.", "Acheter des portables", 2),
    ]
    items, anomalies = build_tree(blocks)
    assert sorted((i.level.value, i.number, i.parent_number) for i in items) == sorted([
        ("os", "1", None), ("os", "2", None),
        ("oo", "1.1", "1"), ("oo", "1.2", "1"), ("oo", "2.1", "2"),
        ("action", "1.1.1", "1.1"), ("action", "1.1.2", "1.1"), ("action", "1.2.1", "1.2"),
        ("action", "2.1.1", "2.1"),
    ])
    assert anomalies == []


def test_ia_pst_suffix_alone_on_its_line_and_running_references():
    blocks = [
        heading("Être un CPAS accueillant pour tous les citoyens", 1),
        para("(OS.1)"),
        para("Responsable mandataire : Jean Dupont"),
        heading("Améliorer l'accueil des bénéficiaires (OO.3)", 2),
        para("Mettre en place un guichet unique (A.12)"),
        para("État : En cours"),
        para("Former les agents d'accueil"),
        para("(A.13)"),
        para("Etat : Terminé"),
        para("OS.5 - Être un CPAS bien géré"),
        para("OO.7 - Moderniser les outils informatiques"),
        para("A.9 - Acheter des portables"),
        para("Etat : A programmer"),
        para("A.21 - Installer le wifi"),
        para("OO.6 - Former le personnel"),
    ]
    assert [(lv, n, lb, p) for lv, n, lb, _, p in _tree(blocks)] == [
        ("os", "1", "(OS.1)", None),
        ("oo", "1.1", "(OO.3)", "1"),
        ("action", "1.1.1", "(A.12)", "1.1"),
        ("action", "1.1.2", "(A.13)", "1.1"),
        ("os", "2", "OS.5", None),
        ("oo", "2.1", "OO.7", "2"),
        ("action", "2.1.1", "A.9", "2.1"),
        ("action", "2.1.2", "A.21", "2.1"),
        ("oo", "2.2", "OO.6", "2"),
    ]
    assert _statuses(blocks) == [
        ("1.1.1", "en_cours"), ("1.1.2", "finalise"), ("2.1.1", "a_programmer"), ("2.1.2", None)
    ]
    items, _ = build_tree(blocks)
    assert items[0].pilote == "Jean Dupont"


def test_summary_then_dashboard_rewording_titles_gives_each_item_once():
    blocks = [
        para("1er OBJECTIF STRATEGIQUE :", bold=True),
        para("Être un CPAS qui accompagne chaque citoyen", bold=True),
        para("vers l'autonomie sociale et professionnelle", bold=True),
        para("1.1 Renforcer l'accueil"),
        para("1.2 Développer l'insertion"),
        para("2ème OBJECTIF STRATEGIQUE :", bold=True),
        para("Être un CPAS bien géré", bold=True),
        para("2.1 Moderniser l'informatique"),
        heading("Tableau de bord", 1),
        row(["OS", "OO", "Action", "Statut"], 1, 0, True),
        row(["1. Être un CPAS qui accompagne chaque citoyen vers l'autonomie sociale et professionnelle",
             "1.1 Renforcer l'accueil des bénéficiaires", "Créer un guichet", "En cours"], 1, 1),
        row(["", "", "Former les agents", "Terminé"], 1, 2),
        row(["", "1.2 Développer l'insertion socio-professionnelle", "Ouvrir un atelier", "A programmer"], 1, 3),
        row(["2. Être un CPAS bien géré", "2.1 Moderniser l'informatique", "Acheter des PC", "En cours"], 1, 4),
    ]
    assert [(lv, n, t, p) for lv, n, _, t, p in _tree(blocks)] == [
        ("os", "1", "Être un CPAS qui accompagne chaque citoyen vers l'autonomie sociale et professionnelle", None),
        ("oo", "1.1", "Renforcer l'accueil", "1"),
        ("oo", "1.2", "Développer l'insertion", "1"),
        ("os", "2", "Être un CPAS bien géré", None),
        ("oo", "2.1", "Moderniser l'informatique", "2"),
        ("action", "1.1.1", "Créer un guichet", "1.1"),
        ("action", "1.1.2", "Former les agents", "1.1"),
        ("action", "1.2.1", "Ouvrir un atelier", "1.2"),
        ("action", "2.1.1", "Acheter des PC", "2.1"),
    ]
    assert _statuses(blocks) == [
        ("1.1.1", "en_cours"), ("1.1.2", "finalise"), ("1.2.1", "a_programmer"), ("2.1.1", "en_cours")
    ]


def test_dashboard_with_two_header_rows_wrapped_labels_x_marks_and_a_headerless_fragment():
    blocks = [
        heading("Plan d'actions", 1),
        row(["Objectif stratégique", "Objectif opérationnel", "Action", "Pilote", "Statut", "", ""], 0, 0),
        row(["", "", "", "", "A progra\nmmer", "En\ncours", "Réa\nlisé"], 0, 1),
        row(["OS 1 Être un CPAS accueillant", "OO 1.1 Améliorer l'accueil", "Mettre en place un guichet unique",
             "DG", "", "X", ""], 0, 2),
        row(["", "", "Former les agents d'accueil à", "", "X", "", ""], 0, 3),
        row(["", "", "l'écoute active", "", "", "", ""], 0, 4),
        row(["", "OO 1.2 Développer l'information", "Créer un site internet", "Service com", "", "", "X"], 0, 5),
        row(["OS 2 Être un CPAS bien géré", "OO 2.1 Moderniser l'informatique", "Acheter des portables", "IT",
             "", "X", ""], 1, 0),
        row(["", "", "Installer le wifi", "IT", "X", "", ""], 1, 1),
    ]
    assert [(lv, n, t) for lv, n, _, t, _ in _tree(blocks) if lv == "action"] == [
        ("action", "1.1.1", "Mettre en place un guichet unique"),
        ("action", "1.1.2", "Former les agents d'accueil à l'écoute active"),
        ("action", "1.2.1", "Créer un site internet"),
        ("action", "2.1.1", "Acheter des portables"),
        ("action", "2.1.2", "Installer le wifi"),
    ]
    assert _statuses(blocks) == [
        ("1.1.1", "en_cours"), ("1.1.2", "a_programmer"), ("1.2.1", "finalise"),
        ("2.1.1", "en_cours"), ("2.1.2", "a_programmer"),
    ]


def test_fiches_actions_are_the_only_listing_and_an_empty_template_is_not_an_action():
    def fiche(n, os_title, oo_title, title, status):
        return [
            heading(f"Fiche action {n}", 2),
            row(["Objectif stratégique", os_title], n, 0),
            row(["Objectif opérationnel", oo_title], n, 1),
            row(["Intitulé de l'action", title], n, 2),
            row(["Pilote", "Directrice générale"], n, 3),
            row(["Statut", status], n, 4),
        ]

    blocks = (
        fiche(1, "Être un CPAS accueillant", "Améliorer l'accueil", "Mettre en place un guichet unique", "En cours")
        + fiche(2, "Être un CPAS accueillant", "Améliorer l'accueil", "Former les agents d'accueil", "Terminé")
        + fiche(3, "Être un CPAS bien géré", "Moderniser l'informatique", "Acheter des portables", "A programmer")
        + [heading("Fiche projet", 2), row(["Objectif stratégique", ""], 9, 0), row(["Intitulé de l'action", ""], 9, 1)]
    )
    assert [(lv, n, t, p) for lv, n, _, t, p in _tree(blocks)] == [
        ("os", "1", "Être un CPAS accueillant", None),
        ("oo", "1.1", "Améliorer l'accueil", "1"),
        ("action", "1.1.1", "Mettre en place un guichet unique", "1.1"),
        ("action", "1.1.2", "Former les agents d'accueil", "1.1"),
        ("os", "2", "Être un CPAS bien géré", None),
        ("oo", "2.1", "Moderniser l'informatique", "2"),
        ("action", "2.1.1", "Acheter des portables", "2.1"),
    ]
    assert _statuses(blocks) == [("1.1.1", "en_cours"), ("1.1.2", "finalise"), ("2.1.1", "a_programmer")]


def test_title_wrapped_over_lines_is_never_cut():
    blocks = [
        para("OS 1 : Être un CPAS qui accompagne chaque citoyen", bold=True),
        para("vers l'autonomie sociale", bold=True),
        para("OO 1.1 Renforcer l'accueil des bénéficiaires et"),
        para("des familles monoparentales"),
    ]
    assert [t for _, _, _, t, _ in _tree(blocks)] == [
        "Être un CPAS qui accompagne chaque citoyen vers l'autonomie sociale",
        "Renforcer l'accueil des bénéficiaires et des familles monoparentales",
    ]


def test_explain_says_why_each_line_became_an_item_or_not():
    _, _, explained = explain_tree(CHAPTERED)
    by_text = {e.line.text: e for e in explained}
    assert by_text["1.1.1. Mettre en place un guichet unique"].outcome == "action 1.1.1"
    assert "objective-like" in by_text["1.1.1. Mettre en place un guichet unique"].evidence
    assert by_text["1. Introduction ........................ 3"].outcome.startswith("skipped: table of contents")
    assert "loses" in by_text["2.1. Démarche participative"].evidence
    assert by_text["2.1. Démarche participative"].outcome.startswith(("not an item", "section"))


def test_plan_given_by_heading_levels_and_nested_bullets_alone():
    from tests.pipeline.core.blocks import bullet

    blocks = [
        heading("Introduction", 1),
        para("Ce document présente les orientations du CPAS."),
        heading("Améliorer la qualité de l'accueil des usagers", 1),
        heading("Réorganiser le service d'accueil social", 2),
        bullet("Créer un guichet unique au rez-de-chaussée", 0),
        bullet("Former les agents à l'écoute active", 0),
        heading("Informer les citoyens de leurs droits", 2),
        bullet("Publier une brochure des aides", 0),
        heading("Moderniser la gestion administrative", 1),
        heading("Digitaliser les dossiers sociaux", 2),
        bullet("Acheter un logiciel de gestion", 0),
        heading("Annexes", 1),
        bullet("Déclarer les données au SPP", 0),
    ]
    assert [(lv, n, t) for lv, n, _, t, _ in _tree(blocks)] == [
        ("os", "1", "Améliorer la qualité de l'accueil des usagers"),
        ("oo", "1.1", "Réorganiser le service d'accueil social"),
        ("action", "1.1.1", "Créer un guichet unique au rez-de-chaussée"),
        ("action", "1.1.2", "Former les agents à l'écoute active"),
        ("oo", "1.2", "Informer les citoyens de leurs droits"),
        ("action", "1.2.1", "Publier une brochure des aides"),
        ("os", "2", "Moderniser la gestion administrative"),
        ("oo", "2.1", "Digitaliser les dossiers sociaux"),
        ("action", "2.1.1", "Acheter un logiciel de gestion"),
    ]


def test_labelled_os_each_over_a_list_of_two_depths_gives_oo_and_their_actions():
    # One OS a slide: its title labelled, its OO as bullets, their actions as bullets one level deeper.
    blocks = [
        para("Objectif stratégique 1", bold=True),
        para("Être un CPAS accessible et proche des citoyens"),
        bullet("Améliorer l'accueil des usagers", 0),
        bullet("Réaménager l'espace d'accueil", 1),
        bullet("Former les agents d'accueil", 1),
        bullet("Simplifier les démarches administratives", 0),
        bullet("Mettre en place un guichet numérique", 1),
        para("Objectif stratégique 2", bold=True),
        para("Lutter contre la pauvreté et l'exclusion sociale"),
        bullet("Renforcer l'aide alimentaire", 0),
        bullet("Ouvrir une épicerie sociale", 1),
        bullet("Développer un partenariat avec les commerces locaux", 1),
    ]
    assert _tree(blocks) == [
        ("os", "1", "Objectif stratégique 1", "Être un CPAS accessible et proche des citoyens", None),
        ("oo", "1.1", None, "Améliorer l'accueil des usagers", "1"),
        ("action", "1.1.1", None, "Réaménager l'espace d'accueil", "1.1"),
        ("action", "1.1.2", None, "Former les agents d'accueil", "1.1"),
        ("oo", "1.2", None, "Simplifier les démarches administratives", "1"),
        ("action", "1.2.1", None, "Mettre en place un guichet numérique", "1.2"),
        ("os", "2", "Objectif stratégique 2", "Lutter contre la pauvreté et l'exclusion sociale", None),
        ("oo", "2.1", None, "Renforcer l'aide alimentaire", "2"),
        ("action", "2.1.1", None, "Ouvrir une épicerie sociale", "2.1"),
        ("action", "2.1.2", None, "Développer un partenariat avec les commerces locaux", "2.1"),
    ]


def test_actions_numbered_by_one_list_running_on_through_the_oo_are_numbered_within_each_oo():
    # A Word list continued from OO to OO (1..3, then 4..5, then 6…), printed to PDF: the numbers are typed.
    blocks = [
        heading("Objectif stratégique 1 : Être un CPAS accessible", 1),
        heading("Objectif opérationnel 1.1 Améliorer l'accueil des usagers", 2),
        para("1. Réaménager l'espace d'accueil"),
        para("2. Former les agents d'accueil"),
        para("3. Publier un guide des services"),
        heading("Objectif opérationnel 1.2 Simplifier les démarches administratives", 2),
        para("4. Mettre en place un guichet numérique"),
        para("5. Harmoniser les formulaires"),
        heading("Objectif stratégique 2 : Lutter contre la pauvreté", 1),
        heading("Objectif opérationnel 2.1 Renforcer l'aide alimentaire", 2),
        para("6. Ouvrir une épicerie sociale"),
    ]
    assert _tree(blocks) == [
        ("os", "1", "Objectif stratégique 1", "Être un CPAS accessible", None),
        ("oo", "1.1", "Objectif opérationnel 1.1", "Améliorer l'accueil des usagers", "1"),
        ("action", "1.1.1", "1.", "Réaménager l'espace d'accueil", "1.1"),
        ("action", "1.1.2", "2.", "Former les agents d'accueil", "1.1"),
        ("action", "1.1.3", "3.", "Publier un guide des services", "1.1"),
        ("oo", "1.2", "Objectif opérationnel 1.2", "Simplifier les démarches administratives", "1"),
        ("action", "1.2.1", "4.", "Mettre en place un guichet numérique", "1.2"),
        ("action", "1.2.2", "5.", "Harmoniser les formulaires", "1.2"),
        ("os", "2", "Objectif stratégique 2", "Lutter contre la pauvreté", None),
        ("oo", "2.1", "Objectif opérationnel 2.1", "Renforcer l'aide alimentaire", "2"),
        ("action", "2.1.1", "6.", "Ouvrir une épicerie sociale", "2.1"),
    ]


def test_flat_numbered_and_lettered_actions_under_labelled_oo():
    blocks = [
        para("OS 1 : Être un CPAS accueillant"),
        para("OO 1.1 : Améliorer l'accueil"),
        para("Actions :"),
        para("1. Créer un guichet unique"),
        para("2. Former les agents"),
        para("OO 1.2 : Informer les citoyens"),
        para("1. Publier une brochure"),
        para("OS 2 : Être un CPAS bien géré"),
        para("OO 2.1 : Moderniser"),
        para("a) Acheter des PC"),
        para("b) Installer le wifi"),
        para("2.1.3 Former les agents à la bureautique"),
        para("a) former à Excel"),
    ]
    assert [(lv, n, lb, p) for lv, n, lb, _, p in _tree(blocks) if lv == "action"] == [
        ("action", "1.1.1", "1.", "1.1"),
        ("action", "1.1.2", "2.", "1.1"),
        ("action", "1.2.1", "1.", "1.2"),
        ("action", "2.1.1", "a)", "2.1"),
        ("action", "2.1.2", "b)", "2.1"),
        ("action", "2.1.3", "2.1.3", "2.1"),
    ]
    items, _ = build_tree(blocks)
    assert items[-1].description == "a) former à Excel"


def test_outline_whose_levels_differ_by_numbering_style():
    blocks = [
        heading("Programme stratégique transversal", 1),
        para("I. Être un CPAS accueillant pour tous"),
        para("A. Améliorer l'accueil des bénéficiaires"),
        para("1. Créer un guichet unique"),
        para("2. Former les agents"),
        para("M. Dupont, directeur, pilote cette action."),
        para("B. Informer les citoyens de leurs droits"),
        para("1. Publier une brochure"),
        para("II. Être un CPAS bien géré"),
        para("A. Moderniser l'informatique"),
        para("1. Acheter des PC"),
    ]
    assert [(lv, n, lb, p) for lv, n, lb, _, p in _tree(blocks)] == [
        ("os", "1", "I.", None),
        ("oo", "1.1", "A.", "1"),
        ("action", "1.1.1", "1.", "1.1"),
        ("action", "1.1.2", "2.", "1.1"),
        ("oo", "1.2", "B.", "1"),
        ("action", "1.2.1", "1.", "1.2"),
        ("os", "2", "II.", None),
        ("oo", "2.1", "A.", "2"),
        ("action", "2.1.1", "1.", "2.1"),
    ]


def test_typed_bullets_nested_by_indentation_only():
    from pipeline.core.model import Block, BlockKind

    def typed(text, indent, bold=False):
        return Block(kind=BlockKind.PARAGRAPH, text=text, indent=indent, bold=bold)

    blocks = [
        heading("Nos objectifs", 1),
        typed("Être un CPAS accueillant pour tous", 0, True),
        typed("• Améliorer l'accueil des bénéficiaires", 20),
        typed("– Créer un guichet unique", 40),
        typed("– Former les agents", 40),
        typed("• Informer les citoyens de leurs droits", 20),
        typed("– Publier une brochure", 40),
        typed("Être un CPAS bien géré", 0, True),
        typed("• Moderniser l'informatique", 20),
        typed("– Acheter des PC", 40),
    ]
    assert [(lv, n, p) for lv, n, _, _, p in _tree(blocks)] == [
        ("os", "1", None), ("oo", "1.1", "1"), ("action", "1.1.1", "1.1"), ("action", "1.1.2", "1.1"),
        ("oo", "1.2", "1"), ("action", "1.2.1", "1.2"),
        ("os", "2", None), ("oo", "2.1", "2"), ("action", "2.1.1", "2.1"),
    ]


def test_dashboard_whose_os_and_oo_columns_hold_numbers_only():
    blocks = [
        para("OS 1 : Être un CPAS accueillant"),
        para("OO 1.1 : Améliorer l'accueil"),
        para("OO 1.2 : Informer les citoyens"),
        para("OS 2 : Être un CPAS bien géré"),
        para("OO 2.1 : Moderniser l'informatique"),
        heading("Tableau de suivi", 1),
        row(["OS", "OO", "Action", "Statut"], 5, 0),
        row(["1", "1.1", "Créer un guichet unique", "En cours"], 5, 1),
        row(["1", "1.2", "Publier une brochure", "Terminé"], 5, 2),
        row(["2", "2.1", "Acheter des PC", "A programmer"], 5, 3),
    ]
    assert [(lv, n, t, p) for lv, n, _, t, p in _tree(blocks) if lv == "action"] == [
        ("action", "1.1.1", "Créer un guichet unique", "1.1"),
        ("action", "1.2.1", "Publier une brochure", "1.2"),
        ("action", "2.1.1", "Acheter des PC", "2.1"),
    ]
    assert len(_tree(blocks)) == 8
    assert _statuses(blocks) == [("1.1.1", "en_cours"), ("1.2.1", "finalise"), ("2.1.1", "a_programmer")]


def test_generic_level_words_take_their_level_from_the_number_depth():
    blocks = [
        para("Objectif 1 : Être un CPAS accueillant"),
        para("1.1 Améliorer l'accueil"),
        para("Mesure 1.1.1 : Créer un guichet unique"),
        para("Objectif 2030 : zéro papier dans l'administration"),
        para("Priorité 2 - Être un CPAS bien géré"),
        para("Sous-objectif 2.1 : Moderniser l'informatique"),
        para("2.1.1 Acheter des PC"),
    ]
    assert [(lv, n, lb, p) for lv, n, lb, _, p in _tree(blocks)] == [
        ("os", "1", "Objectif 1", None),
        ("oo", "1.1", "1.1", "1"),
        ("action", "1.1.1", "Mesure 1.1.1", "1.1"),
        ("os", "2", "Priorité 2", None),
        ("oo", "2.1", "Sous-objectif 2.1", "2"),
        ("action", "2.1.1", "2.1.1", "2.1"),
    ]


def test_table_of_contents_without_dot_leaders_is_no_listing_of_the_plan():
    blocks = [
        heading("Le programme en un coup d'œil", 1),
        para("1. Être un CPAS accueillant 4"),
        para("1.1. Améliorer l'accueil des bénéficiaires 4"),
        para("2. Être un CPAS bien géré 7"),
        para("2.1. Moderniser les outils informatiques 8"),
        heading("1. Être un CPAS accueillant", 1),
        para("1.1. Améliorer l'accueil des bénéficiaires"),
        para("1.1.1. Créer un guichet unique"),
        heading("2. Être un CPAS bien géré", 1),
        para("2.1. Moderniser les outils informatiques"),
        para("2.1.1. Acheter des ordinateurs portables"),
    ]
    assert [(lv, n, t) for lv, n, _, t, _ in _tree(blocks)] == [
        ("os", "1", "Être un CPAS accueillant"),
        ("oo", "1.1", "Améliorer l'accueil des bénéficiaires"),
        ("action", "1.1.1", "Créer un guichet unique"),
        ("os", "2", "Être un CPAS bien géré"),
        ("oo", "2.1", "Moderniser les outils informatiques"),
        ("action", "2.1.1", "Acheter des ordinateurs portables"),
    ]


def _outline_table(rows: list[list[str]], table: int = 0) -> list:
    return [row(cells, table, i) for i, cells in enumerate(rows)]


BOXED_OUTLINE = [
    heading("Programme stratégique transversal 2019-2024"),
    *_outline_table([
        ["1", "Assurer une aide sociale de qualité"],
        ["1.1", "Améliorer l'accueil des demandeurs"],
        ["1.1.1", "Former les agents d'accueil"],
        ["1.1.2", "Installer une borne de numérotation"],
        ["1.2", "Réduire les délais de traitement"],
        ["1.2.1", "Informatiser les enquêtes sociales"],
        ["2", "Maîtriser les finances du CPAS"],
        ["2.1", "Optimiser les recettes"],
        ["2.1.1", "Récupérer les avances alimentaires"],
    ]),
]


def test_outline_laid_out_in_a_table_without_header_number_cell_then_title():
    assert _tree(BOXED_OUTLINE) == [
        ("os", "1", "1.", "Assurer une aide sociale de qualité", None),
        ("oo", "1.1", "1.1", "Améliorer l'accueil des demandeurs", "1"),
        ("action", "1.1.1", "1.1.1", "Former les agents d'accueil", "1.1"),
        ("action", "1.1.2", "1.1.2", "Installer une borne de numérotation", "1.1"),
        ("oo", "1.2", "1.2", "Réduire les délais de traitement", "1"),
        ("action", "1.2.1", "1.2.1", "Informatiser les enquêtes sociales", "1.2"),
        ("os", "2", "2.", "Maîtriser les finances du CPAS", None),
        ("oo", "2.1", "2.1", "Optimiser les recettes", "2"),
        ("action", "2.1.1", "2.1.1", "Récupérer les avances alimentaires", "2.1"),
    ]
    _, _, explained = explain_tree(BOXED_OUTLINE)
    assert ["boxes the outline" in (e.evidence or "") for e in explained] == [False] + [True] * 9


def test_a_table_of_contents_laid_out_as_a_numbered_table_gives_no_item():
    toc = _outline_table([
        ["1", "Assurer une aide sociale de qualité", "4"],
        ["1.1", "Améliorer l'accueil des demandeurs", "5"],
        ["1.1.1", "Former les agents d'accueil", "5"],
        ["2", "Maîtriser les finances du CPAS", "9"],
    ])
    assert _tree([heading("Sommaire"), *toc]) == []


def test_the_headerless_next_page_of_a_dashboard_stays_a_dashboard():
    blocks = [
        row(["N°", "Action", "Pilote", "Statut"], 0, 0, True),
        row(["OO 1.1", "Améliorer l'accueil des demandeurs", "", ""], 0, 1),
        row(["1.1.1", "Former les agents d'accueil", "DG", "En cours"], 0, 2),
        row(["1.1.2", "Installer une borne de numérotation", "DG", "Terminé"], 1, 0, page=2),
        row(["1.1.3", "Réaménager la salle d'attente", "DG", "A programmer"], 1, 1, page=2),
    ]
    assert _statuses([para("OS 1 : Être un CPAS accueillant"), *blocks]) == [
        ("1.1.1", "en_cours"), ("1.1.2", "finalise"), ("1.1.3", "a_programmer"),
    ]


def test_dashboard_with_one_row_per_oo_and_its_actions_one_a_line_in_a_cell():
    blocks = [
        para("Programme stratégique transversal 2025-2030"),
        row(["Objectifs stratégiques", "Objectifs opérationnels", "Actions"], 0, 0, True),
        row(["1. Être un CPAS qui favorise l'insertion", "1.1 Développer l'emploi local",
             "Engager des article 60\nCréer une entreprise d'économie sociale\nOrganiser un salon de l'emploi"], 0, 1),
        row(["", "1.2 Soutenir la formation", "Financer des formations qualifiantes"], 0, 2),
        row(["2. Être un CPAS bien organisé", "2.1 Améliorer la communication interne",
             "Mettre en place un intranet pour le\nCPAS et ses antennes"], 0, 3),
    ]
    assert _tree(blocks) == [
        ("os", "1", "1.", "Être un CPAS qui favorise l'insertion", None),
        ("oo", "1.1", "1.1", "Développer l'emploi local", "1"),
        ("action", "1.1.1", None, "Engager des article 60", "1.1"),
        ("action", "1.1.2", None, "Créer une entreprise d'économie sociale", "1.1"),
        ("action", "1.1.3", None, "Organiser un salon de l'emploi", "1.1"),
        ("oo", "1.2", "1.2", "Soutenir la formation", "1"),
        ("action", "1.2.1", None, "Financer des formations qualifiantes", "1.2"),
        ("os", "2", "2.", "Être un CPAS bien organisé", None),
        ("oo", "2.1", "2.1", "Améliorer la communication interne", "2"),
        ("action", "2.1.1", None, "Mettre en place un intranet pour le CPAS et ses antennes", "2.1"),
    ]


def test_fiches_actions_written_as_key_value_paragraphs_repeat_their_os_and_oo():
    def fiche(n, os_title, oo_title, action, status):
        return [
            heading(f"Fiche action n°{n}", 2),
            para(f"Objectif stratégique : {os_title}"),
            para(f"Objectif opérationnel : {oo_title}"),
            para(f"Intitulé de l'action : {action}"),
            para("Pilote : Service seniors"),
            para(f"Statut : {status}"),
        ]

    blocks = [
        heading("Fiches actions du PST 2025-2030"),
        *fiche(1, "Être un CPAS qui soutient l'autonomie des aînés", "Développer les services à domicile",
               "Créer un service de petits travaux", "En cours"),
        *fiche(2, "Être un CPAS qui soutient l'autonomie des aînés", "Développer les services à domicile",
               "Étendre la livraison de repas", "Réalisé"),
        *fiche(3, "Être une administration performante", "Moderniser les outils", "Déployer une GED",
               "À programmer"),
    ]
    assert _tree(blocks) == [
        ("os", "1", "Objectif stratégique", "Être un CPAS qui soutient l'autonomie des aînés", None),
        ("oo", "1.1", "Objectif opérationnel", "Développer les services à domicile", "1"),
        ("action", "1.1.1", "Intitulé de l'action", "Créer un service de petits travaux", "1.1"),
        ("action", "1.1.2", "Intitulé de l'action", "Étendre la livraison de repas", "1.1"),
        ("os", "2", "Objectif stratégique", "Être une administration performante", None),
        ("oo", "2.1", "Objectif opérationnel", "Moderniser les outils", "2"),
        ("action", "2.1.1", "Intitulé de l'action", "Déployer une GED", "2.1"),
    ]
    assert _statuses(blocks) == [("1.1.1", "en_cours"), ("1.1.2", "finalise"), ("2.1.1", "a_programmer")]


def test_table_of_contents_without_styles_or_leaders_ends_where_the_body_repeats_an_entry():
    blocks = [
        para("Centre public d'action sociale de Couvin"),
        para("Table des matières"),
        para("1. Introduction 3"),
        para("2. Programme stratégique 4"),
        para("2.1. Volet interne 4"),
        para("1. Introduction"),
        para("Le présent programme a été élaboré par le comité de direction avec les services."),
        para("2. Programme stratégique"),
        para("2.1 Volet interne"),
        numbered("1.", "Être un CPAS ouvert sur son territoire", 0),
        numbered("1.1.", "Animer la coordination sociale de l'entité", 1),
        numbered("1.1.1.", "Éditer un annuaire social", 2),
        numbered("1.1.2.", "Signer une convention avec le Relais social", 2),
    ]
    assert [(i.level.value, i.number, i.title) for i in build_tree(blocks)[0]] == [
        ("os", "1", "Être un CPAS ouvert sur son territoire"),
        ("oo", "1.1", "Animer la coordination sociale de l'entité"),
        ("action", "1.1.1", "Éditer un annuaire social"),
        ("action", "1.1.2", "Signer une convention avec le Relais social"),
    ]


def test_html_outline_whose_first_level_is_roman_numbers_the_nested_lists_under_it():
    blocks = [
        heading("Volet externe", 2),
        numbered("I.", "Lutter contre la précarité énergétique", 0),
        numbered("1.", "Prévenir les coupures d'énergie et d'eau", 1),
        numbered("1.", "Négocier des plans de paiement avec les fournisseurs", 2),
        numbered("2.", "Informer sur les primes à la rénovation", 2),
        numbered("II.", "Renforcer la cohésion sociale", 0),
        numbered("1.", "Favoriser l'accès à la culture", 1),
        numbered("1.", "Utiliser le Fonds de participation culturelle", 2),
    ]
    assert [(i.level.value, i.number, i.title, i.parent_number) for i in build_tree(blocks)[0]] == [
        ("os", "1", "Lutter contre la précarité énergétique", None),
        ("oo", "1.1", "Prévenir les coupures d'énergie et d'eau", "1"),
        ("action", "1.1.1", "Négocier des plans de paiement avec les fournisseurs", "1.1"),
        ("action", "1.1.2", "Informer sur les primes à la rénovation", "1.1"),
        ("os", "2", "Renforcer la cohésion sociale", None),
        ("oo", "2.1", "Favoriser l'accès à la culture", "2"),
        ("action", "2.1.1", "Utiliser le Fonds de participation culturelle", "2.1"),
    ]


def test_rows_without_header_an_oo_cell_then_the_cells_that_list_its_actions():
    blocks = [
        para("Programme stratégique transversal 2025-2030"),
        para("OS 1 : Être un CPAS accueillant"),
        row(["OO 1.1 Renforcer l'accueil", "• Rénover la salle d'attente\n• Former les agents"], 0, 0),
        row(["OO 1.2", "Développer l'insertion", "• Engager un job coach", "Service ISP"], 0, 1),
        row(["OO 1.3 Informer les citoyens", "Service communication"], 0, 2),
    ]
    assert _tree(blocks) == [
        ("os", "1", "OS 1", "Être un CPAS accueillant", None),
        ("oo", "1.1", "OO 1.1", "Renforcer l'accueil", "1"),
        ("action", "1.1.1", None, "Rénover la salle d'attente", "1.1"),
        ("action", "1.1.2", None, "Former les agents", "1.1"),
        ("oo", "1.2", "OO 1.2", "Développer l'insertion", "1"),
        ("action", "1.2.1", None, "Engager un job coach", "1.2"),
        ("oo", "1.3", "OO 1.3", "Informer les citoyens", "1"),
    ]


def test_outline_written_as_the_lines_of_one_paragraph():
    # A web page or a Word paragraph with line breaks (<br>, Shift+Enter) between its items.
    blocks = [
        para("CPAS d'Ohey\nProgramme stratégique transversal 2025-2030\nOS 1 - Être un CPAS solidaire\n"
             "OO 1.1 - Aider les personnes âgées\nAction 1.1.1 - Livrer des repas\nAction 1.1.2 - Créer une\nnavette\n"
             "Pilote : Service social\nOS 2 - Être un CPAS efficace\nOO 2.1 - Simplifier les démarches\n"
             "Action 2.1.1 - Dématérialiser les factures"),
    ]
    assert _tree(blocks) == [
        ("os", "1", "OS 1", "Être un CPAS solidaire", None),
        ("oo", "1.1", "OO 1.1", "Aider les personnes âgées", "1"),
        ("action", "1.1.1", "Action 1.1.1", "Livrer des repas", "1.1"),
        ("action", "1.1.2", "Action 1.1.2", "Créer une navette", "1.1"),
        ("os", "2", "OS 2", "Être un CPAS efficace", None),
        ("oo", "2.1", "OO 2.1", "Simplifier les démarches", "2"),
        ("action", "2.1.1", "Action 2.1.1", "Dématérialiser les factures", "2.1"),
    ]
    dotted = [para("Programme stratégique transversal\n1. Être un CPAS solidaire\n1.1 Aider les aînés\n"
                   "1.1.1 Livrer des repas\n1.1.2 Créer une\nnavette\n2. Être un CPAS efficace\n2.1 Simplifier\n"
                   "2.1.1 Dématérialiser les factures")]
    assert [(lv, n, t) for lv, n, _, t, _ in _tree(dotted)] == [
        ("os", "1", "Être un CPAS solidaire"), ("oo", "1.1", "Aider les aînés"),
        ("action", "1.1.1", "Livrer des repas"), ("action", "1.1.2", "Créer une navette"),
        ("os", "2", "Être un CPAS efficace"), ("oo", "2.1", "Simplifier"),
        ("action", "2.1.1", "Dématérialiser les factures"),
    ]


def test_dashboard_giving_each_level_a_number_column_then_a_title_column():
    header = ["OS", "Objectif stratégique", "OO", "Objectif opérationnel", "Action", "Intitulé de l'action", "Statut"]
    blocks = [
        para("CPAS de Hamois – Tableau de bord du PST 2025-2030"),
        row(header, 0, 0),
        row(["1", "Être un CPAS inclusif", "1.1", "Faciliter l'accès aux services", "1.1.1", "Créer un guichet unique",
             "En cours"], 0, 1),
        row(["1", "Être un CPAS inclusif", "1.1", "Faciliter l'accès aux services", "1.1.2", "Traduire les brochures",
             "À programmer"], 0, 2),
        row(["2", "Être un CPAS performant", "2.1", "Optimiser les finances", "2.1.1",
             "Renégocier les contrats d'énergie", "Abandonné"], 0, 3),
    ]
    assert _tree(blocks) == [
        ("os", "1", "OS 1", "Être un CPAS inclusif", None),
        ("oo", "1.1", "OO 1.1", "Faciliter l'accès aux services", "1"),
        ("action", "1.1.1", "1.1.1", "Créer un guichet unique", "1.1"),
        ("action", "1.1.2", "1.1.2", "Traduire les brochures", "1.1"),
        ("os", "2", "OS 2", "Être un CPAS performant", None),
        ("oo", "2.1", "OO 2.1", "Optimiser les finances", "2"),
        ("action", "2.1.1", "2.1.1", "Renégocier les contrats d'énergie", "2.1"),
    ]
    assert _statuses(blocks) == [("1.1.1", "en_cours"), ("1.1.2", "a_programmer"), ("2.1.1", "abandonne")]


def test_bullets_under_a_field_named_alone_are_its_values_not_actions():
    blocks = [
        heading("Objectif stratégique n° 1 : Être un CPAS proche des aînés", 1),
        para("Objectif opérationnel 1.1 : Rompre l'isolement"),
        para("Actions :"),
        bullet("Créer un réseau de visiteurs"),
        bullet("Organiser un goûter mensuel"),
        para("Indicateurs :"),
        bullet("Nombre de visites"),
        bullet("Taux de participation"),
        para("Objectif opérationnel 1.2 : Soutenir les aidants proches"),
        para("Action 1.2.1 : Ouvrir une halte-répit"),
        para("Partenaires :"),
        bullet("la Croix-Rouge"),
        bullet("la mutualité"),
        bullet("Créer un groupe de parole pour les aidants"),  # no: still a partner line, as printed
        para("Action 1.2.2 : Former des bénévoles"),
    ]
    items, _ = build_tree(blocks)
    assert [(i.number, i.title) for i in items] == [
        ("1", "Être un CPAS proche des aînés"), ("1.1", "Rompre l'isolement"),
        ("1.1.1", "Créer un réseau de visiteurs"), ("1.1.2", "Organiser un goûter mensuel"),
        ("1.2", "Soutenir les aidants proches"), ("1.2.1", "Ouvrir une halte-répit"), ("1.2.2", "Former des bénévoles"),
    ]
    by_number = {i.number: i for i in items}
    assert by_number["1.1"].indicators == "Nombre de visites; Taux de participation"
    assert by_number["1.2.1"].partners == "la Croix-Rouge; la mutualité; Créer un groupe de parole pour les aidants"


def test_fields_of_an_action_glued_on_one_line_with_separators():
    blocks = [
        heading("Être un CPAS ouvert sur son territoire (OS.1)", 2),
        heading("Renforcer les partenariats locaux (OO.1)", 3),
        para("Conclure une convention avec la commune (A.1)"),
        para("Pilote : Président · Échéance : 31/12/2026 · Avancement : 40 %"),
        para("Participer au plan de cohésion sociale (A.2)"),
        para("Pilote : Service social | Échéance : 30/06/2027 | Avancement : 0 %"),
        para("Publier un bulletin trimestriel (A.3)"),
        para("Pilote : -"),
    ]
    items, _ = build_tree(blocks)
    actions = [(i.number, i.pilote, i.due, i.progress_pct, i.status.value if i.status else None)
               for i in items if i.level.value == "action"]
    assert actions == [
        ("1.1.1", "Président", "31/12/2026", 40.0, "en_cours"),
        ("1.1.2", "Service social", "30/06/2027", 0.0, "a_programmer"),
        ("1.1.3", "", None, None, None),  # a dash for "nobody" stays empty, as before
    ]


def test_a_cell_listing_actions_one_a_line_one_wrapped_after_a_preposition():
    blocks = [
        para("Programme stratégique transversal 2025-2030"),
        row(["OS 1 : Être un CPAS accessible et proche des citoyens", ""], 0, 0),
        row(["Objectifs opérationnels", "Actions"], 0, 1),
        row(["Améliorer l'accueil des usagers", "Réaménager l'espace d'accueil du rez-de-chaussée\n"
             "Former les agents d'accueil à l'écoute active\nPublier un guide des services du\nCPAS"], 0, 2),
        row(["Simplifier les démarches administratives", "Mettre en place un guichet numérique"], 0, 3),
    ]
    assert _tree(blocks) == [
        ("os", "1", "OS 1", "Être un CPAS accessible et proche des citoyens", None),
        ("oo", "1.1", None, "Améliorer l'accueil des usagers", "1"),
        ("action", "1.1.1", None, "Réaménager l'espace d'accueil du rez-de-chaussée", "1.1"),
        ("action", "1.1.2", None, "Former les agents d'accueil à l'écoute active", "1.1"),
        ("action", "1.1.3", None, "Publier un guide des services du CPAS", "1.1"),
        ("oo", "1.2", None, "Simplifier les démarches administratives", "1"),
        ("action", "1.2.1", None, "Mettre en place un guichet numérique", "1.2"),
    ]


def test_actions_as_bold_lines_followed_by_their_fields_under_labelled_oo():
    blocks = [
        heading("Programme stratégique transversal 2025-2030", 1),
        heading("OS 1 – Être un CPAS accessible et proche des citoyens", 1),
        heading("OO 1.1 – Améliorer l'accueil des usagers", 2),
        para("Cet objectif répond aux constats du diagnostic."),
        para("Réaménager l'espace d'accueil du rez-de-chaussée", bold=True),
        para("Pilote : Service social"),
        para("Échéance : 2027"),
        para("Former les agents d'accueil à l'écoute active", bold=True),
        para("Pilote : Responsable RH"),
        heading("OO 1.2 – Simplifier les démarches administratives", 2),
        para("Mettre en place un guichet numérique", bold=True),
        para("Pilote : Directeur général"),
        para("Indicateurs", bold=True),  # a word, not an action
        para("Nombre de demandes introduites en ligne"),
    ]
    items, _ = build_tree(blocks)
    assert [(i.level.value, i.number, i.source_label, i.title, i.parent_number, i.pilote) for i in items] == [
        ("os", "1", "OS 1", "Être un CPAS accessible et proche des citoyens", None, None),
        ("oo", "1.1", "OO 1.1", "Améliorer l'accueil des usagers", "1", None),
        ("action", "1.1.1", None, "Réaménager l'espace d'accueil du rez-de-chaussée", "1.1", "Service social"),
        ("action", "1.1.2", None, "Former les agents d'accueil à l'écoute active", "1.1", "Responsable RH"),
        ("oo", "1.2", "OO 1.2", "Simplifier les démarches administratives", "1", None),
        ("action", "1.2.1", None, "Mettre en place un guichet numérique", "1.2", "Directeur général"),
    ]


def _at(block, indent: float | None):
    return block.model_copy(update={"indent": indent})


@pytest.mark.parametrize("os_at, oo_at, action_at", [(78, 114, 149), (None, 28.35, 56.7)])  # PDF; Word (margin: None)
def test_outline_typed_1_at_every_level_nested_by_indentation_only(os_at, oo_at, action_at):
    blocks = [
        para("Le conseil décide :"),
        _at(para("1. D'adopter le programme stratégique transversal"), 57),
        _at(para("2. De le publier sur le site internet"), 57),
        heading("Programme stratégique transversal 2025-2030", 1),
        _at(heading("1. Être un CPAS accessible et proche des citoyens", 2), os_at),
        _at(para("1. Améliorer l'accueil des usagers"), oo_at),
        _at(para("1. Réaménager l'espace d'accueil"), action_at),
        _at(para("2. Former les agents d'accueil à l'écoute active"), action_at),
        _at(para("2. Simplifier les démarches administratives"), oo_at),
        _at(para("1. Mettre en place un guichet numérique"), action_at),
        _at(heading("2. Lutter contre la pauvreté et l'exclusion sociale", 2), os_at),
        _at(para("1. Renforcer l'aide alimentaire"), oo_at),
        _at(para("1. Ouvrir une épicerie sociale"), action_at),
    ]
    assert _tree(blocks) == [
        ("os", "1", "1.", "Être un CPAS accessible et proche des citoyens", None),
        ("oo", "1.1", "1.", "Améliorer l'accueil des usagers", "1"),
        ("action", "1.1.1", "1.", "Réaménager l'espace d'accueil", "1.1"),
        ("action", "1.1.2", "2.", "Former les agents d'accueil à l'écoute active", "1.1"),
        ("oo", "1.2", "2.", "Simplifier les démarches administratives", "1"),
        ("action", "1.2.1", "1.", "Mettre en place un guichet numérique", "1.2"),
        ("os", "2", "2.", "Lutter contre la pauvreté et l'exclusion sociale", None),
        ("oo", "2.1", "1.", "Renforcer l'aide alimentaire", "2"),
        ("action", "2.1.1", "1.", "Ouvrir une épicerie sociale", "2.1"),
    ]


def test_a_summary_table_then_a_fiche_for_each_action_keeps_each_action_once_with_its_fiche_fields():
    def fiche(n, os_title, oo_title, title, pilote, status):
        return [
            heading(f"Fiche action {n}", 2),
            row(["Objectif stratégique", os_title], n, 0),
            row(["Objectif opérationnel", oo_title], n, 1),
            row(["Intitulé de l'action", title], n, 2),
            row(["Pilote", pilote], n, 3),
            row(["Statut", status], n, 4),
        ]

    summary = [("OS 1", "Être un CPAS accueillant"), ("OO 1.1", "Améliorer l'accueil"),
               ("1.1.1", "Mettre en place un guichet unique"), ("1.1.2", "Former les agents d'accueil à l'écoute"),
               ("OO 1.2", "Simplifier les démarches"), ("1.2.1", "Créer un guichet numérique")]
    blocks = [
        heading("Tableau de synthèse", 1),
        row(["N°", "Intitulé"], 0, 0, header=True),
        *[row([number, title], 0, k + 1) for k, (number, title) in enumerate(summary)],
        heading("Fiches actions", 1),
        *fiche(1, "OS 1 – Être un CPAS accueillant", "OO 1.1 – Améliorer l'accueil",
               "Mettre en place un guichet unique", "Directrice générale", "En cours"),
        *fiche(2, "OS 1 – Être un CPAS accueillant", "OO 1.1 – Améliorer l'accueil",
               "Former les agents d'accueil à l'écoute active", "Service RH", "Terminé"),  # worded longer
        *fiche(3, "OS 1 – Être un CPAS accueillant", "OO 1.2 – Simplifier les démarches",
               "Créer un guichet numérique", "Service informatique", "A programmer"),
    ]
    items, _ = build_tree(blocks)
    assert [(i.level.value, i.number, i.title, i.parent_number, i.pilote, i.status and i.status.value)
            for i in items] == [
        ("os", "1", "Être un CPAS accueillant", None, None, None),
        ("oo", "1.1", "Améliorer l'accueil", "1", None, None),
        ("action", "1.1.1", "Mettre en place un guichet unique", "1.1", "Directrice générale", "en_cours"),
        ("action", "1.1.2", "Former les agents d'accueil à l'écoute", "1.1", "Service RH", "finalise"),
        ("oo", "1.2", "Simplifier les démarches", "1", None, None),
        ("action", "1.2.1", "Créer un guichet numérique", "1.2", "Service informatique", "a_programmer"),
    ]



def test_axes_over_objectives_and_measures_are_the_plans_first_level():
    """No OS is printed: "Axe 1" → "Objectif 1.1" → "Mesure 1.1.1"."""
    blocks = [
        para("Programme stratégique transversal 2025-2030"),
        heading("Axe 1 : Être un CPAS accessible", 1),
        heading("Objectif 1.1 : Améliorer l'accueil des usagers", 2),
        para("Mesure 1.1.1 : Réaménager l'espace d'accueil"),
        para("Pilote : Service social"),
        para("Mesure 1.1.2 : Former les agents d'accueil"),
        heading("Objectif 1.2 : Simplifier les démarches", 2),
        para("Mesure 1.2.1 : Créer un guichet numérique"),
        heading("Axe 2 : Lutter contre la pauvreté", 1),
        heading("Objectif 2.1 : Renforcer l'aide alimentaire", 2),
        para("Mesure 2.1.1 : Ouvrir une épicerie sociale"),
    ]
    items, _ = build_tree(blocks)
    assert [(i.level.value, i.number, i.source_label, i.title, i.parent_number, i.pilote) for i in items] == [
        ("os", "1", "Axe 1", "Être un CPAS accessible", None, None),
        ("oo", "1.1", "Objectif 1.1", "Améliorer l'accueil des usagers", "1", None),
        ("action", "1.1.1", "Mesure 1.1.1", "Réaménager l'espace d'accueil", "1.1", "Service social"),
        ("action", "1.1.2", "Mesure 1.1.2", "Former les agents d'accueil", "1.1", None),
        ("oo", "1.2", "Objectif 1.2", "Simplifier les démarches", "1", None),
        ("action", "1.2.1", "Mesure 1.2.1", "Créer un guichet numérique", "1.2", None),
        ("os", "2", "Axe 2", "Lutter contre la pauvreté", None, None),
        ("oo", "2.1", "Objectif 2.1", "Renforcer l'aide alimentaire", "2", None),
        ("action", "2.1.1", "Mesure 2.1.1", "Ouvrir une épicerie sociale", "2.1", None),
    ]


@pytest.mark.parametrize("wrapped", [False, True])
def test_a_table_of_contents_without_dot_leaders_its_entries_labelled_gives_no_item(wrapped):
    """Entries typed with their level words, a tab and the page number: the body's items only, titles without
    page numbers."""
    blocks = [
        para("Programme stratégique transversal 2025-2030"),
        para("Table des matières"),
        *([para("Objectif stratégique 1 : Être un CPAS accessible"), para("3")] if wrapped  # as a PDF wraps it
          else [para("Objectif stratégique 1 : Être un CPAS accessible\t3")]),
        para("Objectif opérationnel 1.1 : Améliorer l'accueil des usagers\t3"),
        para("Objectif stratégique 2 : Lutter contre la pauvreté 4"),
        heading("Objectif stratégique 1 : Être un CPAS accessible", 1),
        heading("Objectif opérationnel 1.1 : Améliorer l'accueil des usagers", 2),
        para("Action 1.1.1 : Réaménager l'espace d'accueil"),
        heading("Objectif stratégique 2 : Lutter contre la pauvreté", 1),
        heading("Objectif opérationnel 2.1 : Renforcer l'aide alimentaire", 2),
        para("Action 2.1.1 : Ouvrir une épicerie sociale"),
    ]
    assert [(lv, n, t, p) for lv, n, _, t, p in _tree(blocks)] == [
        ("os", "1", "Être un CPAS accessible", None),
        ("oo", "1.1", "Améliorer l'accueil des usagers", "1"),
        ("action", "1.1.1", "Réaménager l'espace d'accueil", "1.1"),
        ("os", "2", "Lutter contre la pauvreté", None),
        ("oo", "2.1", "Renforcer l'aide alimentaire", "2"),
        ("action", "2.1.1", "Ouvrir une épicerie sociale", "2.1"),
    ]


def test_enjeux_over_objectives_and_projects_each_numbered_within_its_parent():
    """"Enjeu 1" → "Objectif 1" → "Projet 1": two generic words at one part, the second the level below."""
    blocks = [
        para("Programme stratégique transversal 2025-2030"),
        heading("Enjeu 1 : Être un CPAS accessible", 1),
        heading("Objectif 1 : Améliorer l'accueil des usagers", 2),
        para("Projet 1 : Réaménager l'espace d'accueil"),
        para("Projet 2 : Former les agents d'accueil"),
        heading("Objectif 2 : Simplifier les démarches", 2),
        para("Projet 1 : Créer un guichet numérique"),
        heading("Enjeu 2 : Lutter contre la pauvreté", 1),
        heading("Objectif 1 : Renforcer l'aide alimentaire", 2),
        para("Projet 1 : Ouvrir une épicerie sociale"),
    ]
    assert _tree(blocks) == [
        ("os", "1", "Enjeu 1", "Être un CPAS accessible", None),
        ("oo", "1.1", "Objectif 1", "Améliorer l'accueil des usagers", "1"),
        ("action", "1.1.1", "Projet 1", "Réaménager l'espace d'accueil", "1.1"),
        ("action", "1.1.2", "Projet 2", "Former les agents d'accueil", "1.1"),
        ("oo", "1.2", "Objectif 2", "Simplifier les démarches", "1"),
        ("action", "1.2.1", "Projet 1", "Créer un guichet numérique", "1.2"),
        ("os", "2", "Enjeu 2", "Lutter contre la pauvreté", None),
        ("oo", "2.1", "Objectif 1", "Renforcer l'aide alimentaire", "2"),
        ("action", "2.1.1", "Projet 1", "Ouvrir une épicerie sociale", "2.1"),
    ]


def test_unnumbered_os_in_capitals_above_oo_labelled_with_their_path():
    """OS titles in capitals (a banner, a text box) with no number, each OS's OO labelled "OO n.1", "OO n.2"; the
    actions bulleted."""
    blocks = [
        para("Programme stratégique transversal 2025-2030"),
        para("ÊTRE UN CPAS ACCESSIBLE", bold=True),
        para("OO 1.1 Améliorer l'accueil des usagers", bold=True),
        bullet("Réaménager l'espace d'accueil"),
        para("OO 1.2 Simplifier les démarches", bold=True),
        bullet("Créer un guichet numérique"),
        para("LUTTER CONTRE LA PAUVRETÉ", bold=True),
        para("OO 2.1 Renforcer l'aide alimentaire", bold=True),
        bullet("Ouvrir une épicerie sociale"),
    ]
    assert _tree(blocks) == [
        ("os", "1", None, "ÊTRE UN CPAS ACCESSIBLE", None),
        ("oo", "1.1", "OO 1.1", "Améliorer l'accueil des usagers", "1"),
        ("action", "1.1.1", None, "Réaménager l'espace d'accueil", "1.1"),
        ("oo", "1.2", "OO 1.2", "Simplifier les démarches", "1"),
        ("action", "1.2.1", None, "Créer un guichet numérique", "1.2"),
        ("os", "2", None, "LUTTER CONTRE LA PAUVRETÉ", None),
        ("oo", "2.1", "OO 2.1", "Renforcer l'aide alimentaire", "2"),
        ("action", "2.1.1", None, "Ouvrir une épicerie sociale", "2.1"),
    ]
