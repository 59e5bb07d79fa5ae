"""Safe access to the parts of a .docx package: sniffing, bounded zip reads, hardened XML.

A .docx is a zip of XML parts. Everything here assumes the file may be hostile: the
zip's declared sizes are checked before inflating anything, reads are bounded whatever
the headers claim, and XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline.core.errors import (
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    HostileDocument,
    UnsupportedFormat,
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{" + W_NS + "}"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MC = "{" + MC_NS + "}"
# Strict OOXML (ISO/IEC 29500 Strict) names its namespaces http://purl.oclc.org/ooxml/X/Y
# where Transitional says http://schemas.openxmlformats.org/X/2006/Y; the vocabulary we read
# is the same, so Strict parts are renamed to Transitional on parse.
_STRICT_PREFIX = "http://purl.oclc.org/ooxml/"
_STRICT_NS = re.compile(r"^\{http://purl\.oclc\.org/ooxml/([^/}]+)/([^}]+)\}")
# Extensions whose mc:Choice we can read (their text is in ordinary w: elements): Office
# 2010+ DrawingML shapes, groups, canvases and the w14/w15/w16 Word extensions.
_UNDERSTOOD_NS_PREFIX = ("http://schemas.microsoft.com/office/", "http://schemas.openxmlformats.org/")
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT_REL = "/officeDocument"

MAX_INPUT_BYTES = 512 * 1024 * 1024
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 400 * 1024 * 1024
SUSPICIOUS_RATIO = 200
SUSPICIOUS_SIZE = 10 * 1024 * 1024
MAX_MEMBERS = 10_000
_CHUNK = 1024 * 1024


def w_attr(el: etree._Element | None, name: str = "val") -> str | None:
    """The ``w:<name>`` attribute of an element (``None`` when the element is missing)."""
    if el is None:
        return None
    return el.get(W + name)


def on_off(el: etree._Element | None) -> bool | None:
    """Value of an OOXML on/off property: ``None`` if absent, else true unless val says off."""
    if el is None:
        return None
    val = w_attr(el)
    return val is None or val.lower() not in ("0", "false", "off", "none")


def chosen_alternative(ac: etree._Element) -> etree._Element | None:
    """The one branch of an ``mc:AlternateContent`` to read (ECMA-376 Part 3 §10.2).

    The first ``mc:Choice`` whose ``Requires`` namespaces we understand, else
    ``mc:Fallback``; never both (a text box is written once in each branch).
    """
    for choice in ac.findall(MC + "Choice"):
        prefixes = (choice.get("Requires") or "").split()
        nsmap = choice.nsmap
        if prefixes and all(
            (nsmap.get(p) or "").startswith(_UNDERSTOOD_NS_PREFIX) for p in prefixes
        ):
            return choice
    fallback = ac.find(MC + "Fallback")
    if fallback is not None:
        return fallback
    return ac.find(MC + "Choice")


def _strict_to_transitional(root: etree._Element) -> None:
    """Rename Strict OOXML namespaces (tags and attributes) to their Transitional twins."""

    def mapped(name: str) -> str:
        return _STRICT_NS.sub(r"{http://schemas.openxmlformats.org/\1/2006/\2}", name, count=1)

    for el in root.iter():
        tag = el.tag
        if isinstance(tag, str) and tag.startswith("{" + _STRICT_PREFIX):
            el.tag = mapped(tag)
        strict_attrs = [k for k in el.attrib if k.startswith("{" + _STRICT_PREFIX)]
        for key in strict_attrs:
            el.attrib[mapped(key)] = el.attrib.pop(key)


def _sniff(head: bytes) -> str | None:
    """Name of a known non-docx format recognised from the first bytes, if any."""
    stripped = head.lstrip()
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "a PDF"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "an OLE2 compound file (legacy Word .doc, or a password-protected .docx)"
    if stripped.startswith(b"{\\rtf"):
        return "an RTF document"
    low = stripped[:512].lower()
    if low.startswith(b"<!doctype html") or low.startswith(b"<html") or b"<html" in low:
        return "an HTML page"
    if low.startswith(b"<?xml"):
        return "a plain XML file (Word 2003 XML or flat OPC, not a zipped .docx)"
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff"):
        return "an image"
    return None


def _has_entity_declaration(data: bytes) -> bool:
    """Whether raw XML bytes declare a DOCTYPE with entities (UTF-8 or UTF-16)."""
    for enc in ("utf-8", "utf-16-le", "utf-16-be"):
        if "<!ENTITY".encode(enc) in data:
            return True
    return False


_PARSER_KW = dict(
    resolve_entities=False,
    no_network=True,
    huge_tree=False,
    load_dtd=False,
    dtd_validation=False,
    remove_blank_text=False,
    collect_ids=False,
)


def parse_xml(data: bytes, part_name: str) -> etree._Element:
    """Parse one XML part with a hardened parser; entity declarations mean ``HostileDocument``."""
    if _has_entity_declaration(data):
        raise HostileDocument(
            f"XML part {part_name} declares entities (XML entity expansion / XXE attempt)"
        )
    parser = etree.XMLParser(**_PARSER_KW)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        # libxml2's guards against hostile files are no syntax error: say which limit was hit.
        if "Excessive depth" in str(exc):
            raise HostileDocument(
                f"XML part {part_name} nests elements deeper than 256 levels, the parser's limit against "
                "hostile files; not read"
            ) from exc
        if "huge" in str(exc).lower() or "Resource limit" in str(exc):
            raise HostileDocument(
                f"XML part {part_name} holds a text or name above the parser's 10 MB limit against hostile "
                "files; not read"
            ) from exc
        raise CorruptDocument(f"XML part {part_name} is not well-formed: {exc}") from exc
    tree = root.getroottree()
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise HostileDocument(f"XML part {part_name} declares entities in its DTD")
    if str(root.tag).startswith("{" + _STRICT_PREFIX):
        _strict_to_transitional(root)
    return root


@dataclass
class DocxPackage:
    """An opened .docx zip: the member index and the main-document part locations."""

    path: Path
    zf: zipfile.ZipFile
    document_part: str
    related: dict[str, str] = field(default_factory=dict)
    furniture_parts: list[str] = field(default_factory=list)
    _budget_used: int = 0

    @classmethod
    def open(cls, path: Path) -> DocxPackage:
        """Open and validate a .docx; raise a ``DocumentError`` subclass when it cannot be read."""
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise CorruptDocument(f"cannot read {path.name}: {exc}") from exc
        if size == 0:
            raise EmptyDocument(f"{path.name} is empty (zero bytes)")
        if size > MAX_INPUT_BYTES:
            raise HostileDocument(f"{path.name} is {size} bytes, above the {MAX_INPUT_BYTES} limit")
        with path.open("rb") as fh:
            head = fh.read(2048)
        if not head.startswith(b"PK"):
            what = _sniff(head)
            if what:
                raise UnsupportedFormat(f"not a Word .docx file: the bytes are {what}")
            raise UnsupportedFormat("not a Word .docx file: the bytes are not a zip archive")
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise CorruptDocument(f"not a readable .docx: broken zip archive ({exc})") from exc
        try:
            pkg = cls(path=path, zf=zf, document_part="")
            pkg._check_members()
            pkg._locate_parts()
        except BaseException:
            zf.close()
            raise
        return pkg

    def close(self) -> None:
        """Close the underlying zip file."""
        self.zf.close()

    def __enter__(self) -> DocxPackage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_members(self) -> None:
        infos = self.zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise HostileDocument(f"zip holds {len(infos)} members (limit {MAX_MEMBERS})")
        names = {i.filename for i in infos}
        if "mimetype" in names and "content.xml" in names:
            raise UnsupportedFormat(
                "not a Word .docx file: the bytes are an OpenDocument (.odt) package"
            )
        total = 0
        for info in infos:
            self._check_info(info)
            total += info.file_size
        if total > MAX_TOTAL_BYTES * 4:
            raise HostileDocument(f"zip declares {total} bytes uncompressed in total (zip bomb?)")

    @staticmethod
    def _check_info(info: zipfile.ZipInfo) -> None:
        if info.flag_bits & 0x1:
            raise EncryptedDocument(f"zip member {info.filename} is encrypted")
        if info.file_size > MAX_MEMBER_BYTES:
            raise HostileDocument(
                f"zip member {info.filename} inflates to {info.file_size} bytes (zip bomb?)"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > SUSPICIOUS_SIZE and ratio > SUSPICIOUS_RATIO:
            raise HostileDocument(
                f"zip member {info.filename} has compression ratio {ratio:.0f} (zip bomb?)"
            )

    def has(self, name: str) -> bool:
        """Whether the package holds a member of that name."""
        try:
            self.zf.getinfo(name)
        except KeyError:
            return False
        return True

    def read(self, name: str) -> bytes:
        """Read one member, bounded by its declared size and the global budgets."""
        try:
            info = self.zf.getinfo(name)
        except KeyError as exc:
            raise CorruptDocument(f"the package has no part {name}") from exc
        self._check_info(info)
        limit = min(info.file_size, MAX_MEMBER_BYTES)
        if self._budget_used + limit > MAX_TOTAL_BYTES:
            raise HostileDocument("the parts read inflate past the total size budget (zip bomb?)")
        chunks: list[bytes] = []
        got = 0
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(min(_CHUNK, limit + 1 - got))
                    if not chunk:
                        break
                    got += len(chunk)
                    # A header that under-declares the size is itself a sign of tampering.
                    if got > limit:
                        raise HostileDocument(
                            f"zip member {name} inflates past its declared size (zip bomb?)"
                        )
                    chunks.append(chunk)
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
        ) as exc:
            raise CorruptDocument(f"cannot inflate zip member {name}: {exc}") from exc
        self._budget_used += got
        return b"".join(chunks)

    def read_xml(self, name: str) -> etree._Element:
        """Read and parse one XML member with the hardened parser."""
        return parse_xml(self.read(name), name)

    def _rels(self, part: str) -> list[tuple[str, str]]:
        """(type, resolved target) of the relationships of one part."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return []
        root = self.read_xml(rels_name)
        out = []
        for rel in root.iter(_REL_NS + "Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target))
            out.append((rel.get("Type") or "", resolved))
        return out

    def _locate_parts(self) -> None:
        doc = None
        for rtype, target in self._rels(""):
            if rtype.endswith(_OFFICE_DOCUMENT_REL) and self.has(target):
                doc = target
                break
        if doc is None and self.has("word/document.xml"):
            doc = "word/document.xml"
        if doc is None:
            names = self.zf.namelist()
            if any(n.startswith("xl/") for n in names):
                what = "an Excel workbook"
            elif any(n.startswith("ppt/") for n in names):
                what = "a PowerPoint presentation"
            else:
                what = "a zip archive without word/document.xml"
            raise UnsupportedFormat(f"not a Word .docx file: the bytes are {what}")
        self.document_part = doc
        furniture: dict[str, list[str]] = {"header": [], "footer": []}
        for rtype, target in self._rels(doc):
            kind = rtype.rsplit("/", 1)[-1]
            if kind in ("styles", "numbering") and self.has(target):
                self.related.setdefault(kind, target)
            elif kind in furniture and self.has(target) and target not in furniture[kind]:
                furniture[kind].append(target)
        # Header and footer parts (page furniture): headers first, each in relationship order.
        self.furniture_parts = furniture["header"] + furniture["footer"]
        folder = posixpath.dirname(doc)
        for kind in ("styles", "numbering"):
            fallback = posixpath.join(folder, kind + ".xml")
            if kind not in self.related and self.has(fallback):
                self.related[kind] = fallback

    def optional_xml(self, kind: str) -> etree._Element | None:
        """Parsed styles/numbering part, or ``None`` when the package has none."""
        name = self.related.get(kind)
        return self.read_xml(name) if name else None
