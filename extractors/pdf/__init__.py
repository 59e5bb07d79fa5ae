"""PDF extractor: text-layer PDFs and scanned PDFs (OCR) → ``ExtractedDocument``.

``extract(data, name)`` returns paragraph-level blocks in reading order: running headers and
footers removed, wrapped lines merged, bullets detected, tables as one block per row,
table-of-contents lines flagged ``in_toc``.
"""

from .reader import extract

__all__ = ["extract"]
