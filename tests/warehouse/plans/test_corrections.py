"""Corrections as data: the file format and its errors, every operation, and what each correction did."""

from __future__ import annotations

import textwrap
from pathlib import Path

from pipeline.core.model import Anomaly, SourceFormat
from warehouse.loader import Warehouse
from warehouse.plans.corrections_file import load_corrections, read_file

from .builders import TREE, doc, refresh, rows


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def items(wh, source_file="sp.docx"):
    return rows(
        wh,
        """SELECT level, number, parent_number, title, status, corrected_by IS NOT NULL
                       FROM v_document_items WHERE source_file = ? ORDER BY position""",
        [source_file],
    )


def statuses(wh):
    return rows(wh, "SELECT line, operation, status FROM v_corrections ORDER BY line, operation")


# ---- the file format ------------------------------------------------------------------------------
def test_a_malformed_file_names_its_line_and_the_others_still_load(tmp_path):
    folder = tmp_path / "corrections"
    write(
        folder,
        "a_broken.yaml",
        """\
        - document: {source: sp.docx}
          items:
            - match: {number: 1.1.1
              set: {title: x}
        """,
    )
    write(
        folder,
        "b_bad_entry.yaml",
        """\
        - document: {source: sp.docx}
          set: {legislature: 2019-2025}
        - document: {source: sp.docx}
          items:
            - match: {number: "1.2.1"}
              set: {status: pas un statut}
        - document: {source: sp.docx}
          items:
            - match: {number: "1.2.1"}
              set: {status: En cours}
        """,
    )
    cset = load_corrections(folder)
    errors = [str(e) for e in cset.errors]
    assert len(errors) == 3
    assert errors[0].startswith(f"{folder / 'a_broken.yaml'}:4: not valid YAML")
    assert errors[1] == f"{folder / 'b_bad_entry.yaml'}:2: legislature '2019-2025' is not one of 2018-2024, 2024-2030"
    assert errors[2].startswith(f"{folder / 'b_bad_entry.yaml'}:6: status 'pas un statut' is not one of")
    assert len(cset.corrections) == 1 and cset.corrections[0].line == 7
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc("sp.docx"), "/d/sp.docx")
        result = refresh(wh, folder)
        # The good entry applies; each problem is a row of v_corrections and a failing data test.
        assert rows(wh, "SELECT status FROM v_plan_items WHERE number = '1.2.1'") == [("en_cours",)]
        assert [r[2] for r in statuses(wh)].count("malformed") == 3
        assert [c.name for c in result.failing] == ["corrections_files_readable"]


def test_unknown_keys_and_missing_parts_are_explained(tmp_path):
    path = write(
        tmp_path,
        "c.yaml",
        """\
        document: {source: sp.docx}
        itmes: []
        """,
    )
    _, errors = read_file(path)
    assert "unknown key 'itmes'" in errors[0].message and errors[0].line == 2
    path = write(
        tmp_path,
        "d.yaml",
        """\
        - note: no document
        - document: {}
        - document: {sha256: xyz}
        - document: {source: a.pdf}
          items:
            - match: {level: action}
              set: {title: T}
            - add: {title: no level}
        """,
    )
    _, errors = read_file(path)
    assert [(e.line, e.message.split(":")[0]) for e in errors] == [
        (1, "a correction needs document"),
        (2, "document needs source (path, file name or URL) or sha256"),
        (3, "sha256 must be the document's hash (at least its first 8 hex digits)"),
        (6, "match needs a number, a source_label or a title"),
    ]


def test_numbers_are_read_as_written(tmp_path):
    path = write(
        tmp_path,
        "n.yaml",
        """\
        document: {source: a.pdf}
        items:
          - match: {number: 1.10}
            set: {parent: 1.1}
        """,
    )
    (c,), errors = read_file(path)
    assert errors == [] and c.items[0].match.number == "1.10" and c.items[0].changes == {"parent": "1.1"}


