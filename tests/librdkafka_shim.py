"""A loopback relay that lets librdkafka (kcat) talk to the embedded Tansu.

librdkafka 2.0.2 (Debian's kcat) and 2.16 fail on one response of Tansu
0.6.0: the ApiVersions v3 response, whose trailing tagged fields
(SupportedFeatures, FinalizedFeaturesEpoch, FinalizedFeatures,
ZkMigrationReady, all empty or default) they misread ("Protocol read buffer
underflow for ApiVersion v3"), so they never connect. The relay passes every
byte through unchanged except that one response, which it re-frames with no
tagged fields, as Apache Kafka does when the features are empty. Metadata,
Fetch and everything a subscriber reads go through untouched.

Start Tansu advertising the relay's port, so that the connections librdkafka
opens after bootstrap go through the relay too. Test-only: production runs
Apache Kafka and needs none of this.
"""

from __future__ import annotations

import socket
import struct
import threading
from types import TracebackType

API_VERSIONS = 18
FLEXIBLE_SINCE = 3  # ApiVersions versions from 3 on carry tagged fields


def _receive_exactly(sock: socket.socket, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


def _receive_frame(sock: socket.socket) -> bytes:
    (size,) = struct.unpack(">i", _receive_exactly(sock, 4))
    return _receive_exactly(sock, size)


def _unsigned_varint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def without_tagged_fields(response: bytes) -> bytes:
    """An ApiVersions v3+ response (correlation id first) with its top-level
    tagged fields replaced by an empty set; the API list is kept as it is."""
    pos = 4 + 2  # correlation id, error code
    count, pos = _unsigned_varint(response, pos)  # compact array: length + 1
    for _ in range(max(count - 1, 0)):
        pos += 6  # api key, min version, max version
        tags, pos = _unsigned_varint(response, pos)
        if tags:
            raise ValueError("tagged fields inside an API entry are not expected")
    pos += 4  # throttle time
    return response[:pos] + b"\x00"


class LibrdkafkaShim:
    """`with LibrdkafkaShim(listen_port, broker_port):` relays loopback
    connections on `listen_port` to the broker on `broker_port`."""

    def __init__(self, listen_port: int, broker_port: int) -> None:
        self.listen_port = listen_port
        self.broker_port = broker_port
        self.rewritten = 0  # ApiVersions responses re-framed, for the test to check
        self._server = socket.create_server(("127.0.0.1", listen_port))
        self._closing = threading.Event()
        self._connections: list[socket.socket] = []
        self._lock = threading.Lock()

    def __enter__(self) -> LibrdkafkaShim:
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._closing.set()
        self._server.close()
        with self._lock:
            for sock in self._connections:
                sock.close()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.broker_port))
            with self._lock:
                self._connections += [client, upstream]
            requests: dict[int, tuple[int, int]] = {}
            threading.Thread(target=self._requests, args=(client, upstream, requests),
                             daemon=True).start()
            threading.Thread(target=self._responses, args=(upstream, client, requests),
                             daemon=True).start()

    def _requests(self, client: socket.socket, upstream: socket.socket,
                  requests: dict[int, tuple[int, int]]) -> None:
        try:
            while True:
                frame = _receive_frame(client)
                api_key, version, correlation = struct.unpack(">hhi", frame[:8])
                requests[correlation] = (api_key, version)
                upstream.sendall(struct.pack(">i", len(frame)) + frame)
        except (EOFError, OSError):
            upstream.close()

    def _responses(self, upstream: socket.socket, client: socket.socket,
                   requests: dict[int, tuple[int, int]]) -> None:
        try:
            while True:
                frame = _receive_frame(upstream)
                (correlation,) = struct.unpack(">i", frame[:4])
                api_key, version = requests.pop(correlation, (-1, -1))
                if api_key == API_VERSIONS and version >= FLEXIBLE_SINCE:
                    frame = without_tagged_fields(frame)
                    self.rewritten += 1
                client.sendall(struct.pack(">i", len(frame)) + frame)
        except (EOFError, OSError):
            client.close()
