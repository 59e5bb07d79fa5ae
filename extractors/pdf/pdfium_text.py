"""Read the text layer of a PDF page with pypdfium2: line records like pdfplumber's, faster.

Chars come from pdfium's text page; they are grouped into words and lines with the same rules
as ``pdfplumber``'s ``extract_text_lines(layout=False)`` (x/y tolerance 3 pt, whitespace ends a
word) and turned into ``Line`` records by ``textlayer.line_from_chars``, so layout sees the same
input whichever library read the page. Char boxes follow pdfminer: x from the glyph origin and
advance, y from the baseline, font descent and font size.

Pages with ruling lines go through pdfplumber's table finder on the ruling pdfium read (``ruling``).
"""

from __future__ import annotations

import ctypes
import io
import statistics
from itertools import groupby
from operator import itemgetter

import pypdfium2.raw as pdfium_c

from .columns import SINGLE, Region, find_regions, in_region, spread
from .layout import Line, is_bullet_char
from .ruled_tables import MAX_EDGES
from .textlayer import MAX_PAGE_CHARS, line_from_chars

X_TOLERANCE = 3.0  # pdfplumber's defaults for extract_text_lines
Y_TOLERANCE = 3.0
# pdfplumber expands ligatures (its default ``expand_ligatures=True``)
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
# pdfminer takes these fonts' descents from its AFM tables, not from the PDF
_AFM_DESCENT = {"Courier": -194, "Helvetica": -207, "Times": -217, "Arial": -207, "CourierNew": -194,
                "TimesNewRoman": -217, "Symbol": 0, "ZapfDingbats": 0}  # fmt: skip
_AFM_STYLES = ("", "-Bold", "-Oblique", "-BoldOblique", "-Italic", "-BoldItalic", "-Roman",
               ",Bold", ",Italic", ",BoldItalic")  # fmt: skip


# FPDFText_GetTextObject typed to return the object's address: the pointer object pypdfium2 returns
# costs a ctypes.cast per char to become a dict key (a sixth of reading a page)
_text_object = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value
)


_X0, _X1, _TOP, _BOTTOM = itemgetter("x0"), itemgetter("x1"), itemgetter("top"), itemgetter("bottom")


class Unsupported(Exception):
    """The page has something this reader does not reproduce exactly (rotation, vertical text)."""


class _Font:
    __slots__ = ("name", "size", "descent", "handle", "em", "scale", "widths")

    def __init__(self, name: str, size: float, descent: float, handle, em: float, scale: float):
        self.name = name
        self.size = size  # font size times the vertical scale of the text matrix
        self.descent = descent  # below the baseline, in points (negative)
        self.handle = handle
        self.em = em  # the unscaled font size, for glyph widths
        self.scale = scale  # horizontal scale of the text matrix
        self.widths: dict[int, float | None] = {}

    def advance(self, code: int) -> float | None:
        """Advance width of a char in points, as pdfminer computes a char's x1."""
        width = self.widths.get(code, -1.0)
        if width == -1.0:
            value = ctypes.c_float()  # asked per 1000 em: exact in float32, scaled in double
            ok = pdfium_c.FPDFFont_GetGlyphWidth(self.handle, code, ctypes.c_float(1000.0), value)
            width = self.widths[code] = value.value * self.em / 1000.0 * self.scale if ok else None
        return width


class Descents:
    """Font descents as pdfminer reads them (the PDF's font descriptor), looked up lazily.

    pdfium makes up a descent from the glyphs when the descriptor says 0 (LibreOffice exports
    do); pdfminer keeps 0, which decides where pdfplumber puts a char's top and bottom.
    """

    def __init__(self, data: bytes):
        self.data = data
        self._known: dict[str, float | None] = {}
        self._pages = None
        self._file = None

    def get(self, name: str) -> float | None:
        """Descent (thousandths of the font size, <= 0) of a base font name; None if not found."""
        if name in self._known:
            return self._known[name]
        try:
            if self._pages is None:
                from pdfminer.pdfdocument import PDFDocument
                from pdfminer.pdfpage import PDFPage
                from pdfminer.pdfparser import PDFParser

                self._file = io.BytesIO(self.data)
                self._pages = PDFPage.create_pages(PDFDocument(PDFParser(self._file)))
            for page in self._pages:
                self._add_fonts(page.resources)
                if name in self._known:
                    break
        except Exception:  # noqa: BLE001 - pdfminer failing here only costs precision
            self._pages = iter(())
        return self._known.setdefault(name, None)

    def _add_fonts(self, resources) -> None:
        from pdfminer.pdftypes import resolve1

        fonts = resolve1((resolve1(resources) or {}).get("Font")) or {}
        for ref in fonts.values():
            spec = resolve1(ref) or {}
            base = resolve1(spec.get("BaseFont"))
            name = getattr(base, "name", base)
            if not isinstance(name, str):
                continue
            desc = resolve1(spec.get("FontDescriptor"))
            if desc is None and "DescendantFonts" in spec:
                kids = resolve1(spec["DescendantFonts"]) or [{}]
                desc = resolve1((resolve1(kids[0]) or {}).get("FontDescriptor"))
            value = resolve1((desc or {}).get("Descent", 0))
            descent = -abs(float(value)) if isinstance(value, (int, float)) else 0.0
            self._known.setdefault(name.split("+", 1)[-1], descent)

    def close(self) -> None:
        """Close the file pdfminer read."""
        if self._file is not None:
            self._file.close()


