"""Word automatic numbering rebuilt from ``numbering.xml``.

A numbered paragraph points (``w:numPr``) to a ``w:num`` instance and a level
(``ilvl``); the instance points to a ``w:abstractNum`` whose ``w:lvl`` elements define
start value, number format and the ``lvlText`` template (``%1.%2.``). An instance may
override the start value (``w:startOverride``) or a whole level, and an abstract
definition may borrow its levels from a numbering style (``numStyleLink`` → style →
``numId`` → the abstract definition with the matching ``styleLink``).

Counters follow Word: they live on the abstract definition, so every ``w:num`` of one
``abstractNum`` continues the same sequence, except that an instance with a
``startOverride`` for a level restarts the sequence the first time it is used at that
level. Using a level resets the deeper levels (unless their ``lvlRestart`` says otherwise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .package import W, on_off, w_attr
from .styles import StyleSheet, indent_of

MAX_LEVELS = 9
_PLACEHOLDER = re.compile(r"%([1-9])")
_SILENT_FORMATS = {"bullet", "none"}


@dataclass(frozen=True)
class Level:
    """One ``w:lvl``: how a level counts and renders."""

    ilvl: int
    start: int = 0
    num_fmt: str = "decimal"
    lvl_text: str | None = None
    restart: int | None = None
    is_lgl: bool = False
    pstyle: str | None = None
    suffix: str = "tab"
    indent_twips: int | None = None


@dataclass
class AbstractNum:
    """One ``w:abstractNum``: its levels and links to numbering styles."""

    abstract_id: str
    levels: dict[int, Level] = field(default_factory=dict)
    num_style_link: str | None = None
    style_link: str | None = None


@dataclass
class NumInstance:
    """One ``w:num``: its abstract definition and per-level overrides."""

    num_id: str
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, Level] = field(default_factory=dict)


@dataclass(frozen=True)
class NumberedItem:
    """The outcome of numbering one paragraph."""

    num_id: str
    ilvl: int
    label: str | None
    bullet: bool
    num_fmt: str
    suffix: str
    indent_twips: int | None


def _parse_level(el: etree._Element, default_ilvl: int | None = None) -> Level | None:
    ilvl = _int(el.get(W + "ilvl"))
    if ilvl is None:
        ilvl = default_ilvl
    if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
        return None
    start = _int(w_attr(el.find(W + "start")))
    lvl_text_el = el.find(W + "lvlText")
    return Level(
        ilvl=ilvl,
        # ECMA-376 §17.9.25: an omitted start means zero.
        start=start if start is not None else 0,
        num_fmt=(w_attr(el.find(W + "numFmt")) or "decimal"),
        lvl_text=w_attr(lvl_text_el) if lvl_text_el is not None else None,
        restart=_int(w_attr(el.find(W + "lvlRestart"))),
        is_lgl=bool(on_off(el.find(W + "isLgl"))),
        pstyle=w_attr(el.find(W + "pStyle")),
        suffix=(w_attr(el.find(W + "suff")) or "tab"),
        indent_twips=indent_of(el.find(f"{W}pPr/{W}ind")),
    )


class NumberingDefinitions:
    """The parsed ``numbering.xml``: abstract definitions and instances, with link resolution."""

    def __init__(self, root: etree._Element | None, styles: StyleSheet):
        """Index ``numbering.xml`` (``root`` may be ``None``: then nothing is numbered)."""
        self.styles = styles
        self.abstracts: dict[str, AbstractNum] = {}
        self.nums: dict[str, NumInstance] = {}
        if root is None:
            return
        for el in root.iter(W + "abstractNum"):
            aid = el.get(W + "abstractNumId")
            if aid is None or aid in self.abstracts:
                continue
            absn = AbstractNum(
                abstract_id=aid,
                num_style_link=w_attr(el.find(W + "numStyleLink")),
                style_link=w_attr(el.find(W + "styleLink")),
            )
            for lvl_el in el.findall(W + "lvl"):
                level = _parse_level(lvl_el)
                if level is not None:
                    absn.levels.setdefault(level.ilvl, level)
            self.abstracts[aid] = absn
        for el in root.iter(W + "num"):
            nid = el.get(W + "numId")
            aid = w_attr(el.find(W + "abstractNumId"))
            if nid is None or aid is None or nid in self.nums:
                continue
            inst = NumInstance(num_id=nid, abstract_id=aid)
            for ov in el.findall(W + "lvlOverride"):
                ilvl = _int(ov.get(W + "ilvl"))
                if ilvl is None or not 0 <= ilvl < MAX_LEVELS:
                    continue
                start = _int(w_attr(ov.find(W + "startOverride")))
                if start is not None:
                    inst.start_overrides[ilvl] = start
                lvl_el = ov.find(W + "lvl")
                if lvl_el is not None:
                    level = _parse_level(lvl_el, ilvl)
                    if level is not None:
                        inst.level_overrides[ilvl] = level
            self.nums[nid] = inst

    def abstract_for(self, num_id: str) -> AbstractNum | None:
        """The abstract definition that really holds the levels of an instance.

        Follows ``numStyleLink`` through the numbering style to the definition it names.
        """
        inst = self.nums.get(num_id)
        if inst is None:
            return None
        absn = self.abstracts.get(inst.abstract_id)
        seen: set[str] = set()
        while absn is not None and absn.num_style_link and absn.abstract_id not in seen:
            seen.add(absn.abstract_id)
            linked_num, _ = self.styles.num_pr(absn.num_style_link)
            target = self.nums.get(linked_num or "")
            linked = self.abstracts.get(target.abstract_id) if target else None
            if linked is None:
                break
            absn = linked
        return absn

    def level(self, num_id: str, ilvl: int) -> Level | None:
        """The effective level definition of an instance (overrides applied)."""
        inst = self.nums.get(num_id)
        if inst is None:
            return None
        if ilvl in inst.level_overrides:
            return inst.level_overrides[ilvl]
        absn = self.abstract_for(num_id)
        if absn is None:
            return None
        return absn.levels.get(ilvl)

    def level_for_style(self, num_id: str, style_id: str | None) -> int | None:
        """The level of an instance whose ``w:pStyle`` names this paragraph style, if any."""
        absn = self.abstract_for(num_id)
        if style_id is None or absn is None:
            return None
        for ilvl, level in sorted(absn.levels.items()):
            if level.pstyle == style_id:
                return ilvl
        return None


class NumberingEngine:
    """Stateful counter that renders the label of each numbered paragraph in body order."""

    def __init__(self, defs: NumberingDefinitions):
        """Start with all counters unused."""
        self.defs = defs
        self._counters: dict[str, list[int | None]] = {}
        self._seen: set[tuple[str, int]] = set()

    def _start(self, num_id: str, ilvl: int) -> int:
        inst = self.defs.nums[num_id]
        if ilvl in inst.start_overrides:
            return inst.start_overrides[ilvl]
        level = self.defs.level(num_id, ilvl)
        return level.start if level is not None else 0

    def advance(self, num_id: str, ilvl: int) -> NumberedItem | None:
        """Count one paragraph of instance ``num_id`` at level ``ilvl``; ``None`` if undefined."""
        ilvl = max(0, min(ilvl, MAX_LEVELS - 1))
        level = self.defs.level(num_id, ilvl)
        absn = self.defs.abstract_for(num_id)
        if level is None or absn is None:
            return None
        inst = self.defs.nums[num_id]
        counters = self._counters.setdefault(absn.abstract_id, [None] * MAX_LEVELS)
        first_use = (num_id, ilvl) not in self._seen
        self._seen.add((num_id, ilvl))
        if first_use and ilvl in inst.start_overrides:
            counters[ilvl] = inst.start_overrides[ilvl]
        elif counters[ilvl] is None:
            counters[ilvl] = self._start(num_id, ilvl)
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, MAX_LEVELS):
            deeper_level = self.defs.level(num_id, deeper)
            restart = deeper_level.restart if deeper_level is not None else None
            # lvlRestart is 1-based: "restart after level N"; 0 means never restart.
            if restart is None or (restart > 0 and ilvl < restart):
                counters[deeper] = None
        label = self._render(num_id, level, counters)
        return NumberedItem(
            num_id=num_id,
            ilvl=ilvl,
            label=label,
            bullet=level.num_fmt == "bullet",
            num_fmt=level.num_fmt,
            suffix=level.suffix,
            indent_twips=level.indent_twips,
        )

    def _render(self, num_id: str, level: Level, counters: list[int | None]) -> str | None:
        if level.num_fmt in _SILENT_FORMATS or not level.lvl_text:
            return None

        def repl(match: re.Match[str]) -> str:
            idx = int(match.group(1)) - 1
            ref = self.defs.level(num_id, idx)
            value = counters[idx]
            if value is None:
                value = self._start(num_id, idx)
            fmt = ref.num_fmt if ref is not None else "decimal"
            if fmt in _SILENT_FORMATS:
                return ""
            if level.is_lgl:
                fmt = "decimal"
            return format_number(value, fmt)

        text = _PLACEHOLDER.sub(repl, level.lvl_text).strip()
        return text or None


def format_number(value: int, num_fmt: str) -> str:
    """Render a counter in a Word number format; unknown formats fall back to decimal."""
    if num_fmt == "decimalZero":
        return f"{value:02d}" if 0 <= value < 10 else str(value)
    if num_fmt in ("lowerLetter", "upperLetter") and value > 0:
        letters = _letters(value)
        return letters if num_fmt == "upperLetter" else letters.lower()
    if num_fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman = _roman(value)
        return roman if num_fmt == "upperRoman" else roman.lower()
    if num_fmt == "decimalEnclosedParen":
        return f"({value})"
    return str(value)


def _letters(value: int) -> str:
    # Word repeats the letter past Z: 27 → AA, 28 → BB (not spreadsheet-style AB).
    letter = chr(ord("A") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(value: int) -> str:
    out = []
    for amount, symbol in _ROMAN:
        count, value = divmod(value, amount)
        out.append(symbol * count)
    return "".join(out)


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None
