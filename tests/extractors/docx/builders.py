"""Builders that write real .docx files for the extractor tests.

``write_docx`` zips hand-written WordprocessingML parts (document, styles, numbering),
so each test states exactly the XML it exercises; ``python_docx_document`` goes through
python-docx and its default template for the "as produced by real tools" cases.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{_WML}.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="{_WML}.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="{_WML}.numbering+xml"/>
</Types>"""

ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOC_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_REL}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{_REL}/numbering" Target="numbering.xml"/>
</Relationships>"""


def document_xml(body: str) -> str:
    """A ``word/document.xml`` around some body XML."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}</w:body></w:document>'
    )


def styles_xml(*styles: str, defaults: str = "") -> str:
    """A ``word/styles.xml`` with a default ``Normal`` style plus the given styles."""
    normal = style("Normal", "Normal", default=True)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:styles xmlns:w="{W_NS}">{defaults}{normal}{"".join(styles)}</w:styles>'
    )


def numbering_xml(*parts: str) -> str:
    """A ``word/numbering.xml`` from ``abstract_num`` and ``num`` pieces (abstracts first)."""
    ordered = sorted(parts, key=lambda p: 0 if p.startswith("<w:abstractNum") else 1)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:numbering xmlns:w="{W_NS}">{"".join(ordered)}</w:numbering>'
    )


