"""A real HTTP server on 127.0.0.1 for feed tests: programmable routes with
real headers (ETag, Last-Modified, 304, gzip, redirects, errors, drip-fed
and endless bodies), and a log of every request it saw."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    honour_conditional: bool = True
    gzip: bool = False
    drip_delay_s: float = 0.0  # seconds between single bytes
    endless_chunk: bytes | None = None  # stream this chunk forever (size-limit tests)
    delay_s: float = 0.0  # before answering


@dataclass(frozen=True)
class SeenRequest:
    path: str
    headers: dict[str, str]
    at: float


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (size and time limits) are the point of the tests


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route | Callable[[SeenRequest], Route]] = {}
        self.requests: list[SeenRequest] = []
        self._lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server._handle(self)

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[SeenRequest]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _handle(self, h: http.server.BaseHTTPRequestHandler) -> None:
        seen = SeenRequest(h.path, {k.lower(): v for k, v in h.headers.items()}, time.monotonic())
        with self._lock:
            self.requests.append(seen)
        spec = self.routes.get(h.path)
        route = spec(seen) if callable(spec) else spec
        if route is None:
            route = Route(b"not here", 404, "text/plain")
        if route.delay_s:
            time.sleep(route.delay_s)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._respond(h, seen, route)

    def _respond(self, h: http.server.BaseHTTPRequestHandler, seen: SeenRequest, r: Route) -> None:
        validators = {}
        if r.etag:
            validators["ETag"] = r.etag
        if r.last_modified:
            validators["Last-Modified"] = r.last_modified
        if r.honour_conditional and r.status == 200 and (
                (r.etag and seen.headers.get("if-none-match") == r.etag)
                or (r.last_modified and seen.headers.get("if-modified-since") == r.last_modified)):
            h.send_response(304)
            for k, v in {**validators, **r.headers}.items():
                h.send_header(k, v)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_response(r.status)
        h.send_header("Content-Type", r.content_type)
        for k, v in {**validators, **r.headers}.items():
            h.send_header(k, v)
        if r.endless_chunk is not None:
            h.send_header("Connection", "close")
            h.end_headers()
            while True:
                h.wfile.write(r.endless_chunk)
        body = gzip.compress(r.body) if r.gzip else r.body
        if r.gzip:
            h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        if r.drip_delay_s:
            for i in range(len(body)):
                h.wfile.write(body[i:i + 1])
                h.wfile.flush()
                time.sleep(r.drip_delay_s)
        else:
            h.wfile.write(body)


def rss(items: list[tuple[str, str, str]], *, title: str = "Test Wire", extra: str = "") -> bytes:
    """An RSS 2.0 body from (guid, title, html content) triples."""
    parts = [f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
             f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
             f"<title>{title}</title><link>http://example.org/</link>{extra}"]
    for guid, headline, html in items:
        parts.append(f"<item><guid isPermaLink=\"false\">{guid}</guid><title>{headline}</title>"
                     f"<link>http://example.org/{guid}</link>"
                     f"<pubDate>Tue, 27 Feb 2024 10:00:00 +0000</pubDate>"
                     f"<content:encoded><![CDATA[{html}]]></content:encoded></item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")
