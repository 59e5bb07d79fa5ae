"""Data tests after every load: each rule passes on good data and catches the break it is about."""

from __future__ import annotations

import pytest

from pipeline.core.model import SourceFormat
from warehouse.loader import Warehouse
from warehouse.plans.checks import data_tests, run_data_tests, stored_results

from .builders import doc, refresh, rows


@pytest.fixture()
def wh(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as w:
        w.load(doc("sp.docx"), "/d/sp.docx")
        w.load(doc("sp.pdf", fmt=SourceFormat.PDF), "/d/sp.pdf")
        refresh(w)
        yield w


def failing(w) -> dict[str, int]:
    return {r.name: r.n_failures for r in run_data_tests(w.con) if not r.passed}


def test_every_test_passes_on_good_data_and_is_stored(wh):
    assert failing(wh) == {}
    stored = stored_results(wh.con)
    assert len(stored) == len(data_tests()) >= 20
    assert rows(wh, "SELECT count(*) FROM v_data_tests WHERE status = 'pass'") == [(len(stored),)]
    kinds = {t.kind for t in data_tests()}
    assert {"unique", "not_null", "accepted_values", "relationship", "one_chosen", "corrections"} <= kinds


def test_a_plan_counted_twice_breaks_the_unique_key(wh):
    wh.con.execute("UPDATE core_plan_renditions SET is_chosen = true")
    assert failing(wh) == {"unique_v_plan_items_item_key": 10, "one_chosen_rendition_per_plan": 1}


def test_values_outside_their_vocabulary_and_missing_keys(wh):
    wh.con.execute("UPDATE core_plan_items SET status = 'fini' WHERE number = '1.1.1'")
    wh.con.execute("UPDATE core_plan_items SET volet = 'autre' WHERE number = '2.1.2'")
    wh.con.execute("UPDATE core_plan_items SET level = 'sous_action' WHERE number = '1.2.1'")
    got = failing(wh)
    assert got["accepted_values_v_plan_items_status"] == 1
    assert got["accepted_values_v_plan_items_volet"] == 1
    assert got["accepted_values_v_plan_items_level"] == 1
    wh.con.execute("UPDATE core_documents SET sha256 = NULL")
    assert failing(wh)["not_null_v_documents_sha256"] == 2


def test_an_orphan_oo_or_action_breaks_the_parent_relationship(wh):
    wh.con.execute("UPDATE core_plan_items SET parent_number = '9' WHERE number = '2.1'")
    wh.con.execute("UPDATE core_plan_items SET parent_number = NULL WHERE number = '1.1.1'")
    assert failing(wh) == {"relationship_v_plan_items_parent": 2}


def test_failures_show_in_the_refresh_result_with_a_sample(wh):
    wh.con.execute("UPDATE core_parsed_items SET parent_number = '9' WHERE number = '2.1'")
    wh.con.execute("UPDATE core_plan_items SET parent_number = '9' WHERE number = '2.1'")
    result = refresh(wh)
    (fail,) = result.failing
    assert fail.name == "relationship_v_plan_items_parent" and "oo:externe:2.1" in fail.sample
    assert rows(
        wh, "SELECT kind, detail LIKE 'relationship_v_plan_items_parent (1)%' FROM v_review_queue WHERE priority = 2"
    ) == [("data_test", True)]


def test_an_unchanged_refresh_returns_what_the_last_one_stored(tmp_path):
    """Same documents, corrections, schema and code: the step re-runs nothing and says what it found last time
    (an unchanged weekly run); a new document, an edited correction file or ``force`` run it again."""
    from warehouse.plans.refresh import refresh_plans

    corrections = tmp_path / "corrections"
    corrections.mkdir()
    (corrections / "stale.yaml").write_text(
        "corrections:\n  - source: nowhere.docx\n    number: '9.9'\n    set: {title: Rien}\n", encoding="utf-8"
    )
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc(), "/a/pst.docx")
        first = refresh_plans(wh.con, corrections)
        stamp = wh.con.execute("SELECT max(checked_at) FROM core_data_tests").fetchone()
        again = refresh_plans(wh.con, corrections)
        assert wh.con.execute("SELECT max(checked_at) FROM core_data_tests").fetchone() == stamp  # not re-run
        assert (again.fingerprint, again.changed) == (first.fingerprint, False)
        assert again.correction_problems == first.correction_problems != []
        assert again.checks == first.checks
        assert (again.linked.n_plans, again.linked.n_renditions) == (first.linked.n_plans, first.linked.n_renditions)
        refresh_plans(wh.con, corrections, force=True)
        assert wh.con.execute("SELECT max(checked_at) FROM core_data_tests").fetchone() != stamp
        (corrections / "stale.yaml").write_text("# nothing to correct\n", encoding="utf-8")
        assert refresh_plans(wh.con, corrections).correction_problems == []
        wh.load(doc(salt="v2"), "/b/autre.docx")
        stamp = wh.con.execute("SELECT max(checked_at) FROM core_data_tests").fetchone()
        refresh_plans(wh.con, corrections)
        assert wh.con.execute("SELECT max(checked_at) FROM core_data_tests").fetchone() != stamp


_LINKS = (
    "SELECT * FROM core_plans ORDER BY ALL",
    "SELECT * FROM core_plan_renditions ORDER BY ALL",
    "SELECT * FROM core_rendition_items ORDER BY ALL",
    "SELECT * FROM core_parse_quality ORDER BY ALL",
)


def test_a_refresh_after_new_documents_relinks_their_cpas_only_and_gets_what_a_full_one_gets(tmp_path):
    from warehouse.plans import refresh as refresh_module
    from warehouse.plans.refresh import refresh_plans

    with Warehouse(tmp_path / "w.duckdb", defer_links=True) as wh:
        wh.load(doc(), "/a/sprimont.docx")
        wh.load(doc("namur.pdf", fmt=SourceFormat.PDF, cpas=("Namur", "92094")), "/a/namur.pdf")
        first = refresh_plans(wh.con, None)
        wh.pending_links_done()
        # A new version for Sprimont, a new place for Namur's bytes, a new CPAS.
        wh.load(doc(salt="v2", title_edits={"2.1.2": "Équiper chaque service"}), "/a/sprimont.docx")
        wh.load(doc("namur.pdf", fmt=SourceFormat.PDF, cpas=("Namur", "92094")), "/b/copie-namur.pdf")
        wh.load(doc("andenne.docx", cpas=("Andenne", "92003")), "/a/andenne.docx")
        relinked: list = []
        real = refresh_module.link_plans
        refresh_module.link_plans = lambda con, groups=None: relinked.append(groups) or real(con, groups)
        try:
            partial = refresh_plans(wh.con, None)
        finally:
            refresh_module.link_plans = real
        wh.pending_links_done()
        assert len(relinked) == 1 and relinked[0] is not None and len(relinked[0]) == 3  # Sprimont, Namur, Andenne
        after_partial = [wh.con.execute(sql).fetchall() for sql in _LINKS]
        full = refresh_plans(wh.con, None, force=True)
        assert [wh.con.execute(sql).fetchall() for sql in _LINKS] == after_partial
        assert (partial.fingerprint, partial.linked) == (full.fingerprint, full.linked) != (first.fingerprint,
                                                                                             first.linked)
