"""`pst deadlines`: recompute, filter, print in French, and write CSV / Excel / iCalendar files."""

from __future__ import annotations

import csv
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import date, datetime

import duckdb
import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from flows.cli.deadlines import register
from tests.warehouse.compliance.builders import ANDENNE, DINANT, build_warehouse

runner = CliRunner()


@pytest.fixture()
def app():
    application = typer.Typer()
    register(application)

    @application.callback()
    def _root() -> None:
        """Keep `deadlines` a subcommand, as in the pst app."""

    return application


@pytest.fixture()
def db(tmp_path):
    return build_warehouse(tmp_path / "w.duckdb")


def run(app, *args):
    result = runner.invoke(app, ["deadlines", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_csv_and_xlsx_hold_the_filtered_rows(app, db, tmp_path):
    out_csv, out_xlsx = tmp_path / "late.csv", tmp_path / "late.xlsx"
    result = run(app, "--db", db, "--as-of", "2026-11-23", "--legislature", "2018-2024",
                 "--status", "late,on_time", "--csv", out_csv, "--xlsx", out_xlsx)
    assert "en retard : 3" in result.output  # Dinant PST, Grâce-Hollogne DPS and PST
    assert "dans les délais : " in result.output
    with out_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["status"] for r in rows} == {"late", "on_time"}
    assert {r["legislature"] for r in rows} == {"2018-2024"}
    dinant = next(r for r in rows if r["nis_code"] == DINANT and r["obligation"] == "pst")
    assert (dinant["status"], dinant["days_late"], dinant["done_date"]) == ("late", "56", "2019-12-10")
    assert dinant["evidence_text"] == "Le PST a été adopté le 10 décembre 2019."
    book = load_workbook(out_xlsx)
    sheet = book["deadlines"]
    header = [c.value for c in sheet[1]]
    assert header == list(rows[0].keys())
    assert sheet.max_row == len(rows) + 1
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert isinstance(first["due_to"], datetime)  # real dates, not text
    summary = book["summary"]
    assert [c.value for c in summary[1]][:4] == ["legislature", "province", "is_total", "obligation"]
    assert {r[4].value for r in summary.iter_rows(min_row=2)} == {253}


def test_province_filter_and_no_evidence_for_cpas_without_document(app, db, tmp_path):
    out = tmp_path / "namur.csv"
    run(app, "--db", db, "--as-of", "2026-11-23", "--province", "namur", "--legislature",
        "2018-2024", "--status", "no_evidence", "--csv", out)
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["province"] for r in rows} == {"Province de Namur"}
    yvoir = [r for r in rows if r["cpas_name"] == "Yvoir"]
    assert len(yvoir) == 5  # every obligation of a CPAS with no document


def test_ics_holds_one_event_per_open_deadline(app, db, tmp_path):
    out, table = tmp_path / "upcoming.ics", tmp_path / "all.csv"
    run(app, "--db", db, "--as-of", "2025-08-01", "--legislature", "2024-2030", "--ics", out,
        "--csv", table)
    raw = out.read_bytes()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    with table.open(encoding="utf-8", newline="") as handle:
        statuses = Counter(r["status"] for r in csv.DictReader(handle))
    n_open = sum(statuses[s] for s in ("due_soon", "not_yet_due", "window_open", "window_upcoming"))
    lines = unfold(raw.decode("utf-8"))
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == n_open > 0
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == n_open
    assert sum(line.startswith("DTSTAMP:") for line in lines) == n_open
    assert "SUMMARY:PST – CPAS d'Andenne (2024-2030): échéance" in lines
    andenne = lines.index("SUMMARY:PST – CPAS d'Andenne (2024-2030): échéance")
    start = max(i for i, line in enumerate(lines[:andenne]) if line == "BEGIN:VEVENT")
    event = lines[start:andenne + 4]
    assert "DTSTART;VALUE=DATE:20251015" in event and "DTEND;VALUE=DATE:20251016" in event
    description = next(line for line in event if line.startswith("DESCRIPTION:"))
    assert "Échéance entre le 2025-10-01 et le 2025-10-15" in description
    assert "pst-2024" in description and "art. 27ter\\, §2" in description
    assert f"NIS {ANDENNE}" in description

    # Recomputed for another day: the same deadlines keep their UIDs.
    again = tmp_path / "again.ics"
    run(app, "--db", db, "--as-of", "2025-06-01", "--legislature", "2024-2030", "--ics", again)
    assert set(uids) <= {line for line in unfold(again.read_bytes().decode("utf-8"))
                         if line.startswith("UID:")}


