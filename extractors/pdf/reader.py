"""Read a whole PDF: sniff and open it, pick text layer or OCR per page, lay out blocks."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from pipeline.core.errors import (
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    OcrUnavailable,
    UnsupportedFormat,
)
from pipeline.core.model import Block, BlockKind, ExtractedDocument, Provenance, SourceFormat

from ..furniture import collect_furniture
from .aligned_tables import Carry, find_aligned_tables
from .furniture import TOC_TITLE_RE, find_furniture, find_toc, furniture_texts, is_footnote, is_toc_entry
from .garbage import unreadable_layer
from .layout import Group, Line, doc_stats, group_lines, groups_to_blocks, join_lines
from .pdfium_text import (
    MAX_READ_CHARS,
    Descents,
    PageReader,
    may_have_tables,
    page_lines,
    too_many_chars,
    words_outside,
)
from .ruled_tables import PageTable, TableRow, find_page_tables, looks_like_header, same_layout
from .ruling import table_page
from .textlayer import PageContent, read_page

MIN_TEXT_CHARS = 20  # fewer chars than this on a page with an image: treat as scanned
_LAST = 1 << 30  # footnotes come after every region of their page
MAX_HEADER_ROWS = 3  # rows a header repeated on each page may span
_PAGE_NO_CELL = re.compile(r"^\s*\d{1,4}\s*$")


def sniff(data: bytes, name: str) -> None:
    """Raise ``EmptyDocument`` / ``UnsupportedFormat`` unless the bytes look like a PDF."""
    if not data:
        raise EmptyDocument(f"{name}: zero-byte file")
    head = data[:1024]
    if b"%PDF-" in head:
        return
    low = head.lstrip().lower()
    if head.startswith(b"PK\x03\x04"):
        what = "a zip archive"
        if b"word/" in head or b"[Content_Types].xml" in head:
            what = "a zip archive (probably an Office .docx/.xlsx file)"
    elif low.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in low[:512]:
        what = "an HTML/XML document"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        what = "an OLE compound file (old Word .doc / Excel .xls)"
    elif head.startswith(b"{\\rtf"):
        what = "an RTF document"
    elif head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")):
        what = "an image file"
    else:
        what = f"unknown data (first bytes {head[:16]!r})"
    raise UnsupportedFormat(f"{name}: not a PDF (no %PDF header); it looks like {what}")


def _open_pdfium(data: bytes, name: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == 4 or "password" in str(exc).lower():
            raise EncryptedDocument(f"{name}: the PDF is encrypted with a user password") from exc
        raise CorruptDocument(f"{name}: cannot open the PDF ({exc})") from exc


def _page_kinds(
    data: bytes, name: str, read: list[int] | None = None
) -> tuple[list[str], dict[int, PageContent]]:
    """Per page: "text" (usable text layer), "image" (needs OCR) or "blank".

    With ``read`` (a list), text pages are also read with pdfium in the same pass; pages it
    cannot read are appended to ``read`` for the pdfplumber path.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = _open_pdfium(data, name)
    tables = _Tables(data)
    descents = Descents(data)
    pages: dict[int, PageContent] = {}
    try:
        if len(pdf) == 0:
            raise EmptyDocument(f"{name}: the PDF has no pages")
        kinds = []
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                try:
                    n = textpage.count_chars()
                    has_image = n < MIN_TEXT_CHARS and any(
                        obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects(max_depth=2)
                    )
                    kind = "image" if has_image else ("text" if n else "blank")
                    kinds.append(kind)
                    if kind == "text" and read is not None:
                        content = _read_pdfium_page(page, textpage, i, tables, descents)
                        if content is None and n > MAX_READ_CHARS:
                            # pdfplumber would hold every char of it: millions of Python dicts.
                            pages[i] = PageContent(page=i + 1, width=page.get_width(), height=page.get_height())
                            pages[i].warnings.append(f"page {i + 1}: {n} chars in a layout pdfium cannot read: skipped")
                        elif content is None:
                            read.append(i)
                        else:
                            pages[i] = content
                finally:
                    textpage.close()
            finally:
                page.close()
        return kinds, pages
    except pdfium.PdfiumError as exc:
        raise CorruptDocument(f"{name}: cannot read the PDF ({exc})") from exc
    finally:
        tables.close()
        descents.close()
        pdf.close()


