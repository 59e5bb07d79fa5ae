"""Builders of hostile and broken input files, written into a test's temporary folder.

Each builder writes one file and returns its path. The files are generated (reportlab for
PDF, hand-written zips for Word, plain bytes for HTML) so the corpus needs no fixtures on
disk and every case states exactly what is wrong with it.
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as rl_canvas

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
GOOD_PDF = SAMPLES / "meix-devant-virton_pst.pdf"
GOOD_DOCX = SAMPLES / "meix-devant-virton_pst.docx"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>
</Relationships>"""

# A small plan every generated PDF carries, so a readable file yields a tree.
PLAN_LINES = [
    "CPAS de Testville - Programme Stratégique Transversal 2019-2024",
    "Volet interne",
    "OS 1 : Être un CPAS qui accompagne chaque citoyen vers l'autonomie",
    "OO 1.1 : Renforcer l'accompagnement individuel des bénéficiaires",
    "1.1.1 Mettre en place un référent unique pour chaque bénéficiaire",
    "1.1.2 Organiser des ateliers collectifs de recherche d'emploi",
    "OO 1.2 : Développer une communication claire vers le public",
    "1.2.1 Publier un guide des services du CPAS",
    "OS 2 : Être une administration moderne et efficiente",
    "OO 2.1 : Former le personnel aux outils numériques",
    "2.1.1 Organiser une formation bureautique annuelle",
]


# ---- PDF ---------------------------------------------------------------------------------
def _draw_lines(c: rl_canvas.Canvas, lines: list[str], top: float = 720) -> None:
    y = top
    for line in lines:
        c.setFont("Helvetica-Bold" if line.startswith(("OS", "Volet")) else "Helvetica", 11)
        c.drawString(60, y, line)
        y -= 22


def plan_pdf(path: Path, lines: list[str] | None = None, **canvas_kw) -> Path:
    """A one-page text PDF holding a small plan (``canvas_kw`` go to reportlab, e.g. ``encrypt``)."""
    c = rl_canvas.Canvas(str(path), pagesize=A4, **canvas_kw)
    _draw_lines(c, lines or PLAN_LINES)
    c.showPage()
    c.save()
    return path


def zero_bytes(path: Path) -> Path:
    """An empty file."""
    path.write_bytes(b"")
    return path


def truncated_pdf(path: Path, keep: float = 0.3) -> Path:
    """The good sample PDF cut after ``keep`` of its bytes (no xref, no trailer, objects cut)."""
    data = GOOD_PDF.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def broken_xref_pdf(path: Path) -> Path:
    """A PDF whose xref table and startxref offset point at garbage (readers must rebuild it)."""
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=A4)
    _draw_lines(c, PLAN_LINES)
    c.showPage()
    c.save()
    data = buf.getvalue()
    xref = data.rindex(b"\nxref\n")
    table_end = data.index(b"trailer", xref)
    lines = data[xref:table_end].split(b"\n")
    # Shift every in-use offset so each entry points into the middle of another object.
    broken = [
        b"%010d 00000 n " % (int(ln[:10]) + 7) if ln.endswith((b" n", b" n ")) and len(ln) >= 18 else ln
        for ln in lines
    ]
    start = data.rindex(b"startxref")
    tail = b"startxref\n" + str(len(data) * 3).encode() + b"\n%%EOF\n"
    path.write_bytes(data[:xref] + b"\n".join(broken) + data[table_end:start] + tail)
    return path


