"""Plan trees of our own making: seeded, reproducible, with realistic French titles.

A ``Plan`` is what the CPAS adopted: volets (or none) → objectifs stratégiques (grouped under
axes or not) → objectifs opérationnels → actions with a follow-up status. Renderers lay a plan
out in a document; ``tests.gallery.gold`` writes what a careful reader would record from it.
Everything here derives from ``random.Random(seed)``: the same seed gives the same plan.
"""

from __future__ import annotations

import difflib
import random
from dataclasses import dataclass, field

# Real Walloon communes (2025 list), names that are not also common words; the CPAS is "CPAS de <commune>".
COMMUNES = (
    "Ciney", "Gembloux", "Waremme", "Marche-en-Famenne", "Huy", "Fleurus", "Rochefort", "Durbuy",
    "Chimay", "Couvin", "Jodoigne", "Hannut", "Neufchâteau", "Philippeville", "Soignies", "Lessines",
    "Florenville", "Seneffe", "Aywaille", "Welkenraedt", "Tubize", "Perwez", "Libramont-Chevigny",
    "Estaimpuis", "Sombreffe", "Gesves", "Somme-Leuze", "Vresse-sur-Semois", "Bouillon", "Nassogne",
    "Beauraing", "Frameries", "Esneux", "Fosses-la-Ville", "Eghezée",
)

STATUSES = ("a_programmer", "en_cours", "finalise", "abandonne")

# ------------------------------------------------------------------ vocabulary
# Themes: the OS heads a CPAS writes for that theme, its objectifs opérationnels, its actions.
# "i" themes belong to the volet interne (the administration), "e" themes to the volet externe.

