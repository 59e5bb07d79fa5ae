"""Apply the analysts' corrections to the parse: ``core_parsed_*`` + corrections → ``core_plan_items``.

The parse stays as it came in ``core_parsed_items`` / ``core_parsed_documents``; the rows every
view reads (``core_plan_items``, the CPAS / legislature / kind of ``core_documents``) are that
parse with the corrections applied, re-derived after every load and whenever a correction file
changes. So a correction applies to every re-parse and every new parser version, and a
correction keyed by source location applies to each new version of the document too (its items
are matched by level, volet, number and title, not by position).

Per document, the entries apply in file-name then line order; inside an entry: ``set`` (CPAS,
legislature, kind), ``ignore`` (pages, sections), ``levels`` (numbering depth → level), then
``items`` in order. Every row a correction changes or adds says so (``corrected_by``: file and
line; ``correction``: what changed). What each correction did — or why it did nothing (stale,
ambiguous, invalid, superseded) — goes to ``core_corrections``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from pipeline.core.text import fold
from warehouse.plans.corrections_file import Correction, CorrectionSet, ItemEdit, ItemMatch
from warehouse.plans.title_match import normalize_title, titles_match

ITEM_COLUMNS = (
    "document_id",
    "position",
    "level",
    "volet",
    "axe",
    "number",
    "source_label",
    "title",
    "parent_number",
    "status",
    "progress_pct",
    "pilote",
    "partners",
    "due",
    "indicators",
    "description",
    "is_cpas",
    "page",
    "bbox",
    "paragraph_index",
    "dom_path",
    "raw_text",
)
FACTS = ("cpas_name", "nis_code", "legislature", "doc_kind")
_PARENT_LEVELS = {"os": set(), "oo": {"os"}, "action": {"oo", "action"}}


@dataclass
class Outcome:
    """What one operation of a correction did on one document."""

    correction: Correction
    line: int | None
    operation: str
    status: str  # applied | no_change | stale | ambiguous | invalid
    n_rows: int = 0
    detail: str = ""


@dataclass
class Corrected:
    """A document's facts and items once its corrections are applied, and what each correction did."""

    facts: dict[str, str | None]
    items: list[dict]
    outcomes: list[Outcome] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)  # every correction that changed something
    chosen_by: str | None = None  # file:line of a ``current: true``


def _clean_number(n: str | None) -> str | None:
    return n.strip().rstrip(".") if n else n


def _label(text: str | None) -> str:
    return re.sub(r"[\s.:]+", "", fold(text or ""))


class _Tree:
    """The items of one document in reading order, with each item's parent (the nearest earlier item of
    its volet carrying its parent number — numbers may repeat in a plan, so the nearest one wins)."""

    def __init__(self, items: list[dict]):
        self.items = sorted(items, key=lambda r: r["position"])
        self.parent: dict[int, int | None] = {}
        seen: dict[tuple, int] = {}
        for r in self.items:
            p = r["parent_number"]
            self.parent[r["position"]] = seen.get((r["volet"], p)) if p is not None else None
            seen[(r["volet"], r["number"])] = r["position"]

    def descendants(self, position: int) -> list[dict]:
        """Children, grandchildren... of the item at ``position``, in reading order."""
        inside = {position}
        out = []
        for r in self.items:
            if self.parent.get(r["position"]) in inside and r["position"] not in inside:
                inside.add(r["position"])
                out.append(r)
        return out


def _note(row: dict, ref: str, text: str) -> None:
    refs = row.setdefault("_refs", [])
    if ref not in refs:
        refs.append(ref)
    row.setdefault("_notes", []).append(text)


def find_items(items: Iterable[dict], m: ItemMatch) -> list[dict]:
    """Items agreeing with every key of the match, in reading order (the n-th only with ``occurrence``)."""
    out = []
    for r in sorted(items, key=lambda r: r["position"]):
        if m.level and r["level"] != m.level:
            continue
        if m.volet and r["volet"] != m.volet:
            continue
        if m.number and _clean_number(r["number"]) != m.number:
            continue
        if m.source_label and _label(r["source_label"]) != _label(m.source_label):
            continue
        if m.title and not titles_match(m.title, r["title"]):
            continue
        out.append(r)
    if m.occurrence:
        return out[m.occurrence - 1 : m.occurrence]
    return out


