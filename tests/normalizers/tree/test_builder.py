"""Tree builder: every numbering style of docs/domain.md, their mixes, and what is not the plan."""

from __future__ import annotations

from normalizers.tree import build_tree
from pipeline.core.model import Block, BlockKind, Status
from tests.pipeline.core.blocks import bullet, heading, numbered, para, row, shape


def kinds(anomalies):
    return sorted(a.kind for a in anomalies)


def test_explicit_labels_os_oo_action():
    items, anomalies = build_tree(
        [
            para("OS1 : Être un CPAS proche des citoyens"),
            para("OO 1.1 Ouvrir une antenne sociale"),
            para("Action 1.1.1 : Trouver un local"),
            para("Action 1.1.2 : Engager un assistant social"),
            para("OS 2 - Être un CPAS bien géré"),
            para("O.O. 2.1. : Moderniser l'informatique"),
            para("A.2.1.1 Acheter des portables"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "OS1", "Être un CPAS proche des citoyens", None),
        ("oo", None, "1.1", "OO 1.1", "Ouvrir une antenne sociale", "1"),
        ("action", None, "1.1.1", "Action 1.1.1", "Trouver un local", "1.1"),
        ("action", None, "1.1.2", "Action 1.1.2", "Engager un assistant social", "1.1"),
        ("os", None, "2", "OS 2", "Être un CPAS bien géré", None),
        ("oo", None, "2.1", "O.O. 2.1", "Moderniser l'informatique", "2"),
        ("action", None, "2.1.1", "A.2.1.1", "Acheter des portables", "2.1"),
    ]
    assert anomalies == []


def test_local_oo_numbers_and_unnumbered_bullets_within_volets():
    items, anomalies = build_tree(
        [
            heading("Volet interne"),
            para("Objectif stratégique 1 : Moderniser l'administration"),
            para("OO/01 Former le personnel"),
            bullet("Plan de formation pluriannuel", 1),
            bullet("Journée d'accueil des nouveaux agents", 1),
            bullet("un détail de la journée", 2),
            para("OO/02 Informatiser le courrier"),
            bullet("Logiciel de gestion du courrier", 1),
            heading("Volet externe"),
            para("O.S. 1 : Lutter contre la pauvreté infantile"),
            para("Objectif opérationnel 1 – Soutenir les familles"),
            bullet("Créer un espace parents-enfants", 1),
        ]
    )
    assert shape(items) == [
        ("os", "interne", "1", "Objectif stratégique 1", "Moderniser l'administration", None),
        ("oo", "interne", "1.1", "OO/01", "Former le personnel", "1"),
        ("action", "interne", "1.1.1", None, "Plan de formation pluriannuel", "1.1"),
        ("action", "interne", "1.1.2", None, "Journée d'accueil des nouveaux agents", "1.1"),
        ("oo", "interne", "1.2", "OO/02", "Informatiser le courrier", "1"),
        ("action", "interne", "1.2.1", None, "Logiciel de gestion du courrier", "1.2"),
        ("os", "externe", "1", "O.S. 1", "Lutter contre la pauvreté infantile", None),
        ("oo", "externe", "1.1", "Objectif opérationnel 1", "Soutenir les familles", "1"),
        ("action", "externe", "1.1.1", None, "Créer un espace parents-enfants", "1.1"),
    ]
    assert items[3].description == "un détail de la journée"
    assert anomalies == []


def test_ordinal_os_with_title_on_next_line():
    items, _ = build_tree(
        [
            para("1er OBJECTIF STRATEGIQUE :", bold=True),
            para("Être un CPAS qui accompagne chaque citoyen"),
            para("1.1 Renforcer l'accueil"),
            para("2ème OBJECTIF STRATEGIQUE :", bold=True),
            para("Être un CPAS solidaire"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "1er OBJECTIF STRATEGIQUE", "Être un CPAS qui accompagne chaque citoyen", None),
        ("oo", None, "1.1", "1.1", "Renforcer l'accueil", "1"),
        ("os", None, "2", "2ème OBJECTIF STRATEGIQUE", "Être un CPAS solidaire", None),
    ]


def test_dotted_outline_only_counts_inside_the_plan():
    items, _ = build_tree(
        [
            heading("Méthodologie"),
            para("2.1.2.Structure"),
            para("1. Cadrer sa démarche PST ;"),
            heading("Objectifs stratégiques"),
            numbered("1.", "Être un CPAS ouvert à tous", 0),
            numbered("1.1.", "Améliorer l'accueil", 1),
            numbered("1.1.1.", "Rénover la salle d'attente", 2),
            para("✓ 1.1.2. Installer une borne"),
            numbered("2.", "Être un CPAS efficace", 0),
            heading("Conclusion"),
            para("3. Un chiffre qui n'est pas un objectif"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "1.", "Être un CPAS ouvert à tous", None),
        ("oo", None, "1.1", "1.1.", "Améliorer l'accueil", "1"),
        ("action", None, "1.1.1", "1.1.1.", "Rénover la salle d'attente", "1.1"),
        ("action", None, "1.1.2", "1.1.2.", "Installer une borne", "1.1"),
        ("os", None, "2", "2.", "Être un CPAS efficace", None),
    ]


def test_roman_os_and_axes():
    items, _ = build_tree(
        [
            heading("AXE 1 : DEVELOPPER"),
            para("I. Développer l'insertion"),
            para("Objectif opérationnel 1 : Créer des partenariats"),
            heading("AXE 2 : PROTEGER"),
            para("II. Protéger les aînés"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "I.", "Développer l'insertion", None),
        ("oo", None, "1.1", "Objectif opérationnel 1", "Créer des partenariats", "1"),
        ("os", None, "2", "II.", "Protéger les aînés", None),
    ]
    assert [i.axe for i in items] == ["AXE 1 : DEVELOPPER", "AXE 1 : DEVELOPPER", "AXE 2 : PROTEGER"]


def test_three_separate_lists_joined_by_number():
    items, anomalies = build_tree(
        [
            heading("Objectifs stratégiques", 1),
            para("OS 1 : Un CPAS accessible"),
            para("OS 2 : Un CPAS durable"),
            heading("Objectifs opérationnels", 1),
            para("OO 1.1 Simplifier les démarches"),
            para("OO 2.1 Réduire la consommation d'énergie"),
            para("OO 1.2 Ouvrir le samedi"),
            heading("Actions", 1),
            para("Action 2.1.1 : Isoler le bâtiment"),
            para("Action 1.1.1 : Formulaire en ligne"),
            para("Action 1.2.1 : Permanence du samedi"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "OS 1", "Un CPAS accessible", None),
        ("os", None, "2", "OS 2", "Un CPAS durable", None),
        ("oo", None, "1.1", "OO 1.1", "Simplifier les démarches", "1"),
        ("oo", None, "2.1", "OO 2.1", "Réduire la consommation d'énergie", "2"),
        ("oo", None, "1.2", "OO 1.2", "Ouvrir le samedi", "1"),
        ("action", None, "2.1.1", "Action 2.1.1", "Isoler le bâtiment", "2.1"),
        ("action", None, "1.1.1", "Action 1.1.1", "Formulaire en ligne", "1.1"),
        ("action", None, "1.2.1", "Action 1.2.1", "Permanence du samedi", "1.2"),
    ]
    assert anomalies == []


def test_summary_then_sections_gives_each_item_once():
    items, anomalies = build_tree(
        [
            para("Voici nos objectifs :"),
            para("OS1 : Être un C.P.A.S. qui communique"),
            para("OS2 : Être un C.P.A.S. qui offre des services"),
            heading("Listing des objectifs opérationnels"),
            para("OS1 : Être un C.P.A.S. qui communique"),
            row(["OO/01", "Varier les canaux de communication"], table=0, index=0),
            para("OS2 : être un C.P.A.S. qui offre des services"),
            row(["OO/01", "Offrir un service d'accueil"], table=1, index=0),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "OS1", "Être un C.P.A.S. qui communique", None),
        ("os", None, "2", "OS2", "Être un C.P.A.S. qui offre des services", None),
        ("oo", None, "1.1", "OO/01", "Varier les canaux de communication", "1"),
        ("oo", None, "2.1", "OO/01", "Offrir un service d'accueil", "2"),
    ]
    assert anomalies == []


def test_number_printed_twice_is_kept_and_flagged():
    items, anomalies = build_tree(
        [
            para("OS5 : Être un CPAS qui innove"),
            para("OO/03 Poursuivre le service Mobile"),
            para("OO/03 Ouvrir une laverie"),
            para("OO/04 Ouvrir un atelier de repassage"),
        ]
    )
    assert [(i.number, i.title) for i in items[1:]] == [
        ("5.3", "Poursuivre le service Mobile"),
        ("5.3", "Ouvrir une laverie"),
        ("5.4", "Ouvrir un atelier de repassage"),
    ]
    # OO 5.1 and 5.2 are missing too, and OS 1 to 4 before OS 5
    assert kinds(anomalies) == ["duplicate_number", "skipped_number", "skipped_number"]


def test_typo_number_becomes_canonical_and_is_recorded():
    items, anomalies = build_tree(
        [
            para("OS 3 : Un CPAS durable"),
            para("OO 3.2 Réduire l'énergie"),
            para("3.2.3 Isoler les toitures"),
            para("3.2.3.4 Installer des panneaux solaires"),
        ]
    )
    assert [(i.number, i.parent_number) for i in items] == [
        ("3", None),
        ("3.2", "3"),
        ("3.2.3", "3.2"),
        ("3.2.4", "3.2"),
    ]
    assert "number_mismatch" in kinds(anomalies)


def test_a_run_of_sous_actions_is_no_typo_and_stays_in_its_action():
    items, anomalies = build_tree(
        [
            para("PST 2019-2024"),
            para("1. Être un CPAS qui accompagne", bold=True),
            para("1.1. Accompagner les jeunes"),
            para("1.1.1. Créer un service jeunesse"),
            para("1.1.1.1. Engager un éducateur"),
            para("1.1.1.2. Aménager un local"),
            para("1.1.2. Développer les stages"),
            para("2. Être un CPAS durable", bold=True),
            para("2.1. Réduire la consommation d'énergie"),
            para("2.1.1. Isoler les bâtiments"),
        ]
    )
    assert [(i.number, i.title) for i in items] == [
        ("1", "Être un CPAS qui accompagne"),
        ("1.1", "Accompagner les jeunes"),
        ("1.1.1", "Créer un service jeunesse"),
        ("1.1.2", "Développer les stages"),
        ("2", "Être un CPAS durable"),
        ("2.1", "Réduire la consommation d'énergie"),
        ("2.1.1", "Isoler les bâtiments"),
    ]
    assert "Aménager un local" in (items[2].description or "")
    assert kinds(anomalies) == []


def test_ia_pst_running_references_are_not_hierarchical():
    items, _ = build_tree(
        [
            heading("Volet externe"),
            para("Être un CPAS qui soutient l'emploi (OS.4)"),
            para("Développer les articles 60 (OO.12)"),
            bullet("Créer une page Facebook du CPAS (A.31)"),
            bullet("Organiser une bourse à l'emploi (A.32)"),
            para("Accompagner les jeunes (OO.13)"),
            bullet("Atelier CV (A.33)"),
        ]
    )
    assert shape(items) == [
        ("os", "externe", "1", "(OS.4)", "Être un CPAS qui soutient l'emploi", None),
        ("oo", "externe", "1.1", "(OO.12)", "Développer les articles 60", "1"),
        ("action", "externe", "1.1.1", "(A.31)", "Créer une page Facebook du CPAS", "1.1"),
        ("action", "externe", "1.1.2", "(A.32)", "Organiser une bourse à l'emploi", "1.1"),
        ("oo", "externe", "1.2", "(OO.13)", "Accompagner les jeunes", "1"),
        ("action", "externe", "1.2.1", "(A.33)", "Atelier CV", "1.2"),
    ]


def test_unnumbered_os_bold_heading():
    items, _ = build_tree(
        [
            heading("Être un CPAS qui accompagne les aînés", 2),
            para("Objectif opérationnel 1 : Développer l'aide à domicile"),
            heading("Être un CPAS qui soutient l'emploi", 2),
            para("Objectif opérationnel 1 : Renforcer l'insertion"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", None, "Être un CPAS qui accompagne les aînés", None),
        ("oo", None, "1.1", "Objectif opérationnel 1", "Développer l'aide à domicile", "1"),
        ("os", None, "2", None, "Être un CPAS qui soutient l'emploi", None),
        ("oo", None, "2.1", "Objectif opérationnel 1", "Renforcer l'insertion", "2"),
    ]


def test_dashboard_table_rows_become_actions_with_status_and_fields():
    items, _ = build_tree(
        [
            para("OS 1 : Un CPAS efficace"),
            para("OO 1.1 Moderniser l'accueil"),
            row(
                ["N°", "Action", "Pilote", "Échéance", "A programmer", "En cours", "Finalisé", "Avancement"], 0, 0, True
            ),
            row(["1.1.1", "Installer une borne d'accueil", "DG", "2022", "", "X", "", "40 %"], 0, 1),
            row(["1.1.2", "Former les agents d'accueil", "RH", "2021", "", "", "x", ""], 0, 2),
            row(["", "Mettre à jour le site internet", "Com", "2023", "X", "", "", ""], 0, 3),
        ]
    )
    actions = [i for i in items if i.level.value == "action"]
    assert [(a.number, a.title, a.status, a.pilote, a.due, a.progress_pct) for a in actions] == [
        ("1.1.1", "Installer une borne d'accueil", Status.EN_COURS, "DG", "2022", 40.0),
        ("1.1.2", "Former les agents d'accueil", Status.FINALISE, "RH", "2021", None),
        ("1.1.3", "Mettre à jour le site internet", Status.A_PROGRAMMER, "Com", "2023", None),
    ]


def test_status_and_fields_given_as_lines_under_an_action():
    items, _ = build_tree(
        [
            para("OS 1 : Un CPAS efficace"),
            para("OO 1.1 Moderniser l'accueil"),
            para("Action 1.1.1 : Installer une borne"),
            para("Pilote : Directeur général"),
            para("Statut : Réalisé"),
            para("Taux d'avancement : 100 %"),
        ]
    )
    action = items[-1]
    assert (action.pilote, action.status, action.progress_pct) == ("Directeur général", Status.FINALISE, 100.0)


def test_toc_annex_declaration_and_fiche_template_produce_no_items():
    items, _ = build_tree(
        [
            heading("Table des matières", 2),
            para("Objectifs stratégiques ..... 5"),
            row(["Volet externe.....", "6"], table=0, index=0),
            heading("Introduction"),
            para("OS1 : Être un CPAS ouvert"),
            para("OO/01 Accueillir mieux"),
            heading("Fiches actions"),
            row(["FICHE PROJET", "", ""], table=1, index=0),
            row(["Référence", "Libellé", "Statut"], table=1, index=1),
            row(["", "", "En cours"], table=1, index=2),
            row(["Contexte", "Périmètre", "Risque(s)"], table=1, index=3),
            heading("Annexes"),
            heading("Déclaration de politique sociale de la Présidente", 2),
            para("1. L'aide aux personnes et aux familles"),
            para("a) Objectifs :"),
            bullet("Améliorer la mobilité de nos concitoyens ;"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "OS1", "Être un CPAS ouvert", None),
        ("oo", None, "1.1", "OO/01", "Accueillir mieux", "1"),
    ]


def test_bullets_before_any_objective_are_not_actions():
    items, _ = build_tree(
        [
            para("Le PST signifie :"),
            bullet("Un programme : un ensemble d'actions"),
            bullet("Le volet externe est centré sur les missions du CPAS."),
            para("Volet interne"),
            para("O.S. 1 : Moderniser"),
            bullet("Pas encore d'OO : ce n'est pas une action"),
        ]
    )
    assert shape(items) == [("os", "interne", "1", "O.S. 1", "Moderniser", None)]


def test_skipped_numbers_are_recorded():
    _, anomalies = build_tree(
        [
            para("OS 1 : Premier"),
            para("OS 3 : Troisième"),
        ]
    )
    assert [a.kind for a in anomalies] == ["skipped_number"]
    assert "2" in anomalies[0].detail


def test_dashboard_with_os_and_oo_columns_and_merged_cells():
    items, _ = build_tree([
        row(["Objectif stratégique", "Objectif opérationnel", "Action", "Pilote", "Statut"], 0, 0, True),
        row(["Être un CPAS accessible", "Simplifier les démarches", "Formulaire en ligne", "DG", "En cours"], 0, 1),
        row(["Être un CPAS accessible", "Simplifier les démarches", "Guichet unique", "AS", "Terminé"], 0, 2),
        row(["", "Ouvrir le samedi matin", "Permanence du samedi", "AS", "À programmer"], 0, 3),
        row(["Être un CPAS durable", "Réduire l'énergie", "Isoler la toiture du siège", "Travaux", "Abandonné"], 0, 4),
    ])
    assert shape(items) == [
        ("os", None, "1", None, "Être un CPAS accessible", None),
        ("oo", None, "1.1", None, "Simplifier les démarches", "1"),
        ("action", None, "1.1.1", None, "Formulaire en ligne", "1.1"),
        ("action", None, "1.1.2", None, "Guichet unique", "1.1"),
        ("oo", None, "1.2", None, "Ouvrir le samedi matin", "1"),
        ("action", None, "1.2.1", None, "Permanence du samedi", "1.2"),
        ("os", None, "2", None, "Être un CPAS durable", None),
        ("oo", None, "2.1", None, "Réduire l'énergie", "2"),
        ("action", None, "2.1.1", None, "Isoler la toiture du siège", "2.1"),
    ]
    assert [i.status.value for i in items if i.level.value == "action"] == [
        "en_cours", "finalise", "a_programmer", "abandonne"]


def test_cell_listing_several_actions_as_bullets():
    items, _ = build_tree([
        para("OS 1 : Un CPAS connecté"),
        row(["Objectif opérationnel", "Actions", "Échéance"], 0, 0, True),
        row(["OO 1.1 Communiquer en ligne", "• Créer une page Facebook du CPAS\n• Refaire le site internet", "2026"],
            0, 1),
    ])
    assert shape(items) == [
        ("os", None, "1", "OS 1", "Un CPAS connecté", None),
        ("oo", None, "1.1", "OO 1.1", "Communiquer en ligne", "1"),
        ("action", None, "1.1.1", None, "Créer une page Facebook du CPAS", "1.1"),
        ("action", None, "1.1.2", None, "Refaire le site internet", "1.1"),
    ]
    assert [i.due for i in items[2:]] == ["2026", "2026"]


def test_joint_pst_marks_the_communes_part():
    items, _ = build_tree([
        heading("Partie commune"),
        para("OS 1 : Une commune propre"),
        heading("Partie CPAS"),
        para("OS 1 : Un CPAS solidaire"),
        para("OO 1.1 Soutenir les familles"),
    ])
    assert [(i.level.value, i.number, i.title, i.is_cpas) for i in items] == [
        ("os", "1", "Une commune propre", False),
        ("os", "1", "Un CPAS solidaire", True),
        ("oo", "1.1", "Soutenir les familles", True),
    ]


def test_level_words_without_numbers_are_numbered_by_position():
    items, _ = build_tree([
        para("Objectif stratégique : Être un CPAS accessible"),
        para("Objectif opérationnel : Simplifier les démarches administratives"),
        para("Action : Créer un formulaire en ligne"),
        para("Action : Ouvrir un guichet unique"),
        para("Objectif opérationnel : Allonger les heures d'ouverture"),
        para("Objectif stratégique : Être un CPAS durable"),
    ])
    assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("os", "1", None, "Être un CPAS accessible"),
        ("oo", "1.1", "1", "Simplifier les démarches administratives"),
        ("action", "1.1.1", "1.1", "Créer un formulaire en ligne"),
        ("action", "1.1.2", "1.1", "Ouvrir un guichet unique"),
        ("oo", "1.2", "1", "Allonger les heures d'ouverture"),
        ("os", "2", None, "Être un CPAS durable"),
    ]


def test_bullets_announced_as_operational_objectives():
    items, _ = build_tree([
        para("OS 1 : Être un CPAS solidaire"),
        para("Objectifs opérationnels :"),
        bullet("Renforcer l'aide alimentaire", 0),
        bullet("Ouvrir une épicerie sociale", 1),
        bullet("Lutter contre le surendettement", 0),
        bullet("Créer un groupe de parole", 1),
    ])
    assert shape(items) == [
        ("os", None, "1", "OS 1", "Être un CPAS solidaire", None),
        ("oo", None, "1.1", None, "Renforcer l'aide alimentaire", "1"),
        ("action", None, "1.1.1", None, "Ouvrir une épicerie sociale", "1.1"),
        ("oo", None, "1.2", None, "Lutter contre le surendettement", "1"),
        ("action", None, "1.2.1", None, "Créer un groupe de parole", "1.2"),
    ]


def test_bold_unnumbered_operational_objectives_under_a_labelled_os():
    items, _ = build_tree([
        para("OS 2 : Être un CPAS qui soutient l'emploi", bold=True),
        para("Développer les mises à l'emploi article 60", bold=True),
        bullet("Prospecter de nouveaux employeurs partenaires"),
        para("Accompagner les jeunes vers la formation", bold=True),
        bullet("Organiser un atelier CV mensuel"),
    ])
    assert shape(items) == [
        ("os", None, "2", "OS 2", "Être un CPAS qui soutient l'emploi", None),
        ("oo", None, "2.1", None, "Développer les mises à l'emploi article 60", "2"),
        ("action", None, "2.1.1", None, "Prospecter de nouveaux employeurs partenaires", "2.1"),
        ("oo", None, "2.2", None, "Accompagner les jeunes vers la formation", "2"),
        ("action", None, "2.2.1", None, "Organiser un atelier CV mensuel", "2.2"),
    ]


def test_axes_with_two_part_os_numbers():
    items, _ = build_tree([
        heading("Axe 1 : Cohésion sociale"),
        para("OS 1.1 : Lutter contre l'isolement"),
        para("OO 1.1.1 : Créer un réseau de visiteurs"),
        para("Action 1.1.1.1 : Recruter des bénévoles"),
        heading("Axe 2 : Gouvernance"),
        para("OS 2.1 : Moderniser les outils"),
        para("OO 2.1.1 : Informatiser le courrier"),
    ])
    assert [(i.level.value, i.number, i.parent_number, i.axe) for i in items] == [
        ("os", "1.1", None, "Axe 1 : Cohésion sociale"),
        ("oo", "1.1.1", "1.1", "Axe 1 : Cohésion sociale"),
        ("action", "1.1.1.1", "1.1.1", "Axe 1 : Cohésion sociale"),
        ("os", "2.1", None, "Axe 2 : Gouvernance"),
        ("oo", "2.1.1", "2.1", "Axe 2 : Gouvernance"),
    ]


def test_a_merged_os_cell_cut_by_the_page_break_keeps_one_title():
    head = ["OS", "Objectif opérationnel", "Action", "Statut"]
    items, _ = build_tree(
        [
            row(head, 0, 0, header=True, page=1),
            row(["OS 1 – Simplifier les démarches", "1.1 Informer", "Publier un article", "En cours"], 0, 1, page=1),
            row(["OS 2 – Être un", "2.1 Prévenir l'isolement", "Créer un réseau", "Terminé"], 0, 2, page=1),
            row(head, 0, 3, page=2),
            row(["CPAS qui accompagne les aînés", "2.2 Améliorer la vie", "Recruter", "En cours"], 0, 4, page=2),
            row(["OS 3 – Soutenir l'emploi", "3.1 Former", "Ouvrir un atelier", "En cours"], 0, 5, page=2),
        ]
    )
    assert [(i.number, i.title) for i in items if i.level.value == "os"] == [
        ("1", "Simplifier les démarches"),
        ("2", "Être un CPAS qui accompagne les aînés"),
        ("3", "Soutenir l'emploi"),
    ]
    assert [(i.number, i.parent_number) for i in items if i.level.value == "oo"] == [
        ("1.1", "1"), ("2.1", "2"), ("2.2", "2"), ("3.1", "3")]


def test_an_unlabelled_os_cell_on_the_same_page_stays_an_objective():
    head = ["OS", "Objectif opérationnel", "Action", "Statut"]
    items, _ = build_tree(
        [
            row(head, 0, 0, header=True, page=1),
            row(["OS 1 – Simplifier les démarches", "1.1 Informer", "Publier un article", "En cours"], 0, 1, page=1),
            row(["Soutenir l'emploi local", "Former les jeunes", "Ouvrir un atelier", "En cours"], 0, 2, page=1),
        ]
    )
    assert [i.title for i in items if i.level.value == "os"] == ["Simplifier les démarches", "Soutenir l'emploi local"]


def test_a_heading_style_seen_only_on_the_cover_is_no_level_of_the_plan():
    items, _ = build_tree(
        [
            heading("Centre public d’action sociale de Gembloux", 3),
            heading("Programme stratégique transversal", 1),
            heading("Développer la participation citoyenne du territoire", 3),  # a cover subtitle
            heading("Favoriser l’insertion socioprofessionnelle des personnes aidées", 2),
            heading("Soutenir la réussite scolaire des étudiants", 4),
            bullet("Financer le permis de conduire"),
            heading("Réduire l’empreinte environnementale de l’institution", 2),
            heading("Adopter une politique d’achats durables", 4),
            bullet("Acquérir deux véhicules électriques"),
            heading("Diminuer la consommation énergétique des bâtiments", 4),
            bullet("Remplacer l’éclairage par des luminaires LED"),
        ]
    )
    assert [(i.level.value, i.number, i.parent_number) for i in items] == [
        ("os", "1", None), ("oo", "1.1", "1"), ("action", "1.1.1", "1.1"),
        ("os", "2", None), ("oo", "2.1", "2"), ("action", "2.1.1", "2.1"),
        ("oo", "2.2", "2"), ("action", "2.2.1", "2.2"),
    ]


def test_an_objective_printed_without_its_title_keeps_the_actions_below_it():
    """"OO 1.1 :" with nothing after it, then its actions: the OO stays, its label standing for its title (said in
    an anomaly), and no action is left without its objective; an untitled label with nothing below is dropped."""
    items, anomalies = build_tree(
        [
            para("OS 1 : Être un CPAS proche des citoyens"),
            para("OO 1.1 :"),
            para("Action 1.1.1 : Trouver un local"),
            para("Action 1.1.2 : Engager un assistant social"),
            para("OO 1.2 :"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "OS 1", "Être un CPAS proche des citoyens", None),
        ("oo", None, "1.1", "OO 1.1", "OO 1.1 (sans titre)", "1"),
        ("action", None, "1.1.1", "Action 1.1.1", "Trouver un local", "1.1"),
        ("action", None, "1.1.2", "Action 1.1.2", "Engager un assistant social", "1.1"),
    ]
    assert [(a.kind, a.number) for a in anomalies] == [("untitled_item", "1.1")]


def test_hyphenated_paths_and_roman_paths_with_lettered_actions():
    """"1-1" / "1-1-1" (a path written with hyphens) and "I.1.a" (Roman OS, Arabic OO, lettered actions) are
    paths like "1.1.1"; before, "1-1" read as item 1 and "I.1.a" as no label, all lines under the OS lost."""
    items, _ = build_tree(
        [
            para("1 - ÊTRE UN CPAS PROCHE DES CITOYENS"),
            para("1-1 Ouvrir une antenne sociale"),
            para("1-1-1 Trouver un local"),
            para("1-1-2 Engager un assistant social"),
            para("2 - ÊTRE UN CPAS BIEN GÉRÉ"),
            para("2-1 : Moderniser l'informatique"),
            para("2-1-1 Acheter des portables"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "1", "ÊTRE UN CPAS PROCHE DES CITOYENS", None),
        ("oo", None, "1.1", "1-1", "Ouvrir une antenne sociale", "1"),
        ("action", None, "1.1.1", "1-1-1", "Trouver un local", "1.1"),
        ("action", None, "1.1.2", "1-1-2", "Engager un assistant social", "1.1"),
        ("os", None, "2", "2", "ÊTRE UN CPAS BIEN GÉRÉ", None),
        ("oo", None, "2.1", "2-1", "Moderniser l'informatique", "2"),
        ("action", None, "2.1.1", "2-1-1", "Acheter des portables", "2.1"),
    ]
    items, _ = build_tree(
        [
            heading("I. Être un CPAS proche des citoyens", 1),
            heading("I.1 Ouvrir une antenne sociale", 2),
            para("I.1.a Trouver un local"),
            para("I.1.b Engager un assistant social"),
            heading("II. Être un CPAS bien géré", 1),
            heading("II.1 Moderniser l'informatique", 2),
            para("II.1.a) Acheter des portables"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "I.", "Être un CPAS proche des citoyens", None),
        ("oo", None, "1.1", "I.1", "Ouvrir une antenne sociale", "1"),
        ("action", None, "1.1.1", "I.1.a", "Trouver un local", "1.1"),
        ("action", None, "1.1.2", "I.1.b", "Engager un assistant social", "1.1"),
        ("os", None, "2", "II.", "Être un CPAS bien géré", None),
        ("oo", None, "2.1", "II.1", "Moderniser l'informatique", "2"),
        ("action", None, "2.1.1", "II.1.a)", "Acheter des portables", "2.1"),
    ]


def test_a_status_badge_on_its_own_line_in_a_numbered_list_item_is_no_part_of_the_title():
    """<ol><li>Titre <span class=badge>En cours</span></li> under labelled objectives: the badge is the action's
    status, not the end of its title ("Trouver un local En cours" before)."""
    items, _ = build_tree(
        [
            heading("Objectif stratégique 1", 2),
            para("Être un CPAS proche des citoyens"),
            heading("Objectif opérationnel 1.1", 3),
            para("Ouvrir une antenne sociale"),
            numbered("1.", "Trouver un local\nÀ programmer"),
            numbered("2.", "Engager un assistant social\nRéalisé"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "Objectif stratégique 1", "Être un CPAS proche des citoyens", None),
        ("oo", None, "1.1", "Objectif opérationnel 1.1", "Ouvrir une antenne sociale", "1"),
        ("action", None, "1.1.1", None, "Trouver un local", "1.1"),
        ("action", None, "1.1.2", None, "Engager un assistant social", "1.1"),
    ]
    assert [i.status for i in items] == [None, None, Status.A_PROGRAMMER, Status.FINALISE]


def test_a_status_in_brackets_at_the_end_of_an_action_is_its_status():
    """Bulleted actions under "Objectif opérationnel n°1.1" headings, each ending with its status in brackets
    ("[En cours]", "(Finalisé)"): the status is read and the brackets leave the title; other brackets stay."""
    items, _ = build_tree(
        [
            heading("Objectif stratégique n°1 : Être un CPAS proche des citoyens", 1),
            heading("Objectif opérationnel n°1.1 : Ouvrir une antenne sociale", 2),
            bullet("Trouver un local [En cours]"),
            bullet("Engager un assistant social (Finalisé)"),
            bullet("Informer les usagers (CPAS et commune) [À programmer]"),
            bullet("Publier le rapport (2026)"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "Objectif stratégique n°1", "Être un CPAS proche des citoyens", None),
        ("oo", None, "1.1", "Objectif opérationnel n°1.1", "Ouvrir une antenne sociale", "1"),
        ("action", None, "1.1.1", None, "Trouver un local", "1.1"),
        ("action", None, "1.1.2", None, "Engager un assistant social", "1.1"),
        ("action", None, "1.1.3", None, "Informer les usagers (CPAS et commune)", "1.1"),
        ("action", None, "1.1.4", None, "Publier le rapport (2026)", "1.1"),
    ]
    assert [i.status for i in items] == [None, None, Status.EN_COURS, Status.FINALISE, Status.A_PROGRAMMER, None]


def test_fiches_headed_by_their_action_name_their_objectives_in_fields_below():
    """"Projet 1.1.1 : …" as a fiche's heading, then "Objectif stratégique : 1. …" and "Objectif opérationnel :
    1.1 …" as fields: the objectives are read (numbered as printed, the number out of the title) and each action
    hangs under its own OO; before, the first action was lost (no OO yet) and each one went under the OO of the
    fiche before it, the objectives titled "1. …"."""
    items, _ = build_tree(
        [
            heading("Fiches projets", 1),
            heading("Projet 1.1.1 : Trouver un local", 2),
            para("Objectif stratégique : 1. Être un CPAS proche des citoyens"),
            para("Objectif opérationnel : 1.1 Ouvrir une antenne sociale"),
            para("Pilote : Directeur général"),
            heading("Projet 1.2.1 : Créer un guichet numérique", 2),
            para("Objectif stratégique : 1. Être un CPAS proche des citoyens"),
            para("Objectif opérationnel : 1.2 Simplifier les démarches"),
            para("Pilote : Service social"),
            heading("Projet 2.1.1 : Ouvrir une épicerie sociale", 2),
            para("Objectif stratégique : 2. Lutter contre la pauvreté"),
            para("Objectif opérationnel : 1. Renforcer l'aide alimentaire"),
            para("Pilote : Service social"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "Objectif stratégique : 1.", "Être un CPAS proche des citoyens", None),
        ("oo", None, "1.1", "Objectif opérationnel : 1.1", "Ouvrir une antenne sociale", "1"),
        ("action", None, "1.1.1", "Projet 1.1.1", "Trouver un local", "1.1"),
        ("oo", None, "1.2", "Objectif opérationnel : 1.2", "Simplifier les démarches", "1"),
        ("action", None, "1.2.1", "Projet 1.2.1", "Créer un guichet numérique", "1.2"),
        ("os", None, "2", "Objectif stratégique : 2.", "Lutter contre la pauvreté", None),
        ("oo", None, "2.1", "Objectif opérationnel : 1.", "Renforcer l'aide alimentaire", "2"),
        ("action", None, "2.1.1", "Projet 2.1.1", "Ouvrir une épicerie sociale", "2.1"),
    ]
    assert [i.pilote for i in items if i.level.value == "action"] == [
        "Directeur général", "Service social", "Service social"
    ]


def test_fiche_tables_giving_the_title_before_the_objectives_it_belongs_to():
    """Fiche tables "Intitulé du projet | …" first, then "Objectif stratégique | 1. …" and "Objectif opérationnel |
    1.2. …": each action goes under the OO of its own fiche (before: under the OO of the fiche before it), and a
    bold "Fiche projet 1.1.1" above a table is no unnumbered OO (before, each one was)."""

    def fiche(table, title, os_text, oo_text, pilote=None, status=None):
        rows = [["Intitulé du projet", title], ["Objectif stratégique", os_text], ["Objectif opérationnel", oo_text]]
        rows += [["Pilote", pilote]] if pilote else []
        rows += [["Statut", status]] if status else []
        return [row(cells, table, k) for k, cells in enumerate(rows)]

    items, _ = build_tree(
        [
            para("Fiche projet 1.1.1", bold=True),
            *fiche(0, "Trouver un local", "1. Être un CPAS proche", "1.1. Ouvrir une antenne", "DG", "En cours"),
            para("Fiche projet 1.2.1", bold=True),
            *fiche(1, "Créer un guichet", "1. Être un CPAS proche", "1.2. Simplifier les démarches", "AS", "Réalisé"),
            para("Fiche projet 2.1.1", bold=True),
            *fiche(2, "Ouvrir une épicerie", "2. Lutter contre la pauvreté", "2.1. Renforcer l'aide alimentaire"),
            *fiche(3, "Créer un potager", "2. Lutter contre la pauvreté", "2.2. Développer l'autonomie"),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "1.", "Être un CPAS proche", None),
        ("oo", None, "1.1", "1.1.", "Ouvrir une antenne", "1"),
        ("action", None, "1.1.1", None, "Trouver un local", "1.1"),
        ("oo", None, "1.2", "1.2.", "Simplifier les démarches", "1"),
        ("action", None, "1.2.1", None, "Créer un guichet", "1.2"),
        ("os", None, "2", "2.", "Lutter contre la pauvreté", None),
        ("oo", None, "2.1", "2.1.", "Renforcer l'aide alimentaire", "2"),
        ("action", None, "2.1.1", None, "Ouvrir une épicerie", "2.1"),
        ("oo", None, "2.2", "2.2.", "Développer l'autonomie", "2"),
        ("action", None, "2.2.1", None, "Créer un potager", "2.2"),
    ]
    assert [(i.pilote, i.status) for i in items if i.level.value == "action"] == [
        ("DG", Status.EN_COURS), ("AS", Status.FINALISE), (None, None), (None, None)
    ]


def test_nested_word_lists_running_on_from_one_parent_to_the_next_are_numbered_within_each_parent():
    """Word's "List Number", "List Number 2" and "List Number 3" styles: three lists, each numbered on through
    the whole document (OO 1, 2 under OS 1, then 3 under OS 2). Each item is numbered within its parent (OO 2.1,
    action 1.2.1), as the plan's structure says; before, OO 2.3 and action 1.2.3."""
    items, _ = build_tree(
        [
            para("Programme stratégique transversal 2025-2030", bold=True),
            numbered("1.", "Être un CPAS proche des citoyens", 0),
            numbered("1.", "Ouvrir une antenne sociale", 1),
            numbered("1.", "Trouver un local", 2),
            numbered("2.", "Engager un assistant social", 2),
            numbered("2.", "Simplifier les démarches", 1),
            numbered("3.", "Créer un guichet numérique", 2),
            numbered("2.", "Lutter contre la pauvreté", 0),
            numbered("3.", "Renforcer l'aide alimentaire", 1),
            numbered("4.", "Ouvrir une épicerie sociale", 2),
            numbered("5.", "Développer un partenariat avec les commerces", 2),
        ]
    )
    assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("os", "1", None, "Être un CPAS proche des citoyens"),
        ("oo", "1.1", "1", "Ouvrir une antenne sociale"),
        ("action", "1.1.1", "1.1", "Trouver un local"),
        ("action", "1.1.2", "1.1", "Engager un assistant social"),
        ("oo", "1.2", "1", "Simplifier les démarches"),
        ("action", "1.2.1", "1.2", "Créer un guichet numérique"),
        ("os", "2", None, "Lutter contre la pauvreté"),
        ("oo", "2.1", "2", "Renforcer l'aide alimentaire"),
        ("action", "2.1.1", "2.1", "Ouvrir une épicerie sociale"),
        ("action", "2.1.2", "2.1", "Développer un partenariat avec les commerces"),
    ]


def test_a_table_whose_rows_name_their_level_in_a_column():
    """"Niveau | Intitulé | Pilote", each row saying "Objectif stratégique", "Objectif opérationnel" or "Action":
    the levels come from that column (before: no OO at all, and a row "Action | … | Service social" taken for
    the header repeated)."""
    items, _ = build_tree(
        [
            para("Programme stratégique transversal 2025-2030", bold=True),
            row(["Niveau", "Intitulé", "Pilote"], 0, 0, True),
            row(["Objectif stratégique", "Être un CPAS proche des citoyens", ""], 0, 1),
            row(["Objectif opérationnel", "Ouvrir une antenne sociale", ""], 0, 2),
            row(["Action", "Trouver un local", "Service social"], 0, 3),
            row(["Action", "Engager un assistant social", "Responsable RH"], 0, 4),
            row(["Objectif opérationnel", "Simplifier les démarches", ""], 0, 5),
            row(["Action", "Créer un guichet numérique", "Directeur général"], 0, 6),
            row(["Objectif stratégique", "Lutter contre la pauvreté", ""], 0, 7),
            row(["Objectif opérationnel", "Renforcer l'aide alimentaire", ""], 0, 8),
            row(["Action", "Ouvrir une épicerie sociale", "Service social"], 0, 9),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", None, "Être un CPAS proche des citoyens", None),
        ("oo", None, "1.1", None, "Ouvrir une antenne sociale", "1"),
        ("action", None, "1.1.1", None, "Trouver un local", "1.1"),
        ("action", None, "1.1.2", None, "Engager un assistant social", "1.1"),
        ("oo", None, "1.2", None, "Simplifier les démarches", "1"),
        ("action", None, "1.2.1", None, "Créer un guichet numérique", "1.2"),
        ("os", None, "2", None, "Lutter contre la pauvreté", None),
        ("oo", None, "2.1", None, "Renforcer l'aide alimentaire", "2"),
        ("action", None, "2.1.1", None, "Ouvrir une épicerie sociale", "2.1"),
    ]
    assert [i.pilote for i in items if i.level.value == "action"] == [
        "Service social", "Responsable RH", "Directeur général", "Service social"
    ]


def test_lists_nested_by_indentation_whose_inner_numbers_run_on_from_parent_to_parent():
    """A PDF of Word's "List Number" / "List Number 2" / "List Number 3": "1." at three indents, the inner
    numbers running on through the document (actions 1-3 under OO 1, 4-5 under OO 2). Each item is numbered
    within its parent, its printed number kept as label; before, "4." and what followed became OS."""
    from pipeline.core.model import Block, BlockKind

    def typed(text, indent):
        return Block(kind=BlockKind.PARAGRAPH, text=text, indent=indent)

    items, _ = build_tree(
        [
            para("Programme stratégique transversal 2025-2030", bold=True),
            typed("1. Être un CPAS proche des citoyens", 18),
            typed("1. Ouvrir une antenne sociale", 36),
            typed("1. Trouver un local", 54),
            typed("2. Engager un assistant social", 54),
            typed("2. Simplifier les démarches", 36),
            typed("3. Créer un guichet numérique", 54),
            typed("2. Lutter contre la pauvreté", 18),
            typed("3. Renforcer l'aide alimentaire", 36),
            typed("4. Ouvrir une épicerie sociale", 54),
            typed("5. Développer un partenariat avec les commerces", 54),
        ]
    )
    assert shape(items) == [
        ("os", None, "1", "1.", "Être un CPAS proche des citoyens", None),
        ("oo", None, "1.1", "1.", "Ouvrir une antenne sociale", "1"),
        ("action", None, "1.1.1", "1.", "Trouver un local", "1.1"),
        ("action", None, "1.1.2", "2.", "Engager un assistant social", "1.1"),
        ("oo", None, "1.2", "2.", "Simplifier les démarches", "1"),
        ("action", None, "1.2.1", "3.", "Créer un guichet numérique", "1.2"),
        ("os", None, "2", "2.", "Lutter contre la pauvreté", None),
        ("oo", None, "2.1", "3.", "Renforcer l'aide alimentaire", "2"),
        ("action", None, "2.1.1", "4.", "Ouvrir une épicerie sociale", "2.1"),
        ("action", None, "2.1.2", "5.", "Développer un partenariat avec les commerces", "2.1"),
    ]


def test_lines_opening_with_emoji_or_arrow_pictographs_keep_their_labels():
    """A plan decorated with emoji ("🎯 Objectif stratégique 1 :", "📌 Objectif opérationnel 1.1 :", "✅" before each
    action, "➡️" with its variation selector): the pictograph is a bullet, the label after it is read; before, no
    label was found and nothing parsed."""
    items, _ = build_tree(
        [
            para("Programme stratégique transversal 2025-2030", bold=True),
            para("🎯 Objectif stratégique 1 : Garantir l'accès à un logement digne", bold=True),
            para("📌 Objectif opérationnel 1.1 : Développer l'offre de logements de transit", bold=True),
            para("✅ Rénover deux logements de transit"),
            para("➡️ Conclure une convention avec l'agence immobilière sociale"),
            para("🎯 Objectif stratégique 2 : Réduire la fracture numérique", bold=True),
            para("📌 Objectif opérationnel 2.1 : Ouvrir un espace public numérique", bold=True),
            para("✅ Proposer des formations de base à l'informatique"),
        ]
    )
    assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("os", "1", None, "Garantir l'accès à un logement digne"),
        ("oo", "1.1", "1", "Développer l'offre de logements de transit"),
        ("action", "1.1.1", "1.1", "Rénover deux logements de transit"),
        ("action", "1.1.2", "1.1", "Conclure une convention avec l'agence immobilière sociale"),
        ("os", "2", None, "Réduire la fracture numérique"),
        ("oo", "2.1", "2", "Ouvrir un espace public numérique"),
        ("action", "2.1.1", "2.1", "Proposer des formations de base à l'informatique"),
    ]


def test_oo_numbered_within_labelled_os_with_degree_signs_and_lettered_actions():
    """Belgian legal style under labelled OS: OO "1°", "2°" (headings one level below the OS's, as a PDF shows them),
    actions "a)", "b)". The second OO follows the first one's actions; before, "1°" stayed in the title and "2°"
    was read as a description of the first OO, its actions moved under it."""
    items, _ = build_tree(
        [
            heading("Objectif stratégique 1 : Garantir l'accès à un logement digne", 1),
            heading("1° Développer l'offre de logements de transit", 2),
            para("a) Rénover deux logements de transit"),
            para("b) Conclure une convention avec l'agence immobilière sociale"),
            heading("2° Prévenir les expulsions locatives", 2),
            para("a) Mettre en place une permanence juridique logement"),
            heading("Objectif stratégique 2 : Favoriser l'insertion socioprofessionnelle", 1),
            heading("1° Renforcer l'accompagnement vers l'emploi", 2),
            para("a) Engager un agent d'insertion supplémentaire"),
        ]
    )
    assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("os", "1", None, "Garantir l'accès à un logement digne"),
        ("oo", "1.1", "1", "Développer l'offre de logements de transit"),
        ("action", "1.1.1", "1.1", "Rénover deux logements de transit"),
        ("action", "1.1.2", "1.1", "Conclure une convention avec l'agence immobilière sociale"),
        ("oo", "1.2", "1", "Prévenir les expulsions locatives"),
        ("action", "1.2.1", "1.2", "Mettre en place une permanence juridique logement"),
        ("os", "2", None, "Favoriser l'insertion socioprofessionnelle"),
        ("oo", "2.1", "2", "Renforcer l'accompagnement vers l'emploi"),
        ("action", "2.1.1", "2.1", "Engager un agent d'insertion supplémentaire"),
    ]


def test_generated_oo_numbers_restarting_under_each_labelled_os_with_bulleted_actions():
    """One Word list: the OS on its first level ("Objectif stratégique %1 –"), the OO on its second ("%2)", counting
    within each OS), the actions bullets on its third. "2)" after the first OO's bullets is the next OO; before,
    it became a third action of OO 1.1."""
    os_ = Block(kind=BlockKind.LIST_ITEM, text="Soutenir le maintien à domicile des aînés", bold=True,
                label="Objectif stratégique 1 –", list_level=0)
    os2 = Block(kind=BlockKind.LIST_ITEM, text="Réduire la fracture numérique", bold=True,
                label="Objectif stratégique 2 –", list_level=0)
    items, _ = build_tree(
        [
            os_,
            numbered("1)", "Étendre le service d'aide aux familles", 1),
            bullet("Recruter deux aides familiales", 2),
            bullet("Élargir les horaires du service de repas à domicile", 2),
            numbered("2)", "Rompre l'isolement des personnes âgées", 1),
            bullet("Créer un réseau de visiteurs bénévoles", 2),
            os2,
            numbered("1)", "Ouvrir un espace public numérique", 1),
            bullet("Aménager un local équipé de six ordinateurs", 2),
        ]
    )
    assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("os", "1", None, "Soutenir le maintien à domicile des aînés"),
        ("oo", "1.1", "1", "Étendre le service d'aide aux familles"),
        ("action", "1.1.1", "1.1", "Recruter deux aides familiales"),
        ("action", "1.1.2", "1.1", "Élargir les horaires du service de repas à domicile"),
        ("oo", "1.2", "1", "Rompre l'isolement des personnes âgées"),
        ("action", "1.2.1", "1.2", "Créer un réseau de visiteurs bénévoles"),
        ("os", "2", None, "Réduire la fracture numérique"),
        ("oo", "2.1", "2", "Ouvrir un espace public numérique"),
        ("action", "2.1.1", "2.1", "Aménager un local équipé de six ordinateurs"),
    ]


def test_numbered_lists_of_actions_right_under_unnumbered_objective_headings():
    """OS and OO as headings without numbers (a web page's <h2>/<h3>, numbers drawn by CSS if at all; Word's Titre 1
    and Titre 2), the actions an <ol> restarting under each OO, or typed "1.", "2." in a PDF. The headings are the
    objectives, the lists their actions; before, every list item was an OS and the headings were lost."""
    generated = [
        heading("Garantir l'accès à un logement digne", 2),
        heading("Développer l'offre de logements de transit", 3),
        numbered("1.", "Rénover deux logements de transit", 0),
        numbered("2.", "Conclure une convention avec l'agence immobilière sociale", 0),
        heading("Prévenir les expulsions locatives", 3),
        numbered("1.", "Créer un fonds de garantie locative", 0),
        heading("Réduire la fracture numérique", 2),
        heading("Ouvrir un espace public numérique", 3),
        numbered("1.", "Aménager un local équipé de six ordinateurs", 0),
        numbered("2.", "Proposer des formations de base à l'informatique", 0),
    ]
    typed = [
        para(f"{b.label} {b.text}") if b.label else b for b in generated
    ]
    expected = [
        ("os", "1", None, "Garantir l'accès à un logement digne"),
        ("oo", "1.1", "1", "Développer l'offre de logements de transit"),
        ("action", "1.1.1", "1.1", "Rénover deux logements de transit"),
        ("action", "1.1.2", "1.1", "Conclure une convention avec l'agence immobilière sociale"),
        ("oo", "1.2", "1", "Prévenir les expulsions locatives"),
        ("action", "1.2.1", "1.2", "Créer un fonds de garantie locative"),
        ("os", "2", None, "Réduire la fracture numérique"),
        ("oo", "2.1", "2", "Ouvrir un espace public numérique"),
        ("action", "2.1.1", "2.1", "Aménager un local équipé de six ordinateurs"),
        ("action", "2.1.2", "2.1", "Proposer des formations de base à l'informatique"),
    ]
    for blocks in (generated, typed):
        items, _ = build_tree(blocks)
        assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == expected


def test_outline_lettered_at_its_first_level():
    """OS lettered "A.", "B.", their OO "A.1", "B.2", their actions "A.1.1", "B.2.3": read as paths (OS 2, OO 2.2,
    action 2.2.3), the printed label kept. "A.1.1" alone would be an action labelled the iA.PST way; the B. and C.
    items below their letters show the outline. Before, nothing parsed."""
    items, _ = build_tree(
        [
            heading("A. Garantir l'accès à un logement digne", 1),
            heading("A.1 Développer l'offre de logements de transit", 2),
            para("A.1.1 Rénover deux logements de transit"),
            para("A.1.2 Conclure une convention avec l'agence immobilière sociale"),
            heading("B. Favoriser l'insertion socioprofessionnelle", 1),
            heading("B.1 Renforcer l'accompagnement vers l'emploi", 2),
            para("B.1.1 Engager un agent d'insertion supplémentaire"),
            heading("B.2 Lever les freins à la formation", 2),
            para("B.2.1 Financer le permis de conduire des stagiaires"),
        ]
    )
    assert [(i.level.value, i.number, i.source_label, i.parent_number, i.title) for i in items] == [
        ("os", "1", "A.", None, "Garantir l'accès à un logement digne"),
        ("oo", "1.1", "A.1", "1", "Développer l'offre de logements de transit"),
        ("action", "1.1.1", "A.1.1", "1.1", "Rénover deux logements de transit"),
        ("action", "1.1.2", "A.1.2", "1.1", "Conclure une convention avec l'agence immobilière sociale"),
        ("os", "2", "B.", None, "Favoriser l'insertion socioprofessionnelle"),
        ("oo", "2.1", "B.1", "2", "Renforcer l'accompagnement vers l'emploi"),
        ("action", "2.1.1", "B.1.1", "2.1", "Engager un agent d'insertion supplémentaire"),
        ("oo", "2.2", "B.2", "2", "Lever les freins à la formation"),
        ("action", "2.2.1", "B.2.1", "2.2", "Financer le permis de conduire des stagiaires"),
    ]


def test_actions_in_a_table_nested_in_the_dashboard_cell():
    """A dashboard whose "Actions" cell holds a nested table, one action a row (its number, its title): the nested
    rows come as lines "1.1.1 | Recruter …"; each is an action whose title does not open with the cell separator
    (before: "| Recruter …")."""
    items, _ = build_tree(
        [
            row(["Objectif stratégique", "Objectif opérationnel", "Actions"], header=True),
            row(["OS 1 : Soutenir le maintien à domicile des aînés", "OO 1.1 : Étendre le service d'aide aux familles",
                 "1.1.1 | Recruter deux aides familiales\n1.1.2 | Élargir les horaires du service de repas à domicile"],
                index=1),
            row(["", "OO 1.2 : Rompre l'isolement des personnes âgées",
                 "1.2.1 | Créer un réseau de visiteurs bénévoles"], index=2),
            row(["OS 2 : Réduire la fracture numérique", "OO 2.1 : Ouvrir un espace public numérique",
                 "2.1.1 | Aménager un local équipé de six ordinateurs"], index=3),
        ]
    )
    assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("os", "1", None, "Soutenir le maintien à domicile des aînés"),
        ("oo", "1.1", "1", "Étendre le service d'aide aux familles"),
        ("action", "1.1.1", "1.1", "Recruter deux aides familiales"),
        ("action", "1.1.2", "1.1", "Élargir les horaires du service de repas à domicile"),
        ("oo", "1.2", "1", "Rompre l'isolement des personnes âgées"),
        ("action", "1.2.1", "1.2", "Créer un réseau de visiteurs bénévoles"),
        ("os", "2", None, "Réduire la fracture numérique"),
        ("oo", "2.1", "2", "Ouvrir un espace public numérique"),
        ("action", "2.1.1", "2.1", "Aménager un local équipé de six ordinateurs"),
    ]


def test_a_dashboard_row_wrapped_after_de_la_goes_on_with_a_capital():
    """A borderless Word table printed to PDF gives each wrapped line of a cell as a row of its own: "Rénover deux
    logements de transit rue de la" then "Station" alone in the title column. A title cut on "de la" carries on,
    even with a capital; before, "Station" was lost (only lower case carried on)."""
    items, _ = build_tree(
        [
            heading("Objectif stratégique 1 : Garantir l'accès à un logement digne", 1),
            heading("1.1 Développer l'offre de logements de transit", 2),
            row(["N°", "Action", "Pilote", "Échéance"], table=0, index=0, header=True),
            row(["1.1.1", "Rénover deux logements de transit rue de la", "Directeur général", "2027"], index=1),
            row(["", "Station", "", ""], index=2),
            row(["1.1.2", "Conclure une convention avec", "Directeur général", "2027"], index=3),
            row(["", "l'agence immobilière sociale", "", ""], index=4),
            row(["1.1.3", "Organiser un accompagnement social", "Service social", "2028"], index=5),
        ]
    )
    assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("os", "1", None, "Garantir l'accès à un logement digne"),
        ("oo", "1.1", "1", "Développer l'offre de logements de transit"),
        ("action", "1.1.1", "1.1", "Rénover deux logements de transit rue de la Station"),
        ("action", "1.1.2", "1.1", "Conclure une convention avec l'agence immobilière sociale"),
        ("action", "1.1.3", "1.1", "Organiser un accompagnement social"),
    ]


def test_a_label_typed_again_after_the_generated_number_is_no_part_of_the_title():
    """Word's automatic numbering on the heading styles over labels also typed in the text: "1. OS 1 : …",
    "1.1. OO 1.1 : …", "1.1.1. Action 1.1.1 : …". The typed label names the same level and number: it is dropped
    from the title (before: "OS 1 : Soutenir …" as the OS's title)."""
    def numbered_heading(label: str, text: str, level: int) -> Block:
        return Block(kind=BlockKind.HEADING, text=text, label=label, heading_level=level, bold=True)

    items, _ = build_tree(
        [
            para("Programme stratégique transversal 2025-2030", bold=True),
            numbered_heading("1.", "OS 1 : Soutenir le maintien à domicile des aînés", 1),
            numbered_heading("1.1.", "OO 1.1 : Étendre le service d'aide aux familles", 2),
            numbered("1.1.1.", "Action 1.1.1 : Recruter deux aides familiales", 2),
            numbered("1.1.2.", "Action 1.1.2 : Élargir les horaires du service de repas", 2),
            numbered_heading("2.", "OS 2 : Réduire la fracture numérique", 1),
            numbered_heading("2.1.", "OO 2.1 : Ouvrir un espace public numérique", 2),
            numbered("2.1.1.", "Action 2.1.1 : Aménager un local équipé de six ordinateurs", 2),
        ]
    )
    assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("os", "1", None, "Soutenir le maintien à domicile des aînés"),
        ("oo", "1.1", "1", "Étendre le service d'aide aux familles"),
        ("action", "1.1.1", "1.1", "Recruter deux aides familiales"),
        ("action", "1.1.2", "1.1", "Élargir les horaires du service de repas"),
        ("os", "2", None, "Réduire la fracture numérique"),
        ("oo", "2.1", "2", "Ouvrir un espace public numérique"),
        ("action", "2.1.1", "2.1", "Aménager un local équipé de six ordinateurs"),
    ]
