"""SQL literals read back by DuckDB as the values they write."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from warehouse.sql import sql_literal, sql_text


@pytest.mark.parametrize(
    "value",
    [None, True, False, 0, -42, 2**40, 0.1, -3.5e-12, "", "l'action", "a''b'", "--; DROP TABLE x; '",
     "é\u2019\u00a0\t\n", datetime(2026, 11, 30, 14, 55, 1, 123456), datetime(2026, 1, 2)],
)
def test_a_literal_reads_back_as_its_value(value):
    with duckdb.connect() as con:
        assert con.execute(f"SELECT {sql_literal(value)}").fetchone()[0] == value


def test_an_aware_timestamp_keeps_its_instant():
    aware = datetime(2026, 11, 30, 14, 55, 1, tzinfo=timezone(timedelta(hours=1)))
    with duckdb.connect() as con:
        con.execute("SET TimeZone = 'UTC'")
        assert con.execute(f"SELECT {sql_literal(aware)}").fetchone()[0] == aware


def test_non_finite_floats_and_nul_characters():
    with duckdb.connect() as con:
        nan, inf = con.execute(f"SELECT {sql_literal(math.nan)}, {sql_literal(-math.inf)}").fetchone()
        assert math.isnan(nan) and inf == -math.inf
        with_nul = sql_text("a\0b")
        assert con.execute(f"SELECT {with_nul}").fetchone()[0] == "ab"


def test_other_types_are_refused():
    with pytest.raises(TypeError, match="list"):
        sql_literal([1, 2])
