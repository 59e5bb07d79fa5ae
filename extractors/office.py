"""Legacy word-processor formats (.doc, .odt): converted to .docx by LibreOffice headless, then read
by the Word extractor.

``convert_to_docx`` runs ``soffice --headless --convert-to docx`` on the bytes, in a private
temporary folder (LibreOffice needs a file) with a throw-away user profile (two conversions at
once with the user's profile block each other, and a crashed run would leave a lock behind),
under a timeout. Any failure is a ``ConversionError`` (a ``DocumentError``: the batch records it
and goes on). Debian package: ``libreoffice-writer-nogui``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from extractors.docx import extract as extract_docx
from pipeline.core.errors import DocumentError, UnsupportedFormat
from pipeline.core.formats import LEGACY_FORMATS, format_from_name, sniff
from pipeline.core.model import ExtractedDocument, SourceFormat

DEFAULT_TIMEOUT = 120.0


class ConversionError(DocumentError):
    """LibreOffice could not turn a .doc/.odt into .docx (missing, timed out, crashed, no output)."""

    code = "conversion_failed"


class ConverterUnavailable(ConversionError):
    """LibreOffice is not installed: the machine's fault, tried again on the next run."""

    code = "converter_unavailable"


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run_soffice(exe: str, src: Path, outdir: Path, profile: Path, name: str, timeout: float) -> None:
    cmd = [
        exe,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        "--nodefault",
        "--convert-to",
        "docx",
        "--outdir",
        str(outdir),
        str(src),
    ]
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "HOME": str(profile)},
    )
    try:
        out, errout = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # soffice forks helpers: kill the whole session, not just the launcher.
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ConversionError(f"LibreOffice did not convert {name} within {timeout:g} s") from None
    target = outdir / (src.stem + ".docx")
    if proc.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        detail = (errout or out or b"").decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"exit code {proc.returncode}, no output file"
        raise ConversionError(
            f"LibreOffice could not convert {name} to .docx: {reason[:300]} "
            f"(after {time.monotonic() - started:.1f} s)"
        )


def convert_to_docx(data: bytes, name: str, fmt: SourceFormat, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The .docx bytes of a .doc / .odt document; ``ConversionError`` when LibreOffice fails or is missing."""
    exe = soffice_path()
    if exe is None:
        raise ConverterUnavailable(
            f"cannot convert {name} to .docx: LibreOffice is not installed (Debian package libreoffice-writer-nogui)"
        )
    with tempfile.TemporaryDirectory(prefix="pst-office-") as tmp:
        folder = Path(tmp)
        src = folder / f"document.{fmt.value}"
        src.write_bytes(data)
        outdir = folder / "converted"
        outdir.mkdir()
        _run_soffice(exe, src, outdir, folder / "profile", name, timeout)
        return (outdir / "document.docx").read_bytes()


def _legacy_format(data: bytes, name: str) -> SourceFormat:
    """DOC or ODT from the bytes; for bytes too broken to tell, from the name's extension."""
    try:
        fmt = sniff(data)
    except DocumentError:
        fmt = format_from_name(name, among=LEGACY_FORMATS)
    if fmt not in LEGACY_FORMATS:
        raise UnsupportedFormat(f"{name}: not a .doc or .odt document")
    return fmt


def extract(data: bytes, name: str) -> ExtractedDocument:
    """Extract the blocks of a .doc / .odt document: converted to .docx, then read as Word."""
    fmt = _legacy_format(data, name)
    doc = extract_docx(convert_to_docx(data, name, fmt), name)
    note = f"converted from .{fmt.value} to .docx with LibreOffice"
    return doc.model_copy(update={"warnings": (*doc.warnings, note)})


__all__ = ["ConversionError", "ConverterUnavailable", "convert_to_docx", "extract", "soffice_path"]
