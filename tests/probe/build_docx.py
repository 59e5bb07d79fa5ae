"""Word builders of the probe: layouts real CPAS plans use and the gallery does not have.

Each builder writes a .docx with the gallery's WordprocessingML writer and returns the gold items
(``tests.gallery.gold.gold_items``) of what it printed, like the gallery's builders.
"""

from __future__ import annotations

import random
from pathlib import Path

from tests.gallery.common import INTRO, METHOD_STEPS, adoption_line, status_words
from tests.gallery.gold import gold_items, labels, no_label
from tests.gallery.plans import FIRST, LAST, Plan
from tests.gallery.render_docx import _hf, _title_page, _volet_title
from tests.gallery.wordml import Cell, Lvl, WordDoc, bullet_levels, p, r, table

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
LETTERS = "abcdefghijklmnopqrstuvwxyz"

# Status wordings with the pictograms CPAS dashboards use (Word/Excel conditional icons pasted as emoji).
EMOJI_STATUS = {
    "a_programmer": ("⚪", "À programmer", "808080"),
    "en_cours": ("🟠", "En cours", "ED7D31"),
    "finalise": ("✅", "Réalisé", "00B050"),
    "abandonne": ("❌", "Abandonné", "C00000"),
}


def _volet_heading(doc: WordDoc, part, level: int = 1) -> None:
    if part.volet:
        doc.heading(level, _volet_title(part.volet))


# ------------------------------------------------------------------ p01: unnumbered headings, bold OO, bullets


