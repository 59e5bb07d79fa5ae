"""Tables of a plan: dashboards (one row per action) and fiches actions (one key | value table each).

Pure functions over cell texts; the builder decides what the rows become.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from normalizers.labels import clean_title, match_label, strip_bullet
from normalizers.status import normalize_status, status_of_wrapped_label
from normalizers.tree.vocabulary import DANGLING_END, field_of, is_objective_like
from pipeline.core.model import Status
from pipeline.core.text import fold

# Column roles of a dashboard table, matched on the folded header text.
COLUMN_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("os", re.compile(r"^(?:objectifs?\s+strat\w*|os|o\.s\.?)$")),
    ("oo", re.compile(r"^(?:objectifs?\s+op\w*|oo|o\.o\.?)$")),
    ("number", re.compile(r"^(?:n°|no\.?|num(?:ero)?|ref(?:erence)?\.?|code|#|id)$")),
    ("level", re.compile(r"^(?:niveau|type|echelon)$")),  # each row names its level: "Objectif stratégique", "Action"
    (
        "title",
        re.compile(
            r"^(?:actions?|intitule|libelle|projets?(?:\s*/\s*actions?)?|actions?\s*/\s*projets?|"
            r"intitule de l.action|description de l.action|nom de l.action|actions? a mener|objectifs?)\b"
        ),
    ),
    ("status", re.compile(r"^(?:statut|etat|etat d.avancement|situation)\b")),
    ("progress", re.compile(r"(?:taux|avancement|%|progression)")),
    ("pilote", re.compile(r"^(?:pilotes?|porteurs?|responsables?|chef de projet|services?(?: porteurs?)?|agents?)\b")),
    ("partners", re.compile(r"^(?:partenaires?|partenariats?|acteurs?)\b")),
    ("due", re.compile(r"^(?:echeances?|delais?|timing|calendrier|date de fin|fin|periode|planning|horizon|annee)\b")),
    ("indicators", re.compile(r"^indicateurs?")),
    ("description", re.compile(r"^(?:description|commentaires?|remarques?)\b")),
)
_FICHE_KEYS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("os", re.compile(r"^objectifs?\s+strat")),
    ("oo", re.compile(r"^objectifs?\s+op")),
    ("title", re.compile(r"^(?:intitule|libelle|titre|nom)\b|^(?:actions?|projets?|fiche\s+action)\s*$")),
)


@dataclass
class Header:
    """What the header rows of a dashboard say about its columns."""

    roles: dict[int, str] = field(default_factory=dict)
    status_columns: dict[int, Status] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)  # "OS" | "Objectif stratégique": the number's column
    width: int = 0
    cells: tuple[str, ...] = ()

    def is_dashboard(self) -> bool:
        """Enough columns named to read rows as actions."""
        found = set(self.roles.values())
        return ("title" in found and (len(self.roles) >= 2 or bool(self.status_columns))) or {"os", "oo"} <= found


def _status_heading(folded: str) -> Status | None:
    """A status column's label, also when wrapped mid-word ("A progra mmer", "Réa lisé")."""
    if len(folded) > 30 or re.match(r"^(?:statut|etat)", folded):
        return None
    return normalize_status(folded) or status_of_wrapped_label(folded)


def _unwrap(folded: str) -> str:
    """Join a word wrapped in a narrow column: "intitu le" → "intitule"."""
    return re.sub(r"(?<=[a-z])\s(?=[a-z]{1,3}\b)", "", folded)


def _folded_label(cell: str) -> str:
    """A header or key cell folded for matching, on one line (a label wrapped in its cell: "Date de / Fin")."""
    return " ".join(fold(cell).split()).strip(" :")


