"""The full-text index updated by difference: the documents that left it removed, the new ones added.

DuckDB's ``fts`` extension has no update: ``PRAGMA create_fts_index`` tokenizes every document again (2.5 s
at 47,000 items, for one new plan of 100). Its index is plain tables — ``docs`` (docid, name, len),
``terms`` (one row per kept token: docid, fieldid, termid), ``dict`` (termid, term, df), ``stats``
(num_docs, avgdl) — which ``match_bm25`` reads. Here the same statements the extension runs to build them
are run for the new documents only (its ``tokenize`` macro, its stop words, ``stem``), then the document
frequencies and the statistics are counted again from the tables: the scores are those of a rebuild
(tested against one). An index whose tables are not laid out as expected, or built with other stop words,
is left for a rebuild (``update_fts_index`` returns False).
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

SCHEMA = "fts_main_core_search_docs"
STEMMER = "french"
_LAYOUT = {
    "docs": {"docid", "name", "len"},
    "terms": {"docid", "fieldid", "termid"},
    "dict": {"termid", "term", "df"},
    "stats": {"num_docs", "avgdl"},
    "fields": {"fieldid", "field"},
    "stopwords": {"sw"},
}


def _layout_matches(con: duckdb.DuckDBPyConnection, fields: Iterable[str]) -> bool:
    found: dict[str, set[str]] = {}
    sql = f"SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = '{SCHEMA}'"
    for table, column in con.execute(sql).fetchall():
        found.setdefault(table, set()).add(column)
    if any(not columns <= found.get(table, set()) for table, columns in _LAYOUT.items()):
        return False
    indexed = {r[0] for r in con.execute(f"SELECT field FROM {SCHEMA}.fields").fetchall()}
    return indexed == set(fields)


def _same_stop_words(con: duckdb.DuckDBPyConnection, stop_words: frozenset[str]) -> bool:
    return {r[0] for r in con.execute(f"SELECT sw FROM {SCHEMA}.stopwords").fetchall()} == set(stop_words)


def update_fts_index(
    con: duckdb.DuckDBPyConnection, removed: str, added: str, fields: tuple[str, ...], stop_words: frozenset[str]
) -> bool:
    """Remove from the index the documents named in table ``removed`` (column ``doc_key``) and add those of
    table ``added`` (``doc_key`` and the ``fields`` columns); inside the caller's transaction. False (nothing
    written) when the index cannot be updated in place."""
    if not _layout_matches(con, fields) or not _same_stop_words(con, stop_words):
        return False
    s = SCHEMA
    con.execute(f"DELETE FROM {s}.terms WHERE docid IN "
                f"(SELECT docid FROM {s}.docs WHERE name IN (SELECT doc_key FROM {removed}))")
    con.execute(f"DELETE FROM {s}.docs WHERE name IN (SELECT doc_key FROM {removed})")
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _fts_new_docs AS
        SELECT (SELECT coalesce(max(docid), -1) FROM {s}.docs) + row_number() OVER (ORDER BY doc_key) AS docid,
               doc_key AS name, {', '.join(fields)}
        FROM {added}""")
    tokenized = " UNION ALL ".join(
        f"SELECT unnest({s}.tokenize(n.{field})) AS w, n.docid, "
        f"(SELECT fieldid FROM {s}.fields WHERE field = '{field}') AS fieldid FROM _fts_new_docs AS n"
        for field in fields
    )
    # As the extension builds its terms: stop words dropped before stemming, empty tokens dropped.
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _fts_new_terms AS
        WITH tokenized AS ({tokenized})
        SELECT stem(t.w, '{STEMMER}') AS term, t.docid, t.fieldid FROM tokenized AS t
        WHERE t.w NOT NULL AND len(t.w) > 0 AND t.w NOT IN (SELECT sw FROM {s}.stopwords)""")
    con.execute(f"""INSERT INTO {s}.dict (termid, term, df)
        SELECT (SELECT coalesce(max(termid), -1) FROM {s}.dict) + row_number() OVER (ORDER BY term), term, 0
        FROM (SELECT DISTINCT term FROM _fts_new_terms WHERE term NOT IN (SELECT term FROM {s}.dict))""")
    con.execute(f"""INSERT INTO {s}.terms (docid, fieldid, termid)
        SELECT n.docid, n.fieldid, d.termid FROM _fts_new_terms AS n JOIN {s}.dict AS d USING (term)""")
    con.execute(f"""INSERT INTO {s}.docs (docid, name, len)
        SELECT n.docid, n.name, (SELECT count(*) FROM _fts_new_terms AS t WHERE t.docid = n.docid)
        FROM _fts_new_docs AS n""")
    # Counted again over the whole index, as a build counts them (a few milliseconds in DuckDB).
    con.execute(f"""UPDATE {s}.dict SET df = c.n
        FROM (SELECT termid, count(DISTINCT docid) AS n FROM {s}.terms GROUP BY termid) AS c
        WHERE dict.termid = c.termid""")
    con.execute(f"DELETE FROM {s}.dict WHERE termid NOT IN (SELECT termid FROM {s}.terms)")
    con.execute(f"DELETE FROM {s}.stats")
    con.execute(f"INSERT INTO {s}.stats SELECT count(d.docid), sum(d.len) / count(d.len) FROM {s}.docs AS d")
    con.execute("DROP TABLE _fts_new_docs")
    con.execute("DROP TABLE _fts_new_terms")
    return True
