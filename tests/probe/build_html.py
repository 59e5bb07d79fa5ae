"""HTML builders of the probe: CMS pages (the gallery's ``page`` chrome) with plan markup the gallery lacks."""

from __future__ import annotations

import random
from pathlib import Path

from tests.gallery.common import INTRO
from tests.gallery.gold import gold_items, labels, no_label
from tests.gallery.plans import Plan
from tests.gallery.render_docx import _volet_title
from tests.gallery.render_html import e, page
from tests.probe.build_docx import EMOJI_STATUS


def _write(plan: Plan, path: Path, rng: random.Random, body: list[str], title: str | None = None) -> None:
    path.write_text(page(plan, title=title or f"Programme stratégique transversal – CPAS de {plan.commune}",
                         content="\n".join(body), rng=rng), encoding="utf-8")


def html_details(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """Accordions: one ``<details>`` per OS ("Objectif stratégique 1 : …" in its ``<summary>``), nested
    ``<details>`` per OO (unnumbered summary), actions in a ``<ul>``."""
    body = ["<h1>Programme stratégique transversal</h1>", f"<p>{e(INTRO[0])}</p>",
            "<p>Cliquez sur un objectif pour découvrir les actions prévues.</p>"]
    for part in plan.parts:
        if part.volet:
            body.append(f"<h2>{_volet_title(part.volet)}</h2>")
        for i, os_ in enumerate(part.oss, 1):
            body.append(f'<details class="accordion"><summary>Objectif stratégique {i} : {e(os_.title)}</summary>')
            body.append('<div class="accordion-body">')
            for oo in os_.oos:
                body.append(f"<details><summary>{e(oo.title)}</summary>")
                if oo.actions:
                    body.append("<ul>" + "".join(f"<li>{e(a.title)}</li>" for a in oo.actions) + "</ul>")
                else:
                    body.append("<p><em>Actions à définir.</em></p>")
                body.append("</details>")
            body.append("</div></details>")
    _write(plan, path, rng, body)
    return gold_items(plan, label=labels("Objectif stratégique {i}", None, None))


def html_dl(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """A definition list: ``<dt>`` "OS 1. titre" / ``<dd>`` holding a nested ``<dl>`` whose ``<dt>`` are the OO
    ("1.1 titre") and whose ``<dd>`` list the actions in a ``<ul>``."""
    body = ["<h1>Notre PST</h1>", f"<p>{e(INTRO[1])}</p>"]
    for part in plan.parts:
        if part.volet:
            body.append(f"<h2>{_volet_title(part.volet)}</h2>")
        body.append('<dl class="pst-os">')
        for i, os_ in enumerate(part.oss, 1):
            body.append(f"<dt>OS {i}. {e(os_.title)}</dt><dd><dl class=\"pst-oo\">")
            for j, oo in enumerate(os_.oos, 1):
                body.append(f"<dt>{i}.{j} {e(oo.title)}</dt>")
                if oo.actions:
                    body.append("<dd><ul>" + "".join(f"<li>{e(a.title)}</li>" for a in oo.actions) + "</ul></dd>")
            body.append("</dl></dd>")
        body.append("</dl>")
    _write(plan, path, rng, body)
    return gold_items(plan, label=labels("OS {i}", "{path}", None))


def html_h3_tables(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """Each OS an unnumbered ``<h3>``, then a ``<table>`` "Objectif opérationnel | Action | Échéance | État": the
    OO cell spans its actions (rowspan), the state an emoji badge ("🟠 En cours")."""
    body = ["<h1>Programme stratégique transversal – état d'avancement</h1>", f"<p>{e(INTRO[0])}</p>"]
    for part in plan.parts:
        if part.volet:
            body.append(f"<h2>{_volet_title(part.volet)}</h2>")
        for os_ in part.oss:
            body.append(f"<h3>{e(os_.title)}</h3>")
            body.append('<table class="table table-striped"><thead><tr><th>Objectif opérationnel</th><th>Action</th>'
                        "<th>Échéance</th><th>État</th></tr></thead><tbody>")
            for oo in os_.oos:
                acts = oo.actions or [None]
                for k, act in enumerate(acts):
                    cells = ""
                    if k == 0:
                        span = f' rowspan="{len(acts)}"' if len(acts) > 1 else ""
                        cells += f"<td{span}>{e(oo.title)}</td>"
                    if act is None:
                        cells += "<td></td><td></td><td></td>"
                    else:
                        emoji, word, color = EMOJI_STATUS[act.status]
                        cells += (f"<td>{e(act.title)}</td><td>{act.due}</td>"
                                  f'<td><span class="badge" style="color:#{color}">{emoji} {word}</span></td>')
                    body.append(f"<tr>{cells}</tr>")
            body.append("</tbody></table>")
    _write(plan, path, rng, body)
    return gold_items(plan, label=no_label, status=True)


def html_br_paragraphs(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """What a WYSIWYG editor makes of a typed plan: per OS a ``<p><strong>OS 1 : titre</strong></p>``, then one
    ``<p>`` per OO holding "OO 1.1 : titre" and its actions as "- action" lines joined by ``<br>``."""
    body = ["<h1>PST du CPAS</h1>", f"<p>{e(INTRO[0])}</p>"]
    for part in plan.parts:
        if part.volet:
            body.append(f"<p><strong><u>{_volet_title(part.volet).upper()}</u></strong></p>")
        for i, os_ in enumerate(part.oss, 1):
            body.append(f"<p><strong>OS {i} : {e(os_.title)}</strong></p>")
            for j, oo in enumerate(os_.oos, 1):
                lines = [f"OO {i}.{j} : {e(oo.title)}"] + [f"- {e(a.title)}" for a in oo.actions]
                body.append("<p>" + "<br>\n".join(lines) + "</p>")
    body.append("<p>&nbsp;</p><p>Le document complet est disponible en <a href=\"/files/pst.pdf\">PDF</a>.</p>")
    _write(plan, path, rng, body)
    return gold_items(plan, label=labels("OS {i}", "OO {path}", None))


def html_toggles(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """A page-builder accordion (Elementor toggles, no heading element): ``div.elementor-tab-title`` holding the OS
    title after its number "1." in a ``<span>``; ``div.elementor-tab-content`` with ``<p><strong>`` OO
    labels ("Objectif opérationnel 1 :", numbers local to the OS) and ``<ul>`` actions. The panels are
    collapsed by the theme's CSS, as Elementor serves them (no ``hidden`` attribute in the HTML)."""
    body = ['<div class="elementor-widget-container"><h2 class="elementor-heading-title">Nos objectifs</h2></div>',
            '<div class="elementor-toggle" role="tablist">']
    n = 0
    for part in plan.parts:
        if part.volet:
            body.append(f'<div class="elementor-widget-container"><h4>{_volet_title(part.volet)}</h4></div>')
        for i, os_ in enumerate(part.oss, 1):
            n += 1
            body.append(f'<div class="elementor-toggle-item"><div id="elementor-tab-title-{n}" '
                        f'class="elementor-tab-title" role="button" aria-expanded="false">'
                        f'<span class="elementor-toggle-icon"><i class="fas fa-caret-right"></i></span>'
                        f'<a class="elementor-toggle-title" tabindex="0"><span class="num">{i}.</span> '
                        f"{e(os_.title)}</a></div>")
            body.append(f'<div id="elementor-tab-content-{n}" class="elementor-tab-content elementor-clearfix" '
                        'role="region">')
            for j, oo in enumerate(os_.oos, 1):
                body.append(f"<p><strong>Objectif opérationnel {j} :</strong> {e(oo.title)}</p>")
                if oo.actions:
                    body.append("<ul>" + "".join(f"<li>{e(a.title)}</li>" for a in oo.actions) + "</ul>")
            body.append("</div></div>")
    body.append("</div>")
    _write(plan, path, rng, body)
    return gold_items(plan, label=labels("{i}", "Objectif opérationnel {j}", None))


def html_aria_accordion(plan: Plan, path: Path, rng: random.Random) -> list[dict]:
    """The WAI-ARIA accordion pattern as served before any script runs: per OS an ``<h3>`` holding a
    ``<button aria-expanded="false">`` ("OS 1 – titre"), its panel a ``<div role="region" hidden>`` with the OO as
    ``<h4>`` ("OO 1.1 titre") and actions in a ``<ul>``. A reader clicks and sees everything."""
    body = ["<h1>Programme stratégique transversal du CPAS</h1>", f"<p>{e(INTRO[0])}</p>",
            '<div class="accordion" id="pst">']
    n = 0
    for part in plan.parts:
        if part.volet:
            body.append(f"<h2>{_volet_title(part.volet)}</h2>")
        for i, os_ in enumerate(part.oss, 1):
            n += 1
            body.append(f'<h3><button type="button" aria-expanded="false" class="accordion-trigger" '
                        f'aria-controls="sect{n}" id="acc{n}">OS {i} – {e(os_.title)}</button></h3>')
            body.append(f'<div id="sect{n}" role="region" aria-labelledby="acc{n}" class="accordion-panel" hidden>')
            for j, oo in enumerate(os_.oos, 1):
                body.append(f"<h4>OO {i}.{j} {e(oo.title)}</h4>")
                if oo.actions:
                    body.append("<ul>" + "".join(f"<li>{e(a.title)}</li>" for a in oo.actions) + "</ul>")
            body.append("</div>")
    body.append("</div>")
    _write(plan, path, rng, body)
    return gold_items(plan, label=labels("OS {i}", "OO {path}", None))


BUILDERS = {
    "html_aria_accordion": html_aria_accordion,
    "html_details": html_details,
    "html_dl": html_dl,
    "html_h3_tables": html_h3_tables,
    "html_br_paragraphs": html_br_paragraphs,
    "html_toggles": html_toggles,
}
