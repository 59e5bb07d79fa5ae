"""Bounded work per document: each parse runs in a process of its own, within a time and memory budget.

A parse task (``pst ingest``, ``pst fetch``, run in a thread of the flow's process) does not parse itself: it
forks a child for the one document, and waits. The child has an address-space limit (a backstop that turns
a runaway allocation into a ``MemoryError``), the resident memory it adds to what it inherited is
watched, and it is stopped (SIGKILL to its process group, OCR subprocesses included) when it
exceeds the budget's memory or time. What happened becomes the document's recorded outcome, with the figure:

- ``too_large``: "needed more than the 2048 MiB memory budget (2071 MiB at most when stopped)", or a
  library that failed near the address-space limit ("SystemError: error return without exception
  set", lxml's "unknown error"): "ran out of the memory budget … — the library then said: …";
- ``timeout``: "parsing took more than the 900 s time budget: stopped after 900.1 s (…)";
- ``worker_died``: the child ended without a result (a signal, a crash in a C library).

The flow's process stays healthy, and the batch goes on. The peak resident memory of every parse is
returned beside its result (``parse_file_bounded``), for ``make bench``. Budgets come from
``PST_PARSE_SECONDS`` / ``PST_PARSE_MEMORY_MB`` (defaults below).

Fork, not spawn: the child starts with the flow's imports in place (milliseconds, not seconds of
imports per document or per pool worker). The flow's process has helper threads (Prefect's, DuckDB's,
the other parse tasks'); the child touches none of their state — it parses, writes its result to a
file and ``_exit``s.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import gc
import os
import pickle
import resource
import signal
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import extractors
import normalizers
from normalizers.parse import ParseFailure, ParseResult, parse, parse_file
from pipeline.acquire.files import display_name, source_key_of
from pipeline.core.model import SourceFormat

DEFAULT_SECONDS = 900.0
DEFAULT_MEMORY_MB = 2048
_POLL = 0.05
_MIB = 1024 * 1024
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Budget:
    """Time and memory allowed to the parse of one document."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB

    @classmethod
    def from_env(cls) -> Budget:
        """The budget of ``PST_PARSE_SECONDS`` / ``PST_PARSE_MEMORY_MB`` (defaults when unset or unreadable)."""

        def number(name: str, default: float) -> float:
            try:
                value = float(os.environ.get(name, default))
            except ValueError:
                return default
            return value if value > 0 else default

        return cls(number("PST_PARSE_SECONDS", DEFAULT_SECONDS), int(number("PST_PARSE_MEMORY_MB", DEFAULT_MEMORY_MB)))


@dataclass(frozen=True)
class Bounded:
    """What a bounded call gave: its value, or why there is none (``too_large`` / ``timeout`` /
    ``worker_died`` / the child's own error) with a message that carries the figure."""

    value: Any = None
    error_code: str | None = None
    error: str | None = None
    peak_rss: int = 0
    seconds: float = 0.0
    peak_address_space: int = 0  # VmPeak of the child: near the limit, a library's odd error is a lack of memory
    address_limit: int = 0  # the child's address-space backstop (bytes)


def address_limit(budget: Budget, start: int = 0) -> int:
    """The address-space backstop of a child (bytes): what it starts with (a worker that loaded spaCy and
    DuckDB already maps gigabytes) plus well above the resident budget (mappings are not all resident),
    low enough that a runaway allocation fails in Python instead of swapping the machine."""
    return start + (2 * budget.memory_mb + 1024) * _MIB


