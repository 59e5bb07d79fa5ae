"""Unit tests of the pure layout and furniture functions on hand-made line records."""

from __future__ import annotations

from extractors.pdf.furniture import find_furniture, find_toc, is_footnote, is_page_number
from extractors.pdf.layout import (
    DocStats,
    Group,
    Line,
    group_lines,
    groups_to_blocks,
    join_lines,
    split_bullet,
    starts_with_label,
)
from pipeline.core.model import BlockKind

STATS = DocStats(body_size=10.0, left_margin=72.0, right_margin=520.0)


def ln(text, x0=72.0, top=100.0, x1=None, size=10.0, bold=False, page=1, text_x0=None, fw=None):
    """A line record; x1 defaults to a full line, the first word width to ~6 pt/char."""
    body = split_bullet(text)[1]
    first = body.split()[0] if body.split() else ""
    return Line(
        text=text,
        x0=x0,
        top=top,
        x1=518.0 if x1 is None else x1,
        bottom=top + size,
        page=page,
        size=size,
        bold=bold,
        text_x0=text_x0,
        first_word_width=fw if fw is not None else 6.0 * len(first),
        page_height=842.0,
    )


def texts(lines, **kw):
    return [" / ".join(x.text for x in g) for g in group_lines(lines, STATS, **kw)]


def test_wrapped_paragraph_lines_merge_and_blank_gap_splits():
    lines = [
        ln("Le PST est un outil de gouvernance qui", top=100),
        ln("reprend la stratégie du conseil.", top=113, x1=250),
        ln("Un autre paragraphe commence ici.", top=140, x1=300),
    ]
    assert texts(lines) == [
        "Le PST est un outil de gouvernance qui / reprend la stratégie du conseil.",
        "Un autre paragraphe commence ici.",
    ]


def test_bullets_with_hanging_indent():
    lines = [
        ln("• O.O. 1.2.: Améliorer la communication interne et la", x0=108, text_x0=126, top=100),
        ln("transversalité entre les services", x0=126, top=113, x1=300),
        ln("• Réfléchir à la création d'un intranet professionnel", x0=126, text_x0=144, top=136),
        ln("permettant au personnel de faire des démarches.", x0=144, top=149, x1=400),
        ln("• Organiser des réunions interservices.", x0=126, text_x0=144, top=162, x1=350),
    ]
    groups = [Group(g) for g in group_lines(lines, STATS)]
    blocks = groups_to_blocks(groups, STATS)
    assert [(b.kind, b.text, b.bullet, b.list_level, b.indent) for b in blocks] == [
        (
            BlockKind.LIST_ITEM,
            "O.O. 1.2.: Améliorer la communication interne et la transversalité entre les services",
            True,
            0,
            108.0,
        ),
        (
            BlockKind.LIST_ITEM,
            "Réfléchir à la création d'un intranet professionnel permettant au personnel de "
            "faire des démarches.",
            True,
            1,
            126.0,
        ),
        (BlockKind.LIST_ITEM, "Organiser des réunions interservices.", True, 1, 126.0),
    ]
    assert blocks[0].provenance.raw_text == (
        "• O.O. 1.2.: Améliorer la communication interne et la\ntransversalité entre les services"
    )
    assert blocks[0].provenance.bbox == (108.0, 100.0, 518.0, 123.0)


def test_plan_labels_start_blocks():
    lines = [
        ln("OS1 : Être un CPAS qui communique", top=100, x1=300),
        ln("OS2 : Être un CPAS qui offre des services", top=113, x1=300),
        ln("1.1.1 Créer une page Facebook pour le CPAS et", top=126),
        ln("2020 ; elle sera mise à jour", top=139, x1=250),
    ]
    assert texts(lines) == [
        "OS1 : Être un CPAS qui communique",
        "OS2 : Être un CPAS qui offre des services",
        "1.1.1 Créer une page Facebook pour le CPAS et / 2020 ; elle sera mise à jour",
    ]


