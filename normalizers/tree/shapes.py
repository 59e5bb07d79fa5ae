"""Stage 2b, the plan given by shape alone: heading levels, bold lines and list nesting, no numbers.

Used only when nothing numbered or labelled explains the plan. Each *shape* (a heading level,
a bold paragraph, a list depth) is a candidate level; the shapes whose lines read like
objectives and actions become OS → OO → actions from the outermost in.
"""

from __future__ import annotations

from normalizers.labels import strip_bullet
from normalizers.tree.lines import Line
from normalizers.tree.outline import OutlineDecision
from normalizers.tree.tables import fiche_pairs, read_header
from normalizers.tree.vocabulary import field_of, is_objective_like, is_outside_context, is_section_title
from pipeline.core.model import BlockKind, Level

_ORDER = (Level.OS, Level.OO, Level.ACTION)


def _shape(line: Line) -> tuple[int, int] | None:
    block = line.block
    if block.kind is BlockKind.HEADING and block.heading_level:
        return (0, block.heading_level)
    if block.kind is BlockKind.LIST_ITEM or block.bullet or strip_bullet(line.text)[1]:
        if block.list_level is None and block.indent is not None:
            return (2, round(block.indent / 12))  # bullets typed in a PDF: nesting shows as indentation
        return (2, block.list_level or 0)
    if block.bold and len(line.text) <= 200:
        return (1, 0)
    return None


def _placed_by_shape(line: Line, decisions: dict[int, OutlineDecision]) -> bool:
    """A numbered list item the outline stage left to its shape (a list right under an objective's heading)."""
    decision = decisions.get(line.position)
    return decision is not None and decision.verdict == "shape"


def _list_shape(line: Line) -> tuple[int, int]:
    """The shape of a numbered list item placed by shape: a list depth, whether the format generated its number
    or it was typed (a PDF)."""
    block = line.block
    if block.list_level is None and block.indent is not None:
        return (2, round(block.indent / 12))
    return (2, block.list_level or 0)


def _title(line: Line) -> str:
    """The line's text without its bullet or its list number."""
    return line.label.title if line.label is not None else strip_bullet(line.text)[0]


def _explained_otherwise(lines: list[Line], decisions: dict[int, OutlineDecision]) -> bool:
    if any(d.verdict in ("item", "flat") for d in decisions.values()):
        return True
    for line in lines:
        if line.skipped:
            continue
        if line.is_row:
            cells = list(line.block.cells or ())
            if read_header(cells).is_dashboard() or fiche_pairs(cells):
                return True
        elif line.label is not None and line.label.level is not None:
            return True
    return False


def _eligible(candidates: list[tuple[Line, tuple[int, int] | None]]) -> list[tuple[int, int]]:
    """The shapes met at least twice whose lines mostly read like objectives or actions, outermost first."""
    by_shape: dict[tuple[int, int], list[float]] = {}
    for line, shape in candidates:
        if shape is not None:
            by_shape.setdefault(shape, []).append(is_objective_like(_title(line)))
    return sorted(s for s, scores in by_shape.items() if len(scores) >= 2 and sum(scores) / len(scores) >= 0.5)


def decide_shapes(lines: list[Line], decisions: dict[int, OutlineDecision]) -> dict[int, Level]:
    """The level of each unnumbered line, when the plan is given by its shape only; else empty."""
    if _explained_otherwise(lines, decisions):
        return {}
    candidates = [
        (line, _shape(line) if line.label is None else _list_shape(line))
        for line in lines
        if not line.skipped and not line.is_row and field_of(line.text) is None and not is_section_title(line.text)
        and (line.label is None or _placed_by_shape(line, decisions))
    ]
    eligible = _eligible(candidates)
    if len(eligible) < 2:
        return {}
    # Shapes seen only before the plan opens (a cover page's "Législature 2025-2030") are no level of it.
    first = next(
        (k for k, (line, shape) in enumerate(candidates)
         if shape == eligible[0] and is_objective_like(_title(line)) >= 0.5),
        0,
    )
    eligible = [s for s in _eligible(candidates[first:]) if s >= eligible[0]]
    if len(eligible) < 2:
        return {}
    levels = dict(zip(eligible[:3], _ORDER, strict=False))
    top = eligible[0]
    out: dict[int, Level] = {}
    started = False
    for line, shape in candidates:
        if shape is None or shape not in levels and shape > top:
            continue
        objective = is_objective_like(_title(line))
        if not started:
            started = shape == top and objective >= 0.5
        elif (shape <= top and objective == 0 and len(line.text.split()) <= 4) or is_outside_context(line.text):
            break  # a chapter after the plan ("Évaluation", "Annexes", "Merci pour votre attention")
        if started and shape in levels:
            out[line.position] = levels[shape]
    return out


def os_above_labelled_oo(lines: list[Line]) -> dict[int, Level]:
    """No OS labelled, each OS's first OO labelled with its path ("OO 2.1"): the bold or heading line just
    above that OO is its OS (a title in capitals, in a banner or a text box)."""
    if any(line.label is not None and line.label.level is Level.OS for line in lines):
        return {}
    out: dict[int, Level] = {}
    above: Line | None = None
    for line in lines:
        if line.skipped:
            continue
        label = line.label
        first_oo = label is not None and label.level is Level.OO and not label.is_local and label.parts[1:] == (1,)
        if first_oo and above is not None and _titles_above(above):
            out[above.position] = Level.OS
        above = line
    return out if len(out) >= 2 else {}


def _titles_above(line: Line) -> bool:
    """A short bold or heading line without label, no field, no row."""
    bold = line.block.bold or line.block.kind is BlockKind.HEADING
    return bold and line.label is None and not line.is_row and len(line.text) <= 160 and field_of(line.text) is None


def _depth(line: Line) -> int | None:
    """A bullet's nesting: its list level, or its indentation when a PDF typed the bullets."""
    block = line.block
    if line.is_row or line.label is not None or not (
        block.kind is BlockKind.LIST_ITEM or block.bullet or strip_bullet(line.text)[1]
    ):
        return None
    if block.list_level is None and block.indent is not None:
        return round(block.indent / 12)
    return block.list_level or 0


def bullets_nested_under_os(lines: list[Line]) -> dict[int, Level]:
    """Labelled OS, nothing else numbered, each followed by a list of two depths ("• OO" then "◦ action"
    below it, a slide per OS): the outer bullets are its OO, the inner ones their actions."""
    if any(line.label is not None and line.label.level in (Level.OO, Level.ACTION) for line in lines):
        return {}
    out: dict[int, Level] = {}
    lists: list[list[tuple[Line, int]]] = []
    open_list = False
    for line in lines:
        if line.skipped:
            continue
        depth = _depth(line)
        if line.label is not None and line.label.level is Level.OS:
            lists.append([])
            open_list = True
        elif depth is not None and open_list:
            lists[-1].append((line, depth))
        elif lists and lists[-1]:
            open_list = False  # the list under the OS is over: what follows is no item of it
    nested = 0
    for run in lists:
        depths = sorted({d for _, d in run})
        if len(depths) != 2 or run[0][1] != depths[0] or run[-1][1] != depths[1]:
            continue
        nested += 1
        for line, depth in run:
            out[line.position] = Level.OO if depth == depths[0] else Level.ACTION
    return out if nested >= 2 else {}