def read_header(cells: list[str]) -> Header:
    """Column roles and status columns named by one header row."""
    header = Header(width=len(cells), cells=tuple(cells))
    for i, cell in enumerate(cells):
        f = _folded_label(cell)
        if not f or len(f) > 60:
            continue
        st = _status_heading(f)
        if st is not None:
            header.status_columns[i] = st
            continue
        matched = [role for role, regex in COLUMN_ROLES if regex.search(f) or regex.search(_unwrap(f))]
        before = header.roles.get(i - 1)
        if before in _NUMBERED_ROLES and before in matched and before not in header.numbers:
            # The same level named twice side by side ("OO" | "Objectif opérationnel", "Action" | "Intitulé
            # de l'action"): its number, then its title.
            header.numbers[before] = i - 1
            header.roles[i] = header.roles.pop(i - 1)
            continue
        role = next((r for r in matched if r not in header.roles.values()), None)
        if role is not None:
            header.roles[i] = role
    return header


_NUMBERED_ROLES = ("os", "oo", "title")
_LEVEL_WORDS = {"os": "OS", "oo": "OO"}


def row_values(header: Header, cells: list[str]) -> dict[str, str]:
    """The text of each named column of a row; a level whose number has a column of its own gets it back
    ("1.2" | "Lutter contre …" → "OO 1.2 Lutter contre …"; an action's number is its ``number``)."""
    values = {role: cells[i] for i, role in header.roles.items() if i < len(cells) and cells[i]}
    for role, i in header.numbers.items():
        number = cells[i].strip() if i < len(cells) else ""
        if not number or role not in values:
            continue
        if role == "title":
            values.setdefault("number", number)
        elif _number_cell(number) is not None:
            values[role] = f"{_LEVEL_WORDS[role]} {number} {values[role]}"
    return values


def dashboard_header(cells: list[str]) -> Header | None:
    """The header a row is when it names a dashboard's columns (never a row holding an item), else None."""
    header = read_header(cells)
    return header if header.is_dashboard() and not is_data_row(cells) else None


def extend_header(header: Header, cells: list[str]) -> bool:
    """A further header row (statuses under "Statut", a second line of labels): merged; False for data."""
    if is_data_row(cells):
        return False
    more = read_header(cells)
    repeated = sum(  # a cell merged over two header rows comes again in the second
        1 for i, c in enumerate(cells) if c.strip() and i < len(header.cells) and c == header.cells[i]
    )
    named = len(more.status_columns) + len(more.roles)
    if not more.status_columns and not named:
        return False
    if max(named, repeated + len(more.status_columns)) < sum(1 for c in cells if c.strip()):
        return False  # a cell that names no column: a data row
    if len(cells) > header.width and more.status_columns:
        # The row above spans its status heading over the status columns: later columns shift.
        span, shift = min(more.status_columns), len(cells) - header.width
        header.roles = {(i + shift if i > span else i): role for i, role in header.roles.items()}
        header.width = len(cells)
    for i, st in more.status_columns.items():
        header.status_columns[i] = st
        if header.roles.get(i) == "status":
            del header.roles[i]
    for i, role in more.roles.items():
        if i not in header.roles and role not in header.roles.values():
            header.roles[i] = role
    return True


def is_data_row(cells: list[str]) -> bool:
    """A row that holds an item (a label, a long title, a tick mark): never a header."""
    for cell in cells:
        text = cell.strip()
        if not text:
            continue
        label = match_label(text)
        if label is not None and (label.level is not None or label.depth >= 2):
            return True
        if len(text) > 60 or fold(text) in {"x", "✓", "✔", "●", "oui"}:
            return True
    return False


# A cell that holds a number and nothing else: "1", "1.2.", "2.1.3", "IV", "B)".
_NUMBER_CELL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,4}\.?|[IVXLC]{1,7}\.?|[A-Za-z][.)]|\d{1,3}\))$")


def _number_cell(cell: str) -> str | None:
    """The label a number cell prints, written to read before a title ("1" → "1."), else None."""
    if _NUMBER_CELL.match(cell):
        return cell if cell[-1] in ".)" or "." in cell else f"{cell}."
    label = match_label(cell)
    return cell if label is not None and label.level is not None and not label.title else None


