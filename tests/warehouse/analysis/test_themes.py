"""The theme classifier: behaviour on small cases, and precision / recall on the hand-labelled sample."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.core.settings import THEMES_FILE
from warehouse.analysis.themes import default_classifier, load_taxonomy, score_labels, taxonomy_file_digest

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "themes_labelled.yaml"
REQUIRED = {
    "precarite_energetique", "logement", "insertion_socioprofessionnelle", "personnes_agees", "pauvrete_infantile",
    "aide_alimentaire", "mediation_dettes", "mobilite", "inclusion_numerique", "bien_etre_personnel",
    "synergies_commune_cpas", "developpement_durable", "gouvernance", "communication", "accueil", "logement_urgence",
    "sante", "culture_loisirs",
}


def themes_of(text: str, parent: tuple[str, ...] = ()) -> set[str]:
    return {h.theme_id for h in default_classifier().classify(text, parent)}


def test_taxonomy_covers_the_required_themes_with_labels_and_known_parents():
    tax = load_taxonomy()
    ids = {t.id for t in tax.themes}
    assert REQUIRED <= ids
    assert all(t.label and t.keywords for t in tax.themes)
    assert tax.by_id()["logement_urgence"].parent == "logement"


def test_the_staleness_check_digests_the_taxonomy_file_as_the_classifier_does(tmp_path):
    edited = tmp_path / "themes.yaml"
    text = Path(THEMES_FILE).read_text(encoding="utf-8")
    edited.write_text(text.replace("label:", "label: ", 1), encoding="utf-8")
    assert taxonomy_file_digest() == load_taxonomy().digest
    assert taxonomy_file_digest(edited) == load_taxonomy(edited).digest != load_taxonomy().digest


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Créer des logements d'urgence", {"logement", "logement_urgence"}),
        ("Mettre à l'emploi via l'article 60 §7", {"insertion_socioprofessionnelle"}),
        ("Intensifier la guidance énergétique et budgétaire avec le service de médiation de dettes",
         {"precarite_energetique", "mediation_dettes"}),
        ("CRÉER UNE PAGE FACEBOOK", {"communication"}),
        ("Lutter contre la pauvreté infantile", {"pauvrete_infantile"}),
    ],
)
def test_keywords_match_on_lemmas_whatever_the_inflection_or_case(text, expected):
    assert expected <= themes_of(text)


def test_excluded_phrase_cancels_a_theme():
    assert "mobilite" not in themes_of("Pourvoir tout poste vacant par la mobilité interne")
    assert "ressources_humaines" in themes_of("Pourvoir tout poste vacant par la mobilité interne")


def test_parent_themes_are_context_never_inherited():
    text = "Traduction concrète du plan d'action en associant les membres du personnel"
    assert "bien_etre_personnel" not in themes_of(text)
    assert "bien_etre_personnel" in themes_of(text, ("bien_etre_personnel",))
    # A child with no phrase of the theme gets nothing from its parent.
    assert themes_of("Maintien des services offerts à la population", ("logement",)) == set()


def evaluate(source: str | None = None):
    items = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["items"]
    clf = default_classifier()
    hits = clf.classify_tree([(it["id"], it["title"], it["parent"]) for it in items])
    chosen = [it for it in items if source is None or it["source"] == source]
    gold = {it["id"]: set(it["themes"]) for it in chosen}
    pred = {it["id"]: {h.theme_id for h in hits[it["id"]]} for it in chosen}
    return len(chosen), *score_labels(gold, pred, [t.id for t in clf.taxonomy.themes])


def test_labelled_fixture_is_big_enough_and_uses_known_themes():
    items = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))["items"]
    ids = {t.id for t in load_taxonomy().themes}
    assert sum(1 for it in items if it["source"] == "corpus") >= 150
    assert all(set(it["themes"]) <= ids for it in items)


@pytest.mark.parametrize("source", ["corpus", None])
def test_precision_recall_per_theme_on_the_labelled_sample(source, capsys):
    n, per, micro = evaluate(source)
    with capsys.disabled():
        print(f"\nthemes on {n} labelled items ({source or 'corpus + supplement'}):")
        print(f"{'theme':32} {'n':>3} {'P':>5} {'R':>5} {'F1':>5}")
        for s in per:
            print(f"{s.theme_id:32} {s.tp + s.fn:3d} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f}")
        print(f"{'micro':32} {micro.tp + micro.fn:3d} {micro.precision:5.2f} {micro.recall:5.2f} {micro.f1:5.2f}")
    assert micro.f1 >= 0.8
    assert micro.precision >= 0.75 and micro.recall >= 0.75
    # No theme that occurs at least 3 times may be mostly missed or mostly wrong.
    for s in per:
        if s.tp + s.fn >= 3:
            assert s.f1 >= 0.6, s
