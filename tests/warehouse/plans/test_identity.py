"""Plan identity: one document per bytes, renditions linked into one plan, a current rendition chosen by rule."""

from __future__ import annotations

from pipeline.core.model import DocumentKind, SourceFormat
from warehouse.loader import Warehouse
from warehouse.plans.identity import diff_items, tree_similarity

from .builders import TREE, doc, refresh, rows


def _plan(wh, plan_id=None):
    where = f"WHERE plan_id = '{plan_id}'" if plan_id else ""
    return rows(wh, f"SELECT plan_id, chosen_source_file, choice_reason, n_renditions FROM v_plans {where}")


def test_same_bytes_at_another_path_is_one_document_with_two_locations(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        first = wh.load(doc(), "/a/sprimont_pst.docx")
        copy = wh.load(doc().model_copy(update={"source_file": "copie.docx"}), "/b/copie.docx")
        assert (first.status, copy.status) == ("loaded", "duplicate") and copy.document_id == first.document_id
        assert rows(wh, "SELECT count(*) FROM v_documents") == [(1,)]
        assert rows(wh, "SELECT source_key, is_primary, is_current FROM v_document_locations ORDER BY 1") == [
            ("/a/sprimont_pst.docx", True, True),
            ("/b/copie.docx", False, True),
        ]
        assert rows(wh, "SELECT n_other_locations FROM v_documents") == [(1,)]
        assert rows(wh, "SELECT count(*) FROM v_plan_items WHERE level = 'action'") == [(5,)]
        # The copy is known: a re-run skips it; loading it again changes nothing.
        assert wh.known("/b/copie.docx", doc().sha256, "t")
        assert wh.current_document_id("/b/copie.docx") == first.document_id
        assert wh.load(doc(), "/b/copie.docx").status == "unchanged"
        # The same answers for every place at once (an unchanged run's look at its files).
        held = wh.held_sources()
        assert set(held) == {"/a/sprimont_pst.docx", "/b/copie.docx"}
        assert held["/b/copie.docx"] == held["/a/sprimont_pst.docx"].__class__(
            **{**held["/a/sprimont_pst.docx"].__dict__, "is_copy": True}
        )
        assert held["/b/copie.docx"].document_id == first.document_id and held["/b/copie.docx"].loaded_as(
            doc().sha256, "t"
        )
        assert held["/a/sprimont_pst.docx"].counts[1:] == (2, 3, 5) and not held["/a/sprimont_pst.docx"].is_copy


def test_a_copy_keeps_the_document_when_its_first_place_changes(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        first = wh.load(doc(), "/a/pst.docx")
        wh.load(doc(), "/b/pst.docx")
        changed = wh.load(doc(salt="v2", title_edits={"2.1.2": "Équiper chaque service"}), "/a/pst.docx")
        assert changed.status == "new_version"
        kept = rows(wh, "SELECT source_path, is_current FROM v_documents WHERE document_id = ?", [first.document_id])
        assert kept == [("/b/pst.docx", True)]  # the old bytes live on at /b: same document, moved there
        assert rows(wh, "SELECT count(*) FROM v_documents WHERE is_current") == [(2,)]
        # /b then changes too: the copy becomes a document of its own version history.
        out = wh.load(doc(salt="v3"), "/b/pst.docx")
        assert out.status == "new_version"


def test_renditions_of_one_plan_are_linked_and_counted_once(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc("sp.pdf", fmt=SourceFormat.PDF), "/d/sp.pdf")
        wh.load(doc("sp.docx"), "/d/sp.docx")
        # The scan: OCR lost the legislature ("2019 - 2025¹" read as "20251") and garbled a title.
        wh.load(
            doc(
                "sp_scan.pdf",
                fmt=SourceFormat.PDF_SCAN,
                legislature=None,
                title_edits={"1.2.1": "Publier un gu1de des servlces du CPAS"},
            ),
            "/d/sp_scan.pdf",
        )
        refresh(wh)
        assert _plan(wh) == [("62100:2018-2024:pst", "sp.docx", "Word over PDF (same tree)", 3)]
        renditions = rows(wh, "SELECT source_file, linked_by, rank, is_chosen FROM v_plan_renditions ORDER BY rank")
        assert renditions == [
            ("sp.docx", "key", 1, True),
            ("sp.pdf", "key", 2, False),
            ("sp_scan.pdf", "tree", 3, False),
        ]
        for view in ("v_plan_items", "v_cpas_profile"):
            sql = (
                f"SELECT count(*) FROM {view} WHERE level = 'action'"
                if view == "v_plan_items"
                else "SELECT sum(n_actions) FROM v_cpas_profile"
            )
            assert rows(wh, sql) == [(5,)], view
        assert rows(wh, "SELECT count(*) FROM v_cpas_plans") == [(1,)]
        # Every rendition's own items stay, with how each differs from the chosen one.
        per_doc = rows(wh, "SELECT source_file, count(*) FROM v_document_items GROUP BY ALL ORDER BY 1")
        assert per_doc == [("sp.docx", 10), ("sp.pdf", 10), ("sp_scan.pdf", 10)]
        scan = rows(
            wh,
            """SELECT number, difference, chosen_title FROM v_document_items
                           WHERE source_file = 'sp_scan.pdf' AND difference <> 'same'""",
        )
        assert scan == [("1.2.1", "title", "Publier un guide des services du CPAS")]
        assert rows(wh, "SELECT DISTINCT legislature FROM v_document_items") == [("2018-2024",)]


def test_the_choice_rule_full_plan_text_layer_newer_version(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        summary = [t for t in TREE if t[0] == "os"]
        wh.load(doc("page.html", fmt=SourceFormat.HTML, kind=DocumentKind.WEB_SUMMARY, tree=summary), "/d/page.html")
        wh.load(doc("scan.pdf", fmt=SourceFormat.PDF_SCAN), "/d/scan.pdf")
        refresh(wh)
        assert _plan(wh)[0][1:3] == ("scan.pdf", "full plan over summary (web_summary, 2 items)")
        wh.load(doc("plan.pdf", fmt=SourceFormat.PDF), "/d/plan.pdf")
        refresh(wh)
        assert _plan(wh)[0][1:3] == ("plan.pdf", "text layer over OCR")
        wh.load(
            doc("update.pdf", fmt=SourceFormat.PDF, adopted="2021-03-01", title_edits={"2.1.2": "Renouveler"}),
            "/d/update.pdf",
        )
        refresh(wh)
        assert _plan(wh)[0][1:3] == ("update.pdf", "newer version (2021-03-01 over undated)")
        roles = dict(rows(wh, "SELECT source_file, role FROM v_plan_renditions"))
        assert roles["page.html"] == "summary" and roles["plan.pdf"] == "full"


def test_a_plan_of_another_legislature_or_an_unmatched_tree_stays_apart(tmp_path):
    other = [(lv, n, p, f"Autre plan : {t[::-1]}") for lv, n, p, t in TREE]
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc("old.pdf", fmt=SourceFormat.PDF), "/d/old.pdf")
        wh.load(doc("new.pdf", fmt=SourceFormat.PDF, legislature="2024-2030", tree=other), "/d/new.pdf")
        wh.load(doc("unknown.pdf", fmt=SourceFormat.PDF, legislature=None, tree=other, salt="u"), "/d/unknown.pdf")
        wh.load(doc("nobody.pdf", fmt=SourceFormat.PDF, cpas=(None, None), salt="n"), "/d/nobody.pdf")
        refresh(wh)
        plans = sorted(r[0] for r in _plan(wh))
        assert plans[:2] == ["62100:2018-2024:pst", "62100:2024-2030:pst"] and plans[2].startswith("doc:")
        assert len(plans) == 3
        # The unknown-legislature tree matches the 2024-2030 plan's tree: linked to it.
        assert rows(wh, "SELECT plan_id, linked_by FROM v_plan_renditions WHERE source_file = 'unknown.pdf'") == [
            ("62100:2024-2030:pst", "tree")
        ]
        # A document whose CPAS is unknown is never merged into a CPAS's plan.
        assert rows(
            wh, "SELECT plan_id LIKE 'doc:%', linked_by FROM v_plan_renditions WHERE source_file = 'nobody.pdf'"
        ) == [(True, "alone")]
        assert rows(wh, "SELECT count(DISTINCT plan_id) FROM v_plan_items") == [(3,)]


def test_every_load_relinks_so_views_are_right_without_the_after_load_step(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc("sp.pdf", fmt=SourceFormat.PDF), "/d/sp.pdf")
        wh.load(doc("sp.docx"), "/d/sp.docx")
        assert rows(wh, "SELECT count(*) FROM v_plan_items") == [(10,)]
        assert rows(wh, "SELECT chosen_source_file FROM v_plans") == [("sp.docx",)]
        assert rows(wh, "SELECT count(*) FROM v_document_items") == [(20,)]
        # A new version replaces its rendition; the retired version is a rendition of nothing.
        wh.load(doc("sp.docx", salt="v2", title_edits={"2.1.2": "Renouveler le parc informatique"}), "/d/sp.docx")
        assert rows(wh, "SELECT count(*) FROM core_plan_renditions") == [(2,)]
        assert rows(wh, "SELECT title FROM v_plan_items WHERE number = '2.1.2'") == [
            ("Renouveler le parc informatique",)
        ]


def test_score_reads_every_document_from_v_document_items(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc("sp.pdf", fmt=SourceFormat.PDF), "/d/sp.pdf")
        wh.load(doc("sp.docx"), "/d/sp.docx")
        cols = {
            r[0] for r in rows(wh, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'v_document_items'")
        }
        plan_cols = [
            r[0]
            for r in rows(
                wh, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'v_plan_items' ORDER BY column_index"
            )
        ]
        assert {
            "source_file",
            "cpas_name",
            "level",
            "volet",
            "number",
            "source_label",
            "title",
            "parent_number",
            "status",
        } <= cols
        assert set(plan_cols) <= cols  # the columns of v_plan_items, then the comparison
        assert rows(wh, "SELECT source_file, count(*) FROM v_document_items GROUP BY ALL ORDER BY 1") == [
            ("sp.docx", 10),
            ("sp.pdf", 10),
        ]


def test_tree_similarity_and_item_differences():
    a = ["etre un cpas", "renforcer l accompagnement", "publier un guide"]
    assert tree_similarity(a, a) == 1.0
    assert tree_similarity(a, ["etre un cpas", "renforcer l accompagnemen"]) == 1.0
    assert tree_similarity(a, ["tout autre chose", "rien a voir"]) == 0.0
    chosen = [(0, "os", None, "1", "Titre", None, None), (1, "oo", None, "1.1", "Objectif", "1", None)]
    other = [
        (0, "os", None, "1", "Titre", None, None),
        (1, "oo", None, "1.2", "Objectif", "1", "en_cours"),
        (2, "action", None, "1.2.1", "Nouvelle action", "1.2", None),
    ]
    diffs, missing = diff_items(other, chosen)
    assert diffs == [(0, "same"), (1, "number,status"), (None, "only_here")] and missing == 0


def test_a_plan_known_only_from_a_document_without_items_has_no_current_rendition(tmp_path):
    from pipeline.core.model import ParsedDocument

    empty = ParsedDocument(source_file="pst-2024.pdf", sha256="9" * 64, format=SourceFormat.PDF, parser_version="t",
                           cpas_name="Sprimont", nis_code="62100", legislature="2024-2030",
                           doc_kind=DocumentKind.PST, page_count=40)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        assert wh.load(empty, "/d/pst-2024.pdf").status == "no_plan_found"
        result = refresh(wh)
        assert _plan(wh) == [("62100:2024-2030:pst", None, "no rendition holds items", 1)]
        assert [c.name for c in result.warnings] == ["plans_have_a_current_rendition"]
        assert rows(wh, "SELECT kind, plan_id FROM v_review_queue WHERE priority = 4") == [
            ("no_current_rendition", "62100:2024-2030:pst")]
        assert rows(wh, "SELECT count(*) FROM v_plan_items") == [(0,)]
