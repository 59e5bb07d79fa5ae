"""The French lemmatizer's tables saved at install time in a form Python reads fast (issue 13).

Loading spaCy's French pipeline spends most of its time building the lemmatizer's four lookup tables (about
400,000 entries: ``lemma_lookup``, ``lemma_exc``, ``lemma_index``, ``lemma_rules``), one Python call an
entry (``spacy.lookups.Table``): 1.8 s of CPU in every process that loads it. The same tables marshalled
load in 0.3 s. ``load_french`` loads the pipeline without its lemmatizer, then adds spaCy's own French
lemmatizer, with the model's configuration and at its place in the pipeline, given these tables: the
lemmas are those of an ordinary load (tested). Tables saved for another spaCy, model or Python, or an
unreadable file, are ignored: the pipeline then loads as usual.

``make bytecode`` writes the file (``python -m warehouse.analysis.lemma_tables``); ``PST_LEMMA_TABLES``
moves it.
"""

from __future__ import annotations

import marshal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from warehouse.analysis.install_files import install_file, read_stamped, save_once, write_stamped

CACHE_FILE = install_file("PST_LEMMA_TABLES", "lemma_tables.marshal")
LEMMATIZER = "lemmatizer"


class FrozenTable(dict):
    """A lemmatizer table as spaCy's ``Table`` answers it (string keys read as their hash), read-only and
    built at C speed from a dict of hashes."""

    def __init__(self, name: str, data: dict[int, Any]):
        super().__init__(data)
        self.name = name

    def get(self, key: str | int, default: Any = None) -> Any:  # noqa: D102 - Table.get
        from spacy.strings import get_string_id

        return dict.get(self, get_string_id(key), default)

    def __getitem__(self, key: str | int) -> Any:
        from spacy.strings import get_string_id

        return dict.__getitem__(self, get_string_id(key))

    def __contains__(self, key: object) -> bool:
        from spacy.strings import get_string_id

        return dict.__contains__(self, get_string_id(key))


def model_dir(model: str) -> Path:
    """The installed model's data folder (its ``config.cfg`` and ``lemmatizer/lookups/lookups.bin``)."""
    import spacy.util

    package = Path(spacy.util.get_package_path(model))
    meta = spacy.util.load_meta(package / "meta.json")
    return package / f"{meta['lang']}_{meta['name']}-{meta['version']}"


def _lookups_file(model: str) -> Path:
    return model_dir(model) / LEMMATIZER / "lookups" / "lookups.bin"


def stamp(model: str) -> tuple:
    """What saved tables are valid for: this Python's marshal, this spaCy, these tables as installed."""
    import spacy

    stat = _lookups_file(model).stat()
    return (tuple(sys.version_info[:3]), marshal.version, spacy.__version__, model, stat.st_size, stat.st_mtime_ns)


def save(model: str, file: str | Path = CACHE_FILE) -> int:
    """Write the lemmatizer tables of the installed ``model`` to ``file``; the number of tables written."""
    from spacy.lookups import Lookups

    lookups = Lookups().from_disk(_lookups_file(model).parent)
    tables = {name: dict(lookups.get_table(name).items()) for name in lookups.tables}
    write_stamped(file, stamp(model), tables)
    return len(tables)


def saved_tables(model: str, file: str | Path = CACHE_FILE):
    """The saved tables of ``model`` as spaCy ``Lookups``; None when the file is absent, stale or unreadable."""
    from spacy.lookups import Lookups

    tables = read_stamped(file, lambda: stamp(model))
    if tables is None:
        return None
    lookups = Lookups()
    for name, data in tables.items():
        lookups.set_table(name, FrozenTable(name, data))
    return lookups


def load_french(model: str, exclude: Sequence[str], file: str | Path = CACHE_FILE):
    """``spacy.load(model, exclude=exclude)``, its lemmatizer given the saved tables when they are there."""
    import spacy

    lookups = saved_tables(model, file) if LEMMATIZER not in exclude else None
    if lookups is None:
        return spacy.load(model, exclude=list(exclude))
    nlp = spacy.load(model, exclude=[*exclude, LEMMATIZER])
    config = spacy.util.load_config(model_dir(model) / "config.cfg")
    settings = dict(config["components"][LEMMATIZER])
    factory = settings.pop("factory")
    order = [name for name in config["nlp"]["pipeline"] if name not in exclude]
    after = order[order.index(LEMMATIZER) + 1 :]
    lemmatizer = nlp.add_pipe(factory, name=LEMMATIZER, config=settings, before=after[0] if after else None)
    lemmatizer.initialize(lookups=lookups)
    return nlp


def main() -> None:
    """``make bytecode``: save the French lemmatizer's tables (a few seconds, once per install, and again when
    spaCy, the model or Python changed)."""
    from warehouse.analysis.themes import SPACY_MODEL

    save_once(
        "lemmatizer tables", CACHE_FILE, lambda: saved_tables(SPACY_MODEL, CACHE_FILE) is not None,
        lambda: save(SPACY_MODEL, CACHE_FILE), "spaCy will build them at each load",
    )

if __name__ == "__main__":
    main()
