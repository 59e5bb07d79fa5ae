"""Document facts: legislature, kind of document, declared counts and their anomalies."""

from __future__ import annotations

import pytest

from normalizers.facts.document_facts import count_anomalies, declared_counts, detect_kind, detect_legislature
from pipeline.core.model import DocumentKind, ExtractedDocument, Level, PlanItem, SourceFormat


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PLAN STRATEGIQUE TRANSVERSAL\nLEGISLATURE 2019 - 2025¹", "2018-2024"),
        ("Programme stratégique transversal 2018-2024", "2018-2024"),
        ("PST 2025–2030 du CPAS", "2024-2030"),
        ("Loi du 8 juillet 1976 ; fiche mise à jour le 31/12/2019", None),
    ],
)
def test_legislature(text, expected):
    assert detect_legislature(text) == expected


def _doc(fmt=SourceFormat.PDF):
    return ExtractedDocument(source_file="x", format=fmt, blocks=())


@pytest.mark.parametrize(
    ("head", "fmt", "has_items", "kind"),
    [
        ("Extrait du procès-verbal de la séance du Conseil de l'Action Sociale", SourceFormat.DOCX, True,
         DocumentKind.DELIBERATION),
        ("Évaluation à mi-parcours du PST 2019-2024", SourceFormat.PDF, True, DocumentKind.EVALUATION),
        ("PST du CPAS\nSont également prévus une évaluation à mi-mandat et une évaluation terminale à présenter "
         "au conseil de l'action sociale, conformément à l'article 27ter de la loi organique.", SourceFormat.HTML,
         True, DocumentKind.WEB_SUMMARY),
        ("Programme Stratégique Transversal", SourceFormat.PDF, True, DocumentKind.PST),
        ("Rapport annuel du service travaux", SourceFormat.PDF, False, DocumentKind.UNKNOWN),
    ],
)
def test_kind(head, fmt, has_items, kind):
    assert detect_kind(_doc(fmt), head, has_items) is kind


def test_declared_counts_sum_within_a_sentence_and_ignore_dates():
    text = ("Notre PST se décline comme suit : 4 objectifs stratégiques externes et 2 objectifs stratégiques "
            "internes.\n15 Objectifs opérationnels\nPlus de 40 actions\nFin 31/12/2019\nObjectif Stratégique lié")
    d = declared_counts(text)
    assert (d.os, d.oo, d.action, d.action_is_minimum) == (6, 15, 40, True)
    assert declared_counts("Le plan compte 34 projets/actions.").action == 34


def test_count_anomalies_compare_with_what_was_extracted():
    items = [PlanItem(position=0, level=Level.OS, number="1", title="Un CPAS ouvert")]
    d = declared_counts("2 objectifs stratégiques et plus de 3 actions")
    assert [a.detail for a in count_anomalies(items, d)] == [
        "document declares 2 os, 1 extracted", "document declares at least 3 action, 0 extracted"]
