"""Derived tables for comparing CPAS: item themes (``core_item_themes``) and similar actions (``core_similar_actions``).

Both are computed from the current CPAS items of the warehouse and brought up to date only when the
set of current documents (or the taxonomy / method) changed since the last run
(``core_analysis_state``), so ``ensure_analysis`` is cheap to call before a report or export.

An update costs what changed (issue 13). Each document's items are digested; the state keeps the
digest each result was computed from. Themes depend on an item and its parents only: the items of new
or changed documents are classified, the rows of the others kept. Lemmas are kept per text
(``core_text_lemmas``), so spaCy reads only new texts. Similar actions: TF-IDF over every action's
stored lemmas; the actions of new or changed documents, and those that lose a neighbour, get their
top-k against all the others (blockwise, sparse); every other action keeps its stored top-k merged
with its scores against the new actions. Untouched pairs keep the IDF of when they were scored (a
drift of a fraction of a percent per document); ``pst analyse --force``, a change of more than a
third of the actions or of the method recompute everything.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from warehouse.analysis.language_process import RemoteClassifier, analysed, theme_classifier
from warehouse.analysis.parents import parent_ids
from warehouse.analysis.similarity import BLOCK_ROWS, TermLists, tfidf_matrix, top_k_other_groups
from warehouse.analysis.state import (  # noqa: F401 - analysis_stale and items_fingerprint re-exported
    SIMILARITY_METHOD,
    SIMILARITY_THRESHOLD,
    SIMILARITY_TOP_K,
    analysis_fingerprints,
    analysis_stale,
    items_fingerprint,
    similarity_basis,
    stored_fingerprint,
    themes_basis,
)
from warehouse.analysis.themes import ThemeClassifier, item_text, taxonomy_file_digest
from warehouse.derived_state import record_state, stored_record


@dataclass(frozen=True)
class AnalysisSummary:
    """What ``ensure_analysis`` did: rows written and seconds spent per step (None = up to date)."""

    n_items: int
    n_item_themes: int | None
    n_similar: int | None
    themes_seconds: float | None
    similar_seconds: float | None


def current_items(con: duckdb.DuckDBPyConnection, documents: list[str] | None = None) -> pd.DataFrame:
    """Current CPAS items in document order, with the key of their CPAS (NIS code, else name, else document);
    only those of ``documents`` when given."""
    only = "AND list_contains(?, d.document_id)" if documents is not None else ""
    return con.execute(
        f"""SELECT i.document_id, i.position, i.level, i.volet, i.number, i.parent_number, i.title, i.description,
                  coalesce(d.nis_code, d.cpas_name, d.document_id) AS cpas_key
           FROM core_plan_items i JOIN core_documents d USING (document_id)
           WHERE d.is_current AND i.is_cpas {only}
           ORDER BY i.document_id, i.position""",
        [documents] if documents is not None else [],
    ).fetch_df()


def document_digests(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Digest of each current document's CPAS items (everything themes and similarity read), by document id."""
    rows = con.execute(
        """SELECT i.document_id, md5(string_agg(concat_ws(chr(31), i.position::VARCHAR, i.level::VARCHAR,
                  coalesce(i.volet::VARCHAR, ''), i.number, coalesce(i.parent_number, ''), i.title,
                  coalesce(i.description, ''), coalesce(d.nis_code, d.cpas_name, d.document_id)),
                  chr(30) ORDER BY i.position))
           FROM core_plan_items i JOIN core_documents d USING (document_id)
           WHERE d.is_current AND i.is_cpas GROUP BY 1"""
    ).fetchall()
    return dict(rows)


def _state_documents(con: duckdb.DuckDBPyConnection, name: str, basis: str) -> dict[str, str]:
    """Document digests the stored result ``name`` was computed from, if computed on the same ``basis``."""
    record = stored_record(con, name)
    params = record.params if record else {}
    return params.get("documents", {}) if params.get("basis") == basis else {}


