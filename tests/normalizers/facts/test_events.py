"""Events of art. 27ter from document text: kinds, planned vs done, foreign dates, legislatures,
samples, and the phrasings of issue 12 in documents the tests build."""

from datetime import date
from html import escape as _html_escape

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.platypus import Paragraph, SimpleDocTemplate

from normalizers.facts.events import (
    attribute_legislature,
    extract_events,
    split_sentences,
    to_sentences,
)
from normalizers.parse import parse_file
from pipeline.core.model import Block, BlockKind, DatePrecision, Provenance
from tests.conftest import SAMPLES
from tests.extractors.docx.builders import para, write_docx
from tests.extractors.pdf.builders import BODY, H1


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
        "Le PST, qui a été rédigé par l'administration, sera adopté par le conseil le 24 novembre 2020.",
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
    # The council's prise d'acte; the bureau's act carries no date here.
    assert event.kind == "pst_noted" and event.delegated_to_bureau


def test_delegation_stated_by_the_document():
    events = extract_events(
        "Le conseil de l'action sociale peut déléguer la programmation stratégique au bureau "
        "permanent, ce qui est le cas au CPAS de X.\nLe PST a fait l'objet d'une prise d'acte "
        "le 3 octobre 2019."
    )
    assert [(e.kind, e.delegated_to_bureau) for e in events] == [("pst_noted", True)]