def write_docx(
    path: Path,
    body: str,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    extra: dict[str, bytes | str] | None = None,
    rels: str | None = None,
) -> Path:
    """Write a .docx with the given body XML and optional styles/numbering parts.

    ``rels`` replaces the main document's relationships (see ``document_rels``).
    """
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/_rels/document.xml.rels", rels if rels is not None else DOC_RELS)
        zf.writestr("word/document.xml", document_xml(body))
        zf.writestr("word/styles.xml", styles if styles is not None else styles_xml())
        if numbering is not None:
            zf.writestr("word/numbering.xml", numbering)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def run(text: str, *, bold: bool | None = None, rstyle: str | None = None) -> str:
    """A ``w:r`` with one ``w:t``."""
    rpr = ""
    if rstyle:
        rpr += f'<w:rStyle w:val="{rstyle}"/>'
    if bold is True:
        rpr += "<w:b/>"
    elif bold is False:
        rpr += '<w:b w:val="0"/>'
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr_xml}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(
    text: str | None = None,
    *,
    style: str | None = None,
    num: str | int | None = None,
    ilvl: int | None = None,
    outline: int | None = None,
    bold: bool | None = None,
    indent: int | None = None,
    runs: str | None = None,
) -> str:
    """A ``w:p``: style, direct numbering (``num``/``ilvl``), outline level, indentation."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None or ilvl is not None:
        ppr += "<w:numPr>"
        if ilvl is not None:
            ppr += f'<w:ilvl w:val="{ilvl}"/>'
        if num is not None:
            ppr += f'<w:numId w:val="{num}"/>'
        ppr += "</w:numPr>"
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    if indent is not None:
        ppr += f'<w:ind w:left="{indent}"/>'
    content = runs if runs is not None else (run(text, bold=bold) if text else "")
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{content}</w:p>"


def style(
    style_id: str,
    name: str,
    *,
    based_on: str | None = None,
    num: str | int | None = None,
    ilvl: int | None = None,
    outline: int | None = None,
    bold: bool = False,
    kind: str = "paragraph",
    default: bool = False,
) -> str:
    """A ``w:style`` with optional numbering, outline level and bold run property."""
    attrs = f'w:type="{kind}" w:styleId="{style_id}"' + (' w:default="1"' if default else "")
    inner = f'<w:name w:val="{escape(name)}"/>'
    if based_on:
        inner += f'<w:basedOn w:val="{based_on}"/>'
    ppr = ""
    if num is not None or ilvl is not None:
        ppr += "<w:numPr>"
        if ilvl is not None:
            ppr += f'<w:ilvl w:val="{ilvl}"/>'
        if num is not None:
            ppr += f'<w:numId w:val="{num}"/>'
        ppr += "</w:numPr>"
    if outline is not None:
        ppr += f'<w:outlineLvl w:val="{outline}"/>'
    if ppr:
        inner += f"<w:pPr>{ppr}</w:pPr>"
    if bold:
        inner += "<w:rPr><w:b/></w:rPr>"
    return f"<w:style {attrs}>{inner}</w:style>"


def level(
    ilvl: int,
    fmt: str = "decimal",
    text: str | None = None,
    *,
    start: int | None = 1,
    restart: int | None = None,
    is_lgl: bool = False,
    pstyle: str | None = None,
    indent: int | None = None,
) -> str:
    """A ``w:lvl``; ``text`` defaults to ``%1.%2.`` … up to this level."""
    if text is None:
        text = "".join(f"%{i + 1}." for i in range(ilvl + 1))
    inner = ""
    if start is not None:
        inner += f'<w:start w:val="{start}"/>'
    inner += f'<w:numFmt w:val="{fmt}"/>'
    if restart is not None:
        inner += f'<w:lvlRestart w:val="{restart}"/>'
    if pstyle:
        inner += f'<w:pStyle w:val="{pstyle}"/>'
    if is_lgl:
        inner += "<w:isLgl/>"
    inner += f'<w:lvlText w:val="{escape(text, {chr(34): "&quot;"})}"/>'
    if indent is not None:
        inner += f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr>'
    return f'<w:lvl w:ilvl="{ilvl}">{inner}</w:lvl>'


def abstract_num(
    abstract_id: int,
    levels: Iterable[str],
    *,
    num_style_link: str | None = None,
    style_link: str | None = None,
) -> str:
    """A ``w:abstractNum`` from ``level`` pieces."""
    links = ""
    if style_link:
        links += f'<w:styleLink w:val="{style_link}"/>'
    if num_style_link:
        links += f'<w:numStyleLink w:val="{num_style_link}"/>'
    return (
        f'<w:abstractNum w:abstractNumId="{abstract_id}">{links}{"".join(levels)}</w:abstractNum>'
    )


def num(
    num_id: int,
    abstract_id: int,
    *,
    start_overrides: dict[int, int] | None = None,
    level_overrides: dict[int, str] | None = None,
) -> str:
    """A ``w:num`` with optional ``startOverride`` values and whole-level overrides."""
    inner = f'<w:abstractNumId w:val="{abstract_id}"/>'
    for ilvl, start in (start_overrides or {}).items():
        inner += (
            f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        )
    for ilvl, lvl_xml in (level_overrides or {}).items():
        inner += f'<w:lvlOverride w:ilvl="{ilvl}">{lvl_xml}</w:lvlOverride>'
    return f'<w:num w:numId="{num_id}">{inner}</w:num>'


def cell(
    *paragraphs: str,
    grid_span: int | None = None,
    v_merge: str | None = None,
    h_merge: str | None = None,
) -> str:
    """A ``w:tc`` holding paragraphs (or nested tables), with merge properties."""
    tcpr = ""
    if grid_span:
        tcpr += f'<w:gridSpan w:val="{grid_span}"/>'
    if h_merge:
        tcpr += f'<w:hMerge w:val="{h_merge}"/>'
    if v_merge is not None:
        tcpr += '<w:vMerge w:val="restart"/>' if v_merge == "restart" else "<w:vMerge/>"
    content = "".join(paragraphs) or "<w:p/>"
    return f"<w:tc>{'<w:tcPr>' + tcpr + '</w:tcPr>' if tcpr else ''}{content}</w:tc>"


def row(*cells: str, header: bool = False) -> str:
    """A ``w:tr``; ``header`` sets ``w:tblHeader``."""
    trpr = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


def table(*rows: str) -> str:
    """A ``w:tbl``."""
    return f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl>"


def simple_table(data: Sequence[Sequence[str]]) -> str:
    """A table of plain one-paragraph cells."""
    return table(*(row(*(cell(para(t) if t else "") for t in r)) for r in data))


def python_docx_document(path: Path, items: Sequence[tuple[str, str | None]]) -> Path:
    """Write (text, style name) paragraphs with python-docx and its default template."""
    import docx

    document = docx.Document()
    for text, style_name in items:
        document.add_paragraph(text, style=style_name)
    document.save(str(path))
    return path


def strip_style_numbering(path: Path) -> Path:
    """Remove every ``w:numPr`` from ``word/styles.xml`` (lists known only by style name)."""
    import re

    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    parts["word/styles.xml"] = re.sub(
        rb"<w:numPr>.*?</w:numPr>", b"", parts["word/styles.xml"], flags=re.S
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def text_box(*paragraphs: str, fallback: bool = True, requires: str = "wps") -> str:
    """A paragraph anchoring a text box the way Word writes it: the box's paragraphs once as
    DrawingML in ``mc:Choice`` and once more as VML in ``mc:Fallback``."""
    content = f"<w:txbxContent>{''.join(paragraphs)}</w:txbxContent>"
    drawing = (
        '<w:drawing><wp:anchor xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f'<a:graphicData uri="{WPS_NS}"><wps:wsp><wps:txbx>{content}</wps:txbx><wps:bodyPr/>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
    )
    vml = (
        '<w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" type="#_x0000_t202">'
        f"<v:textbox>{content}</v:textbox></v:shape></w:pict>"
    )
    fallback_xml = f"<mc:Fallback>{vml}</mc:Fallback>" if fallback else ""
    return (
        f'<w:p><w:r><mc:AlternateContent xmlns:mc="{MC_NS}">'
        f'<mc:Choice xmlns:wps="{WPS_NS}" xmlns:x="urn:example:unknown" Requires="{requires}">'
        f"{drawing}</mc:Choice>{fallback_xml}</mc:AlternateContent></w:r></w:p>"
    )


STRICT_NAMESPACES = {
    W_NS: "http://purl.oclc.org/ooxml/wordprocessingml/main",
    R_NS: "http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def to_strict(path: Path) -> Path:
    """Rewrite a .docx as Strict OOXML (ISO/IEC 29500 Strict namespaces, ``w:start`` indents)."""
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name).decode("utf-8") for name in zf.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            for transitional, strict in STRICT_NAMESPACES.items():
                text = text.replace(transitional, strict)
            text = text.replace("w:left=", "w:start=")
            text = text.replace("<w:document ", '<w:document w:conformance="strict" ', 1)
            zf.writestr(name, text)
    return path


def document_rels(**parts: str) -> str:
    """Main-document relationships: styles, numbering, plus ``rId=kind:target`` entries
    such as ``rId7="header:header1.xml"``."""
    extra = ""
    for rid, spec in parts.items():
        kind, target = spec.split(":", 1)
        extra += f'<Relationship Id="{rid}" Type="{_REL}/{kind}" Target="{target}"/>'

    return DOC_RELS.replace("</Relationships>", extra + "</Relationships>")


def header_part(*paragraphs: str, footer: bool = False) -> str:
    """A ``word/headerN.xml`` (or ``footerN.xml``) part holding paragraphs and tables."""
    tag = "w:ftr" if footer else "w:hdr"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<{tag} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{"".join(paragraphs)}</{tag}>'
    )


def page_field(prefix: str, page: int, total: int) -> str:
    """A paragraph "Page <PAGE> sur <NUMPAGES>" with Word complex fields and cached results."""

    def field(instr: str, value: int) -> str:
        return (
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r><w:t>{value}</w:t></w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        )

    return para(runs=run(prefix) + field("PAGE", page) + run(" sur ") + field("NUMPAGES", total))