class _Tables:
    """Ruled tables of text pages: pdfium's ruling and chars through pdfplumber's table finder.

    The document is opened with pdfplumber on first need, for the page boxes and content streams only;
    it parses a page itself only where pdfium cannot stand in for it (``ruling.table_page``). Tables without
    rules are found on the words left, a table ending one page going on at the top of the next (``carry``)."""

    def __init__(self, data: bytes):
        self.data = data
        self.pdf = None
        self.carry = Carry()

    def find(self, index: int, page, chars: list[dict], height: float) -> list[PageTable]:
        """Ruled tables of page ``index`` (0-based), as ``textlayer.read_page`` finds them."""
        import pdfplumber

        if self.pdf is None:
            self.pdf = pdfplumber.open(io.BytesIO(self.data))
        plumber = self.pdf.pages[index]
        try:
            return find_page_tables(table_page(page, plumber, chars, height) or plumber, index + 1)
        finally:
            plumber.close()

    def close(self) -> None:
        """Close the pdfplumber document if it was opened."""
        if self.pdf is not None:
            self.pdf.close()


def _read_pdfium_page(page, textpage, index: int, tables: _Tables, descents: Descents) -> PageContent | None:
    """Lines and tables (ruled pages only) of one page read with pdfium; None to fall back."""
    page_no = index + 1
    try:
        if page.get_rotation() or tuple(page.get_mediabox()[:2]) != (0, 0):
            return None  # pdfplumber's coordinates differ there; keep its reading
        reader = PageReader(page, textpage, descents)
        chars = reader.chars()
        content = PageContent(page=page_no, width=reader.width, height=reader.height)
        n_chars = textpage.count_chars()
        if n_chars > MAX_READ_CHARS:
            content.warnings.append(f"page {page_no}: {n_chars} chars, only the first {MAX_READ_CHARS} read")
        if too_many_chars(n_chars):
            content.warnings.append(f"page {page_no}: {n_chars} chars, tables not detected")
        elif may_have_tables(page):
            try:
                content.tables = tables.find(index, page, chars, reader.height)
            except Exception as exc:  # noqa: BLE001 - a broken table must not lose the page
                content.warnings.append(f"page {page_no}: table detection failed ({exc})")
        words = None
        if not too_many_chars(n_chars):
            words = words_outside(chars, [t.bbox for t in content.tables])
            aligned = find_aligned_tables(words, page_no, tables.carry)
            if aligned:  # their words leave the flow: grouped again
                content.tables, words = content.tables + aligned, None
        content.lines = page_lines(chars, page_no, content.width, content.height, content.tables, words)
        return content
    except Exception:  # noqa: BLE001 - any pdfium surprise: read the page with pdfplumber
        return None


def _unreadable_to_ocr(
    pages: list[PageContent], image_idx: list[int], warnings: list[str]
) -> tuple[list[PageContent], dict[int, PageContent]]:
    """Pages whose text layer cannot be read (``garbage.unreadable_layer``) join the pages to OCR."""
    kept: list[PageContent] = []
    unreadable: dict[int, PageContent] = {}
    for page in pages:
        why = unreadable_layer(page)
        if why is None:
            kept.append(page)
            continue
        unreadable[page.page - 1] = page
        image_idx.append(page.page - 1)
        warnings.append(f"page {page.page}: {why}; read by OCR")
    image_idx.sort()
    return kept, unreadable


