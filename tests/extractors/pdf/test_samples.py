"""The PDF extractor on the real sample documents of data/samples/."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from pipeline.core.model import BlockKind, SourceFormat
from tests.extractors.inputs import pdf_file as extract

SAMPLES = Path(__file__).resolve().parents[3] / "data" / "samples"
GH = SAMPLES / "grace-hollogne_deliberation-pst.pdf"
GH_SCAN = SAMPLES / "grace-hollogne_deliberation-pst_scan.pdf"
MEIX = SAMPLES / "meix-devant-virton_pst.pdf"

GH_HEADER = "Grâce-Hollogne – Programme Stratégique Transversal"
OO12 = "O.O. 1.2.: Améliorer la communication interne et la transversalité entre les services"
INTRANET = (
    "Réfléchir à la création d'un intranet professionnel intégrant toutes les informations et "
    "communications internes utiles et permettant au personnel de faire des démarches internes "
    "informatisées."
)
LABEL_RE = re.compile(r"^O\.[SO]\. \d")


@pytest.fixture(scope="module")
def gh():
    return extract(GH)


@pytest.fixture(scope="module")
def meix():
    return extract(MEIX)


def test_gh_no_running_header(gh):
    assert gh.format == SourceFormat.PDF and gh.page_count == 10
    assert not any(GH_HEADER in blk.text for blk in gh.blocks)


def test_gh_oo_and_action_blocks(gh):
    texts = [blk.text for blk in gh.blocks]
    oo = gh.blocks[texts.index(OO12)]
    act = gh.blocks[texts.index(INTRANET)]
    assert oo.kind == act.kind == BlockKind.LIST_ITEM
    assert oo.bullet and act.bullet
    assert act.list_level > oo.list_level
    assert oo.provenance.page == act.provenance.page == 4
    assert oo.provenance.raw_text == (
        "\uf0b7 O.O. 1.2.: Améliorer la communication interne et la transversalité entre les\n"
        "services"
    )
    assert texts.index(INTRANET) == texts.index(OO12) + 1


def test_gh_levels_of_os_oo_actions(gh):
    os_levels = {b.list_level for b in gh.blocks if b.text.startswith("O.S. ")}
    oo_levels = {b.list_level for b in gh.blocks if b.text.startswith("O.O. ")}
    assert os_levels == {0} and oo_levels == {1}
    os3 = next(b for b in gh.blocks if b.text.startswith("O.S. 3 : Permettre"))
    assert os3.text == (
        "O.S. 3 : Permettre l'insertion sociale et professionnelle des citoyens de "
        "Grâce-Hollogne les plus fragilisés"
    )


def test_gh_footnote_is_not_merged_into_a_list_item(gh):
    note = [b for b in gh.blocks if "24 novembre 2020" in b.text and b.text.startswith("¹")]
    assert len(note) == 1 and note[0].kind == BlockKind.PARAGRAPH
    page3 = [b for b in gh.blocks if b.provenance.page == 3]
    assert page3[-1] is note[0]  # after the page's content
    assert not any("¹" in b.text for b in gh.blocks if b.kind == BlockKind.LIST_ITEM)


def test_meix_toc_is_flagged(meix):
    toc = [b for b in meix.blocks if b.in_toc]
    assert toc[0].cells == ("Introduction.....", "2")
    assert (
        "Listing des objectifs opérationnels par objectifs stratégique",
        "6",
    ) in [b.cells for b in toc]
    assert len(toc) == 14
    assert all(b.provenance.page == 1 for b in toc)


def test_meix_no_running_footer(meix):
    assert not any("Meix-devant-Virton – page" in b.text for b in meix.blocks)


def test_meix_oo_rows(meix):
    rows = [
        b for b in meix.blocks if b.kind == BlockKind.TABLE_ROW and b.cells[0].startswith("OO/")
    ]
    assert rows[0].cells == (
        "OO/01",
        "Varié les canaux de communication pour toucher un maximum de citoyen.nes",
    )
    by_title = {b.cells[1]: b for b in rows}
    # a row broken across pages 4-5, hyphenated word, a row broken across pages 5-6
    assert (
        "Accompagner toutes les personnes aidées dans un suivi de fond quant aux problèmes liés "
        "aux consommations énergétiques de leur logement" in by_title
    )
    assert (
        "Favoriser, dans les suivis d'insertion socio-professionnelle, des démarches "
        "d'accompagnement par objectifs avec une méthode d'évaluation continue" in by_title
    )
    assert (
        "Mettre sur pied un espace « social » au sein de l'ancien presbytère de "
        "Meix-devant-Virton permettant l'émergence d'initiative telle qu'une penderie "
        "solidaire, frigo solidaire, ..." in by_title
    )
    assert [b.cells[0] for b in rows] == [
        "OO/01",
        "OO/02",
        "OO/03",
        "OO/01",
        "OO/02",
        "OO/03",
        "OO/01",
        "OO/02",
        "OO/03",
        "OO/01",
        "OO/02",
        "OO/03",
        "OO/01",
        "OO/02",
        "OO/03",
        "OO/03",
        "OO/04",
        "OO/05",
        "OO/01",
        "OO/02",
        "OO/03",
        "OO/04",
        "OO/05",
    ]


def test_meix_os_lines_are_whole_paragraphs(meix):
    os_lines = [b.text for b in meix.blocks if re.match(r"^OS\d :", b.text)]
    assert (
        os_lines.count(
            "OS5 : Être un C.P.A.S. maintenant et renforçant son offre de service en faveur de la "
            "population"
        )
        == 1
    )
    assert len(os_lines) == 12  # 6 OS, listed twice


def _labels(doc):
    return [b.text for b in doc.blocks if LABEL_RE.match(b.text)]


@pytest.mark.slow
def test_scan_ocr_matches_text_layer(gh):
    scan = extract(GH_SCAN)
    assert scan.format == SourceFormat.PDF_SCAN and scan.page_count == 10
    assert not any(
        "Programme Stratégique Transversal" in b.text
        and b.provenance.page > 1
        and b.provenance.bbox[1] < 60
        for b in scan.blocks
    )
    expected = _labels(gh)
    got = _labels(scan)
    good = sum(
        1
        for e in expected
        if max((SequenceMatcher(None, e, g).ratio() for g in got), default=0) >= 0.9
    )
    assert good >= 0.9 * len(expected)
    bullets = [b for b in scan.blocks if b.bullet]
    assert len(bullets) >= 0.9 * sum(1 for b in gh.blocks if b.bullet)
    oo = next(b for b in scan.blocks if SequenceMatcher(None, b.text, OO12).ratio() >= 0.9)
    act = next(b for b in scan.blocks if SequenceMatcher(None, b.text, INTRANET).ratio() >= 0.9)
    assert oo.bullet and act.bullet and act.list_level > oo.list_level
