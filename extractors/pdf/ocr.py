"""OCR of image-only pages: render with pypdfium2, read words with tesseract (French).

Words become ``layout.Line`` records (in points, like the text layer) so the same layout
code applies. OCR'd bullets ("e", "«", "°", "o", "»", "*"...) are normalised to "•". A page
with ruled tables is deskewed and its tables rebuilt from the rules in the image
(``scan_tables``): rows of cells like the text layer's, the rest of the page read as usual.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from xml.etree import ElementTree

from pipeline.core.errors import OcrUnavailable

from .columns import Region, find_regions, in_region
from .layout import Line
from .scan_tables import find_grid, read_grid
from .textlayer import PageContent

DPI = 300
MAX_OCR_PIXELS = 60_000_000
"""Pixels of one page rendered for OCR: an A2 sheet at 300 dpi is 35 million; a page declared 5 m wide
would need gigabytes (and tesseract refuses images above 2^31 bytes): such a page is skipped, said so."""
LANG = "fra"
MIN_CONF = 10.0
# How tesseract tends to read a bullet glyph (plus "_" runs for the tab that follows it)
OCR_BULLET_TOKENS = frozenset("e ee o oe « «e » ° * - • © @ ¢ ® + · ô é < > = — –".split())


def check_tesseract() -> str:
    """Path of the tesseract binary; ``OcrUnavailable`` if it or its French data is missing. Looked up on every
    call (the PATH may have changed: parse children inherit the process's state), its languages once per binary."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise OcrUnavailable(
            "this PDF has no text layer and needs OCR, but the 'tesseract' binary is not "
            "installed (Debian: apt-get install tesseract-ocr tesseract-ocr-fra)"
        )
    return _with_french_data(exe)


@lru_cache(maxsize=8)
def _with_french_data(exe: str) -> str:
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise OcrUnavailable(f"tesseract cannot run: {exc}") from exc
    langs = {ln.strip() for ln in (out.stdout + out.stderr).splitlines()}
    if LANG not in langs:
        raise OcrUnavailable(
            "this PDF needs OCR, but tesseract has no French language data (Debian: apt-get install tesseract-ocr-fra)"
        )
    return exe


_TITLE_BBOX = re.compile(r"bbox (-?\d+) (-?\d+) (-?\d+) (-?\d+)")
_TITLE_XSIZE = re.compile(r"x_size ([\d.]+)")
_TITLE_CONF = re.compile(r"x_wconf (\d+)")
_LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}


def parse_hocr(hocr: bytes | str, scale: float) -> list[tuple[float, list[dict]]]:
    """Lines of a hOCR page as ``(font size in points, words)``; word boxes in points."""
    root = ElementTree.fromstring(hocr)
    out = []
    for el in root.iter():
        if el.get("class") not in _LINE_CLASSES:
            continue
        title = el.get("title", "")
        m = _TITLE_XSIZE.search(title)
        words = []
        for w in el.iter():
            if w.get("class") != "ocrx_word":
                continue
            text = "".join(w.itertext()).strip()
            box = _TITLE_BBOX.search(w.get("title", ""))
            conf = _TITLE_CONF.search(w.get("title", ""))
            if not text or not box:
                continue
            x0, y0, x1, y1 = (int(v) * scale for v in box.groups())
            words.append(
                {
                    "text": text,
                    "x0": x0,
                    "top": y0,
                    "x1": x1,
                    "bottom": y1,
                    "conf": float(conf.group(1)) if conf else 0.0,
                }
            )
        if words:
            lb = _TITLE_BBOX.search(title)
            size = float(m.group(1)) * scale if m else (int(lb.group(4)) - int(lb.group(2))) * scale
            out.append((size, words))
    return out


def _is_junk(token: str) -> bool:
    return token in OCR_BULLET_TOKENS or (len(token) <= 3 and not any(c.isalnum() for c in token))


