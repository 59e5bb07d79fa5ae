"""Benchmark of the CPAS comparison on a generated corpus: themes, similar actions, search index, report.

    .venv/bin/python benchmarks/compare_bench.py [--cpas 253] [--actions 150] [--db PATH]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import generate_corpus  # noqa: E402
from warehouse.analysis.derived import ensure_analysis  # noqa: E402
from warehouse.analysis.search import build_search_index, search  # noqa: E402
from warehouse.export.report import write_report  # noqa: E402
from warehouse.loader import Warehouse  # noqa: E402


def main() -> None:
    """Generate, load, then time each comparison step and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cpas", type=int, default=253)
    ap.add_argument("--actions", type=int, default=150)
    ap.add_argument("--db", type=Path, default=None)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pst-bench-"))
    db = args.db or folder / "bench.duckdb"
    t0 = time.perf_counter()
    docs = generate_corpus(args.cpas, args.actions)
    with Warehouse(db) as wh:
        for d in docs:
            wh.load(d, f"/bench/{d.source_file}")
        t_load = time.perf_counter() - t0
        n_items = wh.con.execute("SELECT count(*) FROM core_plan_items").fetchone()[0]
        n_actions = wh.con.execute("SELECT count(*) FROM core_plan_items WHERE level = 'action'").fetchone()[0]
        t = time.perf_counter()
        s = ensure_analysis(wh.con, force=True)
        t_analysis = time.perf_counter() - t
        t = time.perf_counter()
        engine = build_search_index(wh.con)
        t_index = time.perf_counter() - t
        t = time.perf_counter()
        hits = search(wh.con, "logement d'urgence", 20)
        t_query = time.perf_counter() - t
        t = time.perf_counter()
        out = write_report(wh.con, folder / "report.html", analyse=False)
        t_report = time.perf_counter() - t
    print(f"corpus: {args.cpas} CPAS, {n_items} items, {n_actions} actions (generate + load {t_load:.1f} s)")
    print(f"themes:          {s.themes_seconds:8.2f} s  ({s.n_item_themes} item-theme rows)")
    print(f"similar actions: {s.similar_seconds:8.2f} s  ({s.n_similar} pairs, top-5 ≥ threshold)")
    print(f"analysis total:  {t_analysis:8.2f} s  (incl. writes)")
    print(f"search index:    {t_index:8.2f} s  (engine {engine}); one query {t_query * 1000:.0f} ms, {len(hits)} hits")
    print(f"report:          {t_report:8.2f} s  ({out.stat().st_size / 1e6:.1f} MB → {out})")


if __name__ == "__main__":
    main()
