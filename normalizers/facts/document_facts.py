"""Facts a document states about itself: its legislature, its kind, the counts it declares (and where they differ)."""

from __future__ import annotations

import re

from pipeline.core.model import (
    Anomaly,
    DeclaredCounts,
    DocumentKind,
    ExtractedDocument,
    Level,
    PlanItem,
    SourceFormat,
)
from pipeline.core.text import fold

_LEGISLATURE_RE = re.compile(r"(?<!\d)(20[12]\d)\s*[-–/à]\s*(20[23]\d)(?!\d)")
_COUNT_RE = re.compile(
    r"(?P<min>plus\s+de\s+|au\s+moins\s+|pr[eè]s\s+de\s+)?(?<![\d/.,])(?P<n>\d{1,3})[ \t]+"
    r"(?P<what>objectifs?\s+strat[ée]giques?|objectifs?\s+op[ée]rationnels?|projets?\s*(?:/|et|ou)\s*actions?|actions?|projets?)\b",
    re.IGNORECASE,
)


def official_legislature(start: int, end: int) -> str | None:
    """Map a printed span ("2019-2025", "2018-2024") to the legislature it belongs to."""
    if start in (2018, 2019) and end in (2024, 2025):
        return "2018-2024"
    if start in (2024, 2025) and end in (2030, 2031):
        return "2024-2030"
    return None


def detect_legislature(text: str) -> str | None:
    """The legislature a document is about, from the first span of years it prints."""
    for m in _LEGISLATURE_RE.finditer(text):
        found = official_legislature(int(m.group(1)), int(m.group(2)))
        if found:
            return found
    return None


def detect_kind(doc: ExtractedDocument, head: str, has_items: bool) -> DocumentKind:
    """Kind of document: deliberation, evaluation, web summary or the plan itself.

    Only the opening of the document (its title page, ``head``) is read: a plan mentions
    evaluations in its body, a deliberation states what it is in its first lines.
    """
    folded = fold(head)
    if re.search(
        r"extrait du (?:registre|proces-verbal)|deliberation\s+\d"
        r"|le conseil de l.action sociale,?\s*$|\bdecide\b.*\barrete\b",
        folded,
        re.M,
    ):
        return DocumentKind.DELIBERATION
    titles = "\n".join(line for line in folded.splitlines() if len(line) <= 150)
    if re.search(
        r"\bevaluation\s+(?:a\s+)?mi-(?:parcours|legislature|mandat)|rapport d.evaluation"
        r"|evaluation (?:finale|terminale) du (?:pst|programme)",
        titles,
    ):
        return DocumentKind.EVALUATION
    if doc.format is SourceFormat.HTML:
        return DocumentKind.WEB_SUMMARY
    if has_items or "programme strategique transversal" in folded or re.search(r"\bpst\b", folded):
        return DocumentKind.PST
    return DocumentKind.UNKNOWN


def declared_counts(text: str) -> DeclaredCounts:
    """Counts the document states ("15 objectifs opérationnels", "plus de 40 actions"), summed per sentence."""
    found: dict[str, tuple[int, bool]] = {}
    for sentence in re.split(r"(?<=[.!?\n])\s+", text):
        per_level: dict[str, list[tuple[int, bool]]] = {}
        for m in _COUNT_RE.finditer(sentence):
            what = fold(m.group("what"))
            level = "os" if "strat" in what else "oo" if "operationnel" in what else "action"
            per_level.setdefault(level, []).append((int(m.group("n")), bool(m.group("min"))))
        for level, values in per_level.items():
            if level not in found:
                found[level] = (sum(v for v, _ in values), any(m for _, m in values))
    return DeclaredCounts(
        os=found.get("os", (None, False))[0],
        oo=found.get("oo", (None, False))[0],
        action=found.get("action", (None, False))[0],
        action_is_minimum=found.get("action", (None, False))[1],
    )


def count_anomalies(items: list[PlanItem], declared: DeclaredCounts) -> list[Anomaly]:
    """Record where the counts the document declares differ from what was extracted."""
    out = []
    for level, value in ((Level.OS, declared.os), (Level.OO, declared.oo), (Level.ACTION, declared.action)):
        if value is None:
            continue
        got = sum(1 for it in items if it.level is level and it.is_cpas)
        minimum = level is Level.ACTION and declared.action_is_minimum
        if (minimum and got < value) or (not minimum and got != value):
            word = "at least " if minimum else ""
            out.append(
                Anomaly(
                    kind="declared_count_mismatch",
                    detail=f"document declares {word}{value} {level.value}, {got} extracted",
                )
            )
    return out
