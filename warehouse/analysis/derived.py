"""Derived tables for comparing CPAS: item themes (``core_item_themes``) and similar actions (``core_similar_actions``).

Both are computed from the current CPAS items of the warehouse and recomputed only when the
set of current documents (or the taxonomy / method) changed since the last run
(``core_analysis_state``), so ``ensure_analysis`` is cheap to call before a report or export.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd

from warehouse.analysis.similarity import tfidf_matrix, top_k_other_groups
from warehouse.analysis.themes import ThemeClassifier, analyse_many, default_classifier, item_text, load_taxonomy

# Chosen on tests/fixtures/similar_pairs.yaml: TF-IDF on lemmas (unigrams) had the best F1 there
# (see README); the threshold is the F1-optimal one on those pairs.
SIMILARITY_METHOD = "tfidf-lemmas"
SIMILARITY_THRESHOLD = 0.21
SIMILARITY_TOP_K = 5


@dataclass(frozen=True)
class AnalysisSummary:
    """What ``ensure_analysis`` did: rows written and seconds spent per step (None = up to date)."""

    n_items: int
    n_item_themes: int | None
    n_similar: int | None
    themes_seconds: float | None
    similar_seconds: float | None


def current_items(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Current CPAS items in document order, with the key of their CPAS (NIS code, else name, else document)."""
    return con.execute(
        """SELECT i.document_id, i.position, i.level, i.volet, i.number, i.parent_number, i.title, i.description,
                  coalesce(d.nis_code, d.cpas_name, d.document_id) AS cpas_key
           FROM core_plan_items i JOIN core_documents d USING (document_id)
           WHERE d.is_current AND i.is_cpas
           ORDER BY i.document_id, i.position"""
    ).fetch_df()


def items_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """Digest of the current documents and of the plans step (corrections applied, renditions chosen):
    changes whenever a load adds, replaces or retires a document, or a correction changes the rows."""
    ids = [r[0] for r in con.execute(
        "SELECT document_id || ':' || parser_version FROM core_documents WHERE is_current ORDER BY 1").fetchall()]
    plans = con.execute("SELECT fingerprint FROM core_analysis_state WHERE name = 'plans'").fetchone()
    return hashlib.sha256(("\n".join(ids) + "|" + (plans[0] if plans else "")).encode()).hexdigest()[:16]


