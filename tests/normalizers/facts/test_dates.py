"""French dates: every usual form, the traps (sept, ranges, amounts), and a fuzz test."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normalizers.facts.dates import MAX_YEAR, MIN_YEAR, find_dates, latest_day, parse_french_date
from pipeline.core.model import DatePrecision

DAY, MONTH, YEAR = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR


@pytest.mark.parametrize(
    ("text", "expected", "precision", "matched"),
    [
        ("le mardi 24 novembre 2020", date(2020, 11, 24), DAY, "mardi 24 novembre 2020"),
        ("en sa séance du 29 septembre 2020", date(2020, 9, 29), DAY, "29 septembre 2020"),
        ("28/10/2019", date(2019, 10, 28), DAY, "28/10/2019"),
        ("28.10.2019", date(2019, 10, 28), DAY, "28.10.2019"),
        ("28-10-2019", date(2019, 10, 28), DAY, "28-10-2019"),
        ("2019-10-28", date(2019, 10, 28), DAY, "2019-10-28"),
        ("1er mars 2019", date(2019, 3, 1), DAY, "1er mars 2019"),
        ("en date du 25 février 2019", date(2019, 2, 25), DAY, "25 février 2019"),
        ("le 3 fevrier 2019", date(2019, 2, 3), DAY, "3 fevrier 2019"),
        ("le 15 aout 2019", date(2019, 8, 15), DAY, "15 aout 2019"),
        ("le 1 decembre 2019", date(2019, 12, 1), DAY, "1 decembre 2019"),
        ("le 24 févr. 2020", date(2020, 2, 24), DAY, "24 févr. 2020"),
        ("le 24 sept 2019", date(2019, 9, 24), DAY, "24 sept 2019"),
        ("LE 1ER FÉVRIER 2021", date(2021, 2, 1), DAY, "1ER FÉVRIER 2021"),
        ("septembre 2019", date(2019, 9, 1), MONTH, "septembre 2019"),
        ("fin du mois de septembre 2019", date(2019, 9, 1), MONTH, "septembre 2019"),
        ("sept. 2019", date(2019, 9, 1), MONTH, "sept. 2019"),
        ("AOÛT 2020", date(2020, 8, 1), MONTH, "AOÛT 2020"),
        ("en 2021", date(2021, 1, 1), YEAR, "2021"),
        ("dans le courant de l'année 2020", date(2020, 1, 1), YEAR, "2020"),
        ("d'ici 2024", date(2024, 1, 1), YEAR, "2024"),
    ],
)
def test_each_form(text, expected, precision, matched):
    [mention] = find_dates(text)
    assert (mention.value, mention.precision, mention.text) == (expected, precision, matched)
    assert text[mention.span[0] : mention.span[1]] == matched
    assert mention.iso == expected.isoformat()


@pytest.mark.parametrize(
    "text",
    [
        "sept 2019",  # seven, not September, without a day or a dot
        "les sept actions du plan",
        "la législature 2018-2024",
        "LEGISLATURE 2019 - 2025",
        "en 2019 - 2025",
        "un budget de 2021",
        "en 2020 euros",
        "31/02/2019",
        "le 24 novembre",  # no year: nothing is guessed
        "à la fin du mois de septembre",
        "Délibération 2020 /32 bis",
    ],
)
def test_not_dates(text):
    assert find_dates(text) == []


def test_several_dates_in_order():
    text = "Vu la loi du 8 juillet 1976 et le décret du 19 juillet 2018, le PST du 24/11/2020"
    assert [m.iso for m in find_dates(text)] == ["1976-07-08", "2018-07-19", "2020-11-24"]


def test_parse_french_date():
    assert parse_french_date("31/07/2019") == (date(2019, 7, 31), DAY)
    assert parse_french_date(" septembre 2019 ") == (date(2019, 9, 1), MONTH)
    assert parse_french_date("2019") == (date(2019, 1, 1), YEAR)
    assert parse_french_date("En cours") is None
    assert parse_french_date("") is None


def test_latest_day():
    assert latest_day(date(2019, 2, 1), MONTH) == date(2019, 2, 28)
    assert latest_day(date(2020, 1, 1), YEAR) == date(2020, 12, 31)
    assert latest_day(date(2020, 1, 5), DAY) == date(2020, 1, 5)


_PIECES = st.sampled_from(
    [
        "le",
        "mardi",
        "1er",
        "24",
        "31",
        "sept",
        "sept.",
        "février",
        "fevr.",
        "aout",
        "2019",
        "2018-2024",
        "/",
        ".",
        "-",
        "en",
        " ",
        "\u00a0",
        "de l'année",
        "09",
        "13",
        "0",
        "9999",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(_PIECES, max_size=12).map(" ".join)))
def test_find_dates_never_raises(text):
    for mention in find_dates(text):
        assert MIN_YEAR <= mention.value.year <= MAX_YEAR
        assert text[mention.span[0] : mention.span[1]] == mention.text
        assert parse_french_date(mention.text) == (mention.value, mention.precision)