def _vm(field: bytes) -> int:
    """A virtual-size figure of this process (``VmPeak:`` / ``VmSize:``, bytes), 0 when /proc does not say."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", "rb") as fh:
        for line in fh:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


def _vm_peak() -> int:
    return _vm(b"VmPeak:")


def _rss(pid: int) -> int:
    """Resident memory of a process (bytes), 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when the process that forked it dies (a killed pool worker)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _child(fn: Callable[..., Any], args: tuple, out: str, limit: int) -> None:
    """Body of the forked child: never returns."""
    code = 0
    try:
        # The inherited objects out of the collector's reach: a full collection in the child would otherwise
        # write to the header of every object of the flow's process (Prefect, pandas...), copying nearly all
        # its pages (copy-on-write): 28 % of the parse's CPU in a flow's children.
        gc.freeze()
        faulthandler.disable()  # a crash is reported by the parent, not dumped on the terminal
        os.setpgid(0, 0)  # its own group: a stop takes the OCR subprocesses along
        _die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        value = fn(*args)
        with open(out, "wb") as fh:
            pickle.dump((value, _vm_peak()), fh, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        code = 3
    except BaseException as exc:  # noqa: BLE001 - reported to the parent through the file
        code = 4
        with contextlib.suppress(BaseException), open(out, "wb") as fh:
            pickle.dump((f"{type(exc).__name__}: {exc}"[:500], _vm_peak()), fh)
    finally:
        os._exit(code)


def run_bounded(fn: Callable[..., Any], *args: Any, budget: Budget | None = None) -> Bounded:
    """Call ``fn(*args)`` in a forked child within ``budget``; its return value must pickle."""
    budget = budget or Budget.from_env()
    extractors.preload()  # once imported, a look-up in sys.modules: the children get the libraries for free
    normalizers.preload()  # and the vocabularies, read once
    fd, out = tempfile.mkstemp(prefix="pst-parse-", suffix=".pickle")
    os.close(fd)
    limit = address_limit(budget, _vm(b"VmSize:"))
    # The child starts with the worker's pages (shared, counted in its resident size): the budget is
    # what the parse adds to them.
    inherited = _rss(os.getpid())
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        _child(fn, args, out, limit)
    stopped: str | None = None
    seen = 0
    try:
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            rss = max(0, _rss(pid) - inherited)
            seen = max(seen, rss)
            elapsed = time.monotonic() - started
            if rss > budget.memory_mb * _MIB:
                stopped = "memory"
            elif elapsed > budget.seconds:
                stopped = "time"
            if stopped:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                break
            time.sleep(min(_POLL, 0.002 + elapsed / 20))  # short documents are waited for briefly
    except BaseException:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.wait4(pid, 0)
        Path(out).unlink(missing_ok=True)
        raise
    elapsed = time.monotonic() - started
    peak = max(seen, usage.ru_maxrss * 1024 - inherited)
    try:
        return replace(_outcome(out, status, stopped, peak, elapsed, budget), address_limit=limit)
    finally:
        Path(out).unlink(missing_ok=True)


def _outcome(out: str, status: int, stopped: str | None, peak: int, elapsed: float, budget: Budget) -> Bounded:
    figure = f"{peak / _MIB:.0f} MiB at most"
    if stopped == "memory":
        return Bounded(
            None,
            "too_large",
            f"needed more than the {budget.memory_mb} MiB memory budget ({figure} when stopped)",
            peak,
            elapsed,
        )
    if stopped == "time":
        return Bounded(
            None,
            "timeout",
            f"parsing took more than the {budget.seconds:g} s time budget: stopped after {elapsed:.1f} s ({figure})",
            peak,
            elapsed,
        )
    code = os.waitstatus_to_exitcode(status)
    if code == 3:
        return Bounded(
            None, "too_large", f"ran out of the memory budget ({budget.memory_mb} MiB; {figure})", peak, elapsed
        )
    value: Any = None
    vm_peak = 0
    with contextlib.suppress(OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError):
        with open(out, "rb") as fh:
            value, vm_peak = pickle.load(fh)
    if code == 0 and value is not None:
        return Bounded(value, None, None, peak, elapsed, vm_peak)
    if code == 4:
        return Bounded(None, "parser_error", str(value or "the parse failed"), peak, elapsed, vm_peak)
    how = f"killed by signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
    return Bounded(
        None, "worker_died", f"the process parsing it died ({how}, {elapsed:.1f} s, {figure})", peak, elapsed
    )


def _failure_result(
    key: str, name: str, sha: str | None, fmt: str | None, size: int | None, run: Bounded
) -> ParseResult:
    failure = ParseFailure(
        source_file=name,
        sha256=sha,
        format=fmt,
        error_code=run.error_code or "parser_error",
        error=run.error or "",
        byte_size=size,
    )
    return ParseResult(source_key=key, failure=failure, byte_size=size, seconds=run.seconds)


def _with_figure(result: ParseResult, run: Bounded, budget: Budget) -> ParseResult:
    """A ``MemoryError`` caught inside the parse says "more memory than allowed": add the figure. A library
    that fails near the address-space limit ("SystemError: error return without exception set", lxml's
    "unknown error", a PDF page that suddenly has no text) ran out of memory: say so."""
    f = result.failure
    if f is None:
        return result
    if f.error_code == "too_large" and "MiB" not in f.error:
        message = f"{f.error} (budget {budget.memory_mb} MiB; {run.peak_rss / _MIB:.0f} MiB at most)"
        return result.model_copy(update={"failure": f.model_copy(update={"error": message})})
    limit = run.address_limit or address_limit(budget)
    if f.error_code in ("parser_error", "corrupt", "empty", "unreadable") and run.peak_address_space > 0.9 * limit:
        message = (
            f"ran out of the memory budget ({budget.memory_mb} MiB resident, {limit // _MIB} MiB of address space "
            f"reached) — the library then said: {f.error}"
        )[:500]
        update = {"error_code": "too_large", "error": message}
        return result.model_copy(update={"failure": f.model_copy(update=update)})
    return result


def parse_file_bounded(
    path: str | Path, sha256: str | None = None, budget: Budget | None = None
) -> tuple[ParseResult, int]:
    """``parse_file`` of one document within the budget: its result (a recorded failure when the budget
    was exceeded or the child died) and the peak resident memory of the parse (bytes)."""
    budget = budget or Budget.from_env()
    run = run_bounded(_parse_file, str(path), sha256, budget=budget)
    if run.error_code is not None:
        size = None
        with contextlib.suppress(OSError):
            size = Path(path).stat().st_size
        key = source_key_of(Path(path))
        return _failure_result(key, display_name(path), sha256, None, size, run), run.peak_rss
    return _with_figure(run.value, run, budget), run.peak_rss


def parse_bytes_bounded(
    data: bytes, name: str, sha256: str | None, fmt: SourceFormat | None, budget: Budget | None = None
) -> tuple[ParseResult, int]:
    """``parse`` of downloaded bytes within the budget (as ``parse_file_bounded``)."""
    budget = budget or Budget.from_env()
    run = run_bounded(_parse_bytes, data, name, sha256, fmt, budget=budget)
    if run.error_code is not None:
        return _failure_result(name, name, sha256, fmt.value if fmt else None, len(data), run), run.peak_rss
    return _with_figure(run.value, run, budget), run.peak_rss


def _parse_file(path: str, sha256: str | None) -> ParseResult:
    return parse_file(path, sha256=sha256)


def _parse_bytes(data: bytes, name: str, sha256: str | None, fmt: SourceFormat | None) -> ParseResult:
    return parse(data, name, sha256=sha256, fmt=fmt)


__all__ = [
    "Budget",
    "Bounded",
    "parse_bytes_bounded",
    "parse_file_bounded",
    "run_bounded",
]
