"""A small WordprocessingML writer for the gallery: real parts, written by hand, byte-for-byte reproducible.

The package holds what Word itself writes and what the extractors must read: ``styles.xml`` with
French style ids (``Titre1``, ``Paragraphedeliste``, ``TM1``, ``En-tte``…) and outline levels,
``numbering.xml`` (``w:abstractNum`` / ``w:num`` / ``w:lvlOverride``; numbering carried by
``w:numPr`` on paragraphs or by a paragraph style), header and footer parts with ``PAGE`` fields,
tables with ``w:gridSpan`` / ``w:vMerge`` / ``w:tblHeader``, a cached ``TOC`` field, sections.
Zip entries get a fixed date so that the same document gives the same bytes.
"""

from __future__ import annotations

import random
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, unescape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ZIP_DATE = (2025, 3, 1, 12, 0, 0)

A4 = (11906, 16838)


def esc(text: str) -> str:
    return escape(text, {'"': "&quot;"})


# ------------------------------------------------------------------ runs and paragraphs


def r(text: str = "", *, bold: bool = False, italic: bool = False, size: float | None = None,
      caps: bool = False, color: str | None = None, underline: bool = False) -> str:
    """A run; tabs ("\\t") and line breaks ("\\n") in ``text`` become ``w:tab`` / ``w:br``."""
    rpr = ""
    if bold:
        rpr += "<w:b/><w:bCs/>"
    if italic:
        rpr += "<w:i/>"
    if caps:
        rpr += "<w:caps/>"
    if color:
        rpr += f'<w:color w:val="{color}"/>'
    if size:
        rpr += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    if underline:
        rpr += '<w:u w:val="single"/>'
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{esc(piece)}</w:t>')
    return f"<w:r>{'<w:rPr>' + rpr + '</w:rPr>' if rpr else ''}{''.join(out)}</w:r>"


def field_run(instr: str, shown: str, *, size: float | None = None) -> str:
    """A complex field (PAGE, NUMPAGES…) with its cached result."""
    sz = f'<w:rPr><w:sz w:val="{round(size * 2)}"/></w:rPr>' if size else ""
    return (f'<w:r>{sz}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{sz}<w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            f'<w:r>{sz}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{sz}<w:t>{esc(shown)}</w:t></w:r>'
            f'<w:r>{sz}<w:fldChar w:fldCharType="end"/></w:r>')


def p(content: str = "", *, style: str | None = None, num: tuple[int, int] | None = None,
      bold: bool = False, italic: bool = False, size: float | None = None, align: str | None = None,
      ind: tuple[int, int] | None = None, ind_right: int | None = None, outline: int | None = None,
      keep_next: bool = False, page_break_before: bool = False, after: int | None = None,
      before: int | None = None, tabs: tuple[tuple[str, int, str | None], ...] = (), runs: str | None = None,
      sect: str | None = None, shade: str | None = None) -> str:
    """A paragraph. ``content`` is plain text (one run); ``runs`` raw runs. ``num`` = (numId, ilvl).

    ``ind`` = (left, hanging) in twips; a negative hanging is a first-line indent.
    """
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if keep_next:
        ppr += "<w:keepNext/>"
    if page_break_before:
        ppr += "<w:pageBreakBefore/>"
    if num is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if shade:
        ppr += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
    if tabs:
        ppr += "<w:tabs>" + "".join(
            f'<w:tab w:val="{kind}"{" w:leader=" + chr(34) + leader + chr(34) if leader else ""} w:pos="{pos}"/>'
            for kind, pos, leader in tabs) + "</w:tabs>"
    if before is not None or after is not None:
        ppr += "<w:spacing" + (f' w:before="{before}"' if before is not None else "") + (
            f' w:after="{after}"' if after is not None else "") + "/>"
    if ind is not None or ind_right is not None:
        attrs = ""
        if ind is not None:
            left, hanging = ind
            attrs += f' w:left="{left}"'
            attrs += f' w:hanging="{hanging}"' if hanging >= 0 else f' w:firstLine="{-hanging}"'
        if ind_right is not None:
            attrs += f' w:right="{ind_right}"'
        ppr += f"<w:ind{attrs}/>"
    if align:
        ppr += f'<w:jc w:val="{align}"/>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    if sect:
        ppr += sect
    body = runs if runs is not None else (r(content, bold=bold, italic=italic, size=size) if content else "")
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


