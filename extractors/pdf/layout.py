"""Turn positioned text lines into paragraph-level blocks.

Everything here is a pure function over ``Line`` records (text + box + font facts), so the
same heuristics serve the text layer and OCR, and can be tested without any PDF.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipeline.core.model import Block, BlockKind, Provenance
from pipeline.core.text import PICTOGRAPH_MODIFIERS, is_pictograph

# Bullet glyphs seen in Word/LibreOffice exports; Symbol/Wingdings bullets land in the
# Unicode private-use area (U+F0B7, U+F0A7, U+F0D8...), handled separately.
BULLET_GLYPHS = frozenset("•▪◦●○■□◆◇►▶▸▹›»→➔➢➤✓✔☐❖⁃∙·‣⦁-–—*")
_DASHES = frozenset("-–—*")
SENTENCE_END = (".", "!", "?", ":", ";", "…")

_LABEL_RE = re.compile(
    r"""^(?:
        O\.?\s?[SO]\.?\s*[/.\-]?\s*\d            # OS1, O.S. 1, OO/01, O.O. 1.1, OS.1, OO 1.2
      | objectifs?\s+(?:strat[ée]gique|op[ée]rationnel)
      | \d{1,2}(?:er|e|ème)?\s+objectif
      | (?:action|axe|projet|fiche)\s+(?:n°\s*)?\d
      | A\.\d{1,2}(?:\.\d{1,2})*
      | A\d{1,2}(?:\.\d{1,2})+(?=\s)              # A1.1.2: an action's path glued to its letter
      | (?-i:[B-H])\.\d{1,2}(?:\.\d{1,2})*\.?(?=\s)  # B.1, B.2.3: an outline lettered at its first level
      | \d{1,2}(?:\.\d{1,2}){1,4}\.?(?=\s|$)     # 1.1, 1.1.1, 2.1.1.
      | \d{1,2}(?:\.\d{1,2}){1,2}\.[a-z][.)]?(?=\s)  # 1.1.a
      | \d{1,2}[.)](?:\s*-)?(?=\s)               # 1.  1)  1.-
      | \d{1,2}\.(?-i:(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ]))     # 10.Créer: a wide number reaching its tab stop
      | [IVXLC]{1,6}[.)](?=\s)                   # I.  IV)
      | [IVX]{1,5}\.\d{1,2}(?:\.\d{1,2}){0,3}\.?(?=\s)  # I.1.  II.3.2.
      | [a-zA-Z][).](?=\s)                       # a)  b.
      | \(\s*(?:OS|OO|A)\.?\s*\d                 # (OS.1)
    )""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Line:
    """One printed line: its text, box (points, top-left origin) and font facts."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int = 1
    size: float = 10.0
    bold: bool = False
    text_x0: float | None = None  # where the text starts after a bullet glyph
    first_word_width: float | None = None  # width of the first word (after any bullet)
    sup_start: bool = False  # starts with a superscript digit (footnote marker)
    page_width: float = 595.0
    page_height: float = 842.0
    region: int = 0  # reading order of the page region (``columns.Region``) the line is in
    shift: float = 0.0  # x offset of the line's column from the first column (indents compare without it)
    col_right: float | None = None  # right edge of the text of the line's column, if in one

    @property
    def left(self) -> float:
        """x0 as if the line sat in the first column."""
        return self.x0 - self.shift

    @property
    def right(self) -> float:
        """x1 as if the line sat in the first column."""
        return self.x1 - self.shift


@dataclass(frozen=True)
class DocStats:
    """Document-wide facts the merging rules compare against."""

    body_size: float
    left_margin: float
    right_margin: float


@dataclass
class Group:
    """Lines that make one block, plus flags decided before grouping."""

    lines: list[Line]
    in_toc: bool = False
    footnote: bool = False
    extra: dict = field(default_factory=dict)


def is_bullet_char(ch: str) -> bool:
    """True for a bullet glyph, including private-use-area glyphs of symbol fonts."""
    if len(ch) != 1:  # ligatures come as several characters
        return False
    return ch in BULLET_GLYPHS or 0xE000 <= ord(ch) <= 0xF8FF or is_pictograph(ch)


def split_bullet(text: str) -> tuple[bool, str]:
    """Split a leading bullet glyph off ``text``: ``(True, rest)`` or ``(False, text)``.

    A dash counts only when followed by a space (so "-3 %" or "–" inside text stay);
    a glyph with nothing after it is not a bullet.
    """
    s = text.lstrip()
    if not s or not is_bullet_char(s[0]):
        return False, text
    rest = s[1:].lstrip(PICTOGRAPH_MODIFIERS)  # an emoji's variation selector or joiner
    if s[0] in _DASHES and not rest.startswith((" ", "\t", "\u00a0")):
        return False, text
    rest = rest.lstrip(" \t\u00a0")
    # "•• item" or "- • item": several glyphs in a row
    while rest and is_bullet_char(rest[0]) and rest[1:2] in (" ", "\t", "\u00a0"):
        rest = rest[1:].lstrip(" \t\u00a0")
    if not rest.strip():
        return False, text
    return True, rest


def starts_with_label(text: str) -> bool:
    """True if the text opens with a plan or list label (``OS1 :``, ``O.O. 1.1.``, ``a)``)."""
    return bool(_LABEL_RE.match(text.lstrip()))


def join_lines(parts: Iterable[str]) -> str:
    """Join wrapped lines: keep a line-end hyphen glued to the next word, else one space."""
    out = ""
    for raw in parts:
        part = raw.strip()
        if not part:
            continue
        if not out:
            out = part
        elif re.search(r"\w-$", out) and part[0].isalnum():
            out += part  # "socio-" + "professionnelle" -> "socio-professionnelle"
        else:
            out += " " + part
    return re.sub(r"[ \t\u00a0]{2,}", " ", out)


def _quantile(values: Sequence[float], q: float) -> float:
    vals = sorted(values)
    if not vals:
        return 0.0
    idx = min(len(vals) - 1, max(0, round(q * (len(vals) - 1))))
    return vals[idx]


def doc_stats(lines: Sequence[Line]) -> DocStats:
    """Body font size (weighted by text length), left and right text margins."""
    if not lines:
        return DocStats(10.0, 72.0, 523.0)
    weights: Counter[float] = Counter()
    for ln in lines:
        weights[round(ln.size * 2) / 2] += len(ln.text)
    body = weights.most_common(1)[0][0]
    body_lines = [ln for ln in lines if abs(ln.size - body) <= max(0.6, body * 0.15)] or list(lines)
    left = _quantile([ln.left for ln in body_lines], 0.05)
    right = _quantile([ln.right for ln in body_lines], 0.95)
    if right - left < 50:  # too few lines to tell: assume a usual A4 text width
        right = max(right, body_lines[0].page_width - left)
    return DocStats(body, left, right)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(SENTENCE_END)


def wrap_forced(prev: Line, cur: Line, stats: DocStats) -> bool:
    """True if ``prev`` ended because the next word did not fit (a soft wrap)."""
    room = (prev.col_right if prev.col_right is not None else stats.right_margin + prev.shift) - prev.x1
    if cur.first_word_width is not None:
        return room < cur.first_word_width + 0.8 * max(prev.size, cur.size)
    return room < 0.12 * (stats.right_margin - stats.left_margin)


def _same_size(a: float, b: float, ocr: bool) -> bool:
    if ocr:
        return abs(a - b) <= 0.18 * max(a, b)
    return abs(a - b) <= 0.6


def _continues(group: list[Line], cur: Line, stats: DocStats, ocr: bool) -> bool:
    """Decide whether ``cur`` is a wrapped continuation of the block made of ``group``."""
    prev = group[-1]
    first = group[0]
    if split_bullet(cur.text)[0] or starts_with_label(cur.text):
        return False
    if not _same_size(prev.size, cur.size, ocr):
        return False
    size = max(prev.size, cur.size)
    tol = 8.0 if ocr else 3.0
    if cur.page == prev.page and cur.region == prev.region:
        if cur.top < prev.top - 1:  # moved up: a stray object
            return False
        pitch = cur.top - prev.top
        if pitch > (1.75 if ocr else 1.65) * size:
            return False
    else:
        # across a page or column break: only a clear soft wrap continues
        if cur.page not in (prev.page, prev.page + 1) or not wrap_forced(prev, cur, stats):
            return False
        if _ends_sentence(prev.text):
            return False
    forced = wrap_forced(prev, cur, stats)
    if cur.bold != prev.bold and not (forced and not _ends_sentence(prev.text)):
        return False
    if _ends_sentence(prev.text) and not forced:
        return False
    # horizontal alignment: the text start of the block (after a bullet), or the
    # previous continuation line, or a first-line indent of a plain paragraph
    starts = {(first.text_x0 if first.text_x0 is not None else first.x0) - first.shift}
    if len(group) > 1:
        starts.add(prev.left)
    if any(abs(cur.left - s) <= tol for s in starts):
        return True
    bullet = split_bullet(first.text)[0]
    return len(group) == 1 and not bullet and 0 < first.left - cur.left <= 40


def group_lines(
    lines: Sequence[Line],
    stats: DocStats,
    breaks: Iterable[int] = (),
    isolated: Iterable[int] = (),
    ocr: bool = False,
) -> list[list[Line]]:
    """Group consecutive lines into blocks.

    ``breaks``: indices where a block must start (e.g. after a table); ``isolated``:
    indices of lines that are a block on their own (TOC lines, footnotes).
    """
    brk, iso = set(breaks), set(isolated)
    groups: list[list[Line]] = []
    for i, ln in enumerate(lines):
        if groups and i not in brk and i not in iso and (i - 1) not in iso and _continues(groups[-1], ln, stats, ocr):
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return groups


def cluster_levels(values: Iterable[float], tol: float) -> dict[float, int]:
    """Map each indentation value to its rank among clusters (0 = leftmost)."""
    uniq = sorted(set(values))
    levels: dict[float, int] = {}
    level, anchor = -1, None
    for v in uniq:
        if anchor is None or v - anchor > tol:
            level += 1
            anchor = v
        levels[v] = level
    return levels


def _bbox(lines: Sequence[Line]) -> tuple[float, float, float, float]:
    """Box of the lines on the first page (and column) of the block."""
    on_first = [ln for ln in lines if (ln.page, ln.region) == (lines[0].page, lines[0].region)]
    return (
        round(min(ln.x0 for ln in on_first), 2),
        round(min(ln.top for ln in on_first), 2),
        round(max(ln.x1 for ln in on_first), 2),
        round(max(ln.bottom for ln in on_first), 2),
    )


def _heading_sizes(groups: Sequence[Group], stats: DocStats) -> list[float]:
    """Distinct heading sizes, largest first; sizes closer than ~7 % count as one (OCR noise)."""
    sizes = sorted(
        {statistics.median(ln.size for ln in g.lines) for g in groups if not g.in_toc and not g.footnote},
        reverse=True,
    )
    anchors: list[float] = []
    for size in sizes:
        if not _is_large(size, stats):
            break
        if not anchors or anchors[-1] - size > max(0.6, 0.07 * anchors[-1]):
            anchors.append(size)
    return anchors


def _heading_level(size: float, anchors: Sequence[float]) -> int | None:
    for level, anchor in enumerate(anchors, start=1):
        if size >= anchor - max(0.6, 0.07 * anchor):
            return level
    return None


def _is_large(size: float, stats: DocStats) -> bool:
    return size >= stats.body_size + 1.0 and size >= stats.body_size * 1.12


def _looks_like_bold_heading(text: str, lines: Sequence[Line]) -> bool:
    letters = sum(ch.isalpha() for ch in text)
    return len(lines) <= 2 and letters >= 2 and len(text) <= 100 and not text.rstrip().endswith((".", ",", ";"))


def groups_to_blocks(groups: Sequence[Group], stats: DocStats, level_tol: float = 4.0) -> list[Block]:
    """Build one typed block per group: kind, bullet, levels, fonts, provenance."""
    heading_sizes = _heading_sizes(groups, stats)
    bullet_indents = [g.lines[0].left for g in groups if split_bullet(g.lines[0].text)[0]]
    levels = cluster_levels(bullet_indents, level_tol)
    blocks: list[Block] = []  # aligned with ``groups``
    for g in groups:
        lines = g.lines
        bullet, first_text = split_bullet(lines[0].text)
        text = join_lines([first_text, *(ln.text for ln in lines[1:])]) or lines[0].text
        size = round(statistics.median(ln.size for ln in lines), 2)
        bold = all(ln.bold for ln in lines)
        kind = BlockKind.PARAGRAPH
        heading_level = list_level = None
        if bullet and not g.in_toc:
            kind = BlockKind.LIST_ITEM
            list_level = levels.get(lines[0].left, 0)
        elif not g.in_toc and not g.footnote:
            level = _heading_level(size, heading_sizes) if _is_large(size, stats) else None
            if level is not None and len(text) <= 250:
                kind, heading_level = BlockKind.HEADING, level
            elif bold and _looks_like_bold_heading(text, lines):
                kind, heading_level = BlockKind.HEADING, len(heading_sizes) + 1
        blocks.append(
            Block(
                kind=kind,
                text=text,
                heading_level=min(heading_level, 9) if heading_level else None,
                list_level=list_level,
                bullet=bullet,
                bold=bold,
                font_size=size,
                indent=round(lines[0].left, 2),
                in_toc=g.in_toc,
                provenance=Provenance(
                    page=lines[0].page,
                    bbox=_bbox(lines),
                    raw_text="\n".join(ln.text for ln in lines),
                ),
            )
        )
    return blocks
