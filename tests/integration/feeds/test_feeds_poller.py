"""The polling loop against a real HTTP server, with the in-memory sink:
conditional GET, Retry-After, redirects, 410, isolation of broken feeds,
teaser pages."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from feeds_http_server import FeedServer, Route, SeenRequest, rss
from feeds_kafka_helpers import wait_for

from service.config import load_settings
from service.feeds.feedsfile import FeedConfig
from service.feeds.poller import Poller
from service.feeds.sink import MemorySink

pytestmark = [pytest.mark.integration, pytest.mark.timeout(90)]

ARTICLE = ("<html><head><title>Storm</title></head><body><nav>Home | World</nav><article>"
           + "".join(f"<p>Paragraph {i}: the storm moved north overnight, officials said, and "
                     f"crews worked to restore power to the coastal towns.</p>" for i in range(8))
           + "</article><footer>Copyright</footer></body></html>")


@contextmanager
def polling(feeds: list[FeedConfig], **overrides: Any) -> Iterator[tuple[Poller, MemorySink]]:
    settings = load_settings({}, **{"http_allow_private": True, "http_per_host_rps": 0.0,
                                    "min_poll_interval_s": 0.2, "max_poll_interval_s": 1.0,
                                    "feed_fetch_pages": False, **overrides})
    sink = MemorySink()
    poller = Poller(settings, sink)
    for feed in feeds:
        poller.upsert_feed(feed)
    stop = threading.Event()
    thread = threading.Thread(target=poller.run, args=(stop,), daemon=True)
    thread.start()
    try:
        yield poller, sink
    finally:
        stop.set()
        thread.join(timeout=15)
        assert not thread.is_alive()


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as s:
        yield s


def test_conditional_get_second_poll_sends_validators_and_304_adds_nothing(server: FeedServer) -> None:
    server.routes["/f"] = Route(rss([("1", "One", "<p>a</p>")]), etag='"e1"',
                                last_modified="Tue, 27 Feb 2024 10:00:00 GMT")
    feed = FeedConfig("f", "F", server.url("/f"), interval=0.2)
    with polling([feed]) as (_poller, sink):
        wait_for(lambda: len(server.hits("/f")) >= 3, 20, "three polls")
    first, second = server.hits("/f")[:2]
    assert "if-none-match" not in first.headers
    assert second.headers["if-none-match"] == '"e1"'
    assert second.headers["if-modified-since"] == "Tue, 27 Feb 2024 10:00:00 GMT"
    assert [r.id for r in sink.records] == ["f:1"]


def test_retry_after_is_honoured(server: FeedServer) -> None:
    answers = iter([Route(b"busy", 503, "text/plain", headers={"Retry-After": "2"})])

    def route(_req: SeenRequest) -> Route:
        return next(answers, Route(rss([("1", "One", "x")])))

    server.routes["/busy"] = route
    with polling([FeedConfig("b", "B", server.url("/busy"), interval=0.2)]) as (_poller, sink):
        wait_for(lambda: len(server.hits("/busy")) >= 2, 20, "a second poll")
    first, second = server.hits("/busy")[:2]
    assert 1.9 <= second.at - first.at < 4.0
    assert len(sink.records) == 1


def test_permanent_redirect_is_remembered_and_410_retires(server: FeedServer) -> None:
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(rss([("1", "One", "x")]))
    server.routes["/gone"] = Route(b"", 410, "text/plain")
    feeds = [FeedConfig("m", "Moved", server.url("/old"), interval=0.2),
             FeedConfig("g", "Gone", server.url("/gone"), interval=0.2)]
    with polling(feeds) as (poller, _sink):
        wait_for(lambda: len(server.hits("/new")) >= 3, 20, "polls of the new URL")
        status = {row["id"]: row for row in poller.status()}
    assert len(server.hits("/old")) == 1
    assert status["m"]["url"] == server.url("/new")
    assert len(server.hits("/gone")) == 1
    assert status["g"]["retired"] is True and "410" in status["g"]["last_error"]


def test_broken_feeds_never_delay_the_others(server: FeedServer) -> None:
    server.routes["/drip"] = Route(rss([("1", "x", "y" * 500)]), drip_delay_s=1.0)
    server.routes["/err"] = Route(b"oops", 500, "text/plain")
    server.routes["/html"] = Route(b"<!doctype html><html><body>hi</body></html>",
                                   content_type="text/html")
    feeds = [FeedConfig("drip", "Drip", server.url("/drip"), interval=0.2),
             FeedConfig("err", "Err", server.url("/err"), interval=0.2),
             FeedConfig("html", "Html", server.url("/html"), interval=0.2)]
    for i in range(10):
        server.routes[f"/ok{i}"] = Route(rss([(f"{i}-1", "One", "x")]), etag=f'"{i}"')
        feeds.append(FeedConfig(f"ok{i}", f"Ok {i}", server.url(f"/ok{i}"), interval=0.2))
    with polling(feeds, http_total_timeout_s=30.0, http_max_concurrency=8,
                 http_per_host_concurrency=8) as (poller, sink):
        time.sleep(3.0)
        status = {row["id"]: row for row in poller.status()}
    for i in range(10):
        assert len(server.hits(f"/ok{i}")) >= 4, f"feed ok{i} was held up"
    assert len(server.hits("/drip")) == 1
    assert len({r.id for r in sink.records}) == 10
    assert status["html"]["last_outcome"] == "parse_error"
    assert "HTML page" in status["html"]["last_error"]
    assert status["err"]["failures"] >= 1


def test_teaser_entry_gets_the_page_text_when_robots_allow(server: FeedServer) -> None:
    pytest.importorskip("lxml")
    server.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n",
                                         content_type="text/plain")
    server.routes["/story"] = Route(ARTICLE.encode(), content_type="text/html; charset=utf-8")
    server.routes["/private/story"] = Route(ARTICLE.encode(), content_type="text/html")
    items = (f'<item><guid>open</guid><title>Storm</title><link>{server.url("/story")}</link>'
             f'<description>Storm moves north.</description></item>'
             f'<item><guid>closed</guid><title>Closed</title>'
             f'<link>{server.url("/private/story")}</link><description>Members only.</description>'
             f"</item>")
    server.routes["/teasers"] = Route(
        f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode())
    with polling([FeedConfig("t", "T", server.url("/teasers"), interval=0.2)],
                 feed_fetch_pages=True) as (_poller, sink):
        wait_for(lambda: len(sink.records) >= 2, 30, "both teaser records")
    by_id = {r.id: r for r in sink.records}
    opened = by_id["t:open"]
    assert opened.text_source == "page-extract"
    assert "restore power" in (opened.content or "") and "Copyright" not in (opened.content or "")
    assert opened.summary == "Storm moves north."
    assert by_id["t:closed"].text_source == "feed-summary"
    assert server.hits("/private/story") == []
    assert len(server.hits("/robots.txt")) == 1
