"""HTML extractor: a CPAS / commune web page → ``ExtractedDocument`` (``SourceFormat.HTML``).

The page is decoded (BOM, ``<meta charset>``, then utf-8, then cp1252), parsed with lxml,
its main content is picked (``<main>``, ``[role=main]``, ``#content``, ``article``,
``.documentContent``… or else the element holding most paragraph text) and site
boilerplate inside it (menus, breadcrumbs, footers, cookie banners, share buttons, skip
links, scripts, forms…) is skipped. What remains becomes blocks in document order:

* ``h1``..``h6`` → ``HEADING`` with ``heading_level``;
* ``p`` and runs of text directly inside ``div``-like containers → ``PARAGRAPH``
  (``bold`` when all the text is inside ``strong``/``b``); two or more consecutive
  ``<br>`` split a paragraph, a single ``<br>`` becomes a newline in ``text``;
* ``li`` → ``LIST_ITEM`` with ``list_level`` (0-based depth of ``ul``/``ol``), ``list_id``
  (the DOM path of its list), ``bullet`` for ``ul`` and, for ``ol``, the generated
  ``label`` ("3.", "b.", "iv.") honouring ``start``, ``type``, ``reversed``,
  ``<li value>`` and CSS ``list-style-type``; the text of an ``li`` is what comes before
  its first nested list, the nested items are blocks of their own;
* data tables → one ``TABLE_ROW`` per ``tr`` with ``cells`` (a ``colspan`` cell is padded
  with empty cells, a ``rowspan`` cell is repeated in the rows it spans, so cells align
  with the header columns); layout tables (cells holding headings, lists or tables) are
  read as containers;
* ``dl`` → one paragraph per ``dt`` / ``dd``, the ``dt`` (a term, heading its ``dd``) ``bold``.

Provenance carries the DOM path of the element in the *original* tree (nothing is removed
from the tree, boilerplate is only skipped) and the raw text before whitespace clean-up.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import lxml.html
from lxml import etree

from pipeline.core.errors import EmptyDocument, HostileDocument, UnsupportedFormat
from pipeline.core.model import Block, BlockKind, ExtractedDocument, Provenance, SourceFormat

from .furniture import collect_furniture

MAX_BYTES = 20 * 1024 * 1024
"""Pages above this size are refused as ``HostileDocument``."""

_PARSER_MAX_DEPTH = 256  # libxml2 drops elements nested deeper (without huge_tree)
MAX_ELEMENTS = 100_000
"""Elements read from a page; beyond, the page is cut in document order with a warning. A PST page
holds a few thousand; a page of 20 MB can hold millions, each costing Python objects at every step."""
_MIN_MAIN_TEXT = 20  # characters a main-content candidate must hold to be taken

# --------------------------------------------------------------------------- decoding

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_NOT_HTML_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (docx/odt/xlsx?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 file (old .doc/.xls?)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip stream"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"Rar!", "a RAR archive"),
)

_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECL_ENC_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_TAG_RE = re.compile(r"<\s*(?:[a-zA-Z][a-zA-Z0-9:-]*|!doctype|!--)", re.IGNORECASE)


_NOT_WEB_ENCODINGS = frozenset(
    {"undefined", "unicode-escape", "raw-unicode-escape", "punycode", "idna", "utf-7", "mbcs", "oem", "palmos"}
)


def _declared_encoding(head: bytes) -> str | None:
    m = _XML_DECL_ENC_RE.match(head) or _META_CHARSET_RE.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    name = info.name
    # Only text encodings a web page can be in: "hex", "zlib", "unicode-escape", "punycode"... are
    # Python codecs, not charsets, and a hostile page must not pick them.
    if not getattr(info, "_is_text_encoding", True) or name in _NOT_WEB_ENCODINGS:
        return None
    # WHATWG: latin-1 / ascii labels mean windows-1252 on the web.
    if name in {"latin-1", "iso8859-1", "ascii", "iso-8859-1"}:
        return "cp1252"
    return name


def _sniff_not_html(data: bytes) -> None:
    for magic, what in _NOT_HTML_MAGIC:
        if data.startswith(magic):
            raise UnsupportedFormat(f"not an HTML page: the bytes are {what}")
    head = data[:8192]
    if b"\x00" in head:
        raise UnsupportedFormat("not an HTML page: binary content (NUL bytes, no BOM)")
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(8, len(head) // 50):
        raise UnsupportedFormat("not an HTML page: binary content (control bytes)")


def _decode(data: bytes, warnings: list[str]) -> str:
    """Decode page bytes: BOM, then declared charset, then utf-8, then cp1252."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError:
                warnings.append(f"bytes do not match the {enc} BOM; decoded with replacement")
                return data[len(bom):].decode(enc, errors="replace")
    _sniff_not_html(data)
    declared = _declared_encoding(data[:4096])
    if declared and declared not in {"utf-16", "utf-16-le", "utf-16-be", "utf-32"}:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            warnings.append(f"page declares {declared} but is not; fell back")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        warnings.append("page is not valid utf-8; decoded as cp1252")
        return data.decode("cp1252", errors="replace")


# --------------------------------------------------------------------------- text helpers

