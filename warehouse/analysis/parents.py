"""An item's parent in its plan, found from the numbers the parse gave (plain rows: the report uses it without
pandas)."""

from __future__ import annotations

from collections.abc import Iterable

ItemRow = tuple[str, int, str | None, str | None, str | None]
"""(document_id, position, volet, number, parent_number) of an item, in plan order."""


def parent_ids(items: Iterable[ItemRow]) -> list[str | None]:
    """Id (``document_id:position``) of each item's parent: the latest earlier item of its document and volet
    carrying the parent number (numbers may repeat in a plan, so the nearest one wins)."""
    seen: dict[tuple, str] = {}
    out: list[str | None] = []
    for doc, pos, volet, number, parent in items:
        out.append(seen.get((doc, volet, parent)) if parent is not None else None)
        seen[(doc, volet, number)] = f"{doc}:{pos}"
    return out
