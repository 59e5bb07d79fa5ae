"""Errors raised while reading a document; each carries a short machine code for the warehouse."""

from __future__ import annotations

import errno
import re


class DocumentError(Exception):
    """A document could not be read; the batch goes on and the error is recorded."""

    code = "unreadable"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnsupportedFormat(DocumentError):
    """The bytes are not a format the pipeline reads (whatever the file extension says)."""

    code = "unsupported_format"


class CorruptDocument(DocumentError):
    """The file claims a format but its structure is broken (truncated PDF, bad zip...)."""

    code = "corrupt"


class EncryptedDocument(DocumentError):
    """The PDF is encrypted and cannot be opened without a password."""

    code = "encrypted"


class EmptyDocument(DocumentError):
    """The file holds no text at all (zero bytes, blank pages)."""

    code = "empty"


class HostileDocument(DocumentError):
    """The file looks like an attack (zip bomb, XML entity expansion, oversized input)."""

    code = "hostile"


class OcrUnavailable(DocumentError):
    """A scanned PDF needs OCR, but tesseract (with French) is not installed."""

    code = "ocr_unavailable"


ENVIRONMENT_ERRORS = frozenset({"ocr_unavailable", "converter_unavailable", "io_error"})
"""Error codes that say something about the machine, not the document (a missing OCR or LibreOffice,
a file that could not be read): such a failure is parsed again on the next run, whatever the cache."""


_NO_SPACE = re.compile(r"No space left on device|Disk quota exceeded|ENOSPC", re.IGNORECASE)
_FILE = re.compile(r'file "([^"]+)"')


def disk_full(exc: BaseException | None) -> str | None:
    """A clear message when ``exc`` — or what caused it — is a full disk (or an exceeded quota), else None.

    DuckDB reports it as its own error ("Could not write file \"x.wal\": No space left on device"),
    Python as ``OSError(ENOSPC)``; either may be wrapped by the error of a rollback that followed.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        text = str(exc)
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT) or _NO_SPACE.search(text):
            where = getattr(exc, "filename", None) or (m.group(1) if (m := _FILE.search(text)) else None)
            return (
                f"the disk is full{f' (writing {where})' if where else ''}: free some space and run again; "
                "what was loaded before stays loaded, the rest is done by the next run"
            )
        exc = exc.__cause__ or exc.__context__
    return None
