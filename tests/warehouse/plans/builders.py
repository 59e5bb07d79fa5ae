"""Parsed documents for the plan tests: one small plan in several renditions, and a warehouse helper."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.core.model import (
    Anomaly,
    DocumentKind,
    Event,
    Level,
    ParsedDocument,
    PlanItem,
    Provenance,
    SourceFormat,
    Status,
    Volet,
)
from warehouse.loader import Warehouse
from warehouse.plans.refresh import PlansRefresh, refresh_plans

# (level, number, parent, title)
TREE = [
    ("os", "1", None, "Être un CPAS qui accompagne chaque citoyen vers l'autonomie"),
    ("oo", "1.1", "1", "Renforcer l'accompagnement individuel des bénéficiaires"),
    ("action", "1.1.1", "1.1", "Mettre en place un référent unique pour chaque bénéficiaire"),
    ("action", "1.1.2", "1.1", "Organiser des ateliers collectifs de recherche d'emploi"),
    ("oo", "1.2", "1", "Développer une communication claire vers le public"),
    ("action", "1.2.1", "1.2", "Publier un guide des services du CPAS"),
    ("os", "2", None, "Être une administration moderne et efficiente"),
    ("oo", "2.1", "2", "Former le personnel aux outils numériques"),
    ("action", "2.1.1", "2.1", "Organiser une formation bureautique annuelle"),
    ("action", "2.1.2", "2.1", "Équiper chaque service d'un poste informatique récent"),
]


def items(tree=TREE, *, pages: bool = False, statuses: dict[str, Status] | None = None, title_edits=None):
    out = []
    for pos, (level, number, parent, title) in enumerate(tree):
        title = (title_edits or {}).get(number, title)
        out.append(
            PlanItem(
                position=pos,
                level=Level(level),
                number=number,
                title=title,
                parent_number=parent,
                volet=Volet.EXTERNE,
                status=(statuses or {}).get(number),
                provenance=Provenance(page=1 + pos // 4) if pages else Provenance(paragraph_index=pos),
            )
        )
    return tuple(out)


def doc(
    name: str = "sprimont_pst.docx",
    *,
    fmt: SourceFormat = SourceFormat.DOCX,
    cpas: tuple[str | None, str | None] = ("Sprimont", "62100"),
    legislature: str | None = "2018-2024",
    kind: DocumentKind = DocumentKind.PST,
    tree=TREE,
    salt: str = "",
    adopted: str | None = None,
    anomalies: tuple[Anomaly, ...] = (),
    **item_kw,
) -> ParsedDocument:
    """One rendition of the plan: ``salt`` changes its bytes (a new version), ``adopted`` dates it."""
    its = items(tree, pages=fmt in (SourceFormat.PDF, SourceFormat.PDF_SCAN), **item_kw)
    digest = hashlib.sha256(f"{name}|{fmt.value}|{salt}|{[i.title for i in its]}".encode()).hexdigest()
    events = ()
    if adopted:
        from datetime import date

        events = (
            Event(
                kind="pst_adopted",
                event_date=date.fromisoformat(adopted),
                precision="day",
                evidence_text=f"adopté le {adopted}",
            ),
        )
    return ParsedDocument(
        source_file=name,
        sha256=digest,
        format=fmt,
        parser_version="t",
        cpas_name=cpas[0],
        nis_code=cpas[1],
        legislature=legislature,
        doc_kind=kind,
        items=its,
        events=events,
        anomalies=anomalies,
        page_count=3 if fmt in (SourceFormat.PDF, SourceFormat.PDF_SCAN) else None,
    )


def refresh(wh: Warehouse, corrections: Path | None = None) -> PlansRefresh:
    """The plans step of the after-load, with the given correction folder (none by default); always run, as these
    tests also edit rows behind the loader's back (the step's inputs digest sees loads, not such edits)."""
    return refresh_plans(wh.con, corrections, force=True)


def rows(wh: Warehouse, sql: str, params=()) -> list[tuple]:
    return wh.con.execute(sql, list(params)).fetchall()
