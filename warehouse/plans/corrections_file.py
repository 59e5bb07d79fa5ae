"""Read the analysts' correction files (``data/corrections/*.yaml``) into typed corrections.

A file holds one entry or a list of entries; each entry names one document (``source``: a path,
a file name or a URL; or ``sha256``: its hash or a prefix of at least 8 characters) and says
what to change in its parse. See ``data/corrections/README.md`` for the format, e.g.::

    - document: {source: grace-hollogne_deliberation-pst_scan.pdf}
      note: OCR read "2019 - 2025¹" as "20251"
      set: {legislature: 2018-2024}
      items:
        - match: {level: action, number: 1.2.3}
          set: {parent: "1.3"}

Every problem is reported with its file and line; a file that cannot be read is skipped, an
entry that is wrong is skipped, and the other files and entries still apply. Scalars are read
as they are written (``1.10`` stays the string ``"1.10"``, never the float 1.1).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.core.model import DocumentKind, Level, Status, Volet
from pipeline.core.settings import PROJECT_DIR
from pipeline.core.text import fold
from pipeline.reference.municipalities import municipality, walloon_municipalities

LEGISLATURES = ("2018-2024", "2024-2030")
_NUMBER = re.compile(r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$")
_PAGES = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$")
_SHA = re.compile(r"^[0-9a-f]{8,64}$")
_ITEM_FIELDS = {"title", "number", "parent", "status", "level", "volet"}
_MATCH_FIELDS = {"level", "volet", "number", "source_label", "title", "occurrence"}
_ENTRY_FIELDS = {"document", "note", "set", "current", "ignore", "levels", "items"}


@dataclass(frozen=True)
class CorrectionError:
    """A problem in a correction file, at a line (1-based; None when the file itself is the problem)."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass(frozen=True)
class ItemMatch:
    """Which item(s) of a document a correction is about; every given key must agree."""

    level: str | None = None
    volet: str | None = None
    number: str | None = None
    source_label: str | None = None
    title: str | None = None
    occurrence: int | None = None

    def describe(self) -> str:
        """The match in words, e.g. ``action 1.2.3 (externe)``."""
        parts = [self.level or "item", self.number or ""]
        if self.source_label:
            parts.append(f"printed {self.source_label!r}")
        if self.title:
            parts.append(f"titled {self.title[:40]!r}")
        if self.volet:
            parts.append(f"({self.volet})")
        if self.occurrence:
            parts.append(f"#{self.occurrence}")
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class ItemEdit:
    """One operation on items: change the matched item (``changes``), drop it (``ignore``), or add one."""

    line: int
    kind: str  # set_item | ignore_item | add_item | ignore_section
    match: ItemMatch | None = None
    changes: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class PageRange:
    """Pages whose items are ignored (inclusive)."""

    line: int
    first: int
    last: int


@dataclass(frozen=True, eq=False)
class Correction:
    """One entry of a correction file: a document and what to change in its parse."""

    file: str
    line: int
    source: str | None = None
    sha256: str | None = None
    note: str | None = None
    document: dict[str, str | None] = field(default_factory=dict)  # cpas_name, nis_code, legislature, doc_kind
    document_line: int | None = None
    current: bool = False
    current_line: int | None = None
    ignore_pages: tuple[PageRange, ...] = ()
    levels: dict[int, str] = field(default_factory=dict)
    levels_line: int | None = None
    items: tuple[ItemEdit, ...] = ()

    @property
    def ref(self) -> str:
        """``file:line`` of the entry."""
        return f"{self.file}:{self.line}"

    def ref_at(self, line: int | None) -> str:
        """``file:line`` of one of its operations."""
        return f"{self.file}:{line or self.line}"

    @property
    def selector(self) -> str:
        """How the entry names its document, in words."""
        parts = []
        if self.source:
            parts.append(f"source {self.source}")
        if self.sha256:
            parts.append(f"sha256 {self.sha256}")
        return " and ".join(parts)


