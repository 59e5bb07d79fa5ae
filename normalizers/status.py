"""Normalize follow-up vocabulary (statut, état d'avancement, taux d'avancement) to a few values."""

from __future__ import annotations

import functools
import re

import yaml

from pipeline.core.model import Status
from pipeline.core.settings import DATA_DIR
from pipeline.core.text import fold

STATUS_VOCABULARY_FILE = DATA_DIR / "vocabulary" / "statuses.yaml"


@functools.cache
def _status_words() -> tuple[tuple[Status, tuple[str, ...]], ...]:
    """The status vocabulary of ``data/vocabulary/statuses.yaml``, in its order (first match wins)."""
    entries = yaml.safe_load(STATUS_VOCABULARY_FILE.read_text(encoding="utf-8"))
    return tuple((Status(e["status"]), tuple(fold(str(w)) for w in e["words"])) for e in entries)


@functools.cache
def _status_patterns() -> tuple[tuple[Status, re.Pattern[str], tuple[str, ...]], ...]:
    """Per status, in order: one compiled pattern of its words (as ``normalize_status`` reads them) and
    its words without spaces (as ``status_of_wrapped_label`` reads them)."""
    return tuple(
        (
            status,
            re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + ")"),
            tuple(re.sub(r"\s+", "", w) for w in words),
        )
        for status, words in _status_words()
    )


def preload_statuses() -> None:
    """Read and compile the status vocabulary now (it is cached for the process's life)."""
    _status_patterns()


@functools.lru_cache(maxsize=8192)
def normalize_status(text: str | None) -> Status | None:
    """Map a printed status ("À agender", "Réalisé", "En cours", "Annulé"...) to a ``Status``.

    Cached, and one pattern per status: a table of 30,000 rows asks for the same few cells' status
    over and over."""
    if not text:
        return None
    folded = fold(text)
    if not folded or len(folded) > 80:
        return None
    for status, pattern, _ in _status_patterns():
        if pattern.search(folded):
            return status
    return None


def status_alone(text: str | None) -> Status | None:
    """The status a line prints alone, the whole line one status word ("En cours", "Réalisé."): a web
    page's badge after an action's title; None for a longer line that only mentions one."""
    folded = fold(text or "").strip(" .:;-–—()[]")
    for status, words in _status_words():
        if folded in words:
            return status
    return None


def status_from_progress(pct: float | None) -> Status | None:
    """A status implied by a taux d'avancement: 0 → to schedule, 100 → done, else in progress."""
    if pct is None:
        return None
    if pct <= 0:
        return Status.A_PROGRAMMER
    if pct >= 100:
        return Status.FINALISE
    return Status.EN_COURS


def parse_progress(text: str | None) -> float | None:
    """Read a percentage ("75 %", "0,5" as a share is not guessed) from a cell or a line."""
    if not text:
        return None
    m = re.search(r"(\d{1,3}(?:[.,]\d+)?)\s*%", text)
    if not m:
        m = re.fullmatch(r"\s*(\d{1,3}(?:[.,]\d+)?)\s*", text)
    if not m:
        return None
    value = float(m.group(1).replace(",", "."))
    return value if 0 <= value <= 100 else None


def is_mark(text: str | None) -> bool:
    """True for a cell that ticks a column: "X", "x", "✓", "●", "oui"."""
    return fold(text or "") in {"x", "✓", "✔", "●", "•", "oui", "v", "xx", "■", "☒", "☑"}


@functools.lru_cache(maxsize=8192)
def status_of_wrapped_label(text: str | None) -> Status | None:
    """A status column label wrapped mid-word in a narrow column ("Non comme ncé", "A progra mmer")."""
    compact = re.sub(r"[\s\-]+", "", fold(text or ""))
    if not compact or len(compact) > 30:
        return None
    for status, _, compacted in _status_patterns():
        if compact.startswith(compacted):
            return status
    return None


_BOX = re.compile(r"(☐|☒|☑|■|□|✓|✔|\[\s*[xX]?\s*\])")
_CHECKED = re.compile(r"^(?:☒|☑|■|✓|✔|\[\s*[xX]\s*\])$")


def status_of_checkboxes(text: str | None) -> Status | None:
    """The ticked option of a form line "☐ À agender ☒ En cours ☐ Réalisé"; None when none is ticked."""
    parts = _BOX.split(text or "")
    if len(parts) < 3:
        return None
    for box, option in zip(parts[1::2], parts[2::2], strict=False):
        if _CHECKED.match(box.strip()):
            return normalize_status(option)
    return None
