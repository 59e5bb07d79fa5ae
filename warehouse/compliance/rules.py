"""Deadlines of article 27ter per CPAS × legislature × obligation, and their status on a day.

The rules (periods, clocks, legislatures, sources) are data: ``data/rules/art27ter.yaml``,
read by ``load_rules``. Known installation dates (and renewals after a motion de méfiance)
are data too: ``data/reference/cas_installations.csv``, read by ``load_installations``.
``compute_deadlines`` is pure: registry + rules + installations + events + a day → statuses.
"""

from __future__ import annotations

import csv
from calendar import monthrange
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from normalizers.facts.dates import latest_day
from normalizers.facts.events import KINDS
from pipeline.core.model import DatePrecision, Event
from pipeline.core.settings import INSTALLATIONS_FILE, RULES_FILE
from pipeline.reference.municipalities import RegisteredCpas

Obligation = Literal["dps", "pst", "evaluation_mid", "evaluation_final", "publication"]
ClockStart = Literal["installation", "legislature_middle", "legislature_end", "adoption"]
RENEWAL_OBLIGATION = "pst_renewal"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Strict):
    """Where a rule comes from: a title and, when known, a URL."""

    title: str
    url: str | None = None


class Legislature(_Strict):
    """A local legislature: elections, the window in which the CAS are installed, its end."""

    id: str
    elections: date
    installation_from: date
    installation_to: date
    end: date
    source: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Legislature:
        if not self.elections < self.installation_from <= self.installation_to < self.end:
            raise ValueError(
                f"legislature {self.id}: expected elections < installation_from <= "
                "installation_to < end"
            )
        return self

    @property
    def middle(self) -> date:
        """The middle of the legislature, from the first possible installation to its end."""
        return date.fromordinal((self.installation_from.toordinal() + self.end.toordinal()) // 2)


class Rule(_Strict):
    """One obligation of art. 27ter for some legislatures: its clock, period and source."""

    id: str
    obligation: Obligation
    legal_reference: str
    clock_start: ClockStart
    period_months: int = Field(ge=0, le=120)
    legal_period_months: int | None = Field(default=None, ge=0, le=120)
    restart_on_renewal: bool = False
    renewal_period_months: int | None = Field(default=None, ge=0, le=120)
    evidence_grace_months: int = Field(default=0, ge=0, le=60)
    counts_lateness: bool = True
    legislatures: tuple[str, ...] = Field(min_length=1)
    event_kinds: tuple[str, ...] = Field(min_length=1)
    renewal_event_kinds: tuple[str, ...] = ()
    source: str
    source_text: str = ""
    note: str | None = None

    @model_validator(mode="after")
    def _known_kinds(self) -> Rule:
        unknown = set(self.event_kinds) | set(self.renewal_event_kinds)
        unknown -= set(KINDS)
        if unknown:
            raise ValueError(f"rule {self.id}: unknown event kinds {sorted(unknown)}")
        return self


class RuleSet(_Strict):
    """The versioned rule file: sources, legislatures and rules, cross-checked."""

    version: str
    updated: date
    sources: dict[str, Source]
    legislatures: tuple[Legislature, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> RuleSet:
        legislatures = {leg.id for leg in self.legislatures}
        seen: set[tuple[str, str]] = set()
        for rule in self.rules:
            if rule.source not in self.sources:
                raise ValueError(f"rule {rule.id}: source {rule.source!r} is not in `sources`")
            for leg in rule.legislatures:
                if leg not in legislatures:
                    raise ValueError(f"rule {rule.id}: unknown legislature {leg!r}")
                if (rule.obligation, leg) in seen:
                    raise ValueError(f"two rules for {rule.obligation} in legislature {leg}")
                seen.add((rule.obligation, leg))
        for rule in self.rules:
            if rule.clock_start == "adoption":
                missing = [leg for leg in rule.legislatures if ("pst", leg) not in seen]
                if missing:
                    raise ValueError(
                        f"rule {rule.id}: due with the PST, but no pst rule for {missing}"
                    )
        return self

    def legislature(self, legislature_id: str) -> Legislature:
        """The legislature with this id (KeyError when the rule file does not define it)."""
        for leg in self.legislatures:
            if leg.id == legislature_id:
                return leg
        raise KeyError(f"legislature {legislature_id!r} is not in rule file version {self.version}")

    def rules_for(self, legislature_id: str) -> list[Rule]:
        """The rules that apply in a legislature, in file order."""
        return [r for r in self.rules if legislature_id in r.legislatures]


class RuleFileError(ValueError):
    """The rule file is missing, not YAML, or does not validate; the message says where."""


def load_rules(path: str | Path = RULES_FILE) -> RuleSet:
    """Read and validate the rule file (``data/rules/art27ter.yaml`` by default)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError(f"{path}: cannot read rules: {exc}") from exc
    if not isinstance(raw, dict):
        raise RuleFileError(
            f"{path}: expected a mapping with version, updated, legislatures, rules"
        )
    try:
        return RuleSet.model_validate(raw)
    except ValidationError as exc:
        lines = [
            f"  {'.'.join(str(p) for p in err['loc']) or '<file>'}: {err['msg']}"
            for err in exc.errors()
        ]
        raise RuleFileError(f"{path}: invalid rules:\n" + "\n".join(lines)) from exc


class Installation(_Strict):
    """A known installation date of a CAS, and/or its renewal after a motion de méfiance."""

    nis_code: str
    legislature: str
    installed_on: date | None = None
    renewed_on: date | None = None
    source: str = ""


def load_installations(path: str | Path = INSTALLATIONS_FILE) -> list[Installation]:
    """Read the CSV of known installations: nis_code, legislature, installed_on, renewed_on."""
    rows: list[Installation] = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                rows.append(
                    Installation(
                        nis_code=row["nis_code"].strip(),
                        legislature=row["legislature"].strip(),
                        installed_on=(row.get("installed_on") or "").strip() or None,
                        renewed_on=(row.get("renewed_on") or "").strip() or None,
                        source=(row.get("source") or "").strip(),
                    )
                )
            except (ValidationError, KeyError, AttributeError) as exc:
                raise ValueError(f"{path}, line {line}: {exc}") from exc
    return rows


@dataclass(frozen=True)
class CpasEvent:
    """An event attributed to a CPAS, with the document (file or URL) it was found in."""

    nis_code: str
    event: Event
    source_file: str | None = None


class DeadlineState(StrEnum):
    """Status of one obligation on the as-of day."""

    ON_TIME = "on_time"
    LATE = "late"
    NO_EVIDENCE = "no_evidence"
    DUE_SOON = "due_soon"
    NOT_YET_DUE = "not_yet_due"


class DeadlineStatus(_Strict):
    """One CPAS × legislature × obligation: due interval, evidence and status."""

    nis_code: str
    cpas_name: str
    province: str
    legislature: str
    obligation: str
    rule_id: str
    clock_start: str
    due_from: date
    due_to: date
    done_date: date | None = None
    done_precision: DatePrecision | None = None
    status: DeadlineState
    days_late: int | None = None
    evidence_text: str | None = None
    evidence_source_file: str | None = None
    note: str | None = None


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


@dataclass(frozen=True)
class _Clock:
    due_from: date
    due_to: date
    window_from: date
    kinds: tuple[str, ...]
    obligation: str
    clock_start: str
    note: str | None


def _installation_window(
    leg: Legislature, known: Sequence[Installation]
) -> tuple[date, date, str | None]:
    dates = [i.installed_on for i in known if i.installed_on]
    if dates:
        return min(dates), min(dates), None
    note = (
        f"installation date unknown: {leg.installation_from.isoformat()}"
        f"..{leg.installation_to.isoformat()}"
    )
    return leg.installation_from, leg.installation_to, note


def _clocks(
    rule: Rule, rules: Sequence[Rule], leg: Legislature, known: Sequence[Installation]
) -> list[_Clock]:
    inst_from, inst_to, note = _installation_window(leg, known)
    period = rule.period_months
    if rule.clock_start == "installation":
        clocks = [
            _Clock(
                add_months(inst_from, period),
                add_months(inst_to, period),
                inst_from,
                rule.event_kinds,
                rule.obligation,
                "installation",
                note,
            )
        ]
        if rule.restart_on_renewal:
            months = period if rule.renewal_period_months is None else rule.renewal_period_months
            renewal_kinds = rule.renewal_event_kinds or rule.event_kinds
            for renewed in sorted({i.renewed_on for i in known if i.renewed_on}):
                due = add_months(renewed, months)
                clocks.append(
                    _Clock(
                        due,
                        due,
                        renewed,
                        renewal_kinds,
                        RENEWAL_OBLIGATION,
                        "renewal",
                        f"new clock from the renewal of {renewed.isoformat()} (méfiance)",
                    )
                )
        return clocks
    if rule.clock_start == "adoption":
        pst = next(r for r in rules if r.obligation == "pst")
        first = _clocks(pst, rules, leg, known)[0]
        return [
            _Clock(
                first.due_from,
                first.due_to,
                inst_from,
                rule.event_kinds,
                rule.obligation,
                "adoption",
                first.note,
            )
        ]
    anchor = leg.middle if rule.clock_start == "legislature_middle" else leg.end
    due = add_months(anchor, period)
    return [_Clock(due, due, inst_from, rule.event_kinds, rule.obligation, rule.clock_start, None)]


def _status(
    clock: _Clock, rule: Rule, done: CpasEvent | None, as_of: date, due_soon_days: int
) -> tuple[DeadlineState, int | None]:
    if done is not None:
        # Generous with vague dates: "septembre 2019" counts as 30 September 2019.
        effective = latest_day(done.event.event_date, done.event.precision)
        if rule.counts_lateness and effective > clock.due_to:
            return DeadlineState.LATE, (effective - clock.due_to).days
        return DeadlineState.ON_TIME, None
    if as_of > clock.due_to:
        return DeadlineState.NO_EVIDENCE, None
    if (clock.due_to - as_of).days <= due_soon_days:
        return DeadlineState.DUE_SOON, None
    return DeadlineState.NOT_YET_DUE, None


def compute_deadlines(
    registry: Iterable[RegisteredCpas],
    rules: RuleSet,
    installations: Iterable[Installation],
    events: Iterable[CpasEvent],
    as_of: date,
    due_soon_days: int = 90,
) -> list[DeadlineStatus]:
    """Status of every obligation of every CPAS of the registry on ``as_of``.

    The due date is an interval [due_from, due_to] when the installation is only known as
    the legislature's window; lateness counts from due_to, the latest possible due date.
    Evidence is the earliest event of the rule's kinds that is done (not planned), dated
    on or before ``as_of``, from the start of the CPAS's clock to the end of the legislature
    (plus the rule's grace months). An event dated only to a month or a year is compared
    through the last day of that month or year ("septembre 2019" → 30 September 2019):
    it is on time only when even that day is, and its days late count from that day. A
    ``pst_adopted`` event with ``delegated_to_bureau`` (the council's prise d'acte) counts as
    adoption. A renewal after a motion de méfiance adds a
    ``pst_renewal`` row with its own clock from ``renewed_on``.
    """
    by_cpas: dict[str, list[CpasEvent]] = defaultdict(list)
    for item in events:
        if not item.event.is_planned and item.event.event_date <= as_of:
            by_cpas[item.nis_code].append(item)
    known: dict[tuple[str, str], list[Installation]] = defaultdict(list)
    for inst in installations:
        known[(inst.nis_code, inst.legislature)].append(inst)

    statuses: list[DeadlineStatus] = []
    for cpas in registry:
        leg = rules.legislature(cpas.legislature)
        leg_rules = rules.rules_for(cpas.legislature)
        for rule in leg_rules:
            window_to = add_months(leg.end, rule.evidence_grace_months)
            for clock in _clocks(rule, leg_rules, leg, known[(cpas.nis_code, cpas.legislature)]):
                candidates = [
                    e
                    for e in by_cpas.get(cpas.nis_code, ())
                    if e.event.kind in clock.kinds
                    and clock.window_from <= e.event.event_date <= window_to
                ]
                done = min(candidates, key=lambda e: e.event.event_date, default=None)
                state, days_late = _status(clock, rule, done, as_of, due_soon_days)
                statuses.append(
                    DeadlineStatus(
                        nis_code=cpas.nis_code,
                        cpas_name=cpas.name,
                        province=cpas.province,
                        legislature=cpas.legislature,
                        obligation=clock.obligation,
                        rule_id=rule.id,
                        clock_start=clock.clock_start,
                        due_from=clock.due_from,
                        due_to=clock.due_to,
                        done_date=done.event.event_date if done else None,
                        done_precision=done.event.precision if done else None,
                        status=state,
                        days_late=days_late,
                        evidence_text=done.event.evidence_text if done else None,
                        evidence_source_file=done.source_file if done else None,
                        note=clock.note,
                    )
                )
    return statuses
