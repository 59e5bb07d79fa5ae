"""Write small but real PDFs with reportlab for the PDF extractor tests."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

CPAS = "Testville"
HEADER = f"CPAS de {CPAS} – Programme Stratégique Transversal"

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=8)
TOC = ParagraphStyle("toc", parent=BODY, spaceAfter=2)
H1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=8)
H2 = ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=13, leading=16, spaceAfter=6)
CELL = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
CELL_B = ParagraphStyle("cellb", parent=CELL, fontName="Helvetica-Bold")


def bullet_style(level: int) -> ParagraphStyle:
    """Hanging-indent bullet paragraphs: bullet at 18*level, text 18 pt further."""
    return ParagraphStyle(
        f"bullet{level}",
        parent=BODY,
        leftIndent=18 * (level + 1),
        bulletIndent=18 * level,
        spaceAfter=3,
    )


INTRO = (
    "Le programme stratégique transversal est un outil de gouvernance pluriannuel qui "
    "traduit la déclaration de politique sociale en objectifs stratégiques, en objectifs "
    "opérationnels et en actions concrètes pour la législature."
)
OS1 = "O.S. 1 : Être un CPAS qui accompagne chaque citoyen vers l'autonomie et l'insertion durable"
OO11 = "O.O. 1.1 : Renforcer l'accompagnement individuel des bénéficiaires du revenu d'intégration"
ACT1 = (
    "Mettre en place un référent unique pour chaque bénéficiaire afin de simplifier les "
    "démarches administratives et de réduire les délais de traitement des demandes."
)
ACT2 = "Organiser des ateliers collectifs de recherche d'emploi."
OO_ROWS = [
    (
        "OO/01",
        "Varier les canaux de communication pour toucher un maximum de citoyens, y compris "
        "les personnes éloignées du numérique",
    ),
    ("OO/02", "Revaloriser l'image du CPAS en communiquant davantage sur les services"),
]
DASHBOARD = [
    ("Action", "A programmer", "En cours", "Finalisé", "Pilote", "Échéance"),
    ("1.1.1 Créer une page Facebook", "", "X", "", "DG", "2024"),
    ("1.1.2 Publier un dépliant", "X", "", "", "Service social", ""),
    ("1.2.1 Ouvrir une laverie sociale", "", "", "X", "Présidente", "2023"),
]
TOC_LINES = [
    "Introduction . . . . . . . . . . . . . . . . . . . . 2",
    "Objectifs stratégiques . . . . . . . . . . . . . . 2",
    "Tableau de bord . . . . . . . . . . . . . . . . . . 3",
]


def _furniture(canv, doc) -> None:
    width, height = A4
    canv.saveState()
    canv.setFont("Helvetica", 9)
    canv.drawCentredString(width / 2, height - 40, HEADER)
    canv.drawRightString(width - 72, 30, f"PST – CPAS de {CPAS} – page {doc.page}")
    canv.restoreState()


def build_plan(path: Path) -> Path:
    """A 3-page plan: TOC, headings, nested bullets, an OO table, a dashboard; running
    header and footer on every page."""
    grid = TableStyle(
        [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    )
    story = [
        Paragraph("Programme Stratégique Transversal", H1),
        Paragraph("Table des matières", H2),
        *[Paragraph(line, TOC) for line in TOC_LINES],
        PageBreak(),
        Paragraph("Introduction", H2),
        Paragraph(INTRO, BODY),
        Paragraph(OS1, bullet_style(0), bulletText="•"),
        Paragraph(OO11, bullet_style(1), bulletText="•"),
        Paragraph(ACT1, bullet_style(2), bulletText="•"),
        Paragraph(ACT2, bullet_style(2), bulletText="•"),
        Spacer(1, 12),
        Table(
            [[Paragraph(a, CELL), Paragraph(b, CELL)] for a, b in OO_ROWS],
            colWidths=[80, 300],
            style=grid,
        ),
        PageBreak(),
        Paragraph("Tableau de bord", H1),
        Table(
            [[Paragraph(c, CELL_B) for c in DASHBOARD[0]]]
            + [[Paragraph(c, CELL) for c in row] for row in DASHBOARD[1:]],
            colWidths=[130, 75, 50, 50, 80, 60],
            style=grid,
        ),
    ]
    doc = SimpleDocTemplate(str(path), pagesize=A4, topMargin=72, bottomMargin=72)
    doc.build(story, onFirstPage=_furniture, onLaterPages=_furniture)
    return path


def build_encrypted(path: Path, user_password: str) -> Path:
    """A one-page PDF encrypted with the given user password (may be empty)."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption(user_password, ownerPassword="owner-secret", strength=128)
    canv = rl_canvas.Canvas(str(path), pagesize=A4, encrypt=enc)
    canv.setFont("Helvetica", 11)
    canv.drawString(72, 750, "OS1 : Un objectif chiffré")
    canv.save()
    return path


