"""Readers never blocked (issue 15): the snapshot swap the warehouse uses, measured beside DuckLake.

Builds a warehouse of generated plans (160 items each), or copies a given one (the README's figures: the
253-plan warehouse of benchmarks/big_warehouse.py, 40 MB), then prints
side by side what each option costs: the writer's start (copy), one publication (checkpoint + copy + swap),
a reader's query while a writer holds the warehouse, and for DuckLake (SQLite catalog, Parquet data) the
same query, a reader during a write, and whether the full-text index the search needs can live there.
DuckLake needs its extensions (`pip install --target DIR duckdb-ext-ducklake duckdb-ext-sqlite`, then
PST_BENCH_EXTENSIONS=DIR); without them only the snapshot figures are printed.

    .venv/bin/python benchmarks/snapshot_swap.py [--plans 40 | --db a-253-plan-warehouse.duckdb]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.core.model import Level, ParsedDocument, PlanItem, SourceFormat, Volet  # noqa: E402
from warehouse.analysis.search import _packaged_fts_extension  # noqa: E402
from warehouse.loader import Warehouse  # noqa: E402

QUERY = "SELECT cpas_name, level, count(*) FROM core_plan_items JOIN core_documents USING (document_id) GROUP BY ALL"
TABLES = ("core_documents", "core_plan_items", "core_parsed_items")


def _plan(k: int) -> ParsedDocument:
    items = [PlanItem(position=0, level=Level.OS, number="1", title=f"Objectif stratégique {k}", volet=Volet.EXTERNE)]
    for o in range(1, 11):
        items.append(PlanItem(position=len(items), level=Level.OO, number=f"1.{o}", title=f"Objectif {k}.{o}",
                              parent_number="1", volet=Volet.EXTERNE))
        for a in range(1, 16):
            items.append(PlanItem(position=len(items), level=Level.ACTION, number=f"1.{o}.{a}",
                                  title=f"Action {a} du CPAS {k} pour le logement et l'insertion ({o})",
                                  parent_number=f"1.{o}", volet=Volet.EXTERNE))
    name = f"cpas-{k:03d}_pst.pdf"
    return ParsedDocument(source_file=name, sha256=hashlib.sha256(name.encode()).hexdigest(), format=SourceFormat.PDF,
                          parser_version="bench", cpas_name=f"CPAS {k}", nis_code=f"{10000 + k}",
                          legislature="2024-2030", items=tuple(items))


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _query_seconds(path: Path) -> float:
    def run() -> None:
        con = duckdb.connect(str(path), read_only=True)
        con.execute(QUERY).fetchall()
        con.close()

    return _timed(run)


def snapshot_figures(db: Path) -> dict[str, str]:
    """What the swap costs at this size."""
    size = db.stat().st_size / 1e6
    opened = _timed(lambda: Warehouse(db).close())  # copy, open, schema check, close, swap
    wh = Warehouse(db)
    try:
        publish = min(_timed(wh.publish) for _ in range(3))
        reader = _query_seconds(db)  # while the writer holds the warehouse
    finally:
        wh.close()
    return {"file (MB)": f"{size:.1f}", "writer start + end (s)": f"{opened:.2f}",
            "one publication (s)": f"{publish:.2f}", "reader query during a write (s)": f"{reader:.3f}",
            "reader blocked": "never (reads the last published file)", "full-text index (fts)": "yes"}


def _lake(con: duckdb.DuckDBPyConnection, ext: Path, folder: Path) -> None:
    for name in ("sqlite_scanner", "ducklake"):
        (found,) = ext.glob(f"duckdb_ext/extensions/v{duckdb.__version__}/*/{name}.duckdb_extension")
        con.execute(f"LOAD '{found}'")
    con.execute(f"ATTACH 'ducklake:sqlite:{folder}/catalog.sqlite' AS lake (DATA_PATH '{folder}/data/')")


def ducklake_figures(db: Path, ext: Path, work: Path) -> dict[str, str]:
    """The same warehouse's core tables in DuckLake (SQLite catalog), and what readers get during a write."""
    folder = work / "lake"
    folder.mkdir()
    con = duckdb.connect()
    _lake(con, ext, folder)
    con.execute(f"ATTACH '{db}' AS wh (READ_ONLY)")
    copy = _timed(lambda: [con.execute(f"CREATE TABLE lake.{t} AS SELECT * FROM wh.{t}") for t in TABLES])
    con.execute(f"LOAD '{_packaged_fts_extension()}'")
    try:
        con.execute("USE lake")
        con.execute("PRAGMA create_fts_index('core_plan_items', 'document_id', 'title')")
        fts = "yes"
    except duckdb.Error as exc:
        fts = f"no: {str(exc).splitlines()[0][:50]}"
    con.close()
    # A writer process holds an open transaction on the lake while this process reads.
    writer = subprocess.Popen(
        [sys.executable, "-c", (
            "import duckdb, sys, time; from benchmarks.snapshot_swap import _lake; from pathlib import Path\n"
            f"c = duckdb.connect(); _lake(c, Path({str(ext)!r}), Path({str(folder)!r}))\n"
            "c.execute('BEGIN')\n"
            "c.execute('INSERT INTO lake.core_plan_items SELECT * FROM lake.core_plan_items LIMIT 1000')\n"
            "print('ok', flush=True); time.sleep(20); c.execute('COMMIT')"
        )],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "ok"
        reader = duckdb.connect()
        _lake(reader, ext, folder)
        query = QUERY.replace("core_", "lake.core_")
        during = _timed(lambda: reader.execute(query).fetchall())
        reader.close()
    finally:
        writer.kill()
        writer.wait()
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6
    return {"file (MB)": f"{size:.1f} (catalog + Parquet)",
            "writer start + end (s)": f"{copy:.2f} (copying 3 tables in)",
            "one publication (s)": "none: each commit is a snapshot",
            "reader query during a write (s)": f"{during:.3f}", "reader blocked": "no (SQLite catalog)",
            "full-text index (fts)": fts}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=40, help="plans to generate (about 1.5 s each)")
    parser.add_argument("--db", type=Path, help="measure on a copy of this warehouse instead")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pst-snapshot-bench-"))
    db = work / "w.duckdb"
    started = time.perf_counter()
    if args.db:
        shutil.copyfile(args.db, db)
    else:
        with Warehouse(db) as wh:
            for k in range(args.plans):
                wh.load(_plan(k), f"/bench/cpas-{k:03d}_pst.pdf")
    plans = duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM core_documents").fetchone()[0]
    print(f"{plans} plans, ready in {time.perf_counter() - started:.0f} s\n")
    columns = {"snapshot swap (chosen)": snapshot_figures(db)}
    ext = os.environ.get("PST_BENCH_EXTENSIONS")
    if ext:
        columns["DuckLake (SQLite catalog)"] = ducklake_figures(db, Path(ext), work)
    else:
        print("DuckLake not measured: set PST_BENCH_EXTENSIONS (see the docstring)\n")
    rows = next(iter(columns.values())).keys()
    print(f"{'':34}" + "".join(f"{name:>44}" for name in columns))
    for row in rows:
        print(f"{row:34}" + "".join(f"  {col[row]:>42}" for col in columns.values()))


if __name__ == "__main__":
    main()
