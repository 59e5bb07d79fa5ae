"""Render one Word list counter in a ``w:numFmt`` (``ST_NumberFormat``) the way Word shows it.

``render`` returns ``None`` when a value cannot be rendered in a format (a format this
module does not know, a value out of the format's range, a label that would be absurdly
long): the caller then falls back to decimal *and says so* in the document warnings.

Enclosed and full-width digits (``decimalEnclosedCircle`` ①, ``decimalEnclosedParen`` ⑴,
``decimalFullWidth`` １…) are written in their compatibility (NFKC) form — ``1``,
``(1)``, ``1`` — which is what the label parsers downstream read. Text formats
(``ordinal``, ``cardinalText``, ``ordinalText``) follow the document language (French
by default, English when the document says so).
"""

from __future__ import annotations

import re

MAX_PART_CHARS = 100
"""Longest rendering of one counter (letters past ``z`` repeat: 27 → ``aa``)."""
MAX_TEXT_VALUE = 999_999
"""Largest value spelled out in words."""

# Formats that render the same digits as decimal once folded (NFKC).
_DECIMAL_LIKE = {
    "decimal",
    "decimalFullWidth",
    "decimalFullWidth2",
    "decimalHalfWidth",
    "decimalEnclosedCircle",
    "decimalEnclosedCircleChinese",
    "decimalEnclosedFullstop",
}


def render(value: int, num_fmt: str, lang: str = "fr", custom: str | None = None) -> str | None:
    """The text of counter ``value`` in format ``num_fmt``, or ``None`` when not renderable.

    ``custom`` is the ``w:format`` attribute of a Word 2010 ``custom`` format
    (``"001, 002, 003, ..."``).
    """
    text = _render(value, num_fmt, lang, custom)
    if text is not None and len(text) > MAX_PART_CHARS:
        return None
    return text


def unrenderable_reason(value: int, num_fmt: str, lang: str = "fr", custom: str | None = None) -> str:
    """Why ``render`` returned ``None`` for these arguments (for the document warnings)."""
    if num_fmt == "custom" and _custom(1, custom) is None:
        return f"custom numbering format {custom!r} not supported"
    if num_fmt not in SUPPORTED_FORMATS:
        return f"numbering format {num_fmt!r} not supported"
    if num_fmt in _TEXT_FORMATS and (lang, num_fmt) not in _SPELLERS:
        return f"numbering format {num_fmt!r} not supported in language {lang!r}"
    if value > 0 and num_fmt in ("lowerLetter", "upperLetter", "chicago"):
        return f"numbering values in format {num_fmt!r} longer than {MAX_PART_CHARS} characters"
    return f"numbering values out of the range of format {num_fmt!r}"


def _render(value: int, num_fmt: str, lang: str, custom: str | None) -> str | None:
    if num_fmt in _DECIMAL_LIKE:
        return str(value)
    if num_fmt == "decimalZero":
        return f"{value:02d}" if 0 <= value < 10 else str(value)
    if num_fmt == "decimalEnclosedParen":
        return f"({value})"
    if num_fmt == "numberInDash":
        return f"- {value} -"
    if value <= 0:
        return None  # letters, roman numerals and words start at 1
    if num_fmt in ("lowerLetter", "upperLetter"):
        letters = _repeated("ABCDEFGHIJKLMNOPQRSTUVWXYZ", value)
        if letters is None:
            return None
        return letters if num_fmt == "upperLetter" else letters.lower()
    if num_fmt in ("lowerRoman", "upperRoman"):
        if value >= 4000:
            return None
        roman = _roman(value)
        return roman if num_fmt == "upperRoman" else roman.lower()
    if num_fmt == "chicago":
        return _repeated("*†‡§", value)
    if num_fmt == "custom":
        return _custom(value, custom)
    if num_fmt in ("ordinal", "cardinalText", "ordinalText"):
        if value > MAX_TEXT_VALUE:
            return None
        speller = _SPELLERS.get((lang, num_fmt))
        return speller(value) if speller else None
    return None


def _repeated(symbols: str, value: int) -> str | None:
    """Word's repeating sequence: a..z then aa, bb..zz, aaa... (not spreadsheet-style ab)."""
    count = (value - 1) // len(symbols) + 1
    if count > MAX_PART_CHARS:
        return None
    return symbols[(value - 1) % len(symbols)] * count


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(value: int) -> str:
    out = []
    for amount, symbol in _ROMAN:
        count, value = divmod(value, amount)
        out.append(symbol * count)
    return "".join(out)