# ------------------------------------------------------------------ tables


@dataclass
class Cell:
    """A table cell: text (``\\n`` separates paragraphs) or raw paragraphs; merges; shading."""

    text: str = ""
    span: int = 1
    vmerge: str | None = None  # "restart" | "continue"
    shade: str | None = None
    bold: bool = False
    size: float | None = None
    align: str | None = None
    paras: str | None = None
    valign: str | None = None

    def xml(self, width: int) -> str:
        tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if self.span > 1:
            tcpr += f'<w:gridSpan w:val="{self.span}"/>'
        if self.vmerge == "restart":
            tcpr += '<w:vMerge w:val="restart"/>'
        elif self.vmerge == "continue":
            tcpr += "<w:vMerge/>"
        if self.shade:
            tcpr += f'<w:shd w:val="clear" w:color="auto" w:fill="{self.shade}"/>'
        if self.valign:
            tcpr += f'<w:vAlign w:val="{self.valign}"/>'
        if self.paras is not None:
            content = self.paras
        elif self.vmerge == "continue":
            content = p()
        else:
            content = "".join(p(line, bold=self.bold, size=self.size, align=self.align, after=0)
                              for line in (self.text.split("\n") if self.text else [""]))
        return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{content}</w:tc>"


def table(rows: list[list[Cell]], widths: list[int], *, header_rows: int = 0, cant_split: bool = False,
          style: str = "Grilledutableau", indent: int = 0, layout_fixed: bool = True) -> str:
    """A bordered table; the first ``header_rows`` rows get ``w:tblHeader`` (repeated on every page)."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    tblpr = (f'<w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
             + (f'<w:tblInd w:w="{indent}" w:type="dxa"/>' if indent else "")
             + f"<w:tblBorders>{borders}</w:tblBorders>"
             + ('<w:tblLayout w:type="fixed"/>' if layout_fixed else "")
             + '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
               'w:noHBand="0" w:noVBand="1"/></w:tblPr>')
    out = [f"<w:tbl>{tblpr}<w:tblGrid>{grid}</w:tblGrid>"]
    for i, cells in enumerate(rows):
        trpr = ""
        if cant_split:
            trpr += "<w:cantSplit/>"
        if i < header_rows:
            trpr += "<w:tblHeader/>"
        col = 0
        tcs = []
        for c in cells:
            w = sum(widths[col:col + c.span])
            col += c.span
            tcs.append(c.xml(w))
        out.append(f"<w:tr>{'<w:trPr>' + trpr + '</w:trPr>' if trpr else ''}{''.join(tcs)}</w:tr>")
    out.append("</w:tbl>")
    # Word needs a paragraph between two tables, else they merge.
    return "".join(out) + p(after=0)


# ------------------------------------------------------------------ numbering


@dataclass
class Lvl:
    """One ``w:lvl`` of an abstract numbering."""

    text: str  # lvlText, e.g. "%1.%2."
    fmt: str = "decimal"
    start: int = 1
    left: int = 720
    hanging: int = 360
    suff: str | None = None  # "tab" (default) | "space" | "nothing"
    pstyle: str | None = None
    bold: bool = False
    font: str | None = None
    restart: int | None = None
    is_lgl: bool = False  # legal numbering: every level shown in decimal ("I." then "1.1.")

    def xml(self, ilvl: int) -> str:
        inner = f'<w:start w:val="{self.start}"/><w:numFmt w:val="{self.fmt}"/>'
        if self.restart is not None:
            inner += f'<w:lvlRestart w:val="{self.restart}"/>'
        if self.pstyle:
            inner += f'<w:pStyle w:val="{self.pstyle}"/>'
        if self.is_lgl:
            inner += "<w:isLgl/>"
        if self.suff:
            inner += f'<w:suff w:val="{self.suff}"/>'
        inner += f'<w:lvlText w:val="{esc(self.text)}"/><w:lvlJc w:val="left"/>'
        inner += f'<w:pPr><w:ind w:left="{self.left}" w:hanging="{self.hanging}"/></w:pPr>'
        rpr = ""
        if self.font:
            rpr += f'<w:rFonts w:ascii="{self.font}" w:hAnsi="{self.font}" w:hint="default"/>'
        if self.bold:
            rpr += "<w:b/>"
        if rpr:
            inner += f"<w:rPr>{rpr}</w:rPr>"
        return f'<w:lvl w:ilvl="{ilvl}">{inner}</w:lvl>'


def outline_levels(depth: int = 3, *, step: int = 567, hanging: int | None = None, trailing_dot: bool = True,
                   pstyles: tuple[str | None, ...] = (), suff: tuple[str | None, ...] = (),
                   bold: tuple[bool, ...] = ()) -> list[Lvl]:
    """``%1.`` / ``%1.%2.`` / ``%1.%2.%3.`` levels with growing hanging indents."""
    out = []
    for i in range(depth):
        text = "".join(f"%{k + 1}." for k in range(i + 1))
        if not trailing_dot:
            text = text[:-1]
        hang = hanging if hanging is not None else 425 + 170 * i
        out.append(Lvl(text, left=step * i + hang, hanging=hang,
                       pstyle=pstyles[i] if i < len(pstyles) else None,
                       suff=suff[i] if i < len(suff) else None,
                       bold=bold[i] if i < len(bold) else False))
    return out


BULLET = "\uf0b7"  # Symbol-font bullet, as Word writes it


def bullet_levels(depth: int = 3) -> list[Lvl]:
    chars = (BULLET, "o", "\uf0a7")
    fonts = ("Symbol", "Courier New", "Wingdings")
    return [Lvl(chars[i % 3], fmt="bullet", left=720 + 360 * i, hanging=360, font=fonts[i % 3]) for i in range(depth)]


# ------------------------------------------------------------------ styles


def _style(sid: str, name: str, *, kind: str = "paragraph", based: str | None = "Normal", nxt: str | None = None,
           ppr: str = "", rpr: str = "", default: bool = False, ui: int | None = None, extra: str = "") -> str:
    attrs = f'w:type="{kind}" w:styleId="{sid}"' + (' w:default="1"' if default else "")
    inner = f'<w:name w:val="{esc(name)}"/>'
    if based:
        inner += f'<w:basedOn w:val="{based}"/>'
    if nxt:
        inner += f'<w:next w:val="{nxt}"/>'
    if ui is not None:
        inner += f'<w:uiPriority w:val="{ui}"/><w:qFormat/>'
    inner += extra
    if ppr:
        inner += f"<w:pPr>{ppr}</w:pPr>"
    if rpr:
        inner += f"<w:rPr>{rpr}</w:rPr>"
    return f"<w:style {attrs}>{inner}</w:style>"


def heading_style(level: int, *, french_names: bool, size: float, color: str | None = None,
                  num: tuple[int, int] | None = None, caps: bool = False, bold: bool = True) -> str:
    """``Titre<n>``: Word's French style id; the name is "heading n" (Word) or "Titre n" (older tools)."""
    name = f"Titre {level}" if french_names else f"heading {level}"
    ppr = '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/>'
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr += f'<w:outlineLvl w:val="{level - 1}"/>'
    rpr = ("<w:b/><w:bCs/>" if bold else "") + ("<w:caps/>" if caps else "")
    rpr += f'<w:color w:val="{color}"/>' if color else ""
    rpr += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    return _style(f"Titre{level}", name, nxt="Normal", ppr=ppr, rpr=rpr, ui=9)


