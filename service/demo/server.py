"""A small static HTTP server for the sample feeds, with the validators a real
feed server sends (ETag, Last-Modified, 304). The sample feeds link article
pages at a placeholder origin, rewritten to this server's own address."""

from __future__ import annotations

import hashlib
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

PLACEHOLDER_ORIGIN = b"https://news.example.com"
FEEDS_DIR = Path(__file__).parent / "feeds"

_TYPES = {".rss": "application/rss+xml", ".xml": "application/atom+xml",
          ".rdf": "application/rdf+xml", ".json": "application/feed+json",
          ".html": "text/html; charset=utf-8"}


class FeedServer:
    """`with FeedServer(root) as srv: srv.base` -> "http://127.0.0.1:PORT"."""

    def __init__(self, root: Path = FEEDS_DIR, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = root.resolve()
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests += 1
                target = (server.root / self.path.split("?", 1)[0].lstrip("/")).resolve()
                if not target.is_file() or server.root not in target.parents:
                    self.send_error(404)
                    return
                body = target.read_bytes().replace(PLACEHOLDER_ORIGIN, server.base.encode())
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", _TYPES.get(target.suffix, "application/octet-stream"))
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(target.stat().st_mtime, usegmt=True))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # the demo's console is for articles, not access logs

        self._httpd = ThreadingHTTPServer((host, port), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