def _one(items: list[dict], m: ItemMatch, c: Correction, edit: ItemEdit, out: list[Outcome]) -> dict | None:
    found = find_items(items, m)
    if len(found) == 1:
        return found[0]
    if not found:
        out.append(Outcome(c, edit.line, edit.kind, "stale", 0, f"no item matches {m.describe()}"))
    else:
        where = ", ".join(f"{r['level']} {r['number']} {r['title'][:30]!r}" for r in found[:4])
        out.append(
            Outcome(
                c,
                edit.line,
                edit.kind,
                "ambiguous",
                0,
                f"{len(found)} items match {m.describe()} ({where}): add volet, title or occurrence",
            )
        )
    return None


def _parents(items: list[dict], number: str, volet: str | None, level: str) -> list[dict]:
    """Items that can be the parent of a ``level`` item: an OS for an OO, an OO (or an action) for an action."""
    allowed = _PARENT_LEVELS.get(level, set())
    return [r for r in items if r["number"] == number and r["volet"] == volet and r["level"] in allowed]


def _next_child(items: list[dict], parent: str | None, volet: str | None, skip: dict | None = None) -> str:
    """The number after the last child of ``parent`` (a top-level number when ``parent`` is None)."""
    last = 0
    for r in items:
        if r is skip or r["volet"] != volet or r["parent_number"] != parent:
            continue
        tail = r["number"].rsplit(".", 1)[-1]
        last = max(last, int(tail)) if tail.isdigit() else last + 1
    return f"{parent}.{last + 1}" if parent else str(last + 1)


def _renumber(tree: _Tree, row: dict, new: str, ref: str) -> int:
    """Give ``row`` the number ``new`` and move the numbers of its descendants with it."""
    old = row["number"]
    if old == new:
        return 0
    row["number"] = new
    moved = 0
    for d in tree.descendants(row["position"]):
        changed = False
        for key in ("number", "parent_number"):
            value = d[key]
            if value == old or (value and value.startswith(old + ".")):
                d[key] = new + value[len(old) :]
                changed = True
        if changed:
            moved += 1
            _note(d, ref, f"renumbered with its parent ({old} → {new})")
    return moved


def _set_item(items: list[dict], c: Correction, edit: ItemEdit, out: list[Outcome]) -> None:
    row = _one(items, edit.match, c, edit, out)  # type: ignore[arg-type]
    if row is None:
        return
    ref = c.ref_at(edit.line)
    ch = edit.changes
    tree = _Tree(items)
    done: list[str] = []
    n = 0
    volet = ch.get("volet", row["volet"]) if "volet" in ch else row["volet"]
    level = ch.get("level") or row["level"]
    if "parent" in ch and ch["parent"] is not None and not _parents(items, ch["parent"], volet, level):
        out.append(
            Outcome(
                c,
                edit.line,
                "set_item",
                "invalid",
                0,
                f"{edit.match.describe()}: no item {ch['parent']} to be its parent",
            )
        )  # type: ignore[union-attr]
        return
    if "volet" in ch and ch["volet"] != row["volet"]:
        done.append(f"volet {row['volet']} → {ch['volet']}")
        for d in [row, *tree.descendants(row["position"])]:
            d["volet"] = ch["volet"]
    if "parent" in ch and ch["parent"] != row["parent_number"]:
        old_parent = row["parent_number"]
        row["parent_number"] = ch["parent"]
        done.append(f"parent {old_parent} → {ch['parent']}")
        if "number" not in ch and old_parent and row["number"].startswith(old_parent + "."):
            new = _next_child(items, ch["parent"], row["volet"], skip=row)
            old = row["number"]
            n += _renumber(tree, row, new, ref)
            done.append(f"number {old} → {new}")
    if "number" in ch and ch["number"] != row["number"]:
        old = row["number"]
        n += _renumber(tree, row, ch["number"], ref)  # type: ignore[arg-type]
        done.append(f"number {old} → {ch['number']}")
    for key, column in (("level", "level"), ("title", "title"), ("status", "status")):
        if key in ch and ch[key] != row[column]:
            done.append(
                f"{key} {row[column]!r} → {ch[key]!r}" if key == "title" else f"{key} {row[column]} → {ch[key]}"
            )
            row[column] = ch[key]
    if not done:
        out.append(Outcome(c, edit.line, "set_item", "no_change", 0, f"{edit.match.describe()} already so"))  # type: ignore[union-attr]
        return
    _note(row, ref, "; ".join(done))
    out.append(Outcome(c, edit.line, "set_item", "applied", n + 1, f"{edit.match.describe()}: {'; '.join(done)}"))  # type: ignore[union-attr]


