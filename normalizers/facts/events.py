"""Dated events of article 27ter reported by a document: installation, DPS, PST, evaluations.

Text is cut into sentences; each date in a sentence is tied to the object it is about (the
déclaration de politique sociale, the PST, an evaluation, the installation of the council), to
the verb nearest to it (adopted, took note, updated, published) and to the body that acted (the
conseil de l'action sociale, its bureau permanent — or another body: the commune, the Parlement
wallon, whose acts are no CPAS evidence).

- An object named by a pronoun or a generic noun ("le Conseil l'approuve", "en a pris acte",
  "le plan", "ce programme") is the object of the previous one or two sentences, or else what
  the document is (its title).
- The tense is judged on the clause of the date and its verb: a future in a relative clause
  about something else ("… que vous allez découvrir, puisqu'elle sera déclinée …") does not
  make an adoption planned.
- Presenting is not adopting; a draft (avant-projet) is not the plan; the commune's PST is not
  the CPAS's; dates of laws, decrees, the Moniteur belge or another body's meetings give
  nothing.
- Under delegation the bureau permanent's act (``pst_bureau_adopted``) and the council's
  *prise d'acte* (``pst_noted``) are two events; which one meets the deadline is a rule of the
  rule file, not a choice made here.
- A deliberation states its meeting date once, in its header ("Extrait du procès-verbal de la
  séance du Conseil de l'Action Sociale du mardi 24 novembre 2020"), and its decision later
  without a date ("ARRETE le Programme Stratégique Transversal"): the decision takes the date of
  the séance.
- Each event belongs to the legislature of its own date (a span of years next to the date
  helps); the document's legislature only breaks a tie (``attribute_legislature``).
- When a document dates one act both vaguely and precisely ("en 2019", "en séance du
  24 septembre 2019"), the precise date is kept.

Nothing is dated from anywhere else, so a document without a dated adoption yields no adoption.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from normalizers.facts.dates import DateMention, find_dates, latest_day
from normalizers.facts.document_facts import detect_legislature, official_legislature
from pipeline.core.model import Block, DatePrecision, Event, Provenance

KINDS = (
    "cas_installed",
    "dps_adopted",
    "pst_adopted",
    # Under delegation: the council takes note of the PST the bureau permanent adopted.
    "pst_noted",
    "pst_bureau_adopted",
    "pst_updated",
    "evaluation_mid",
    "evaluation_final",
    "published",
)
DELEGATED_KINDS = ("pst_noted", "pst_bureau_adopted")

_F = re.IGNORECASE
_A = "['’]"

# What a date can be about.
_DPS = re.compile(r"d[ée]claration\s+de\s+politique\s+sociale|\bD\.?\s?P\.?\s?S\b\.?", _F)
_PST = re.compile(
    r"(?:programme|plan)\s+strat[ée]gique\s+transversal|programmation\s+strat[ée]gique"
    r"|\bP\.?\s?S\.?\s?T\b\.?",
    _F,
)
_EVALUATION = re.compile(r"[ée]valuation|rapport\s+d" + _A + r"ex[ée]cution", _F)
_MID = re.compile(r"mi-|interm[ée]diaire|mi\s+(?:mandat|l[ée]gislature|parcours)", _F)
_FINAL = re.compile(r"\bfinale?\b|terminale?|fin\s+de\s+(?:la\s+)?l[ée]gislature|au\s+terme", _F)
_INSTALLATION = re.compile(
    r"s[ée]ance\s+d" + _A + r"installation"
    r"|(?:installation|install[ée]e?s?)\b(?=[^.;]{0,80}?(?:conseil|C\.?A\.?S\b|conseill))"
    r"|(?:conseil\s+de\s+l" + _A + r"action\s+sociale|\bC\.?A\.?S\b\.?|conseillers)"
    r"[^.;]{0,60}?\binstall[ée]",
    _F,
)
# One member sworn in ("installée en qualité de conseillère") is not the council's installation.
_MEMBER_INSTALLED = re.compile(r"en\s+qualit[ée]\s+de|en\s+remplacement|\bsuppl[ée]ant", _F)

# An object named by a pronoun or a generic noun: its meaning comes from the context.
_VERB_STEM = r"(?:adopt|approuv|arr[êe]t|valid|avalis|ent[ée]rin)"
_PRONOUN = re.compile(
    r"\bl" + _A + r"(?:(?:a|ont|avait|avaient|aura|auront)\s+(?:[ée]t[ée]\s+)?)?" + _VERB_STEM
    + r"|\b(?:le|la|les)\s+(?:(?:a|ont|avait|avaient)\s+)?" + _VERB_STEM
    + r"(?:e|es|ent|era|eront|ait|aient|ons|ez|é|ée|és|ées)\b"
    r"|\ben\s+(?:a|ont|avait|avaient|aura)?\s*(?:pris|prend|prennent|prendra|prenait)\s+acte"
    r"|\b(?:celui-ci|celle-ci|ce\s+dernier|cette\s+derni[èe]re)\b"
    r"|(?:^|[,;]\s*|\bet\s+)(?:il|elle)\s+(?:a|avait|fut|est)\s+(?:[ée]t[ée]\s+)?" + _VERB_STEM,
    _F,
)
# "le plan", "ce programme" — not "le plan de cohésion sociale", "le programme d'actions".
_GENERIC_PLAN = re.compile(
    r"\b(?:ce|le|du|au|notre|leur|son|ledit|cedit)\s+(?:plan|programme)\b"
    r"(?!\s*(?:de\b|d" + _A + r"|du\b|des\b|communal|local|annuel|pluriannuel|strat|op[ée]rationnel))",
    _F,
)
_GENERIC_DECLARATION = re.compile(
    r"\b(?:cette|la|ladite|notre|sa)\s+d[ée]claration\b(?!\s+de\s+politique\s+(?:communale|g[ée]n[ée]rale))",
    _F,
)
_GENERIC_DOCUMENT = re.compile(r"\b(?:ce|le\s+pr[ée]sent)\s+document\b", _F)

# Verbs (and their nouns), nearest to the date wins.
_ADOPT = re.compile(
    r"adopt\w*|approuv\w*|approbation|arr[êe]t[ée]e?s?\b|arr[êe]te\b|arr[êe]tent\b"
    r"|valid(?:e|es|ent|er|ez|ons|é|ée|és|ées|ant|ation|era\w*|ait|aient)\b|vot[ée]\w*"
    r"|avalis\w*|ent[ée]rin\w*|ratifi\w*|marqu\w*\s+(?:son|leur)\s+accord",
    _F,
)
_NOTE = re.compile(
    r"pris\s+acte|prend\s+acte|prennent\s+acte|prendra\s+acte|prenait\s+acte|prenant\s+acte"
    r"|prise\s+d" + _A + r"acte",
    _F,
)
# Put before the council: an announced adoption, never a done one.
_SUBMIT = re.compile(
    r"soumise?s?\s+(?:au\s+conseil|[àa]\s+l" + _A + r"(?:approbation|adoption))", _F
)
_UPDATE = re.compile(
    r"actualis\w*|mis\w*\s+[àa]\s+jour|modifi\w*|r[ée]vis[ée]\w*|r[ée]vision|amend\w*", _F
)
_PUBLISH = re.compile(r"publi[ée]\w*|publication|mis\w*\s+en\s+ligne", _F)
_VERBS = (("adopted", _ADOPT), ("noted", _NOTE), ("submitted", _SUBMIT), ("updated", _UPDATE),
          ("published", _PUBLISH))

# Who acted: the agent after the verb ("adopté par le Bureau permanent") or the subject before it.
_ACTORS = (
    ("region", re.compile(
        r"parlement(?:\s+wallon)?|gouvernement(?:\s+wallon)?|\bministre\b|r[ée]gion\s+wallonne"
        r"|\bS\.?P\.?W\b|l[ée]gislateur|\bf[ée]d[ée]ration\s+des\s+CPAS|\bUVCW\b",
        _F,
    )),
    ("commune", re.compile(
        r"conseil\s+communal|coll[èe]ge\s+communal|coll[èe]ge\s+des\s+bourgmestre"
        r"|administration\s+communale|\bla\s+(?:commune|ville)\b",
        _F,
    )),
    ("bureau", re.compile(r"bureau\s+permanent", _F)),
    ("council", re.compile(
        r"conseil\s+de\s+l" + _A + r"action\s+sociale|\bC\.?A\.?S\b|\bconseil\b(?!\s+communal)", _F
    )),
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:avec|de|d" + _A + r"|du|des|pour|entre|et|[àa]|au|aux|sur|chez|vers|selon)\s*$", _F
)
_AGENT = re.compile(r"[^.;:]{0,30}?\bpar\s+(?:le|la|l" + _A + r"|les)\s*", _F)
# The plan of the commune, not of the CPAS.
_COMMUNE_PLAN = re.compile(
    r"\W{0,3}(?:\(\s*PST\s*\)\s*)?(?:de\s+la\s+(?:commune|ville)|communale?\b|de\s+l" + _A
    + r"administration\s+communale)",
    _F,
)
_CPAS_NAMED = re.compile(r"\bC\.?P\.?A\.?S\b|action\s+sociale|\bC\.?A\.?S\b", _F)
# A draft is not the plan.
_DRAFT = re.compile(r"avant[-\s]projet", _F)
# Shown to an audience that is not the council: no adoption, no council evaluation.
_OTHER_AUDIENCE = re.compile(
    r"pr[ée]sent[ée]e?s?\s+(?:[àa]\s+l" + _A + r"ensemble\s+d(?:u|es)\s+|au\s+|aux\s+|[àa]\s+la\s+)"
    r"(?:personnel|agents|travailleurs|membres\s+du\s+personnel|comit[ée]\s+de\s+direction|codir"
    r"|conseil\s+communal|citoyens|population|partenaires)",
    _F,
)

# Dates that belong to something else: a law, a decree, an order, a meeting of another body.
_FOREIGN_OWNER = re.compile(
    r"\b(?:loi|lois|d[ée]crets?|arr[êe]t[ée]s?\s+(?:royal|royaux|minist[ée]riel|du\s+gouvernement"
    r"|de\s+l" + _A + r"ex[ée]cutif)|A\.?G\.?W\b|A\.?R\b|circulaire|code|concertation|comit[ée]"
    r"|commission|[ée]lections?|scrutin|codir|budget|compte|moniteur|M\.B\b|vigueur|parlement"
    r"|gouvernement|conseil\s+communal|coll[èe]ge\s+communal)\b",
    _F,
)
# A field of a fiche projet or a table: "Début 26/05/2019", "Date de fin : 31/12/2019".
_FIELD_LABEL = re.compile(
    r"(?:d[ée]but|fin|[ée]ch[ée]ance|mise\s+[àa]\s+jour|date(?:\s+de\s+\w+)?)\s*[:|\-–]?\s*"
    r"(?:le\s+)?$",
    _F,
)
# A deadline stated by the text, not an event: "au plus tard le", "dans les 9 mois".
_DEADLINE = re.compile(r"au\s+plus\s+tard|dans\s+les?\s+\d+\s+mois|d[ée]lai|end[ée]ans", _F)
_OWNER_BREAK = re.compile(r"[;:()]|\bet\b", _F)
# The object of the verb is a legal text: "a adopté le décret intégrant le PST".
_LEGAL_OBJECT = re.compile(
    r"\W*(?:le|la|les|un|une|ce|cet|cette)?\s*(?:d[ée]crets?|lois?|arr[êe]t[ée]s?|circulaires?"
    r"|codes?|texte)\b",
    _F,
)

_PLANNED = re.compile(
    r"\bpr[ée]vue?s?\b|\bplanifi[ée]e?s?\b|\benvisag\w*|\bprogramm(?:é|ée|és|ées)\b"
    r"|\bdoi(?:t|vent)\s+[êe]tre\b|\bprochaine?s?\b|\b[àa]\s+soumettre\b|\b(?:va|vont)\s+[êe]tre\b"
    r"|\b(?:aur|pourr|devr|fer|ir|soumettr|mettr|prendr|viendr|tiendr|faudr)"
    r"(?:a|as|ons|ez|ont|ait|aient)\b"
    r"|\b\w+(?:era|eras|erons|erez|eront|erait|eraient|irait|iraient|iront)\b",
    _F,
)
# An infinitive opening the sentence is an action of the plan ("Adopter le PST en 2019").
_INFINITIVE_ACTION = re.compile(
    r"^\W*(?:adopter|approuver|arr[êe]ter|valider|r[ée]diger|[ée]laborer|finaliser|publier"
    r"|pr[ée]senter|actualiser|[ée]valuer|soumettre|mettre|faire|r[ée]aliser)\b",
    _F,
)
# Where a clause begins: the tense of another clause says nothing about the date's.
_CLAUSE_START = re.compile(
    r"[;:(«»\"“”]|,|\b(?:qui|que|qu" + _A + r"|dont|o[ùu]|puisque|puisqu" + _A
    + r"|car|mais|lorsque|lorsqu" + _A + r"|quand|afin\s+(?:de|d" + _A + r"|que))",
    _F,
)
_SUBORDINATE = re.compile(
    r"\b(?:qui|que|qu" + _A + r"|dont|puisque|puisqu" + _A + r"|car|lorsque|lorsqu" + _A
    + r"|quand|afin\s+(?:de|d" + _A + r"|que))\b[^,;:]*",
    _F,
)

_DELIBERATION_HEADER = re.compile(
    r"^\W*(?:extrait|s[ée]ance|proc[èe]s-verbal|registre|r[ée]union\s+du\s+conseil"
    r"|conseil\s+de\s+l" + _A + r"action\s+sociale)\b[^;]*?\bdu\s*$",
    _F,
)
_DECISION = re.compile(
    r"^\W*(?:art(?:icle|\.)?\s*(?:1|un|premier)\w*\s*[:.\-–]?\s*)?"
    r"(?:le\s+conseil[^,]{0,40},\s*)?"
    r"(?:d[ée]cide\s+(?:d" + _A + r"|de\s+)\s*"
    r"(?:prendre\s+acte|arr[êe]ter|approuver|adopter|valider|avaliser|ent[ée]riner)"
    r"|prend\s+acte|arr[êe]te|approuve|adopte|valide|avalise|ent[ée]rine)\b",
    _F,
)
_DECISION_UPPER = re.compile(
    r"\b(?:PREND\s+ACTE|ARR[ÊE]TE|APPROUVE|ADOPTE|D[ÉE]CIDE|AVALISE|ENT[ÉE]RINE|VALIDE)\b"
)
_NOT_DECISION = re.compile(r"^\W*(?:vu|consid[ée]rant|attendu|sur\s+proposition)\b", _F)

_BUREAU = re.compile(r"bureau\s+permanent", _F)
_DELEGATION = re.compile(r"d[ée]l[ée]g\w*[^.]{0,80}bureau\s+permanent", _F)
_MODAL_ONLY = re.compile(r"\bpeut\b|\bpeuvent\b|\bpourrait\b", _F)
_AS_IS_THE_CASE = re.compile(r"ce\s+qui\s+est\s+le\s+cas", _F)

_ABBREVIATIONS = re.compile(
    r"(?:\b[A-Za-z]|\bart|\bcf|\bM|\bMme|\bMM|\bDr|\bp|\bn°|\bno|\betc|\bsept|\bjanv|\bfévr"
    r"|\bfevr|\bavr|\bjuil|\boct|\bnov|\bdéc|\bdec|\bvol|\bch|\bal|\bSt|\bSte)\.$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"«“(]?[A-ZÀ-ÖØ-Þ0-9])")
_TERMINAL = re.compile(r"[.!?;:]\s*$")
# A line ending on an article or preposition goes on in the next one (wrapped PDF text).
_DANGLING = re.compile(
    r"\b(?:la|le|les|de|du|des|d['’]|l['’]|à|au|aux|en|et|par|pour|sur|un|une|dans|sa|son|ses)$",
    _F,
)
# A span of years next to a date: "le PST 2025-2030", "la législature 2018-2024".
_YEAR_SPAN = re.compile(r"(?<!\d)(20[12]\d)\s*[-–/à]\s*(20[23]\d)(?!\d)")
# How many sentences back a pronoun or a generic noun may look for its object.
_CONTEXT_SENTENCES = 2


@dataclass(frozen=True)
class Sentence:
    """A sentence with the provenance of the paragraph it starts in."""

    text: str
    provenance: Provenance = Provenance()


def split_sentences(text: str) -> list[str]:
    """Cut a paragraph into sentences at . ! ? ; followed by a capital (abbreviations kept)."""
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        head = text[start : match.start()]
        if _ABBREVIATIONS.search(head):
            continue
        pieces.append(head.strip())
        start = match.end()
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _units(source: str | Iterable[Block | str | tuple[str, Provenance]]) -> list[Sentence]:
    if isinstance(source, str):
        return [Sentence(line) for line in source.splitlines()]
    units: list[Sentence] = []
    for item in source:
        if isinstance(item, Block):
            text = " | ".join(item.cells) if item.cells else item.text
            units.append(Sentence(text, item.provenance))
        elif isinstance(item, str):
            units.append(Sentence(item))
        else:
            units.append(Sentence(item[0], item[1]))
    return units


def to_sentences(source: str | Iterable[Block | str | tuple[str, Provenance]]) -> list[Sentence]:
    """Join wrapped lines (no final punctuation, next starts lower-case) and split sentences."""
    merged: list[Sentence] = []
    for unit in _units(source):
        text = " ".join(unit.text.split())
        if not text:
            continue
        # "PREND ACTE et ARRETE" / "le Programme Stratégique..." are two paragraphs of one
        # sentence; so are the lines of a wrapped PDF paragraph.
        # Both patterns are anchored at the end: search the tail only, or a page of 60,000 lower-case
        # paragraphs (all joined into one sentence) costs quadratic time.
        tail = merged[-1].text[-80:] if merged else ""
        if merged and not _TERMINAL.search(tail) and (text[0].islower() or _DANGLING.search(tail)):
            merged[-1] = Sentence(f"{merged[-1].text} {text}", merged[-1].provenance)
        else:
            merged.append(Sentence(text, unit.provenance))
    return [Sentence(s, u.provenance) for u in merged for s in split_sentences(u.text)]


# ---- legislatures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LegislatureSpan:
    """A local legislature as the calendar knows it: elections and the installation window.

    ``installation_to`` is the latest installation of any council (Comines-Warneton's is in
    March); a legislature lasts until the next one's councils are installed.
    """

    id: str
    elections: date
    installation_from: date
    installation_to: date


# The default calendar; the warehouse passes the one of its rule file.
DEFAULT_CALENDAR: tuple[LegislatureSpan, ...] = (
    LegislatureSpan("2018-2024", date(2018, 10, 14), date(2019, 1, 1), date(2019, 3, 31)),
    LegislatureSpan("2024-2030", date(2024, 10, 13), date(2025, 1, 1), date(2025, 3, 31)),
    LegislatureSpan("2030-2036", date(2030, 10, 13), date(2031, 1, 1), date(2031, 3, 31)),
)


def _add_months(day: date, months: int) -> date:
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = latest_day(date(year, month0 + 1, 1), DatePrecision.MONTH).day
    return date(year, month0 + 1, min(day.day, last))


def _window(kind: str, leg: LegislatureSpan, nxt: LegislatureSpan) -> tuple[date, date]:
    """The days an event of ``kind`` can fall on and still belong to ``leg``."""
    if kind == "cas_installed":
        return leg.elections, nxt.elections
    if kind == "evaluation_mid":
        return leg.installation_from, nxt.installation_from
    if kind == "evaluation_final":
        # Presented by the outgoing council, or to the next one in its first months.
        middle = date.fromordinal((leg.installation_from.toordinal() + nxt.installation_from.toordinal()) // 2)
        return middle, _add_months(nxt.installation_to, 6)
    # The outgoing council acts until the next one is installed; an act dated between the
    # elections and the installation belongs to the legislature being set up.
    return leg.elections, nxt.installation_to


def _next(calendar: Sequence[LegislatureSpan], i: int) -> LegislatureSpan:
    if i + 1 < len(calendar):
        return calendar[i + 1]
    leg = calendar[i]
    years = 6
    return LegislatureSpan(
        f"{leg.elections.year + years}-{leg.elections.year + 2 * years}",
        leg.elections.replace(year=leg.elections.year + years),
        leg.installation_from.replace(year=leg.installation_from.year + years),
        leg.installation_to.replace(year=leg.installation_to.year + years),
    )


def _span_near(text: str, day: date, precision: DatePrecision) -> str | None:
    """The legislature of the span of years nearest to the date ``day`` in ``text``."""
    position = None
    for mention in find_dates(text):
        if mention.value == day and mention.precision is precision:
            position = mention.span[0]
            break
    spans = [
        (abs(m.start() - position) if position is not None else m.start(), leg)
        for m in _YEAR_SPAN.finditer(text)
        if (leg := official_legislature(int(m.group(1)), int(m.group(2))))
    ]
    return min(spans)[1] if spans else None


def attribute_legislature(
    kind: str,
    day: date,
    precision: DatePrecision,
    text: str = "",
    document_legislature: str | None = None,
    calendar: Sequence[LegislatureSpan] = DEFAULT_CALENDAR,
) -> str | None:
    """The legislature an event belongs to, judged on its own date.

    Every legislature whose window for ``kind`` overlaps the days the date can stand for
    ("2019" stands for the whole year) is a candidate. One candidate wins outright. Among
    several (an act of January 2025 may be the outgoing council's or the new one's), a span of
    years next to the date in ``text`` ("le PST 2025-2030") decides, then the document's
    legislature, then the legislature holding the middle of the date. None when the date fits
    no legislature (before the 2018 elections).
    """
    first, last = day, latest_day(day, precision)
    candidates: list[tuple[str, date, date]] = []
    for i, leg in enumerate(calendar):
        start, end = _window(kind, leg, _next(calendar, i))
        if first <= end and last >= start:
            candidates.append((leg.id, start, end))
    if not candidates:
        return None
    ids = [c[0] for c in candidates]
    if len(ids) == 1:
        return ids[0]
    span = _span_near(text, day, precision) if text else None
    if span in ids:
        return span
    if document_legislature in ids:
        return document_legislature
    middle = date.fromordinal((first.toordinal() + last.toordinal()) // 2)
    for leg_id, start, end in candidates:
        if start <= middle <= end:
            return leg_id
    return ids[0]


# ---- what a date is about -------------------------------------------------------------------


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - keep the last match
        pass
    return found


def _objects(segment: str) -> list[tuple[int, int, str]]:
    """Every object mention of a segment: (start, end, name)."""
    found = []
    for name, pattern in (
        ("dps", _DPS),
        ("pst", _PST),
        ("evaluation", _EVALUATION),
        ("installation", _INSTALLATION),
    ):
        found += [(m.start(), m.end(), name) for m in pattern.finditer(segment)]
    return sorted(found)


def _object_kind(segment: str, from_end: bool) -> tuple[str, int, int] | None:
    """The object a segment talks about, nearest the date (end or start of the segment)."""
    found = _objects(segment)
    if not found:
        return None
    start, end, nearest = found[-1] if from_end else found[0]
    if nearest in ("pst", "dps"):
        # "l'évaluation à mi-législature du PST": the evaluation, not the PST, is the object.
        evaluation = _last(_EVALUATION, segment[max(0, start - 60) : start])
        if evaluation is not None:
            return "evaluation", start - 60 + evaluation.start(), end
    return nearest, start, end


@dataclass(frozen=True)
class _Context:
    """What the previous sentences and the document are about, for pronouns and generic nouns."""

    recent: tuple[tuple[str, str] | None, ...] = ()  # (object, its sentence) per sentence, last nearest
    document: tuple[str, str] | None = None  # (object, title)

    def resolve(self) -> tuple[str, str] | None:
        """The object of the previous one or two sentences, else what the document is."""
        for item in reversed(self.recent):
            if item is not None:
                return item
        return self.document

    def after(self, sentence: str) -> _Context:
        """The context for the next sentence."""
        located = _object_kind(sentence, from_end=True)
        item = (located[0], sentence) if located and located[0] != "installation" else None
        return _Context((*self.recent, item)[-_CONTEXT_SENTENCES:], self.document)


def _document_object(sentences: Sequence[Sentence]) -> tuple[str, str] | None:
    """What the document is, from its title lines: a PST, a DPS, an evaluation."""
    for sentence in sentences[:8]:
        if find_dates(sentence.text) and len(sentence.text) > 200:
            continue
        found = [f for f in _objects(sentence.text) if f[2] != "installation"]
        if found:
            start, _end, name = found[0]
            if name in ("pst", "dps"):
                evaluation = _last(_EVALUATION, sentence.text[max(0, start - 60) : start])
                if evaluation is not None:
                    name = "evaluation"
            return name, sentence.text
    return None


def _anaphora(segment: str, context: _Context) -> tuple[str, str] | None:
    """The object a pronoun or a generic noun of ``segment`` stands for, from the context."""
    if _GENERIC_PLAN.search(segment):
        return "pst", segment
    if _GENERIC_DECLARATION.search(segment):
        return "dps", segment
    if _PRONOUN.search(segment) or _GENERIC_DOCUMENT.search(segment):
        return context.resolve()
    return None


# ---- verbs, actors, tense -------------------------------------------------------------------


@dataclass(frozen=True)
class _Verb:
    kind: str  # adopted | noted | submitted | updated | published
    start: int
    end: int


def _verbs(text: str, lo: int, hi: int) -> list[_Verb]:
    found = []
    for kind, pattern in _VERBS:
        for m in pattern.finditer(text, lo, hi):
            found.append(_Verb(kind, m.start(), m.end()))
    return sorted(found, key=lambda v: v.start)


def _nearest_verb(verbs: Sequence[_Verb], date_start: int, date_end: int) -> _Verb | None:
    """The verb governing a date: the nearest before it, else the nearest after it."""
    before = [v for v in verbs if v.end <= date_start]
    if before:
        return max(before, key=lambda v: v.end)
    after = [v for v in verbs if v.start >= date_end]
    return min(after, key=lambda v: v.start) if after else None


def _clause_start(text: str, position: int, floor: int = 0) -> int:
    """Where the clause holding ``position`` starts (after a comma, a relative pronoun...)."""
    start = floor
    for m in _CLAUSE_START.finditer(text, floor, position):
        start = m.end()
    return start


def _actor(text: str, verb: _Verb, floor: int) -> str | None:
    """Who did the act of ``verb``: the agent after it ("par le Bureau permanent"), else the
    subject of its clause (the last body named before it)."""
    agent = _AGENT.match(text, verb.end)
    if agent:
        for name, pattern in _ACTORS:
            if pattern.match(text, agent.end()):
                return name
    head = text[_clause_start_strong(text, verb.start, floor) : verb.start]
    found = None
    for name, pattern in _ACTORS:
        for m in pattern.finditer(head):
            if _PREPOSITION_BEFORE.search(head, 0, m.start()):
                continue  # "en collaboration avec la Commune": not who acted
            if found is None or m.start() > found[0]:
                found = (m.start(), name)
    return found[1] if found else None


def _clause_start_strong(text: str, position: int, floor: int) -> int:
    """Like ``_clause_start`` but a comma does not end the subject ("Le 19 juillet 2018, le
    Parlement wallon a adopté")."""
    start = floor
    for m in re.finditer(r"[;:(«»]|\b(?:qui|que|qu" + _A + r"|dont|puisque|puisqu" + _A + r"|car|mais)\b",
                         text[floor:position], _F):
        start = floor + m.end()
    return start


def _is_planned(text: str, anchor: tuple[int, int], date_span: tuple[int, int]) -> bool:
    """Whether the clause of the date and its verb announces the act rather than reports it."""
    if _INFINITIVE_ACTION.search(text):
        return True
    lo, hi = min(anchor[0], date_span[0]), max(anchor[1], date_span[1])
    left = max(0, lo - 40)
    left = _clause_start(text, lo, left) if _CLAUSE_START.search(text, left, lo) else left
    region = text[left:lo] + _SUBORDINATE.sub(" ", text[lo:hi])
    return bool(_PLANNED.search(region))


# ---- one sentence ---------------------------------------------------------------------------


def _foreign(before: str) -> bool:
    """True when the words just before a date name another owner ("loi du", "concertation … du")."""
    tail = before[-90:]
    if _FIELD_LABEL.search(tail):
        return True
    owner = _last(_FOREIGN_OWNER, tail)
    if owner is None:
        return False
    between = tail[owner.end() :]
    if _OWNER_BREAK.search(between):
        return False
    return not any(
        p.search(between) for p in (_DPS, _PST, _EVALUATION, _ADOPT, _NOTE, _UPDATE, _PUBLISH)
    )


def _document_delegates(sentences: list[Sentence]) -> bool:
    """The document says the council delegated the plan to the bureau permanent."""
    for s in sentences:
        if _DELEGATION.search(s.text) and (
            not _MODAL_ONLY.search(s.text) or _AS_IS_THE_CASE.search(s.text)
        ):
            return True
    return False


@dataclass(frozen=True)
class _Found:
    kind: str
    mention: DateMention
    planned: bool
    delegated: bool


def _pst_kind(text: str, verb: _Verb, actor: str | None, obj_end: int | None,
              verbs: Sequence[_Verb]) -> str | None:
    if actor in ("region", "commune"):
        return None
    if obj_end is not None and _COMMUNE_PLAN.match(text, obj_end) and not _CPAS_NAMED.search(
        text[obj_end : obj_end + 40]
    ):
        return None
    if any(v.kind == "updated" for v in verbs):
        return "pst_updated"
    if verb.kind == "published":
        return "published"
    if actor == "bureau" and verb.kind == "adopted":
        return "pst_bureau_adopted"
    if verb.kind == "noted":
        # "PREND ACTE et ARRETE": the council adopts.
        if any(v.kind == "adopted" and abs(v.start - verb.end) < 12 for v in verbs):
            return "pst_adopted"
        return "pst_noted"
    return "pst_adopted"


def _event_kind(
    text: str, obj: str, obj_span: tuple[int, int] | None, segment: str, verbs: Sequence[_Verb],
    verb: _Verb | None, floor: int,
) -> str | None:
    if obj == "installation":
        return None if _MEMBER_INSTALLED.search(segment) else "cas_installed"
    if obj == "evaluation":
        if _MID.search(segment):
            return "evaluation_mid"
        if _FINAL.search(segment):
            return "evaluation_final"
        return None
    if verb is None:
        return None
    actor = _actor(text, verb, floor)
    if verb.end <= len(text) and _LEGAL_OBJECT.match(text, verb.end):
        return None  # "a adopté le décret …": the object of the verb is a legal text
    if obj == "dps":
        if actor in ("region", "commune", "bureau"):
            return None
        return "dps_adopted" if verb.kind in ("adopted", "noted", "submitted") else None
    return _pst_kind(text, verb, actor, obj_span[1] if obj_span else None, verbs)


def _events_in_sentence(sentence: Sentence, context: _Context, delegates: bool) -> list[_Found]:
    text = sentence.text
    mentions = find_dates(text)
    found: list[_Found] = []
    previous_obj: tuple[str, tuple[int, int] | None, str] | None = None
    previous_kind: str | None = None
    for i, mention in enumerate(mentions):
        start, end = mention.span
        floor = mentions[i - 1].span[1] if i else 0
        ceiling = mentions[i + 1].span[0] if i + 1 < len(mentions) else len(text)
        if _foreign(text[:start]):
            continue
        before, after = text[floor:start], text[end:ceiling]
        inherited = False
        located = _object_kind(before, from_end=True)
        obj: tuple[str, tuple[int, int] | None, str] | None = None
        if located is not None:
            obj = (located[0], (floor + located[1], floor + located[2]), before)
        else:
            located = _object_kind(after, from_end=False)
            if located is not None:
                obj = (located[0], (end + located[1], end + located[2]), after)
            elif previous_obj is not None:
                # "adopté le 24/11/2020 et publié le 30/11/2020": same object as before; with
                # no verb of its own, the same act dated again ("en 2019, en séance du …").
                obj = previous_obj
                inherited = len(before) <= 40 and not re.search(r"[;:]", before)
            else:
                resolved = _anaphora(before, context) or _anaphora(after, context)
                if resolved is not None:
                    obj = (resolved[0], None, resolved[1])
        if obj is None:
            continue
        previous_obj = obj
        name, obj_span, segment = obj
        if _DEADLINE.search(before if obj_span is None or obj_span[0] < start else after):
            continue
        if obj_span is not None and _DRAFT.search(text[max(0, obj_span[0] - 25) : obj_span[0]]):
            continue
        verbs = _verbs(text, floor, ceiling)
        verb = _nearest_verb(verbs, start, end)
        anchor = (verb.start, verb.end) if verb is not None else (obj_span or (start, end))
        if _OTHER_AUDIENCE.search(text, max(floor, min(anchor[0], start) - 60), max(anchor[1], end)):
            continue  # shown to the staff or the commune: no adoption, no council evaluation
        kind = _event_kind(text, name, obj_span, segment, verbs, verb, floor)
        if kind is None and verb is None and inherited:
            # "adopté en 2019, en séance du 24 septembre 2019": the same act dated again.
            kind = previous_kind
        if kind is None:
            continue
        previous_kind = kind
        planned = _is_planned(text, anchor, (start, end))
        if verb is not None and verb.kind == "submitted" and not planned:
            continue  # submitted to the council: an adoption only as an announcement
        delegated = kind in DELEGATED_KINDS or (
            kind == "pst_adopted" and (bool(_BUREAU.search(text)) or delegates)
        )
        found.append(_Found(kind, mention, planned, delegated))
    return found


def _seance_date(text: str) -> DateMention | None:
    """The meeting date of a deliberation header, or None when the sentence is not one."""
    for mention in find_dates(text):
        if mention.precision is not DatePrecision.DAY:
            continue
        head = text[: mention.span[0]]
        if _DELIBERATION_HEADER.search(head) and not _foreign(head):
            return mention
    return None


def _is_decision(text: str) -> bool:
    if _NOT_DECISION.search(text):
        return False
    return bool(_DECISION.search(text) or _DECISION_UPPER.search(text))


def _decision_kind(text: str, context: _Context) -> str | None:
    """The council's act in a decision sentence ("ARRETE le PST", "PREND ACTE du PST adopté par
    le Bureau permanent en sa séance du …")."""
    located = _object_kind(text, from_end=False)
    if located is not None:
        obj = located[0]
    else:
        resolved = _anaphora(text, context) or context.document
        if resolved is None:
            return None
        obj = resolved[0]
    if obj == "evaluation":
        if _MID.search(text):
            return "evaluation_mid"
        return "evaluation_final" if _FINAL.search(text) else None
    if obj == "installation":
        return None
    head = text[: located[1]] if located is not None else text
    adopts = bool(_ADOPT.search(head))
    notes = bool(_NOTE.search(head))
    if obj == "dps":
        return "dps_adopted"
    if obj != "pst":
        return None
    if located is not None and _COMMUNE_PLAN.match(text, located[2]):
        return None
    if notes and not adopts:
        return "pst_noted"
    return "pst_adopted"


def _dedupe_vague(events: list[Event]) -> list[Event]:
    """Drop a month or year date of an act the document also dates more precisely."""
    kept = []
    for event in events:
        if event.precision is not DatePrecision.DAY:
            first, last = event.event_date, latest_day(event.event_date, event.precision)
            finer = [
                other
                for other in events
                if other is not event
                and other.kind == event.kind
                and other.is_planned == event.is_planned
                and other.legislature == event.legislature
                and _rank(other.precision) < _rank(event.precision)
                and first <= other.event_date <= last
            ]
            if finer:
                continue
        kept.append(event)
    return kept


def _rank(precision: DatePrecision) -> int:
    return {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2}[precision]


def extract_events(
    source: str | Iterable[Block | str | tuple[str, Provenance]],
    document_legislature: str | None = None,
    calendar: Sequence[LegislatureSpan] = DEFAULT_CALENDAR,
) -> list[Event]:
    """Events of a document, in reading order, each with its sentence as evidence.

    ``source`` is the document's text (one paragraph per line), or its paragraphs as
    ``Block``s, strings or ``(text, Provenance)`` pairs. ``document_legislature`` (default: the
    first span of years the document prints) only breaks ties between legislatures. A
    repeated event (same kind, date, precision, planned flag) is kept once, with its first
    evidence; a vague date of an act also dated precisely is dropped.
    """
    sentences = to_sentences(source)
    if document_legislature is None:
        document_legislature = detect_legislature("\n".join(s.text for s in sentences))
    delegates = _document_delegates(sentences)
    context = _Context(document=_document_object(sentences))
    seance: tuple[Sentence, DateMention] | None = None
    events: list[Event] = []
    seen: set[tuple[str, object, DatePrecision, bool]] = set()

    def add(kind: str, mention: DateMention, planned: bool, delegated: bool, evidence: str,
            provenance: Provenance, span_text: str) -> None:
        key = (kind, mention.value, mention.precision, planned)
        if key in seen:
            return
        seen.add(key)
        events.append(
            Event(
                kind=kind,
                event_date=mention.value,
                precision=mention.precision,
                is_planned=planned,
                delegated_to_bureau=delegated,
                evidence_text=evidence,
                provenance=provenance,
                legislature=attribute_legislature(
                    kind, mention.value, mention.precision, span_text, document_legislature, calendar
                ),
            )
        )

    for sentence in sentences:
        text = sentence.text
        found = _events_in_sentence(sentence, context, delegates)
        header = _seance_date(text)
        if header is not None and not found:
            seance = (sentence, header)
        for item in found:
            add(item.kind, item.mention, item.planned, item.delegated, text, sentence.provenance, text)
        if seance is not None and header is None and _is_decision(text):
            kind = _decision_kind(text, context)
            if kind is not None and all(item.kind != kind for item in found):
                # The decision carries no date: the evidence shows the header that gives it.
                evidence = f"{seance[0].text} … {text}"
                add(kind, seance[1], False,
                    kind in DELEGATED_KINDS or (kind == "pst_adopted" and delegates),
                    evidence, sentence.provenance, evidence)
        context = context.after(text)
    return _dedupe_vague(events)


__all__ = [
    "DEFAULT_CALENDAR",
    "DELEGATED_KINDS",
    "KINDS",
    "LegislatureSpan",
    "Sentence",
    "attribute_legislature",
    "extract_events",
    "split_sentences",
    "to_sentences",
]