def _read_text_pages(data: bytes, name: str, indices: list[int]) -> list[PageContent]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    out = []
    carry = Carry()  # a table without rules going on from one page to the next
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for i in indices:
                page = pdf.pages[i]
                try:
                    out.append(read_page(page, i + 1, carry))
                finally:
                    page.close()  # drop the page's cached objects
    except PDFPasswordIncorrect as exc:
        raise EncryptedDocument(f"{name}: the PDF is encrypted with a user password") from exc
    except (EmptyDocument, EncryptedDocument):
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many unrelated types
        if "password" in str(exc).lower() or type(exc).__name__.startswith("PDFPassword"):
            raise EncryptedDocument(f"{name}: encrypted PDF ({exc})") from exc
        raise CorruptDocument(f"{name}: cannot parse the PDF ({type(exc).__name__}: {exc})") from exc
    return out


def extract(data: bytes, name: str, *, engine: str = "pdfium") -> ExtractedDocument:
    """Extract the blocks of a PDF's bytes (text layer, or OCR for image-only pages).

    ``engine``: "pdfium" reads text-layer pages with pypdfium2 (pdfplumber's table finder on its
    ruling, pdfplumber for pages it cannot read); "pdfplumber" reads them all with pdfplumber.
    """
    sniff(data, name)
    fallback: list[int] = []
    kinds, read = _page_kinds(data, name, fallback if engine == "pdfium" else None)
    text_idx = [i for i, k in enumerate(kinds) if k == "text"]
    image_idx = [i for i, k in enumerate(kinds) if k == "image"]
    plumber_idx = fallback if engine == "pdfium" else text_idx
    pages = list(read.values())
    if plumber_idx:
        pages += _read_text_pages(data, name, plumber_idx)
    warnings: list[str] = []
    pages, unreadable = _unreadable_to_ocr(pages, image_idx, warnings)
    if image_idx:
        from .ocr import ocr_pages

        try:
            pages += ocr_pages(data, image_idx)
        except OcrUnavailable:
            if len(unreadable) < len(image_idx):
                raise  # scanned pages: nothing to read without OCR (tried again on the next run)
            pages += unreadable.values()  # only unreadable text layers: keep them, said in the warnings
            warnings.append("OCR unavailable: the unreadable text layers were kept as they are")
            image_idx = []
        if text_idx and image_idx:
            warnings.append(f"OCR used on pages {', '.join(str(i + 1) for i in image_idx)}")
    pages.sort(key=lambda p: p.page)
    for p in pages:
        warnings.extend(p.warnings)
    fmt = SourceFormat.PDF_SCAN if len(image_idx) > len(text_idx) else SourceFormat.PDF
    furniture: list[str] = []
    blocks = assemble(pages, page_count=len(kinds), ocr=fmt == SourceFormat.PDF_SCAN, furniture=furniture)
    if not blocks:
        why = f" ({'; '.join(warnings)})" if warnings else ""  # a page skipped by a limit says so
        raise EmptyDocument(f"{name}: no text found in the PDF{why}"[:600])
    return ExtractedDocument(
        source_file=name,
        format=fmt,
        blocks=tuple(blocks),
        page_count=len(kinds),
        warnings=tuple(warnings),
        furniture=collect_furniture(furniture),
    )


@dataclass
class _Item:
    page: int
    region: int  # reading order of the page region (columns)
    top: float
    order: int
    block: Block