def _state(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    row = con.execute("SELECT fingerprint FROM core_analysis_state WHERE name = ?", [name]).fetchone()
    return row[0] if row else None


def _set_state(con, name: str, fingerprint: str, method: str, params: dict, n_rows: int, seconds: float) -> None:
    con.execute("DELETE FROM core_analysis_state WHERE name = ?", [name])
    con.execute(
        "INSERT INTO core_analysis_state VALUES (?, ?, ?, ?, ?, ?, ?)",
        [name, fingerprint, method, json.dumps(params, sort_keys=True), n_rows, seconds, datetime.now()],
    )


def parent_ids(items: pd.DataFrame) -> list[str | None]:
    """Id (``document_id:position``) of each item's parent: the latest earlier item of its document and volet
    carrying the parent number (numbers may repeat in a plan, so the nearest one wins)."""
    seen: dict[tuple, str] = {}
    out: list[str | None] = []
    for doc, pos, volet, number, parent in zip(
        items.document_id, items.position, items.volet, items.number, items.parent_number, strict=True
    ):
        out.append(seen.get((doc, volet, parent)) if parent is not None else None)
        seen[(doc, volet, number)] = f"{doc}:{pos}"
    return out


def compute_item_themes(items: pd.DataFrame, classifier: ThemeClassifier | None = None) -> pd.DataFrame:
    """Rows of ``core_item_themes`` for the given items (one per item and theme)."""
    clf = classifier or default_classifier()
    ids = [f"{d}:{p}" for d, p in zip(items.document_id, items.position, strict=True)]
    texts = [item_text(t, d) for t, d in zip(items.title, items.description.where(items.description.notna(), None),
                                              strict=True)]
    hits = clf.classify_tree(list(zip(ids, texts, parent_ids(items), strict=True)))
    rows = []
    for item_id in ids:
        doc, pos = item_id.rsplit(":", 1)
        for h in hits[item_id]:
            rows.append((doc, int(pos), h.theme_id, "; ".join(h.matched), h.via_context))
    return pd.DataFrame(rows, columns=["document_id", "position", "theme_id", "matched_terms", "via_context"])


def compute_similar_actions(
    items: pd.DataFrame, k: int = SIMILARITY_TOP_K, threshold: float = SIMILARITY_THRESHOLD, block: int = 256
) -> pd.DataFrame:
    """Rows of ``core_similar_actions``: for each action, its top-k actions of other CPAS scoring >= threshold."""
    actions = items[items.level == "action"].reset_index(drop=True)
    cols = ["document_id", "position", "rank", "similar_document_id", "similar_position", "score"]
    if actions.empty:
        return pd.DataFrame(columns=cols)
    texts = [item_text(t, d) for t, d in zip(actions.title, actions.description.where(actions.description.notna(),
                                                                                       None), strict=True)]
    lemmas = [a.content_lemmas for a in analyse_many(texts)]
    x = tfidf_matrix(lemmas, bigrams=False)
    groups = pd.factorize(actions.cpas_key)[0]
    nb = top_k_other_groups([(1.0, x)], groups, k=k, min_score=threshold, block=block)
    rows_i, ranks = np.nonzero(nb.index >= 0)
    j = nb.index[rows_i, ranks]
    return pd.DataFrame(
        {
            "document_id": actions.document_id.to_numpy()[rows_i],
            "position": actions.position.to_numpy()[rows_i].astype(np.int32),
            "rank": (ranks + 1).astype(np.int32),
            "similar_document_id": actions.document_id.to_numpy()[j],
            "similar_position": actions.position.to_numpy()[j].astype(np.int32),
            "score": np.round(nb.score[rows_i, ranks].astype(np.float64), 4),
        },
        columns=cols,
    )


def _replace_table(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    con.execute(f"DELETE FROM {table}")
    if len(df):
        con.register("_rows", df)
        try:
            con.execute(f"INSERT INTO {table} ({', '.join(df.columns)}) SELECT * FROM _rows")
        finally:
            con.unregister("_rows")


def write_taxonomy(con: duckdb.DuckDBPyConnection, classifier: ThemeClassifier) -> None:
    """Store the taxonomy the themes are computed with (``core_themes``)."""
    df = pd.DataFrame(
        [(t.id, t.label, t.parent, n) for n, t in enumerate(classifier.taxonomy.themes)],
        columns=["theme_id", "label", "parent_theme_id", "sort_order"],
    )
    _replace_table(con, "core_themes", df)


def _fingerprints(con: duckdb.DuckDBPyConnection, taxonomy_digest: str, k: int, threshold: float) -> tuple[str, str]:
    """What the item themes and the similar actions must have been computed from to be up to date."""
    fp = items_fingerprint(con)
    return f"{fp}:{taxonomy_digest}", f"{fp}:{SIMILARITY_METHOD}:{k}:{threshold}"


def analysis_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the themes or the similar actions do not match the current documents — whatever the
    last run says it wrote (a run killed while rebuilding them leaves them stale). Cheap: no spaCy."""
    themes_fp, sim_fp = _fingerprints(con, load_taxonomy().digest, SIMILARITY_TOP_K, SIMILARITY_THRESHOLD)
    return _state(con, "item_themes") != themes_fp or _state(con, "similar_actions") != sim_fp


def ensure_analysis(
    con: duckdb.DuckDBPyConnection, *, force: bool = False, k: int = SIMILARITY_TOP_K,
    threshold: float = SIMILARITY_THRESHOLD,
) -> AnalysisSummary:
    """Recompute item themes and similar actions when the current documents (or settings) changed."""
    clf = default_classifier()
    themes_fp, sim_fp = _fingerprints(con, clf.taxonomy.digest, k, threshold)
    need_themes = force or _state(con, "item_themes") != themes_fp
    need_sim = force or _state(con, "similar_actions") != sim_fp
    items = current_items(con) if (need_themes or need_sim) else None
    n_items = len(items) if items is not None else 0
    n_themes = n_sim = None
    t_themes = t_sim = None
    if need_themes:
        assert items is not None
        t0 = time.perf_counter()
        df = compute_item_themes(items, clf)
        t_themes = time.perf_counter() - t0
        with _transaction(con):
            write_taxonomy(con, clf)
            _replace_table(con, "core_item_themes", df)
            _set_state(con, "item_themes", themes_fp, "spacy-phrase-matcher",
                       {"taxonomy_version": clf.taxonomy.version}, len(df), t_themes)
        n_themes = len(df)
    if need_sim:
        assert items is not None
        t0 = time.perf_counter()
        # One document per CPAS and legislature (v_cpas_plans): the same plan as PDF and Word would
        # otherwise fill the top-k of every other CPAS with twin rows.
        plans = {r[0] for r in con.execute("SELECT document_id FROM v_cpas_plans").fetchall()}
        df = compute_similar_actions(items[items.document_id.isin(plans)], k=k, threshold=threshold)
        t_sim = time.perf_counter() - t0
        with _transaction(con):
            _replace_table(con, "core_similar_actions", df)
            _set_state(con, "similar_actions", sim_fp, SIMILARITY_METHOD, {"k": k, "threshold": threshold},
                       len(df), t_sim)
        n_sim = len(df)
    return AnalysisSummary(n_items, n_themes, n_sim, t_themes, t_sim)


class _transaction:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def __exit__(self, exc_type, *exc) -> None:
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")
