"""Peak memory per document kind (``make bench``): each document parsed as ``pst ingest`` parses it — in a
child process within the time and memory budget (``flows.workers``) — with the peak resident memory the
parse adds to that child (forked, it inherits the libraries already loaded), its time and its outcome.

The kinds: the sample PDF (text layer), the scanned sample (OCR), Word, HTML, a converted .odt / .doc,
and the hostile cases of issue 14 built on the fly (a PDF page of 3 million characters, an HTML page
just under the 20 MB limit, 40,000 bullets, a text layer without ToUnicode). The budget is the
default one (``PST_PARSE_SECONDS`` / ``PST_PARSE_MEMORY_MB`` change it).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.workers import Budget, parse_file_bounded  # noqa: E402

SAMPLES = ROOT / "data" / "samples"
GALLERY = ROOT / "tests" / "gallery" / "documents"


def documents(tmp: Path) -> list[tuple[str, Path]]:
    """(kind, file) of every document measured."""
    from tests.hostile import heavy

    found = [
        ("PDF, text layer", SAMPLES / "grace-hollogne_deliberation-pst.pdf"),
        ("PDF, scanned (OCR)", SAMPLES / "grace-hollogne_deliberation-pst_scan.pdf"),
        ("Word .docx", SAMPLES / "grace-hollogne_deliberation-pst.docx"),
        ("HTML page", SAMPLES / "sprimont_pst-du-cpas.html"),
        (".odt (LibreOffice)", GALLERY / "o1_niveaux_mots.odt"),
        (".doc (LibreOffice)", GALLERY / "f1b_chapitre_volets.doc"),
        ("hostile: PDF page of 3 million chars", heavy.dense_page_pdf(tmp / "dense.pdf", chars=3_000_000)),
        ("hostile: HTML page of 19.5 MB", heavy.near_limit_html(tmp / "big.html", megabytes=19.5)),
        ("hostile: 40,000 bullets", heavy.many_bullets_html(tmp / "bullets.html", bullets=40_000)),
        ("hostile: text layer without ToUnicode", heavy.cid_garbage_pdf(tmp / "cid.pdf")),
    ]
    return [(kind, path) for kind, path in found if path.exists()]


def main() -> None:
    budget = Budget.from_env()
    print(f"peak memory per document kind (budget: {budget.memory_mb} MiB, {budget.seconds:g} s per document)")
    # What the parse adds to the forked child's resident memory (the libraries it inherits are not counted).
    print(f"{'kind':40} {'size':>10} {'added RSS':>10} {'time':>8}  outcome")
    with tempfile.TemporaryDirectory(prefix="pst-bench-memory-") as tmp:
        for kind, path in documents(Path(tmp)):
            started = time.perf_counter()
            result, peak = parse_file_bounded(path, budget=budget)
            seconds = time.perf_counter() - started
            if result.failure is not None:
                outcome = f"{result.failure.error_code}: {result.failure.error[:60]}"
            else:
                doc = result.document
                outcome = f"{len(doc.items)} items" + (f", {len(doc.warnings)} warning(s)" if doc.warnings else "")
            size = path.stat().st_size
            print(f"{kind:40} {size / 1e6:>8.2f}MB {peak / 2**20:>7.1f}MiB {seconds:>7.1f}s  {outcome}", flush=True)


if __name__ == "__main__":
    main()
