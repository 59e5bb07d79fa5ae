"""Ruling of a pdfium page as pdfplumber sees it: its lines, rects and curves, and their edges.

pdfplumber gets these from pdfminer, which reads the whole page again (text included) in Python. Here
the path objects pdfium has already parsed are handed, segment by segment, to pdfminer's own
``paint_path`` (which splits subpaths and tells lines, rects and curves apart), then turned into
pdfplumber's objects and edges with pdfplumber's own functions, in pdfplumber's top-left coordinates.

pdfium keeps numbers as float32, pdfminer as doubles: each number is read back as the shortest decimal
that gives the same float32, which is what the content stream wrote in practice. pdfium also adds up the
operands of ``x y w h re`` in float32, where pdfminer adds the written numbers: those are looked up in the
content streams (``written_rects``).
"""

from __future__ import annotations

import ctypes
import re
import struct
from functools import cached_property

import pypdfium2.raw as pdfium_c

from .ruled_tables import MAX_EDGES

_F32 = struct.Struct("f")
_MAX_DEPTH = 15  # form XObjects inside form XObjects
_NUMBER = rb"([+-]?(?:\d+\.?\d*|\.\d+))\s+"
_RE_OP = re.compile(rb"(?<![\w.+-])" + _NUMBER * 4 + rb"re(?![\w])")
_OLD_FILL = re.compile(rb"(?<![\w/#])F(?![\w])")


class Unreadable(Exception):
    """Something on the page pdfminer might not paint as pdfium holds it."""


def exact(value: float) -> float:
    """The shortest decimal (as a double) whose float32 is ``value``: the number as written in the PDF."""
    for digits in (6, 7, 8):
        d = float(f"{value:.{digits}g}")
        if _F32.unpack(_F32.pack(d))[0] == value:
            return d
    return value


def _f32(value: float) -> float:
    return _F32.unpack(_F32.pack(value))[0]


def written_rects(streams: list[bytes]) -> dict[tuple, tuple]:
    """The operands of every ``re`` of some content streams, keyed by the float32 corners pdfium makes of them."""
    out: dict[tuple, tuple] = {}
    for data in streams:
        for match in _RE_OP.finditer(data):
            x, y, w, h = (float(g) for g in match.groups())
            fx, fy = _f32(x), _f32(y)
            out[(fx, fy, _f32(fx + _f32(w)), _f32(fy + _f32(h)))] = (x, y, w, h)
    return out


def page_streams(page_obj) -> list[bytes]:
    """The content streams of a pdfminer page and of the form XObjects it draws, decoded."""
    from pdfminer.pdftypes import resolve1, stream_value

    out = [stream_value(c).get_data() for c in page_obj.contents or []]
    seen: set[int] = set()

    def forms(resources) -> None:
        xobjects = resolve1((resolve1(resources) or {}).get("XObject")) or {}
        for ref in xobjects.values():
            xobj = stream_value(ref)
            if id(xobj) in seen or getattr(xobj.get("Subtype"), "name", None) != "Form":
                continue
            if "BBox" not in xobj:
                raise Unreadable("a form without BBox (pdfminer skips it)")
            seen.add(id(xobj))
            out.append(xobj.get_data())
            forms(xobj.get("Resources"))

    forms(page_obj.resources)
    return out


class _Full(Exception):
    pass