# ---- the operations -------------------------------------------------------------------------------
def test_move_an_action_under_another_oo_and_fix_title_status_number(tmp_path):
    folder = tmp_path / "corrections"
    write(
        folder,
        "sprimont.yaml",
        """\
        - document: {source: sp.docx}
          note: the parser put 1.1.2 under the wrong OO
          items:
            - match: {level: action, number: 1.1.2}
              set: {parent: "1.2"}
            - match: {number: "2.1.1", title: Organiser une formation bureautique annuelle}
              set: {title: Organiser une formation bureautique par an, status: finalise}
            - match: {level: oo, number: "2.1"}
              set: {number: "2.3"}
        """,
    )
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc("sp.docx"), "/d/sp.docx")
        refresh(wh, folder)
        got = {r[1]: r for r in items(wh)}
        assert got["1.2.2"][:4] == ("action", "1.2.2", "1.2", "Organiser des ateliers collectifs de recherche d'emploi")
        assert "1.1.2" not in got
        assert got["2.3.1"][2:] == ("2.3", "Organiser une formation bureautique par an", "finalise", True)
        assert got["2.3.2"][2] == "2.3" and got["2.3.2"][5]  # renumbered with its OO
        marked = rows(wh, "SELECT corrected_by, correction FROM v_plan_items WHERE number = '1.2.2'")
        assert marked == [(f"{folder / 'sprimont.yaml'}:4", "parent 1.1 → 1.2; number 1.1.2 → 1.2.2")]
        assert rows(wh, "SELECT count(*) FROM v_plan_items WHERE NOT is_corrected") == [(6,)]
        assert [s for s in statuses(wh)] == [
            (4, "set_item", "applied"),
            (6, "set_item", "applied"),
            (8, "set_item", "applied"),
        ]
        assert rows(wh, "SELECT status FROM v_data_tests WHERE status <> 'pass'") == []
        # Removing the file brings the parse back.
        (folder / "sprimont.yaml").unlink()
        refresh(wh, folder)
        assert rows(wh, "SELECT count(*) FROM v_plan_items WHERE is_corrected") == [(0,)]
        assert items(wh)[3][:3] == ("action", "1.1.2", "1.1")


def test_ignore_pages_and_sections_levels_and_add(tmp_path):
    folder = tmp_path / "corrections"
    write(
        folder,
        "fix.yaml",
        """\
        - document: {source: sp.pdf}
          ignore:
            - pages: 3
        - document: {source: sp.docx}
          ignore:
            - section: {number: "2", volet: externe}
          items:
            - add: {level: action, parent: "1.2", title: Ouvrir une permanence sociale le samedi}
        - document: {source: flat.docx}
          levels: {1: os, 2: oo, 3: action}
        """,
    )
    flat = [(("os" if n.count(".") == 0 else "action"), n, None, t) for _, n, _p, t in TREE]
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc("sp.pdf", fmt=SourceFormat.PDF), "/d/sp.pdf")
        wh.load(doc("sp.docx"), "/d/sp.docx")
        wh.load(doc("flat.docx", cpas=("Dinant", "91034"), tree=flat), "/d/flat.docx")
        refresh(wh, folder)
        # Items of page 3 (the last two actions) dropped.
        assert [r[1] for r in items(wh, "sp.pdf")] == ["1", "1.1", "1.1.1", "1.1.2", "1.2", "1.2.1", "2", "2.1"]
        docx = [(r[0], r[1], r[2]) for r in items(wh)]
        assert ("os", "2", None) not in docx and ("action", "2.1.1", "2.1") not in docx
        assert docx[-1] == ("action", "1.2.2", "1.2")
        added = rows(wh, "SELECT correction FROM v_document_items WHERE source_file = 'sp.docx' AND number = '1.2.2'")
        assert added == [("added by an analyst",)]
        levels = {r[1]: (r[0], r[2]) for r in items(wh, "flat.docx")}
        assert levels["1.1"] == ("oo", "1") and levels["1.1.1"] == ("action", "1.1")
        done = {(r[1], r[2]) for r in statuses(wh)}
        assert done == {
            ("ignore_pages", "applied"),
            ("ignore_section", "applied"),
            ("add_item", "applied"),
            ("levels", "applied"),
        }


def test_set_cpas_legislature_kind_and_choose_the_current_rendition(tmp_path):
    folder = tmp_path / "corrections"
    write(
        folder,
        "scan.yaml",
        """\
        - document: {source: sp_scan.pdf}
          note: OCR read "2019 - 2025¹" as "20251"; the CPAS header was cut
          set: {cpas: Sprimont, legislature: 2018-2024, kind: pst}
          current: true
        """,
    )
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc("sp.docx"), "/d/sp.docx")
        wh.load(doc("sp_scan.pdf", fmt=SourceFormat.PDF_SCAN, cpas=(None, None), legislature=None), "/d/sp_scan.pdf")
        refresh(wh)
        assert rows(wh, "SELECT count(*) FROM v_plans") == [(2,)]  # the scan's CPAS is unknown: a plan apart
        refresh(wh, folder)
        assert rows(wh, "SELECT plan_id, chosen_source_file, chosen_by, choice_reason FROM v_plans") == [
            ("62100:2018-2024:pst", "sp_scan.pdf", "correction", f"analyst's choice ({folder / 'scan.yaml'}:4)")
        ]
        assert rows(
            wh,
            "SELECT cpas_name, nis_code, legislature, corrected_by FROM v_documents WHERE source_file = 'sp_scan.pdf'",
        ) == [("Sprimont", "62100", "2018-2024", f"{folder / 'scan.yaml'}:1")]
        assert rows(wh, "SELECT linked_by FROM v_plan_renditions WHERE source_file = 'sp_scan.pdf'") == [
            ("correction",)
        ]
        assert rows(wh, "SELECT DISTINCT source_file FROM v_plan_items") == [("sp_scan.pdf",)]


