"""Find, on a CPAS web page, the linked documents that are its PST (PDF, DOCX, DOC, ODT).

A link is a PST document when its target is a document file and its text, title, URL or
the sentence around it speak of the plan ("PST", "programme stratégique transversal",
"plan stratégique", "objectifs stratégiques"...). Other plans that share words with it
(plan stratégique de sécurité et de prévention, plan de cohésion sociale) are left out.
Links outside the allow-list (scheme, host and port) are returned with ``allowed=False`` and never
fetched. ``discover_capped`` keeps the first links of a page and counts the others, so a page that
links 10,000 documents costs what its first few do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import lxml.html
from lxml import etree

from pipeline.acquire.sources import allowed_origins, is_allowed
from pipeline.core.formats import DOCUMENT_FORMATS, format_from_name
from pipeline.core.model import SourceFormat
from pipeline.core.text import fold_words

MAX_PAGE_BYTES = 20 * 1024 * 1024

_POSITIVE = re.compile(
    r"\bp s t\b|\bpst\b|programme strategique|plan strategique|strategique transversal"
    r"|objectifs? (?:strategiques?|operationnels?)|\bobjectifs\b|evaluation (?:a )?mi (?:parcours|mandat|legislature)"
)
_NEGATIVE = re.compile(
    r"securite et (?:de )?prevention|\bpssp\b|cohesion sociale|\bpcs\b|\bpcdr\b|developpement rural"
    r"|\bbudget\b|\bcomptes?\b|\bmarches? publics?\b"
)


@dataclass(frozen=True)
class DiscoveredLink:
    """A document linked from a page and judged to be part of its plan."""

    url: str
    text: str
    format: SourceFormat
    allowed: bool
    reason: str


def document_format(url: str) -> SourceFormat | None:
    """PDF / DOCX / DOC / ODT when a segment of the URL's path names such a file, else None."""
    return format_from_name(url, among=DOCUMENT_FORMATS)


def _context(a: etree._Element) -> str:
    """Text of the nearest block around a link (a generic "télécharger" gets its sentence)."""
    el = a.getparent()
    while el is not None and el.tag in ("span", "strong", "em", "b", "i", "small"):
        el = el.getparent()
    if el is None or el.tag in ("body", "html"):
        return ""
    return " ".join(el.text_content().split())[:400]


def discover_documents(html: bytes | str, base_url: str, allowed_hosts: Iterable[str]) -> list[DiscoveredLink]:
    """The PST documents linked from a page, in page order, each URL once (absolute, no fragment)."""
    return list(_iter_documents(html, base_url, allowed_hosts))


def discover_capped(
    html: bytes | str, base_url: str, allowed_hosts: Iterable[str], limit: int
) -> tuple[list[DiscoveredLink], int]:
    """The first ``limit`` PST documents linked from a page, and how many more it links (not kept)."""
    kept: list[DiscoveredLink] = []
    skipped = 0
    for link in _iter_documents(html, base_url, allowed_hosts):
        if len(kept) < limit:
            kept.append(link)
        else:
            skipped += 1
    return kept, skipped


def _iter_documents(html: bytes | str, base_url: str, allowed_hosts: Iterable[str]) -> Iterator[DiscoveredLink]:
    if isinstance(html, bytes | bytearray) and len(html) > MAX_PAGE_BYTES:
        return
    if not html or not (html.strip() if isinstance(html, str) else bytes(html).strip()):
        return
    try:
        doc = lxml.html.document_fromstring(html, parser=lxml.html.HTMLParser(recover=True, no_network=True))
    except (etree.ParserError, ValueError):
        return
    base = base_url
    base_el = doc.find(".//base[@href]")
    if base_el is not None:
        base = urljoin(base_url, base_el.get("href", ""))
    origins = allowed_origins(allowed_hosts)
    seen: set[str] = set()
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        try:
            url = urljoin(base, href)
            parts = urlsplit(url)
        except ValueError:  # a broken IPv6 literal, a port out of range: no document there
            continue
        if parts.scheme not in ("http", "https"):
            continue
        url = urlunsplit(parts._replace(fragment=""))
        fmt = document_format(url)
        if fmt is None or url in seen:
            continue
        text = " ".join(a.text_content().split())
        own = fold_words(" ".join([text, a.get("title") or "", unquote(parts.path)]))
        if _NEGATIVE.search(own):
            continue
        match = _POSITIVE.search(own)
        reason = f"link mentions {match.group(0).strip()!r}" if match else ""
        if not match:
            context = fold_words(_context(a))
            if _NEGATIVE.search(context):
                continue
            match = _POSITIVE.search(context)
            if not match:
                continue
            reason = f"sentence around the link mentions {match.group(0).strip()!r}"
        seen.add(url)
        yield DiscoveredLink(url=url, text=text[:300], format=fmt, allowed=is_allowed(url, origins), reason=reason)


__all__ = ["DiscoveredLink", "discover_capped", "discover_documents", "document_format"]