def compute_item_themes(
    items: pd.DataFrame, classifier: ThemeClassifier | RemoteClassifier | None = None
) -> pd.DataFrame:
    """Rows of ``core_item_themes`` for the given items (one per item and theme)."""
    clf = classifier or theme_classifier()
    ids = [f"{d}:{p}" for d, p in zip(items.document_id, items.position, strict=True)]
    texts = item_texts(items)
    parents = parent_ids(zip(items.document_id, items.position, items.volet, items.number, items.parent_number,
                             strict=True))
    hits = clf.classify_tree(list(zip(ids, texts, parents, strict=True)))
    rows = []
    for item_id in ids:
        doc, pos = item_id.rsplit(":", 1)
        for h in hits[item_id]:
            rows.append((doc, int(pos), h.theme_id, "; ".join(h.matched), h.via_context))
    return pd.DataFrame(rows, columns=["document_id", "position", "theme_id", "matched_terms", "via_context"])


SIMILAR_COLUMNS = ["document_id", "position", "rank", "similar_document_id", "similar_position", "score"]


def item_texts(items: pd.DataFrame) -> list[str]:
    """The text classified and compared for each item (``themes.item_text``). A missing description is NaN in a
    pandas string column, not None (and ``where(notna, None)`` keeps it NaN): read as no description, never as
    the word "nan"."""
    descriptions = [d if isinstance(d, str) else None for d in items.description.tolist()]
    return [item_text(t, d) for t, d in zip(items.title.tolist(), descriptions, strict=True)]


def compute_similar_actions(
    items: pd.DataFrame, k: int = SIMILARITY_TOP_K, threshold: float = SIMILARITY_THRESHOLD, block: int = BLOCK_ROWS,
    lemmas: TermLists | None = None,
) -> pd.DataFrame:
    """Rows of ``core_similar_actions``: for each action, its top-k actions of other CPAS scoring >= threshold.
    ``lemmas``: the content lemmas of the actions (in order), when already known."""
    actions = items[items.level == "action"].reset_index(drop=True)
    if actions.empty:
        return pd.DataFrame(columns=SIMILAR_COLUMNS)
    if lemmas is None:
        lemmas = TermLists.of([a.content_lemmas for a in analysed(item_texts(actions))])
    x = tfidf_matrix(lemmas, bigrams=False)
    groups = pd.factorize(actions.cpas_key)[0]
    nb = top_k_other_groups([(1.0, x)], groups, k=k, min_score=threshold, block=block)
    return _neighbour_rows(actions, np.arange(len(actions)), nb)


def _neighbour_rows(actions: pd.DataFrame, rows: np.ndarray, nb) -> pd.DataFrame:
    """``core_similar_actions`` rows of the given action rows from their ``Neighbours``."""
    line, ranks = np.nonzero(nb.index >= 0)
    i, j = rows[line], nb.index[line, ranks]
    return pd.DataFrame(
        {
            "document_id": actions.document_id.to_numpy()[i],
            "position": actions.position.to_numpy()[i].astype(np.int32),
            "rank": (ranks + 1).astype(np.int32),
            "similar_document_id": actions.document_id.to_numpy()[j],
            "similar_position": actions.position.to_numpy()[j].astype(np.int32),
            "score": np.round(nb.score[line, ranks].astype(np.float64), 4),
        },
        columns=SIMILAR_COLUMNS,
    )


@dataclass(frozen=True)
class SimilarRows:
    """Rows for ``core_similar_actions``: the whole table (``actions`` None), or the new neighbour lists of the
    ``actions`` whose lists changed, replacing their stored rows and every row of the ``documents`` given."""

    rows: pd.DataFrame
    actions: pd.MultiIndex | None = None
    documents: frozenset[str] = frozenset()


