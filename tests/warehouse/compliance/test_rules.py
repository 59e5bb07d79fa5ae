"""Deadline statuses of art. 27ter on small fixtures, the rule file, installations."""

from datetime import date
from pathlib import Path

import pytest
import yaml

from pipeline.core.model import DatePrecision, Event
from pipeline.core.settings import RULES_FILE
from pipeline.reference.municipalities import RegisteredCpas, build_registry
from warehouse.compliance.rules import (
    CpasEvent,
    DeadlineState,
    Installation,
    RuleFileError,
    add_months,
    compute_deadlines,
    load_installations,
    load_rules,
)

LEG = "2018-2024"
A = RegisteredCpas(
    nis_code="11111",
    name="Alpha",
    province="Province de Namur",
    province_code="90000",
    legislature=LEG,
)


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def _event(kind, day, precision=DatePrecision.DAY, **kw):
    return CpasEvent(
        "11111",
        Event(kind=kind, event_date=day, precision=precision, evidence_text=f"{kind} {day}", **kw),
        source_file="alpha.pdf",
    )


def _status(rules, obligation, events=(), installations=(), as_of=date(2026, 11, 23), **kw):
    rows = compute_deadlines([A], rules, installations, events, as_of, **kw)
    matching = [r for r in rows if r.obligation == obligation]
    assert len(matching) == 1, rows
    return matching[0]


def test_interval_when_installation_unknown(rules):
    row = _status(rules, "pst")
    assert (row.due_from, row.due_to) == (date(2019, 10, 1), date(2019, 10, 15))
    assert "date d'installation inconnue" in row.note
    assert (row.installation_from, row.installation_to, row.installation_source) == (
        date(2019, 1, 1), date(2019, 1, 15), None)
    dps = _status(rules, "dps")
    assert (dps.due_from, dps.due_to) == (date(2019, 3, 1), date(2019, 3, 15))


def test_on_time_inside_the_interval(rules):
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 10, 10))])
    assert row.status is DeadlineState.ON_TIME and row.days_late is None
    assert row.done_date == date(2019, 10, 10)
    assert row.evidence_source_file == "alpha.pdf" and row.evidence_text


def test_late_counts_from_the_latest_due_date(rules):
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 11, 24))])
    assert row.status is DeadlineState.LATE and row.days_late == 40


def test_known_installation_gives_a_single_due_date(rules):
    inst = [Installation(nis_code="11111", legislature=LEG, installed_on=date(2019, 1, 10))]
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 10, 11))], inst)
    assert row.due_from == row.due_to == date(2019, 10, 10)
    assert row.status is DeadlineState.LATE and row.days_late == 1


def test_a_month_or_year_straddling_the_due_date_is_undecidable(rules):
    # Due 15 October 2019: "octobre 2019" and "2019" may be before or after it.
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 10, 1), DatePrecision.MONTH)])
    assert row.status is DeadlineState.UNDECIDABLE and row.days_late is None
    assert "date connue au mois (octobre 2019)" in row.note and "ne peut être décidé" in row.note
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 1, 1), DatePrecision.YEAR)])
    assert row.status is DeadlineState.UNDECIDABLE and row.days_late is None  # not "77 days late"
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 9, 1), DatePrecision.MONTH)])
    assert row.status is DeadlineState.ON_TIME
    # Wholly after the due date: late by at least the days to its first day.
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 11, 1), DatePrecision.MONTH)])
    assert row.status is DeadlineState.LATE and row.days_late == 17
    assert "au moins 17 jour(s) de retard" in row.note


def test_the_precise_date_beats_the_vague_one(rules):
    events = [
        _event("pst_adopted", date(2019, 1, 1), DatePrecision.YEAR),
        _event("pst_adopted", date(2019, 9, 24)),
    ]
    row = _status(rules, "pst", events)
    assert (row.status, row.done_date, row.done_precision) == (
        DeadlineState.ON_TIME, date(2019, 9, 24), DatePrecision.DAY)


def test_earliest_done_event_wins_and_planned_is_ignored(rules):
    events = [
        _event("pst_adopted", date(2019, 6, 1), is_planned=True),
        _event("pst_adopted", date(2020, 3, 1)),
        _event("pst_adopted", date(2019, 12, 1)),
        _event("pst_adopted", date(2018, 5, 1)),  # before the legislature
    ]
    row = _status(rules, "pst", events)
    assert row.done_date == date(2019, 12, 1) and row.status is DeadlineState.LATE


