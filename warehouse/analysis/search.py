"""Full-text search over plan item titles and descriptions, configured for French.

The index covers the current documents and is brought up to date whenever they change
(``ensure_search_index``: call it after a load; ``pst search`` calls it too): the items that left or came
are taken out and put in (``fts_update``), or, when they are many, the index is rebuilt. Text is
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
from warehouse.analysis.fts_update import update_fts_index
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


_ITEMS_SQL = """SELECT i.document_id, i.position, i.title, i.description
    FROM core_plan_items i JOIN core_documents d USING (document_id)
    WHERE d.is_current AND i.document_id IN (SELECT chosen_document_id FROM core_plans)"""


_FIELDS = ("title_norm", "description_norm")
REBUILD_SHARE = 0.25  # more documents in and out than this share of the index: a rebuild is cheaper
_SAME_ITEM = """k.document_id = n.document_id AND k.position = n.position
    AND k.title IS NOT DISTINCT FROM n.title AND k.description IS NOT DISTINCT FROM n.description"""


def build_search_index(con: duckdb.DuckDBPyConnection) -> str:
    """Bring the index up to date over the items of each plan's chosen rendition (each plan once, as in
    v_plan_items); returns the engine (``fts``). Items that left or came are taken out of and put in the index
    (``fts_update``) when they are few and the index allows it; otherwise it is rebuilt. Raises
    ``SearchUnavailable`` when the fts extension cannot be loaded."""
    load_fts(con)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _search_items AS {_ITEMS_SQL}")
    kept = _keeps_raw_texts(con)
    _normal_forms(con, kept)
    con.execute("""CREATE OR REPLACE TEMP TABLE _search_new AS
        SELECT i.document_id, i.position, t.norm AS title_norm, d.norm AS description_norm, i.title, i.description
        FROM _search_items i LEFT JOIN _search_norms t ON t.text = i.title
                             LEFT JOIN _search_norms d ON d.text = i.description""")
    if not (kept and _built_engine(con) == ENGINE and _updated_in_place(con)):
        _rebuild(con)
    for table in ("_search_items", "_search_norms", "_search_new"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    n_docs = con.execute("SELECT count(*) FROM core_search_docs").fetchone()[0]
    record_state(con, "search_index", items_fingerprint(con), method=ENGINE, n_rows=n_docs)
    return ENGINE


def _keeps_raw_texts(con: duckdb.DuckDBPyConnection) -> bool:
    """The index's documents keep the texts they were normalized from (not an index of an older version)."""
    kept = {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'core_search_docs' AND NOT internal"
    ).fetchall()}
    return {"title", "title_norm", "description", "description_norm"} <= kept


def _normal_forms(con: duckdb.DuckDBPyConnection, kept: bool) -> None:
    """``_search_norms``: the (text, normal form) of every item text; only texts never normalized come to Python
    (a rebuild after one more document normalizes that document's texts, not 47,000 items)."""
    import pandas as pd  # here, not at the top: a search only reads the index

    known = """SELECT text, min(norm) AS norm FROM (
                SELECT title AS text, title_norm AS norm FROM core_search_docs WHERE title IS NOT NULL
                UNION ALL SELECT description, description_norm FROM core_search_docs WHERE description IS NOT NULL)
              GROUP BY text""" if kept else "SELECT NULL::VARCHAR AS text, NULL::VARCHAR AS norm WHERE false"
    con.execute(f"CREATE OR REPLACE TEMP TABLE _search_norms AS {known}")
    fresh = [r[0] for r in con.execute(
        """SELECT text FROM (SELECT title AS text FROM _search_items UNION ALL SELECT description FROM _search_items)
           WHERE text IS NOT NULL EXCEPT SELECT text FROM _search_norms"""
    ).fetchall()]
    if fresh:
        con.register("_fresh", pd.DataFrame({"text": fresh, "norm": [normalize_text(t) for t in fresh]}))
        con.execute("INSERT INTO _search_norms SELECT text, norm FROM _fresh")
        con.unregister("_fresh")


def _updated_in_place(con: duckdb.DuckDBPyConnection) -> bool:
    """Take out of the index the items that left (or changed) and put in the new ones, in one transaction;
    False (nothing changed) when they are too many or the fts index cannot be updated in place. Kept items
    keep their ``doc_key``; new ones get keys never used."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _search_removed AS
        SELECT doc_key FROM core_search_docs k WHERE NOT EXISTS (SELECT 1 FROM _search_new n WHERE {_SAME_ITEM})""")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _search_added AS
        SELECT (SELECT coalesce(max(doc_key), -1) FROM core_search_docs)
                 + row_number() OVER (ORDER BY n.document_id, n.position) AS doc_key, n.*
        FROM _search_new n WHERE NOT EXISTS (SELECT 1 FROM core_search_docs k WHERE {_SAME_ITEM})""")
    try:
        (held,) = con.execute("SELECT count(*) FROM core_search_docs").fetchone()
        (moved,) = con.execute("SELECT (SELECT count(*) FROM _search_removed) + (SELECT count(*) FROM _search_added)"
                               ).fetchone()
        if moved > REBUILD_SHARE * max(held, 1):
            return False
        con.execute("BEGIN TRANSACTION")
        try:
            updated = update_fts_index(con, "_search_removed", "_search_added", _FIELDS, stop_words())
            if updated:
                con.execute("DELETE FROM core_search_docs WHERE doc_key IN (SELECT doc_key FROM _search_removed)")
                con.execute("INSERT INTO core_search_docs SELECT doc_key, document_id, position, title_norm, "
                            "description_norm, title, description FROM _search_added")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT" if updated else "ROLLBACK")
        return updated
    finally:
        con.execute("DROP TABLE IF EXISTS _search_removed")
        con.execute("DROP TABLE IF EXISTS _search_added")


def _rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """The index built from scratch: its documents numbered afresh, then DuckDB's ``create_fts_index``."""
    import pandas as pd

    con.execute(_DOCS_DDL)
    con.execute("""INSERT INTO core_search_docs
        SELECT row_number() OVER (ORDER BY document_id, position) - 1, document_id, position,
               title_norm, description_norm, title, description FROM _search_new""")
    con.execute("DROP TABLE IF EXISTS core_search_terms")  # the term table of the former SQL engine
    con.execute(
        "COMMENT ON TABLE core_search_docs IS 'Documents of the full-text index (pst search): "
        "normalized title and description of each current plan item, and the texts they were normalized from.'"
    )
    con.register("_stopwords", pd.DataFrame({"sw": sorted(stop_words())}))  # one insert, not 600 (0.3 s)
    con.execute("CREATE OR REPLACE TABLE core_search_stopwords AS SELECT sw::VARCHAR AS sw FROM _stopwords")
    con.unregister("_stopwords")
    con.execute(
        f"PRAGMA create_fts_index('core_search_docs', 'doc_key', {', '.join(repr(f) for f in _FIELDS)}, "
        "stemmer = 'french', stopwords = 'core_search_stopwords', ignore = '(\\.|[^a-z0-9])+', "
        "strip_accents = 1, lower = 1, overwrite = 1)"
    )


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
