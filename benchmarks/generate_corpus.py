"""Generate a deterministic benchmark corpus: one PST per bound CPAS (253), about 13,000 pages.

Usage: ``python benchmarks/generate_corpus.py OUT_DIR [--seed N] [--scale F]``.

Each CPAS gets one document, PDF (60 %), DOCX (25 %) or HTML (15 %), laid out as the plans
of ``docs/domain.md``: cover page, table of contents, introduction, volets interne /
externe, objectives numbered in one of several styles (``OS 1 :``, ``O.S. 1 :``,
``Objectif stratégique 1 :``, ``OS1 -`` / ``OO/01``, iA.PST ``(OS.1)``), actions numbered or
bulleted, fiche fields (pilote, échéance, statut), some dashboard tables, running headers and
footers. PDF pages are plain text drawn with the reportlab canvas (fast); DOCX goes through
python-docx; HTML carries site boilerplate. Same seed → same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

N_CPAS = 253
LINES_PER_PAGE = 34
CHARS_PER_PAGE = 3000  # page-equivalent of Word and HTML text, for the corpus's page count
EXTRA_CPAS = ["Bertogne"]  # merged into Bastogne in 2024, still bound for 2018-2024

WORDS = (
    "le CPAS accompagne les bénéficiaires dans leurs démarches sociales et administratives en "
    "collaboration avec les partenaires locaux du réseau associatif afin de garantir un accès "
    "effectif aux droits fondamentaux logement santé énergie emploi formation mobilité culture "
    "pour chaque citoyen de la commune en particulier les familles monoparentales les aînés "
    "isolés les jeunes adultes sans qualification et les personnes en situation de handicap "
    "le service social évalue régulièrement les besoins et adapte son offre aux réalités du "
    "terrain tout en maîtrisant les dépenses et en respectant le cadre budgétaire du plan"
).split()
VERBS = ["Organiser", "Créer", "Développer", "Évaluer", "Former", "Publier", "Ouvrir", "Réduire", "Informer",
         "Renforcer", "Mettre en place", "Pérenniser", "Structurer", "Améliorer", "Soutenir"]  # fmt: skip
THINGS = ["une permanence sociale", "un guide des aides", "des ateliers collectifs", "un comité de pilotage",
          "une cellule énergie", "le service de médiation de dettes", "une épicerie sociale", "un taxi social",
          "une formation numérique", "un plan de sensibilisation", "un réseau de bénévoles",
          "une maison de repos", "un logement de transit", "une crèche", "un service de repas à domicile",
          "une antenne décentralisée", "un plan de formation du personnel", "un intranet",
          "un tableau de bord", "une procédure d'accueil"]  # fmt: skip
PUBLICS = ["des aînés", "des familles", "des jeunes", "du personnel", "des bénéficiaires du RIS", "des citoyens",
           "des locataires", "des personnes isolées", "des usagers", "des partenaires"]  # fmt: skip
OS_STEMS = ["Être un CPAS qui", "Être une administration qui", "Devenir un CPAS qui", "Être un CPAS", "Garantir",
            "Favoriser", "Assurer", "Promouvoir"]  # fmt: skip
OS_ENDS = ["accompagne chaque citoyen vers l'autonomie", "place l'usager au centre de son action",
           "lutte contre toutes les formes de pauvreté", "soutient l'accès à un logement décent",
           "modernise sa gestion et ses outils", "développe le bien-être de son personnel",
           "renforce la cohésion sociale", "agit pour la transition énergétique",
           "prend soin de ses aînés", "investit dans la jeunesse"]  # fmt: skip
STATUSES = ["A programmer", "En cours", "Finalisé", "Réalisé", "Abandonné", "À agender"]
STYLES = ["os", "o.s.", "objectif", "slash", "ia"]


def cpas_names() -> list[str]:
    """The 253 CPAS bound for 2018-2024 (the 2025 list plus Bertogne)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from pipeline.reference.municipalities import bound_cpas

    names = sorted(m.name_fr for m in bound_cpas())
    names += [n for n in EXTRA_CPAS if n not in names]
    return names[:N_CPAS]


