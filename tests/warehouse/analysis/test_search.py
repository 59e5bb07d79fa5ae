"""Full-text search configured for French: stemming, stop words, accents and œ."""

from __future__ import annotations

import duckdb
import pytest

from tests.warehouse.compare_builders import build, plan
from warehouse.analysis import search as search_module
from warehouse.analysis.search import (
    SearchUnavailable,
    build_search_index,
    ensure_search_index,
    index_engine,
    load_fts,
    search,
)
from warehouse.loader import Warehouse


@pytest.fixture()
def con(tmp_path):
    build(tmp_path / "w.duckdb")
    w = Warehouse(tmp_path / "w.duckdb")
    ensure_search_index(w.con)
    yield w.con
    w.close()


def test_queries_are_folded_stemmed_and_stop_words_dropped(con):
    expected = search(con, "logement d'urgence", 5)
    assert expected and search(con, "Logements d'URGENCE", 5) == expected
    assert search(con, "le cœur", 5) == search(con, "coeur", 5) != []
    assert search(con, "de la et des", 5) == []


@pytest.mark.parametrize(
    "query", ["logement'); DROP TABLE core_plan_items; --", "l''urgence '' ' \\' \x00 logement", "’'\"%_*"]
)
def test_a_query_is_only_ever_search_terms(con, query):
    """The terms are written into the statement (no bound parameter, see ``search``): quotes, comments, NUL
    characters and backslashes stay text."""
    hits = search(con, query, 5)
    assert all(h.title for h in hits)
    assert con.execute("SELECT count(*) FROM core_plan_items").fetchone()[0] > 0
    if "logement" in query:
        assert hits and hits[0].title == search(con, "logement", 1)[0].title


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


def test_fts_loads_from_its_wheel_without_a_download(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # no extension installed in a home directory
    config = {"extension_directory": str(tmp_path / "extensions"), "autoinstall_known_extensions": False}
    con = duckdb.connect(config=config)
    with pytest.raises(duckdb.Error):
        con.execute("LOAD fts")  # not bundled in duckdb: only the duckdb-ext-fts wheel provides it
    load_fts(con)
    assert con.execute("SELECT stem('logements', 'french')").fetchone()[0] == "log"
    assert not (tmp_path / "extensions").exists()  # nothing was downloaded nor installed


def test_without_the_wheel_search_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(search_module, "_packaged_fts_extension", lambda: None)
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w, pytest.raises(SearchUnavailable, match="duckdb-ext-fts"):
        build_search_index(w.con)


def test_an_index_of_the_former_sql_engine_is_rebuilt(tmp_path):
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        ensure_search_index(w.con)
        w.con.execute("UPDATE core_analysis_state SET method = 'sql' WHERE name = 'search_index'")
        w.con.execute("CREATE TABLE core_search_terms (doc_key INTEGER, term VARCHAR)")
        assert index_engine(w.con) is None
        assert ensure_search_index(w.con) == "fts" and index_engine(w.con) == "fts"
        assert not w.con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'core_search_terms'"
                                 ).fetchone()[0]
        assert search(w.con, "logement d'urgence", 3)


def test_a_rebuild_normalizes_only_texts_it_has_not_seen(con, monkeypatch):
    seen: list[str] = []
    real = search_module.normalize_text
    monkeypatch.setattr(search_module, "normalize_text", lambda t: seen.append(t) or real(t))
    before = con.execute("SELECT * FROM core_search_docs ORDER BY doc_key").fetchall()
    build_search_index(con)
    assert seen == []  # every text was normalized by the first build
    assert con.execute("SELECT * FROM core_search_docs ORDER BY doc_key").fetchall() == before
    con.execute("UPDATE core_plan_items SET title = 'Rénover le cœur du village' WHERE position = 1")
    build_search_index(con)
    assert seen == ["Rénover le cœur du village"]
    assert search(con, "coeur village", 3)[0].title == "Rénover le cœur du village"


def test_an_index_without_its_raw_texts_is_rebuilt_from_scratch(con, monkeypatch):
    """An index built before the raw texts were kept cannot say what it normalized: everything is normalized."""
    before = con.execute("SELECT * FROM core_search_docs ORDER BY doc_key").fetchall()
    con.execute("CREATE OR REPLACE TABLE core_search_docs AS SELECT doc_key, document_id, position, title_norm, "
                "description_norm FROM core_search_docs")
    seen: list[str] = []
    real = search_module.normalize_text
    monkeypatch.setattr(search_module, "normalize_text", lambda t: seen.append(t) or real(t))
    build_search_index(con)
    assert len(seen) == len({r[5] for r in before} | {r[6] for r in before if r[6] is not None})
    assert con.execute("SELECT * FROM core_search_docs ORDER BY doc_key").fetchall() == before
