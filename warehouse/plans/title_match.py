"""Whether two item titles are the same, give or take OCR noise, punctuation or a cut (difflib's ratio).

Comparing two plans' renditions compares each title with many others: ``RatioBounds`` computes the cheap upper
bounds of the ratio for one title against a whole list at once, so difflib runs only where it may pass.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from typing import TYPE_CHECKING

from pipeline.core.text import fold

if TYPE_CHECKING:
    import numpy as np

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=1 << 16)
def normalize_title(text: str | None) -> str:
    """Folded title with only letters and digits, for comparing titles across renditions and versions."""
    return _NOT_ALNUM.sub(" ", fold(text or "")).strip()


def titles_match(a: str | None, b: str | None, threshold: float = 0.85) -> bool:
    """Same title, give or take OCR noise, punctuation or a cut: similarity >= threshold or one a prefix."""
    x, y = normalize_title(a), normalize_title(b)
    return bool(x and y) and (_one_cut_from_the_other(x, y) or similar_enough(x, y, threshold))


def _one_cut_from_the_other(x: str, y: str) -> bool:
    return x == y or (min(len(x), len(y)) >= 20 and (x.startswith(y) or y.startswith(x)))


def similar_enough(x: str, y: str, threshold: float) -> bool:
    """difflib's ``ratio()`` of two texts >= ``threshold``. Its upper bounds come first — the lengths, then the
    letters in common —, computed without building a SequenceMatcher (its index of the second text was most of
    the cost of comparing two plans' renditions)."""
    total = len(x) + len(y)
    if not total:
        return threshold <= 1.0  # difflib: two empty texts are identical
    if 2 * min(len(x), len(y)) < threshold * total:
        return False
    if 2 * sum((_letters(x) & _letters(y)).values()) < threshold * total:
        return False
    return difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() >= threshold


@functools.lru_cache(maxsize=1 << 14)
def _letters(text: str) -> Counter:
    return Counter(text)


class RatioBounds:
    """Upper bounds of difflib's ``ratio()`` between one text and each of ``texts``, all at once: the lengths, then
    the letters in common — the checks ``similar_enough`` makes before difflib, with the same outcome."""

    def __init__(self, texts: list[str]):
        import numpy as np  # here: the loader imports this module, and an unchanged run compares no titles

        self._alphabet = {c: i for i, c in enumerate(sorted(set("".join(texts))))}
        self._lengths = np.array([len(t) for t in texts], dtype=np.int64)
        self._counts = np.zeros((len(texts), len(self._alphabet)), dtype=np.int64)
        for row, text in enumerate(texts):
            for c, n in _letters(text).items():
                self._counts[row, self._alphabet[c]] = n

    def may_reach(self, x: str, threshold: float) -> np.ndarray:
        """For each text, False when its ratio with ``x`` is surely below ``threshold``."""
        import numpy as np

        total = len(x) + self._lengths
        ok = 2 * np.minimum(len(x), self._lengths) >= threshold * total
        mine = np.zeros(len(self._alphabet), dtype=np.int64)
        for c, n in _letters(x).items():
            if c in self._alphabet:
                mine[self._alphabet[c]] = n
        return ok & (2 * np.minimum(self._counts, mine).sum(axis=1) >= threshold * total)


class TitlePool:
    """Titles to look a counterpart up in, many times (the items of a plan's chosen rendition)."""

    def __init__(self, titles: list[str | None]):
        self._titles = [normalize_title(t) for t in titles]
        self._bounds = RatioBounds(self._titles)

    def first_match(self, title: str | None, among: list[int], threshold: float = 0.85) -> int | None:
        """The first of the titles ``among`` (indices, in their order) that ``titles_match`` ``title``."""
        x = normalize_title(title)
        if not x:
            return None
        maybe = self._bounds.may_reach(x, threshold)
        for j in among:
            y = self._titles[j]
            if y and (_one_cut_from_the_other(x, y) or (maybe[j] and similar_enough(x, y, threshold))):
                return j
        return None
