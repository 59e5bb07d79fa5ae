"""Warehouse loader: idempotent, versioned, atomic loads, and the public views over them."""

from __future__ import annotations

import time

import pytest

from pipeline.core.model import Anomaly, Level, ParsedDocument, PlanItem, Provenance, SourceFormat, Volet
from warehouse.loader import Warehouse, WarehouseBusy, connect


def parsed(sha: str, titles: list[str], version: str = "1") -> ParsedDocument:
    items = [
        PlanItem(
            position=0,
            level=Level.OS,
            number="1",
            source_label="OS1",
            title="Être un CPAS ouvert",
            volet=Volet.EXTERNE,
            provenance=Provenance(page=2, bbox=(10, 20, 300, 40), raw_text="OS1 : Être"),
        )
    ]
    items += [
        PlanItem(position=i + 1, level=Level.OO, number=f"1.{i + 1}", title=t, parent_number="1", volet=Volet.EXTERNE)
        for i, t in enumerate(titles)
    ]
    return ParsedDocument(
        source_file="cpas.pdf",
        sha256=sha,
        format=SourceFormat.PDF,
        parser_version=version,
        cpas_name="Sprimont",
        nis_code="62100",
        items=tuple(items),
        anomalies=(Anomaly(kind="skipped_number", detail="OO 2 missing"),),
    )


def rows(con, sql):
    return con.execute(sql).fetchall()


def test_same_bytes_twice_changes_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    with Warehouse(db) as wh:
        first = wh.load(parsed("a" * 64, ["Accueillir"]), "/x/cpas.pdf")
        before = rows(wh.con, "SELECT * FROM v_plan_items ORDER BY position")
        again = wh.load(parsed("a" * 64, ["Accueillir"]), "/x/cpas.pdf")
        after = rows(wh.con, "SELECT * FROM v_plan_items ORDER BY position")
    assert (first.status, again.status) == ("loaded", "unchanged")
    assert before == after and len(after) == 2


