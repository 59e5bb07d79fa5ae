"""Stage 1: blocks → lines (generated numbers, wrapped titles, glued fields, tables of contents)."""

from __future__ import annotations

from normalizers.tree.lines import dehyphenate, to_lines
from pipeline.core.model import Block, BlockKind
from tests.pipeline.core.blocks import bullet, numbered, para


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
