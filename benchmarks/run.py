"""Benchmark of the ingest (``make bench``): throughput, re-run, memory, bare extractors, Prefect, views.

For the sample corpus and for the generated corpus (253 CPAS, ~13,000 pages, cached in
``benchmarks/.corpus/``) it runs ``pst ingest`` as a subprocess with a fresh Prefect home and
warehouse, and prints: documents/s, pages/s, wall time, peak RSS of the ingest process tree;
the time of an unchanged second run; bare ``pdfplumber`` (``extract_text`` on every page,
pages closed) and bare ``pypdfium2`` text extraction of the same PDFs as ratios; the
per-document overhead of the Prefect flow against ``parse_file`` + ``Warehouse.load`` in a
plain loop; and the time of every public view on the full warehouse. Targets of issue 6 are
checked at the end (PASS / MISS).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PST = str(BIN / "pst") if (BIN / "pst").exists() else str(ROOT / ".venv" / "bin" / "pst")
CACHE = ROOT / "benchmarks" / ".corpus"
SAMPLES = ROOT / "data" / "samples"
GIB = 1024**3

TARGETS = {
    "ingest / bare pdfplumber (text-layer PDFs)": ("<=", 1.0),
    "unchanged re-run / first run": ("<=", 0.05),
    "peak RSS of the ingest (GiB)": ("<=", 1.5),
    "slowest public view (ms)": ("<=", 200.0),
}


# ---- corpus ---------------------------------------------------------------------------------------
def generated_corpus(seed: int, scale: float) -> Path:
    """The generated corpus, rebuilt only when the generator, seed or scale changed."""
    from benchmarks_generate import generate  # type: ignore[import-not-found]

    stamp = hashlib.sha256((ROOT / "benchmarks" / "generate_corpus.py").read_bytes()).hexdigest()[:12]
    folder = CACHE / f"seed{seed}-scale{scale:g}-{stamp}"
    if not (folder / ".manifest.json").exists():
        if CACHE.exists():
            shutil.rmtree(CACHE)
        started = time.perf_counter()
        generate(folder, seed=seed, scale=scale)
        print(f"generated the corpus into {folder} in {time.perf_counter() - started:.0f}s", flush=True)
    return folder


def text_samples(tmp: Path) -> Path:
    """The sample documents with a text layer (the scanned one needs OCR: not a text-layer figure)."""
    folder = tmp / "samples"
    folder.mkdir()
    for f in SAMPLES.iterdir():
        if f.is_file() and not f.name.endswith("_scan.pdf"):
            shutil.copyfile(f, folder / f.name)
    return folder


# ---- measured runs --------------------------------------------------------------------------------
def run_ingest(folder: Path, db: Path, home: Path, extra: list[str] | None = None) -> dict:
    """``pst ingest`` in a subprocess; wall time and peak RSS of its whole process tree (sampled)."""
    import psutil

    env = {**os.environ, "PREFECT_HOME": str(home)}
    env.pop("PREFECT_API_URL", None)  # the ingest starts (and pays for) its own Prefect API
    started = time.perf_counter()
    proc = subprocess.Popen(
        [PST, "ingest", str(folder), "--db", str(db), "--no-progress", *(extra or [])],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    peak = 0
    top = psutil.Process(proc.pid)
    while proc.poll() is None:
        total = 0
        try:
            for p in [top, *top.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.1)
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"pst ingest failed ({proc.returncode}):\n{err.decode()[-3000:]}")
    return {"wall": wall, "peak_rss": peak}


def corpus_facts(db: Path, manifest: dict | None) -> dict:
    """Documents, PDF pages and page-equivalents of the other formats, from the warehouse."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT source_file, format, page_count, parse_status FROM v_documents").fetchall()
    con.close()
    extra = {d["file"]: d["pages"] for d in (manifest or {}).get("documents", []) if d["format"] != "pdf"}
    pages = sum((pc or 0) if fmt.startswith("pdf") else extra.get(name, 0) for name, fmt, pc, _ in rows)
    statuses: dict[str, int] = {}
    for *_, st in rows:
        statuses[st] = statuses.get(st, 0) + 1
    return {"documents": len(rows), "pages": pages, "statuses": statuses}


def bare_pdfplumber(pdfs: list[Path]) -> float:
    """Seconds of ``page.extract_text()`` on every page of every PDF, pages closed."""
    import pdfplumber

    started = time.perf_counter()
    for path in pdfs:
        with pdfplumber.open(str(path)) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
    return time.perf_counter() - started


def bare_pypdfium2(pdfs: list[Path]) -> float:
    """Seconds of pypdfium2 text extraction (``get_text_bounded``) on every page of every PDF."""
    import pypdfium2 as pdfium

    started = time.perf_counter()
    for path in pdfs:
        pdf = pdfium.PdfDocument(str(path))
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            tp.get_text_bounded()
            tp.close()
            page.close()
        pdf.close()
    return time.perf_counter() - started


