"""Word builders, one per layout family of issue 10 (and mixes): each writes a .docx and returns its gold items.

Every builder takes the plan, the output path and a seeded ``random.Random`` (for the choices a
writer makes: which items are headings, which wording of a status) and returns the gold items
(``tests.gallery.gold.gold_items``) of what it printed.
"""

from __future__ import annotations

import random
from pathlib import Path

from tests.gallery.common import (
    DPS_BULLETS,
    EVAL_TEXT,
    INTRO,
    METHOD_STEPS,
    STRUCTURE_STEPS,
    adoption_line,
    ordinal_os,
    status_words,
    title_lines,
)
from tests.gallery.gold import dotted, gold_items, labels, no_label
from tests.gallery.plans import Plan, split_words
from tests.gallery.wordml import Cell, Lvl, WordDoc, bullet_levels, outline_levels, p, para_style, r

STATUS_COLUMNS = ("a_programmer", "en_cours", "finalise", "abandonne")


def _title_page(doc: WordDoc, plan: Plan, *, with_cpas: bool = True, page_break: bool = True) -> None:
    for i, line in enumerate(title_lines(plan, with_cpas=with_cpas)):
        doc.para(line, style="Titre" if i == (1 if with_cpas else 0) else "Sous-titre")
    doc.para(adoption_line(plan), align="center", italic=True)
    if page_break:
        doc.page_break()


def _hf(plan: Plan, *, named: bool = True) -> tuple[list[str], list[str]]:
    head = [f"CPAS de {plan.commune}\tPST {plan.legislature}"] if named else [f"PST {plan.legislature}"]
    foot = ["\tPage {PAGE} sur {NUMPAGES}"]
    return head, foot


def _volet_title(volet: str) -> str:
    return {"interne": "Volet interne", "externe": "Volet externe"}[volet]


# ------------------------------------------------------------------ family 1: the plan inside a numbered chapter


def chapter_toc(plan: Plan) -> list[tuple[int, str, str]]:
    """The entries of the chapter document's TOC: (level, text, a text to find its page in a rendering)."""
    toc = [(1, "1. Introduction", INTRO[0]), (1, "2. Méthodologie", "La démarche s'est déroulée"),
           (2, "2.1. Démarche participative", "La démarche s'est déroulée"),
           (3, "2.1.1. Diagnostic", "La démarche s'est déroulée"), (3, "2.1.2. Structure", "Le programme se lit"),
           (1, "3. Programme stratégique", "Le programme ci-dessous")]
    for k, part in enumerate(plan.parts, 1):
        if part.volet:
            toc.append((2, f"3.{k}. {_volet_title(part.volet)}", part.oss[0].title))
        for i, os_ in enumerate(part.oss, 1):
            toc.append((3 if part.volet else 2, f"{i}. {os_.title}", os_.title))
    toc += [(1, "4. Suivi et évaluation", EVAL_TEXT[0]), (1, "5. Annexe : déclaration de politique sociale",
                                                          DPS_BULLETS[0])]
    return toc


def build_chapter(plan: Plan, path: Path, rng: random.Random, *, variant: str = "a",
                  cpas_in_body: bool = True, toc_pages: dict[str, int] | None = None) -> list[dict]:
    """Family 1: "3. Programme stratégique", its outline restarting at 1. / 1.1. / 1.1.1., no "objectifs" heading.

    Variant ``a``: chapters numbered by the heading styles (numbering carried by Titre1-3, level 3
    without separator: "2.1.2.Structure"), the plan as list paragraphs with direct ``w:numPr`` and an
    outline level (so the TOC lists the OS). Variant ``b``: typed chapter numbers, volets as "3.1 Volet
    interne" headings, the plan numbered by custom paragraph styles (numbering via the style), the
    volet externe restarting through a second ``w:num`` with ``w:startOverride``.
    """
    head, foot = _hf(plan, named=cpas_in_body)
    doc = WordDoc(font=rng.choice(("Arial", "Times New Roman")), french_names=variant == "b",
                  header=None if variant == "b" else [f"Programme stratégique transversal {plan.legislature}"],
                  footer=foot)
    chap = doc.abstract(outline_levels(3, pstyles=("Titre1", "Titre2", "Titre3"), suff=(None, None, "nothing"),
                                       hanging=567))
    chap_num = doc.num(chap)
    if variant == "a":
        doc.heading_num = {1: (chap_num, 0), 2: (chap_num, 1), 3: (chap_num, 2)}
    steps = doc.abstract([Lvl("%1)", left=720, hanging=360)])
    dps = doc.num(doc.abstract(bullet_levels(1), multilevel=False))
    plan_abs = doc.abstract(outline_levels(3, bold=(True, False, False)))

    _title_page(doc, plan, with_cpas=cpas_in_body)
    typed = variant == "b"

    def h(level: int, number: str, text: str) -> None:
        doc.heading(level, f"{number} {text}" if typed else text)

    guess = 3
    toc = []
    for level, text, _search in chapter_toc(plan):
        guess = (toc_pages or {}).get(text, guess + (level == 1))
        toc.append((level, text, guess))
    doc.toc(toc)
    doc.page_break()

    h(1, "1.", "Introduction")
    for text in INTRO:
        doc.para(text, align="both")
    h(1, "2.", "Méthodologie")
    h(2, "2.1.", "Démarche participative")
    h(3, "2.1.1.", "Diagnostic")
    doc.para("La démarche s'est déroulée en cinq étapes :")
    n1 = doc.num(steps)
    for s in METHOD_STEPS:
        doc.para(s, style="Paragraphedeliste", num=(n1, 0))
    h(3, "2.1.2.", "Structure")
    doc.para("Le programme se lit en trois niveaux :")
    n2 = doc.num(steps, restart={0: 1})
    for s in STRUCTURE_STEPS:
        doc.para(s, style="Paragraphedeliste", num=(n2, 0))
    h(1, "3.", "Programme stratégique")
    doc.para("Le programme ci-dessous a été validé par le comité de direction.", align="both")

    if variant == "a":
        for part in plan.parts:
            num = doc.num(plan_abs, restart={0: 1})
            if part.volet:
                doc.heading(2, _volet_title(part.volet))
            for os_ in part.oss:
                doc.para(os_.title, style="Paragraphedeliste", num=(num, 0), bold=True, outline=1, keep_next=True,
                         before=200)
                for oo in os_.oos:
                    doc.para(oo.title, style="Paragraphedeliste", num=(num, 1), italic=True)
                    for act in oo.actions:
                        doc.para(act.title, style="Paragraphedeliste", num=(num, 2))
    else:
        base = doc.num(plan_abs)
        doc.extra_styles += [
            para_style("Objectif", "Objectif", bold=True, size=12, num=(base, 0), outline=2, keep_next=True),
            para_style("Objectifoprationnel", "Objectif opérationnel", bold=True, num=(base, 1)),
            para_style("Action", "Action", num=(base, 2)),
        ]
        for k, part in enumerate(plan.parts, 1):
            restart = None if k == 1 else doc.num(plan_abs, restart={0: 1})
            if part.volet:
                h(2, f"3.{k}", _volet_title(part.volet))
            for os_ in part.oss:
                doc.para(os_.title, style="Objectif", num=(restart, 0) if restart else None)
                for oo in os_.oos:
                    doc.para(oo.title, style="Objectifoprationnel", num=(restart, 1) if restart else None)
                    for act in oo.actions:
                        doc.para(act.title, style="Action", num=(restart, 2) if restart else None)
    h(1, "4.", "Suivi et évaluation")
    h(2, "4.1.", "Évaluation à mi-parcours")
    doc.para(EVAL_TEXT[0], align="both")
    h(1, "5.", "Annexe : déclaration de politique sociale")
    for b in DPS_BULLETS:
        doc.para(b, style="Paragraphedeliste", num=(dps, 0))
    doc.save(path)
    return gold_items(plan, label=dotted)


