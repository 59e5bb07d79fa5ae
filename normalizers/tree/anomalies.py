"""Anomalies seen only once the whole plan is read: numbers skipped in a sequence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.core.model import Anomaly

if TYPE_CHECKING:
    from normalizers.tree.plan import PlanNode


def sequence_anomalies(nodes: list[PlanNode]) -> list[Anomaly]:
    """A skipped OS number in a volet, a skipped OO or action number under its parent."""
    out: list[Anomaly] = []
    roots = [n for n in nodes if n.parent is None]
    groups: list[tuple[str, list[int]]] = []
    by_volet: dict[tuple, list[int]] = {}
    for n in roots:
        if n.number.isdigit() and n.source_label:
            by_volet.setdefault((n.volet, n.is_cpas), []).append(int(n.number))
    groups += [(f"OS du volet {k[0].value if k[0] else '-'}", v) for k, v in by_volet.items()]
    groups += [(f"{n.level.value.upper()} {n.number}", n.printed_numbers) for n in nodes if n.printed_numbers]
    for where, numbers in groups:
        seen = sorted(set(numbers))
        missing = [i for i in range(1, seen[-1] + 1) if i not in seen] if seen else []
        if missing:
            listed = ", ".join(map(str, missing))
            out.append(Anomaly(kind="skipped_number", detail=f"{where}: number(s) {listed} missing"))
    return out
