"""The ``pst`` console script: the command line, then an exit that skips Python's object-by-object teardown.

When a command is over, Python's finalization still frees every object one at a time (spaCy's vocabulary,
the parsed plans, Prefect's settings): 1.7 s of wall and CPU after a fresh ingest of 24 PDFs, for memory the
system takes back at once. The handler registered here before anything else is imported runs after every
other exit handler (they run last-registered first: Prefect's, logging's, tempfile's all run), then ends the
process with the command's exit code. Only the console script does this; ``flows.cli.app`` called in a
process of its own (the tests' ``CliRunner``) exits as usual.
"""

from __future__ import annotations

import atexit
import os
import sys

_exit_code = 0


def _end_now() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`pst … | head`) or stream
            pass
    os._exit(_exit_code)


def _code_of(exc: SystemExit) -> int:
    """The process exit code of a ``SystemExit`` (a message, as Python prints it, is 1)."""
    if exc.code is None:
        return 0
    return exc.code if isinstance(exc.code, int) else 1


def main() -> None:
    """Run ``pst`` with the arguments of the process."""
    global _exit_code
    atexit.register(_end_now)  # before the command line is imported: the last exit handler to run
    from flows.cli import app

    try:
        app()
    except SystemExit as exc:
        _exit_code = _code_of(exc)
        raise
    except BaseException:
        _exit_code = 1
        raise
