"""Multi-column pages: column 1 is read before column 2, full-width parts keep their place, and
what only looks like columns (a table without rules, a hanging indent) is read as before."""

from __future__ import annotations

import pytest

from extractors.pdf.columns import SINGLE, find_regions
from extractors.pdf.layout import DocStats, Line, group_lines
from pipeline.core.model import BlockKind
from tests.extractors.inputs import pdf_file as extract

from . import builders as b

H, P, L = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM
FLOW = dict(b.COLUMNS_FLOW)


def _flow(prefix: str) -> str:
    return next(text for _, text in b.COLUMNS_FLOW if text.startswith(prefix))


COLUMNS_BLOCKS = [
    (H, b.COLUMNS_TITLE, 1, 1),
    (P, b.COLUMNS_INTRO, None, 1),
    (H, _flow("Objectif stratégique 1"), 2, 1),
    (H, _flow("OO 1.1"), 2, 1),
    (L, _flow("Rénover"), 0, 1),
    (L, _flow("Créer un fonds"), 0, 1),
    (L, _flow("Mettre en place un accompagnement"), 0, 1),
    (H, _flow("OO 1.2"), 2, 1),  # cut by the column break: one block
    (L, _flow("Organiser des permanences"), 0, 1),
    (L, _flow("Développer une capsule"), 0, 1),
    (H, _flow("Objectif stratégique 2"), 2, 1),
    (P, _flow("OO 2.1"), None, 1),  # three bold lines: a paragraph, as in one column
    (L, _flow("Créer un service de taxi"), 0, 1),
    (L, _flow("Étendre"), 0, 2),
    (L, _flow("Recruter"), 0, 2),
    (H, _flow("OO 2.2"), 2, 2),
    (L, _flow("Organiser des goûters"), 0, 2),
    (L, _flow("Mettre en place un dispositif"), 0, 2),
    (H, _flow("Objectif stratégique 3"), 2, 2),  # cut by the column break of page 2
    (H, _flow("OO 3.1"), 2, 2),
    (L, _flow("Engager"), 0, 2),
    (L, _flow("Prospecter"), 0, 2),
    (P, b.COLUMNS_CLOSING, None, 2),  # full width, under both columns
]


def _view(doc):
    out = []
    for blk in doc.blocks:
        level = blk.heading_level if blk.kind == H else blk.list_level
        out.append((blk.kind, blk.text, level, blk.provenance.page))
    return out


@pytest.fixture(scope="module")
def columns_pdf(tmp_path_factory):
    return b.build_columns(tmp_path_factory.mktemp("pdf") / "colonnes.pdf")


def test_two_columns_read_one_after_the_other(columns_pdf):
    doc = extract(columns_pdf)
    assert _view(doc) == COLUMNS_BLOCKS
    assert doc.furniture == (b.HEADER,)  # the running header is still furniture


def test_two_columns_indents_compare_across_columns(columns_pdf):
    doc = extract(columns_pdf)
    # every block starts at the left edge of its column: one indent, whichever column
    assert {blk.indent for blk in doc.blocks} == {72.0}
    oo12 = next(blk for blk in doc.blocks if blk.text == _flow("OO 1.2"))
    assert oo12.provenance.raw_text.count("\n") == 1
    assert oo12.provenance.bbox[0] == pytest.approx(72.0)  # the box of its first column


def test_two_columns_same_with_pdfplumber(columns_pdf):
    assert extract(columns_pdf, engine="pdfplumber").blocks == extract(columns_pdf).blocks


# ---- find_regions on hand-made boxes ---------------------------------------------------------


def _words(lines, x_starts, top=100.0, pitch=12.0, char=5.0, size=10.0):
    """Word boxes (and texts) of text lines: ``lines`` are strings, one per row, set from the
    x of ``x_starts`` (one per line, or a number)."""
    boxes, texts = [], []
    for n, line in enumerate(lines):
        if not line:
            continue
        x = x_starts[n] if isinstance(x_starts, list) else x_starts
        for word in line.split():
            boxes.append((x, top + n * pitch, x + char * len(word), top + n * pitch + size))
            texts.append(word)
            x += char * (len(word) + 1)
    return boxes, texts


PROSE = (
    "les objectifs du programme sont présentés ici avec leurs actions",
    "et leurs échéances pour chacun des services du centre public",
    "d'action sociale qui en assurent le suivi régulier devant le",
    "conseil de l'action sociale selon le calendrier arrêté par le",
    "bureau permanent lors de sa séance de rentrée de septembre.",
    "Les évaluations intermédiaires sont présentées chaque année",
    "au conseil, qui peut adapter les actions en cours de route.",
)


