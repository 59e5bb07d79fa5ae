"""Stage 2: outline runs, candidates and the winner, with the reason kept."""

from __future__ import annotations

from normalizers.tree.lines import to_lines
from normalizers.tree.outline import decide_outline
from pipeline.core.model import Level
from tests.pipeline.core.blocks import heading, para


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
