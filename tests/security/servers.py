"""Tiny raw-socket HTTP servers for hostile-network tests: each counts the
connections it accepts and answers with a scripted response, so a test can
show that zero connections reached an address."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

Responder = Callable[[bytes, socket.socket], None]


@dataclass
class Listener:
    host: str
    port: int
    connections: int = 0
    requests: list[bytes] = field(default_factory=list)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def read_request(sock: socket.socket) -> bytes:
    """The request head (up to the blank line), or what arrived before EOF."""
    sock.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 65536:
        try:
            chunk = sock.recv(4096)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data


def respond(status: str, headers: dict[str, str], body: bytes = b"") -> Responder:
    def send(_request: bytes, sock: socket.socket) -> None:
        head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        sock.sendall(head.encode() + b"Connection: close\r\n\r\n" + body)
    return send


def drip(byte_interval_s: float, stop: threading.Event) -> Responder:
    """Headers at once, then one byte per `byte_interval_s`, forever."""
    def send(_request: bytes, sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                     b"Content-Length: 1000000\r\n\r\n")
        while not stop.is_set():
            try:
                sock.sendall(b"<")
            except OSError:
                return
            time.sleep(byte_interval_s)
    return send


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def listening(responder: Responder | None = None, host: str = "127.0.0.1",
              port: int = 0) -> Iterator[Listener]:
    """A server on `host` (`port`, default a free one) counting connections;
    without a responder it closes each connection at once."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            listener.connections += 1
            request = read_request(self.request)
            listener.requests.append(request)
            if responder is not None:
                with suppress(OSError):
                    responder(request, self.request)

    server_cls = type("Server", (_Server,), {"address_family": family})
    server = server_cls((host, port), Handler)
    listener = Listener(host, server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield listener
    finally:
        server.shutdown()
        server.server_close()
