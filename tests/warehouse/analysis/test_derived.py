"""Item themes, similar actions across CPAS and the comparison views."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy import sparse

from tests.warehouse.compare_builders import build, plan
from warehouse.analysis.derived import (
    SIMILARITY_THRESHOLD,
    analysis_stale,
    current_items,
    ensure_analysis,
    item_texts,
)
from warehouse.analysis.similarity import best_threshold, pair_scores, tfidf_matrix, top_k_other_groups
from warehouse.analysis.themes import analyse_many
from warehouse.loader import Warehouse

PAIRS = Path(__file__).resolve().parents[2] / "fixtures" / "similar_pairs.yaml"



def test_item_themes_are_stored_and_exposed(wh):
    rows = wh.con.execute(
        "SELECT cpas_name, number, theme_id FROM v_item_themes WHERE level = 'action' ORDER BY ALL"
    ).fetchall()
    assert ("Grâce-Hollogne", "1.1.1", "communication") in rows
    assert ("Sprimont", "1.1.2", "logement_urgence") in rows
    assert ("Sprimont", "1.1.3", "insertion_socioprofessionnelle") in rows
    assert ("Meix-devant-Virton", "1.1.2", "aide_alimentaire") in rows


def test_similar_actions_link_paraphrases_in_other_cpas_only(wh):
    rows = wh.con.execute(
        "SELECT cpas_name, title, similar_cpas_name, similar_title, score, rank FROM v_similar_actions"
    ).fetchall()
    assert all(r[0] != r[2] for r in rows)
    fb = [r for r in rows if r[0] == "Sprimont" and "Facebook" in r[1]]
    assert fb and fb[0][2] == "Grâce-Hollogne" and "Facebook" in fb[0][3] and fb[0][5] == 1
    assert all(r[4] >= SIMILARITY_THRESHOLD for r in rows)


def test_cpas_profile_counts_levels_volets_statuses_and_themes(wh):
    p = wh.con.execute(
        "SELECT * FROM v_cpas_profile WHERE cpas_name = 'Sprimont'"
    ).fetch_df().iloc[0]
    assert (p.n_os, p.n_oo, p.n_actions, p.n_items_externe, p.n_items_interne) == (1, 1, 3, 5, 0)
    assert p.share_a_programmer == pytest.approx(1 / 3) and p.share_abandonne == pytest.approx(1 / 3)
    assert p.n_themes >= 3 and "logement_urgence" in p.themes


def test_theme_matrix_has_every_cpas_theme_pair_with_zeros(wh):
    n_cpas, n_themes, n_rows = wh.con.execute(
        "SELECT count(DISTINCT cpas_name), count(DISTINCT theme_id), count(*) FROM v_theme_matrix"
    ).fetchone()
    assert n_cpas == 3 and n_rows == n_cpas * n_themes
    assert wh.con.execute(
        "SELECT n_actions FROM v_theme_matrix WHERE cpas_name = 'Meix-devant-Virton' AND theme_id = 'sante'"
    ).fetchone() == (0,)


def test_analysis_is_recomputed_only_after_a_load(tmp_path):
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        first = ensure_analysis(w.con)
        assert first.n_item_themes and first.n_similar is not None
        again = ensure_analysis(w.con)
        assert again.n_item_themes is None and again.n_similar is None
        w.load(plan("Dinant", "91034", ["Créer un compte Facebook"]), "/d/di.pdf")
        after = ensure_analysis(w.con)
        assert after.n_item_themes is not None
        assert w.con.execute("SELECT count(*) FROM v_similar_actions WHERE cpas_name = 'Dinant'").fetchone()[0] >= 1


def test_an_item_without_description_is_analysed_by_its_title_alone(tmp_path):
    """pandas 3 keeps a missing description as NaN: it must not be read as the word "nan"."""
    with Warehouse(tmp_path / "w.duckdb") as w:
        w.load(plan("Dinant", "91034", ["Créer un compte Facebook", "Ouvrir une épicerie sociale"],
                    descriptions=[None, "Avec le PCS, deux fois par semaine"]), "/d/di.pdf")
        items = current_items(w.con)
        assert item_texts(items[items.level == "action"]) == [
            "Créer un compte Facebook", "Ouvrir une épicerie sociale. Avec le PCS, deux fois par semaine"]
        ensure_analysis(w.con)
        lemmas = [t for (terms,) in w.con.execute("SELECT lemmas FROM core_text_lemmas").fetchall() for t in terms]
        assert lemmas and "nan" not in lemmas


def test_stored_analysis_of_an_older_item_text_is_computed_again(tmp_path):
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        ensure_analysis(w.con)
        # As a warehouse analysed before the item texts changed has them: no text version in its state.
        w.con.execute("UPDATE core_analysis_state SET fingerprint = replace(fingerprint, ':item-texts-2', ''), "
                      "params = replace(params::VARCHAR, ':item-texts-2', '')")
        assert analysis_stale(w.con)
        again = ensure_analysis(w.con)
        assert again.n_item_themes and again.n_similar


def test_same_plan_in_two_formats_is_counted_once(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as w:
        doc = plan("Sprimont", "62100", ["Créer un compte Facebook", "Ouvrir une épicerie sociale"])
        w.load(doc, "/d/sp.pdf")
        w.load(doc.model_copy(update={"source_file": "sp.docx", "sha256": "f" * 64}), "/d/sp.docx")
        ensure_analysis(w.con)
        assert w.con.execute("SELECT n_actions, n_documents FROM v_cpas_profile").fetchall() == [(2, 2)]
        assert w.con.execute("SELECT count(*) FROM v_similar_actions").fetchone() == (0,)


def test_comparison_views_have_comments_on_every_column(wh):
    for view in ("v_item_themes", "v_cpas_profile", "v_theme_matrix", "v_similar_actions", "v_cpas_plans"):
        assert wh.con.execute("SELECT comment FROM duckdb_views() WHERE view_name = ?", [view]).fetchone()[0]
        missing = wh.con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND comment IS NULL", [view]
        ).fetchall()
        assert missing == [], (view, missing)


def test_top_k_is_blockwise_and_skips_the_same_group():
    rng = np.random.default_rng(0)
    x = rng.random((50, 8)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1)[:, None]
    groups = np.repeat(np.arange(10), 5)
    a = top_k_other_groups([(1.0, x)], groups, k=3, block=7)
    b = top_k_other_groups([(1.0, sparse.csr_matrix(x))], groups, k=3, block=50)
    assert np.array_equal(a.index, b.index)
    full = x @ x.T
    full[groups[:, None] == groups[None, :]] = -np.inf
    assert np.array_equal(a.index[:, 0], full.argmax(axis=1))
    assert (groups[a.index] != groups[:, None]).all()


def test_chosen_method_on_the_labelled_pairs():
    pairs = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) >= 50
    n = len(pairs)
    texts = [p[1] for p in pairs] + [p[2] for p in pairs]
    x = tfidf_matrix([a.content_lemmas for a in analyse_many(texts)], bigrams=False)
    scores = pair_scores("tfidf", range(n), range(n, 2 * n), {"tfidf": x})
    labels = np.array([p[0] for p in pairs])
    pred = scores >= SIMILARITY_THRESHOLD
    precision = (pred & labels).sum() / pred.sum()
    recall = (pred & labels).sum() / labels.sum()
    assert precision >= 0.65 and recall >= 0.85, (precision, recall)
    assert best_threshold(scores, labels)[3] >= 0.75


def test_the_similar_actions_table_is_rewritten_by_its_difference():
    """Rows that stay are left alone, a key whose neighbour changed is replaced, an empty result empties it."""
    import duckdb
    import pandas as pd

    from warehouse.analysis.derived import SIMILAR_COLUMNS, _write_difference

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE s (document_id VARCHAR NOT NULL, position INTEGER NOT NULL, rank INTEGER NOT NULL, "
        "similar_document_id VARCHAR NOT NULL, similar_position INTEGER NOT NULL, score DOUBLE NOT NULL, "
        "PRIMARY KEY (document_id, position, rank))"
    )
    con.execute("INSERT INTO s VALUES ('a', 1, 1, 'b', 1, 0.8), ('a', 1, 2, 'c', 4, 0.5), ('b', 1, 1, 'a', 1, 0.8)")
    kept_rowid = con.execute("SELECT rowid FROM s WHERE document_id = 'b'").fetchone()[0]
    new = pd.DataFrame([["a", 1, 1, "b", 1, 0.8], ["a", 1, 2, "d", 2, 0.6], ["b", 1, 1, "a", 1, 0.8],
                        ["d", 2, 1, "a", 1, 0.6]], columns=SIMILAR_COLUMNS)
    con.execute("BEGIN")
    _write_difference(con, "s", new)
    con.execute("COMMIT")
    assert con.execute("SELECT * FROM s ORDER BY ALL").fetchall() == sorted(map(tuple, new.itertuples(index=False)))
    assert con.execute("SELECT rowid FROM s WHERE document_id = 'b'").fetchone()[0] == kept_rowid
    _write_difference(con, "s", new.iloc[0:0])
    assert con.execute("SELECT count(*) FROM s").fetchone()[0] == 0