def test_label_patterns():
    for text in [
        "OS1 : x",
        "O.S. 1 : x",
        "OO/01 x",
        "O.O. 1.1. : x",
        "Objectif stratégique 2",
        "Objectif opérationnel 1 –",
        "Action 1.1.1 :",
        "1.1.1 x",
        "1. x",
        "I. x",
        "a) x",
        "1er OBJECTIF STRATEGIQUE :",
        "10.Créer une cellule",  # a two-digit list number reaching its tab stop: no space in the text layer
    ]:
        assert starts_with_label(text), text
    for text in ["2020 ;", "7", "1123-27 et dans la Loi", "Le PST", "18-30 ans", "12.CPAS"]:
        assert not starts_with_label(text), text


def test_sentence_end_short_line_splits_but_soft_wrap_does_not():
    lines = [
        ln("Première phrase courte.", top=100, x1=200),
        ln("Deuxième paragraphe sans blanc au-dessus", top=113),
    ]
    assert texts(lines) == ["Première phrase courte.", "Deuxième paragraphe sans blanc au-dessus"]


def test_bold_continuation_of_a_full_line_stays_but_bold_heading_splits():
    lines = [
        ln(
            "• O.S. 3 : Permettre l'insertion sociale et professionnelle des citoyens de",
            x0=90,
            text_x0=108,
            top=100,
            x1=510,
        ),
        ln("Grâce-Hollogne les plus fragilisés", x0=108, top=113, x1=300, bold=True),
        ln("Volet externe", top=126, x1=160, bold=True),
    ]
    assert texts(lines) == [
        "• O.S. 3 : Permettre l'insertion sociale et professionnelle des citoyens de / "
        "Grâce-Hollogne les plus fragilisés",
        "Volet externe",
    ]


def test_font_size_change_splits_and_headings_are_ranked():
    lines = [
        ln("Titre du plan", top=60, size=16, bold=True, x1=200),
        ln("Volet interne", top=90, size=13, bold=True, x1=180),
        ln("Texte du volet interne qui suit le titre.", top=110, x1=300),
        ln("Objectifs", top=130, bold=True, x1=140),
        ln("Encore du texte ordinaire.", top=150, x1=300),
    ]
    groups = [Group(g) for g in group_lines(lines, STATS)]
    blocks = groups_to_blocks(groups, STATS)
    assert [(b.kind, b.heading_level, b.text) for b in blocks] == [
        (BlockKind.HEADING, 1, "Titre du plan"),
        (BlockKind.HEADING, 2, "Volet interne"),
        (BlockKind.PARAGRAPH, None, "Texte du volet interne qui suit le titre."),
        (BlockKind.HEADING, 3, "Objectifs"),
        (BlockKind.PARAGRAPH, None, "Encore du texte ordinaire."),
    ]


def test_hyphenation_and_spaces():
    assert join_lines(["insertion socio-", "professionnelle des publics"]) == (
        "insertion socio-professionnelle des publics"
    )
    assert join_lines(["les bénéficiaires -", "dans la recherche"]) == (
        "les bénéficiaires - dans la recherche"
    )
    assert join_lines(["a  b", " c "]) == "a b c"


def test_split_bullet():
    assert split_bullet("\uf0b7 O.S. 1 : x") == (True, "O.S. 1 : x")
    assert split_bullet("• item") == (True, "item")
    assert split_bullet("- item") == (True, "item")
    assert split_bullet("-3 % de budget") == (False, "-3 % de budget")
    assert split_bullet("✓ 1.1.1. Action") == (True, "1.1.1. Action")
    assert split_bullet("*") == (False, "*")


def test_running_header_footer_and_page_numbers_removed():
    lines = []
    for page in (1, 2, 3):
        lines += [
            ln("C.P.A.S. de X – Programme Stratégique Transversal", top=35, page=page, x1=400),
            ln(f"Contenu de la page {page}.", top=300, page=page, x1=300),
            ln(f"PST – CPAS de X – page {page}", top=800, page=page, x1=500),
        ]
    lines.append(ln("- 4 -", top=810, page=4, x1=300))
    lines.append(ln("Contenu de la page 4.", top=300, page=4, x1=300))
    drop = find_furniture(lines, page_count=4)
    assert [x.text for i, x in enumerate(lines) if i not in drop] == [
        "Contenu de la page 1.",
        "Contenu de la page 2.",
        "Contenu de la page 3.",
        "Contenu de la page 4.",
    ]


