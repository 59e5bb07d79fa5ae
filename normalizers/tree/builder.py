"""Stage 4, the items: read the lines in order with what the earlier stages decided.

The outline stage has already said which numbered lines are the plan and at which depth, the
shape stage which unnumbered lines are, the references stage how labelled items are numbered.
The builder keeps *where we are* (outside the plan, in it, in a table of contents or an annex),
the current volet / axe / OS / OO (so local numbers and unnumbered bullets become canonical
dotted paths) and the numbering style of each level, and adds each item to the ``PlanTree``,
which merges an item listed twice and records the anomalies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalizers.labels import LabelMatch, LabelStyle, clean_title, dotted, generic_word, match_label, strip_bullet
from normalizers.tree.lines import TOC_LINE, Line, to_lines
from normalizers.tree.markers import (
    ANNEX_RE,
    AXE_RE,
    BEING_OS_RE,
    DECLARATION_STOP_RE,
    ENTITY_RE,
    FICHE_HEAD_RE,
    LIST_HEAD_RE,
    OUTSIDE,
    PLAN,
    PLAN_HEAD_RE,
    PLAN_NAMED_RE,
    SKIP_ANNEX,
    SKIP_TOC,
    TOC_HEAD_RE,
    VOLET_ALONE_RE,
    VOLET_RE,
    body_title,
    toc_entry_title,
)
from normalizers.tree.outline import OutlineDecision, decide_outline
from normalizers.tree.plan import MAX_DESCRIPTION, PlanNode, PlanTree, similar_titles, volet_of
from normalizers.tree.references import running_levels
from normalizers.tree.rows import RowReader
from normalizers.tree.shapes import bullets_nested_under_os, decide_shapes, os_above_labelled_oo
from normalizers.tree.vocabulary import field_heading, field_of, is_objective_like, is_outside_context
from pipeline.core.model import Anomaly, Block, BlockKind, Level, PlanItem, Volet
from pipeline.core.text import fold

_TOC_LINE = TOC_LINE


def _label_form(label: str) -> str:
    """A printed label with its digits masked: "2°" and "1°" share the form "#°", "1." and "a)" do not."""
    return re.sub(r"\d+", "#", label.strip())


def _without_typed_label(title: str, level: Level, parts: tuple[int, ...]) -> str:
    """A title without the label typed again after the generated number ("1.1. OO 1.1 : Étendre …": Word's heading
    numbering over a typed "OO 1.1 :"), when that label names the same level and number."""
    typed = match_label(title)
    if typed is None or typed.level is not level or typed.parts != parts or not typed.title:
        return title
    return typed.title


@dataclass
class _Reading:
    """One line as the builder reads it: the text without its bullet, its block, its label."""

    body: str
    block: Block
    fields: dict[str, object] | None
    bullet: bool
    label: LabelMatch | None = None

    @property
    def is_heading(self) -> bool:
        return self.block.kind is BlockKind.HEADING

    @property
    def short(self) -> bool:
        return len(self.body) <= 120


def _field_term(line: _Reading) -> str | None:
    """The role of a bold line that is only a field's name, no colon ("Pilote", "Échéance": a web page's <dt>,
    a fiche's bold keys), its value on the next line; an unnamed field ("Budget", "Description") is no term."""
    if line.label is not None or line.bullet or not line.block.bold or line.body.rstrip().endswith(":"):
        return None
    role = field_heading(f"{line.body.strip()} :")
    return role if role != "other" else None


