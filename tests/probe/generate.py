"""Build the probe: ``python -m tests.probe.generate [--only NAME] [--no-office]``.

Writes ``tests/probe/documents/`` (the .docx / .html our builders write, the PDF / .odt LibreOffice
renders from them, one conversion at a time) and ``tests/probe/gold/<file>.json`` (the gallery's gold
format), plus ``tests/probe/manifest.json`` (spec, layout and format of each file).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.gallery.generate import MEDIUM, SMALL
from tests.gallery.gold import gold_document
from tests.gallery.plans import make_plan
from tests.probe import build_docx, build_html

HERE = Path(__file__).resolve().parent
DOCUMENTS = HERE / "documents"
GOLD = HERE / "gold"
MANIFEST = HERE / "manifest.json"


@dataclass(frozen=True)
class Spec:
    name: str
    builder: str
    seed: int
    layout: str
    plan: dict = field(default_factory=dict)
    renditions: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        return f"{self.name}.{'html' if self.builder.startswith('html_') else 'docx'}"


SPECS: tuple[Spec, ...] = (
    Spec("p01_titres_sans_numero", "headings_bold_bullets", 2001,
         "OS = unnumbered Word 'Titre 1' headings, OO = bold Normal paragraphs, actions = plain bullets",
         MEDIUM, ("pdf",)),
    Spec("p02_tableau_par_os", "table_per_os", 2002,
         "per OS a heading + table 'Objectif opérationnel | Actions | Service | Échéance', actions '- x' "
         "joined by line breaks in one cell", MEDIUM, ("pdf",)),
    Spec("p03_os_vertical", "vertical_os", 2003,
         "landscape dashboard, OS text vertical (btLr) in a merged first column, OO merged, coloured status words",
         dict(MEDIUM, volets=True), ("pdf",)),
    Spec("p04_os_pointes", "os_dotted", 2004, "'OS 1 :' / 'OS 1.1 :' (OO) / 'OS 1.1.1 :' (actions)",
         MEDIUM, ("pdf",)),
    Spec("p05_numero_projet", "numero_projet", 2005,
         "'Objectif stratégique n°1 :' / 'Objectif opérationnel n°1.1 :' / 'Projet 1.1.1 :' + 'Porteur' lines",
         dict(MEDIUM, volets=True), ("pdf", "odt")),
    Spec("p06_actions_lettres", "letter_actions", 2006, "'1.' OS in capitals / '1.1.' OO / actions '1.1.a', "
         "'1.1.b' before a tab", MEDIUM, ("pdf",)),
    Spec("p07_deux_colonnes", "two_columns", 2007, "one Word table 'N° | Intitulé' for all levels, rows shaded "
         "by level, volet rows spanning both columns", dict(n_os=(4, 6), n_oo=(2, 3), n_actions=(1, 4), volets=True),
         ("pdf",)),
    Spec("p08_diaporama", "slides", 2008, "slide deck layout: one OS per landscape page, kicker 'OBJECTIF "
         "STRATÉGIQUE 1', 28 pt title, OO '› titre' 18 pt, short bullets; agenda/contexte slides",
         SMALL, ("pdf",)),
    Spec("p09_entete_os", "running_os_header", 2009, "one section per OS whose running header repeats "
         "'OS n : titre'; 'OO n.m :' headings; 'Action n.m.k :' + description lines",
         dict(n_os=(3, 4), n_oo=(2, 3), n_actions=(2, 4)), ("pdf",)),
    Spec("p10_statuts_emoji", "emoji_status", 2010, "follow-up report: 'OS1 :' / 'OO1.1 :' / '1.1.1<tab>titre"
         "<tab>✅ Réalisé' with an emoji legend", MEDIUM, ("pdf",)),
    Spec("p11_commune_cpas", "joint_plan", 2011, "joint 'PST commun': 'Partie Commune' (4 OS) then 'Partie CPAS', "
         "same layout; gold = CPAS part only", SMALL, ("pdf",)),
    Spec("p12_deliberation_annexe", "deliberation_annex", 2012, "deliberation (Vu / Considérant with OS bullet "
         "list / Article 1er-3 with '1.' '2.' points) then ANNEXE '1.' / '1.1.' / '- action'",
         MEDIUM, ("pdf",)),
    Spec("p13_fiche_oo", "fiche_oo", 2013, "one 2-column fiche per OO (OS repeated, actions '• x' paragraphs, "
         "'À définir' when none)", dict(SMALL, volets=True), ("pdf",)),
    Spec("p14_romains_lettres", "roman_letters", 2014, "typed outline 'I.' OS / 'A.' OO / '1.' actions, "
         "letters and action numbers restarting", MEDIUM, ("pdf",)),
    Spec("p15_web_details", "html_details", 2015, "HTML <details>/<summary> accordions, OS numbered, OO unnumbered, "
         "<ul> actions", MEDIUM),
    Spec("p16_web_dl", "html_dl", 2016, "HTML nested <dl>: <dt>OS 1. …</dt><dd><dl><dt>1.1 …</dt><dd><ul>",
         dict(MEDIUM, volets=True)),
    Spec("p17_web_h3_tableaux", "html_h3_tables", 2017, "HTML unnumbered <h3> per OS + <table> OO(rowspan) | "
         "Action | Échéance | État (emoji badges)", MEDIUM),
    Spec("p18_web_br", "html_br_paragraphs", 2018, "HTML WYSIWYG: <p><strong>OS 1 :</strong></p>, one <p> per OO "
         "with '- action' lines joined by <br>", MEDIUM),
    Spec("p19_web_toggles", "html_toggles", 2019, "HTML Elementor toggles (divs, no headings): OS '1.' in a span, "
         "OO '<strong>Objectif opérationnel 1 :</strong>' local numbers, <ul> actions", MEDIUM),
    Spec("p20_web_aria_accordeon", "html_aria_accordion", 2020, "HTML WAI-ARIA accordion: <h3><button>OS 1 – …"
         "</button></h3> + <div role=region hidden> panels with <h4>OO 1.1</h4> and <ul> actions",
         dict(MEDIUM, volets=True)),
)

BUILDERS = {**build_docx.BUILDERS, **build_html.BUILDERS}


def generate(specs, *, office: bool = True, log=print) -> dict:
    from tests.gallery import render_office

    DOCUMENTS.mkdir(exist_ok=True)
    GOLD.mkdir(exist_ok=True)
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {"files": {}}
    for spec in specs:
        plan = make_plan(spec.seed, **spec.plan)
        source = DOCUMENTS / spec.source
        items = BUILDERS[spec.builder](plan, source, random.Random(spec.seed * 7 + 1))
        files = [(source.name, source.suffix[1:])]
        for fmt in spec.renditions if office else ():
            out = render_office.convert(source, fmt, DOCUMENTS)  # one at a time: LibreOffice is heavy
            files.append((out.name, fmt))
        if not office:
            files += [(f, m["format"]) for f, m in manifest["files"].items()
                      if m["spec"] == spec.name and f != source.name]
        for name, fmt in files:
            gold = gold_document(plan, items, files=[name], family="probe", tags=[spec.name.split("_")[0]],
                                 notes=spec.layout)
            (GOLD / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")
            manifest["files"][name] = {"spec": spec.name, "format": fmt, "layout": spec.layout}
        log(f"{spec.name}: {len(files)} files, {len(items)} gold items")
    manifest["files"] = dict(sorted(manifest["files"].items()))
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-office", action="store_true")
    ap.add_argument("--only", action="append")
    a = ap.parse_args(argv)
    specs = tuple(s for s in SPECS if not a.only or s.name in a.only)
    if not specs:
        print(f"no spec named {a.only}", file=sys.stderr)
        return 2
    generate(specs, office=not a.no_office)
    return 0


if __name__ == "__main__":
    sys.exit(main())
