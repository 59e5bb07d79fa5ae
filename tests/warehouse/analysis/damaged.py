"""Files saved at install (``warehouse/analysis/install_files.py``) made unusable the ways a real one can be."""

from __future__ import annotations

import marshal
from collections.abc import Callable
from pathlib import Path

RESTAMPED = "stamped for another install"
DAMAGES = (RESTAMPED, "truncated", "not marshal", "absent")


def damage(file: Path, how: str, restamp: Callable[[tuple], tuple]) -> None:
    """Damage a saved ``file``: its stamp changed by ``restamp`` (another Python, spaCy, code...), cut short,
    replaced by text, or deleted."""
    if how == RESTAMPED:
        stamp, payload = marshal.loads(file.read_bytes())
        file.write_bytes(marshal.dumps((restamp(stamp), payload)))
    elif how == "truncated":
        file.write_bytes(file.read_bytes()[:-40])
    elif how == "not marshal":
        file.write_text("not a saved file", encoding="utf-8")
    else:
        file.unlink()
