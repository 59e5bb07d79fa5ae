"""Stages 2-3, candidates and levels: which bare-numbered outline is the plan, and at what depth.

Every line numbered ``1.`` / ``1.1.`` / ``1.1.1.`` / ``II.`` (printed or generated) joins an
*outline run*: a sequence where each number continues the one before (first child, next
sibling, back up a level; a skipped or repeated number is tolerated). Chapter numbering,
a methodology outline and the plan itself interleave as separate runs, and a restart at
``1.`` opens a new run (a second listing, the next volet).

Each run, and each chapter subtree of it ("3. Programme stratégique" → 3.1, 3.1.1...), is a
candidate interpretation. It wins when its titles read like objectives and actions and its
context names the plan; chapter and methodology outlines, ``1)`` step lists and section
headings lose, and the reason is kept for ``pst tree --explain``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers.labels import LabelStyle
from normalizers.tree.lines import Line, is_generated, is_outline_label, runs_on_from_parent
from normalizers.tree.vocabulary import is_objective_like, is_outside_context, is_plan_context, is_section_title
from pipeline.core.model import BlockKind, Level

_ACCEPT = 0.55
_PAGE_NUMBER = re.compile(r"(?:\s|\t)\d{1,3}$")
_OPEN_RUNS = 12  # runs a number may continue: chapters, the plan, a listing or two; keeps the pass linear


@dataclass(frozen=True)
class OutlineDecision:
    """What the outline stage decided for one numbered line."""

    run: int
    parts: tuple[int, ...]  # the printed path, chapter prefix removed
    level: Level | None
    verdict: str  # "item" (level given), "flat" (a winning flat list: the context gives the level),
    # "defer" (a flat list that did not win: only inside the plan, by context), "reject" (not the plan),
    # "shape" (a list right under an objective's heading: placed by its shape, like a bulleted list)
    reason: str


@dataclass
class _Run:
    id: int
    style: tuple
    items: list[tuple[Line, tuple[int, ...]]] = field(default_factory=list)


def _continuation_cost(p: tuple[int, ...], q: tuple[int, ...]) -> int | None:
    """How well number ``q`` follows ``p`` in one outline (0 = exactly), None when it cannot."""
    if len(q) > len(p) and q[: len(p)] == p and all(x == 1 for x in q[len(p) :]):
        return 0 if len(q) == len(p) + 1 else 1
    for k in range(len(p) - 1, -1, -1):
        if len(q) < k + 1 or q[:k] != p[:k] or any(x != 1 for x in q[k + 1 :]):
            continue
        step = q[k] - p[k]
        jump = 1 if len(q) > k + 1 else 0  # "3." then "4.1.": the parent "4." was never printed here
        if step == 1:
            return jump
        if step == 2:
            return 2 + jump  # a skipped number
        if step == 0 and q == p:
            return 3  # a number printed twice
    return None


def _style(line: Line) -> tuple:
    label = line.label
    assert label is not None
    closing = ")" if label.label.rstrip().endswith(")") else "."
    return (label.style, is_generated(line), closing)


def _runs(lines: list[Line]) -> list[_Run]:
    runs: list[_Run] = []
    for line in lines:
        if line.skipped or line.is_row or not is_outline_label(line.label):
            continue
        parts, style = line.label.parts, _style(line)
        objective = is_objective_like(line.label.title)
        best: tuple[int, int, _Run] | None = None
        for age, run in enumerate(reversed(runs[-_OPEN_RUNS:])):
            if run.style != style:
                continue
            cost = _continuation_cost(run.items[-1][1], parts)
            if cost is None:
                continue
            same_depth = next((ln for ln, p in reversed(run.items) if len(p) == len(parts)), None)
            if same_depth is not None and (
                same_depth.block.heading_level != line.block.heading_level or same_depth.block.bold != line.block.bold
            ):
                cost += 1
            if same_depth is not None and (is_objective_like(same_depth.label.title) > 0) != (objective > 0):
                cost += 1  # "4. Suivi et évaluation" continues the chapters, not the objectives
            if cost >= 4:
                continue  # the same number again in another style: another listing, not a repeat
            if best is None or (cost, age) < best[:2]:
                best = (cost, age, run)
        if best is None:
            runs.append(_Run(len(runs), style))
            target = runs[-1]
        else:
            target = best[2]
        target.items.append((line, parts))
    return runs


def _context_before(lines: list[Line], first: Line) -> str:
    """The nearest heading-like text before a run: what the listing is introduced as."""
    pos = first.position
    for line in reversed(lines[max(0, pos - 6) : pos]):
        block = line.block
        if line.skipped or line.is_row:
            continue
        if block.kind is BlockKind.HEADING or block.bold or len(line.text) <= 80:
            return line.text
    return ""


def _score(
    items: list[tuple[Line, tuple[int, ...]]], offset: int, context: str, style: tuple
) -> tuple[float | None, str]:
    titled = [(ln, p) for ln, p in items if 1 <= len(p) - offset <= 3]
    if len(titled) < 2:
        return None, "fewer than two numbered items"
    paged = sum(1 for ln, _ in titled if _PAGE_NUMBER.search(ln.label.title))
    if paged * 5 >= len(titled) * 3:
        return -1.0, "a table of contents (titles end with page numbers)"
    sections = sum(1 for ln, _ in titled if is_section_title(ln.label.title))
    if sections * 2 >= len(titled):
        return -1.0, "section headings of the plan, not items"
    objective = sum(is_objective_like(ln.label.title) for ln, _ in titled) / len(titled)
    score, why = objective, [f"objective-like titles {objective:.0%}"]
    if context and is_outside_context(context):
        score -= 0.5
        why.append(f"introduced by {context[:50]!r}, not the plan")
    elif context and is_plan_context(context):
        score += 0.25
        why.append(f"introduced by {context[:50]!r}")
    if style[2] == ")" and max(len(p) for _, p in items) - offset <= 1:
        score -= 0.5
        why.append("numbered like steps 1)")
    return score, ", ".join(why)


def _subtrees(run: _Run) -> list[tuple[Line, list[tuple[Line, tuple[int, ...]]]]]:
    """The chapter subtrees of a run: each depth-1 item with the items numbered under it."""
    out = []
    for i, (line, parts) in enumerate(run.items):
        if len(parts) != 1:
            continue
        below = []
        for other, p in run.items[i + 1 :]:
            if len(p) == 1:
                break
            if p[0] == parts[0]:
                below.append((other, p))
        if len(below) >= 2:
            out.append((line, below))
    return out


def _decide_run(
    run: _Run, lines: list[Line], explicit_os: bool, labelled: dict[int, tuple[int, ...]]
) -> dict[int, OutlineDecision]:
    flat = max(len(p) for _, p in run.items) == 1
    context = _context_before(lines, run.items[0][0])
    score, why = _score(run.items, 0, context, run.style)
    nested = [(ln, p) for ln, p in run.items if len(p) >= 2]
    if nested and score is not None and score > -1.0 and score < _ACCEPT:
        anchored = sum(1 for ln, p in nested if labelled.get(ln.position) == p[:-1]) / len(nested)
        if anchored >= 0.5:  # "1.1.1" right under "OO 1.1 :": the plan's own numbering
            score, why = _ACCEPT, f"{why}, numbered under labelled objectives ({anchored:.0%})"
    if flat and explicit_os and score is not None and score > -1.0:
        # The OS carry their own labels: a flat list is OO or actions by context, or a chapter outline.
        objective = sum(is_objective_like(ln.label.title) for ln, _ in run.items) / len(run.items)
        score = None if objective >= 0.5 else -1.0
        why = "a flat list in a plan whose objectifs stratégiques carry their own labels" + (
            "" if score is None else ", titles not objective-like"
        )
    roman = run.style[0] is LabelStyle.ROMAN
    tops = [is_objective_like(ln.label.title) for ln, p in run.items if len(p) == 1]
    chaptered = bool(tops) and sum(tops) / len(tops) < 0.5 and any(
        (_score(below, 1, chapter.label.title, run.style)[0] or 0) >= _ACCEPT for chapter, below in _subtrees(run)
    )
    if chaptered:
        score, why = -1.0, "its first level names chapters; the plan is a chapter's subtree"
    if score is not None and score >= _ACCEPT:
        verdict = "item" if roman or not flat else "flat"
        return {
            ln.position: OutlineDecision(
                run.id, p, Level.OS if roman else Level.at_depth(len(p)) if not flat else None, verdict,
                f"outline run {run.id}: {why}",
            )
            if not is_outside_context(ln.label.title)
            else OutlineDecision(run.id, p, None, "reject", f"outline run {run.id}: {ln.label.title[:30]!r} is no item")
            for ln, p in run.items
        }
    decisions = {
        ln.position: OutlineDecision(
            run.id, p, None, "defer" if (flat and score != -1.0) or score is None else "reject",
            f"outline run {run.id} {'too short to judge' if score is None else 'loses'}: {why}",
        )
        for ln, p in run.items
    }
    for chapter, below in _subtrees(run):
        sub_score, sub_why = _score(below, 1, chapter.label.title, run.style)
        if sub_score is not None and sub_score >= _ACCEPT:
            for ln, p in below:
                why = f"plan inside chapter {chapter.text[:40]!r}: {sub_why}"
                decisions[ln.position] = OutlineDecision(run.id, p[1:], Level.at_depth(len(p) - 1), "item", why)
    return decisions


def _style_key(label) -> str | None:
    if label is None or label.level is not None:
        return None
    if label.style is LabelStyle.DOTTED and label.depth == 1:
        return "decimal)" if label.label.rstrip().endswith(")") else "decimal"
    return {LabelStyle.ROMAN: "roman", LabelStyle.UPPER_LETTER: "upper", LabelStyle.LETTER: "lower"}.get(label.style)


def _mixed_style_run(lines: list[Line], run_id: int) -> _Run | None:
    """An outline whose levels differ by numbering style (I. → A. → 1. → a)), its paths rebuilt.

    Each style is a level in the order the styles first appear, each new level starting at 1;
    an item that does not continue its level's sequence (a "M. Dupont") is left out.
    """
    order: list[str] = []
    path: list[int] = []
    run = _Run(run_id, ("mixed", False, "."))
    for line in lines:
        if line.skipped or line.is_row:
            continue
        key = _style_key(line.label)
        if key is None or (not order and key not in ("roman", "upper")):
            continue
        value = line.label.parts[0]
        if key not in order:
            if value != 1 or len(order) == 4:
                continue
            order.append(key)
        depth = order.index(key)
        if depth > len(path) or (depth == len(path) and value != 1):
            continue
        if depth < len(path) and value not in (1, path[depth] + 1, path[depth] + 2):
            continue
        path = path[:depth] + [value]
        run.items.append((line, tuple(path)))
    if len(order) < 2 or max(len(p) for _, p in run.items) < 2:
        return None
    return run


_INDENT_TOLERANCE = 6.0  # points: two indents closer than this are one level


def _indented_runs(lines: list[Line], first_id: int) -> list[_Run]:
    """Outlines typed "1." at every level, the level shown by indentation only (a nested list printed to
    PDF), their paths rebuilt: a deeper indent opens a level at "1." right below its parent's line; any
    other "1." at a new indent starts another outline."""
    runs: list[_Run] = []
    indents: list[float] = []
    path: list[int] = []
    printed: dict[int, int] = {}  # the last number printed at each depth
    previous = -2  # position of the run's last line
    for line in lines:
        if line.skipped or line.is_row or _style_key(line.label) != "decimal" or is_generated(line):
            continue
        indent, value = line.block.indent or 0.0, line.label.parts[0]  # no indent given: at the margin
        depth = next((d for d, x in enumerate(indents) if abs(x - indent) <= _INDENT_TOLERANCE), None)
        if depth is None and value == 1 and indents and indent > indents[-1] and line.position == previous + 1:
            indents.append(indent)
            depth = len(indents) - 1
        elif depth is None and value == 1 or not runs:
            runs.append(_Run(first_id + len(runs), ("indented", False, ".")))
            indents, path, depth, printed = [indent], [], 0, {}
        if depth is None or depth > len(path):
            continue
        local = 1 if depth == len(path) else path[depth] + 1
        # A deeper list running on from one parent to the next is numbered within its parent.
        running = runs_on_from_parent(value, printed.get(depth), depth)
        if value != local and not running:
            continue
        printed[depth] = value
        path = path[:depth] + [local]
        runs[-1].items.append((line, tuple(path)))
        previous = line.position
    return [run for run in runs if run.items and max(len(p) for _, p in run.items) >= 2]


def _lists_under_headings(runs: list[_Run], lines: list[Line], decisions: dict[int, OutlineDecision]) -> None:
    """Flat numbered lists, each right under a heading that reads like an objective (an <ol> of
    actions under each <h3> OO, itself under an <h2> OS): the headings are the objectives and the lists their
    actions, placed by shape; a list under a plain heading ("Volet interne", "Nos objectifs") keeps its verdict."""
    flat = [run for run in runs if decisions[run.items[0][0].position].verdict == "flat"]
    if len(flat) < 2:
        return
    for run in flat:
        first = run.items[0][0]
        above = next((ln for ln in reversed(lines[: first.position]) if not ln.skipped), None)
        if above is None:
            return
        if above.block.kind is not BlockKind.HEADING or above.label is not None or is_objective_like(above.text) < 0.5:
            return
    for run in flat:
        for ln, p in run.items:
            why = f"outline run {run.id}: a list right under an objective's heading, placed by its shape"
            decisions[ln.position] = OutlineDecision(run.id, p, None, "shape", why)


def _running_on_under_labelled_os(run: _Run, lines: list[Line], decisions: dict[int, OutlineDecision]) -> None:
    """A winning two-level outline under OS that carry their own labels ("OS 1 –" headings), whose first level does
    not repeat the OS's numbers (1., 2. under OS 1, then 3. under OS 2: one Word list through the plan; or 1., 2.
    again under each OS): its first level is the OO, numbered within each OS, its second the actions."""
    if run.style[0] is LabelStyle.ROMAN or any(decisions[ln.position].verdict != "item" for ln, _ in run.items):
        return
    if max(len(p) for _, p in run.items) > 2:
        return
    os_of: dict[int, int] = {}  # the number of the labelled OS above each line of the run
    current = None
    items = iter(run.items)
    pending = next(items, None)
    for line in lines:
        label = line.label
        if not line.skipped and not line.is_row and label is not None and label.level is Level.OS and label.parts:
            current = label.parts[0]
        while pending is not None and pending[0].position == line.position:
            if current is None:
                return
            os_of[line.position] = current
            pending = next(items, None)
    tops = [(ln, p) for ln, p in run.items if len(p) == 1]
    if all(p[0] == os_of[ln.position] for ln, p in tops):
        return  # "1." under OS 1, "2." under OS 2: the OS listed again with their OO, the outline's numbers hold
    local: dict[int, tuple[int, int]] = {}  # a first-level number → (its OS, its rank in that OS)
    for ln, p in tops:
        os_number = os_of[ln.position]
        local[p[0]] = (os_number, 1 + sum(1 for os_n, _ in local.values() if os_n == os_number))
    if any(p[0] not in local for _, p in run.items):
        return
    why = f"outline run {run.id}: its first level runs on under labelled OS, numbered within each (OO, then actions)"
    for ln, p in run.items:
        parts = local[p[0]] + p[1:]
        decisions[ln.position] = OutlineDecision(run.id, parts, Level.at_depth(len(parts)), "item", why)


def decide_outline(lines: list[Line]) -> dict[int, OutlineDecision]:
    """Decide, for every bare-numbered line, whether it is a plan item and at which level."""
    explicit_os = any(
        ln.label is not None and ln.label.level is Level.OS and not ln.skipped for ln in lines if not ln.is_row
    )
    # For each line, the parts of the last item labelled with its level word above it ("OO 1.1 :").
    labelled: dict[int, tuple[int, ...]] = {}
    last: tuple[int, ...] = ()
    for ln in lines:
        labelled[ln.position] = last
        if not ln.skipped and not ln.is_row and ln.label is not None and ln.label.level is not None:
            last = ln.label.parts if ln.label.style is not LabelStyle.IA_PST else ()
    decisions: dict[int, OutlineDecision] = {}
    runs = _runs(lines)
    for run in runs:
        decisions.update(_decide_run(run, lines, explicit_os, labelled))
    mixed = _mixed_style_run(lines, len(runs))
    if mixed is not None:
        score, why = _score(mixed.items, 0, _context_before(lines, mixed.items[0][0]), mixed.style)
        if score is not None and score >= _ACCEPT:
            for ln, p in mixed.items:
                reason = f"outline of mixed styles (I. → A. → 1.) {mixed.id}: {why}"
                decisions[ln.position] = OutlineDecision(mixed.id, p, Level.at_depth(len(p)), "item", reason)
    for run in _indented_runs(lines, len(runs) + 1):
        score, why = _score(run.items, 0, _context_before(lines, run.items[0][0]), run.style)
        if score is not None and score >= _ACCEPT:
            for ln, p in run.items:
                reason = f"outline nested by indentation {run.id}: {why}"
                decisions[ln.position] = OutlineDecision(run.id, p, Level.at_depth(len(p)), "item", reason)
    _lists_under_headings(runs, lines, decisions)
    if explicit_os:
        for run in runs:
            _running_on_under_labelled_os(run, lines, decisions)
    deep = any(d.verdict == "item" and len(d.parts) >= 2 for d in decisions.values())
    if deep:
        # A full outline explains the plan: a flat numbered list elsewhere is no rival list of OS.
        for index, d in decisions.items():
            if d.verdict == "flat":
                reason = f"{d.reason}; a deeper outline holds the plan"
                decisions[index] = OutlineDecision(d.run, d.parts, None, "defer", reason)
    return decisions
