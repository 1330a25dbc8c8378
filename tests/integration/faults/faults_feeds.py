"""A feed that keeps growing, served on 127.0.0.1, and a real poller
process polling it: for the poller parts of the fault tests."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable
from pathlib import Path

from faults_harness import ServiceProcess

from service.config import Settings


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a poller killed mid-response is the point of the tests


class GrowingFeed:
    """RSS with one more item every 1/`rate` seconds, up to `limit` items;
    every item stays in the feed. Item ids are `urn:fault:RUN:feed:N`."""

    def __init__(self, run: str, rate: float, limit: int) -> None:
        self.run, self.rate, self.limit = run, rate, limit
        self.started = time.monotonic()
        self.frozen_at: int | None = None
        self.served: list[tuple[float, int]] = []  # (monotonic time, items in the response)
        self.on_serve: Callable[[int], None] | None = None
        feed = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                count = feed.available()
                body = feed.body(count)
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                self.wfile.flush()
                feed.served.append((time.monotonic(), count))
                if feed.on_serve is not None:
                    feed.on_serve(count)

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/wire.rss"

    def item_id(self, n: int) -> str:
        return f"urn:fault:{self.run}:feed:{n}"

    def available(self) -> int:
        if self.frozen_at is not None:
            return self.frozen_at
        return min(self.limit, int((time.monotonic() - self.started) * self.rate) + 1)

    def stop_growing(self) -> int:
        self.frozen_at = self.available()
        return self.frozen_at

    def body(self, count: int) -> bytes:
        items = "".join(
            f'<item><guid isPermaLink="false">{self.item_id(n)}</guid>'
            f"<title>Harbour update number {n}</title><link>https://news.example.com/h/{n}</link>"
            f"<pubDate>Sun, 01 Mar 2026 10:00:00 +0000</pubDate>"
            f"<description>LAGOS (Reuters) - Harbour traffic update {n}, officials said.</description></item>"
            for n in range(count - 1, -1, -1))
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Fault Wire</title><link>https://news.example.com/</link>{items}"
                f"</channel></rss>").encode()

    def __enter__(self) -> GrowingFeed:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def poller(s: Settings, feed: GrowingFeed, log_dir: Path, name: str = "poller") -> ServiceProcess:
    feeds_file = log_dir / "feeds.yaml"
    feeds_file.write_text(f"feeds:\n  - url: {feed.url}\n    name: Fault Wire\n"
                          f"    id: fault-wire\n    interval: 1\n")
    return ServiceProcess("poll", s, log_dir, name, {"FEEDS_FILE": str(feeds_file),
                                                     "HTTP_ALLOW_PRIVATE": "true",
                                                     "FEED_FETCH_PAGES": "false"})