def test_three_statuses_when_nothing_shows_the_act(rules):
    # No document at all.
    row = _status(rules, "pst", as_of=date(2019, 10, 16))
    assert row.status is DeadlineState.NO_DOCUMENT and row.done_date is None
    # Documents, but none dates the adoption.
    row = _status(rules, "pst", as_of=date(2019, 10, 16), with_documents={"11111"})
    assert row.status is DeadlineState.NO_DATED_EVIDENCE
    # The adoption is only announced.
    planned = [_event("pst_adopted", date(2019, 12, 1), is_planned=True)]
    row = _status(rules, "pst", planned, as_of=date(2019, 10, 16))
    assert row.status is DeadlineState.PLANNED_ONLY
    # The DPS of the same CPAS was adopted: it has documents, so its PST is not "no document".
    row = _status(rules, "pst", [_event("dps_adopted", date(2019, 2, 1))], as_of=date(2019, 10, 16))
    assert row.status is DeadlineState.NO_DATED_EVIDENCE


def test_due_soon_and_not_yet_due(rules):
    assert _status(rules, "pst", as_of=date(2019, 8, 1)).status is DeadlineState.DUE_SOON
    assert _status(rules, "pst", as_of=date(2019, 10, 15)).status is DeadlineState.DUE_SOON
    assert _status(rules, "pst", as_of=date(2019, 6, 1)).status is DeadlineState.NOT_YET_DUE
    row = _status(rules, "pst", as_of=date(2019, 6, 1), due_soon_days=200)
    assert row.status is DeadlineState.DUE_SOON


def test_event_after_as_of_does_not_count(rules):
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 9, 1))], as_of=date(2019, 8, 1))
    assert row.status is DeadlineState.DUE_SOON


def test_under_delegation_the_rule_file_says_which_act_counts(rules, tmp_path):
    bureau = _event("pst_bureau_adopted", date(2019, 9, 10), delegated_to_bureau=True)
    noted = _event("pst_noted", date(2019, 10, 22), delegated_to_bureau=True)
    rule = next(r for r in rules.rules if r.id == "pst-first-2018")
    assert rule.delegation.counts == "pst_noted"
    assert "prend acte du programme stratégique transversal" in rule.delegation.source_text
    assert rule.delegation.source in rules.sources
    # The council's prise d'acte meets the deadline, not the bureau's act.
    row = _status(rules, "pst", [bureau, noted])
    assert (row.status, row.done_date, row.days_late) == (DeadlineState.LATE, date(2019, 10, 22), 7)
    assert _status(rules, "pst", [bureau]).status is DeadlineState.NO_DATED_EVIDENCE
    # An analyst who reads the law otherwise changes the rule file, not the code.
    raw = _raw()
    for r in raw["rules"]:
        if r.get("delegation"):
            r["delegation"]["counts"] = "pst_bureau_adopted"
    other = load_rules(_write(tmp_path, raw))
    row = _status(other, "pst", [bureau, noted])
    assert (row.status, row.done_date) == (DeadlineState.ON_TIME, date(2019, 9, 10))


def test_motion_de_mefiance_renewal_starts_a_new_clock(rules):
    inst = [Installation(nis_code="11111", legislature=LEG, renewed_on=date(2021, 3, 1))]
    events = [_event("pst_adopted", date(2019, 9, 1)), _event("pst_updated", date(2021, 10, 1))]
    original = _status(rules, "pst", events, inst)
    assert original.status is DeadlineState.ON_TIME and original.done_date == date(2019, 9, 1)
    renewal = _status(rules, "pst_renewal", events, inst)
    assert renewal.clock_start == "renewal"
    assert renewal.due_from == renewal.due_to == date(2021, 9, 1)  # 6 months: not the first PST
    assert renewal.status is DeadlineState.LATE and renewal.days_late == 30
    assert _status(rules, "pst_renewal", [], inst).status is DeadlineState.NO_DOCUMENT


def test_renewal_fixture_file(tmp_path, rules):
    path = tmp_path / "installations.csv"
    path.write_text(
        "nis_code,name,legislature,installed_on,renewed_on,source\n"
        "11111,Alpha,2018-2024,2019-01-07,2020-06-15,fixture\n",
        encoding="utf-8",
    )
    inst = load_installations(path)
    assert inst[0].installed_on == date(2019, 1, 7) and inst[0].renewed_on == date(2020, 6, 15)
    renewal = _status(rules, "pst_renewal", [], inst, as_of=date(2020, 11, 1))
    assert renewal.due_to == date(2020, 12, 15) and renewal.status is DeadlineState.DUE_SOON