def test_bad_options_and_missing_warehouse(app, db, tmp_path):
    assert runner.invoke(app, ["deadlines", "--db", str(db), "--status", "late,soon"]).exit_code == 2
    assert runner.invoke(app, ["deadlines", "--db", str(db), "--as-of", "23/11/2026"]).exit_code == 2
    assert runner.invoke(app, ["deadlines", "--db", str(db), "--legislature", "2030"]).exit_code == 2
    missing = runner.invoke(app, ["deadlines", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 3 and "pst ingest" in missing.output


def test_busy_warehouse(app, db):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(db)!r})
            print("ready", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        result = runner.invoke(app, ["deadlines", "--db", str(db), "--as-of", str(date(2026, 11, 23))])
    finally:
        holder.communicate("", timeout=30)
    assert result.exit_code == 3
    assert "busy" in result.output


def _shared(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT DISTINCT as_of, (SELECT count(*) FROM v_compliance_summary) FROM v_deadlines"
        ).fetchall()
    finally:
        con.close()


def test_as_of_does_not_change_what_other_readers_see(app, db):
    result = run(app, "--db", db)  # today: recomputed and stored, as after an ingest
    assert "pour cette commande seulement" not in result.output
    stored = _shared(db)
    assert [d for d, _n in stored] == [date.today()]
    result = run(app, "--db", db, "--as-of", "2025-08-01", "--legislature", "2024-2030")
    said = " ".join(result.output.split())
    assert "statuts calculés au 2025-08-01 pour cette commande seulement" in said
    assert f"gardent celui du {date.today().isoformat()}" in said
    assert "échéance proche : 500" in said  # the 2024-2030 PST and publication, due 2025-10-15
    assert _shared(db) == stored
    run(app, "--db", db, "--due-soon-days", "30")  # another window: this command only, too
    assert _shared(db) == stored


def test_french_labels_in_the_table(app, db, monkeypatch):
    from flows.cli.common import console

    monkeypatch.setattr(console, "width", 250)
    result = run(app, "--db", db, "--as-of", "2026-11-23", "--legislature", "2018-2024",
                 "--province", "namur")
    for text in ("Déclaration de politique sociale", "Évaluation finale du PST", "aucun document",
                 "en retard", "fenêtre", "jours de retard", "lignes : "):
        assert text in result.output, text


def test_no_ics_without_events_and_the_command_says_why(app, db, tmp_path):
    out = tmp_path / "none.ics"
    result = run(app, "--db", db, "--as-of", "2026-11-23", "--legislature", "2018-2024", "--ics", out)
    assert not out.exists()
    assert "pas de fichier iCalendar écrit" in result.output and "RFC 5545" in result.output


def test_indicative_windows_are_not_due_dates_in_the_calendar(app, db, tmp_path):
    out = tmp_path / "windows.ics"
    run(app, "--db", db, "--as-of", "2025-08-01", "--legislature", "2024-2030", "--province", "namur",
        "--status", "window_upcoming", "--ics", out)
    lines = unfold(out.read_bytes().decode("utf-8"))
    summaries = [line for line in lines if line.startswith("SUMMARY:")]
    assert summaries and all("fenêtre indicative (sans échéance légale)" in s for s in summaries)
    assert not any(s.endswith(": échéance") for s in summaries)
    andenne = lines.index(
        "SUMMARY:Évaluation finale du PST – CPAS d'Andenne (2024-2030): fenêtre indicative (sans "
        "échéance légale)"
    )
    event = lines[andenne - 4:andenne + 2]
    # The last year of the legislature to six months after the next installation.
    assert "DTSTART;VALUE=DATE:20300101" in event and "DTEND;VALUE=DATE:20310716" in event
    description = next(line for line in event if line.startswith("DESCRIPTION:"))
    assert "ce n'est pas une échéance légale" in description


def test_cells_that_look_like_formulas_are_written_as_text(app, tmp_path):
    from pipeline.core.model import DocumentKind
    from tests.warehouse.compliance.builders import document, event
    from warehouse.loader import Warehouse

    path = tmp_path / "w.duckdb"
    texts = ["=HYPERLINK(\"http://x\";\"clic\")", "+32 PST adopté", "-PST adopté", "@SUM(A1)"]
    with Warehouse(path) as wh:
        for i, text in enumerate(texts):
            wh.load(document(f"Dinant_{i}.pdf", DINANT, "2018-2024",
                             event("pst_adopted", date(2019, 12, 10 + i), text=text),
                             kind=DocumentKind.PST), f"/docs/Dinant_{i}.pdf")
    out_csv, out_xlsx = tmp_path / "d.csv", tmp_path / "d.xlsx"
    run(app, "--db", path, "--as-of", "2026-11-23", "--legislature", "2018-2024",
        "--status", "late", "--csv", out_csv, "--xlsx", out_xlsx)
    with out_csv.open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["evidence_text"] == "'" + texts[0]  # the earliest adoption is the evidence
    assert row["days_late"] == "56"  # numbers stay numbers
    sheet = load_workbook(out_xlsx)["deadlines"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("evidence_text") + 1)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (texts[0], "s", True)