class TreeBuilder:
    """Turn a stream of blocks into plan items; call ``feed`` per block, then ``finish``."""

    def __init__(self) -> None:
        self.tree = PlanTree()
        self.rows = RowReader(self)
        self.mode = OUTSIDE
        self.styles: dict[Level, LabelStyle] = {}
        self.plan_heading_level: int | None = None
        self._os_running: dict[Volet | None, int] = {}
        self._list_path: list[int] = []
        self.expect: Level | None = None
        self.decision: OutlineDecision | None = None
        self.running: set[Level] = set()
        self._last_sub_action: tuple[int, ...] | None = None
        self._toc_titles: set[str] = set()  # the entries of a table of contents read so far
        self.shape_level: Level | None = None
        self._run_nodes: dict[tuple[int, tuple[int, ...]], PlanNode] = {}
        self.heading_before: str | None = None
        self.listed_field: tuple[PlanNode, str] | None = None  # "Indicateurs :" named alone: its list follows
        self.axe_block: Block | None = None  # the line of the current axe
        self.left_toc = False  # the line before left a table of contents: a labelled entry, no page number
        self._flat_last: int | None = None  # the last "N." read as an action under a labelled OO
        self._flat_running = False  # those numbers run on from one OO to the next
        self.term_value = False  # the field was a bold term ("Pilote", a web page's <dt>): its value is the next line

    # ---- entry points -------------------------------------------------------------------
    def feed(self, line: Line, decision: OutlineDecision | None = None, shape_level: Level | None = None) -> str:
        """Consume one classified line; say what it became (for ``pst tree --explain``)."""
        if line.skipped:
            return f"skipped: {line.skipped}"
        if not line.is_row:
            self.rows.flush()  # a table is over
        self.tree.outcome = None
        mode = self.mode
        if line.is_row:
            self.rows.feed_row(line.block)
        else:
            self.decision, self.shape_level = decision, shape_level
            self._feed_line(line.text, line.block, label=line.label if line.label_decided else None)
            self.decision = self.shape_level = None
        if self.tree.outcome is None:
            self.tree.outcome = (
                f"section marker (now {self.mode})" if self.mode != mode else f"not an item ({self.mode})"
            )
            block = line.block
            if not line.is_row and (block.kind is BlockKind.HEADING or block.bold) and is_objective_like(line.text):
                self.heading_before = line.text  # an unnumbered heading: the OS of a table that follows?
        elif not self.tree.outcome.startswith(("field", "description")):
            self.heading_before = None
        return self.tree.outcome

    def finish(self) -> tuple[list[PlanItem], list[Anomaly]]:
        """Return the items in reading order and the anomalies found."""
        self.rows.flush()
        return self.tree.items()

    # ---- lines ----------------------------------------------------------------------------
    def _feed_line(
        self, text: str, block: Block, *, fields: dict[str, object] | None = None, label: LabelMatch | None = None
    ) -> None:
        """One line: a part marker, a labelled item, a boundary or field, or an unlabelled line (``label``: the
        one the whole document decided, else read from the line)."""
        body, had_bullet = strip_bullet(text)
        if self.decision is not None and self.decision.verdict == "reject":
            # A chapter number ("3.1 Volet interne"): the rest of the line still says what follows.
            rejected = match_label(body)
            body = rejected.title if rejected is not None and rejected.title else body
            self.decision = None
        line = _Reading(
            body=body,
            block=block,
            fields=fields,
            bullet=block.bullet or had_bullet or (block.kind is BlockKind.LIST_ITEM and not block.label),
        )
        if self._part_marker(line):
            return
        line.label = label or match_label(body)
        if self._listed_field(line) or self._labelled(line) or self._boundary_or_field(line):
            return
        if line.label is not None and self.mode == PLAN and self._implicit_item(line.label, block, fields):
            return
        self._unlabelled(line)

    def _listed_field(self, line: _Reading) -> bool:
        """A field named alone ("Indicateurs :", "Partenaires :") and the bullets below it: that field's values
        for the item above, never its actions."""
        if self.term_value and self.listed_field is not None and line.label is None and not line.is_heading:
            self.term_value = False
            self.tree.add_to_field(*self.listed_field, line.body)
            return True
        role = field_heading(line.body) if line.label is None and not line.bullet else None
        term = None if role is not None else _field_term(line)
        self.term_value = term is not None
        role = role or term
        target = self.tree.deepest() if role is not None and self.mode == PLAN else None
        if target is not None and target.level is Level.ACTION and target.source_label is None and self.expect:
            target = self.tree.current[Level.OO] or target  # "Actions :" then "Indicateurs :": both list the OO's
        if target is not None:
            self.listed_field = (target, role)
            self.tree.outcome = f"field {role} of {target.level.value} {target.number} (listed below)"
            return True
        if self.listed_field is not None and line.bullet and line.label is None:
            self.tree.add_to_field(*self.listed_field, line.body)
            return True
        self.listed_field = None
        return False

    def _part_marker(self, line: _Reading) -> bool:
        """Table of contents, volet, joint-plan part, axe: where the next items belong."""
        body, block = line.body, line.block
        if len(body) <= 40 and FICHE_HEAD_RE.match(body):
            return True
        if line.short and TOC_HEAD_RE.match(body):
            self.mode = SKIP_TOC
            return True
        left_toc, self.left_toc = self.left_toc, False
        if self.mode == SKIP_TOC:
            label = match_label(body)
            labelled = label is not None and label.level is not None and not self._toc_entry(line)
            if not (line.is_heading or labelled or self._toc_over(body)):
                return True
            self.mode = OUTSIDE
            self.left_toc = labelled and not line.is_heading
        elif left_toc and re.fullmatch(r"\d{1,3}", body):
            self.mode = SKIP_TOC  # the page number of the entry above, wrapped: the table of contents goes on
            return True
        volet = VOLET_RE.match(body) if len(body) <= 60 else None
        if volet is None and len(body) <= 40 and (line.is_heading or block.bold or body.endswith(":")):
            volet = VOLET_ALONE_RE.match(body)
        if volet is not None and not (self.mode == SKIP_ANNEX and not line.is_heading):
            self.tree.volet, self.tree.is_cpas = volet_of(volet.group("kind"))
            self.tree.reset_below(Level.OS)
            self.tree.axe = None if line.is_heading else self.tree.axe
            self.mode = PLAN
            return True
        entity = ENTITY_RE.match(body) if len(body) <= 80 and (line.is_heading or block.bold or line.short) else None
        if entity is not None:
            # A joint PST: keep the commune's part, marked, and the CPAS's part.
            self.tree.is_cpas = not fold(entity.group("who")).startswith(("commune", "administration", "ville"))
            self.tree.volet = None
            self.tree.reset_below(Level.OS)
            self.mode = PLAN
            return True
        axe = AXE_RE.match(body) if len(body) <= 160 else None
        if axe is not None and (line.is_heading or block.bold or self.mode == PLAN or body.isupper()):
            self.tree.axe = clean_title(
                f"{axe.group('label')} : {axe.group('title')}" if axe.group("title") else axe.group("label")
            )
            self.axe_block = block
            self.tree.reset_below(Level.OS)
            self.mode = PLAN
            return True
        return False

    def _toc_entry(self, line: _Reading) -> bool:
        """A labelled line of a table of contents without dot leaders: no heading, its page number last
        ("Objectif stratégique 1 : … <tab> 3")."""
        entry = None if line.is_heading else toc_entry_title(line.body)
        if entry is not None:
            self._toc_titles.add(entry)
        return entry is not None

    def _toc_over(self, body: str) -> bool:
        """A table of contents without heading styles ends with a line that repeats one of its entries
        ("1. Introduction" after "1. Introduction 3"), or with prose no entry is made of."""
        entry = toc_entry_title(body)
        if entry is not None:
            self._toc_titles.add(entry)
            return False
        return body_title(body) in self._toc_titles or len(body) > 150

    def _labelled(self, line: _Reading) -> bool:
        """A label that names its level, a line of the winning outline, or a line placed by its shape."""
        label, decision = line.label, self.decision
        if label is not None and label.level is not None:
            self.mode = PLAN
            self._explicit_item(label, line.block, line.fields)
            return True
        if decision is not None and label is not None and self.mode not in (SKIP_ANNEX, SKIP_TOC):
            if decision.verdict == "item":
                self.mode = PLAN
                self._outline_item(decision, label, line.block, line.fields)
                return True
            if decision.verdict == "flat":
                self.mode = PLAN
        if self.shape_level is None or (label is not None and (decision is None or decision.verdict != "shape")):
            return False
        return self._shaped_item(self.shape_level, line.body if label is None else label.title, line.block, line.fields)

    def _boundary_or_field(self, line: _Reading) -> bool:
        """An annex or the end of a deliberation, a field of the item above, a title announced before."""
        body, block, label = line.body, line.block, line.label
        if line.short and (line.is_heading or block.bold or len(body) <= 80) and ANNEX_RE.match(body):
            self.mode = SKIP_ANNEX
            self.tree.reset_below(Level.OS)
            return True
        if self.mode == SKIP_ANNEX:
            if (line.is_heading or block.bold or len(body) <= 80) and PLAN_NAMED_RE.search(body):
                self.mode = PLAN  # the annex is the plan itself ("ANNEXE" / "Programme stratégique …")
            return True
        if DECLARATION_STOP_RE.match(body):
            self.mode = OUTSIDE
            self.tree.reset_below(Level.OS)
            return True
        field_line = field_of(body) if label is None or label.level is None else None
        if field_line is not None:
            target = self.tree.deepest()
            if target is not None and self.mode == PLAN:
                self.tree.set_field(target, *field_line)
            return True
        # A title announced on the line before ("1er OBJECTIF STRATEGIQUE :" then the title).
        pending = self.tree.awaiting_title()
        if pending is not None and label is None:
            pending.title = clean_title(body)
            pending.awaiting_title = False
            return True
        if line.is_heading and self.mode == PLAN and not self._heading_inside_plan(block):
            self.mode = OUTSIDE
            self.tree.reset_below(Level.OS)
        if line.is_heading and line.short and PLAN_HEAD_RE.search(body):
            self.mode = PLAN
            self.plan_heading_level = block.heading_level
            return True
        return False

    def _unlabelled(self, line: _Reading) -> None:
        """A line with no label: an unnumbered OS, OO or action by context, or a description."""
        body, block, label, fields = line.body, line.block, line.label, line.fields
        being_os = (line.is_heading or block.bold) and line.short and BEING_OS_RE.match(body) and not line.bullet
        if self.mode != PLAN:
            if being_os:
                self.mode = PLAN
                self._unnumbered_os(body, block)
            return
        if being_os and self.styles.get(Level.OS) in (None, "unnumbered"):
            self._unnumbered_os(body, block)
            return
        current = self.tree.current
        if (line.is_heading or block.bold) and len(body) <= 60 and not line.bullet and is_outside_context(body):
            self.mode = OUTSIDE  # "Suivi et évaluation", "Merci pour votre attention": the plan is over
            self.tree.reset_below(Level.OS)
            return
        list_head = LIST_HEAD_RE.match(body) if len(body) <= 60 else None
        if list_head is not None and current[Level.OS] is not None:
            # "Objectifs opérationnels :" announces that the bullets below are OO, "Actions :" actions.
            self.expect = Level.OO if "op" in fold(list_head.group(1)) else Level.ACTION
            return
        if (
            line.bullet
            and block.bold
            and label is None
            and current[Level.OS] is not None
            and self.styles.get(Level.OO) in (None, "unnumbered")
            and (current[Level.OO] is None or current[Level.OO].source_label is None)
        ):
            self._unnumbered_oo(body, block)  # "› Titre" in bold under an OS, plain bullets below it
            return
        if line.bullet and label is None and self.expect is Level.OO and current[Level.OS] is not None:
            if not self._bullet_below_oo(block):
                self._unnumbered_oo(body, block)
                return
        if line.bullet and current[Level.OO] is not None and label is None:
            self._unnumbered_action(body, block, fields)
            return
        if block.label and block.kind is BlockKind.LIST_ITEM and current[Level.OO] is not None:
            # A Word/HTML numbered list under an OO whose numbers do not fit the plan's paths
            # (e.g. one "List Number" sequence running through all OO): its items are the actions.
            # Its title is the line's, without the generated number nor the fields split off it (a status badge).
            title = label.title if label is not None and label.title else body
            self._unnumbered_action(clean_title(title), block, fields)
            return
        if label is None and not line.bullet and self._looks_like_oo_heading(body, block):
            self._unnumbered_oo(body, block)
            return
        if label is None and not line.bullet and self._bold_action_title(body, block):
            self._unnumbered_action(body, block, fields)
            return
        target = self.tree.deepest()
        if target is not None and not line.is_heading and len(" ".join(target.description)) < MAX_DESCRIPTION:
            target.description.append(clean_title(body))
            self.tree.outcome = f"description of {target.level.value} {target.number}"

    def _bullet_below_oo(self, block: Block) -> bool:
        """A bullet nested under a bulleted OO is one of its actions."""
        oo = self.tree.current[Level.OO]
        return oo is not None and oo.source_label is None and oo.list_level is not None \
            and block.list_level is not None and block.list_level > oo.list_level

    def _looks_like_oo_heading(self, body: str, block: Block) -> bool:
        """A bold or sub-heading line with no number right under an OS, in a plan whose OO carry no label."""
        os_node = self.tree.current[Level.OS]
        if os_node is None or self.styles.get(Level.OO) not in (None, "unnumbered"):
            return False
        words = len(body.split())
        if not 3 <= words <= 40 or body.rstrip().endswith(":"):
            return False
        if block.kind is BlockKind.HEADING:
            return os_node.heading_level is not None and (block.heading_level or 0) > os_node.heading_level
        return block.bold and not os_node.awaiting_title

    def _bold_action_title(self, body: str, block: Block) -> bool:
        """A bold line worded as an action ("Ouvrir une épicerie sociale") under a labelled OO, in a plan
        whose actions carry no number: one of its actions (its fields and description follow)."""
        oo = self.tree.current[Level.OO]
        if oo is None or oo.source_label is None or not block.bold or block.kind is BlockKind.HEADING:
            return False
        if self.styles.get(Level.ACTION) not in (None, "unnumbered"):
            return False
        return 3 <= len(body.split()) <= 40 and not body.rstrip().endswith(":") and is_objective_like(body) == 1.0

    def _shaped_item(self, level: Level, body: str, block: Block, fields: dict[str, object] | None) -> bool:
        """An unnumbered line whose shape (heading level, bold, list depth) gives its level."""
        if self.mode in (SKIP_ANNEX, SKIP_TOC):
            return False
        self.mode = PLAN
        if level is Level.OS:
            self._unnumbered_os(body, block)
        elif level is Level.OO and self.tree.current[Level.OS] is not None:
            self._unnumbered_oo(body, block)
        elif level is Level.ACTION and self.tree.current[Level.OO] is not None:
            oo = self.tree.current[Level.OO]
            number = f"{oo.number}.{len(oo.children) + 1}"
            self.tree.add(Level.ACTION, number, None, block, oo, fields, title=clean_title(body))
        else:
            return False
        return True

    def _unnumbered_oo(self, body: str, block: Block) -> None:
        self.styles.setdefault(Level.OO, "unnumbered")  # type: ignore[arg-type]
        os_node = self.tree.current[Level.OS]
        assert os_node is not None
        local = sum(1 for c in os_node.children if c.level is Level.OO) + 1
        self.tree.add(Level.OO, f"{os_node.number}.{local}", None, block, os_node, None, title=clean_title(body))

    def _heading_inside_plan(self, block: Block) -> bool:
        """A heading deeper than the ones that opened the plan or carry its items stays in it."""
        ref = self.tree.min_heading_level or self.plan_heading_level
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
        label = LabelMatch(label.style, level, parts, label.label, _without_typed_label(label.title, level, parts))
        self.styles.setdefault(level, label.style)
        before, listing, self.tree.listing = self.tree.current[level], self.tree.listing, f"outline{decision.run}"
        if level is Level.OS:
            self.tree.add(Level.OS, str(parts[0]), label, block, None, fields)
        elif level is Level.OO:
            self._add_oo(label, block, fields)
        else:
            self._add_action(label, block, fields)
        self.tree.listing = listing
        node = self.tree.current[level]
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
        if level is Level.OS and label.depth >= 2 and (
            label.depth == 3 or self.tree.find(Level.OS, str(label.parts[0])) is not None
        ):
            # "OS 1.1" under an "OS 1" already read is its OO, "OS 1.1.1" an action: the depth says.
            level = Level.OO if label.depth == 2 else Level.ACTION
            label = LabelMatch(label.style, level, label.parts, label.label, label.title)
        if level is Level.OS and self._second_word(label):
            level = Level.OO  # "Enjeu 1" → "Objectif 1": objectives numbered within their enjeu
            label = LabelMatch(label.style, level, label.parts, label.label, label.title, True)
        if level is Level.OS:
            self.tree.add(Level.OS, dotted(label.parts), label, block, None, fields)
        elif level is Level.OO:
            self._add_oo(label, block, fields)
        else:
            self._add_action(label, block, fields)

    def _second_word(self, label: LabelMatch) -> bool:
        """A one-part label worded with another generic word than the current OS's ("Objectif 1" under
        "Enjeu 1"), not numbered as the next OS (a "Priorité 2" after "Objectif 1") or worded as an OO of
        this OS already: the level below it."""
        os_node = self.tree.current[Level.OS]
        if label.depth != 1 or os_node is None or not os_node.source_label:
            return False
        word, os_word = generic_word(label.label), generic_word(os_node.source_label)
        if word is None or os_word is None or word == os_word:
            return False
        worded = any(generic_word(c.source_label or "") == word for c in os_node.children if c.level is Level.OO)
        return worded or label.parts[0] != self.tree.os_count() + 1

    def _positional(self, label: LabelMatch) -> LabelMatch | None:
        """Number an item whose label has no number ("Objectif opérationnel : …") by its position."""
        if label.level is Level.OS:
            same = self.tree.similar_os(label.title)
            count = self.tree.os_count()
            position = int(same.number) if same is not None and same.number.isdigit() else count + 1
        else:
            parent = self.tree.current[Level.OS] if label.level is Level.OO else self.tree.current[Level.OO]
            if parent is None:
                self.tree.anomaly("orphan_item", f"{label.label} {label.title[:80]} has no parent", None)
                return None
            same = next(
                (c for c in parent.children if c.level is label.level and similar_titles(c.title, label.title, 0.9)),
                None,
            )  # the OO that each fiche action repeats: the same item, not a new one
            count = sum(1 for c in parent.children if c.level is label.level)
            position = int(same.number.rsplit(".", 1)[-1]) if same is not None else count + 1
        return LabelMatch(label.style, label.level, (position,), label.label, label.title, True)

    def _implicit_item(self, label: LabelMatch, block: Block, fields: dict[str, object] | None) -> bool:
        """Place a bare number ("1.2", "III.", "b)") by its depth; False when it is not the plan's."""
        if label.style is LabelStyle.UPPER_LETTER:
            return False  # "A." is a level only in an outline that mixes styles (decided by the outline stage)
        if label.style is LabelStyle.LETTER:
            oo, action = self.tree.current[Level.OO], self.tree.current[Level.ACTION]
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
                self.tree.current[Level.OS] is not None
                and self.styles.get(Level.OO, LabelStyle.DOTTED) is LabelStyle.DOTTED
                and self.tree.current[Level.OO] is None
                and (block.kind is not BlockKind.HEADING or self._below_os_heading(block))
            ):
                level = Level.OO
            elif self._next_flat_oo(label, block):
                level = Level.OO
            elif self.tree.current[Level.OO] is not None and block.kind is not BlockKind.HEADING and not block.label:
                # "1. …", "2. …" under a labelled OO: its actions, numbered within it.
                label = LabelMatch(label.style, Level.ACTION, self._flat_parts(label), label.label, label.title, True)
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
            self.tree.add(Level.OS, str(label.parts[0]), label, block, None, fields)
        elif level is Level.OO:
            self._add_oo(
                LabelMatch(label.style, Level.OO, label.parts, label.label, label.title, depth == 1), block, fields
            )
        else:
            if self.tree.current[Level.OO] is None and not self.tree.find(Level.OO, dotted(label.parts[:-1])):
                return False
            self._add_action(
                LabelMatch(label.style, Level.ACTION, label.parts, label.label, label.title), block, fields
            )
        return True

    def _below_os_heading(self, block: Block) -> bool:
        """A heading one level below the heading of the labelled OS above it ("1° …" under "Objectif stratégique 1")."""
        os = self.tree.current[Level.OS]
        return (
            os is not None
            and os.heading_level is not None
            and block.heading_level is not None
            and block.heading_level == os.heading_level + 1
        )

    def _next_flat_oo(self, label: LabelMatch, block: Block) -> bool:
        """"2°" after OO "1°" and its actions (lettered, bulleted): the next OO numbered within its labelled OS,
        written like the OO before it (same label form, list level) while none of that OO's actions is."""
        oo = self.tree.current[Level.OO]
        if oo is None or self.styles.get(Level.OO) is not LabelStyle.DOTTED or not oo.source_label:
            return False
        form = _label_form(label.label)
        if _label_form(oo.source_label) != form or oo.list_level != block.list_level:
            return False
        if any(c.source_label and _label_form(c.source_label) == form for c in oo.children):
            return False  # "1.", "2." under OO "1.": its actions
        return label.parts[0] == int(oo.number.rsplit(".", 1)[-1]) + 1

    def _flat_parts(self, label: LabelMatch) -> tuple[int, ...]:
        """The local number of "4." under a labelled OO: 4, or its rank in the OO when one list runs on
        through the OO (1..3 under OO 1.1, 4..5 under OO 1.2: a Word list continued, printed to PDF)."""
        oo = self.tree.current[Level.OO]
        assert oo is not None
        number, before = label.parts[0], self._flat_last
        done = sum(1 for c in oo.children if c.level is Level.ACTION)
        if not done:
            self._flat_running = before is not None and number == before + 1 > 1
        self._flat_last = number
        return (done + 1,) if self._flat_running else label.parts

    def _ia_item(self, label: LabelMatch, block: Block, fields: dict[str, object] | None) -> None:
        # iA.PST references run through the whole plan; positions give the canonical path.
        level = label.level
        self.styles.setdefault(level, LabelStyle.IA_PST)
        if level is Level.OS:
            existing = self.tree.similar_os(label.title)
            number = existing.number if existing else str(self.tree.os_count() + 1)
            self.tree.add(Level.OS, number, label, block, None, fields)
            return
        parent = self.tree.current[Level.OS] if level is Level.OO else self.tree.current[Level.OO]
        if parent is None:
            self.tree.anomaly("orphan_item", f"{label.label} {label.title[:80]} has no parent", None)
            return
        existing = next((c for c in parent.children if c.source_label == label.label), None)
        number = existing.number if existing else f"{parent.number}.{len(parent.children) + 1}"
        self.tree.add(level, number, label, block, parent, fields)

    def _axe_as_os(self, label: LabelMatch) -> PlanNode | None:
        """An OO under an axe and no OS: the axes are the plan's first level ("Axe 1" → "Objectif 1.1" →
        "Mesure 1.1.1"), the axe an OS numbered as the OO's path says, else as the axe is."""
        axe = AXE_RE.match(self.tree.axe or "")
        if axe is None or self.axe_block is None:
            return None
        printed = re.sub(r"\D", "", axe.group("label"))
        number = str(label.parts[0]) if not label.is_local and len(label.parts) == 2 else printed
        number = number or str(self.tree.os_count() + 1)
        title = clean_title(axe.group("title")) or axe.group("label")
        printed_label = LabelMatch(LabelStyle.EXPLICIT, Level.OS, (int(number),), axe.group("label"), title)
        return self.tree.add(Level.OS, number, printed_label, self.axe_block, None, None)

    def _add_oo(self, label: LabelMatch, block: Block, fields: dict[str, object] | None) -> None:
        os_node = self.tree.current[Level.OS] or self._axe_as_os(label)
        parts = label.parts
        if label.is_local or len(parts) == 1:
            if os_node is None:
                self.tree.anomaly(
                    "orphan_item", f"{label.label} {label.title[:80]} comes before any objectif stratégique", None
                )
                return
            os_node.printed_numbers.append(parts[-1])
            self.tree.add(Level.OO, f"{os_node.number}.{parts[-1]}", label, block, os_node, fields)
            return
        os_number = dotted(parts[:-1])
        parent = self.tree.find(Level.OS, os_number)
        if parent is None and len(parts) > 2:
            parent = self.tree.find(Level.OS, str(parts[-2]))
        missing = f": objectif stratégique {os_number} not found"
        self._add_numbered(Level.OO, label, block, fields, parent, os_node, missing)

    def _add_action(self, label: LabelMatch, block: Block, fields: dict[str, object] | None) -> None:
        oo = self.tree.current[Level.OO]
        parts = label.parts
        if len(parts) >= 3:
            prefix = dotted(parts[:-1])
            numbered_action = self.tree.find(Level.ACTION, prefix) is not None
            if len(parts) >= 4 and numbered_action and not self._looks_like_typo(label):
                self._sub_action(label, block)
                return
            parent, fallback = self.tree.find(Level.OO, prefix), oo
        else:
            parent, fallback = oo, None
        missing = " comes before any objectif opérationnel"
        self._add_numbered(Level.ACTION, label, block, fields, parent, fallback, missing)

    def _add_numbered(
        self,
        level: Level,
        label: LabelMatch,
        block: Block,
        fields: dict[str, object] | None,
        parent: PlanNode | None,
        fallback: PlanNode | None,
        missing: str,
    ) -> None:
        """An item numbered under ``parent``; under the current ``fallback`` when its printed prefix is unknown."""
        last = label.parts[-1]
        if parent is None and fallback is not None:
            where = f"{fallback.level.value.upper()} {fallback.number}"
            self.tree.anomaly("number_mismatch", f"{label.label} printed under {where}", f"{fallback.number}.{last}")
            parent = fallback
        if parent is None:
            self.tree.anomaly("orphan_item", f"{label.label} {label.title[:80]}{missing}", None)
            return
        parent.printed_numbers.append(last)
        self.tree.add(level, f"{parent.number}.{last}", label, block, parent, fields)

    def _unnumbered_action(self, body: str, block: Block, fields: dict[str, object] | None) -> None:
        oo = self.tree.current[Level.OO]
        assert oo is not None
        first = next((c for c in oo.children if c.level is Level.ACTION), None)
        if first is not None and self._deeper(block, first):
            last = oo.children[-1]
            last.description.append(clean_title(body))
            return
        if oo.list_level is not None and block.list_level is not None and block.list_level < oo.list_level:
            return  # a bullet shallower than its OO is not one of its actions
        number = f"{oo.number}.{len(oo.children) + 1}"
        self.tree.add(Level.ACTION, number, None, block, oo, fields, title=clean_title(body))

    def _unnumbered_os(self, body: str, block: Block) -> None:
        self.styles.setdefault(Level.OS, "unnumbered")  # type: ignore[arg-type]
        existing = self.tree.similar_os(body)
        number = existing.number if existing else str(self._os_running.get(self.tree.volet, 0) + 1)
        running = self._os_running.get(self.tree.volet, 0)
        self._os_running[self.tree.volet] = int(number) if number.isdigit() else running
        self.tree.add(Level.OS, number, None, block, None, None, title=clean_title(body))

    def _looks_like_typo(self, label: LabelMatch) -> bool:
        """A 4-part number such as 3.2.3.4 printed where the next action 3.2.4 is due (and not the next
        sous-action of a run 1.1.1.1, 1.1.1.2 …)."""
        oo = self.tree.current[Level.OO]
        if oo is None or label.depth < 4 or label.parts[-1] == 1:
            return False
        last = self._last_sub_action
        if last is not None and label.parts[:-1] == last[:-1] and label.parts[-1] == last[-1] + 1:
            return False
        expected = (max(oo.printed_numbers) if oo.printed_numbers else len(oo.children)) + 1
        return dotted(label.parts[:2]) == oo.number and label.parts[-1] == expected

    def _sub_action(self, label: LabelMatch, block: Block) -> bool:
        """A sous-action: kept in its action's description."""
        action = self.tree.current[Level.ACTION]
        if action is None:
            return False
        action.description.append(clean_title(f"{label.label} {label.title}"))
        self._last_sub_action = label.parts
        return True

    def _deeper(self, block: Block, first: PlanNode) -> bool:
        if block.list_level is not None and first.list_level is not None:
            return block.list_level > first.list_level
        if block.indent is not None and first.indent is not None:
            return block.indent > first.indent + 8
        return False

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
    shapes = decide_shapes(lines, decisions) or os_above_labelled_oo(lines) or bullets_nested_under_os(lines)
    builder.running = running_levels(lines)
    explained = []
    for line in lines:
        decision = decisions.get(line.position)
        outcome = builder.feed(line, decision, shapes.get(line.position))
        evidence = decision.reason if decision else None
        if line.read_as:
            evidence = f"{evidence}; {line.read_as}" if evidence else line.read_as
        if line.position in shapes:
            evidence = f"shape (heading level, bold, list depth) of an {shapes[line.position].value}"
        explained.append(Explanation(line, outcome, evidence))
    items, anomalies = builder.finish()
    return items, anomalies, explained


def build_tree(blocks: list[Block] | tuple[Block, ...]) -> tuple[list[PlanItem], list[Anomaly]]:
    """Build the plan items of one document from its blocks, with the anomalies met."""
    items, anomalies, _ = explain_tree(blocks)
    return items, anomalies
