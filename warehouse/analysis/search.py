"""Full-text search over plan item titles and descriptions, configured for French.

The index covers the current documents and is rebuilt whenever they change
(``ensure_search_index``: call it after a load; ``pst search`` calls it too). Text is
lower-cased, accents stripped and ``œ``/``æ`` spelled out, French stop words dropped and
words reduced by the Snowball French stemmer; hits are ranked by BM25 (k1 = 1.2, b = 0.75).

The engine is DuckDB's ``fts`` extension (``PRAGMA create_fts_index`` with ``stemmer='french'``).
It is not bundled in the duckdb wheel and ``INSTALL fts`` would download it; the project takes
it from PyPI instead (``duckdb-ext-fts``, pinned with duckdb 1.4.4, wheels for Linux, macOS and
Windows), so it always loads with no download. A former BM25-in-SQL fallback was dropped: it
served only installs without that wheel, which ``requirements.lock`` rules out; such an install
now gets ``SearchUnavailable`` saying what to install.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb

from pipeline.core.text import fold
from warehouse.analysis.state import items_fingerprint
from warehouse.derived_state import record_state, stored_record
from warehouse.sql import sql_text

# Elided articles and pronouns left by splitting on the apostrophe ("d'urgence" → "d", "urgence").
_ELISIONS = {"d", "l", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"}


def normalize_text(text: str | None) -> str:
    """Lower case, accents stripped, ligatures spelled out (œ → oe, æ → ae), apostrophes as spaces."""
    folded = fold(text or "").replace("æ", "ae")
    return folded.replace("'", " ")


def _spacy_french_stop_words() -> set[str]:
    # Read from spaCy's source file rather than imported: importing any spacy module loads the whole
    # package (2 s), and a search or an index rebuild needs only this list.
    from importlib.util import find_spec

    spec = find_spec("spacy")
    for root in (spec.submodule_search_locations or []) if spec else []:
        file = Path(root) / "lang" / "fr" / "stop_words.py"
        if file.exists():
            scope: dict = {}
            exec(compile(file.read_text(encoding="utf-8"), str(file), "exec"), scope)  # noqa: S102 - a data file
            return set(scope["STOP_WORDS"])
    from spacy.lang.fr.stop_words import STOP_WORDS

    return set(STOP_WORDS)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """French stop words (spaCy's list), accent-folded, plus elided forms."""
    words = {normalize_text(w) for w in _spacy_french_stop_words()}
    return frozenset({p for w in words for p in w.split()} | _ELISIONS)


def _packaged_fts_extension() -> str | None:
    """Path of the fts extension shipped on PyPI by ``duckdb-ext-fts`` for this DuckDB version."""
    try:
        import duckdb_ext  # the duckdb-ext-fts wheel; no download at run time
    except ImportError:
        return None
    for root in getattr(duckdb_ext, "__path__", []):
        found = sorted(Path(root).glob(f"extensions/v{duckdb.__version__}/*/fts.duckdb_extension"))
        if found:
            return str(found[0])
    return None


class SearchUnavailable(RuntimeError):
    """DuckDB's fts extension cannot be loaded here (the ``duckdb-ext-fts`` wheel is missing or mismatched)."""


def load_fts(con: duckdb.DuckDBPyConnection) -> None:
    """Load DuckDB's fts extension without a download: installed, or shipped on PyPI by ``duckdb-ext-fts``."""
    try:
        con.execute("LOAD fts")
        return
    except duckdb.Error:
        pass
    path = _packaged_fts_extension()
    if path is None:
        raise SearchUnavailable(
            f"DuckDB's fts extension for DuckDB {duckdb.__version__} is not installed: install the "
            "duckdb-ext-fts version of requirements.lock (it ships the extension; nothing is downloaded)"
        )
    try:
        con.execute(f"LOAD '{path}'")
    except duckdb.Error as exc:
        raise SearchUnavailable(f"DuckDB's fts extension at {path} does not load: {exc}") from exc


def fts_available(con: duckdb.DuckDBPyConnection) -> bool:
    """True when DuckDB's fts extension loads here without a download."""
    try:
        load_fts(con)
    except SearchUnavailable:
        return False
    return True


@dataclass(frozen=True)
class SearchHit:
    """One ranked result of a search."""

    score: float
    cpas_name: str | None
    nis_code: str | None
    level: str
    number: str
    title: str
    description: str | None
    volet: str | None
    legislature: str | None
    source_file: str
    document_id: str
    position: int


_DOCS_DDL = """CREATE OR REPLACE TABLE core_search_docs (
    doc_key INTEGER PRIMARY KEY, document_id VARCHAR NOT NULL, position INTEGER NOT NULL,
    title_norm VARCHAR, description_norm VARCHAR, title VARCHAR, description VARCHAR)"""
ENGINE = "fts"


def _normalized_before(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Texts the last build normalized, with their normal form: a rebuild after one more document normalizes
    only that document's texts (1.8 s of Python for 47,000 items otherwise)."""
    try:
        rows = con.execute(
            """SELECT title, title_norm FROM core_search_docs WHERE title IS NOT NULL
               UNION SELECT description, description_norm FROM core_search_docs WHERE description IS NOT NULL"""
        ).fetchall()
    except duckdb.Error:  # no index yet, or one from before the raw texts were kept
        return {}
    return dict(rows)


def _normalized(text: str, known: dict[str, str]) -> str:
    found = known.get(text)
    if found is None:
        found = known[text] = normalize_text(text)
    return found


def build_search_index(con: duckdb.DuckDBPyConnection) -> str:
    """(Re)build the index over the items of each plan's chosen rendition (each plan once, as in v_plan_items);
    returns the engine (``fts``). Raises ``SearchUnavailable`` when the fts extension cannot be loaded."""
    import pandas as pd  # here, not at the top: a search only reads the index

    load_fts(con)
    items = con.execute(
        """SELECT i.document_id, i.position, i.title, i.description
           FROM core_plan_items i JOIN core_documents d USING (document_id)
           WHERE d.is_current AND i.document_id IN (SELECT chosen_document_id FROM core_plans)
           ORDER BY i.document_id, i.position"""
    ).fetch_df()
    known = _normalized_before(con)
    docs = pd.DataFrame(
        {
            "doc_key": range(len(items)),
            "document_id": items.document_id,
            "position": items.position.astype("int32"),
            "title_norm": [_normalized(t, known) for t in items.title],
            "description_norm": [_normalized(d, known) if isinstance(d, str) else None for d in items.description],
            "title": items.title,
            "description": items.description,
        }
    )
    con.execute(_DOCS_DDL)
    con.execute("DROP TABLE IF EXISTS core_search_terms")  # the term table of the former SQL engine
    con.execute(
        "COMMENT ON TABLE core_search_docs IS 'Documents of the full-text index (pst search): "
        "normalized title and description of each current plan item, and the texts they were normalized from.'"
    )
    if len(docs):
        con.register("_docs", docs)
        con.execute("INSERT INTO core_search_docs SELECT * FROM _docs")
        con.unregister("_docs")
    con.execute("CREATE OR REPLACE TABLE core_search_stopwords (sw VARCHAR)")
    con.executemany("INSERT INTO core_search_stopwords VALUES (?)", [(w,) for w in sorted(stop_words())])
    con.execute(
        "PRAGMA create_fts_index('core_search_docs', 'doc_key', 'title_norm', 'description_norm', "
        "stemmer = 'french', stopwords = 'core_search_stopwords', ignore = '(\\.|[^a-z0-9])+', "
        "strip_accents = 1, lower = 1, overwrite = 1)"
    )
    record_state(con, "search_index", items_fingerprint(con), method=ENGINE, n_rows=len(docs))
    return ENGINE


def index_engine(con: duckdb.DuckDBPyConnection) -> str | None:
    """Engine of the current index (``fts``), None when there is no up-to-date index (an index of the former
    SQL engine counts as none: it is rebuilt)."""
    built = stored_record(con, "search_index")
    if built is None or built.fingerprint != items_fingerprint(con) or built.method != ENGINE:
        return None
    return built.method


def _built_engine(con: duckdb.DuckDBPyConnection) -> str | None:
    """Engine of the index as last built, up to date or not (None when none was built by the fts engine)."""
    built = stored_record(con, "search_index")
    return built.method if built is not None and built.method == ENGINE else None


def ensure_search_index(con: duckdb.DuckDBPyConnection) -> str:
    """Rebuild the index when the current documents changed since it was built; returns the engine."""
    return index_engine(con) or build_search_index(con)


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 20, *, stale_ok: bool = False) -> list[SearchHit]:
    """Items matching ``query``, best first (BM25 over stemmed French terms); needs an up-to-date index, or
    any built one with ``stale_ok`` (a reader of a warehouse a run is still writing)."""
    if (index_engine(con) or (_built_engine(con) if stale_ok else None)) is None:
        raise RuntimeError("the search index is missing or stale: run ensure_search_index first")
    load_fts(con)
    # The terms are written into the statement, not bound: DuckDB imports pandas to bind a parameter (0.6 s of a
    # 1 s search).
    terms = sql_text(normalize_text(query))
    scored = f"""SELECT doc_key, score FROM (
                    SELECT doc_key, fts_main_core_search_docs.match_bm25(doc_key, {terms}) AS score
                    FROM core_search_docs)
                WHERE score IS NOT NULL"""
    rows = con.execute(
        f"""WITH s AS ({scored})
            SELECT s.score, d.cpas_name, d.nis_code, i.level, i.number, i.title, i.description, i.volet,
                   d.legislature, d.source_file, i.document_id, i.position
            FROM s JOIN core_search_docs k USING (doc_key)
            JOIN core_plan_items i ON i.document_id = k.document_id AND i.position = k.position
            JOIN core_documents d ON d.document_id = i.document_id
            ORDER BY s.score DESC, d.cpas_name, i.document_id, i.position
            LIMIT {int(limit)}"""
    ).fetchall()
    return [SearchHit(float(r[0]), *r[1:]) for r in rows]
