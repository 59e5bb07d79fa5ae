"""The gallery is reproducible: the generator writes the same .docx parts and .html bytes as the committed
ones, and the gold trees it derives are the committed gold trees; the gold trees are well formed."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.gallery.generate import SPECS, build_source
from tests.gallery.gold import gold_items
from tests.gallery.harness import DOCUMENTS, GOLD, manifest
from tests.gallery.plans import make_plan


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_builder_writes_the_committed_source_and_gold(spec, tmp_path):
    toc_pages = manifest()["specs"][spec.name]["toc_pages"]
    a, items = build_source(spec, tmp_path, toc_pages)
    committed = DOCUMENTS / spec.source
    if spec.is_html:
        assert a.read_bytes() == committed.read_bytes()
    else:
        assert _parts(a) == _parts(committed)
        again = tmp_path / "again"
        again.mkdir()
        b, _ = build_source(spec, again, toc_pages)
        assert a.read_bytes() == b.read_bytes()  # same zip bytes within one machine
    gold = json.loads((GOLD / f"{spec.source}.json").read_text(encoding="utf-8"))
    assert gold["items"] == items


def test_same_seed_same_plan():
    a, b = make_plan(4242, volets=True, axes=True), make_plan(4242, volets=True, axes=True)
    assert gold_items(a) == gold_items(b)
    assert a.commune == b.commune


@pytest.mark.parametrize("name", sorted(manifest()["files"]))
def test_gold_is_well_formed(name):
    gold = json.loads((GOLD / f"{name}.json").read_text(encoding="utf-8"))
    assert gold["files"] == [name]
    keys = set()
    for item in gold["items"]:
        assert item["level"] in ("os", "oo", "action")
        assert item["volet"] in (None, "interne", "externe")
        depth = item["number"].count(".") + 1
        assert depth == ("os", "oo", "action").index(item["level"]) + 1
        if depth > 1:
            assert item["parent"] == item["number"].rsplit(".", 1)[0]
            assert (item["volet"], item["parent"]) in keys, "a parent precedes its children"
        assert item["title"].strip() and 2 <= len(item["title"].split()) <= 40
        assert (item["volet"], item["number"]) not in keys
        keys.add((item["volet"], item["number"]))
    assert gold["cpas"] and gold["items"]
