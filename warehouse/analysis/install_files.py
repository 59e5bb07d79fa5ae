"""Files derived once at install time (``make bytecode``) beside the virtual environment, like ``.pyc`` files:
marshalled, stamped with what they are valid for, written whole or not at all (issue 13). A file that is
absent, stale (another stamp) or unreadable is no file: the caller does the work as if it had never existed."""

from __future__ import annotations

import gc
import logging
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def install_file(env_var: str, name: str) -> Path:
    """``<venv>/share/cpas-pst/<name>``, or the path in ``env_var``."""
    return Path(os.environ.get(env_var, Path(sys.prefix) / "share" / "cpas-pst" / name))


def write_stamped(file: str | Path, stamp: tuple, payload: Any) -> None:
    """Write ``payload`` with its stamp, through a temporary file: a reader never sees half of it."""
    file = Path(file)
    file.parent.mkdir(parents=True, exist_ok=True)
    tmp = file.with_suffix(".tmp")
    tmp.write_bytes(marshal.dumps((stamp, payload)))
    tmp.replace(file)


def read_stamped(file: str | Path, stamp: Callable[[], tuple]) -> Any | None:
    """The payload of ``file`` when its stamp is ``stamp()`` (computed only once the file is read); None when
    the file is absent, stale or unreadable. The collector rests meanwhile: hundreds of thousands of containers
    are made at once, and it would walk them again and again."""
    was = gc.isenabled()
    gc.disable()
    try:
        made_for, payload = marshal.loads(Path(file).read_bytes())
        return payload if made_for == stamp() else None
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged file only costs the work it would have saved
        log.debug("%s ignored: %s", file, exc)
        return None
    finally:
        if was:
            gc.enable()


def save_once(what: str, file: Path, up_to_date: Callable[[], bool], save: Callable[[], int], otherwise: str) -> None:
    """``make bytecode``: save ``what`` to ``file`` unless it is up to date, and say so. A failure (no model, a
    read-only prefix) is said with what happens instead, never raised: the file only saves time."""
    try:
        if up_to_date():
            return
        n = save()
    except Exception as exc:  # noqa: BLE001 - see above
        print(f"{what} not saved ({type(exc).__name__}: {exc}); {otherwise}")
        return
    print(f"{n} {what} saved to {file}")
