"""The typed document model every stage speaks: bytes → blocks → tree → rows.

Extractors turn a source file into an ``ExtractedDocument`` (a flat list of ``Block``
with provenance); the tree builder turns blocks into ``PlanItem`` rows (objectifs
stratégiques → objectifs opérationnels → actions); the warehouse loads a
``ParsedDocument``. All models are frozen pydantic models validated at construction.
"""

from __future__ import annotations

from datetime import date
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceFormat(str, Enum):
    """Formats of source documents: what the bytes are (``pipeline.core.formats.sniff``).

    ``PDF_SCAN`` is what the PDF extractor reports for a PDF read mostly by OCR; ``DOC`` and
    ``ODT`` are read through LibreOffice's conversion to .docx.
    """

    PDF = "pdf"
    PDF_SCAN = "pdf_scan"
    DOCX = "docx"
    DOC = "doc"
    ODT = "odt"
    HTML = "html"


class BlockKind(str, Enum):
    """What a block is on the page, before any plan semantics."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"


class Provenance(_Frozen):
    """Where a block comes from: page + bbox (PDF), paragraph index (Word), DOM path (HTML)."""

    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    paragraph_index: int | None = None
    dom_path: str | None = None
    raw_text: str = ""


class Block(_Frozen):
    """One unit of text as laid out in the source (a paragraph, heading, list item or table row).

    ``text`` is the visible text *without* any generated list number; ``label`` holds a
    number that the format generated (Word automatic numbering, an HTML ``<ol>``), e.g.
    ``"1.2."``, ``"a)"`` — numbers typed in the text stay in ``text``.
    """

    kind: BlockKind
    text: str
    label: str | None = None
    heading_level: int | None = Field(default=None, ge=1, le=9)
    list_level: int | None = Field(default=None, ge=0)
    list_id: str | None = None
    bullet: bool = False
    bold: bool = False
    font_size: float | None = None
    indent: float | None = None
    cells: tuple[str, ...] | None = None
    table_index: int | None = None
    row_index: int | None = None
    is_header_row: bool = False
    in_toc: bool = False
    provenance: Provenance = Provenance()


class ExtractedDocument(_Frozen):
    """What an extractor returns: the blocks of one source, in reading order."""

    source_file: str
    format: SourceFormat
    blocks: tuple[Block, ...]
    page_count: int | None = None
    warnings: tuple[str, ...] = ()
    # Running headers/footers, the Word header/footer parts, an HTML page's <title> and site
    # chrome: kept out of the blocks (never plan items) but read to identify the CPAS.
    furniture: tuple[str, ...] = ()


class Level(str, Enum):
    """Level of a plan item: objectif stratégique, objectif opérationnel, action."""

    OS = "os"
    OO = "oo"
    ACTION = "action"

    @property
    def depth(self) -> int:
        """The parts of a full number at this level: 1 for an OS, 2 for an OO, 3 for an action."""
        return _LEVEL_ORDER.index(self) + 1

    @classmethod
    def at_depth(cls, depth: int) -> Level | None:
        """The level whose full numbers have ``depth`` parts (None past an action)."""
        return _LEVEL_ORDER[depth - 1] if 1 <= depth <= len(_LEVEL_ORDER) else None


_LEVEL_ORDER = (Level.OS, Level.OO, Level.ACTION)


class Status(str, Enum):
    """Normalized follow-up status of an action (statut / état d'avancement)."""

    A_PROGRAMMER = "a_programmer"
    EN_COURS = "en_cours"
    FINALISE = "finalise"
    ABANDONNE = "abandonne"


class Volet(str, Enum):
    """Part of the plan: volet interne (administration), externe (public), commun (with the commune)."""

    INTERNE = "interne"
    EXTERNE = "externe"
    COMMUN = "commun"


class PlanItem(_Frozen):
    """One objective or action of the plan, flat, with its parent's canonical number."""

    position: int
    level: Level
    number: str
    source_label: str | None = None
    title: str
    parent_number: str | None = None
    volet: Volet | None = None
    axe: str | None = None
    status: Status | None = None
    progress_pct: float | None = Field(default=None, ge=0, le=100)
    pilote: str | None = None
    partners: str | None = None
    due: str | None = None
    indicators: str | None = None
    description: str | None = None
    is_cpas: bool = True
    provenance: Provenance = Provenance()


class Anomaly(_Frozen):
    """Something odd in the source that the parser kept rather than silently fixed."""

    kind: str
    detail: str
    number: str | None = None


class DatePrecision(str, Enum):
    """How much of a date the source gives."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Event(_Frozen):
    """A dated event the document reports (adoption of the DPS, of the PST, an evaluation...)."""

    kind: str
    event_date: date
    precision: DatePrecision
    is_planned: bool = False
    delegated_to_bureau: bool = False
    evidence_text: str
    provenance: Provenance = Provenance()
    # The legislature the event belongs to, from its own date (and a span of years next to
    # it); the document's legislature only breaks a tie. None when no legislature fits.
    legislature: str | None = None


class DocumentKind(str, Enum):
    """Kind of document: the plan itself, a deliberation adopting it, an evaluation, a web summary."""

    PST = "pst"
    DELIBERATION = "deliberation"
    EVALUATION = "evaluation"
    WEB_SUMMARY = "web_summary"
    UNKNOWN = "unknown"


class DeclaredCounts(_Frozen):
    """Counts the document states about itself ("15 objectifs opérationnels", "plus de 40 actions")."""

    os: int | None = None
    oo: int | None = None
    action: int | None = None
    action_is_minimum: bool = False


class ParsedDocument(_Frozen):
    """The parsed plan of one source document, ready to load."""

    source_file: str
    sha256: str
    format: SourceFormat
    parser_version: str
    cpas_name: str | None = None
    nis_code: str | None = None
    legislature: str | None = None
    doc_kind: DocumentKind = DocumentKind.UNKNOWN
    page_count: int | None = None
    items: tuple[PlanItem, ...] = ()
    anomalies: tuple[Anomaly, ...] = ()
    events: tuple[Event, ...] = ()
    declared: DeclaredCounts = DeclaredCounts()
    warnings: tuple[str, ...] = ()

    def count(self, level: Level) -> int:
        """Number of items of one level."""
        return sum(1 for it in self.items if it.level == level)
