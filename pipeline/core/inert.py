"""Text from documents made inert before it reaches a terminal or an analyst's file.

Titles, labels and file names come from documents and websites nobody vetted. A control
character in them can rewrite a terminal (``ESC [ … m``, a carriage return that hides what came
before it) or make an Excel file unwritable (XML 1.0 forbids most C0 characters). ``visible_controls``
replaces each control character by a visible stand-in — the Unicode control pictures ``␀``–``␟``
for C0 and ``␡`` for DEL, ``�`` for C1, the XML non-characters and the lone surrogates of file names
that are not UTF-8 — so the text keeps its length
and a reader still sees that something was there.
"""

from __future__ import annotations

import functools
import re

_C0 = {c: chr(0x2400 + c) for c in range(0x20)}
_TABLE: dict[int, str] = {**_C0, 0x7F: "\u2421", **{c: "\ufffd" for c in range(0x80, 0xA0)}}
_TABLE.update({0xFFFE: "\ufffd", 0xFFFF: "\ufffd"})
# Lone surrogates: how Python carries file-name bytes that are not UTF-8; no terminal or file takes them.
_TABLE.update({c: "\ufffd" for c in range(0xD800, 0xE000)})
_ANY = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

TERMINAL_KEEP = "\t\n"
"""What a terminal may receive as is: a tab or a line break cannot rewrite what was printed (a carriage return can)."""
FILE_KEEP = "\t\n\r"
"""What a text cell of a CSV or Excel file may hold as is (quoted in CSV, legal in XML)."""


def visible_controls(text: str, keep: str = TERMINAL_KEEP) -> str:
    """``text`` with every control character outside ``keep`` replaced by a visible one-character stand-in."""
    if not _ANY.search(text):
        return text
    return text.translate(_table_keeping(keep))


@functools.lru_cache(maxsize=8)
def _table_keeping(keep: str) -> dict[int, str]:
    return {c: v for c, v in _TABLE.items() if chr(c) not in keep} if keep else _TABLE


def has_controls(text: str, keep: str = TERMINAL_KEEP) -> bool:
    """True when ``visible_controls`` would change ``text``."""
    return any(c not in keep for c in _ANY.findall(text))


__all__ = ["FILE_KEEP", "TERMINAL_KEEP", "has_controls", "visible_controls"]