def build_headings_bold_bullets(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """OS as Word "Titre 1" headings with no number; OO as bold Normal paragraphs; actions plain bullets.
    A short context paragraph under each OS (prose, not an item)."""
    head, foot = _hf(plan)
    doc = WordDoc(font="Calibri", size=11, french_names=True, header=head, footer=foot)
    bullets = doc.num(doc.abstract(bullet_levels(1), multilevel=False))
    _title_page(doc, plan)
    doc.heading(1, "Introduction")
    for text in INTRO[:2]:
        doc.para(text, align="both")
    for part in plan.parts:
        if part.volet:
            doc.para(_volet_title(part.volet).upper(), style="Titre", size=18)
        for os_ in part.oss:
            doc.heading(1, os_.title)
            doc.para("Constat : les besoins relevés lors du diagnostic justifient cet objectif pour la législature.",
                     italic=True, align="both")
            for oo in os_.oos:
                doc.para(oo.title, bold=True, keep_next=True, before=160, after=60)
                for act in oo.actions:
                    doc.para(act.title, style="Paragraphedeliste", num=(bullets, 0), after=0)
    doc.heading(1, "Suivi et évaluation")
    doc.para(INTRO[2], align="both")
    doc.save(path)
    return gold_items(plan, label=no_label)


# ------------------------------------------------------------------ p02: one table per OS, actions in one cell


def build_table_per_os(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """Per OS a heading "Objectif stratégique 1 : …" and a table "Objectif opérationnel | Actions | Service |
    Échéance": one row per OO, its actions in one cell as "- action" lines separated by line breaks."""
    doc = WordDoc(font="Arial", size=10, landscape=True, footer=[f"CPAS de {plan.commune} – PST\t\t{{PAGE}}"])
    doc.para(f"CPAS de {plan.commune}", bold=True, size=14)
    doc.para(f"Programme stratégique transversal {plan.legislature}", style="Titre")
    doc.para(adoption_line(plan), italic=True)
    w = doc.text_width
    widths = [w * 30 // 100, w * 42 // 100, w * 16 // 100]
    widths.append(w - sum(widths))
    for part in plan.parts:
        _volet_heading(doc, part)
        for i, os_ in enumerate(part.oss, 1):
            doc.heading(2, f"Objectif stratégique {i} : {os_.title}")
            rows = [[Cell(h, bold=True, shade="BDD7EE") for h in
                     ("Objectif opérationnel", "Actions", "Service", "Échéance")]]
            for oo in os_.oos:
                acts = oo.actions
                rows.append([
                    Cell(oo.title),
                    Cell(paras=p(runs=r("\n".join(f"- {a.title}" for a in acts)), after=0) if acts else None),
                    Cell(paras=p(runs=r("\n".join(dict.fromkeys(a.service for a in acts))), after=0) if acts else None),
                    Cell(paras=p(runs=r("\n".join(a.due for a in acts)), after=0) if acts else None),
                ])
            doc.table(rows, widths, header_rows=1)
    doc.save(path)
    return gold_items(plan, label=labels("Objectif stratégique {i}"))


# ------------------------------------------------------------------ p03: landscape dashboard, OS written vertically


class VCell(Cell):
    """A cell whose text runs bottom to top (``w:textDirection btLr``), as in a merged first column."""

    def xml(self, width: int) -> str:
        return super().xml(width).replace("</w:tcPr>", '<w:textDirection w:val="btLr"/></w:tcPr>', 1)


def build_vertical_os(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """Landscape dashboard: the OS in a narrow first column merged over all its rows, its text vertical;
    OO merged over its actions ("1.1 titre"); action, pilote, échéance, statut in coloured words."""
    words = status_words(rng)
    colors = {"a_programmer": "7F7F7F", "en_cours": "ED7D31", "finalise": "00B050", "abandonne": "C00000"}
    doc = WordDoc(font="Arial Narrow", size=9, landscape=True, margins=(850, 850, 850, 850),
                  header=[f"CPAS de {plan.commune}\t\tTableau de bord du PST {plan.legislature}"],
                  footer=["\t\t{PAGE}"])
    w = doc.text_width
    widths = [900, w * 26 // 100, w * 38 // 100]
    widths += [w * 14 // 100, w * 8 // 100]
    widths.append(w - sum(widths))
    head = [Cell(h, bold=True, shade="1F3864", size=9) for h in
            ("OS", "Objectif opérationnel", "Action", "Pilote", "Échéance", "Statut")]
    for part in plan.parts:
        if part.volet:
            doc.para(_volet_title(part.volet).upper(), bold=True, size=12, before=120)
        rows = [head]
        heights = [None]  # per row: a minimum height (twips) so that the vertical OS title is not clipped
        for i, os_ in enumerate(part.oss, 1):
            os_rows = sum(max(1, len(oo.actions)) for oo in os_.oos)
            # about 3 vertical lines of 9 pt text fit in 900 twips; 9 pt glyphs ~ 100 twips wide
            need = len(f"OS {i} – {os_.title}") * 100 // 3 + 300
            heights += [-(-need // os_rows)] * os_rows
            first_os = True
            for j, oo in enumerate(os_.oos, 1):
                acts = oo.actions or [None]
                for k, act in enumerate(acts):
                    os_cell = VCell(f"OS {i} – {os_.title}", bold=True, shade="D9E2F3", valign="center",
                                    vmerge=("restart" if first_os else "continue") if os_rows > 1 else None)
                    oo_cell = Cell(f"{i}.{j} {oo.title}", vmerge=("restart" if k == 0 else "continue")
                                   if len(acts) > 1 else None)
                    first_os = False
                    if act is None:
                        rows.append([os_cell, oo_cell, Cell(""), Cell(""), Cell(""), Cell("")])
                        continue
                    status = Cell(paras=p(runs=r(words[act.status], bold=True, color=colors[act.status]), after=0))
                    rows.append([os_cell, oo_cell, Cell(act.title), Cell(act.pilote), Cell(act.due), status])
        xml = table(rows, widths, header_rows=1)
        pieces = xml.split("<w:tr>")
        for n, h in enumerate(heights):  # pieces[n + 1] is row n (pieces[0] precedes the first row)
            if h is None:
                continue
            pieces[n + 1] = f'<w:trPr><w:trHeight w:val="{h}" w:hRule="atLeast"/></w:trPr>' + pieces[n + 1]
        doc.add("<w:tr>".join(pieces))
    doc.save(path)
    return gold_items(plan, label=labels("OS {i}", "{path}"), status=True)


# ------------------------------------------------------------------ p04: "OS 1" / "OS 1.1" / "OS 1.1.1"


def build_os_dotted(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """Every level labelled "OS": "OS 1 :" (OS, heading 1), "OS 1.1 :" (OO, heading 2), "OS 1.1.1 :" (actions,
    plain paragraphs)."""
    doc = WordDoc(font="Verdana", size=10, french_names=False, footer=[f"PST – CPAS de {plan.commune}\t\t{{PAGE}}"])
    _title_page(doc, plan)
    for part in plan.parts:
        _volet_heading(doc, part)
        for i, os_ in enumerate(part.oss, 1):
            doc.heading(1 if not part.volet else 2, f"OS {i} : {os_.title}")
            for j, oo in enumerate(os_.oos, 1):
                doc.heading(2 if not part.volet else 3, f"OS {i}.{j} : {oo.title}")
                for k, act in enumerate(oo.actions, 1):
                    doc.para(f"OS {i}.{j}.{k} : {act.title}", ind=(567, 0), after=60)
    doc.save(path)
    return gold_items(plan, label=labels("OS {path}", "OS {path}", "OS {path}"))


# ------------------------------------------------------------------ p05: "n°" labels, projets


def build_numero_projet(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """"Objectif stratégique n°1 :" in a shaded band, "Objectif opérationnel n°1.1 :" bold, "Projet 1.1.1 :"
    plain, each project followed by a "Porteur : … – Échéance : …" line."""
    doc = WordDoc(font="Century Gothic", size=10, footer=[f"CPAS de {plan.commune}\t\tPage {{PAGE}}"])
    _title_page(doc, plan)
    doc.para("Le programme se décline en objectifs stratégiques, objectifs opérationnels et projets.", align="both")
    for part in plan.parts:
        if part.volet:
            doc.para(_volet_title(part.volet).upper(), bold=True, size=14, align="center", before=240)
        for i, os_ in enumerate(part.oss, 1):
            doc.para(f"Objectif stratégique n°{i} : {os_.title}", bold=True, size=12, shade="C00000",
                     before=240, keep_next=True)
            for j, oo in enumerate(os_.oos, 1):
                doc.para(f"Objectif opérationnel n°{i}.{j} : {oo.title}", bold=True, keep_next=True, before=120)
                for k, act in enumerate(oo.actions, 1):
                    doc.para(f"Projet {i}.{j}.{k} : {act.title}", ind=(425, 0), after=0)
                    doc.para(f"Porteur : {act.service} – Échéance : {act.due}", ind=(425, 0), italic=True,
                             size=9, after=80)
    doc.save(path)
    return gold_items(plan, label=labels("Objectif stratégique n°{i}", "Objectif opérationnel n°{i}.{j}",
                                         "Projet {path}"))


# ------------------------------------------------------------------ p06: actions "1.1.a"


def build_letter_actions(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """OS "1." (bold capitals), OO "1.1." (bold), actions "1.1.a" / "1.1.b" typed before a tab."""
    doc = WordDoc(font="Arial", size=10, footer=[f"CPAS de {plan.commune} – PST {plan.legislature}\t\t{{PAGE}}"])
    _title_page(doc, plan, page_break=False)
    for part in plan.parts:
        if part.volet:
            doc.para(_volet_title(part.volet), bold=True, size=13, before=240)
        for i, os_ in enumerate(part.oss, 1):
            doc.add(p(runs=r(f"{i}.\t{os_.title.upper()}", bold=True), ind=(567, 567), before=240, keep_next=True))
            for j, oo in enumerate(os_.oos, 1):
                doc.add(p(runs=r(f"{i}.{j}.\t{oo.title}", bold=True), ind=(1134, 567), keep_next=True))
                for k, act in enumerate(oo.actions):
                    doc.para(f"{i}.{j}.{LETTERS[k]}\t{act.title}", ind=(1701, 567), after=40)
    doc.save(path)

    def label(volet, path_, item):
        if len(path_) == 3:
            return f"{path_[0]}.{path_[1]}.{LETTERS[path_[2] - 1]}"
        return ".".join(map(str, path_))

    return gold_items(plan, label=label)  # OS printed in capitals: the scorer's matching ignores case


# ------------------------------------------------------------------ p07: one two-column table for all levels


def build_two_columns(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """One table "N° | Intitulé" for the whole plan: OS rows dark, OO rows light, actions white."""
    doc = WordDoc(font="Arial", size=10, footer=[f"CPAS de {plan.commune}\t\t{{PAGE}}"])
    doc.para(f"CPAS de {plan.commune} – Programme stratégique transversal {plan.legislature}", style="Titre", size=16)
    doc.para("Le tableau suivant reprend l'ensemble des objectifs et des actions du programme.", italic=True)
    rows = [[Cell("N°", bold=True, shade="404040"), Cell("Intitulé", bold=True, shade="404040")]]
    for part in plan.parts:
        if part.volet:
            rows.append([Cell(_volet_title(part.volet).upper(), bold=True, span=2, shade="FFC000")])
        for i, os_ in enumerate(part.oss, 1):
            rows.append([Cell(f"{i}", bold=True, shade="8EAADB"), Cell(os_.title, bold=True, shade="8EAADB")])
            for j, oo in enumerate(os_.oos, 1):
                rows.append([Cell(f"{i}.{j}", bold=True, shade="D9E2F3"), Cell(oo.title, shade="D9E2F3")])
                for k, act in enumerate(oo.actions, 1):
                    rows.append([Cell(f"{i}.{j}.{k}"), Cell(act.title)])
    doc.table(rows, [1300, doc.text_width - 1300], header_rows=1)
    doc.save(path)
    return gold_items(plan)


# ------------------------------------------------------------------ p08: slides exported to PDF


def build_slides(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """A slide deck laid out in Word (landscape, one slide per page, direct formatting, no heading style):
    a title slide, an agenda "1. Contexte 2. …", a context slide with figures, then per OS a kicker
    "OBJECTIF STRATÉGIQUE 1", its title in 28 pt, its OO in 18 pt after "›", actions as short bullets."""
    doc = WordDoc(font="Calibri", size=14, landscape=True, margins=(1134, 1418, 1134, 1418),
                  footer=[f"CPAS de {plan.commune} | PST {plan.legislature}\t\t{{PAGE}}"])
    bullets = doc.num(doc.abstract([Lvl("•", fmt="bullet", left=720, hanging=360, font="Calibri")],
                                   multilevel=False))
    blue = "1F4E79"
    doc.add(p(runs=r("Programme stratégique transversal", bold=True, size=36, color=blue), align="center",
              before=2400))
    doc.add(p(runs=r(f"CPAS de {plan.commune} – {plan.legislature}", size=24), align="center"))
    doc.add(p(runs=r("Présentation au Conseil de l'action sociale", italic=True, size=16), align="center"))
    doc.page_break()
    doc.add(p(runs=r("Sommaire", bold=True, size=28, color=blue), after=360))
    for n, text in enumerate(("Contexte", "Méthodologie", "Nos objectifs", "Suivi et évaluation"), 1):
        doc.add(p(runs=r(f"{n}. {text}", size=20), ind=(720, 0)))
    doc.page_break()
    doc.add(p(runs=r("Contexte", bold=True, size=28, color=blue), after=360))
    for text in ("2.300 dossiers sociaux ouverts en 2024", "18 % des ménages sous le seuil de pauvreté",
                 "Un vieillissement marqué de la population"):
        doc.para(text, style="Paragraphedeliste", num=(bullets, 0), size=18)
    doc.page_break()
    doc.add(p(runs=r("Méthodologie", bold=True, size=28, color=blue), after=360))
    for text in METHOD_STEPS[:4]:
        doc.para(text, style="Paragraphedeliste", num=(bullets, 0), size=18)
    n_os = 0
    for part in plan.parts:
        for i, os_ in enumerate(part.oss, 1):
            n_os += 1
            doc.page_break()
            kicker = f"OBJECTIF STRATÉGIQUE {i}"
            if part.volet:
                kicker = f"{_volet_title(part.volet).upper()} – {kicker}"
            doc.add(p(runs=r(kicker, bold=True, size=14, color="ED7D31"), after=0))
            doc.add(p(runs=r(os_.title, bold=True, size=28, color=blue), after=240))
            for oo in os_.oos:
                doc.add(p(runs=r(f"› {oo.title}", bold=True, size=18, color=blue), after=60, keep_next=True))
                for act in oo.actions:
                    doc.para(act.title, style="Paragraphedeliste", num=(bullets, 0), size=14, after=0)
    doc.page_break()
    doc.add(p(runs=r("Suivi et évaluation", bold=True, size=28, color=blue), after=360))
    for text in ("Un rapport annuel au Conseil", "Une évaluation à mi-législature", "Un tableau de bord partagé"):
        doc.para(text, style="Paragraphedeliste", num=(bullets, 0), size=18)
    doc.page_break()
    doc.add(p(runs=r("Merci pour votre attention", bold=True, size=36, color=blue), align="center", before=3000))
    doc.add(p(runs=r("Questions ?", size=24), align="center"))
    doc.save(path)

    def label(volet, path_, item):
        return f"OBJECTIF STRATÉGIQUE {path_[0]}" if len(path_) == 1 else None

    return gold_items(plan, label=label)


# ------------------------------------------------------------------ p09: the OS title as running header


class SectionedDoc(WordDoc):
    """A WordDoc whose sections each have their own header part (header1, header2…)."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.section_headers: list[list[str]] = [self.header] if self.header else []

    def _sect_pr(self) -> str:
        xml = super()._sect_pr()
        n = len(self.section_headers)
        return xml.replace('r:id="rIdHeader1"', f'r:id="rIdHeader{n}"') if n > 1 else xml

    def new_section(self, header: list[str]) -> None:
        """End the current section (next page); the next one runs ``header`` on every page."""
        self.body.append(p(sect=self._sect_pr()))
        self.section_headers.append(header)

    def parts(self) -> dict[str, str]:
        from tests.gallery.wordml import _REL, _WML, humanize

        out = super().parts()
        for n, lines in enumerate(self.section_headers[1:], 2):
            out[f"word/header{n}.xml"] = humanize(self._hf("hdr", "En-tte", lines), seed=n,
                                                  autocorrect=self.autocorrect, noise=False)
            out["[Content_Types].xml"] = out["[Content_Types].xml"].replace(
                "</Types>", f'<Override PartName="/word/header{n}.xml" ContentType="{_WML}.header+xml"/></Types>')
            out["word/_rels/document.xml.rels"] = out["word/_rels/document.xml.rels"].replace(
                "</Relationships>",
                f'<Relationship Id="rIdHeader{n}" Type="{_REL}/header" Target="header{n}.xml"/></Relationships>')
        return out

    def save(self, path: Path) -> Path:
        import zipfile

        from tests.gallery.wordml import ZIP_DATE

        parts = self.parts()
        first = ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
                 "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml"]
        order = first + sorted(k for k in parts if k not in first)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, parts[name].encode("utf-8"))
        return path


def build_running_os_header(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """One Word section per OS whose header repeats "OS 2 : titre" on every page; the OS heading once in the
    body; "OO 2.1" sub-headings; each action "Action 2.1.1 : titre" with description, pilote, indicateur
    lines, so that an OS spans several pages."""
    doc = SectionedDoc(font="Arial", size=10, header=[f"CPAS de {plan.commune}\t\tPST {plan.legislature}"],
                       footer=["\t\tPage {PAGE}"])
    _title_page(doc, plan, page_break=False)
    doc.para(INTRO[0], align="both")
    for part in plan.parts:
        for i, os_ in enumerate(part.oss, 1):
            volet = f"{_volet_title(part.volet)} – " if part.volet else ""
            doc.new_section([f"{volet}OS {i} : {os_.title}", f"CPAS de {plan.commune}\t\tPST {plan.legislature}"])
            doc.heading(1, f"OS {i} : {os_.title}")
            for j, oo in enumerate(os_.oos, 1):
                doc.heading(2, f"OO {i}.{j} : {oo.title}")
                for k, act in enumerate(oo.actions, 1):
                    doc.para(f"Action {i}.{j}.{k} : {act.title}", bold=True, before=160, after=40, keep_next=True)
                    doc.para("Description : le projet sera conduit par le service concerné en lien avec les "
                             "partenaires du réseau ; il fera l'objet d'une évaluation annuelle présentée au "
                             "Comité de direction et au Conseil de l'action sociale.", align="both", after=40)
                    doc.para(f"Pilote : {act.pilote} ({act.service}) – Partenaire : {act.partner}", after=40)
                    doc.para(f"Indicateur : taux de réalisation – Échéance : {act.due}", after=40)
    doc.save(path)
    return gold_items(plan, label=labels("OS {i}", "OO {path}", "Action {path}"))


# ------------------------------------------------------------------ p10: emoji statuses


def build_emoji_status(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """A follow-up report: a legend "✅ Réalisé 🟠 En cours ⚪ À programmer ❌ Abandonné", OS "OS1 :" headings,
    OO "OO1.1 :" bold, actions "1.1.1 titre" with the status at the right tab as pictogram + coloured word."""
    doc = WordDoc(font="Segoe UI", size=10, footer=[f"CPAS de {plan.commune} – suivi du PST\t\t{{PAGE}}"])
    doc.para(f"CPAS de {plan.commune}", bold=True, size=14)
    doc.para(f"Rapport de suivi du Programme stratégique transversal {plan.legislature}", style="Titre", size=18)
    doc.para("État d'avancement au 31 décembre", italic=True)
    legend = "".join(r(f"{e} {w}    ", color=c) for e, w, c in EMOJI_STATUS.values())
    doc.add(p(runs=r("Légende : ", bold=True) + legend, after=240))
    right = doc.text_width
    for part in plan.parts:
        _volet_heading(doc, part)
        for i, os_ in enumerate(part.oss, 1):
            doc.heading(2, f"OS{i} : {os_.title}")
            for j, oo in enumerate(os_.oos, 1):
                doc.para(f"OO{i}.{j} : {oo.title}", bold=True, keep_next=True, before=120)
                for k, act in enumerate(oo.actions, 1):
                    e, w, c = EMOJI_STATUS[act.status]
                    doc.add(p(runs=r(f"{i}.{j}.{k}\t{act.title}\t") + r(f"{e} {w}", bold=True, color=c),
                              tabs=(("left", 851, None), ("right", right, None)), ind=(851, 851), after=40))
    doc.save(path)
    return gold_items(plan, label=labels("OS{i}", "OO{path}", "{path}"), status=True)


# ------------------------------------------------------------------ p11: joint commune + CPAS plan


COMMUNE_OS = (
    ("Être une commune qui offre un cadre de vie propre et sûr",
     (("Améliorer la propreté publique", ("Installer des caméras contre les dépôts clandestins",
                                          "Engager deux ouvriers de voirie supplémentaires")),
      ("Sécuriser les abords des écoles", ("Aménager des zones 30 devant chaque école",
                                           "Placer des radars préventifs")))),
    ("Développer une mobilité douce et durable",
     (("Créer un réseau cyclable communal", ("Baliser un itinéraire vélo entre les villages",
                                             "Installer des arceaux à vélos au centre")),
      ("Rénover les trottoirs de l'entité", ("Établir un plan pluriannuel des trottoirs",)))),
    ("Soutenir la vie culturelle, sportive et associative",
     (("Rénover le hall omnisports", ("Remplacer la toiture du hall omnisports",)),
      ("Dynamiser la bibliothèque communale", ("Ouvrir la bibliothèque le samedi",
                                               "Organiser un festival du conte")))),
    ("Valoriser le patrimoine et l'attractivité touristique",
     (("Restaurer le patrimoine classé", ("Restaurer la chapelle Saint-Roch",)),
      ("Promouvoir le tourisme de terroir", ("Créer une route des producteurs locaux",)))),
)


def build_joint_plan(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """A joint "PST commun": "PARTIE COMMUNE" (the commune's own OS/OO/actions, first) then "PARTIE CPAS",
    both in the same style ("Objectif stratégique 1 :", "Objectif opérationnel 1.1 :", bullets).
    Gold: only the CPAS part (the commune's items are not the CPAS's plan)."""
    doc = WordDoc(font="Arial", size=10, french_names=True,
                  footer=[f"PST commun Commune – CPAS de {plan.commune}\t\t{{PAGE}}"])
    bullets = doc.num(doc.abstract(bullet_levels(1), multilevel=False))
    doc.para("Programme stratégique transversal commun", style="Titre")
    doc.para(f"Commune et CPAS de {plan.commune} – {plan.legislature}", style="Sous-titre")
    doc.para("Le Collège communal et le Conseil de l'action sociale ont choisi d'élaborer un programme commun. "
             "Chaque institution reste responsable de la mise en œuvre de sa partie.", align="both")

    def write(oss):
        for i, (os_title, oos) in enumerate(oss, 1):
            doc.heading(2, f"Objectif stratégique {i} : {os_title}")
            for j, (oo_title, acts) in enumerate(oos, 1):
                doc.heading(3, f"Objectif opérationnel {i}.{j} : {oo_title}")
                for a in acts:
                    doc.para(a, style="Paragraphedeliste", num=(bullets, 0), after=0)

    doc.heading(1, "Partie Commune")
    write(COMMUNE_OS)
    doc.page_break()
    doc.heading(1, "Partie CPAS")
    for part in plan.parts:
        if part.volet:
            doc.para(_volet_title(part.volet), bold=True, size=12, before=200)
        write([(os_.title, [(oo.title, [a.title for a in oo.actions]) for oo in os_.oos]) for os_ in part.oss])
    doc.save(path)
    return gold_items(plan, label=labels("Objectif stratégique {i}", "Objectif opérationnel {i}.{j}"))


# ------------------------------------------------------------------ p12: deliberation, then the plan in annex


def build_deliberation_annex(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """A deliberation: "Vu…", "Considérant que le PST s'articule autour des objectifs stratégiques suivants :"
    with the OS titles as bullets, "DÉCIDE :" "Article 1er :" "Article 2 :" with typed "1." "2." points,
    then "ANNEXE" with the plan as "1. titre" / "1.1. titre" / "- action" paragraphs."""
    doc = WordDoc(font="Times New Roman", size=11, footer=["\t{PAGE}"])
    bullets = doc.num(doc.abstract(bullet_levels(1), multilevel=False))
    year = int(plan.legislature[:4])
    doc.para(f"PROVINCE DE NAMUR – CPAS DE {plan.commune.upper()}", bold=True, align="center")
    doc.para("EXTRAIT DU REGISTRE AUX DÉLIBÉRATIONS DU CONSEIL DE L'ACTION SOCIALE", bold=True, align="center")
    doc.para(f"Séance publique du 26 juin {year + 1}", align="center")
    doc.para(f"Présents : {rng.choice(FIRST)} {rng.choice(LAST)}, Président(e) ; {rng.choice(FIRST)} "
             f"{rng.choice(LAST)}, {rng.choice(FIRST)} {rng.choice(LAST)}, Conseillers ; {rng.choice(FIRST)} "
             f"{rng.choice(LAST)}, Directeur général.", size=10)
    doc.para(f"Objet : Programme stratégique transversal {plan.legislature} – Approbation", bold=True,
             before=240)
    doc.para("Le Conseil,", bold=True)
    for text in ("Vu la loi organique des CPAS du 8 juillet 1976, et particulièrement son article 27ter ;",
                 "Vu le décret du 19 juillet 2018 modifiant la loi organique ;",
                 "Vu la note de politique générale ;"):
        doc.para(text, align="both", after=60)
    titles = [os_.title for part in plan.parts for os_ in part.oss]
    doc.para("Considérant que le projet de PST s'articule autour des objectifs stratégiques suivants :",
             align="both", after=60)
    for t in titles:
        doc.para(t, style="Paragraphedeliste", num=(bullets, 0), after=0)
    doc.para("Considérant que le projet a été présenté au Comité de concertation en sa séance du 12 juin ;",
             align="both", before=120)
    doc.para("Sur proposition du Bureau permanent ;")
    doc.para("DÉCIDE, par 9 voix pour et 2 abstentions :", bold=True, before=120)
    doc.para("Article 1er : d'approuver le Programme stratégique transversal tel qu'annexé.", align="both")
    doc.para("Article 2 : de charger le Directeur général :", align="both", after=0)
    doc.para("1. de publier le PST sur le site internet du CPAS ;", ind=(567, 283), after=0)
    doc.para("2. de transmettre la présente décision au Collège communal ;", ind=(567, 283), after=0)
    doc.para("3. d'inscrire les crédits nécessaires au budget.", ind=(567, 283))
    doc.para("Article 3 : la présente délibération est transmise à l'autorité de tutelle.", align="both")
    doc.para("Ainsi délibéré en séance date que dessus.", italic=True, before=240)
    doc.para("Le Directeur général,\t\tLe Président,", tabs=(("left", 5670, None),))
    doc.page_break()
    doc.para("ANNEXE", bold=True, size=14, align="center")
    doc.para(f"Programme stratégique transversal du CPAS de {plan.commune}", bold=True, size=12, align="center")
    for part in plan.parts:
        if part.volet:
            doc.para(_volet_title(part.volet).upper(), bold=True, before=200)
        for i, os_ in enumerate(part.oss, 1):
            doc.para(f"{i}. {os_.title}", bold=True, before=200, keep_next=True)
            for j, oo in enumerate(os_.oos, 1):
                doc.para(f"{i}.{j}. {oo.title}", ind=(425, 0), bold=True, italic=True, keep_next=True, after=40)
                for act in oo.actions:
                    doc.para(f"- {act.title}", ind=(850, 0), after=20)
    doc.save(path)
    return gold_items(plan, label=labels("{i}", "{path}"))


# ------------------------------------------------------------------ p13: one fiche per OO


def build_fiche_oo(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """One two-column fiche per OO: "Objectif stratégique | 1. titre" (repeated in each fiche),
    "Objectif opérationnel | 1.2 titre", "Actions | • a / • b" (one paragraph per action), pilote,
    indicateurs, budget; an OO whose actions are not yet defined says "À définir"."""
    doc = WordDoc(font="Calibri", size=10, header=[f"CPAS de {plan.commune}\t\tPST {plan.legislature}"],
                  footer=["\t\t{PAGE}"])
    _title_page(doc, plan)
    w = doc.text_width
    n = 0
    for part in plan.parts:
        for i, os_ in enumerate(part.oss, 1):
            for j, oo in enumerate(os_.oos, 1):
                n += 1
                doc.para(f"Fiche n° {n}", bold=True, size=12, before=240, keep_next=True)
                acts = "".join(p(f"• {a.title}", after=0) for a in oo.actions) or p("À définir", italic=True, after=0)
                rows = []
                if part.volet:
                    rows.append([Cell("Volet", bold=True, shade="E2EFD9"), Cell(_volet_title(part.volet))])
                rows += [
                    [Cell("Objectif stratégique", bold=True, shade="E2EFD9"), Cell(f"{i}. {os_.title}")],
                    [Cell("Objectif opérationnel", bold=True, shade="E2EFD9"), Cell(f"{i}.{j} {oo.title}", bold=True)],
                    [Cell("Actions", bold=True, shade="E2EFD9"), Cell(paras=acts)],
                    [Cell("Pilote", bold=True, shade="E2EFD9"),
                     Cell(oo.actions[0].pilote if oo.actions else os_.mandataire)],
                    [Cell("Indicateurs", bold=True, shade="E2EFD9"), Cell("Nombre de bénéficiaires touchés")],
                    [Cell("Budget estimé", bold=True, shade="E2EFD9"), Cell(f"{rng.randint(2, 90) * 1000} €")],
                ]
                doc.table(rows, [2600, w - 2600], cant_split=True)
    doc.save(path)
    return gold_items(plan, label=labels("{i}", "{path}"))


# ------------------------------------------------------------------ p14: "I." / "A." / "1." outline


def build_roman_letters(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """The French school outline: OS "I.", OO "A." (restarting per OS), actions "1." (restarting per OO),
    all typed; each level indented further."""
    doc = WordDoc(font="Garamond", size=11, footer=[f"CPAS de {plan.commune}\t\t{{PAGE}}"])
    _title_page(doc, plan, page_break=False)
    doc.para("Les objectifs du CPAS", style="Titre1")
    for part in plan.parts:
        if part.volet:
            doc.para(_volet_title(part.volet), bold=True, size=13, before=240)
        for i, os_ in enumerate(part.oss, 1):
            doc.para(f"{ROMAN[i - 1]}. {os_.title}", bold=True, size=12, before=200, keep_next=True)
            for j, oo in enumerate(os_.oos, 1):
                doc.para(f"{LETTERS[j - 1].upper()}. {oo.title}", bold=True, ind=(567, 0), keep_next=True)
                for k, act in enumerate(oo.actions, 1):
                    doc.para(f"{k}. {act.title}", ind=(1134, 0), after=20)
    doc.save(path)

    def label(volet, path_, item):
        return (ROMAN[path_[0] - 1], LETTERS[path_[-1] - 1].upper(), str(path_[-1]))[len(path_) - 1]

    return gold_items(plan, label=label)


BUILDERS = {
    "headings_bold_bullets": build_headings_bold_bullets,
    "table_per_os": build_table_per_os,
    "vertical_os": build_vertical_os,
    "os_dotted": build_os_dotted,
    "numero_projet": build_numero_projet,
    "letter_actions": build_letter_actions,
    "two_columns": build_two_columns,
    "slides": build_slides,
    "running_os_header": build_running_os_header,
    "emoji_status": build_emoji_status,
    "joint_plan": build_joint_plan,
    "deliberation_annex": build_deliberation_annex,
    "fiche_oo": build_fiche_oo,
    "roman_letters": build_roman_letters,
}
