"""Plan identity: which current documents carry the same plan, and which one is its current source.

A *plan* is one CPAS × legislature × kind (``pst``, or ``evaluation`` for an evaluation report);
a *rendition* is one current document carrying it — the PDF, the Word file, the scan, the
deliberation that annexes it, the web page that summarizes it. Documents are linked as follows,
CPAS by CPAS (a document whose CPAS is unknown stays alone until a correction names it):

1. Same CPAS, same legislature, same kind: one plan (``linked_by`` = key, or correction when an
   analyst set the CPAS, legislature or kind).
2. Legislature unknown (a scan whose OCR lost the years, a web page that does not say): linked to
   the plan of the same CPAS and kind whose renditions its tree matches best, when at least
   ``LINK_THRESHOLD`` of the smaller tree's titles are found in the other (``linked_by`` = tree).
   Otherwise such documents form plans of their own, legislature ``?``.

The current rendition of each plan is chosen by this stated order, the first difference wins:

1. the analyst's choice (``current: true`` in ``data/corrections/``);
2. a rendition holding items over one holding none;
3. the full plan over a summary (a web summary, or a copy with under half the items of the
   largest rendition or missing one of the levels it has);
4. a text layer over OCR;
5. the newer version over the older (latest adoption or update date the rendition states;
   a rendition stating none counts as older);
6. the higher parse confidence (``core_parse_quality``);
7. more items;
8. Word (numbering read from the file) over PDF over web page;
9. the document id, so the choice is stable.

Each rendition's items are then matched with the chosen rendition's (level, volet and number,
then title) so ``v_document_items`` says how each differs.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import duckdb

from warehouse.plans.title_match import RatioBounds, TitlePool, normalize_title, similar_enough

LINK_THRESHOLD = 0.6
SUMMARY_SHARE = 0.5
PLAN_EVENTS = ("pst_adopted", "pst_updated", "pst_noted", "pst_bureau_adopted", "evaluation_mid", "evaluation_final")
FORMAT_RANK = {"docx": 0, "odt": 1, "doc": 2, "pdf": 3, "html": 4, "pdf_scan": 5}
FORMAT_NAMES = {
    "docx": "Word",
    "odt": "Word (.odt)",
    "doc": "Word (.doc)",
    "pdf": "PDF",
    "html": "web page",
    "pdf_scan": "scanned PDF",
}

CPAS_KEY_SQL = "coalesce(d.nis_code, 'name:' || lower(strip_accents(d.cpas_name)), 'doc:' || d.document_id)"


@dataclass
class Doc:
    """A current readable document, as plan identity sees it."""

    document_id: str
    cpas_key: str
    cpas_name: str | None
    nis_code: str | None
    legislature: str | None
    doc_kind: str
    format: str
    confidence: float
    version_date: date | None
    facts_corrected: bool
    items: list[tuple] = field(default_factory=list)  # (position, level, volet, number, title, parent, status)

    @property
    def plan_kind(self) -> str:
        """``evaluation`` for an evaluation report, ``pst`` for everything else that carries a plan."""
        return "evaluation" if self.doc_kind == "evaluation" else "pst"

    @property
    def titles(self) -> list[str]:
        """Normalized titles of its items."""
        return [normalize_title(it[4]) for it in self.items]

    @property
    def levels(self) -> set[str]:
        """Levels present."""
        return {it[1] for it in self.items}


@dataclass
class Rendition:
    """One document of a plan, with its place in the choice."""

    doc: Doc
    linked_by: str
    tree_score: float | None = None
    is_summary: bool = False
    forced_by: str | None = None
    rank: int = 0
    role: str = "full"
    stats: tuple[int, int, int, int] | None = None  # same, differ, only_here, missing
    diffs: list[tuple[int | None, str]] | None = None  # per item: its counterpart in the chosen rendition (diff_items)


@dataclass
class Plan:
    """One plan and its renditions, best first once chosen."""

    plan_id: str
    kind: str
    cpas_key: str
    renditions: list[Rendition]
    chosen: Rendition | None = None
    chosen_by: str | None = None
    reason: str | None = None

    @property
    def legislature(self) -> str | None:
        """The legislature of the renditions that state one."""
        found = Counter(r.doc.legislature for r in self.renditions if r.doc.legislature)
        return found.most_common(1)[0][0] if found else None


# ---- trees ------------------------------------------------------------------------------------
def tree_similarity(a: list[str], b: list[str], threshold: float = 0.85) -> float:
    """Share of the smaller list of titles found in the other (exactly, then within ``threshold``)."""
    a, b = [t for t in a if t], [t for t in b if t]
    if not a or not b:
        return 0.0
    small, big = sorted((a, b), key=len)
    pool = Counter(big)
    hits, unmatched = 0, []
    for t in small:
        if pool[t] > 0:
            pool[t] -= 1
            hits += 1
        else:
            unmatched.append(t)
    rest = list(pool.elements())
    if unmatched and len(unmatched) * len(rest) <= 60_000:
        import numpy as np

        bounds, taken = RatioBounds(rest), np.zeros(len(rest), dtype=bool)
        for t in unmatched:
            for j in np.flatnonzero(bounds.may_reach(t, threshold) & ~taken):
                if similar_enough(t, rest[j], threshold):
                    hits += 1
                    taken[j] = True
                    break
    return hits / len(small)


def _dup_keys(items: list[tuple]) -> list[tuple]:
    seen: Counter = Counter()
    keys = []
    for it in items:
        k = (it[1], it[2], it[3])
        seen[k] += 1
        keys.append((*k, seen[k]))
    return keys


def diff_items(items: list[tuple], chosen: list[tuple]) -> tuple[list[tuple[int | None, str]], int]:
    """For each item: (position of its counterpart in ``chosen`` or None, difference); and how many
    items of ``chosen`` have no counterpart. Items are matched by level, volet, number and rank
    among equal numbers (when the titles are not wholly different), then by title within a level."""
    index = dict(zip(_dup_keys(chosen), range(len(chosen)), strict=True))
    used: set[int] = set()
    match: list[int | None] = [None] * len(items)
    for i, key in enumerate(_dup_keys(items)):
        j = index.get(key)
        if j is not None and j not in used:
            a, b = normalize_title(items[i][4]), normalize_title(chosen[j][4])
            if a == b or similar_enough(a, b, 0.5):
                match[i] = j
                used.add(j)
    pool = TitlePool([c[4] for c in chosen])
    for i, it in enumerate(items):
        if match[i] is not None:
            continue
        j = pool.first_match(it[4], [j for j, c in enumerate(chosen) if j not in used and c[1] == it[1]])
        if j is not None:
            match[i] = j
            used.add(j)
    out: list[tuple[int | None, str]] = []
    for i, it in enumerate(items):
        j = match[i]
        if j is None:
            out.append((None, "only_here"))
            continue
        c = chosen[j]
        fields = [
            name
            for name, x, y in (
                ("number", it[3], c[3]),
                ("title", normalize_title(it[4]), normalize_title(c[4])),
                ("parent", it[5], c[5]),
                ("status", it[6], c[6]),
                ("volet", it[2], c[2]),
            )
            if x != y
        ]
        out.append((c[0], ",".join(fields) or "same"))
    return out, len(chosen) - len(used)


# ---- linking and choosing ------------------------------------------------------------------------
def _best_plan(doc: Doc, plans: Iterable[Plan]) -> tuple[Plan | None, float]:
    best, score = None, 0.0
    for plan in plans:
        for r in plan.renditions:
            if r.doc.items:
                s = tree_similarity(doc.titles, r.doc.titles)
                if s > score:
                    best, score = plan, s
    return best, score


def link(docs: list[Doc], forced: dict[str, str] | None = None) -> list[Plan]:
    """Group documents into plans (see the module docstring) and choose each plan's current rendition."""
    forced = forced or {}
    by_group: dict[tuple[str, str], list[Doc]] = defaultdict(list)
    for d in sorted(docs, key=lambda d: d.document_id):
        by_group[(d.cpas_key, d.plan_kind)].append(d)
    plans: list[Plan] = []
    for (key, kind), group in sorted(by_group.items()):
        known: dict[str, Plan] = {}
        for d in group:
            if d.legislature and (d.items or d.doc_kind in ("pst", "evaluation")) and not key.startswith("doc:"):
                plan = known.setdefault(d.legislature, Plan(f"{key}:{d.legislature}:{kind}", kind, key, []))
                plan.renditions.append(Rendition(d, "correction" if d.facts_corrected else "key"))
        loose: list[Plan] = []
        for d in group:
            if d.legislature and not key.startswith("doc:"):
                continue
            if not d.items:
                continue
            plan, score = _best_plan(d, known.values())
            if plan is not None and score >= LINK_THRESHOLD:
                plan.renditions.append(Rendition(d, "tree", score))
                continue
            plan, score = _best_plan(d, loose)
            if plan is not None and score >= LINK_THRESHOLD:
                plan.renditions.append(Rendition(d, "tree", score))
                continue
            suffix = f":{len(loose) + 1}" if loose else ""
            legislature = d.legislature or "?"
            loose.append(
                Plan(
                    f"{key}:{legislature}:{kind}{suffix}",
                    kind,
                    key,
                    [Rendition(d, "correction" if d.facts_corrected else "alone")],
                )
            )
        for plan in [*known.values(), *loose]:
            choose(plan, forced)
            plans.append(plan)
    return plans


