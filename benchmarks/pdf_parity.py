"""PDF extraction parity: what ``extractors.extract`` makes of every PDF of the repo, saved or compared.

Usage::

    python benchmarks/pdf_parity.py --save DIR      # one JSON per PDF (blocks, tables per page) + cpu.json
    python benchmarks/pdf_parity.py --compare DIR   # print every difference from DIR; exit 1 if any

The PDFs: ``data/samples``, ``tests/gallery/documents``, ``tests/probe/documents`` and the ones the
builders of ``tests/extractors/pdf`` write (built anew in a temporary folder). Both modes print the
extraction CPU per file (this process and its children, OCR included); ``--compare`` prints the
baseline's beside it, with totals for all files and for the gallery's text-layer PDFs.
``--only TEXT`` keeps the files whose key contains TEXT; ``--no-ocr`` leaves out ``*_scan.pdf``;
``--repeat N`` extracts each file N times and keeps its least CPU (a shared machine is noisy).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FOLDERS = ("data/samples", "tests/gallery/documents", "tests/probe/documents")
GALLERY_TEXT = "tests/gallery/documents/"  # with no "_scan": the 24 text-layer PDFs timed in reports


def built_pdfs(folder: Path) -> dict[str, Path]:
    """The PDFs the extractor tests build, written into ``folder``."""
    from tests.extractors.pdf import builders as b

    made = {
        "plan": b.build_plan,
        "dense": b.build_dense,
        "footer_only": b.build_footer_only,
        "columns": b.build_columns,
        "dashboard": b.build_dashboard,
        "sideways_90": lambda p: b.build_sideways(p, turn=90),
        "sideways_-90": lambda p: b.build_sideways(p, turn=-90),
        "ruled_lines": b.build_ruled_lines,
        "cell_rects": b.build_cell_rects,
        "form_table": b.build_form_table,
        "form_matrix": b.build_form_matrix,
        "curves": b.build_curves,
    }
    return {f"built/{name}.pdf": build(folder / f"{name}.pdf") for name, build in made.items()}


def all_pdfs(folder: Path) -> dict[str, Path]:
    """Every PDF to check, by a key stable across runs (path in the repo, or ``built/NAME.pdf``)."""
    out = {str(p.relative_to(ROOT)): p for d in FOLDERS for p in sorted((ROOT / d).glob("*.pdf"))}
    out.update(built_pdfs(folder))
    return out


def _table(t) -> dict:
    return {
        "page": t.page,
        "bbox": list(t.bbox),
        "columns": list(t.columns),
        "region": t.region,
        "rows": [
            {
                "cells": r.cells,
                "bbox": list(r.bbox),
                "bold": r.bold,
                "raw": r.raw,
                "page": r.page,
                "continued": r.continued,
            }
            for r in t.rows
        ],
    }


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_one(path: Path, key: str) -> tuple[dict, float]:
    """The extraction record of one PDF and its CPU seconds."""
    from extractors import extract
    from extractors.pdf import reader

    tables: list[dict] = []
    assemble = reader.assemble

    def spy(pages, *args, **kwargs):
        tables.extend(_table(t) for p in sorted(pages, key=lambda p: p.page) for t in p.tables)
        return assemble(pages, *args, **kwargs)

    data = path.read_bytes()
    reader.assemble = spy
    start = _cpu()
    try:
        doc = extract(data, Path(key).name)
        record = {
            "format": doc.format.value,
            "page_count": doc.page_count,
            "warnings": list(doc.warnings),
            "furniture": list(doc.furniture),
            "blocks": [b.model_dump(mode="json", exclude_defaults=True) for b in doc.blocks],
            "tables": tables,
        }
    except Exception as exc:  # noqa: BLE001 - an error is a result to compare like any other
        record = {"error": f"{type(exc).__name__}: {exc}", "tables": tables}
    finally:
        cpu = _cpu() - start
        reader.assemble = assemble
    return record, cpu


def _diff(a, b, where: str, out: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                out.append(f"{where}.{k}: {a.get(k, '<missing>')!r} != {b.get(k, '<missing>')!r}")
            else:
                _diff(a[k], b[k], f"{where}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            _diff(x, y, f"{where}[{i}]", out)
        for i in range(min(len(a), len(b)), max(len(a), len(b))):
            out.append(
                f"{where}[{i}]: {(a[i] if i < len(a) else '<missing>')!r} != {(b[i] if i < len(b) else '<missing>')!r}"
            )
    elif a != b or type(a) is not type(b):
        out.append(f"{where}: {a!r} != {b!r}")


def _file_name(key: str) -> str:
    return key.replace("/", "__") + ".json"


def _warm_up(folder: Path) -> None:
    """Imports and first-use caches paid once, before any file is timed."""
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401

    from extractors import extract
    from tests.extractors.pdf import builders as b

    extract(b.build_ruled_lines(folder / "warm.pdf").read_bytes(), "warm.pdf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--save", type=Path, metavar="DIR")
    mode.add_argument("--compare", type=Path, metavar="DIR")
    parser.add_argument("--only", default="")
    parser.add_argument("--no-ocr", action="store_true")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        _warm_up(Path(tmp))
        pdfs = {
            k: p
            for k, p in all_pdfs(Path(tmp)).items()
            if args.only in k and not (args.no_ocr and k.endswith("_scan.pdf"))
        }
        records, cpu = {}, {}
        for key, path in pdfs.items():
            records[key], cpu[key] = run_one(path, key)
            for _ in range(args.repeat - 1):
                cpu[key] = min(cpu[key], run_one(path, key)[1])
            print(f"{cpu[key]:7.2f} s  {key}", flush=True)

    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for key, record in records.items():
            (args.save / _file_name(key)).write_text(json.dumps(record, indent=1))
        old = json.loads((args.save / "cpu.json").read_text()) if (args.save / "cpu.json").exists() else {}
        (args.save / "cpu.json").write_text(json.dumps({**old, **cpu}, indent=1))
        print(f"saved {len(records)} files to {args.save}; CPU {sum(cpu.values()):.2f} s")
        return 0

    base_cpu = json.loads((args.compare / "cpu.json").read_text())
    differences = 0
    for key, record in records.items():
        saved = args.compare / _file_name(key)
        if not saved.exists():
            print(f"{key}: no baseline")
            differences += 1
            continue
        out: list[str] = []
        _diff(json.loads(saved.read_text()), json.loads(json.dumps(record)), key, out)
        for line in out:
            print(line)
        differences += len(out)

    print(f"\n{'CPU s':>8} {'before':>8} {'after':>8}  file")
    for key in records:
        print(f"{'':>8} {base_cpu.get(key, float('nan')):8.2f} {cpu[key]:8.2f}  {key}")
    for label, keys in (
        ("gallery text-layer PDFs", [k for k in records if k.startswith(GALLERY_TEXT) and "_scan" not in k]),
        ("all files", list(records)),
    ):
        before = sum(base_cpu.get(k, float("nan")) for k in keys)
        after = sum(cpu[k] for k in keys)
        print(f"{'total':>8} {before:8.2f} {after:8.2f}  {label} ({len(keys)}), after/before {after / before:.2f}")
    print(f"\n{differences} difference(s) in {len(records)} files")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