THEMES: dict[str, dict] = {
    "accueil": {
        "volet": "e",
        "os": ("Améliorer l'accueil des bénéficiaires",
               "Être un CPAS qui accueille chacun avec respect et dans la confidentialité"),
        "oo": ("Rendre l'accueil téléphonique et physique plus efficace",
               "Garantir la confidentialité des entretiens sociaux",
               "Réduire les délais de traitement des demandes d'aide",
               "Organiser des permanences décentralisées dans les villages"),
        "actions": ("Mettre en place un guichet unique", "Rédiger une charte d'accueil",
                    "Aménager des bureaux d'entretien fermés", "Installer un système de prise de rendez-vous en ligne",
                    "Former les agents d'accueil à la gestion des situations de tension",
                    "Créer une signalétique claire dans le bâtiment",
                    "Mener une enquête de satisfaction auprès des usagers",
                    "Ouvrir une permanence mensuelle à la maison de village"),
    },
    "insertion": {
        "volet": "e",
        "os": ("Favoriser l'insertion socioprofessionnelle des personnes aidées",
               "Être un CPAS qui mène chacun vers l'autonomie par la formation et l'emploi"),
        "oo": ("Renforcer l'accompagnement des bénéficiaires du revenu d'intégration vers l'emploi",
               "Développer les mises à l'emploi sous contrat article 60",
               "Soutenir la réussite scolaire des étudiants bénéficiaires",
               "Développer des partenariats avec le FOREM et les entreprises locales"),
        "actions": ("Signer une convention de collaboration avec le FOREM", "Organiser un job day annuel",
                    "Créer un atelier de recherche active d'emploi", "Engager un agent d'insertion supplémentaire",
                    "Proposer des modules de formation en français langue étrangère",
                    "Établir un projet individualisé d'intégration sociale pour chaque étudiant",
                    "Prospecter de nouveaux employeurs partenaires pour les contrats article 60",
                    "Financer le permis de conduire des personnes en insertion"),
    },
    "energie": {
        "volet": "e",
        "os": ("Lutter contre la précarité énergétique et hydrique",),
        "oo": ("Accompagner les ménages dans la maîtrise de leurs consommations d'énergie",
               "Améliorer la performance énergétique des logements des personnes aidées",
               "Prévenir les coupures d'énergie et d'eau"),
        "actions": ("Créer une cellule énergie", "Organiser des ateliers sur les économies d'énergie",
                    "Réaliser des audits énergétiques à domicile", "Distribuer des kits d'économie d'énergie",
                    "Mettre en place une permanence pour le Fonds social chauffage",
                    "Négocier des plans de paiement avec les fournisseurs d'énergie",
                    "Informer les propriétaires sur les primes à la rénovation"),
    },
    "logement": {
        "volet": "e",
        "os": ("Développer une offre de logement accessible et de qualité",
               "Être un CPAS qui garantit le droit à un logement décent"),
        "oo": ("Augmenter le nombre de logements d'urgence et de transit",
               "Accompagner les personnes sans abri vers un logement durable",
               "Lutter contre l'insalubrité des logements loués"),
        "actions": ("Rénover deux logements de transit", "Réaliser un cadastre des logements inoccupés",
                    "Conclure une convention avec l'Agence immobilière sociale",
                    "Mettre en place un accompagnement post-hébergement",
                    "Créer un fonds de garantie locative", "Organiser des visites de salubrité avec la commune",
                    "Développer une capsule Housing First"),
    },
    "aines": {
        "volet": "e",
        "os": ("Soutenir le maintien à domicile des aînés",
               "Être un CPAS qui accompagne le vieillissement de la population"),
        "oo": ("Développer les services d'aide à domicile",
               "Améliorer la qualité de vie des résidents de la maison de repos",
               "Prévenir l'isolement des personnes âgées"),
        "actions": ("Étendre le service de repas à domicile au week-end", "Créer un service de taxi social",
                    "Installer un système de télévigilance", "Organiser des goûters intergénérationnels",
                    "Recruter une ergothérapeute pour la maison de repos",
                    "Mettre en place un dispositif de repérage des situations d'isolement",
                    "Créer un service de petits travaux à domicile", "Rénover le jardin sensoriel de la résidence"),
    },
    "isolement": {
        "volet": "e",
        "os": ("Lutter contre l'isolement social et la fracture numérique",
               "Renforcer la cohésion sociale dans les quartiers et les villages"),
        "oo": ("Réduire la fracture numérique des publics fragilisés",
               "Favoriser l'accès à la culture, au sport et aux loisirs",
               "Soutenir les initiatives citoyennes de solidarité"),
        "actions": ("Ouvrir un espace public numérique", "Organiser des formations à l'usage du smartphone",
                    "Mettre à disposition des ordinateurs reconditionnés",
                    "Utiliser le Fonds de participation culturelle et sportive",
                    "Créer un potager collectif", "Organiser une fête des voisins dans chaque village",
                    "Soutenir la création d'un repair café"),
    },
    "sante": {
        "volet": "e",
        "os": ("Promouvoir la santé et l'accès aux soins pour tous",),
        "oo": ("Faciliter l'accès aux soins de santé des personnes précarisées",
               "Développer la prévention en matière de santé mentale"),
        "actions": ("Conclure une convention avec les maisons médicales", "Instaurer une carte santé",
                    "Organiser des séances de dépistage en collaboration avec la province",
                    "Créer un groupe de parole pour les personnes endeuillées",
                    "Former les travailleurs sociaux au repérage de la détresse psychologique"),
    },
    "familles": {
        "volet": "e",
        "os": ("Accompagner les familles et les jeunes en difficulté",
               "Garantir une aide alimentaire digne et durable"),
        "oo": ("Soutenir la parentalité", "Prévenir le surendettement des ménages",
               "Développer l'aide alimentaire", "Faciliter l'accueil de la petite enfance"),
        "actions": ("Organiser des ateliers d'éducation budgétaire", "Ouvrir une épicerie sociale",
                    "Créer un vestiaire social", "Ouvrir une halte-garderie",
                    "Renforcer le service de médiation de dettes",
                    "Organiser une école des devoirs", "Mettre en place des colis alimentaires d'urgence",
                    "Créer un réseau d'invendus avec les commerces locaux"),
    },
    "gouvernance": {
        "volet": "i",
        "os": ("Être une administration moderne, efficace et transparente",
               "Assurer une gestion financière saine et durable"),
        "oo": ("Implémenter un système de contrôle interne", "Moderniser les outils de gestion",
               "Maîtriser les dépenses de fonctionnement", "Améliorer le suivi du programme stratégique"),
        "actions": ("Décrire les principaux processus de travail",
        "Acquérir un logiciel de gestion des dossiers sociaux",
                    "Élaborer un tableau de bord mensuel", "Réaliser une analyse des risques",
                    "Lancer un marché public conjoint avec la commune", "Dématérialiser le circuit des factures",
                    "Rédiger un règlement d'ordre intérieur du Conseil",
                    "Mettre à jour le registre des traitements RGPD"),
    },
    "personnel": {
        "volet": "i",
        "os": ("Être un employeur attentif au bien-être de son personnel",
               "Valoriser les compétences et l'engagement des agents"),
        "oo": ("Renforcer la formation continue du personnel", "Prévenir les risques psychosociaux",
               "Améliorer la communication interne entre les services",
               "Moderniser la gestion des ressources humaines"),
        "actions": ("Établir un plan de formation pluriannuel", "Organiser des entretiens d'évaluation annuels",
                    "Mettre en place une procédure d'accueil des nouveaux agents", "Créer un intranet",
                    "Actualiser le règlement de travail", "Organiser une journée du personnel",
                    "Mettre en place le télétravail structurel", "Réaliser une enquête de bien-être au travail",
                    "Publier une lettre d'information interne trimestrielle"),
    },
    "communication": {
        "volet": "i",
        "os": ("Être un CPAS qui communique activement vers les habitants",
               "Simplifier les démarches administratives des citoyens"),
        "oo": ("Diversifier les canaux de communication", "Rendre l'information sur les aides plus lisible",
               "Développer les démarches en ligne"),
        "actions": ("Créer une page Facebook du CPAS", "Refondre le site internet", "Éditer un guide des services",
                    "Publier un article dans chaque bulletin communal", "Mettre en ligne des formulaires de demande",
                    "Installer une borne d'information dans le hall d'accueil"),
    },
    "environnement": {
        "volet": "i",
        "os": ("Réduire l'empreinte environnementale de l'institution",),
        "oo": ("Diminuer la consommation énergétique des bâtiments du CPAS",
               "Adopter une politique d'achats durables"),
        "actions": ("Installer des panneaux photovoltaïques sur la maison de repos",
                    "Remplacer l'éclairage par des luminaires LED",
                    "Introduire des clauses sociales et environnementales dans les marchés",
                    "Acquérir deux véhicules électriques", "Réduire l'usage du papier de moitié"),
    },
    "partenariats": {
        "volet": "i",
        "os": ("Être un CPAS ouvert sur son territoire et sur ses partenaires",
               "Renforcer les synergies avec la commune"),
        "oo": ("Développer des partenariats avec le tissu associatif local",
               "Mutualiser des services avec l'administration communale",
               "Animer la coordination sociale de l'entité"),
        "actions": ("Réunir la coordination sociale quatre fois par an", "Mettre en commun le service informatique",
                    "Éditer un annuaire social", "Signer une convention avec le Relais social",
                    "Organiser un forum des associations", "Partager un conseiller en prévention avec la commune"),
    },
}