def _sort_key(r: Rendition) -> tuple:
    d = r.doc
    return (
        0 if r.forced_by else 1,
        0 if d.items else 1,
        1 if r.is_summary else 0,
        1 if d.format == "pdf_scan" else 0,
        -(d.version_date or date.min).toordinal(),
        -round(d.confidence, 2),
        -len(d.items),
        FORMAT_RANK.get(d.format, 9),
        d.document_id,
    )


def _reason(first: Rendition, second: Rendition | None) -> str:
    if second is None:
        return "the only rendition" if first.doc.items else "no rendition holds items"
    a, b = first.doc, second.doc
    if first.forced_by:
        return f"analyst's choice ({first.forced_by})"
    if bool(a.items) != bool(b.items):
        return "the only rendition with items"
    if first.is_summary != second.is_summary:
        return f"full plan over summary ({second.doc.doc_kind}, {len(b.items)} items)"
    if (a.format == "pdf_scan") != (b.format == "pdf_scan"):
        return "text layer over OCR"
    if a.version_date != b.version_date:
        return f"newer version ({a.version_date} over {b.version_date or 'undated'})"
    if round(a.confidence, 2) != round(b.confidence, 2):
        return f"higher parse confidence ({a.confidence:.2f} over {b.confidence:.2f})"
    if len(a.items) != len(b.items):
        return f"more items ({len(a.items)} over {len(b.items)})"
    if FORMAT_RANK.get(a.format, 9) != FORMAT_RANK.get(b.format, 9):
        return f"{FORMAT_NAMES.get(a.format, a.format)} over {FORMAT_NAMES.get(b.format, b.format)} (same tree)"
    return "first by document id (renditions alike)"


