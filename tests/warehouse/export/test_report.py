"""The HTML report: self-contained, and rendered without errors by a real headless browser (Debian chromium)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.warehouse.compare_builders import build
from warehouse.export.report import report_data, write_report
from warehouse.loader import Warehouse

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture()
def report(tmp_path) -> Path:
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        return write_report(w.con, tmp_path / "report.html")


def test_report_is_self_contained(report):
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script src" not in html and "<link" not in html
    assert "Grâce-Hollogne" in html and "logement_urgence" in html


def test_report_data_holds_the_matrix_trees_and_deadlines_section(tmp_path):
    build(tmp_path / "w.duckdb")
    with Warehouse(tmp_path / "w.duckdb") as w:
        from warehouse.analysis.derived import ensure_analysis

        ensure_analysis(w.con)
        data = report_data(w.con)
    assert len(data["profiles"]) == 3 and len(data["matrix"]) == 3
    assert all(len(row) == len(data["themes"]) for row in data["matrix"])
    tree = data["trees"][data["profiles"][0]["key"]]
    assert tree[0]["level"] == "os" and tree[2]["parent"] == tree[1]["id"]
    assert data["deadlines"] is not None  # v_compliance_summary exists in this schema


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("chromium is not installed: `apt-get install -y chromium` (make system-deps installs it)")
    return exe


def run_chromium(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    profile = tmp_path / "chromium-profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=10000", *args],
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.slow
def test_report_renders_in_headless_chromium_without_console_errors(report, tmp_path):
    url = report.as_uri()
    dom = run_chromium(["--enable-logging=stderr", "--v=0", "--dump-dom", url], tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    errors = [line for line in dom.stderr.splitlines()
              if "CONSOLE" in line and re.search(r"error|uncaught", line, re.I)]
    assert errors == []
    assert 'data-js-errors="0"' in dom.stdout
    rendered = int(re.search(r'data-rendered="(\d+)"', dom.stdout).group(1))
    assert rendered >= 3  # heat map, plan size, status shares drawn as SVG
    assert dom.stdout.count("<rect") > 50
    assert "<table" in dom.stdout and "Grâce-Hollogne" in dom.stdout

    page = run_chromium(["--enable-logging=stderr", "--v=0", "--dump-dom", url + "#cpas/62100%7C2018-2024"], tmp_path)
    assert 'data-js-errors="0"' in page.stdout
    assert "Disposer de deux logements d" in page.stdout and "lvl-action" in page.stdout

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    run_chromium(["--window-size=1400,1800", f"--screenshot={shot}", url], tmp_path)
    assert shot.exists() and shot.stat().st_size > 10_000


# Run in the page after the report's own script: what a reader would see, measured by the browser.
# A label is clipped when its box leaves its SVG's box or its HTML box scrolls (scrollWidth > clientWidth).
VERDICT_JS = r"""
(function () {
  function clipped(root) {
    var out = [];
    root.querySelectorAll("svg").forEach(function (s) {
      var b = s.getBoundingClientRect();
      s.querySelectorAll("text").forEach(function (t) {
        var r = t.getBoundingClientRect();
        if (r.width && (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1))
          out.push(t.textContent);
      });
    });
    root.querySelectorAll(".legend span, .kpi, .tag, .lvl, th").forEach(function (e) {
      if (e.offsetParent && e.scrollWidth > e.clientWidth + 1) out.push(e.textContent);
    });
    return out;
  }
  function all(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }
  function texts(sel) { return all(sel).map(function (e) { return e.textContent; }); }
  var v = {
    legend: texts("#heatmap-legend span"), legendTitle: texts("#heatmap-legend .legend-title"),
    heatClasses: all("#heatmap rect").map(function (r) { return r.getAttribute("data-class"); }),
    themeLabels: texts("#heatmap text.theme-label"), statusLegend: texts("#status-legend span"),
    empty: texts("p.empty"), clippedOverview: clipped(document.getElementById("overview"))
  };
  window.addEventListener("hashchange", function () {
    v.tags = texts("#cpas-page .tag"); v.statuses = texts("#cpas-page .status");
    v.clippedPage = clipped(document.getElementById("cpas-page"));
    var pre = document.createElement("pre"); pre.id = "verdict"; pre.textContent = JSON.stringify(v);
    document.body.appendChild(pre);
  });
  var first = document.querySelector("#heatmap a");
  location.hash = first ? first.getAttribute("href") : "#cpas/none";
})();
"""


def verdict(report: Path, tmp_path: Path) -> dict:
    """The report opened in headless Chromium, with VERDICT_JS's findings read back from the DOM."""
    import json

    page = tmp_path / f"{report.stem}-checked.html"
    page.write_text(report.read_text(encoding="utf-8").replace("</body>", f"<script>{VERDICT_JS}</script></body>"),
                    encoding="utf-8")
    dom = run_chromium(["--window-size=1280,1000", "--dump-dom", page.as_uri()], tmp_path)
    assert 'data-js-errors="0"' in dom.stdout, dom.stdout[:2000]
    found = re.search(r'<pre id="verdict">(.*?)</pre>', dom.stdout, re.S)
    assert found, dom.stdout[-2000:]
    return json.loads(found.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


@pytest.mark.slow
def test_report_as_a_reader_sees_it_legend_french_labels_nothing_clipped(tmp_path):
    from pipeline.core.model import Status
    from tests.warehouse.compare_builders import plan
    from warehouse.export.report import status_labels

    db = build(tmp_path / "w.duckdb")
    with Warehouse(db) as w:  # a long CPAS name and a long theme label must still show whole
        w.load(plan("Saint-Georges-sur-Meuse et environs immédiats du CPAS", "64065",
                    ["Accompagner les personnes en situation de précarité énergétique avec un tuteur énergie"] * 1
                    + ["Développer un service d'insertion socioprofessionnelle article 60"] * 1,
                    statuses=[Status.FINALISE, Status.EN_COURS]), "/d/sg.pdf")
        report = write_report(w.con, tmp_path / "report.html")
        themes = dict(w.con.execute("SELECT theme_id, label FROM core_themes").fetchall())
    v = verdict(report, tmp_path)

    assert v["clippedOverview"] == [] and v["clippedPage"] == []
    assert v["legendTitle"] == ["Éléments par thème :"] and v["legend"][:3] == ["0", "1", "2–3"]
    assert set(v["heatClasses"]) >= {"0", "1"}  # cells coloured by their class of the legend
    assert sorted(v["themeLabels"]) == sorted(themes.values())
    assert v["tags"] and set(v["tags"]) <= set(themes.values())  # French labels, never theme ids
    assert not set(v["tags"]) & set(themes)
    labels = status_labels()
    assert v["statusLegend"][:4] == [labels[s.value] for s in (Status.FINALISE, Status.EN_COURS,
                                                                  Status.A_PROGRAMMER, Status.ABANDONNE)]
    assert v["empty"] == ["Aucune échéance calculée : lancer pst deadlines."]

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-heatmap.png"
    shot.unlink(missing_ok=True)
    run_chromium(["--window-size=1400,1100", f"--screenshot={shot}", report.as_uri()], tmp_path)
    assert shot.exists() and shot.stat().st_size > 10_000


@pytest.mark.slow
def test_empty_charts_and_tables_say_why(tmp_path):
    from tests.warehouse.compare_builders import plan

    with Warehouse(tmp_path / "empty.duckdb") as w:
        empty_report = write_report(w.con, tmp_path / "empty.html")
    with Warehouse(tmp_path / "one.duckdb") as w:  # one plan, no status published, nothing classified
        w.load(plan("Meix-devant-Virton", "85024", ["Ouvrir une salle polyvalente"],
                    os_title="Objectif stratégique", oo_title="Objectif opérationnel"), "/d/mx.pdf")
        one_report = write_report(w.con, tmp_path / "one.html")

    said = " | ".join(verdict(empty_report, tmp_path)["empty"])
    assert "Aucun plan dans l'entrepôt : lancer pst ingest." in said
    assert "Aucun statut publié" in said and "Aucune échéance calculée" in said

    said = " | ".join(verdict(one_report, tmp_path)["empty"])
    assert "Aucun statut publié" in said
    assert "au moins deux CPAS" in said
    assert "Aucun élément des plans n'est classé dans un thème" in said