def update_similar_actions(
    actions: pd.DataFrame, lemmas: TermLists | list[tuple[str, ...]], stored: pd.DataFrame, changed: set[str],
    gone: set[str], k: int = SIMILARITY_TOP_K, threshold: float = SIMILARITY_THRESHOLD, block: int = BLOCK_ROWS,
) -> SimilarRows:
    """What changes in the similar actions after a load, from the ``stored`` rows: ``changed`` documents (new,
    or items changed) and ``gone`` ones (no longer compared) are the only ones scored again; the other actions
    keep their lists unless a new action enters them (see the module docstring)."""
    x = tfidf_matrix(lemmas, bigrams=False)
    groups = pd.factorize(actions.cpas_key)[0]
    doc, pos = actions.document_id.to_numpy(), actions.position.to_numpy()
    is_new = np.isin(doc, list(changed))
    invalid = frozenset(changed | gone)
    lost = stored.similar_document_id.isin(invalid) | stored.document_id.isin(invalid)
    redo = is_new | _action_keys(doc, pos).isin(_action_keys(stored.document_id[lost], stored.position[lost]))
    redone = np.flatnonzero(redo)
    full = _neighbour_rows(actions, redone, top_k_other_groups([(1.0, x)], groups, k=k, min_score=threshold,
                                                               block=block, rows=redone))
    touched = _action_keys(doc[redone], pos[redone])
    # The other actions: their stored neighbours, or one of the new actions if it scores higher.
    old_rows, new_rows = np.flatnonzero(~redo), np.flatnonzero(is_new)
    if len(old_rows) and len(new_rows):
        scores = (x[old_rows] @ x[new_rows].T).tocoo()
        ok = (scores.data >= threshold) & (groups[old_rows[scores.row]] != groups[new_rows[scores.col]])
        a, b = old_rows[scores.row[ok]], new_rows[scores.col[ok]]
        entered = pd.DataFrame({
            "document_id": doc[a], "position": pos[a].astype(np.int32), "rank": 0,
            "similar_document_id": doc[b], "similar_position": pos[b].astype(np.int32),
            "score": np.round(scores.data[ok].astype(np.float64), 4),
        }, columns=SIMILAR_COLUMNS)
        reranked = _action_keys(doc[a], pos[a]).unique()
        kept = stored[_action_keys(stored.document_id, stored.position).isin(reranked)]
        merged = pd.concat([kept, entered], ignore_index=True).sort_values(
            ["document_id", "position", "score"], ascending=[True, True, False], kind="stable")
        merged["rank"] = merged.groupby(["document_id", "position"]).cumcount().astype(np.int32) + 1
        full = pd.concat([merged[merged["rank"] <= k], full], ignore_index=True)
        touched = touched.append(reranked)
    return SimilarRows(full[SIMILAR_COLUMNS].reset_index(drop=True), touched, invalid)


def _action_keys(document_ids, positions) -> pd.MultiIndex:
    """(document, position) keys of actions, compared as a whole (positions as int64 whatever their source)."""
    return pd.MultiIndex.from_arrays([np.asarray(document_ids, dtype=object), np.asarray(positions, dtype=np.int64)])


def stored_lemmas(con: duckdb.DuckDBPyConnection, texts: list[str]) -> TermLists:
    """Content lemmas of ``texts``, in order: read from ``core_text_lemmas`` (keyed by the MD5 of the text), spaCy
    only for texts never seen; the table is trimmed to the texts asked for (the current actions)."""
    import pyarrow as pa

    # Keys, lookups and the lemmas themselves stay in DuckDB and Arrow: as Python lists, reading 38,000 texts'
    # lemmas took 0.5 s and numbering their terms 0.3 s more (issue 13).
    con.register("_wanted_texts", pa.table({"ord": pa.array(range(len(texts)), type=pa.int64()),
                                            "text": pa.array(texts, type=pa.string())}))
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE _wanted_lemmas AS SELECT ord, text, md5(text) AS text_key "
                    "FROM _wanted_texts")
        missing = con.execute(
            """SELECT text_key, any_value(text) FROM _wanted_lemmas
               WHERE text_key NOT IN (SELECT text_key FROM core_text_lemmas) GROUP BY text_key ORDER BY text_key"""
        ).fetchall()
        if missing:
            fresh = [list(a.content_lemmas) for a in analysed([text for _, text in missing])]
            _insert(con, "core_text_lemmas", pd.DataFrame({"text_key": [key for key, _ in missing], "lemmas": fresh}))
        con.execute("DELETE FROM core_text_lemmas WHERE text_key NOT IN (SELECT text_key FROM _wanted_lemmas)")
        lemmas = con.execute(
            "SELECT l.lemmas FROM _wanted_lemmas w JOIN core_text_lemmas l USING (text_key) ORDER BY w.ord"
        ).fetch_arrow_table().column(0).combine_chunks()
    finally:
        con.unregister("_wanted_texts")
        con.execute("DROP TABLE IF EXISTS _wanted_lemmas")
    return TermLists(
        rows=np.repeat(np.arange(len(texts), dtype=np.int64), lemmas.value_lengths().to_numpy(zero_copy_only=False)),
        terms=lemmas.flatten().dictionary_encode().indices.to_numpy(zero_copy_only=False).astype(np.int64),
        n=len(texts),
    )


