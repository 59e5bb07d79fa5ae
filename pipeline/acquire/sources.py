"""The list of PST web sources (``data/sources.yaml``): where each CPAS publishes its plan.

Analysts edit the YAML file by hand or with ``pst sources add``; every entry says where and when
its address was seen (``seen_in``, ``seen_on``) and whether it was ever fetched (``status``).
``load_sources`` validates it with pydantic and reports every problem with the file, the entry
number and its line.
The origins (scheme, host, port) of the registered URLs form the allow-list of the fetcher: nothing
else is fetched (``allowed_origins``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from pipeline.core.settings import DEFAULT_SOURCES
from pipeline.reference.municipalities import PRE_MERGER_NIS, bound_cpas, municipality

_NIS_RE = re.compile(r"^\d{5}$")


class SourceKind(str, Enum):
    """What a registered URL is expected to hold (the bytes decide in the end)."""

    PAGE = "page"
    PDF = "pdf"
    DOCX = "docx"
    DOC = "doc"
    ODT = "odt"


class SourcesError(ValueError):
    """The source list is invalid; the message lists every problem with its entry and line."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{path}: {len(problems)} problem(s)\n" + "\n".join(f"  - {p}" for p in problems))


@functools.cache
def _bound_nis_codes() -> frozenset[str]:
    """NIS codes of the CPAS bound by art. 27ter, in either legislature.

    URLs of 2018-2024 may still be listed under the codes of Bastogne and Bertogne before their merger.
    """
    return frozenset(m.nis_code for m in bound_cpas()) | PRE_MERGER_NIS


def check_nis_code(code: str) -> str:
    """Return ``code`` if it is the NIS code of a bound Walloon CPAS, else raise ValueError."""
    if not _NIS_RE.match(code):
        raise ValueError(f'NIS code {code!r} must be 5 digits (quote it in YAML: "62100")')
    if code not in _bound_nis_codes():
        m = municipality(code)
        if m is not None and m.is_german_speaking:
            raise ValueError(
                f"NIS code {code} is {m.name_fr}, in the German-speaking Community: its CPAS is not bound by art. 27ter"
            )
        raise ValueError(f"NIS code {code} is not a Walloon municipality (no CPAS bound by art. 27ter)")
    return code


def host_of(url: str) -> str:
    """The lower-case host name of a URL (no port), the unit of the allow-list and rate limit."""
    return (urlsplit(url).hostname or "").lower()


DEFAULT_PORTS = {"http": 80, "https": 443}
_TWIN = {"http": "https", "https": "http"}


