"""Text shared by the renderers: the prose around a plan, status wordings, ordinals, page furniture."""

from __future__ import annotations

import random

from tests.gallery.plans import STATUS_LABELS, Plan

INTRO = (
    "Le Programme stratégique transversal (PST) est un outil de gouvernance pluriannuel qui traduit la "
    "déclaration de politique sociale en objectifs et en projets concrets. Il a été élaboré par le comité "
    "de direction en concertation avec les responsables de service, puis soumis au Conseil de l'action "
    "sociale.",
    "Conformément à l'article 27ter de la loi organique des centres publics d'action sociale du 8 juillet "
    "1976, le programme est adopté dans les neuf mois qui suivent l'installation du Conseil. Il fera l'objet "
    "d'une évaluation à mi-législature et d'une évaluation finale.",
    "Le présent document est un document évolutif : il sera actualisé au fil de la législature en fonction "
    "des moyens disponibles, des besoins constatés sur le terrain et des opportunités de subsides.",
)
METHOD_STEPS = (
    "Diagnostic partagé avec l'ensemble des services",
    "Consultation du personnel et des partenaires du réseau",
    "Rédaction du projet par le comité de direction",
    "Présentation au Comité de concertation Commune-CPAS",
    "Adoption par le Conseil de l'action sociale",
)
STRUCTURE_STEPS = (
    "les grandes orientations fixent le cap pour toute la législature ;",
    "chaque orientation est déclinée en résultats attendus et mesurables ;",
    "chaque résultat attendu est décliné en projets concrets, dotés d'un pilote et d'une échéance.",
)
DPS_BULLETS = (
    "Garantir à toute personne la possibilité de mener une vie conforme à la dignité humaine",
    "Maintenir une politique sociale de proximité",
    "Veiller à une utilisation rigoureuse des deniers publics",
    "Associer le personnel aux choix stratégiques de l'institution",
)
EVAL_TEXT = (
    "Le suivi du programme est assuré par le comité de direction, qui présente chaque année un rapport "
    "d'exécution au Conseil de l'action sociale. Les indicateurs sont consignés dans un tableau de bord.",
)


def status_words(rng: random.Random) -> dict[str, str]:
    """One wording per status for a whole document (a document keeps its vocabulary)."""
    return {k: rng.choice(v) for k, v in STATUS_LABELS.items()}


def ordinal_os(n: int) -> str:
    return "1er" if n == 1 else f"{n}ème"


def title_lines(plan: Plan, *, with_cpas: bool = True) -> list[str]:
    lines = []
    if with_cpas:
        lines.append(f"Centre public d'action sociale de {plan.commune}")
    lines.append("Programme stratégique transversal")
    lines.append(f"Législature {plan.legislature}")
    return lines


def adoption_line(plan: Plan) -> str:
    year = int(plan.legislature[:4])
    return f"Adopté par le Conseil de l'action sociale en séance du 24 septembre {year}"
