"""Content-addressed store of raw downloaded bytes, under ``data/store/`` by default.

Each blob lives at ``<root>/<sha[:2]>/<sha>``: the same bytes are stored once whatever URL
they came from, and any version can be parsed again later without fetching it again.
Writes are atomic (temporary file in the store, fsync, rename) so a crash never leaves a
half-written blob under its final name.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.settings import DEFAULT_STORE

_SHA_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class StoredBlob:
    """A blob in the store: its hash, where it is, its size and whether it was already there."""

    sha256: str
    path: Path
    byte_size: int
    existed: bool


class RawStore:
    """A folder of blobs named by their SHA-256."""

    def __init__(self, root: str | Path = DEFAULT_STORE):
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        """Where the blob with this hash lives (whether or not it exists)."""
        if not _SHA_RE.match(sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        """True when the blob is in the store."""
        return self.path_for(sha256).is_file()

    def put(self, data: bytes) -> StoredBlob:
        """Store bytes (once) and return their blob."""
        sha = hashlib.sha256(data).hexdigest()
        final = self.path_for(sha)
        if final.is_file() and final.stat().st_size == len(data):
            return StoredBlob(sha, final, len(data), existed=True)
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=final.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return StoredBlob(sha, final, len(data), existed=False)

    def get(self, sha256: str) -> bytes:
        """The bytes of a blob, checked against their hash; FileNotFoundError when absent."""
        data = self.path_for(sha256).read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256:
            raise ValueError(f"store blob {sha256} is corrupt (its bytes hash to {actual})")
        return data

    def __iter__(self):
        """Hashes of every blob in the store."""
        if not self.root.is_dir():
            return iter(())
        return (p.name for p in sorted(self.root.glob("??/*")) if _SHA_RE.match(p.name))


__all__ = ["RawStore", "StoredBlob"]
