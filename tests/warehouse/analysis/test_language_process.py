"""The French pipeline in a process of its own: the same answers as in-process, and the work done here when it
fails."""

from __future__ import annotations

import io
import logging
import pickle

import pytest

from warehouse.analysis import language_process as lp
from warehouse.analysis.themes import analyse_many, default_classifier

pytestmark = pytest.mark.slow  # each test starts a process that loads spaCy (~8 s)

TEXTS = [
    "Améliorer l'accueil des bénéficiaires du CPAS",
    "Lutter contre la précarité énergétique des ménages",
    "Former les agents au travail social de réseau",
]
ITEMS = [
    ("d:1", "Être un CPAS qui lutte contre la pauvreté", None),
    ("d:2", "Garantir l'accès à l'énergie et au logement", "d:1"),
    ("d:3", "Installer des compteurs à budget et un tuteur énergie", "d:2"),
    ("d:4", "Mettre en place une politique de bien-être au travail", "d:1"),
]


def test_answers_are_those_of_this_process():
    with lp.language_process() as process:
        assert process is not None and lp.running() is process
        assert lp.analysed(TEXTS) == analyse_many(TEXTS)
        remote = lp.theme_classifier()
        assert isinstance(remote, lp.RemoteClassifier)
        assert remote.taxonomy.digest == default_classifier().taxonomy.digest
        got = remote.classify_tree(ITEMS)
        assert got == default_classifier().classify_tree(ITEMS)
        assert [h.theme_id for h in got["d:3"]]  # the example is not trivially empty
    assert lp.running() is None
    assert process._proc.returncode == 0  # it ended when its input did


def test_prepared_texts_get_no_answer_and_are_done_before_the_next_request(monkeypatch):
    requests = io.BytesIO()
    for request in (("prepare", TEXTS), ("prepare", ["Créer un guichet unique"]), ("analyse", TEXTS)):
        pickle.dump(request, requests)
    requests.seek(0)
    answers = io.BytesIO()
    done: list[list[str]] = []
    monkeypatch.setattr(lp, "analyse_many", lambda texts: done.append(list(texts)) or analyse_many(texts))

    lp.serve(requests, answers)

    answers.seek(0)
    assert pickle.load(answers) == ("ok", analyse_many(TEXTS))  # the one answer is the analyse's
    with pytest.raises(EOFError):
        pickle.load(answers)
    assert done == [TEXTS, ["Créer un guichet unique"], TEXTS]


def test_texts_prepared_in_the_process_are_answered_as_here():
    with lp.language_process() as process:
        lp.prepare(TEXTS)
        lp.prepare([])
        assert process.analyse(TEXTS[:2]) == analyse_many(TEXTS[:2])
        assert lp.analysed(TEXTS) == analyse_many(TEXTS)


def test_a_failed_request_is_said():
    with lp.language_process() as process:
        with pytest.raises(lp.LanguageProcessError, match="unknown request 'nope'"):
            process._ask("nope", None)
        assert process.analyse(["Créer un guichet unique"]) == analyse_many(["Créer un guichet unique"])


def test_a_dead_process_leaves_the_work_to_this_one(caplog):
    with lp.language_process() as process:
        process._proc.kill()
        process._proc.wait()
        lp.prepare(TEXTS)  # nothing awaited: the next request finds the process gone
        with caplog.at_level(logging.WARNING, logger=lp.__name__):
            assert lp.analysed(TEXTS) == analyse_many(TEXTS)
            assert lp.theme_classifier().classify_tree(ITEMS) == default_classifier().classify_tree(ITEMS)
        assert "the language process stopped" in caplog.text
        with pytest.raises(lp.LanguageProcessError):
            process.analyse(TEXTS)


def test_without_a_process_the_work_is_done_here():
    assert lp.running() is None
    assert isinstance(lp.theme_classifier(), type(default_classifier()))
    assert lp.analysed(TEXTS[:1]) == analyse_many(TEXTS[:1])


def test_a_block_inside_a_started_block_uses_its_process(monkeypatch):
    from flows.ingest_run import analysis_warming_up

    monkeypatch.setattr(lp, "useful", lambda: True)
    with analysis_warming_up():
        outer = lp.running()
        assert outer is not None
        with lp.language_process() as inner:
            assert inner is outer
        assert lp.running() is outer and outer._proc.poll() is None  # the inner block did not stop it
    assert lp.running() is None and outer._proc.returncode is not None


def test_useful_only_when_allowed_with_cores_to_spare_and_nothing_loaded(monkeypatch):
    monkeypatch.setattr(lp, "pipeline_loaded", lambda: False)
    monkeypatch.setattr(lp.os, "cpu_count", lambda: 4)
    monkeypatch.setenv("PST_LANGUAGE_PROCESS", "on")
    assert lp.useful()
    monkeypatch.setenv("PST_LANGUAGE_PROCESS", "off")
    assert not lp.useful()
    monkeypatch.setenv("PST_LANGUAGE_PROCESS", "on")
    monkeypatch.setattr(lp.os, "cpu_count", lambda: 1)
    assert not lp.useful()
    monkeypatch.setattr(lp.os, "cpu_count", lambda: 4)
    monkeypatch.setattr(lp, "pipeline_loaded", lambda: True)
    assert not lp.useful()
