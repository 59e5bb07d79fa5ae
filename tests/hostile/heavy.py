"""Builders of documents that are heavy on purpose (issue 14): each is written to a test's folder.

They are made by hand, byte by byte, so that they cost the test almost nothing to build while
costing a naive parser minutes and gigabytes: a PDF page holding millions of characters, an
HTML page just under the 20 MB limit, a list of tens of thousands of bullets, a PDF whose
text layer is garbage (a font with no ToUnicode map).
"""

from __future__ import annotations

import zlib
from pathlib import Path


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file of numbered objects (1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(content: bytes, compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(content, 9)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def dense_page_pdf(path: Path, chars: int = 3_000_000, first_lines: list[str] | None = None) -> Path:
    """One A4 page with ``chars`` characters of text (tiny Helvetica, lines of 1,000), after ``first_lines``
    in a readable size: a few KB on disk once compressed, millions of characters for the text layer."""
    ops = [b"BT /F1 11 Tf 60 800 Td 14 TL"]
    for line in first_lines or []:
        ops.append(b"(" + line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") + b") Tj T*")
    ops.append(b"/F1 0.5 Tf 0.6 TL")
    row = b"(" + b"abcdefghij" * 100 + b") Tj T*"
    ops += [row] * (chars // 1000)
    ops.append(b"ET")
    content = b"\n".join(ops)
    return _write(path, content)


def _write(path: Path, content: bytes, font: bytes | None = None) -> Path:
    font = font or b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        _stream(content),
        font,
    ]
    path.write_bytes(_pdf(objects))
    return path


def near_limit_html(path: Path, megabytes: float = 19.5, unit: str = "<p>x</p>") -> Path:
    """An HTML page just under the 20 MB limit made of one tiny element repeated (millions of elements)."""
    head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>CPAS</title></head><body><main>"
    n = int((megabytes * 1024 * 1024 - len(head) - 40) // len(unit))
    path.write_text(head + unit * n + "</main></body></html>", encoding="utf-8")
    return path


def many_bullets_html(path: Path, bullets: int = 40_000) -> Path:
    """A 0.4 MB page of ``bullets`` list items under one objective (the tree builder was quadratic on it)."""
    items = "<li>a</li>" * bullets
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><main>"
        "<h1>Programme stratégique transversal du CPAS de Testville</h1>"
        "<h2>Objectif stratégique 1 : Être un CPAS accessible</h2>"
        "<h3>Objectif opérationnel 1.1 : Accueillir chacun</h3>"
        f"<ul>{items}</ul></main></body></html>"
    )
    path.write_text(html, encoding="utf-8")
    return path


def cid_garbage_pdf(path: Path) -> Path:
    """A plan typeset with an embedded TrueType font whose ToUnicode map is blanked out: pdfium reads the
    accented letters as unmapped glyphs ("b(cid:1)n(cid:1)ficiaires"), a scan would read them fine."""
    import re

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("DejaVuTest", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    c = canvas.Canvas(str(path), pageCompression=0)
    c.setFont("DejaVuTest", 12)
    lines = [
        "CPAS de Testville - Programme Stratégique Transversal 2019-2024",
        "OS 1 : Être un CPAS qui accompagne les bénéficiaires",
        "OO 1.1 : Renforcer l'accompagnement des bénéficiaires",
        "1.1.1 Mettre en place un référent unique",
        "1.1.2 Créer un guichet de première ligne",
    ]
    for k, line in enumerate(lines):
        c.drawString(60, 780 - 22 * k, line)
    c.save()
    data = path.read_bytes()
    blanked = re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group(0)), data)  # offsets kept
    assert blanked != data
    path.write_bytes(blanked)
    return path


def deep_docx(depth: int = 400) -> bytes:
    """A .docx whose body nests content controls ``depth`` deep (libxml2 stops at 256)."""
    import io
    import zipfile

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = (
        f"<w:document {w}><w:body>" + "<w:sdt><w:sdtContent>" * depth
        + "<w:p><w:r><w:t>OS 1 : x</w:t></w:r></w:p>" + "</w:sdtContent></w:sdt>" * depth + "</w:body></w:document>"
    )
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", body)
    return out.getvalue()


def huge_scanned_page_pdf() -> bytes:
    """One image-only page declared 5 m × 5 m: 3.6 billion pixels to render for OCR at 300 dpi."""
    image = zlib.compress(bytes(64))
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Resources << /XObject << /Im1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        _stream(b"q 14400 0 0 14400 0 0 cm /Im1 Do Q"),
        b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Length %d /Filter /FlateDecode >>\nstream\n" % len(image) + image + b"\nendstream",
    ])