def choose(plan: Plan, forced: dict[str, str]) -> None:
    """Rank the renditions of a plan, choose the current one, and compare every rendition with it."""
    sizes = [len(r.doc.items) for r in plan.renditions]
    biggest = max(sizes, default=0)
    levels = set().union(*(r.doc.levels for r in plan.renditions)) if plan.renditions else set()
    for r in plan.renditions:
        d = r.doc
        r.forced_by = forced.get(d.document_id)
        r.is_summary = d.doc_kind == "web_summary" or (
            bool(d.items) and (len(d.items) < SUMMARY_SHARE * biggest or bool(levels - d.levels))
        )
        r.role = "summary" if r.is_summary else ("annex" if d.doc_kind == "deliberation" else "full")
    plan.renditions.sort(key=_sort_key)
    for n, r in enumerate(plan.renditions, start=1):
        r.rank = n
    first = plan.renditions[0]
    plan.reason = _reason(first, plan.renditions[1] if len(plan.renditions) > 1 else None)
    if not first.doc.items:
        return
    plan.chosen = first
    plan.chosen_by = "correction" if first.forced_by else "rule"
    chosen_items = first.doc.items
    for r in plan.renditions:
        if r is first:
            r.tree_score = 1.0
            r.stats = (len(chosen_items), 0, 0, 0)
            continue
        if r.tree_score is None or r.linked_by != "tree":
            r.tree_score = round(tree_similarity(r.doc.titles, first.doc.titles), 3) if r.doc.items else None
        r.diffs, missing = diff_items(r.doc.items, chosen_items)
        same = sum(1 for _, what in r.diffs if what == "same")
        only = sum(1 for pos, _ in r.diffs if pos is None)
        r.stats = (same, len(r.diffs) - same - only, only, missing)