def bullet_blob(gray, right: float, top: float, bottom: float, size: float, px: float) -> float | None:
    """x (points) of a small dark blob left of ``right`` on the line band: a bullet glyph
    that tesseract dropped. ``gray`` is the page image as a 2-D array, ``px`` pixels/point."""
    import numpy as np

    x_lo = max(0, int((right - 2.4 * size) * px))
    x_hi = max(x_lo, int((right - 0.2 * size) * px))
    y_lo, y_hi = max(0, int(top * px)), int(bottom * px) + 1
    band = np.asarray(gray[y_lo:y_hi, x_lo:x_hi]) < 128
    if band.size == 0 or not band.any():
        return None
    ys, xs = np.nonzero(band)
    w, h = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    limit = 0.6 * size * px
    if w <= limit and h <= limit and band.sum() >= 0.3 * w * h:
        return (x_lo + xs.min()) / px
    return None


def _blob(gray, word: dict, size: float) -> float | None:
    return bullet_blob(gray, word["x0"], word["top"], word["bottom"], size, DPI / 72)


_DESC = set("gjpqyçQ")
_ASC = set("bdfhklt") | set("àâäéèêëîïôöùûüÿœæ")


def word_size(text: str, height: float) -> float | None:
    """Font size (points) implied by the ink height of one word, from which letters it has."""
    letters = [c for c in text if c.isalpha() or c.isdigit()]
    if len(letters) < 2:
        return None
    asc = any(c.isupper() or c.isdigit() or c in _ASC for c in letters)
    desc = any(c in _DESC for c in letters)
    if any(c in "()[]{}|/" for c in text):
        asc = desc = True  # brackets reach above capitals and below the baseline
    ratio = 0.95 if asc and desc else 0.75 if asc or desc else 0.72 if "i" in text else 0.55
    return height / ratio


def line_size(words: list[dict], x_size: float) -> float:
    """Tesseract's x_size unless the word boxes clearly disagree (it sometimes copies the
    size of the paragraph's first line)."""
    ests = [e for w in words if (e := word_size(w["text"], w["bottom"] - w["top"])) is not None]
    if not ests:
        return x_size
    est = statistics.median(ests)
    return x_size if abs(est - x_size) <= 0.2 * max(est, x_size) else est


def words_to_line(words: list[dict], size: float, page_no: int, width: float, height: float, gray=None) -> Line | None:
    """One OCR line from its words (points); a leading bullet (junk tokens such as "e",
    "+ _", "°", or a dark blob left of the text) becomes "•"."""
    words = sorted(words, key=lambda w: w["x0"])
    bullet_x = None
    k = 0
    while k < min(2, len(words) - 1) and _is_junk(words[k]["text"]):
        k += 1
    if k:
        real = words[k]["text"].lstrip("_")
        underscored = real != words[k]["text"] or any("_" in w["text"] for w in words[:k])
        marks = [w for w in words[:k] if w["text"].strip("_")]
        far = words[k]["x0"] - words[k - 1]["x1"] >= 0.6 * size
        if real and (real[0].isupper() or real[0].isdigit()) and (far or underscored):
            # underscores are the tab gap, not the bullet: take the glyph's x, else look
            # for the glyph's ink left of the text
            bullet_x = marks[0]["x0"] if marks else None
            words = [dict(words[k], text=real), *words[k + 1 :]]
            if bullet_x is None:
                bullet_x = _blob(gray, words[0], size) if gray is not None else None
                if bullet_x is None:
                    bullet_x = words[0]["x0"] - 1.8 * size
    if words[0]["text"].startswith("_") and words[0]["text"].strip("_"):
        words = [dict(words[0], text=words[0]["text"].lstrip("_")), *words[1:]]
    if bullet_x is None and gray is not None:
        bullet_x = _blob(gray, words[0], size)
    text = " ".join(w["text"] for w in words)
    text = _OO_FIX.sub(lambda m: "O." + ("S" if m.group(1) in "S5" else "O") + ".", text)
    if not text.strip():
        return None
    first = words[0]
    others = [w for w in words[1:] if any(c.isalpha() for c in w["text"])]
    sup = bool(
        others
        and first["text"].isdigit()
        and len(first["text"]) <= 2
        and first["bottom"] < statistics.median(w["bottom"] for w in others) - 0.2 * size
    )
    return Line(
        text=("• " + text) if bullet_x is not None else text,
        x0=bullet_x if bullet_x is not None else first["x0"],
        top=min(w["top"] for w in words),
        x1=max(w["x1"] for w in words),
        bottom=max(w["bottom"] for w in words),
        page=page_no,
        size=round(size, 1),
        bold=False,
        text_x0=first["x0"] if bullet_x is not None else None,
        first_word_width=first["x1"] - first["x0"],
        sup_start=sup,
        page_width=width,
        page_height=height,
    )