def outline_row_texts(rows: list[list[str]]) -> list[str] | None:
    """The line each row reads as when a table only lays out an outline, else None.

    A table without a header whose rows are "1.1 | Améliorer l'accueil" (a number cell, then its
    title) or one numbered cell each ("1.1 Améliorer l'accueil") is the plan's outline put in boxes:
    its rows are lines like any other. A row that ends on a page number is a table of contents.
    """
    texts: list[str] = []
    labelled = 0
    for cells in rows:
        nonempty = [c.strip() for c in cells if c.strip()]
        if not nonempty:
            texts.append("")
            continue
        if len(nonempty) == 1:
            label = match_label(nonempty[0])
            labelled += label is not None and bool(label.title)
            texts.append(nonempty[0])
            continue
        number = _number_cell(nonempty[0])
        if number is None or (len(nonempty) >= 3 and re.fullmatch(r"\d{1,3}", nonempty[-1])):
            return None
        labelled += 1
        texts.append(f"{number} {nonempty[1]}")
    if labelled < 2 or labelled * 5 < sum(1 for t in texts if t) * 4:
        return None
    return texts


def fiche_pairs(cells: list[str]) -> list[tuple[str, str]]:
    """The key | value pairs of a fiche action row ("Référence | A.1.1 | Échéance | 2030" holds two).

    Roles: "os", "oo", "title", "volet", a field role ("pilote", "status"…) or "other".
    Empty when the row is not made of known keys.
    """
    cells = [c for c in cells]
    if read_header(cells).is_dashboard():
        return []
    nonempty = [c for c in cells if c.strip()]
    if len(cells) <= 3 and 1 <= len(nonempty) <= 2:
        pairs = [(nonempty[0], " ".join(nonempty[1:]))]
    elif len(cells) % 2 == 0 and len(cells) <= 8:
        pairs = [(cells[i], cells[i + 1]) for i in range(0, len(cells), 2) if cells[i].strip()]
    else:
        return []
    out = []
    for key, value in pairs:
        role = _fiche_role(key)
        if role is None:
            return []
        out.append((role, value.strip()))  # line breaks kept: a cell may list several actions
    return out


def _fiche_role(key: str) -> str | None:
    folded = _folded_label(key)
    if not folded or len(folded) > 45:
        return None
    if re.match(r"^volets?\b", folded):
        return "volet"
    for role, regex in _FICHE_KEYS:
        if regex.search(folded):
            return role
    found = field_of(f"{key.strip(' :')} : -")
    return found[0] if found is not None else None


def split_cell_items(text: str) -> list[str]:
    """The actions of a cell that lists several, one a line: each line bulleted, numbered ("1.1.1 …"), or
    worded as an action ("Créer …" / "Organiser …": a title wrapped in its cell never starts every line so)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 2:
        return [text]
    bulleted = [strip_bullet(ln) for ln in lines]
    if sum(1 for _, had in bulleted if had) >= len(lines) - 1:
        pieces: list[str] = []
        for i, (body, had) in enumerate(bulleted):
            if pieces and not had and bulleted[i - 1][1]:
                pieces[-1] = f"{pieces[-1]} {body}"  # "• … avec le" / "CPAS de Namur": one bullet wrapped
            elif body:
                pieces.append(body)
        return [clean_title(piece) for piece in pieces]
    lines = _unwrapped(lines)
    labels = [match_label(ln) for ln in lines]
    numbered = all(label is not None and label.title for label in labels) and (  # "1.1.1 …" a line, alike
        len({(label.style, label.level, label.depth) for label in labels if label is not None}) == 1
    )
    worded = all(is_objective_like(ln) == 1.0 and len(ln) <= 160 for ln in lines)  # not a title and its description
    if len(lines) >= 2 and (numbered or worded) and not any(ln.endswith("-") for ln in lines[:-1]):
        return [clean_title(ln) for ln in lines]
    return [text]


def _unwrapped(lines: list[str]) -> list[str]:
    """A cell's lines with a title wrapped after an article, a preposition or a comma joined again
    ("Publier un guide des services du" / "CPAS")."""
    out: list[str] = []
    for ln in lines:
        if out and (out[-1].endswith(",") or DANGLING_END.search(out[-1])):
            out[-1] = f"{out[-1]} {ln}"
        else:
            out.append(ln)
    return out