def styles_xml(*, font: str = "Arial", size: float = 11, french_names: bool = False,
               heading_sizes: tuple[float, ...] = (16, 13, 12, 11), heading_color: str | None = "1F3864",
               heading_num: dict[int, tuple[int, int]] | None = None, extra: str = "",
               toc_right: int = 9062) -> str:
    """A styles part in the shape Word writes for a French document."""
    half = round(size * 2)
    defaults = (
        f'<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{font}" w:eastAsia="{font}" w:hAnsi="{font}" '
        f'w:cs="{font}"/><w:sz w:val="{half}"/><w:szCs w:val="{half}"/><w:lang w:val="fr-BE" w:eastAsia="en-US" '
        'w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="259" '
        'w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>'
    )
    styles = [
        _style("Normal", "Normal", based=None, default=True, ui=0),
        _style("Policepardfaut", "Default Paragraph Font", kind="character", based=None, default=True),
        _style("TableauNormal", "Normal Table", kind="table", based=None, default=True,
               extra='<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
                     '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
                     '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'),
        _style("Titre", "Title", nxt="Normal", ui=10, ppr='<w:spacing w:after="240"/><w:jc w:val="center"/>',
               rpr='<w:b/><w:sz w:val="40"/><w:szCs w:val="40"/>'),
        _style("Sous-titre", "Subtitle", nxt="Normal", ui=11, ppr='<w:jc w:val="center"/>',
               rpr='<w:sz w:val="28"/><w:szCs w:val="28"/>'),
    ]
    for level, hsize in enumerate(heading_sizes, 1):
        styles.append(heading_style(level, french_names=french_names, size=hsize, color=heading_color,
                                    num=(heading_num or {}).get(level)))
    styles += [
        _style("Paragraphedeliste", "List Paragraph", ui=34, ppr='<w:ind w:left="720"/><w:contextualSpacing/>'),
        _style("Sansinterligne", "No Spacing", ui=1, ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'),
        _style("En-tte", "header", ppr='<w:tabs><w:tab w:val="center" w:pos="4536"/><w:tab w:val="right" '
               'w:pos="9072"/></w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
               rpr='<w:sz w:val="18"/>'),
        _style("Pieddepage", "footer", ppr='<w:tabs><w:tab w:val="center" w:pos="4536"/><w:tab w:val="right" '
               'w:pos="9072"/></w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
               rpr='<w:sz w:val="18"/>'),
        _style("En-ttedetabledesmatires", "TOC Heading", based="Titre1", nxt="Normal", ui=39,
               ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr><w:outlineLvl w:val="9"/>'),
        _style("Grilledutableau", "Table Grid", kind="table", based="TableauNormal", ui=39,
               extra='<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                     '<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr>',
               ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'),
    ]
    for level in (1, 2, 3):
        styles.append(_style(f"TM{level}", f"toc {level}", nxt="Normal", ui=39,
                             ppr=f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{toc_right}"/></w:tabs>'
                                 f'<w:spacing w:after="100"/><w:ind w:left="{220 * (level - 1)}"/>'))
    return (_XML_HEAD + f'<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">{defaults}'
            + "".join(styles) + extra + "</w:styles>")


def para_style(sid: str, name: str, *, based: str = "Normal", bold: bool = False, size: float | None = None,
               num: tuple[int, int] | None = None, ind: tuple[int, int] | None = None, outline: int | None = None,
               keep_next: bool = False, color: str | None = None, caps: bool = False) -> str:
    """An extra paragraph style (e.g. a custom "Objectif" style that carries its numbering)."""
    ppr = "<w:keepNext/>" if keep_next else ""
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    if ind:
        ppr += f'<w:ind w:left="{ind[0]}" w:hanging="{ind[1]}"/>'
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    rpr = ("<w:b/><w:bCs/>" if bold else "") + ("<w:caps/>" if caps else "")
    rpr += f'<w:color w:val="{color}"/>' if color else ""
    if size:
        rpr += f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
    return _style(sid, name, based=based, nxt="Normal", ppr=ppr, rpr=rpr, ui=20)


# ------------------------------------------------------------------ what Word leaves in the XML

_RUN_RE = re.compile(r'<w:r>(<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t xml:space="preserve">([^<]*)</w:t></w:r>')
_TEXT_RE = re.compile(r'(<w:t(?: xml:space="preserve")?>)([^<]*)(</w:t>)')
_PARA_RE = re.compile(r"<w:p>(<w:pPr>(?:(?!</w:pPr>).)*</w:pPr>)?")


def french_typography(text: str) -> str:
    """What Word's French autocorrect does while typing: ’ for ', a no-break space before : ; ? !"""
    text = text.replace("'", "\u2019")
    return re.sub(r" ([:;?!])", "\u00a0\\1", text)


def humanize(xml: str, *, seed: int, autocorrect: bool, noise: bool) -> str:
    """Rewrite body XML the way Word saves it: paragraphs carry rsids, runs are cut in the middle of
    words (editing history), spelling marks (``w:proofErr``) sit between runs, headings carry
    ``_Toc`` bookmarks; with ``autocorrect`` the text gets French typography."""
    rng = random.Random(seed)
    if autocorrect:
        xml = _TEXT_RE.sub(lambda m: m.group(1) + escape(french_typography(unescape(m.group(2)))) + m.group(3), xml)
    if not noise:
        return xml

    def rsid() -> str:
        return f"00{rng.randrange(0x100000, 0xFFFFFF):06X}"

    def split_run(m: re.Match) -> str:
        rpr, text = m.group(1) or "", unescape(m.group(2))
        if len(text) < 12 or rng.random() < 0.5:
            return m.group(0)
        cut = rng.randrange(3, len(text) - 3)
        pieces = [text[:cut], text[cut:]]
        glue = '<w:proofErr w:type="spellStart"/>' if rng.random() < 0.2 else ""
        out = "".join(f'<w:r w:rsidR="{rsid()}">{rpr}<w:t xml:space="preserve">{escape(p)}</w:t></w:r>' for p in pieces)
        return out.replace("</w:r><w:r", f"</w:r>{glue}<w:r", 1) + ('<w:proofErr w:type="spellEnd"/>' if glue else "")

    xml = _RUN_RE.sub(split_run, xml)
    bookmark = [0]

    def para(m: re.Match) -> str:
        ppr = m.group(1) or ""
        start = f'<w:p w:rsidR="{rsid()}" w:rsidRDefault="{rsid()}">{ppr}'
        if re.search(r'<w:pStyle w:val="Titre[1-3]"/>', ppr):
            bookmark[0] += 1
            start += f'<w:bookmarkStart w:id="{bookmark[0]}" w:name="_Toc{190000000 + 1733 * bookmark[0]}"/>'
            start += f'<w:bookmarkEnd w:id="{bookmark[0]}"/>'
        return start

    return _PARA_RE.sub(para, xml)


# ------------------------------------------------------------------ the document


@dataclass
class WordDoc:
    """A document under construction: body XML, numbering definitions, header/footer, page set-up."""

    font: str = "Arial"
    size: float = 11
    french_names: bool = False
    landscape: bool = False
    margins: tuple[int, int, int, int] = (1417, 1417, 1417, 1417)  # top, right, bottom, left
    columns: int = 1
    header: list[str] | None = None  # paragraphs of the running header (a "\t" right-aligns)
    footer: list[str] | None = None  # paragraphs; "{PAGE}" / "{NUMPAGES}" become fields
    heading_num: dict[int, tuple[int, int]] = field(default_factory=dict)
    extra_styles: list[str] = field(default_factory=list)
    heading_sizes: tuple[float, ...] = (16, 13, 12, 11)
    title: str = "Programme stratégique transversal"
    autocorrect: bool = True  # French typing: ’ and a no-break space before ":" ";" "?" "!"
    word_noise: bool = True  # what Word leaves in the XML: rsids, runs split mid-word, proofErr, bookmarks
    hyphenate: bool = False  # w:autoHyphenation (LibreOffice needs hyphen-fr to honour it)
    body: list[str] = field(default_factory=list)
    _abstracts: list[str] = field(default_factory=list)
    _nums: list[str] = field(default_factory=list)

    # numbering
    def abstract(self, levels: list[Lvl], *, multilevel: bool = True) -> int:
        aid = len(self._abstracts)
        kind = "hybridMultilevel" if not multilevel else "multilevel"
        nsid = f"{0x1A2B0000 + aid * 7919:08X}"
        xml = (f'<w:abstractNum w:abstractNumId="{aid}"><w:nsid w:val="{nsid}"/>'
               f'<w:multiLevelType w:val="{kind}"/>' + "".join(lv.xml(i) for i, lv in enumerate(levels))
               + "</w:abstractNum>")
        self._abstracts.append(xml)
        return aid

    def num(self, abstract_id: int, *, restart: dict[int, int] | None = None) -> int:
        nid = len(self._nums) + 1
        inner = f'<w:abstractNumId w:val="{abstract_id}"/>'
        for ilvl, start in (restart or {}).items():
            inner += f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        self._nums.append(f'<w:num w:numId="{nid}">{inner}</w:num>')
        return nid

    def list(self, levels: list[Lvl]) -> int:
        """A new abstract numbering and its num: returns the numId."""
        return self.num(self.abstract(levels))

    # body
    def add(self, *xml: str) -> None:
        self.body.extend(xml)

    def para(self, text: str = "", **kw) -> None:
        self.body.append(p(text, **kw))

    def heading(self, level: int, text: str, **kw) -> None:
        self.body.append(p(text, style=f"Titre{level}", **kw))

    def page_break(self) -> None:
        self.body.append(page_break())

    def toc(self, entries: list[tuple[int, str, int]], *, title: str = "Table des matières") -> None:
        """A table of contents as Word caches it: a TOC field around ``TM<n>`` paragraphs with dot leaders."""
        self.body.append(p(title, style="En-ttedetabledesmatires"))
        for i, (level, text, page) in enumerate(entries):
            runs = ""
            if i == 0:
                runs += ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
                         ' TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
                         "</w:r>")
            anchor = f"_Toc{190000000 + 1733 * (i + 1)}"
            pageref = field_run(f"PAGEREF {anchor} \\h", str(page))
            runs += f'<w:hyperlink w:anchor="{anchor}" w:history="1">{r(text)}{r(chr(9))}{pageref}</w:hyperlink>'
            if i == len(entries) - 1:
                runs += '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            self.body.append(p(style=f"TM{level}", runs=runs))

    def section_break(self, *, landscape_next: bool) -> None:
        """End the current section here (next page); the following one may turn landscape."""
        self.body.append(p(sect=self._sect_pr()))
        self.landscape = landscape_next

    def table(self, rows: list[list[Cell]], widths: list[int], **kw) -> None:
        self.body.append(table(rows, widths, **kw))

    @property
    def text_width(self) -> int:
        w, h = A4
        page_w = h if self.landscape else w
        return (page_w - self.margins[1] - self.margins[3]) // self.columns

    # parts
    def _sect_pr(self) -> str:
        w, h = A4
        if self.landscape:
            w, h = h, w
        refs = ""
        if self.header:
            refs += '<w:headerReference w:type="default" r:id="rIdHeader1"/>'
        if self.footer:
            refs += '<w:footerReference w:type="default" r:id="rIdFooter1"/>'
        orient = ' w:orient="landscape"' if self.landscape else ""
        top, right, bottom, left = self.margins
        cols = f'<w:cols w:num="{self.columns}" w:space="567"/>' if self.columns > 1 else '<w:cols w:space="708"/>'
        return (f'<w:sectPr>{refs}<w:pgSz w:w="{w}" w:h="{h}"{orient}/><w:pgMar w:top="{top}" w:right="{right}" '
                f'w:bottom="{bottom}" w:left="{left}" w:header="567" w:footer="567" w:gutter="0"/>{cols}'
                '<w:docGrid w:linePitch="360"/></w:sectPr>')

    def _hf(self, tag: str, style: str, lines: list[str]) -> str:
        paras = []
        for line in lines:
            runs = ""
            for i, chunk in enumerate(line.replace("{NUMPAGES}", "\x00N\x00").replace("{PAGE}", "\x00P\x00")
                                      .split("\x00")):
                if chunk == "P" and i % 2:
                    runs += field_run("PAGE", "1")
                elif chunk == "N" and i % 2:
                    runs += field_run("NUMPAGES", "1")
                elif chunk:
                    runs += r(chunk)
            paras.append(p(style=style, runs=runs))
        return (_XML_HEAD + f'<w:{tag} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(paras)}</w:{tag}>')

    def parts(self) -> dict[str, str]:
        body = "".join(self.body)
        if self.autocorrect or self.word_noise:
            body = humanize(body, seed=zlib.crc32(body.encode("utf-8")), autocorrect=self.autocorrect,
                            noise=self.word_noise)
        document = (_XML_HEAD + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>' + body
                    + self._sect_pr() + "</w:body></w:document>")
        overrides = [("/word/document.xml", f"{_WML}.document.main+xml"), ("/word/styles.xml", f"{_WML}.styles+xml"),
                     ("/word/settings.xml", f"{_WML}.settings+xml"),
                     ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                     ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
        rels = [("rIdStyles", "styles", "styles.xml"), ("rIdSettings", "settings", "settings.xml")]
        out: dict[str, str] = {}
        if self._nums:
            overrides.append(("/word/numbering.xml", f"{_WML}.numbering+xml"))
            rels.append(("rIdNumbering", "numbering", "numbering.xml"))
            out["word/numbering.xml"] = (_XML_HEAD + f'<w:numbering xmlns:w="{W_NS}">' + "".join(self._abstracts)
                                         + "".join(self._nums) + "</w:numbering>")
        if self.header:
            overrides.append(("/word/header1.xml", f"{_WML}.header+xml"))
            rels.append(("rIdHeader1", "header", "header1.xml"))
            out["word/header1.xml"] = humanize(self._hf("hdr", "En-tte", self.header), seed=1,
                                               autocorrect=self.autocorrect, noise=False)
        if self.footer:
            overrides.append(("/word/footer1.xml", f"{_WML}.footer+xml"))
            rels.append(("rIdFooter1", "footer", "footer1.xml"))
            out["word/footer1.xml"] = humanize(self._hf("ftr", "Pieddepage", self.footer), seed=2,
                                               autocorrect=self.autocorrect, noise=False)
        content_types = (
            _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides) + "</Types>")
        root_rels = (
            _XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>')
        doc_rels = (
            _XML_HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{_REL}/{t}" Target="{target}"/>' for i, t, target in rels)
            + "</Relationships>")
        settings = (_XML_HEAD + f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
                    + ("<w:autoHyphenation/>" if self.hyphenate else "")
                    + '<w:defaultTabStop w:val="708"/><w:hyphenationZone w:val="425"/>'
                    '<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting '
                    'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
                    '</w:compat><w:themeFontLang w:val="fr-BE"/></w:settings>')
        core = (_XML_HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
                'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
                ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                f'<dc:title>{esc(self.title)}</dc:title><dc:creator>Direction générale</dc:creator>'
                '<dcterms:created xsi:type="dcterms:W3CDTF">2025-03-01T12:00:00Z</dcterms:created>'
                '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-03-01T12:00:00Z</dcterms:modified>'
                "</cp:coreProperties>")
        app = (_XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
               'properties"><Application>Microsoft Office Word</Application><AppVersion>16.0000</AppVersion>'
               "</Properties>")
        out.update({
            "[Content_Types].xml": content_types,
            "_rels/.rels": root_rels,
            "word/_rels/document.xml.rels": doc_rels,
            "word/document.xml": document,
            "word/styles.xml": styles_xml(font=self.font, size=self.size, french_names=self.french_names,
                                          heading_num=self.heading_num, extra="".join(self.extra_styles),
                                          heading_sizes=self.heading_sizes, toc_right=self.text_width - 10),
            "word/settings.xml": settings,
            "docProps/core.xml": core,
            "docProps/app.xml": app,
        })
        return out

    def save(self, path: Path) -> Path:
        order = ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
                 "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/numbering.xml",
                 "word/header1.xml", "word/footer1.xml"]
        parts = self.parts()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in order:
                if name in parts:
                    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    zf.writestr(info, parts[name].encode("utf-8"))
        return path
