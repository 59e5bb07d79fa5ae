"""The two real sample .docx files of the repository, read end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.model import Block, BlockKind, ExtractedDocument, SourceFormat
from tests.extractors.inputs import docx_file as extract

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"
MEIX = SAMPLES / "meix-devant-virton_pst.docx"
GRACE = SAMPLES / "grace-hollogne_deliberation-pst.docx"

pytestmark = pytest.mark.skipif(
    not (MEIX.exists() and GRACE.exists()), reason="sample documents not present"
)


def _token(b: Block) -> str:
    if b.kind is BlockKind.HEADING:
        return f"H{b.heading_level}"
    if b.kind is BlockKind.LIST_ITEM:
        return f"L{b.list_level}"
    if b.kind is BlockKind.TABLE_ROW:
        return f"T{b.table_index}"
    return "P"


def _shape(doc: ExtractedDocument) -> str:
    """Run-length signature of the block sequence, e.g. ``H1*3 H2 T0*14``."""
    runs: list[list] = []
    for block in doc.blocks:
        tok = _token(block)
        if runs and runs[-1][0] == tok:
            runs[-1][1] += 1
        else:
            runs.append([tok, 1])
    return " ".join(t if n == 1 else f"{t}*{n}" for t, n in runs)


@pytest.fixture(scope="module")
def meix() -> ExtractedDocument:
    return extract(MEIX)


@pytest.fixture(scope="module")
def grace() -> ExtractedDocument:
    return extract(GRACE)


def test_meix_headings(meix: ExtractedDocument) -> None:
    assert meix.format is SourceFormat.DOCX
    assert meix.source_file == "meix-devant-virton_pst.docx"
    assert meix.warnings == ()
    headings = [(b.heading_level, b.text) for b in meix.blocks if b.kind is BlockKind.HEADING]
    assert headings[:11] == [
        (1, "C.P.A.S. de Meix-devant-Virton"),
        (1, "Programme Stratégique Transversal - PST"),
        (1, "Législature 2018-2024"),
        (2, "Table des matières"),
        (1, "Introduction"),
        (1, "Références légales"),
        (1, "Notions principales"),
        (1, "Approche conceptuelle"),
        (1, "Description des objectifs stratégiques"),
        (2, "Volet externe"),
        (2, "Volet interne"),
    ]
    assert len(headings) == 19
    toc = [b for b in meix.blocks if b.in_toc]
    assert [b.cells for b in toc[:2]] == [
        ("Introduction.....", "2"),
        ("Références légales.....", "2"),
    ]
    assert len(toc) == 14 and {b.table_index for b in toc} == {0}


def test_meix_oo_tables(meix: ExtractedDocument) -> None:
    rows = [b for b in meix.blocks if b.kind is BlockKind.TABLE_ROW and b.table_index == 2]
    assert [(b.row_index, b.is_header_row, b.cells) for b in rows] == [
        (
            0,
            False,
            ("OO/01", "Varié les canaux de communication pour toucher un maximum de citoyen.nes"),
        ),
        (
            1,
            False,
            (
                "OO/02",
                "Revaloriser l'image du C.P.A.S. en communiquant davantage sur les différents "
                "services et aides à la population, et ce en garantissant plus de confidentialité",
            ),
        ),
        (
            2,
            False,
            (
                "OO/03",
                "Organiser des permanences décentralisées vers les localités de la commune avec "
                "des thématiques précises (Fonds mazout, promotion des services, ...)",
            ),
        ),
    ]
    assert (
        rows[0].text
        == "OO/01 | Varié les canaux de communication pour toucher un maximum de citoyen.nes"
    )
    before = meix.blocks[meix.blocks.index(rows[0]) - 1]
    assert before.kind is BlockKind.PARAGRAPH
    assert before.text.startswith("OS1 : Être un C.P.A.S. qui communique positivement")
    oo_codes = [
        b.cells[0] for b in meix.blocks if b.kind is BlockKind.TABLE_ROW and 2 <= b.table_index <= 8
    ]
    # the source repeats OO/03 under OS5: kept as printed
    assert oo_codes.count("OO/03") == 7
    assert len(oo_codes) == 23


def test_meix_bullets_and_typed_numbers(meix: ExtractedDocument) -> None:
    first_list = [b for b in meix.blocks if b.kind is BlockKind.LIST_ITEM][:3]
    assert [(b.list_level, b.list_id, b.bullet, b.label, b.text[:40]) for b in first_list] == [
        (0, "1", True, None, "la fixation, pour la législature, d'une "),
        (0, "1", True, None, "la modernisation de la gestion publique "),
        (0, "1", True, None, "et l'augmentation de la transparence aut"),
    ]
    energy = [b for b in meix.blocks if b.kind is BlockKind.LIST_ITEM and b.list_level == 2]
    assert [b.text.split(" ")[0] for b in energy] == [
        "Projet",
        "Fonds",
        "Fonds",
        "Fonds",
        "Maintien",
    ]
    # numbers typed in the text stay in the text, they are no generated label
    typed = [b for b in meix.blocks if b.text.startswith("1. Cadrer")]
    assert [(b.kind, b.label) for b in typed] == [(BlockKind.PARAGRAPH, None)]


def test_meix_shape(meix: ExtractedDocument) -> None:
    assert _shape(meix) == (
        "H1*3 H2 T0*14 H1 P*5 L0*3 H1 P T1*5 H1 P*7 H1 P L0*3 P*9 L0*2 H1 P*3 H2 P*5 H2 P H1 H2 "
        "P T2*3 P T3*3 P T4*3 P T5*2 T6 P T7*6 H2 P T8*5 H1 H2 T9*25 H1 H2 P H1 P*4 L0 L2*5 P "
        "L0*3 P L0*2 P L0*2 P L0 P L0*3 P*6 L0*4 P L0*4 P*2 L0*2 P L0*2 P*2 L0*2 P L0 P*2 L0 P "
        "L0*4 P*3"
    )


def test_grace_plan_lists(grace: ExtractedDocument) -> None:
    headings = [(b.heading_level, b.text) for b in grace.blocks if b.kind is BlockKind.HEADING]
    assert headings == [
        (1, "PLAN STRATEGIQUE TRANSVERSAL"),
        (2, "Programme stratégique transversal : notions théoriques générales"),
        (2, "1.- Références légales"),
        (2, "2.- Concept de P.S.T."),
        (2, "3. Contenu du P.S.T."),
        (1, "Volet interne"),
        (1, "Volet externe"),
    ]
    start = next(i for i, b in enumerate(grace.blocks) if b.text == "Volet interne")
    items = grace.blocks[start + 1 : start + 5]
    assert [(b.kind, b.list_level, b.list_id, b.bullet, b.label, b.text) for b in items] == [
        (
            BlockKind.LIST_ITEM,
            0,
            "1",
            True,
            None,
            "O.S. 1 : Moderniser l'organisation et le fonctionnement du C.P.A.S.",
        ),
        (
            BlockKind.LIST_ITEM,
            1,
            "2",
            True,
            None,
            "O.O. 1.1. : Implémenter un système de management performant assurant la maîtrise "
            "des activités",
        ),
        (
            BlockKind.LIST_ITEM,
            2,
            "3",
            True,
            None,
            "Rédiger un code de déontologie et d'éthique à l'usage du personnel au départ de la "
            "charte des valeurs.",
        ),
        (
            BlockKind.LIST_ITEM,
            2,
            "3",
            True,
            None,
            "Revoir l'organigramme des services et le cadre du personnel afin d'améliorer la "
            "structure managériale au sein du C.P.A.S.",
        ),
    ]
    assert items[0].bold is True and items[1].bold is False
    os_items = [
        b.text[:8] for b in grace.blocks if b.kind is BlockKind.LIST_ITEM and b.list_level == 0
    ]
    assert os_items == [
        "O.S. 1 :",
        "O.S. 2 :",
        "O.S. 3 :",
        "O.S. 1 :",
        "O.S. 2 :",
        "O.S. 3 :",
        "O.S. 4 :",
    ]


def test_grace_shape(grace: ExtractedDocument) -> None:
    assert grace.warnings == ()
    assert _shape(grace) == (
        "P*21 H1 P H2*2 P*4 H2 P*11 L2 P L2*2 P*6 H2 P H1 L0 L1 L2*6 L1 L2 L1 L2*3 L1 L2*4 L1 "
        "L2*5 L0 L1 L2*8 L1 L2*5 L1 L2*4 L1 L2*4 L0 L1 L2*6 L1 L2*6 H1 L0 L1 L2*3 L1 L2*5 L1 "
        "L2*6 L0 L1 L2*2 L1 L2*2 L1 L2*3 L1 L2*4 L1 L2*3 L1 L2*2 L1 L2*2 L0 L1 L2 L1 L2*3 L1 "
        "L2*9 L0 L1 L2 L1 L2*3 P*5"
    )
    indexes = [b.provenance.paragraph_index for b in grace.blocks]
    assert indexes == sorted(indexes) and len(set(indexes)) == len(indexes)
