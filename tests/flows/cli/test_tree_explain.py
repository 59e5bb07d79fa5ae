"""`pst tree FILE --explain`: every block as extracted and what it became, to tell extractor faults from tree faults."""

from __future__ import annotations

from typer.testing import CliRunner

from flows.cli import app


def test_explain_lists_blocks_with_their_outcome(tmp_path):
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><body><h1>Programme stratégique transversal</h1>"
        "<h2>Table des matières</h2>"
        "<p>1. Méthodologie ........ 3</p>"
        "<h2>OS 1 : Être un CPAS accueillant</h2>"
        "<h3>OO 1.1 : Améliorer l'accueil des bénéficiaires</h3>"
        "<ul><li>Créer un guichet unique</li></ul>"
        "<p>Pilote : Direction générale</p>"
        "</body></html>",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["tree", str(page), "--explain"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()

    def row(text):
        return next(line for line in lines if text in line)

    assert "os 1" in row("Être un CPAS accueillant")
    assert "oo 1.1" in row("Améliorer l'accueil")
    assert "action 1.1.1" in row("Créer un guichet unique")
    assert "field pilote of action 1.1.1" in row("Pilote : Direction")
    assert "skipped: table of contents" in row("Méthodologie")


def test_explain_of_an_unreadable_file_is_one_clear_line(tmp_path):
    junk = tmp_path / "plan.pdf"
    junk.write_bytes(b"%PDF-1.4 broken")
    result = CliRunner().invoke(app, ["tree", str(junk), "--explain"])
    assert result.exit_code != 0
    assert "plan.pdf" in result.output and "Traceback" not in result.output
