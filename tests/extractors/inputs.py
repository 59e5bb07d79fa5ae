"""Extractors take bytes and a name; tests mostly hold files. These read a file and hand its bytes
and name to one extractor (``pdf_file(path)`` is ``extractors.pdf.extract(path.read_bytes(), path.name)``)."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.model import ExtractedDocument


def file_input(path: str | Path) -> tuple[bytes, str]:
    """(bytes, name) of a file: the arguments of every ``extract``."""
    path = Path(path)
    return path.read_bytes(), path.name


def pdf_file(path: str | Path, **options) -> ExtractedDocument:
    """The PDF extractor on a file."""
    from extractors.pdf import extract

    return extract(*file_input(path), **options)


def docx_file(path: str | Path) -> ExtractedDocument:
    """The Word extractor on a file."""
    from extractors.docx import extract

    return extract(*file_input(path))


def html_file(path: str | Path) -> ExtractedDocument:
    """The HTML extractor on a file."""
    from extractors.html import extract

    return extract(*file_input(path))


def any_file(path: str | Path) -> ExtractedDocument:
    """The extractor the bytes call for, on a file."""
    from extractors import extract

    return extract(*file_input(path))
