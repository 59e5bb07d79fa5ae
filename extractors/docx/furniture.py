"""Text of the Word header and footer parts (``word/header*.xml``, ``word/footer*.xml``).

The parts are found through the relationships of the main document, read with the body's
styles and numbering definitions but their own counters (a header's list does not advance
the body's), text boxes included — a CPAS's name often sits in a header text box next to
its logo. The text becomes ``ExtractedDocument.furniture``, never blocks.
"""

from __future__ import annotations

from pipeline.core.errors import CorruptDocument

from ..furniture import collect_furniture
from .numbering import NumberingDefinitions
from .package import DocxPackage
from .reader import BodyReader
from .styles import StyleSheet


def read_furniture(
    pkg: DocxPackage, styles: StyleSheet, numbering: NumberingDefinitions, warnings: list[str]
) -> tuple[str, ...]:
    """Deduplicated text lines of the header and footer parts of an open package."""
    lines: list[str] = []
    for part in pkg.furniture_parts:
        try:
            root = pkg.read_xml(part)
        except CorruptDocument as exc:
            warnings.append(f"header/footer part {part} skipped: {exc}")
            continue
        for block in BodyReader(styles, numbering).read(root):
            if block.cells is not None:
                lines.extend(cell for cell in block.cells if cell)
            else:
                lines.append(f"{block.label} {block.text}" if block.label else block.text)
    return collect_furniture(lines)
