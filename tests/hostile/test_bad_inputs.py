"""Hostile and broken documents ingested in one batch with a good one: the batch goes on.

Every bad file gets its row in ``v_documents`` (failed, or empty when it is readable but
holds no plan) with an error code and a clear message; nothing outside the file is read
(XXE); each file parses within a bounded address space; the good document loads its tree.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from flows.ingest_flow import ingest_flow

from . import builders as b

GOOD = "meix-devant-virton_pst.pdf"
MEMORY_LIMIT = int(1.5 * 1024**3)


@dataclass(frozen=True)
class Case:
    """One file of the corpus and what the warehouse must say about it."""

    name: str
    build: Callable[[Path], Path]
    status: str  # parse_status in v_documents
    code: str | None  # error_code (None when the document loads)
    word: str  # a word of the error message, or of the warnings when it loads
    n_items: int | None = None  # plan items expected when it loads


CASES = [
    Case("zero-bytes.pdf", b.zero_bytes, "failed", "empty", "empty"),
    Case("truncated.pdf", b.truncated_pdf, "failed", "corrupt", "cannot open"),
    # pdfium rebuilds a broken cross-reference table by scanning the objects: the plan is read.
    Case("broken-xref.pdf", b.broken_xref_pdf, "ok", None, "", 9),
    Case("encrypted-user-password.pdf", lambda p: b.encrypted_pdf(p, "secret"), "failed", "encrypted", "password"),
    # An owner password alone restricts printing/copying but the text opens with an empty password.
    Case("encrypted-owner-only.pdf", lambda p: b.encrypted_pdf(p, ""), "ok", None, "", 9),
    Case("five-hundred-pages.pdf", b.many_pages_pdf, "ok", None, "", 310),
    Case("scanned-but-one-page.pdf", b.image_pages_pdf, "ok", None, "OCR", 9),
    Case("random.pdf", b.random_bytes, "failed", "unsupported_format", "binary"),
    Case("random.docx", b.random_bytes, "failed", "unsupported_format", "binary"),
    Case("random.html", b.random_bytes, "failed", "unsupported_format", "binary"),
    Case("pdf-named.docx", lambda p: b.copy_as(b.GOOD_PDF, p), "ok", None, "file name says .docx", 29),
    Case("docx-named.pdf", lambda p: b.copy_as(b.GOOD_DOCX, p), "ok", None, "file name says .pdf", 29),
    Case("zip-bomb.docx", b.zip_bomb_docx, "failed", "hostile", "zip bomb"),
    Case("xxe.docx", b.xxe_docx, "failed", "hostile", "XXE"),
    Case("billion-laughs.docx", b.billion_laughs_docx, "failed", "hostile", "entit"),
    Case("xxe.html", b.xxe_html, "ok", None, "", 2),
    Case("fifty-megabytes.html", b.huge_html, "failed", "hostile", "limit"),
    Case("not-a-pst.html", b.not_a_pst_html, "empty", "no_plan_items", "not a PST"),
    Case("pst-without-numbers.html", b.unnumbered_pst_html, "empty", "no_plan_items", "no objective"),
    Case(b.SHELL_NAME, lambda p: b.copy_as(b.GOOD_PDF, p), "ok", None, "", 29),
]


def _build_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        case.build(folder / case.name)
    b.copy_as(b.GOOD_PDF, folder / GOOD)
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The bad files plus one good document, in one folder."""
    return _build_corpus(tmp_path_factory.mktemp("hostile") / "docs")


@pytest.fixture(scope="module")
def batch(prefect_harness, corpus, tmp_path_factory):
    """The whole corpus ingested in one run; yields (summary, read-only connection)."""
    db = tmp_path_factory.mktemp("hostile-db") / "w.duckdb"
    cwd = os.getcwd()
    os.chdir(corpus.parent)  # a shell expansion of a file name would create "pwned" here
    try:
        summary = ingest_flow([str(corpus)], db=str(db), use_cache=False)
    finally:
        os.chdir(cwd)
    con = duckdb.connect(str(db), read_only=True)
    yield summary, con
    con.close()


