"""Stage 4b, tables: dashboards (one row per action, OS/OO columns, status columns) and fiches
actions (key | value tables). Rows become items through the builder, like lines do."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from normalizers.labels import LabelMatch, LabelStyle, clean_title, match_label, strip_bullet
from normalizers.status import (
    is_mark,
    normalize_status,
    parse_progress,
    status_of_checkboxes,
    status_of_wrapped_label,
)
from normalizers.tree.lines import TOC_LINE, dehyphenate
from normalizers.tree.markers import OUTSIDE, PLAN, SKIP_ANNEX, SKIP_TOC, is_section_marker
from normalizers.tree.plan import PlanNode, same_item, similar_titles, volet_of
from normalizers.tree.tables import (
    COLUMN_ROLES,
    Header,
    dashboard_header,
    extend_header,
    fiche_pairs,
    row_values,
    split_cell_items,
)
from normalizers.tree.vocabulary import DANGLING_END, is_objective_like
from pipeline.core.model import Block, Level
from pipeline.core.text import fold

# The level a "Niveau" / "Type" column names: the words of the OS and OO column headers, and the action's.
_LEVEL_WORDS = (
    (Level.OS, dict(COLUMN_ROLES)["os"]),
    (Level.OO, dict(COLUMN_ROLES)["oo"]),
    (Level.ACTION, re.compile(r"^(?:actions?|projets?|mesures?)$")),
)

if TYPE_CHECKING:
    from normalizers.tree.builder import TreeBuilder

@dataclass
class _Table:
    kind: str | None = None  # "dashboard", "fiche", "template"
    header: Header | None = None
    rows_seen: int = 0
    pending: dict[str, object] = field(default_factory=dict)  # fiche fields read before its title
    action: PlanNode | None = None
    page: int | None = None  # page of the last data row read
    structure_seen: bool = False  # a fiche's OS or OO row was read
    deferred: tuple[str, Block] | None = None  # a fiche's title read before its OS and OO rows



class RowReader:
    """Reads the rows of every table of a document, remembering each table's header and kind."""

    def __init__(self, builder: TreeBuilder) -> None:
        self.b = builder
        self.tables: dict[int, _Table] = {}
        self.last_dashboard: Header | None = None
        self.first_row_on_page = False  # the data row being read opens its table's part on a new page
        self.described: set[int] = set()  # ids of the actions a fiche has described

    def feed_row(self, block: Block) -> None:
        """Read one table row in its table's context."""
        self.flush(but=block.table_index)
        listing, self.b.tree.listing = self.b.tree.listing, f"table{block.table_index}"
        try:
            self._read_row(block)
        finally:
            self.b.tree.listing = listing

    def flush(self, but: int | None = None) -> None:
        """Add the action of a fiche whose title came before its OS and OO rows, once its table is over."""
        for index, table in self.tables.items():
            if table.deferred is not None and index != but:
                raw, block = table.deferred
                table.deferred = None
                listing, self.b.tree.listing = self.b.tree.listing, f"table{block.table_index}"
                try:
                    self._fiche_title(table, raw, block)
                finally:
                    self.b.tree.listing = listing

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
        if self.b.mode in (SKIP_ANNEX, SKIP_TOC):
            return
        if (
            len(nonempty) >= 2
            and re.fullmatch(r"\d{1,3}", nonempty[-1])
            and (TOC_LINE.search(" ".join(nonempty)) or re.search(r"\.{3,}\s*$", nonempty[0]))
        ):
            return  # a table of contents laid out as a table
        if table.kind in (None, "fiche", "template") and table.header is None:
            pairs = fiche_pairs(cells)
            if pairs and (table.kind is not None or any(r in ("os", "oo", "title", "volet") for r, _ in pairs)):
                table.kind = "fiche"
                for pair in pairs:
                    self._fiche_row(table, pair, block)
                return
            if table.kind == "template":
                return
        if table.header is None:
            header = dashboard_header(cells)
            if header is not None:
                table.header, table.kind = header, "dashboard"
                self.last_dashboard = header
                if self.b.mode == OUTSIDE and (
                    header.status_columns or any(r in header.roles.values() for r in ("status", "pilote", "due"))
                ):
                    self.b.mode = PLAN
                return
        if table.kind == "dashboard" and table.header is not None and table.rows_seen == 0:
            if extend_header(table.header, cells):
                return  # a header over two or three rows
        if table.header is None and self.last_dashboard is not None and len(cells) == self.last_dashboard.width:
            table.header, table.kind = self.last_dashboard, "dashboard"  # the next page's fragment, no header
        if table.header is not None:
            if dashboard_header(cells) is not None and (
                "level" not in table.header.roles.values() or tuple(cells) == table.header.cells
            ):
                return  # the header repeated on the next page ("Action | … | Service social" is a row of a
                # table whose rows name their level)
            table.rows_seen += 1
            self.first_row_on_page = table.page is not None and table.page != block.provenance.page
            table.page = block.provenance.page
            self._dashboard_row(table.header, cells, block)
            return
        # A label cell followed by its title ("OO/01 | Varié les canaux …"): read as a line.
        first = nonempty[0]
        label = match_label(first)
        oo_before = self.b.tree.current[Level.OO]
        if label is not None and not label.title and len(nonempty) >= 2:
            self.b._feed_line(f"{first} {nonempty[1]}", block)
            self._actions_beside(oo_before, nonempty[2:], block)
        elif label is not None and label.level is not None:
            self.b._feed_line(" ".join(nonempty[:2]) if not label.title else first, block)
            self._actions_beside(oo_before, nonempty[1:] if label.title else nonempty[2:], block)

    def _actions_beside(self, oo_before: PlanNode | None, cells: list[str], block: Block) -> None:
        """The cells beside an OO just read from a row without header that list its actions ("• Rénover …").

        A cell of one line counts when it is worded as an action; a name or a date beside the OO does not."""
        oo = self.b.tree.current[Level.OO]
        if oo is None or oo is oo_before:
            return
        for cell in cells:
            pieces = split_cell_items(cell)
            if len(pieces) == 1:
                body, bulleted = strip_bullet(cell)
                if not (bulleted or is_objective_like(body) == 1.0 and len(body) <= 120):
                    continue
                pieces = [clean_title(body)]
            for piece in pieces:
                self._dashboard_action(piece, "", block, {})

    def _fiche_row(self, table: _Table, key: tuple[str, str], block: Block) -> None:
        """One key | value row of a fiche action: its OS, its OO, its title, then its fields."""
        role, raw = key
        value = clean_title(raw)
        if not value or value in ("-", "/"):
            return
        self.b.mode = PLAN
        if role == "volet":
            volet, is_cpas = volet_of(value)
            if (volet, is_cpas) != (self.b.tree.volet, self.b.tree.is_cpas):
                self.b.tree.volet, self.b.tree.is_cpas = volet, is_cpas
                self.b.tree.reset_below(Level.OS)
        elif role in ("os", "oo"):
            table.structure_seen = True
            self._structure_cell(value, Level.OS if role == "os" else Level.OO, block)
        elif role == "title":
            if not table.structure_seen:
                # "Intitulé" first, "Objectif stratégique" and "Objectif opérationnel" below: the action is
                # added once they are read, under its own OO rather than the one of the fiche before.
                table.deferred = (raw, block)
                self.b.tree.outcome = "title of a fiche, read once its objectives are"
                return
            self._fiche_title(table, raw, block)
        elif table.deferred is not None and table.structure_seen:
            self.flush()
            self._fiche_row(table, key, block)
        elif table.action is not None:
            self.b.tree.set_field(table.action, role, value)
        elif role != "other":
            holder = PlanNode(Level.ACTION, "", "", None, None, None, None, True, block.provenance)
            self.b.tree.set_field(holder, role, value)
            table.pending.update(holder.fields)

    def _fiche_title(self, table: _Table, raw: str, block: Block) -> None:
        if self.b.tree.current[Level.OO] is None:
            return
        for piece in split_cell_items(raw):  # one cell may list several actions
            if not self._listed_before(piece, table.pending):
                self._dashboard_action(piece, "", block, table.pending)
        table.action = self.b.tree.current[Level.ACTION]
        if table.action is not None:
            self.described.add(id(table.action))

    def _listed_before(self, title: str, fields: dict[str, object]) -> bool:
        """The fiche's action is one its OO already lists (a summary table before the fiches), no fiche has
        described yet: the fiche completes it."""
        oo = self.b.tree.current[Level.OO]
        listed = [c for c in oo.children if c.level is Level.ACTION and id(c) not in self.described] if oo else []
        known = same_item(listed, clean_title(strip_bullet(title)[0])) if listed else None
        if known is None:
            return False
        self.b.tree.merge_fields(known, fields)
        self.b.tree.make_current(known)
        self.b.tree.outcome = f"action {known.number}, described by its fiche"
        return True

    def _dashboard_row(self, header: Header, cells: list[str], block: Block) -> None:
        nonempty = [c for c in cells if c]
        if len(nonempty) == 1 and is_section_marker(nonempty[0]):
            self.b._feed_line(nonempty[0], block)  # "VOLET INTERNE" spanning the table
            return
        values = row_values(header, cells)
        level_word = fold(values.pop("level", ""))
        named = next((level for level, r in _LEVEL_WORDS if r.match(level_word)), None)
        if named in (Level.OS, Level.OO) and values.get("title"):
            # A column says each row's level ("Objectif stratégique", "Objectif opérationnel"; an action reads on).
            self._structure_cell(values["title"], named, block)
            return
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
        if values.get("oo") and "os" not in header.roles.values() and self.b.heading_before:
            # A table of OO and actions under an unnumbered heading: that heading is their OS.
            self.b.mode = PLAN
            self.b._unnumbered_os(clean_title(self.b.heading_before), block)
            self.b.heading_before = None
        for role, level in (("os", Level.OS), ("oo", Level.OO)):
            if values.get(role):
                self._structure_cell(values[role], level, block)
        title = values.get("title", "")
        number_cell = values.get("number", "")
        nonempty = [c for c in cells if c]
        pieces = split_cell_items(title)
        if len(pieces) > 1 and not number_cell:
            for piece in pieces:  # one cell listing several actions as bullets
                self._dashboard_action(piece, "", block, fields)
            return
        if not title and len(nonempty) == 1:
            self.b._feed_line(nonempty[0], block)  # a section row spanning the table ("OS 2 : …")
            return
        self._dashboard_action(title, number_cell, block, fields)

    def _numbered_cell(self, text: str, level: Level, block: Block) -> None:
        """An OS or OO known in the table by its number only: the item of that number, untitled if new."""
        parts = [int(x) for x in re.findall(r"\d+", text)]
        if level is Level.OS:
            number, parent = str(parts[-1]), None
        else:
            parent = self.b.tree.current[Level.OS] if len(parts) == 1 else self.b.tree.find(Level.OS, str(parts[0]))
            if parent is None:
                return
            number = f"{parent.number}.{parts[-1]}"
        node = self.b.tree.find(level, number)
        if node is None:
            node = self.b.tree.add(level, number, None, block, parent, None, title="")
        self.b.tree.make_current(node)

    def _cell_cut_by_page(self, current: PlanNode | None, block: Block) -> bool:
        """An unlabelled cell at the top of the next page, where the column's cell above was labelled: the
        rest of a merged cell (an OS written down the side of the table) that the page break cut."""
        if current is None or current.cell_text is None or current.source_label is None:
            return False
        here, there = block.provenance, current.provenance
        return (
            here.page is not None
            and there.page is not None
            and here.page == there.page + 1
            and self.first_row_on_page
            and not re.search(r"[.!?]$", current.title.strip())
        )

    def _continues_row(self, values: dict[str, str]) -> bool:
        """A row that only carries on the cells above it (a row wrapped or split by a page break)."""
        targets = {"title": Level.ACTION, "oo": Level.OO, "os": Level.OS}
        if not set(values) <= set(targets):
            return False
        nodes = {role: self.b.tree.current[targets[role]] for role in values}
        if any(node is None for node in nodes.values()):
            return False
        # Lower case carries on; so does a capital after a title cut on "de la", "du" ("… rue de la" / "Station").
        if not all(re.match(r"^[a-zà-ÿ]", v) or DANGLING_END.search(nodes[r].title) for r, v in values.items()):
            return False
        for role, node in nodes.items():
            node.title = dehyphenate(clean_title(f"{node.title} {values[role]}"))
            if role != "title":
                node.cell_text = None
        self.b.tree.outcome = "continuation of the row above"
        return True

    def _dashboard_action(self, title: str, number_cell: str, block: Block, fields: dict[str, object]) -> None:
        own = match_label(title)
        number = number_cell.strip()
        if re.fullmatch(r"\d{1,2}", number):
            number += "."  # a bare "1" in a N° column is an outline number like "1."
        line = f"{number} {title}".strip() if number and (own is None or own.level is None) else title
        label = match_label(line)
        if label is not None and label.level is not None or label is not None and label.style is LabelStyle.DOTTED:
            if self.b.mode == OUTSIDE and label.style is LabelStyle.DOTTED and is_objective_like(label.title):
                self.b.mode = PLAN  # a "N° | Intitulé" table of the plan opens it
            self.b._feed_line(line, block, fields=fields)
            return
        if len(title.split()) < 2 or self.b.tree.current[Level.OO] is None:
            return
        self.b._unnumbered_action(
            title, block.model_copy(update={"bullet": True, "list_level": None, "indent": None}), fields
        )

    def _structure_cell(self, text: str, level: Level, block: Block) -> None:
        """An OS or OO column of a dashboard; merged cells repeat the same text on each row."""
        text = clean_title(text)
        current = self.b.tree.current[level]
        label = match_label(text)
        numbered = label is not None and (label.level is not None or label.style is LabelStyle.DOTTED)
        title = label.title if numbered else text
        if current is not None and (similar_titles(current.title, title, 0.9) or current.cell_text == text):
            return
        if not numbered and self._cell_cut_by_page(current, block):
            current.title = dehyphenate(clean_title(f"{current.title} {text}"))
            current.cell_text = text
            self.b.tree.outcome = "rest of a merged cell cut by the page break"
            return
        if re.fullmatch(r"(?:OS|OO|O\.[SO]\.)?\s*\d{1,2}(?:\.\d{1,2})?\.?", text, re.IGNORECASE):
            self._numbered_cell(text, level, block)  # a column of numbers only: "1", "1.2"
        elif label is not None and label.level is not None:
            self.b._feed_line(text, block)
        elif label is not None and label.style is LabelStyle.DOTTED and label.depth == (1 if level is Level.OS else 2):
            as_label = LabelMatch(LabelStyle.DOTTED, level, label.parts, label.label, label.title)
            if level is Level.OS:
                self.b.tree.add(Level.OS, str(label.parts[0]), as_label, block, None, None)
            else:
                self.b._add_oo(as_label, block, None)
        elif level is Level.OS:
            self.b._unnumbered_os(text, block)
        elif self.b.tree.current[Level.OS] is not None:
            os_node = self.b.tree.current[Level.OS]
            known = same_item(os_node.children, text)
            if known is not None:
                self.b.tree.make_current(known)  # the OO of an earlier listing, worded longer or otherwise
            else:
                local = sum(1 for c in os_node.children if c.level is Level.OO) + 1
                self.b.tree.add(Level.OO, f"{os_node.number}.{local}", None, block, os_node, None, title=text)
        if self.b.tree.current[level] is not None:
            self.b.tree.current[level].cell_text = text

