"""Recognize the printed label of a plan item ("OS1 :", "O.O. 1.1. :", "OO/01", "(A.12)"...).

Pure functions. ``match_label`` reads the start (or the iA.PST suffix) of one line of text and
says which level the label names, which numbers it carries and what the title is. It does not
decide whether a line belongs to the plan: that is the tree builder's job.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from pipeline.core.model import Level
from pipeline.core.text import fold, strip_pictographs


class LabelStyle(str, Enum):
    """How the number was written: with a level word, as a bare dotted path, or as an iA.PST tag."""

    EXPLICIT = "explicit"  # OS1, O.O. 1.2, Objectif opérationnel 3, Action 1.1.1
    DOTTED = "dotted"  # 1. / 1.1 / 1.1.1. — level only from depth
    ROMAN = "roman"  # I. II. — an outline's first level
    LETTER = "letter"  # a) b) — a sub-list
    UPPER_LETTER = "upper_letter"  # A. B. — a level of an outline that mixes styles (I. → A. → 1.)
    IA_PST = "ia_pst"  # "(OS.1)" running reference exported by iMio's iA.PST


@dataclass(frozen=True)
class LabelMatch:
    """A label found on a line: its level (None when only the depth tells), numbers and title.

    ``parts`` are the printed numbers; ``is_local`` is true when the number counts only within
    the parent ("OO/01", "Objectif opérationnel 1") rather than being a full dotted path.
    """

    style: LabelStyle
    level: Level | None
    parts: tuple[int, ...]
    label: str
    title: str
    is_local: bool = False
    # "Objectif opérationnel : 2.3 …": a level word, a colon, then the number — the way a fiche names its objectives
    is_field: bool = False

    @property
    def depth(self) -> int:
        """Number of components of the printed number."""
        return len(self.parts)


_SEP = r"\s*(?:[:\-–—.)]\s*)*"
_NUM = r"(\d{1,3}(?:\s?[./]\s?\d{1,3})*)\.?"
_ROMAN_RE = re.compile(r"^[IVXLC]+$")

# Each pattern captures the label (group "label") with the number (group "num") and the rest.
_OS_RE = re.compile(
    r"^(?P<label>(?:objectifs?\s+strat[ée]giques?|o\.\s?s\.?|os(?=[\s.\d/])|o\.s)"
    r"\s*(?:n[°o]\s*)?[./]?\s*(?P<num>\d{1,3}(?:\.\d{1,3}){0,2}(?!\d)|[IVX]{1,5}\b)\.?)" + _SEP + r"(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_OS_ORDINAL_RE = re.compile(
    r"^(?P<label>(?P<num>\d{1,2})\s*(?:er|ère|ere|e|ème|eme|°)?\s+objectif\s+strat[ée]gique)" + _SEP + r"(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_OO_RE = re.compile(
    r"^(?P<label>(?:objectifs?\s+op[ée]rationnels?|sous-objectifs?|o\.\s?o\.?|oo(?=[\s.\d/])|o\.o)"
    r"\s*(?:n[°o]\s*)?[./]?\s*" + _NUM.replace("(\\d", "(?P<num>\\d", 1) + r")" + _SEP + r"(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ACTION_RE = re.compile(
    r"^(?P<label>(?:actions?|projets?|mesures?|fiche[- ](?:action|projet)|a(?=[.\s]?\d))"
    r"\s*(?:n[°o]\s*)?[./]?\s*" + _NUM.replace("(\\d", "(?P<num>\\d", 1) + r")" + _SEP + r"(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# A generic word ("Objectif 2.1 :", "Priorité 1 -"): the depth of the number gives the level;
# a separator must follow, so "Objectif 2030" is no label.
_GENERIC_RE = re.compile(
    r"^(?P<label>(?:objectif|priorit[ée]|enjeu|ambition|orientation)\s*(?:n[°o]\s*)?"
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})\.?)\s*[:\-–—]\s*(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)


def generic_word(label: str) -> str | None:
    """The generic word of a printed label ("enjeu" for "Enjeu 1", "objectif" for "Objectif 1.1"), else None."""
    m = _GENERIC_RE.match(f"{label} : -")
    return fold(m.group("label")).split()[0] if m else None


# A level word with no number ("Objectif stratégique : …"): numbered by position later.
_UNNUMBERED_RE = re.compile(
    r"^(?P<label>objectif\s+strat[ée]gique|objectif\s+op[ée]rationnel|action|projet|"
    r"(?:intitul[ée]|libell[ée]|titre|nom)\s+(?:de\s+l['’]\s?action|du\s+projet))\s*[:–—-]\s*(?P<rest>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_DOTTED_RE = re.compile(
    r"^(?P<label>(?P<num>\d{1,2}(?:\.\d{1,3}){0,4})(?:°\)?(?=\s+[A-ZÀ-Ý«\"])|\.|\)|\s?[-–]|(?=\s)|(?=[A-ZÀ-Ý])))"
    r"(?P<rest>\s*.*)$",
    re.DOTALL,
)
_ROMAN_PATH_RE = re.compile(
    r"^(?P<label>(?P<roman>[IVX]{1,5})\.(?P<num>\d{1,3}(?:\.\d{1,3}){0,3})(?:\.(?P<letter>[a-z])[.)]?|\.?))"
    r"\s+(?P<rest>\S.*)$",
    re.DOTALL,
)
# "1-2" / "1-2-3": a path written with hyphens; a capital must follow, so "3-5 personnes" is no label.
_HYPHEN_PATH_RE = re.compile(
    r"^(?P<label>(?P<num>\d{1,2}(?:-\d{1,2}){1,3})\.?)(?:\s*[:\-–—.)]\s*|\s+)(?P<rest>[A-ZÀ-Ý«\"].*)$", re.DOTALL
)
# OCR reads the letter O of "OO.39" / "OS 2" as a zero.
_OCR_LEVEL_WORD = re.compile(r"^(?:[0O][0O]|[0O][S5])(?:\s?:\s?)?(?=\s?[./]?\s?\d)")
_ROMAN_LINE_RE = re.compile(
    r"^(?P<label>(?P<num>[IVX]{1,5})[.)]|(?P<num2>[IVX]{1,5})\s[-–])\s+(?P<rest>.+)$", re.DOTALL
)
_LETTER_RE = re.compile(r"^(?P<label>(?P<num>[a-z])[).])\s+(?P<rest>.+)$", re.DOTALL)
_LETTERED_PATH_RE = re.compile(
    r"^(?P<label>(?P<num>\d{1,2}(?:\.\d{1,2}){1,2})\.(?P<letter>[a-z])[.)]?)\s+(?P<rest>\S.*)$", re.DOTALL
)
_UPPER_LETTER_RE = re.compile(r"^(?P<label>(?P<num>[A-Z])[).])\s+(?P<rest>\S.+)$", re.DOTALL)
_IA_SUFFIX_RE = re.compile(r"\s*\((?P<tag>OS|OO|A)\s*\.?\s*(?P<num>\d{1,4})\)\s*\.?\s*$", re.IGNORECASE)
_LEADING_GLYPHS = re.compile(r"^[\s•▪◦●○■□◆◇➢➤►▶▸▹›»→➔✓✔✗☐☑❖⁃∙‣⦁\-–—*·\uf000-\uf8ff]+")


def roman_to_int(text: str) -> int | None:
    """Value of a Roman numeral (I..MMMM), or None when the text is not one."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    text = text.upper()
    if not text or not _ROMAN_RE.match(text):
        return None
    total, prev = 0, 0
    for ch in reversed(text):
        v = values[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def letter_to_int(letter: str) -> int:
    """Position of a list letter: a → 1."""
    return ord(letter.lower()) - ord("a") + 1


def _parts(num: str) -> tuple[int, ...]:
    pieces = [p for p in re.split(r"\s?[./]\s?", num.strip().strip(".")) if p]
    out = []
    for p in pieces:
        if p.isdigit():
            out.append(int(p))
        else:
            value = roman_to_int(p)
            if value is None:
                return ()
            out.append(value)
    return tuple(out)


def clean_title(text: str) -> str:
    """Collapse whitespace and strip the separators and quotes left around a title."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" :;–—-\t|").strip()


def strip_bullet(text: str) -> tuple[str, bool]:
    """Remove a leading bullet glyph; say whether there was one."""
    stripped = _LEADING_GLYPHS.sub("", strip_pictographs(text.lstrip()))
    had = stripped != text.lstrip()
    # A leading "-" followed by a digit is a negative number, not a bullet; rare enough in plans.
    return stripped, had


def _explicit(m: re.Match, level: Level, label_text: str) -> LabelMatch | None:
    num = m.group("num")
    parts = _parts(num)
    if not parts or any(p == 0 or p > 400 for p in parts):
        return None
    raw_label = m.group("label").strip()
    # "OO/01" and "Objectif opérationnel 1" count within the parent; "OO 1.2" is a full path.
    is_local = len(parts) == 1 and level != Level.OS
    return LabelMatch(
        LabelStyle.EXPLICIT, level, parts, raw_label.rstrip(" .:"), clean_title(m.group("rest")), is_local
    )


def match_label(text: str) -> LabelMatch | None:
    """Find the plan label at the start of ``text`` (or an iA.PST tag at its end).

    Returns None when the line carries no label. Numbers over 400, years and dates are not
    labels ("2020 /32 bis", "28/10/2019").
    """
    if not text:
        return None
    body, _ = strip_bullet(text)
    body = body.replace("\u00a0", " ").strip()
    if not body:
        return None
    ocr = _OCR_LEVEL_WORD.match(body)
    if ocr:
        # "00:55" is "OO.55" read by OCR: the colon stands for the dot.
        word = "OO" if ocr.group(0)[1] in "0O" else "OS"
        body = word + ("." if ":" in ocr.group(0) else "") + body[ocr.end() :]

    ia = _IA_SUFFIX_RE.search(body)
    if ia:
        tag = ia.group("tag").upper()
        level = {"OS": Level.OS, "OO": Level.OO, "A": Level.ACTION}[tag]
        title = body[: ia.start()]
        # The iA.PST export may also keep a dotted prefix: drop it from the title.
        inner = match_label(title)
        if inner is not None and inner.style is not LabelStyle.IA_PST:
            title = inner.title
        return LabelMatch(
            LabelStyle.IA_PST,
            level,
            (int(ia.group("num")),),
            f"({tag}.{ia.group('num')})",
            clean_title(title),
            is_local=False,
        )

    for regex, level in (
        (_OS_ORDINAL_RE, Level.OS),
        (_OS_RE, Level.OS),
        (_OO_RE, Level.OO),
        (_ACTION_RE, Level.ACTION),
    ):
        m = regex.match(body)
        if m:
            found = _explicit(m, level, body)
            if found is not None:
                return found

    m = _GENERIC_RE.match(body)
    if m:
        parts = _parts(m.group("num"))
        if parts and all(0 < p <= 400 for p in parts):
            level = Level.at_depth(len(parts))
            return LabelMatch(LabelStyle.EXPLICIT, level, parts, m.group("label"), clean_title(m.group("rest")))

    m = _UNNUMBERED_RE.match(body)
    if m and len(m.group("rest").split()) >= 2:
        word = fold(m.group("label"))
        level = Level.OS if "strat" in word else Level.OO if "oper" in word else Level.ACTION
        inner = match_label(m.group("rest"))
        if (
            inner is not None
            and inner.style is LabelStyle.DOTTED
            and inner.title
            and inner.depth <= level.depth + 1
        ):
            # "Objectif opérationnel : 2.3 Développer …" (a fiche's field): the number after the colon is the item's.
            label = f"{m.group('label')} : {inner.label}"
            local = inner.depth == 1 and level != Level.OS
            return LabelMatch(LabelStyle.EXPLICIT, level, inner.parts, label, inner.title, local, is_field=True)
        return LabelMatch(LabelStyle.EXPLICIT, level, (), m.group("label"), clean_title(m.group("rest")), True)

    m = _LETTERED_PATH_RE.match(body)
    if m:  # "1.1.a": the actions of OO 1.1 lettered
        parts = (*_parts(m.group("num")), letter_to_int(m.group("letter")))
        return LabelMatch(LabelStyle.DOTTED, None, parts, m.group("label"), clean_title(m.group("rest")))

    m = _ROMAN_PATH_RE.match(body)
    if m:  # "I.1." / "II.3.2.": an outline whose first level is Roman
        value = roman_to_int(m.group("roman"))
        parts = (value, *_parts(m.group("num"))) if value else ()
        if parts and m.group("letter"):  # "I.1.a": the actions of OO I.1 lettered
            parts = (*parts, letter_to_int(m.group("letter")))
        if parts and all(0 < p <= 400 for p in parts):
            return LabelMatch(LabelStyle.DOTTED, None, parts, m.group("label"), clean_title(m.group("rest")))

    m = _HYPHEN_PATH_RE.match(body)
    if m:
        parts = tuple(int(p) for p in m.group("num").split("-"))
        if all(0 < p <= 400 for p in parts):
            return LabelMatch(LabelStyle.DOTTED, None, parts, m.group("label"), clean_title(m.group("rest")))

    m = _ROMAN_LINE_RE.match(body)
    if m:
        value = roman_to_int(m.group("num") or m.group("num2"))
        if value:
            return LabelMatch(LabelStyle.ROMAN, None, (value,), m.group("label").strip(), clean_title(m.group("rest")))

    m = _DOTTED_RE.match(body)
    if m:
        parts = _parts(m.group("num"))
        rest = m.group("rest")
        # "28/10/2019", "2019 :" and "1,5 million" are not labels; a bare "3" followed by a word
        # is only a label when a separator or a capital follows.
        if parts and all(0 < p <= 400 for p in parts) and parts[0] < 100 and rest.strip():
            label = m.group("label").strip()
            if len(parts) == 1 and not re.match(r"^\d+\s?[.)\-–°]", label):
                return None  # "15 objectifs opérationnels" is a count, not a label
            if re.match(r"^\s*(?:%|€|euros?\b|ans?\b|mois\b|jours?\b|heures?\b|/)", rest, re.IGNORECASE):
                return None
            return LabelMatch(LabelStyle.DOTTED, None, parts, label.rstrip(" -–"), clean_title(rest))

    m = _LETTER_RE.match(body)
    if m:
        return LabelMatch(
            LabelStyle.LETTER, None, (letter_to_int(m.group("num")),), m.group("label"), clean_title(m.group("rest"))
        )
    m = _UPPER_LETTER_RE.match(body)
    if m:
        value = letter_to_int(m.group("num"))
        return LabelMatch(LabelStyle.UPPER_LETTER, None, (value,), m.group("label"), clean_title(m.group("rest")))
    return None


_LETTERED_OUTLINE_RE = re.compile(
    r"^(?P<label>(?P<letter>[A-H])\.(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})?\.?)\s+(?P<rest>[A-ZÀ-Ý«\"].*)$", re.DOTALL
)


def lettered_path(text: str) -> LabelMatch | None:
    """A label of an outline lettered at its first level ("A.", "A.1", "B.2.3") read as a path: "B.2.3" → (2, 2, 3).

    Letters up to H: a plan has no more OS, and "I.1" is Roman. Only the document can tell "A.1.1" from an action
    "A.1.1" (the iA.PST way): the caller decides."""
    m = _LETTERED_OUTLINE_RE.match(strip_bullet(text)[0].strip())
    if m is None:
        return None
    parts = (letter_to_int(m.group("letter")), *_parts(m.group("num") or ""))
    if any(p == 0 or p > 400 for p in parts):
        return None
    return LabelMatch(LabelStyle.DOTTED, None, parts, m.group("label"), clean_title(m.group("rest")))


def dotted(parts: tuple[int, ...] | list[int]) -> str:
    """Canonical dotted number: (3, 2) → "3.2"."""
    return ".".join(str(p) for p in parts)