def _drop(items: list[dict], rows: list[dict]) -> int:
    gone = {id(r) for r in rows}
    before = len(items)
    items[:] = [r for r in items if id(r) not in gone]
    return before - len(items)


def _ignore_item(items: list[dict], c: Correction, edit: ItemEdit, out: list[Outcome]) -> None:
    row = _one(items, edit.match, c, edit, out)  # type: ignore[arg-type]
    if row is None:
        return
    n = _drop(items, [row, *_Tree(items).descendants(row["position"])])
    out.append(
        Outcome(
            c,
            edit.line,
            edit.kind,
            "applied",
            n,
            f"dropped {row['level']} {row['number']} {row['title'][:50]!r}"
            + (f" and {n - 1} item(s) under it" if n > 1 else ""),
        )
    )


def _add_item(items: list[dict], facts_doc: str, c: Correction, edit: ItemEdit, out: list[Outcome]) -> None:
    ch = edit.changes
    level, parent = ch["level"], ch.get("parent")
    volet = ch.get("volet")
    parent_row = None
    if parent:
        volets = [volet] if volet is not None else sorted({r["volet"] for r in items}, key=str)
        candidates = [r for v in volets for r in _parents(items, parent, v, level or "action")]
        if not candidates:
            out.append(
                Outcome(c, edit.line, "add_item", "invalid", 0, f"no item {parent} to be the parent of the added item")
            )
            return
        parent_row = candidates[-1]
        volet = parent_row["volet"] if volet is None else volet
    number = ch.get("number") or _next_child(items, parent, volet)
    for r in items:
        if r["level"] == level and r["volet"] == volet and titles_match(r["title"], ch["title"]):
            out.append(
                Outcome(
                    c,
                    edit.line,
                    "add_item",
                    "no_change",
                    0,
                    f"{level} {r['number']} {ch['title'][:40]!r} is already in the parse",
                )
            )
            return
    ref = c.ref_at(edit.line)
    row = {col: None for col in ITEM_COLUMNS}
    row.update(
        document_id=facts_doc,
        position=max((r["position"] for r in items), default=-1) + 1,
        level=level,
        volet=volet,
        axe=parent_row["axe"] if parent_row else None,
        number=number,
        title=ch["title"],
        parent_number=parent,
        status=ch.get("status"),
        is_cpas=parent_row["is_cpas"] if parent_row else True,
    )
    _note(row, ref, "added by an analyst")
    items.append(row)
    out.append(Outcome(c, edit.line, "add_item", "applied", 1, f"added {level} {number} {ch['title'][:50]!r}"))


def _ignore_pages(items: list[dict], c: Correction, out: list[Outcome]) -> None:
    for pages in c.ignore_pages:
        what = f"pages {pages.first}-{pages.last}"
        if not any(r["page"] is not None for r in items):
            out.append(
                Outcome(
                    c,
                    pages.line,
                    "ignore_pages",
                    "invalid",
                    0,
                    f"{what}: the items of this document have no page (Word or web page): ignore a section",
                )
            )
            continue
        rows = [r for r in items if r["page"] is not None and pages.first <= r["page"] <= pages.last]
        n = _drop(items, rows)
        out.append(
            Outcome(
                c,
                pages.line,
                "ignore_pages",
                "applied" if n else "stale",
                n,
                f"{what}: {n} item(s) dropped" if n else f"no item on {what}",
            )
        )


def _levels(items: list[dict], c: Correction, out: list[Outcome]) -> None:
    if not c.levels:
        return
    ref = c.ref_at(c.levels_line)
    n = 0
    for r in items:
        parts = r["number"].split(".")
        level = c.levels.get(len(parts))
        if level is None:
            continue
        parent = ".".join(parts[:-1]) or None
        done = []
        if r["level"] != level:
            done.append(f"level {r['level']} → {level}")
            r["level"] = level
        if r["parent_number"] != parent:
            done.append(f"parent {r['parent_number']} → {parent}")
            r["parent_number"] = parent
        if done:
            n += 1
            _note(r, ref, "; ".join(done) + " (numbering depth)")
    mapping = ", ".join(f"{d}: {lv}" for d, lv in sorted(c.levels.items()))
    out.append(Outcome(c, c.levels_line, "levels", "applied" if n else "no_change", n, f"depth → level {mapping}"))


