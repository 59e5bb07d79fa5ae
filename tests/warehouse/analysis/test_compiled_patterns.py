"""Patterns compiled at install time: ``re.compile`` then returns the saved byte code, equal to its own; a file
from another Python or a damaged one changes nothing."""

from __future__ import annotations

import marshal
import re

import pytest

from tests.warehouse.analysis.damaged import DAMAGES, damage
from warehouse.analysis.compiled_patterns import french_tokenizer_patterns, preload, save

# A pattern of the same kind as spaCy's: inline flags, Unicode classes folded for case, alternatives, a group.
TEXT = "(?iu)(?:^porte[-–][a-zà-ÿ]+$)|(?:^(?P<prefix>entr)['’][a-zà-ÿ]+$)|(?:^[a-zß-öø-ÿ]+[-–]sur[-–][a-zà-ÿ]+$)"
WORDS = ["porte-clés", "PORTE-CLÉS", "entr'ouvert", "Entr’Ouvert", "Boulogne-sur-Mer", "porte", "sur-mer", "a-b"]


def _forget(text: str) -> None:
    re._cache.pop((str, text, 0), None)  # noqa: SLF001


def test_a_preloaded_pattern_is_what_re_compile_returns_and_matches_as_re_compiled_it(tmp_path):
    file = tmp_path / "patterns.marshal"
    original = re.compile(TEXT)
    assert save([original], file) == 1
    _forget(TEXT)

    loaded = preload(file)

    assert re.compile(TEXT) is loaded[TEXT]  # found in re's cache: not compiled again
    assert loaded[TEXT] == original  # equal patterns: same flags and byte code
    assert loaded[TEXT].groupindex == original.groupindex
    assert [bool(loaded[TEXT].match(w)) for w in WORDS] == [bool(original.match(w)) for w in WORDS]
    assert [bool(original.match(w)) for w in WORDS] == [True, True, True, True, True, False, False, False]


@pytest.mark.parametrize("how", DAMAGES)
def test_a_cache_from_elsewhere_or_damaged_is_ignored(tmp_path, how):
    file = tmp_path / "patterns.marshal"
    save([re.compile(TEXT)], file)
    damage(file, how, lambda stamp: ("cpython-299", (2, 99, 0), *stamp[2:]))  # another Python
    _forget(TEXT)

    assert preload(file) == {}
    assert (str, TEXT, 0) not in re._cache  # noqa: SLF001
    assert re.compile(TEXT).match("porte-clés")


def test_damaged_byte_code_is_refused_not_run(tmp_path):
    file = tmp_path / "patterns.marshal"
    save([re.compile(TEXT)], file)
    stamp, entries = marshal.loads(file.read_bytes())
    text, flags, state_flags, code, *rest = entries[0]
    file.write_bytes(marshal.dumps((stamp, [(text, flags, state_flags, code[: len(code) // 2], *rest)])))
    _forget(TEXT)

    assert preload(file) == {}  # re's engine checks byte code before it runs it


@pytest.mark.slow
def test_the_french_tokenizer_pattern_round_trips_to_the_same_byte_code(tmp_path):
    file = tmp_path / "patterns.marshal"
    (token_match,) = french_tokenizer_patterns()
    assert save([token_match], file) == 1
    _forget(token_match.pattern)
    loaded = preload(file)
    assert loaded[token_match.pattern] == token_match
    assert re.compile(token_match.pattern) is loaded[token_match.pattern]


def test_make_bytecode_goes_on_when_the_patterns_cannot_be_saved(tmp_path, monkeypatch, capsys):
    from warehouse.analysis import compiled_patterns

    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(compiled_patterns, "CACHE_FILE", blocked / "patterns.marshal")
    monkeypatch.setattr(compiled_patterns, "french_tokenizer_patterns", lambda: [re.compile(TEXT)])

    compiled_patterns.main()

    assert "compiled patterns not saved" in capsys.readouterr().out
