"""Text layers that cannot be read: glyphs with no Unicode behind them (CID fonts without ``ToUnicode``).

Such a page extracts as "b(cid:1)n(cid:1)ficiaires" — every accented letter lost — or as nothing
but ``(cid:N)``. The words are then no plan's words: the page is recorded as "not a PST" or loaded
as garbage. ``unreadable_layer`` tells such a page from one that merely has a few unmapped symbols
(a bullet in a symbol font is one, between spaces): unmapped glyphs *inside words*, or a page
that is mostly unmapped. The reader then sends the page to OCR, as a scan.
"""

from __future__ import annotations

import re

from .textlayer import PageContent

_UNMAPPED = re.compile(r"\(cid:\d+\)|[\x00-\x08\x0e-\x1f]")
_IN_WORD = re.compile(r"(?<=[^\W\d_])(?:\(cid:\d+\)|[\x00-\x08\x0e-\x1f])+(?=[^\W\d_])")
_LETTER = re.compile(r"[^\W\d_]")

MIN_IN_WORD = 3  # unmapped glyphs inside words on a page before it is judged unreadable
IN_WORD_SHARE = 0.005  # ... and their share of the page's letters (French: 2-4 % accented letters)
UNMAPPED_SHARE = 0.3  # a page whose glyphs are this much unmapped is unreadable, words or not


def unreadable_layer(page: PageContent) -> str | None:
    """Why the page's text layer cannot be read (to say in a warning), or None when it can."""
    text = "\n".join(line.text for line in page.lines)
    if not text:
        return None
    unmapped = len(_UNMAPPED.findall(text))
    if not unmapped:
        return None
    in_word = sum(len(_UNMAPPED.findall(m.group(0))) for m in _IN_WORD.finditer(text))
    letters = len(_LETTER.findall(_UNMAPPED.sub("", text)))
    glyphs = letters + unmapped
    if in_word >= MIN_IN_WORD and in_word >= IN_WORD_SHARE * max(letters, 1):
        return f"{in_word} glyphs inside words have no Unicode mapping (a font without ToUnicode)"
    if glyphs and unmapped >= UNMAPPED_SHARE * glyphs:
        return f"{unmapped} of {glyphs} glyphs have no Unicode mapping (a font without ToUnicode)"
    return None


__all__ = ["unreadable_layer"]
