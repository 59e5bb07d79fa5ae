"""One-way rooms: the import-linter contract holds, names every room, and the packages import downwards only."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from importlib import import_module
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
# From the highest layer to the lowest: data flows bytes → blocks → tree → rows.
PACKAGES = ("flows", "warehouse", "normalizers", "extractors", "pipeline")


def _contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    assert set(config["root_packages"]) == set(PACKAGES)
    (contract,) = config["contracts"]
    return contract


def _named(contract: dict) -> list[str]:
    return [name.strip() for layer in contract["layers"] for name in layer.replace(":", "|").split("|")]


def test_lint_imports_keeps_the_contract():
    lint = Path(sys.executable).parent / "lint-imports"
    proc = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "1 kept, 0 broken" in proc.stdout


def test_the_contract_is_one_allowed_list_naming_every_room():
    contract = _contract()
    assert contract["type"] == "layers" and not contract.get("containers")
    named = _named(contract)
    assert len(named) == len(set(named))
    children = {
        f"{package}.{info.name}"
        for package in PACKAGES
        for info in pkgutil.iter_modules(import_module(package).__path__)
    }
    assert sorted(children - set(named)) == [], "name these in the layers contract of pyproject.toml"
    assert sorted(set(named) - children) == []
    # Layers follow the package order: no room of a lower package sits above one of a higher package.
    order = [PACKAGES.index(name.split(".")[0]) for name in named]
    assert order == sorted(order)


def test_packages_import_downwards_only():
    """No import loop between the five packages; their own __init__ (outside the contract) included."""
    graph = grimp.build_graph(*PACKAGES)
    upward = sorted(
        f"{importer} → {imported}"
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if PACKAGES.index(imported.split(".")[0]) < PACKAGES.index(importer.split(".")[0])
    )
    assert upward == []


def test_ground_floor_imports_nothing_of_the_project():
    graph = grimp.build_graph(*PACKAGES)
    core = {m for m in graph.modules if m == "pipeline.core" or m.startswith("pipeline.core.")}
    outside = sorted(
        f"{m} → {imported}"
        for m in core
        for imported in graph.find_modules_directly_imported_by(m)
        if imported not in core
    )
    assert outside == []
