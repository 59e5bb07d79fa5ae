"""The taxonomy's phrases as the French pipeline analyses them, saved at install time (issue 13).

Building the theme classifier lemmatizes every phrase of the taxonomy (about 500 keywords, context and
exclusion phrases): 0.8 s of CPU in each process that classifies, before its first item. ``make bytecode``
saves these analyses for the bundled taxonomy; ``preload`` puts them in the memo of ``themes.analyse_many``,
so that the classifier finds them done. They are used only with the pipeline they were made with (spaCy, the
model, its lemmatizer's tables: ``lemma_tables.stamp``) and the same analysis code (``themes.py`` and the
folding of ``pipeline/core/text.py``, by digest); a phrase that was not saved (an edited taxonomy) is
analysed as before.

``PST_PHRASE_ANALYSES`` moves the file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipeline.core import text as text_module
from warehouse.analysis import themes
from warehouse.analysis.install_files import install_file, read_stamped, save_once, write_stamped
from warehouse.analysis.lemma_tables import stamp as pipeline_stamp
from warehouse.analysis.themes import SPACY_MODEL, Analysed, Taxonomy, analyse_many, load_taxonomy

CACHE_FILE = install_file("PST_PHRASE_ANALYSES", "phrase_analyses.marshal")


def phrases(taxonomy: Taxonomy) -> list[str]:
    """The phrases the classifier lemmatizes (keywords, context and exclusions; not the ``prefix*`` ones)."""
    found = (p for t in taxonomy.themes for group in (t.keywords, t.context, t.exclude) for p in group)
    return list(dict.fromkeys(p for p in found if not p.endswith("*")))


def _stamp() -> tuple:
    """What saved analyses are valid for: the pipeline that made them and the code that read its tokens."""
    code = hashlib.sha256()
    for module in (themes, text_module):
        code.update(Path(module.__file__).read_bytes())
    return (*pipeline_stamp(SPACY_MODEL), code.hexdigest())


def save(texts: list[str], file: str | Path = CACHE_FILE) -> int:
    """Analyse ``texts`` and write the analyses to ``file``; the number written."""
    entries = {t: (a.lemmas, a.words, a.content_lemmas) for t, a in zip(texts, analyse_many(texts), strict=True)}
    write_stamped(file, _stamp(), entries)
    return len(entries)


def saved(file: str | Path = CACHE_FILE) -> dict[str, Analysed]:
    """The saved analyses, by text; none when the file is absent, stale or unreadable."""
    entries = read_stamped(file, _stamp)
    try:
        return {t: Analysed(lemmas=lem, words=words, content_lemmas=content) for t, (lem, words, content) in
                (entries or {}).items()}
    except (TypeError, ValueError, AttributeError):  # a payload of another shape
        return {}


def preload(texts: list[str], file: str | Path | None = None) -> int:
    """Put the saved analyses of ``texts`` in ``analyse_many``'s memo; how many were there."""
    found = saved(file or CACHE_FILE)
    known = {t: found[t] for t in texts if t in found}
    themes.remember(known)
    return len(known)


def main() -> None:
    """``make bytecode``: save the analyses of the bundled taxonomy's phrases (a second or two, once per install,
    and again when the taxonomy, the pipeline or the analysis code changed)."""
    def wanted() -> list[str]:
        return phrases(load_taxonomy())

    save_once("phrase analyses", CACHE_FILE, lambda: set(wanted()) <= set(saved(CACHE_FILE)),
              lambda: save(wanted(), CACHE_FILE), "the classifier will analyse them")

if __name__ == "__main__":
    main()
