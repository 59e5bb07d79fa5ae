"""PDF text speed: our extractor (pdfplumber path vs pypdfium2 path) against bare text extraction.

Usage: ``python benchmarks/pdf_text_speed.py [N_CORPUS]``. Times, per text-layer PDF of
``data/samples/`` and ~N_CORPUS (default 15) PDFs of ``benchmarks/.corpus/*/``: bare pdfplumber
``extract_text`` (pages closed), bare pypdfium2 ``get_text_range``, and ``extractors.pdf.extract``
with each engine; prints ours/pdfplumber ratios and totals.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def bare_pdfplumber(path: Path) -> None:
    """``page.extract_text()`` on every page, each page closed."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()


def bare_pdfium(path: Path) -> None:
    """pypdfium2 text of every page."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        pdf.close()


def _timed(fn, *args, **kwargs) -> float:
    start = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - start


def files(n_corpus: int) -> list[Path]:
    """Text-layer sample PDFs, then about ``n_corpus`` corpus PDFs spread over the corpus."""
    out = [p for p in sorted((ROOT / "data" / "samples").glob("*.pdf")) if "_scan" not in p.name]
    corpus = sorted((ROOT / "benchmarks" / ".corpus").glob("*/*.pdf"))
    if corpus and n_corpus > 0:
        out += corpus[:: max(1, len(corpus) // n_corpus)][:n_corpus]
    return out


def main(argv: list[str]) -> None:
    """Print the per-file table and the totals."""
    from extractors.pdf import extract as extract_pdf

    def extract(path: Path, **options):
        return extract_pdf(path.read_bytes(), path.name, **options)

    n_corpus = int(argv[0]) if argv else 15
    paths = files(n_corpus)
    for p in paths[:1]:  # warm imports and caches
        bare_pdfplumber(p)
        extract(p)
        extract(p, engine="pdfplumber")
    head = f"{'file':38} {'plumber':>8} {'pdfium':>8} {'old':>8} {'new':>8} {'old/pl':>7} {'new/pl':>7}"
    print(head)
    totals = [0.0] * 4
    for p in paths:
        row = [
            _timed(bare_pdfplumber, p),
            _timed(bare_pdfium, p),
            _timed(extract, p, engine="pdfplumber"),
            _timed(extract, p),
        ]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        print(
            f"{p.name[:38]:38} {row[0]:8.3f} {row[1]:8.3f} {row[2]:8.3f} {row[3]:8.3f} "
            f"{row[2] / row[0]:7.2f} {row[3] / row[0]:7.2f}"
        )
    pl, pf, old, new = totals
    print(f"{'TOTAL':38} {pl:8.3f} {pf:8.3f} {old:8.3f} {new:8.3f} {old / pl:7.2f} {new / pl:7.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
