"""Stage 1, classify: blocks → lines, with generated numbers written out and wrapped titles joined.

A ``Line`` is one unit the later stages reason about: the text as printed (a number that Word
or an ``<ol>`` generated is prefixed to it as a full path), the label read from it, and the
indexes of the blocks it was made from. Lines that are not candidates at all (table-of-contents
entries, empty text) carry the reason they were set aside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers.labels import (
    LabelMatch,
    LabelStyle,
    clean_title,
    lettered_path,
    match_label,
    roman_to_int,
    strip_bullet,
)
from normalizers.status import normalize_status, status_alone
from normalizers.tree.tables import dashboard_header, outline_row_texts
from normalizers.tree.vocabulary import DANGLING_END, field_of
from pipeline.core.model import Block, BlockKind, Level

TOC_LINE = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,}|_{4,})\s*\d{1,3}\s*$")
_IA_ALONE = re.compile(r"^\(\s*(?:OS|OO|A)\s*\.?\s*\d{1,4}\s*\)\s*\.?$", re.IGNORECASE)
_CONTINUES = re.compile(r"^[a-zàâäçéèêëîïôöùûüÿœ(«\"'’]")
_ENDS_SENTENCE = re.compile(r"[.:;!?]\s*$")
_HYPHENATED = re.compile(r"[a-zà-ÿ]-$")
_BROKEN_WORD = re.compile(r"(?<=[a-zà-ÿ])-\s+(?=[a-zà-ÿ])")


def dehyphenate(text: str) -> str:
    """Join a word hyphenated at a line end: "per- sonnes" → "personnes"."""
    return _BROKEN_WORD.sub("", text)


@dataclass
class Line:
    """One text unit in reading order (a table row stays a line of its own, with its cells)."""

    index: int
    block: Block
    text: str
    label: LabelMatch | None
    blocks: list[int] = field(default_factory=list)
    skipped: str | None = None  # why this line is no candidate at all
    position: int = 0  # index in the list of lines: what later stages key their decisions on (one block may
    # give several lines)
    read_as: str | None = None  # how a block of another kind came to be read as this line
    label_decided: bool = False  # the label was read against the whole document, not the line alone

    @property
    def is_row(self) -> bool:
        """A table row (its cells are read by the table stage)."""
        return self.block.kind is BlockKind.TABLE_ROW


def _generated_path(block: Block, path: list[int], printed: dict[tuple, int] | None = None) -> str:
    """A format-generated number as a full path: a nested <ol> item "2." under "1." is "1.2.".

    Word's multi-level lvlText already prints the path ("1.2."); HTML lists and single-level
    Word lists print only the item's own number, so the path comes from the enclosing items.
    A nested list that runs on from one parent to the next (Word's "List Number 2" style: 1, 2 under the
    first item, 3, 4 under the second) is numbered within each parent ("2.1.", not "2.3."): ``printed``
    keeps the last number printed at each depth of each list.
    """
    label = block.label or ""
    m = re.fullmatch(r"\s*(\d{1,3})[.)]?\s*", label)
    level = block.list_level
    if level is None:
        return label
    roman = re.fullmatch(r"\s*([IVXLC]{1,6})[.)]?\s*", label)
    value = int(m.group(1)) if m is not None else roman_to_int(roman.group(1)) if roman is not None else None
    local = 1 if len(path) <= level or path[level] == 0 else path[level] + 1
    if value is not None and roman is not None and len(roman.group(1)) == 1 and value not in (local, 1):
        value = None  # "C." after "B." in a lettered list is the third letter, not Roman 100; a list restarting
        # at "I." (a second volet) is Roman 1
    if value is None:
        del path[level:]
        return label
    del path[level + 1 :]
    key = (block.list_id, level)
    before = printed.get(key) if printed is not None else None
    if printed is not None and m is not None:
        printed[key] = value
    while len(path) <= level:
        path.append(0)
    running = m is not None and value != local and runs_on_from_parent(value, before, level)
    path[level] = local if running else value
    if m is None:
        return label  # "II." keeps its print; the items below it are numbered 2.1., 2.1.1.
    if level == 0 or any(p == 0 for p in path[:level]):
        return label
    return ".".join(str(p) for p in path) + "."


def _joinable(prev: Line, line: Line) -> bool:
    """The line carries on the title of the line before (a wrap, a hanging indent, a suffix alone)."""
    if prev.is_row or line.is_row or prev.skipped or line.skipped:
        return False
    if _IA_ALONE.match(line.text):
        return True
    if prev.label is not None and not prev.label.title and line.label is None:
        return True  # a number alone on its line, its title on the next
    if line.label is not None or line.block.label or _ENDS_SENTENCE.search(prev.text):
        return False
    a, b = prev.block, line.block
    if b.bullet or strip_bullet(line.text)[1]:
        return False
    if not _CONTINUES.match(line.text) and not (DANGLING_END.search(prev.text) and prev.label is not None):
        return False
    if len(prev.text) + len(line.text) >= 400:
        return False
    if _HYPHENATED.search(prev.text):
        return True  # "Prospecter de nouveaux em-" / "ployeurs partenaires"
    if DANGLING_END.search(prev.text) and line.text[:1].islower() and len(line.text) <= 100:
        return True  # "… à destination des" / "familles monoparentales", whatever the layout made of it
    if prev.label is not None and _CONTINUES.match(line.text) and line.text[:1].islower() and len(line.text) <= 100:
        return True  # a labelled title wrapped onto a line the layout styled otherwise
    same_shape = a.kind is b.kind and a.heading_level == b.heading_level
    item_wrap = a.kind is BlockKind.LIST_ITEM and b.kind is BlockKind.PARAGRAPH and prev.label is not None
    if a.bold != b.bold or not (same_shape or item_wrap):
        return False
    return prev.label is not None or a.kind is BlockKind.HEADING or a.bold


def _outline_tables(blocks: list[Block] | tuple[Block, ...]) -> dict[int, str]:
    """The rows of tables that only lay out an outline, as the text of the line each reads as.

    A table as wide as a dashboard met before is that dashboard's next page, never an outline.
    """
    tables: dict[int, list[int]] = {}
    for i, block in enumerate(blocks):
        if block.kind is BlockKind.TABLE_ROW and block.table_index is not None:
            tables.setdefault(block.table_index, []).append(i)
    dashboard_widths: set[int] = set()
    out: dict[int, str] = {}
    for indexes in tables.values():
        rows = [list(blocks[i].cells or ()) for i in indexes]
        if dashboard_header(rows[0]) is not None:
            dashboard_widths.add(len(rows[0]))
            continue
        texts = None if len(rows[0]) in dashboard_widths else outline_row_texts(rows)
        if texts is not None:
            out.update(zip(indexes, texts, strict=True))
    return out


def runs_on_from_parent(value: int, printed_before: int | None, depth: int) -> bool:
    """A nested list numbered on from one parent to the next (1, 2 under the first item, 3 under the second):
    ``value`` follows the number printed last at this ``depth``, under an earlier parent."""
    return depth > 0 and printed_before is not None and value == printed_before + 1


def to_lines(blocks: list[Block] | tuple[Block, ...]) -> list[Line]:
    """Classify every block and join the pieces of a wrapped title into one line."""
    lines: list[Line] = []
    path: list[int] = []
    printed: dict[tuple, int] = {}
    outline_rows = _outline_tables(blocks)
    for i, block in enumerate(blocks):
        if i in outline_rows:
            block = block.model_copy(update={"kind": BlockKind.PARAGRAPH, "text": outline_rows[i], "cells": None})
        elif block.kind is BlockKind.TABLE_ROW:
            lines.append(Line(i, block, block.text, None, [i]))
            continue
        text = block.text if not block.label else f"{_generated_path(block, path, printed)} {block.text}"
        if block.kind is BlockKind.LIST_ITEM and _status_after_sign(block.provenance.raw_text):
            # "✅ Réalisé" wrapped alone in a PDF, its pictograph taken for a bullet: a status sign all the same.
            text = (block.provenance.raw_text or "").strip()
        text, fields = _split_fields(dehyphenate(text.replace("\u00a0", " ").strip()))
        line = Line(i, block, text, None, [i])
        if i in outline_rows:
            line.read_as = "a row of a table without header that boxes the outline, read as a line"
        if block.in_toc:
            line.skipped = "table of contents (style)"
        elif not text:
            line.skipped = "empty"
        elif TOC_LINE.search(text):
            line.skipped = "table of contents (page number after dot leaders)"
        else:
            line.label = match_label(text)
        prev = next((p for p in reversed(lines) if not p.skipped), None)
        if prev is not None and prev is lines[-1] and _joinable(prev, line):
            # A status in a right-hand column wraps too ("… ⚪ À" / "programmer"): look again once joined.
            prev.text, late = _split_fields(dehyphenate(f"{prev.text} {line.text}"))
            fields = late + fields
            prev.blocks.append(i)
            prev.label = match_label(prev.text)
        else:
            lines.append(line)
        for piece in fields:
            bulleted = strip_bullet(piece)[1] and field_of(piece) is None
            label = item_label(piece) if not bulleted and field_of(piece) is None else None
            kind = BlockKind.LIST_ITEM if bulleted else BlockKind.PARAGRAPH
            update = {"kind": kind, "text": piece, "label": None, "bullet": bulleted,
                      "bold": label is not None and block.bold}
            update["heading_level"] = None
            field_block = block.model_copy(update=update)
            lines.append(Line(i, field_block, piece, label, [i]))
    lines = _references_before_their_action(lines)
    _lettered_outline(lines)
    _bare_numbers_opening_paths(lines)
    for position, line in enumerate(lines):
        line.position = position
    return lines


def _lettered_outline(lines: list[Line]) -> None:
    """An outline lettered at its first level ("A." → "A.1" → "A.1.1", then "B." → "B.1"…): two letters or more
    each with numbered items below read as paths (2, 1, 1), "A.1.1" then no action label (the iA.PST way)."""
    found = {
        k: label
        for k, line in enumerate(lines)
        if not line.skipped and not line.is_row and (label := lettered_path(line.text)) is not None
    }
    tops = {label.parts[0] for label in found.values() if label.depth == 1}
    if len(tops) < 2 or len(tops & {label.parts[0] for label in found.values() if label.depth >= 2}) < 2:
        return
    for k, label in found.items():
        lines[k].label, lines[k].label_decided = label, True
        lines[k].read_as = "a label of an outline lettered at its first level (A. → A.1 → A.1.1)"


_BARE_NUMBER = re.compile(r"^(?P<num>\d{1,2})\s+(?P<rest>[A-ZÀ-Ý].*)$", re.DOTALL)


def _bare_numbers_opening_paths(lines: list[Line]) -> None:
    """"1 Garantir …" right above "1.1 Développer …": the bare number is the label of the item its paths go on from
    (alone, "15 objectifs" is a count, no label)."""
    kept = [line for line in lines if not line.skipped and not line.is_row]
    for line, below in zip(kept, kept[1:], strict=False):
        m = _BARE_NUMBER.match(line.text) if line.label is None else None
        if m is None or below.label is None or below.label.style is not LabelStyle.DOTTED:
            continue
        if below.label.parts == (int(m.group("num")), 1):
            title = clean_title(m.group("rest"))
            line.label = LabelMatch(LabelStyle.DOTTED, None, (int(m.group("num")),), m.group("num"), title)
            line.label_decided = True


def _references_before_their_action(lines: list[Line]) -> list[Line]:
    """A fiche headed by its action ("Projet 1.2.1 : …") that names its objectives in fields below the heading
    ("Objectif stratégique : 1. …", "Objectif opérationnel : 1.2 …"): those objectives are read before the action,
    so that it has its parent. Only field-form labels whose numbers begin the action's path move."""
    out = list(lines)
    i = 0
    while i < len(out):
        label = out[i].label
        if out[i].is_row or label is None or label.level is not Level.ACTION or label.depth < 3:
            i += 1
            continue
        moved: list[Line] = []
        j = i + 1
        while j < len(out) and j - i <= 12 and not out[j].is_row:
            ref = out[j].label
            if ref is not None and not (
                ref.is_field
                and ref.level in (Level.OS, Level.OO)
                and (label.parts[: ref.depth] == ref.parts or (ref.is_local and label.parts[1:2] == ref.parts))
            ):
                break
            if ref is not None:
                moved.append(out.pop(j))
                continue
            j += 1
        out[i:i] = moved
        i += len(moved) + 1
    return out


