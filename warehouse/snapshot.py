"""Readers are never blocked: a run writes a copy of the warehouse and swaps it in when done.

DuckDB lets no other process open a file that one process writes. So no process writes the
published file: the writer holds a lock file (``.pst.duckdb.lock``: one writer at a time, named
in the "busy" message), works on a private copy (``.pst.duckdb.writing``) and publishes it with
``os.replace`` — atomic, and a reader that opened the previous file keeps reading it. A long
run publishes every ``PST_PUBLISH_SECONDS`` (default 120) as well, so a crash loses at most
that much work; a killed writer leaves its copy behind, and the next one starts again from the
published file. Measured against DuckLake in ``benchmarks/snapshot_swap.py``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import time
from pathlib import Path

import duckdb

from pipeline.core.inert import visible_controls

PUBLISH_SECONDS = 120.0  # default of PST_PUBLISH_SECONDS


class WarehouseBusy(RuntimeError):
    """Another process holds the warehouse for writing."""


def lock_path(db: Path) -> Path:
    """The lock file the writer of ``db`` holds."""
    return db.with_name(f".{db.name}.lock")


def working_path(db: Path) -> Path:
    """The private copy a writer of ``db`` works on."""
    return db.with_name(f".{db.name}.writing")


def wal_of(path: Path) -> Path:
    """DuckDB's write-ahead log of ``path``."""
    return path.with_name(path.name + ".wal")


def describe_process(pid: str, program: str = "") -> str:
    """``pst ingest`` (process 123), else the program and its process id, read from /proc."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        words = [os.fsdecode(a) for a in argv if a]
    except OSError:
        words = []
    for i, word in enumerate(words):
        if Path(word).name == "pst" and i + 1 < len(words):
            return f"`pst {words[i + 1]}` (process {pid})"
    shown = " ".join(Path(w).name if j == 0 else w for j, w in enumerate(words[:3])) or Path(program).name
    return f"`{visible_controls(shown[:80])}` (process {pid})" if shown else f"process {pid}"


def lock_holder(message: str) -> str:
    """Who holds a DuckDB file lock, from DuckDB's "Conflicting lock is held in … (PID n)" message."""
    found = re.search(r"held in (.+?) \(PID (\d+)\)", message)
    if not found:
        return "another process"
    return describe_process(found.group(2), found.group(1))


def busy(db: Path, holder: str) -> WarehouseBusy:
    """The one "busy" message, naming who writes."""
    return WarehouseBusy(f"the warehouse {db} is busy: {holder} is writing it; try again when it ends")


def connect(path: str | Path, *, read_only: bool = False, config: dict | None = None) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file; ``FileNotFoundError`` naming the path when a read finds none (a typo in ``--db``
    creates nothing); a clear ``WarehouseBusy`` naming the process that holds it when it is locked."""
    path = Path(path)
    if read_only and not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `pst ingest` first (or check --db)")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only, config=config or {})
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise busy(path, lock_holder(str(exc))) from exc
        raise
    # No progress bar: DuckDB draws one on the terminal for any query over 2 s (an index rebuild). A connection
    # whose configuration is locked (pst sql) keeps the default.
    with contextlib.suppress(duckdb.Error):
        con.execute("SET enable_progress_bar = false")
    return con


class WriterLock:
    """The lock of the single writer of ``db`` (released by the system if its process dies)."""

    def __init__(self, db: Path):
        self.db = db
        self.path = lock_path(db)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(self.fd, 32, 0).decode("ascii", "replace").strip()
            os.close(self.fd)
            raise busy(db, describe_process(pid) if pid.isdigit() else "another process") from None
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{os.getpid()}\n".encode(), 0)

    def release(self) -> None:
        """Let the next writer in."""
        if self.fd >= 0:
            os.ftruncate(self.fd, 0)
            os.close(self.fd)  # closing releases the flock
            self.fd = -1


def writer_busy(db: Path) -> str | None:
    """The "busy" message when a writer holds ``db`` now, else None (a probe: the lock is released at once)."""
    try:
        WriterLock(Path(db)).release()
    except WarehouseBusy as exc:
        return str(exc)
    return None


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fold_legacy_wal(db: Path) -> None:
    """A published file with a write-ahead log (a writer of an older version was killed): fold the log in
    place first, or the next swap would leave that log beside a file it does not belong to."""
    if wal_of(db).exists() and db.exists():
        try:
            duckdb.connect(str(db)).close()  # opening replays the log, closing checkpoints it
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise busy(db, lock_holder(str(exc))) from exc
            raise


def start_copy(db: Path) -> Path:
    """A fresh private copy of the published ``db`` (none when there is no warehouse yet) for the writer."""
    work = working_path(db)
    for stale in (work, wal_of(work)):  # left by a writer that was killed
        stale.unlink(missing_ok=True)
    _fold_legacy_wal(db)
    if db.exists():
        shutil.copyfile(db, work)
    return work


def publish(con: duckdb.DuckDBPyConnection, work: Path, db: Path) -> None:
    """Publish the writer's committed state while it goes on writing: checkpoint, copy, swap."""
    con.execute("CHECKPOINT")
    tmp = db.with_name(f".{db.name}.publishing")
    shutil.copyfile(work, tmp)
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, db)
    _fsync_dir(db.parent)


def publish_closed(work: Path, db: Path) -> None:
    """Swap in the writer's copy once its connection is closed. When the close could not fold its log into
    the file (a full disk), the log follows the file: a reader between the two renames sees the state of
    the last checkpoint, one after them the whole run, and the next writer folds the log in first."""
    with open(work, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(work, db)
    log = wal_of(work)
    if log.exists() and log.stat().st_size > 0:
        os.replace(log, wal_of(db))
    else:
        log.unlink(missing_ok=True)
    _fsync_dir(db.parent)


class PublishClock:
    """When a long run publishes next."""

    def __init__(self, seconds: float | None = None):
        self.seconds = float(os.environ.get("PST_PUBLISH_SECONDS", PUBLISH_SECONDS)) if seconds is None else seconds
        self.last = time.monotonic()

    def due(self) -> bool:
        """True when the last publication is older than the interval (and restarts the clock)."""
        now = time.monotonic()
        if now - self.last < self.seconds:
            return False
        self.last = now
        return True


__all__ = [
    "PUBLISH_SECONDS",
    "PublishClock",
    "WarehouseBusy",
    "WriterLock",
    "busy",
    "lock_holder",
    "publish",
    "publish_closed",
    "start_copy",
    "working_path",
    "writer_busy",
]