def test_evaluations_are_indicative_windows(rules):
    # The middle of the legislature (installation → next installation) ± 6 months.
    mid = _status(rules, "evaluation_mid", [_event("evaluation_mid", date(2021, 12, 20))])
    assert mid.is_indicative and mid.period_months is None
    assert (mid.due_from, mid.due_to) == (date(2021, 7, 1), date(2022, 7, 1))
    assert mid.status is DeadlineState.IN_WINDOW and mid.days_late is None
    assert mid.note.startswith("fenêtre indicative, pas d'échéance légale")
    early = _status(rules, "evaluation_mid", [_event("evaluation_mid", date(2020, 6, 30))])
    assert early.status is DeadlineState.OUTSIDE_WINDOW and "366 jour(s) avant" in early.note
    assert _status(rules, "evaluation_mid", as_of=date(2021, 1, 1)).status is DeadlineState.WINDOW_UPCOMING
    assert _status(rules, "evaluation_mid", as_of=date(2022, 1, 1)).status is DeadlineState.WINDOW_OPEN
    assert _status(rules, "evaluation_mid").status is DeadlineState.NO_DOCUMENT
    # The legislature ends when the next council is installed (January 2025), not on
    # 2 December 2024: a final evaluation by the outgoing council in December is not late,
    # nor one presented to the next council in its first months.
    for day in (date(2024, 12, 17), date(2025, 2, 1)):
        final = _status(rules, "evaluation_final", [_event("evaluation_final", day)])
        assert final.status is DeadlineState.IN_WINDOW, day
        assert (final.due_from, final.due_to) == (date(2024, 1, 1), date(2025, 7, 15))


def test_publication_is_done_without_lateness(rules):
    publication = _status(rules, "publication", [_event("published", date(2023, 5, 1))])
    assert publication.due_to == date(2019, 10, 15)
    assert publication.status is DeadlineState.DONE  # a URL is the evidence, no lateness
    assert _status(rules, "publication").status is DeadlineState.NO_DOCUMENT


def test_the_pst_under_both_periods(rules):
    # 9 months applied (first PST), 6 months in the text of the law: both statuses, both sources.
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 8, 1))])
    assert (row.period_months, row.status, row.due_to) == (9, DeadlineState.ON_TIME, date(2019, 10, 15))
    assert (row.other_period_months, row.other_due_from, row.other_due_to) == (
        6, date(2019, 7, 1), date(2019, 7, 15))
    assert (row.other_status, row.other_days_late) == (DeadlineState.LATE, 17)
    assert "selon le texte de la loi (art. 27ter, §2) : 6 mois" in row.note
    assert "en retard de 17 jour(s)" in row.note
    pst_2024 = next(r for r in rules.rules if r.id == "pst-2024")
    assert rules.sources[pst_2024.source].title.startswith("SPW Intérieur")
    assert pst_2024.other_period.source == "loi_organique"
    # Nothing after both due dates: the same "no evidence" status under both.
    row = _status(rules, "pst", with_documents={"11111"})
    assert row.status is row.other_status is DeadlineState.NO_DATED_EVIDENCE


def test_installation_stated_in_a_document_narrows_the_due_date(rules):
    stated = _event("cas_installed", date(2019, 1, 10))
    row = _status(rules, "pst", [stated, _event("pst_adopted", date(2019, 10, 12))])
    assert row.due_from == row.due_to == date(2019, 10, 10)
    assert (row.status, row.days_late) == (DeadlineState.LATE, 2)  # on time without it
    assert row.installation_source == "selon le document alpha.pdf"
    assert "installation le 10 janvier 2019 (selon le document alpha.pdf)" in row.note
    # A member sworn in later, or a date far from the installation window, is no installation.
    assert _status(rules, "pst", [_event("cas_installed", date(2021, 5, 3))]).due_to == date(2019, 10, 15)
    # The reference file, with its source, wins over a document.
    inst = [Installation(nis_code="11111", legislature=LEG, installed_on=date(2019, 1, 7), source="PV")]
    row = _status(rules, "pst", [stated], inst)
    assert row.due_to == date(2019, 10, 7)
    assert row.installation_source == "data/reference/cas_installations.csv: PV"


def test_every_status_has_a_french_label():
    from warehouse.compliance.labels import OBLIGATION_LABELS, STATUS_LABELS, STATUS_SHORT_LABELS

    assert set(STATUS_LABELS) == set(STATUS_SHORT_LABELS) == {s.value for s in DeadlineState}
    assert {"dps", "pst", "pst_renewal", "evaluation_mid", "evaluation_final", "publication"} == set(
        OBLIGATION_LABELS)


def test_2024_2030_uses_nine_months(rules):
    cpas = A.model_copy(update={"legislature": "2024-2030"})
    rows = compute_deadlines([cpas], rules, [], [], date(2025, 9, 1))
    pst = next(r for r in rows if r.obligation == "pst")
    assert (pst.due_from, pst.due_to) == (date(2025, 10, 1), date(2025, 10, 15))
    assert pst.rule_id == "pst-2024"
    assert pst.status is DeadlineState.DUE_SOON


