"""The registry of CPAS bound by art. 27ter: 253 in 2018-2024, 252 in 2024-2030."""

import pytest

from pipeline.reference.municipalities import GERMAN_SPEAKING_NIS, build_registry


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