def _afm_descent(name: str) -> float | None:
    for base, descent in _AFM_DESCENT.items():
        if name.startswith(base) and name[len(base) :] in _AFM_STYLES:
            return descent
    return None


class PageReader:
    """Chars of one pdfium page, as pdfplumber-like dicts (``text``, box, ``size``, ``fontname``)."""

    def __init__(self, page, textpage, descents: Descents | None = None):
        self.page = page
        self.descents = descents
        self.textpage = textpage
        self.height = float(page.get_height())
        self.width = float(page.get_width())
        self._fonts: dict[int, _Font] = {}  # by text object
        self._fonts_by_size: dict[tuple, _Font] = {}  # by font handle, size and scale
        self._name_buf = ctypes.create_string_buffer(256)
        self._flags = ctypes.c_int()

    def _font(self, index: int, key: int) -> _Font:
        """The font of char ``index``, first met in text object ``key``; text objects of one font at one
        size share it (and its glyph widths)."""
        tp = self.textpage
        m = pdfium_c.FS_MATRIX()
        pdfium_c.FPDFText_GetMatrix(tp, index, m)
        if m.b or m.c or m.a <= 0 or m.d <= 0:
            raise Unsupported("rotated or mirrored text")
        size = float(pdfium_c.FPDFText_GetFontSize(tp, index))
        handle = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(tp, index))
        same = (ctypes.cast(handle, ctypes.c_void_p).value, size, m.a, m.d)
        font = self._fonts_by_size.get(same)
        if font is None:
            name = self._font_name(index)
            descent = _afm_descent(name)
            if descent is None and self.descents is not None:
                descent = self.descents.get(name)
            if descent is None:
                value = ctypes.c_float()
                ok = handle and pdfium_c.FPDFFont_GetDescent(handle, ctypes.c_float(1000.0), value)
                descent = min(value.value, 0.0) if ok else 0.0
            font = _Font(name, size * m.d, descent / 1000.0 * size * m.d, handle, size, m.a)
            self._fonts_by_size[same] = font
        self._fonts[key] = font
        return font

    def _font_name(self, index: int) -> str:
        tp = self.textpage
        n = pdfium_c.FPDFText_GetFontInfo(tp, index, self._name_buf, len(self._name_buf), self._flags)
        if n > len(self._name_buf):
            self._name_buf = ctypes.create_string_buffer(n)
            n = pdfium_c.FPDFText_GetFontInfo(tp, index, self._name_buf, n, self._flags)
        return self._name_buf.raw[: max(n - 1, 0)].decode("utf-8", "replace")

    def chars(self, limit: int | None = None) -> list[dict]:
        """The page's chars in content order; pdfium's generated spaces and line breaks left out.

        At most ``limit`` (default ``MAX_READ_CHARS``) of them are read: a char costs about 0.6 KB on
        its way to lines, and a hostile page holds millions."""
        tp = self.textpage.raw
        address = ctypes.cast(tp, ctypes.c_void_p).value
        height = self.height
        fonts = self._fonts
        get_unicode = pdfium_c.FPDFText_GetUnicode
        get_box = pdfium_c.FPDFText_GetLooseCharBox
        get_origin = pdfium_c.FPDFText_GetCharOrigin
        is_generated = pdfium_c.FPDFText_IsGenerated
        map_error = pdfium_c.FPDFText_HasUnicodeMapError
        rect = pdfium_c.FS_RECTF()
        ox, oy = ctypes.c_double(), ctypes.c_double()
        out: list[dict] = []
        prev_origin = None
        for i in range(min(pdfium_c.FPDFText_CountChars(tp), MAX_READ_CHARS if limit is None else limit)):
            code = get_unicode(tp, i)
            if 0xDC00 <= code <= 0xDFFF and out and i and 0xD800 <= get_unicode(tp, i - 1) <= 0xDBFF:
                continue  # the second half of a surrogate pair, read with its first half
            if 0xD800 <= code <= 0xDBFF:
                code = _astral(code, get_unicode(tp, i + 1))
            text = chr(code) if 0 < code < 0x110000 else ""
            if text.isspace() and is_generated(tp, i):
                continue
            key = _text_object(address, i)
            if not key:
                continue
            font = fonts.get(key) or self._font(i, key)
            if code == 2:
                text = "-"  # pdfium's mark for a hyphen at a line end
            elif map_error(tp, i) == 1:
                text = f"(cid:{code})"
            get_box(tp, i, rect)
            get_origin(tp, i, ox, oy)
            x0 = ox.value
            # pdfium's loose box also covers the ink; pdfminer's x1 is origin + advance,
            # except for a ligature split into chars at one origin (then: the whole glyph)
            advance = None
            if code > 2:
                advance = font.widths.get(code, -1.0)
                if advance == -1.0:
                    advance = font.advance(code)
            right = rect.right
            if x0 == prev_origin and out:
                out[-1]["x1"] = right
                advance = None
            x1 = x0 + advance if advance is not None and x0 + advance <= right + 0.01 else right
            prev_origin = x0
            y0 = oy.value + font.descent
            out.append(
                {
                    "text": LIGATURES.get(text, text),
                    "x0": x0,
                    "x1": x1,
                    "top": height - (y0 + font.size),
                    "bottom": height - y0,
                    "size": font.size,
                    "fontname": font.name,
                }
            )
        return out


