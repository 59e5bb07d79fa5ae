"""Lines that mark a part of the document rather than an item: volets, axes, joint-plan parts,
the table of contents, annexes, the plan's own headings. Patterns on the printed text."""

from __future__ import annotations

import re

# Where the reader stands: before the plan, in it, or in a part to skip.
OUTSIDE, PLAN, SKIP_TOC, SKIP_ANNEX = "outside", "plan", "skip_toc", "skip_annex"

VOLET_RE = re.compile(
    r"^(?:le\s+|la\s+)?(?:volet|partie|pilier)\s*(?:\d+\s*)?[:\-–—]?\s*(?P<kind>interne|externe|commun|communal|transversal)\b"
    r"\s*(?:$|[:\-–—(])",
    re.IGNORECASE,
)
VOLET_ALONE_RE = re.compile(
    r"^(?:objectifs?\s+strat[ée]giques?\s+)?(?P<kind>internes?|externes?)\s*:?$", re.IGNORECASE
)
ENTITY_RE = re.compile(
    r"^(?:partie|volet|pst|programme\s+strat[ée]gique\s+transversal|plan\s+strat[ée]gique\s+transversal)\s*"
    r"(?:de\s+la\s+|du\s+|de\s+l['’]\s*)?(?P<who>commune|administration\s+communale|ville|cpas|c\.p\.a\.s\.?"
    r"|centre\s+public\s+d.action\s+sociale)\s*:?\s*$",
    re.IGNORECASE,
)
LIST_HEAD_RE = re.compile(
    r"^(?:les\s+|nos\s+)?(objectifs?\s+op[ée]rationnels?|actions?(?:\s+[àa]\s+mener)?|projets?(?:\s*/\s*actions?)?)"
    r"\s*(?:\(\w+\))?\s*:?$",
    re.IGNORECASE,
)
AXE_RE = re.compile(
    r"^(?P<label>axe\s*(?:n[°o]\s*)?(?:\d{1,2}|[IVX]{1,4}))\b\s*[:\-–—.]?\s*(?P<title>.*)$", re.IGNORECASE
)
ANNEX_RE = re.compile(
    r"^(?:annexes?\b|d[ée]claration\s+de\s+politique\s+(?:sociale|g[ée]n[ée]rale|communale))", re.IGNORECASE
)
TOC_HEAD_RE = re.compile(r"^(?:table\s+des\s+mati[èe]res|sommaire|table\s+of\s+contents)\b", re.IGNORECASE)
# An entry of a table of contents without dot leaders: a title, then its page ("2.1. Démarche participative 4").
_TOC_ENTRY_RE = re.compile(r"^(?P<title>.*\S)(?:\s|\t)+\d{1,3}$")


def body_title(text: str) -> str:
    """A line as compared with the entries of a table of contents (the body repeats them)."""
    return " ".join(text.lower().split()).strip(" .")


def toc_entry_title(text: str) -> str | None:
    """The title of a table-of-contents entry that ends on its page number (as ``body_title``), else None."""
    m = _TOC_ENTRY_RE.match(text.strip())
    return body_title(m.group("title")) if m else None
PLAN_HEAD_RE = re.compile(
    r"(objectifs?\s+strat[ée]giques|plan\s+d.actions?|tableau\s+de\s+bord|programme\s+strat[ée]gique\s+transversal\s*:?\s*$)",
    re.IGNORECASE,
)
BEING_OS_RE = re.compile(r"^(?:[êe]tre|devenir|rester)\s+(?:un|une|le|la)\s+", re.IGNORECASE)
DECLARATION_STOP_RE = re.compile(
    r"^(?:par\s+le\s+conseil|ainsi\s+d[ée]lib[ée]r[ée]|pour\s+extrait\s+conforme)", re.IGNORECASE
)



def is_section_marker(text: str) -> bool:
    """A volet, an axe or a joint-plan part named alone on its line or row."""
    body = text.strip()
    return bool(
        (len(body) <= 60 and VOLET_RE.match(body))
        or (len(body) <= 40 and VOLET_ALONE_RE.match(body))
        or (len(body) <= 80 and ENTITY_RE.match(body))
        or (len(body) <= 160 and AXE_RE.match(body))
    )


# A heading that names the plan itself: after "Annexe", the annexed document is the plan.
PLAN_NAMED_RE = re.compile(
    r"^(?!.*d[ée]claration\s+de\s+politique).*(?:programme\s+strat[ée]gique|\bPST\b|plan\s+strat[ée]gique|"
    r"objectifs?\s+strat[ée]giques|tableau\s+de\s+bord|plan\s+d.actions?)",
    re.IGNORECASE,
)

# "Fiche n° 2", "Fiche action 3": the head of a fiche, whose table gives the item.
FICHE_HEAD_RE = re.compile(r"^fiches?(?:[\s-]+(?:actions?|projets?))?\s*(?:n[°o]\s*)?\d{0,3}\s*:?$", re.IGNORECASE)