_CUSTOM_ZERO_PADDED = re.compile(r"0*1")


def _custom(value: int, custom: str | None) -> str | None:
    """Word 2010 custom formats; only the zero-padded ones (``001, 002, 003, ...``)."""
    first = (custom or "").split(",")[0].strip()
    if not _CUSTOM_ZERO_PADDED.fullmatch(first):
        return None
    return f"{value:0{len(first)}d}"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- French

_FR_UNITS = ("zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize").split()
_FR_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante", 8: "quatre-vingt"}


def _fr_below_100(n: int) -> str:
    if n < 17:
        return _FR_UNITS[n]
    if n < 20:
        return "dix-" + _FR_UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens in (7, 9):  # soixante-dix.., quatre-vingt-dix..
        base = "soixante" if tens == 7 else "quatre-vingt"
        rest = n - (60 if tens == 7 else 80)
        return f"{base} et onze" if n == 71 else f"{base}-{_fr_below_100(rest)}"
    base = _FR_TENS[tens]
    if unit == 0:
        return base + ("s" if tens == 8 else "")
    if unit == 1 and tens != 8:
        return f"{base} et un"
    return f"{base}-{_FR_UNITS[unit]}"


def _fr_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _fr_below_100(rest)
    head = "cent" if hundreds == 1 else f"{_FR_UNITS[hundreds]} cent"
    if rest == 0:
        return head + ("s" if hundreds > 1 else "")
    return f"{head} {_fr_below_100(rest)}"


def _fr_cardinal(n: int) -> str:
    if n < 1000:
        return _fr_below_1000(n)
    thousands, rest = divmod(n, 1000)
    if thousands == 1:
        head = "mille"
    else:
        head = _fr_below_1000(thousands)
        if head.endswith(("vingts", "cents")):
            head = head[:-1]  # "quatre-vingt mille", "deux cent mille"
        head += " mille"
    return f"{head} {_fr_below_1000(rest)}" if rest else head


def _fr_ordinal_words(n: int) -> str:
    if n == 1:
        return "premier"
    words = _fr_cardinal(n)
    if words.endswith(("vingts", "cents")):
        words = words[:-1]
    if words.endswith("cinq"):
        words += "u"
    elif words.endswith("neuf"):
        words = words[:-1] + "v"
    elif words.endswith("e"):
        words = words[:-1]
    return words + "ième"


# --------------------------------------------------------------------------- English

_EN_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_EN_ORDINAL_WORDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _en_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{_EN_UNITS[hundreds]} hundred")
    if rest or not hundreds:
        if rest < 20:
            parts.append(_EN_UNITS[rest])
        else:
            tens, unit = divmod(rest, 10)
            parts.append(_EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else ""))
    return " ".join(parts)


def _en_cardinal(n: int) -> str:
    thousands, rest = divmod(n, 1000)
    if not thousands:
        return _en_below_1000(rest)
    head = f"{_en_below_1000(thousands)} thousand"
    return f"{head} {_en_below_1000(rest)}" if rest else head


def _en_ordinal_words(n: int) -> str:
    words = _en_cardinal(n)
    cut = max(words.rfind(" "), words.rfind("-")) + 1
    head, last = words[:cut], words[cut:]
    if last in _EN_ORDINAL_WORDS:
        last = _EN_ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + last


def _en_ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_SPELLERS = {
    ("fr", "ordinal"): lambda n: f"{n}er" if n == 1 else f"{n}e",
    ("fr", "cardinalText"): lambda n: _capitalized(_fr_cardinal(n)),
    ("fr", "ordinalText"): lambda n: _capitalized(_fr_ordinal_words(n)),
    ("en", "ordinal"): _en_ordinal,
    ("en", "cardinalText"): lambda n: _capitalized(_en_cardinal(n)),
    ("en", "ordinalText"): lambda n: _capitalized(_en_ordinal_words(n)),
}

_TEXT_FORMATS = {"ordinal", "cardinalText", "ordinalText"}
SUPPORTED_FORMATS = frozenset(
    {
        *_DECIMAL_LIKE,
        *_TEXT_FORMATS,
        "decimalZero",
        "decimalEnclosedParen",
        "numberInDash",
        "lowerLetter",
        "upperLetter",
        "lowerRoman",
        "upperRoman",
        "chicago",
        "custom",
    }
)
"""Formats ``render`` knows (``bullet`` and ``none`` print no number and are handled by the caller)."""
