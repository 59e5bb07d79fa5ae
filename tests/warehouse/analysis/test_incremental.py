"""One more document costs what it brings: themes and lemmas for its items only, similar actions updated."""

from __future__ import annotations

import shutil

import pytest

import warehouse.analysis.derived as derived
from tests.warehouse.compare_builders import build, plan
from warehouse.analysis.derived import ensure_analysis
from warehouse.loader import Warehouse

NEW = plan("Liège", "62063", [
    "Lancer une page Facebook du CPAS avec les informations pratiques",
    "Créer deux logements d'urgence supplémentaires",
])


@pytest.fixture()
def counted(monkeypatch):
    """Items given to the theme classifier and texts given to spaCy for lemmas, per call."""
    seen: dict[str, list[int]] = {"themes": [], "lemmas": []}
    themes, analyse = derived.compute_item_themes, derived.analysed

    def count_themes(items, clf=None):
        seen["themes"].append(len(items))
        return themes(items, clf)

    def count_lemmas(texts, *a, **kw):
        texts = list(texts)
        seen["lemmas"].append(len(texts))
        return analyse(texts, *a, **kw)

    monkeypatch.setattr(derived, "compute_item_themes", count_themes)
    monkeypatch.setattr(derived, "analysed", count_lemmas)
    return seen


def _rows(con, table: str) -> list[tuple]:
    return con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()


def test_a_new_document_is_analysed_alone_and_matches_a_full_recompute(tmp_path, counted):
    db = build(tmp_path / "w.duckdb")
    with Warehouse(db) as wh:
        ensure_analysis(wh.con)
        wh.load(NEW, "/d/liege.pdf")
        counted["themes"].clear()
        counted["lemmas"].clear()
        ensure_analysis(wh.con)
        themes, similar = _rows(wh.con, "core_item_themes"), _rows(wh.con, "core_similar_actions")
        new_doc = {r[0] for r in wh.con.execute("SELECT document_id FROM core_documents WHERE cpas_name = 'Liège'")
                   .fetchall()}
    assert counted["themes"] == [len(NEW.items)]  # the new plan's items only
    assert counted["lemmas"] == [2]  # its two actions: the others' lemmas are stored
    shutil.copy(db, tmp_path / "full.duckdb")
    with Warehouse(tmp_path / "full.duckdb") as wh:
        ensure_analysis(wh.con, force=True)
        full_themes, full_similar = _rows(wh.con, "core_item_themes"), _rows(wh.con, "core_similar_actions")
    assert themes == full_themes
    assert new_doc and [r for r in similar if r[0] in new_doc] == [r for r in full_similar if r[0] in new_doc]
    # Older actions see the new one (Sprimont's Facebook action gains Liège's), with the score a full run gives
    # up to the IDF drift.
    links = {(r[0], r[1], r[3], r[4]): r[5] for r in similar}
    for r in full_similar:
        if r[3] in new_doc and r[0] not in new_doc:
            assert links.get((r[0], r[1], r[3], r[4])) == pytest.approx(r[5], abs=0.1)


def test_a_replaced_document_loses_its_old_rows(tmp_path):
    db = build(tmp_path / "w.duckdb")
    with Warehouse(db) as wh:
        ensure_analysis(wh.con)
        before = {r[0] for r in _rows(wh.con, "core_item_themes")}
        wh.load(plan("Sprimont", "62100", ["Ouvrir une épicerie sociale"]), "/d/sp.pdf")  # new bytes, same place
        ensure_analysis(wh.con)
        current = {r[0] for r in wh.con.execute("SELECT document_id FROM core_documents WHERE is_current").fetchall()}
        themed = {r[0] for r in _rows(wh.con, "core_item_themes")}
        similar = _rows(wh.con, "core_similar_actions")
    assert themed <= current and themed != before
    assert all(r[0] in current and r[3] in current for r in similar)


def test_an_update_where_every_stored_row_is_scored_again_keeps_its_columns():
    """When every stored neighbour belongs to a changed document nothing is kept: an empty frame, not one
    without columns (a list index on an empty frame selects columns)."""
    import pandas as pd

    actions = pd.DataFrame({
        "document_id": ["a", "a", "b"], "position": [1, 2, 1], "cpas_key": ["x", "x", "y"],
    })
    lemmas = [("ouvrir", "guichet"), ("former", "agent"), ("ouvrir", "guichet", "social")]
    stored = pd.DataFrame([["a", 1, 1, "b", 1, 0.8]], columns=derived.SIMILAR_COLUMNS)
    out = derived.update_similar_actions(actions, lemmas, stored, changed={"a", "b"}, gone=set(), threshold=0.1).rows
    assert list(out.columns) == derived.SIMILAR_COLUMNS
    pairs = {(r.document_id, r.position, r.similar_document_id) for r in out.itertuples()}
    assert pairs == {("a", 1, "b"), ("b", 1, "a")}


def test_stored_lemmas_read_in_text_order_match_those_of_spacy(tmp_path, counted):
    """Lemmas come back flat, in the order of the texts asked for (a text asked twice, twice), keyed by the MD5 of
    the text; only unseen texts go to spaCy, and the table keeps only the texts asked for."""
    import hashlib

    import numpy as np

    from warehouse.analysis.similarity import TermLists, tfidf_matrix
    from warehouse.analysis.themes import analyse_many

    texts = ["Ouvrir un guichet social", "Former les agents d'accueil", "Ouvrir un guichet social",
             "Créer une épicerie sociale"]
    with Warehouse(tmp_path / "w.duckdb") as wh:
        first = derived.stored_lemmas(wh.con, texts[:2])
        again = derived.stored_lemmas(wh.con, texts)
        keys = {r[0] for r in wh.con.execute("SELECT text_key FROM core_text_lemmas").fetchall()}
        derived.stored_lemmas(wh.con, texts[3:])
        left = wh.con.execute("SELECT count(*) FROM core_text_lemmas").fetchone()[0]
    assert counted["lemmas"] == [2, 1]  # the two first texts, then the one new text; the last call none
    assert keys == {hashlib.md5(t.encode()).hexdigest() for t in texts}  # noqa: S324 - the key's definition
    assert left == 1
    expected = [a.content_lemmas for a in analyse_many(texts)]
    by_list = TermLists.of(expected)
    assert again.n == 4 and np.array_equal(again.rows, by_list.rows) and np.array_equal(again.terms, by_list.terms)
    assert first.n == 2 and np.array_equal(first.terms, TermLists.of(expected[:2]).terms)
    assert (tfidf_matrix(again) != tfidf_matrix(expected, bigrams=False)).nnz == 0
