"""Text folding for matching French words: the one place accents are stripped.

``fold`` is the general form (matching vocabularies, statuses, names); ``fold_chars`` keeps the
length of the text so that spans found in it map back to the original; ``fold_words`` keeps
only letters and digits, one space between words, for phrase matching with word boundaries.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


class _CombiningMarks(dict):
    """``str.translate`` table dropping combining marks, filled as chars are met (a C loop, not a Python one)."""

    def __missing__(self, cp: int) -> int | None:
        kept = None if unicodedata.combining(chr(cp)) else cp
        self[cp] = kept
        return kept


_DROP_COMBINING = _CombiningMarks()


def strip_accents(text: str) -> str:
    """``text`` without its combining marks ("Grâce-Hollogne" → "Grace-Hollogne"); case kept."""
    if not text or text.isascii():
        return text or ""
    return unicodedata.normalize("NFKD", text).translate(_DROP_COMBINING)


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, strip accents, collapse whitespace — for matching French words (the same titles are folded
    again and again when plans are compared: the last 65,536 are kept)."""
    text = strip_accents(text).casefold()
    text = text.replace("œ", "oe").replace("’", "'")
    return _SPACES.sub(" ", text).strip()


def fold_words(text: str) -> str:
    """``fold`` with every run of other characters a single space, padded: " programme strategique "."""
    return " " + _NOT_ALNUM.sub(" ", fold(text)).strip() + " "


class _FoldTable(dict):
    """``str.translate`` table: one char → one char (lower-case, no accent, else space)."""

    def __missing__(self, cp: int) -> str:
        base = strip_accents(chr(cp)).lower()
        out = base[0] if base and base[0].isalnum() else " "
        self[cp] = out
        return out


_FOLD_TABLE = _FoldTable()


def fold_chars(text: str) -> str:
    """Lower-case, strip accents, turn every non-alphanumeric char into a space.

    The result has exactly the length of ``text``, so spans map back to the original.
    """
    return text.translate(_FOLD_TABLE)


# Joiners and variation selectors that ride on a pictograph ("✔️", "👩‍💼"): no text of their own.
PICTOGRAPH_MODIFIERS = "\u200d\ufe0e\ufe0f"
# The boxes of a form ("☐ À agender ☒ En cours"): which one is ticked is the item's status.
_TICK_BOXES = frozenset("☐☑☒")


def is_pictograph(ch: str) -> bool:
    """True for one symbol used as a bullet or an icon: arrows, dingbats, emoji ("🎯", "✅", "➡").

    Symbols below the arrows ("°", "©", "€") are text; so are letters, digits and punctuation, and the
    boxes of a form.
    """
    if len(ch) != 1:
        return False
    if ch in PICTOGRAPH_MODIFIERS or 0x1F3FB <= ord(ch) <= 0x1F3FF:  # skin tones
        return True
    if ch in _TICK_BOXES:
        return False
    return ord(ch) >= 0x2190 and unicodedata.category(ch) == "So"


def strip_pictographs(text: str) -> str:
    """``text`` without the pictographs (and the spaces after them) it opens with."""
    i = 0
    while i < len(text) and (is_pictograph(text[i]) or (i and text[i].isspace())):
        i += 1
    return text[i:] if i and any(is_pictograph(c) for c in text[:i]) else text


__all__ = [
    "PICTOGRAPH_MODIFIERS", "fold", "fold_chars", "fold_words", "is_pictograph", "strip_accents", "strip_pictographs",
]
