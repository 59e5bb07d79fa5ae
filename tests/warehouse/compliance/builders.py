"""Small warehouses of builder documents for the deadline tests (views and CLI)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.core.model import DatePrecision, DocumentKind, Event, ParsedDocument, SourceFormat
from warehouse.loader import Warehouse

DINANT, NAMUR, ANDENNE, YVOIR, GRACE = "91034", "92094", "92003", "91141", "62118"
NAMUR_URL = "https://www.cpas-namur.be/pst-2025-2030.pdf"
NAMUR_SEEN = "2025-08-01 10:00:00"


def event(kind: str, day: date, *, planned: bool = False, text: str | None = None,
          precision: DatePrecision = DatePrecision.DAY) -> Event:
    """An event with a recognisable evidence sentence."""
    return Event(kind=kind, event_date=day, precision=precision, is_planned=planned,
                 evidence_text=text or f"{kind} le {day.isoformat()}")


def document(name: str, nis: str | None, legislature: str | None, *events: Event,
             kind: DocumentKind = DocumentKind.DELIBERATION) -> ParsedDocument:
    """A parsed document with only events (no plan items)."""
    return ParsedDocument(source_file=name, sha256=name.encode().hex().ljust(64, "0")[:64],
                          format=SourceFormat.PDF, parser_version="t", cpas_name=name.split("_")[0],
                          nis_code=nis, legislature=legislature, doc_kind=kind, events=events)


def build_warehouse(path: Path) -> Path:
    """Dinant (DPS on time, PST late, local file), Grâce-Hollogne (no legislature stated),
    Namur (a 2024-2030 plan found at a URL, which also recalls its 2019 DPS), Andenne
    (2024-2030, only a planned adoption), Bastogne under its post-merger code, a document
    attributed to no CPAS; Yvoir has nothing."""
    with Warehouse(path) as wh:
        wh.load(document("Dinant_pst.pdf", DINANT, "2018-2024",
                         event("dps_adopted", date(2019, 2, 20), text="La DPS a été adoptée le 20 février 2019."),
                         event("pst_adopted", date(2019, 12, 10), text="Le PST a été adopté le 10 décembre 2019.")),
                "/docs/Dinant_pst.pdf")
        wh.load(document("Grâce-Hollogne_delib.docx", GRACE, None,
                         event("dps_adopted", date(2020, 9, 29)), event("pst_adopted", date(2020, 11, 24))),
                "/docs/Grâce-Hollogne_delib.docx")
        wh.load(document("Namur_pst.pdf", NAMUR, "2024-2030",
                         event("pst_adopted", date(2025, 6, 30)),
                         # About the previous legislature, in a 2024-2030 document: counted in
                         # 2018-2024, the legislature of its own date.
                         event("dps_adopted", date(2019, 2, 1)), kind=DocumentKind.PST),
                NAMUR_URL)
        wh.load(document("Andenne_pst.pdf", ANDENNE, "2024-2030",
                         event("pst_adopted", date(2025, 9, 30), planned=True)),
                "/docs/Andenne_pst.pdf")
        wh.load(document("Bastogne_pst.pdf", "82039", "2018-2024", event("pst_adopted", date(2019, 9, 1))),
                "/docs/Bastogne_pst.pdf")
        wh.load(document("inconnu.pdf", None, None, event("pst_adopted", date(2019, 9, 1))),
                "/docs/inconnu.pdf")
        # The day the plan was first fetched from its URL, fixed for the tests.
        wh.con.execute("UPDATE core_documents SET loaded_at = ? WHERE source_key = ?", [NAMUR_SEEN, NAMUR_URL])
    return path
