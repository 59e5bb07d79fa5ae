"""Full-text search over plan item titles and descriptions, configured for French.

The index covers the current documents and is rebuilt whenever they change
(``ensure_search_index``: call it after a load; ``pst search`` calls it too). Text is
lower-cased, accents stripped and ``œ``/``æ`` spelled out, French stop words dropped and
words reduced by the Snowball French stemmer; hits are ranked by BM25 (k1 = 1.2, b = 0.75).

Two engines give the same ranking model:
- ``fts``: DuckDB's ``fts`` extension (``PRAGMA create_fts_index`` with ``stemmer='french'``),
  used when ``LOAD fts`` works — the extension is *not* bundled in the duckdb wheel and
  ``INSTALL fts`` downloads it from extensions.duckdb.org, which a machine with PyPI only cannot
  reach (and PyPI's ``duckdb-ext-fts`` stops at DuckDB 1.4.4);
- ``sql``: the same pipeline with the Snowball stemmer from the ``snowballstemmer`` package and
  BM25 written in SQL over a term table, used when the extension cannot be loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import duckdb

from pipeline.core.text import fold
from warehouse.analysis.state import items_fingerprint

K1, B = 1.2, 0.75
_WORD = re.compile(r"[a-z0-9]+")
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


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("french")


def terms(text: str | None) -> list[str]:
    """Index terms of a text: normalized words minus stop words, Snowball-French stemmed."""
    words = [w for w in _WORD.findall(normalize_text(text)) if w not in stop_words()]
    return _stemmer().stemWords(words)


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


def fts_available(con: duckdb.DuckDBPyConnection) -> bool:
    """True when DuckDB's fts extension loads here without a download (installed, or shipped by duckdb-ext-fts)."""
    try:
        con.execute("LOAD fts")
        return True
    except duckdb.Error:
        pass
    path = _packaged_fts_extension()
    if path is None:
        return False
    try:
        con.execute(f"LOAD '{path}'")
    except duckdb.Error:
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
    title_norm VARCHAR, description_norm VARCHAR, n_terms INTEGER NOT NULL)"""


def build_search_index(con: duckdb.DuckDBPyConnection, engine: str | None = None) -> str:
    """(Re)build the index over the items of each plan's chosen rendition (each plan once, as in v_plan_items);
    returns the engine used (``fts`` or ``sql``)."""
    import pandas as pd  # here, not at the top: a search only reads the index

    engine = engine or ("fts" if fts_available(con) else "sql")
    items = con.execute(
        """SELECT i.document_id, i.position, i.title, i.description
           FROM core_plan_items i JOIN core_documents d USING (document_id)
           WHERE d.is_current AND i.document_id IN (SELECT chosen_document_id FROM core_plans)
           ORDER BY i.document_id, i.position"""
    ).fetch_df()
    titles = [normalize_text(t) for t in items.title]
    descs = [normalize_text(d) if isinstance(d, str) else None for d in items.description]
    # Python stemming only for the SQL engine: fts stems inside DuckDB and never reads n_terms (it was
    # 46 of the 53 s of a rebuild at 200 plans).
    term_lists = [terms(t) + terms(d) for t, d in zip(titles, descs, strict=True)] if engine == "sql" else None
    docs = pd.DataFrame(
        {
            "doc_key": range(len(items)),
            "document_id": items.document_id,
            "position": items.position.astype("int32"),
            "title_norm": titles,
            "description_norm": descs,
            "n_terms": [len(t) for t in term_lists] if term_lists is not None else 0,
        }
    )
    con.execute(_DOCS_DDL)
    con.execute(
        "COMMENT ON TABLE core_search_docs IS 'Documents of the full-text index (pst search): "
        "normalized title and description of each current plan item.'"
    )
    if len(docs):
        con.register("_docs", docs)
        con.execute("INSERT INTO core_search_docs SELECT * FROM _docs")
        con.unregister("_docs")
    if engine == "fts":
        con.execute("CREATE OR REPLACE TABLE core_search_stopwords (sw VARCHAR)")
        con.executemany("INSERT INTO core_search_stopwords VALUES (?)", [(w,) for w in sorted(stop_words())])
        con.execute(
            "PRAGMA create_fts_index('core_search_docs', 'doc_key', 'title_norm', 'description_norm', "
            "stemmer = 'french', stopwords = 'core_search_stopwords', ignore = '(\\.|[^a-z0-9])+', "
            "strip_accents = 1, lower = 1, overwrite = 1)"
        )
    else:
        rows = [(k, t) for k, ts in enumerate(term_lists or ()) for t in ts]
        tdf = pd.DataFrame(rows, columns=["doc_key", "term"])
        con.execute("CREATE OR REPLACE TABLE core_search_terms (doc_key INTEGER NOT NULL, term VARCHAR NOT NULL)")
        con.execute(
            "COMMENT ON TABLE core_search_terms IS 'Stemmed terms of core_search_docs "
            "(search engine sql, used when the fts extension is unavailable).'"
        )
        if len(tdf):
            con.register("_terms", tdf)
            con.execute("INSERT INTO core_search_terms SELECT * FROM _terms")
            con.unregister("_terms")
    con.execute("DELETE FROM core_analysis_state WHERE name = 'search_index'")
    con.execute(
        "INSERT INTO core_analysis_state VALUES ('search_index', ?, ?, NULL, ?, NULL, ?)",
        [items_fingerprint(con), engine, len(docs), datetime.now()],
    )
    return engine


def index_engine(con: duckdb.DuckDBPyConnection) -> str | None:
    """Engine of the current index (``fts`` / ``sql``), None when there is no up-to-date index."""
    row = con.execute(
        "SELECT fingerprint, method FROM core_analysis_state WHERE name = 'search_index'"
    ).fetchone()
    if row is None or row[0] != items_fingerprint(con):
        return None
    if row[1] == "fts" and not fts_available(con):
        return None
    return row[1]


def _built_engine(con: duckdb.DuckDBPyConnection) -> str | None:
    """Engine of the index as last built, up to date or not (None when none was built or fts is missing)."""
    row = con.execute("SELECT method FROM core_analysis_state WHERE name = 'search_index'").fetchone()
    if row is None or (row[0] == "fts" and not fts_available(con)):
        return None
    return row[0]


def ensure_search_index(con: duckdb.DuckDBPyConnection) -> str:
    """Rebuild the index when the current documents changed since it was built; returns the engine."""
    return index_engine(con) or build_search_index(con)


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 20, *, stale_ok: bool = False) -> list[SearchHit]:
    """Items matching ``query``, best first (BM25 over stemmed French terms); needs an up-to-date index, or
    any built one with ``stale_ok`` (a reader of a warehouse a run is still writing)."""
    engine = index_engine(con) or (_built_engine(con) if stale_ok else None)
    if engine is None:
        raise RuntimeError("the search index is missing or stale: run ensure_search_index first")
    if engine == "fts":
        scored = """SELECT doc_key, score FROM (
                        SELECT doc_key, fts_main_core_search_docs.match_bm25(doc_key, ?) AS score FROM core_search_docs)
                    WHERE score IS NOT NULL"""
        params: list = [normalize_text(query)]
    else:
        q = sorted(set(terms(query)))
        if not q:
            return []
        scored = f"""WITH stats AS (SELECT count(*) AS n, avg(n_terms) AS avgdl FROM core_search_docs),
                    tf AS (SELECT doc_key, term, count(*) AS tf FROM core_search_terms
                           WHERE term IN (SELECT unnest(?::VARCHAR[])) GROUP BY ALL),
                    df AS (SELECT term, count(*) AS df FROM tf GROUP BY term)
                    SELECT tf.doc_key,
                           sum(ln((stats.n - df.df + 0.5) / (df.df + 0.5) + 1)
                               * tf.tf * ({K1} + 1)
                               / (tf.tf + {K1} * (1 - {B} + {B} * d.n_terms / stats.avgdl))) AS score
                    FROM tf JOIN df USING (term) JOIN core_search_docs d USING (doc_key), stats
                    GROUP BY tf.doc_key"""
        params = [q]
    rows = con.execute(
        f"""WITH s AS ({scored})
            SELECT s.score, d.cpas_name, d.nis_code, i.level, i.number, i.title, i.description, i.volet,
                   d.legislature, d.source_file, i.document_id, i.position
            FROM s JOIN core_search_docs k USING (doc_key)
            JOIN core_plan_items i ON i.document_id = k.document_id AND i.position = k.position
            JOIN core_documents d ON d.document_id = i.document_id
            ORDER BY s.score DESC, d.cpas_name, i.document_id, i.position
            LIMIT ?""",
        [*params, limit],
    ).fetchall()
    return [SearchHit(float(r[0]), *r[1:]) for r in rows]
