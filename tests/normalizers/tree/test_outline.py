"""Stage 2: outline runs, candidates and the winner, with the reason kept."""

from __future__ import annotations

from normalizers.tree import build_tree
from normalizers.tree.lines import to_lines
from normalizers.tree.outline import decide_outline
from pipeline.core.model import Level
from tests.pipeline.core.blocks import heading, numbered, para, row


def _decisions(blocks):
    lines = to_lines(blocks)
    decisions = decide_outline(lines)
    return {line.text: decisions.get(line.position) for line in lines}


def test_methodology_outline_loses_and_plan_outline_wins():
    got = _decisions([
        heading("2. Méthodologie", 1),
        heading("2.1. Démarche", 2),
        heading("2.1.2. Structure", 3),
        heading("3. Programme stratégique", 1),
        para("1. Être un CPAS accueillant"),
        para("1.1. Améliorer l'accueil des bénéficiaires"),
        para("1.1.1. Créer un guichet unique"),
    ])
    assert got["2.1. Démarche"].verdict == "reject"
    assert "objective-like titles 0%" in got["2.1. Démarche"].reason
    assert [(got[t].verdict, got[t].level, got[t].parts) for t in (
        "1. Être un CPAS accueillant",
        "1.1. Améliorer l'accueil des bénéficiaires",
        "1.1.1. Créer un guichet unique",
    )] == [("item", Level.OS, (1,)), ("item", Level.OO, (1, 1)), ("item", Level.ACTION, (1, 1, 1))]


def test_plan_as_a_chapter_subtree_drops_the_chapter_number():
    got = _decisions([
        heading("1. Introduction", 1),
        heading("2. Programme stratégique transversal", 1),
        heading("2.1. Être un CPAS accueillant", 2),
        para("2.1.1. Améliorer l'accueil"),
        para("2.1.1.1. Créer un guichet"),
        heading("2.2. Être un CPAS bien géré", 2),
        para("2.2.1. Moderniser l'informatique"),
    ])
    assert got["2.2.1. Moderniser l'informatique"].parts == (2, 1)
    assert got["2.2.1. Moderniser l'informatique"].level is Level.OO
    assert got["1. Introduction"].verdict == "reject"


def test_numbered_steps_and_section_headings_lose():
    got = _decisions([
        para("La démarche :"),
        para("1) Réaliser un diagnostic"),
        para("2) Consulter le personnel"),
        heading("1. Objectifs stratégiques", 1),
        heading("2. Objectifs opérationnels", 1),
    ])
    assert got["1) Réaliser un diagnostic"].verdict == "defer"
    assert got["1. Objectifs stratégiques"].verdict == "reject"
    assert "section headings" in got["1. Objectifs stratégiques"].reason


def test_what_introduces_a_listing_counts():
    steps = [para("1) Réaliser un diagnostic de la précarité"), para("2) Consulter le personnel et les usagers")]
    plan = _decisions([para("Objectifs stratégiques :"), *steps])
    assert plan["1) Réaliser un diagnostic de la précarité"].verdict == "flat"
    assert "introduced by 'Objectifs stratégiques :'" in plan["1) Réaliser un diagnostic de la précarité"].reason
    outside = _decisions([heading("Déclaration de politique sociale", 1), *steps])
    assert outside["1) Réaliser un diagnostic de la précarité"].verdict != "flat"
    assert "not the plan" in outside["1) Réaliser un diagnostic de la précarité"].reason


def test_a_two_level_list_running_on_under_labelled_os_gives_their_oo_and_actions():
    """OS typed as headings ("OS 1 – …"), OO and actions one Word list of two levels running on through the plan
    (1., 2. under OS 1, then 3. under OS 2; 1.1., 1.2. below), a table of indicators between: the list's first
    level is the OO, numbered within each OS (2.1, not 3), its second the actions (2.1.1). Before, "1." was merged
    into OS 1, the actions were read as OO and "2." as a second OS."""
    items, _ = build_tree(
        [
            heading("OS 1 – Soutenir le maintien à domicile des aînés", 1),
            numbered("1.", "Étendre le service d'aide aux familles", 0),
            numbered("1.1.", "Recruter deux aides familiales", 1),
            numbered("1.2.", "Élargir les horaires du service de repas à domicile", 1),
            row(["Indicateur", "Cible 2030"], header=True),
            row(["Nombre de bénéficiaires", "120"], index=1),
            numbered("2.", "Rompre l'isolement des personnes âgées", 0),
            numbered("2.1.", "Créer un réseau de visiteurs bénévoles", 1),
            heading("OS 2 – Réduire la fracture numérique", 1),
            numbered("3.", "Ouvrir un espace public numérique", 0),
            numbered("3.1.", "Aménager un local équipé de six ordinateurs", 1),
            numbered("3.2.", "Proposer des formations de base à l'informatique", 1),
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
        ("action", "2.1.2", "2.1", "Proposer des formations de base à l'informatique"),
    ]


def test_a_two_level_list_starting_again_under_each_labelled_os_gives_their_oo_and_actions():
    """OS typed as headings ("Objectif stratégique 1 : …"), under each its own two-level Word list (1., 2. then
    1.1., 1.2. below, starting again at 1. under the next OS): the list's first level is the OO of that OS, its
    second the actions. Before, "2." under OS 1 became OS 2 and the actions OO."""
    items, _ = build_tree(
        [
            heading("Objectif stratégique 1 : Garantir l'accès à un logement digne", 1),
            numbered("1.", "Développer l'offre de logements de transit", 0),
            numbered("1.1.", "Rénover deux logements de transit", 1),
            numbered("2.", "Prévenir les expulsions locatives", 0),
            numbered("2.1.", "Créer un fonds de garantie locative", 1),
            heading("Objectif stratégique 2 : Favoriser l'insertion socioprofessionnelle", 1),
            numbered("1.", "Renforcer l'accompagnement vers l'emploi", 0),
            numbered("1.1.", "Engager un agent d'insertion supplémentaire", 1),
            numbered("1.2.", "Développer les mises à l'emploi sous contrat article 60", 1),
        ]
    )
    assert [(i.level.value, i.number, i.parent_number, i.title) for i in items] == [
        ("os", "1", None, "Garantir l'accès à un logement digne"),
        ("oo", "1.1", "1", "Développer l'offre de logements de transit"),
        ("action", "1.1.1", "1.1", "Rénover deux logements de transit"),
        ("oo", "1.2", "1", "Prévenir les expulsions locatives"),
        ("action", "1.2.1", "1.2", "Créer un fonds de garantie locative"),
        ("os", "2", None, "Favoriser l'insertion socioprofessionnelle"),
        ("oo", "2.1", "2", "Renforcer l'accompagnement vers l'emploi"),
        ("action", "2.1.1", "2.1", "Engager un agent d'insertion supplémentaire"),
        ("action", "2.1.2", "2.1", "Développer les mises à l'emploi sous contrat article 60"),
    ]
