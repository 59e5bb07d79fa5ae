"""Parse quality: how much to trust each document's parse, and why (``core_parse_quality``).

No parser is right on every layout; this record tells analysts which parses to doubt first.
The confidence starts at 1 and each reason takes off its penalty (the total is clipped at 0):

==================  =======  ===========================================================
reason              penalty  when
==================  =======  ===========================================================
unreadable          1.00     the document could not be read (confidence 0)
no_item             0.80     readable, but no objective or action found
level_missing       0.20     a level is absent between two present ones, or under the top
                             one (OS but no OO; OO but no action), or items without an OS
declared_counts     0.20     the document states counts that differ from what was found
numbering_gaps      0.05     per skipped number, at most 0.20
many_anomalies      0.15     other anomalies (duplicate, typo numbers, orphans) above 10 % of items
field_titles        0.20     over 5 % of titles look like fields (« Pilote : », « Échéance »…)
ocr                 0.10     read by OCR (no text layer)
ocr_noise           0.10     over 10 % of titles hold characters OCR typically invents
summary_only        0.30     a web summary (the full plan is elsewhere)
no_cpas             0.30     the CPAS was not identified
no_legislature      0.10     no legislature stated (or read)
==================  =======  ===========================================================

Grades: high (>= 0.8), medium (>= 0.5), low. The record reads the rows analysts see (corrections
applied) and the parser's anomalies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from pipeline.core.text import fold

_FIELD_TITLE = re.compile(
    r"^(?:pilotes?|responsables?|porteurs?|ech[eé]ances?|d[eé]lais?|budgets?|indicateurs?|partenaires?|statut|"
    r"etat d.avancement|taux d.avancement|services?|r[eé]f[eé]rences?|date(?: de (?:d[eé]but|fin))?|moyens?|"
    r"co[uû]ts?|priorit[eé]|m[eé]t[eé]o)\s*[:：]?\s*$|^(?:pilote|responsable|[eé]ch[eé]ance|budget|indicateurs?|"
    r"partenaires?|statut)\s*[:：]",
    re.IGNORECASE,
)
_OCR_JUNK = re.compile(r"[|¦©®°¬~_{}\[\]<>\\^`¢£¥§¹²³¤]|[a-z][A-Z]{2,}[a-z]|\b[bcdfghjklmnpqrstvwxz]{5,}\b")


@dataclass(frozen=True)
class Reason:
    """One reason to doubt a parse."""

    code: str
    text: str
    penalty: float


@dataclass(frozen=True)
class Quality:
    """Confidence (0-1), grade and reasons of one document's parse."""

    confidence: float
    grade: str
    reasons: tuple[Reason, ...]


def grade(confidence: float) -> str:
    """high (>= 0.8), medium (>= 0.5) or low."""
    return "high" if confidence >= 0.8 else "medium" if confidence >= 0.5 else "low"


def assess(
    *,
    parse_status: str,
    error: str | None,
    fmt: str | None,
    doc_kind: str | None,
    cpas_name: str | None,
    legislature: str | None,
    levels: dict[str, int],
    titles: list[str],
    anomalies: dict[str, int],
) -> Quality:
    """The quality record of one document from its facts, its items' levels and titles, and its anomalies."""
    if parse_status == "failed":
        return Quality(0.0, "low", (Reason("unreadable", f"unreadable: {error or 'see v_documents.error'}", 1.0),))
    reasons: list[Reason] = []
    n_items = sum(levels.values())
    if n_items == 0:
        reasons.append(Reason("no_item", "no objective or action found", 0.8))
    else:
        present = [lv for lv in ("os", "oo", "action") if levels.get(lv)]
        if not levels.get("os"):
            reasons.append(Reason("level_missing", "objectives or actions but no objectif stratégique", 0.2))
        elif present == ["os"] or (levels.get("action") and not levels.get("oo")):
            reasons.append(Reason("level_missing", "no objectif opérationnel found", 0.2))
        elif not levels.get("action") and doc_kind != "web_summary":
            reasons.append(Reason("level_missing", "no action found", 0.2))
    if anomalies.get("declared_count_mismatch"):
        reasons.append(Reason("declared_counts", "the document states counts that differ from what was found", 0.2))
    gaps = anomalies.get("skipped_number", 0)
    if gaps:
        reasons.append(Reason("numbering_gaps", f"{gaps} skipped number(s)", min(0.2, 0.05 * gaps)))
    odd = sum(
        n for kind, n in anomalies.items() if kind not in ("declared_count_mismatch", "no_plan_items", "skipped_number")
    )
    if n_items and odd > 0.1 * n_items:
        reasons.append(Reason("many_anomalies", f"{odd} anomalies for {n_items} items", 0.15))
    if titles:
        fields = sum(1 for t in titles if _FIELD_TITLE.search(fold(t)) or len(t.strip()) < 4)
        if fields > 0.05 * len(titles):
            reasons.append(Reason("field_titles", f"{fields} title(s) look like fields (Pilote :, Échéance…)", 0.2))
    if fmt == "pdf_scan":
        reasons.append(Reason("ocr", "read by OCR (no text layer): titles may carry OCR errors", 0.1))
        noisy = sum(1 for t in titles if _OCR_JUNK.search(t))
        if titles and noisy > 0.1 * len(titles):
            reasons.append(Reason("ocr_noise", f"{noisy} title(s) with characters OCR typically invents", 0.1))
    if doc_kind == "web_summary":
        reasons.append(Reason("summary_only", "a web summary: the full plan is published elsewhere", 0.3))
    if not cpas_name:
        reasons.append(Reason("no_cpas", "the CPAS was not identified", 0.3))
    if not legislature:
        reasons.append(Reason("no_legislature", "no legislature stated (or read)", 0.1))
    confidence = round(max(0.0, 1.0 - sum(r.penalty for r in reasons)), 2)
    return Quality(confidence, grade(confidence), tuple(reasons))