def test_delegation_in_a_deliberation():
    text = "\n".join(
        [
            *DELIBERATION[:4],
            "PREND ACTE du Programme Stratégique Transversal adopté par le "
            "Bureau permanent en sa séance du 10 novembre 2020.",
        ]
    )
    events = extract_events(text)
    # Two acts: the bureau permanent's adoption and the council's prise d'acte at its séance.
    assert [(e.kind, e.event_date, e.delegated_to_bureau) for e in events] == [
        ("pst_bureau_adopted", date(2020, 11, 10), True),
        ("pst_noted", date(2020, 11, 24), True),
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


# ---- Issue 12: phrasings of real plans and deliberations, in documents the tests build ------
#
# Each document is written as a real .docx, .html or .pdf and parsed through
# ``normalizers.parse.parse_file``; the assertions name every event it must yield (kind, date,
# precision, planned, legislature), so an extra or a missing event fails.

D, M, Y = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
OLD, NEW = "2018-2024", "2024-2030"


def _write(folder, fmt, title, paragraphs):
    path = folder / f"cpas-de-testville.{fmt}"
    if fmt == "docx":
        write_docx(path, "".join(para(p) for p in (title, *paragraphs)))
    elif fmt == "html":
        body = "".join(f"<p>{_html_escape(p)}</p>" for p in paragraphs)
        path.write_text(
            f"<html><head><title>CPAS de Testville</title></head><body><main>"
            f"<h1>{_html_escape(title)}</h1>{body}</main></body></html>",
            encoding="utf-8",
        )
    else:
        story = [Paragraph(title, H1)] + [Paragraph(_html_escape(p), BODY) for p in paragraphs]
        SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def parsed_events(folder, title, *paragraphs, fmt="docx"):
    """Write a document, parse it end to end, return its events as comparable tuples."""
    result = parse_file(_write(folder, fmt, title, paragraphs))
    assert result.document is not None, result.failure
    return [
        (e.kind, e.event_date, e.precision, e.is_planned, e.legislature)
        for e in result.document.events
    ]


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_each_event_in_its_own_legislature(tmp_path, fmt):
    # The first span of years (2019-2024) is the document's; the 2025 acts are not.
    events = parsed_events(
        tmp_path,
        "Évaluation du PST 2019-2024 et présentation du PST 2025-2030",
        "Le Programme Stratégique Transversal 2019-2024 a été adopté par le Conseil de l'action "
        "sociale le 24 septembre 2019.",
        "L'évaluation finale du PST 2019-2024 a été présentée au Conseil le 17 décembre 2024.",
        "La Déclaration de Politique Sociale 2025-2030 a été adoptée par le Conseil le "
        "24 février 2025.",
        "Le nouveau PST 2025-2030 a été approuvé par le Conseil de l'action sociale le "
        "22 septembre 2025.",
        fmt=fmt,
    )
    assert events == [
        ("pst_adopted", date(2019, 9, 24), D, False, OLD),
        ("evaluation_final", date(2024, 12, 17), D, False, OLD),
        ("dps_adopted", date(2025, 2, 24), D, False, NEW),
        ("pst_adopted", date(2025, 9, 22), D, False, NEW),
    ]


@pytest.mark.parametrize(("title", "legislature"), [
    ("Programme stratégique transversal 2019-2024", OLD),
    ("Programme stratégique transversal 2025-2030", NEW),
])
def test_the_document_legislature_only_breaks_a_tie(tmp_path, title, legislature):
    # January 2025: the outgoing council until the new one is installed, or the new one.
    events = parsed_events(
        tmp_path, title, "Le PST a été actualisé par le Conseil en janvier 2025."
    )
    assert events == [("pst_updated", date(2025, 1, 1), M, False, legislature)]


def test_a_span_next_to_the_date_beats_the_document_legislature():
    text = "Programme 2025-2030\nLe PST 2019-2024 a été actualisé par le Conseil le 13 janvier 2025."
    [event] = extract_events(text)
    assert (event.kind, event.legislature) == ("pst_updated", OLD)
    assert attribute_legislature("pst_adopted", date(2017, 5, 1), D) is None


def test_a_pronoun_takes_the_object_of_the_previous_sentence(tmp_path):
    events = parsed_events(
        tmp_path,
        "CPAS de Testville – Rapport d'activités",
        "Le Programme Stratégique Transversal a été élaboré par l'administration avec les "
        "conseillers. Les services ont été consultés en juin. Le Conseil de l'Action Sociale "
        "l'approuve finalement en date du 26 mars 2019.",
    )
    assert events == [("pst_adopted", date(2019, 3, 26), D, False, OLD)]


def test_en_a_pris_acte_after_the_bureau_drafted_the_plan(tmp_path):
    events = parsed_events(
        tmp_path,
        "CPAS de Testville – Rapport d'activités",
        "Le Bureau permanent a élaboré le Programme Stratégique Transversal. Le Conseil en a "
        "pris acte en sa séance du 24 septembre 2019.",
    )
    assert events == [("pst_noted", date(2019, 9, 24), D, False, OLD)]


def test_a_generic_noun_or_the_document_itself_names_the_object(tmp_path):
    events = parsed_events(
        tmp_path,
        "Déclaration de politique sociale 2019-2024",
        "Nous voulons un CPAS proche de chaque citoyen.",
        "Les priorités sont l'insertion, le logement et la lutte contre la pauvreté.",
        "Chaque service a contribué à la réflexion.",
        "Le Conseil de l'action sociale l'a adoptée en séance du 25 février 2019.",
        "Ce programme a été approuvé par le Conseil le 24 septembre 2019.",
        "Le plan a été mis en ligne en octobre 2019.",
    )
    assert events == [
        ("dps_adopted", date(2019, 2, 25), D, False, OLD),  # what the document is
        ("pst_adopted", date(2019, 9, 24), D, False, OLD),  # "ce programme"
        ("published", date(2019, 10, 1), M, False, OLD),  # "le plan"
    ]


def test_a_future_in_a_relative_clause_does_not_make_the_act_planned(tmp_path):
    events = parsed_events(
        tmp_path,
        "CPAS de Testville – Déclaration de politique sociale",
        "En séance du 25 février 2019, le Conseil de l'action sociale a approuvé cette "
        "Déclaration de Politique Sociale que vous allez pouvoir découvrir ci-dessous, "
        "puisqu'elle sera déclinée en objectifs dans notre futur plan.",
        "Le PST, qui sera publié sur notre site, a été adopté le 24 septembre 2019.",
        "Le PST actualisé sera soumis au Conseil le 15 décembre 2022.",
    )
    assert events == [
        ("dps_adopted", date(2019, 2, 25), D, False, OLD),
        ("pst_adopted", date(2019, 9, 24), D, False, OLD),
        ("pst_updated", date(2022, 12, 15), D, True, OLD),
    ]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_presenting_a_draft_or_the_commune_plan_is_not_adopting(tmp_path, fmt):
    events = parsed_events(
        tmp_path,
        "CPAS de Testville – Programme stratégique transversal",
        "Un avant-projet a été présenté au Conseil le 15 octobre 2019.",
        "Le PST a été présenté à l'ensemble du personnel le 12 novembre 2019.",
        "Le Conseil de l'action sociale a adopté le PST le 26 novembre 2019.",
        "Le PST a été présenté au Conseil communal le 16 décembre 2019.",
        "Le PST de la Commune a été adopté le 2 septembre 2019.",
        "L'avant-projet de PST a été approuvé par le comité de direction le 1er octobre 2019.",
        fmt=fmt,
    )
    assert events == [("pst_adopted", date(2019, 11, 26), D, False, OLD)]


def test_adopted_then_presented_to_the_staff(tmp_path):
    events = parsed_events(
        tmp_path,
        "CPAS de Testville – Programme stratégique transversal",
        "Le PST a été adopté par le Conseil de l'action sociale le 26 novembre 2019 et présenté "
        "à l'ensemble du personnel le 3 décembre 2019.",
        "L'évaluation finale a été présentée au personnel le 20 janvier 2025.",
    )
    assert events == [("pst_adopted", date(2019, 11, 26), D, False, OLD)]


@pytest.mark.parametrize("sentence", [
    "Le Conseil de l'action sociale a avalisé le PST le 8 octobre 2019.",
    "Le Conseil de l'action sociale a entériné le PST le 8 octobre 2019.",
    "Le Conseil de l'action sociale a marqué son accord sur le PST le 8 octobre 2019.",
    "Le Conseil de l'action sociale a validé le PST le 8 octobre 2019.",
])
def test_other_verbs_of_adoption(tmp_path, sentence):
    events = parsed_events(tmp_path, "CPAS de Testville", sentence)
    assert events == [("pst_adopted", date(2019, 10, 8), D, False, OLD)]


def test_bureau_act_and_council_prise_d_acte_are_two_events(tmp_path):
    events = parsed_events(
        tmp_path,
        "CPAS de Testville – Programme stratégique transversal",
        "Le Conseil de l'action sociale a délégué la programmation stratégique au Bureau "
        "permanent.",
        "Le Bureau permanent a arrêté le PST en sa séance du 10 octobre 2019.",
        "Le Conseil de l'action sociale en a pris acte le 22 octobre 2019.",
    )
    assert events == [
        ("pst_bureau_adopted", date(2019, 10, 10), D, False, OLD),
        ("pst_noted", date(2019, 10, 22), D, False, OLD),
    ]


def test_deliberation_prend_acte_of_the_bureau_plan(tmp_path):
    events = parsed_events(
        tmp_path,
        "Extrait du procès-verbal de la séance du Conseil de l'Action Sociale du mardi "
        "24 novembre 2020",
        "Vu le décret du 28 mars 2024 modifiant la loi organique en ce qui concerne le "
        "programme stratégique transversal ;",
        "PREND ACTE du Programme Stratégique Transversal adopté par le Bureau permanent en sa "
        "séance du 10 novembre 2020.",
    )
    assert events == [
        ("pst_bureau_adopted", date(2020, 11, 10), D, False, OLD),
        ("pst_noted", date(2020, 11, 24), D, False, OLD),
    ]


def test_dates_of_the_region_and_the_moniteur_are_not_cpas_acts(tmp_path):
    events = parsed_events(
        tmp_path,
        "CPAS de Testville – Programme stratégique transversal",
        "Le 19 juillet 2018, le Parlement wallon a adopté le décret intégrant le programme "
        "stratégique transversal dans la loi organique des CPAS.",
        "Le décret a été publié au Moniteur belge du 28 août 2018 et est entré en vigueur le "
        "7 septembre 2018 ; il impose au conseil d'adopter une déclaration de politique sociale.",
        "Vu le décret du 28 mars 2024 modifiant la loi organique en ce qui concerne le "
        "programme stratégique transversal ;",
        "Le PST a été adopté par le Conseil de l'action sociale le 24 septembre 2019.",
    )
    assert events == [("pst_adopted", date(2019, 9, 24), D, False, OLD)]


def test_installation_stated_in_the_document(tmp_path):
    events = parsed_events(
        tmp_path,
        "Déclaration de politique sociale 2019-2024",
        "Le Conseil de l'action sociale a été installé le 10 janvier 2019.",
        "Madame Dupont a été installée en qualité de conseillère le 3 mai 2021.",
        "Il a adopté la déclaration de politique sociale le 4 mars 2019.",
    )
    assert events == [
        ("cas_installed", date(2019, 1, 10), D, False, OLD),
        ("dps_adopted", date(2019, 3, 4), D, False, OLD),
    ]


def test_the_precise_date_is_the_evidence(tmp_path):
    events = parsed_events(
        tmp_path,
        "CPAS de Testville – Programme stratégique transversal",
        "Le PST a été adopté en 2019.",
        "Le Conseil de l'action sociale l'a approuvé en séance du 24 septembre 2019.",
        "L'évaluation à mi-parcours a eu lieu en 2022.",
    )
    assert events == [
        ("pst_adopted", date(2019, 9, 24), D, False, OLD),
        ("evaluation_mid", date(2022, 1, 1), Y, False, OLD),
    ]


def test_the_commune_as_partner_and_a_later_clause_change_nothing(tmp_path):
    events = parsed_events(
        tmp_path,
        "CPAS de Testville – Programme stratégique transversal",
        "Le PST du CPAS, élaboré en collaboration avec la Commune, a été adopté le "
        "10 septembre 2019 ; il sera évalué à mi-parcours en 2022.",
        "Le Conseil communal a adopté son PST le 16 septembre 2019.",
    )
    assert events == [("pst_adopted", date(2019, 9, 10), D, False, OLD)]
