"""Title comparison across renditions: the bulk bounds and look-ups agree with comparing one pair at a time."""

from __future__ import annotations

import difflib
import itertools

from warehouse.plans.title_match import RatioBounds, TitlePool, normalize_title, similar_enough, titles_match

TITLES = [
    "Créer une épicerie sociale",
    "Creer une epicerie sociale !",
    "Créer une épicerie",
    "Renforcer l'accompagnement des personnes en insertion socioprofessionnelle",
    "Renforcer l'accompagnement des personnes en insertion",
    "Développer le service de médiation de dettes",
    "Developper le servise de mediation de dette",
    "Former les agents à l'accueil",
    "Former les agents",
    "",
    None,
    "Lancer une page Facebook du CPAS",
    "Ouvrir une page Facebook pour le CPAS",
    "Rénover les logements d'urgence",
]


def test_bounds_never_refuse_a_pair_difflib_accepts_and_refuse_what_similar_enough_refuses():
    texts = [normalize_title(t) for t in TITLES if t]
    bounds = RatioBounds(texts)
    for x, threshold in itertools.product(texts, (0.5, 0.85)):
        maybe = bounds.may_reach(x, threshold)
        for j, y in enumerate(texts):
            ratio = difflib.SequenceMatcher(None, x, y, autojunk=False).ratio()
            if ratio >= threshold:
                assert maybe[j], (x, y)
            if not maybe[j]:
                assert not similar_enough(x, y, threshold)
    refused = bounds.may_reach(normalize_title("Former les agents"), 0.85)
    assert not refused[texts.index(normalize_title(TITLES[3]))]  # lengths too far apart: difflib never runs


def test_first_match_is_the_first_title_that_titles_match_accepts():
    pool = TitlePool(TITLES)
    for title in [*TITLES, "Créer une épicerie sociale et solidaire", "Rien à voir"]:
        for among in (list(range(len(TITLES))), list(range(len(TITLES)))[::-1], [0, 3, 5, 11]):
            expected = next((j for j in among if titles_match(title, TITLES[j])), None)
            assert pool.first_match(title, among) == expected, (title, among)
    assert pool.first_match("Créer une épicerie sociale", [1, 0]) == 1  # order of ``among``, not of the pool
    assert pool.first_match("Renforcer l'accompagnement des personnes en insertion", [3]) == 3  # a cut title
    assert pool.first_match(None, [0, 1]) is None