_WS_RE = re.compile(r"[ \t\r\n\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_PARA_BREAK = "\x00P"  # marker left by 2+ consecutive <br>


def _clean_line(text: str) -> str:
    return _WS_RE.sub(" ", _INVISIBLE_RE.sub("", text)).strip()


_PREFORMATTED = ("pre", "textarea", "listing", "plaintext", "xmp")


def _flowed(text: str, holder: etree._Element | None) -> str:
    """A text node as a browser lays it out: a line break of the source is a space (only ``<br>`` breaks a
    line), except inside ``<pre>``. Office software and CMS exports wrap their HTML source mid-sentence."""
    if "\n" not in text and "\r" not in text:
        return text
    if holder is not None and (_tag(holder) in _PREFORMATTED or next(holder.iterancestors(*_PREFORMATTED), None)
                               is not None):
        return text
    return text.replace("\r", " ").replace("\n", " ")


# Google Docs' HTML export writes each level of a list as a sibling <ol class="lst-kix_<id>-<level>">.
_EXPORTED_LEVEL_RE = re.compile(r"\blst-kix_\w+?-(\d)\b")


def _exported_level(el: etree._Element, nested: int) -> int:
    """The level of a list: its nesting, or the level an export wrote in its class when lists are flat."""
    m = _EXPORTED_LEVEL_RE.search(el.get("class") or "")
    return int(m.group(1)) if m is not None and nested == 0 else nested


def _clean(text: str) -> str:
    """Collapse whitespace (NBSP included) per line; keep single newlines between lines."""
    lines = (_clean_line(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------- tag classes

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LISTS = {"ul", "ol", "menu", "dir"}
_SKIP_TAGS = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "form", "button", "select", "textarea", "input", "option", "nav", "aside",
    "footer", "head", "title", "meta", "link", "dialog", "map", "audio", "video", "picture",
    "img", "source", "track",
}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote",
    "pre", "address", "figure", "figcaption", "center", "table", "thead", "tbody", "tfoot",
    "tr", "td", "th", "caption", "dl", "dt", "dd", "li", "hr", "details", "summary",
    "fieldset", "legend", "body", "html", "form", "hgroup", *_HEADINGS, *_LISTS,
}
# A description list's term (dt) heads the dd below it; site themes show it bold (Bootstrap's reboot does).
_BOLD_TAGS = {"b", "strong", "dt"}
# Block elements flattened into one text (a cell, an li) are separated by newlines.
_BREAK_BEFORE = {"td", "th", "li", "ul", "ol", "dl", "table", *_HEADINGS}
# A status printed as a badge after an item's title ("<span class=badge>En cours</span>") is a line of its own.
_BADGE_RE = re.compile(r"badge|pill|chip|status|statut|etat|state", re.IGNORECASE)


def _is_badge(el: etree._Element, before: list[_Segment]) -> bool:
    """A badge after a title; not the value of a field named before it ("État : <span class=state>…")."""
    if _tag(el) not in {"span", "mark", "small", "em", "strong", "b", "i"}:
        return False
    if not any(_BADGE_RE.search(tok) for tok in (el.get("class") or "").split()):
        return False
    text = "".join(s.text for s in before[-4:]).rstrip()
    return bool(text) and not text.endswith((":", "\n"))


_BREAK_AFTER = {"p", "div", "li", "tr", "dt", "dd", "table", "blockquote", "pre", *_HEADINGS}
_BOLD_STYLE_RE = re.compile(r"font-weight\s*:\s*(bold|bolder|[6-9]00)", re.IGNORECASE)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_LIST_STYLE_RE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.IGNORECASE)
_BOILER_ROLES = {
    "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
    "dialog", "alertdialog", "toolbar",
}
# Matched against each id / class token, case-insensitive.
_BOILER_TOKEN_RE = re.compile(
    r"""menu|breadcrumb|ariane|cookie|consent|gdpr|rgpd|tarteaucitron|cmplz|onetrust
      |documentactions|document-actions|documentbyline|document-byline
      |skip[-_]?(?:link|nav|to)|^skip$|screen-reader|sr-only|visually-?hidden|hiddenstructure
      |footer|colophon|masthead|(?:site|portal|global|top|page)[-_]?header
      |^sidebar|sidebar$|^secondary$|^widget(?:s|[-_].*)?$|portlet|(?:^|[-_])nav(?:$|[-_])|navbar|navigation|subnav
      |share|sharing|partage|addtoany|sharedaddy|social[-_](?:links|icons|media|networks|share)
      |(?:^|[-_])print(?:$|[-_])|toolbar|pagination|(?:^|[-_])pager(?:$|[-_])
      |related|comments?(?:$|[-_])|comment-respond|newsletter|searchbox|search-form
      |^search$|login|personaltools|banner|back-?to-?top|viewlet-below|keywords|tags-?links
      |entry-meta|post-meta|post-navigation""",
    re.IGNORECASE | re.VERBOSE,
)
# State classes on wrappers ("no-sidebar", "has-menu", "is-cookie-set") say nothing.
_STATE_TOKEN_RE = re.compile(r"(?i)^(?:no|has|with|without|is|page-template|template)[-_]")
_CONTENT_MARKERS = {"main", "article", "h1", "h2"}
# A list or a table is never the content alone: its headings are around it. Not a cell: a layout cell holds it.
_STRUCTURES = {"table", "thead", "tbody", "tfoot", "tr", "ol", "ul", "li", "dl"}
_BOILER_TEXT_RE = re.compile(
    r"^\s*(vous [êe]tes ici|you are here|fil d.ariane|aller au contenu|passer au contenu"
    r"|aller [àa] la navigation|skip to content)",
    re.IGNORECASE,
)
_MAIN_SELECTORS: tuple[tuple[str, str], ...] = (
    ("main", "//main"),
    ("[role=main]", "//*[@role='main']"),
    ("#content-core", "//*[@id='content-core']"),
    ("#content", "//*[@id='content']"),
    ("#main-content", "//*[@id='main-content' or @id='maincontent']"),
    ("article", "//article"),
    (".documentContent", "//*[contains(concat(' ', normalize-space(@class), ' '), "
     "' documentContent ')]"),
    (".entry-content", "//*[contains(concat(' ', normalize-space(@class), ' '), "
     "' entry-content ')]"),
    ("#main", "//*[@id='main']"),
)


# A number alone in its element ("1.1", "OS 1", "A.1.1", "2."): a label the page's style sets apart from its title.
_NUMBER_ONLY = re.compile(r"(?:[A-Za-z]{1,3}\.?\s?)?\d{1,3}(?:[./-]\d{1,3}){0,3}[.)°]?")


def _holds_a_number_only(el: etree._Element) -> bool:
    """An inline element whose whole text is a number or a label (never an exponent: "m<sup>2</sup>")."""
    return (
        len(el) == 0
        and _tag(el) not in ("sup", "sub")
        and bool(el.text)
        and _NUMBER_ONLY.fullmatch(el.text.strip()) is not None
    )


def _tag(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""  # comment / processing instruction / entity
    return tag.rsplit("}", 1)[-1].lower()


def _leading_text(el: etree._Element, limit: int) -> str:
    """The first ``limit`` characters of the element's text (cheap on big elements)."""
    out: list[str] = []
    n = 0
    for piece in el.itertext():
        out.append(piece)
        n += len(piece)
        if n >= limit:
            break
    return "".join(out)[:limit]


def _in_accordion_title(el: etree._Element) -> bool:
    """A button inside a heading or a <summary>: the visible title of a collapsible section."""
    return any(_tag(a) in _HEADINGS or _tag(a) == "summary" for a in el.iterancestors())


def _is_accordion_panel(el: etree._Element) -> bool:
    """A hidden element that a toggle of the page opens (aria-controls names it, or role=region)."""
    if (el.get("role") or "").lower() == "region":
        return True
    ident = el.get("id")
    if not ident:
        return False
    root = el.getroottree().getroot()
    return any(c.get("aria-controls") == ident for c in root.iter() if isinstance(c.tag, str))


def _is_boilerplate(el: etree._Element) -> bool:
    tag = _tag(el)
    if not tag:
        return True
    if tag in {"html", "body", "main"}:
        return False
    if tag == "form":
        # ASP.NET-style pages wrap the whole page in one <form>: keep it when it holds content.
        return not any(_tag(d) in _CONTENT_MARKERS for d in el.iterdescendants())
    if tag == "button" and _in_accordion_title(el):
        return False  # <h3><button>Titre</button></h3>: the toggle of an accordion carries its title
    if tag in _SKIP_TAGS:
        return True
    get = el.get
    if get("hidden") is not None and _is_accordion_panel(el):
        return False  # a collapsed accordion panel is content the reader opens, not hidden chrome
    if get("hidden") is not None or (get("aria-hidden") or "").lower() == "true":
        return True
    if _HIDDEN_STYLE_RE.search(get("style") or ""):
        return True
    if (get("role") or "").lower() in _BOILER_ROLES:
        return True
    if tag == "header":
        # Site headers go; an article header holding the page title stays.
        has_heading = any(_tag(d) in _HEADINGS for d in el.iterdescendants())
        has_nav = any(_tag(d) == "nav" for d in el.iterdescendants())
        if has_nav or not has_heading:
            return True
    tokens = (get("id") or "").split() + (get("class") or "").split()
    if any(_BOILER_TOKEN_RE.search(tok) and not _STATE_TOKEN_RE.match(tok) for tok in tokens):
        return True
    if tag in {"div", "p", "span", "section", "ol", "ul", "li"} and _BOILER_TEXT_RE.match(
        _leading_text(el, 60)
    ):
        return len(_leading_text(el, 401)) <= 400
    return False


# --------------------------------------------------------------------------- list numbering


def _alpha(n: int, upper: bool) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out.upper() if upper else out


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)


def _roman(n: int, upper: bool) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    s = "".join(out)
    return s.upper() if upper else s


_CSS_TYPES = {
    "decimal": "1", "decimal-leading-zero": "01", "lower-alpha": "a", "lower-latin": "a",
    "upper-alpha": "A", "upper-latin": "A", "lower-roman": "i", "upper-roman": "I",
    "none": "none", "disc": "bullet", "circle": "bullet", "square": "bullet",
}


def format_marker(n: int, style: str) -> str | None:
    """Marker of item number ``n`` in an ``<ol type=style>``: "3.", "c.", "C.", "iii.", "III."."""
    if style == "none":
        return None
    if style in {"a", "A"} and n >= 1:
        return _alpha(n, style == "A") + "."
    if style in {"i", "I"} and 1 <= n <= 3999:
        return _roman(n, style == "I") + "."
    if style == "01":
        return f"{n:02d}."
    return f"{n}."


def _list_style(el: etree._Element, default: str) -> str:
    m = _LIST_STYLE_RE.search(el.get("style") or "")
    if m:
        for word in m.group(1).lower().split():
            if word in _CSS_TYPES:
                return _CSS_TYPES[word]
    t = (el.get("type") or "").strip()
    if t in {"1", "a", "A", "i", "I"}:
        return t
    if t.lower() in {"disc", "circle", "square"}:
        return "bullet"
    return default


def _int_attr(el: etree._Element, name: str) -> int | None:
    raw = (el.get(name) or "").strip()
    if re.fullmatch(r"[+-]?\d{1,9}", raw):
        return int(raw)
    return None


# --------------------------------------------------------------------------- walking


@dataclass
class _Segment:
    text: str
    bold: bool
    raw: str


@dataclass
class _State:
    blocks: list[Block] = field(default_factory=list)
    table_count: int = 0
    skip: set[etree._Element] = field(default_factory=set)  # boilerplate elements
    has_block: set[etree._Element] = field(default_factory=set)  # hold block content
    paths: dict[etree._Element, str] = field(default_factory=dict)  # XPath-like DOM paths
    max_depth: int = 0


class _Walker:
    def __init__(self, tree: etree._ElementTree, state: _State):
        self.tree = tree
        self.st = state

    # -- helpers
    def path(self, el: etree._Element) -> str:
        found = self.st.paths.get(el)
        return found if found is not None else self.tree.getpath(el).lstrip("/")

    def skipped(self, el: etree._Element) -> bool:
        return el in self.st.skip

    def is_block(self, el: etree._Element) -> bool:
        return _tag(el) in _BLOCK_TAGS or el in self.st.has_block

    def emit(self, segments: list[_Segment], el: etree._Element) -> None:
        for text, bold, raw in _split_paragraphs(segments):
            self.st.blocks.append(
                Block(
                    kind=BlockKind.PARAGRAPH,
                    text=text,
                    bold=bold,
                    provenance=Provenance(dom_path=self.path(el), raw_text=raw),
                )
            )

    # -- inline text
    def inline(self, el: etree._Element, bold: bool, out: list[_Segment], top: bool) -> None:
        """Append the text of ``el`` (and its tail unless ``top``) as segments."""
        tag = _tag(el)
        if tag and not self.skipped(el):
            b = bold or tag in _BOLD_TAGS or bool(_BOLD_STYLE_RE.search(el.get("style") or ""))
            if tag == "br":
                out.append(_Segment("\n", False, "\n"))
            elif not top and (tag in _BREAK_BEFORE or _is_badge(el, out)):
                out.append(_Segment("\n", False, ""))
            if el.text and tag != "br":
                out.append(_Segment(_flowed(el.text, el), b, el.text))
            for child in el:
                self.inline(child, b, out, top=False)
            if not top and tag in _BREAK_AFTER:
                out.append(_Segment("\n", False, ""))
            elif not top and _holds_a_number_only(el):
                out.append(_Segment(" ", False, ""))  # "<span>1.1</span><span>Titre</span>": laid apart by CSS
        if not top and el.tail:
            out.append(_Segment(_flowed(el.tail, el.getparent()), bold, el.tail))

    # -- dispatch
    def walk(self, el: etree._Element, list_level: int = 0) -> None:
        tag = _tag(el)
        if not tag or self.skipped(el):
            return
        if tag in _HEADINGS or tag == "summary":
            segs: list[_Segment] = []
            self.inline(el, False, segs, top=True)
            text, bold, raw = _join(segs, keep_breaks=False)
            # A <summary> titles its <details>: nested details give deeper headings.
            level = _HEADINGS.get(tag) or min(6, 2 + sum(1 for a in el.iterancestors() if _tag(a) == "details"))
            if text:
                self.st.blocks.append(
                    Block(
                        kind=BlockKind.HEADING,
                        text=text,
                        heading_level=level,
                        bold=bold,
                        provenance=Provenance(dom_path=self.path(el), raw_text=raw),
                    )
                )
            return
        if tag in _LISTS:
            self.walk_list(el, list_level)
            return
        if tag == "table":
            self.walk_table(el, list_level)
            return
        if tag == "p" and el not in self.st.has_block:
            segs = []
            self.inline(el, False, segs, top=True)
            self.emit(segs, el)
            return
        grid = self._div_grid(el)
        if grid:
            self.walk_div_table(grid)
            return
        self.walk_container(el, list_level)

    # -- tables built with <div>s
    def _div_grid(self, el: etree._Element) -> list[tuple[etree._Element, list[etree._Element]]]:
        """The rows of a table laid out with <div>s (CSS display: table / grid): three rows or more, each the same
        number (two or more) of cells holding text only; else empty."""
        rows = [child for child in el if _tag(child) and not self.skipped(child)]
        if _tag(el) != "div" or len(rows) < 3 or any(_tag(r) != "div" for r in rows):
            return []
        grid = [(r, [c for c in r if _tag(c) and not self.skipped(c)]) for r in rows]
        widths = {len(cells) for _, cells in grid}
        if len(widths) != 1 or widths.pop() < 2:
            return []
        if any((r.text or "").strip() for r, _ in grid):
            return []
        if any(_tag(c) != "div" or c in self.st.has_block for _, cells in grid for c in cells):
            return []
        return grid

    def walk_div_table(self, grid: list[tuple[etree._Element, list[etree._Element]]]) -> None:
        """A table laid out with <div>s, read as one: a row a block, its first row the header when all bold."""
        table_index = self.st.table_count
        self.st.table_count += 1
        for row_index, (row, cells) in enumerate(grid):
            texts, raws, bold_all = [], [], True
            for cell in cells:
                text, bold, raw = self.cell_text(cell)
                texts.append(text)
                raws.append(raw)
                bold_all = bold_all and (bold or not text)
            if any(texts):
                self.emit_row(row, texts, raws, table_index, row_index, header=row_index == 0 and bold_all,
                              bold=bold_all)

    def cell_text(self, cell: etree._Element) -> tuple[str, bool, str]:
        """A table cell's text (its line breaks kept), whether it is all bold, and its raw text."""
        segs: list[_Segment] = []
        self.inline(cell, False, segs, top=True)
        return _join(segs, keep_breaks=True)

    def emit_row(
        self, row: etree._Element, cells: list[str], raws: list[str], table_index: int, row_index: int, *,
        header: bool, bold: bool,
    ) -> None:
        """One table row as a block: its cells, and its text the cells joined by " | "."""
        self.st.blocks.append(
            Block(
                kind=BlockKind.TABLE_ROW,
                text=" | ".join(c.replace("\n", " ") for c in cells),
                cells=tuple(cells),
                table_index=table_index,
                row_index=row_index,
                is_header_row=header,
                bold=bold,
                provenance=Provenance(dom_path=self.path(row), raw_text=" | ".join(raws)),
            )
        )

    def walk_container(self, el: etree._Element, list_level: int) -> None:
        """Text runs directly inside ``el`` become paragraphs; block children are walked."""
        run: list[_Segment] = []
        base_bold = bool(_BOLD_STYLE_RE.search(el.get("style") or "")) or _tag(el) in _BOLD_TAGS
        if el.text:
            run.append(_Segment(_flowed(el.text, el), base_bold, el.text))
        for child in el:
            if self.is_block(child) and _tag(child):
                self.emit(run, el)
                run = []
                self.walk(child, list_level)
                if child.tail:
                    run.append(_Segment(_flowed(child.tail, el), base_bold, child.tail))
            else:
                self.inline(child, base_bold, run, top=False)
        self.emit(run, el)

    # -- lists
    def walk_list(self, el: etree._Element, list_level: int) -> None:
        tag = _tag(el)
        ordered = tag == "ol"
        style = _list_style(el, "1" if ordered else "bullet")
        if style not in {"bullet", "none"}:
            ordered = True
        list_id = self.path(el)
        items = [c for c in el if _tag(c) == "li" and not self.skipped(c)]
        reversed_ = ordered and el.get("reversed") is not None
        start = _int_attr(el, "start")
        if start is None:
            start = len(items) if reversed_ else 1
        step = -1 if reversed_ else 1
        counter = start
        list_level = _exported_level(el, list_level)
        for child in el:
            ctag = _tag(child)
            if not ctag or self.skipped(child):
                continue
            if ctag != "li":
                # Invalid but common: a list nested directly in a list, or stray text.
                self.walk(child, list_level + 1 if ctag in _LISTS else list_level)
                continue
            value = _int_attr(child, "value") if ordered else None
            if value is not None:
                counter = value
            label = format_marker(counter, style) if ordered else None
            counter += step
            self.walk_item(child, list_level, list_id, label, bullet=not ordered)

    def walk_item(
        self, li: etree._Element, level: int, list_id: str, label: str | None, bullet: bool
    ) -> None:
        own: list[_Segment] = []
        rest: list[etree._Element] = []
        if li.text:
            own.append(_Segment(_flowed(li.text, li), False, li.text))
        nested_seen = False
        for child in li:
            ctag = _tag(child)
            if nested_seen:
                rest.append(child)
                continue
            if ctag in _LISTS and not self.skipped(child):
                nested_seen = True
                rest.append(child)
                continue
            if self.skipped(child) or not ctag:
                if child.tail:
                    own.append(_Segment(_flowed(child.tail, li), False, child.tail))
                continue
            if ctag == "table" or self._contains_list(child):
                nested_seen = True
                rest.append(child)
                continue
            self.inline(child, False, own, top=False)
        text, bold, raw = _join(own, keep_breaks=True)
        if text:
            self.st.blocks.append(
                Block(
                    kind=BlockKind.LIST_ITEM,
                    text=text,
                    label=label,
                    list_level=level,
                    list_id=list_id,
                    bullet=bullet,
                    bold=bold,
                    provenance=Provenance(dom_path=self.path(li), raw_text=raw),
                )
            )
        # Nested lists, then whatever follows them in the li (as paragraphs).
        run: list[_Segment] = []
        for child in rest:
            ctag = _tag(child)
            if ctag and not self.skipped(child) and self.is_block(child):
                self.emit(run, li)
                run = []
                self.walk(child, level + 1)
                if child.tail:
                    run.append(_Segment(_flowed(child.tail, li), False, child.tail))
            else:
                self.inline(child, False, run, top=False)
        self.emit(run, li)

    def _contains_list(self, el: etree._Element) -> bool:
        if el not in self.st.has_block:
            return False
        return any(
            _tag(d) in _LISTS and not self.skipped(d) for d in el.iterdescendants()
        )

    # -- tables
    def _own_rows(self, table: etree._Element) -> Iterator[tuple[etree._Element, bool]]:
        for child in table:
            ctag = _tag(child)
            if ctag == "tr":
                yield child, False
            elif ctag in {"thead", "tbody", "tfoot"}:
                for tr in child:
                    if _tag(tr) == "tr":
                        yield tr, ctag == "thead"

    def _is_layout_table(self, table: etree._Element, rows: list[etree._Element]) -> bool:
        if (table.get("role") or "").lower() in {"presentation", "none"}:
            return True
        cells = [c for r in rows for c in r if _tag(c) in {"td", "th"}]
        if len(cells) <= 1:
            return True
        layout_tags = {"table", "ul", "ol", "dl", "blockquote", *_HEADINGS}
        for cell in cells:
            if cell in self.st.has_block and any(
                _tag(d) in layout_tags for d in cell.iterdescendants()
            ):
                return True
        return False

    def walk_table(self, table: etree._Element, list_level: int) -> None:
        row_info = [(tr, head) for tr, head in self._own_rows(table) if not self.skipped(tr)]
        rows = [tr for tr, _ in row_info]
        if self._is_layout_table(table, rows):
            for child in table:
                self.walk(child, list_level)
            return
        for child in table:
            if _tag(child) == "caption" and not self.skipped(child):
                segs: list[_Segment] = []
                self.inline(child, False, segs, top=True)
                self.emit(segs, child)
        table_index = self.st.table_count
        self.st.table_count += 1
        pending: dict[int, tuple[int, str]] = {}  # column → (rows left, text) from rowspan
        for row_index, (tr, in_head) in enumerate(row_info):
            cells: list[str] = []
            raws: list[str] = []
            all_th = True
            any_cell = False
            bold_all = True

            for cell in tr:
                ctag = _tag(cell)
                if ctag not in {"td", "th"} or self.skipped(cell):
                    continue
                any_cell = True
                all_th = all_th and ctag == "th"
                _fill_rowspans(cells, pending)
                text, bold, raw = self.cell_text(cell)
                bold_all = bold_all and (bold or not text)
                colspan = min(max(_int_attr(cell, "colspan") or 1, 1), 1000)
                rowspan = min(max(_int_attr(cell, "rowspan") or 1, 1), 10000)
                col = len(cells)
                cells.append(text)
                raws.append(raw)
                cells.extend([""] * (colspan - 1))
                if rowspan > 1:
                    pending[col] = (rowspan - 1, text)
            _fill_rowspans(cells, pending)
            if any_cell and any(cells):
                self.emit_row(tr, cells, raws, table_index, row_index, header=in_head or all_th, bold=bold_all)


def _fill_rowspans(cells: list[str], pending: dict[int, tuple[int, str]]) -> None:
    """Append the cells that rowspans from rows above put at the current column."""
    while len(cells) in pending:
        col = len(cells)
        left, text = pending[col]
        cells.append(text)
        if left <= 1:
            del pending[col]
        else:
            pending[col] = (left - 1, text)


def _join(segments: list[_Segment], keep_breaks: bool) -> tuple[str, bool, str]:
    raw = "".join(s.raw for s in segments)
    text = _clean("".join(s.text for s in segments))
    if not keep_breaks:
        text = _clean_line(text.replace("\n", " "))
    visible = [s for s in segments if _clean_line(s.text)]
    bold = bool(visible) and all(s.bold for s in visible)
    return text, bold, raw


def _split_paragraphs(segments: list[_Segment]) -> Iterable[tuple[str, bool, str]]:
    """Split a run at two or more consecutive ``<br>`` (whitespace between allowed)."""
    groups: list[list[_Segment]] = [[]]
    breaks = 0
    for seg in segments:
        if seg.text == "\n":
            breaks += 1
            if breaks == 2:
                groups.append([])
            elif breaks < 2:
                groups[-1].append(seg)
            continue
        if not _clean_line(seg.text):
            groups[-1].append(seg)
            continue
        breaks = 0
        groups[-1].append(seg)
    for group in groups:
        text, bold, raw = _join(group, keep_breaks=True)
        if text:
            yield text, bold, raw


# --------------------------------------------------------------------------- main content


def _compute_paths(root: etree._Element, state: _State) -> None:
    """DOM paths as lxml's ``getpath`` writes them (``html/body/div[2]/p``), in O(n).

    ``getpath`` scans the siblings of every ancestor, which is quadratic on pages with
    thousands of siblings; this computes all paths in one pass on the original tree.
    """
    paths = state.paths
    paths[root] = _tag(root) or "node()"
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        state.max_depth = max(state.max_depth, depth)
        children = [c for c in el if isinstance(c.tag, str)]
        counts: dict[str, int] = {}
        for c in children:
            counts[c.tag] = counts.get(c.tag, 0) + 1
        seen: dict[str, int] = {}
        base = paths[el]
        for c in children:
            tag = c.tag
            if counts[tag] > 1:
                seen[tag] = seen.get(tag, 0) + 1
                paths[c] = f"{base}/{tag}[{seen[tag]}]"
            else:
                paths[c] = f"{base}/{tag}"
            stack.append((c, depth + 1))


def _mark_boilerplate(root: etree._Element, state: _State) -> None:
    skip = state.skip
    for el in root.iter():
        if el in skip:
            continue
        if _is_boilerplate(el):
            skip.add(el)
            for d in el.iterdescendants():
                skip.add(d)


def _mark_block_ancestors(root: etree._Element, state: _State) -> None:
    has_block = state.has_block
    for el in root.iter():
        if _tag(el) in _BLOCK_TAGS:
            parent = el.getparent()
            while parent is not None and parent not in has_block:
                has_block.add(parent)
                parent = parent.getparent()


def _visible_len(el: etree._Element, skip: set[etree._Element]) -> int:
    """Characters of text in ``el`` outside boilerplate."""
    total = 0
    for node in el.iter():
        if node is not el and node.tail and node.getparent() not in skip:
            total += len(_clean_line(node.tail))
        if node not in skip and isinstance(node.tag, str) and node.text:
            total += len(_clean_line(node.text))
    return total