def build_dense(path: Path, n_chars: int = 25_000) -> Path:
    """One page with a very large number of tiny characters."""
    canv = rl_canvas.Canvas(str(path), pagesize=A4)
    canv.setFont("Helvetica", 2)
    per_line = 250
    text = "abcdefghij" * (per_line // 10)
    for i in range(n_chars // per_line):
        canv.drawString(10, 830 - i * 2.1 % 820, text)
    canv.save()
    return path


FOOTER_CPAS = "CPAS de Xyz"
FOOTER_LINE = f"{FOOTER_CPAS} – Rue Haute 5, 9999 Xyz"
FOOTER_BODY = [
    "Objectif stratégique 1 : Garantir un accueil de qualité à chaque usager",
    "Objectif opérationnel 1.1 : Réduire les délais de réponse aux demandes d'aide",
    "Action 1.1.1 : Ouvrir une permanence sociale le samedi matin",
]


def build_footer_only(path: Path, *, scanned: bool = False) -> Path:
    """Three pages whose only mention of the CPAS is the running footer (with a page number);
    ``scanned`` rasterizes the pages (150 dpi images, no text layer) so OCR reads them."""
    width, height = A4
    canv = rl_canvas.Canvas(str(path), pagesize=A4)
    for page in range(1, 4):
        canv.setFont("Helvetica-Bold", 14)
        canv.drawString(72, height - 110, f"Programme stratégique transversal – partie {page}")
        canv.setFont("Helvetica", 11)
        for n, line in enumerate(FOOTER_BODY):
            canv.drawString(72, height - 160 - 24 * n, line)
        canv.setFont("Helvetica", 9)
        canv.drawString(72, 30, FOOTER_LINE)
        canv.drawRightString(width - 72, 30, f"Page {page} sur 3")
        canv.showPage()
    canv.save()
    if scanned:
        _rasterize(path)
    return path


def _rasterize(path: Path, dpi: int = 150) -> None:
    """Replace a PDF by one image-only page per page (a "scan")."""
    import io

    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    pdf = pdfium.PdfDocument(str(path))
    images = []
    for page in pdf:
        bitmap = page.render(scale=dpi / 72)
        buf = io.BytesIO()
        bitmap.to_pil().convert("L").save(buf, format="PNG")
        images.append((page.get_size(), buf))
    pdf.close()
    canv = rl_canvas.Canvas(str(path))
    for (w, h), buf in images:
        canv.setPageSize((w, h))
        buf.seek(0)
        canv.drawImage(ImageReader(buf), 0, 0, width=w, height=h)
        canv.showPage()
    canv.save()


# A plan set in two columns (a LibreOffice/Word section with columns), with a full-width title
# and intro on page 1, running header and footer, an OO title cut by the column break and a
# full-width closing paragraph under the columns of page 2.
COLUMNS_TITLE = "Programme stratégique transversal 2025-2030"
COLUMNS_INTRO = (
    "Le programme stratégique transversal traduit la déclaration de politique sociale en objectifs "
    "stratégiques, en objectifs opérationnels et en actions, présentés ci-dessous sur deux colonnes."
)
COLUMNS_FLOW = [  # (kind, text): "os" bold 11 pt, "oo" bold 10 pt, "act" bullet 10 pt, "p" 10 pt
    ("os", "Objectif stratégique 1 : Être un CPAS qui garantit le droit à un logement décent"),
    ("oo", "OO 1.1 : Augmenter le nombre de logements d'urgence et de transit"),
    ("act", "Rénover deux logements de transit à destination des familles monoparentales"),
    ("act", "Créer un fonds de garantie locative en concertation avec les travailleurs sociaux"),
    ("act", "Mettre en place un accompagnement post-hébergement"),
    ("oo", "OO 1.2 : Prévenir les expulsions domiciliaires et accompagner les locataires en difficulté"),
    ("act", "Organiser des permanences juridiques mensuelles avec les partenaires du réseau local"),
    ("act", "Développer une capsule Housing First"),
    ("os", "Objectif stratégique 2 : Soutenir le maintien à domicile des aînés"),
    ("oo", "OO 2.1 : Développer les services d'aide à domicile pour l'ensemble des habitants de la commune"),
    ("act", "Créer un service de taxi social"),
    ("act", "Étendre le service de repas à domicile au week-end"),
    ("act", "Recruter une ergothérapeute pour la maison de repos"),
    ("oo", "OO 2.2 : Prévenir l'isolement des personnes âgées"),
    ("act", "Organiser des goûters intergénérationnels dans chaque village de l'entité"),
    ("act", "Mettre en place un dispositif de repérage des situations d'isolement"),
    ("os", "Objectif stratégique 3 : Favoriser l'insertion socioprofessionnelle"),
    ("oo", "OO 3.1 : Renforcer l'accompagnement vers l'emploi"),
    ("act", "Engager un agent d'insertion supplémentaire"),
    ("act", "Prospecter de nouveaux employeurs partenaires pour les contrats article 60"),
]
COLUMNS_CLOSING = (
    "Le présent programme a été adopté par le Conseil de l'action sociale et sera évalué à mi-parcours "
    "avec l'ensemble des services et des partenaires du CPAS."
)
COLUMN_WIDTH = 220.0
COLUMN_GAP = 28.0
COLUMN_LINES = 13  # lines per column: the break of page 1 falls inside the title of OO 1.2


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and stringWidth(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current]


def build_columns(path: Path) -> Path:
    """Two pages: a plan flowing through two columns (column 1 read before column 2), with
    full-width parts above (page 1) and below (page 2) the columns."""
    width, height = A4
    left = 72.0
    canv = rl_canvas.Canvas(str(path), pagesize=A4)

    def furniture(page: int) -> None:
        canv.setFont("Helvetica", 9)
        canv.drawCentredString(width / 2, height - 40, HEADER)
        canv.drawRightString(width - 72, 30, f"page {page}")

    furniture(1)
    canv.setFont("Helvetica-Bold", 16)
    canv.drawString(left, height - 90, COLUMNS_TITLE)
    canv.setFont("Helvetica", 10)
    y = height - 118
    for line in _wrap(COLUMNS_INTRO, "Helvetica", 10, 2 * COLUMN_WIDTH + COLUMN_GAP):
        canv.drawString(left, y, line)
        y -= 13
    top = y - 14  # first baseline of the columns on page 1
    slots = [(1, 0, top), (1, 1, top), (2, 0, height - 90), (2, 1, height - 90)]
    slot = 0
    row = 0
    styles = {"os": ("Helvetica-Bold", 11), "oo": ("Helvetica-Bold", 10), "act": ("Helvetica", 10)}
    for kind, text in COLUMNS_FLOW:
        font, size = styles[kind]
        indent = 14.0 if kind == "act" else 0.0
        lines = _wrap(text, font, size, COLUMN_WIDTH - indent)
        if row and kind != "act":
            row += 1  # a blank line before a title
        for k, line in enumerate(lines):
            if row >= COLUMN_LINES:
                slot += 1
                row = 0
                if slots[slot][0] != slots[slot - 1][0]:
                    canv.showPage()
                    furniture(2)
            _, col, first = slots[slot]
            x = left + col * (COLUMN_WIDTH + COLUMN_GAP)
            base = first - 13 * row
            canv.setFont(font, size)
            if kind == "act" and k == 0:
                canv.drawString(x, base, "•")
            canv.drawString(x + indent, base, line)
            row += 1
    canv.setFont("Helvetica", 10)
    y = height - 90 - 13 * (COLUMN_LINES + 1)
    for line in _wrap(COLUMNS_CLOSING, "Helvetica", 10, 2 * COLUMN_WIDTH + COLUMN_GAP):
        canv.drawString(left, y, line)
        y -= 13
    canv.showPage()
    canv.save()
    return path


# A ruled dashboard with merged cells (OS and OO cells merged down their rows, "Statut" merged
# over its three columns, header cells merged over the two header rows) and wrapped cells.
DASH_TITLE = "Tableau de bord du programme stratégique transversal"
DASH_HEAD = ["Objectif stratégique", "Objectif opérationnel", "Action", "Pilote", "Statut", "", ""]
DASH_SUBHEAD = ["", "", "", "", "À faire", "En cours", "Terminé"]
DASH_BODY = [
    ["OS 1 : Garantir le droit à un logement décent", "OO 1.1 : Augmenter le nombre de logements de transit",
     "Rénover deux logements de transit", "Anne Simon", "", "X", ""],
    ["", "", "Créer un fonds de garantie locative en concertation avec les partenaires du réseau local",
     "Benoît Dupont", "X", "", ""],
    ["", "OO 1.2 : Prévenir les expulsions", "Organiser des permanences juridiques", "Marie Marchal", "", "", "X"],
    ["OS 2 : Soutenir le maintien à domicile des aînés", "OO 2.1 : Développer l'aide à domicile",
     "Créer un service de taxi social", "Michel Martin", "", "X", ""],
    ["", "", "Étendre le service de repas à domicile au week-end", "Isabelle Dubois", "X", "", ""],
]  # fmt: skip
DASH_NOTE = "Une croix indique l'état d'avancement de chaque action."


def build_dashboard(path: Path) -> Path:
    """One landscape page: a title, a ruled dashboard with merged and wrapped cells, a note."""
    from reportlab.lib.pagesizes import landscape

    head = ParagraphStyle("dhead", parent=CELL_B, fontSize=10, leading=12)
    cell = ParagraphStyle("dcell", parent=CELL, fontSize=10, leading=12)
    rows = [DASH_HEAD, DASH_SUBHEAD, *DASH_BODY]
    data = [[Paragraph(c, head if r < 2 else cell) if c else "" for c in row] for r, row in enumerate(rows)]
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.8, "black"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("SPAN", (4, 0), (6, 0)),  # Statut over its three columns
            *[("SPAN", (c, 0), (c, 1)) for c in range(4)],  # header cells over both header rows
            ("SPAN", (0, 2), (0, 4)),  # OS 1 over its three actions
            ("SPAN", (1, 2), (1, 3)),  # OO 1.1 over its two actions
            ("SPAN", (0, 5), (0, 6)),  # OS 2
            ("SPAN", (1, 5), (1, 6)),  # OO 2.1
        ]
    )
    story = [
        Paragraph(DASH_TITLE, H2),
        Table(data, colWidths=[140, 140, 190, 100, 55, 55, 55], style=style),
        Spacer(1, 12),
        Paragraph(DASH_NOTE, BODY),
    ]
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), topMargin=50, bottomMargin=50)
    doc.build(story)
    return path


