"""Word numbering faults found against public test suites, each on a .docx built here.

Skipped levels count as used; number formats are rendered or warned about, never silently
decimal, and hostile start values cannot blow labels up; text boxes are read once; Strict
OOXML packages are read like Transitional ones.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.extractors.inputs import docx_file as extract

from .builders import (
    abstract_num,
    cell,
    level,
    num,
    numbering_xml,
    para,
    row,
    styles_xml,
    table,
    text_box,
    to_strict,
    write_docx,
)


def _labels(path: Path) -> list[tuple[str, str | None, str]]:
    return [(b.kind.value, b.label, b.text) for b in extract(path).blocks]


def _items(path: Path) -> list[tuple[str | None, str]]:
    return [(b.label, b.text) for b in extract(path).blocks]


# --------------------------------------------------------------------------- skipped levels


def test_skipped_level_shows_its_start_and_counts_as_used(tmp_path: Path) -> None:
    """The layout of CKEditor's paste-from-Word fixture: Word prints "b." for the first
    level-2 item written after a level-3 run that skipped level 2 ("a." was used)."""
    levels = [level(0, "decimal", "%1."), level(1, "lowerLetter", "%2."), level(2, "lowerRoman", "%3.")]
    numbering = numbering_xml(abstract_num(1, levels), abstract_num(2, levels), num(1, 1), num(2, 2))
    body = "".join(
        [
            para("The", num=1, ilvl=0),
            para("Levels", num=1, ilvl=1),
            para("Go", num=1, ilvl=2),
            para("One", num=1, ilvl=2),
            para("A", num=1, ilvl=1),
            para("Time", num=1, ilvl=0),
            para("Texte libre"),
            para("One", num=2, ilvl=0),
            para("Level", num=2, ilvl=2),
            para("Here", num=2, ilvl=2),
            para("Is", num=2, ilvl=1),
            para("Skipped", num=2, ilvl=0),
        ]
    )
    path = write_docx(tmp_path / "skip.docx", body, numbering=numbering)
    assert _items(path) == [
        ("1.", "The"),
        ("a.", "Levels"),
        ("i.", "Go"),
        ("ii.", "One"),
        ("b.", "A"),
        ("2.", "Time"),
        (None, "Texte libre"),
        ("1.", "One"),
        ("i.", "Level"),
        ("ii.", "Here"),
        ("b.", "Is"),
        ("2.", "Skipped"),
    ]


def test_skipped_level_in_a_multilevel_label(tmp_path: Path) -> None:
    numbering = numbering_xml(abstract_num(1, [level(0), level(1, start=3), level(2)]), num(1, 1))
    body = "".join(
        [
            para("OS", num=1, ilvl=0),
            para("Action sans OO", num=1, ilvl=2),
            para("OO", num=1, ilvl=1),
            para("Action", num=1, ilvl=2),
            para("OS deux", num=1, ilvl=0),
            para("Action deux", num=1, ilvl=2),
            para("OO deux", num=1, ilvl=1),
        ]
    )
    path = write_docx(tmp_path / "skip3.docx", body, numbering=numbering)
    assert _items(path) == [
        ("1.", "OS"),
        ("1.3.1.", "Action sans OO"),
        ("1.4.", "OO"),
        ("1.4.1.", "Action"),
        ("2.", "OS deux"),
        ("2.3.1.", "Action deux"),
        ("2.4.", "OO deux"),
    ]


def test_list_opening_below_level_zero(tmp_path: Path) -> None:
    numbering = numbering_xml(abstract_num(1, [level(0), level(1)]), num(1, 1))
    body = para("Sous-point", num=1, ilvl=1) + para("Point", num=1, ilvl=0)
    path = write_docx(tmp_path / "deep_first.docx", body, numbering=numbering)
    assert _items(path) == [("1.1.", "Sous-point"), ("2.", "Point")]


def test_skipped_level_with_start_override_is_used_up(tmp_path: Path) -> None:
    numbering = numbering_xml(abstract_num(1, [level(0), level(1), level(2)]), num(1, 1, start_overrides={1: 5}))
    body = para("a", num=1) + para("b", num=1, ilvl=2) + para("c", num=1, ilvl=1)
    path = write_docx(tmp_path / "ov.docx", body, numbering=numbering)
    assert _items(path) == [("1.", "a"), ("1.5.1.", "b"), ("1.6.", "c")]


# --------------------------------------------------------------------------- formats


def test_language_of_the_document_spells_text_formats(tmp_path: Path) -> None:
    defaults = '<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US"/></w:rPr></w:rPrDefault></w:docDefaults>'
    numbering = numbering_xml(
        abstract_num(
            1,
            [level(0, "ordinal", "%1"), level(1, "cardinalText", "%2:"), level(2, "ordinalText", "%3")],
        ),
        num(1, 1),
    )
    body = "".join(
        [
            para("a", num=1),
            para("b", num=1, ilvl=1),
            para("c", num=1, ilvl=2),
            para("d", num=1),
            para("e", num=1),
        ]
    )
    path = write_docx(tmp_path / "en.docx", body, styles=styles_xml(defaults=defaults), numbering=numbering)
    doc = extract(path)
    assert [(b.label, b.text) for b in doc.blocks] == [
        ("1st", "a"),
        ("One:", "b"),
        ("First", "c"),
        ("2nd", "d"),
        ("3rd", "e"),
    ]
    assert doc.warnings == ()


def test_text_format_in_an_unknown_language_warns(tmp_path: Path) -> None:
    defaults = '<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="nl-BE"/></w:rPr></w:rPrDefault></w:docDefaults>'
    numbering = numbering_xml(abstract_num(1, [level(0, "cardinalText", "%1.")]), num(1, 1))
    body = para("een", num=1) + para("twee", num=1)
    path = write_docx(tmp_path / "nl.docx", body, styles=styles_xml(defaults=defaults), numbering=numbering)
    doc = extract(path)
    assert _items(path) == [("1.", "een"), ("2.", "twee")]
    assert doc.warnings == ("numbering format 'cardinalText' not supported in language 'nl'; rendered as decimal",)


def test_letters_past_z_double_up(tmp_path: Path) -> None:
    numbering = numbering_xml(abstract_num(1, [level(0, "lowerLetter", "%1)", start=25)]), num(1, 1))
    body = "".join(para(t, num=1) for t in ("y", "z", "aa", "bb", "cc"))
    path = write_docx(tmp_path / "az.docx", body, numbering=numbering)
    assert _items(path) == [("y)", "y"), ("z)", "z"), ("aa)", "aa"), ("bb)", "bb"), ("cc)", "cc")]
    assert extract(path).warnings == ()


def test_custom_zero_padded_format_inside_alternate_content(tmp_path: Path) -> None:
    """Word 2010+ writes "001, 002, 003" as a w14 custom format with a decimal Fallback."""
    lvl = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        '<mc:Choice xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" Requires="w14">'
        '<w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice>'
        '<mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>'
        '<w:lvlText w:val="A.%1 -"/></w:lvl>'
    )
    numbering = numbering_xml(abstract_num(1, [lvl]), num(1, 1))
    body = para("Guichet", num=1) + para("Permanence", num=1)
    path = write_docx(tmp_path / "custom.docx", body, numbering=numbering)
    assert _items(path) == [("A.001 -", "Guichet"), ("A.002 -", "Permanence")]
    assert extract(path).warnings == ()


def test_unsupported_custom_format_warns(tmp_path: Path) -> None:
    lvl = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="custom" w:format="α, β, γ, ..."/><w:lvlText w:val="%1."/></w:lvl>'
    )
    numbering = numbering_xml(abstract_num(1, [lvl]), num(1, 1))
    path = write_docx(tmp_path / "greek.docx", para("x", num=1), numbering=numbering)
    doc = extract(path)
    assert [(b.label, b.text) for b in doc.blocks] == [("1.", "x")]
    assert doc.warnings == ("custom numbering format 'α, β, γ, ...' not supported; rendered as decimal",)


def test_huge_start_cannot_blow_labels_up(tmp_path: Path) -> None:
    """A 2 KB file asking for letter number 10**9 (38 million "Z") gets a capped label."""
    numbering = numbering_xml(
        abstract_num(
            1,
            [
                level(0, "upperLetter", "%1.", start=10**9),
                level(1, "lowerRoman", "%1.%2", start=10**30),
            ],
        ),
        num(1, 1),
    )
    body = para("a", num=1) + para("b", num=1) + para("c", num=1, ilvl=1)
    path = write_docx(tmp_path / "bomb.docx", body, numbering=numbering)
    assert path.stat().st_size < 2048
    doc = extract(path)
    assert [(b.label, b.text) for b in doc.blocks] == [
        ("1000000000.", "a"),
        ("1000000001.", "b"),
        ("1000000001.2147483647", "c"),
    ]
    assert doc.warnings == (
        "numbering values in format 'upperLetter' longer than 100 characters; rendered as decimal",
        "numbering values out of the range of format 'lowerRoman'; rendered as decimal",
    )


def test_huge_level_text_is_cut(tmp_path: Path) -> None:
    numbering = numbering_xml(abstract_num(1, [level(0, "upperLetter", "%1" * 3000, start=100)]), num(1, 1))
    path = write_docx(tmp_path / "long.docx", para("x", num=1), numbering=numbering)
    doc = extract(path)
    assert [(b.label, b.text) for b in doc.blocks] == [("VVVV" * 64, "x")]
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith("numbering label longer than 256 characters")


# --------------------------------------------------------------------------- text boxes


def test_numbered_paragraphs_in_a_text_box_are_read_once(tmp_path: Path) -> None:
    numbering = numbering_xml(abstract_num(1, [level(0), level(1)]), num(1, 1))
    body = "".join(
        [
            para("Objectif un", num=1),
            text_box(para("Encadré un", num=1, ilvl=1), para("Encadré deux", num=1, ilvl=1)),
            para("Objectif deux", num=1),
            para("Sous-objectif", num=1, ilvl=1),
        ]
    )
    path = write_docx(tmp_path / "box.docx", body, numbering=numbering)
    doc = extract(path)
    assert [(b.kind.value, b.label, b.text) for b in doc.blocks] == [
        ("list_item", "1.", "Objectif un"),
        ("list_item", "1.1.", "Encadré un"),
        ("list_item", "1.2.", "Encadré deux"),
        ("list_item", "2.", "Objectif deux"),
        ("list_item", "2.1.", "Sous-objectif"),
    ]
    # One index per paragraph as Word counts them: the anchor paragraph (no text) is 1.
    assert [b.provenance.paragraph_index for b in doc.blocks] == [0, 2, 3, 4, 5]


def test_text_box_choice_needing_an_unknown_extension_reads_the_fallback(tmp_path: Path) -> None:
    body = text_box(para("Dans la boîte"), requires="x") + para("Après")
    path = write_docx(tmp_path / "fallback.docx", body)
    assert _items(path) == [(None, "Dans la boîte"), (None, "Après")]


def test_text_box_in_a_table_cell_and_merged_cell_counts(tmp_path: Path) -> None:
    numbering = numbering_xml(abstract_num(1, [level(0)]), num(1, 1))
    body = table(
        row(cell(para("Avant", num=1), text_box(para("Boîte", num=1))), cell(para("Statut"))),
    ) + para("Après", num=1)
    path = write_docx(tmp_path / "cellbox.docx", body, numbering=numbering)
    blocks = extract(path).blocks
    assert [b.cells for b in blocks[:1]] == [("1. Avant\n2. Boîte", "Statut")]
    assert [(b.label, b.text) for b in blocks[1:]] == [("3.", "Après")]
    assert blocks[1].provenance.paragraph_index == 4


# --------------------------------------------------------------------------- Strict OOXML


def test_strict_ooxml_is_read(tmp_path: Path) -> None:
    numbering = numbering_xml(abstract_num(1, [level(0, "upperRoman", "%1."), level(1)]), num(1, 1))
    body = "".join(
        [
            para("Programme stratégique", outline=0),
            para("Volet interne", num=1),
            para("Personnel", num=1, ilvl=1, indent=720),
            para("Volet externe", num=1),
        ]
    )
    path = to_strict(write_docx(tmp_path / "strict.docx", body, numbering=numbering))
    with zipfile.ZipFile(path) as zf:
        assert b"http://purl.oclc.org/ooxml/wordprocessingml/main" in zf.read("word/document.xml")
        assert b"http://schemas.openxmlformats.org/wordprocessingml" not in zf.read("word/numbering.xml")
    doc = extract(path)
    assert [(b.kind.value, b.label, b.text) for b in doc.blocks] == [
        ("heading", None, "Programme stratégique"),
        ("list_item", "I.", "Volet interne"),
        ("list_item", "I.1.", "Personnel"),
        ("list_item", "II.", "Volet externe"),
    ]
    assert doc.blocks[2].indent == 36.0
    assert doc.warnings == ()
