"""The observability endpoint: `/metrics`, `/healthz`, `/readyz`, `/status`.

A stdlib threaded HTTP server on a daemon thread, so a scrape never waits for
the service's own loop and the service never waits for a slow scraper.

- `/metrics`: every metric in `metrics.REGISTRY`, in the Prometheus text
  format (or OpenMetrics when the scraper asks for it).
- `/healthz`: 200 for as long as the process can answer at all (liveness).
- `/readyz`: 200 when every health check is ok, else 503; the body is the
  JSON check report either way, so a failing probe says why.
- `/status`: JSON from `Health.status()` (per-feed and per-worker detail that
  does not belong in bounded metric labels).
"""

from __future__ import annotations

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import orjson
from prometheus_client.exposition import choose_encoder

from service.errors import ConfigError
from service.observability import metrics
from service.observability.health import Health

log = logging.getLogger(__name__)

_JSON = "application/json"


def parse_listen(listen: str) -> tuple[str, int]:
    """Split `host:port`, `[v6]:port` or `:port` (all interfaces) into host and port."""
    host, sep, port_text = listen.strip().rpartition(":")
    if not sep or not port_text.isdigit() or int(port_text) > 65535:
        raise ConfigError(f"HTTP_LISTEN={listen!r}: expected host:port, [ipv6]:port or :port")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host or "0.0.0.0", int(port_text)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # Fail fast when the port is taken by another process, but let a restarted
    # process rebind while old connections sit in TIME_WAIT.
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], health: Health) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.health = health
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "wire-ingest"
    sys_version = ""
    _head_only = False

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/metrics":
            encoder, content_type = choose_encoder(self.headers.get("Accept", ""))
            self._send(200, content_type, encoder(metrics.REGISTRY))
        elif path == "/healthz":
            self._send_json(200, {"status": "alive"})
        elif path == "/readyz":
            ready, checks = self.server.health.ready()
            self._send_json(200 if ready else 503, {"ready": ready, "checks": checks})
        elif path == "/status":
            self._send_json(200, self.server.health.status())
        else:
            self._send_json(404, {"error": "not found",
                                  "endpoints": ["/metrics", "/healthz", "/readyz", "/status"]})

    def do_HEAD(self) -> None:
        self._head_only = True
        self.do_GET()

    def _send_json(self, code: int, body: Any) -> None:
        # default=str: status providers may hand back datetimes or other objects.
        payload = orjson.dumps(body, default=str, option=orjson.OPT_NON_STR_KEYS)
        self._send(code, _JSON, payload)

    def _send(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not self._head_only:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # Probes hit these endpoints every few seconds: keep them out of the logs.
        log.debug("observability request: " + format, *args)


class ObservabilityServer:
    """A running observability endpoint; `port` is the bound port (useful with
    port 0), `close()` stops it and releases the socket."""

    def __init__(self, server: _Server) -> None:
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                                        name="observability-http", daemon=True)
        self._thread.start()

    @property
    def host(self) -> str:
        return str(self._server.server_address[0])

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        host = self.host
        if host in ("0.0.0.0", "::"):
            host = "127.0.0.1" if host == "0.0.0.0" else "::1"
        return f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ObservabilityServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve_observability(listen: str, health: Health) -> ObservabilityServer:
    """Bind `listen` (e.g. "127.0.0.1:9308", ":9308", "[::1]:0") and serve in
    the background. Raises ConfigError when the address cannot be bound."""
    host, port = parse_listen(listen)
    try:
        server = _Server((host, port), health)
    except OSError as exc:
        raise ConfigError(f"HTTP_LISTEN={listen!r}: cannot listen there: {exc.strerror or exc}") from None
    obs = ObservabilityServer(server)
    log.info("observability endpoint listening", extra={"url": obs.url})
    return obs
