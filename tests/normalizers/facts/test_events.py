"""Events of art. 27ter from document text: kinds, planned vs done, foreign dates, samples."""

from datetime import date

import pytest

from normalizers.facts.events import extract_events, split_sentences, to_sentences
from pipeline.core.model import Block, BlockKind, DatePrecision, Provenance
from tests.conftest import SAMPLES


def _one(text):
    events = extract_events(text)
    assert len(events) == 1, events
    return events[0]


@pytest.mark.parametrize(
    ("text", "kind", "day"),
    [
        (
            "Le conseil de l'action sociale a été installé le 7 janvier 2019.",
            "cas_installed",
            date(2019, 1, 7),
        ),
        ("Séance d'installation du 3 janvier 2019.", "cas_installed", date(2019, 1, 3)),
        (
            "La déclaration de politique sociale a été adoptée le 25 février 2019.",
            "dps_adopted",
            date(2019, 2, 25),
        ),
        (
            "La DPS, approuvée en date du 28/02/2019, fixe la vision.",
            "dps_adopted",
            date(2019, 2, 28),
        ),
        ("Le PST a été approuvé par le conseil le 28.10.2019.", "pst_adopted", date(2019, 10, 28)),
        (
            "Le 24 novembre 2020, le conseil a arrêté le programme stratégique transversal.",
            "pst_adopted",
            date(2020, 11, 24),
        ),
        ("Le PST actualisé a été approuvé le 20 décembre 2022.", "pst_updated", date(2022, 12, 20)),
        (
            "L'évaluation à mi-législature du PST a été présentée au conseil le 15 décembre 2021.",
            "evaluation_mid",
            date(2021, 12, 15),
        ),
        (
            "Le conseil a pris acte de l'évaluation finale le 10 octobre 2024.",
            "evaluation_final",
            date(2024, 10, 10),
        ),
        (
            "Le PST a été publié sur le site internet le 2 décembre 2019.",
            "published",
            date(2019, 12, 2),
        ),
    ],
)
def test_kinds(text, kind, day):
    event = _one(text)
    assert (event.kind, event.event_date, event.is_planned) == (kind, day, False)
    assert event.evidence_text == text


def test_month_precision_event():
    event = _one("Le PST a été adopté en septembre 2019.")
    assert (event.kind, event.event_date, event.precision) == (
        "pst_adopted",
        date(2019, 9, 1),
        DatePrecision.MONTH,
    )


def test_adoption_then_publication_in_one_sentence():
    events = extract_events("Le PST a été approuvé le 24/11/2020 et publié le 30/11/2020.")
    assert [(e.kind, e.event_date) for e in events] == [
        ("pst_adopted", date(2020, 11, 24)),
        ("published", date(2020, 11, 30)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "L'approbation du PST est prévue le 30 septembre 2019.",
        "Le PST sera soumis au conseil du 24 novembre 2020.",
        "Le PST devrait être adopté en octobre 2019.",
        "Le conseil adoptera le PST le 12 mars 2020.",
        "Adopter le PST en 2019.",
    ],
)
def test_planned(text):
    event = _one(text)
    assert event.is_planned


def test_planned_without_year_gives_nothing():
    assert extract_events("L'approbation du PST est prévue à la fin du mois de septembre.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Vu l'article 27 ter de la loi du 8 juillet 1976, organique des CPAS, tel qu'introduit "
        "par le décret du 19 juillet 2018 ;",
        "Vu le procès-verbal de la réunion de concertation C.P.A.S. / Commune du 5 novembre 2020 ;",
        "Le PST a été intégré dans la loi organique par les décrets du 19 juillet 2018.",
        "Date de la dernière mise à jour | 31/07/2019 | Début | 26/05/2019 | Fin | 31/12/2019",
        "Programme Stratégique Transversal - Législature 2018-2024",
        "La législation prévoit l'adoption du PST dans les 9 mois, soit au plus tard le "
        "15 octobre 2019.",
        "Le PST : début 01/02/2019, fin 31/12/2024.",
    ],
)
def test_dates_about_something_else(text):
    assert extract_events(text) == []


DELIBERATION = [
    "Extrait du procès-verbal de la séance du Conseil de l'Action Sociale du mardi 24 novembre "
    "2020 à laquelle assistaient :",
    "Madame X, Présidente,",
    "Délibération 2020 /32 – Adoption du Plan Stratégique Transversal",
    "LE CONSEIL DE L'ACTION SOCIALE,",
    "Vu le procès-verbal de la réunion de concertation du 5 novembre 2020 ;",
    "Considérant qu'il échet que le Conseil arrête, dès l'adoption de la Déclaration de "
    "Politique Sociale un Plan Stratégique Transversal ;",
    "PAR CE MOTIF, après en avoir délibéré,",
    "PREND ACTE et ARRETE",
    "le Programme Stratégique Transversal du C.P.A.S. pour la législature en cours.",
]


