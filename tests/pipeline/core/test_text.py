"""Accent folding: one module, three shapes."""

from __future__ import annotations

from pipeline.core.text import fold, fold_chars, fold_words, strip_accents


def test_fold_for_matching_words():
    assert fold("  Réalisé\u00a0 À  agender ") == "realise a agender"
    assert fold("Cœur d’Œuvre") == "coeur d'oeuvre"
    assert fold("") == fold(None) == ""  # type: ignore[arg-type]


def test_fold_chars_keeps_the_length():
    text = "CPAS de Grâce-Hollogne, 4460 !"
    folded = fold_chars(text)
    assert folded == "cpas de grace hollogne  4460  "
    assert len(folded) == len(text)


def test_fold_words_and_strip_accents():
    assert fold_words("Programme Stratégique (PST)") == " programme strategique pst "
    assert strip_accents("Éa") == "Ea"