def test_the_batch_goes_on_and_every_file_has_its_row(batch):
    summary, con = batch
    assert len(summary.documents) == len(CASES) + 1
    rows = con.execute("SELECT source_file, count(*) FROM v_document_locations GROUP BY ALL").fetchall()
    assert sorted(rows) == sorted([(c.name, 1) for c in CASES] + [(GOOD, 1)])
    assert con.execute("SELECT status, n_documents FROM v_runs").fetchall() == [("finished", len(CASES) + 1)]
    # The good PDF under three names (GOOD, pdf-named.docx, the shell name) is one document, three locations.
    copies = [d.outcome for d in summary.documents if d.source_file in (GOOD, "pdf-named.docx", b.SHELL_NAME)]
    assert sorted(copies) == ["duplicate", "duplicate", "loaded"]
    assert con.execute("SELECT count(*) FROM v_documents").fetchone()[0] == len(CASES) + 1 - 2


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_bad_file_is_recorded_with_a_clear_error(batch, case):
    _, con = batch
    status, code, error, warnings, n_items = con.execute(
        """SELECT d.parse_status, d.error_code, d.error, coalesce(l.warnings, ''),
                  coalesce(d.n_os, 0) + coalesce(d.n_oo, 0) + coalesce(d.n_actions, 0)
           FROM v_document_locations l JOIN v_documents d USING (document_id) WHERE l.source_file = ?""",
        [case.name],
    ).fetchone()
    assert (status, code) == (case.status, case.code), error
    if case.code is not None:
        assert case.word.lower() in error.lower()
        assert "Traceback" not in error
    else:
        assert case.word in warnings
        assert n_items == case.n_items


def test_the_good_document_loads_its_tree(batch):
    _, con = batch
    # Its own items (v_document_items): the Word copy named .pdf may be the plan's chosen rendition.
    doc = "(SELECT document_id FROM v_document_locations WHERE source_file = ?)"
    counts = con.execute(
        f"SELECT level, count(*) FROM v_document_items WHERE document_id = {doc} GROUP BY ALL ORDER BY ALL", [GOOD]
    ).fetchall()
    assert counts == [("oo", 23), ("os", 6)]
    orphans = con.execute(
        f"""SELECT count(*) FROM v_document_items c WHERE document_id = {doc} AND level <> 'os' AND NOT EXISTS (
               SELECT 1 FROM v_document_items p WHERE p.document_id = c.document_id AND p.number = c.parent_number
                 AND p.volet IS NOT DISTINCT FROM c.volet)""",
        [GOOD],
    ).fetchone()[0]
    assert orphans == 0


def test_nothing_outside_the_files_is_read(batch, corpus):
    _, con = batch
    secret = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()[0]
    assert secret  # "root:x:0:0:..." on any Linux
    tables = con.execute("SELECT database_name, schema_name, table_name FROM duckdb_tables() WHERE NOT internal")
    dump = "\n".join(str(con.execute(f'SELECT * FROM "{d}"."{s}"."{t}"').fetchall()) for d, s, t in tables.fetchall())
    assert secret not in dump and "root:x:0:0" not in dump
    # The shell-metacharacter name was never handed to a shell.
    assert not (corpus.parent / "pwned").exists() and not (corpus / "pwned").exists()
    assert not Path("pwned").exists() and not Path("pwned2").exists()


_DRIVER = textwrap.dedent(
    """
    import json, os, resource, sys
    from normalizers.parse import parse_file

    limit = int(sys.argv[1])
    for path in sys.argv[2:]:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            res = parse_file(path)
            f = res.failure
            out = {"code": f.error_code if f else None, "error": f.error if f else None,
                   "items": len(res.document.items) if res.document else None}
            os.write(w, json.dumps(out).encode())
            os._exit(0)
        os.close(w)
        data = b""
        while chunk := os.read(r, 65536):
            data += chunk
        os.close(r)
        _, status, usage = os.wait4(pid, 0)
        result = json.loads(data) if data else None
        print(json.dumps({"path": path, "exit": status, "maxrss_kb": usage.ru_maxrss, "result": result}),
              flush=True)
    """
)


def test_memory_stays_bounded(tmp_path):
    """Each file parsed alone in a child capped at 1.5 GiB of address space: same outcome, no crash."""
    corpus = _build_corpus(tmp_path / "docs")
    paths = [str(corpus / c.name) for c in CASES]
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run(
        [sys.executable, "-c", _DRIVER, str(MEMORY_LIMIT), *paths],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(root), "OMP_THREAD_LIMIT": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    reports = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert len(reports) == len(CASES), proc.stderr[-3000:]
    for case, rep in zip(CASES, reports, strict=True):
        assert rep["exit"] == 0, (case.name, rep)
        assert rep["maxrss_kb"] * 1024 < MEMORY_LIMIT, (case.name, rep)
        assert rep["result"]["code"] == (case.code if case.status == "failed" else None), (case.name, rep)
        if case.n_items is not None:
            assert rep["result"]["items"] == case.n_items, (case.name, rep)