def test_regions_two_columns_with_a_title_over_both():
    title, title_texts = _words(
        ["Programme stratégique transversal 2025-2030 du centre public d'action sociale de Rochefort"], 72, top=60
    )
    left, left_texts = _words(PROSE, 72)
    right, right_texts = _words(PROSE[2:] + PROSE[:2], 420)
    regions = find_regions(title + left + right, title_texts + left_texts + right_texts, 10.0)
    ranks = [r.rank for r in regions]
    assert ranks == [0] * len(title) + [1] * len(left) + [2] * len(right)
    assert regions[-1].shift == pytest.approx(348.0)


def test_regions_table_without_rules_stays_one_region():
    keys = [
        "Intitulé de l'action prévue au programme",
        "Pilote désigné par le comité de direction",
        "Partenaires associés à la mise en oeuvre",
        "Statut de l'action à la date du rapport",
        "Échéance fixée lors de l'adoption du plan",
        "Budget inscrit au budget ordinaire 2025",
        "Indicateur de réalisation de l'objectif",
    ]
    values = [
        "Organiser un job day annuel avec les employeurs",
        "Nathalie Marchal du service d'insertion sociale",
        "Les associations de terrain et le Forem régional",
        "Non commencé à la date de la présente évaluation",
        "Décembre 2024 au plus tard selon le calendrier",
        "Cinq mille euros inscrits au budget de l'année",
        "Nombre de personnes mises à l'emploi dans l'an",
    ]
    k_boxes, k_texts = _words(keys, 72)
    v_boxes, v_texts = _words(values, 300)
    boxes, texts = k_boxes + v_boxes, k_texts + v_texts
    assert set(find_regions(boxes, texts, 10.0)) == {SINGLE}
    # the same sides, the right one going on with the left one's text: two columns
    v_boxes, v_texts = _words(["et " + values[0].lower(), *values[1:]], 300)
    assert len(set(find_regions(k_boxes + v_boxes, k_texts + v_texts, 10.0))) == 2


def test_regions_hanging_indent_list_stays_one_region():
    numbers = ["1.1.1.", "", "1.1.2.", "", "1.1.3.", "", "1.2.1.", ""]
    texts = [
        "Réaliser une enquête de bien-être au travail auprès de",
        "l'ensemble du personnel du centre et de la maison de repos",
        "Organiser des entretiens d'évaluation annuels dans le",
        "respect des principes de bonne gouvernance du centre",
        "Moderniser la gestion des ressources humaines en lien",
        "avec les travailleurs sociaux de première ligne du réseau",
        "Renforcer la formation continue du personnel du centre",
        "et des agents de la maison de repos de l'entité",
    ]
    n_boxes, n_texts = _words(numbers, 72)
    t_boxes, t_texts = _words(texts, 110)
    assert set(find_regions(n_boxes + t_boxes, n_texts + t_texts, 10.0)) == {SINGLE}


def test_regions_three_columns():
    boxes, texts = [], []
    for x in (72, 250, 428):
        bx, tx = _words([line[:30] for line in PROSE], x)
        boxes += bx
        texts += tx
    ranks = sorted({r.rank for r in find_regions(boxes, texts, 10.0)})
    assert ranks == [0, 1, 2]


def test_group_lines_joins_a_title_cut_by_the_column_break():
    stats = DocStats(body_size=10.0, left_margin=72.0, right_margin=292.0)
    last = Line("OO 1.2 : Prévenir les expulsions domiciliaires", 72, 300, 290, 310, bold=True, first_word_width=10)
    top = Line(
        "et accompagner les locataires", 320, 150, 480, 160, bold=True, first_word_width=12,
        region=1, shift=248.0, col_right=540.0,
    )  # fmt: skip
    nxt = Line("Un paragraphe suit.", 320, 175, 420, 185, first_word_width=12, region=1, shift=248.0, col_right=540.0)
    groups = group_lines([last, top, nxt], stats)
    assert [[ln.text for ln in g] for g in groups] == [[last.text, top.text], [nxt.text]]


@pytest.mark.slow
def test_two_columns_scanned_read_in_the_same_order(columns_pdf, tmp_path):
    from difflib import SequenceMatcher

    doc = extract(b.scan(columns_pdf, tmp_path / "colonnes_scan.pdf", angle=0.3))
    got = [(blk.text.replace("’", "'"), blk.provenance.page, blk.kind == L) for blk in doc.blocks]
    want = [(text, page, kind == L) for kind, text, _level, page in COLUMNS_BLOCKS]
    assert len(got) == len(want)
    for (g_text, g_page, g_list), (w_text, w_page, w_list) in zip(got, want, strict=True):
        assert (g_page, g_list) == (w_page, w_list), g_text
        assert SequenceMatcher(None, g_text, w_text).ratio() >= 0.9, (g_text, w_text)
    assert doc.furniture and "Testville" in doc.furniture[0]
