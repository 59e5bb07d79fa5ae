"""Regular expressions compiled once, at install time, like ``.pyc`` files: spaCy's French tokenizer pattern.

Importing spaCy's French language compiles one regular expression of 1.4 MB (the hyphenated and elided words
kept as one token, ``spacy.lang.fr.tokenizer_exceptions.TOKEN_MATCH``): 3.4 s of CPU in every process that
loads the French pipeline, more than the parse of 24 PDFs. Python's ``re`` keeps what it compiled in a cache
keyed by the pattern's text; ``preload`` puts the compiled pattern there, rebuilt from its saved byte code in
10 ms, so that spaCy's own ``re.compile`` finds it. The byte code is the one ``re`` itself produces (``save``
runs ``re``'s compiler, and checks that the result equals ``re.compile``'s), so the tokens, lemmas and
themes are those of an ordinary load. A file written by another Python, a changed pattern or an unreadable
file is ignored: spaCy then compiles the pattern as usual.

``make bytecode`` writes the file (``python -m warehouse.analysis.compiled_patterns``); ``PST_PATTERN_CACHE``
moves it.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from warehouse.analysis.install_files import install_file, read_stamped, write_stamped

log = logging.getLogger(__name__)

CACHE_FILE = install_file("PST_PATTERN_CACHE", "patterns.marshal")


def _stamp() -> tuple:
    """What the saved byte code is valid for: this Python and its regular expression engine."""
    import _sre

    return (sys.implementation.cache_tag, tuple(sys.version_info[:3]), _sre.MAGIC, _sre.CODESIZE)


def _compiled_parts(pattern: re.Pattern) -> tuple:
    """The arguments ``re``'s compiler gives ``_sre.compile`` for ``pattern`` (``re._compiler.compile``)."""
    from re import _compiler, _parser  # noqa: PLC2701 - the compiler's own steps, so the byte code is re's

    flags = 0  # saved patterns are compiled from their text alone (their flags are inline)
    parsed = _parser.parse(pattern.pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]
    indexgroup = [None] * parsed.state.groups
    for name, index in parsed.state.groupdict.items():
        indexgroup[index] = name
    return (pattern.pattern, flags, int(parsed.state.flags), code, parsed.state.groups - 1,
            dict(parsed.state.groupdict), tuple(indexgroup))


def _rebuilt(parts: tuple) -> re.Pattern:
    import _sre

    text, flags, state_flags, code, groups, groupindex, indexgroup = parts
    return _sre.compile(text, flags | state_flags, code, groups, groupindex, indexgroup)


def save(patterns: Iterable[re.Pattern], file: str | Path = CACHE_FILE) -> int:
    """Write the byte code of ``patterns`` (compiled from a text without flags argument) to ``file``;
    the number written. A pattern whose rebuilt form differs from ``re.compile``'s is left out."""
    entries = []
    for pattern in patterns:
        parts = _compiled_parts(pattern)
        if _rebuilt(parts) == re.compile(pattern.pattern):  # equal patterns have the same byte code
            entries.append(parts)
        else:
            log.warning("pattern of %d characters not saved: its rebuilt byte code differs", len(pattern.pattern))
    write_stamped(file, _stamp(), entries)
    return len(entries)


def preload(file: str | Path = CACHE_FILE) -> dict[str, re.Pattern]:
    """Put the saved patterns in ``re``'s cache; those put, by their text (none when the file is absent,
    written by another Python, or unreadable)."""
    entries = read_stamped(file, _stamp)
    try:
        rebuilt = {parts[0]: _rebuilt(parts) for parts in entries or ()}
    except Exception as exc:  # noqa: BLE001 - damaged byte code only costs the compile it would have saved
        log.debug("compiled patterns in %s ignored: %s", file, exc)
        return {}
    for text, pattern in rebuilt.items():
        re._cache[type(text), text, 0] = pattern  # noqa: SLF001 - re.compile's own cache, keyed as re keys it
    return rebuilt


def french_tokenizer_patterns() -> list[re.Pattern]:
    """The patterns spaCy compiles when the French language is imported."""
    from spacy.lang.fr.tokenizer_exceptions import TOKEN_MATCH

    return [TOKEN_MATCH.__self__]


def main() -> None:
    """``make bytecode``: save the French tokenizer's pattern (a few seconds, once per install, and again
    when spaCy's pattern or Python changed)."""
    loaded = preload(CACHE_FILE)
    patterns = french_tokenizer_patterns()
    if all(loaded.get(p.pattern) is p for p in patterns):
        return  # spaCy's import found every pattern in the cache: up to date
    try:
        n = save(patterns, CACHE_FILE)
    except Exception as exc:  # noqa: BLE001 - another Python's re internals, a read-only prefix: only slower
        print(f"compiled patterns not saved ({type(exc).__name__}: {exc}); spaCy will compile them at each load")
        return
    print(f"{n} compiled pattern(s) saved to {CACHE_FILE}")


if __name__ == "__main__":
    main()
