"""Errors raised while reading a document; each carries a short machine code for the warehouse."""

from __future__ import annotations


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
