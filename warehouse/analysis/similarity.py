"""Similarity of action titles across CPAS: TF-IDF on lemmas, spaCy word vectors, blockwise top-k.

Everything here is numpy / scipy.sparse: an n × n similarity matrix is never built; rows are
compared a block at a time against all others, same-CPAS columns are masked, and only the
top-k of each row is kept (``top_k_other_groups``), so 38,000 actions fit in memory and time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

VECTORS_MODEL = "fr_core_news_md"
METHODS = ("tfidf", "vectors", "both")
# Rows scored at a time: a block's scores (and argpartition's index array) against 38,000 actions stay small
# enough to be cache-friendly; 64 rows ran 1.5× faster than 256.
BLOCK_ROWS = 64


@dataclass(frozen=True)
class TermLists:
    """The token lists of ``n`` texts, flat: each token's text row and term id (ids in order of first appearance,
    as a vocabulary built token by token would number them)."""

    rows: np.ndarray
    terms: np.ndarray
    n: int

    @classmethod
    def of(cls, docs: Sequence[Sequence[str]], *, bigrams: bool = False) -> TermLists:
        """From token lists; bigrams of adjacent tokens added after each text's tokens when asked."""
        vocab: dict[str, int] = {}
        rows, terms = [], []
        for r, toks in enumerate(docs):
            words = list(toks)
            if bigrams:
                words += [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
            for t in words:
                rows.append(r)
                terms.append(vocab.setdefault(t, len(vocab)))
        return cls(np.array(rows, dtype=np.int64), np.array(terms, dtype=np.int64), len(docs))


def tfidf_matrix(docs: Sequence[Sequence[str]] | TermLists, *, bigrams: bool = True,
                 min_df: int = 1) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows (float32 CSR) of token lists (or ``TermLists``, taken as they are); bigrams of
    adjacent tokens added to token lists when asked."""
    flat = docs if isinstance(docs, TermLists) else TermLists.of(docs, bigrams=bigrams)
    n = flat.n
    tf = sparse.csr_matrix(
        (np.ones(len(flat.rows), dtype=np.float32), (flat.rows, flat.terms)),
        shape=(n, max(int(flat.terms.max(initial=-1)) + 1, 1)),
    )
    tf.sum_duplicates()
    df = np.bincount(tf.indices, minlength=tf.shape[1]).astype(np.float32)
    idf = np.log((1 + n) / (1 + df)) + 1.0
    if min_df > 1:
        idf[df < min_df] = 0.0
    tf.data = (1.0 + np.log(tf.data)).astype(np.float32)  # sublinear tf: a repeated word counts less
    x = tf @ sparse.diags(idf.astype(np.float32))
    return _l2_rows(sparse.csr_matrix(x, dtype=np.float32))


def _l2_rows(x: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms).astype(np.float32) @ x)


@lru_cache(maxsize=1)
def _vectors_vocab():
    import spacy

    return spacy.load(VECTORS_MODEL, exclude=["tok2vec", "morphologizer", "parser", "senter", "ner",
                                              "attribute_ruler", "lemmatizer"]).vocab


def vectors_available() -> bool:
    """True when the ``fr_core_news_md`` package (word vectors) is installed."""
    try:
        _vectors_vocab()
    except OSError:
        return False
    return True


def vector_matrix(docs: Sequence[Sequence[str]]) -> np.ndarray:
    """L2-normalised mean word vector (float32, n × 300) of lower-cased content words (fr_core_news_md)."""
    vocab = _vectors_vocab()
    dim = vocab.vectors_length
    out = np.zeros((len(docs), dim), dtype=np.float32)
    cache: dict[str, np.ndarray | None] = {}
    for r, toks in enumerate(docs):
        vecs = []
        for t in toks:
            if t not in cache:
                cache[t] = vocab.get_vector(t) if vocab.has_vector(t) else None
            if cache[t] is not None:
                vecs.append(cache[t])
        if vecs:
            out[r] = np.mean(vecs, axis=0)
    norms = np.linalg.norm(out, axis=1)
    norms[norms == 0] = 1.0
    return out / norms[:, None]


@dataclass(frozen=True)
class Neighbours:
    """Top-k neighbours: row i's j-th best match is ``index[i, j]`` with ``score[i, j]`` (-1 = none)."""

    index: np.ndarray
    score: np.ndarray


def _block_scores(mats: Sequence[tuple[float, object]], rows: np.ndarray) -> np.ndarray:
    s = None
    for weight, m in mats:
        if sparse.issparse(m):
            # sparse @ dense: a block's scores against every row are nearly all non-zero, and a sparse product
            # spent its time building the index of a matrix that is dense anyway (4× slower).
            part = np.asarray(m @ m[rows].toarray().T).T
        else:
            part = m[rows] @ m.T
        part = weight * part.astype(np.float32, copy=False)
        s = part if s is None else s + part
    assert s is not None
    return s


def top_k_other_groups(
    mats: Sequence[tuple[float, object]],
    groups: np.ndarray,
    k: int = 5,
    min_score: float = 0.0,
    block: int = BLOCK_ROWS,
    rows: np.ndarray | None = None,
) -> Neighbours:
    """For each row, the k best-scoring rows of *another* group (CPAS), weighted sum of cosine matrices.

    ``mats`` is a list of ``(weight, matrix)`` with L2-normalised rows (CSR or dense) of the
    same row count; ``groups`` holds one integer group id per row. Scores below ``min_score``
    are dropped (index -1). ``rows``: only these rows are scored (against all), in that order —
    what an incremental update needs; the result then has one line per given row.
    """
    n = len(groups)
    groups = np.asarray(groups)
    wanted = np.arange(n) if rows is None else np.asarray(rows, dtype=np.int64)
    k_eff = max(0, min(k, n - 1))
    index = np.full((len(wanted), k), -1, dtype=np.int64)
    score = np.full((len(wanted), k), -1.0, dtype=np.float32)
    if n == 0 or k_eff == 0 or len(wanted) == 0:
        return Neighbours(index, score)
    for lo in range(0, len(wanted), block):
        hi = min(len(wanted), lo + block)
        s = _block_scores(mats, wanted[lo:hi])
        s[groups[wanted[lo:hi], None] == groups[None, :]] = -np.inf
        part = np.argpartition(-s, k_eff - 1, axis=1)[:, :k_eff]
        ps = np.take_along_axis(s, part, axis=1)
        order = np.argsort(-ps, axis=1, kind="stable")
        part = np.take_along_axis(part, order, axis=1)
        ps = np.take_along_axis(ps, order, axis=1)
        keep = ps >= min_score
        index[lo:hi, :k_eff] = np.where(keep, part, -1)
        score[lo:hi, :k_eff] = np.where(keep, ps, -1.0)
    return Neighbours(index, score)


def pair_scores(method: str, left: Sequence[int], right: Sequence[int], mats: dict[str, object]) -> np.ndarray:
    """Cosine scores of row pairs under a method ('tfidf', 'vectors' or 'both' = their mean)."""
    def cos(m, a, b):
        if sparse.issparse(m):
            return np.asarray(m[a].multiply(m[b]).sum(axis=1)).ravel()
        return np.einsum("ij,ij->i", m[a], m[b])

    a, b = np.asarray(left), np.asarray(right)
    if method == "both":
        return 0.5 * cos(mats["tfidf"], a, b) + 0.5 * cos(mats["vectors"], a, b)
    return cos(mats[method], a, b)


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float, float, float]:
    """(threshold, precision, recall, f1) maximising F1 over the observed scores (score >= threshold → similar)."""
    best = (1.0, 0.0, 0.0, 0.0)
    for t in sorted(set(np.round(scores, 3))):
        pred = scores >= t
        tp = int(np.sum(pred & labels))
        fp = int(np.sum(pred & ~labels))
        fn = int(np.sum(~pred & labels))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[3]:
            best = (float(t), p, r, f)
    return best