def test_corrections_that_match_nothing_are_reported_never_dropped(tmp_path):
    folder = tmp_path / "corrections"
    write(
        folder,
        "stale.yaml",
        """\
        - document: {source: gone.pdf}
          set: {legislature: 2018-2024}
        - document: {source: sp.docx}
          items:
            - match: {number: "9.9"}
              set: {title: nothing there}
            - match: {level: oo, number: "1.2"}
              ignore: true
            - match: {number: "1.1.1"}
              set: {parent: "7.7"}
            - match: {number: "1.1.1"}
              set: {title: Mettre en place un référent unique pour chaque bénéficiaire}
        - document: {sha256: "0000000000"}
          current: true
        """,
    )
    twice = [*TREE[:5], ("oo", "1.2", "1", "Un second objectif imprimé 1.2"), *TREE[5:]]
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc("sp.docx", tree=twice), "/d/sp.docx")
        result = refresh(wh, folder)
        assert statuses(wh) == [
            (1, "document", "stale"),
            (5, "set_item", "stale"),
            (7, "ignore_item", "ambiguous"),
            (9, "set_item", "invalid"),
            (11, "set_item", "no_change"),
            (13, "document", "stale"),
        ]
        assert len(result.correction_problems) == 5
        assert [c.name for c in result.warnings] == ["corrections_apply"]
        assert rows(wh, "SELECT count(*) FROM v_plan_items WHERE is_corrected") == [(0,)]


def test_a_correction_keyed_by_hash_is_superseded_by_a_new_version(tmp_path):
    folder = tmp_path / "corrections"
    with Warehouse(tmp_path / "w.duckdb") as wh:
        first = doc("sp.docx")
        wh.load(first, "/d/sp.docx")
        write(
            folder,
            "h.yaml",
            f"""\
            - document: {{sha256: "{first.sha256[:12]}"}}
              items:
                - match: {{number: "1.2.1"}}
                  set: {{status: finalise}}
            """,
        )
        refresh(wh, folder)
        assert rows(wh, "SELECT status FROM v_plan_items WHERE number = '1.2.1'") == [("finalise",)]
        wh.load(doc("sp.docx", salt="v2"), "/d/sp.docx")
        refresh(wh, folder)
        assert rows(wh, "SELECT status FROM v_plan_items WHERE number = '1.2.1'") == [(None,)]
        assert statuses(wh) == [(1, "document", "superseded")]
        # The old version keeps its correction.
        assert rows(wh, "SELECT status FROM v_plan_items_all_versions WHERE number = '1.2.1' AND NOT is_current") == [
            ("finalise",)
        ]


def test_a_correction_by_source_survives_a_new_version_and_a_new_parser(tmp_path):
    folder = tmp_path / "corrections"
    write(
        folder,
        "move.yaml",
        """\
        document: {source: sp.docx}
        items:
          - match: {level: action, number: 1.1.2}
            set: {parent: "1.2"}
        """,
    )
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc("sp.docx"), "/d/sp.docx")
        refresh(wh, folder)
        wh.load(doc("sp.docx", salt="v2", title_edits={"2.1.2": "Renouveler le parc informatique"}), "/d/sp.docx")
        refresh(wh, folder)
        wh.load(
            doc("sp.docx", salt="v2", title_edits={"2.1.2": "Renouveler le parc informatique"}).model_copy(
                update={"parser_version": "t2"}
            ),
            "/d/sp.docx",
        )
        refresh(wh, folder)
        assert rows(wh, "SELECT version_no, parser_version FROM v_documents WHERE is_current") == [(2, "t2")]
        assert rows(
            wh, "SELECT number, parent_number, corrected_by FROM v_plan_items WHERE title LIKE 'Organiser des%'"
        ) == [("1.2.2", "1.2", f"{folder / 'move.yaml'}:3")]
        assert rows(wh, "SELECT title FROM v_plan_items WHERE number = '2.1.2'") == [
            ("Renouveler le parc informatique",)
        ]


def test_a_number_printed_twice_keeps_both_rows_under_distinct_keys(tmp_path):
    twice = [*TREE[:5], ("oo", "1.2", "1", "Un second objectif imprimé 1.2"), *TREE[5:]]
    dup = (Anomaly(kind="duplicate_number", detail="O.O. 1.2 printed twice", number="1.2"),)
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(doc("sp.docx", tree=twice, anomalies=dup), "/d/sp.docx")
        result = refresh(wh)
        keys = [r[0] for r in rows(wh, "SELECT item_key FROM v_plan_items WHERE number = '1.2' ORDER BY position")]
        assert keys == ["oo:externe:1.2", "oo:externe:1.2#2"]
        assert result.failing == []
        assert rows(wh, "SELECT kind FROM v_parse_anomalies") == [("duplicate_number",)]
