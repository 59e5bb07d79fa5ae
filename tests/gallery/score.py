"""The matching of the evaluation scorer, for ``ParsedDocument`` objects instead of a warehouse.

Per document and level, gold and parsed items are paired greedily on the best title similarity
(normalized, >= 0.85, against the gold title or any of its ``alt_titles``; volets must agree when
both are known). Totals give precision / recall / F1 per level; the pairs give the accuracy of
canonical numbers, parents and statuses (only where the gold records one); the CPAS accuracy is
whether the document's name is the gold's commune. ``diff`` lists what went wrong, for reports.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

LEVELS = ("os", "oo", "action")
THRESHOLD = 0.85


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[«»\"'’`]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .:;–-*")


def num(n: str | None) -> str:
    return (n or "").strip().rstrip(".")


def sim(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def match(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict, float]]:
    """Greedy one-to-one pairs on best title similarity (>= 0.85); volets must agree when both known."""
    pairs = []
    pred_titles = [norm(p["title"]) for p in pred]
    for gi, g in enumerate(gold):
        titles = [norm(g["title"])] + [norm(t) for t in g.get("alt_titles", [])]
        for pi, p in enumerate(pred):
            if g.get("volet") and p["volet"] and g["volet"] != p["volet"]:
                continue
            s = max(sim(t, pred_titles[pi]) for t in titles)
            if s >= THRESHOLD:
                pairs.append((s, gi, pi))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g, used_p, out = set(), set(), []
    for s, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gold[gi], pred[pi], s))
    return out


def rows_of(document) -> list[dict]:
    """The parsed items of a ``ParsedDocument`` as the warehouse view's rows."""
    def value(x):
        return getattr(x, "value", x)

    return [
        {
            "level": value(i.level),
            "volet": value(i.volet),
            "number": i.number,
            "source_label": i.source_label,
            "title": i.title,
            "parent_number": i.parent_number,
            "status": value(i.status),
        }
        for i in document.items
    ]


@dataclass
class Score:
    """Counts over one or more documents; ``+`` adds them up."""

    counts: dict[str, Counter] = field(default_factory=lambda: {lv: Counter() for lv in LEVELS})
    acc: Counter = field(default_factory=Counter)
    documents: int = 0

    def __add__(self, other: Score) -> Score:
        out = Score()
        for lv in LEVELS:
            out.counts[lv] = self.counts[lv] + other.counts[lv]
        out.acc = self.acc + other.acc
        out.documents = self.documents + other.documents
        return out

    def f1(self, level: str) -> float:
        t = self.counts[level]
        p = t["tp"] / t["pred"] if t["pred"] else (1.0 if not t["gold"] else 0.0)
        r = t["tp"] / t["gold"] if t["gold"] else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def precision(self, level: str) -> float:
        t = self.counts[level]
        return t["tp"] / t["pred"] if t["pred"] else (1.0 if not t["gold"] else 0.0)

    def recall(self, level: str) -> float:
        t = self.counts[level]
        return t["tp"] / t["gold"] if t["gold"] else 1.0

    def accuracy(self, key: str) -> float:
        total = self.acc[f"{key}_total"]
        return self.acc[f"{key}_ok"] / total if total else 1.0

    def summary(self) -> dict[str, float]:
        out = {f"f1_{lv}": self.f1(lv) for lv in LEVELS}
        out.update({f"{k}_acc": self.accuracy(k) for k in ("num", "parent", "status", "cpas")})
        return out


def score_document(gold: dict, cpas_name: str | None, rows: list[dict]) -> tuple[Score, list[str]]:
    """Score one document's parsed rows against its gold; also return the differences, one line each."""
    score = Score(documents=1)
    diffs: list[str] = []
    score.acc["cpas_total"] += 1
    cpas_ok = bool(cpas_name) and norm(cpas_name) == norm(gold["cpas"])
    score.acc["cpas_ok"] += cpas_ok
    if not cpas_ok:
        diffs.append(f"cpas: got {cpas_name!r}, expected {gold['cpas']!r}")
    for lv in LEVELS:
        gi = [i for i in gold["items"] if i["level"] == lv]
        pi = [r for r in rows if r["level"] == lv]
        pairs = match(gi, pi)
        c = score.counts[lv]
        c["gold"] += len(gi)
        c["pred"] += len(pi)
        c["tp"] += len(pairs)
        matched_g = {id(g) for g, _, _ in pairs}
        matched_p = {id(p) for _, p, _ in pairs}
        for g in gi:
            if id(g) not in matched_g:
                best = max(pi, key=lambda p: sim(norm(g["title"]), norm(p["title"])), default=None)
                near = f" (closest parsed: {best['title'][:70]!r})" if best else ""
                diffs.append(f"missed {lv} {g.get('volet') or '-'} {g['number']}: {g['title'][:70]!r}{near}")
        for p in pi:
            if id(p) not in matched_p:
                diffs.append(f"extra {lv} {p['volet'] or '-'} {p['number']}: {p['title'][:90]!r}")
        for g, p, _s in pairs:
            score.acc["num_total"] += 1
            ok = num(g["number"]) == num(p["number"])
            score.acc["num_ok"] += ok
            if not ok:
                diffs.append(f"number {lv} {g['number']} parsed as {p['number']}: {g['title'][:50]!r}")
            if g.get("parent"):
                score.acc["parent_total"] += 1
                ok = num(g["parent"]) == num(p["parent_number"])
                score.acc["parent_ok"] += ok
                if not ok:
                    diffs.append(f"parent {lv} {g['number']}: parent {p['parent_number']} instead of {g['parent']}")
            if g.get("status"):
                score.acc["status_total"] += 1
                ok = g["status"] == p["status"]
                score.acc["status_ok"] += ok
                if not ok:
                    diffs.append(f"status {g['number']}: {p['status']} instead of {g['status']}")
    return score, diffs


def table(rows: list[tuple[str, Score]]) -> str:
    """A fixed-width table: one line per row label with F1 per level and the accuracies."""
    head = (f"{'family':<34} {'docs':>4}  {'F1 os':>6} {'F1 oo':>6} {'F1 act':>6}  {'number':>6} {'parent':>6} "
            f"{'status':>6} {'cpas':>6}   os/oo/act tp·gold·pred")
    lines = [head, "-" * len(head)]
    for label, s in rows:
        tp = " ".join(f"{s.counts[lv]['tp']}·{s.counts[lv]['gold']}·{s.counts[lv]['pred']}" for lv in LEVELS)
        lines.append(
            f"{label:<34} {s.documents:>4}  {s.f1('os'):6.3f} {s.f1('oo'):6.3f} {s.f1('action'):6.3f}  "
            f"{s.accuracy('num'):6.3f} {s.accuracy('parent'):6.3f} {s.accuracy('status'):6.3f} "
            f"{s.accuracy('cpas'):6.3f}   {tp}"
        )
    return "\n".join(lines)