def test_changed_bytes_make_a_new_version_and_keep_the_old(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(parsed("a" * 64, ["Accueillir"]), "/x/cpas.pdf")
        out = wh.load(parsed("b" * 64, ["Accueillir mieux", "Informer"]), "/x/cpas.pdf")
        assert out.status == "new_version" and out.version_no == 2
        assert rows(wh.con, "SELECT title FROM v_plan_items WHERE level = 'oo' ORDER BY number") == [
            ("Accueillir mieux",),
            ("Informer",),
        ]
        assert rows(wh.con, "SELECT version_no, is_current FROM v_document_versions") == [(1, False), (2, True)]
        assert rows(wh.con, "SELECT count(*) FROM v_plan_items_all_versions WHERE NOT is_current") == [(2,)]


def test_new_parser_version_reparses_in_place(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(parsed("a" * 64, ["Accueillir"]), "/x/cpas.pdf")
        out = wh.load(parsed("a" * 64, ["Accueillir", "Informer"], version="2"), "/x/cpas.pdf")
        assert out.status == "reparsed"
        assert rows(wh.con, "SELECT count(*), max(parser_version) FROM v_documents") == [(1, "2")]
        assert rows(wh.con, "SELECT count(*) FROM v_plan_items") == [(3,)]


def test_failure_inside_a_load_leaves_no_partial_rows(tmp_path, monkeypatch):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(parsed("a" * 64, ["Accueillir"]), "/x/other.pdf")
        original = wh.con.executemany

        def boom(sql, *args, **kwargs):
            if "core_anomalies" in sql:
                raise RuntimeError("disk full")
            return original(sql, *args, **kwargs)

        monkeypatch.setattr(wh, "con", _Proxy(wh.con, boom))
        with pytest.raises(RuntimeError):
            wh.load(parsed("c" * 64, ["Informer"]), "/x/cpas.pdf")
        monkeypatch.undo()
        assert rows(wh.con, "SELECT count(*) FROM core_documents") == [(1,)]
        assert rows(wh.con, "SELECT count(*) FROM core_plan_items") == [(2,)]


class _Proxy:
    """A connection whose executemany can be made to fail."""

    def __init__(self, con, executemany):
        self._con, self.executemany = con, executemany

    def __getattr__(self, name):
        return getattr(self._con, name)


def test_failures_are_recorded_as_their_own_version(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        failure = dict(source_key="/x/bad.pdf", source_file="bad.pdf", sha256="d" * 64, fmt="pdf",
                       error_code="corrupt", error="truncated PDF", parser_version="1")
        out = wh.record_failure(**failure)
        again = wh.record_failure(**failure)
        assert (out.status, again.status) == ("failed", "unchanged")
        assert rows(wh.con, "SELECT source_file, parse_status, error FROM v_documents") == [
            ("bad.pdf", "failed", "truncated PDF")
        ]


def test_views_have_the_contract_columns(tmp_path):
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(parsed("a" * 64, ["Accueillir"]), "/x/cpas.pdf")
        cols = {
            r[0] for r in rows(wh.con, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'v_plan_items'")
        }
        assert {
            "source_file",
            "cpas_name",
            "nis_code",
            "document_id",
            "level",
            "volet",
            "axe",
            "number",
            "source_label",
            "title",
            "parent_number",
            "status",
            "progress_pct",
            "page",
            "provenance",
        } <= cols
        assert rows(wh.con, "SELECT provenance FROM v_plan_items WHERE level = 'os'") == [
            ("page 2 bbox 10.0,20.0,300.0,40.0",)
        ]
        assert rows(wh.con, "SELECT source_file, kind, detail FROM v_parse_anomalies") == [
            ("cpas.pdf", "skipped_number", "OO 2 missing")
        ]
        doc_cols = {
            r[0] for r in rows(wh.con, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'v_documents'")
        }
        assert {
            "source_file",
            "sha256",
            "format",
            "cpas_name",
            "nis_code",
            "legislature",
            "doc_kind",
            "n_os",
            "n_oo",
            "n_actions",
            "declared_os",
            "declared_oo",
            "declared_actions",
            "parse_status",
            "error",
            "loaded_at",
            "parser_version",
        } <= doc_cols


def test_reader_gets_a_clear_busy_error_while_a_writer_holds_the_file(tmp_path):
    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(WarehouseBusy, match="busy"):
            connect(db, read_only=True)
    finally:
        holder.kill()
        holder.wait()


def _published_plan_titles(db) -> list[tuple]:
    con = connect(db, read_only=True)
    try:
        return rows(con, "SELECT title FROM v_plan_items WHERE level = 'oo' ORDER BY title")
    finally:
        con.close()


def test_deferred_links_are_made_before_every_publication_and_at_the_end(tmp_path):
    db = tmp_path / "w.duckdb"
    with Warehouse(db, defer_links=True) as wh:
        wh.load(parsed("a" * 64, ["Accueillir"]), "/x/cpas.pdf")
        assert rows(wh.con, "SELECT count(*) FROM v_plan_items") == [(0,)]  # not linked yet
        wh.publish()
        assert _published_plan_titles(db) == [("Accueillir",)]
        wh.load(parsed("b" * 64, ["Accueillir mieux", "Informer"]), "/x/cpas.pdf")  # a new version
    assert _published_plan_titles(db) == [("Accueillir mieux",), ("Informer",)]


def test_deferred_links_follow_the_clock_of_a_long_run(tmp_path):
    """A publication due after a document's commit links what is pending first: readers never see a document
    that is no rendition of any plan."""
    db = tmp_path / "w.duckdb"
    with Warehouse(db, defer_links=True, publish_seconds=0.001) as wh:
        wh.load(parsed("a" * 64, ["Accueillir"]), "/x/cpas.pdf")
        time.sleep(0.01)
        wh.load(parsed("c" * 64, ["Orienter"]), "/y/autre.pdf")  # its commit publishes
        con = connect(db, read_only=True)
        try:
            linked = rows(con, "SELECT count(*) FROM core_plan_renditions")
            documents = rows(con, "SELECT count(*) FROM core_documents")
        finally:
            con.close()
    assert linked == documents == [(2,)]


def test_the_schema_is_rebuilt_only_when_its_files_change(tmp_path, monkeypatch):
    from warehouse import loader

    db = tmp_path / "w.duckdb"
    Warehouse(db).close()
    files = loader.schema_files()
    added = [*files, ("99_extra.sql", "CREATE OR REPLACE VIEW v_extra AS SELECT 1 AS one;")]
    monkeypatch.setattr(loader, "schema_files", lambda: added)
    with Warehouse(db) as wh:
        assert wh.con.execute("SELECT one FROM v_extra").fetchall() == [(1,)]
        wh.con.execute("DROP VIEW v_extra")
    with Warehouse(db) as wh:  # same files as the last build: nothing executed, the dropped view stays dropped
        assert wh.con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'v_extra'").fetchone() == (0,)
