"""Build the plan tree (OS → OO → actions) from the blocks of any format.

The builder walks blocks in reading order with a small state machine:

* *where we are*: outside the plan, inside it, or in a part to skip (table of contents,
  annexed déclaration de politique sociale, project-sheet templates);
* *the current volet / axe / OS / OO*, so local numbers ("OO/01", unnumbered bullets)
  become canonical dotted paths within the volet;
* *which numbering style each level uses*, so outline numbers of the methodology
  ("2.1.2. Structure", "4. Moyens") are not taken for objectives.

An item printed twice with the same number and a similar title (a summary list followed by
section headers, or three separate lists joined by number) is kept once; the same number
with another title is kept twice and recorded as an anomaly.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from normalizers.labels import LabelMatch, LabelStyle, clean_title, dotted, match_label, strip_bullet
from normalizers.status import (
    is_mark,
    normalize_status,
    parse_progress,
    status_from_progress,
    status_of_checkboxes,
    status_of_wrapped_label,
)
from normalizers.tree.lines import TOC_LINE, Line, dehyphenate, to_lines
from normalizers.tree.outline import OutlineDecision, decide_outline
from normalizers.tree.references import running_levels
from normalizers.tree.shapes import decide_shapes
from normalizers.tree.tables import Header, extend_header, fiche_pairs, is_data_row, read_header, split_bullets
from normalizers.tree.vocabulary import field_of
from pipeline.core.model import Anomaly, Block, BlockKind, Level, PlanItem, Provenance, Volet
from pipeline.core.text import fold

_OUTSIDE, _PLAN, _SKIP_TOC, _SKIP_ANNEX = "outside", "plan", "skip_toc", "skip_annex"
_LEVEL_RANK = {Level.OS: 1, Level.OO: 2, Level.ACTION: 3}
_MAX_DESCRIPTION = 4000

_TOC_LINE = TOC_LINE
_VOLET_RE = re.compile(
    r"^(?:le\s+|la\s+)?(?:volet|partie|pilier)\s*(?:\d+\s*)?[:\-–—]?\s*(?P<kind>interne|externe|commun|communal|transversal)\b"
    r"\s*(?:$|[:\-–—(])",
    re.IGNORECASE,
)
_VOLET_ALONE_RE = re.compile(
    r"^(?:objectifs?\s+strat[ée]giques?\s+)?(?P<kind>internes?|externes?)\s*:?$", re.IGNORECASE
)
_ENTITY_RE = re.compile(
    r"^(?:partie|volet|pst|programme\s+strat[ée]gique\s+transversal|plan\s+strat[ée]gique\s+transversal)\s*"
    r"(?:de\s+la\s+|du\s+|de\s+l['’]\s*)?(?P<who>commune|administration\s+communale|ville|cpas|c\.p\.a\.s\.?"
    r"|centre\s+public\s+d.action\s+sociale)\s*:?\s*$",
    re.IGNORECASE,
)
_LIST_HEAD_RE = re.compile(
    r"^(?:les\s+|nos\s+)?(objectifs?\s+op[ée]rationnels?|actions?(?:\s+[àa]\s+mener)?|projets?(?:\s*/\s*actions?)?)"
    r"\s*(?:\(\w+\))?\s*:?$",
    re.IGNORECASE,
)
_AXE_RE = re.compile(
    r"^(?P<label>axe\s*(?:n[°o]\s*)?(?:\d{1,2}|[IVX]{1,4}))\b\s*[:\-–—.]?\s*(?P<title>.*)$", re.IGNORECASE
)
_ANNEX_RE = re.compile(
    r"^(?:annexes?\b|d[ée]claration\s+de\s+politique\s+(?:sociale|g[ée]n[ée]rale|communale))", re.IGNORECASE
)
_TOC_HEAD_RE = re.compile(r"^(?:table\s+des\s+mati[èe]res|sommaire|table\s+of\s+contents)\b", re.IGNORECASE)
_PLAN_HEAD_RE = re.compile(
    r"(objectifs?\s+strat[ée]giques|plan\s+d.actions?|tableau\s+de\s+bord|programme\s+strat[ée]gique\s+transversal\s*:?\s*$)",
    re.IGNORECASE,
)
_BEING_OS_RE = re.compile(r"^(?:[êe]tre|devenir|rester)\s+(?:un|une|le|la)\s+", re.IGNORECASE)
_DECLARATION_STOP_RE = re.compile(
    r"^(?:par\s+le\s+conseil|ainsi\s+d[ée]lib[ée]r[ée]|pour\s+extrait\s+conforme)", re.IGNORECASE
)

@dataclass
class _Node:
    level: Level
    number: str
    title: str
    source_label: str | None
    parent: _Node | None
    volet: Volet | None
    axe: str | None
    is_cpas: bool
    provenance: Provenance
    list_level: int | None = None
    indent: float | None = None
    heading_level: int | None = None
    fields: dict[str, object] = field(default_factory=dict)
    description: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    printed_numbers: list[int] = field(default_factory=list)
    awaiting_title: bool = False
    listing: str = "text"  # which listing of the plan printed it first (the text, an outline run, a table)
    cell_text: str | None = None

    @property
    def parent_number(self) -> str | None:
        return self.parent.number if self.parent else None


def _norm_title(text: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", fold(text))


def similar_titles(a: str, b: str, threshold: float = 0.8) -> bool:
    """True when two printed titles name the same item (case, accents, wrapping aside)."""
    na, nb = _norm_title(a), _norm_title(b)
    if not na or not nb:
        return False
    if na == nb or (min(len(na), len(nb)) >= 12 and (na.startswith(nb) or nb.startswith(na))):
        return True
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio() >= threshold


def _volet_of(kind: str) -> tuple[Volet | None, bool]:
    kind = fold(kind)
    if kind.startswith("intern"):
        return Volet.INTERNE, True
    if kind.startswith("extern"):
        return Volet.EXTERNE, True
    if kind == "communal":
        return None, False  # the commune's own part of a joint PST
    return Volet.COMMUN, True


@dataclass
class _Table:
    kind: str | None = None  # "dashboard", "fiche", "template"
    header: Header | None = None
    rows_seen: int = 0
    pending: dict[str, object] = field(default_factory=dict)  # fiche fields read before its title
    action: _Node | None = None


class TreeBuilder:
    """Turn a stream of blocks into plan items; call ``feed`` per block, then ``finish``."""

    def __init__(self) -> None:
        self.mode = _OUTSIDE
        self.volet: Volet | None = None
        self.is_cpas = True
        self.axe: str | None = None
        self.current: dict[Level, _Node | None] = {Level.OS: None, Level.OO: None, Level.ACTION: None}
        self.nodes: list[_Node] = []
        self.anomalies: list[Anomaly] = []
        self.styles: dict[Level, LabelStyle] = {}
        self.plan_heading_level: int | None = None
        self.tables: dict[int, _Table] = {}
        self.last_dashboard: Header | None = None
        self._os_running: dict[Volet | None, int] = {}
        self._list_path: list[int] = []
        self.expect: Level | None = None
        self.decision: OutlineDecision | None = None
        self.listing = "text"
        self.running: set[Level] = set()
        self.outcome: str | None = None
        self.shape_level: Level | None = None
        self._run_nodes: dict[tuple[int, tuple[int, ...]], _Node] = {}

    # ---- entry points -------------------------------------------------------------------
    def feed(self, line: Line, decision: OutlineDecision | None = None, shape_level: Level | None = None) -> str:
        """Consume one classified line; say what it became (for ``pst tree --explain``)."""
        if line.skipped:
            return f"skipped: {line.skipped}"
        self.outcome = None
        mode = self.mode
        if line.is_row:
            self._feed_row(line.block)
        else:
            self.decision, self.shape_level = decision, shape_level
            self._feed_line(line.text, line.block)
            self.decision = self.shape_level = None
        if self.outcome is None:
            self.outcome = (
                f"section marker (now {self.mode})" if self.mode != mode else f"not an item ({self.mode})"
            )
        return self.outcome

    def finish(self) -> tuple[list[PlanItem], list[Anomaly]]:
        """Return the items in reading order and the anomalies found."""
        self._check_sequences()
        items = []
        for pos, node in enumerate(n for n in self.nodes if n.title):
            desc = " ".join(node.description).strip() or None
            items.append(
                PlanItem(
                    position=pos,
                    level=node.level,
                    number=node.number,
                    source_label=node.source_label,
                    title=node.title,
                    parent_number=node.parent_number,
                    volet=node.volet,
                    axe=node.axe,
                    status=node.fields.get("status"),
                    progress_pct=node.fields.get("progress"),
                    pilote=node.fields.get("pilote"),
                    partners=node.fields.get("partners"),
                    due=node.fields.get("due"),
                    indicators=node.fields.get("indicators"),
                    description=desc[:_MAX_DESCRIPTION] if desc else None,
                    is_cpas=node.is_cpas,
                    provenance=node.provenance,
                )
            )
        return items, list(self.anomalies)

    # ---- lines ----------------------------------------------------------------------------
    def _feed_line(self, text: str, block: Block, *, fields: dict[str, object] | None = None) -> None:
        body, had_bullet = strip_bullet(text)
        if self.decision is not None and self.decision.verdict == "reject":
            # A chapter number ("3.1 Volet interne"): the rest of the line still says what follows.
            rejected = match_label(body)
            body = rejected.title if rejected is not None and rejected.title else body
            self.decision = None
        bullet = block.bullet or had_bullet or (block.kind is BlockKind.LIST_ITEM and not block.label)
        is_heading = block.kind is BlockKind.HEADING
        short = len(body) <= 120

        if short and _TOC_HEAD_RE.match(body):
            self.mode = _SKIP_TOC
            return
        if self.mode == _SKIP_TOC:
            if is_heading or match_label(body) is not None and match_label(body).level is not None:
                self.mode = _OUTSIDE
            else:
                return

        volet = _VOLET_RE.match(body) if len(body) <= 60 else None
        if volet is None and len(body) <= 40 and (is_heading or block.bold or body.endswith(":")):
            volet = _VOLET_ALONE_RE.match(body)
        if volet is not None and not (self.mode == _SKIP_ANNEX and not is_heading):
            self.volet, self.is_cpas = _volet_of(volet.group("kind"))
            self._reset_below(Level.OS)
            self.axe = None if is_heading else self.axe
            self.mode = _PLAN
            return
        entity = _ENTITY_RE.match(body) if len(body) <= 80 and (is_heading or block.bold or short) else None
        if entity is not None:
            # A joint PST: keep the commune's part, marked, and the CPAS's part.
            self.is_cpas = not fold(entity.group("who")).startswith(("commune", "administration", "ville"))
            self.volet = None
            self._reset_below(Level.OS)
            self.mode = _PLAN
            return
        axe = _AXE_RE.match(body) if len(body) <= 160 else None
        if axe is not None and (is_heading or block.bold or self.mode == _PLAN or body.isupper()):
            self.axe = clean_title(
                f"{axe.group('label')} : {axe.group('title')}" if axe.group("title") else axe.group("label")
            )
            self._reset_below(Level.OS)
            self.mode = _PLAN
            return

        label = match_label(body)
        if label is not None and label.level is not None:
            self.mode = _PLAN
            self._explicit_item(label, block, fields)
            return
        decision = self.decision
        if decision is not None and label is not None:
            if decision.verdict == "item" and self.mode not in (_SKIP_ANNEX, _SKIP_TOC):
                self.mode = _PLAN
                self._outline_item(decision, label, block, fields)
                return
            elif decision.verdict == "flat" and self.mode not in (_SKIP_ANNEX, _SKIP_TOC):
                self.mode = _PLAN
        if self.shape_level is not None and label is None and self._shaped_item(self.shape_level, body, block, fields):
            return

        if short and (is_heading or block.bold or len(body) <= 80) and _ANNEX_RE.match(body):
            self.mode = _SKIP_ANNEX
            self._reset_below(Level.OS)
            return
        if self.mode == _SKIP_ANNEX:
            return
        if _DECLARATION_STOP_RE.match(body):
            self.mode = _OUTSIDE
            self._reset_below(Level.OS)
            return

        field_line = field_of(body) if label is None or label.level is None else None
        target = self._deepest()
        if field_line is not None:
            if target is not None and self.mode == _PLAN:
                self._set_field(target, *field_line)
            return

        # A title announced on the line before ("1er OBJECTIF STRATEGIQUE :" then the title).
        pending = self._awaiting_title()
        if pending is not None and label is None:
            pending.title = clean_title(body)
            pending.awaiting_title = False
            return

        if is_heading and self.mode == _PLAN and not self._heading_inside_plan(block):
            self.mode = _OUTSIDE
            self._reset_below(Level.OS)
        if is_heading and short and _PLAN_HEAD_RE.search(body):
            self.mode = _PLAN
            self.plan_heading_level = block.heading_level
            return

        if label is not None and self.mode == _PLAN:
            if self._implicit_item(label, block, fields):
                return

        if self.mode != _PLAN:
            if (is_heading or block.bold) and short and _BEING_OS_RE.match(body) and not bullet:
                self.mode = _PLAN
                self._unnumbered_os(body, block)
            return

        if (
            (is_heading or block.bold)
            and short
            and _BEING_OS_RE.match(body)
            and not bullet
            and self.styles.get(Level.OS) in (None, "unnumbered")
        ):
            self._unnumbered_os(body, block)
            return


        list_head = _LIST_HEAD_RE.match(body) if len(body) <= 60 else None
        if list_head is not None and self.current[Level.OS] is not None:
            # "Objectifs opérationnels :" announces that the bullets below are OO, "Actions :" actions.
            self.expect = Level.OO if "op" in fold(list_head.group(1)) else Level.ACTION
            return
        if bullet and label is None and self.expect is Level.OO and self.current[Level.OS] is not None:
            if not self._bullet_below_oo(block):
                self._unnumbered_oo(body, block)
                return
        if bullet and self.current[Level.OO] is not None and label is None:
            self._unnumbered_action(body, block, fields)
            return
        if block.label and block.kind is BlockKind.LIST_ITEM and self.current[Level.OO] is not None:
            # A Word/HTML numbered list under an OO whose numbers do not fit the plan's paths
            # (e.g. one "List Number" sequence running through all OO): its items are the actions.
            self._unnumbered_action(clean_title(block.text), block, fields)
            return
        if (
            label is None
            and not bullet
            and self._looks_like_oo_heading(body, block)
        ):
            self._unnumbered_oo(body, block)
            return
        target = self._deepest()
        if target is not None and not is_heading and len(" ".join(target.description)) < _MAX_DESCRIPTION:
            target.description.append(clean_title(body))
            self.outcome = f"description of {target.level.value} {target.number}"

    def _bullet_below_oo(self, block: Block) -> bool:
        """A bullet nested under a bulleted OO is one of its actions."""
        oo = self.current[Level.OO]
        return oo is not None and oo.source_label is None and oo.list_level is not None \
            and block.list_level is not None and block.list_level > oo.list_level

    def _looks_like_oo_heading(self, body: str, block: Block) -> bool:
        """A bold or sub-heading line with no number right under an OS, in a plan whose OO carry no label."""
        os_node = self.current[Level.OS]
        if os_node is None or self.styles.get(Level.OO) not in (None, "unnumbered"):
            return False
        words = len(body.split())
        if not 3 <= words <= 40 or body.rstrip().endswith(":"):
            return False
        if block.kind is BlockKind.HEADING:
            return os_node.heading_level is not None and (block.heading_level or 0) > os_node.heading_level
        return block.bold and not os_node.awaiting_title

    def _shaped_item(self, level: Level, body: str, block: Block, fields: dict[str, object] | None) -> bool:
        """An unnumbered line whose shape (heading level, bold, list depth) gives its level."""
        if self.mode in (_SKIP_ANNEX, _SKIP_TOC):
            return False
        self.mode = _PLAN
        if level is Level.OS:
            self._unnumbered_os(body, block)
        elif level is Level.OO and self.current[Level.OS] is not None:
            self._unnumbered_oo(body, block)
        elif level is Level.ACTION and self.current[Level.OO] is not None:
            oo = self.current[Level.OO]
            number = f"{oo.number}.{len(oo.children) + 1}"
            self._add(Level.ACTION, number, None, block, oo, fields, title=clean_title(body))
        else:
            return False
        return True

    def _unnumbered_oo(self, body: str, block: Block) -> None:
        self.styles.setdefault(Level.OO, "unnumbered")  # type: ignore[arg-type]
        os_node = self.current[Level.OS]
        assert os_node is not None
        local = sum(1 for c in os_node.children if c.level is Level.OO) + 1
        self._add(Level.OO, f"{os_node.number}.{local}", None, block, os_node, None, title=clean_title(body))

    def _heading_inside_plan(self, block: Block) -> bool:
        """A heading deeper than the ones that opened the plan or carry its items stays in it."""
        levels = [n.heading_level for n in self.nodes if n.heading_level]
        ref = min(levels) if levels else self.plan_heading_level
        if ref is None or block.heading_level is None:
            return False
        return block.heading_level > ref

    # ---- items ----------------------------------------------------------------------------
    def _outline_item(
        self, decision: OutlineDecision, label: LabelMatch, block: Block, fields: dict[str, object] | None
    ) -> None:
        """An item of a winning outline: its level from the depth, its number through its parent's.

        A second listing of the plan (Word printing "4." / "4.1." for the OS repeated above its
        OO) is mapped back by title, and its numbers then follow the canonical ones.
        """
        parts, level = decision.parts, decision.level
        if level is None:
            level = Level.ACTION if self._looks_like_typo(label) else None
            if level is None:
                self._sub_action(label, block)
                return
        parent = self._run_nodes.get((decision.run, parts[:-1]))
        if parent is not None:
            parts = tuple(int(x) for x in parent.number.split(".")) + parts[-1:]
        label = LabelMatch(label.style, level, parts, label.label, label.title)
        self.styles.setdefault(level, label.style)
        before, listing, self.listing = self.current[level], self.listing, f"outline{decision.run}"
        if level is Level.OS:
            self._add(Level.OS, str(parts[0]), label, block, None, fields)
        elif level is Level.OO:
            self._add_oo(label, block, fields)
        else:
            self._add_action(label, block, fields)
        self.listing = listing
        node = self.current[level]
        if node is not None and (node is not before or node.provenance == block.provenance):
            self._run_nodes[(decision.run, decision.parts)] = node

    def _explicit_item(self, label: LabelMatch, block: Block, fields: dict[str, object] | None) -> None:
        level = label.level
        assert level is not None
        if not label.title and fold(label.label).startswith(("fiche", "projet")):
            return  # "Fiche action 3" heads a fiche whose table gives the title
        if label.style is LabelStyle.IA_PST or (level in self.running and label.depth == 1):
            self._ia_item(label, block, fields)
            return
        self.styles.setdefault(level, LabelStyle.EXPLICIT)
        if not label.parts:
            label = self._positional(label)
            if label is None:
                return
        if level is Level.OS:
            self._add(Level.OS, dotted(label.parts), label, block, None, fields)
        elif level is Level.OO:
            self._add_oo(label, block, fields)
        else:
            self._add_action(label, block, fields)

    def _positional(self, label: LabelMatch) -> LabelMatch | None:
        """Number an item whose label has no number ("Objectif opérationnel : …") by its position."""
        if label.level is Level.OS:
            same = self._similar_os(label.title)
            count = sum(
                1 for n in self.nodes if n.level is Level.OS and n.volet == self.volet and n.is_cpas == self.is_cpas
            )
            position = int(same.number) if same is not None and same.number.isdigit() else count + 1
        else:
            parent = self.current[Level.OS] if label.level is Level.OO else self.current[Level.OO]
            if parent is None:
                self._anomaly("orphan_item", f"{label.label} {label.title[:80]} has no parent", None)
                return None
            position = sum(1 for c in parent.children if c.level is label.level) + 1
        return LabelMatch(label.style, label.level, (position,), label.label, label.title, True)

    def _implicit_item(self, label: LabelMatch, block: Block, fields: dict[str, object] | None) -> bool:
        """Place a bare number ("1.2", "III.", "b)") by its depth; False when it is not the plan's."""
        if label.style is LabelStyle.UPPER_LETTER:
            return False  # "A." is a level only in an outline that mixes styles (decided by the outline stage)
        if label.style is LabelStyle.LETTER:
            oo, action = self.current[Level.OO], self.current[Level.ACTION]
            if oo is None:
                return False
            if action is not None and action.source_label and len(re.findall(r"\d+", action.source_label)) >= 3:
                return self._sub_action(label, block)  # "a)" under an action numbered 1.1.1: a step of it
            self.styles.setdefault(Level.ACTION, LabelStyle.LETTER)
            self._add_action(
                LabelMatch(LabelStyle.LETTER, Level.ACTION, label.parts, label.label, label.title, True), block, fields
            )
            return True
        depth = label.depth
        if label.style is LabelStyle.ROMAN:
            level = Level.OS
        elif depth == 1:
            if self.styles.get(Level.OS, LabelStyle.DOTTED) is LabelStyle.DOTTED:
                level = Level.OS
            elif (
                self.current[Level.OS] is not None
                and self.styles.get(Level.OO, LabelStyle.DOTTED) is LabelStyle.DOTTED
                and self.current[Level.OO] is None
                and block.kind is not BlockKind.HEADING
            ):
                level = Level.OO
            elif self.current[Level.OO] is not None and block.kind is not BlockKind.HEADING and not block.label:
                # "1. …", "2. …" under a labelled OO: its actions, numbered within it.
                label = LabelMatch(label.style, Level.ACTION, label.parts, label.label, label.title, True)
                level = Level.ACTION
            else:
                return False
        elif depth == 2:
            level = Level.OO
        elif depth == 3:
            level = Level.ACTION
        elif self._looks_like_typo(label):
            level = Level.ACTION
        else:
            return self._sub_action(label, block)
        style = self.styles.setdefault(level, label.style)
        if style is not label.style and not (style is LabelStyle.EXPLICIT and depth >= 2):
            return False
        if level is Level.OS:
            if label.title == "" or not label.title[:1].isalpha():
                return False
            self._add(Level.OS, str(label.parts[0]), label, block, None, fields)
        elif level is Level.OO:
            self._add_oo(
                LabelMatch(label.style, Level.OO, label.parts, label.label, label.title, depth == 1), block, fields
            )
        else:
            if self.current[Level.OO] is None and not self._find(Level.OO, dotted(label.parts[:-1])):
                return False
            self._add_action(
                LabelMatch(label.style, Level.ACTION, label.parts, label.label, label.title), block, fields
            )
        return True

    def _ia_item(self, label: LabelMatch, block: Block, fields: dict[str, object] | None) -> None:
        # iA.PST references run through the whole plan; positions give the canonical path.
        level = label.level
        self.styles.setdefault(level, LabelStyle.IA_PST)
        if level is Level.OS:
            existing = self._similar_os(label.title)
            number = (
                existing.number
                if existing
                else str(
                    sum(
                        1
                        for n in self.nodes
                        if n.level is Level.OS and n.volet == self.volet and n.is_cpas == self.is_cpas
                    )
                    + 1
                )
            )
            self._add(Level.OS, number, label, block, None, fields)
            return
        parent = self.current[Level.OS] if level is Level.OO else self.current[Level.OO]
        if parent is None:
            self._anomaly("orphan_item", f"{label.label} {label.title[:80]} has no parent", None)
            return
        existing = next((c for c in parent.children if c.source_label == label.label), None)
        number = existing.number if existing else f"{parent.number}.{len(parent.children) + 1}"
        self._add(level, number, label, block, parent, fields)

    def _add_oo(self, label: LabelMatch, block: Block, fields: dict[str, object] | None) -> None:
        os_node = self.current[Level.OS]
        parts = label.parts
        if label.is_local or len(parts) == 1:
            if os_node is None:
                self._anomaly(
                    "orphan_item", f"{label.label} {label.title[:80]} comes before any objectif stratégique", None
                )
                return
            os_node.printed_numbers.append(parts[-1])
            self._add(Level.OO, f"{os_node.number}.{parts[-1]}", label, block, os_node, fields)
            return
        os_number = dotted(parts[:-1])
        parent = self._find(Level.OS, os_number) or (self._find(Level.OS, str(parts[-2])) if len(parts) > 2 else None)
        if parent is None and os_node is not None:
            self._anomaly(
                "number_mismatch", f"{label.label} printed under OS {os_node.number}", f"{os_node.number}.{parts[-1]}"
            )
            parent = os_node
        if parent is None:
            self._anomaly(
                "orphan_item", f"{label.label} {label.title[:80]}: objectif stratégique {os_number} not found", None
            )
            return
        parent.printed_numbers.append(parts[-1])
        self._add(Level.OO, f"{parent.number}.{parts[-1]}", label, block, parent, fields)

    def _add_action(self, label: LabelMatch, block: Block, fields: dict[str, object] | None) -> None:
        oo = self.current[Level.OO]
        parts = label.parts
        if len(parts) >= 3:
            prefix = dotted(parts[:-1])
            if len(parts) >= 4 and self._find(Level.ACTION, prefix) is not None and not self._looks_like_typo(label):
                self._sub_action(label, block)
                return
            parent = self._find(Level.OO, prefix)
            if parent is None and oo is not None:
                self._anomaly(
                    "number_mismatch", f"{label.label} printed under OO {oo.number}", f"{oo.number}.{parts[-1]}"
                )
                parent = oo
        else:
            parent = oo
        if parent is None:
            self._anomaly(
                "orphan_item", f"{label.label} {label.title[:80]} comes before any objectif opérationnel", None
            )
            return
        parent.printed_numbers.append(parts[-1])
        self._add(Level.ACTION, f"{parent.number}.{parts[-1]}", label, block, parent, fields)

    def _unnumbered_action(self, body: str, block: Block, fields: dict[str, object] | None) -> None:
        oo = self.current[Level.OO]
        assert oo is not None
        first = next((c for c in oo.children if c.level is Level.ACTION), None)
        if first is not None and self._deeper(block, first):
            last = oo.children[-1]
            last.description.append(clean_title(body))
            return
        if oo.list_level is not None and block.list_level is not None and block.list_level < oo.list_level:
            return  # a bullet shallower than its OO is not one of its actions
        number = f"{oo.number}.{len(oo.children) + 1}"
        self._add(Level.ACTION, number, None, block, oo, fields, title=clean_title(body))

    def _unnumbered_os(self, body: str, block: Block) -> None:
        self.styles.setdefault(Level.OS, "unnumbered")  # type: ignore[arg-type]
        existing = self._similar_os(body)
        number = existing.number if existing else str(self._os_running.get(self.volet, 0) + 1)
        self._os_running[self.volet] = int(number) if number.isdigit() else self._os_running.get(self.volet, 0)
        self._add(Level.OS, number, None, block, None, None, title=clean_title(body))

    def _looks_like_typo(self, label: LabelMatch) -> bool:
        """A 4-part number such as 3.2.3.4 printed where the next action 3.2.4 is due."""
        oo = self.current[Level.OO]
        if oo is None or label.depth < 4 or label.parts[-1] == 1:
            return False
        expected = (max(oo.printed_numbers) if oo.printed_numbers else len(oo.children)) + 1
        return dotted(label.parts[:2]) == oo.number and label.parts[-1] == expected

    def _sub_action(self, label: LabelMatch, block: Block) -> bool:
        action = self.current[Level.ACTION]
        if action is None:
            return False
        action.description.append(clean_title(f"{label.label} {label.title}"))
        return True

    def _add(
        self,
        level: Level,
        number: str,
        label: LabelMatch | None,
        block: Block,
        parent: _Node | None,
        fields: dict[str, object] | None,
        *,
        title: str | None = None,
    ) -> _Node:
        title = label.title if title is None and label is not None else (title or "")
        source_label = label.label if label is not None else None
        for existing in self._find_all(level, number):
            if (existing.parent is parent or level is Level.OS) and (
                similar_titles(existing.title, title)
                or not title
                or not existing.title
                or existing.listing != self.listing  # a second listing of the plan rewords its titles
            ):
                if not existing.title and title:
                    existing.title = title
                self._merge_fields(existing, fields)
                self._make_current(existing)
                self.outcome = f"{level.value} {number}, again (merged with the item already read)"
                return existing
        if level is Level.OS:
            same = self._similar_os(title)
            if same is not None and title:
                self._make_current(same)
                return same
        if self._find_all(level, number) and source_label:
            self._anomaly(
                "duplicate_number",
                f"{source_label or number} printed twice with different titles: {title[:80]!r}",
                number,
            )
        elif self._find_all(level, number):
            # An unnumbered item takes its number from its parent: under a parent printed twice
            # (or after numbered siblings) that number collides, and the collision must be recorded.
            self._anomaly(
                "duplicate_derived_number", f"{number} given to two unnumbered items: {title[:80]!r}", number
            )
        self.outcome = f"{level.value} {number}"
        node = _Node(
            level=level,
            number=number,
            title=title,
            source_label=source_label,
            parent=parent,
            volet=self.volet,
            axe=self.axe,
            is_cpas=self.is_cpas,
            provenance=block.provenance,
            list_level=block.list_level,
            indent=block.indent,
            heading_level=block.heading_level,
            awaiting_title=not title,
            listing=self.listing,
        )
        self._merge_fields(node, fields)
        if parent is not None:
            parent.children.append(node)
        self.nodes.append(node)
        self._make_current(node)
        return node

    # ---- tables ---------------------------------------------------------------------------
    def _feed_row(self, block: Block) -> None:
        listing, self.listing = self.listing, f"table{block.table_index}"
        try:
            self._read_row(block)
        finally:
            self.listing = listing

    def _read_row(self, block: Block) -> None:
        cells = [c.replace("\u00a0", " ").strip() for c in (block.cells or ())]
        nonempty = [c for c in cells if c]
        if not nonempty:
            return
        index = block.table_index if block.table_index is not None else -1
        table = self.tables.get(index)
        if table is None:
            table = self.tables[index] = _Table()
            if (
                len(nonempty) == 1
                and re.match(r"^fiche\s+(projet|action)", fold(nonempty[0]))
                and block.row_index in (0, None)
            ):
                table.kind = "template"  # a "Fiche projet" form: read as a fiche, ignored when empty
        if self.mode in (_SKIP_ANNEX, _SKIP_TOC):
            return
        if (
            len(nonempty) >= 2
            and re.fullmatch(r"\d{1,3}", nonempty[-1])
            and (_TOC_LINE.search(" ".join(nonempty)) or re.search(r"\.{3,}\s*$", nonempty[0]))
        ):
            return  # a table of contents laid out as a table
        if table.kind in (None, "fiche", "template") and table.header is None:
            pairs = fiche_pairs(cells)
            if pairs and (table.kind is not None or any(r in ("os", "oo", "title") for r, _ in pairs)):
                table.kind = "fiche"
                for pair in pairs:
                    self._fiche_row(table, pair, block)
                return
            if table.kind == "template":
                return
        if table.header is None:
            header = read_header(cells)
            if header.is_dashboard() and not is_data_row(cells):
                table.header, table.kind = header, "dashboard"
                self.last_dashboard = header
                if self.mode == _OUTSIDE and (
                    header.status_columns or any(r in header.roles.values() for r in ("status", "pilote", "due"))
                ):
                    self.mode = _PLAN
                return
        if table.kind == "dashboard" and table.header is not None and table.rows_seen == 0:
            if extend_header(table.header, cells):
                return  # a header over two or three rows
        if table.header is None and self.last_dashboard is not None and len(cells) == self.last_dashboard.width:
            table.header, table.kind = self.last_dashboard, "dashboard"  # the next page's fragment, no header
        if table.header is not None:
            if read_header(cells).is_dashboard() and not is_data_row(cells):
                return  # the header repeated on the next page
            table.rows_seen += 1
            self._dashboard_row(table.header, cells, block)
            return
        # A label cell followed by its title ("OO/01 | Varié les canaux …"): read as a line.
        first = nonempty[0]
        label = match_label(first)
        if label is not None and not label.title and len(nonempty) >= 2:
            self._feed_line(f"{first} {nonempty[1]}", block)
        elif label is not None and label.level is not None:
            self._feed_line(" ".join(nonempty[:2]) if not label.title else first, block)

    def _fiche_row(self, table: _Table, key: tuple[str, str], block: Block) -> None:
        """One key | value row of a fiche action: its OS, its OO, its title, then its fields."""
        role, value = key
        if not value or value in ("-", "/"):
            return
        self.mode = _PLAN
        if role == "volet":
            volet, is_cpas = _volet_of(value)
            if (volet, is_cpas) != (self.volet, self.is_cpas):
                self.volet, self.is_cpas = volet, is_cpas
                self._reset_below(Level.OS)
        elif role in ("os", "oo"):
            self._structure_cell(value, Level.OS if role == "os" else Level.OO, block)
        elif role == "title":
            if self.current[Level.OO] is None:
                return
            self._dashboard_action(value, "", block, table.pending)
            table.action = self.current[Level.ACTION]
        elif table.action is not None:
            self._set_field(table.action, role, value)
        elif role != "other":
            holder = _Node(Level.ACTION, "", "", None, None, None, None, True, block.provenance)
            self._set_field(holder, role, value)
            table.pending.update(holder.fields)

    def _dashboard_row(self, header: Header, cells: list[str], block: Block) -> None:
        nonempty = [c for c in cells if c]
        if len(nonempty) == 1 and _is_section_marker(nonempty[0]):
            self._feed_line(nonempty[0], block)  # "VOLET INTERNE" spanning the table
            return
        values: dict[str, str] = {}
        for i, role in header.roles.items():
            if i < len(cells) and cells[i]:
                values[role] = cells[i]
        marks = {i: st for i, st in header.status_columns.items() if i < len(cells) and is_mark(cells[i])}
        if values and not marks and self._continues_row(values):
            return
        fields: dict[str, object] = {}
        for role in ("pilote", "partners", "due", "indicators", "description"):
            if values.get(role):
                fields[role] = re.sub(r"\s+", " ", values[role])
        if values.get("status"):
            fields["status"] = status_of_checkboxes(values["status"]) or normalize_status(values["status"]) or (
                status_of_wrapped_label(values["status"])  # "A pro-grammer" in a narrow column
            )
        if values.get("progress"):
            fields["progress"] = parse_progress(values["progress"])
        for st in marks.values():
            fields["status"] = st
        for role, level in (("os", Level.OS), ("oo", Level.OO)):
            if values.get(role):
                self._structure_cell(values[role], level, block)
        title = values.get("title", "")
        number_cell = values.get("number", "")
        nonempty = [c for c in cells if c]
        pieces = split_bullets(title)
        if len(pieces) > 1 and not number_cell:
            for piece in pieces:  # one cell listing several actions as bullets
                self._dashboard_action(piece, "", block, fields)
            return
        if not title and len(nonempty) == 1:
            self._feed_line(nonempty[0], block)  # a section row spanning the table ("OS 2 : …")
            return
        self._dashboard_action(title, number_cell, block, fields)

    def _numbered_cell(self, text: str, level: Level, block: Block) -> None:
        """An OS or OO known in the table by its number only: the item of that number, untitled if new."""
        parts = [int(x) for x in re.findall(r"\d+", text)]
        if level is Level.OS:
            number, parent = str(parts[-1]), None
        else:
            parent = self.current[Level.OS] if len(parts) == 1 else self._find(Level.OS, str(parts[0]))
            if parent is None:
                return
            number = f"{parent.number}.{parts[-1]}"
        node = self._find(level, number)
        if node is None:
            node = self._add(level, number, None, block, parent, None, title="")
        self._make_current(node)

    def _continues_row(self, values: dict[str, str]) -> bool:
        """A row that only carries on the cells above it (a row wrapped or split by a page break)."""
        targets = {"title": Level.ACTION, "oo": Level.OO, "os": Level.OS}
        if not set(values) <= set(targets) or not all(re.match(r"^[a-zà-ÿ]", v) for v in values.values()):
            return False
        nodes = {role: self.current[targets[role]] for role in values}
        if any(node is None for node in nodes.values()):
            return False
        for role, node in nodes.items():
            node.title = dehyphenate(clean_title(f"{node.title} {values[role]}"))
            if role != "title":
                node.cell_text = None
        self.outcome = "continuation of the row above"
        return True

    def _dashboard_action(self, title: str, number_cell: str, block: Block, fields: dict[str, object]) -> None:
        own = match_label(title)
        line = f"{number_cell} {title}".strip() if number_cell and (own is None or own.level is None) else title
        label = match_label(line)
        if label is not None and label.level is not None or label is not None and label.style is LabelStyle.DOTTED:
            self._feed_line(line, block, fields=fields)
            return
        if len(title.split()) < 2 or self.current[Level.OO] is None:
            return
        self._unnumbered_action(
            title, block.model_copy(update={"bullet": True, "list_level": None, "indent": None}), fields
        )

    def _structure_cell(self, text: str, level: Level, block: Block) -> None:
        """An OS or OO column of a dashboard; merged cells repeat the same text on each row."""
        text = clean_title(text)
        current = self.current[level]
        label = match_label(text)
        numbered = label is not None and (label.level is not None or label.style is LabelStyle.DOTTED)
        title = label.title if numbered else text
        if current is not None and (similar_titles(current.title, title, 0.9) or current.cell_text == text):
            return
        if re.fullmatch(r"(?:OS|OO|O\.[SO]\.)?\s*\d{1,2}(?:\.\d{1,2})?\.?", text, re.IGNORECASE):
            self._numbered_cell(text, level, block)  # a column of numbers only: "1", "1.2"
        elif label is not None and label.level is not None:
            self._feed_line(text, block)
        elif label is not None and label.style is LabelStyle.DOTTED and label.depth == (1 if level is Level.OS else 2):
            as_label = LabelMatch(LabelStyle.DOTTED, level, label.parts, label.label, label.title)
            if level is Level.OS:
                self._add(Level.OS, str(label.parts[0]), as_label, block, None, None)
            else:
                self._add_oo(as_label, block, None)
        elif level is Level.OS:
            self._unnumbered_os(text, block)
        elif self.current[Level.OS] is not None:
            os_node = self.current[Level.OS]
            known = _same_item(os_node.children, text)
            if known is not None:
                self._make_current(known)  # the OO of an earlier listing, worded longer or otherwise
            else:
                local = sum(1 for c in os_node.children if c.level is Level.OO) + 1
                self._add(Level.OO, f"{os_node.number}.{local}", None, block, os_node, None, title=text)
        if self.current[level] is not None:
            self.current[level].cell_text = text

    # ---- helpers --------------------------------------------------------------------------
    def _set_field(self, node: _Node, role: str, value: str) -> None:
        value = clean_title(value)
        self.outcome = f"field {role} of {node.level.value} {node.number}"
        if role == "status":
            progress = parse_progress(value)
            node.fields["status"] = status_of_checkboxes(value) or normalize_status(value) or (
                status_from_progress(progress) if progress is not None else None
            )
            if progress is not None:
                node.fields["progress"] = progress
        elif role == "progress":
            node.fields["progress"] = parse_progress(value)
        elif role != "other":
            node.fields[role] = value

    def _merge_fields(self, node: _Node, fields: dict[str, object] | None) -> None:
        for key, value in (fields or {}).items():
            if value is not None and node.fields.get(key) is None:
                node.fields[key] = value
        if node.fields.get("status") is None and node.fields.get("progress") is not None:
            node.fields["status"] = status_from_progress(node.fields["progress"])

    def _make_current(self, node: _Node) -> None:
        self.current[node.level] = node
        self._reset_below(node.level, keep=True)

    def _reset_below(self, level: Level, keep: bool = False) -> None:
        rank = _LEVEL_RANK[level]
        for lv, r in _LEVEL_RANK.items():
            if r > rank or (r == rank and not keep):
                self.current[lv] = None

    def _deepest(self) -> _Node | None:
        for lv in (Level.ACTION, Level.OO, Level.OS):
            if self.current[lv] is not None:
                return self.current[lv]
        return None

    def _awaiting_title(self) -> _Node | None:
        node = self._deepest()
        return node if node is not None and node.awaiting_title else None

    def _deeper(self, block: Block, first: _Node) -> bool:
        if block.list_level is not None and first.list_level is not None:
            return block.list_level > first.list_level
        if block.indent is not None and first.indent is not None:
            return block.indent > first.indent + 8
        return False

    def _find_all(self, level: Level, number: str) -> list[_Node]:
        return [
            n
            for n in self.nodes
            if n.level is level and n.number == number and n.volet == self.volet and n.is_cpas == self.is_cpas
        ]

    def _find(self, level: Level, number: str) -> _Node | None:
        found = self._find_all(level, number)
        if not found:
            return None
        current = self.current[level]
        return current if current in found else found[-1]

    def _similar_os(self, title: str) -> _Node | None:
        return next(
            (
                n
                for n in self.nodes
                if n.level is Level.OS
                and n.volet == self.volet
                and n.is_cpas == self.is_cpas
                and similar_titles(n.title, title, 0.9)
            ),
            None,
        )

    def _anomaly(self, kind: str, detail: str, number: str | None) -> None:
        self.anomalies.append(Anomaly(kind=kind, detail=detail, number=number))

    def _check_sequences(self) -> None:
        roots = [n for n in self.nodes if n.parent is None]
        groups: list[tuple[str, list[int]]] = []
        by_volet: dict[tuple, list[int]] = {}
        for n in roots:
            if n.number.isdigit() and n.source_label:
                by_volet.setdefault((n.volet, n.is_cpas), []).append(int(n.number))
        groups += [(f"OS du volet {k[0].value if k[0] else '-'}", v) for k, v in by_volet.items()]
        groups += [(f"{n.level.value.upper()} {n.number}", n.printed_numbers) for n in self.nodes if n.printed_numbers]
        for where, numbers in groups:
            seen = sorted(set(numbers))
            missing = [i for i in range(1, seen[-1] + 1) if i not in seen] if seen else []
            if missing:
                self._anomaly("skipped_number", f"{where}: number(s) {', '.join(map(str, missing))} missing", None)