def _sentence(rng: random.Random, n_words: int) -> str:
    text = " ".join(rng.choices(WORDS, k=n_words))
    return text[0].upper() + text[1:] + "."


def _title(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(THINGS)} à destination {rng.choice(PUBLICS)}"


def plan(rng: random.Random, target_lines: int) -> dict:
    """The content of one PST: volets → OS → OO → actions, with descriptions sized to ``target_lines``."""
    n_os = rng.randint(4, 8)
    volets = ["interne", "externe"] if rng.random() < 0.7 else [None]
    oss = []
    for i in range(n_os):
        oos = []
        for _ in range(rng.randint(2, 5)):
            acts = [{"title": _title(rng), "status": rng.choice(STATUSES), "pilote": rng.choice(["DG", "Président",
                     "Service social", "Directeur financier", "RH"]), "due": str(rng.randint(2020, 2025))}
                    for _ in range(rng.randint(2, 6))]  # fmt: skip
            oos.append({"title": _title(rng), "actions": acts})
        volet = volets[0] if len(volets) == 1 or i < n_os // 2 else volets[1]
        oss.append({"title": f"{rng.choice(OS_STEMS)} {rng.choice(OS_ENDS)}", "volet": volet, "oos": oos})
    n_actions = sum(len(oo["actions"]) for os_ in oss for oo in os_["oos"])
    desc = max(1, (target_lines - 60) // max(n_actions, 1) - 4)
    return {"oss": oss, "desc_lines": desc, "style": rng.choice(STYLES), "bullets": rng.random() < 0.25}


def labels(style: str, i: int, j: int, k: int) -> tuple[str, str, str]:
    """(OS, OO, action) line prefixes of a numbering style (iA.PST puts its tags after the title)."""
    if style == "os":
        return f"OS {i} :", f"OO {i}.{j} :", f"{i}.{j}.{k}"
    if style == "o.s.":
        return f"O.S. {i} :", f"O.O. {i}.{j}. :", f"Action {i}.{j}.{k} :"
    if style == "objectif":
        return f"Objectif stratégique {i} :", f"Objectif opérationnel {i}.{j} :", f"A.{i}.{j}.{k}"
    if style == "slash":
        return f"OS{i} -", f"OO/{j:02d}", f"{i}.{j}.{k}."
    return "", "", ""


def lines_of(p: dict, name: str, rng: random.Random) -> list[tuple[str, str]]:
    """The plan as (kind, text) lines in reading order; kind drives the font in PDF, the style in Word."""
    out: list[tuple[str, str]] = [("h1", "Programme Stratégique Transversal 2019-2024"), ("h2", f"CPAS de {name}")]
    out += [("p", _sentence(rng, 14)) for _ in range(6)]
    out.append(("h2", "Table des matières"))
    for n in range(1, len(p["oss"]) + 1):
        out.append(("toc", f"Objectif stratégique {n} {'.' * 40} {n * 7 + 3}"))
    out.append(("break", ""))
    out.append(("h1", "Introduction"))
    out += [("p", _sentence(rng, 15)) for _ in range(12)]
    out.append(("break", ""))
    volet = "?"
    a_count = oo_count = 0
    for i, os_ in enumerate(p["oss"], 1):
        if os_["volet"] != volet:
            volet = os_["volet"]
            if volet:
                out.append(("h1", f"Volet {volet}"))
        os_l, _, _ = labels(p["style"], i, 1, 1)
        out.append(("h1", f"{os_l} {os_['title']}" if os_l else f"{os_['title']} (OS.{i})"))
        for j, oo in enumerate(os_["oos"], 1):
            oo_count += 1
            _, oo_l, _ = labels(p["style"], i, j, 1)
            out.append(("h2", f"{oo_l} {oo['title']}" if oo_l else f"{oo['title']} (OO.{oo_count})"))
            for k, act in enumerate(oo["actions"], 1):
                a_count += 1
                _, _, a_l = labels(p["style"], i, j, k)
                if p["bullets"]:
                    out.append(("bullet", act["title"]))
                else:
                    out.append(("p", f"{a_l} {act['title']}" if a_l else f"{act['title']} (A.{a_count})"))
                out.append(("field", f"Pilote : {act['pilote']}"))
                out.append(("field", f"Échéance : {act['due']}"))
                out.append(("field", f"Statut : {act['status']}"))
                out += [("desc", _sentence(rng, 7)) for _ in range(p["desc_lines"])]
    out.append(("h1", "Annexes"))
    out += [("p", _sentence(rng, 14)) for _ in range(4)]
    return out


# ---- writers ------------------------------------------------------------------------------------
def write_pdf(path: Path, name: str, rows: list[tuple[str, str]]) -> int:
    """Draw the lines on A4 pages with a running header and footer; returns the page count."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
    c.setTitle(f"PST CPAS de {name}")
    page = 1
    y = 760.0

    def furniture() -> None:
        c.setFont("Helvetica", 8)
        c.drawString(56, 810, f"CPAS de {name} – Programme Stratégique Transversal 2019-2024")
        c.drawString(290, 28, f"Page {page}")

    furniture()
    fonts = {"h1": ("Helvetica-Bold", 13, 22), "h2": ("Helvetica-Bold", 11, 18), "toc": ("Helvetica", 10, 14),
             "field": ("Helvetica-Oblique", 9, 13), "bullet": ("Helvetica", 10, 15)}  # fmt: skip
    for kind, text in rows:
        font, size, lead = fonts.get(kind, ("Helvetica", 10, 20))
        if kind == "break" or y - lead < 60:
            c.showPage()
            page += 1
            y = 760.0
            furniture()
            if kind == "break":
                continue
        c.setFont(font, size)
        if kind == "bullet":
            c.drawString(72, y, "•")
            c.drawString(86, y, text)
        else:
            c.drawString(56 if kind != "field" else 70, y, text)
        y -= lead
    c.showPage()
    c.save()
    return page


def write_docx(path: Path, name: str, rows: list[tuple[str, str]], rng: random.Random) -> int:
    """Word document with headings, bullet lists and one dashboard table; returns page-equivalents."""
    import docx

    d = docx.Document()
    d.core_properties.title = f"PST CPAS de {name}"
    fixed = datetime(2020, 1, 1)
    d.core_properties.created = d.core_properties.modified = d.core_properties.last_printed = fixed
    chars = 0
    dashboard: list[list[str]] = []
    for kind, text in rows:
        chars += len(text)
        if kind == "break":
            d.add_page_break()
        elif kind in ("h1", "h2"):
            d.add_heading(text, level=1 if kind == "h1" else 2)
        elif kind == "bullet":
            d.add_paragraph(text, style="List Bullet")
            dashboard.append([text, rng.choice(STATUSES)])
        else:
            d.add_paragraph(text)
    if dashboard and rng.random() < 0.5:
        d.add_heading("Tableau de bord", level=1)
        table = d.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Action", "Statut"
        for title, status in dashboard[:40]:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = title, status
    d.save(str(path))
    _fix_zip_times(path)
    return max(1, round(chars / CHARS_PER_PAGE))


def _fix_zip_times(path: Path) -> None:
    """Rewrite the zip with constant timestamps, so the same seed gives the same bytes."""
    import zipfile

    with zipfile.ZipFile(path) as zin:
        members = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for filename, data in members:
            zout.writestr(zipfile.ZipInfo(filename, date_time=(2020, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def write_html(path: Path, name: str, rows: list[tuple[str, str]]) -> int:
    """A commune web page: menu, breadcrumb, the plan as headings and lists, footer; returns page-equivalents."""
    from html import escape

    parts = [
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>",
        f"<title>PST du CPAS de {escape(name)}</title></head><body>",
        "<nav class='menu'><ul><li><a href='/'>Accueil</a></li><li><a href='/cpas'>CPAS</a></li>"
        "<li><a href='/contact'>Contact</a></li></ul></nav>",
        "<div class='breadcrumb'>Accueil &gt; CPAS &gt; PST</div><main>",
    ]
    in_list = False
    chars = 0
    for kind, text in rows:
        chars += len(text)
        if kind in ("break", "toc"):
            continue
        if kind in ("bullet", "field", "desc") and not in_list:
            parts.append("<ul>")
            in_list = True
        elif kind not in ("bullet", "field", "desc") and in_list:
            parts.append("</ul>")
            in_list = False
        t = escape(text)
        if kind == "h1":
            parts.append(f"<h2>{t}</h2>")
        elif kind == "h2":
            parts.append(f"<h3>{t}</h3>")
        elif kind == "bullet":
            parts.append(f"<li>{t}</li>")
        elif kind in ("field", "desc"):
            parts.append(f"<li class='detail'>{t}</li>" if kind == "field" else f"<p>{t}</p>")
        else:
            parts.append(f"<p>{t}</p>")
    if in_list:
        parts.append("</ul>")
    parts.append(f"</main><footer>© CPAS de {escape(name)} – mentions légales</footer></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return max(1, round(chars / CHARS_PER_PAGE))


# ---- corpus -------------------------------------------------------------------------------------
def _slug(name: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "".join(ch if ch.isalnum() else "-" for ch in s).strip("-")


def build_one(args: tuple[int, str, int, str]) -> dict:
    """Write the document of one CPAS; returns its manifest entry."""
    index, name, seed, out = args
    rng = random.Random(f"{seed}-{index}")
    fmt = rng.choices(["pdf", "docx", "html"], weights=[60, 25, 15])[0]
    target_pages = {"pdf": rng.randint(20, 125), "docx": rng.randint(10, 40), "html": rng.randint(4, 16)}[fmt]
    p = plan(rng, target_pages * LINES_PER_PAGE)
    rows = lines_of(p, name, rng)
    path = Path(out) / f"{index:03d}-{_slug(name)}_pst.{fmt}"
    if fmt == "pdf":
        pages = write_pdf(path, name, rows)
    elif fmt == "docx":
        pages = write_docx(path, name, rows, rng)
    else:
        pages = write_html(path, name, rows)
    return {"file": path.name, "format": fmt, "pages": pages, "style": p["style"], "cpas": name}


def generate(out: Path, seed: int = 2018, scale: float = 1.0, workers: int = 2) -> dict:
    """Write the corpus into ``out`` (created) with a ``manifest.json``; returns the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    names = cpas_names()[: max(1, round(N_CPAS * scale))]
    jobs = [(i, n, seed, str(out)) for i, n in enumerate(names)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        docs = list(pool.map(build_one, jobs, chunksize=4))
    manifest = {"seed": seed, "scale": scale, "documents": docs, "pages": sum(d["pages"] for d in docs)}
    (out / ".manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False), encoding="utf-8")
    return manifest


def main() -> None:
    """Command line: generate the corpus into the given folder and print a summary."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=2018)
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the 253 CPAS to generate")
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    started = time.perf_counter()
    m = generate(a.out, a.seed, a.scale, a.workers)
    by_fmt: dict[str, list[int]] = {}
    for d in m["documents"]:
        by_fmt.setdefault(d["format"], []).append(d["pages"])
    summary = ", ".join(f"{f}: {len(v)} docs / {sum(v)} pages" for f, v in sorted(by_fmt.items()))
    print(f"{len(m['documents'])} documents, {m['pages']} pages ({summary}) in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
