"""Option types of the ``pst`` commands: choices read from the project's vocabulary, dates, paths checked.

Every value a command accepts is checked while the command line is parsed, so a wrong value is a
one-line error naming the valid ones before any work starts. The valid values are read from where
the warehouse takes them (export formats, deadline statuses, source kinds, provinces of the bound
CPAS), when first needed: ``pst --help`` stays fast and no list is copied here.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

# The former `no_evidence` status, still accepted by `--status` for the three statuses it was split into.
NO_EVIDENCE_ALIAS = "no_evidence"


def _folded(text: str) -> str:
    """Lower case without accents: "liege" finds "Liège"."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


class Vocabulary:
    """A typer ``parser``: one of the values the project's data defines, loaded on first use.

    Case and accents are ignored; the command receives the value spelled as in the data. With
    ``separator`` the option takes several values (``late,due_soon``) and the command a list.
    """

    def __init__(self, load: Callable[[], Iterable[str]], *, separator: str | None = None) -> None:
        self._load = load
        self._values: dict[str, str] | None = None
        self.separator = separator

    @property
    def choices(self) -> list[str]:
        """The valid values, as spelled in the data."""
        return list(self._known().values())

    def _known(self) -> dict[str, str]:
        if self._values is None:
            self._values = {_folded(v): v for v in self._load()}
        return self._values

    def _one(self, value: str) -> str:
        found = self._known().get(_folded(value.strip()))
        if found is None:
            raise ValueError(f"{value.strip()!r} is not one of: {', '.join(self.choices)}")
        return found

    def __call__(self, value: object) -> str | list[str]:
        if not isinstance(value, str):  # a default already converted
            return value  # type: ignore[return-value]
        if self.separator is None:
            return self._one(value)
        parts = [v for v in value.split(self.separator) if v.strip()]
        return list(dict.fromkeys(self._one(v) for v in parts))


def _formats() -> tuple[str, ...]:
    from warehouse.export.writers import FORMATS

    return FORMATS


def _statuses() -> list[str]:
    from warehouse.compliance.rules import DeadlineState

    return [state.value for state in DeadlineState] + [NO_EVIDENCE_ALIAS]


def _source_kinds() -> list[str]:
    from pipeline.acquire.sources import SourceKind

    return [kind.value for kind in SourceKind]


def _provinces() -> list[str]:
    from pipeline.reference.municipalities import bound_cpas

    return sorted({m.province_name for m in bound_cpas()}, key=_folded)


def _legislatures() -> tuple[str, ...]:
    from pipeline.reference.municipalities import LEGISLATURES

    return LEGISLATURES


EXPORT_FORMAT = Vocabulary(_formats)
DEADLINE_STATUSES = Vocabulary(_statuses, separator=",")
SOURCE_KIND = Vocabulary(_source_kinds)
PROVINCE = Vocabulary(_provinces)
LEGISLATURE = Vocabulary(_legislatures)


def iso_date(value: object) -> date:
    """A typer ``parser``: a day written AAAA-MM-JJ."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{value!r} n'est pas une date AAAA-MM-JJ (ex. 2026-11-23)") from None


def output_file(value: object) -> Path:
    """A typer ``parser``: a file to write, whose folder exists and can be written, and which is not a folder.

    Checked before the command works: a typo in a folder name costs nothing and says so in one line.
    """
    path = Path(str(value))
    try:
        if path.is_dir():
            raise ValueError(f"{path} is a folder: give a file name")
        if not path.parent.is_dir():
            raise ValueError(f"the folder {path.parent} does not exist")
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise ValueError(f"{path}: Permission denied")
    except OSError as exc:  # a name too long, a loop of links…
        raise ValueError(f"{path}: {exc.strerror}") from None
    return path


def output_folder(value: object) -> Path:
    """A typer ``parser``: a folder to write into (created if missing) under a writable existing folder."""
    path = Path(str(value))
    try:
        existing = next((p for p in (path, *path.parents) if p.exists()), Path("."))
        if not existing.is_dir():
            raise ValueError(f"{existing} is a file, not a folder")
        if not os.access(existing, os.W_OK):
            raise ValueError(f"{existing}: Permission denied")
    except OSError as exc:
        raise ValueError(f"{path}: {exc.strerror}") from None
    return path


def expand_statuses(statuses: Iterable[str] | None) -> list[str]:
    """The statuses asked for, with the ``no_evidence`` alias replaced by the three statuses it covers."""
    from warehouse.compliance.rules import NO_EVIDENCE_STATES

    out: list[str] = []
    for status in statuses or ():
        out += [s.value for s in NO_EVIDENCE_STATES] if status == NO_EVIDENCE_ALIAS else [status]
    return list(dict.fromkeys(out))


__all__ = [
    "DEADLINE_STATUSES",
    "EXPORT_FORMAT",
    "LEGISLATURE",
    "NO_EVIDENCE_ALIAS",
    "PROVINCE",
    "SOURCE_KIND",
    "Vocabulary",
    "expand_statuses",
    "iso_date",
    "output_file",
    "output_folder",
]
