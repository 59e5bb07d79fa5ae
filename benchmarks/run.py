"""``make bench``: every figure of issue 13 against its anchor, side by side, in one run.

1. Fresh ``pst ingest`` of the text-layer PDFs of the gallery (24; ``--quick``: the 2 sample PDFs) into a
   new warehouse, against bare pdfplumber ``extract_text`` and bare pypdfium2 text on the same files
   (CPU of the whole process tree, and wall), with its peak memory (the tree's summed PSS, "peak RSS" in
   the figures).
2. The same ``pst ingest`` again, nothing changed, against the fresh run.
3. ``pst export``, ``pst report``, ``pst search`` with nothing changed: time to answer.
4. One new document (``grace-hollogne_deliberation-pst.pdf``, 101 actions) into a warehouse of 253 CPAS ×
   ~150 actions (``benchmarks/big_warehouse.py``, built once and cached; ``--quick``: 60 CPAS) against
   into an empty warehouse, with peak memory; and the slowest public view of that warehouse.

Each pair whose ratio is a target (fresh ingest and bare pdfplumber; one document into the big and the empty
warehouse) is measured in alternation, ``ROUNDS`` times, and the medians are compared: the machine's speed
drifts by tens of percent within minutes, and two figures taken minutes apart moved with it. The one-document
runs parse their document (``--no-cache``) into either warehouse alike.

The Prefect server is the long-lived local one of the bench's ``PREFECT_HOME`` (started once, its start
printed apart, stopped at the end); CPU counts the ``pst`` processes and their workers, not that server.
Anchors are the figures of issue 13 measured before the work (same machine, 2 cores); "at start": the same
figure measured on this idle machine at the start of the round that closed the gap (2026-11-30: 82.7 s of CPU
and 53.4 s wall against bare pdfplumber's 12.0 s and 12.0 s).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
BIN = Path(sys.executable).parent
PST = str(BIN / "pst") if (BIN / "pst").exists() else str(ROOT / ".venv" / "bin" / "pst")
SAMPLES = ROOT / "data" / "samples"
GALLERY = ROOT / "tests" / "gallery" / "documents"
CACHE = ROOT / "benchmarks" / ".corpus"
NEW_DOCUMENT = SAMPLES / "grace-hollogne_deliberation-pst.pdf"
MIB = 1024**2

# figure → (anchor before issue 13, target, "<=" when lower is better)
ANCHORS = {
    "ingest CPU / pdfplumber CPU": ("2.76 (6.9 at start)", 0.5),
    "ingest wall / pdfplumber wall": ("2.55 (4.4 at start)", 1.0),
    "ingest wall / pypdfium2 wall": ("126", None),
    "unchanged re-run / fresh run (wall)": ("0.30 (12.7 s)", 0.05),
    "pst export, nothing changed (s)": ("8-12", 1.5),
    "pst report, nothing changed (s)": ("8-12", 1.5),
    "pst search, nothing changed (s)": ("8-12", 1.5),
    "one document: big / empty warehouse (wall)": ("12.3 (206 s vs 16 s)", 1.5),
    "one document into the big warehouse, peak RSS (MiB)": ("2150 (2.1 GB)", 1024.0),
    "fresh ingest peak RSS (MiB)": ("609", None),
}


# ---- measured commands -----------------------------------------------------------------------------
def _proportional_size(process) -> int:
    """PSS of a process from ``/proc/PID/smaps_rollup`` (Linux: one line, cheap enough to sample every 50 ms
    without slowing the measured run, unlike a walk of ``smaps``), else its RSS."""
    try:
        with open(f"/proc/{process.pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return process.memory_info().rss


def measured(args: list[str], env: dict[str, str]) -> dict:
    """Run a command; its wall time, CPU (user + system of it and every process it waited for) and the
    peak memory of its process tree (sampled every 50 ms): the sum of each process's proportional set size, so
    that pages a forked parse child shares with its parent count once (a sum of RSS counts them in both)."""
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    # Output to files, not pipes: a server the command starts would hold a pipe open after the command ends.
    out_file, err_file = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    proc = subprocess.Popen(args, stdout=out_file, stderr=err_file, env=env, cwd=ROOT)
    peak = 0
    top = psutil.Process(proc.pid)
    while proc.poll() is None:
        total = 0
        try:
            for p in [top, *top.children(recursive=True)]:
                try:
                    total += _proportional_size(p)
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.05)
    proc.wait()
    wall = time.perf_counter() - started
    out_file.seek(0)
    err_file.seek(0)
    out, err = out_file.read(), err_file.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):  # 1: a document failed, said in the table
        raise SystemExit(f"{' '.join(args[:3])} failed ({proc.returncode}):\n{err.decode()[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "peak_rss": peak, "out": out.decode(errors="replace")}


ROUNDS = 3  # alternated measurements of each compared pair (``--quick``: 1)


def median_run(runs: list[dict]) -> dict:
    """The median wall and CPU of repeated runs, and their highest peak RSS."""
    import statistics

    return {"wall": statistics.median(r["wall"] for r in runs), "cpu": statistics.median(r["cpu"] for r in runs),
            "peak_rss": max(r["peak_rss"] for r in runs), "runs": len(runs)}


def pst(*args: str, env: dict[str, str]) -> dict:
    """``pst`` with the given arguments."""
    return measured([PST, *args], env)


def bare(kind: str, pdfs: list[Path]) -> dict:
    """Bare text extraction of every page (``pdfplumber``: ``extract_text``, pages closed; ``pypdfium2``:
    ``get_text_bounded``), in a process of its own like the ingest: wall and CPU, imports included."""
    code = {
        "pdfplumber": "import pdfplumber,sys\nfor f in sys.argv[1:]:\n with pdfplumber.open(f) as pdf:\n"
                      "  for p in pdf.pages:\n   p.extract_text(); p.close()",
        "pypdfium2": "import pypdfium2 as P,sys\nfor f in sys.argv[1:]:\n d=P.PdfDocument(f)\n"
                     " for i in range(len(d)):\n  p=d[i]; t=p.get_textpage(); t.get_text_bounded()\n"
                     "  t.close(); p.close()\n"
                     " d.close()",
    }[kind]
    return measured([sys.executable, "-c", code, *map(str, pdfs)], dict(os.environ))


def start_prefect(env: dict[str, str]) -> float | None:
    """Seconds to start the long-lived local Prefect server of the bench's home (None: that runtime is absent,
    each ``pst ingest`` then starts a temporary server)."""
    code = ("from flows.runtime import local_server\nimport time\nt=time.perf_counter(); local_server();"
            "print(time.perf_counter()-t)")
    with tempfile.TemporaryFile("w+") as out:
        done = subprocess.run([sys.executable, "-c", code], stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        out.seek(0)
        lines = out.read().strip().splitlines()
    return float(lines[-1]) if done.returncode == 0 and lines else None


def stop_prefect(env: dict[str, str]) -> None:
    """Stop the bench's Prefect server, if the runtime knows how."""
    subprocess.run([sys.executable, "-c", "from flows.runtime import stop_local_server; stop_local_server()"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)


# ---- the figures -----------------------------------------------------------------------------------
def text_layer_pdfs(quick: bool) -> list[Path]:
    """The gallery's text-layer PDFs (the scans need OCR: not a text-layer figure); ``quick``: the samples'."""
    folder = SAMPLES if quick else GALLERY
    return sorted(f for f in folder.glob("*.pdf") if not f.name.endswith("_scan.pdf"))


def linked(files: list[Path], folder: Path) -> Path:
    """A folder of copies of ``files`` (same bytes, same work)."""
    folder.mkdir(parents=True)
    for f in files:
        shutil.copyfile(f, folder / f.name)
    return folder


def ingest_figures(tmp: Path, pdfs: list[Path], env: dict[str, str], rounds: int) -> dict:
    """Fresh ingest and bare pdfplumber in alternation, unchanged re-runs, read commands, bare pypdfium2."""
    docs = linked(pdfs, tmp / "pdfs")
    fresh_runs, plumber_runs = [], []
    for k in range(rounds):
        print(f"fresh ingest of {len(pdfs)} text-layer PDFs, then bare pdfplumber ({k + 1}/{rounds})", flush=True)
        db = tmp / f"fresh-{k}.duckdb"
        fresh_runs.append(pst("ingest", str(docs), "--db", str(db), "--no-progress", "--no-cache", env=env))
        plumber_runs.append(bare("pdfplumber", pdfs))
    print("unchanged re-runs", flush=True)
    again = median_run([pst("ingest", str(docs), "--db", str(db), "--no-progress", env=env) for _ in range(rounds)])
    print("read commands", flush=True)
    export = pst("export", str(tmp / "export"), "--db", str(db), env=env)
    report = pst("report", str(tmp / "report.html"), "--db", str(db), env=env)
    search = pst("search", "logement", "--db", str(db), env=env)
    print("bare pypdfium2", flush=True)
    pdfium = bare("pypdfium2", pdfs)
    return {"fresh": median_run(fresh_runs), "again": again, "export": export, "report": report, "search": search,
            "pdfplumber": median_run(plumber_runs), "pypdfium2": pdfium, "n_pdfs": len(pdfs)}


def one_document_figures(tmp: Path, n_cpas: int, env: dict[str, str], rounds: int) -> dict:
    """One new document into an empty warehouse and into the big one, in alternation."""
    import big_warehouse

    cached = big_warehouse.cached(n_cpas)
    doc = linked([NEW_DOCUMENT], tmp / "one")
    empty_runs, big_runs = [], []
    for k in range(rounds):
        print(f"one document into an empty warehouse, then into {cached.name} ({k + 1}/{rounds})", flush=True)
        ingest = ("ingest", str(doc), "--no-progress", "--no-cache")
        empty_runs.append(pst(*ingest, "--db", str(tmp / f"empty-{k}.duckdb"), env=env))
        big = tmp / f"big-{k}.duckdb"
        shutil.copyfile(cached, big)
        big_runs.append(pst(*ingest, "--db", str(big), env=env))
    return {"empty": median_run(empty_runs), "big": median_run(big_runs), "views": view_times(big), "n_cpas": n_cpas}


def view_times(db: Path) -> dict[str, float]:
    """Milliseconds (best of 2) to evaluate each public view in full inside DuckDB."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    views = [r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND view_name LIKE 'v\\_%' ESCAPE '\\' ORDER BY 1"
    ).fetchall()]  # fmt: skip
    out = {}
    for v in views:
        best = float("inf")
        for _ in range(2):
            started = time.perf_counter()
            con.execute(f"SELECT count(*) FROM (SELECT * FROM {v})").fetchall()
            best = min(best, time.perf_counter() - started)
        out[v] = best * 1000
    con.close()
    return out


def report(ing: dict, one: dict, prefect_start: float | None) -> list[tuple[str, float, str]]:
    """Print every figure with its anchor and target; returns (figure, value, verdict)."""
    f, a = ing["fresh"], ing["again"]
    rows = [
        ("text-layer PDFs ingested", f"{ing['n_pdfs']}", "", ""),
        ("Prefect local server start (once)", "n/a" if prefect_start is None else f"{prefect_start:.1f} s", "", ""),
        ("runs of each compared figure (medians)", f"{f['runs']}", "", ""),
        ("fresh ingest: wall / CPU", f"{f['wall']:.1f} s / {f['cpu']:.1f} s", "", ""),
        ("bare pdfplumber: wall / CPU", f"{ing['pdfplumber']['wall']:.1f} s / {ing['pdfplumber']['cpu']:.1f} s",
         "", ""),
        ("bare pypdfium2: wall / CPU", f"{ing['pypdfium2']['wall']:.2f} s / {ing['pypdfium2']['cpu']:.2f} s", "", ""),
        ("unchanged re-run: wall / CPU", f"{a['wall']:.1f} s / {a['cpu']:.1f} s", "", ""),
        ("one document into an empty warehouse: wall / CPU",
         f"{one['empty']['wall']:.1f} s / {one['empty']['cpu']:.1f} s", "", ""),
        (f"one document into {one['n_cpas']} CPAS: wall / CPU",
         f"{one['big']['wall']:.1f} s / {one['big']['cpu']:.1f} s", "", ""),
    ]
    values = {
        "ingest CPU / pdfplumber CPU": f["cpu"] / ing["pdfplumber"]["cpu"],
        "ingest wall / pdfplumber wall": f["wall"] / ing["pdfplumber"]["wall"],
        "ingest wall / pypdfium2 wall": f["wall"] / max(ing["pypdfium2"]["wall"], 1e-9),
        "unchanged re-run / fresh run (wall)": a["wall"] / f["wall"],
        "pst export, nothing changed (s)": ing["export"]["wall"],
        "pst report, nothing changed (s)": ing["report"]["wall"],
        "pst search, nothing changed (s)": ing["search"]["wall"],
        "one document: big / empty warehouse (wall)": one["big"]["wall"] / one["empty"]["wall"],
        "one document into the big warehouse, peak RSS (MiB)": one["big"]["peak_rss"] / MIB,
        "fresh ingest peak RSS (MiB)": f["peak_rss"] / MIB,
    }
    width = 56
    print("\n" + "figure".ljust(width) + "measured".rjust(22) + "before (issue 13)".rjust(24) + "target".rjust(9))
    print("-" * (width + 55))
    for name, value, *_ in rows:
        print(name.ljust(width) + value.rjust(22))
    verdicts = []
    for name, v in values.items():
        anchor, target = ANCHORS[name]
        verdict = "" if target is None else ("PASS" if v <= target else "MISS")
        verdicts.append((name, v, verdict))
        shown = f"{v:.3f}" if v < 10 else f"{v:.0f}"
        print(name.ljust(width) + shown.rjust(22) + anchor.rjust(24)
              + ("" if target is None else f"<= {target:g}").rjust(9) + f"  {verdict}")
    slow = max(one["views"].items(), key=lambda kv: kv[1])
    print(f"\nslowest public view on the {one['n_cpas']}-CPAS warehouse: {slow[0]} {slow[1]:.0f} ms "
          f"(issue 6 target <= 200 ms)")
    return verdicts


def main() -> None:
    """Command line of ``make bench``."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="2 sample PDFs and a 60-CPAS warehouse (development)")
    ap.add_argument("--cpas", type=int, default=None, help="CPAS in the big warehouse (default 253; quick 60)")
    ap.add_argument("--tmp", type=Path, default=None, help="folder for the bench's warehouses (default: system temp)")
    a = ap.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="issue13-bench-", dir=a.tmp) as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "PREFECT_HOME": str(tmp / "prefect-home")}
        env.pop("PREFECT_API_URL", None)
        prefect_start = start_prefect(env)
        try:
            rounds = 1 if a.quick else ROUNDS
            ing = ingest_figures(tmp, text_layer_pdfs(a.quick), env, rounds)
            one = one_document_figures(tmp, a.cpas or (60 if a.quick else 253), env, rounds)
        finally:
            stop_prefect(env)
        verdicts = report(ing, one, prefect_start)
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / "last_results.json"
    for d in ing.values():
        if isinstance(d, dict):
            d.pop("out", None)
    for d in (one["empty"], one["big"]):
        d.pop("out", None)
    out.write_text(json.dumps({"ingest": ing, "one_document": one, "prefect_start": prefect_start,
                               "targets": verdicts}, indent=1, default=str), encoding="utf-8")
    print(f"\nbenchmark done in {time.perf_counter() - started:.0f}s (figures saved in {out.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