# ------------------------------------------------------------------ family 2: three separate lists


def build_three_lists(plan: Plan, path: Path, rng: random.Random, *, shared_numbering: bool = True,
                      axes: bool = False, cpas_in_body: bool = True, in_chapter: bool = False) -> list[dict]:
    """Family 2: "1. Objectifs stratégiques :" / "2. Objectifs opérationnels :" / "3. Actions :".

    ``shared_numbering``: the three lists share one ``w:num``, so Word prints 1.-3. for the OS, then
    4. / 4.1. in the second list and 7. / 7.1. / 7.1.1. in the third (labels as printed, numbers
    canonical). Otherwise each list restarts (a new ``w:num`` with ``w:startOverride``) and the
    section headings are typed bold paragraphs. ``in_chapter``: the three sections are 3.1-3.3 of a
    chapter "3. Programme stratégique" (the family 1 mix).
    """
    assert not plan.has_volets, "three lists are drawn for plans without volets"
    head, foot = _hf(plan, named=True)
    doc = WordDoc(font="Arial", french_names=True, footer=head if not cpas_in_body else foot,
                  header=None)
    chap = doc.num(doc.abstract(outline_levels(2, pstyles=("Titre1", "Titre2"), hanging=567)))
    doc.heading_num = {1: (chap, 0), 2: (chap, 1)}
    abs_plan = doc.abstract(outline_levels(3, bold=(True, False, False)))
    shared = doc.num(abs_plan)
    _title_page(doc, plan, with_cpas=cpas_in_body)
    oss = plan.parts[0].oss

    printed: dict[tuple[int, ...], str] = {}
    counters = [0, 0, 0]

    def emit(path_: tuple[int, ...], title: str, num_id: int) -> None:
        lvl = len(path_) - 1
        counters[lvl] += 1
        for deeper in range(lvl + 1, 3):
            counters[deeper] = 0
        label = ".".join(str(c) for c in counters[: lvl + 1])
        printed.setdefault(path_, label)
        doc.para(title, style="Paragraphedeliste", num=(num_id, lvl), bold=lvl == 0)

    if in_chapter:
        doc.heading(1, "Introduction")
        for text in INTRO[:2]:
            doc.para(text, align="both")
        doc.heading(1, "Contexte")
        doc.para(INTRO[2], align="both")
        doc.heading(1, "Programme stratégique")
        doc.para("Le programme est présenté en trois listes successives.")
    else:
        doc.para(INTRO[0], align="both")
        doc.para(INTRO[2], align="both")
    sections = ("Objectifs stratégiques :", "Objectifs opérationnels :", "Actions :")

    def section(k: int) -> int:
        if in_chapter:
            doc.heading(2, sections[k])
        elif shared_numbering:
            doc.heading(1, sections[k])
        else:
            doc.para(f"{k + 1}. {sections[k]}", bold=True, size=13, keep_next=True, before=240)
        if shared_numbering:
            return shared
        counters[:] = [0, 0, 0]
        return doc.num(abs_plan, restart={0: 1})

    num = section(0)
    current_axe = None
    for i, os_ in enumerate(oss, 1):
        if axes and os_.axe != current_axe:
            current_axe = os_.axe
            k = list(dict.fromkeys(o.axe for o in oss)).index(current_axe) + 1
            doc.para(f"AXE {k} : {current_axe.upper()}", bold=True, before=200)
        emit((i,), os_.title, num)
    num = section(1)
    doc.para("Les objectifs opérationnels sont présentés par objectif stratégique.", italic=True)
    for i, os_ in enumerate(oss, 1):
        emit((i,), os_.title, num)
        for j, oo in enumerate(os_.oos, 1):
            emit((i, j), oo.title, num)
    num = section(2)
    for i, os_ in enumerate(oss, 1):
        emit((i,), os_.title, num)
        for j, oo in enumerate(os_.oos, 1):
            emit((i, j), oo.title, num)
            for k, act in enumerate(oo.actions, 1):
                emit((i, j, k), act.title, num)
    if in_chapter:
        doc.heading(1, "Suivi et évaluation")
        doc.para(EVAL_TEXT[0], align="both")
    doc.save(path)
    return gold_items(plan, label=lambda volet, path_, item: printed[path_])


# ------------------------------------------------------------------ family 3: iA.PST exports


def _iapst_refs(plan: Plan) -> dict[tuple[int, ...], str]:
    """(OS.n) / (OO.n) / (A.n): one counter per level across the whole plan, as iA.PST numbers them."""
    refs, counters = {}, {"OS": 0, "OO": 0, "A": 0}
    for part, path_, _ in plan.walk():
        key = ("OS", "OO", "A")[len(path_) - 1]
        counters[key] += 1
        refs[(part.volet, *path_)] = f"{key}.{counters[key]}"
    return refs


