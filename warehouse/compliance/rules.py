"""Deadlines of article 27ter per CPAS × legislature × obligation, and their status on a day.

The rules (periods, clocks, legislatures, sources, which act meets the deadline under
delegation) are data: ``data/rules/art27ter.yaml``, read by ``load_rules``. Known installation
dates (and renewals after a motion de méfiance) are data too:
``data/reference/cas_installations.csv``, read by ``load_installations``; an installation date a
document states (a ``cas_installed`` event) narrows the due date when the file does not know it.
``compute_deadlines`` is pure: registry + rules + installations + events + a day → statuses.

Statuses (codes stable, French labels in ``warehouse.compliance.labels``):

- a legal deadline met or not: ``on_time``, ``late``, ``undecidable`` (the evidence is dated to
  a month or a year that straddles the due date), ``done`` (publication: lateness not measured);
- an indicative window (mid-term and final evaluations have no legal day): ``in_window``,
  ``outside_window``, ``window_open``, ``window_upcoming``;
- nothing yet, before the due date: ``due_soon``, ``not_yet_due``;
- nothing after it: ``no_document`` (no document at all for the CPAS and legislature),
  ``no_dated_evidence`` (documents, but none dates the act), ``planned_only`` (the act is only
  announced as planned).
"""

from __future__ import annotations

import csv
from calendar import monthrange
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from normalizers.facts.dates import latest_day
from normalizers.facts.events import DELEGATED_KINDS, KINDS
from pipeline.core.model import DatePrecision, Event
from pipeline.core.settings import INSTALLATIONS_FILE, RULES_FILE
from pipeline.reference.municipalities import RegisteredCpas
from warehouse.compliance.labels import french_date, precision_words, status_label

Obligation = Literal["dps", "pst", "evaluation_mid", "evaluation_final", "publication"]
ClockStart = Literal["installation", "legislature_middle", "legislature_end", "adoption"]
RENEWAL_OBLIGATION = "pst_renewal"
# An installation a document states is taken only this long after the installation window.
_INSTALLATION_SLACK_MONTHS = 3
# installation_source of an installation a document states, followed by the document.
STATED_BY_DOCUMENT = "selon le document "


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Strict):
    """Where a rule comes from: a title and, when known, a URL."""

    title: str
    url: str | None = None

    def cite(self) -> str:
        """Title and URL in one line."""
        return f"{self.title} ({self.url})" if self.url else self.title


class Legislature(_Strict):
    """A local legislature: elections, the window in which the CAS are installed, its end.

    A legislature ends when the next councils are installed (``end_from`` .. ``end_to``; a
    CPAS whose next installation is known ends on that day), not when the communal councils
    are.
    """

    id: str
    elections: date
    installation_from: date
    installation_to: date
    end_from: date
    end_to: date
    source: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Legislature:
        if not (
            self.elections < self.installation_from <= self.installation_to
            < self.end_from <= self.end_to
        ):
            raise ValueError(
                f"legislature {self.id}: expected elections < installation_from <= "
                "installation_to < end_from <= end_to"
            )
        return self


class OtherPeriod(_Strict):
    """A second reading of a rule's period (the text of the law against the guidance applied):
    the status under it is shown next to the status under the rule in force."""

    months: int = Field(ge=0, le=120)
    label: str
    source: str
    source_text: str = ""


class Delegation(_Strict):
    """Which act meets the deadline when the council delegated the plan to the bureau permanent."""

    counts: Literal["pst_noted", "pst_bureau_adopted"]
    source: str
    source_text: str = ""