# A capitalised field key inside a line ("… (A.12) État : Démarré Responsable administratif : …"):
# OCR and some exports glue an item's fields onto its title.
_GLUED_FIELD = re.compile(
    r"(?<=\S)\s+(?=(?:[ÉE]tat|Statut|Pilotes?|Porteurs?|Responsables?(?:\s+\w+)?|[ÉE]ch[ée]ance|Partenaires?|"
    r"Indicateurs?|Budget|Taux d.avancement|Avancement)\s*:\s*\S)"
)


_STATUS_SIGN = "[\u2190-\u2bff\U0001f000-\U0001faff\ud800-\udfff]{1,2}\ufe0f?"
_TRAILING_STATUS = re.compile(
    rf"(?:(?:\t+|\s{{3,}})[^\w\t]{{0,3}}|\s?{_STATUS_SIGN})\s*(?P<status>[^\t\n]{{2,30}})$"
)
_STATUS_ALONE = re.compile(rf"^{_STATUS_SIGN}\s*(?P<status>[^\t\n]{{2,30}})$")  # "✅ Réalisé" wrapped alone
# "Créer un guichet [En cours]" / "… (Réalisé)": a status word alone in brackets at the end of the line.
_BRACKETED_STATUS = re.compile(r"\s*(?:\[(?P<square>[^\[\]\n]{2,30})\]|\((?P<round>[^()\n]{2,30})\))\s*$")