def encrypted_pdf(path: Path, user_password: str) -> Path:
    """An RC4/AES-encrypted PDF; an empty ``user_password`` means "owner password only"."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption(user_password, ownerPassword="owner-secret", canPrint=0, canCopy=0, canModify=0)
    return plan_pdf(path, encrypt=enc)


_OS_TITLES = [
    "Être un CPAS qui accompagne chaque citoyen vers l'autonomie",
    "Être une administration moderne, efficiente et proche du public",
    "Garantir l'accès de tous à un logement décent et durable",
    "Développer la santé et le bien-être des aînés de la commune",
    "Soutenir l'insertion socioprofessionnelle des jeunes adultes",
    "Lutter contre la précarité énergétique des ménages",
    "Renforcer les partenariats avec le tissu associatif local",
    "Favoriser l'accueil de la petite enfance dans les villages",
    "Assurer une gestion financière saine et transparente",
    "Améliorer la communication interne entre les services",
]
_VERBS = ["Organiser", "Créer", "Développer", "Évaluer", "Former", "Publier", "Ouvrir", "Réduire", "Informer", "Suivre"]
_THINGS = [
    "une permanence sociale", "un guide des aides", "des ateliers collectifs", "un comité de pilotage",
    "une cellule énergie", "un service de médiation de dettes", "une épicerie sociale", "un taxi social",
    "une formation numérique", "un plan de sensibilisation",
]


def plan_title(*parts: int) -> str:
    """A plausible, distinct title for the item numbered ``parts``."""
    if len(parts) == 1:
        return _OS_TITLES[(parts[0] - 1) % len(_OS_TITLES)]
    k = sum(p * 7**i for i, p in enumerate(parts))
    return f"{_VERBS[k % 10]} {_THINGS[(k // 10) % 10]} pour le public cible n° {'.'.join(map(str, parts))}"


def many_pages_pdf(path: Path, pages: int = 500) -> Path:
    """A long text PDF: running header and footer, one OS per 50 pages, one OO per 10, actions."""
    c = rl_canvas.Canvas(str(path), pagesize=A4)
    for p in range(pages):
        c.setFont("Helvetica", 8)
        c.drawString(60, 810, "CPAS de Testville - Programme Stratégique Transversal 2019-2024")
        c.drawString(280, 30, f"Page {p + 1}")
        lines = []
        os_n, rest = divmod(p, 50)
        oo_n, act_page = divmod(rest, 10)
        if rest == 0:
            lines.append(f"OS {os_n + 1} : {plan_title(os_n + 1)}")
        if act_page == 0:
            lines.append(f"OO {os_n + 1}.{oo_n + 1} : {plan_title(os_n + 1, oo_n + 1)}")
        if act_page < 5:
            a = act_page + 1
            lines.append(f"{os_n + 1}.{oo_n + 1}.{a} {plan_title(os_n + 1, oo_n + 1, a)}")
        lines += [f"Description de la page {p + 1} : le service social assure le suivi des dossiers."] * 3
        _draw_lines(c, lines)
        c.showPage()
    c.save()
    return path


def image_pages_pdf(path: Path, image_pages: int = 3) -> Path:
    """A PDF whose pages are pictures of text (scanned), except the last one, which has a text layer."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    src = plan_pdf(path.with_suffix(".src.pdf"))
    pdf = pdfium.PdfDocument(str(src))
    image = pdf[0].render(scale=200 / 72).to_pil().convert("L")
    pdf.close()
    src.unlink()
    png = io.BytesIO()
    image.save(png, format="PNG")
    c = rl_canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    for _ in range(image_pages):
        c.drawImage(ImageReader(io.BytesIO(png.getvalue())), 0, 0, width=w, height=h)
        c.showPage()
    _draw_lines(c, ["Annexe : liste des abréviations utilisées dans le présent document"])
    c.showPage()
    c.save()
    return path


# ---- bytes and misnamed files ---------------------------------------------------------------
def random_bytes(path: Path, size: int = 64 * 1024, seed: int = 6) -> Path:
    """Random binary data (seeded) under whatever name is given."""
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def copy_as(src: Path, path: Path) -> Path:
    """A copy of ``src`` under another name (a PDF named .docx, a .docx named .pdf...)."""
    shutil.copyfile(src, path)
    return path


# ---- Word ------------------------------------------------------------------------------------
def _docx(path: Path, document: bytes | str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("word/document.xml", document)
    return path


def _body(paragraphs: list[str]) -> str:
    ps = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return f'<w:document xmlns:w="{W_NS}"><w:body>{ps}</w:body></w:document>'


def zip_bomb_docx(path: Path, inflated_mb: int = 300) -> Path:
    """A small .docx whose document.xml inflates to ``inflated_mb`` MB of repeated empty paragraphs."""
    chunk = b"<w:p/>" * (1 << 17)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(f'<w:document xmlns:w="{W_NS}"><w:body>'.encode())
            for _ in range(inflated_mb * (1 << 20) // len(chunk)):
                fh.write(chunk)
            fh.write(b"</w:body></w:document>")
    return path


def xxe_docx(path: Path, target: str = "file:///etc/passwd") -> Path:
    """A .docx whose document.xml pulls an external entity (a local file) into a paragraph."""
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{target}">]>\n'
        + _body(["OS 1 : Être un CPAS ouvert", "&xxe;"])
    )
    return _docx(path, xml)


def billion_laughs_docx(path: Path) -> Path:
    """A .docx with the classic exponential entity expansion (10 levels of 10 → 10^9 "lol")."""
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    ]
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!DOCTYPE w:document [{''.join(ents)}]>\n" + _body(["OS 1 : &lol9;"])
    )
    return _docx(path, xml)


