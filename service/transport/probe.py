"""A cheap broker liveness probe with its own short timeout.

The Kafka clients notice a frozen broker only when a request times out
(KAFKA_REQUEST_TIMEOUT_MS, 30 s by default), and a frozen broker keeps its
sockets open, so "is a connection open" says nothing. This probe opens a
fresh connection to a bootstrap server and sends one ApiVersions request (the
one request every broker answers before authentication), waiting at most
BROKER_PROBE_TIMEOUT_S. A background thread runs it every second and reports
a problem after two failures in a row, so a stall shows within about
2 × (1 s + timeout) — under 10 s with the defaults.
"""

from __future__ import annotations

import logging
import socket
import ssl
import struct
import threading
from collections.abc import Callable

from service.config import Settings

log = logging.getLogger(__name__)

PROBE_INTERVAL_S = 1.0
FAILURES_BEFORE_DOWN = 2

# ApiVersions v0: api_key=18, api_version=0, correlation_id, client_id "wire-ingest-probe"
_CLIENT_ID = b"wire-ingest-probe"
_REQUEST = struct.pack(">hhih", 18, 0, 0x7E57, len(_CLIENT_ID)) + _CLIENT_ID
_FRAME = struct.pack(">i", len(_REQUEST)) + _REQUEST


def _address(server: str) -> tuple[str, int]:
    host, _, port = server.rpartition(":")
    return host.strip("[]") or "localhost", int(port)


def ssl_context(s: Settings) -> ssl.SSLContext | None:
    if s.kafka_security_protocol not in ("SSL", "SASL_SSL"):
        return None
    ctx = ssl.create_default_context(cafile=s.kafka_ssl_cafile or None)
    if s.kafka_ssl_certfile:
        ctx.load_cert_chain(s.kafka_ssl_certfile, s.kafka_ssl_keyfile or None)
    return ctx


def probe_server(server: str, timeout_s: float, context: ssl.SSLContext | None = None) -> str | None:
    """None when `server` answers an ApiVersions request within `timeout_s`,
    else what went wrong."""
    host, port = _address(server)
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as raw:
            raw.settimeout(timeout_s)
            sock = context.wrap_socket(raw, server_hostname=host) if context else raw
            sock.sendall(_FRAME)
            header = b""
            while len(header) < 8:  # size + correlation id
                chunk = sock.recv(8 - len(header))
                if not chunk:
                    return f"{server} closed the connection without answering"
                header += chunk
    except TimeoutError:
        return f"{server} did not answer within {timeout_s:g}s"
    except OSError as exc:
        return f"{server}: {exc.strerror or exc}"
    if struct.unpack(">i", header[4:8])[0] != 0x7E57:
        return f"{server} answered out of turn"
    return None


def probe_cluster(s: Settings, context: ssl.SSLContext | None = None) -> str | None:
    """None when any bootstrap server answers; else the problems, joined."""
    problems = []
    for server in s.bootstrap_servers:
        problem = probe_server(server, s.broker_probe_timeout_s, context)
        if problem is None:
            return None
        problems.append(problem)
    return "; ".join(problems) or "no bootstrap server configured"


def start_probe(s: Settings, report: Callable[[str | None], None],
                stop: threading.Event) -> threading.Thread:
    """Probe every PROBE_INTERVAL_S until `stop`; call `report(problem)`
    after FAILURES_BEFORE_DOWN failures in a row, `report(None)` on success."""
    context = ssl_context(s)

    def loop() -> None:
        failures = 0
        while not stop.is_set():
            problem = probe_cluster(s, context)
            failures = failures + 1 if problem else 0
            if problem is None or failures >= FAILURES_BEFORE_DOWN:
                report(problem)
            stop.wait(PROBE_INTERVAL_S)

    thread = threading.Thread(target=loop, name="broker-probe", daemon=True)
    thread.start()
    return thread