# ---- the warehouse side -------------------------------------------------------------------------
def _docs(con: duckdb.DuckDBPyConnection, groups: set[str] | None) -> list[Doc]:
    """Current readable documents of the given CPAS keys (all when None), with their items."""
    where = "" if groups is None else f"AND {CPAS_KEY_SQL} IN (SELECT unnest(?::VARCHAR[]))"
    rows = con.execute(
        f"""WITH dated AS (
                SELECT document_id, max(event_date) AS version_date FROM core_events
                WHERE NOT is_planned AND kind IN {PLAN_EVENTS} GROUP BY document_id)
            SELECT d.document_id, {CPAS_KEY_SQL} AS cpas_key, d.cpas_name, d.nis_code, d.legislature,
                   coalesce(d.doc_kind, 'unknown'), d.format, coalesce(q.confidence, 1.0), dated.version_date,
                   p.document_id IS NOT NULL AND (p.legislature IS DISTINCT FROM d.legislature
                       OR p.nis_code IS DISTINCT FROM d.nis_code OR p.cpas_name IS DISTINCT FROM d.cpas_name
                       OR p.doc_kind IS DISTINCT FROM d.doc_kind)
            FROM core_documents d
            LEFT JOIN core_parse_quality q USING (document_id)
            LEFT JOIN core_parsed_documents p USING (document_id)
            LEFT JOIN dated USING (document_id)
            WHERE d.is_current AND d.parse_status <> 'failed' {where}
            ORDER BY d.document_id""",
        [] if groups is None else [sorted(groups)],
    ).fetchall()
    docs = [Doc(*r) for r in rows]
    if not docs:
        return docs
    by_id = {d.document_id: d for d in docs}
    con.register("_plan_docs", _frame([d.document_id for d in docs]))
    try:
        items = con.execute(
            """SELECT i.document_id, i.position, i.level, i.volet, i.number, i.title, i.parent_number, i.status
               FROM core_plan_items i JOIN _plan_docs USING (document_id) ORDER BY i.document_id, i.position"""
        ).fetchall()
    finally:
        con.unregister("_plan_docs")
    for doc_id, *item in items:
        by_id[doc_id].items.append(tuple(item))
    return docs


def _frame(ids: list[str]):
    import pandas as pd

    return pd.DataFrame({"document_id": ids})


