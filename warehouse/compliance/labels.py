"""French labels of the art. 27ter statuses, obligations and event kinds: one place for the CLI,
the report and the exports. The views keep the codes (stable for SQL); they show these labels
next to them."""

from __future__ import annotations

from datetime import date

from pipeline.core.model import DatePrecision

STATUS_LABELS: dict[str, str] = {
    "on_time": "dans les délais",
    "late": "en retard",
    "undecidable": "indécidable : date imprécise à cheval sur l'échéance",
    "done": "réalisé (délai non mesuré)",
    "in_window": "réalisée dans la fenêtre indicative",
    "outside_window": "réalisée hors de la fenêtre indicative",
    "due_soon": "échéance proche",
    "not_yet_due": "pas encore échu",
    "window_open": "fenêtre indicative en cours",
    "window_upcoming": "fenêtre indicative à venir",
    "no_document": "aucun document",
    "no_dated_evidence": "documents sans acte daté",
    "planned_only": "annoncé comme prévu seulement",
}

# Short labels for charts and table headers.
STATUS_SHORT_LABELS: dict[str, str] = {
    "on_time": "À temps",
    "late": "En retard",
    "undecidable": "Indécidable",
    "done": "Réalisé",
    "in_window": "Dans la fenêtre",
    "outside_window": "Hors fenêtre",
    "due_soon": "Échéance proche",
    "not_yet_due": "Pas encore échu",
    "window_open": "Fenêtre en cours",
    "window_upcoming": "Fenêtre à venir",
    "no_document": "Aucun document",
    "no_dated_evidence": "Sans acte daté",
    "planned_only": "Prévu seulement",
}

OBLIGATION_LABELS: dict[str, str] = {
    "dps": "Déclaration de politique sociale",
    "pst": "PST",
    "pst_renewal": "PST (après renouvellement)",
    "evaluation_mid": "Évaluation du PST à mi-législature",
    "evaluation_final": "Évaluation finale du PST",
    "publication": "Publication du PST",
}

KIND_LABELS: dict[str, str] = {
    "cas_installed": "installation du conseil de l'action sociale",
    "dps_adopted": "adoption de la déclaration de politique sociale",
    "pst_adopted": "adoption du PST par le conseil",
    "pst_noted": "prise d'acte du PST par le conseil (délégation)",
    "pst_bureau_adopted": "PST arrêté par le bureau permanent (délégation)",
    "pst_updated": "actualisation du PST",
    "evaluation_mid": "évaluation à mi-législature",
    "evaluation_final": "évaluation finale",
    "published": "publication du PST",
}

_PRECISION_WORDS = {DatePrecision.MONTH: "au mois", DatePrecision.YEAR: "à l'année"}
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")


def status_label(code: str) -> str:
    """The French label of a status code (the code itself when unknown)."""
    return STATUS_LABELS.get(code, code)


def obligation_label(code: str) -> str:
    """The French label of an obligation code (the code itself when unknown)."""
    return OBLIGATION_LABELS.get(code, code)


def precision_words(precision: DatePrecision) -> str:
    """"au mois" / "à l'année" for a vague date, "" for a day."""
    return _PRECISION_WORDS.get(precision, "")


def french_date(day: date, precision: DatePrecision = DatePrecision.DAY) -> str:
    """A date as written in French: "24 septembre 2019", "septembre 2019", "2019"."""
    if precision is DatePrecision.YEAR:
        return str(day.year)
    if precision is DatePrecision.MONTH:
        return f"{_MONTHS[day.month - 1]} {day.year}"
    return f"{'1er' if day.day == 1 else day.day} {_MONTHS[day.month - 1]} {day.year}"


__all__ = [
    "KIND_LABELS",
    "OBLIGATION_LABELS",
    "STATUS_LABELS",
    "STATUS_SHORT_LABELS",
    "french_date",
    "obligation_label",
    "precision_words",
    "status_label",
]
