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
    assert "installation date unknown" in row.note
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


def test_month_precision_uses_the_last_day_of_the_month(rules):
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 10, 1), DatePrecision.MONTH)])
    assert row.status is DeadlineState.LATE and row.days_late == 16
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 9, 1), DatePrecision.MONTH)])
    assert row.status is DeadlineState.ON_TIME


def test_earliest_done_event_wins_and_planned_is_ignored(rules):
    events = [
        _event("pst_adopted", date(2019, 6, 1), is_planned=True),
        _event("pst_adopted", date(2020, 3, 1)),
        _event("pst_adopted", date(2019, 12, 1)),
        _event("pst_adopted", date(2018, 5, 1)),  # before the legislature
    ]
    row = _status(rules, "pst", events)
    assert row.done_date == date(2019, 12, 1) and row.status is DeadlineState.LATE


def test_no_evidence_once_the_deadline_passed(rules):
    row = _status(rules, "pst", as_of=date(2019, 10, 16))
    assert row.status is DeadlineState.NO_EVIDENCE and row.done_date is None


def test_due_soon_and_not_yet_due(rules):
    assert _status(rules, "pst", as_of=date(2019, 8, 1)).status is DeadlineState.DUE_SOON
    assert _status(rules, "pst", as_of=date(2019, 10, 15)).status is DeadlineState.DUE_SOON
    assert _status(rules, "pst", as_of=date(2019, 6, 1)).status is DeadlineState.NOT_YET_DUE
    row = _status(rules, "pst", as_of=date(2019, 6, 1), due_soon_days=200)
    assert row.status is DeadlineState.DUE_SOON


def test_event_after_as_of_does_not_count(rules):
    row = _status(rules, "pst", [_event("pst_adopted", date(2019, 9, 1))], as_of=date(2019, 8, 1))
    assert row.status is DeadlineState.DUE_SOON


def test_delegation_prise_d_acte_counts_as_adoption(rules):
    row = _status(
        rules, "pst", [_event("pst_adopted", date(2019, 9, 17), delegated_to_bureau=True)]
    )
    assert row.status is DeadlineState.ON_TIME


def test_motion_de_mefiance_renewal_starts_a_new_clock(rules):
    inst = [Installation(nis_code="11111", legislature=LEG, renewed_on=date(2021, 3, 1))]
    events = [_event("pst_adopted", date(2019, 9, 1)), _event("pst_updated", date(2021, 10, 1))]
    original = _status(rules, "pst", events, inst)
    assert original.status is DeadlineState.ON_TIME and original.done_date == date(2019, 9, 1)
    renewal = _status(rules, "pst_renewal", events, inst)
    assert renewal.clock_start == "renewal"
    assert renewal.due_from == renewal.due_to == date(2021, 9, 1)  # 6 months: not the first PST
    assert renewal.status is DeadlineState.LATE and renewal.days_late == 30
    assert _status(rules, "pst_renewal", [], inst).status is DeadlineState.NO_EVIDENCE


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


def test_evaluations_and_publication(rules):
    mid = _status(rules, "evaluation_mid", [_event("evaluation_mid", date(2021, 12, 20))])
    assert mid.due_to == date(2021, 12, 17)
    assert mid.status is DeadlineState.LATE and mid.days_late == 3
    final = _status(rules, "evaluation_final", [_event("evaluation_final", date(2025, 2, 1))])
    assert final.due_to == date(2024, 12, 2) and final.days_late == 61
    publication = _status(rules, "publication", [_event("published", date(2023, 5, 1))])
    assert publication.due_to == date(2019, 10, 15)
    assert publication.status is DeadlineState.ON_TIME  # a URL is the evidence, no lateness
    assert _status(rules, "publication").status is DeadlineState.NO_EVIDENCE


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
    # A CPAS with no document shows no_evidence once its deadline has passed.
    assert pst["85024"].status is DeadlineState.NO_EVIDENCE


def test_rule_file_is_versioned_and_sourced(rules):
    assert rules.version and rules.updated
    assert {leg.id for leg in rules.legislatures} == {"2018-2024", "2024-2030"}
    for rule in rules.rules:
        assert rule.legal_reference and rule.source in rules.sources
    pst_2024 = next(r for r in rules.rules if r.id == "pst-2024")
    assert (pst_2024.period_months, pst_2024.legal_period_months) == (9, 6)


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
