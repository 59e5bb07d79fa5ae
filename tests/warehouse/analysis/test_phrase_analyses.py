"""The taxonomy's phrases analysed at install time: a classifier built from them classifies as one built from
fresh analyses; analyses made with another pipeline or code, or damaged, are not used."""

from __future__ import annotations

import pytest

from tests.warehouse.analysis.damaged import DAMAGES, damage
from warehouse.analysis import phrase_analyses as pa
from warehouse.analysis import themes
from warehouse.analysis.themes import ThemeClassifier, analyse_many, load_taxonomy

ITEMS = [
    ("d:1", "Être un CPAS qui lutte contre la pauvreté", None),
    ("d:2", "Garantir l'accès à l'énergie et au logement", "d:1"),
    ("d:3", "Installer des compteurs à budget et un tuteur énergie", "d:2"),
    ("d:4", "Développer l'insertion socioprofessionnelle par l'article 60", "d:1"),
    ("d:5", "Former les agents au numérique et créer un guichet en ligne", "d:1"),
]


@pytest.fixture
def forgetful(monkeypatch):
    """``analyse_many``'s memo empty before and after the test."""
    themes._ANALYSED.clear()
    yield
    themes._ANALYSED.clear()


def test_a_classifier_built_from_saved_analyses_classifies_as_one_built_afresh(forgetful, monkeypatch, tmp_path):
    wanted = pa.phrases(load_taxonomy())
    monkeypatch.setattr(pa, "CACHE_FILE", tmp_path / "absent.marshal")
    afresh = ThemeClassifier().classify_tree(ITEMS)
    fresh = dict(zip(wanted, analyse_many(wanted), strict=True))
    file = tmp_path / "phrases.marshal"
    assert pa.save(wanted, file) == len(wanted) > 400

    themes._ANALYSED.clear()
    monkeypatch.setattr(pa, "CACHE_FILE", file)
    pipeline = themes.nlp()
    lemmatized: list[str] = []
    real_pipe = pipeline.pipe
    monkeypatch.setattr(pipeline, "pipe", lambda texts, **kw: real_pipe(lemmatized.extend(texts) or texts, **kw))
    classifier = ThemeClassifier()
    assert lemmatized == []  # every phrase found saved

    assert {p: themes._ANALYSED[p] for p in wanted} == fresh
    assert classifier.classify_tree(ITEMS) == afresh
    assert [h.theme_id for h in afresh["d:3"]]  # the example is not trivially empty


@pytest.mark.parametrize("how", DAMAGES)
def test_analyses_from_elsewhere_or_damaged_are_not_used(forgetful, tmp_path, how):
    file = tmp_path / "phrases.marshal"
    pa.save(["logement d'urgence", "insertion socioprofessionnelle"], file)
    assert pa.saved(file)
    damage(file, how, lambda stamp: (*stamp[:-1], "another digest"))  # another pipeline or analysis code

    themes._ANALYSED.clear()
    assert pa.saved(file) == {} and pa.preload(["logement d'urgence"], file) == 0
    assert "logement d'urgence" not in themes._ANALYSED


def test_make_bytecode_saves_the_analyses_once_and_goes_on_when_it_cannot(forgetful, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(pa, "CACHE_FILE", tmp_path / "phrases.marshal")
    pa.main()
    assert "phrase analyses saved" in capsys.readouterr().out
    pa.main()
    assert capsys.readouterr().out == ""  # up to date: nothing done

    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(pa, "CACHE_FILE", blocked / "phrases.marshal")
    pa.main()
    assert "phrase analyses not saved" in capsys.readouterr().out
