"""Visible text of a paragraph: runs, hyperlinks, fields, content controls, tracked changes.

Deleted (``w:del``, ``w:moveFrom``) and hidden (``w:vanish``) text is dropped, inserted
text kept; of a complex field (``fldChar`` begin/separate/end) only the displayed result
is kept, never the instruction. Field state spans paragraphs (a TOC field opens in one
paragraph and closes many paragraphs later), hence the ``FieldState`` object.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from .package import MC, W, chosen_alternative, on_off, w_attr

_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_TRANSPARENT = {
    W + "hyperlink",
    W + "fldSimple",
    W + "ins",
    W + "moveTo",
    W + "smartTag",
    W + "customXml",
    W + "dir",
    W + "bdo",
}
_DROPPED = {W + "del", W + "moveFrom"}
_TXBX = W + "txbxContent"
_SPACE_LIKE = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2060": ""})


@dataclass
class _Field:
    in_result: bool = False
    instruction: list[str] = field(default_factory=list)
    is_toc: bool = False


@dataclass
class FieldState:
    """Open complex fields, outermost first, carried across paragraphs."""

    stack: list[_Field] = field(default_factory=list)

    @property
    def in_instruction(self) -> bool:
        """Whether we are between a field's ``begin`` and ``separate`` (instruction text)."""
        return any(not f.in_result for f in self.stack)

    @property
    def in_toc(self) -> bool:
        """Whether we are inside the displayed result of a ``TOC`` field."""
        return any(f.is_toc and f.in_result for f in self.stack)


@dataclass(frozen=True)
class Segment:
    """A piece of visible text and the run it comes from (``None`` for math)."""

    text: str
    run: etree._Element | None


def iter_segments(container: etree._Element, fields: FieldState) -> Iterator[Segment]:
    """Yield the visible text pieces of a paragraph (or any inline container), in order."""
    for child in container:
        tag = child.tag
        if tag == W + "r":
            yield from _run_segments(child, fields)
        elif tag in _TRANSPARENT:
            yield from iter_segments(child, fields)
        elif tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from iter_segments(content, fields)
        elif tag in _DROPPED:
            continue
        elif tag == MC + "AlternateContent":
            branch = chosen_alternative(child)
            if branch is not None:
                yield from iter_segments(branch, fields)
        elif tag in (_M + "oMath", _M + "oMathPara"):
            math = "".join(t.text or "" for t in child.iter(_M + "t"))
            if math:
                yield Segment(math, None)


def text_boxes(container: etree._Element) -> list[etree._Element]:
    """The ``w:txbxContent`` of the text boxes anchored in a paragraph, in order.

    A text box is written twice by Word: as DrawingML (``mc:Choice``) and as VML
    (``mc:Fallback``); only the chosen branch is read, so its paragraphs count once.
    Boxes nested in a box are left to the reading of that box.
    """
    found: list[etree._Element] = []
    pending = [iter(container)]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == _TXBX:
            found.append(child)
        elif tag == MC + "AlternateContent":
            branch = chosen_alternative(child)
            if branch is not None:
                pending.append(iter(branch))
        elif tag not in _DROPPED:
            pending.append(iter(child))
    return found


def count_paragraphs(container: etree._Element) -> int:
    """``w:p`` elements inside ``container`` as the reader counts them (one branch of each
    ``mc:AlternateContent``)."""
    total = 0
    pending = [iter(container)]
    while pending:
        child = next(pending[-1], None)
        if child is None:
            pending.pop()
            continue
        if not isinstance(child.tag, str):
            continue
        if child.tag == W + "p":
            total += 1
        if child.tag == MC + "AlternateContent":
            branch = chosen_alternative(child)
            if branch is not None:
                pending.append(iter(branch))
        else:
            pending.append(iter(child))
    return total


def _run_segments(run: etree._Element, fields: FieldState) -> Iterator[Segment]:
    rpr = run.find(W + "rPr")
    hidden = rpr is not None and bool(on_off(rpr.find(W + "vanish")))
    for el in run:
        tag = el.tag
        if tag == W + "fldChar":
            _field_char(el, fields)
            continue
        if tag == W + "instrText":
            if fields.stack and not fields.stack[-1].in_result:
                fields.stack[-1].instruction.append(el.text or "")
            continue
        if hidden or fields.in_instruction:
            continue
        piece = _piece(el)
        if piece:
            yield Segment(piece, run)


def _field_char(el: etree._Element, fields: FieldState) -> None:
    kind = w_attr(el, "fldCharType")
    if kind == "begin":
        fields.stack.append(_Field())
    elif kind == "separate" and fields.stack:
        top = fields.stack[-1]
        top.in_result = True
        top.is_toc = "".join(top.instruction).strip().upper().startswith("TOC")
    elif kind == "end" and fields.stack:
        fields.stack.pop()


def _piece(el: etree._Element) -> str:
    tag = el.tag
    if tag == W + "t":
        return el.text or ""
    if tag in (W + "tab", W + "ptab"):
        return "\t"
    if tag in (W + "br", W + "cr"):
        return "\n"
    if tag == W + "noBreakHyphen":
        return "-"
    return ""


def normalize(text: str) -> str:
    """Visible text: non-breaking and thin spaces → spaces, soft hyphens dropped, ends trimmed."""
    return text.translate(_SPACE_LIKE).replace("\u00ad", "").replace("\u200b", "").strip()
