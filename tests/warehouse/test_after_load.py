"""The after-load step: the search index is brought up to date beside the analysis, on its own connection."""

from __future__ import annotations

import threading

import pytest

import warehouse.after_load as after_load
from tests.warehouse.compare_builders import build
from warehouse.after_load import derived_stale, refresh_after_load
from warehouse.loader import Warehouse


def test_the_index_and_the_analysis_are_both_brought_up_to_date_the_index_on_another_thread(tmp_path, monkeypatch):
    threads: dict[str, str] = {}
    ensure_index = after_load.ensure_search_index

    def watched(con):
        threads["index"] = threading.current_thread().name
        return ensure_index(con)

    monkeypatch.setattr(after_load, "ensure_search_index", watched)
    with Warehouse(build(tmp_path / "w.duckdb")) as wh:
        assert derived_stale(wh.con)
        done = refresh_after_load(wh.con, changed=True, corrections_dir=None)
        assert not derived_stale(wh.con)
        assert done.search_engine == "fts" and done.analysis is not None and done.analysis.n_item_themes
    assert threads["index"].startswith("search-index")


def test_an_error_on_either_side_is_raised_once_both_are_done(tmp_path, monkeypatch):
    with Warehouse(build(tmp_path / "w.duckdb")) as wh:
        def broken_index(con):
            raise RuntimeError("index broken")

        monkeypatch.setattr(after_load, "ensure_search_index", broken_index)
        finished = []
        with pytest.raises(RuntimeError, match="index broken"):
            after_load._beside_the_search_index(wh.con, lambda: finished.append("analysis"))
        assert finished == ["analysis"]  # the analysis ran to its end first

        index_done = threading.Event()

        def slow_index(con):
            index_done.wait(5)
            return "fts"

        monkeypatch.setattr(after_load, "ensure_search_index", slow_index)

        def broken_analysis():
            index_done.set()
            raise ValueError("analysis broken")

        with pytest.raises(ValueError, match="analysis broken"):
            after_load._beside_the_search_index(wh.con, broken_analysis)
        assert index_done.is_set()
