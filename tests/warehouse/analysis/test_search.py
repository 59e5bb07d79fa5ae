"""Full-text search configured for French: stemming, stop words, accents and œ."""

from __future__ import annotations

import pytest

from tests.warehouse.compare_builders import build, plan
from warehouse.analysis.search import (
    build_search_index,
    ensure_search_index,
    fts_available,
    index_engine,
    search,
    terms,
)
from warehouse.loader import Warehouse


@pytest.fixture()
def con(tmp_path):
    build(tmp_path / "w.duckdb")
    w = Warehouse(tmp_path / "w.duckdb")
    ensure_search_index(w.con)
    yield w.con
    w.close()


def test_terms_are_folded_stemmed_and_stop_words_dropped():
    assert terms("Logements d'URGENCE") == terms("logement d'urgence") == ["log", "urgenc"]
    assert terms("le cœur") == terms("coeur") == ["coeur"]
    assert terms("de la et des") == []


def test_search_ranks_items_with_cpas_level_and_number(con):
    hits = search(con, "logement d'urgence", 10)
    assert hits[0].title in {"Disposer de deux logements d'urgence", "Rénover le logement d'urgence de la commune"}
    assert {h.cpas_name for h in hits[:2]} == {"Sprimont", "Meix-devant-Virton"}
    assert hits[0].level == "action" and hits[0].number.startswith("1.1.")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_accents_ligatures_and_descriptions_are_searchable(con):
    assert search(con, "COEUR", 5)[0].cpas_name == "Grâce-Hollogne"  # œ in a description
    assert search(con, "déchets", 5)[0].title == search(con, "dechet", 5)[0].title
    assert search(con, "le la les", 5) == []


def test_index_is_rebuilt_after_a_load(tmp_path):
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        ensure_search_index(w.con)
        assert search(w.con, "ludothèque", 5) == []
        w.load(plan("Dinant", "91034", ["Ouvrir une ludothèque"]), "/d/di.pdf")
        assert index_engine(w.con) is None  # stale after the load
        with pytest.raises(RuntimeError):
            search(w.con, "ludothèque", 5)
        ensure_search_index(w.con)
        assert [h.cpas_name for h in search(w.con, "ludothèques", 5)] == ["Dinant"]


def test_fts_extension_and_sql_engine_agree(tmp_path):
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        if not fts_available(w.con):
            pytest.skip("DuckDB's fts extension cannot be loaded offline here (not bundled in duckdb 2.0.0); "
                        "the sql engine is used")
        build_search_index(w.con, "fts")
        with_fts = [(h.document_id, h.position) for h in search(w.con, "logement d'urgence", 5)]
        build_search_index(w.con, "sql")
        with_sql = [(h.document_id, h.position) for h in search(w.con, "logement d'urgence", 5)]
        assert with_fts[:2] == with_sql[:2]
