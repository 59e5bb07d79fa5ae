"""The French language pipeline in a process of its own, started before it is needed (issue 13).

Loading spaCy's French pipeline costs about 8 s of one core (``spacy.lang.fr`` compiles its tokenizer's
regular expressions, then the model loads) before a single item is lemmatized. An ingest starts this process
when it starts parsing, so that the load runs beside the parse instead of after it; each loaded document's
texts are handed to it as they come (``prepare``, no answer awaited), and the analysis at the end of the run
then asks it to lemmatize texts and to classify items into themes, finding most of them done. It answers with
the very functions a process without it calls itself (``themes.analyse_many``, ``themes.default_classifier``):
the results are the same.

Requests and answers are pickled over the process's stdin and stdout (a child of ours, not a network peer).
When the process is gone or fails, the caller is told (``LanguageProcessError``) and does the work itself.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any, BinaryIO

from warehouse.analysis.themes import (
    Analysed,
    Taxonomy,
    ThemeClassifier,
    ThemeHit,
    analyse_many,
    default_classifier,
    load_taxonomy,
    pipeline_loaded,
)

log = logging.getLogger(__name__)

_running: LanguageProcess | None = None
_STOP_SECONDS = 5.0
_PIPE_BYTES = 1 << 20


class LanguageProcessError(RuntimeError):
    """The language process did not answer (it died, or its answer says why it failed)."""


class LanguageProcess:
    """A child process holding the French pipeline and the theme classifier of the bundled taxonomy."""

    def __init__(self) -> None:
        self._stderr = tempfile.TemporaryFile()  # a file, not a pipe: warnings never block the process
        self._proc = subprocess.Popen(
            [sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr
        )
        _widen(self._proc.stdin)

    def analyse(self, texts: Sequence[str]) -> list[Analysed]:
        """``themes.analyse_many(texts)``, computed in the process."""
        return self._ask("analyse", list(texts))

    def prepare(self, texts: Sequence[str]) -> None:
        """Have the process lemmatize ``texts`` now, with no answer: a later request for them finds them done.
        A process that stopped is left for the next request to find."""
        try:
            assert self._proc.stdin is not None
            pickle.dump(("prepare", list(texts)), self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._proc.stdin.flush()
        except (OSError, ValueError):
            pass

    def classify_tree(self, items: Sequence[tuple[str, str, str | None]]) -> dict[str, list[ThemeHit]]:
        """``themes.default_classifier().classify_tree(items)``, computed in the process."""
        return self._ask("classify_tree", list(items))

    def _ask(self, kind: str, payload: Any) -> Any:
        proc = self._proc
        try:
            assert proc.stdin is not None and proc.stdout is not None
            pickle.dump((kind, payload), proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            proc.stdin.flush()
            status, answer = pickle.load(proc.stdout)  # noqa: S301 - our own child's answer
        except (OSError, EOFError, pickle.UnpicklingError, ValueError) as exc:
            raise LanguageProcessError(f"the language process stopped ({type(exc).__name__}){self._said()}") from exc
        if status != "ok":
            raise LanguageProcessError(answer)
        return answer

    def _said(self) -> str:
        """The end of what the process wrote on stderr, once it is over."""
        if self._proc.poll() is None:
            return ""
        self._stderr.seek(0)
        tail = self._stderr.read().decode(errors="replace").strip().splitlines()[-3:]
        return ": " + " / ".join(tail) if tail else ""

    def close(self) -> None:
        """End the process (its stdin closed; killed if it does not end within seconds)."""
        proc = self._proc
        if proc.stdin is not None and not proc.stdin.closed:
            try:
                proc.stdin.close()
            except OSError:
                pass
        try:
            proc.wait(timeout=_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
        self._stderr.close()


class RemoteClassifier:
    """The theme classifier of the bundled taxonomy, run in the language process (``ThemeClassifier``'s
    ``taxonomy`` and ``classify_tree``); in this process when the language process fails."""

    def __init__(self, process: LanguageProcess) -> None:
        self.taxonomy: Taxonomy = load_taxonomy()
        self._process = process

    def classify_tree(self, items: Sequence[tuple[str, str, str | None]]) -> dict[str, list[ThemeHit]]:
        """Themes of ``(item_id, text, parent_id)`` rows."""
        try:
            return self._process.classify_tree(items)
        except LanguageProcessError as exc:
            log.warning("%s: the themes are computed here", exc)
            return default_classifier().classify_tree(items)


def _widen(pipe: Any) -> None:
    """Give the pipe to the process a buffer of 1 MiB where Linux allows it: the texts prepared while the
    process still loads its pipeline (a few seconds) wait there, not in the sender."""
    import fcntl

    with suppress(AttributeError, OSError):
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)


def useful() -> bool:
    """A language process would save time here: allowed (``PST_LANGUAGE_PROCESS``, on unless ``off``), two
    cores or more to run it beside the parse, and the pipeline not already loaded in this process."""
    allowed = os.environ.get("PST_LANGUAGE_PROCESS", "on").strip().lower() not in ("off", "0", "no", "false")
    return allowed and (os.cpu_count() or 1) > 1 and not pipeline_loaded()


def running() -> LanguageProcess | None:
    """The language process started by the enclosing ``language_process`` block, if any."""
    return _running


def prepare(texts: Sequence[str]) -> None:
    """Texts the analysis will lemmatize at the end of the run: the language process, when one runs, starts on
    them now, while the documents are still being parsed."""
    process = running()
    if process is not None and texts:
        process.prepare(texts)


def analysed(texts: Sequence[str]) -> list[Analysed]:
    """``themes.analyse_many``: by the language process when one runs, else (or when it fails) here."""
    process = running()
    if process is not None:
        try:
            return process.analyse(texts)
        except LanguageProcessError as exc:
            log.warning("%s: the texts are lemmatized here", exc)
    return analyse_many(texts)


def theme_classifier() -> ThemeClassifier | RemoteClassifier:
    """The classifier of the bundled taxonomy: the language process's when one runs, else this process's."""
    process = running()
    return RemoteClassifier(process) if process is not None else default_classifier()


@contextmanager
def language_process() -> Iterator[LanguageProcess | None]:
    """Start the language process for the block (it starts loading at once) and stop it at the end; inside a
    block that started one already, that one. Where it cannot start, the block runs without it."""
    global _running
    if _running is not None:
        yield _running
        return
    try:
        process = LanguageProcess()
    except OSError as exc:
        log.warning("no language process (%s): the analysis loads spaCy itself", exc)
        yield None
        return
    previous, _running = _running, process
    try:
        yield process
    finally:
        _running = previous
        process.close()


# ---- the process itself ----------------------------------------------------------------------------
def _answer(kind: str, payload: Any) -> Any:
    if kind in ("analyse", "prepare"):
        return analyse_many(payload)
    if kind == "classify_tree":
        return default_classifier().classify_tree(payload)
    raise ValueError(f"unknown request {kind!r}")


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """Load the pipeline and the classifier, then answer requests until the input ends."""
    default_classifier()  # the load this process exists for, before the first request arrives
    while True:
        try:
            kind, payload = pickle.load(requests)  # noqa: S301 - from the process that started us
        except EOFError:
            return
        try:
            reply = ("ok", _answer(kind, payload))
        except Exception as exc:  # noqa: BLE001 - said to the caller, who does the work itself
            reply = ("error", f"{type(exc).__name__}: {exc}")
        if kind == "prepare":  # asked for no answer; a failure is met again when the texts are asked for
            continue
        pickle.dump(reply, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()


def _main() -> None:
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a library that prints cannot garble the answers
    serve(sys.stdin.buffer, answers)
    answers.flush()
    sys.stderr.flush()
    os._exit(0)  # nothing to tidy: freeing spaCy's objects one by one took 1.3 s the ingest waited for


if __name__ == "__main__":
    _main()
