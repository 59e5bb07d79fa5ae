"""Word automatic numbering rebuilt from numbering.xml, checked on real .docx files."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.docx.numbering import format_number
from pipeline.core.model import BlockKind
from tests.extractors.inputs import docx_file as extract

from .builders import abstract_num, level, num, numbering_xml, para, style, styles_xml, write_docx

LIST = BlockKind.LIST_ITEM
PARA = BlockKind.PARAGRAPH


def _labels(path: Path) -> list[tuple[BlockKind, str | None, str]]:
    return [(b.kind, b.label, b.text) for b in extract(path).blocks]


def _three_levels(abstract_id: int = 1, **kw) -> str:
    return abstract_num(abstract_id, [level(0, **kw), level(1, **kw), level(2, **kw)])


def test_multilevel_decimal(tmp_path: Path) -> None:
    body = "".join(
        [
            para("Un", num=1, ilvl=0),
            para("Un un", num=1, ilvl=1),
            para("Un un un", num=1, ilvl=2),
            para("Un un deux", num=1, ilvl=2),
            para("Un deux", num=1, ilvl=1),
            para("Texte libre"),
            para("Deux", num=1, ilvl=0),
            para("Deux un", num=1, ilvl=1),
            para("Deux un un", num=1, ilvl=2),
        ]
    )
    path = write_docx(
        tmp_path / "m.docx", body, numbering=numbering_xml(_three_levels(), num(1, 1))
    )
    assert _labels(path) == [
        (LIST, "1.", "Un"),
        (LIST, "1.1.", "Un un"),
        (LIST, "1.1.1.", "Un un un"),
        (LIST, "1.1.2.", "Un un deux"),
        (LIST, "1.2.", "Un deux"),
        (PARA, None, "Texte libre"),
        (LIST, "2.", "Deux"),
        (LIST, "2.1.", "Deux un"),
        (LIST, "2.1.1.", "Deux un un"),
    ]
    blocks = extract(path).blocks
    assert [b.list_level for b in blocks] == [0, 1, 2, 2, 1, None, 0, 1, 2]
    assert {b.list_id for b in blocks if b.kind is LIST} == {"1"}
    assert blocks[1].provenance.raw_text == "1.1. Un un"
    assert all(not b.bullet for b in blocks)


def test_ilvl_defaults_to_zero_and_start_values(tmp_path: Path) -> None:
    numbering = numbering_xml(
        abstract_num(1, [level(0, start=5, text="%1)"), level(1, start=3, text="%1.%2")]),
        num(1, 1),
    )
    body = para("a", num=1) + para("b", num=1, ilvl=1) + para("c", num=1) + para("d", num=1, ilvl=1)
    path = write_docx(tmp_path / "s.docx", body, numbering=numbering)
    assert _labels(path) == [
        (LIST, "5)", "a"),
        (LIST, "5.3", "b"),
        (LIST, "6)", "c"),
        (LIST, "6.3", "d"),
    ]


def test_missing_start_means_zero(tmp_path: Path) -> None:
    numbering = numbering_xml(abstract_num(1, [level(0, start=None, text="%1.")]), num(1, 1))
    path = write_docx(tmp_path / "z.docx", para("a", num=1) + para("b", num=1), numbering=numbering)
    assert _labels(path) == [(LIST, "0.", "a"), (LIST, "1.", "b")]


def test_two_nums_sharing_an_abstract_continue(tmp_path: Path) -> None:
    numbering = numbering_xml(_three_levels(), num(1, 1), num(2, 1))
    body = para("a", num=1) + para("b", num=1) + para("entre") + para("c", num=2) + para("d", num=1)
    path = write_docx(tmp_path / "c.docx", body, numbering=numbering)
    assert _labels(path) == [
        (LIST, "1.", "a"),
        (LIST, "2.", "b"),
        (PARA, None, "entre"),
        (LIST, "3.", "c"),
        (LIST, "4.", "d"),
    ]
    assert [b.list_id for b in extract(path).blocks] == ["1", "1", None, "2", "1"]


def test_start_override_restarts_shared_counter(tmp_path: Path) -> None:
    numbering = numbering_xml(
        _three_levels(),
        num(1, 1),
        num(2, 1, start_overrides={0: 1}),
        num(3, 1, start_overrides={0: 10}),
    )
    body = "".join(
        [
            para("a", num=1),
            para("b", num=1),
            para("c", num=2),  # restarts at 1 the first time numId 2 is used
            para("c1", num=2, ilvl=1),
            para("d", num=2),
            para("e", num=1),  # numId 1 continues the shared sequence
            para("f", num=3),
            para("g", num=3),
        ]
    )
    path = write_docx(tmp_path / "r.docx", body, numbering=numbering)
    assert _labels(path) == [
        (LIST, "1.", "a"),
        (LIST, "2.", "b"),
        (LIST, "1.", "c"),
        (LIST, "1.1.", "c1"),
        (LIST, "2.", "d"),
        (LIST, "3.", "e"),
        (LIST, "10.", "f"),
        (LIST, "11.", "g"),
    ]


def test_start_override_on_a_deeper_level(tmp_path: Path) -> None:
    numbering = numbering_xml(_three_levels(), num(1, 1), num(2, 1, start_overrides={1: 4}))
    body = (
        para("a", num=1) + para("a1", num=1, ilvl=1) + para("b", num=2) + para("b1", num=2, ilvl=1)
    )
    path = write_docx(tmp_path / "d.docx", body, numbering=numbering)
    assert _labels(path) == [
        (LIST, "1.", "a"),
        (LIST, "1.1.", "a1"),
        (LIST, "2.", "b"),
        (LIST, "2.4.", "b1"),
    ]


def test_level_override_replaces_the_level(tmp_path: Path) -> None:
    numbering = numbering_xml(
        _three_levels(),
        num(1, 1),
        num(2, 1, level_overrides={0: level(0, "upperLetter", "%1-", start=3)}),
    )
    body = para("a", num=2) + para("b", num=2) + para("c", num=1)
    path = write_docx(tmp_path / "o.docx", body, numbering=numbering)
    assert _labels(path) == [(LIST, "C-", "a"), (LIST, "D-", "b"), (LIST, "5.", "c")]


def test_independent_abstracts_do_not_interfere(tmp_path: Path) -> None:
    numbering = numbering_xml(
        _three_levels(1),
        abstract_num(2, [level(0, "bullet", "\uf0b7")]),
        num(1, 1),
        num(2, 2),
    )
    body = para("a", num=1) + para("b", num=1) + para("puce", num=2) + para("c", num=1)
    path = write_docx(tmp_path / "i.docx", body, numbering=numbering)
    assert _labels(path) == [
        (LIST, "1.", "a"),
        (LIST, "2.", "b"),
        (LIST, None, "puce"),
        (LIST, "3.", "c"),
    ]
    assert [b.bullet for b in extract(path).blocks] == [False, False, True, False]


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("lowerLetter", "%1)", ["a)", "b)", "c)"]),
        ("upperLetter", "%1.", ["A.", "B.", "C."]),
        ("upperRoman", "%1.", ["I.", "II.", "III."]),
        ("lowerRoman", "(%1)", ["(i)", "(ii)", "(iii)"]),
        ("decimalZero", "%1.", ["01.", "02.", "03."]),
        ("ordinal", "%1", ["1er", "2e", "3e"]),
        ("cardinalText", "%1 :", ["Un :", "Deux :", "Trois :"]),
        ("ordinalText", "%1", ["Premier", "Deuxième", "Troisième"]),
        ("decimalEnclosedParen", "%1", ["(1)", "(2)", "(3)"]),
        ("decimalEnclosedCircle", "%1", ["1", "2", "3"]),
        ("chicago", "%1", ["*", "†", "‡"]),
        ("someFutureFormat", "%1.", ["1.", "2.", "3."]),
        ("bullet", "\uf0b7", [None, None, None]),
        ("none", "%1.", [None, None, None]),
    ],
)
def test_number_formats(tmp_path: Path, fmt: str, text: str, expected: list) -> None:
    numbering = numbering_xml(abstract_num(1, [level(0, fmt, text)]), num(1, 1))
    body = para("x", num=1) + para("y", num=1) + para("z", num=1)
    path = write_docx(tmp_path / "f.docx", body, numbering=numbering)
    doc = extract(path)
    blocks = doc.blocks
    assert [(b.kind, b.label, b.text) for b in blocks] == [
        (LIST, expected[0], "x"),
        (LIST, expected[1], "y"),
        (LIST, expected[2], "z"),
    ]
    assert all(b.bullet is (fmt == "bullet") for b in blocks)
    # Never silently decimal: an unknown format is rendered as decimal with a warning.
    if fmt == "someFutureFormat":
        assert doc.warnings == (
            "numbering format 'someFutureFormat' not supported; rendered as decimal",
        )
    else:
        assert doc.warnings == ()


def test_mixed_formats_and_is_lgl(tmp_path: Path) -> None:
    numbering = numbering_xml(
        abstract_num(
            1,
            [
                level(0, "upperRoman", "%1."),
                level(1, "lowerLetter", "%1.%2)"),
                level(2, "decimal", "%1.%2.%3", is_lgl=True),
            ],
        ),
        num(1, 1),
    )
    body = "".join(
        [
            para("I", num=1, ilvl=0),
            para("Ia", num=1, ilvl=1),
            para("Ib", num=1, ilvl=1),
            para("Ib1", num=1, ilvl=2),
            para("II", num=1, ilvl=0),
            para("IIa", num=1, ilvl=1),
        ]
    )
    path = write_docx(tmp_path / "x.docx", body, numbering=numbering)
    assert _labels(path) == [
        (LIST, "I.", "I"),
        (LIST, "I.a)", "Ia"),
        (LIST, "I.b)", "Ib"),
        (LIST, "1.2.1", "Ib1"),
        (LIST, "II.", "II"),
        (LIST, "II.a)", "IIa"),
    ]


def test_lvl_restart_zero_never_restarts(tmp_path: Path) -> None:
    numbering = numbering_xml(
        abstract_num(1, [level(0, text="%1."), level(1, text="A%2", restart=0)]), num(1, 1)
    )
    body = para("a", num=1) + para("x", num=1, ilvl=1) + para("b", num=1) + para("y", num=1, ilvl=1)
    path = write_docx(tmp_path / "l.docx", body, numbering=numbering)
    assert _labels(path) == [
        (LIST, "1.", "a"),
        (LIST, "A1", "x"),
        (LIST, "2.", "b"),
        (LIST, "A2", "y"),
    ]


def test_numbering_inherited_from_style_and_based_on(tmp_path: Path) -> None:
    styles = styles_xml(
        style("OS", "Objectif strategique", num=1, ilvl=0),
        style("OO", "Objectif operationnel", based_on="OS", ilvl=1),
        style("Action", "Action", based_on="OO", ilvl=2),
        style("Plain", "Sans numero", based_on="OS", num=0),
    )
    numbering = numbering_xml(_three_levels(), num(1, 1))
    body = "".join(
        [
            para("Social", style="OS"),
            para("Accueil", style="OO"),
            para("Guichet", style="Action"),
            para("Pas de numero", style="OS", num=0),
            para("Toujours pas", style="Plain"),
            para("Permanences", style="Action"),
            para("Logement", style="OS"),
            para("Niveau direct", style="OS", ilvl=1),
        ]
    )
    path = write_docx(tmp_path / "st.docx", body, styles=styles, numbering=numbering)
    assert _labels(path) == [
        (LIST, "1.", "Social"),
        (LIST, "1.1.", "Accueil"),
        (LIST, "1.1.1.", "Guichet"),
        (PARA, None, "Pas de numero"),
        (PARA, None, "Toujours pas"),
        (LIST, "1.1.2.", "Permanences"),
        (LIST, "2.", "Logement"),
        (LIST, "2.1.", "Niveau direct"),
    ]


def test_style_level_found_through_lvl_pstyle(tmp_path: Path) -> None:
    styles = styles_xml(
        style("Titre1", "heading 1", num=7, outline=0),
        style("Titre2", "heading 2", num=7, outline=1),
    )
    numbering = numbering_xml(
        abstract_num(3, [level(0, pstyle="Titre1"), level(1, pstyle="Titre2")]), num(7, 3)
    )
    body = para("Volet interne", style="Titre1") + para("Personnel", style="Titre2")
    path = write_docx(tmp_path / "h.docx", body, styles=styles, numbering=numbering)
    blocks = extract(path).blocks
    assert [(b.kind, b.label, b.heading_level, b.text) for b in blocks] == [
        (BlockKind.HEADING, "1.", 1, "Volet interne"),
        (BlockKind.HEADING, "1.1.", 2, "Personnel"),
    ]


def test_num_style_link(tmp_path: Path) -> None:
    styles = styles_xml(style("ListePST", "Liste PST", kind="numbering", num=4))
    numbering = numbering_xml(
        abstract_num(
            10, [level(0, "upperRoman", "%1."), level(1, "decimal", "%1.%2")], style_link="ListePST"
        ),
        abstract_num(11, [], num_style_link="ListePST"),
        num(4, 10),
        num(5, 11),
    )
    body = para("a", num=5) + para("b", num=5, ilvl=1) + para("c", num=5)
    path = write_docx(tmp_path / "nsl.docx", body, styles=styles, numbering=numbering)
    assert _labels(path) == [(LIST, "I.", "a"), (LIST, "I.1", "b"), (LIST, "II.", "c")]


def test_undefined_num_id_is_a_paragraph_with_warning(tmp_path: Path) -> None:
    numbering = numbering_xml(_three_levels(), num(1, 1))
    path = write_docx(tmp_path / "u.docx", para("orphan", num=42), numbering=numbering)
    doc = extract(path)
    assert [(b.kind, b.label) for b in doc.blocks] == [(PARA, None)]
    assert doc.warnings == ("paragraph numbering refers to undefined numId 42",)


def test_empty_numbered_paragraph_still_counts(tmp_path: Path) -> None:
    numbering = numbering_xml(_three_levels(), num(1, 1))
    body = para("a", num=1) + para(None, num=1) + para("c", num=1)
    path = write_docx(tmp_path / "e.docx", body, numbering=numbering)
    assert _labels(path) == [(LIST, "1.", "a"), (LIST, "3.", "c")]


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (4, "upperRoman", "IV"),
        (1994, "upperRoman", "MCMXCIV"),
        (9, "lowerRoman", "ix"),
        (26, "lowerLetter", "z"),
        (27, "lowerLetter", "aa"),
        (28, "upperLetter", "BB"),
        (7, "decimalZero", "07"),
        (12, "decimalZero", "12"),
        (0, "upperRoman", "0"),
        (3, "cardinalText", "Trois"),
        (21, "cardinalText", "Vingt et un"),
        (80, "cardinalText", "Quatre-vingts"),
        (91, "ordinalText", "Quatre-vingt-onzième"),
        (1, "ordinal", "1er"),
        (5, "chicago", "**"),
        (3, "someFutureFormat", "3"),
        (10**9, "upperLetter", "1000000000"),
        (4000, "upperRoman", "4000"),
    ],
)
def test_format_number(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected
