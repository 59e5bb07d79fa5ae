"""Style resolution for ``styles.xml``: ``basedOn`` chains, outline levels, inherited numbering.

Word stores built-in style *names* in English (``heading 1``) but style *ids* localized
(``Titre1`` in a French Word, ``berschrift1`` in German), and documents produced by other
tools may use either; heading and list detection therefore look at ids, names and the
``outlineLvl`` property, walking the ``basedOn`` chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.core.text import strip_accents

from .package import W, w_attr

_MAX_CHAIN = 25

# Localized stems of "heading N" (en, fr, de, nl, es, it, pt) once accents and spaces are gone.
_HEADING_RE = re.compile(
    r"^(heading|titre|uberschrift|berschrift|kop|titulo|ttulo|titolo|cabecalho)(\d)$"
)
_TITLE_NAMES = {"title", "titre", "titel", "titulo", "ttulo", "titolo"}
_TOC_RE = re.compile(r"^(toc|tm|verzeichnis|inhopg|inhoudsopgave|tdc|indice|sommario)(\d)$")
_LIST_BULLET_RE = re.compile(
    r"^(listbullet|listeapuces|listepuces|aufzahlungszeichen|lijstopsom\w*)(\d?)$"
)
_LIST_NUMBER_RE = re.compile(
    r"^(listnumber|listenumeros|listenumros|listennummer|lijstnummering)(\d?)$"
)


def normalize_name(name: str) -> str:
    """Lower-case a style name/id, drop accents, spaces, punctuation (``Titre 1`` → ``titre1``)."""
    return re.sub(r"[^a-z0-9]", "", strip_accents(name).lower())


@dataclass(frozen=True)
class Style:
    """One ``w:style`` with the properties the reader needs."""

    style_id: str
    name: str
    type: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None
    is_default: bool


class StyleSheet:
    """All styles of a document plus the document defaults, with inheritance helpers."""

    def __init__(self, root: etree._Element | None):
        """Index ``styles.xml`` (``root`` may be ``None`` when the package has no styles part)."""
        self.styles: dict[str, Style] = {}
        self.default_paragraph: str | None = None
        self.default_character: str | None = None
        self.default_rpr: etree._Element | None = None
        self.default_ppr: etree._Element | None = None
        if root is None:
            return
        defaults = root.find(W + "docDefaults")
        if defaults is not None:
            self.default_rpr = defaults.find(f"{W}rPrDefault/{W}rPr")
            self.default_ppr = defaults.find(f"{W}pPrDefault/{W}pPr")
        for el in root.iter(W + "style"):
            sid = el.get(W + "styleId")
            if not sid:
                continue
            stype = el.get(W + "type") or "paragraph"
            style = Style(
                style_id=sid,
                name=w_attr(el.find(W + "name")) or sid,
                type=stype,
                based_on=w_attr(el.find(W + "basedOn")),
                ppr=el.find(W + "pPr"),
                rpr=el.find(W + "rPr"),
                is_default=(el.get(W + "default") or "").lower() in ("1", "true", "on"),
            )
            self.styles.setdefault(sid, style)
            if style.is_default and stype == "paragraph" and self.default_paragraph is None:
                self.default_paragraph = sid
            if style.is_default and stype == "character" and self.default_character is None:
                self.default_character = sid

    def paragraph_style_id(self, pstyle: str | None) -> str | None:
        """The style of a paragraph: its ``w:pStyle`` if known, else the default paragraph style."""
        if pstyle and pstyle in self.styles:
            return pstyle
        return self.default_paragraph

    def chain(self, style_id: str | None) -> list[Style]:
        """The style and its ``basedOn`` ancestors, nearest first (cycle-safe)."""
        out: list[Style] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(out) < _MAX_CHAIN:
            seen.add(style_id)
            style = self.styles.get(style_id)
            if style is None:
                break
            out.append(style)
            style_id = style.based_on
        return out

    def ppr_value(self, style_id: str | None, tag: str) -> etree._Element | None:
        """Nearest ``pPr/<tag>`` element along the chain."""
        for style in self.chain(style_id):
            if style.ppr is not None:
                el = style.ppr.find(W + tag)
                if el is not None:
                    return el
        return None

    def outline_level(self, style_id: str | None) -> int | None:
        """``w:outlineLvl`` (0-based, 9 = body text) inherited through the chain."""
        el = self.ppr_value(style_id, "outlineLvl")
        return _int(w_attr(el))

    def heading_level_by_name(self, style_id: str | None) -> int | None:
        """Heading level (1..9) guessed from the id or name of the style or an ancestor."""
        for style in self.chain(style_id):
            for label in (style.style_id, style.name):
                norm = normalize_name(label)
                match = _HEADING_RE.match(norm)
                if match and match.group(2) != "0":
                    return int(match.group(2))
                if norm in _TITLE_NAMES:
                    return 1
        return None

    def is_toc(self, style_id: str | None) -> bool:
        """Whether the style is a table-of-contents entry style (``toc 1``, French ``TM 1``)."""
        for style in self.chain(style_id):
            for label in (style.style_id, style.name):
                if _TOC_RE.match(normalize_name(label)):
                    return True
        return False

    def list_style(self, style_id: str | None) -> tuple[bool, int] | None:
        """(bullet, level) for ``List Bullet N`` / ``List Number N`` styles, else ``None``."""
        for style in self.chain(style_id):
            for label in (style.style_id, style.name):
                norm = normalize_name(label)
                for regex, bullet in ((_LIST_BULLET_RE, True), (_LIST_NUMBER_RE, False)):
                    match = regex.match(norm)
                    if match:
                        digit = match.group(2)
                        return bullet, (int(digit) - 1 if digit and digit != "0" else 0)
        return None

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) from the style chain, each taken from the nearest style that sets it.

        A ``numId`` of ``"0"`` switches numbering off and is returned as is.
        """
        num_id: str | None = None
        ilvl: int | None = None
        for style in self.chain(style_id):
            if style.ppr is None:
                continue
            numpr = style.ppr.find(W + "numPr")
            if numpr is None:
                continue
            if num_id is None:
                num_id = w_attr(numpr.find(W + "numId"))
            if ilvl is None:
                ilvl = _int(w_attr(numpr.find(W + "ilvl")))
            if num_id is not None and ilvl is not None:
                break
        return num_id, ilvl

    def indent_twips(self, style_id: str | None) -> int | None:
        """Left indentation (twips) inherited through the chain, then the document default."""
        el = self.ppr_value(style_id, "ind")
        if el is None and self.default_ppr is not None:
            el = self.default_ppr.find(W + "ind")
        return indent_of(el)

    def run_prop(self, tag: str, rstyle: str | None, pstyle: str | None) -> etree._Element | None:
        """Nearest ``rPr/<tag>`` from the run style chain, paragraph style chain, defaults."""
        for sid in (rstyle, pstyle):
            for style in self.chain(sid):
                if style.rpr is not None:
                    el = style.rpr.find(W + tag)
                    if el is not None:
                        return el
        if self.default_rpr is not None:
            return self.default_rpr.find(W + tag)
        return None


def indent_of(ind: etree._Element | None) -> int | None:
    """Left indentation in twips of a ``w:ind`` element (``w:left`` or ``w:start``)."""
    if ind is None:
        return None
    return _int(w_attr(ind, "left") or w_attr(ind, "start"))


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(float(value))
    except ValueError:
        return None