@dataclass(frozen=True)
class CorrectionSet:
    """Every correction of a folder, the problems found reading it, and a digest of the files."""

    folder: str | None
    corrections: tuple[Correction, ...] = ()
    errors: tuple[CorrectionError, ...] = ()
    digest: str = ""


class _Invalid(ValueError):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line


# ---- YAML with lines ----------------------------------------------------------------------
class _Node:
    """A YAML value with its 1-based line: mappings → dict of _Node, sequences → list, scalars raw."""

    __slots__ = ("line", "value")

    def __init__(self, value: object, line: int):
        self.value = value
        self.line = line


def _convert(node: yaml.Node) -> _Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, _Node] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise _Invalid(key.start_mark.line + 1, "a key must be a plain word")
            if key.value in out:
                raise _Invalid(key.start_mark.line + 1, f"{key.value!r} is given twice")
            out[key.value] = _convert(value)
        return _Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_convert(v) for v in node.value], line)
    if node.tag == "tag:yaml.org,2002:null":
        return _Node(None, line)
    if node.tag == "tag:yaml.org,2002:bool":
        return _Node(node.value.lower() in ("true", "yes", "on"), line)
    return _Node(node.value, line)


def _mapping(node: _Node, what: str, allowed: set[str]) -> dict[str, _Node]:
    if not isinstance(node.value, dict):
        raise _Invalid(node.line, f"{what} must be a mapping (key: value)")
    unknown = sorted(set(node.value) - allowed)
    if unknown:
        raise _Invalid(
            node.value[unknown[0]].line,
            f"unknown key {unknown[0]!r} in {what} (expected one of: {', '.join(sorted(allowed))})",
        )
    return node.value


def _text(node: _Node | None, what: str, *, optional: bool = False) -> str | None:
    if node is None or node.value is None:
        if optional:
            return None
        raise _Invalid(node.line if node else None, f"{what} is required")
    if isinstance(node.value, dict | list):
        raise _Invalid(node.line, f"{what} must be a single value")
    text = str(node.value).strip()
    if not text and not optional:
        raise _Invalid(node.line, f"{what} is empty")
    return text or None


def _choice(node: _Node | None, what: str, values: list[str], *, optional: bool = True) -> str | None:
    text = _text(node, what, optional=optional)
    if text is None:
        return None
    folded = fold(text).replace(" ", "_").replace("à", "a")
    if folded not in values:
        raise _Invalid(node.line if node else None, f"{what} {text!r} is not one of {', '.join(values)}")
    return folded


def _number(node: _Node | None, what: str, *, optional: bool = True) -> str | None:
    text = _text(node, what, optional=optional)
    if text is None:
        return None
    text = text.rstrip(".")
    if not _NUMBER.match(text):
        raise _Invalid(node.line if node else None, f"{what} {text!r} is not a dotted number such as 1.2.3")
    return text


def _cpas(node: _Node) -> dict[str, str | None]:
    text = _text(node, "cpas")
    assert text is not None
    if text.isdigit():
        m = municipality(text)
        if m is None:
            raise _Invalid(node.line, f"no Walloon municipality has the NIS code {text}")
        return {"nis_code": m.nis_code, "cpas_name": m.name_fr}
    wanted = fold(text.removeprefix("CPAS de ").removeprefix("CPAS d'"))
    found = [m for m in walloon_municipalities() if fold(m.name_fr) == wanted]
    if len(found) != 1:
        raise _Invalid(node.line, f"{text!r} is not the name of a Walloon municipality: give its NIS code")
    return {"nis_code": found[0].nis_code, "cpas_name": found[0].name_fr}


