"""Small warehouses of builder documents for the comparison tests (themes, similar actions, search, report)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.core.model import Level, ParsedDocument, PlanItem, SourceFormat, Status, Volet
from warehouse.loader import Warehouse


def plan(cpas: str, nis: str, actions: list[str], *, os_title: str = "Améliorer les services",
         oo_title: str = "Moderniser le CPAS", legislature: str | None = "2018-2024",
         statuses: list[Status | None] | None = None, descriptions: list[str | None] | None = None,
         name: str | None = None) -> ParsedDocument:
    """One OS, one OO and the given actions (volet externe), with optional statuses and descriptions."""
    items = [
        PlanItem(position=0, level=Level.OS, number="1", title=os_title, volet=Volet.EXTERNE),
        PlanItem(position=1, level=Level.OO, number="1.1", title=oo_title, parent_number="1", volet=Volet.EXTERNE),
    ]
    for k, title in enumerate(actions, start=1):
        items.append(PlanItem(
            position=k + 1, level=Level.ACTION, number=f"1.1.{k}", title=title, parent_number="1.1",
            volet=Volet.EXTERNE, status=(statuses[k - 1] if statuses else None),
            progress_pct=(100.0 if statuses and statuses[k - 1] == Status.FINALISE else None),
            description=(descriptions[k - 1] if descriptions else None),
        ))
    source = name or f"{cpas}_pst.pdf"
    digest = hashlib.sha256(source.encode() + repr(actions).encode()).hexdigest()
    return ParsedDocument(source_file=source, sha256=digest,
                          format=SourceFormat.PDF, parser_version="t", cpas_name=cpas, nis_code=nis,
                          legislature=legislature, items=tuple(items))


def build(path: Path) -> Path:
    """Three CPAS with overlapping ideas (Facebook, logement d'urgence, article 60) and statuses."""
    with Warehouse(path) as wh:
        wh.load(plan("Grâce-Hollogne", "62118", [
            "Créer une page Facebook du C.P.A.S. reprenant toutes les informations pratiques",
            "Tendre à mettre à l'emploi 20 personnes par an via le dispositif article 60 § 7",
            "Organiser le tri des déchets dans les bâtiments",
        ], statuses=[Status.FINALISE, Status.EN_COURS, None],
            descriptions=[None, None, "Sensibiliser le personnel au cœur du projet"]), "/d/gh.pdf")
        wh.load(plan("Sprimont", "62100", [
            "Nous créerons un compte Facebook pour le CPAS",
            "Disposer de deux logements d'urgence",
            "Augmenter les mises à l'emploi article 60",
        ], statuses=[Status.A_PROGRAMMER, Status.EN_COURS, Status.ABANDONNE]), "/d/sp.pdf")
        wh.load(plan("Meix-devant-Virton", "85024", [
            "Rénover le logement d'urgence de la commune",
            "Ouvrir une épicerie sociale",
        ], os_title="Être un CPAS favorisant l'accès à un logement digne"), "/d/mx.pdf")
    return path