def assemble(
    pages: list[PageContent], page_count: int, ocr: bool = False, furniture: list[str] | None = None
) -> list[Block]:
    """Lay out the lines and tables of all pages into blocks in reading order.

    The text of the running headers/footers left out is appended to ``furniture`` if given.
    """
    all_lines = [ln for p in pages for ln in p.lines]
    drop = find_furniture(all_lines, page_count)
    if furniture is not None:
        furniture.extend(furniture_texts(all_lines, drop))
    lines = [ln for i, ln in enumerate(all_lines) if i not in drop]
    stats = doc_stats(lines)
    notes = [ln for ln in lines if is_footnote(ln, stats.body_size)]
    flow = [ln for ln in lines if not is_footnote(ln, stats.body_size)]
    toc = find_toc(flow)

    tables_by_page = {p.page: p.tables for p in pages}
    breaks = _table_breaks(flow, tables_by_page)
    toc_ids = {id(flow[i]) for i in toc}
    flow_groups = [
        Group(g, in_toc=id(g[0]) in toc_ids) for g in group_lines(flow, stats, breaks=breaks, isolated=toc, ocr=ocr)
    ]
    note_groups = [Group([ln], footnote=True) for ln in notes]
    all_groups = flow_groups + note_groups
    blocks = groups_to_blocks(all_groups, stats, level_tol=7.0 if ocr else 4.0)

    items: list[_Item] = []
    for n, (g, b) in enumerate(zip(all_groups, blocks, strict=True)):
        first = g.lines[0]
        if g.footnote:
            items.append(_Item(first.page, _LAST, float("inf"), n, b))
        else:
            items.append(_Item(first.page, first.region, first.top, n, b))
    items.extend(_table_items(pages, flow, len(items)))
    items.sort(key=lambda it: (it.page, it.region, it.top, it.order))
    return [it.block for it in items]


def _table_breaks(flow: list[Line], tables_by_page: dict[int, list[PageTable]]) -> set[int]:
    """Indices of flow lines that must start a block because a table precedes them (on their
    page, in their region of the page)."""
    breaks: set[int] = set()
    for i, ln in enumerate(flow):
        prev = flow[i - 1] if i else None
        tables = [t for t in tables_by_page.get(ln.page, []) if t.region == ln.region]
        if prev is not None and (prev.page, prev.region) == (ln.page, ln.region):
            if any(prev.bottom <= t.bbox[1] + 1 and t.bbox[1] <= ln.top for t in tables):
                breaks.add(i)
        elif any(t.bbox[1] <= ln.top for t in tables):
            breaks.add(i)  # a table sits above the first line of this page (region)
        elif prev is not None:
            prev_tables = [t for t in tables_by_page.get(prev.page, []) if t.region == prev.region]
            if any(t.bbox[1] >= prev.bottom - 1 for t in prev_tables):
                breaks.add(i)
    return breaks


def _table_items(pages: list[PageContent], flow: list[Line], start: int) -> list[_Item]:
    """Table rows as blocks, with continued tables (next page, same columns) joined."""
    entries: list[tuple[int, int, float, int, dict]] = []
    table_index = -1
    row_index = 0
    last: PageTable | None = None
    last_row: dict | None = None
    header: list[str] | None = None
    opening: list[list[str]] = []  # the first rows of the table being read
    order = start
    by_page: dict[int, list[Line]] = {}
    for ln in flow:
        by_page.setdefault(ln.page, []).append(ln)
    for p in pages:
        for t in p.tables:
            above = [ln for ln in by_page.get(p.page, []) if ln.bottom <= t.bbox[1] + 1]
            continued = (
                last is not None
                and last.page == p.page - 1
                and not above
                and not any(ln.top >= last.bbox[3] - 1 for ln in by_page.get(last.page, []))
                and same_layout(last, t)
            )
            rows = list(t.rows)
            head = _repeated_head(rows, opening) if continued else 0  # Word repeats the header as it is
            if continued and header and head:
                rows, head = rows[1:], head - 1  # the header repeated on the new page
            if not continued:
                table_index += 1
                row_index = 0
                header = t.rows[0].cells if looks_like_header(t) else None
                opening = [r.cells for r in t.rows[:MAX_HEADER_ROWS]]
            toc = _is_toc_table(t, above)
            broken = last_row  # the last row of the page before
            for k, row in enumerate(rows):
                if continued and k == head and broken is not None and _rest_of_row(row, broken["cells"]):
                    row = _merge_row(broken, row)  # a row broken across the page
                    if row is None:
                        continue
                entry = {
                    "cells": list(row.cells),
                    "row": row,
                    "raw": [" | ".join(row.raw)],
                    "header": not continued and k == 0 and header is not None,
                    "index": (table_index, row_index),
                    "toc": toc,
                }
                row_index += 1
                entries.append((p.page, t.region, row.bbox[1], order, entry))
                order += 1
                last_row = entry
            last = t
    return [_Item(page, region, top, n, _row_block(entry)) for page, region, top, n, entry in entries]