def forced_renditions(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Renditions an analyst chose (``current: true``), from the last application of the corrections."""
    rows = con.execute(
        """SELECT document_id, file || ':' || line FROM core_corrections
           WHERE operation = 'current' AND correction_status = 'applied' AND document_id IS NOT NULL
           ORDER BY file, line"""
    ).fetchall()
    return dict(rows)


def groups_of(con: duckdb.DuckDBPyConnection, document_ids: Iterable[str]) -> set[str]:
    """CPAS keys of these documents (any version), and of the plans they are renditions of."""
    ids = [i for i in document_ids if i]
    if not ids:
        return set()
    marks = ", ".join("?" for _ in ids)
    keys = {
        r[0]
        for r in con.execute(
            f"SELECT {CPAS_KEY_SQL} FROM core_documents d WHERE d.document_id IN ({marks})", ids
        ).fetchall()
    }
    keys |= {
        r[0]
        for r in con.execute(
            f"""SELECT p.cpas_key FROM core_plans p JOIN core_plan_renditions r USING (plan_id)
            WHERE r.document_id IN ({marks})""",
            ids,
        ).fetchall()
    }
    return keys


@dataclass(frozen=True)
class PlansLinked:
    """What linking wrote: plans, renditions, and plans without a current rendition."""

    n_plans: int
    n_renditions: int
    n_without_rendition: int
    fingerprint: str


def link_plans(con: duckdb.DuckDBPyConnection, groups: set[str] | None = None) -> PlansLinked:
    """Rebuild the plans of the given CPAS keys (all when None) inside the caller's transaction."""
    docs = _docs(con, groups)
    plans = link(docs, forced_renditions(con))
    if groups is None:
        for table in ("core_plans", "core_plan_renditions", "core_rendition_items"):
            con.execute(f"DELETE FROM {table}")
    else:
        ids = [d.document_id for d in docs]
        keys = sorted(groups)
        stale_plans = (
            [
                r[0]
                for r in con.execute(
                    f"SELECT plan_id FROM core_plans WHERE cpas_key IN ({', '.join('?' for _ in keys)})", keys
                ).fetchall()
            ]
            if keys
            else []
        )
        for plan_id in stale_plans:
            con.execute(
                "DELETE FROM core_rendition_items WHERE document_id IN "
                "(SELECT document_id FROM core_plan_renditions WHERE plan_id = ?)",
                [plan_id],
            )
            con.execute("DELETE FROM core_plan_renditions WHERE plan_id = ?", [plan_id])
            con.execute("DELETE FROM core_plans WHERE plan_id = ?", [plan_id])
        for doc_id in ids:
            con.execute("DELETE FROM core_rendition_items WHERE document_id = ?", [doc_id])
            con.execute("DELETE FROM core_plan_renditions WHERE document_id = ?", [doc_id])
        # Versions retired or failed since: no longer renditions of anything.
        gone = """(SELECT document_id FROM core_documents WHERE NOT is_current OR parse_status = 'failed')"""
        con.execute(f"DELETE FROM core_rendition_items WHERE document_id IN {gone}")
        con.execute(f"DELETE FROM core_plan_renditions WHERE document_id IN {gone}")
    plan_rows, rendition_rows, item_rows = [], [], []
    for p in plans:
        first = p.renditions[0].doc
        named = next((r.doc for r in p.renditions if r.doc.cpas_name), first)
        plan_rows.append(
            (
                p.plan_id,
                p.kind,
                p.cpas_key,
                named.cpas_name,
                named.nis_code,
                p.legislature,
                p.chosen.doc.document_id if p.chosen else None,
                p.chosen_by,
                p.reason,
                len(p.renditions),
            )
        )
        for r in p.renditions:
            stats = r.stats or (None, None, None, None)
            rendition_rows.append(
                (
                    r.doc.document_id,
                    p.plan_id,
                    r.role,
                    r.linked_by,
                    r.tree_score,
                    r.rank,
                    r is p.chosen,
                    len(r.doc.items),
                    *stats,
                )
            )
            if p.chosen is None or not r.doc.items:
                continue
            if r is p.chosen:
                item_rows += [(r.doc.document_id, it[0], r.doc.document_id, it[0], "chosen") for it in r.doc.items]
            else:
                assert r.diffs is not None  # compared with the chosen rendition by ``choose``
                item_rows += [
                    (r.doc.document_id, it[0], p.chosen.doc.document_id if pos is not None else None, pos, what)
                    for it, (pos, what) in zip(r.doc.items, r.diffs, strict=True)
                ]
    _insert(con, "core_plans", plan_rows)
    _insert(con, "core_plan_renditions", rendition_rows)
    _insert(con, "core_rendition_items", item_rows)
    digest = ",".join(sorted(f"{p.plan_id}={p.chosen.doc.document_id if p.chosen else ''}" for p in plans))
    return PlansLinked(
        len(plans),
        sum(len(p.renditions) for p in plans),
        sum(1 for p in plans if p.chosen is None),
        hashlib.sha256(digest.encode()).hexdigest()[:16],
    )


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    if not rows:
        return
    import pandas as pd

    cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
    frame = pd.DataFrame(rows, columns=cols, dtype=object)  # object: ints with NULLs stay ints
    con.register("_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _rows")
    finally:
        con.unregister("_rows")


__all__ = [
    "LINK_THRESHOLD",
    "Doc",
    "Plan",
    "PlansLinked",
    "Rendition",
    "choose",
    "diff_items",
    "forced_renditions",
    "groups_of",
    "link",
    "link_plans",
    "tree_similarity",
]