_DIRECT = """
import sys, time
from pathlib import Path
from normalizers.parse import parse_file
from pipeline.acquire.files import discover
from pipeline.core.settings import PARSER_VERSION
from warehouse.loader import Warehouse
started = time.perf_counter()
with Warehouse(sys.argv[2]) as wh:
    run_id = wh.start_run("bench", PARSER_VERSION)
    for f in discover([sys.argv[1]]):
        wh.store(parse_file(f), run_id=run_id)
print(time.perf_counter() - started)
"""


def direct_loop(folder: Path, db: Path) -> float:
    """Wall seconds of ``parse_file`` + ``Warehouse.load`` in a plain loop, one process, no Prefect."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", _DIRECT, str(folder), str(db)], check=True, cwd=ROOT, capture_output=True)
    return time.perf_counter() - started


def view_times(db: Path) -> dict[str, tuple[float, float]]:
    """Milliseconds (best of 3) for every public view: evaluated in full inside DuckDB
    (``CREATE TEMP TABLE AS SELECT *``: the view's answer), and fetched whole into Python
    (``fetchnumpy``: adds the cost of moving every row to the client)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    views = [r[0] for r in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE NOT internal AND view_name LIKE 'v\\_%' ESCAPE '\\' ORDER BY 1"
    ).fetchall()]  # fmt: skip
    out = {}
    for v in views:
        answer = fetch = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            con.execute(f"CREATE OR REPLACE TEMP TABLE _bench_view AS SELECT * FROM {v}")
            answer = min(answer, time.perf_counter() - started)
            started = time.perf_counter()
            con.execute(f"SELECT * FROM {v}").fetchnumpy()
            fetch = min(fetch, time.perf_counter() - started)
        out[v] = (answer * 1000, fetch * 1000)
    con.close()
    return out


def link_subset(files: list[Path], folder: Path) -> Path:
    """A folder of symbolic links to some files (same bytes, so the same work)."""
    folder.mkdir(parents=True)
    for f in files:
        (folder / f.name).symlink_to(f)
    return folder