def scan(path: Path, target: Path, *, angle: float = 0.4, dpi: int = 200, seed: int = 1) -> Path:
    """An image-only copy of a PDF as a scanner makes it: grey, slightly rotated, specks of
    dust, JPEG-compressed."""
    import io
    import random

    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    pdf = pdfium.PdfDocument(str(path))
    pages = []
    for page in pdf:
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        image = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
        draw = ImageDraw.Draw(image)
        for _ in range(300):
            draw.point((rng.randrange(image.width), rng.randrange(image.height)), fill=rng.randint(60, 160))
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=60)
        pages.append(Image.open(io.BytesIO(buf.getvalue())))
    pdf.close()
    pages[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return target


SIDEWAYS_OS = ("OS 1 – Simplifier les démarches", "administratives des citoyens")


def build_sideways(path: Path, *, turn: int = 90) -> Path:
    """A ruled table whose first cell holds an objective written sideways over two lines, as Word writes a
    merged OS cell with vertical text (``turn`` 90: climbing the page; -90: going down it)."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    left, top, bottom, widths = 60.0, 760.0, 520.0, (50.0, 200.0, 220.0)
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    mid = (top + bottom) / 2
    for x in xs:
        c.line(x, bottom, x, top)
    for y in (bottom, top):
        c.line(xs[0], y, xs[-1], y)
    c.line(xs[1], mid, xs[-1], mid)
    c.setFont("Helvetica", 10)
    c.drawString(xs[1] + 4, top - 14, "1.1 Rendre l'information plus lisible")
    c.drawString(xs[2] + 4, top - 14, "Publier un article dans le bulletin")
    c.drawString(xs[1] + 4, mid - 14, "1.2 Développer les démarches en ligne")
    c.drawString(xs[2] + 4, mid - 14, "Créer une page du CPAS")
    for k, text in enumerate(SIDEWAYS_OS):
        c.saveState()
        if turn == 90:  # baseline going up, the second line to its right
            c.translate(xs[0] + 18 + 14 * k, bottom + 8)
        else:  # baseline going down, the second line to its left
            c.translate(xs[1] - 18 - 14 * k, top - 8)
        c.rotate(turn)
        c.drawString(0, 0, text)
        c.restoreState()
    c.save()
    return path


# Ruled tables drawn in the ways PDF writers draw them, at coordinates that are not whole points.
GRID_ROWS = [
    ["Objectif", "Action", "Pilote"],
    ["OS 1 Accueillir chaque usager", "Ouvrir une permanence le samedi", "Anne Simon"],
    ["OS 2 Loger", "Rénover deux logements de transit", "Marc Dupont"],
]
GRID_WIDTHS = (140.25, 210.5, 110.75)
GRID_HEIGHT = 22.35


def _grid_text(canv, left: float, top: float) -> None:
    for r, row in enumerate(GRID_ROWS):
        x = left
        canv.setFont("Helvetica-Bold" if r == 0 else "Helvetica", 9)
        for w, text in zip(GRID_WIDTHS, row, strict=True):
            canv.drawString(x + 4, top - GRID_HEIGHT * r - 14, text)
            x += w


def _grid_xs(left: float) -> list[float]:
    xs = [left]
    for w in GRID_WIDTHS:
        xs.append(xs[-1] + w)
    return xs


def _grid_lines(canv, left: float, top: float) -> None:
    xs = _grid_xs(left)
    bottom = top - GRID_HEIGHT * len(GRID_ROWS)
    for x in xs:
        canv.line(x, bottom, x, top)
    for r in range(len(GRID_ROWS) + 1):
        canv.line(xs[0], top - GRID_HEIGHT * r, xs[-1], top - GRID_HEIGHT * r)
    _grid_text(canv, left, top)


def build_ruled_lines(path: Path) -> Path:
    """A paragraph, then a 3×3 table ruled with one line per row and column boundary."""
    canv = rl_canvas.Canvas(str(path), pagesize=A4)
    canv.setFont("Helvetica", 10)
    canv.drawString(56.7, 780, "Tableau des objectifs stratégiques et de leurs actions")
    _grid_lines(canv, 56.7, 760.4)
    canv.save()
    return path


def build_cell_rects(path: Path) -> Path:
    """A 3×3 table drawn as one stroked rectangle per cell, the header cells also filled grey."""
    canv = rl_canvas.Canvas(str(path), pagesize=A4)
    left, top = 48.15, 700.35
    xs = _grid_xs(left)
    for r in range(len(GRID_ROWS)):
        y = top - GRID_HEIGHT * (r + 1)
        for x0, x1 in zip(xs, xs[1:], strict=False):
            canv.setFillGray(0.85)
            canv.rect(x0, y, x1 - x0, GRID_HEIGHT, stroke=1, fill=1 if r == 0 else 0)
    canv.setFillGray(0)
    _grid_text(canv, left, top)
    canv.save()
    return path


def build_form_table(path: Path) -> Path:
    """The ruled 3×3 table drawn inside a form XObject, placed on the page moved and scaled."""
    canv = rl_canvas.Canvas(str(path), pagesize=A4)
    canv.beginForm("grid")
    _grid_lines(canv, 0, GRID_HEIGHT * len(GRID_ROWS))
    canv.endForm()
    canv.setFont("Helvetica", 10)
    canv.drawString(60, 790, "Le tableau ci-dessous est un formulaire réutilisé")
    canv.saveState()
    canv.translate(60.5, 620.25)
    canv.scale(1.1, 1.1)
    canv.doForm("grid")
    canv.restoreState()
    canv.save()
    return path


def build_curves(path: Path) -> Path:
    """Text among circles, ellipses and waves (bezier paths only, some with aligned ends): no table."""
    canv = rl_canvas.Canvas(str(path), pagesize=A4)
    canv.setFont("Helvetica", 10)
    canv.drawString(72, 780, "Une page illustrée sans tableau")
    for k in range(4):
        canv.circle(120 + 110 * k, 650, 40, stroke=1, fill=0)
        canv.ellipse(80 + 110 * k, 520, 160 + 110 * k, 560)
    for k in range(5):
        y = 400 - 30 * k
        canv.bezier(72, y, 150, y + 25, 300, y - 25, 480, y)  # ends level: an edge for pdfplumber
    canv.bezier(72, 200, 100, 260, 140, 140, 72, 120)  # ends plumb
    canv.drawString(72, 100, "Fin de la page illustrée")
    canv.save()
    return path


def build_raw(path: Path, content: bytes, *, form: bytes | None = None, form_dict: bytes = b"") -> Path:
    """A one-page PDF written by hand: ``content`` draws the page (Helvetica is /F1); ``form`` is the
    content of the form XObject /Fm1 (its dictionary completed by ``form_dict``), for what reportlab
    does not write."""

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length %d %s >>\nstream\n%s\nendstream" % (len(data), extra, data)

    xobjects = b"/XObject << /Fm1 5 0 R >>" if form is not None else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.2756 841.8898] /Contents 4 0 R"
        b" /Resources << /Font << /F1 6 0 R >> " + xobjects + b" >> >>",
        stream(content),
        stream(form or b"", b"/Type /XObject /Subtype /Form /Resources << /Font << /F1 6 0 R >> >> " + form_dict),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


# A 2×2 grid with a boxed note in a form XObject with its own /Matrix, drawn twice: scaled, and moved.
FORM_GRID = (
    b"0.5 w 0 0 m 200 0 l S 0 30.25 m 200 30.25 l S 0 60.5 m 200 60.5 l S 0 0 m 0 60.5 l S"
    b" 100.3 0 m 100.3 60.5 l S 200 0 m 200 60.5 l S 10.1 70.2 55.55 12.35 re S"
    b" BT /F1 9 Tf 5 40 Td (Objectif) Tj 100 0 Td (Action) Tj ET BT /F1 9 Tf 5 10 Td (OS 1) Tj 100 0 Td (Ouvrir) Tj ET"
)
FORM_PAGE = b"q 0.9 0 0 0.9 50.5 100.25 cm /Fm1 Do Q q 1 0 0 1 0 300 cm /Fm1 Do Q BT /F1 10 Tf 72 700 Td (Titre) Tj ET"
FORM_ROWS = [["Objectif", "Action"], ["OS 1", "Ouvrir"]]


def build_form_matrix(path: Path) -> Path:
    """``FORM_GRID`` in a form with /Matrix [1.5 0 0 1.25 10.5 20.75], drawn twice."""
    matrix = b"/BBox [0 0 300 300] /Matrix [1.5 0 0 1.25 10.5 20.75]"
    return build_raw(path, FORM_PAGE, form=FORM_GRID, form_dict=matrix)