def _status_after_sign(text: str | None) -> str | None:
    """The status a line prints alone after its sign ("✅ Réalisé", "🟠 En cours"): its words, else None."""
    alone = _STATUS_ALONE.match((text or "").strip())
    if alone is None or normalize_status(alone.group("status")) is None:
        return None
    return alone.group("status").strip()


def _split_fields(text: str) -> tuple[str, list[str]]:
    """A title and the field or bullet lines after it in one block ("Titre (A.1)\nÉtat : En cours").

    OCR glues the lines into one: a field key right after an iA.PST tag starts a field too.
    """
    text = _GLUED_FIELD.sub("\n", text)
    signed = _status_after_sign(text)
    if signed is not None:
        return "", [f"Statut : {signed}"]
    trailing = _TRAILING_STATUS.search(text)
    if trailing and normalize_status(trailing.group("status")) is not None and text[: trailing.start()].strip():
        # "1.1.1<tab>Créer un guichet<tab>🟠 En cours": the last column is the action's status.
        text = f"{text[: trailing.start()]}\nStatut : {trailing.group('status').strip()}"
    bracketed = _BRACKETED_STATUS.search(text)
    if bracketed and text[: bracketed.start()].strip():
        status = bracketed.group("square") or bracketed.group("round")
        if status_alone(status) is not None or (len(status.split()) == 1 and normalize_status(status) is not None):
            text = f"{text[: bracketed.start()]}\nStatut : {status.strip()}"
    head, _, last = text.rpartition("\n")
    if head.strip() and field_of(head.rsplit("\n", 1)[-1]) is None and status_alone(last) is not None:
        # "Créer un guichet<br><span class=badge>En cours</span>": a status alone on the last line is the item's.
        text = f"{head}\nStatut : {last.strip()}"
    if "\n" not in text:
        return text, []
    title: list[str] = []
    fields: list[str] = []
    for piece in (p.strip() for p in text.split("\n")):
        if not piece:
            continue
        if title and (field_of(piece) is not None or strip_bullet(piece)[1] or item_label(piece) is not None):
            # a field, a bullet under the title ("OO 1.1 : …<br>- action"), or the next item of an outline
            # written as the lines of one paragraph ("OS 1 - …<br>OO 1.1 - …")
            fields.append(piece)
        elif fields:
            fields[-1] = f"{fields[-1]} {piece}"
        else:
            title.append(piece)
    return " ".join(title), fields


def item_label(piece: str) -> LabelMatch | None:
    """The label of a line that starts an item after a line break, one no wrapped sentence starts with: a level
    word with its number ("OO 1.2 -", "Action 3 :"), an iA.PST tag, a dotted path of two numbers or more
    ("1.2.1"), or a first-level number before a capital ("1. Être …", "II. Moderniser …"); else None."""
    label = match_label(piece)
    if label is None or not label.title:
        return None
    if label.level is not None or (label.style is LabelStyle.DOTTED and label.depth >= 2):
        return label
    return label if is_outline_label(label) and label.title[:1].isupper() else None


def is_generated(line: Line) -> bool:
    """The line's number was generated by the format (Word numbering, an HTML list)."""
    return bool(line.block.label)


def is_outline_label(label: LabelMatch | None) -> bool:
    """A bare number whose level only its depth can tell (1. / 1.1 / 1.1.1 / II.)."""
    return label is not None and label.level is None and label.style in (LabelStyle.DOTTED, LabelStyle.ROMAN)