def test_a_header_on_one_page_only_is_kept():
    lines = [ln("Note liminaire", top=35, page=1, x1=200), ln("Texte", top=300, page=2, x1=200)]
    assert find_furniture(lines, page_count=2) == set()


def test_page_numbers():
    for t in ["3", "page 3", "Page 3 sur 10", "3/10", "- 3 -", "p. 4"]:
        assert is_page_number(t), t
    assert not is_page_number("OS1 : x")


def test_toc_lines_detected_and_never_merged():
    lines = [
        ln("Table des matières", top=100, size=13, bold=True, x1=200),
        ln("Introduction 2", top=120, x1=300),
        ln("Listing des objectifs opérationnels par objectifs 6", top=133, x1=300),
        ln("stratégique", top=146, x1=140),
        ln("Annexes 9", top=159, x1=300),
        ln("Introduction", top=200, size=14, bold=True, x1=200),
        ln("Chapitre deux ........ 12", top=400, x1=300),
    ]
    toc = find_toc(lines)
    assert sorted(toc) == [1, 2, 3, 4, 6]
    assert len(group_lines(lines, STATS, isolated=toc)) == len(lines)


def test_footnote_detection():
    assert is_footnote(ln("¹ Conseil de l'Action Sociale du 24 novembre 2020"), 10.0)
    assert is_footnote(ln("2 Voir l'article 27ter.", top=780, size=8), 10.0)
    assert not is_footnote(ln("2 Voir l'article 27ter.", top=300), 10.0)


def test_action_paths_glued_to_their_letter_start_blocks():
    """Actions typed "A1.1.1 …", "A1.1.2 …" (the letter glued to the path) under "OO1.1 :", printed as full-width
    lines one after the other: each starts a block of its own; before, they were joined into one paragraph and
    the second action lost in the first one's title."""
    lines = [
        ln("OO1.1 : Développer l'offre de logements de transit", top=100, x1=300, bold=True),
        ln("A1.1.1 Rénover deux logements de transit rue de la Station", top=113),
        ln("A1.1.2 Conclure une convention avec l'agence immobilière sociale", top=126),
        ln("A1.1.3 Organiser un accompagnement social des occupants qui s'étend sur", top=139),
        ln("toute la durée du séjour", top=152, x1=200),
        ln("Abc1.2 n'est pas une étiquette", top=165, x1=250),
    ]
    assert texts(lines) == [
        "OO1.1 : Développer l'offre de logements de transit",
        "A1.1.1 Rénover deux logements de transit rue de la Station",
        "A1.1.2 Conclure une convention avec l'agence immobilière sociale",
        "A1.1.3 Organiser un accompagnement social des occupants qui s'étend sur / toute la durée du séjour / "
        "Abc1.2 n'est pas une étiquette",
    ]


def test_paths_of_an_outline_lettered_at_its_first_level_start_blocks():
    """"B.1.1 …", "B.1.2 …" (an outline lettered A. → A.1 → A.1.1, printed to PDF as full-width lines): each starts a
    block; before, the actions under B, C… were joined into one paragraph."""
    lines = [
        ln("B.1 Renforcer l'accompagnement vers l'emploi", top=100, x1=300, bold=True),
        ln("B.1.1 Engager un agent d'insertion supplémentaire pour le service", top=113),
        ln("B.1.2 Développer les mises à l'emploi sous contrat article 60 avec", top=126),
        ln("les entreprises locales", top=139, x1=200),
    ]
    assert texts(lines) == [
        "B.1 Renforcer l'accompagnement vers l'emploi",
        "B.1.1 Engager un agent d'insertion supplémentaire pour le service",
        "B.1.2 Développer les mises à l'emploi sous contrat article 60 avec / les entreprises locales",
    ]