# ---- the benchmark --------------------------------------------------------------------------------
def bench_corpus(label: str, folder: Path, tmp: Path, manifest: dict | None, pdf_share: float) -> dict:
    """Every figure for one corpus."""
    work = tmp / f"run-{label}"
    work.mkdir()
    print(f"[{label}] first ingest of {folder}", flush=True)
    first = run_ingest(folder, work / "w.duckdb", work / "home")
    facts = corpus_facts(work / "w.duckdb", manifest)
    print(f"[{label}] unchanged re-run", flush=True)
    again = run_ingest(folder, work / "w.duckdb", work / "home")

    pdfs = sorted(f for f in folder.iterdir() if f.suffix == ".pdf" and not f.name.endswith("_scan.pdf"))
    step = max(1, round(1 / pdf_share))
    subset = pdfs[::step]
    print(f"[{label}] text-layer PDFs: ingest vs bare extraction on {len(subset)} of {len(pdfs)} PDFs", flush=True)
    pdf_dir = link_subset(subset, work / "pdfs")
    pdf_ingest = run_ingest(pdf_dir, work / "pdfs.duckdb", work / "home-pdfs")
    plumber = bare_pdfplumber(subset)
    pdfium = bare_pypdfium2(subset)

    print(f"[{label}] Prefect overhead: flow vs plain loop", flush=True)
    others = sorted(f for f in folder.iterdir() if f.is_file() and not f.name.startswith(".") and f not in pdfs)
    mixed = (others[:: max(1, len(others) // 20)] + subset[: max(1, 10 // step)])[:30] if manifest else None
    loop_dir = link_subset(mixed, work / "mixed") if mixed else folder
    n_loop = len(list(loop_dir.iterdir()))
    flow_run = run_ingest(loop_dir, work / "flow.duckdb", work / "home-flow", ["--no-cache"])
    plain = direct_loop(loop_dir, work / "plain.duckdb")
    views = view_times(work / "w.duckdb")
    return {
        "label": label,
        **facts,
        "wall": first["wall"],
        "peak_rss": first["peak_rss"],
        "rerun_wall": again["wall"],
        "pdf_docs": len(subset),
        "pdf_ingest_wall": pdf_ingest["wall"],
        "pdfplumber": plumber,
        "pypdfium2": pdfium,
        "loop_docs": n_loop,
        "flow_wall": flow_run["wall"],
        "plain_wall": plain,
        "views_ms": views,
    }


def report(results: list[dict]) -> list[tuple[str, float, str]]:
    """Print the figures of every corpus, then the targets; returns (target, value, verdict)."""
    rows = [
        ("documents", lambda r: f"{r['documents']} ({', '.join(f'{k} {v}' for k, v in sorted(r['statuses'].items()))})"),  # noqa: E501
        ("pages (PDF pages + page-equivalents)", lambda r: f"{r['pages']}"),
        ("first ingest, wall", lambda r: f"{r['wall']:.1f} s"),
        ("documents / s", lambda r: f"{r['documents'] / r['wall']:.2f}"),
        ("pages / s", lambda r: f"{r['pages'] / r['wall']:.1f}"),
        ("peak RSS (process tree)", lambda r: f"{r['peak_rss'] / GIB:.2f} GiB"),
        ("unchanged re-run, wall", lambda r: f"{r['rerun_wall']:.1f} s ({r['rerun_wall'] / r['wall']:.1%})"),
        ("text-layer PDFs measured", lambda r: f"{r['pdf_docs']}"),
        ("  ingest of those PDFs, wall", lambda r: f"{r['pdf_ingest_wall']:.1f} s"),
        ("  bare pdfplumber extract_text", lambda r: f"{r['pdfplumber']:.1f} s"),
        ("  bare pypdfium2 text", lambda r: f"{r['pypdfium2']:.1f} s"),
        ("  ingest / pdfplumber", lambda r: f"{r['pdf_ingest_wall'] / r['pdfplumber']:.2f}"),
        ("  ingest / pypdfium2", lambda r: f"{r['pdf_ingest_wall'] / max(r['pypdfium2'], 1e-9):.1f}"),
        ("  pdfplumber / pypdfium2", lambda r: f"{r['pdfplumber'] / max(r['pypdfium2'], 1e-9):.1f}"),
        ("Prefect: documents compared", lambda r: f"{r['loop_docs']}"),
        ("  flow (pst ingest --no-cache), wall", lambda r: f"{r['flow_wall']:.1f} s"),
        ("  plain loop parse_file + load, wall", lambda r: f"{r['plain_wall']:.1f} s"),
        ("  overhead per document", lambda r: f"{(r['flow_wall'] - r['plain_wall']) / r['loop_docs'] * 1000:.0f} ms"),
        ("slowest view (answer in DuckDB)",
         lambda r: "{} {:.0f} ms".format(*max(((v, t[0]) for v, t in r["views_ms"].items()), key=lambda kv: kv[1]))),
    ]
    width = max(len(name) for name, _ in rows) + 2
    print()
    print("figure".ljust(width) + "".join(r["label"].rjust(34) for r in results))
    print("-" * (width + 34 * len(results)))
    for name, fmt in rows:
        print(name.ljust(width) + "".join(fmt(r).rjust(34) for r in results))
    full = results[-1]
    print(f"\nviews on the {full['label']} warehouse, best of 3 (answer: evaluated in full inside DuckDB;"
          " fetch: every row moved into Python):")
    for v, (answer, fetch) in full["views_ms"].items():
        print(f"  {v:40s} answer {answer:8.1f} ms   fetch {fetch:8.1f} ms")
    values = {
        "ingest / bare pdfplumber (text-layer PDFs)": full["pdf_ingest_wall"] / full["pdfplumber"],
        "unchanged re-run / first run": full["rerun_wall"] / full["wall"],
        "peak RSS of the ingest (GiB)": full["peak_rss"] / GIB,
        "slowest public view (ms)": max(answer for answer, _ in full["views_ms"].values()),
    }
    verdicts = []
    print(f"\ntargets (issue 6), on the {full['label']} corpus:")
    for name, (op, limit) in TARGETS.items():
        v = values[name]
        ok = v <= limit
        verdicts.append((name, v, "PASS" if ok else "MISS"))
        print(f"  {name:45s} {v:10.3f}  (target {op} {limit:g})  {'PASS' if ok else 'MISS'}")
    return verdicts


def main() -> None:
    """Command line of ``make bench``."""
    ap = argparse.ArgumentParser(description="Benchmark the ingest on the samples and a generated corpus.")
    ap.add_argument("--seed", type=int, default=2018)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the 253 generated CPAS")
    ap.add_argument("--pdf-share", type=float, default=0.3, help="share of the PDFs for the bare-extraction ratio")
    a = ap.parse_args()
    started = time.perf_counter()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    sys.modules.setdefault("benchmarks_generate", __import__("generate_corpus"))
    corpus = generated_corpus(a.seed, a.scale)
    manifest = json.loads((corpus / ".manifest.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="pst-bench-") as tmp_name:
        tmp = Path(tmp_name)
        results = [
            bench_corpus("samples", text_samples(tmp), tmp, None, 1.0),
            bench_corpus("generated", corpus, tmp, manifest, a.pdf_share),
        ]
        verdicts = report(results)
    out = CACHE / "last_results.json"
    out.write_text(json.dumps({"results": results, "targets": verdicts}, indent=1, default=str), encoding="utf-8")
    print(f"\nbenchmark done in {time.perf_counter() - started:.0f}s (figures saved in {out.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