def _astral(high: int, low: int) -> int:
    """The code point of a UTF-16 surrogate pair (pdfium gives an emoji's two halves as two chars)."""
    if 0xDC00 <= low <= 0xDFFF:
        return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    return 0xFFFD


def _cluster(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: chain sorted values closer than ``tolerance``."""
    ids: dict[float, int] = {}
    last = None
    n = -1
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            n += 1
        ids[v] = n
        last = v
    return ids


def _words(chars: list[dict]) -> list[list[dict]]:
    """pdfplumber's word extraction over chars already in reading order."""
    ids = _cluster([c["top"] for c in chars], Y_TOLERANCE)
    line_of = [ids[c["top"]] for c in chars]
    order = sorted(range(len(chars)), key=line_of.__getitem__)
    words: list[list[dict]] = []
    for _, group in groupby(order, key=line_of.__getitem__):
        current: list[dict] = []
        reach = 0.0  # where the last char read on this line ends
        for c in sorted((chars[i] for i in group), key=_X0):
            if c["text"].isspace():
                if current:
                    words.append(current)
                current = []
                continue
            call = bool(current) and _footnote_call(c, current, reach)
            reach = c["x1"]  # a call of two digits: the second one follows the first
            if call:
                continue
            if current:
                prev = current[-1]
                if (
                    c["x0"] < prev["x0"]
                    or c["x0"] > prev["x1"] + X_TOLERANCE
                    or abs(c["top"] - prev["top"]) > Y_TOLERANCE
                ):
                    words.append(current)
                    current = []
            current.append(c)
        if current:
            words.append(current)
    return words


def _footnote_call(c: dict, word: list[dict], reach: float) -> bool:
    """A digit set small and raised right after a word of three letters or more (``reach``: where the char before
    it ends): a footnote call ("aînés¹"), no part of the text (a unit's exponent, "m²", follows a shorter word)."""
    base = word[-1]
    return (
        c["text"].isdigit()
        and base["x0"] <= c["x0"] <= reach + X_TOLERANCE
        and c["size"] <= 0.8 * base["size"]
        and c["bottom"] < base["bottom"] - 0.2 * base["size"]
        and len(word) >= 3
        and all(ch["text"].isalpha() for ch in word[-3:])
    )


def text_lines(chars: list[dict], words: list[list[dict]] | None = None) -> list[tuple[str, list[dict]]]:
    """Text lines as pdfplumber's ``extract_text_lines(layout=False, strip=True)``: (text, chars).

    ``words``: ``_words(chars)`` when the caller already has them."""
    if not chars:
        return []
    if words is None:
        words = _words(chars)
    tops = [min(c["top"] for c in w) for w in words]
    ids = _cluster(tops, Y_TOLERANCE)
    out = []
    for _, group in groupby(zip(tops, words, strict=True), key=lambda tw: ids[tw[0]]):
        ws = [w for _, w in group]
        text = " ".join("".join(c["text"] for c in w) for w in ws).strip()
        if text:
            out.append((text, [c for w in ws for c in w]))
    return _bullets_on_their_line(out)


def _bullets_on_their_line(lines: list[tuple[str, list[dict]]]) -> list[tuple[str, list[dict]]]:
    """A bullet glyph smaller than its text sits on the text's baseline but below its top: a line of its own
    by the tops. It goes back to the start of the one line sharing its baseline just right of it."""
    out = list(lines)
    for text, chars in lines:
        if len(text) != 1 or not is_bullet_char(text):
            continue
        top, bottom, x1 = chars[0]["top"], chars[0]["bottom"], chars[0]["x1"]
        beside = [
            k for k, (_, cs) in enumerate(out)
            if cs is not chars and abs(max(c["bottom"] for c in cs) - bottom) <= 1.5
            and min(c["top"] for c in cs) < top - 1 and 0 <= min(c["x0"] for c in cs) - x1 <= 40
        ]
        if len(beside) == 1:
            k = beside[0]
            out[k] = (f"{text} {out[k][0]}", chars + out[k][1])
            out = [ln for ln in out if ln[1] is not chars]
    return out


def page_lines(
    chars: list[dict], page_no: int, width: float, height: float, tables=(), words: list[list[dict]] | None = None
) -> list[Line]:
    """``Line`` records of a page's chars outside ``tables``, in reading order (``columns``).

    The tables get the rank of their region in the reading order (``PageTable.region``). ``words``: those of the
    chars outside the tables, when the caller has them (``words_outside``).
    """
    boxes = [t.bbox for t in tables]
    flow = _outside(chars, boxes) if boxes else chars
    if words is None:
        words = _words(flow)
    regions = find_regions(
        [_box(w) for w in words] + boxes,
        ["".join(c["text"] for c in w) for w in words] + [""] * len(boxes),
        _body_size(flow),
    )
    for table, region in zip(tables, regions[len(words) :], strict=True):
        table.region = region.rank
    if all(r is SINGLE for r in regions):
        lines = [line_from_chars(t, cs, page_no, width, height) for t, cs in text_lines(flow, words)]
    else:
        by_rank: dict[int, tuple[Region, list[dict]]] = {}
        for c, region in zip(flow, spread(flow, words, regions[: len(words)]), strict=True):
            by_rank.setdefault(region.rank, (region, []))[1].append(c)
        lines = [
            in_region(line_from_chars(t, cs, page_no, width, height), region)
            for region, part in by_rank.values()
            for t, cs in text_lines(part)
        ]
    lines.sort(key=lambda ln: (ln.region, round(ln.top), ln.x0))
    return lines


def words_outside(chars: list[dict], boxes: list[tuple]) -> list[list[dict]]:
    """The words (chars grouped as pdfplumber does) of the chars outside ``boxes``."""
    return _words(_outside(chars, boxes) if boxes else chars)


def _outside(chars: list[dict], boxes: list[tuple]) -> list[dict]:
    """The chars that ``textlayer._in_any`` puts in none of ``boxes`` (widened by 1 pt), the widening done once."""
    wide = [(x0 - 1, top - 1, x1 + 1, bottom + 1) for x0, top, x1, bottom in boxes]
    out = []
    for c in chars:
        cx = (c["x0"] + c["x1"]) / 2
        cy = (c["top"] + c["bottom"]) / 2
        if not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in wide):
            out.append(c)
    return out