# Tails that lengthen a title (some titles wrap over two or three lines).
TAILS = (
    " en collaboration avec le Plan de cohésion sociale",
    " à destination des familles monoparentales",
    " d'ici la fin de la législature",
    " en concertation avec les travailleurs sociaux de première ligne et les partenaires du réseau local",
    " afin de permettre à chaque bénéficiaire d'être reçu dans les meilleures conditions et dans un délai raisonnable",
    " au bénéfice de l'ensemble des habitants de la commune",
    " en tenant compte des spécificités des villages de l'entité",
    " dans le respect des principes de bonne gouvernance",
)
OS_TAILS = (" au service de tous les citoyens", " dans une logique de proximité",
            ", en particulier des publics les plus fragilisés", " et de leurs familles")
PARTNERS = (
    "les écoles de l'entité", "le FOREM", "les maisons médicales", "les associations de terrain",
    "la Maison de l'emploi", "la société de logement de service public", "les mutualités", "le Relais social",
    "la zone de police", "les CPAS voisins",
)
AXES = (
    "Un CPAS accessible", "Un CPAS solidaire", "Un CPAS performant", "Un CPAS durable", "Un CPAS partenaire",
)
FIRST = ("Marie", "Jean-Luc", "Nathalie", "Philippe", "Isabelle", "Christophe", "Sophie", "Didier", "Anne",
         "Olivier", "Catherine", "Benoît", "Véronique", "Michel", "Aurélie", "Pascal")
LAST = ("Dubois", "Lambert", "Martin", "Dupont", "Simon", "Laurent", "Leroy", "Renard", "Collard", "Lejeune",
        "Mathieu", "Hubert", "Marchal", "Jacquet", "Gilson", "Thiry", "Lemaire", "Pirard", "Henrard", "Delvaux")
