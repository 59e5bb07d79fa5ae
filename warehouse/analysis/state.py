"""Is the analysis up to date? The cheap half of ``derived``: fingerprints and state rows, with no pandas,
scipy or spaCy import, so that a read command checks staleness in milliseconds before deciding to work."""

from __future__ import annotations

import hashlib

import duckdb

from warehouse.analysis.themes import taxonomy_file_digest
from warehouse.derived_state import stored_fingerprint

# Chosen on tests/fixtures/similar_pairs.yaml: TF-IDF on lemmas (unigrams) had the best F1 there
# (see README); the threshold is the F1-optimal one on those pairs.
SIMILARITY_METHOD = "tfidf-lemmas"
SIMILARITY_THRESHOLD = 0.21
SIMILARITY_TOP_K = 5
# How an item's text is made for the analysis (its title, then its description): when it changes, every stored
# theme and similar action is computed again. 2: a missing description is no longer read as the word "nan".
ITEM_TEXTS = "item-texts-2"


def themes_basis(taxonomy_digest: str) -> str:
    """What stored item themes were computed on, besides the documents."""
    return f"taxonomy:{taxonomy_digest}:{ITEM_TEXTS}"


def similarity_basis(k: int, threshold: float) -> str:
    """What stored similar actions were computed on, besides the documents."""
    return f"{SIMILARITY_METHOD}:{k}:{threshold}:{ITEM_TEXTS}"


def items_fingerprint(con: duckdb.DuckDBPyConnection) -> str:
    """Digest of the current documents and of the plans step (corrections applied, renditions chosen):
    changes whenever a load adds, replaces or retires a document, or a correction changes the rows."""
    ids = [r[0] for r in con.execute(
        "SELECT document_id || ':' || parser_version FROM core_documents WHERE is_current ORDER BY 1").fetchall()]
    plans = stored_fingerprint(con, "plans")
    return hashlib.sha256(("\n".join(ids) + "|" + (plans or "")).encode()).hexdigest()[:16]


def analysis_fingerprints(
    con: duckdb.DuckDBPyConnection, taxonomy_digest: str, k: int, threshold: float
) -> tuple[str, str]:
    """What the item themes and the similar actions must have been computed from to be up to date."""
    fp = items_fingerprint(con)
    return f"{fp}:{themes_basis(taxonomy_digest)}", f"{fp}:{similarity_basis(k, threshold)}"


def analysis_stale(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the themes or the similar actions do not match the current documents — whatever the
    last run says it wrote (a run killed while rebuilding them leaves them stale). Cheap: no spaCy."""
    themes_fp, sim_fp = analysis_fingerprints(con, taxonomy_file_digest(), SIMILARITY_TOP_K, SIMILARITY_THRESHOLD)
    return stored_fingerprint(con, "item_themes") != themes_fp or stored_fingerprint(con, "similar_actions") != sim_fp
