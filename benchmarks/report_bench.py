"""Benchmark of the HTML report at the scale of Wallonia (253 CPAS): file size, write time, render time.

    .venv/bin/python benchmarks/report_bench.py [--cpas 253] [--actions 60] [--db PATH]

Generates the corpus (benchmarks/generate.py) unless ``--db`` names an existing warehouse, writes
the report, then opens it in headless Chromium twice — the overview and one CPAS page — and
prints what the browser measured (time to draw, nodes, SVG elements). Figures only, no assertion.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import generate_corpus  # noqa: E402
from warehouse.analysis.derived import ensure_analysis  # noqa: E402
from warehouse.export.report import render_report, report_data  # noqa: E402
from warehouse.loader import Warehouse  # noqa: E402

# Appended to the page: when the report's script has run, how long it took and what it drew.
PROBE = """<script>(function () {
  var t = performance.now();
  function measure(tag) {
    var pre = document.createElement("pre"); pre.id = "probe-" + tag;
    pre.textContent = JSON.stringify({ms: Math.round(performance.now()),
      nodes: document.getElementsByTagName("*").length, svg: document.querySelectorAll("svg *").length,
      errors: document.body.dataset.jsErrors});
    document.body.appendChild(pre);
  }
  measure("overview");
  window.addEventListener("hashchange", function () { measure("page"); });
  location.hash = document.querySelector("#heatmap a") ? document.querySelector("#heatmap a").getAttribute("href") : "";
})();</script>"""


def _chromium(url: str, profile: Path) -> tuple[float, str]:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        sys.exit("chromium is not installed")
    t = time.perf_counter()
    out = subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
         "--virtual-time-budget=30000", "--dump-dom", url],
        capture_output=True, text=True, timeout=300,
    ).stdout
    return time.perf_counter() - t, out


def main() -> None:
    """Generate (or reuse) a warehouse, write its report, render it and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cpas", type=int, default=253)
    ap.add_argument("--actions", type=int, default=60)
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pst-report-bench-"))
    db = args.db or folder / "bench.duckdb"
    with Warehouse(db) as wh:
        if not wh.con.execute("SELECT count(*) FROM core_documents").fetchone()[0]:
            t = time.perf_counter()
            for d in generate_corpus(args.cpas, args.actions):
                wh.load(d, f"/bench/{d.source_file}")
            print(f"generate + load:  {time.perf_counter() - t:7.1f} s")
        t = time.perf_counter()
        ensure_analysis(wh.con)
        print(f"analysis:         {time.perf_counter() - t:7.1f} s")
        t = time.perf_counter()
        data = report_data(wh.con)
        t_data = time.perf_counter() - t
        t = time.perf_counter()
        html = render_report(data)
        t_render = time.perf_counter() - t
    n_items = sum(len(v) for v in data["trees"].values())
    trees = len(json.dumps(data["trees"], ensure_ascii=False).encode())
    size = len(html.encode())
    n_plans, n_themes = len(data["profiles"]), len(data["themes"])
    print(f"report data:      {t_data:7.2f} s  ({n_plans} plans, {n_items} items, {n_themes} themes)")
    print(f"render (Python):  {t_render:7.2f} s  ({size / 1e6:.2f} MB, of which CPAS trees {trees / 1e6:.2f} MB)")
    page = folder / "report.html"
    page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    wall, dom = _chromium(page.as_uri(), folder / "profile")
    for tag in ("overview", "page"):
        found = re.search(rf'<pre id="probe-{tag}">(.*?)</pre>', dom)
        figures = json.loads(found.group(1)) if found else None
        print(f"chromium {tag + ':':9} {figures}")
    print(f"chromium wall:    {wall:7.1f} s  (start, parse, draw both views, dump the DOM)  → {page}")


if __name__ == "__main__":
    main()
