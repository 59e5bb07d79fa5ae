"""Golden trees: every sample document parses to its hand-checked tree (tests/golden/).

The gold files are copied into tests/golden/ so a clone is self-contained. Text documents must
give the whole tree exactly (titles compared after case/accent/space folding); the OCR scan is
compared with a title similarity of 0.85 (OCR misreads letters) but exact numbers and parents.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

import pytest

from normalizers.parse import parse_file

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[«»\"'’`]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .:;–-*")


def gold_cases():
    for gold_file in sorted(GOLDEN.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        for name in gold["files"]:
            marks = [pytest.mark.slow] if name.endswith("_scan.pdf") else []
            yield pytest.param(gold, name, id=name, marks=marks)


def tree_of(items):
    return sorted((i["level"], i["volet"], i["number"], i["label"], i["parent"], i["title"]) for i in items)


def parsed_tree(doc):
    return tree_of(
        [
            {
                "level": i.level.value,
                "volet": i.volet.value if i.volet else None,
                "number": i.number,
                "label": i.source_label,
                "parent": i.parent_number,
                "title": i.title,
            }
            for i in doc.items
        ]
    )


def gold_tree(gold):
    return tree_of(
        [
            {
                "level": i["level"],
                "volet": i.get("volet"),
                "number": i["number"],
                "label": i.get("label"),
                "parent": i.get("parent"),
                "title": i["title"],
            }
            for i in gold["items"]
        ]
    )


@pytest.mark.parametrize(("gold", "name"), list(gold_cases()))
def test_sample_gives_its_gold_tree(gold, name):
    result = parse_file(SAMPLES / name)
    assert result.failure is None, result.failure
    doc = result.document
    assert doc.cpas_name == gold["cpas"]
    got = [(lv, vo, nu, la, pa, norm(ti)) for lv, vo, nu, la, pa, ti in parsed_tree(doc)]
    want = [(lv, vo, nu, la, pa, norm(ti)) for lv, vo, nu, la, pa, ti in gold_tree(gold)]
    if name.endswith("_scan.pdf"):
        # OCR: same structure, titles nearly the same.
        assert [g[:5] for g in got] == [w[:5] for w in want]
        ratios = [difflib.SequenceMatcher(None, g[5], w[5]).ratio() for g, w in zip(got, want, strict=True)]
        assert min(ratios) >= 0.85, sorted(ratios)[:5]
    else:
        assert got == want


def test_pdf_and_docx_of_the_same_plan_give_the_same_tree():
    for stem in ("meix-devant-virton_pst", "grace-hollogne_deliberation-pst"):
        pdf = parse_file(SAMPLES / f"{stem}.pdf").document
        docx = parse_file(SAMPLES / f"{stem}.docx").document
        assert pdf is not None and docx is not None
        strip = lambda t: [(lv, vo, nu, la, pa, norm(ti)) for lv, vo, nu, la, pa, ti in t]  # noqa: E731
        assert strip(parsed_tree(pdf)) == strip(parsed_tree(docx))


def test_duplicate_numbers_of_the_samples_are_recorded_as_anomalies():
    doc = parse_file(SAMPLES / "grace-hollogne_deliberation-pst.docx").document
    dups = sorted(a.number for a in doc.anomalies if a.kind == "duplicate_number")
    assert dups == ["1.2", "2.3", "2.4"]
    meix = parse_file(SAMPLES / "meix-devant-virton_pst.pdf").document
    assert [a.number for a in meix.anomalies if a.kind == "duplicate_number"] == ["5.3"]


def test_declared_counts_of_the_web_page_are_kept_and_compared():
    doc = parse_file(SAMPLES / "sprimont_pst-du-cpas.html").document
    assert (doc.declared.os, doc.declared.oo, doc.declared.action, doc.declared.action_is_minimum) == (6, 15, 40, True)
    mismatches = sorted(a.detail for a in doc.anomalies if a.kind == "declared_count_mismatch")
    assert mismatches == ["document declares 15 oo, 0 extracted", "document declares at least 40 action, 0 extracted"]
