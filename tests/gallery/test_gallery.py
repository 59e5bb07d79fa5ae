"""The gallery (issue 10): every document parsed through the project's entry point and scored against
its gold tree with the matching of the evaluation scorer (``tests/gallery/score.py``).

Bar: each level's F1 >= 0.98, status accuracy >= 0.98, CPAS accuracy 1.0 — over the whole gallery
and within each layout family (one test per family, so the failing family shows in the test id).
``pytest -s tests/gallery`` prints the per-family table. The scans (family 10) are OCR'd: slow.
"""

from __future__ import annotations

import pytest

from tests.gallery.harness import DOCUMENTS, FAMILY_ORDER, failures, files_of, manifest, outcome, total
from tests.gallery.score import table

FAMILIES = manifest()["families"]


def _report(names: list[str], *, worst: int = 25) -> str:
    """The files that are not perfect, then their first differences."""
    outcomes = [o for o in (outcome(n) for n in names) if o.diffs]
    lines = [table([(o.name, o.score) for o in outcomes])]
    diffs = [f"{o.name}: {d}" for o in outcomes for d in o.diffs]
    if diffs:
        lines.append(f"first {min(worst, len(diffs))} of {len(diffs)} differences:")
        lines += diffs[:worst]
    return "\n".join(lines)


def _check(names: list[str]) -> None:
    assert names, "no gallery document in this family"
    score = total([outcome(n) for n in names])
    problems = failures(score)
    assert not problems, "; ".join(problems) + "\n" + _report(names)


def test_gallery_files_exist():
    listed = manifest()["files"]
    missing = [n for n in listed if not (DOCUMENTS / n).is_file()]
    assert not missing, f"regenerate the gallery (python -m tests.gallery.generate): missing {missing}"
    assert len(listed) >= 40


@pytest.mark.parametrize("family", [f for f in FAMILY_ORDER if f != "10"], ids=lambda f: f"family{f}")
def test_family(family):
    """One layout family of issue 10 (a mix counts in each family it mixes)."""
    _check(files_of(family))


@pytest.mark.slow
def test_family10_scans():
    """Scans of the other families, OCR'd."""
    _check(files_of("10", scans=True))


def test_gallery_overall():
    """The whole gallery but the scans; prints the per-family table (pytest -s)."""
    names = files_of()
    rows = [(f"{f}. {FAMILIES[f][:30]}", total([outcome(n) for n in files_of(f)])) for f in FAMILY_ORDER if f != "10"]
    rows.append(("all (no scans)", total([outcome(n) for n in names])))
    print("\n" + table(rows))
    _check(names)