class Ruling:
    """The page's path objects as pdfplumber's ``page.lines``, ``page.rects``, ``page.curves``.

    ``height``: the page's as pdfplumber has it (the MediaBox as written); ``rects_written``: from
    ``written_rects``; ``limit``: stop past that many objects (where the table finder gives up)."""

    def __init__(self, page, height: float, rects_written: dict[tuple, tuple] | None = None, limit: int | None = None):
        from pdfminer.converter import PDFLayoutAnalyzer
        from pdfminer.layout import LTContainer
        from pdfminer.pdfinterp import PDFGraphicState, PDFResourceManager
        from pdfminer.utils import mult_matrix

        self._mult = mult_matrix
        self.height = height
        self.rects_written = rects_written or {}
        self._painter = PDFLayoutAnalyzer(PDFResourceManager())
        self._painter.cur_item = LTContainer((0, 0, 0, 0))
        self._gstate = PDFGraphicState()
        self._point = (ctypes.c_float(), ctypes.c_float())
        self._matrix = pdfium_c.FS_MATRIX()
        self._limit = limit
        try:
            for i in range(pdfium_c.FPDFPage_CountObjects(page)):
                self._add(pdfium_c.FPDFPage_GetObject(page, i), (1, 0, 0, 1, 0, 0), 0)
        except _Full:
            pass  # more objects than ``limit``: the table finder gives up on the page anyway
        self.lines: list[dict] = []
        self.rects: list[dict] = []
        self.curves: list[dict] = []
        kinds = {"LTLine": self.lines, "LTRect": self.rects, "LTCurve": self.curves}
        for item in self._painter.cur_item:
            kinds[type(item).__name__].append(self._object(item))

    def _add(self, obj, parent: tuple, depth: int) -> None:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
            return
        m = self._matrix
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
            raise Unreadable("no matrix")
        ctm = self._mult((exact(m.a), exact(m.b), exact(m.c), exact(m.d), exact(m.e), exact(m.f)), parent)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth >= _MAX_DEPTH:
                raise Unreadable("forms nested too deep")
            for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
                self._add(pdfium_c.FPDFFormObj_GetObject(obj, i), ctm, depth + 1)
            return
        self._painter.ctm = ctm
        self._painter.paint_path(self._gstate, True, False, False, self._segments(obj))
        if self._limit is not None and len(self._painter.cur_item) > self._limit:
            raise _Full

    def _segments(self, path) -> list[tuple]:
        """The path as pdfminer's ``curpath``: ("m", x, y), ("l", x, y), ("c", x1, y1, x2, y2, x3, y3), ("h",)."""
        x, y = self._point
        raw: list[tuple[int, float, float, bool]] = []
        for i in range(pdfium_c.FPDFPath_CountSegments(path)):
            seg = pdfium_c.FPDFPath_GetPathSegment(path, i)
            if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
                raise Unreadable("segment without a point")
            raw.append(
                (pdfium_c.FPDFPathSegment_GetType(seg), x.value, y.value, bool(pdfium_c.FPDFPathSegment_GetClose(seg)))
            )
        out: list[tuple] = []
        starts = [i for i, s in enumerate(raw) if s[0] == pdfium_c.FPDF_SEGMENT_MOVETO] + [len(raw)]
        if raw and starts[0] != 0:
            raise Unreadable("path not starting with a move")
        for a, b in zip(starts, starts[1:], strict=False):
            out += self._rect(raw[a:b]) or self._subpath(raw[a:b])
        return out

    def _rect(self, sub: list[tuple]) -> list[tuple] | None:
        """A subpath pdfium made of ``x y w h re``, with the operands as written; None for any other."""
        if len(sub) != 5 or [s[3] for s in sub] != [False, False, False, False, True]:
            return None
        (_, x0, y0, _), (k1, x1, y1, _), (k2, x2, y2, _), (k3, x3, y3, _), (k4, x4, y4, _) = sub
        line = pdfium_c.FPDF_SEGMENT_LINETO
        if not (
            k1 == k2 == k3 == k4 == line and (x4, y4) == (x0, y0) and y1 == y0 and x2 == x1 and y3 == y2 and x3 == x0
        ):
            return None
        written = self.rects_written.get((x0, y0, x2, y2))
        if written is None:
            return None
        x, y, w, h = written
        return [("m", x, y), ("l", x + w, y), ("l", x + w, y + h), ("l", x, y + h), ("h",)]

    @staticmethod
    def _subpath(sub: list[tuple]) -> list[tuple]:
        out: list[tuple] = []
        bezier: list[float] = []
        for kind, x, y, close in sub:
            point = (exact(x), exact(y))
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                bezier.extend(point)
                if len(bezier) < 6:
                    continue
                out.append(("c", *bezier))
                bezier = []
            elif bezier:
                raise Unreadable("broken bezier")
            elif kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                out.append(("m", *point))
            elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
                out.append(("l", *point))
            else:
                raise Unreadable(f"segment type {kind}")
            if close:
                out.append(("h",))
        if bezier:
            raise Unreadable("broken bezier")
        return out

    def _object(self, item) -> dict:
        """The keys of pdfplumber's object dict that its edge functions read."""
        kind = type(item).__name__[2:].lower()
        top = self.height - item.y1
        obj = {
            "object_type": kind,
            "x0": item.x0,
            "x1": item.x1,
            "y0": item.y0,
            "y1": item.y1,
            "top": top,
            "bottom": self.height - item.y0,
            "doctop": top,
            "width": item.width,
            "height": item.height,
        }
        if kind == "curve":
            obj["pts"] = [(px, self.height - py) for px, py in item.pts]
        return obj

    @property
    def edges(self) -> list[dict]:
        """pdfplumber's ``page.edges``: line edges, then rect edges, then curve edges."""
        from pdfplumber.utils import curve_to_edges, line_to_edge, rect_to_edges

        return (
            [line_to_edge(o) for o in self.lines]
            + [e for o in self.rects for e in rect_to_edges(o)]
            + [e for o in self.curves for e in curve_to_edges(o)]
        )


class TablePage:
    """What ``ruled_tables.find_page_tables`` reads of a pdfplumber page, made of pdfium's ruling and chars.

    pdfplumber's ``TableFinder`` reads ``edges`` and ``bbox`` of its page (strategy "lines"), and
    ``Table.extract`` its ``chars``."""

    def __init__(self, ruling: Ruling, bbox: tuple, chars: list[dict]):
        self.lines, self.rects, self.curves = ruling.lines, ruling.rects, ruling.curves
        self.ruling = ruling
        self.bbox = bbox
        self.chars = chars

    @cached_property
    def edges(self) -> list[dict]:
        """pdfplumber's ``page.edges`` (read twice by the table finder)."""
        return self.ruling.edges

    def find_tables(self, settings: dict) -> list:
        """pdfplumber's ``Page.find_tables``."""
        from pdfplumber.table import TableFinder, TableSettings

        return TableFinder(self, TableSettings.resolve(settings)).tables


def table_page(page, plumber_page, chars: list[dict], height: float) -> TablePage | None:
    """A pdfium page (``height`` as pdfium read it, its ``chars`` from ``PageReader``) as pdfplumber's
    ``plumber_page`` would be for the table finder; None where pdfium cannot stand in for pdfminer."""
    if abs(plumber_page.height - height) > 0.01 or tuple(plumber_page.bbox[:2]) != (0, 0):
        return None  # a crop box: pdfium's chars are not where pdfplumber puts them
    try:
        streams = page_streams(plumber_page.page_obj)
        if any(_OLD_FILL.search(data) for data in streams):
            return None  # pdfminer neither paints nor ends a path at "F"
        ruling = Ruling(page.raw, plumber_page.height, written_rects(streams), limit=MAX_EDGES)
    except Exception:  # noqa: BLE001 - anything pdfium or the streams do not tell exactly: pdfplumber reads the page
        return None
    for c in chars:  # what pdfplumber's word extraction reads beyond the box and text
        c["upright"] = True  # PageReader refuses rotated text
        c["doctop"] = c["top"]
    return TablePage(ruling, plumber_page.bbox, chars)
