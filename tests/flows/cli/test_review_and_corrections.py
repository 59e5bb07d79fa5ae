"""`pst ingest` outcomes and exit codes, `pst check`, `pst review`, and a correction that survives a new version."""

from __future__ import annotations

import re

import duckdb
from typer.testing import CliRunner

from flows.cli import app

PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>CPAS de Sprimont - PST 2019-2024</title></head><body><main>
<h1>Programme stratégique transversal 2019-2024 du CPAS de Sprimont</h1>
<h2>OS 1 : Être un CPAS qui accompagne chaque citoyen</h2>
<h3>OO 1.1 : Renforcer l'accompagnement individuel</h3>
<ul><li>1.1.1 Mettre en place un référent unique pour chaque bénéficiaire</li>
<li>1.1.2 Organiser des ateliers collectifs de recherche d'emploi</li></ul>
<h3>OO 1.2 : Développer une communication claire vers le public</h3>
<ul><li>1.2.1 Publier un guide des services du CPAS</li></ul>
<h2>OS 2 : {os2}</h2>
<h3>OO 2.1 : Former le personnel aux outils numériques</h3>
<ul><li>2.1.1 Organiser une formation bureautique annuelle</li>{extra}</ul>
</main></body></html>"""

MOVE = """\
# The ateliers belong to the communication OO (checked against the council's deliberation).
- document: {source: sprimont-pst.html}
  note: action 1.1.2 printed under the wrong OO
  items:
    - match: {level: action, title: Organiser des ateliers collectifs de recherche d'emploi}
      set: {parent: "1.2"}
"""


def _flat(output: str) -> str:
    """The output without spaces and line breaks (Rich wraps at the test terminal's 80 columns)."""
    return re.sub(r"\s+", "", output)


def _query(db, sql):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_correction_moving_an_action_survives_a_new_version(prefect_harness, tmp_path):
    docs, corrections, db = tmp_path / "docs", tmp_path / "corrections", tmp_path / "w.duckdb"
    docs.mkdir()
    corrections.mkdir()
    page = docs / "sprimont-pst.html"
    page.write_text(PAGE.format(os2="Être une administration moderne", extra=""), encoding="utf-8")
    (corrections / "sprimont.yaml").write_text(MOVE, encoding="utf-8")
    run = CliRunner().invoke
    args = ["ingest", str(docs), "--db", str(db), "--no-progress", "--corrections", str(corrections)]
    first = run(app, args)
    assert first.exit_code == 0, first.output
    assert "datatests:" in _flat(first.output) and "0failed" in _flat(first.output)
    moved = "SELECT number, parent_number, is_corrected FROM v_plan_items WHERE title LIKE 'Organiser des ateliers%'"
    assert _query(db, moved) == [("1.2.2", "1.2", True)]

    # A new version of the same document: another OS title, one more action.
    page.write_text(
        PAGE.format(
            os2="Être une administration moderne et efficiente",
            extra="<li>2.1.2 Équiper chaque service d'un poste récent</li>",
        ),
        encoding="utf-8",
    )
    second = run(app, args)
    assert second.exit_code == 0, second.output
    assert _query(db, moved) == [("1.2.2", "1.2", True)]
    assert _query(db, "SELECT version_no FROM v_documents WHERE is_current") == [(2,)]
    assert _query(db, "SELECT count(*) FROM v_plan_items WHERE level = 'action'") == [(5,)]
    assert _query(db, "SELECT status FROM v_corrections") == [("applied",)]

    # pst check re-applies the corrections (here: none left) and runs the data tests.
    (corrections / "sprimont.yaml").unlink()
    check = run(app, ["check", "--db", str(db), "--corrections", str(corrections)])
    assert check.exit_code == 0 and re.search(r"datatests:\d+passed,0failed", _flat(check.output)), check.output
    assert _query(db, moved) == [("1.1.2", "1.1", False)]


def test_ingest_outcomes_exit_codes_check_and_review(prefect_harness, tmp_path):
    docs, corrections, db = tmp_path / "docs", tmp_path / "corrections", tmp_path / "w.duckdb"
    docs.mkdir()
    corrections.mkdir()
    text = PAGE.format(os2="Être une administration moderne", extra="")
    (docs / "plan.html").write_text(text, encoding="utf-8")
    (docs / "copie.html").write_text(text, encoding="utf-8")
    (docs / "minutes.html").write_text(
        "<html><body><h1>Procès-verbal du conseil</h1><p>Le conseil approuve les comptes 2023.</p></body></html>",
        encoding="utf-8",
    )
    (docs / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    (corrections / "bad.yaml").write_text(
        "- document: {source: plan.html}\n  set: {legislature: 2019}\n", encoding="utf-8"
    )
    run = CliRunner().invoke
    args = ["ingest", str(docs), "--db", str(db), "--no-progress", "--corrections", str(corrections)]
    result = run(app, args)
    assert result.exit_code == 1, result.output
    out = _flat(result.output)
    assert "noplanfound:1" in out and "duplicates:1" in out and "failed:1" in out
    assert "corrections_files_readable" in out and "bad.yaml:2" in out
    outcomes = _query(
        db,
        """SELECT l.source_file, d.parse_status FROM v_document_locations l
                             JOIN v_documents d USING (document_id) ORDER BY 1""",
    )
    assert outcomes == [("broken.pdf", "failed"), ("copie.html", "ok"), ("minutes.html", "empty"), ("plan.html", "ok")]
    assert _query(db, "SELECT count(*) FROM v_documents") == [(3,)]
    again = run(app, [*args, "--exit-zero"])
    assert again.exit_code == 0  # the old behaviour, for cron jobs
    assert "nothingnew,the4document(s)areunchangedsincetheirlastload,1ofthemstillfailed" in _flat(again.output)
    fresh = [*args[:2], "--db", str(tmp_path / "other.duckdb"), *args[4:]]
    cut = run(app, [*fresh, "--exit-zero", "--limit", "1"])  # the worst first, and what was left out said
    shown = _flat(cut.output)
    assert "broken.pdf" in shown and "copie.html" not in shown and "minutes.html" not in shown, cut.output
    assert "3document(s)notshown:--limit0forall" in shown

    check = run(app, ["check", "--db", str(db), "--corrections", str(corrections)])
    assert check.exit_code == 1 and "corrections_files_readable" in _flat(check.output), check.output

    review = run(app, ["review", "--db", str(db)])
    assert review.exit_code == 0, review.output
    lines = _flat(review.output)
    assert lines.index("broken.pdf") < lines.index("minutes.html")
    assert "psttree" in lines and "pstcheck" in lines