def test_deliberation_takes_the_seance_date():
    blocks = [
        Block(kind=BlockKind.PARAGRAPH, text=t, provenance=Provenance(paragraph_index=i))
        for i, t in enumerate(DELIBERATION)
    ]
    [event] = extract_events(blocks)
    assert (event.kind, event.event_date, event.precision) == (
        "pst_adopted",
        date(2020, 11, 24),
        DatePrecision.DAY,
    )
    assert not event.is_planned and not event.delegated_to_bureau
    assert "PREND ACTE et ARRETE le Programme Stratégique Transversal" in event.evidence_text
    assert "24 novembre 2020" in event.evidence_text
    assert event.provenance.paragraph_index == 7


def test_decision_without_seance_gives_nothing():
    assert extract_events("\n".join(DELIBERATION[2:])) == []


def test_delegation_in_sentence():
    event = _one(
        "Le conseil de l'action sociale a pris acte le 17 septembre 2019 du PST arrêté par le "
        "bureau permanent."
    )
    assert event.kind == "pst_adopted" and event.delegated_to_bureau


def test_delegation_stated_by_the_document():
    events = extract_events(
        "Le conseil de l'action sociale peut déléguer la programmation stratégique au bureau "
        "permanent, ce qui est le cas au CPAS de X.\nLe PST a fait l'objet d'une prise d'acte "
        "le 3 octobre 2019."
    )
    assert [(e.kind, e.delegated_to_bureau) for e in events] == [("pst_adopted", True)]


def test_delegation_in_a_deliberation():
    text = "\n".join(
        [
            *DELIBERATION[:4],
            "PREND ACTE du Programme Stratégique Transversal adopté par le "
            "Bureau permanent en sa séance du 10 novembre 2020.",
        ]
    )
    events = extract_events(text)
    assert [(e.kind, e.event_date, e.delegated_to_bureau) for e in events] == [
        ("pst_adopted", date(2020, 11, 10), True)
    ]


def test_sentences_and_wrapped_lines():
    assert split_sentences("Le C.P.A.S. de Sprimont. Le PST a été adopté. Voir art. 27ter.") == [
        "Le C.P.A.S. de Sprimont.",
        "Le PST a été adopté.",
        "Voir art. 27ter.",
    ]
    merged = to_sentences("C'est ce qui a été fait dans la\nDéclaration de Politique Sociale.")
    assert [s.text for s in merged] == [
        "C'est ce qui a été fait dans la Déclaration de Politique Sociale."
    ]


def _docx_paragraphs(name):
    docx = pytest.importorskip("docx")
    document = docx.Document(str(SAMPLES / name))
    units = [(p.text, Provenance(paragraph_index=i)) for i, p in enumerate(document.paragraphs)]
    for table in document.tables:
        units += [(" | ".join(c.text for c in row.cells), Provenance()) for row in table.rows]
    return units


def test_grace_hollogne_sample():
    events = extract_events(_docx_paragraphs("grace-hollogne_deliberation-pst.docx"))
    found = {(e.kind, e.event_date, e.is_planned) for e in events}
    assert found == {
        ("dps_adopted", date(2020, 9, 29), False),
        ("pst_adopted", date(2020, 11, 24), False),
    }
    dps = next(e for e in events if e.kind == "dps_adopted")
    assert dps.evidence_text.endswith(
        "Déclaration de Politique Sociale adoptée par le Conseil de l'Action Sociale en sa "
        "séance du 29 septembre 2020."
    )
    pst = next(e for e in events if e.kind == "pst_adopted")
    assert "ARRETE le Programme Stratégique Transversal" in pst.evidence_text


def test_meix_sample_invents_nothing():
    assert extract_events(_docx_paragraphs("meix-devant-virton_pst.docx")) == []


def test_sprimont_page_invents_nothing():
    lexbor = pytest.importorskip("selectolax.lexbor")
    tree = lexbor.LexborHTMLParser((SAMPLES / "sprimont_pst-du-cpas.html").read_text("utf-8"))
    for node in tree.css("script, style"):
        node.decompose()
    assert extract_events(tree.body.text(separator="\n")) == []
