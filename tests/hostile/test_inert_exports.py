"""Exports and the report are inert (issue 14): text from documents never becomes a formula, a control
sequence or markup in an analyst's file. (Formula starts = + - @ are issue 12's; here the control
characters, the tab / carriage-return starts, the Excel crash and the report's script element.)"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import duckdb
import pytest
from openpyxl import load_workbook

from warehouse.export.ical import CalendarEvent, ics_calendar
from warehouse.export.report import render_report
from warehouse.export.writers import Query, write_file, write_workbook

TITLES = [
    "Titre \x1b[31mrouge\x1b[0m avec cloche\x07 et NUL\x00 et DEL\x7f et C1\x9b fin",
    "\t=HYPERLINK(\"http://evil.example\",\"clic\")",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "Ligne 1\nLigne 2\tavec tabulation",
]


@pytest.fixture()
def con():
    c = duckdb.connect()
    c.execute("CREATE TABLE items (n INTEGER, title VARCHAR)")
    c.executemany("INSERT INTO items VALUES (?, ?)", list(enumerate(TITLES)))
    yield c
    c.close()


QUERY = Query("items", "SELECT n, title FROM items ORDER BY n")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def test_csv_cells_hold_no_control_character_and_no_live_formula(con, tmp_path):
    path = tmp_path / "items.csv"
    assert write_file(con, QUERY, path, "csv") == len(TITLES)
    text = path.read_text(encoding="utf-8")
    assert not CONTROL.search(text)
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))[1:]
    titles = [r[1] for r in rows]
    assert titles[0] == "Titre ␛[31mrouge␛[0m avec cloche␇ et NUL␀ et DEL␡ et C1� fin"
    assert titles[1].startswith("'\t=HYPERLINK") and titles[2].startswith("'\r=1+1")
    assert titles[3].startswith("'=cmd")
    assert titles[4] == "Ligne 1\nLigne 2\tavec tabulation"  # line breaks and tabs inside a cell stay


def test_excel_export_survives_control_characters_and_types_formulas_as_text(con, tmp_path):
    path = tmp_path / "items.xlsx"
    assert write_workbook(con, [QUERY], path) == [len(TITLES)]  # openpyxl raised IllegalCharacterError
    ws = load_workbook(path)["items"]
    cells = [ws.cell(row=r, column=2) for r in range(2, 2 + len(TITLES))]
    assert cells[0].value == "Titre ␛[31mrouge␛[0m avec cloche␇ et NUL␀ et DEL␡ et C1� fin"
    for cell in cells[1:4]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value
    assert cells[4].value == "Ligne 1\nLigne 2\tavec tabulation"


def test_parquet_holds_no_control_character(con, tmp_path):
    path = tmp_path / "items.parquet"
    write_file(con, QUERY, path, "parquet")
    titles = [r[0] for r in duckdb.connect().execute(f"SELECT title FROM '{path}' ORDER BY n").fetchall()]
    assert not any(CONTROL.search(t) for t in titles)
    assert titles[1].startswith("\t=HYPERLINK")  # no apostrophe: Parquet is read by programs, not spreadsheets


def test_calendar_text_holds_no_control_character():
    event = CalendarEvent("u@pst", dt.date(2025, 1, 1), "Échéance\x1b[2J; PST, \x00fin\r\n", "\x07note")
    text = ics_calendar([event], name="PST\x1b", prodid="-//t//t//FR")
    assert not CONTROL.search(text.replace("\r\n", ""))
    assert "SUMMARY:Échéance␛[2J\\; PST\\, ␀fin\\n\r\n" in text and "DESCRIPTION:␇note\r\n" in text


def test_a_script_comment_in_a_title_never_blanks_the_report():
    """``<!--<script>`` inside the data <script> element puts the HTML parser in the "double escaped"
    state, where ``</script>`` no longer closes it: the page's own script then never ran."""
    hostile = 'Plan <!--<script> x </script><script>alert(1)</script> & "fin" \u2028'
    data = {"profiles": [{"key": "k", "cpas_name": hostile}], "title": hostile}
    html = render_report(data)
    start = html.index('<script id="report-data" type="application/json">') + len(
        '<script id="report-data" type="application/json">'
    )
    end = html.index("</script>", start)
    payload = html[start:end]
    assert "<" not in payload and ">" not in payload and "&" not in payload
    assert json.loads(payload) == data
    # What follows the data element is the page's own script, intact.
    assert html[end:].startswith("</script>\n<script>") or html[end:].startswith("</script><script>")


@pytest.mark.slow
def test_report_with_a_script_comment_title_renders_in_chromium(tmp_path):
    """The whole report, with ``<!--<script>`` and ``</script>`` in a title, still runs its script."""
    from tests.warehouse.compare_builders import plan
    from tests.warehouse.export.test_report import run_chromium
    from warehouse.export.report import write_report
    from warehouse.loader import Warehouse

    hostile = "Accueil <!--<script> </script><script>document.title='pwned'</script> \x1b[31m"
    with Warehouse(tmp_path / "w.duckdb") as wh:
        wh.load(plan("Sprimont", "62100", ["Ouvrir une épicerie sociale", hostile], os_title=hostile), "/d/sp.pdf")
        wh.load(plan("Meix-devant-Virton", "85024", ["Rénover le logement d'urgence"]), "/d/mx.pdf")
        report = write_report(wh.con, tmp_path / "report.html")
    dom = run_chromium(["--enable-logging=stderr", "--v=0", "--dump-dom", report.as_uri()], tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert 'data-js-errors="0"' in dom.stdout
    # The page's own script ran to its end (it sets data-rendered last) and drew its charts; with two CPAS and
    # no status published, the charts that have nothing to show say why instead of drawing.
    assert int(re.search(r'data-rendered="(\d+)"', dom.stdout).group(1)) >= 1
    assert "pwned" not in re.search(r"<title>(.*?)</title>", dom.stdout, re.S).group(1)