def _pick_main(doc: etree._Element, state: _State, warnings: list[str]) -> etree._Element:
    for _name, xpath in _MAIN_SELECTORS:
        found = [e for e in doc.xpath(xpath) if e not in state.skip]
        if not found:
            continue
        best = max(found, key=lambda e: _visible_len(e, state.skip))
        if _visible_len(best, state.skip) >= _MIN_MAIN_TEXT:
            return best
    # Fallback: the deepest element holding most (80 %) of the paragraph and heading text.
    weights: dict[etree._Element, int] = {}
    depth: dict[etree._Element, int] = {}
    total = 0
    for el in doc.iter("p", "pre", "td", "li", "dd", *_HEADINGS):
        if el in state.skip or (el in state.has_block and _tag(el) not in _HEADINGS):
            continue  # count text leaves only, not the cells / items that wrap them
        n = len(_clean_line(el.text_content()))
        if n < 25 and _tag(el) not in _HEADINGS:
            continue
        total += n
        for anc in el.iterancestors():
            weights[anc] = weights.get(anc, 0) + n
    body = doc.find("body")
    if body is None:
        body = doc
    if not total:
        warnings.append("no main content element found; read the whole body")
        return body
    for el in weights:
        depth[el] = sum(1 for _ in el.iterancestors())
    best = max(
        (el for el, w in weights.items() if w >= 0.8 * total and el not in state.skip),
        key=lambda el: depth[el],
        default=body,
    )
    while _tag(best) in _STRUCTURES and best.getparent() is not None and best is not body:
        best = best.getparent()  # a dashboard or an outline list is the content with its headings (the volet)
    warnings.append(f"no main content element found; used the densest element <{_tag(best)}>")
    return best


# --------------------------------------------------------------------------- page furniture

# Site chrome that names the publisher: page header / banner, logo, breadcrumbs, footer.
_CHROME_ROLES = {"banner", "contentinfo"}
_CHROME_TOKEN_RE = re.compile(
    r"header|footer|masthead|banner|colophon|breadcrumb|ariane|logo|brand|site-?(?:name|title)"
    r"|bandeau|entete|en-tete|pied",
    re.IGNORECASE,
)
_BREADCRUMB_RE = re.compile(r"breadcrumb|ariane|fil-?d", re.IGNORECASE)
_BRAND_RE = re.compile(r"logo|brand|site-?(?:name|title)", re.IGNORECASE)
# Inside chrome: menus, search, cookie banners, share buttons... say nothing of the publisher.
_CHROME_NOISE_RE = re.compile(
    r"menu|(?:^|[-_])nav|navbar|navigation|cookie|consent|gdpr|rgpd|tarteaucitron|share|sharing"
    r"|partage|social|newsletter|search|recherche|login|skip|sr-only|screen-reader"
    r"|visually-?hidden|toolbar|pagination|back-?to-?top|lang(?:uage)?-?(?:switch|select)",
    re.IGNORECASE,
)
_CHROME_SKIP_TAGS = _SKIP_TAGS - {"nav", "footer", "img", "picture"}
_CHROME_LINE_TAGS = _BLOCK_TAGS | {"br", "a", "img"}
_META_NAMES = ("og:site_name", "application-name", "description", "og:description")
MAX_CHROME_CHARS = 1000
"""Text taken from one chrome element (a footer holding a whole site map is cut)."""


def _tokens(el: etree._Element) -> list[str]:
    return [
        tok
        for tok in (el.get("id") or "").split() + (el.get("class") or "").split()
        if not _STATE_TOKEN_RE.match(tok)
    ]


def _chrome_kind(el: etree._Element) -> str | None:
    """"breadcrumb", "chrome" or ``None`` for an element of the page."""
    tag = _tag(el)
    if tag in {"", "html", "body", "main", "head"}:
        return None
    tokens = _tokens(el)
    label = el.get("aria-label") or ""
    if any(_BREADCRUMB_RE.search(t) for t in tokens) or _BREADCRUMB_RE.search(label):
        return "breadcrumb"
    if tag in {"div", "p", "span", "section", "ol", "ul", "nav"} and re.match(
        r"^\s*(vous [êe]tes ici|you are here|fil d.ariane)", _leading_text(el, 40), re.IGNORECASE
    ):
        return "breadcrumb"
    if tag in {"header", "footer"} or (el.get("role") or "").lower() in _CHROME_ROLES:
        return "chrome"
    if any(_CHROME_TOKEN_RE.search(t) for t in tokens):
        return "chrome"
    return None


def _chrome_lines(el: etree._Element, breadcrumb: bool) -> list[str]:
    """The text lines of one chrome element: logo ``alt`` texts, brand and address lines."""
    lines: list[str] = []
    current: list[str] = []
    size = 0

    def flush() -> None:
        nonlocal size
        text = _clean_line("".join(current))
        current.clear()
        if text and size < MAX_CHROME_CHARS:
            lines.append(text)
            size += len(text)

    def visit(node: etree._Element, muted: bool) -> None:
        tag = _tag(node)
        if tag and tag not in _CHROME_SKIP_TAGS:
            get = node.get
            hidden = get("hidden") is not None or (get("aria-hidden") or "").lower() == "true"
            if not hidden and not _HIDDEN_STYLE_RE.search(get("style") or ""):
                tokens = _tokens(node)
                brand = any(_BRAND_RE.search(t) for t in tokens)
                noise = (
                    tag == "nav"
                    or (get("role") or "").lower() in _BOILER_ROLES - _CHROME_ROLES
                    or any(_CHROME_NOISE_RE.search(t) for t in tokens)
                )
                here_muted = not (brand or breadcrumb) and (muted or noise)
                line = tag in _CHROME_LINE_TAGS
                if line:
                    flush()
                if tag == "img":
                    alt = get("alt") or get("title") or ""
                    if alt and not here_muted:
                        current.append(alt)
                        flush()
                elif not here_muted and node.text:
                    current.append(node.text)
                if tag != "img":
                    for child in node:
                        visit(child, here_muted)
                if line:
                    flush()
        if node is not el and node.tail and not muted:
            current.append(node.tail)

    visit(el, False)
    flush()
    if breadcrumb and lines:
        return [" › ".join(lines)]
    return lines