def _match(node: _Node, what: str) -> ItemMatch:
    if isinstance(node.value, str | int):  # shorthand: a number
        return ItemMatch(number=_number(node, what, optional=False))
    m = _mapping(node, what, _MATCH_FIELDS)
    occurrence = None
    if "occurrence" in m:
        raw = _text(m["occurrence"], "occurrence")
        if not raw or not raw.isdigit() or int(raw) < 1:
            raise _Invalid(m["occurrence"].line, "occurrence must be 1, 2, 3...")
        occurrence = int(raw)
    found = ItemMatch(
        level=_choice(m.get("level"), "level", [v.value for v in Level]),
        volet=_choice(m.get("volet"), "volet", [v.value for v in Volet]),
        number=_number(m.get("number"), "number"),
        source_label=_text(m.get("source_label"), "source_label", optional=True),
        title=_text(m.get("title"), "title", optional=True),
        occurrence=occurrence,
    )
    if not (found.number or found.source_label or found.title):
        raise _Invalid(node.line, f"{what} needs a number, a source_label or a title")
    return found


def _item_values(node: _Node, what: str, *, adding: bool) -> dict[str, str | None]:
    m = _mapping(node, what, _ITEM_FIELDS)
    if not m:
        raise _Invalid(node.line, f"{what} changes nothing")
    out: dict[str, str | None] = {}
    for key, value in m.items():
        if key in ("number", "parent"):
            out[key] = _number(value, key, optional=key == "parent")
        elif key == "status":
            out[key] = _choice(value, key, [v.value for v in Status])
        elif key == "level":
            out[key] = _choice(value, key, [v.value for v in Level], optional=False)
        elif key == "volet":
            out[key] = _choice(value, key, [v.value for v in Volet])
        else:
            out[key] = _text(value, key)
    if adding:
        for required in ("level", "title"):
            if not out.get(required):
                raise _Invalid(node.line, f"{what} needs a {required}")
    return out


def _item_edit(node: _Node) -> ItemEdit:
    m = _mapping(node, "an item correction", {"match", "set", "ignore", "add"})
    if "add" in m:
        if len(m) > 1:
            raise _Invalid(node.line, "add stands alone (no match, set or ignore with it)")
        return ItemEdit(node.line, "add_item", changes=_item_values(m["add"], "add", adding=True))
    if "match" not in m:
        raise _Invalid(node.line, "an item correction needs match (with set or ignore), or add")
    match = _match(m["match"], "match")
    if "ignore" in m:
        if m["ignore"].value is not True or "set" in m:
            raise _Invalid(m["ignore"].line, "ignore: true drops the matched item (and its children); no set with it")
        return ItemEdit(node.line, "ignore_item", match=match)
    if "set" not in m:
        raise _Invalid(node.line, "match needs set: {...} or ignore: true")
    return ItemEdit(node.line, "set_item", match=match, changes=_item_values(m["set"], "set", adding=False))