def _repeated_head(rows: list[TableRow], opening: list[list[str]]) -> int:
    """How many first rows of a page repeat the first rows of their table: its header, which Word repeats on
    each page as it is (over rows, bold or not); a row broken across the page goes on below it."""
    n = 0
    while n < min(len(rows), len(opening)) and rows[n].cells == opening[n]:
        n += 1
    return n


def _rest_of_row(row: TableRow, above: list[str]) -> bool:
    """The first row of a page is the rest of the row that ended the page above: its first cell empty under a
    filled one, or its first words going on in lower case (a row broken across the page in every column)."""
    first = next((c for c in row.cells if c.strip()), "")
    return (row.cells[0] == "" and above[0] != "") or first[:1].islower()


# A cell that opens a numbered item ("3.1.2 Remplacer …", "OO 2.1 …", "• …"): no rest of the cell above it.
_OPENS_ITEM = re.compile(r"^(?:[•▪◦●■➢►✓-]\s|(?:[A-Za-z]{1,8}\.?\s?)?\d{1,3}(?:[.\-]\d{1,3})+\.?\s+\S)")


def _merge_row(entry: dict, row: TableRow) -> TableRow | None:
    """Join the rest of a row broken across the page to it; None when all of ``row`` was that rest.

    Cells merged down the rows (an OS or OO column) may go on over the page beside a row of its own: its other
    cells open a numbered item under a filled cell ("durable de l'institution" | "3.1.2 Remplacer …" |
    "Réalisé"). Then only the cells going on in lower case join the row above; the rest is a new row, blank in
    the columns that went on."""
    going_on = [bool(c.strip()) and c.lstrip()[:1].islower() for c in row.cells]
    opening = [
        bool(_OPENS_ITEM.match(c.strip())) and bool(a.strip())
        for c, a in zip(row.cells, entry["cells"], strict=False)
    ]
    if any(going_on) and any(opening):
        entry["cells"] = [
            join_lines([a, b]) if on else a for a, b, on in zip(entry["cells"], row.cells, going_on, strict=False)
        ]
        entry["raw"].append(" | ".join(c for c, on in zip(row.raw, going_on, strict=False) if on))
        cells = ["" if on else c for c, on in zip(row.cells, going_on, strict=False)]
        return TableRow(cells=cells, bbox=row.bbox, bold=row.bold, raw=row.raw, page=row.page)
    entry["cells"] = [join_lines([a, b]) for a, b in zip(entry["cells"], row.cells, strict=False)]
    entry["raw"].append(" | ".join(row.raw))
    return None


def _row_block(entry: dict) -> Block:
    row: TableRow = entry["row"]
    cells = tuple(entry["cells"])
    table_index, row_index = entry["index"]
    return Block(
        kind=BlockKind.TABLE_ROW,
        text=" | ".join(c.replace("\n", " ") for c in cells),
        cells=cells,
        table_index=table_index,
        row_index=row_index,
        is_header_row=entry["header"],
        bold=row.bold,
        in_toc=entry["toc"],
        provenance=Provenance(page=row.page, bbox=row.bbox, raw_text="\n".join(entry["raw"])),
    )


def _is_toc_table(t: PageTable, above: list[Line]) -> bool:
    rows = [r.cells for r in t.rows]
    numbered = sum(1 for r in rows if _PAGE_NO_CELL.match([c for c in r if c][-1] or ""))
    leaders = sum(1 for r in rows if any(is_toc_entry(c + " 1") for c in r[:1]))
    after_title = bool(above) and bool(TOC_TITLE_RE.match(above[-1].text))
    return numbered >= 0.6 * len(rows) and (after_title or leaders >= 0.5 * len(rows))
