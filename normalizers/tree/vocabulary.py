"""Words that make a line look like a plan's objective or action, or like a plan section.

Evidence, not gates: the outline stage weighs them with the structure of the numbering.
"""

from __future__ import annotations

import re

from pipeline.core.text import fold

# Nouns ending like an infinitive (-er/-ir/-re) that open chapter or methodology titles.
_NOT_VERBS = frozenset(
    """
    structure procedure culture lettre ouverture cadre centre chapitre titre nombre membre ordre
    entre contre notre votre autre calendrier dossier premier dernier fichier public loisir avenir
    desir plaisir partenaire secretaire budgetaire glossaire sommaire repertoire inventaire itineraire
    annuaire salaire horaire territoire memoire histoire trajectoire hier hiver mer fer cher leur
    pour sur par vers tiers quartier chantier atelier foyer loyer metier papier dernier particulier
    """.split()
)
# Nominalised actions that open objective titles as often as verbs do.
_ACTION_NOUNS = re.compile(
    r"^(?:amelioration|developpement|renforcement|creation|mise|organisation|optimisation|modernisation|"
    r"poursuite|maintien|soutien|accompagnement|promotion|valorisation|gestion|acquisition|construction|"
    r"renovation|elaboration|realisation|digitalisation|informatisation|formation|sensibilisation|"
    r"information|lutte|prevention|reduction|augmentation|adaptation|extension|ouverture d|installation|"
    r"engagement|recrutement|diversification|professionnalisation|simplification|harmonisation|"
    r"rationalisation|consolidation|participation|collaboration|cooperation|securisation|"
    r"un cpas|une administration|des services|un service)\b"
)
# A title cannot end on an article or a preposition: the next line carries it on, capital or not.
DANGLING_END = re.compile(
    r"\b(?:le|la|les|l['’]|un|une|des|de|du|d['’]|au|aux|à|a|en|et|ou|pour|par|sur|sous|dans|avec|vers|chez|entre|"
    r"sans|contre|selon|leurs?|son|sa|ses|notre|nos|votre|vos|ce|cet|cette|ces|qui|que|dont)$",
    re.IGNORECASE,
)
_BEING = re.compile(r"^(?:etre|devenir|rester|faire|avoir)\b")
_PLAN_CONTEXT = re.compile(
    r"(programme\s+strat|\bpst\b|plan\s+strat|plan\s+d.actions?|objectifs?\s+(?:strat|op)|\bactions?\b|"
    r"\bvolet\b|\baxes?\b|tableau\s+de\s+bord|fiches?\s+(?:projets?|actions?)|projets?)"
)
_SECTION_TITLE = re.compile(
    r"^(?:les\s+|nos\s+)?(?:objectifs?\s+strat\w*|objectifs?\s+op\w*|actions?|projets?|"
    r"programme\s+strat\w*(?:\s+transversal)?|plan\s+d.actions?|tableau\s+de\s+bord|volet\s+\w+)\s*:?$"
)


def is_objective_like(title: str) -> float:
    """How much a title reads like an objective or action (1.0), a chapter name (0.0), or between."""
    words = fold(title).replace("'", " ").split()
    if not words or title.lstrip()[:1].islower():
        return 0.0  # objectives are capitalised; "1. de publier le PST" is a decision's point
    first = words[0].strip(".,:;()«»\"")
    head = " ".join(words[:2])
    if _BEING.match(first) or _ACTION_NOUNS.match(head):
        return 1.0
    if re.fullmatch(r"[a-z]{3,}(?:er|ir|re|oir)", first) and first not in _NOT_VERBS:
        return 1.0 if len(words) >= 2 else 0.5
    if len(words) >= 6:
        return 0.5  # a long sentence-like title: more likely an objective than a chapter
    return 0.0


_NOT_PLAN_CONTEXT = re.compile(
    r"^(?:\d+[.)]?\s*)?(?:methodologie|demarche|introduction|contexte|diagnostic|sommaire|table des matieres|"
    r"annexes?|declaration de politique|preambule|cadre (?:legal|reglementaire)|glossaire|etapes?|"
    r"suivi et evaluation|evaluation|merci|questions|contacts?|remerciements|conclusions?|ordre du jour)\b"
)


def is_outside_context(text: str) -> bool:
    """The text names a part of the document that is not the plan (methodology, introduction, annex)."""
    return bool(_NOT_PLAN_CONTEXT.match(fold(text).strip()))


def is_plan_context(text: str) -> bool:
    """The text names the plan or one of its parts (a heading such as "3. Programme stratégique")."""
    return bool(_PLAN_CONTEXT.search(fold(text)))


def is_section_title(title: str) -> bool:
    """The whole title names a plan section ("Objectifs opérationnels :", "Actions"), not an item."""
    return bool(_SECTION_TITLE.match(fold(title).strip()))


# Fields of an item ("Pilote : …", "État : En cours", "Responsable mandataire : …"): never titles.
_FIELD_ROLES: tuple[tuple[str, str], ...] = (
    ("progress", r"taux\s+d.avancement|pourcentage|avancement\s*\(\s*%\s*\)"),
    ("status", r"statut|etat(?:\s+d.avancement)?|avancement|situation|meteo"),
    ("pilote", r"pilotes?|porteurs?|responsables?|chefs?\s+de\s+projet|mandataires?|referents?|coordinat\w+"),
    ("partners", r"partenaires?|partenariats?|acteurs?\s+associes"),
    ("due", r"echeances?|delais?|calendrier|timing|planning|date\s+de\s+fin|horizon|periode"),
    ("indicators", r"indicateurs?"),
    (
        "other",
        r"budgets?|couts?|financements?|moyens|date(?:\s+de\s+debut)?|references?|priorites?|public\s+cible|"
        r"commentaires?|remarques?|services?|agents?|ressources|resultats?|description|beneficiaires",
    ),
)
_FIELD_KEY = r"(?:" + "|".join(f"(?P<{role}>{rx})" for role, rx in _FIELD_ROLES) + r")(?:\s+[\w'()-]+){0,3}?"
_FIELD_RE = re.compile(rf"^(?P<key>{_FIELD_KEY})\s*(?:\(s\))?\s*:\s*(?P<value>\S.*)$")
_FIELD_HEADING_RE = re.compile(rf"^{_FIELD_KEY}\s*(?:\(s\))?\s*:\s*$")  # the key alone: its values follow


def field_heading(text: str) -> str | None:
    """The role of a line that names a field whose values follow as a list ("Indicateurs :"), or None."""
    m = _FIELD_HEADING_RE.match(fold(text).strip())
    if m is None or len(text) > 50:
        return None
    return next(role for role, _ in _FIELD_ROLES if m.group(role))


def field_of(text: str) -> tuple[str, str] | None:
    """The role ("pilote", "status", "due"…, "other") and raw value of a field line, or None."""
    folded = fold(text)
    m = _FIELD_RE.match(folded)
    if m is None or len(m.group("key")) > 45:
        return None
    role = next(role for role, _ in _FIELD_ROLES if m.group(role))
    colon = text.find(":")
    # "Pilote : Président · Échéance : …" glued on one line: the separator before the next field is no value
    value = text[colon + 1 :].strip()
    return role, value.rstrip(" ·•|;,–-").strip() or value
