"""Stage 3b, levels of labelled items: is "OO.7" the 7th OO of its OS, or a running reference?

iA.PST exports number items with one reference that runs through the plan ("OS.1", "OO.2",
"A.3", "A.4", "OO.5"…), with holes and late additions: those references are labels, and the
canonical number is the item's position. "OO/01" restarting under each OS is a local number.
Decided once per document from all the labels, not line by line.
"""

from __future__ import annotations

from normalizers.tree.lines import Line
from pipeline.core.model import Level

_PARENT = {Level.OO: Level.OS, Level.ACTION: Level.OO}


def _single_numbered(lines: list[Line]) -> list[tuple[Level, int]]:
    out = []
    for line in lines:
        label = line.label
        if line.skipped or line.is_row or label is None or label.level is None or label.depth != 1:
            continue
        if label.style.value == "explicit":
            out.append((label.level, label.parts[0]))
    return out


def _restarts_under_parent(labels: list[tuple[Level, int]], level: Level) -> bool:
    """Numbers of ``level`` start again at 1 under each new parent (or never run on across parents)."""
    parent, firsts, last = _PARENT[level], [], None
    seen_parent = True
    for lv, number in labels:
        if lv is parent:
            seen_parent = True
        elif lv is level:
            if seen_parent:
                firsts.append((number, last))
                seen_parent = False
            last = number
    return all(first == 1 or prev is None or first <= prev for first, prev in firsts[1:])


def running_levels(lines: list[Line]) -> set[Level]:
    """The levels whose single-number labels are running references, numbered by position."""
    labels = _single_numbered(lines)
    by_level: dict[Level, list[int]] = {}
    for level, number in labels:
        by_level.setdefault(level, []).append(number)
    if len(by_level) >= 2 and sum(len(v) for v in by_level.values()) >= 4:
        sets = [set(v) for v in by_level.values()]
        numbers = [n for _, n in labels]
        rising = sum(1 for a, b in zip(numbers, numbers[1:], strict=False) if b > a) / (len(numbers) - 1)
        if rising >= 0.7 and all(a.isdisjoint(b) for i, a in enumerate(sets) for b in sets[i + 1 :]):
            return set(by_level)  # one reference shared by every level
    return {
        level
        for level in (Level.OO, Level.ACTION)
        if level in by_level and not _restarts_under_parent(labels, level)
    }