def _entry(node: _Node, file: str) -> Correction:
    m = _mapping(node, "a correction", _ENTRY_FIELDS)
    if "document" not in m:
        raise _Invalid(node.line, "a correction needs document: {source: ...} or {sha256: ...}")
    doc = _mapping(m["document"], "document", {"source", "sha256"})
    source = _text(doc.get("source"), "source", optional=True)
    sha = _text(doc.get("sha256"), "sha256", optional=True)
    if sha is not None:
        sha = sha.lower()
        if not _SHA.match(sha):
            raise _Invalid(doc["sha256"].line, "sha256 must be the document's hash (at least its first 8 hex digits)")
    if not source and not sha:
        raise _Invalid(m["document"].line, "document needs source (path, file name or URL) or sha256")
    document: dict[str, str | None] = {}
    if "set" in m:
        s = _mapping(m["set"], "set", {"cpas", "legislature", "kind"})
        if "cpas" in s:
            document.update(_cpas(s["cpas"]))
        if "legislature" in s:
            leg = _text(s["legislature"], "legislature", optional=True)
            if leg is not None and leg.replace(" ", "") not in LEGISLATURES:
                raise _Invalid(s["legislature"].line, f"legislature {leg!r} is not one of {', '.join(LEGISLATURES)}")
            document["legislature"] = leg.replace(" ", "") if leg else None
        if "kind" in s:
            document["doc_kind"] = _choice(s["kind"], "kind", [k.value for k in DocumentKind], optional=False)
    pages: list[PageRange] = []
    sections: list[ItemEdit] = []
    if "ignore" in m and not isinstance(m["ignore"].value, list | type(None)):
        raise _Invalid(m["ignore"].line, "ignore must be a list (- pages: ... / - section: ...)")
    for ig in (m["ignore"].value if "ignore" in m else None) or []:
        spec = _mapping(ig, "ignore", {"pages", "section"})
        if len(spec) != 1:
            raise _Invalid(ig.line, "each ignore entry is pages: 3-5 or section: <number or match>")
        if "pages" in spec:
            found = _PAGES.match(str(spec["pages"].value or ""))
            if not found:
                raise _Invalid(spec["pages"].line, "pages must be a page or a range such as 12-15")
            first, last = int(found.group(1)), int(found.group(2) or found.group(1))
            if last < first:
                raise _Invalid(spec["pages"].line, "pages: the range ends before it starts")
            pages.append(PageRange(ig.line, first, last))
        else:
            sections.append(ItemEdit(ig.line, "ignore_section", match=_match(spec["section"], "section")))
    levels: dict[int, str] = {}
    if "levels" in m:
        for depth, value in _mapping(m["levels"], "levels", {str(n) for n in range(1, 10)}).items():
            levels[int(depth)] = _choice(value, "level", [v.value for v in Level], optional=False) or ""
    items = m["items"].value if "items" in m else []
    if not isinstance(items, list):
        raise _Invalid(m["items"].line, "items must be a list of - match: ... / - add: ...")
    current = False
    if "current" in m:
        if not isinstance(m["current"].value, bool):
            raise _Invalid(m["current"].line, "current must be true (this document is the plan's current source)")
        current = m["current"].value
    return Correction(
        file=file,
        line=node.line,
        source=source,
        sha256=sha,
        note=_text(m.get("note"), "note", optional=True),
        document=document,
        document_line=m["set"].line if "set" in m else None,
        current=current,
        current_line=m["current"].line if "current" in m else None,
        ignore_pages=tuple(pages),
        levels=levels,
        levels_line=m["levels"].line if "levels" in m else None,
        items=tuple(sections) + tuple(_item_edit(n) for n in items),
    )


def display_path(path: Path) -> str:
    """The path relative to the project folder when inside it (``data/corrections/x.yaml``)."""
    try:
        return str(path.resolve().relative_to(PROJECT_DIR))
    except ValueError:
        return str(path)


def read_file(path: Path) -> tuple[list[Correction], list[CorrectionError]]:
    """The corrections of one file and its problems (a YAML error skips the file, a bad entry skips the entry)."""
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [CorrectionError(name, None, f"cannot read the file: {exc}")]
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        return [], [CorrectionError(name, mark.line + 1 if mark else None, f"not valid YAML: {problem}")]
    if root is None:
        return [], []
    try:
        top = _convert(root)
    except _Invalid as exc:
        return [], [CorrectionError(name, exc.line, str(exc))]
    entries = top.value if isinstance(top.value, list) else [top]
    out: list[Correction] = []
    errors: list[CorrectionError] = []
    for entry in entries:
        try:
            out.append(_entry(entry, name))
        except _Invalid as exc:
            errors.append(CorrectionError(name, exc.line or entry.line, str(exc)))
    return out, errors


def load_corrections(folder: str | Path | None) -> CorrectionSet:
    """Every ``*.yaml`` / ``*.yml`` file of ``folder`` (name order); an absent folder has no corrections."""
    if folder is None:
        return CorrectionSet(None)
    root = Path(folder)
    files = sorted(p for p in root.glob("*") if p.suffix in (".yaml", ".yml") and p.is_file()) if root.is_dir() else []
    corrections: list[Correction] = []
    errors: list[CorrectionError] = []
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
        found, problems = read_file(path)
        corrections += found
        errors += problems
    return CorrectionSet(str(root), tuple(corrections), tuple(errors), digest.hexdigest()[:16])


__all__ = [
    "Correction",
    "CorrectionError",
    "CorrectionSet",
    "ItemEdit",
    "ItemMatch",
    "PageRange",
    "display_path",
    "load_corrections",
    "read_file",
]
