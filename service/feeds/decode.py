"""Incremental, bounded body decoding: a gzip bomb is cut off as soon as
its decompressed size passes the limit, without ever holding more than the
limit in memory."""

from __future__ import annotations

import zlib


class BodyTooLarge(Exception):
    """The body (raw or decompressed) passed the configured limit."""


class UnsupportedEncoding(Exception):
    pass


class BodyDecoder:
    """Feed raw chunks, get decoded bytes; raises `BodyTooLarge` past `max_bytes`."""

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        coding = (content_encoding or "identity").strip().lower()
        if coding in ("", "identity", "none"):
            self._inflater: zlib._Decompress | None = None
        elif coding in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif coding == "deflate":
            self._inflater = zlib.decompressobj()
        else:
            raise UnsupportedEncoding(f"unsupported Content-Encoding {content_encoding!r}")
        self._coding = coding
        self._first = True
        self.max_bytes = max_bytes
        self.raw_bytes = 0
        self.decoded_bytes = 0

    def _count(self, piece: bytes) -> bytes:
        self.decoded_bytes += len(piece)
        if self.decoded_bytes > self.max_bytes:
            raise BodyTooLarge(f"body passed {self.max_bytes} bytes after decoding")
        return piece

    def feed(self, chunk: bytes) -> bytes:
        self.raw_bytes += len(chunk)
        if self.raw_bytes > self.max_bytes:
            raise BodyTooLarge(f"body passed {self.max_bytes} bytes")
        if self._inflater is None:
            return self._count(chunk)
        if self._first and self._coding == "deflate":
            self._first = False
            # some servers send raw deflate without the zlib header
            if chunk and (chunk[0] & 0x0F) != 8:
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        out: list[bytes] = []
        data = chunk
        while data:
            room = self.max_bytes - self.decoded_bytes + 1
            try:
                piece = self._inflater.decompress(data, room)
            except zlib.error as exc:
                raise UnsupportedEncoding(f"corrupt {self._coding} body: {exc}") from None
            out.append(self._count(piece))
            data = self._inflater.unconsumed_tail
            if self._inflater.eof:
                break
        return b"".join(out)

    def finish(self) -> bytes:
        if self._inflater is None:
            return b""
        return self._count(self._inflater.flush(self.max_bytes - self.decoded_bytes + 1))