def apply_to_document(
    document_id: str, facts: dict[str, str | None], items: list[dict], corrections: Iterable[Correction]
) -> Corrected:
    """The facts and items of one document with its corrections applied (the inputs are not changed)."""
    result = Corrected(dict(facts), [dict(r) for r in items])
    for c in corrections:
        before = len(result.outcomes)
        if c.document:
            changed = {k: v for k, v in c.document.items() if result.facts.get(k) != v}
            result.facts.update(c.document)
            what = ", ".join(f"{k} {facts.get(k)} → {v}" for k, v in changed.items())
            result.outcomes.append(
                Outcome(
                    c, c.document_line, "set_document", "applied" if changed else "no_change", 0, what or "already so"
                )
            )
        if c.current:
            status = "applied" if result.items else "invalid"
            detail = (
                "chosen as the current rendition of its plan"
                if result.items
                else "has no item: cannot be the current rendition"
            )
            result.outcomes.append(Outcome(c, c.current_line, "current", status, 0, detail))
            if result.items:
                result.chosen_by = c.ref_at(c.current_line)
        _ignore_pages(result.items, c, result.outcomes)
        for edit in c.items:
            if edit.kind == "ignore_section":
                _ignore_item(result.items, c, edit, result.outcomes)
        _levels(result.items, c, result.outcomes)
        for edit in c.items:
            if edit.kind == "set_item":
                _set_item(result.items, c, edit, result.outcomes)
            elif edit.kind == "ignore_item":
                _ignore_item(result.items, c, edit, result.outcomes)
            elif edit.kind == "add_item":
                _add_item(result.items, document_id, c, edit, result.outcomes)
        if any(o.status == "applied" for o in result.outcomes[before:]) and c.ref not in result.refs:
            result.refs.append(c.ref)
    for r in result.items:
        r["corrected_by"] = ", ".join(r.pop("_refs")) if "_refs" in r else None
        r["correction"] = "; ".join(r.pop("_notes")) if "_notes" in r else None
    result.items.sort(key=lambda r: r["position"])
    return result


# ---- the warehouse side -------------------------------------------------------------------------
@dataclass(frozen=True)
class CorrectionsApplied:
    """What applying the corrections did: documents rewritten, the log rows, the analyst's renditions."""

    n_documents: int
    outcomes: tuple[tuple, ...]  # rows of core_corrections
    chosen: dict[str, str]  # document_id → file:line of its ``current: true``

    def count(self, status: str) -> int:
        """Log rows with this status."""
        return sum(1 for o in self.outcomes if o[4] == status)


def _selects(c: Correction, doc: tuple, locations: dict[str, list[tuple[str, str]]]) -> bool:
    doc_id, key, file, sha = doc[:4]
    if c.sha256 and not (sha or "").startswith(c.sha256):
        return False
    if c.source:
        places = [(key, file), *locations.get(doc_id, [])]
        want = c.source.rstrip("/")
        return any(want in (k, f) or k.endswith("/" + want) or k.endswith("\\" + want) for k, f in places)
    return True


def matched_documents(con: duckdb.DuckDBPyConnection, cset: CorrectionSet) -> dict[Correction, list[tuple]]:
    """Readable documents (every version) each correction names.

    Rows are (document_id, source_key, source_file, sha256, is_current)."""
    docs = con.execute(
        """SELECT document_id, source_key, source_file, sha256, is_current FROM core_documents
           WHERE parse_status <> 'failed' ORDER BY source_key, version_no"""
    ).fetchall()
    locations: dict[str, list[tuple[str, str]]] = {}
    for doc_id, key, file in con.execute(
        "SELECT document_id, source_key, source_file FROM core_document_locations"
    ).fetchall():
        locations.setdefault(doc_id, []).append((key, file))
    return {c: [d for d in docs if _selects(c, d, locations)] for c in cset.corrections}


def _rows(con: duckdb.DuckDBPyConnection, table: str, doc_id: str) -> list[dict]:
    rel = con.execute(
        f"SELECT {', '.join(ITEM_COLUMNS)} FROM {table} WHERE document_id = ? ORDER BY position", [doc_id]
    )
    return [dict(zip(ITEM_COLUMNS, r, strict=True)) for r in rel.fetchall()]