SERVICES = ("Service social général", "Service RH", "Direction générale", "Direction financière",
            "Service énergie", "Service ISP", "Service logement", "Service des aînés", "Cellule informatique",
            "Service de médiation de dettes", "Service d'aide aux familles")

# ------------------------------------------------------------------ model


@dataclass
class Action:
    title: str
    status: str
    pilote: str
    service: str
    due: str
    partner: str
    alt_title: str | None = None


@dataclass
class OO:
    title: str
    actions: list[Action] = field(default_factory=list)
    alt_title: str | None = None


@dataclass
class OS:
    title: str
    oos: list[OO] = field(default_factory=list)
    axe: str | None = None
    alt_title: str | None = None
    mandataire: str = ""


@dataclass
class Part:
    """A volet of the plan (``interne`` / ``externe``) or the whole plan when it has none (``volet`` None)."""

    volet: str | None
    oss: list[OS] = field(default_factory=list)


@dataclass
class Plan:
    seed: int
    commune: str
    legislature: str
    parts: list[Part]

    @property
    def cpas(self) -> str:
        return f"CPAS de {self.commune}"

    @property
    def has_volets(self) -> bool:
        return any(p.volet for p in self.parts)

    def walk(self):
        """(part, os_index, os, oo_index, oo, action_index, action) for every item, in order (indices from 1)."""
        for part in self.parts:
            for i, os_ in enumerate(part.oss, 1):
                yield part, (i,), os_
                for j, oo in enumerate(os_.oos, 1):
                    yield part, (i, j), oo
                    for k, act in enumerate(oo.actions, 1):
                        yield part, (i, j, k), act

    def actions(self):
        return [it for _, path, it in self.walk() if len(path) == 3]

    def counts(self) -> tuple[int, int, int]:
        c = [0, 0, 0]
        for _, path, _ in self.walk():
            c[len(path) - 1] += 1
        return tuple(c)


# ------------------------------------------------------------------ generation


def _norm(t: str) -> str:
    return " ".join(t.casefold().split())


