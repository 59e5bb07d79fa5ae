"""Text folding for matching French words: the one place accents are stripped.

``fold`` is the general form (matching vocabularies, statuses, names); ``fold_chars`` keeps the
length of the text so that spans found in it map back to the original; ``fold_words`` keeps
only letters and digits, one space between words, for phrase matching with word boundaries.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_accents(text: str) -> str:
    """``text`` without its combining marks ("Grâce-Hollogne" → "Grace-Hollogne"); case kept."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower-case, strip accents, collapse whitespace — for matching French words."""
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


__all__ = ["fold", "fold_chars", "fold_words", "strip_accents"]