def write_document(con: duckdb.DuckDBPyConnection, doc_id: str, result: Corrected) -> None:
    """Replace the document's rows and corrected facts (inside the caller's transaction)."""
    counts = {lv: sum(1 for r in result.items if r["level"] == lv) for lv in ("os", "oo", "action")}
    con.execute(
        """UPDATE core_documents SET cpas_name = ?, nis_code = ?, legislature = ?, doc_kind = ?,
               n_os = ?, n_oo = ?, n_actions = ?, corrected_by = ? WHERE document_id = ?""",
        [
            *(result.facts.get(k) for k in FACTS),
            counts["os"],
            counts["oo"],
            counts["action"],
            ", ".join(result.refs) or None,
            doc_id,
        ],
    )
    con.execute("DELETE FROM core_plan_items WHERE document_id = ?", [doc_id])
    if result.items:
        cols = (*ITEM_COLUMNS, "corrected_by", "correction")
        con.executemany(
            f"INSERT INTO core_plan_items ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [[r[c] for c in cols] for r in result.items],
        )


def apply_corrections(
    con: duckdb.DuckDBPyConnection, cset: CorrectionSet, *, document_ids: set[str] | None = None
) -> CorrectionsApplied:
    """Re-derive the corrected documents from their parse (all of them, or only ``document_ids``).

    Runs inside the caller's transaction. Documents corrected before and named by no correction
    now go back to their parse. The log (``core_corrections``) is rewritten when all documents are done.
    """
    now = datetime.now()
    matched = matched_documents(con, cset)
    per_doc: dict[str, list[Correction]] = {}
    for c, docs in matched.items():
        for d in docs:
            per_doc.setdefault(d[0], []).append(c)
    previously = {
        r[0] for r in con.execute("SELECT document_id FROM core_documents WHERE corrected_by IS NOT NULL").fetchall()
    }
    previously |= {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT document_id FROM core_plan_items WHERE corrected_by IS NOT NULL"
        ).fetchall()
    }
    todo = set(per_doc) | previously
    if document_ids is not None:
        todo &= document_ids
    log: list[tuple] = []
    chosen: dict[str, str] = {}
    current = {d[0] for docs in matched.values() for d in docs if d[4]}
    for doc_id in sorted(todo):
        facts_row = con.execute(
            f"SELECT {', '.join(FACTS)} FROM core_parsed_documents WHERE document_id = ?", [doc_id]
        ).fetchone()
        if facts_row is None:  # no parse kept for it (should not happen): leave it as it is
            continue
        result = apply_to_document(
            doc_id,
            dict(zip(FACTS, facts_row, strict=True)),
            _rows(con, "core_parsed_items", doc_id),
            per_doc.get(doc_id, []),
        )
        write_document(con, doc_id, result)
        if result.chosen_by and doc_id in current:
            chosen[doc_id] = result.chosen_by
        if doc_id in current:
            log += [
                (
                    o.correction.file,
                    o.line or o.correction.line,
                    o.correction.selector,
                    o.operation,
                    o.status,
                    doc_id,
                    o.n_rows,
                    o.detail,
                    now,
                )
                for o in result.outcomes
            ]
    if document_ids is None:
        for c, docs in matched.items():
            if not docs:
                log.append(
                    (c.file, c.line, c.selector, "document", "stale", None, 0, f"no document matches {c.selector}", now)
                )
            elif not any(d[4] for d in docs):
                names = ", ".join(sorted({d[2] for d in docs}))
                log.append(
                    (
                        c.file,
                        c.line,
                        c.selector,
                        "document",
                        "superseded",
                        None,
                        0,
                        f"matches only superseded versions ({names}): key it by source to follow new versions",
                        now,
                    )
                )
        for e in cset.errors:
            log.append((e.file, e.line, None, "file", "malformed", None, 0, e.message, now))
        con.execute("DELETE FROM core_corrections")
        if log:
            con.executemany("INSERT INTO core_corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", log)
    return CorrectionsApplied(len(todo), tuple(log), chosen)


__all__ = [
    "Corrected",
    "CorrectionsApplied",
    "Outcome",
    "apply_corrections",
    "apply_to_document",
    "find_items",
    "matched_documents",
    "normalize_title",
    "titles_match",
    "write_document",
]