class Rule(_Strict):
    """One obligation of art. 27ter for some legislatures: its clock, period and source."""

    id: str
    obligation: Obligation
    legal_reference: str
    clock_start: ClockStart
    period_months: int = Field(ge=0, le=120)
    period_label: str = ""
    other_period: OtherPeriod | None = None
    restart_on_renewal: bool = False
    renewal_period_months: int | None = Field(default=None, ge=0, le=120)
    evidence_grace_months: int = Field(default=0, ge=0, le=60)
    counts_lateness: bool = True
    # No legal day: a window around the clock's day, shown as indicative, never as a due date.
    indicative: bool = False
    window_months_before: int = Field(default=0, ge=0, le=60)
    window_months_after: int = Field(default=0, ge=0, le=60)
    legislatures: tuple[str, ...] = Field(min_length=1)
    event_kinds: tuple[str, ...] = Field(min_length=1)
    renewal_event_kinds: tuple[str, ...] = ()
    delegation: Delegation | None = None
    source: str
    source_text: str = ""
    note: str | None = None

    @model_validator(mode="after")
    def _known_kinds(self) -> Rule:
        unknown = set(self.event_kinds) | set(self.renewal_event_kinds)
        unknown -= set(KINDS)
        if unknown:
            raise ValueError(f"rule {self.id}: unknown event kinds {sorted(unknown)}")
        if set(DELEGATED_KINDS) & (set(self.event_kinds) | set(self.renewal_event_kinds)):
            raise ValueError(
                f"rule {self.id}: the act under delegation is chosen by `delegation.counts`, "
                "not listed in event_kinds"
            )
        return self

    def kinds(self, renewal: bool = False) -> tuple[str, ...]:
        """The event kinds that meet this rule (the delegated act included)."""
        kinds = (self.renewal_event_kinds or self.event_kinds) if renewal else self.event_kinds
        return (*kinds, self.delegation.counts) if self.delegation else kinds


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
            cited = [rule.source]
            cited += [rule.other_period.source] if rule.other_period else []
            cited += [rule.delegation.source] if rule.delegation else []
            for source in cited:
                if source not in self.sources:
                    raise ValueError(f"rule {rule.id}: source {source!r} is not in `sources`")
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
        for leg in self.legislatures:
            if leg.source is not None and leg.source not in self.sources:
                raise ValueError(f"legislature {leg.id}: source {leg.source!r} is not in `sources`")
        return self

    def legislature(self, legislature_id: str) -> Legislature:
        """The legislature with this id (KeyError when the rule file does not define it)."""
        for leg in self.legislatures:
            if leg.id == legislature_id:
                return leg
        raise KeyError(f"legislature {legislature_id!r} is not in rule file version {self.version}")

    def next_legislature(self, legislature_id: str) -> str | None:
        """The id of the legislature after this one, when the file defines it."""
        ordered = sorted(self.legislatures, key=lambda leg: leg.installation_from)
        ids = [leg.id for leg in ordered]
        i = ids.index(legislature_id)
        return ids[i + 1] if i + 1 < len(ids) else None

    def rules_for(self, legislature_id: str) -> list[Rule]:
        """The rules that apply in a legislature, in file order."""
        return [r for r in self.rules if legislature_id in r.legislatures]

    def cite(self, key: str) -> str:
        """The citation of a source key."""
        return self.sources[key].cite()


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
    """A known installation of a CAS (a day, or a window when only the month is known), and/or
    its renewal after a motion de méfiance, with its source."""

    nis_code: str
    legislature: str
    installed_on: date | None = None
    installed_from: date | None = None
    installed_to: date | None = None
    renewed_on: date | None = None
    source: str = ""

    @model_validator(mode="after")
    def _window(self) -> Installation:
        if (self.installed_from is None) != (self.installed_to is None):
            raise ValueError("installed_from and installed_to go together")
        if self.installed_from and self.installed_to and self.installed_from > self.installed_to:
            raise ValueError("installed_from is after installed_to")
        if self.installed_on and self.installed_from:
            raise ValueError("give installed_on or installed_from/installed_to, not both")
        return self

    def window(self) -> tuple[date, date] | None:
        """The days the installation can be on, when known."""
        if self.installed_on:
            return self.installed_on, self.installed_on
        if self.installed_from and self.installed_to:
            return self.installed_from, self.installed_to
        return None