def _replace_table(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    con.execute(f"DELETE FROM {table}")
    _insert(con, table, df)


def _write_similar(con: duckdb.DuckDBPyConnection, similar: SimilarRows) -> int:
    """Write ``similar`` into ``core_similar_actions``; the table's row count after."""
    if similar.actions is None:
        _write_difference(con, "core_similar_actions", similar.rows)
    else:
        con.execute("DELETE FROM core_similar_actions WHERE list_contains(?, document_id)",
                    [sorted(similar.documents)])
        keys = pd.DataFrame({"document_id": similar.actions.get_level_values(0),
                             "position": similar.actions.get_level_values(1)})
        con.register("_replaced", keys)
        try:
            con.execute("DELETE FROM core_similar_actions t USING _replaced r "
                        "WHERE t.document_id = r.document_id AND t.position = r.position")
        finally:
            con.unregister("_replaced")
        _insert(con, "core_similar_actions", similar.rows)
    return con.execute("SELECT count(*) FROM core_similar_actions").fetchone()[0]


def _write_difference(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    """Make ``table`` hold exactly the rows of ``df`` (columns NOT NULL) by deleting and inserting only the rows
    that differ: after one document, a few hundred of ~190,000 similar actions (a full rewrite took 2 s)."""
    if df.empty:
        con.execute(f"DELETE FROM {table}")
        return
    cols = ", ".join(df.columns)
    same = " AND ".join(f"r.{c} = t.{c}" for c in df.columns)
    con.register("_rows", df)
    try:
        con.execute(f"DELETE FROM {table} t WHERE NOT EXISTS (SELECT 1 FROM _rows r WHERE {same})")
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _rows EXCEPT ALL SELECT {cols} FROM {table}")
    finally:
        con.unregister("_rows")


def _insert(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    if len(df):
        con.register("_rows", df)
        try:
            con.execute(f"INSERT INTO {table} ({', '.join(df.columns)}) SELECT * FROM _rows")
        finally:
            con.unregister("_rows")


def write_taxonomy(con: duckdb.DuckDBPyConnection, classifier: ThemeClassifier | RemoteClassifier) -> None:
    """Store the taxonomy the themes are computed with (``core_themes``)."""
    df = pd.DataFrame(
        [(t.id, t.label, t.parent, n) for n, t in enumerate(classifier.taxonomy.themes)],
        columns=["theme_id", "label", "parent_theme_id", "sort_order"],
    )
    _replace_table(con, "core_themes", df)


def ensure_analysis(
    con: duckdb.DuckDBPyConnection, *, force: bool = False, k: int = SIMILARITY_TOP_K,
    threshold: float = SIMILARITY_THRESHOLD,
) -> AnalysisSummary:
    """Recompute item themes and similar actions when the current documents (or settings) changed."""
    # The taxonomy's digest says whether anything is stale; the classifier (spaCy, seconds) only when it is.
    themes_fp, sim_fp = analysis_fingerprints(con, taxonomy_file_digest(), k, threshold)
    need_themes = force or stored_fingerprint(con, "item_themes") != themes_fp
    need_sim = force or stored_fingerprint(con, "similar_actions") != sim_fp
    items = current_items(con) if (need_themes or need_sim) else None
    digests = document_digests(con) if (need_themes or need_sim) else {}
    n_items = len(items) if items is not None else 0
    n_themes = n_sim = None
    t_themes = t_sim = None
    if need_themes:
        assert items is not None
        t0 = time.perf_counter()
        clf = theme_classifier()
        basis = themes_basis(clf.taxonomy.digest)
        before = {} if force else _state_documents(con, "item_themes", basis)
        todo = {d for d, h in digests.items() if before.get(d) != h}
        df = compute_item_themes(items[items.document_id.isin(todo)].reset_index(drop=True), clf)
        t_themes = time.perf_counter() - t0
        with _transaction(con):
            write_taxonomy(con, clf)
            if before:  # only the rows of documents changed or gone
                con.execute("DELETE FROM core_item_themes WHERE list_contains(?, document_id)",
                            [sorted(todo | (set(before) - set(digests)))])
                _insert(con, "core_item_themes", df)
            else:
                _replace_table(con, "core_item_themes", df)
            record_state(con, "item_themes", themes_fp, method="spacy-phrase-matcher",
                         params={"taxonomy_version": clf.taxonomy.version, "basis": basis, "documents": digests},
                         n_rows=len(df), seconds=t_themes)
        n_themes = len(df)
    if need_sim:
        assert items is not None
        t0 = time.perf_counter()
        df, compared = _similar_actions(con, items, digests, force=force, k=k, threshold=threshold)
        t_sim = time.perf_counter() - t0
        with _transaction(con):
            n_sim = _write_similar(con, df)
            record_state(con, "similar_actions", sim_fp, method=SIMILARITY_METHOD,
                         params={"k": k, "threshold": threshold, "basis": similarity_basis(k, threshold),
                                 "documents": compared}, n_rows=n_sim, seconds=t_sim)
    return AnalysisSummary(n_items, n_themes, n_sim, t_themes, t_sim)


def _similar_actions(
    con: duckdb.DuckDBPyConnection, items: pd.DataFrame, digests: dict[str, str], *, force: bool, k: int,
    threshold: float,
) -> tuple[SimilarRows, dict[str, str]]:
    """The similar actions of the compared documents, updated from the stored ones when few changed; and the
    digests of the documents compared."""
    # One document per CPAS and legislature (v_cpas_plans): the same plan as PDF and Word would
    # otherwise fill the top-k of every other CPAS with twin rows.
    plans = {r[0] for r in con.execute("SELECT document_id FROM v_cpas_plans").fetchall()}
    compared = {d: h for d, h in digests.items() if d in plans}
    actions = items[items.document_id.isin(plans) & (items.level == "action")].reset_index(drop=True)
    lemmas = stored_lemmas(con, item_texts(actions))
    before = {} if force else _state_documents(con, "similar_actions", similarity_basis(k, threshold))
    changed = {d for d, h in compared.items() if before.get(d) != h}
    n_changed = int(actions.document_id.isin(changed).sum())
    if actions.empty or not before or n_changed * 3 > len(actions):
        return SimilarRows(compute_similar_actions(actions, k=k, threshold=threshold, lemmas=lemmas)), compared
    stored = con.execute(f"SELECT {', '.join(SIMILAR_COLUMNS)} FROM core_similar_actions").fetch_df()
    gone = set(before) - set(compared)
    return update_similar_actions(actions, lemmas, stored, changed, gone, k=k, threshold=threshold), compared


class _transaction:
    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con

    def __enter__(self) -> None:
        self.con.execute("BEGIN TRANSACTION")

    def __exit__(self, exc_type, *exc) -> None:
        self.con.execute("ROLLBACK" if exc_type else "COMMIT")
