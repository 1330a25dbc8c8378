"""`feeds inspect URL` reports why a feed served with HTTP 200 was rejected,
not "HTTP 200" (issue 12, item 10)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest

from service.config import load_settings
from service.feeds.inspection import inspect_targets

PAGE = b"<!doctype html><html><head><title>Home</title></head><body>Not a feed</body></html>"


@pytest.fixture
def html_url() -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/home"
    server.shutdown()
    server.server_close()


def test_a_rejected_url_shows_the_reason(html_url: str) -> None:
    settings = load_settings({}, http_allow_private=True)
    [item] = list(inspect_targets([html_url], settings))
    row = item.summary()
    assert row["status"] == "rejected"
    assert "HTML page" in row["detail"] and "HTTP 200" not in row["detail"]
