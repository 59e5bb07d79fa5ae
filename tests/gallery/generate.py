"""Regenerate the gallery: ``python -m tests.gallery.generate`` (needs LibreOffice for the renditions).

Writes ``tests/gallery/documents/`` (the .docx / .html our builders write, the PDF / .odt / .doc
LibreOffice renders from them, the scans), ``tests/gallery/gold/<file>.json`` (one gold tree per
document) and ``tests/gallery/manifest.json`` (family, tags and format of each file). Everything
derives from the seeds below: running it twice gives the same .docx / .html bytes (LibreOffice's
own output may differ by its version, hence the generated files are committed).

Options: ``--no-office`` writes only the .docx / .html and the gold (no LibreOffice); ``--only NAME``
regenerates one spec.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.gallery import render_docx, render_html
from tests.gallery.gold import gold_document
from tests.gallery.plans import make_plan

HERE = Path(__file__).resolve().parent
DOCUMENTS = HERE / "documents"
GOLD = HERE / "gold"
MANIFEST = HERE / "manifest.json"

FAMILIES = {
    "0": "beyond the families: numbering in Word level texts (decimalZero, isLgl, Roman), typed label styles, a "
         "deliberation with articles and an empty fiche template",
    "1": "plan inside a numbered chapter, outline restarting at 1./1.1./1.1.1., TOC, methodology lists",
    "2": "three separate lists (OS / OO by OS / actions by OO), Word numbering shared or restarted, nested <ol>",
    "3": "iA.PST exports: (OS.1) suffixes, running OS.n/OO.n/A.n references, field lines, État lines",
    "4": "summary list then a dashboard rewording the titles; '1er OBJECTIF STRATEGIQUE :' over two paragraphs",
    "5": "dashboards: multi-row headers, mid-word wrapped labels, X marks, merged OS/OO cells, split tables",
    "6": "fiches actions: one small table per action, no other listing",
    "7": "long titles wrapping under hanging indents (narrow margins, two columns)",
    "8": "the CPAS named only in the running header/footer, or in <title> and site chrome",
    "9": ".odt and .doc renditions (LibreOffice)",
    "10": "scans (image-only PDF, OCR)",
}


@dataclass(frozen=True)
class Spec:
    name: str
    family: str  # "1".."8" or "mix"
    tags: tuple[str, ...]
    builder: str
    seed: int
    plan: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    renditions: tuple[str, ...] = ()  # "pdf", "odt", "doc", "html" (LibreOffice, from the .docx)
    scan: bool = False  # an image-only PDF from the PDF rendition
    toc: bool = False  # the builder prints a TOC: page numbers read from a first rendering
    notes: str = ""

    @property
    def is_html(self) -> bool:
        return self.builder.startswith("html_")

    @property
    def source(self) -> str:
        return f"{self.name}.{'html' if self.is_html else 'docx'}"


SMALL = dict(n_os=(2, 4), n_oo=(1, 3), n_actions=(0, 4))
MEDIUM = dict(n_os=(3, 6), n_oo=(1, 4), n_actions=(0, 5))
LARGE = dict(n_os=(6, 8), n_oo=(2, 4), n_actions=(1, 4))

SPECS: tuple[Spec, ...] = (
    # 1. the plan inside a numbered chapter
    Spec("f1a_chapitre", "1", ("1",), "chapter", 101, MEDIUM, {"variant": "a"}, ("pdf", "html"), scan=True, toc=True,
         notes="Chapters numbered by the heading styles; the plan as list paragraphs restarting at 1."),
    Spec("f1b_chapitre_volets", "1", ("1",), "chapter", 102, dict(MEDIUM, volets=True), {"variant": "b"},
         ("pdf", "doc"), toc=True, notes="Typed chapter numbers; numbering through custom paragraph styles; "
                                         "volet externe restarts through a w:startOverride."),
    Spec("f1c_chapitre_web", "1", ("1",), "html_chapter", 103, SMALL),
    # 2. three separate lists
    Spec("f2a_trois_listes", "2", ("2",), "three_lists", 201, MEDIUM, {"shared_numbering": True}, ("pdf",),
         notes="One w:num for the three lists: Word prints 4. / 4.1. in the second list, 7.1.1. in the third."),
    Spec("f2b_trois_listes_axes", "2", ("2",), "three_lists", 202, dict(SMALL, axes=True),
         {"shared_numbering": False, "axes": True}, ("pdf", "odt"),
         notes="Typed section headings, each list restarting; axes above the OS of the first list."),
    Spec("f2c_trois_listes_web", "2", ("2",), "html_three_lists", 203, MEDIUM),
    # 3. iA.PST
    Spec("f3a_iapst", "3", ("3",), "iapst_suffix", 301, MEDIUM, {"narrow": True}, ("pdf",),
         notes="(OS.n)/(OO.n)/(A.n) per-level counters; some suffixes on their own line."),
    Spec("f3b_iapst_refs", "3", ("3",), "iapst_running", 302, MEDIUM, {}, ("pdf", "odt"), scan=True,
         notes="One running reference across levels with holes and late additions."),
    Spec("f3c_iapst_web", "3", ("3",), "html_iapst", 303, SMALL),
    # 4. summary then dashboard
    Spec("f4a_synthese_tableau", "4", ("4",), "summary_dashboard", 401, dict(MEDIUM, alt_titles=True), {},
         ("pdf", "html")),
    Spec("f4b_synthese_web", "4", ("4",), "html_summary_dashboard", 402, dict(SMALL, alt_titles=True)),
    # 5. dashboards
    Spec("f5a_tableau_fusion", "5", ("5",), "dashboard_merged", 501, LARGE, {}, ("pdf",), scan=True,
         notes="Header over two rows on the first page only; OS/OO merged vertically; X marks."),
    Spec("f5b_tableau_numerote", "5", ("5",), "dashboard_numbered", 502, dict(MEDIUM, volets=True), {},
         ("pdf", "odt", "html"), notes="Three header rows repeated on each page; OS/OO as full-width rows."),
    Spec("f5c_tableau_plat", "5", ("5",), "dashboard_flat", 503, dict(MEDIUM, volets=True), {}, ("pdf",),
         notes="OS and OO repeated on every row; OO without action not printed."),
    Spec("f5d_tableau_web", "5", ("5",), "html_dashboard", 504, dict(SMALL, volets=True)),
    Spec("f5e_tableau_web_sans_thead", "5", ("5",), "html_dashboard", 505, MEDIUM, {"thead": False},
         notes="No <thead>: the header is a first row of bold cells over two rows; X marks; rowspans."),
    # 6. fiches actions
    Spec("f6a_fiches", "6", ("6",), "fiches", 601, dict(n_os=(2, 3), n_oo=(1, 3), n_actions=(1, 3)),
         {"variant": "a"}, ("pdf",)),
    Spec("f6b_fiches_cases", "6", ("6",), "fiches", 602, dict(n_os=(2, 3), n_oo=(1, 2), n_actions=(1, 3),
                                                                volets=True), {"variant": "b"}, ("pdf", "doc")),
    # 7. long titles, hanging indents
    Spec("f7a_retrait", "7", ("7",), "hanging", 701, dict(MEDIUM, long_share=0.7), {"variant": "a", "label_style": 2},
         ("pdf",), notes="'OS1 -' / 'OO/01' / '✓ 1.1.1.' typed before a tab, hanging indents."),
    Spec("f7b_colonnes", "7", ("7",), "hanging", 702, dict(MEDIUM, long_share=0.7, volets=True), {"variant": "b"},
         ("pdf",)),
    Spec("f7c_retrait_etiquettes", "7", ("7", "0"), "hanging", 703, dict(MEDIUM, long_share=0.6),
         {"variant": "a", "label_style": 3}, ("pdf",),
         notes="'Objectif stratégique 1 :' / 'Objectif opérationnel 1 –' (local) / 'Action 1.1.1 :' typed."),
    # 8. CPAS only in the furniture
    Spec("f8a_entete", "8", ("8",), "header_only", 801, MEDIUM, {}, ("pdf", "odt"), scan=True),
    Spec("f8b_chrome_web", "8", ("8",), "html_header_only", 802, SMALL, {"chrome": True}),
    Spec("f8c_titre_web", "8", ("8",), "html_header_only", 803, SMALL, {"chrome": False}),
    # beyond the ten families
    Spec("o1_niveaux_mots", "0", ("0",), "word_labels", 1001, MEDIUM, {"style": "words"}, ("pdf", "odt"),
         notes="Level texts 'Objectif stratégique %1 :', 'OO/%2' (decimalZero), 'Action %1.%2.%3' (isLgl)."),
    Spec("o2_romains", "0", ("0",), "word_labels", 1002, dict(MEDIUM, volets=True), {"style": "roman"}, ("pdf",),
         notes="upperRoman OS, isLgl OO/actions ('1.1.' under 'I.'), restarting per volet."),
    Spec("o3_deliberation", "0", ("0",), "deliberation", 1003, dict(MEDIUM, volets=True), {}, ("pdf",),
         notes="Deliberation: Vu/Considérant, Article 1er, 1°/2°; plan in annex 1; empty fiche template in annex 2."),
    # mixes
    Spec("mix1_chapitre_listes", "mix", ("1", "2", "8"), "chapter_three_lists", 901, MEDIUM, {}, ("pdf", "odt")),
    Spec("mix2_iapst_entete", "mix", ("3", "7", "8"), "iapst_suffix", 902,
         dict(MEDIUM, volets=True, axes=True, long_share=0.6), {"cpas_in_body": False, "narrow": True}, ("pdf",)),
    Spec("mix3_web_synthese", "mix", ("4", "5", "8"), "html_summary_dashboard", 903,
         dict(SMALL, alt_titles=True), {"named_in_body": False}),
    Spec("mix4_axes_tableaux", "mix", ("5", "7"), "axes_tables", 904,
         dict(MEDIUM, volets=True, axes=True, long_share=0.6), {}, ("pdf", "doc")),
    Spec("mix5_iapst_refs_entete", "mix", ("3", "8"), "iapst_running", 905, dict(MEDIUM, volets=True),
         {"cpas_in_body": False, "long_titles": True}, ("pdf",)),
    Spec("mix6_tableau_entete", "mix", ("5", "8"), "dashboard_merged", 906,
         dict(n_os=(4, 6), n_oo=(1, 5), n_actions=(0, 6), volets=True),
         {"cpas_in_body": False, "repeat_header": True}, ("pdf",)),
    Spec("mix7_iapst_web_anonyme", "mix", ("3", "8"), "html_iapst", 907, SMALL, {"named_in_body": False}),
    Spec("mix8_web_word_colle", "mix", ("1", "8"), "html_word_paste", 908, dict(MEDIUM, volets=True),
         notes="Word pasted into the CMS: typed numbers in mso-list spans; the CPAS only in the site chrome."),
)

BUILDERS = {**render_docx.BUILDERS, **render_html.BUILDERS}


def build_source(spec: Spec, outdir: Path, toc_pages: dict[str, int] | None = None) -> tuple[Path, list[dict]]:
    """Write the .docx / .html of a spec into ``outdir``: (path, gold items). Needs no office software."""
    plan = make_plan(spec.seed, **spec.plan)
    target = outdir / spec.source
    options = dict(spec.options)
    if spec.toc:
        options["toc_pages"] = toc_pages
    items = BUILDERS[spec.builder](plan, target, random.Random(spec.seed * 7 + 1), **options)
    return target, items


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def read_toc_pages(pdf: Path, entries: list[tuple[int, str, str]]) -> dict[str, int]:
    """The page (1-based) of each TOC entry: where its search text first appears after the TOC, in order."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        pages = [_fold(doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    finally:
        doc.close()
    start = next((i for i, t in enumerate(pages) if "table des matières" in t), 0) + 1
    found = {}
    for _level, text, search in entries:
        key = _fold(search)[:40]
        for i in range(start, len(pages)):
            if key in pages[i]:
                found[text] = i + 1
                start = i
                break
    return found


