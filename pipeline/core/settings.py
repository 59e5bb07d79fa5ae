"""Shared defaults: the parser version, where the warehouse, the source list, the raw store and
the reference data live. Paths under ``data/`` that analysts edit are resolved from the
project folder; the warehouse, sources and store default to the working directory (override
with ``PST_DB``, ``PST_SOURCES``, ``PST_STORE``)."""

from __future__ import annotations

import os
from pathlib import Path

# Bump when the parse output changes: documents loaded by another version are parsed again.
PARSER_VERSION = "0.3.9"

PROJECT_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_DIR / "data"

DEFAULT_DB = os.environ.get("PST_DB", "data/pst.duckdb")
DEFAULT_SOURCES = os.environ.get("PST_SOURCES", "data/sources.yaml")
DEFAULT_STORE = os.environ.get("PST_STORE", "data/store")

RULES_FILE = DATA_DIR / "rules" / "art27ter.yaml"
# Analysts' corrections of parses (reviewed YAML files, applied after every load).
CORRECTIONS_DIR = Path(os.environ.get("PST_CORRECTIONS", DATA_DIR / "corrections"))
INSTALLATIONS_FILE = DATA_DIR / "reference" / "cas_installations.csv"
THEMES_FILE = DATA_DIR / "themes.yaml"

__all__ = [
    "CORRECTIONS_DIR",
    "DATA_DIR",
    "DEFAULT_DB",
    "DEFAULT_SOURCES",
    "DEFAULT_STORE",
    "INSTALLATIONS_FILE",
    "PARSER_VERSION",
    "PROJECT_DIR",
    "RULES_FILE",
    "THEMES_FILE",
]