@dataclass(frozen=True)
class Explanation:
    """Why one line of the document became an item, a field, a description, or nothing."""

    line: Line
    outcome: str
    evidence: str | None


def explain_tree(blocks: list[Block] | tuple[Block, ...]) -> tuple[list[PlanItem], list[Anomaly], list[Explanation]]:
    """Build the tree and say, line by line, what each became and on which evidence."""
    lines = to_lines(blocks)
    decisions = decide_outline(lines)
    builder = TreeBuilder()
    shapes = decide_shapes(lines, decisions)
    builder.running = running_levels(lines)
    explained = []
    for line in lines:
        decision = decisions.get(line.index)
        outcome = builder.feed(line, decision, shapes.get(line.index))
        evidence = decision.reason if decision else None
        if line.index in shapes:
            evidence = f"shape (heading level, bold, list depth) of an {shapes[line.index].value}"
        explained.append(Explanation(line, outcome, evidence))
    items, anomalies = builder.finish()
    return items, anomalies, explained


def _is_section_marker(text: str) -> bool:
    """A volet, an axe or a joint-plan part named alone on its line or row."""
    body = text.strip()
    return bool(
        (len(body) <= 60 and _VOLET_RE.match(body))
        or (len(body) <= 40 and _VOLET_ALONE_RE.match(body))
        or (len(body) <= 80 and _ENTITY_RE.match(body))
        or (len(body) <= 160 and _AXE_RE.match(body))
    )


def _words(text: str) -> set[str]:
    return {w for w in _norm_title(text).split() if len(w) > 3}


def _same_item(siblings: list[_Node], title: str) -> _Node | None:
    """The sibling a second listing names with a longer or reworded title, when one clearly is."""
    close = [n for n in siblings if similar_titles(n.title, title)]
    if len(close) == 1:
        return close[0]
    words = _words(title)
    overlap = [len(words & _words(n.title)) / max(1, min(len(words), len(_words(n.title)))) for n in siblings]
    scored = sorted(((share, i) for i, share in enumerate(overlap)), reverse=True)
    if scored and scored[0][0] >= 0.7 and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.2):
        return siblings[scored[0][1]]
    return None


def build_tree(blocks: list[Block] | tuple[Block, ...]) -> tuple[list[PlanItem], list[Anomaly]]:
    """Build the plan items of one document from its blocks, with the anomalies met."""
    items, anomalies, _ = explain_tree(blocks)
    return items, anomalies
