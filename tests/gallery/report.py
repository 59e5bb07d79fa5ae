"""Print the gallery's scores: ``python -m tests.gallery.report [--scans] [--diffs N] [--family F] [--json]``.

Per family (a mix counts in each family it mixes), then per file, then each file's differences
(missed / extra items, wrong numbers, parents, statuses, CPAS) — what a parser fix starts from.
"""

from __future__ import annotations

import argparse
import json
import sys

from tests.gallery.harness import FAMILY_ORDER, files_of, manifest, outcome, total
from tests.gallery.score import table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scans", action="store_true", help="also parse the scans (OCR, slow)")
    ap.add_argument("--diffs", type=int, default=8, help="differences shown per file (0: none)")
    ap.add_argument("--family", action="append", help="only these families")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    families = [f for f in FAMILY_ORDER if (a.scans or f != "10") and (not a.family or f in a.family)]
    names = sorted({n for f in families for n in files_of(f, scans=a.scans)})
    outcomes = {n: outcome(n) for n in names}
    fam_rows = [(f"{f}. {manifest()['families'][f][:30]}", total([outcomes[n] for n in files_of(f, scans=a.scans)
                                                                  if n in outcomes])) for f in families]
    fam_rows.append(("all", total(list(outcomes.values()))))
    if a.json:
        print(json.dumps({
            "families": {label: s.summary() for label, s in fam_rows},
            "files": {n: {"summary": o.score.summary(), "diffs": o.diffs, "error": o.error,
                          "seconds": round(o.seconds, 2)} for n, o in outcomes.items()},
        }, ensure_ascii=False, indent=1))
        return 0
    print(table(fam_rows))
    print()
    print(table([(n, o.score) for n, o in outcomes.items()]))
    if a.diffs:
        for n, o in outcomes.items():
            if o.diffs:
                print(f"\n== {n} ({o.seconds:.1f} s): {len(o.diffs)} differences")
                for d in o.diffs[: a.diffs]:
                    print("  " + d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