# ---- HTML ------------------------------------------------------------------------------------
def xxe_html(path: Path, target: str = "file:///etc/passwd") -> Path:
    """An XHTML page declaring an external entity on a local file and using it in the plan."""
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "{target}">]>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><main><h1>Programme Stratégique Transversal</h1>'
        "<h2>OS 1 : Être un CPAS ouvert</h2><p>OO 1.1 : Publier &xxe; en ligne</p></main></body></html>",
        encoding="utf-8",
    )
    return path


def huge_html(path: Path, megabytes: int = 50) -> Path:
    """A syntactically fine HTML page of ``megabytes`` MB (a list of plan-like items)."""
    item = "<li>1.1.1 Organiser une permanence sociale hebdomadaire dans chaque village</li>\n"
    n = megabytes * (1 << 20) // len(item)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("<!doctype html><html><head><meta charset='utf-8'><title>PST</title></head><body><main>")
        fh.write("<h1>Programme Stratégique Transversal</h1><ul>")
        for _ in range(n // 1000):
            fh.write(item * 1000)
        fh.write("</ul></main></body></html>")
    return path


def not_a_pst_html(path: Path) -> Path:
    """A real-looking commune web page that is not a plan (opening hours of the swimming pool)."""
    path.write_text(
        """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Piscine communale</title></head>
<body><nav><ul><li><a href="/">Accueil</a></li><li><a href="/loisirs">Loisirs</a></li></ul></nav>
<main><h1>Piscine communale : horaires et tarifs</h1>
<p>La piscine communale est ouverte du mardi au dimanche. Le bassin de natation est chauffé à 28 degrés.</p>
<h2>Horaires</h2><p>Mardi à vendredi : de 12 h à 20 h. Samedi et dimanche : de 9 h à 18 h.</p>
<h2>Tarifs</h2><table><tr><th>Entrée</th><th>Prix</th></tr><tr><td>Adulte</td><td>4 euros</td></tr>
<tr><td>Enfant</td><td>2,50 euros</td></tr></table>
<p>Les bonnets de bain sont obligatoires. Les enfants de moins de 10 ans doivent être accompagnés.</p>
</main><footer>© Commune de Testville</footer></body></html>""",
        encoding="utf-8",
    )
    return path


def unnumbered_pst_html(path: Path) -> Path:
    """A PST page without a single number: plain paragraphs about the plan, no headings, no lists."""
    path.write_text(
        """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>PST du CPAS</title></head>
<body><main><p>Programme Stratégique Transversal du CPAS de Testville pour la législature.</p>
<p>Le CPAS souhaite accompagner chaque citoyen vers l'autonomie et renforcer l'insertion.</p>
<p>Il veut aussi moderniser son administration et former son personnel au numérique.</p>
<p>Enfin, le CPAS entend développer des partenariats avec le tissu associatif local.</p>
</main></body></html>""",
        encoding="utf-8",
    )
    return path


SHELL_NAME = "plan $(touch pwned) ; é 'x' `touch pwned2` & | > .pdf"
"""A file name with spaces, accents and shell metacharacters (no slash, no NUL: POSIX forbids those)."""


# ---- many documents ---------------------------------------------------------------------------
def variant(src: Path, path: Path, k: int) -> Path:
    """A copy of a sample whose bytes (hence hash) differ by a small change; the plan is unchanged."""
    data = src.read_bytes()
    suffix = src.suffix.lower()
    if suffix == ".pdf":
        path.write_bytes(data + f"\n% variant {k}\n".encode())
    elif suffix in (".html", ".htm"):
        path.write_bytes(data.replace(b"</body>", f"<!-- variant {k} --></body>".encode(), 1))
    else:
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                zout.writestr(info, zin.read(info.filename))
            zout.writestr("docProps/variant.txt", f"variant {k}")
    return path


def variant_corpus(folder: Path, n: int) -> Path:
    """``n`` documents: variants of the text-layer samples (PDF, DOCX, HTML), round robin."""
    folder.mkdir(parents=True, exist_ok=True)
    samples = sorted(f for f in SAMPLES.iterdir() if f.is_file() and not f.name.endswith("_scan.pdf"))
    for k in range(n):
        src = samples[k % len(samples)]
        variant(src, folder / f"{k:03d}-{src.name}", k)
    return folder
