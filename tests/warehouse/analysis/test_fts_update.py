"""The search index updated in place scores every item as a rebuild does; items kept keep their keys; too many
changes, or an index built otherwise, are rebuilt."""

from __future__ import annotations

import pytest

from tests.warehouse.compare_builders import build, plan
from warehouse.analysis import search as search_module
from warehouse.analysis.fts_update import SCHEMA
from warehouse.analysis.search import build_search_index, ensure_search_index, search
from warehouse.loader import Warehouse

QUERIES = ["logement d'urgence", "facebook", "emploi article 60", "ludothèque", "déchets", "cœur", "cpas",
           "épicerie sociale", "rénover", "mobilité douce"]


def _scores(con) -> dict[str, dict[tuple[str, int], float]]:
    return {q: {(h.document_id, h.position): h.score for h in search(con, q, 100)} for q in QUERIES}


def _index_figures(con) -> tuple:
    """What BM25 reads, named by item rather than by internal ids."""
    lengths = con.execute(f"""SELECT k.document_id, k.position, d.len FROM {SCHEMA}.docs d
        JOIN core_search_docs k ON k.doc_key = d.name ORDER BY ALL""").fetchall()
    frequencies = con.execute(f"SELECT term, df FROM {SCHEMA}.dict ORDER BY term").fetchall()
    stats = con.execute(f"SELECT num_docs, avgdl FROM {SCHEMA}.stats").fetchall()
    return lengths, frequencies, stats


def _keys(con) -> dict[tuple[str, int, str], int]:
    """Each indexed item (document, position, title) and its key."""
    rows = con.execute("SELECT doc_key, document_id, position, title FROM core_search_docs").fetchall()
    return {(d, p, t): k for k, d, p, t in rows}


def _changes(w: Warehouse) -> None:
    """A new plan, a plan replaced by a new version, and an item retitled."""
    w.load(plan("Dinant", "91034", ["Ouvrir une ludothèque", "Développer la mobilité douce vers le CPAS"]),
           "/d/di.pdf")
    w.load(plan("Sprimont", "62100", ["Disposer de trois logements d'urgence", "Créer une épicerie sociale"]),
           "/d/sp.pdf")
    w.con.execute("UPDATE core_plan_items SET title = 'Rénover le cœur du village' WHERE position = 2 "
                  "AND document_id IN (SELECT document_id FROM core_documents WHERE cpas_name = 'Meix-devant-Virton')")


def test_an_index_updated_in_place_scores_as_a_rebuild_and_keeps_the_keys_of_kept_items(tmp_path, monkeypatch):
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        ensure_search_index(w.con)
        before = _keys(w.con)
        _changes(w)
        rebuilt: list[bool] = []
        real = search_module._rebuild
        monkeypatch.setattr(search_module, "_rebuild", lambda con: rebuilt.append(True) or real(con))
        monkeypatch.setattr(search_module, "REBUILD_SHARE", 2.0)  # here the changes outnumber the items kept
        build_search_index(w.con)
        assert rebuilt == []
        updated, figures = _scores(w.con), _index_figures(w.con)
        after = _keys(w.con)
        kept = set(before) & set(after)
        assert len(kept) == 5 + 3  # Grâce-Hollogne's 5 items, 3 of Meix-devant-Virton's 4 (one retitled)
        assert all(before[item] == after[item] for item in kept)
        assert len(set(after.values())) == len(after)  # new items got keys of their own

        w.con.execute("DROP TABLE core_search_docs")  # an index that cannot be updated: rebuilt
        build_search_index(w.con)
        assert rebuilt == [True]
        assert _index_figures(w.con) == figures
        rebuilt_scores = _scores(w.con)
    assert updated.keys() == rebuilt_scores.keys()
    for query, scores in rebuilt_scores.items():
        assert updated[query] == pytest.approx(scores, rel=1e-12), query
    assert updated["ludothèque"] and updated["cœur"] and updated["épicerie sociale"]


def test_many_changes_rebuild_the_index(tmp_path, monkeypatch):
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        ensure_search_index(w.con)
        _changes(w)
        monkeypatch.setattr(search_module, "REBUILD_SHARE", 0.1)
        build_search_index(w.con)
        keys = sorted(_keys(w.con).values())
        assert keys == list(range(len(keys)))  # numbered afresh
        assert [h.cpas_name for h in search(w.con, "ludothèques", 5)] == ["Dinant"]


def test_an_index_built_with_other_stop_words_is_rebuilt(tmp_path, monkeypatch):
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        ensure_search_index(w.con)
        w.con.execute(f"DELETE FROM {SCHEMA}.stopwords WHERE sw = 'le'")
        _changes(w)
        monkeypatch.setattr(search_module, "REBUILD_SHARE", 2.0)
        build_search_index(w.con)
        assert w.con.execute(f"SELECT count(*) FROM {SCHEMA}.stopwords WHERE sw = 'le'").fetchone()[0] == 1
        assert [h.cpas_name for h in search(w.con, "ludothèques", 5)] == ["Dinant"]
        assert search(w.con, "le", 5) == []
