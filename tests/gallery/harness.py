"""Parse the gallery through the project's entry point and score it against the gold (used by the tests
and by ``python -m tests.gallery.report``)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.gallery.score import Score, rows_of, score_document

HERE = Path(__file__).resolve().parent
DOCUMENTS = HERE / "documents"
GOLD = HERE / "gold"
MANIFEST = HERE / "manifest.json"

FAMILY_ORDER = ("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10")


def parse(path: Path):
    """Parse one file with the project's parse entry point: (ParsedDocument or None, error or None).

    The one place that knows where the parser lives (modules are moving): ``normalizers.parse.parse_file``
    (formerly ``pipeline.ingest.parse_file``), returning a result with ``.document`` / ``.failure``.
    """
    try:
        from normalizers.parse import parse_file
    except ImportError:  # pragma: no cover - before the move
        from pipeline.ingest import parse_file
    result = parse_file(path)
    document = getattr(result, "document", result)
    failure = getattr(result, "failure", None)
    return document, (f"{failure.error_code}: {failure.error}" if failure is not None else None)


def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def gold_of(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))


@dataclass
class Outcome:
    """One gallery document parsed and scored."""

    name: str
    entry: dict
    score: Score
    diffs: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


_CACHE: dict[str, Outcome] = {}


def outcome(name: str) -> Outcome:
    """Parse and score one gallery file (once per process)."""
    if name not in _CACHE:
        entry = manifest()["files"][name]
        gold = gold_of(name)
        started = time.perf_counter()
        document, error = parse(DOCUMENTS / name)
        seconds = time.perf_counter() - started
        if document is None:
            score, diffs = score_document(gold, None, [])
            diffs.insert(0, f"no document: {error}")
        else:
            score, diffs = score_document(gold, document.cpas_name, rows_of(document))
        _CACHE[name] = Outcome(name, entry, score, diffs, error, seconds)
    return _CACHE[name]


def files_of(family: str | None = None, *, scans: bool = False) -> list[str]:
    """Gallery files of a family (by tag: a mix counts in each family it mixes); scans only when asked."""
    out = []
    for name, entry in manifest()["files"].items():
        if entry["format"] == "pdf_scan" and not scans:
            continue
        if family is None or family in entry["tags"]:
            out.append(name)
    return sorted(out)


def total(outcomes: list[Outcome]) -> Score:
    s = Score()
    for o in outcomes:
        s = s + o.score
    return s


def failures(score: Score, *, min_f1: float = 0.98, min_status: float = 0.98, min_cpas: float = 1.0) -> list[str]:
    """What falls below the bar of issue 10 (empty when the score passes)."""
    out = [f"F1 {lv} {score.f1(lv):.3f} < {min_f1}" for lv in ("os", "oo", "action") if score.f1(lv) < min_f1]
    if score.accuracy("status") < min_status:
        out.append(f"status accuracy {score.accuracy('status'):.3f} < {min_status}")
    if score.accuracy("cpas") < min_cpas:
        out.append(f"CPAS accuracy {score.accuracy('cpas'):.3f} < {min_cpas}")
    return out
