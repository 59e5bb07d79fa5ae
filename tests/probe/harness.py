"""Parse the probe documents through the project's entry point (``tests.gallery.harness.parse``) and score
them with the gallery's scorer. ``python -m tests.probe.harness [NAME…]`` prints the table and differences.

The joint commune + CPAS plan: the evaluation scorer reads every row of the view, commune items
included; the domain notes (``docs/domain.md``) say "keep the CPAS part and mark the rest" (``is_cpas``
False). The gold holds the CPAS items only, and the score counts the parsed items the parser marks as
CPAS (``is_cpas``); the ``raw`` score (every parsed item, as score.py would) is printed too.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.gallery.harness import failures, parse
from tests.gallery.score import Score, rows_of, score_document, table

HERE = Path(__file__).resolve().parent
DOCUMENTS = HERE / "documents"
GOLD = HERE / "gold"
MANIFEST = HERE / "manifest.json"


def manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def files() -> list[str]:
    return sorted(manifest()["files"])


@dataclass
class Outcome:
    name: str
    score: Score
    raw: Score
    diffs: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


_CACHE: dict[str, Outcome] = {}


def outcome(name: str) -> Outcome:
    if name not in _CACHE:
        gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
        started = time.perf_counter()
        document, error = parse(DOCUMENTS / name)
        seconds = time.perf_counter() - started
        if document is None:
            score, diffs = score_document(gold, None, [])
            diffs.insert(0, f"no document: {error}")
            raw = score
        else:
            rows = rows_of(document)
            cpas_rows = [row for row, it in zip(rows, document.items, strict=True) if getattr(it, "is_cpas", True)]
            score, diffs = score_document(gold, document.cpas_name, cpas_rows)
            raw, _ = score_document(gold, document.cpas_name, rows)
        _CACHE[name] = Outcome(name, score, raw, diffs, error, seconds)
    return _CACHE[name]


def total(outcomes: list[Outcome]) -> Score:
    s = Score()
    for o in outcomes:
        s = s + o.score
    return s


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or files()
    outs = [outcome(n) for n in names]
    print(table([(o.name, o.score) for o in outs] + [("all", total(outs))]))
    for o in outs:
        if o.raw.summary() != o.score.summary():
            print(f"{o.name}: raw (every parsed item, commune part included): "
                  + " ".join(f"{k}={v:.3f}" for k, v in o.raw.summary().items()))
    for o in outs:
        bad = failures(o.score)
        if bad or o.diffs:
            print(f"\n== {o.name} ({o.seconds:.1f} s): {'; '.join(bad) or 'passes'}")
            for d in o.diffs[:15]:
                print("   ", d)
            if len(o.diffs) > 15:
                print(f"    … {len(o.diffs) - 15} more")
    return 0


if __name__ == "__main__":
    sys.exit(main())
