"""Generate a synthetic corpus of PSTs (default 253 CPAS × ~150 actions) for benchmarks and tests.

Titles are drawn from the hand-written fixtures (labelled items and similar pairs) and varied
with prefixes and complements, so themes and similar actions occur at realistic rates.
Deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

import yaml

from pipeline.core.model import Level, ParsedDocument, PlanItem, SourceFormat, Status, Volet

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
_PREFIXES = ["", "", "", "Poursuivre : ", "Renforcer : ", "Étudier la possibilité de : ", "Priorité : "]
_SUFFIXES = ["", "", "", " d'ici 2024", " en partenariat avec la commune", " pour les usagers du CPAS",
             " dans toutes les implantations", " avec les partenaires locaux", " (projet pilote)"]
_STATUSES = [Status.A_PROGRAMMER, Status.EN_COURS, Status.FINALISE, Status.ABANDONNE, None]


def title_pool() -> list[str]:
    """Distinct action-like titles of the fixtures."""
    items = yaml.safe_load((FIXTURES / "themes_labelled.yaml").read_text(encoding="utf-8"))["items"]
    pairs = yaml.safe_load((FIXTURES / "similar_pairs.yaml").read_text(encoding="utf-8"))["pairs"]
    titles = [it["title"] for it in items] + [p[1] for p in pairs] + [p[2] for p in pairs]
    return list(dict.fromkeys(titles))


def generate_corpus(n_cpas: int = 253, actions_per_cpas: int = 150, seed: int = 7) -> list[ParsedDocument]:
    """One ParsedDocument per synthetic CPAS: 2 volets × 3 OS × 3 OO, actions spread over the OO."""
    rng = random.Random(seed)
    pool = title_pool()
    docs = []
    for c in range(n_cpas):
        nis = f"{90000 + c:05d}"
        items: list[PlanItem] = []
        pos = 0
        n_oo = 18
        per_oo = [actions_per_cpas // n_oo + (1 if k < actions_per_cpas % n_oo else 0) for k in range(n_oo)]
        k = 0
        for volet in (Volet.INTERNE, Volet.EXTERNE):
            for os_n in range(1, 4):
                items.append(PlanItem(position=pos, level=Level.OS, number=str(os_n), title=rng.choice(pool),
                                      volet=volet))
                pos += 1
                for oo_n in range(1, 4):
                    oo_num = f"{os_n}.{oo_n}"
                    items.append(PlanItem(position=pos, level=Level.OO, number=oo_num, title=rng.choice(pool),
                                          parent_number=str(os_n), volet=volet))
                    pos += 1
                    for a_n in range(1, per_oo[k] + 1):
                        title = rng.choice(_PREFIXES) + rng.choice(pool).rstrip(".") + rng.choice(_SUFFIXES)
                        status = rng.choice(_STATUSES)
                        progress = {Status.FINALISE: 100.0, Status.EN_COURS: float(rng.randrange(10, 90, 10))}.get(
                            status
                        )
                        items.append(PlanItem(position=pos, level=Level.ACTION, number=f"{oo_num}.{a_n}",
                                              title=title, parent_number=oo_num, volet=volet, status=status,
                                              progress_pct=progress))
                        pos += 1
                    k += 1
        name = f"CPAS synthétique {c + 1:03d}"
        docs.append(ParsedDocument(
            source_file=f"synthetic_{nis}.pdf",
            sha256=hashlib.sha256(f"{seed}-{nis}".encode()).hexdigest(),
            format=SourceFormat.PDF, parser_version="synthetic", cpas_name=name, nis_code=nis,
            legislature="2018-2024", items=tuple(items),
        ))
    return docs