def _page_furniture(doc: etree._Element, state: _State, main: etree._Element) -> list[str]:
    """``<title>``, publisher metadata, and the text of site chrome that is not in the blocks."""
    out: list[str] = []
    title = doc.find("head/title")
    if title is None:
        title = next(iter(doc.xpath("//title[not(ancestor::svg)]")), None)
    if title is not None:
        out.append(_clean_line(title.text_content()))
    metas = {}
    for meta in doc.iter("meta"):
        name = (meta.get("property") or meta.get("name") or "").strip().lower()
        if name in _META_NAMES and name not in metas:
            metas[name] = _clean_line(meta.get("content") or "")
    out.extend(metas[name] for name in _META_NAMES if name in metas)
    around_main = {main, *main.iterancestors()}
    body = doc.find("body")
    covered: set[etree._Element] = set()
    for el in (body if body is not None else doc).iter():
        if el in covered or el in around_main:
            continue
        kind = _chrome_kind(el)
        if kind is None:
            continue
        # What the walker read is a block already (an article header holding the h1).
        in_main = main in el.iterancestors()
        if in_main and el not in state.skip:
            continue
        out.extend(_chrome_lines(el, kind == "breadcrumb"))
        covered.update(el.iterdescendants())
    return out


# --------------------------------------------------------------------------- public API


def _truncate(doc: etree._Element, limit: int) -> int:
    """Cut the tree after its first ``limit`` elements in document order; return how many were dropped."""
    elements = doc.iter()
    cut = None
    for count, el in enumerate(elements, start=1):
        if count > limit:
            cut = el
            break
    if cut is None:
        return 0
    dropped = 1 + sum(1 for _ in elements)
    node = cut
    while node is not None and node is not doc:
        parent = node.getparent()
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node = parent
    parent = cut.getparent()
    if parent is not None:
        parent.remove(cut)
    return dropped


def _limit() -> str:
    return f"{MAX_BYTES} bytes ({MAX_BYTES / 1048576:g} MB)"


def extract_html(html: bytes | str, source: str) -> ExtractedDocument:
    """Extract the blocks of one HTML page given as bytes or text (e.g. fetched from a URL).

    Raises ``EmptyDocument`` (no bytes / no text), ``HostileDocument`` (above 20 MB) and
    ``UnsupportedFormat`` (the bytes are a PDF, a zip, an image, binary...).
    """
    warnings: list[str] = []
    if isinstance(html, bytes | bytearray):
        if len(html) > MAX_BYTES:
            raise HostileDocument(
                f"HTML page is {len(html)} bytes, above the {_limit()} limit"
            )
        if not html:
            raise EmptyDocument("HTML page is empty (0 bytes)")
        text = _decode(bytes(html), warnings)
    else:
        if len(html) > MAX_BYTES:
            raise HostileDocument(
                f"HTML page is {len(html)} characters, above the {_limit()} limit"
            )
        if not html:
            raise EmptyDocument("HTML page is empty (0 characters)")
        text = html
        if text.startswith("\ufeff"):
            text = text[1:]
        if text.startswith("%PDF"):
            raise UnsupportedFormat("not an HTML page: the text is a PDF file")
        if "\x00" in text[:8192]:
            raise UnsupportedFormat("not an HTML page: binary content (NUL characters)")
    text = _XML_DECL_RE.sub("", text, count=1)
    if not text.strip():
        raise EmptyDocument("HTML page holds only whitespace")
    if not _TAG_RE.search(text[:65536]):
        raise UnsupportedFormat("not an HTML page: no markup found in the first 64 KB")
    parser = lxml.html.HTMLParser(
        recover=True, no_network=True, remove_comments=True, remove_pis=True,
        default_doctype=False,
    )
    try:
        doc = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise EmptyDocument(f"HTML page could not be parsed into a document: {exc}") from exc
    if any("Resource limit" in e.message or "huge" in e.message.lower() for e in parser.error_log):
        # libxml2 drops a text run or attribute above 10 MB (its guard against hostile pages).
        warnings.append("HTML page holds a text run above the parser's 10 MB limit: it was dropped")
    tree = doc.getroottree()
    dropped = _truncate(doc, MAX_ELEMENTS)
    if dropped:
        warnings.append(
            f"HTML page holds {MAX_ELEMENTS + dropped} elements: only the first {MAX_ELEMENTS} were read"
        )
    state = _State()
    _compute_paths(doc, state)
    _mark_boilerplate(doc, state)
    _mark_block_ancestors(doc, state)
    main = _pick_main(doc, state, warnings)
    walker = _Walker(tree, state)
    walker.walk(main)
    if state.max_depth >= _PARSER_MAX_DEPTH - 1:
        if not state.blocks:
            raise HostileDocument(
                f"HTML page nests elements deeper than {_PARSER_MAX_DEPTH} levels; nothing readable"
            )
        warnings.append(
            f"HTML page nests elements deeper than {_PARSER_MAX_DEPTH} levels; "
            "the parser dropped what lies deeper"
        )
    if not state.blocks:
        if any(w.startswith("HTML page holds a text run above") for w in warnings):
            raise HostileDocument("HTML page holds a text run above the parser's 10 MB limit and nothing else")
        raise EmptyDocument("HTML page holds no text in its main content")
    return ExtractedDocument(
        source_file=source,
        format=SourceFormat.HTML,
        blocks=tuple(state.blocks),
        warnings=tuple(warnings),
        furniture=collect_furniture(_page_furniture(doc, state, main)),
    )


def extract(data: bytes, name: str) -> ExtractedDocument:
    """Extract the blocks of an HTML page's bytes (at most 20 MB)."""
    return extract_html(data, name)