def generate(specs: tuple[Spec, ...], *, office: bool = True, log=print) -> dict:
    from tests.gallery import render_office

    DOCUMENTS.mkdir(exist_ok=True)
    GOLD.mkdir(exist_ok=True)
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {"files": {}, "specs": {}}
    for spec in specs:
        started = time.monotonic()
        plan = make_plan(spec.seed, **spec.plan)
        toc_pages = manifest["specs"].get(spec.name, {}).get("toc_pages")
        if spec.toc and office:
            with tempfile.TemporaryDirectory(prefix="gallery-toc-") as tmp:
                first, _ = build_source(spec, Path(tmp), None)
                pdf = render_office.convert(first, "pdf", Path(tmp))
                toc_pages = read_toc_pages(pdf, render_docx.chapter_toc(plan))
        source, items = build_source(spec, DOCUMENTS, toc_pages)
        files = [(source.name, "html" if spec.is_html else "docx", list(spec.tags))]
        for fmt in spec.renditions:
            if not office:
                break
            out = render_office.convert(source, fmt, DOCUMENTS)
            files.append((out.name, fmt, list(spec.tags) + (["9"] if fmt in ("odt", "doc") else [])))
            if fmt == "pdf" and spec.scan:
                scan = render_office.scan(out, DOCUMENTS / f"{spec.name}_scan.pdf", seed=spec.seed)
                files.append((scan.name, "pdf_scan", list(spec.tags) + ["10"]))
        if not office:  # keep what the manifest knows of the renditions
            files += [(f, m["format"], m["tags"]) for f, m in manifest["files"].items()
                      if m["spec"] == spec.name and f != source.name]
        for name, fmt, tags in files:
            file_items = items
            if spec.builder == "word_labels" and not name.endswith(".docx"):  # LibreOffice ignores w:isLgl
                file_items = [dict(it, label=render_docx.lo_label(spec.options["style"], it["number"]))
                              for it in items]
            gold = gold_document(plan, file_items, files=[name], family=spec.family, tags=tags, notes=spec.notes)
            (GOLD / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                               encoding="utf-8")
            manifest["files"][name] = {"spec": spec.name, "family": spec.family, "tags": tags, "format": fmt,
                                       "slow": fmt == "pdf_scan"}
        manifest["specs"][spec.name] = {"builder": spec.builder, "seed": spec.seed, "source": spec.source,
                                        "toc_pages": toc_pages}
        log(f"{spec.name}: {len(files)} files, {len(items)} items ({time.monotonic() - started:.1f} s)")
    manifest["files"] = dict(sorted(manifest["files"].items()))
    manifest["specs"] = dict(sorted(manifest["specs"].items()))
    manifest["families"] = FAMILIES
    if office:
        import subprocess

        manifest["renderer"] = subprocess.run([render_office.soffice(), "--version"], capture_output=True,
                                              text=True).stdout.strip()
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-office", action="store_true", help="write only the .docx/.html and the gold")
    ap.add_argument("--only", action="append", help="regenerate these specs only")
    a = ap.parse_args(argv)
    specs = tuple(s for s in SPECS if not a.only or s.name in a.only)
    if not specs:
        print(f"no spec named {a.only}", file=sys.stderr)
        return 2
    if not a.only and not a.no_office:  # a full run starts clean: no stale files
        for folder in (DOCUMENTS, GOLD):
            shutil.rmtree(folder, ignore_errors=True)
        MANIFEST.unlink(missing_ok=True)
    generate(specs, office=not a.no_office)
    return 0


if __name__ == "__main__":
    sys.exit(main())
