"""Gold trees written from a plan: what a careful reader records from the document it was rendered into.

The format is the one of ``tests/golden/*.json``: ``cpas`` (the commune's name), ``legislature``,
``items`` (``level``, ``volet``, canonical ``number`` = dotted path within its volet, ``label`` as
printed or null, ``title``, ``parent``, ``status`` when the document prints one, ``alt_titles`` when
the document words an item twice), ``files``; plus ``family`` / ``tags`` for the gallery's tables.
"""

from __future__ import annotations

from collections.abc import Callable

from tests.gallery.plans import OO, OS, Action, Plan

LEVELS = ("os", "oo", "action")

Labeler = Callable[[str | None, tuple[int, ...], object], str | None]


def no_label(volet, path, item) -> None:
    return None


def dotted(volet, path, item) -> str:
    """Labels printed as the dotted path ("1", "1.2", "1.2.3")."""
    return ".".join(map(str, path))


def labels(os: str | None = None, oo: str | None = None, action: str | None = None) -> Labeler:
    """Printed labels from formats per level: ``{i}``/``{j}``/``{k}`` are the positions, ``{path}`` the dotted path."""
    formats = (os, oo, action)

    def label(volet, path, item):
        fmt = formats[len(path) - 1]
        if fmt is None:
            return None
        i, j, k = (*path, None, None)[:3]
        return fmt.format(i=i, j=j, k=k, path=".".join(map(str, path)))

    return label


def gold_items(plan: Plan, *, label: Labeler = dotted, status: bool = False, alt: bool = False,
               keep: Callable[[tuple[int, ...], object], bool] | None = None) -> list[dict]:
    """The gold items of a plan, in document order.

    ``label`` gives the printed label of an item; ``status``: the document prints the actions' statuses;
    ``alt``: the document words items twice (``alt_title``); ``keep``: which items are printed at all.
    """
    out = []
    for part, path, item in plan.walk():
        if keep is not None and not keep(path, item):
            continue
        level = LEVELS[len(path) - 1]
        entry = {
            "level": level,
            "volet": part.volet,
            "number": ".".join(map(str, path)),
            "label": label(part.volet, path, item),
            "title": item.title,
        }
        if len(path) > 1:
            entry["parent"] = ".".join(map(str, path[:-1]))
        if isinstance(item, Action):
            entry["status"] = item.status if status else None
        if alt and getattr(item, "alt_title", None) and item.alt_title != item.title:
            entry["alt_titles"] = [item.alt_title]
        out.append(entry)
    return out


def gold_document(plan: Plan, items: list[dict], *, files: list[str], family: str, tags: list[str],
                  notes: str = "") -> dict:
    return {
        "cpas": plan.commune,
        "legislature": plan.legislature,
        "family": family,
        "tags": sorted(set(tags)),
        "items": items,
        "notes": notes,
        "files": files,
    }


__all__ = ["LEVELS", "OO", "OS", "Action", "dotted", "gold_document", "gold_items", "labels", "no_label"]
