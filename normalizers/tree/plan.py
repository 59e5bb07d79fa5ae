"""The plan under construction: its nodes, where the reader stands (volet, axe, current OS/OO/action),
and the one way to add an item (merged with the same item read before, or recorded as an anomaly)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from normalizers.labels import LabelMatch, clean_title
from normalizers.status import normalize_status, parse_progress, status_from_progress, status_of_checkboxes
from normalizers.tree.anomalies import sequence_anomalies
from pipeline.core.model import Anomaly, Block, Level, PlanItem, Provenance, Volet
from pipeline.core.text import fold

_LISTED_ROLES = ("pilote", "partners", "due", "indicators")  # free-text fields a list may give line by line
MAX_DESCRIPTION = 4000



@dataclass
class PlanNode:
    """One objective or action being read, with its parent and children."""

    level: Level
    number: str
    title: str
    source_label: str | None
    parent: PlanNode | None
    volet: Volet | None
    axe: str | None
    is_cpas: bool
    provenance: Provenance
    list_level: int | None = None
    indent: float | None = None
    heading_level: int | None = None
    fields: dict[str, object] = field(default_factory=dict)
    description: list[str] = field(default_factory=list)
    children: list[PlanNode] = field(default_factory=list)
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


def volet_of(kind: str) -> tuple[Volet | None, bool]:
    kind = fold(kind)
    if re.search(r"\bintern", kind):
        return Volet.INTERNE, True
    if re.search(r"\bextern", kind):
        return Volet.EXTERNE, True
    if re.search(r"\bcommunal\b", kind):
        return None, False  # the commune's own part of a joint PST
    return Volet.COMMUN, True


def _words(text: str) -> set[str]:
    return {w for w in _norm_title(text).split() if len(w) > 3}


def same_item(siblings: list[PlanNode], title: str) -> PlanNode | None:
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



class PlanTree:
    """The items read so far and the reader's position in the plan."""

    def __init__(self) -> None:
        self.volet: Volet | None = None
        self.is_cpas = True
        self.axe: str | None = None
        self.listing = "text"  # the listing being read: the text, an outline run, a table
        self.current: dict[Level, PlanNode | None] = {Level.OS: None, Level.OO: None, Level.ACTION: None}
        self.nodes: list[PlanNode] = []
        # Lookups stay constant-time: a page of 40,000 bullets must not cost 40,000² comparisons.
        self._by_number: dict[tuple, list[PlanNode]] = {}
        self._os_nodes: list[PlanNode] = []
        self.min_heading_level: int | None = None  # the shallowest heading that carries an item
        self.anomalies: list[Anomaly] = []
        self.outcome: str | None = None  # what the last line became, for explanations

    def add(
        self,
        level: Level,
        number: str,
        label: LabelMatch | None,
        block: Block,
        parent: PlanNode | None,
        fields: dict[str, object] | None,
        *,
        title: str | None = None,
    ) -> PlanNode:
        title = label.title if title is None and label is not None else (title or "")
        source_label = label.label if label is not None else None
        for existing in self.find_all(level, number):
            if (existing.parent is parent or level is Level.OS) and (
                similar_titles(existing.title, title)
                or not title
                or not existing.title
                or existing.listing != self.listing  # a second listing of the plan rewords its titles
            ):
                if not existing.title and title:
                    existing.title = title
                self.merge_fields(existing, fields)
                self.make_current(existing)
                self.outcome = f"{level.value} {number}, again (merged with the item already read)"
                return existing
        if level is Level.OS:
            same = self.similar_os(title)
            if same is not None and title:
                self.make_current(same)
                return same
        if self.find_all(level, number) and source_label:
            self.anomaly(
                "duplicate_number",
                f"{source_label or number} printed twice with different titles: {title[:80]!r}",
                number,
            )
        elif self.find_all(level, number):
            # An unnumbered item takes its number from its parent: under a parent printed twice
            # (or after numbered siblings) that number collides, and the collision must be recorded.
            self.anomaly(
                "duplicate_derived_number", f"{number} given to two unnumbered items: {title[:80]!r}", number
            )
        self.outcome = f"{level.value} {number}"
        node = PlanNode(
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
        self.merge_fields(node, fields)
        if parent is not None:
            parent.children.append(node)
        self.nodes.append(node)
        self._by_number.setdefault((level, number, node.volet, node.is_cpas), []).append(node)
        if level is Level.OS:
            self._os_nodes.append(node)
        if node.heading_level and (self.min_heading_level is None or node.heading_level < self.min_heading_level):
            self.min_heading_level = node.heading_level
        self.make_current(node)
        return node

    def set_field(self, node: PlanNode, role: str, value: str) -> None:
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

    def add_to_field(self, node: PlanNode, role: str, value: str) -> None:
        """One more value of a field listed line by line; an unnamed field's values describe the item."""
        value = clean_title(value)
        listed = node.fields.get(role)
        if role in _LISTED_ROLES and listed:
            node.fields[role] = f"{listed}; {value}"
            self.outcome = f"field {role} of {node.level.value} {node.number}"
        elif role == "other":
            node.description.append(value)
            self.outcome = f"description of {node.level.value} {node.number}"
        else:
            self.set_field(node, role, value)

    def merge_fields(self, node: PlanNode, fields: dict[str, object] | None) -> None:
        for key, value in (fields or {}).items():
            if value is not None and node.fields.get(key) is None:
                node.fields[key] = value
        if node.fields.get("status") is None and node.fields.get("progress") is not None:
            node.fields["status"] = status_from_progress(node.fields["progress"])

    def make_current(self, node: PlanNode) -> None:
        self.current[node.level] = node
        self.reset_below(node.level, keep=True)

    def reset_below(self, level: Level, keep: bool = False) -> None:
        for lv in Level:
            if lv.depth > level.depth or (lv is level and not keep):
                self.current[lv] = None

    def deepest(self) -> PlanNode | None:
        for lv in (Level.ACTION, Level.OO, Level.OS):
            if self.current[lv] is not None:
                return self.current[lv]
        return None

    def awaiting_title(self) -> PlanNode | None:
        node = self.deepest()
        return node if node is not None and node.awaiting_title else None

    def find_all(self, level: Level, number: str) -> list[PlanNode]:
        return list(self._by_number.get((level, number, self.volet, self.is_cpas), ()))

    def find(self, level: Level, number: str) -> PlanNode | None:
        found = self.find_all(level, number)
        if not found:
            return None
        current = self.current[level]
        return current if current in found else found[-1]

    def os_count(self) -> int:
        """How many OS the current volet (and plan part) holds so far."""
        return sum(1 for n in self._os_nodes if n.volet == self.volet and n.is_cpas == self.is_cpas)

    def similar_os(self, title: str) -> PlanNode | None:
        return next(
            (
                n
                for n in self._os_nodes
                if n.volet == self.volet
                and n.is_cpas == self.is_cpas
                and similar_titles(n.title, title, 0.9)
            ),
            None,
        )

    def anomaly(self, kind: str, detail: str, number: str | None) -> None:
        self.anomalies.append(Anomaly(kind=kind, detail=detail, number=number))

    def items(self) -> tuple[list[PlanItem], list[Anomaly]]:
        """Return the items in reading order and the anomalies found."""
        items = []
        # A node whose title never came is left out, unless it was printed with its label and items hang below it:
        # then its label stands for its title, so that no action loses its objective ("OO 1.1 :", a line of labels
        # only). A number alone (a dashboard's OS column) names no item: its items keep their parent's number.
        kept = [n for n in self.nodes if n.title or (n.source_label and _titled_below(n))]
        untitled = [
            Anomaly(kind="untitled_item", detail=f"{_stand_in_title(n)}: items below it, no title of its own",
                    number=n.number)
            for n in kept if not n.title
        ]
        for pos, node in enumerate(kept):
            desc = " ".join(node.description).strip() or None
            items.append(
                PlanItem(
                    position=pos,
                    level=node.level,
                    number=node.number,
                    source_label=node.source_label,
                    title=node.title or _stand_in_title(node),
                    parent_number=node.parent_number,
                    volet=node.volet,
                    axe=node.axe,
                    status=node.fields.get("status"),
                    progress_pct=node.fields.get("progress"),
                    pilote=node.fields.get("pilote"),
                    partners=node.fields.get("partners"),
                    due=node.fields.get("due"),
                    indicators=node.fields.get("indicators"),
                    description=desc[:MAX_DESCRIPTION] if desc else None,
                    is_cpas=node.is_cpas,
                    provenance=node.provenance,
                )
            )
        return items, [*self.anomalies, *untitled, *sequence_anomalies(self.nodes)]


def _titled_below(node: PlanNode) -> bool:
    return any(c.title or _titled_below(c) for c in node.children)


def _stand_in_title(node: PlanNode) -> str:
    """The title shown for an objective printed without one (French: analysts read it)."""
    return f"{node.source_label} (sans titre)"

