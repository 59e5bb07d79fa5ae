"""Dated events of article 27ter reported by a document: installation, DPS, PST, evaluations.

Text is cut into sentences; each date in a sentence is tied to the nearest object it is about
(the déclaration de politique sociale, the PST, an evaluation, the installation of the
council) and to the verb nearest to it (adopted, updated, published). Dates owned by
something else (a law, a decree, a concertation meeting, a fiche projet) give nothing. A
deliberation states its meeting date once, in its header ("Extrait du procès-verbal de la
séance du Conseil de l'Action Sociale du mardi 24 novembre 2020"), and its decision later
without a date ("ARRETE le Programme Stratégique Transversal"): the decision takes the date
of the séance. Nothing is dated from anywhere else, so a document without a dated adoption
yields no adoption.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from normalizers.facts.dates import DateMention, find_dates
from pipeline.core.model import Block, DatePrecision, Event, Provenance

KINDS = (
    "cas_installed",
    "dps_adopted",
    "pst_adopted",
    "pst_updated",
    "evaluation_mid",
    "evaluation_final",
    "published",
)

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

# Verbs (and their nouns), nearest to the date wins.
_ADOPT = re.compile(
    r"adopt\w*|approuv\w*|approbation|arr[êe]t[ée]e?s?\b|arr[êe]te\b|valid\w*|vot[ée]\w*"
    r"|pris\s+acte|prend\s+acte|prise\s+d" + _A + r"acte|pr[ée]sent[ée]e?s?\b"
    r"|soumise?s?\s+(?:au\s+conseil|[àa]\s+l" + _A + r"approbation)",
    _F,
)
_UPDATE = re.compile(
    r"actualis\w*|mis\w*\s+[àa]\s+jour|modifi\w*|r[ée]vis[ée]\w*|r[ée]vision|amend\w*", _F
)
_PUBLISH = re.compile(r"publi[ée]\w*|publication|mis\w*\s+en\s+ligne", _F)

# Dates that belong to something else: a law, a decree, an order, a meeting of another body.
_FOREIGN_OWNER = re.compile(
    r"\b(?:loi|lois|d[ée]crets?|arr[êe]t[ée]s?\s+(?:royal|royaux|minist[ée]riel|du\s+gouvernement"
    r"|de\s+l" + _A + r"ex[ée]cutif)|A\.?G\.?W\b|A\.?R\b|circulaire|code|concertation|comit[ée]"
    r"|commission|[ée]lections?|scrutin|codir|budget|compte)\b",
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

_PLANNED = re.compile(
    r"\bpr[ée]vue?s?\b|\bplanifi[ée]e?s?\b|\benvisag\w*|\bprogramm(?:é|ée|és|ées)\b"
    r"|\bdoi(?:t|vent)\s+[êe]tre\b|\bprochaine?s?\b|\b[àa]\s+soumettre\b|\b(?:va|vont)\s+[êe]tre\b"
    r"|\b(?:aur|pourr|devr|fer|ir|soumettr|mettr|prendr|viendr|tiendr|faudr)"
    r"(?:a|as|ons|ez|ont|ait|aient)\b"
    r"|\b\w+(?:era|eras|erons|erez|eront|erait|eraient|irait|iraient|iront)\b"
    # An infinitive opening the sentence is an action of the plan ("Adopter le PST en 2019").
    r"|^\W*(?:adopter|approuver|arr[êe]ter|valider|r[ée]diger|[ée]laborer|finaliser|publier"
    r"|pr[ée]senter|actualiser|[ée]valuer|soumettre|mettre|faire|r[ée]aliser)\b",
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
    r"(?:prendre\s+acte|arr[êe]ter|approuver|adopter|valider)"
    r"|prend\s+acte|arr[êe]te|approuve|adopte|valide)\b",
    _F,
)
_DECISION_UPPER = re.compile(r"\b(?:PREND\s+ACTE|ARR[ÊE]TE|APPROUVE|ADOPTE|D[ÉE]CIDE)\b")
_NOT_DECISION = re.compile(r"^\W*(?:vu|consid[ée]rant|attendu|sur\s+proposition)\b", _F)

_BUREAU = re.compile(r"bureau\s+permanent", _F)
_BUREAU_ACT = re.compile(r"adopt|arr[êe]t|r[ée]dig|[ée]labor|acte", _F)
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
        if (
            merged
            and not _TERMINAL.search(merged[-1].text)
            and (text[0].islower() or _DANGLING.search(merged[-1].text))
        ):
            merged[-1] = Sentence(f"{merged[-1].text} {text}", merged[-1].provenance)
        else:
            merged.append(Sentence(text, unit.provenance))
    return [Sentence(s, u.provenance) for u in merged for s in split_sentences(u.text)]


def _is_planned(segment: str) -> bool:
    return bool(_PLANNED.search(segment))


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - keep the last match
        pass
    return found


def _first(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return pattern.search(text)


def _object_kind(segment: str, from_end: bool) -> str | None:
    """The object a segment talks about: the one nearest the date (end or start of segment)."""
    candidates: list[tuple[int, str]] = []
    pick = _last if from_end else _first
    for name, pattern in (
        ("dps", _DPS),
        ("pst", _PST),
        ("evaluation", _EVALUATION),
        ("installation", _INSTALLATION),
    ):
        m = pick(pattern, segment)
        if m:
            candidates.append((m.start(), name))
    if not candidates:
        return None
    candidates.sort(reverse=from_end)
    position, nearest = candidates[0]
    if nearest in ("pst", "dps"):
        # "l'évaluation à mi-législature du PST": the evaluation, not the PST, is the object.
        evaluation = _last(_EVALUATION, segment[max(0, position - 60) : position])
        if evaluation is not None:
            return "evaluation"
    return nearest


def _kind_for(obj: str, segment: str, verbs_from_end: bool) -> str | None:
    if obj == "installation":
        return "cas_installed"
    if obj == "evaluation":
        if _MID.search(segment):
            return "evaluation_mid"
        if _FINAL.search(segment):
            return "evaluation_final"
        return None
    pick = _last if verbs_from_end else _first
    verbs = [
        (m.start(), kind)
        for kind, pattern in (("adopted", _ADOPT), ("updated", _UPDATE), ("published", _PUBLISH))
        if (m := pick(pattern, segment))
    ]
    if not verbs:
        return None
    if obj == "dps":
        return "dps_adopted" if any(k == "adopted" for _, k in verbs) else None
    kinds = {k for _, k in verbs}
    if "updated" in kinds:
        return "pst_updated"
    verbs.sort(reverse=verbs_from_end)
    return {"adopted": "pst_adopted", "published": "published"}[verbs[0][1]]


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
    return not any(p.search(between) for p in (_DPS, _PST, _EVALUATION, _ADOPT, _UPDATE, _PUBLISH))


def _delegated(sentence: str, document_delegates: bool) -> bool:
    if _BUREAU.search(sentence) and _BUREAU_ACT.search(sentence):
        return True
    return document_delegates


def _document_delegates(sentences: list[Sentence]) -> bool:
    """The document says the council delegated the plan to the bureau permanent."""
    for s in sentences:
        if _DELEGATION.search(s.text) and (
            not _MODAL_ONLY.search(s.text) or _AS_IS_THE_CASE.search(s.text)
        ):
            return True
    return False


def _events_in_sentence(sentence: Sentence, delegates: bool) -> list[Event]:
    text = sentence.text
    mentions = find_dates(text)
    events: list[Event] = []
    previous_end = 0
    previous_obj: str | None = None
    for i, mention in enumerate(mentions):
        start, end = mention.span
        before = text[previous_end:start]
        if _foreign(text[:start]):
            previous_end = end
            continue
        obj = _object_kind(before, from_end=True)
        segment = before
        if obj is None:
            next_start = mentions[i + 1].span[0] if i + 1 < len(mentions) else len(text)
            after = text[end:next_start]
            obj = _object_kind(after, from_end=False)
            if obj is not None:
                segment = after
                # "Le 24 novembre 2020, le conseil a adopté le PST": the verb is after the date.
                kind = _kind_for(obj, before + " " + after, verbs_from_end=False)
            elif previous_obj is not None:
                # "adopté le 24/11/2020 et publié le 30/11/2020": same object as before.
                obj = previous_obj
                kind = _kind_for(obj, before, verbs_from_end=True)
            else:
                kind = None
        else:
            kind = _kind_for(obj, before, verbs_from_end=True)
        previous_end, previous_obj = end, obj or previous_obj
        if kind is None or _DEADLINE.search(segment):
            continue
        events.append(
            Event(
                kind=kind,
                event_date=mention.value,
                precision=mention.precision,
                is_planned=_is_planned(segment),
                delegated_to_bureau=kind == "pst_adopted" and _delegated(text, delegates),
                evidence_text=text,
                provenance=sentence.provenance,
            )
        )
    return events


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


def _decision_event(
    sentence: Sentence, header: Sentence, seance: DateMention, delegates: bool
) -> Event | None:
    text = sentence.text
    obj = _object_kind(text, from_end=False)
    if obj is None:
        return None
    kind = _kind_for(obj, text, verbs_from_end=False)
    if obj in ("dps", "pst") and kind is None:
        kind = "dps_adopted" if obj == "dps" else "pst_adopted"
    if kind is None:
        return None
    return Event(
        kind=kind,
        event_date=seance.value,
        precision=seance.precision,
        delegated_to_bureau=kind == "pst_adopted" and _delegated(text, delegates),
        # The decision carries no date: the evidence shows the header that gives it.
        evidence_text=f"{header.text} … {text}",
        provenance=sentence.provenance,
    )


def extract_events(source: str | Iterable[Block | str | tuple[str, Provenance]]) -> list[Event]:
    """Events of a document, in reading order, each with its sentence as evidence.

    ``source`` is the document's text (one paragraph per line), or its paragraphs as
    ``Block``s, strings or ``(text, Provenance)`` pairs. A repeated event (same kind, date,
    precision, planned flag) is kept once, with its first evidence.
    """
    sentences = to_sentences(source)
    delegates = _document_delegates(sentences)
    seance: tuple[Sentence, DateMention] | None = None
    events: list[Event] = []
    seen: set[tuple[str, object, DatePrecision, bool]] = set()
    for sentence in sentences:
        found = _events_in_sentence(sentence, delegates)
        header = _seance_date(sentence.text)
        if header is not None and not found:
            seance = (sentence, header)
        elif seance is not None and not found and _is_decision(sentence.text):
            decision = _decision_event(sentence, seance[0], seance[1], delegates)
            found = [decision] if decision else []
        for event in found:
            key = (event.kind, event.event_date, event.precision, event.is_planned)
            if key not in seen:
                seen.add(key)
                events.append(event)
    return events
