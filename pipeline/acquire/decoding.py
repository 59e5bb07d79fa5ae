"""Response bodies decoded with a bound on the decoded bytes, whatever the ``Content-Encoding`` chain says.

The fetcher asks for ``identity``, but a server may still send ``gzip`` — or ``gzip, gzip``, where a
64 KiB body inflates to gigabytes. ``BoundedDecoder`` is fed the raw bytes as they arrive and
decodes each layer in turn (``gzip`` / ``x-gzip``, ``deflate``, ``identity``), never letting any
layer produce more than its limit: ``TooLarge`` is raised as soon as one would, before the bytes
are held. Encodings it cannot decode (``br``, ``zstd``, ``compress``…) raise ``BadEncoding``.
"""

from __future__ import annotations

import zlib

MAX_LAYERS = 4


class BadEncoding(ValueError):
    """The Content-Encoding chain is unknown, too long, or its bytes do not decode."""


class TooLarge(ValueError):
    """Decoding would produce more bytes than allowed."""

    def __init__(self, limit: int, layer: str):
        super().__init__(f"more than {limit} bytes once decoded ({layer}); download aborted")
        self.limit = limit


def encodings_of(header: str | None) -> list[str]:
    """The encodings of a Content-Encoding header in the order they were applied, ``identity`` left out."""
    found = [e.strip().lower() for e in (header or "").split(",")]
    return [e for e in found if e and e != "identity"]


class _Layer:
    """One zlib-family layer (gzip or deflate), multi-member gzip included."""

    def __init__(self, name: str, limit: int):
        self.name, self.limit, self.produced = name, limit, 0
        self._deflate_raw = False
        self._d = self._new()

    def _new(self):
        if self.name in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if self._deflate_raw else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> bytes:
        out = bytearray()
        while data:
            try:
                chunk = self._d.decompress(data, self.limit - self.produced + 1)
            except zlib.error as exc:
                if self.name == "deflate" and not self._deflate_raw and self.produced == 0 and not out:
                    self._deflate_raw = True  # "deflate" sent as a raw stream, as some servers do
                    self._d = self._new()
                    continue
                raise BadEncoding(f"Content-Encoding {self.name}: the bytes do not decode ({exc})") from exc
            out += chunk
            self.produced += len(chunk)
            if self.produced > self.limit:
                raise TooLarge(self.limit, self.name)
            if self._d.unconsumed_tail:
                data = self._d.unconsumed_tail
            elif self._d.eof and self._d.unused_data and self.name in ("gzip", "x-gzip"):
                data = self._d.unused_data  # a further gzip member
                self._d = self._new()
            else:
                data = b""
        return bytes(out)

    def flush(self) -> bytes:
        rest = self._d.flush(self.limit - self.produced + 1)
        self.produced += len(rest)
        if self.produced > self.limit:
            raise TooLarge(self.limit, self.name)
        return rest


class BoundedDecoder:
    """Feed raw body bytes, get decoded bytes; no layer ever produces more than ``limit`` bytes (plus slack
    for the compressed inner layers)."""

    def __init__(self, content_encoding: str | None, limit: int):
        chain = encodings_of(content_encoding)
        if len(chain) > MAX_LAYERS:
            raise BadEncoding(f"Content-Encoding with {len(chain)} layers ({', '.join(chain)}): refused")
        unknown = [e for e in chain if e not in ("gzip", "x-gzip", "deflate")]
        if unknown:
            raise BadEncoding(f"Content-Encoding {', '.join(unknown)} is not supported (identity was asked for)")
        self.limit = limit
        slack = limit + limit // 8 + 65_536  # a compressed layer can be slightly larger than what it holds
        # Decoding undoes the last encoding applied first.
        self._layers = [_Layer(name, limit if i == 0 else slack) for i, name in enumerate(chain)][::-1]
        self.decoded = 0

    @property
    def encoded(self) -> bool:
        """True when at least one layer is decoded."""
        return bool(self._layers)

    def feed(self, raw: bytes) -> bytes:
        """Decoded bytes for the next raw bytes (``TooLarge`` / ``BadEncoding``)."""
        data = raw
        for layer in self._layers:
            if not data:
                break
            data = layer.feed(data)
        return self._count(data)

    def flush(self) -> bytes:
        """The decoded bytes still held once the raw body has ended."""
        data = b""
        for layer in self._layers:
            data = layer.feed(data) + layer.flush() if data else layer.flush()
        return self._count(data)

    def _count(self, data: bytes) -> bytes:
        self.decoded += len(data)
        if self.decoded > self.limit:
            raise TooLarge(self.limit, "decoded body")
        return data


__all__ = ["BadEncoding", "BoundedDecoder", "TooLarge", "encodings_of"]