# "O.0." / "0.0." / "0.S." at the start of a label are OCR misreadings of O.O. / O.S.
_OO_FIX = re.compile(r"^[O0]\.\s?([O0S5])\.(?=\s?\d)")


def hocr_to_lines(hocr, page_no: int, width: float, height: float, gray=None) -> list[Line]:
    """Line records of one OCR'd page, in reading order (``columns``)."""
    return words_to_lines(parse_hocr(hocr, 72 / DPI), page_no, width, height, gray)


def words_to_lines(ocr_lines, page_no: int, width: float, height: float, gray=None) -> list[Line]:
    """Line records from OCR lines ``(size, words)``: a line that crosses a column gutter is cut."""
    kept = []
    for size, words in ocr_lines:
        words = [w for w in words if w["conf"] >= MIN_CONF or len(w["text"]) > 2]
        if words:
            kept.append((line_size(words, size), words))
    flat = [w for _, words in kept for w in words]
    sizes = [size for size, _ in kept]
    regions = find_regions(
        [(w["x0"], w["top"], w["x1"], w["bottom"]) for w in flat],
        [w["text"] for w in flat],
        statistics.median(sizes) if sizes else None,
    )
    region_of = {id(w): r for w, r in zip(flat, regions, strict=True)}
    lines = []
    for size, words in kept:
        parts: dict[int, tuple[Region, list[dict]]] = {}
        for w in words:
            region = region_of[id(w)]
            parts.setdefault(region.rank, (region, []))[1].append(w)
        for region, part in parts.values():
            line = words_to_line(part, size, page_no, width, height, gray)
            if line is not None:
                lines.append(in_region(line, region))
    lines.sort(key=lambda ln: (ln.region, round(ln.top), ln.x0))
    return lines


def ocr_pages(data: bytes, indices: list[int]) -> list[PageContent]:
    """OCR several pages, a few at a time (tesseract runs as separate processes)."""
    import numpy as np
    import pypdfium2 as pdfium
    import pytesseract
    from PIL import Image

    pytesseract.pytesseract.tesseract_cmd = check_tesseract()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    workers = max(1, min(4, os.cpu_count() or 1, len(indices)))
    lock = threading.Lock()  # pdfium is not thread-safe; tesseract runs in subprocesses
    pdf = pdfium.PdfDocument(data)

    def work(index: int) -> PageContent:
        with lock:
            page = pdf[index]
            width, height = page.get_size()
            pixels = width * height * (DPI / 72) ** 2
            if pixels > MAX_OCR_PIXELS:
                page.close()
                skipped = PageContent(page=index + 1, width=width, height=height, ocr=True)
                skipped.warnings.append(
                    f"page {index + 1}: {width:.0f} × {height:.0f} pt is {pixels / 1e6:.0f} million pixels at "
                    f"{DPI} dpi, above the {MAX_OCR_PIXELS / 1e6:.0f} million OCR limit: not read"
                )
                return skipped
            image = page.render(scale=DPI / 72, grayscale=True).to_pil()
            page.close()
        content = PageContent(page=index + 1, width=width, height=height, ocr=True)
        gray = np.asarray(image)
        grid = find_grid(gray, DPI / 72)
        if grid is None:
            hocr = pytesseract.image_to_pdf_or_hocr(image, lang=LANG, config="--psm 3", extension="hocr")
            content.lines = hocr_to_lines(hocr, index + 1, width, height, gray)
            return content

        # ruled tables: their cells and the rest of the page are read apart (``scan_tables``)
        def read(img, psm: int):
            hocr = pytesseract.image_to_pdf_or_hocr(
                Image.fromarray(img), lang=LANG, config=f"--psm {psm}", extension="hocr"
            )
            return parse_hocr(hocr, 1.0)

        content.tables, flow = read_grid(grid, read, index + 1, DPI / 72)
        content.lines = words_to_lines(flow, index + 1, width, height, grid.image)
        return content

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(work, indices))
    finally:
        pdf.close()