def test_real_registry_and_installations(rules):
    registry = build_registry(LEG)
    rows = compute_deadlines(registry, rules, load_installations(), [], date(2026, 11, 23))
    assert len(rows) == 253 * 5
    pst = {r.nis_code: r for r in rows if r.obligation == "pst"}
    assert pst["57097"].due_from == pst["57097"].due_to == date(2019, 12, 1)
    # A CPAS with no document shows no_document once its deadline has passed.
    assert pst["85024"].status is DeadlineState.NO_DOCUMENT


def test_rule_file_is_versioned_and_sourced(rules):
    assert rules.version and rules.updated
    assert {leg.id for leg in rules.legislatures} == {"2018-2024", "2024-2030"}
    for rule in rules.rules:
        assert rule.legal_reference and rule.source in rules.sources
    pst_2024 = next(r for r in rules.rules if r.id == "pst-2024")
    assert (pst_2024.period_months, pst_2024.other_period.months) == (9, 6)
    for leg in rules.legislatures:  # ends at the next installation, not on 2 December
        assert (leg.end_from.month, leg.end_from.day, leg.end_to.day) == (1, 1, 15)


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _raw():
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def test_analyst_can_change_a_period(tmp_path):
    raw = _raw()
    next(r for r in raw["rules"] if r["id"] == "pst-2024")["period_months"] = 6
    rules = load_rules(_write(tmp_path, raw))
    cpas = A.model_copy(update={"legislature": "2024-2030"})
    pst = next(
        r
        for r in compute_deadlines([cpas], rules, [], [], date(2025, 1, 1))
        if r.obligation == "pst"
    )
    assert pst.due_to == date(2025, 7, 15)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["rules"][0].pop("period_months"), "rules.0.period_months"),
        (lambda raw: raw["rules"][0].update(legislatures=["2012-2018"]), "unknown legislature"),
        (lambda raw: raw["rules"][0].update(obligation="budget"), "rules.0.obligation"),
        (lambda raw: raw["rules"][0].update(event_kinds=["pst_voted"]), "unknown event kinds"),
        (lambda raw: raw["rules"].append(dict(raw["rules"][0], id="again")), "two rules for dps"),
        (lambda raw: raw.pop("version"), "version"),
    ],
)
def test_invalid_rule_files(tmp_path, change, message):
    raw = _raw()
    change(raw)
    with pytest.raises(RuleFileError, match=message) as info:
        load_rules(_write(tmp_path, raw))
    assert str(tmp_path) in str(info.value)


def test_unreadable_rule_file(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("version: [unclosed", encoding="utf-8")
    with pytest.raises(RuleFileError, match="cannot read"):
        load_rules(path)
    with pytest.raises(RuleFileError):
        load_rules(tmp_path / "missing.yaml")


def test_add_months():
    assert add_months(date(2019, 1, 31), 1) == date(2019, 2, 28)
    assert add_months(date(2019, 1, 15), 9) == date(2019, 10, 15)
    assert add_months(date(2019, 11, 1), 2) == date(2020, 1, 1)


def test_installation_reference_file_has_sources_and_comines_for_both_legislatures():
    installations = load_installations()
    assert installations and all(i.source for i in installations)
    comines = {i.legislature: i for i in installations if i.nis_code == "57097"}
    assert comines["2018-2024"].window() == (date(2019, 3, 1), date(2019, 3, 1))
    # Installed in early March 2025; the exact day is not known yet: a window.
    assert comines["2024-2030"].window() == (date(2025, 3, 1), date(2025, 3, 31))
    registry = {c.nis_code: c for c in build_registry(LEG)}
    assert {i.nis_code for i in installations} <= set(registry)


def test_comines_warneton_installed_and_ending_in_march(rules):
    installations = load_installations()
    old = next(c for c in build_registry(LEG) if c.nis_code == "57097")
    new = next(c for c in build_registry("2024-2030") if c.nis_code == "57097")
    rows = compute_deadlines([old], rules, installations, [], date(2026, 11, 23))
    final = next(r for r in rows if r.obligation == "evaluation_final")
    # Its 2018-2024 legislature ends when its next council is installed, in March 2025.
    assert (final.due_from, final.due_to) == (date(2024, 3, 1), date(2025, 9, 30))
    rows = compute_deadlines([new], rules, installations, [], date(2025, 6, 1))
    pst = next(r for r in rows if r.obligation == "pst")
    assert (pst.due_from, pst.due_to) == (date(2025, 12, 1), date(2025, 12, 31))
    assert pst.installation_source.startswith("data/reference/cas_installations.csv: ")


def test_installation_window_file(tmp_path):
    path = tmp_path / "installations.csv"
    path.write_text(
        "nis_code,legislature,installed_on,installed_from,installed_to,source\n"
        "11111,2018-2024,2019-01-07,2019-01-01,2019-01-31,both\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="line 2"):
        load_installations(path)