def _box(chars: list[dict]) -> tuple[float, float, float, float]:
    return (
        min(map(_X0, chars)),
        min(map(_TOP, chars)),
        max(map(_X1, chars)),
        max(map(_BOTTOM, chars)),
    )


def _body_size(chars: list[dict]) -> float | None:
    sizes = [c["size"] for c in chars if c["text"].strip()]
    return statistics.median(sizes) if sizes else None


def may_have_tables(page) -> bool:
    """Whether a page has enough straight ruling (lines, rectangles) to hold a 2-column table.

    Conservative: any path too complex to judge from its bounds counts as possible ruling.
    """
    h_edges = v_edges = paths = 0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=15):
        paths += 1
        if paths > MAX_EDGES * 4:
            return True  # let pdfplumber decide; it gives up on such pages itself
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        segments = pdfium_c.FPDFPath_CountSegments(obj)
        if segments > 5:
            return True
        if h < 2 and w >= 2:
            h_edges += 1
        elif w < 2 and h >= 2:
            v_edges += 1
        elif w >= 2 and h >= 2:
            h_edges += 2
            v_edges += 2
        if h_edges >= 2 and v_edges >= 3:
            return True
    return False


MAX_READ_CHARS = 200_000
"""Chars read from one page (a dense A3 page holds 15,000); beyond, the page is cut with a warning."""


def too_many_chars(n_chars: int) -> bool:
    """pdfplumber pages beyond this are read without table detection (see textlayer)."""
    return n_chars > MAX_PAGE_CHARS
