"""Walk ``w:body`` in order and turn paragraphs and table rows into ``Block`` objects.

Paragraph numbering (``provenance.paragraph_index``) counts every ``w:p`` in document
order, including the paragraphs inside table cells and nested tables, and including
empty paragraphs that produce no block. A table row carries the index of its first
paragraph. Automatic numbers advance in that same order, as Word counts them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from pipeline.core.model import Block, BlockKind, Provenance

from .numbering import NumberedItem, NumberingDefinitions, NumberingEngine
from .package import MC, W, chosen_alternative, on_off, w_attr
from .runs import FieldState, Segment, count_paragraphs, iter_segments, normalize, text_boxes
from .styles import StyleSheet, indent_of

_SDT_TOC_GALLERIES = ("table of contents",)
_TOC_TITLE = re.compile(
    r"^\s*(table\s+des\s+mati[èe]res|sommaire|table\s+of\s+contents|contents)\s*:?\s*$",
    re.IGNORECASE,
)
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")
_LABEL_SEPARATOR = {"tab": " ", "space": " ", "nothing": ""}


@dataclass(frozen=True)
class ParagraphInfo:
    """Everything learnt about one paragraph before it becomes a block (or a cell line)."""

    kind: BlockKind
    text: str
    raw_text: str
    label: str | None
    separator: str
    heading_level: int | None
    list_level: int | None
    list_id: str | None
    bullet: bool
    bold: bool
    font_size: float | None
    indent: float | None
    in_toc: bool
    index: int

    @property
    def line(self) -> str:
        """Text with the generated label in front, as used inside table cells."""
        return f"{self.label}{self.separator}{self.text}" if self.label else self.text


class BodyReader:
    """Stateful walker over ``w:body``: numbering counters, field state, indexes."""

    def __init__(self, styles: StyleSheet, numbering: NumberingDefinitions):
        """Prepare a reader for one document."""
        self.styles = styles
        self.numbering = numbering
        self.fields = FieldState()
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.engine = NumberingEngine(numbering, self.warnings)
        self._paragraph_count = 0
        self._table_count = 0
        self._unknown_nums: set[str] = set()
        self._bold_lines: list[bool] = []

    def read(self, body: etree._Element) -> list[Block]:
        """Read the whole body and return its blocks in order."""
        self._walk(body, in_toc=False)
        return self.blocks

    def _walk(self, container: etree._Element, in_toc: bool) -> None:
        for child in container:
            tag = child.tag
            if tag == W + "p":
                info = self.paragraph(child, in_toc)
                if info is not None:
                    self.blocks.append(_paragraph_block(info))
                # Text boxes anchored in the paragraph: read after it, numbered in that order.
                for box in text_boxes(child):
                    self._walk(box, in_toc)
            elif tag == MC + "AlternateContent":
                branch = chosen_alternative(child)
                if branch is not None:
                    self._walk(branch, in_toc)
            elif tag == W + "tbl":
                self._table(child, in_toc)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self._walk(content, in_toc or _is_toc_sdt(child))
            elif tag == W + "customXml":
                self._walk(child, in_toc)
            elif tag == W + "altChunk":
                self.warnings.append("embedded alternative-format chunk (w:altChunk) ignored")

    def paragraph(self, p: etree._Element, in_toc: bool = False) -> ParagraphInfo | None:
        """Resolve one ``w:p``; ``None`` if it shows no text (its number still advances)."""
        index = self._paragraph_count
        self._paragraph_count += 1
        ppr = p.find(W + "pPr")
        style_id = self.styles.paragraph_style_id(w_attr(_find(ppr, "pStyle")))

        toc = in_toc or self.fields.in_toc
        segments = list(iter_segments(p, self.fields))
        raw = "".join(s.text for s in segments)
        text = normalize(raw)
        toc = toc or self.fields.in_toc or self.styles.is_toc(style_id)

        heading_level = self._heading_level(ppr, style_id)
        item, direct_ilvl = self._numbering(ppr, style_id)
        if not text:
            return None

        kind = BlockKind.PARAGRAPH
        label = item.label if item else None
        list_level = list_id = None
        bullet = False
        if heading_level is not None:
            kind = BlockKind.HEADING
        elif item is not None:
            kind = BlockKind.LIST_ITEM
            list_id, bullet, list_level = item.num_id, item.bullet, item.ilvl
            named = self.styles.list_style(style_id)
            # "List Bullet 2" styles each point to their own single-level list at ilvl 0;
            # the nesting is only in the style name.
            if named is not None and direct_ilvl is None and item.ilvl == 0:
                list_level = named[1]
        elif not self._mentions_num_id(ppr, style_id):
            named = self.styles.list_style(style_id)
            if named is not None:
                kind = BlockKind.LIST_ITEM
                bullet, list_level = named

        separator = _LABEL_SEPARATOR.get(item.suffix, " ") if item else ""
        raw_stripped = raw.strip()
        return ParagraphInfo(
            kind=kind,
            text=text,
            raw_text=f"{label}{separator}{raw_stripped}" if label else raw_stripped,
            label=label,
            separator=separator,
            heading_level=heading_level,
            list_level=list_level,
            list_id=list_id,
            bullet=bullet,
            bold=self._bold(segments, style_id),
            font_size=self._font_size(segments, style_id),
            indent=self._indent(ppr, style_id, item),
            in_toc=toc,
            index=index,
        )

    def _heading_level(self, ppr: etree._Element | None, style_id: str | None) -> int | None:
        direct = _find(ppr, "outlineLvl")
        level = _int(w_attr(direct)) if direct is not None else self.styles.outline_level(style_id)
        if level is not None:
            # outlineLvl 9 is "body text": an explicit statement that this is no heading.
            return level + 1 if 0 <= level <= 8 else None
        return self.styles.heading_level_by_name(style_id)

    def _numbering(
        self, ppr: etree._Element | None, style_id: str | None
    ) -> tuple[NumberedItem | None, int | None]:
        numpr = _find(ppr, "numPr")
        direct_num = w_attr(_find(numpr, "numId"))
        direct_ilvl = _int(w_attr(_find(numpr, "ilvl")))
        style_num, style_ilvl = self.styles.num_pr(style_id)
        num_id = direct_num if direct_num is not None else style_num
        if num_id is None or num_id.strip() in ("", "0"):
            return None, direct_ilvl
        num_id = num_id.strip()
        if num_id not in self.numbering.nums:
            if num_id not in self._unknown_nums:
                self._unknown_nums.add(num_id)
                self.warnings.append(f"paragraph numbering refers to undefined numId {num_id}")
            return None, direct_ilvl
        ilvl = direct_ilvl if direct_ilvl is not None else style_ilvl
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, style_id) or 0
        return self.engine.advance(num_id, ilvl), direct_ilvl

    def _mentions_num_id(self, ppr: etree._Element | None, style_id: str | None) -> bool:
        """Whether the paragraph or its style names a numId at all (``0`` included)."""
        direct_num = w_attr(_find(_find(ppr, "numPr"), "numId"))
        num_id = direct_num if direct_num is not None else self.styles.num_pr(style_id)[0]
        return num_id is not None

    def _bold(self, segments: list[Segment], style_id: str | None) -> bool:
        flags = [
            self._run_flag(s.run, "b", style_id)
            for s in segments
            if s.run is not None and s.text.strip()
        ]
        return bool(flags) and all(flags)

    def _run_flag(self, run: etree._Element, tag: str, style_id: str | None) -> bool:
        rpr = run.find(W + "rPr")
        direct = _find(rpr, tag)
        if direct is not None:
            return bool(on_off(direct))
        rstyle = w_attr(_find(rpr, "rStyle"))
        return bool(on_off(self.styles.run_prop(tag, rstyle, style_id)))

    def _font_size(self, segments: list[Segment], style_id: str | None) -> float | None:
        sizes: Counter[float] = Counter()
        for s in segments:
            if s.run is None or not s.text.strip():
                continue
            rpr = s.run.find(W + "rPr")
            el = _find(rpr, "sz")
            if el is None:
                el = self.styles.run_prop("sz", w_attr(_find(rpr, "rStyle")), style_id)
            half_points = _int(w_attr(el))
            if half_points:
                sizes[half_points / 2] += len(s.text)
        return sizes.most_common(1)[0][0] if sizes else None

    def _indent(
        self, ppr: etree._Element | None, style_id: str | None, item: NumberedItem | None
    ) -> float | None:
        twips = indent_of(_find(ppr, "ind"))
        if twips is None and item is not None:
            twips = item.indent_twips
        if twips is None:
            twips = self.styles.indent_twips(style_id)
        return twips / 20 if twips is not None else None

    def _table(self, tbl: etree._Element, in_toc: bool) -> None:
        rows = _rows(tbl)
        if rows and all(len(_cells(tr)) == 1 for tr in rows) and not any(_repeated_header(tr) for tr in rows):
            # One column, no header: a frame around text (an "encadré"), read as the paragraphs it holds, as in
            # its PDF.
            for tr in rows:
                self._walk(_cells(tr)[0], in_toc)
            return
        table_index = self._table_count
        self._table_count += 1
        read: list[tuple[int, int, list[str], bool, bool]] = []
        for row_index, tr in enumerate(rows):
            first_paragraph = self._paragraph_count
            self._bold_lines = []
            cells = [self._cell_text(tc, in_toc) for tc in _cells(tr)]
            self._paragraph_count += _merged_away_paragraphs(tr)
            if not any(cells):
                continue
            # A first row counts as a header only when it looks like one (repeated header
            # flag, or all bold): many PST tables start directly with data ("OO/01 | ...").
            repeated = _repeated_header(tr)
            all_bold = bool(self._bold_lines) and all(self._bold_lines)
            header = repeated or (row_index == 0 and len(rows) > 1 and all_bold)
            read.append((row_index, first_paragraph, cells, header, all_bold))
        toc = in_toc or self._is_toc_table([cells for _, _, cells, _, _ in read])
        for row_index, first_paragraph, cells, header, all_bold in read:
            text = " | ".join(cells)
            self.blocks.append(
                Block(
                    kind=BlockKind.TABLE_ROW,
                    text=text,
                    cells=tuple(cells),
                    table_index=table_index,
                    row_index=row_index,
                    is_header_row=header,
                    bold=all_bold,
                    in_toc=toc,
                    provenance=Provenance(paragraph_index=first_paragraph, raw_text=text),
                )
            )

    def _is_toc_table(self, rows: list[list[str]]) -> bool:
        """A table laid out as a table of contents: titled so, rows ending in page numbers."""
        if not rows or not self.blocks or not _TOC_TITLE.match(self.blocks[-1].text):
            return False
        paged = sum(1 for cells in rows if _PAGE_NUMBER.match([c for c in cells if c][-1]))
        return paged >= 0.6 * len(rows)

    def _cell_text(self, container: etree._Element, in_toc: bool) -> str:
        lines: list[str] = []
        for child in container:
            tag = child.tag
            if tag == W + "p":
                info = self.paragraph(child, in_toc)
                if info is not None:
                    lines.append(info.line)
                    self._bold_lines.append(info.bold)
                for box in text_boxes(child):
                    nested = self._cell_text(box, in_toc)
                    if nested:
                        lines.append(nested)
            elif tag == MC + "AlternateContent":
                branch = chosen_alternative(child)
                nested = self._cell_text(branch, in_toc) if branch is not None else ""
                if nested:
                    lines.append(nested)
            elif tag == W + "tbl":
                for tr in _rows(child):
                    cells = [self._cell_text(tc, in_toc) for tc in _cells(tr)]
                    self._paragraph_count += _merged_away_paragraphs(tr)
                    if any(cells):
                        lines.append(" | ".join(c.replace("\n", " ") for c in cells))
            elif tag in (W + "sdt",):
                content = child.find(W + "sdtContent")
                if content is not None:
                    nested = self._cell_text(content, in_toc)
                    if nested:
                        lines.append(nested)
            elif tag == W + "customXml":
                nested = self._cell_text(child, in_toc)
                if nested:
                    lines.append(nested)
        return "\n".join(lines)


def _paragraph_block(info: ParagraphInfo) -> Block:
    return Block(
        kind=info.kind,
        text=info.text,
        label=info.label,
        heading_level=info.heading_level,
        list_level=info.list_level,
        list_id=info.list_id,
        bullet=info.bullet,
        bold=info.bold,
        font_size=info.font_size,
        indent=info.indent,
        in_toc=info.in_toc,
        provenance=Provenance(paragraph_index=info.index, raw_text=info.raw_text),
    )


def _repeated_header(tr: etree._Element) -> bool:
    """The row is marked to repeat at the top of each page (``w:tblHeader``): a header row."""
    return bool(on_off(_find(tr.find(W + "trPr"), "tblHeader")))


def _rows(tbl: etree._Element) -> list[etree._Element]:
    """Rows of a table, looking through content controls and custom XML wrappers."""
    return _children(tbl, "tr")


def _cells(tr: etree._Element) -> list[etree._Element]:
    """Cells of a row, minus legacy ``hMerge`` continuation cells (a merge is one cell)."""
    return [tc for tc in _children(tr, "tc") if not _merged_away(tc)]


def _merged_away(tc: etree._Element) -> bool:
    hmerge = _find(tc.find(W + "tcPr"), "hMerge")
    return hmerge is not None and w_attr(hmerge) == "continue"


def _merged_away_paragraphs(tr: etree._Element) -> int:
    """Paragraphs of ``hMerge`` continuation cells: not read, but still counted."""
    return sum(count_paragraphs(tc) for tc in _children(tr, "tc") if _merged_away(tc))


def _children(parent: etree._Element, local: str) -> list[etree._Element]:
    out: list[etree._Element] = []
    for child in parent:
        if child.tag == W + local:
            out.append(child)
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                out.extend(_children(content, local))
        elif child.tag == W + "customXml":
            out.extend(_children(child, local))
    return out


def _is_toc_sdt(sdt: etree._Element) -> bool:
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    value = (w_attr(gallery) or "").lower()
    return value in _SDT_TOC_GALLERIES


def _find(parent: etree._Element | None, local: str) -> etree._Element | None:
    return parent.find(W + local) if parent is not None else None


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None
