"""The repository is self-contained: no tracked file points to a file outside it (a clone has none).

The domain notes live in ``docs/domain.md``; the sample gold trees in ``tests/golden/``; the scorer's
matching in ``tests/gallery/score.py``. A reference to a sibling folder or to a bare ``domain.md``
would send a reader of a fresh clone to a file that does not exist.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# ../shared, /work/shared, shared/corpus, shared/domain.md; a domain.md that is not docs/domain.md.
OUTSIDE = re.compile(r"\.\./shared|/work/shared|\bshared/(?:corpus|domain)|(?<!docs/)(?<![\w/.-])domain\.md")


def _tracked_text_files() -> list[Path]:
    try:
        listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
        names = listed.decode("utf-8", "surrogateescape").split("\0")
    except (OSError, subprocess.CalledProcessError):  # not a git checkout (an sdist): every file but the venv
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*") if not {".venv", ".git"} & set(p.parts)]
    out = []
    for name in filter(None, names):
        path = ROOT / name
        if not path.is_file() or path.stat().st_size > 5_000_000:
            continue
        with path.open("rb") as handle:
            if b"\0" in handle.read(8192):  # binary: PDF, docx, images
                continue
        out.append(path)
    return out


def test_the_pattern_catches_what_it_must():
    for text in ("see ../shared/corpus/score.py", "notes (shared/domain.md)", "of domain.md", "/work/shared/x"):
        assert OUTSIDE.search(text), text
    for text in ("see docs/domain.md", "DATA_DICTIONARY.md", "subdomain.md.bak"):
        assert not OUTSIDE.search(text), text


def test_no_tracked_file_refers_to_a_file_outside_the_repository():
    files = _tracked_text_files()
    assert any(p.name == "README.md" for p in files)
    hits = []
    for path in files:
        if path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), start=1):
            if OUTSIDE.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    assert not hits, "references to files outside the repository:\n" + "\n".join(hits)


def test_the_domain_notes_are_in_the_repository_and_the_readme_points_there():
    notes = ROOT / "docs" / "domain.md"
    assert notes.is_file() and "27ter" in notes.read_text("utf-8")
    assert "docs/domain.md" in (ROOT / "README.md").read_text("utf-8")
