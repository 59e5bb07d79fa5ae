"""What each derived result was computed from (``core_analysis_state``)."""

from __future__ import annotations

from warehouse.derived_state import forget_state, record_state, stored_record
from warehouse.loader import Warehouse


def test_a_record_is_replaced_while_another_connection_has_a_transaction_open(tmp_path):
    """The search index records its state on a connection of its own while the analysis holds a transaction open
    on the main one: replacing a record must not trip DuckDB's key check (a delete then an insert of the same key,
    outside one transaction, is refused while an older transaction may still see the deleted row)."""
    with Warehouse(tmp_path / "w.duckdb") as wh:
        record_state(wh.con, "search_index", "first", method="fts", n_rows=1)
        beside = wh.con.cursor()
        try:
            wh.con.execute("BEGIN TRANSACTION")
            record_state(wh.con, "item_themes", "themes", n_rows=2)
            record_state(beside, "search_index", "second", method="fts", n_rows=3)
            record_state(beside, "search_index", "third", method="fts", n_rows=4)
            wh.con.execute("COMMIT")
            again = stored_record(wh.con, "search_index")
            assert (again.fingerprint, again.method, again.n_rows) == ("third", "fts", 4)
            assert stored_record(wh.con, "item_themes").fingerprint == "themes"
            forget_state(beside, "item_themes")
            assert stored_record(wh.con, "item_themes") is None
        finally:
            beside.close()
