"""Renditions by real office software: LibreOffice headless turns the .docx into PDF / .odt / .doc, and
scans are made by rasterizing a PDF into an image-only PDF (what a scanner gives).

Conversions run one at a time (LibreOffice is heavy) with a throw-away user profile.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

FILTERS = {
    "pdf": "pdf:writer_pdf_Export",
    "odt": "odt",
    "doc": "doc:MS Word 97",
    "html": "html:HTML (StarWriter)",
}


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise RuntimeError("LibreOffice is needed to render the gallery (Debian: libreoffice-writer-nogui)")
    return exe


def convert(src: Path, fmt: str, outdir: Path, *, timeout: float = 180) -> Path:
    """``soffice --headless --convert-to <fmt>``: the file written next to the others in ``outdir``."""
    (target,) = convert_all([src], fmt, outdir, timeout=timeout)
    return target


def convert_all(sources: list[Path], fmt: str, outdir: Path, *, timeout: float = 180) -> list[Path]:
    """Several files converted by one LibreOffice start (it costs seconds): the targets, in order."""
    profile = Path(tempfile.gettempdir()) / f"gallery-lo-{uuid.uuid4().hex}"
    try:
        with tempfile.TemporaryDirectory(prefix="gallery-conv-") as tmp:
            cmd = [soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
                   "--nolockcheck", "--nodefault", "--convert-to", FILTERS[fmt], "--outdir", tmp, *map(str, sources)]
            subprocess.run(cmd, check=True, capture_output=True, timeout=timeout * len(sources),
                           env={**os.environ, "HOME": str(profile), "TZ": "UTC", "SOURCE_DATE_EPOCH": "1740830400"})
            targets = []
            for src in sources:
                produced = Path(tmp) / f"{src.stem}.{fmt}"
                if not produced.is_file():
                    raise RuntimeError(f"LibreOffice wrote no {fmt} for {src.name}")
                target = outdir / produced.name
                shutil.copyfile(produced, target)
                if fmt == "pdf":
                    normalize_pdf(target)
                elif fmt == "odt":
                    normalize_zip(target)
                targets.append(target)
            return targets
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def normalize_pdf(path: Path) -> None:
    """Fixed creation date and /ID (same lengths: the xref offsets stay right), so a rerun gives the same bytes."""
    import hashlib
    import re

    data = path.read_bytes()
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}", rb"\g<1>20250301120000", data)
    ident = hashlib.md5(path.stem.encode()).hexdigest().upper().encode()
    data = re.sub(rb"(/ID\s*\[\s*<)[0-9A-Fa-f]{32}(>\s*<)[0-9A-Fa-f]{32}>",
                  lambda m: m.group(1) + ident + m.group(2) + ident + b">", data)
    data = re.sub(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}", lambda m: m.group(1) + ident, data)
    path.write_bytes(data)


def normalize_zip(path: Path) -> None:
    """Rewrite an OpenDocument zip with fixed entry dates (``mimetype`` first and stored, as the format wants),
    its random list ids numbered in order and its random rsids fixed."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zf:
        entries = [(info, zf.read(info.filename)) for info in zf.infolist()]
    ids: dict[bytes, bytes] = {}

    def list_id(m: re.Match) -> bytes:
        return ids.setdefault(m.group(0), b"list%d" % (len(ids) + 1))

    fixed_entries = []
    for info, data in entries:
        if info.filename in ("content.xml", "styles.xml"):
            data = re.sub(rb"list\d{6,}", list_id, data)
        elif info.filename == "settings.xml":
            data = re.sub(rb'(config:name="Rsid(?:Root)?" config:type="int">)\d+', rb"\g<1>1000000", data)
        fixed_entries.append((info, data))
    entries = fixed_entries
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 1, 12, 0, 0))
            fixed.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            zf.writestr(fixed, data)


def scan(pdf: Path, target: Path, *, seed: int, dpi: int = 200, max_pages: int | None = None) -> Path:
    """An image-only PDF from a PDF: pages rendered in grey, slightly rotated and speckled, JPEG-compressed."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    pages = []
    document = pdfium.PdfDocument(str(pdf))
    try:
        count = len(document) if max_pages is None else min(len(document), max_pages)
        for i in range(count):
            image = document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            angle = rng.uniform(-0.6, 0.6)
            image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
            draw = ImageDraw.Draw(image)
            w, h = image.size
            for _ in range(400):  # dust
                x, y = rng.randrange(w), rng.randrange(h)
                draw.point((x, y), fill=rng.randint(60, 160))
            image = image.filter(ImageFilter.GaussianBlur(0.35))
            # a scanner's JPEG round trip
            buf = io.BytesIO()
            image.save(buf, "JPEG", quality=55)
            pages.append(Image.open(io.BytesIO(buf.getvalue())))
    finally:
        document.close()
    when = time.gmtime(1740830400)
    pages[0].save(target, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], creationDate=when,
                  modDate=when, producer="Scanner", title="scan")
    return target