def load_installations(path: str | Path = INSTALLATIONS_FILE) -> list[Installation]:
    """Read the CSV of known installations: nis_code, legislature, installed_on (or
    installed_from / installed_to), renewed_on, source."""
    rows: list[Installation] = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                rows.append(
                    Installation(
                        nis_code=row["nis_code"].strip(),
                        legislature=row["legislature"].strip(),
                        **{
                            key: (row.get(key) or "").strip() or None
                            for key in ("installed_on", "installed_from", "installed_to", "renewed_on")
                        },
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
    """Status of one obligation on the as-of day (see the module docstring)."""

    ON_TIME = "on_time"
    LATE = "late"
    UNDECIDABLE = "undecidable"
    DONE = "done"
    IN_WINDOW = "in_window"
    OUTSIDE_WINDOW = "outside_window"
    DUE_SOON = "due_soon"
    NOT_YET_DUE = "not_yet_due"
    WINDOW_OPEN = "window_open"
    WINDOW_UPCOMING = "window_upcoming"
    NO_DOCUMENT = "no_document"
    NO_DATED_EVIDENCE = "no_dated_evidence"
    PLANNED_ONLY = "planned_only"


# What the former `no_evidence` status covered: the due date passed and nothing shows the act.
NO_EVIDENCE_STATES = (
    DeadlineState.NO_DOCUMENT,
    DeadlineState.NO_DATED_EVIDENCE,
    DeadlineState.PLANNED_ONLY,
)
OPEN_STATES = (
    DeadlineState.DUE_SOON,
    DeadlineState.NOT_YET_DUE,
    DeadlineState.WINDOW_OPEN,
    DeadlineState.WINDOW_UPCOMING,
)


class DeadlineStatus(_Strict):
    """One CPAS × legislature × obligation: due interval, evidence and status.

    For an indicative obligation ``due_from`` .. ``due_to`` is the window, not a legal due date.
    ``other_*`` is the status under the rule's other period (the law's text against the
    guidance), when the rule has one.
    """

    nis_code: str
    cpas_name: str
    province: str
    legislature: str
    obligation: str
    rule_id: str
    clock_start: str
    is_indicative: bool = False
    period_months: int | None = None
    due_from: date
    due_to: date
    done_date: date | None = None
    done_precision: DatePrecision | None = None
    status: DeadlineState
    days_late: int | None = None
    evidence_text: str | None = None
    evidence_source_file: str | None = None
    note: str | None = None
    installation_from: date | None = None
    installation_to: date | None = None
    installation_source: str | None = None
    other_period_months: int | None = None
    other_due_from: date | None = None
    other_due_to: date | None = None
    other_status: DeadlineState | None = None
    other_days_late: int | None = None


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months, clamped to the end of a shorter month (31 Jan + 1 → 28/29 Feb)."""
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


@dataclass(frozen=True)
class _Installed:
    """When a CPAS's council was installed, as far as known, and how it is known."""

    first: date
    last: date
    source: str | None  # None: only the legislature's window is known

    def note(self) -> str:
        if self.source is None:
            return (
                f"date d'installation inconnue : entre le {french_date(self.first)} et le "
                f"{french_date(self.last)} (l'échéance est un intervalle, le retard compte depuis "
                "sa fin)"
            )
        when = (
            f"le {french_date(self.first)}"
            if self.first == self.last
            else f"entre le {french_date(self.first)} et le {french_date(self.last)}"
        )
        where = self.source.split(":", 1)[0] if self.source.startswith("data/") else self.source
        return f"installation {when} ({where})"


def _installed(
    leg: Legislature, known: Sequence[Installation], stated: Sequence[CpasEvent]
) -> _Installed:
    """The installation of one CPAS: the reference file, else the date a document states, else
    the legislature's window."""
    windows = [(w, i.source) for i in known if (w := i.window())]
    if windows:
        (first, last), source = min(windows)
        return _Installed(first, last, f"data/reference/cas_installations.csv: {source}".rstrip(": "))
    latest = add_months(leg.installation_to, _INSTALLATION_SLACK_MONTHS)
    found = sorted(
        (e for e in stated
         if e.event.kind == "cas_installed" and not e.event.is_planned
         and e.event.precision is not DatePrecision.YEAR
         and leg.elections < e.event.event_date <= latest),
        key=lambda e: (e.event.precision is not DatePrecision.DAY, e.event.event_date),
    )
    if found:
        event = found[0].event
        first, last = event.event_date, latest_day(event.event_date, event.precision)
        return _Installed(first, last, f"{STATED_BY_DOCUMENT}{found[0].source_file}")
    return _Installed(leg.installation_from, leg.installation_to, None)


def _legislature_end(
    rules: RuleSet, leg: Legislature, nis_code: str, installations: Sequence[Installation]
) -> tuple[date, date]:
    """When this CPAS's legislature ends: the installation of its next council."""
    nxt = rules.next_legislature(leg.id)
    windows = [w for i in installations if i.nis_code == nis_code and i.legislature == nxt
               and (w := i.window())]
    return min(windows) if windows else (leg.end_from, leg.end_to)


@dataclass(frozen=True)
class _Clock:
    due_from: date
    due_to: date
    window_from: date
    kinds: tuple[str, ...]
    obligation: str
    clock_start: str
    note: str | None
    other: tuple[date, date] | None = None


def _clocks(
    rule: Rule,
    rules: Sequence[Rule],
    installed: _Installed,
    end: tuple[date, date],
    known: Sequence[Installation],
) -> list[_Clock]:
    period = rule.period_months
    if rule.clock_start == "installation":
        other = None
        if rule.other_period is not None:
            months = rule.other_period.months
            other = (add_months(installed.first, months), add_months(installed.last, months))
        clocks = [
            _Clock(
                add_months(installed.first, period),
                add_months(installed.last, period),
                installed.first,
                rule.kinds(),
                rule.obligation,
                "installation",
                installed.note(),
                other,
            )
        ]
        if rule.restart_on_renewal:
            months = period if rule.renewal_period_months is None else rule.renewal_period_months
            for renewed in sorted({i.renewed_on for i in known if i.renewed_on}):
                due = add_months(renewed, months)
                clocks.append(
                    _Clock(
                        due,
                        due,
                        renewed,
                        rule.kinds(renewal=True),
                        RENEWAL_OBLIGATION,
                        "renewal",
                        f"nouveau délai depuis le renouvellement du conseil du "
                        f"{french_date(renewed)} (motion de méfiance) : {months} mois",
                    )
                )
        return clocks
    if rule.clock_start == "adoption":
        pst = next(r for r in rules if r.obligation == "pst")
        first = _clocks(pst, rules, installed, end, known)[0]
        return [_Clock(first.due_from, first.due_to, installed.first, rule.kinds(), rule.obligation,
                       "adoption", first.note)]
    if rule.clock_start == "legislature_middle":
        middle = date.fromordinal((installed.first.toordinal() + end[0].toordinal()) // 2)
        anchor_from = anchor_to = middle
    else:
        anchor_from, anchor_to = end
    due_from = add_months(anchor_from, period - rule.window_months_before)
    due_to = add_months(anchor_to, period + rule.window_months_after)
    return [_Clock(due_from, due_to, installed.first, rule.kinds(), rule.obligation,
                   rule.clock_start, None)]


def _vague(event: Event) -> str:
    return (
        f"date connue {precision_words(event.precision)} "
        f"({french_date(event.event_date, event.precision)})"
    )


def _legal_status(
    due_to: date, rule: Rule, done: Event | None, as_of: date, due_soon_days: int
) -> tuple[DeadlineState | None, int | None, str | None]:
    """Status against a legal due date; None when nothing shows the act (decided by the caller)."""
    if done is not None:
        if not rule.counts_lateness:
            return DeadlineState.DONE, None, None
        first, last = done.event_date, latest_day(done.event_date, done.precision)
        if last <= due_to:
            return DeadlineState.ON_TIME, None, None
        if first > due_to:
            days = (first - due_to).days
            note = (
                f"{_vague(done)} : au moins {days} jour(s) de retard"
                if done.precision is not DatePrecision.DAY
                else None
            )
            return DeadlineState.LATE, days, note
        return DeadlineState.UNDECIDABLE, None, (
            f"{_vague(done)} : l'échéance du {french_date(due_to)} tombe dans cette "
            "période, le respect du délai ne peut être décidé"
        )
    if as_of > due_to:
        return None, None, None
    if (due_to - as_of).days <= due_soon_days:
        return DeadlineState.DUE_SOON, None, None
    return DeadlineState.NOT_YET_DUE, None, None


def _window_status(
    clock: _Clock, done: Event | None, as_of: date
) -> tuple[DeadlineState | None, str | None]:
    if done is not None:
        first, last = done.event_date, latest_day(done.event_date, done.precision)
        if first >= clock.due_from and last <= clock.due_to:
            return DeadlineState.IN_WINDOW, None
        if last < clock.due_from:
            return DeadlineState.OUTSIDE_WINDOW, (
                f"{(clock.due_from - last).days} jour(s) avant la fenêtre indicative"
            )
        if first > clock.due_to:
            return DeadlineState.OUTSIDE_WINDOW, (
                f"{(first - clock.due_to).days} jour(s) après la fenêtre indicative"
            )
        return DeadlineState.UNDECIDABLE, (
            f"{_vague(done)} : à cheval sur une borne de la fenêtre indicative"
        )
    if as_of < clock.due_from:
        return DeadlineState.WINDOW_UPCOMING, None
    if as_of <= clock.due_to:
        return DeadlineState.WINDOW_OPEN, None
    return None, None


def _best_evidence(candidates: Sequence[CpasEvent]) -> CpasEvent | None:
    """The evidence among candidate events: a vague date of an act that is also dated precisely
    is dropped ("en 2019" and "le 24 septembre 2019"), then the earliest wins."""
    def contains_finer(vague: CpasEvent) -> bool:
        first = vague.event.event_date
        last = latest_day(first, vague.event.precision)
        return any(
            other is not vague
            and _rank(other.event.precision) < _rank(vague.event.precision)
            and first <= other.event.event_date <= last
            for other in candidates
        )

    kept = [c for c in candidates if not contains_finer(c)]
    return min(kept, key=lambda e: (e.event.event_date, _rank(e.event.precision)), default=None)


def _rank(precision: DatePrecision) -> int:
    return {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2}[precision]


def _nothing(has_documents: bool, planned: bool) -> DeadlineState:
    if planned:
        return DeadlineState.PLANNED_ONLY
    return DeadlineState.NO_DATED_EVIDENCE if has_documents else DeadlineState.NO_DOCUMENT


def compute_deadlines(
    registry: Iterable[RegisteredCpas],
    rules: RuleSet,
    installations: Iterable[Installation],
    events: Iterable[CpasEvent],
    as_of: date,
    due_soon_days: int = 90,
    *,
    with_documents: Collection[str] | None = None,
) -> list[DeadlineStatus]:
    """Status of every obligation of every CPAS of the registry on ``as_of``.

    ``events`` are the events of the registry's legislature. The due date is an interval
    [due_from, due_to] when the installation is only known as the legislature's window;
    lateness counts from due_to, the latest possible due date. Evidence is the event of the
    rule's kinds (the act the rule file names under delegation included) that is done (not
    planned), dated on or before ``as_of``, from the start of the CPAS's clock to the end of
    the legislature (plus the rule's grace months); a precise date beats a vague one of the
    same act, then the earliest wins. An event dated to a month or a year is on time when its
    last day is, late when its first day is after the due date (days late counted from that
    first day: a minimum), and ``undecidable`` when the due date falls inside it.

    ``with_documents`` holds the NIS codes that have at least one document for this
    legislature (default: those with an event); it tells ``no_document`` from
    ``no_dated_evidence``. A renewal after a motion de méfiance adds a ``pst_renewal`` row with
    its own clock from ``renewed_on``.
    """
    events = list(events)
    installations = list(installations)
    done_by_cpas: dict[str, list[CpasEvent]] = defaultdict(list)
    planned_by_cpas: dict[str, list[CpasEvent]] = defaultdict(list)
    for item in events:
        if item.event.is_planned:
            planned_by_cpas[item.nis_code].append(item)
        elif item.event.event_date <= as_of:
            done_by_cpas[item.nis_code].append(item)
    documented = set(with_documents) if with_documents is not None else {e.nis_code for e in events}
    known: dict[tuple[str, str], list[Installation]] = defaultdict(list)
    for inst in installations:
        known[(inst.nis_code, inst.legislature)].append(inst)

    statuses: list[DeadlineStatus] = []
    for cpas in registry:
        leg = rules.legislature(cpas.legislature)
        leg_rules = rules.rules_for(cpas.legislature)
        cpas_known = known[(cpas.nis_code, cpas.legislature)]
        done_events = done_by_cpas.get(cpas.nis_code, [])
        installed = _installed(leg, cpas_known, done_events)
        end = _legislature_end(rules, leg, cpas.nis_code, installations)
        for rule in leg_rules:
            window_to = add_months(end[1], rule.evidence_grace_months)
            for clock in _clocks(rule, leg_rules, installed, end, cpas_known):
                candidates = [
                    e for e in done_events
                    if e.event.kind in clock.kinds
                    and clock.window_from <= latest_day(e.event.event_date, e.event.precision)
                    and e.event.event_date <= window_to
                ]
                best = _best_evidence(candidates)
                done = best.event if best else None
                planned = any(e.event.kind in clock.kinds for e in planned_by_cpas.get(cpas.nis_code, ()))
                notes = [clock.note] if clock.note else []
                days_late = None
                if rule.indicative:
                    state, extra = _window_status(clock, done, as_of)
                    notes.insert(0, "fenêtre indicative, pas d'échéance légale")
                else:
                    state, days_late, extra = _legal_status(
                        clock.due_to, rule, done, as_of, due_soon_days
                    )
                state = state or _nothing(cpas.nis_code in documented, planned)
                if extra:
                    notes.append(extra)
                other = {}
                if clock.other is not None and rule.other_period is not None:
                    o_state, o_days, _o_note = _legal_status(
                        clock.other[1], rule, done, as_of, due_soon_days
                    )
                    o_state = o_state or _nothing(cpas.nis_code in documented, planned)
                    other = {
                        "other_period_months": rule.other_period.months,
                        "other_due_from": clock.other[0],
                        "other_due_to": clock.other[1],
                        "other_status": o_state,
                        "other_days_late": o_days,
                    }
                    notes.append(
                        f"délai appliqué : {rule.period_months} mois ({rule.period_label}), "
                        f"selon {rule.other_period.label} : {rule.other_period.months} mois, "
                        f"échéance le {french_date(clock.other[1])}, {status_label(o_state)}"
                        + (f" de {o_days} jour(s)" if o_days else "")
                    )
                if rule.note:
                    notes.append(rule.note)
                statuses.append(
                    DeadlineStatus(
                        nis_code=cpas.nis_code,
                        cpas_name=cpas.name,
                        province=cpas.province,
                        legislature=cpas.legislature,
                        obligation=clock.obligation,
                        rule_id=rule.id,
                        clock_start=clock.clock_start,
                        is_indicative=rule.indicative,
                        period_months=None if rule.indicative else rule.period_months,
                        due_from=clock.due_from,
                        due_to=clock.due_to,
                        done_date=done.event_date if done else None,
                        done_precision=done.precision if done else None,
                        status=state,
                        days_late=days_late,
                        evidence_text=done.evidence_text if done else None,
                        evidence_source_file=best.source_file if best else None,
                        note=" ; ".join(notes) or None,
                        installation_from=installed.first,
                        installation_to=installed.last,
                        installation_source=installed.source,
                        **other,
                    )
                )
    return statuses
