"""The fetcher against a real HTTP server on 127.0.0.1: limits, redirects,
compression and the address guard."""

from __future__ import annotations

import asyncio
import gzip
import time
from typing import Any

import pytest
from feeds_http_server import FeedServer, Route, rss

from service.config import load_settings
from service.feeds.fetch import Fetcher, FetchResult

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


def fetch(url: str, **overrides: Any) -> FetchResult:
    settings = load_settings({}, **{"http_allow_private": True, "http_per_host_rps": 0.0,
                                    **overrides})

    async def go() -> FetchResult:
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url)
    return asyncio.run(go())


@pytest.fixture
def server() -> Any:
    with FeedServer() as s:
        yield s


def test_gzip_body_is_decoded_and_user_agent_sent(server: FeedServer) -> None:
    server.routes["/f"] = Route(rss([("1", "One", "<p>x</p>")]), gzip=True)
    result = fetch(server.url("/f"), http_user_agent="wire-test/1 (+https://e.org/contact)")
    assert result.outcome == "ok" and result.body.startswith(b"<?xml")
    (request,) = server.hits("/f")
    assert request.headers["user-agent"] == "wire-test/1 (+https://e.org/contact)"
    assert "gzip" in request.headers["accept-encoding"]


def test_fifty_megabyte_body_is_cut_at_the_limit(server: FeedServer) -> None:
    server.routes["/big"] = Route(endless_chunk=b"x" * 65536)  # would go on past 50 MB
    started = time.monotonic()
    result = fetch(server.url("/big"), http_max_body_bytes=2_000_000)
    assert result.outcome == "refused" and "2000000" in (result.error or "")
    assert time.monotonic() - started < 10


def test_gzip_bomb_is_cut_after_decompression(server: FeedServer) -> None:
    server.routes["/bomb"] = Route(gzip.compress(b"<rss>" + b" " * 60_000_000), gzip=False,
                                   headers={"Content-Encoding": "gzip"})
    result = fetch(server.url("/bomb"), http_max_body_bytes=5_000_000)
    assert result.outcome == "refused" and "after decoding" in (result.error or "")


def test_declared_length_over_the_limit_is_refused_before_reading(server: FeedServer) -> None:
    server.routes["/long"] = Route(b"y" * 300_000)
    result = fetch(server.url("/long"), http_max_body_bytes=100_000)
    assert result.outcome == "refused" and "Content-Length" in (result.error or "")


def test_one_byte_per_second_is_abandoned_at_the_total_timeout(server: FeedServer) -> None:
    server.routes["/drip"] = Route(rss([("1", "One", "<p>" + "z" * 200 + "</p>")]),
                                   drip_delay_s=1.0)
    started = time.monotonic()
    result = fetch(server.url("/drip"), http_total_timeout_s=2.0, http_read_timeout_s=5.0)
    elapsed = time.monotonic() - started
    assert result.outcome == "timeout"
    assert 1.9 <= elapsed < 4.0


def test_redirects_are_followed_and_permanence_reported(server: FeedServer) -> None:
    server.routes["/old"] = Route(status=301, headers={"Location": "/mid"})
    server.routes["/mid"] = Route(status=308, headers={"Location": server.url("/new")})
    server.routes["/new"] = Route(rss([("1", "One", "x")]))
    server.routes["/temp"] = Route(status=302, headers={"Location": "/new"})
    moved = fetch(server.url("/old"))
    assert moved.outcome == "ok" and moved.permanent_url == server.url("/new")
    temp = fetch(server.url("/temp"))
    assert temp.outcome == "ok" and temp.permanent_url is None


def test_redirect_loop_stops_at_the_limit(server: FeedServer) -> None:
    server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    result = fetch(server.url("/loop"), http_max_redirects=3)
    assert result.outcome == "refused" and "redirects" in (result.error or "")
    assert len(server.hits("/loop")) == 4


def test_private_addresses_refused_unless_allowed(server: FeedServer) -> None:
    server.routes["/f"] = Route(rss([]))
    refused = fetch(server.url("/f"), http_allow_private=False)
    assert refused.outcome == "refused" and "loopback" in (refused.error or "")
    assert server.hits("/f") == []
    by_name = fetch(server.url("/f").replace("127.0.0.1", "localhost"), http_allow_private=False)
    assert by_name.outcome == "refused"


def test_statuses_are_classified(server: FeedServer) -> None:
    server.routes["/gone"] = Route(b"", 410, "text/plain")
    server.routes["/busy"] = Route(b"", 503, "text/plain", headers={"Retry-After": "30"})
    assert fetch(server.url("/gone")).status == 410
    busy = fetch(server.url("/busy"))
    assert busy.outcome == "server_error" and busy.headers["retry-after"] == "30"
    assert fetch(server.url("/missing")).outcome == "client_error"