def build_iapst_suffix(plan: Plan, path: Path, rng: random.Random, *, cpas_in_body: bool = True,
                       narrow: bool = False) -> list[dict]:
    """Family 3, suffix style: "Titre (OS.1)" where the suffix sometimes sits alone on the next line.

    Items come sometimes as headings (Titre1-3), sometimes as bold/plain paragraphs; each item is
    followed by field lines ("Responsable mandataire : …", "Responsable administratif : …",
    "État : …"), never titles.
    """
    words = status_words(rng)
    head = [f"CPAS de {plan.commune} – Programme stratégique transversal"] if not cpas_in_body else None
    doc = WordDoc(font="Arial", size=10, header=head, footer=["Export iA.PST\t\t{PAGE}"],
                  margins=(1134, 2268 if narrow else 1134, 1134, 2268 if narrow else 1134),
                  heading_sizes=(14, 12, 11, 10), autocorrect=False, word_noise=False, hyphenate=narrow)
    doc.para("Programme stratégique transversal", style="Titre")
    if cpas_in_body:
        doc.para(f"CPAS de {plan.commune}", style="Sous-titre")
    doc.para(f"Export du 12/03/{int(plan.legislature[:4]) + 2} – plan {plan.legislature}", align="center")
    refs = _iapst_refs(plan)
    as_heading = rng.random() < 0.5  # the whole export picks one way for the OS, items below vary

    def item(level: int, title: str, ref: str) -> None:
        wrap = rng.random() < 0.35
        text = f"{title}\n({ref})" if wrap else f"{title} ({ref})"
        if level == 0 and as_heading or level > 0 and rng.random() < 0.4:
            doc.heading(level + 1, text)
        else:
            doc.para(text, bold=level < 2, size=(12, 11, 10)[level], keep_next=True, before=160)

    for part in plan.parts:
        if part.volet:
            doc.para(_volet_title(part.volet).upper(), bold=True, size=13, align="center", before=240)
        current_axe = None
        for i, os_ in enumerate(part.oss, 1):
            if os_.axe and os_.axe != current_axe:
                current_axe = os_.axe
                doc.para(f"Axe : {current_axe}", italic=True, size=12)
            item(0, os_.title, refs[(part.volet, i)])
            doc.para(f"Responsable mandataire : {os_.mandataire}")
            doc.para("Responsable administratif : Direction générale")
            for j, oo in enumerate(os_.oos, 1):
                item(1, oo.title, refs[(part.volet, i, j)])
                doc.para(f"Responsable mandataire : {os_.mandataire}")
                doc.para(f"Responsable administratif : {rng.choice(('Directrice générale', 'Directeur financier'))}")
                for k, act in enumerate(oo.actions, 1):
                    item(2, act.title, refs[(part.volet, i, j, k)])
                    doc.para(f"Responsable administratif : {act.pilote}")
                    doc.para(f"{rng.choice(('État', 'Etat'))} : {words[act.status]}")
    doc.save(path)
    return gold_items(plan, label=lambda volet, path_, item: refs[(volet, *path_)], status=True)


def iapst_running_refs(plan: Plan, rng: random.Random) -> dict[tuple, str]:
    """One running reference across levels (OS.1, OO.2, A.3…), with holes and late additions."""
    refs, n = {}, 0
    late = []
    for part, path_, _ in plan.walk():
        key = (part.volet, *path_)
        if len(path_) == 3 and rng.random() < 0.12:
            late.append(key)
            continue
        n += 1 + (rng.random() < 0.15) * rng.randint(1, 3)  # deleted items leave holes
        refs[key] = f"{('OS', 'OO', 'A')[len(path_) - 1]}.{n}"
    for key in late:  # added after the plan was first encoded: highest references, printed in place
        n += 1 + rng.randint(0, 2)
        refs[key] = f"A.{n}"
    return refs


def build_iapst_running(plan: Plan, path: Path, rng: random.Random, *, cpas_in_body: bool = True,
                        long_titles: bool = False) -> list[dict]:
    """Family 3, prefix style: "OS.1 - titre" / "OO.2 - titre" / "A.3 - titre", one running reference.

    "État : En cours" / "Etat : Terminé" lines carry the status; OS and OO also print their own state.
    """
    words = status_words(rng)
    refs = iapst_running_refs(plan, rng)
    head = None if cpas_in_body else [f"CPAS de {plan.commune}\tiA.PST"]
    doc = WordDoc(font="Arial", size=10, header=head, footer=["\t{PAGE}"], heading_sizes=(13, 11.5, 10.5),
                  margins=(1134, 1701 if long_titles else 1134, 1134, 1701 if long_titles else 1134),
                  autocorrect=False, word_noise=False)
    doc.para("Programme Stratégique Transversal", style="Titre")
    if cpas_in_body:
        doc.para(f"CPAS de {plan.commune}", style="Sous-titre")
    for part in plan.parts:
        if part.volet:
            doc.heading(1, f"Volet {part.volet}")
        for i, os_ in enumerate(part.oss, 1):
            doc.heading(1 + bool(part.volet), f"{refs[(part.volet, i)]} - {os_.title}")
            doc.para(f"{rng.choice(('État', 'Etat'))} : {words['en_cours']}")
            doc.para(f"Responsable mandataire : {os_.mandataire}")
            for j, oo in enumerate(os_.oos, 1):
                doc.heading(2 + bool(part.volet), f"{refs[(part.volet, i, j)]} - {oo.title}")
                doc.para(f"{rng.choice(('État', 'Etat'))} : {words['en_cours']}")
                for k, act in enumerate(oo.actions, 1):
                    doc.para(f"{refs[(part.volet, i, j, k)]} - {act.title}", bold=True, keep_next=True, before=120,
                             ind=(284, 0))
                    doc.para(f"{rng.choice(('État', 'Etat'))} : {words[act.status]}", ind=(284, 0), after=0)
                    doc.para(f"Responsable administratif : {act.pilote}", ind=(284, 0), after=0)
                    doc.para(f"Échéance : 31/12/{act.due}", ind=(284, 0))
    doc.save(path)
    return gold_items(plan, label=lambda volet, path_, item: refs[(volet, *path_)], status=True)


# ------------------------------------------------------------------ family 4: summary list + dashboard


