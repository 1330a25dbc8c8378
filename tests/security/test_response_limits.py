"""Response limits of the fetcher against hostile servers on loopback: a gzip
bomb, an endless body, a 1 byte/s drip, a redirect loop; and the entry limit
of one feed."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from service.feeds.normalise import normalise_feed
from service.model import FeedRef
from tests.security.servers import drip, listening, respond
from tests.security.test_ssrf import FEED, OK, fetch, settings

pytestmark = pytest.mark.timeout(120)

REPO = Path(__file__).resolve().parents[2]
BOMB_DECODED_BYTES = 200 * 1024 * 1024
RSS_GROWTH_LIMIT = 64 * 1024 * 1024


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """200 MB of zeros (inside an RSS opening) compressed with gzip: ~200 KB."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [packer.compress(b'<?xml version="1.0"?><rss version="2.0"><channel><title>')]
    chunk = b"\0" * (1 << 20)
    for _ in range(BOMB_DECODED_BYTES >> 20):
        parts.append(packer.compress(chunk))
    parts.append(packer.flush())
    return b"".join(parts)


def run_probe(warmup_url: str, url: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "tests.security.fetch_probe", warmup_url, url],
                          cwd=REPO, capture_output=True, text=True, timeout=90, check=True)
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_gzip_bomb_is_cut_at_the_cap_without_the_process_growing(gzip_bomb: bytes) -> None:
    assert len(gzip_bomb) < 1 << 20  # the bomb is small on the wire
    bomb = respond("200 OK", {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip",
                              "Content-Length": str(len(gzip_bomb))}, gzip_bomb)
    with listening(OK) as small, listening(bomb) as server:
        report = run_probe(f"{small.url}/warm", f"{server.url}/feed")
    assert report["outcome"] == "refused", report
    assert str(report["max_body_bytes"]) in str(report["error"])
    assert report["body_bytes"] == 0
    assert isinstance(report["rss_growth_bytes"], int)
    assert report["rss_growth_bytes"] < RSS_GROWTH_LIMIT, report


def test_endless_body_without_length_is_cut_at_the_cap() -> None:
    sent = {"bytes": 0}

    def endless(_request: bytes, sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n")
        block = b"<item>" * 10922
        while sent["bytes"] < 64 * 1024 * 1024:
            sock.sendall(block)
            sent["bytes"] += len(block)

    with listening(endless) as server:
        result = fetch(settings(http_allow_private=True, http_max_body_bytes=1 << 20),
                       f"{server.url}/feed")
    assert result.outcome == "refused"
    assert "1048576" in (result.error or "")
    assert sent["bytes"] < 64 * 1024 * 1024, "the download was abandoned, not read to the end"


def test_declared_oversize_body_is_refused_before_reading() -> None:
    huge = respond("200 OK", {"Content-Type": "application/rss+xml",
                              "Content-Length": str(1 << 30)}, b"<rss>")
    with listening(huge) as server:
        result = fetch(settings(http_allow_private=True), f"{server.url}/feed")
    assert result.outcome == "refused" and "Content-Length" in (result.error or "")


@pytest.fixture
def stop_drip() -> Iterator[threading.Event]:
    stop = threading.Event()
    yield stop
    stop.set()


def test_one_byte_per_second_server_is_dropped_at_the_total_deadline(
        stop_drip: threading.Event) -> None:
    """Each byte arrives well within the 10 s read timeout, so only the total
    deadline can end the download."""
    deadline = 2.0
    with listening(drip(0.5, stop_drip)) as server:
        started = time.monotonic()
        result = fetch(settings(http_allow_private=True, http_total_timeout_s=deadline,
                                http_read_timeout_s=10.0), f"{server.url}/feed")
        elapsed = time.monotonic() - started
    assert result.outcome == "timeout", result
    assert deadline * 0.9 <= elapsed < deadline + 3.0


def test_redirect_loop_stops_at_max_redirects() -> None:
    def loop(request: bytes, sock: socket.socket) -> None:
        path = request.split(b" ", 2)[1].decode()
        hop = int(path.rsplit("/", 1)[-1] or 0) + 1
        respond("302 Found", {"Location": f"/r/{hop}", "Content-Length": "0"})(request, sock)

    with listening(loop) as server:
        result = fetch(settings(http_allow_private=True, http_max_redirects=3), f"{server.url}/r/0")
    assert result.outcome == "refused"
    assert "more than 3 redirects" in (result.error or "")
    assert server.connections == 4  # the first request and three redirects, no more


def test_redirects_within_the_limit_are_followed() -> None:
    with listening(OK) as target, \
            listening(respond("301 Moved", {"Location": f"{target.url}/feed"})) as hop:
        result = fetch(settings(http_allow_private=True, http_max_redirects=3), f"{hop.url}/old")
    assert result.outcome == "ok" and result.body == FEED


def _feed_with(entries: int) -> bytes:
    items = b"".join(b"<item><title>Story %d</title><link>https://news.example/%d</link>"
                     b"<description>Text %d.</description></item>" % (i, i, i)
                     for i in range(entries))
    return b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + items + \
        b"</channel></rss>"


def test_entries_beyond_the_limit_are_not_taken() -> None:
    feed = FeedRef("limits", "Limits", "https://news.example/feed")
    result = normalise_feed(_feed_with(40), {}, feed, datetime.now(UTC), max_entries=25)
    assert len(result.records) == 25
    assert [r.title for r in result.records] == [f"Story {i}" for i in range(25)]
    limit = [r for r in result.rejections if r.reason == "entry-limit"]
    assert len(limit) == 1 and "15 entries" in limit[0].detail
    assert not result.rejected  # the feed itself is fine
