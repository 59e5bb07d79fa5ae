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
A level skipped on the way down (an item at ilvl 2 right under one at ilvl 0) shows its
start value and counts as used, as Word does: the next item at that level gets start + 1.

Counters are rendered by ``numformat``; a format it cannot render (or a value it would
render as an absurdly long label) falls back to decimal with a document warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .numformat import render, unrenderable_reason
from .package import MC, W, chosen_alternative, on_off, w_attr
from .styles import StyleSheet, indent_of

MAX_LEVELS = 9
MAX_LABEL_CHARS = 256
_INT32 = (-(2**31), 2**31 - 1)
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
    custom_format: str | None = None


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
    num_fmt_el = _num_fmt_element(el)
    return Level(
        ilvl=ilvl,
        # ECMA-376 §17.9.25: an omitted start means zero.
        start=start if start is not None else 0,
        num_fmt=(w_attr(num_fmt_el) or "decimal"),
        custom_format=w_attr(num_fmt_el, "format"),
        lvl_text=w_attr(lvl_text_el) if lvl_text_el is not None else None,
        restart=_int(w_attr(el.find(W + "lvlRestart"))),
        is_lgl=bool(on_off(el.find(W + "isLgl"))),
        pstyle=w_attr(el.find(W + "pStyle")),
        suffix=(w_attr(el.find(W + "suff")) or "tab"),
        indent_twips=indent_of(el.find(f"{W}pPr/{W}ind")),
    )


def _num_fmt_element(lvl: etree._Element) -> etree._Element | None:
    """``w:numFmt`` of a level; Word 2010+ writes custom formats inside ``mc:AlternateContent``
    (``custom`` with ``w:format="001, 002, 003, ..."`` in the Choice, decimal as Fallback)."""
    direct = lvl.find(W + "numFmt")
    if direct is not None:
        return direct
    for ac in lvl.findall(MC + "AlternateContent"):
        branch = chosen_alternative(ac)
        found = branch.find(W + "numFmt") if branch is not None else None
        if found is not None:
            return found
    return None


def document_language(styles: StyleSheet) -> str:
    """Two-letter language of the document defaults (``w:lang``), French when unstated."""
    lang_el = styles.default_rpr.find(W + "lang") if styles.default_rpr is not None else None
    value = (w_attr(lang_el) or "fr").strip().lower()
    return value.split("-")[0] or "fr"


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

    def __init__(self, defs: NumberingDefinitions, warnings: list[str] | None = None):
        """Start with all counters unused; format fallbacks are reported to ``warnings``."""
        self.defs = defs
        self.warnings: list[str] = warnings if warnings is not None else []
        self.lang = document_language(defs.styles)
        self._counters: dict[str, list[int | None]] = {}
        self._seen: set[tuple[str, int]] = set()
        self._warned: set[str] = set()

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
        # A skipped shallower level shows its start value and counts as used (Word).
        for shallower in range(ilvl):
            if counters[shallower] is None:
                counters[shallower] = self._start(num_id, shallower)
                self._seen.add((num_id, shallower))
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
            custom = ref.custom_format if ref is not None else None
            return self._format(value, fmt, custom)

        text = _PLACEHOLDER.sub(repl, level.lvl_text).strip()
        if len(text) > MAX_LABEL_CHARS:
            self._warn(
                f"numbering label longer than {MAX_LABEL_CHARS} characters (lvlText "
                f"{level.lvl_text[:20]!r}...) cut"
            )
            text = text[:MAX_LABEL_CHARS]
        return text or None

    def _format(self, value: int, fmt: str, custom: str | None) -> str:
        text = render(value, fmt, self.lang, custom)
        if text is not None:
            return text
        self._warn(f"{unrenderable_reason(value, fmt, self.lang, custom)}; rendered as decimal")
        return str(value)

    def _warn(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warnings.append(message)


def format_number(value: int, num_fmt: str, lang: str = "fr") -> str:
    """Render a counter in a Word number format; what cannot be rendered falls back to decimal.

    (The engine also warns about the fallback; see ``numformat.render``.)
    """
    text = render(value, num_fmt, lang)
    return text if text is not None else str(value)


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        return None
    # ST_DecimalNumber is a 32-bit integer: a hostile w:start of 10**1000 is clamped.
    return max(_INT32[0], min(number, _INT32[1]))