def build_summary_dashboard(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """Family 4: a numbered summary of OS and OO, then per OS "1er OBJECTIF STRATEGIQUE :" with its
    (longer) title over two paragraphs and a dashboard table that rewords the OO and lists the actions."""
    words = status_words(rng)
    doc = WordDoc(font="Arial", size=10, footer=[f"PST {plan.legislature} – CPAS de {plan.commune}\t\t{{PAGE}}"])
    summary_abs = doc.abstract(outline_levels(2, bold=(True, False)))
    summary = doc.num(summary_abs)
    _title_page(doc, plan)
    doc.heading(1, "1. Synthèse du programme")
    doc.para("Le tableau ci-après reprend les objectifs retenus par le Conseil.", italic=True)
    n = 0
    for part in plan.parts:
        if part.volet:
            doc.add(p(runs=r(_volet_title(part.volet), bold=True, underline=True)))
            summary = doc.num(summary_abs, restart={0: 1})
        for os_ in part.oss:
            doc.para(os_.title, style="Paragraphedeliste", num=(summary, 0), bold=True)
            for oo in os_.oos:
                doc.para(oo.title, style="Paragraphedeliste", num=(summary, 1))
    doc.page_break()
    doc.heading(1, "2. Tableau de bord")
    widths = [2600, 3300, 1500, 900, 1200]
    for part in plan.parts:
        if part.volet:
            doc.heading(2, _volet_title(part.volet))
        for i, os_ in enumerate(part.oss, 1):
            n += 1
            doc.para(f"{ordinal_os(i)} OBJECTIF STRATEGIQUE :", bold=True, keep_next=True, before=240, after=0)
            for piece in split_words(os_.alt_title or os_.title, 2):
                doc.para(piece, bold=True, keep_next=True, after=0, size=11)
            rows = [[Cell("Objectif opérationnel", bold=True, shade="D9E2F3"), Cell("Actions", bold=True,
                                                                                    shade="D9E2F3"),
                     Cell("Pilote", bold=True, shade="D9E2F3"), Cell("Échéance", bold=True, shade="D9E2F3"),
                     Cell("Statut", bold=True, shade="D9E2F3")]]
            for oo in os_.oos:
                acts = oo.actions or [None]
                for k, act in enumerate(acts):
                    rows.append([
                        Cell(oo.alt_title or oo.title, vmerge=("restart" if k == 0 else "continue")
                             if len(acts) > 1 else None),
                        Cell(act.title if act else ""), Cell(act.service if act else ""),
                        Cell(act.due if act else ""), Cell(words[act.status] if act else ""),
                    ])
            doc.table(rows, widths, header_rows=1)
    doc.save(path)
    return gold_items(plan, label=dotted, status=True, alt=True)


# ------------------------------------------------------------------ family 5: dashboards


def build_dashboard_merged(plan: Plan, path: Path, rng: random.Random, *, repeat_header: bool = False,
                           cpas_in_body: bool = True) -> list[dict]:
    """Family 5: one landscape table; a two-row header ("Statut" over four narrow columns whose labels
    wrap mid-word), OS and OO cells merged vertically, X marks; no repeated header: the fragments on
    the next pages start with data rows."""
    doc = WordDoc(font="Arial", size=9, landscape=True, margins=(1134, 1134, 1134, 1134),
                  header=None if cpas_in_body else [f"CPAS de {plan.commune}"],
                  footer=["Tableau de bord du PST\t\t{PAGE}"])
    if cpas_in_body:
        doc.para(f"CPAS de {plan.commune}", bold=True, size=12)
    doc.para(f"Programme stratégique transversal {plan.legislature} – tableau de bord", bold=True, size=14)
    doc.para("Situation au 31 décembre. Une croix indique l'état d'avancement de chaque action.", italic=True)
    column_labels = {"a_programmer": "A programmer", "en_cours": "En cours", "finalise": "Finalisé",
                     "abandonne": "Abandonné"}
    widths = [2700, 3000, 4300, 1500, 900, 620, 620, 620, 620]
    hdr = "C6D9F1"
    header = [
        [Cell("Objectif stratégique", bold=True, shade=hdr, vmerge="restart"),
         Cell("Objectif opérationnel", bold=True, shade=hdr, vmerge="restart"),
         Cell("Action", bold=True, shade=hdr, vmerge="restart"), Cell("Pilote", bold=True, shade=hdr, vmerge="restart"),
         Cell("Échéance", bold=True, shade=hdr, vmerge="restart"),
         Cell("Statut", bold=True, shade=hdr, span=4, align="center")],
        [Cell(vmerge="continue", shade=hdr), Cell(vmerge="continue", shade=hdr), Cell(vmerge="continue", shade=hdr),
         Cell(vmerge="continue", shade=hdr), Cell(vmerge="continue", shade=hdr)]
        + [Cell(column_labels[s], bold=True, shade=hdr, size=8) for s in STATUS_COLUMNS],
    ]
    for part in plan.parts:
        rows = list(header) if part is plan.parts[0] or repeat_header else []
        if part.volet:
            rows.append([Cell(_volet_title(part.volet).upper(), bold=True, span=9, shade="F2F2F2")])
        for i, os_ in enumerate(part.oss, 1):
            os_rows = sum(max(1, len(oo.actions)) for oo in os_.oos)
            first_os = True
            for j, oo in enumerate(os_.oos, 1):
                acts = oo.actions or [None]
                for k, act in enumerate(acts):
                    row = [
                        Cell(f"OS {i} : {os_.title}" if first_os else "", bold=True,
                             vmerge=("restart" if first_os else "continue") if os_rows > 1 else None),
                        Cell(f"OO {i}.{j} : {oo.title}" if k == 0 else "",
                             vmerge=("restart" if k == 0 else "continue") if len(acts) > 1 else None),
                        Cell(act.title if act else ""), Cell(act.pilote if act else ""),
                        Cell(act.due if act else ""),
                    ] + [Cell("X" if act and act.status == s else "", align="center", bold=True)
                         for s in STATUS_COLUMNS]
                    rows.append(row)
                    first_os = False
        doc.table(rows, widths, header_rows=2 if repeat_header else 0)
    doc.save(path)
    return gold_items(plan, label=labels("OS {i}", "OO {i}.{j}"),
                      status=True)


def build_dashboard_numbered(plan: Plan, path: Path, rng: random.Random, *, cpas_in_body: bool = True) -> list[dict]:
    """Family 5: a header over three rows repeated on every page (``w:tblHeader``), OS and OO as
    full-width rows, one row per action with its number "1.1.1", X marks under "État d'avancement"."""
    words = status_words(rng)
    doc = WordDoc(font="Arial", size=9, landscape=True, margins=(1134, 1134, 1134, 1134), french_names=True,
                  header=[f"CPAS de {plan.commune}"] if not cpas_in_body else None, footer=["\t\t{PAGE}"])
    doc.heading(1, f"Programme stratégique transversal {plan.legislature}")
    if cpas_in_body:
        doc.para(f"Centre public d'action sociale de {plan.commune}")
    widths = [900, 5400, 2100, 2300, 750, 750, 750, 750, 800]
    hdr = "FBE4D5"
    for part in plan.parts:
        if part.volet:
            doc.heading(2, _volet_title(part.volet))
        rows = [
            [Cell("TABLEAU DE BORD – SUIVI DES ACTIONS", bold=True, span=9, shade=hdr, align="center")],
            [Cell("N°", bold=True, shade=hdr, vmerge="restart"),
             Cell("Intitulé", bold=True, shade=hdr, vmerge="restart"),
             Cell("Service pilote", bold=True, shade=hdr, vmerge="restart"),
             Cell("Partenaires", bold=True, shade=hdr, vmerge="restart"),
             Cell("État d'avancement", bold=True, shade=hdr, span=4, align="center"),
             Cell("Fin", bold=True, shade=hdr, vmerge="restart")],
            [Cell(vmerge="continue", shade=hdr)] * 4
            + [Cell(words[s], bold=True, shade=hdr, size=7.5) for s in STATUS_COLUMNS]
            + [Cell(vmerge="continue", shade=hdr)],
        ]
        for i, os_ in enumerate(part.oss, 1):
            rows.append([Cell(f"{i}", bold=True, shade="DEEAF6"),
                         Cell(f"Objectif stratégique {i} : {os_.title}", bold=True, span=8, shade="DEEAF6")])
            for j, oo in enumerate(os_.oos, 1):
                rows.append([Cell(f"{i}.{j}", bold=True), Cell(f"Objectif opérationnel {i}.{j} : {oo.title}",
                                                                bold=True, span=8)])
                for k, act in enumerate(oo.actions, 1):
                    rows.append([Cell(f"{i}.{j}.{k}"), Cell(act.title), Cell(act.service), Cell(act.partner)]
                                + [Cell("X" if act.status == s else "", align="center") for s in STATUS_COLUMNS]
                                + [Cell(act.due)])
        doc.table(rows, widths, header_rows=3)
    doc.save(path)
    return gold_items(plan, label=dotted, status=True)


def build_dashboard_flat(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """Family 5: a flat table exported from a spreadsheet: the OS and OO repeated on every row,
    a text status column and a progress column; no merged cells, header row repeated."""
    words = status_words(rng)
    doc = WordDoc(font="Arial", size=8.5, landscape=True, margins=(851, 851, 851, 851),
                  footer=[f"CPAS de {plan.commune} – PST {plan.legislature}\t\t{{PAGE}}"], autocorrect=False,
                  word_noise=False)
    doc.para("Suivi du Programme stratégique transversal", bold=True, size=14)
    pct = {"a_programmer": "0 %", "en_cours": "50 %", "finalise": "100 %", "abandonne": "0 %"}
    volet = plan.has_volets
    widths = ([1100] if volet else []) + [3300, 3600, 4600, 1300, 900]
    rows = [[Cell(h, bold=True, shade="E2EFD9") for h in
             (["Volet"] if volet else []) + ["Objectif stratégique", "Objectif opérationnel", "Action", "Statut",
                                             "Avancement"]]]
    for part, path_, item in plan.walk():
        if len(path_) != 3:
            continue
        os_ = part.oss[path_[0] - 1]
        oo = os_.oos[path_[1] - 1]
        rows.append(([Cell(part.volet.capitalize())] if volet else [])
                    + [Cell(f"{path_[0]}. {os_.title}"), Cell(f"{path_[0]}.{path_[1]}. {oo.title}"), Cell(item.title),
                       Cell(words[item.status]), Cell(pct[item.status], align="right")])
    doc.table(rows, widths, header_rows=1)
    doc.save(path)
    # an OO without action has no row: it is not printed
    return gold_items(plan, label=labels("{path}", "{path}"), status=True,
                      keep=_printed_with_actions(plan))


def _printed_with_actions(plan: Plan):
    def keep(path_, item) -> bool:
        if len(path_) == 3:
            return True
        if len(path_) == 2:
            return bool(item.actions)
        return any(oo.actions for oo in item.oos)
    return keep


# ------------------------------------------------------------------ family 6: fiches actions


def build_fiches(plan: Plan, path: Path, rng: random.Random, *, variant: str = "a") -> list[dict]:
    """Family 6: one small table per action and no other listing of the plan.

    Variant ``a``: two columns, OS / OO printed with their numbers, "Statut" in words.
    Variant ``b``: four columns with spans, OS / OO without numbers, the status as ticked boxes,
    a "Référence" row.
    """
    words = status_words(rng)
    doc = WordDoc(font="Arial", size=10, header=[f"CPAS de {plan.commune} – Programme stratégique transversal"],
                  footer=["\tFiches actions – page {PAGE}"])
    doc.para("Programme stratégique transversal", style="Titre")
    doc.para(f"Fiches actions – législature {plan.legislature}", style="Sous-titre")
    doc.para("Chaque fiche décrit un projet retenu par le Conseil de l'action sociale.", italic=True)
    n = 0
    shade = "F2F2F2"
    for part in plan.parts:
        for i, os_ in enumerate(part.oss, 1):
            for j, oo in enumerate(os_.oos, 1):
                for k, act in enumerate(oo.actions, 1):
                    n += 1
                    if variant == "a":
                        doc.para(f"Fiche action n° {n}", bold=True, size=12, keep_next=True, before=240)
                        rows = []
                        if part.volet:
                            rows.append([Cell("Volet", bold=True, shade=shade), Cell(part.volet.capitalize())])
                        rows += [
                            [Cell("Objectif stratégique", bold=True, shade=shade), Cell(f"OS {i} – {os_.title}")],
                            [Cell("Objectif opérationnel", bold=True, shade=shade), Cell(f"OO {i}.{j} – {oo.title}")],
                            [Cell("Intitulé de l'action", bold=True, shade=shade), Cell(act.title, bold=True)],
                            [Cell("Pilote", bold=True, shade=shade), Cell(f"{act.pilote} ({act.service})")],
                            [Cell("Partenaires", bold=True, shade=shade), Cell(act.partner.capitalize())],
                            [Cell("Statut", bold=True, shade=shade), Cell(words[act.status])],
                            [Cell("Échéance", bold=True, shade=shade), Cell(f"Décembre {act.due}")],
                        ]
                        doc.table(rows, [2600, 6400], cant_split=True)
                    else:
                        boxes = "   ".join(("☒ " if act.status == s else "☐ ") + words[s] for s in STATUS_COLUMNS)
                        rows = [[Cell("FICHE PROJET", bold=True, span=4, align="center", shade="DDDDDD")]]
                        if part.volet:
                            rows.append([Cell("Volet", bold=True, shade=shade), Cell(part.volet.capitalize(), span=3)])
                        rows += [
                            [Cell("Objectif stratégique", bold=True, shade=shade), Cell(os_.title, span=3)],
                            [Cell("Objectif opérationnel", bold=True, shade=shade), Cell(oo.title, span=3)],
                            [Cell("Action", bold=True, shade=shade), Cell(act.title, span=3, bold=True)],
                            [Cell("Référence", bold=True, shade=shade), Cell(f"A.{i}.{j}.{k}"),
                             Cell("Échéance", bold=True, shade=shade), Cell(act.due)],
                            [Cell("Chef de projet", bold=True, shade=shade), Cell(act.pilote),
                             Cell("Service", bold=True, shade=shade), Cell(act.service)],
                            [Cell("Statut", bold=True, shade=shade), Cell(boxes, span=3)],
                            [Cell("Indicateurs", bold=True, shade=shade), Cell("Nombre de bénéficiaires touchés ; "
                                                                                "taux de réalisation", span=3)],
                        ]
                        doc.table(rows, [2200, 2700, 1600, 2500], cant_split=True)
    doc.save(path)
    label = labels("OS {i}", "OO {i}.{j}") if variant == "a" else labels(action="A.{path}")
    return gold_items(plan, label=label, status=True, keep=_printed_with_actions(plan))


# ------------------------------------------------------------------ family 7: wrapped titles, hanging indents


# Typed label styles met in real plans: (OS, OO, action) formats; {j} is local to the OS.
LABEL_STYLES = (
    ("OS {i} :", "OO {i}.{j} :", "{i}.{j}.{k}"),
    ("O.S. {i} :", "O.O. {i}.{j}. :", "{i}.{j}.{k}."),
    ("OS{i} -", "OO/{j:02d}", "✓ {i}.{j}.{k}."),
    ("Objectif stratégique {i} :", "Objectif opérationnel {j} –", "Action {i}.{j}.{k} :"),
    ("OS.{i}", "OO {i}.{j}", "A.{i}.{j}.{k}"),
)


def printed_label(fmt: str, path_: tuple[int, ...]) -> str:
    """The label as a reader records it: the typed text without its trailing separator or bullet."""
    i, j, k = (*path_, 0, 0)[:3]
    return fmt.format(i=i, j=j, k=k).strip().rstrip(":-–.").strip().lstrip("✓ ")


def build_hanging(plan: Plan, path: Path, rng: random.Random, *, variant: str = "a",
                  cpas_in_body: bool = True, label_style: int = 0) -> list[dict]:
    """Family 7: long titles wrapping over two or three lines under a hanging indent.

    Variant ``a``: typed labels "OS 1 :" / "OO 1.1 :" / "1.1.1" followed by a tab, wide margins and
    a large font. Variant ``b``: a two-column section, automatic numbering whose levels carry the
    hanging indent.
    """
    named = [f"CPAS de {plan.commune}\tPST {plan.legislature}"]
    fmt = LABEL_STYLES[label_style]
    long_labels = len(fmt[0]) > 12
    if variant == "a":
        side = 1418 if long_labels else 2835
        doc = WordDoc(font="Times New Roman", size=12, margins=(1418, side, 1418, side),
                      header=None if cpas_in_body else named, footer=["\t{PAGE}"], hyphenate=True)
    else:
        doc = WordDoc(font="Arial", size=10, columns=2, margins=(1134, 1134, 1134, 1134),
                      header=None if cpas_in_body else named, footer=["\t{PAGE}"], hyphenate=True)
    doc.para("Programme stratégique transversal", style="Titre")
    if cpas_in_body:
        doc.para(f"CPAS de {plan.commune} – {plan.legislature}", style="Sous-titre")
    doc.para(INTRO[0], align="both")
    if variant == "a":
        for part in plan.parts:
            if part.volet:
                doc.heading(1, _volet_title(part.volet))
            # each level: its label in a hanging column as wide as the label needs
            hang = (2835, 2977, 1985) if long_labels else (1134, 1134, 1134)
            for i, os_ in enumerate(part.oss, 1):
                doc.para(f"{fmt[0].format(i=i)}\t{os_.title}", bold=True, ind=(hang[0], hang[0]), keep_next=True,
                         before=240)
                for j, oo in enumerate(os_.oos, 1):
                    doc.para(f"{fmt[1].format(i=i, j=j)}\t{oo.title}", ind=(567 + hang[1], hang[1]),
                             keep_next=bool(oo.actions), italic=True)
                    for k, act in enumerate(oo.actions, 1):
                        doc.para(f"{fmt[2].format(i=i, j=j, k=k)}\t{act.title}", ind=(1134 + hang[2], hang[2]),
                                 after=60)
        doc.save(path)
        return gold_items(plan, label=lambda v, p_, it: printed_label(fmt[len(p_) - 1], p_))
    levels = [Lvl("%1.", left=567, hanging=567, bold=True), Lvl("%1.%2.", left=1134, hanging=567),
              Lvl("%1.%2.%3.", left=1871, hanging=737)]
    abs_id = doc.abstract(levels)
    for part in plan.parts:
        num = doc.num(abs_id, restart={0: 1})
        if part.volet:
            doc.heading(2, _volet_title(part.volet))
        for os_ in part.oss:
            doc.para(os_.title, num=(num, 0), bold=True, keep_next=True, before=200)
            for oo in os_.oos:
                doc.para(oo.title, num=(num, 1), bold=True)
                for act in oo.actions:
                    doc.para(act.title, num=(num, 2), after=60)
    doc.save(path)
    return gold_items(plan, label=dotted)


# ------------------------------------------------------------------ family 8: the CPAS only in the running header


def build_header_only(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """Family 8: the CPAS is named only in the Word header part; "Objectif stratégique 1 :" headings,
    "Objectif opérationnel 1.1 :" sub-headings, actions as bullets (a bullet numbering definition)."""
    doc = WordDoc(font="Arial", size=11, french_names=True,
                  header=[f"CPAS de {plan.commune}\t\tProgramme stratégique transversal"],
                  footer=["\tPage {PAGE}"])
    bullets = doc.num(doc.abstract(bullet_levels(2), multilevel=False))
    doc.para(f"Programme stratégique transversal {plan.legislature}", style="Titre")
    doc.para(adoption_line(plan), align="center", italic=True)
    for text in INTRO[:2]:
        doc.para(text, align="both")
    for part in plan.parts:
        if part.volet:
            doc.heading(1, _volet_title(part.volet))
        for i, os_ in enumerate(part.oss, 1):
            doc.heading(2, f"Objectif stratégique {i} : {os_.title}")
            for j, oo in enumerate(os_.oos, 1):
                doc.heading(3, f"Objectif opérationnel {i}.{j} : {oo.title}")
                for act in oo.actions:
                    doc.para(act.title, style="Paragraphedeliste", num=(bullets, 0))
    doc.save(path)
    return gold_items(plan, label=labels("Objectif stratégique {i}", "Objectif opérationnel {i}.{j}"))


# ------------------------------------------------------------------ beyond the families: numbering and wrappers


def build_word_labels(plan: Plan, path: Path, rng: random.Random, *, style: str = "words") -> list[dict]:
    """Word multilevel lists whose level texts carry the labels.

    ``words``: "Objectif stratégique %1 :" / "OO/%2" in ``decimalZero`` ("OO/01") / "Action %1.%2.%3" with
    ``w:isLgl``, the OS and OO levels carried by the heading styles (numbering via the style).
    ``roman``: "I." (``upperRoman``) then "%1.%2." and "%1.%2.%3." with ``w:isLgl`` ("1.1.", not "I.1."),
    restarting in each volet through direct ``w:numPr``.
    """
    doc = WordDoc(font="Arial", size=10.5, french_names=style == "roman",
                  footer=[f"CPAS de {plan.commune}\t\t{{PAGE}}"])
    _title_page(doc, plan, page_break=False)
    if style == "words":
        levels = [Lvl("Objectif stratégique %1 :", left=0, hanging=0, suff="space", pstyle="Titre2"),
                  Lvl("OO/%2", fmt="decimalZero", left=1134, hanging=1134, pstyle="Titre3"),
                  Lvl("Action %1.%2.%3", left=2552, hanging=1418, is_lgl=True)]
        num = doc.num(doc.abstract(levels))
        doc.heading_num = {2: (num, 0), 3: (num, 1)}
        for part in plan.parts:
            if part.volet:
                doc.heading(1, _volet_title(part.volet))
                num = doc.num(0, restart={0: 1}) if part is not plan.parts[0] else num
            for os_ in part.oss:
                doc.heading(2, os_.title, num=(num, 0) if part is not plan.parts[0] else None)
                for oo in os_.oos:
                    doc.heading(3, oo.title, num=(num, 1) if part is not plan.parts[0] else None)
                    for act in oo.actions:
                        doc.para(act.title, style="Paragraphedeliste", num=(num, 2))
        doc.save(path)
        return gold_items(plan, label=labels("Objectif stratégique {i}", "OO/{j:02d}", "Action {path}"))
    levels = [Lvl("%1.", fmt="upperRoman", left=567, hanging=567, bold=True),
              Lvl("%1.%2.", left=1134, hanging=567, is_lgl=True),
              Lvl("%1.%2.%3.", left=1985, hanging=851, is_lgl=True)]
    abs_id = doc.abstract(levels)
    for part in plan.parts:
        num = doc.num(abs_id, restart={0: 1})
        if part.volet:
            doc.heading(1, _volet_title(part.volet))
        for os_ in part.oss:
            doc.para(os_.title, style="Paragraphedeliste", num=(num, 0), bold=True, before=200, keep_next=True)
            for oo in os_.oos:
                doc.para(oo.title, style="Paragraphedeliste", num=(num, 1), bold=True)
                for act in oo.actions:
                    doc.para(act.title, style="Paragraphedeliste", num=(num, 2))
    doc.save(path)
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
    return gold_items(plan, label=lambda v, p_, it: roman[p_[0] - 1] if len(p_) == 1 else ".".join(map(str, p_)))


def lo_label(style: str, number: str) -> str:
    """The label LibreOffice prints for ``build_word_labels`` (it does not honour ``w:isLgl``)."""
    path_ = tuple(int(x) for x in number.split("."))
    roman = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
    if style == "words":
        i, j, k = (*path_, 0, 0)[:3]
        fmt = ("Objectif stratégique {i}", "OO/{j:02d}", "Action {i}.{j:02d}.{k}")[len(path_) - 1]
        return fmt.format(i=i, j=j, k=k)
    return ".".join([roman[path_[0] - 1], *map(str, path_[1:])])


def build_deliberation(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """A council deliberation adopting the PST, the plan in annex: "Vu…", "Considérant…", "Article 1er :",
    "1°/2°" decisions (numbered, not the plan), then "OS 1 -" / "OO 1.1 -" / "Action 1.1.1 :" lines, then an
    empty "fiche projet" template (no item)."""
    doc = WordDoc(font="Times New Roman", size=11, footer=["\t{PAGE}"])
    bullets = doc.num(doc.abstract(bullet_levels(1), multilevel=False))
    year = int(plan.legislature[:4])
    doc.para(f"CENTRE PUBLIC D'ACTION SOCIALE DE {plan.commune.upper()}", bold=True, align="center")
    doc.para("Extrait du registre aux délibérations du Conseil de l'action sociale", italic=True, align="center")
    doc.para(f"Séance du 24 septembre {year}", align="center")
    doc.para("Présents : Mme Dubois, Présidente ; MM. et Mmes Lambert, Martin, Renard, Collard, Lejeune, Thiry, "
             "Conseillers ; Mme Hubert, Directrice générale.", size=10)
    doc.para(f"Objet : Programme stratégique transversal {plan.legislature} – Adoption", bold=True, before=240)
    doc.para("LE CONSEIL DE L'ACTION SOCIALE,", bold=True)
    for text in ("Vu la loi organique des centres publics d'action sociale du 8 juillet 1976, notamment son "
                 "article 27ter ;",
                 "Vu le décret du 19 juillet 2018 intégrant le programme stratégique transversal dans la loi "
                 "organique des CPAS ;",
                 f"Vu la déclaration de politique sociale adoptée en séance du 3 mars {year} ;",
                 "Considérant que le programme a été soumis au Comité de concertation Commune-CPAS ;",
                 "Considérant que le programme comporte un volet interne et un volet externe ;"):
        doc.para(text, align="both", after=60)
    doc.para("Après en avoir délibéré ;", before=120)
    doc.para("DÉCIDE, à l'unanimité :", bold=True)
    doc.para("Article 1er : D'adopter le programme stratégique transversal annexé à la présente délibération.",
             align="both")
    doc.para("Article 2 : De charger la Directrice générale :", align="both", after=0)
    doc.para("1° de transmettre la présente délibération au Collège communal ;", ind=(567, 0), after=0)
    doc.para("2° de publier le programme sur le site internet du CPAS ;", ind=(567, 0), after=0)
    doc.para("3° de présenter un rapport d'évaluation à mi-législature.", ind=(567, 0))
    doc.para("Article 3 : La présente délibération sera transmise à l'autorité de tutelle.", align="both")
    doc.para("Par le Conseil,", before=240)
    doc.para("La Directrice générale,\t\tLa Présidente,", tabs=(("left", 5670, None),))
    doc.page_break()
    doc.para("Annexe 1 : Programme stratégique transversal", style="Titre", size=16)
    for part in plan.parts:
        if part.volet:
            doc.add(p(runs=r(_volet_title(part.volet).upper(), bold=True, size=13, underline=True), before=240))
        for i, os_ in enumerate(part.oss, 1):
            doc.para(f"OS {i} - {os_.title}", bold=True, before=200, keep_next=True)
            for j, oo in enumerate(os_.oos, 1):
                doc.para(f"OO {i}.{j} - {oo.title}", bold=True, italic=True, ind=(567, 0), keep_next=True)
                for k, act in enumerate(oo.actions, 1):
                    doc.para(f"Action {i}.{j}.{k} : {act.title}", ind=(1134, 0), after=40)
    doc.page_break()
    doc.para("Annexe 2 : Fiche projet (modèle)", style="Titre", size=16)
    doc.para("Chaque pilote complète une fiche par projet lors de la mise en œuvre.", italic=True)
    rows = [[Cell(label, bold=True, shade="EEEEEE"), Cell(value)] for label, value in (
        ("Intitulé du projet", ""), ("Objectif stratégique", ""), ("Objectif opérationnel", ""),
        ("Pilote", ""), ("Partenaires", ""), ("Budget", "… €"),
        ("Statut", "☐ À programmer   ☐ En cours   ☐ Finalisé   ☐ Abandonné"), ("Échéance", "…/…/……"))]
    doc.table(rows, [2800, 6200])
    doc.para("Indicateurs de suivi :", bold=True)
    for _ in range(2):
        doc.para("……………………………………………", style="Paragraphedeliste", num=(bullets, 0))
    doc.save(path)
    return gold_items(plan, label=labels("OS {i}", "OO {i}.{j}", "Action {path}"))


# ------------------------------------------------------------------ mixes


def build_axes_tables(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """Mix of 5 and 7: volets and axes as headings, "OS 1 - titre" headings, one table of actions
    per OO (a status column in words, long titles wrapping in a narrow column)."""
    words = status_words(rng)
    doc = WordDoc(font="Arial", size=10, french_names=False, margins=(1418, 1985, 1418, 1985),
                  footer=[f"CPAS de {plan.commune}\t\t{{PAGE}}"], hyphenate=True)
    doc.para("Programme stratégique transversal", style="Titre")
    doc.para(f"Législature {plan.legislature}", style="Sous-titre")
    for part in plan.parts:
        if part.volet:
            doc.heading(1, _volet_title(part.volet).upper())
        current_axe = None
        axes = list(dict.fromkeys(o.axe for o in part.oss))
        for i, os_ in enumerate(part.oss, 1):
            if os_.axe and os_.axe != current_axe:
                current_axe = os_.axe
                doc.para(f"AXE {axes.index(current_axe) + 1} : {current_axe.upper()}", bold=True, size=12,
                         shade="DDEBF7", before=240)
            doc.heading(2, f"OS {i} - {os_.title}")
            for j, oo in enumerate(os_.oos, 1):
                doc.para(f"OO {i}.{j} - {oo.title}", bold=True, italic=True, keep_next=True, ind=(851, 851))
                if not oo.actions:
                    continue
                rows = [[Cell("N°", bold=True), Cell("Action", bold=True), Cell("Pilote", bold=True),
                         Cell("Statut", bold=True)]]
                for k, act in enumerate(oo.actions, 1):
                    rows.append([Cell(f"{i}.{j}.{k}"), Cell(act.title), Cell(act.service), Cell(words[act.status])])
                doc.table(rows, [800, 4200, 1900, 1100], header_rows=1)
    doc.save(path)
    return gold_items(plan, label=labels("OS {i}", "OO {i}.{j}", "{path}"), status=True)


def build_chapter_three_lists(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """Mix of 1, 2 and 8: the three lists as sections 3.1-3.3 of "3. Programme stratégique", one
    shared numbering; the CPAS named only in the footer part."""
    return build_three_lists(plan, path, rng, shared_numbering=True, cpas_in_body=False, in_chapter=True)


BUILDERS = {
    "chapter": build_chapter,
    "three_lists": build_three_lists,
    "iapst_suffix": build_iapst_suffix,
    "iapst_running": build_iapst_running,
    "summary_dashboard": build_summary_dashboard,
    "dashboard_merged": build_dashboard_merged,
    "dashboard_numbered": build_dashboard_numbered,
    "dashboard_flat": build_dashboard_flat,
    "fiches": build_fiches,
    "hanging": build_hanging,
    "header_only": build_header_only,
    "axes_tables": build_axes_tables,
    "chapter_three_lists": build_chapter_three_lists,
    "word_labels": build_word_labels,
    "deliberation": build_deliberation,
}

__all__ = ["BUILDERS", "no_label"]