def origin_of(url: str) -> str:
    """``scheme://host:port`` of a URL, the default port written out; the unit of the allow-list.

    ``ValueError`` for a URL whose port or host cannot be read.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or DEFAULT_PORTS.get(scheme)
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


def allowed_origins(entries: Iterable[str]) -> frozenset[str]:
    """The origins an allow-list of URLs (or bare host names) lets the fetcher reach.

    A URL allows its own scheme, host and port; on a default port it also allows the other scheme
    on its default port (``http://x.be`` → ``https://x.be:443`` too: sites move between the two). A
    bare host name allows http and https on their default ports. Any other port is allowed only
    when a listed URL names it.
    """
    out: set[str] = set()
    for entry in entries:
        entry = entry.strip()
        if "://" not in entry:
            host = entry.lower()
            out |= {f"http://{host}:80", f"https://{host}:443"}
            continue
        origin = origin_of(entry)
        out.add(origin)
        scheme, rest = origin.split("://", 1)
        host, _, port = rest.rpartition(":")
        if scheme in _TWIN and port == str(DEFAULT_PORTS[scheme]):
            twin = _TWIN[scheme]
            out.add(f"{twin}://{host}:{DEFAULT_PORTS[twin]}")
    return frozenset(out)


def is_allowed(url: str, origins: frozenset[str]) -> bool:
    """True when the URL is http(s) and its origin (scheme, host, port) is in ``origins``."""
    try:
        return urlsplit(url).scheme.lower() in DEFAULT_PORTS and origin_of(url) in origins
    except ValueError:  # a port out of range, a broken IPv6 literal: nothing to fetch
        return False


def kind_from_url(url: str) -> SourceKind:
    """Guess the kind of a URL from its path's extension: a document, else a page."""
    path = urlsplit(url).path.lower()
    for kind in (SourceKind.PDF, SourceKind.DOCX, SourceKind.DOC, SourceKind.ODT):
        if path.endswith("." + kind.value):
            return kind
    return SourceKind.PAGE


class SourceStatus(str, Enum):
    """Whether an operator of this project has fetched the address and found the plan there."""

    NOT_YET_FETCHED = "not yet fetched"
    FETCHED = "fetched"


_SEEN_ON_RE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class Source(BaseModel):
    """One registered place where a CPAS publishes its plan, with where and when the address was seen.

    ``seen_in`` / ``seen_on`` are the provenance of the address (a page, a document, a person; a
    month or a day), ``status`` says whether it was ever fetched: the fetcher fetches every entry
    whatever its status, and the warehouse records what came back (``v_sources``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    nis_code: str
    url: str
    kind: SourceKind = SourceKind.PAGE
    notes: str | None = None
    seen_in: str | None = None
    seen_on: str | None = None
    status: SourceStatus = SourceStatus.NOT_YET_FETCHED

    @field_validator("seen_on", mode="before")
    @classmethod
    def _seen_on(cls, value: object) -> str | None:
        if value is None:
            return None
        text = value.isoformat() if hasattr(value, "isoformat") else str(value).strip()
        if not _SEEN_ON_RE.match(text):
            raise ValueError(f"seen_on {value!r} must be a month (2026-11) or a day (2026-11-30)")
        return text

    @field_validator("nis_code", mode="before")
    @classmethod
    def _nis(cls, value: object) -> str:
        if isinstance(value, int):
            raise ValueError(
                f'NIS code {value} must be a quoted string of 5 digits ("{value:05d}"), '
                "YAML reads bare digits as a number"
            )
        if not isinstance(value, str):
            raise ValueError("NIS code must be a string of 5 digits")
        return check_nis_code(value.strip())

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip()
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https"):
            raise ValueError(f"URL {value!r} must start with http:// or https://")
        if not parts.hostname:
            raise ValueError(f"URL {value!r} has no host")
        if any(c.isspace() for c in value):
            raise ValueError(f"URL {value!r} contains spaces (encode them as %20)")
        return value

    @property
    def host(self) -> str:
        """Host name of the URL."""
        return host_of(self.url)


class SourceList(BaseModel):
    """All registered sources; their hosts are the fetcher's allow-list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: tuple[Source, ...] = ()

    def hosts(self) -> frozenset[str]:
        """Hosts that may be fetched (those of the registered URLs)."""
        return frozenset(s.host for s in self.sources)

    def origins(self) -> frozenset[str]:
        """Origins that may be fetched: scheme, host and port of the registered URLs (see ``allowed_origins``)."""
        return allowed_origins(s.url for s in self.sources)

    def by_url(self) -> dict[str, Source]:
        """Sources keyed by URL."""
        return {s.url: s for s in self.sources}

    def for_nis(self, nis_code: str) -> list[Source]:
        """Sources of one CPAS."""
        return [s for s in self.sources if s.nis_code == nis_code]


def _entry_lines(text: str) -> list[int]:
    """1-based line of each entry of the ``sources`` list (empty when the shape is wrong)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if getattr(key, "value", None) == "sources" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _format_error(err: dict) -> str:
    loc = ".".join(str(p) for p in err["loc"] if p != "__root__")
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = f"unknown field (expected {', '.join(Source.model_fields)})"
    elif err["type"] == "enum" and err["loc"][-1] == "status":
        msg = f"status must be one of {', '.join(repr(k.value) for k in SourceStatus)}, not {err.get('input')!r}"
    elif err["type"] == "enum":
        msg = f"kind must be one of {', '.join(k.value for k in SourceKind)}, not {err.get('input')!r}"
    return f"{loc}: {msg}" if loc else msg


def parse_sources(text: str, path: Path | str = "<sources>") -> SourceList:
    """Validate the YAML text of a source list; raise ``SourcesError`` listing every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        raise SourcesError(path, [f"{where}not valid YAML ({getattr(exc, 'problem', None) or exc})"]) from exc
    if data is None:
        return SourceList()
    if not isinstance(data, dict) or set(data) - {"sources"}:
        raise SourcesError(path, ["the file must be a mapping with a single key `sources:` holding a list of entries"])
    entries = data.get("sources") or []
    if not isinstance(entries, list):
        raise SourcesError(path, ["`sources:` must be a list of entries (each starting with `- nis_code:`)"])
    lines = _entry_lines(text)
    problems: list[str] = []
    sources: list[Source] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        where = f"entry {i + 1}" + (f" (line {lines[i]})" if i < len(lines) else "")
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping with {', '.join(Source.model_fields)}")
            continue
        try:
            src = Source.model_validate(entry)
        except ValidationError as exc:
            problems += [f"{where}: {_format_error(e)}" for e in exc.errors()]
            continue
        if src.url in seen:
            problems.append(f"{where}: URL {src.url} is already registered as entry {seen[src.url]}")
            continue
        seen[src.url] = i + 1
        sources.append(src)
    if problems:
        raise SourcesError(path, problems)
    return SourceList(sources=tuple(sources))


def load_sources(path: Path | str = DEFAULT_SOURCES) -> SourceList:
    """Read and validate the source list file; a missing file is an empty list."""
    path = Path(path)
    if not path.exists():
        return SourceList()
    return parse_sources(path.read_text(encoding="utf-8"), path)


def _yaml_scalar(value: str) -> str:
    return (
        yaml.safe_dump(value, default_style='"', allow_unicode=True, width=10_000).strip().removesuffix("...").strip()
    )


def add_source(
    path: Path | str,
    nis_code: str,
    url: str,
    kind: SourceKind | str | None = None,
    notes: str | None = None,
    seen_in: str = "added with pst sources add",
    seen_on: str | None = None,
) -> Source:
    """Append one entry to the source list file (comments kept), after validating the whole result.

    Its provenance is ``seen_in`` on ``seen_on`` (today unless given); its status "not yet fetched".
    """
    path = Path(path)
    seen_on = seen_on or dt.date.today().isoformat()
    src = Source(
        nis_code=nis_code, url=url, kind=kind or kind_from_url(url), notes=notes, seen_in=seen_in, seen_on=seen_on
    )
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    existing = parse_sources(text, path) if text.strip() else SourceList()
    if src.url in existing.by_url():
        raise SourcesError(path, [f"URL {src.url} is already registered"])
    block = [f"  - nis_code: {_yaml_scalar(src.nis_code)}", f"    url: {src.url}", f"    kind: {src.kind.value}"]
    if src.notes:
        block.append(f"    notes: {_yaml_scalar(src.notes)}")
    block += [
        f"    seen_in: {_yaml_scalar(src.seen_in or '')}",
        f"    seen_on: {_yaml_scalar(src.seen_on or '')}",
        f"    status: {_yaml_scalar(src.status.value)}",
    ]
    if not text.strip():
        text = "sources:\n"
    elif not existing.sources and re.search(r"^sources:\s*(\[\s*\])?\s*$", text, re.MULTILINE):
        text = re.sub(r"^sources:\s*(\[\s*\])?\s*$", "sources:", text, count=1, flags=re.MULTILINE)
    new_text = text.rstrip("\n") + "\n\n" + "\n".join(block) + "\n"
    parse_sources(new_text, path)  # never write a file that would not load
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(new_text, encoding="utf-8")
    tmp.replace(path)
    return src


def allowed(url: str, entries: Iterable[str]) -> bool:
    """True when the URL's origin is allowed by ``entries`` (URLs or bare hosts, see ``allowed_origins``)."""
    return is_allowed(url, allowed_origins(entries))


__all__ = [
    "Source",
    "SourceKind",
    "SourceList",
    "SourceStatus",
    "SourcesError",
    "DEFAULT_PORTS",
    "add_source",
    "allowed",
    "allowed_origins",
    "check_nis_code",
    "host_of",
    "is_allowed",
    "kind_from_url",
    "load_sources",
    "origin_of",
    "parse_sources",
]
