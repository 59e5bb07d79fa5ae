"""The French lemmatizer's tables saved at install time: a pipeline given them lemmatizes as an ordinary load
does; tables from elsewhere or damaged change nothing."""

from __future__ import annotations

import pytest
import spacy
from spacy.lookups import Table

from tests.warehouse.analysis.damaged import DAMAGES, damage
from warehouse.analysis.lemma_tables import FrozenTable, load_french, save, saved_tables
from warehouse.analysis.themes import _EXCLUDED, SPACY_MODEL

# Titles of PST items, with what takes every path of the French lemmatizer: verbs, nouns, adjectives,
# adverbs, pronouns, elisions, proper nouns, numbers, abbreviations, words of no table.
TEXTS = [
    "Développer l'insertion socioprofessionnelle des bénéficiaires du revenu d'intégration",
    "Rénover les logements de transit et créer deux logements d'urgence à Grâce-Hollogne",
    "Organiser des permanences décentralisées (en lien avec le PCS) dans les villages",
    "Être un CPAS qui accueille chacun avec respect ; elles y sont allées hier, vite et bien",
    "Réduire de 15 % la consommation d'énergie des bâtiments d'ici 2027 — audit, isolation, PEB",
    "Numériser les dossiers sociaux : e-guichet, signature électronique, RGPD, zorglubisation",
]


@pytest.fixture(scope="module")
def ordinary():
    return spacy.load(SPACY_MODEL, exclude=list(_EXCLUDED))


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    file = tmp_path_factory.mktemp("tables") / "tables.marshal"
    assert save(SPACY_MODEL, file) == 4
    return file


def _tokens(nlp) -> list[list[tuple[str, str, str]]]:
    return [[(t.text, t.lemma_, t.pos_) for t in doc] for doc in nlp.pipe(TEXTS)]


def test_a_pipeline_given_the_saved_tables_lemmatizes_as_an_ordinary_load(ordinary, saved):
    fast = load_french(SPACY_MODEL, _EXCLUDED, saved)

    assert isinstance(fast.get_pipe("lemmatizer").lookups.get_table("lemma_lookup"), FrozenTable)
    assert fast.pipe_names == ordinary.pipe_names
    assert fast.get_pipe("lemmatizer").mode == ordinary.get_pipe("lemmatizer").mode == "rule"
    assert _tokens(fast) == _tokens(ordinary)


def test_a_frozen_table_answers_as_spacy_s_table():
    data = {"logement": ["logement"], "allées": ["aller"], 42: "quarante-deux"}
    table = Table("t", data)
    frozen = FrozenTable("t", dict(table.items()))
    for key in ("logement", "allées", 42, "absent", 7):
        assert (key in frozen) == (key in table)
        assert frozen.get(key, "?") == table.get(key, "?")
    assert frozen["allées"] == table["allées"] == ["aller"]
    with pytest.raises(KeyError):
        frozen["absent"]


@pytest.mark.parametrize("how", DAMAGES)
def test_tables_from_elsewhere_or_damaged_are_ignored(saved, tmp_path, how):
    file = tmp_path / "tables.marshal"
    file.write_bytes(saved.read_bytes())
    assert saved_tables(SPACY_MODEL, file) is not None
    damage(file, how, lambda stamp: (*stamp[:2], "2.0.0", *stamp[3:]))  # another spaCy

    assert saved_tables(SPACY_MODEL, file) is None


def test_without_saved_tables_the_pipeline_loads_as_usual(ordinary, tmp_path):
    nlp = load_french(SPACY_MODEL, _EXCLUDED, tmp_path / "absent.marshal")
    assert isinstance(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup"), Table)
    assert _tokens(nlp) == _tokens(ordinary)


def test_make_bytecode_saves_the_tables_once_and_goes_on_when_it_cannot(tmp_path, monkeypatch, capsys):
    from warehouse.analysis import lemma_tables

    monkeypatch.setattr(lemma_tables, "CACHE_FILE", tmp_path / "tables.marshal")
    lemma_tables.main()
    assert "4 lemmatizer tables saved" in capsys.readouterr().out
    lemma_tables.main()
    assert capsys.readouterr().out == ""  # up to date: nothing done

    blocked = tmp_path / "a file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(lemma_tables, "CACHE_FILE", blocked / "tables.marshal")
    lemma_tables.main()
    assert "lemmatizer tables not saved" in capsys.readouterr().out
