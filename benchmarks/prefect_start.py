"""What Prefect costs each `pst` command (issue 13/15): a temporary server per command vs the long-lived one.

Runs `pst ingest` of one small, already loaded page (so parsing costs nothing) three times each way with an
isolated PREFECT_HOME, and prints wall-clock seconds side by side. The long-lived server is stopped at the end.

    .venv/bin/python benchmarks/prefect_start.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PST = str(ROOT / ".venv" / "bin" / "pst")
PAGE = ROOT / "data" / "samples" / "sprimont_pst-du-cpas.html"
RUNS = 3


def _timed(env: dict[str, str], db: Path) -> float:
    started = time.perf_counter()
    subprocess.run([PST, "ingest", str(PAGE), "--db", str(db), "--no-progress"], env=env, cwd=ROOT,
                   check=True, capture_output=True, timeout=600)
    return time.perf_counter() - started


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="pst-prefect-bench-"))
    base = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env = {**base, "PREFECT_HOME": str(work / "home"), "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}
    db = work / "w.duckdb"
    try:
        _timed({**env, "PST_PREFECT_SERVER": "temporary"}, db)  # load it once, warm the disk caches
        temporary = [_timed({**env, "PST_PREFECT_SERVER": "temporary"}, db) for _ in range(RUNS)]
        first = _timed(env, db)  # starts the long-lived server
        reused = [_timed(env, db) for _ in range(RUNS)]
    finally:
        sys.path.insert(0, str(ROOT))
        os.environ["PREFECT_HOME"] = env["PREFECT_HOME"]
        from flows.runtime import stop_local_server

        stop_local_server()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'pst ingest (unchanged page)':<34}{'seconds per command':>22}")
    print(f"{'temporary server per command':<34}{' / '.join(f'{t:.1f}' for t in temporary):>22}")
    print(f"{'long-lived server, first command':<34}{first:>22.1f}")
    print(f"{'long-lived server, reused':<34}{' / '.join(f'{t:.1f}' for t in reused):>22}")


if __name__ == "__main__":
    main()
