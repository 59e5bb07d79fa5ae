"""Legacy formats (.doc, .odt) → .docx with LibreOffice headless, and parsing of fetched bytes.

``convert_to_docx`` runs ``soffice --headless --convert-to docx`` with a timeout and a
throw-away user profile (two conversions at once with the user's profile block each other,
and a crashed run would leave a lock behind). Any failure is a ``ConversionError`` (a
``DocumentError``, so the batch records it and goes on). Debian package:
``libreoffice-writer-nogui``.

``parse_bytes`` is what a worker runs on downloaded bytes: it writes them to a private
temporary folder, converts legacy formats, and calls ``normalizers.parse.parse_file``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from normalizers.parse import ParseFailure, ParseResult, parse_file
from pipeline.core.errors import DocumentError

DEFAULT_TIMEOUT = 120.0
LEGACY_KINDS = ("doc", "odt")


class ConversionError(DocumentError):
    """LibreOffice could not turn a .doc/.odt into .docx (missing, timed out, crashed, no output)."""

    code = "conversion_failed"


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(src: str | Path, outdir: str | Path, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert a .doc or .odt file to .docx in ``outdir``; raise ``ConversionError`` on failure."""
    src, outdir = Path(src), Path(outdir)
    exe = soffice_path()
    if exe is None:
        raise ConversionError(
            f"cannot convert {src.name} to .docx: LibreOffice is not installed "
            "(Debian package libreoffice-writer-nogui)"
        )
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.gettempdir()) / f"pst-lo-profile-{uuid.uuid4().hex}"
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
    try:
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
            raise ConversionError(f"LibreOffice did not convert {src.name} within {timeout:g} s") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    target = outdir / (src.stem + ".docx")
    if proc.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        detail = (errout or out or b"").decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"exit code {proc.returncode}, no output file"
        raise ConversionError(
            f"LibreOffice could not convert {src.name} to .docx: {reason[:300]} "
            f"(after {time.monotonic() - started:.1f} s)"
        )
    return target


def _safe_name(url_or_name: str, kind: str | None) -> str:
    path = urlsplit(url_or_name).path if "://" in url_or_name else url_or_name
    segments = [s for s in unquote(path).split("/") if s]
    # Plone serves ".../pst.pdf/@@download/file": the segment with an extension is the real name.
    name = next(
        (s for s in reversed(segments) if "." in s and not s.startswith("@@")), segments[-1] if segments else ""
    )
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")[:120] or "document"
    if kind in LEGACY_KINDS:
        name = f"{Path(name).stem or 'document'}.{kind}"
    elif kind == "html" and "." not in name:
        name += ".html"
    return name


def parse_bytes(
    data: bytes, source_key: str, source_file: str, kind: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> ParseResult:
    """Parse downloaded bytes like a file (legacy formats converted first); never raises on bad input.

    ``kind`` is the kind sniffed from the bytes (``doc``/``odt`` trigger the conversion);
    the result is keyed by ``source_key`` (the URL) and named ``source_file``.
    """
    started = time.monotonic()
    sha = hashlib.sha256(data).hexdigest()
    with tempfile.TemporaryDirectory(prefix="pst-parse-") as tmp:
        path = Path(tmp) / _safe_name(source_key, kind)
        path.write_bytes(data)
        if kind in LEGACY_KINDS:
            try:
                path = convert_to_docx(path, Path(tmp) / "converted", timeout=timeout)
            except DocumentError as exc:
                failure = ParseFailure(
                    source_file=source_file,
                    sha256=sha,
                    format=kind,
                    error_code=exc.code,
                    error=exc.message,
                    byte_size=len(data),
                )
                return ParseResult(
                    source_key=source_key, failure=failure, byte_size=len(data), seconds=time.monotonic() - started
                )
        result = parse_file(path)
    update: dict[str, object] = {"source_key": source_key, "seconds": time.monotonic() - started}
    if result.document is not None:
        doc = result.document
        warnings = doc.warnings
        if kind in LEGACY_KINDS:
            warnings = (*warnings, f"converted from .{kind} to .docx with LibreOffice")
        # The docx the converter wrote hashes differently: the version is the bytes fetched.
        update["document"] = doc.model_copy(update={"source_file": source_file, "sha256": sha, "warnings": warnings})
        update["byte_size"] = len(data)
    elif result.failure is not None:
        update["failure"] = result.failure.model_copy(update={"source_file": source_file, "sha256": sha})
    return result.model_copy(update=update)


__all__ = ["ConversionError", "convert_to_docx", "parse_bytes", "soffice_path"]
