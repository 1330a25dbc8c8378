"""The liveness probe against real sockets on 127.0.0.1: one that accepts
connections but never answers (what a frozen broker looks like), one that
answers like a broker, and a closed port."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator

import pytest

from service.transport.embedded import free_port
from service.transport.probe import probe_server


@pytest.fixture
def silent_server() -> Iterator[str]:
    """Accepts (the kernel completes the handshake) and never replies."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture
def answering_server() -> Iterator[str]:
    """Replies to one request with a frame echoing its correlation id."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)

    def serve() -> None:
        conn, _ = sock.accept()
        with conn:
            size = struct.unpack(">i", conn.recv(4))[0]
            request = conn.recv(size)
            correlation = request[4:8]
            conn.sendall(struct.pack(">i", 6) + correlation + b"\x00\x00")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"127.0.0.1:{sock.getsockname()[1]}"
    thread.join(2)
    sock.close()


def test_a_silent_broker_is_reported_after_the_timeout(silent_server: str) -> None:
    problem = probe_server(silent_server, timeout_s=0.3)
    assert problem == f"{silent_server} did not answer within 0.3s"


def test_an_answering_broker_is_fine(answering_server: str) -> None:
    assert probe_server(answering_server, timeout_s=2) is None


def test_a_closed_port_is_reported() -> None:
    server = f"127.0.0.1:{free_port()}"
    problem = probe_server(server, timeout_s=1)
    assert problem is not None and problem.startswith(server)