class _Titles:
    """Draws titles that are not too close to any other title of the same plan (the scorer matches by similarity)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: list[str] = []

    def ok(self, title: str) -> bool:
        n = _norm(title)
        for s in self.seen:
            m = difflib.SequenceMatcher(None, n, s, autojunk=False)
            if m.real_quick_ratio() >= 0.72 and m.quick_ratio() >= 0.72 and m.ratio() >= 0.72:
                return False
        return True

    def take(self, make, tries: int = 200) -> str:
        title = make()
        for _ in range(tries):
            if self.ok(title):
                break
            title = make()
        self.seen.append(_norm(title))
        return title


class _Pool:
    """Draws phrases from a theme first, then from the other themes of the same volet, then from all."""

    def __init__(self, rng: random.Random, key: str):
        self.rng = rng
        self.key = key
        self.used: set[str] = set()

    def draw(self, theme: str, volet: str | None) -> str:
        order = [theme] + sorted(t for t in THEMES if t != theme and (volet is None or THEMES[t]["volet"] == volet[0]))
        order += sorted(t for t in THEMES if t not in order)
        for t in order:
            free = [p for p in THEMES[t][self.key] if p not in self.used]
            if free:
                phrase = self.rng.choice(free)
                self.used.add(phrase)
                return phrase
        return self.rng.choice(THEMES[theme][self.key])


def _lengthen(rng: random.Random, title: str) -> str:
    """Another wording of a title, as a dashboard rewrites it (longer, or reworded)."""
    swaps = (("Mettre en place", "Concevoir et mettre en œuvre"), ("Créer", "Étudier puis créer"),
             ("Organiser", "Organiser de manière régulière"), ("Améliorer", "Améliorer encore"),
             ("Développer", "Développer et évaluer"), ("Renforcer", "Renforcer durablement"))
    for old, new in swaps:
        if title.startswith(old + " ") and rng.random() < 0.5:
            return new + title[len(old):]
    tails = [t for t in (" pour l'ensemble des services du CPAS", " (en lien avec le plan de cohésion sociale)",
                         " sur tout le territoire communal", " selon le calendrier arrêté par le Bureau permanent")
             if t.strip(" ()").split()[-1] not in title]
    return title + rng.choice(tails)


def make_plan(
    seed: int,
    *,
    n_os: tuple[int, int] = (2, 8),
    n_oo: tuple[int, int] = (1, 5),
    n_actions: tuple[int, int] = (0, 6),
    volets: bool = False,
    axes: bool = False,
    long_share: float = 0.25,
    alt_titles: bool = False,
    commune: str | None = None,
    legislature: str | None = None,
) -> Plan:
    """A plan drawn from ``seed``: sizes within the given ranges, titles unique enough to be told apart."""
    rng = random.Random(seed)
    titles = _Titles(rng)
    oo_pool, act_pool = _Pool(rng, "oo"), _Pool(rng, "actions")
    commune = commune or rng.choice(COMMUNES)
    legislature = legislature or rng.choice(("2025-2030", "2025-2030", "2019-2024"))
    total_os = rng.randint(*n_os)
    if volets:
        n_int = max(1, min(total_os - 1, rng.randint(1, max(1, total_os // 2))))
        sizes = [("interne", n_int), ("externe", total_os - n_int)]
    else:
        sizes = [(None, total_os)]
    parts = []
    weights = (0.25, 0.4, 0.28, 0.07)
    used_themes: set[str] = set()
    for volet, n in sizes:
        part = Part(volet)
        axe_names = rng.sample(AXES, k=min(len(AXES), max(1, (n + 1) // 2))) if axes else []
        for i in range(n):
            candidates = [t for t in THEMES
                          if t not in used_themes and (volet is None or THEMES[t]["volet"] == volet[0])]
            theme = rng.choice(candidates or sorted(THEMES))
            used_themes.add(theme)

            def os_title(theme=theme):
                title = rng.choice(THEMES[theme]["os"])
                if rng.random() < long_share * 0.6:
                    title += rng.choice(OS_TAILS)
                return title

            os_ = OS(titles.take(os_title), mandataire=f"{rng.choice(FIRST)} {rng.choice(LAST)}")
            if axes:
                os_.axe = axe_names[min(len(axe_names) - 1, i * len(axe_names) // n)]
            if alt_titles:
                os_.alt_title = _lengthen(rng, os_.title)
            for _ in range(rng.randint(*n_oo)):
                oo = OO(titles.take(lambda theme=theme, volet=volet: _tailed(rng, oo_pool.draw(theme, volet),
                                                                            long_share * 0.5)))
                if alt_titles:
                    oo.alt_title = _lengthen(rng, oo.title)
                for _ in range(rng.randint(*n_actions)):
                    act = Action(
                        title=titles.take(lambda theme=theme, volet=volet: _tailed(rng, act_pool.draw(theme, volet),
                                                                                   long_share)),
                        status=rng.choices(STATUSES, weights)[0],
                        pilote=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                        service=rng.choice(SERVICES),
                        due=str(rng.randint(int(legislature[:4]) + 1, int(legislature[-4:]))),
                        partner=rng.choice(PARTNERS),
                    )
                    if alt_titles:
                        act.alt_title = _lengthen(rng, act.title)
                    oo.actions.append(act)
                os_.oos.append(oo)
            part.oss.append(os_)
        parts.append(part)
    plan = Plan(seed, commune, legislature, parts)
    if not plan.actions():  # a plan with no action says nothing about actions: give its first OO one
        oo = parts[0].oss[0].oos[0]
        oo.actions.append(Action(titles.take(lambda: act_pool.draw("gouvernance", None)), "en_cours",
                                 "Marie Dubois", SERVICES[0], legislature[-4:], PARTNERS[0]))
    return plan


def _tailed(rng: random.Random, phrase: str, share: float) -> str:
    return phrase + rng.choice(TAILS) if rng.random() < share else phrase


def split_words(title: str, parts: int = 2) -> list[str]:
    """A title cut into ``parts`` runs of words (for titles printed over several paragraphs)."""
    words = title.split()
    if len(words) < parts:
        return [title]
    cuts = [round(len(words) * i / parts) for i in range(parts + 1)]
    return [" ".join(words[cuts[i]:cuts[i + 1]]) for i in range(parts) if words[cuts[i]:cuts[i + 1]]]


STATUS_LABELS = {
    "a_programmer": ("A programmer", "À agender", "À programmer", "Non commencé"),
    "en_cours": ("En cours", "En cours", "Démarré"),
    "finalise": ("Finalisé", "Réalisé", "Terminé"),
    "abandonne": ("Abandonné", "Annulé", "Suspendu"),
}