def refresh_quality(con: duckdb.DuckDBPyConnection, document_ids: list[str] | None = None) -> int:
    """Recompute the records of the current documents (or of those of ``document_ids`` that are current); records
    of documents no longer current are dropped either way. Returns how many were computed."""
    where = "d.is_current"
    params: list = []
    if document_ids is not None:
        con.execute(
            "DELETE FROM core_parse_quality WHERE document_id NOT IN "
            "(SELECT document_id FROM core_documents WHERE is_current)"
        )
        if not document_ids:
            return 0
        where = f"d.is_current AND d.document_id IN ({', '.join('?' for _ in document_ids)})"
        params = list(document_ids)
    docs = con.execute(
        f"""SELECT d.document_id, d.parse_status, d.error, d.format, d.doc_kind, d.cpas_name, d.legislature
            FROM core_documents d WHERE {where}""",
        params,
    ).fetchall()
    if not docs:
        return 0
    ids = [d[0] for d in docs]
    marks = ", ".join("?" for _ in ids)
    levels: dict[str, dict[str, int]] = {}
    titles: dict[str, list[str]] = {}
    for doc_id, level, title in con.execute(
        f"SELECT document_id, level, title FROM core_plan_items WHERE document_id IN ({marks})", ids
    ).fetchall():
        levels.setdefault(doc_id, {}).setdefault(level, 0)
        levels[doc_id][level] += 1
        titles.setdefault(doc_id, []).append(title)
    anomalies: dict[str, dict[str, int]] = {}
    for doc_id, kind, n in con.execute(
        f"SELECT document_id, kind, count(*) FROM core_anomalies WHERE document_id IN ({marks}) GROUP BY ALL", ids
    ).fetchall():
        anomalies.setdefault(doc_id, {})[kind] = n
    rows = []
    for doc_id, status, error, fmt, kind, cpas, legislature in docs:
        q = assess(
            parse_status=status,
            error=error,
            fmt=fmt,
            doc_kind=kind,
            cpas_name=cpas,
            legislature=legislature,
            levels=levels.get(doc_id, {}),
            titles=titles.get(doc_id, []),
            anomalies=anomalies.get(doc_id, {}),
        )
        rows.append(
            (
                doc_id,
                q.confidence,
                q.grade,
                ", ".join(r.code for r in q.reasons) or None,
                "; ".join(f"{r.text} (-{r.penalty:.2f})" for r in q.reasons) or None,
                sum(levels.get(doc_id, {}).values()),
                sum(anomalies.get(doc_id, {}).values()),
            )
        )
    if document_ids is None:
        con.execute("DELETE FROM core_parse_quality")
    else:
        con.execute(f"DELETE FROM core_parse_quality WHERE document_id IN ({marks})", ids)
    con.executemany("INSERT INTO core_parse_quality VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


__all__ = ["Quality", "Reason", "assess", "grade", "refresh_quality"]
